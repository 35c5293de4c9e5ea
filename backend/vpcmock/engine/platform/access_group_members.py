"""Access group members (IAM Access Groups' membership operations): IAM ids added to a group,
listed, checked and removed, one group or every group at once.

A member is one of three types, each an IAM id the account holds:
- `service`: a service ID of the account (IAM Identity's `iam-ServiceId-<uuid>`);
- `profile`: a trusted profile of the account (`iam-Profile-<uuid>`);
- `user`: a user of the account. The mock keeps no user directory (the caller is an API key's
  subject): an IAM id of IBM's user form, `IBMid-<id>`, or the caller's own, is taken for one
  of the account's users (a choice of the mock; IBM checks its user directory).

The bulk operations answer per member (HTTP 207, a `status_code` and `errors` for each), as
IAM does; an IAM id the account does not hold is that member's 404 `iam_id_not_found`, a
type that does not match the IAM id's form its 400 `invalid_member_type` (codes the mock's:
IAM's own are not published). Members are kept on the group's document (`_members`, in the
order added) and go with it; a service ID or trusted profile deleted leaves every group it was a
member of, as IAM removes it (`forget`).
"""

from __future__ import annotations

import re

from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, field
from vpcmock.timeutil import rfc3339

TYPES = ("user", "service", "profile")
_USER = re.compile(r"IBMid-[A-Za-z0-9]{4,}")
_IDENTITY = {"service": ("v1.serviceids", "ServiceId"), "profile": ("v1.profiles", "Profile")}


def _identity_table(key: str) -> str:
    from vpcmock.engine.generic import collections, service
    with service.serving("iam_identity"):
        return collections.collection(key).table


def groups_table() -> str:
    from vpcmock.engine.generic import collections, service
    with service.serving("iam_access_groups"):
        return collections.collection("v2.groups").table


def group(ctx: Ctx, group_id: str) -> dict:
    doc = ctx.owned(ctx.store.get(groups_table(), group_id))
    if doc is None:
        raise ApiError(404, "group_not_found", f"Access group {group_id} not found", field("access_group_id", group_id))
    return doc


def identity(ctx: Ctx, iam_id: str, kind: str | None) -> tuple[dict | None, dict | None]:
    """(what the member is: its type, name, description, href; None if the account holds no such
    IAM id) and (the error of that member, if any)."""
    guessed = "user" if _USER.fullmatch(iam_id or "") or iam_id == (ctx.initiator or {}).get("id") else next(
        (name for name, (_, prefix) in _IDENTITY.items() if (iam_id or "").startswith(f"iam-{prefix}-")), None)
    if kind is not None and kind not in TYPES:
        return None, _error(400, "invalid_member_type", f"type {kind!r} is not one of {', '.join(TYPES)}")
    if guessed is None:
        return None, _error(404, "iam_id_not_found", f"The account holds no IAM id {iam_id!r}")
    if kind is not None and kind != guessed:
        return None, _error(400, "invalid_member_type", f"{iam_id} is a {guessed}, not a {kind}")
    if guessed == "user":
        return {"iam_id": iam_id, "type": "user", "name": iam_id, "email": ""}, None
    key, _ = _IDENTITY[guessed]
    found = next((d for d in ctx.store.all(_identity_table(key)).values()
                  if d.get("iam_id") == iam_id and d.get("_account") == ctx.account), None)
    if found is None:
        return None, _error(404, "iam_id_not_found", f"The account holds no {guessed} with IAM id {iam_id!r}")
    path = "serviceids" if guessed == "service" else "profiles"
    return {"iam_id": iam_id, "type": guessed, "name": found.get("name") or "",
            "description": found.get("description") or "", "href": f"/iam/v1/{path}/{found['id']}"}, None


def _error(status: int, code: str, message: str) -> dict:
    return {"status_code": status, "errors": [{"code": code, "message": message}]}


def members(doc: dict) -> list[dict]:
    return list(doc.get("_members") or [])


def _who(ctx: Ctx) -> str:
    return (ctx.initiator or {}).get("id") or f"iam-ServiceId-{ctx.account}"


