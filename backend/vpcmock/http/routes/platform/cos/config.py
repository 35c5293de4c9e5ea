"""COS Resource Configuration API (ibm-cos-sdk-config's ResourceConfigurationV1) under
`/cos-config` (`<mock>/cos-config/v1/b/{bucket}`): a bucket's configuration read and merge-
patched (engine/platform/cos/config.py). The IBM provider reaches it at
IBMCLOUD_COS_CONFIG_ENDPOINT (its endpoints-file key too), which `vpcmock env` sets to
`<mock>/cos-config/v1`. Authenticated as every platform call (an IAM bearer token); errors in
the platform services' JSON shape. The backup vault and policy operations of the same table
are not served (404 from the catch-all)."""

from __future__ import annotations

from flask import Blueprint, g, request

from vpcmock.engine.generic import service, validation
from vpcmock.engine.platform.cos import config
from vpcmock import api_table
from vpcmock.http import auth
from vpcmock.http.common import ctx, json_body, json_response, respond_empty, runtime, transactional

bp = Blueprint("cos_config", __name__)
MOUNT = "/cos-config/v1"
TABLE = "cos_config"


@bp.before_request
def _authenticate():
    g.region = runtime().settings.default_region
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)


@bp.get(f"{MOUNT}/b/<bucket>")
@transactional
def get_bucket_config(bucket: str):
    """Get a bucket's configuration."""
    c = ctx()
    doc = config.get(c, bucket)
    return json_response(config.view(c, doc), 200, config.etag(doc))


@bp.patch(f"{MOUNT}/b/<bucket>")
@transactional
def update_bucket_config(bucket: str):
    """Change a bucket's configuration (a JSON merge patch); 200 with no body, as the SDK's tests show."""
    body = json_body() if request.get_data().strip() else {}
    op = api_table.operation("update_bucket_config", TABLE)
    with service.serving(TABLE):
        validation.body(body, op["body"], patch=True)
    doc = config.patch(ctx(), bucket, body, request.headers.get("If-Match"))
    response = respond_empty(200)
    response.headers["ETag"] = config.etag(doc)
    return response
