"""IAM custom roles over HTTP (IAM Policy Management's create_role, get_role, replace_role,
delete_role, list_roles at `/v2/roles`, on the IAM host): made, read, replaced (with the ETag of
a read as If-Match, required) and deleted by the generic engine's collection `v2.roles`, with
what engine/platform/custom_roles.py decides beyond it; its listing answered here, as the
table's RoleCollection has three arrays the generic listing cannot tell apart.
"""

from __future__ import annotations

from flask import request

from vpcmock.engine.generic import collections, references, validation
from vpcmock.engine.platform import custom_roles
from vpcmock.errors import ApiError, header
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body

KEY = "v2.roles"


def _table() -> str:
    return collections.collection(KEY).table


def _dispatch(op: dict, verb: str, values: list[str]):
    from vpcmock.http.routes import platform_generic
    return platform_generic._dispatch(op, (KEY, verb), values)


def create_role(op: dict, values: list[str], generic):
    body = json_body()
    validation.body(body, op["body"])
    custom_roles.check_new(ctx(), _table(), body)
    answer = _dispatch(op, "create", values)
    ident = answer.get_json()["id"]
    custom_roles.made(ctx(), _table(), ident)
    return _reanswer(op, answer, ident)


def _reanswer(op: dict, answer, ident: str):
    """The answer again, from what is stored now (the CRN set after the generic create)."""
    from vpcmock.http.routes import platform_generic
    c = ctx()
    coll = collections.collection(KEY)
    doc = c.store.get(coll.table, ident)
    return table_shapes.answer(op, platform_generic._view_of(c, coll, doc), doc.get("_etag"))


def get_role(op: dict, values: list[str], generic):
    return _dispatch(op, "get", values)


def replace_role(op: dict, values: list[str], generic):
    if not (request.headers.get("If-Match") or "").strip():
        raise ApiError(428, "if_match_required", "If-Match is required: the ETag of a read of the role",
                       header("If-Match"))
    return _dispatch(op, "put", values)


def delete_role(op: dict, values: list[str], generic):
    return _dispatch(op, "delete", values)


def list_roles(op: dict, values: list[str], generic):
    from vpcmock.http.routes import platform_generic
    c = ctx()
    coll = collections.collection(KEY)
    account = request.args.get("account_id")
    if account is not None and account != c.account:
        raise ApiError(403, "forbidden", "The token's account is not the account_id asked for")
    service_name = request.args.get("service_name")
    docs = sorted(c.partition(coll.table).values(), key=lambda d: d.get("created_at") or "")
    custom = [references.project(c, platform_generic._view_of(c, coll, d), "CustomRole") for d in docs
              if service_name is None or d.get("service_name") == service_name]
    payload = {"custom_roles": custom, "service_roles": custom_roles.service_roles(service_name),
               "system_roles": custom_roles.system_roles()}
    return table_shapes.answer(op, payload, None)


HANDLERS = {"create_role": create_role, "get_role": get_role, "replace_role": replace_role,
            "delete_role": delete_role, "list_roles": list_roles}