def add(ctx: Ctx, group_id: str, wanted: list[tuple[str, str | None]]) -> list[dict]:
    """Add each (iam_id, type) to the group; a result per member (an IAM id already a member
    is added again as it is: IAM answers it as added)."""
    doc = group(ctx, group_id)
    held = {m["iam_id"]: m for m in members(doc)}
    results = []
    for iam_id, kind in wanted:
        found, error = identity(ctx, iam_id, kind)
        if error:
            results.append({"iam_id": iam_id, "type": kind, **error})
            continue
        member = held.get(iam_id) or {**found, "created_at": rfc3339(ctx.now), "created_by_id": _who(ctx)}
        held[iam_id] = member
        results.append({"iam_id": iam_id, "type": member["type"], "created_at": member["created_at"],
                        "created_by_id": member["created_by_id"], "status_code": 200})
    ctx.store.replace(groups_table(), doc, _members=list(held.values()))
    return results


def is_member(ctx: Ctx, group_id: str, iam_id: str) -> bool:
    return any(m["iam_id"] == iam_id for m in members(group(ctx, group_id)))


def remove(ctx: Ctx, group_id: str, iam_ids: list[str]) -> list[dict]:
    doc = group(ctx, group_id)
    held = {m["iam_id"]: m for m in members(doc)}
    results = []
    for iam_id in iam_ids:
        if held.pop(iam_id, None) is None:
            results.append({"iam_id": iam_id, **_error(404, "member_not_found",
                                                       f"{iam_id} is not a member of {group_id}")})
        else:
            results.append({"iam_id": iam_id, "status_code": 204})
    ctx.store.replace(groups_table(), doc, _members=list(held.values()))
    return results


def remove_one(ctx: Ctx, group_id: str, iam_id: str) -> None:
    result = remove(ctx, group_id, [iam_id])[0]
    if result["status_code"] != 204:
        raise ApiError(404, "member_not_found", result["errors"][0]["message"], field("iam_id", iam_id))


def add_to_groups(ctx: Ctx, iam_id: str, kind: str | None, group_ids: list[str]) -> list[dict]:
    results = []
    for group_id in group_ids:
        try:
            outcome = add(ctx, group_id, [(iam_id, kind)])[0]
        except ApiError as exc:
            results.append({"access_group_id": group_id, **_error(exc.status, exc.code, exc.message)})
            continue
        results.append({"access_group_id": group_id, "status_code": outcome["status_code"],
                        **({"errors": outcome["errors"]} if "errors" in outcome else {})})
    return results


def remove_from_all(ctx: Ctx, iam_id: str) -> list[dict]:
    """Remove `iam_id` from every group of the account that has it (404 when none has)."""
    table = groups_table()
    results = []
    for doc in [d for d in ctx.store.all(table).values() if d.get("_account") == ctx.account]:
        if any(m["iam_id"] == iam_id for m in members(doc)):
            ctx.store.replace(table, doc, _members=[m for m in members(doc) if m["iam_id"] != iam_id])
            results.append({"access_group_id": doc["id"], "status_code": 204})
    if not results:
        raise ApiError(404, "member_not_found", f"{iam_id} is not a member of any access group", field("iam_id", iam_id))
    return results


def forget(ctx: Ctx, kind: str, ident: str) -> None:
    """A service ID's or trusted profile's (`kind` service or profile) memberships, before it is
    deleted: it leaves every group of the account."""
    key, _ = _IDENTITY[kind]
    doc = ctx.store.get(_identity_table(key), ident)
    if doc is None or doc.get("_account") != ctx.account or not doc.get("iam_id"):
        return
    table = groups_table()
    for group_doc in [d for d in ctx.store.all(table).values() if d.get("_account") == ctx.account]:
        if any(m["iam_id"] == doc["iam_id"] for m in members(group_doc)):
            ctx.store.replace(table, group_doc, _members=[m for m in members(group_doc)
                                                          if m["iam_id"] != doc["iam_id"]])
