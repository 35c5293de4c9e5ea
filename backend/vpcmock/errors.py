"""IBM-shaped API errors.

Every failure leaves the service as
``{"errors": [{"code", "message", "more_info", "target"?}], "trace", "status_code"}``.
The codes below are the mock's; where the reference marks the real code as unverified the
choice is written next to the raising site.
"""

from __future__ import annotations

MORE_INFO = "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, target: dict | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.headers: dict[str, str] = {}  # sent with the error (Retry-After, ...)

    def body(self, trace: str) -> dict:
        error = {"code": self.code, "message": self.message, "more_info": MORE_INFO}
        if self.target:
            error["target"] = self.target
        return {"errors": [error], "trace": trace, "status_code": self.status}


# An error echoes at most this many characters of the offending value (a 5 MB tag must not
# make a 5 MB error); a longer value ends with "...".
ECHO_LIMIT = 256


def echo(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= ECHO_LIMIT else text[:ECHO_LIMIT] + "..."


def field(name: str, value=None) -> dict:
    target = {"name": echo(name), "type": "field"}
    if value is not None:
        target["value"] = echo(value)
    return target


def parameter(name: str, value=None) -> dict:
    target = {"name": name, "type": "parameter"}
    if value is not None:
        target["value"] = echo(str(value))
    return target


def header(name: str) -> dict:
    return {"name": name, "type": "header"}


def bad_field(code: str, message: str, name: str, value=None) -> ApiError:
    return ApiError(400, code, message, field(name, value))


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, f"{kind}_not_found", f"{kind.replace('_', ' ').capitalize()} not found: {echo(ident)}",
                    {"name": "id", "type": "parameter", "value": echo(ident)})


def conflict(code: str, message: str, target: dict | None = None) -> ApiError:
    return ApiError(409, code, message, target)
