"""Resource Manager: /v2/resource_groups (the ibm-platform-services ResourceManagerV2 shapes)."""

from flask import Blueprint, g, request

from vpcmock.engine.platform import resource_groups
from vpcmock.errors import ApiError, parameter
from vpcmock.http import auth
from vpcmock.http.common import ctx, json_body, respond, respond_empty, runtime, transactional
from vpcmock.http.schemas import platform as shapes

bp = Blueprint("resource_manager", __name__, url_prefix="/v2/resource_groups")


@bp.before_request
def _authenticate():
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)
    g.region = runtime().settings.default_region


def _check_account(account_id) -> None:
    if account_id is not None and account_id != g.account:
        raise ApiError(403, "forbidden", "The token's account is not the account_id asked for",
                       parameter("account_id", account_id))


@bp.get("")
@transactional
def list_groups():
    """List resource groups."""
    _check_account(request.args.get("account_id"))
    found = resource_groups.groups(ctx())
    name, default = request.args.get("name"), request.args.get("default")
    if name is not None:
        found = [group for group in found if group["name"] == name]
    if default is not None:
        found = [group for group in found if group["default"] == (default.lower() == "true")]
    return respond({"resources": found}, shapes.RESOURCE_GROUPS)


@bp.post("")
@transactional
def create_group():
    """Create a resource group."""
    body = json_body()
    _check_account(body.get("account_id"))
    created = resource_groups.create(ctx(), body.get("name"))
    return respond({"id": created["id"], "crn": created["crn"]}, shapes.RESOURCE_GROUP_CREATED, 201)


@bp.get("/<ident>")
@transactional
def get_group(ident):
    """Retrieve a resource group."""
    return respond(resource_groups.get(ctx(), ident), shapes.RESOURCE_GROUP)


@bp.patch("/<ident>")
@transactional
def update_group(ident):
    """Update a resource group."""
    body = json_body()
    if "name" not in body:
        return respond(resource_groups.get(ctx(), ident), shapes.RESOURCE_GROUP)
    return respond(resource_groups.rename(ctx(), ident, body["name"]), shapes.RESOURCE_GROUP)


@bp.delete("/<ident>")
@transactional
def delete_group(ident):
    """Delete a resource group."""
    resource_groups.delete(ctx(), ident)
    return respond_empty(204)
