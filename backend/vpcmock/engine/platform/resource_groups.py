"""Resource groups (Resource Manager, /v2/resource_groups): each account has its `Default`
group, and may create, rename and delete others. Volumes, shares, snapshots, backup policies
and stored resources name their group by id; a group still named cannot be deleted.

Groups are global (not regional): they live in the account's partition of region "global".
"""

from __future__ import annotations

import os

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, echo, field
from vpcmock.store.repository import GENERIC_PREFIX
from vpcmock.timeutil import rfc3339

TABLE = "resource_groups"
GLOBAL = "global"
# Tables whose documents name a resource group as {"resource_group": {"id": ...}}.
USERS = ("volumes", "shares", "snapshots", "backup_policies", "stored_resources", "instances", "keys", "vpcs",
         "subnets")
DEFAULT_CREATED = "2020-01-01T00:00:00Z"  # the Default group exists before anything the mock did


def _crn(account: str, ident: str) -> str:
    return f"crn:v1:bluemix:public:resource-controller::a/{account}::resource-group:{ident}"


def _view(account: str, doc: dict) -> dict:
    ident = doc["id"]
    return {
        "id": ident, "crn": _crn(account, ident), "account_id": account, "name": doc["name"],
        "state": "ACTIVE", "default": doc.get("default", False), "enable_reclamation": False,
        "quota_id": "a3d7b8d01e261c24677937c29ab33f3c",
        "quota_url": "/v2/quota_definitions/a3d7b8d01e261c24677937c29ab33f3c",
        "payment_methods_url": f"/v2/resource_groups/{ident}/payment_methods",
        "resource_linkages": [], "teams_url": f"/v2/resource_groups/{ident}/teams",
        "created_at": doc["created_at"], "updated_at": doc.get("updated_at", doc["created_at"]),
    }


def _default(account: str) -> dict:
    group = ids.default_resource_group(account)
    return {"id": group["id"], "name": "Default", "default": True, "created_at": DEFAULT_CREATED}


def _global(ctx: Ctx) -> Ctx:
    return ctx.at(ctx.account, GLOBAL)


def groups(ctx: Ctx) -> list[dict]:
    """Every group of the account, Default first, as Resource Manager shows them."""
    own = _global(ctx).partition(TABLE).values()
    return [_view(ctx.account, _default(ctx.account))] + [_view(ctx.account, d) for d in own]


def get(ctx: Ctx, ident: str) -> dict:
    found = next((g for g in groups(ctx) if g["id"] == ident), None)
    if found is None:
        raise ApiError(404, "resource_group_not_found", f"Resource group {echo(ident)} not found", field("id", ident))
    return found


def _reference(group: dict) -> dict:
    return {"href": f"https://resource-controller.cloud.ibm.com/v2/resource_groups/{group['id']}",
            "id": group["id"], "name": group["name"]}


def reference(ctx: Ctx, ident: str) -> dict | None:
    """The {href, id, name} a resource shows of its group, or None for a group the account lacks."""
    found = next((g for g in groups(ctx) if g["id"] == ident), None)
    return None if found is None else _reference(found)


def references(ctx: Ctx) -> dict[str, dict]:
    return {g["id"]: _reference(g) for g in groups(ctx)}


def _check_name(ctx: Ctx, name, ignore: str | None = None) -> str:
    if not isinstance(name, str) or not 1 <= len(name) <= 40 or not name.strip():
        raise ApiError(400, "invalid_name", "A resource group name has 1 to 40 characters", field("name", name))
    if any(g["name"] == name and g["id"] != ignore for g in groups(ctx)):
        raise ApiError(409, "resource_group_name_conflict",
                       f"A resource group named {echo(name)} exists in this account", field("name", name))
    return name


def create(ctx: Ctx, name) -> dict:
    doc = _global(ctx).stamp({"id": os.urandom(16).hex(), "name": _check_name(ctx, name),
                              "created_at": rfc3339(ctx.now)})
    ctx.store.put(TABLE, doc)
    return _view(ctx.account, doc)


def _own(ctx: Ctx, ident: str) -> dict:
    get(ctx, ident)
    doc = _global(ctx).owned(ctx.store.get(TABLE, ident))
    if doc is None:
        raise ApiError(403, "default_resource_group_immutable", "The Default resource group cannot be changed",
                       field("id", ident))
    return doc


def rename(ctx: Ctx, ident: str, name) -> dict:
    doc = _own(ctx, ident)
    doc = ctx.store.replace(TABLE, doc, name=_check_name(ctx, name, ignore=ident), updated_at=rfc3339(ctx.now))
    return _view(ctx.account, doc)


def in_use(ctx: Ctx, ident: str) -> list[str]:
    """`<table>/<id>` of what still names the group, in any region of the account."""
    found = []
    generic = tuple(t for t in ctx.store.tables() if t.startswith(GENERIC_PREFIX))  # engine/generic's tables
    for table in USERS + generic:
        for doc in ctx.store.all(table).values():
            if doc.get("_account") == ctx.account and (doc.get("resource_group") or {}).get("id") == ident:
                found.append(f"{table}/{doc['id']}")
            elif table == "stored_resources" and doc.get("_account") == ctx.account and ident in (
                    doc.get("references") or {}).values():
                found.append(f"{table}/{doc['id']}")
    return found


def delete(ctx: Ctx, ident: str) -> None:
    doc = _own(ctx, ident)
    users = in_use(ctx, ident)
    if users:
        raise ApiError(409, "resource_group_not_empty",
                       f"Resource group {ident} still holds {len(users)} resources ({', '.join(users[:3])})",
                       field("id", ident))
    ctx.store.delete(TABLE, doc["id"])


def of_prototype(ctx: Ctx, proto: dict, target: str = "resource_group.id") -> dict:
    """The group a new resource asks for (`resource_group: {id}`), else the account's Default;
    a group the account does not have is refused."""
    ident = (proto.get("resource_group") or {}).get("id")
    if ident is None:
        return ids.default_resource_group(ctx.account)
    found = reference(ctx, ident)
    if found is None:
        raise ApiError(400, "resource_group_not_found", f"Resource group {echo(ident)} not found", field(target, ident))
    return found
