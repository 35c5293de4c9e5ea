"""Key Protect's error shape, as its API documents it (cloud.ibm.com/docs/key-protect?topic=
key-protect-error-messages):

    {"metadata": {"collectionType": "application/vnd.ibm.kms.error+json", "collectionTotal": 1},
     "resources": [{"errorMsg": "<Status>: <what failed>. Please see `reasons` for more details.",
                    "reasons": [{"code", "message", "status", "moreInfo", "target"?}]}]}

A `KpError` is an ApiError (so transactions roll back and the engine's callers treat it alike);
the KP blueprint renders every ApiError raised under it in this shape (`body`), an IAM failure
too.
"""

from __future__ import annotations

from http import HTTPStatus

from vpcmock.errors import ApiError

MORE_INFO = "https://cloud.ibm.com/apidocs/key-protect"
ERROR_TYPE = "application/vnd.ibm.kms.error+json"


class KpError(ApiError):
    """`what`: the failed operation as KP words it (`Key could not be deleted`); `reason`: the
    reason code (`KEY_DELETED_ERR`) and its message; None for errors KP answers without reasons
    (an instance the caller cannot use)."""

    def __init__(self, status: int, what: str, reason: str | None = None, message: str | None = None,
                 target: dict | None = None):
        super().__init__(status, reason or "kp_error", message or what, target)
        self.what = what
        self.reason = reason


def _status_text(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def body(error: ApiError) -> dict:
    """The KP error document of any ApiError (a VPC-style one keeps its code as the reason)."""
    if isinstance(error, KpError):
        what, reason, message = error.what, error.reason, error.message
    else:
        what, reason, message = error.message, error.code.upper(), error.message
    resource: dict = {"errorMsg": f"{_status_text(error.status)}: {what}"}
    if reason:
        resource["errorMsg"] += ". Please see `reasons` for more details."
        detail = {"code": reason, "message": message, "status": error.status, "moreInfo": MORE_INFO}
        if error.target:
            detail["target"] = {"type": error.target.get("type", "field"), "name": error.target.get("name")}
        resource["reasons"] = [detail]
    return {"metadata": {"collectionType": ERROR_TYPE, "collectionTotal": 1}, "resources": [resource]}


def field(name: str) -> dict:
    return {"type": "field", "name": name}


def bad_body(what: str, message: str) -> KpError:
    return KpError(400, what, "BAD_BODY_ERR", "Invalid body data was passed: Please ensure the data passed had "
                   f"valid formatting with no invalid characters: {message}")


def invalid_field(what: str, name: str, must_be: str) -> KpError:
    return KpError(400, what, "INVALID_FIELD_ERR", f"The field `{name}` must be: {must_be}", field(name))


def not_found(what: str) -> KpError:
    # KP's documented reasons have no 404 entry; KEY_NOT_FOUND_ERR is the code its clients see
    # for a key id the instance does not hold (the IBM provider reads the 404 as "gone").
    return KpError(404, what, "KEY_NOT_FOUND_ERR", "Key does not exist")


def invalid_state(what: str) -> KpError:
    return KpError(409, what, "KEY_ACTION_INVALID_STATE_ERR", "Key is not in a valid state")


def root_required(what: str) -> KpError:
    return KpError(400, what, "KEY_ROOT_REQ_ERR", "Requested action can only be completed with a root key.")


def deleted(what: str) -> KpError:
    return KpError(410, what, "KEY_DELETED_ERR", "Key has already been deleted. Please delete references to this key.")
