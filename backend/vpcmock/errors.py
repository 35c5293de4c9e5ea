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

    def body(self, trace: str) -> dict:
        error = {"code": self.code, "message": self.message, "more_info": MORE_INFO}
        if self.target:
            error["target"] = self.target
        return {"errors": [error], "trace": trace, "status_code": self.status}


def field(name: str, value=None) -> dict:
    target = {"name": name, "type": "field"}
    if value is not None:
        target["value"] = value if isinstance(value, str) else repr(value)
    return target


def parameter(name: str, value=None) -> dict:
    target = {"name": name, "type": "parameter"}
    if value is not None:
        target["value"] = str(value)
    return target


def header(name: str) -> dict:
    return {"name": name, "type": "header"}


def bad_field(code: str, message: str, name: str, value=None) -> ApiError:
    return ApiError(400, code, message, field(name, value))


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, f"{kind}_not_found", f"{kind.replace('_', ' ').capitalize()} not found: {ident}",
                    {"name": "id", "type": "parameter", "value": ident})


def conflict(code: str, message: str, target: dict | None = None) -> ApiError:
    return ApiError(409, code, message, target)
