"""Route modules, grouped by domain as the engine is; the VPC ones share one blueprint served
under /v1 and /<region>/v1. The admin API (/mock) and the index (GET /) stand apart."""

from flask import Blueprint, g, request

from vpcmock.catalog import REGIONS
from vpcmock.errors import ApiError
from vpcmock.http import auth, cbr
from vpcmock.http.common import check_version_and_generation, runtime

api = Blueprint("api", __name__)


@api.before_request
def _authenticate_vpc_call():
    """Every VPC call: a known region, a valid bearer token, version and generation."""
    region = g.get("region") or runtime().settings.default_region
    if region not in REGIONS:
        raise ApiError(404, "region_not_found", f"Region {region!r} does not exist")
    g.region = region
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    check_version_and_generation()
    auth.authorize(runtime().store, g.subject, g.account, operation=request.path.endswith("/actions"))
    cbr.enforce_vpc_request()  # context-based restrictions (http/cbr.py; the engine decides)


def api_blueprint() -> Blueprint:
    # Importing the modules registers their routes on `api`.
    from vpcmock.http.routes.backup import backup_policies  # noqa: F401
    from vpcmock.http.routes.block_storage import images, instances, snapshots, volumes  # noqa: F401
    from vpcmock.http.routes.file_storage import shares  # noqa: F401
    from vpcmock.http.routes.network import keys, vpcs  # noqa: F401
    from vpcmock.http.routes.platform import regions, stored  # noqa: F401
    from vpcmock.http.routes import generic  # noqa: F401  (every other operation of the API table)
    return api
