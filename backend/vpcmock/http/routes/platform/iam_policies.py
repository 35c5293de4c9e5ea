"""IAM Policy Management: /v1/policies (the ibm-platform-services IamPolicyManagementV1 shapes).
Authorization policies from Backup for VPC decide its policies' health."""

from flask import Blueprint, g, request

from vpcmock.engine.platform import iam_policies
from vpcmock.errors import ApiError, header, parameter
from vpcmock.http import auth
from vpcmock.http.common import check_if_match, ctx, json_body, respond, respond_empty, runtime, transactional
from vpcmock.http.schemas import platform as shapes

bp = Blueprint("iam_policies", __name__, url_prefix="/v1/policies")


@bp.before_request
def _authenticate():
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)
    g.region = runtime().settings.default_region


@bp.get("")
@transactional
def list_policies():
    """List IAM policies."""
    account = request.args.get("account_id")
    if account is None:
        raise ApiError(400, "missing_account_id", "account_id is required", parameter("account_id"))
    if account != g.account:
        raise ApiError(403, "forbidden", "The token's account is not the account_id asked for",
                       parameter("account_id", account))
    kind = request.args.get("type")
    return respond({"policies": [iam_policies.view(d) for d in iam_policies.policies(ctx(), kind)]}, shapes.POLICIES)


@bp.post("")
@transactional
def create_policy():
    """Create an IAM policy."""
    body = json_body()
    _same_account(body)
    doc = iam_policies.create(ctx(), body, g.subject)
    return respond(iam_policies.view(doc), shapes.POLICY, 201, doc["_etag"])


def _same_account(body: dict) -> None:
    for resource in body.get("resources") or []:
        accounts = [a.get("value") for a in (resource or {}).get("attributes") or []
                    if isinstance(a, dict) and a.get("name") == "accountId"]
        if accounts and accounts[0] != g.account:
            raise ApiError(403, "forbidden", "A policy can only be created or replaced in the token's account")


@bp.get("/<ident>")
@transactional
def get_policy(ident):
    """Retrieve an IAM policy."""
    doc = iam_policies.get(ctx(), ident)
    return respond(iam_policies.view(doc), shapes.POLICY, 200, doc["_etag"])


@bp.put("/<ident>")
@transactional
def replace_policy(ident):
    """Replace an IAM policy (If-Match: its ETag)."""
    doc = iam_policies.get(ctx(), ident)
    if not (request.headers.get("If-Match") or "").strip():  # the SDK's replace_policy requires it
        raise ApiError(428, "if_match_required", "If-Match is required to replace a policy", header("If-Match"))
    check_if_match(doc)
    body = json_body()
    _same_account(body)
    doc = iam_policies.replace(ctx(), doc, body, g.subject)
    return respond(iam_policies.view(doc), shapes.POLICY, 200, doc["_etag"])


@bp.delete("/<ident>")
@transactional
def delete_policy(ident):
    """Delete an IAM policy."""
    iam_policies.delete(ctx(), ident)
    return respond_empty(204)
