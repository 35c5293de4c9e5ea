"""Cloud Object Storage's S3 API, path-style, under `/cos` (`<mock>/cos/<bucket>/<key>`).

The IBM provider reaches COS at `s3.<location>.cloud-object-storage.appdomain.cloud` unless
IBMCLOUD_COS_ENDPOINT (or the endpoints file's `IBMCLOUD_COS_ENDPOINT`, per visibility and
location) names another URL, and it addresses buckets path-style; `vpcmock env` sets that
variable to `<mock>/cos`, and an ibm_boto3 client takes the same URL as its `endpoint_url`.

Authentication (the choice, recorded here): an IAM bearer token, as ibm_boto3 sends after
fetching one with an API key from `<IAM endpoint>/identity/token`, is verified as every other
call's is; an HMAC request (AWS Signature V4: `Authorization: AWS4-HMAC-SHA256
Credential=<access key>/...`, or a presigned URL's `X-Amz-Credential`) is accepted without
checking its signature, for the account of the resource key holding that access key
(`credentials.cos_hmac_keys.access_key_id`) or else the account the access key maps to as an
API key would. A request with neither is refused with S3's 403 AccessDenied.

Routing: the operation is chosen as S3 chooses it, by method, bucket and key, and the query's
subresource flags (`?lifecycle`, `?uploads`, `list-type=2`, ...); s3_buckets.py and
s3_objects.py serve them. Errors leave in S3's XML shape (http/s3_xml.py).
"""

from __future__ import annotations

import functools
import re
import uuid

from flask import Blueprint, g, request

from vpcmock.engine.platform import accounts
from vpcmock.engine.platform.cos.errors import S3Error
from vpcmock.errors import ApiError
from vpcmock.http import auth, s3_xml
from vpcmock.http.common import runtime, transactional

bp = Blueprint("cos_s3", __name__)
MOUNT = "/cos"
KEYS = "generic/resource_controller/v2.resource_keys"
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")


@bp.before_request
def _authenticate():
    rt = runtime()
    g.region = rt.settings.default_region
    header = request.headers.get("Authorization", "")
    scheme = header.split(" ", 1)[0]
    access_key = None
    if scheme == "AWS4-HMAC-SHA256":
        found = _CREDENTIAL.search(header)
        access_key = found.group(1) if found else ""
    elif "X-Amz-Credential" in request.args:
        access_key = request.args["X-Amz-Credential"].split("/", 1)[0]
    if access_key is not None:
        g.account = _account_of_hmac(rt.store, access_key)
        g.subject = f"hmac-{access_key}"
        return
    if not header:
        raise S3Error(403, "AccessDenied", "Access Denied", request.path)
    try:
        g.account, g.subject = auth.authenticate(rt.token_secret)
        auth.authorize(rt.store, g.subject, g.account)
    except ApiError as failed:
        # S3 refuses a bad or expired token as it refuses any request it cannot authenticate.
        raise S3Error(403, "AccessDenied", f"Access Denied: {failed.message}", request.path) from None


def _account_of_hmac(store, access_key: str) -> str:
    for doc in store.all(KEYS).values():
        hmac = ((doc.get("credentials") or {}).get("cos_hmac_keys") or {})
        if hmac.get("access_key_id") == access_key:
            return doc["_account"]
    account = accounts.account_for_key(store, access_key) if access_key else None
    if account is None:
        raise S3Error(403, "InvalidAccessKeyId",
                      "The AWS Access Key Id you provided does not exist in our records.", request.path,
                      AWSAccessKeyId=access_key)
    return account


@bp.after_request
def _s3_headers(response):
    """Every answer names its request (`x-amz-request-id`); an empty one has no content type
    (Flask would call it text/html)."""
    response.headers.setdefault("x-amz-request-id", uuid.uuid4().hex[:16].upper())
    if response.mimetype == "text/html" and not response.get_data():
        response.headers.pop("Content-Type", None)
    return response


_S3_CODES = {404: "NoSuchKey", 405: "MethodNotAllowed"}


@bp.errorhandler(ApiError)
def error_response(error: ApiError):
    """Any error under /cos in S3's XML (app.py sends the router's 404 and 405 here too, with
    S3's codes for them)."""
    if not isinstance(error, S3Error) and error.code in ("not_found", "method_not_allowed"):
        error = S3Error(error.status, _S3_CODES[error.status], "The specified method is not allowed against this "
                        "resource." if error.status == 405 else "The specified key does not exist.")
    if isinstance(error, S3Error):
        return s3_xml.error(error.status, error.code, error.message, error.resource or request.path, error.extra,
                            head=request.method == "HEAD")
    # An error of the mock's own (an injected fault, a refused role): S3's shape, its status.
    return s3_xml.error(error.status, error.code, error.message, request.path, head=request.method == "HEAD")


# The subresource flags the S3 routes serve, on a bucket and on an object; the table's others
# (`?policy`, `?analytics`, IBM's `?legalHold` and `?extendRetention`, `?torrent`, ...) are
# answered 501 NotImplemented, as S3 answers what it does not implement, never read as another
# operation (`GET /<bucket>?policy` is not a listing).
SERVED_FLAGS = {
    "bucket": {"accelerate", "acl", "cors", "delete", "lifecycle", "list-type", "location", "object-lock",
               "protection", "publicAccessBlock", "replication", "tagging", "uploads", "versioning", "versions",
               "website"},
    "object": {"tagging", "uploads", "retention", "legal-hold"},
}


@functools.cache
def _table_flags() -> dict[str, frozenset]:
    from vpcmock import api_table
    found = {"bucket": set(), "object": set()}
    for op in api_table.operations("cos_s3").values():
        if op["path"] != "/":
            found["object" if "{Key+}" in op["path"] else "bucket"].update(op["query_flags"])
    return {level: frozenset(flags - SERVED_FLAGS[level]) for level, flags in found.items()}


def refuse_unserved(level: str) -> None:
    unserved = next((flag for flag in request.args if flag in _table_flags()[level]), None)
    if unserved is not None:
        raise S3Error(501, "NotImplemented", f"A header or query you provided implies functionality that is not "
                      f"implemented: ?{unserved}", request.path)


def _split(rest: str) -> tuple[str, str]:
    bucket, _, key = rest.partition("/")
    return bucket, key


@transactional
def _root():
    from vpcmock.http.routes.platform.cos import s3_buckets as cos_s3_buckets
    if request.method != "GET":
        raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
    return cos_s3_buckets.list_buckets()


@transactional
def _path(rest: str):
    from vpcmock.http.routes.platform.cos import s3_buckets as cos_s3_buckets, s3_objects as cos_s3_objects
    bucket, key = _split(rest)
    refuse_unserved("object" if key else "bucket")
    if not key:
        return cos_s3_buckets.dispatch(bucket)
    return cos_s3_objects.dispatch(bucket, key)


# PATCH too, so that it is answered S3's 405 (MethodNotAllowed in XML) rather than the router's.
METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"]
bp.add_url_rule(MOUNT, endpoint="root", view_func=_root, methods=METHODS)
bp.add_url_rule(f"{MOUNT}/<path:rest>", endpoint="path", view_func=_path, methods=METHODS)
