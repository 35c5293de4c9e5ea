"""Resource Controller's reclamations: a deleted resource instance is kept for 7 days (IBM's
default retention, "Using resource reclamation" in IBM Cloud docs), during which it can be
restored or reclaimed (deleted for good) with `POST /v1/reclamations/{id}/actions/{restore |
reclaim}` (the IBM provider's ibm_resource_reclamation_delete runs `reclaim`).

Choices (IBM's reference is silent or the mock differs, written here and tested):

- the instance leaves reads and listings at once (404), as the mock always answered and the
  clients it serves expect; IBM shows it in state `pending_reclamation` meanwhile. Its document
  is kept on the reclamation, which `restore` puts back (state `active`);
- a reclamation is SCHEDULED until an action or its `target_time` (created + 7 days, on the mock's
  clock): past it, it is reclaimed (gone from the listing, its instance with it);
- an action answers the reclamation in the state it moves to (`RECLAIMING`, `RESTORING`), then it
  is done: it leaves the listing. An action other than these two is 400.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, echo, parameter
from vpcmock.timeutil import parse_rfc3339, rfc3339

TABLE = "reclamations"
RETENTION = timedelta(days=7)
ACTIONS = {"reclaim": "RECLAIMING", "restore": "RESTORING"}


def _who(ctx: Ctx) -> str:
    return (ctx.initiator or {}).get("id") or f"iam-ServiceId-{ctx.account}"


def scheduled(ctx: Ctx, instance_table: str, instance: dict) -> dict:
    """The reclamation of `instance`, just deleted (its document kept for a restore)."""
    now = rfc3339(ctx.now)
    doc = ctx.stamp({
        "id": uuid.uuid4().hex, "entity_id": instance.get("guid") or instance["id"],
        "entity_type_id": instance.get("resource_id") or "", "entity_crn": instance.get("crn") or instance["id"],
        "resource_instance_id": instance.get("guid") or instance["id"],
        "resource_group_id": instance.get("resource_group_id") or "", "account_id": ctx.account,
        "policy_id": "", "state": "SCHEDULED", "target_time": rfc3339(ctx.now + RETENTION), "custom_properties": {},
        "created_at": now, "created_by": _who(ctx), "updated_at": now, "updated_by": _who(ctx),
        "_instance": instance, "_instance_table": instance_table, "_seq": ctx.store.next_seq()})
    ctx.store.put(TABLE, doc)
    return doc


def _due(ctx: Ctx, doc: dict) -> bool:
    return parse_rfc3339(doc["target_time"]) <= ctx.now


def listing(ctx: Ctx, filters: dict[str, str]) -> list[dict]:
    """The account's SCHEDULED reclamations (those past their target time reclaimed first)."""
    account = filters.get("account_id")
    if account is not None and account != ctx.account:
        raise ApiError(403, "forbidden", f"The token's account is not account {echo(account)}",
                       parameter("account_id", account))
    found = []
    for doc in sorted(ctx.partition(TABLE).values(), key=lambda d: d["_seq"]):
        if _due(ctx, doc):
            ctx.store.delete(TABLE, doc["id"])
            continue
        if all(doc.get(name) == value for name, value in filters.items() if name != "account_id"):
            found.append(doc)
    return found


def run(ctx: Ctx, ident: str, action: str, body: dict) -> dict:
    """Run `action` on reclamation `ident`; answers it in the state the action moves it to."""
    if action not in ACTIONS:
        raise ApiError(400, "invalid_action", f"action {echo(action)} is not one of {', '.join(ACTIONS)}",
                       parameter("action_name", action))
    doc = ctx.owned(ctx.store.get(TABLE, ident))
    if doc is None or _due(ctx, doc):
        raise ApiError(404, "reclamation_not_found", f"Reclamation {echo(ident)} not found", parameter("id", ident))
    ctx.store.delete(TABLE, doc["id"])
    if action == "restore":
        instance = {**doc["_instance"], "state": "active", "updated_at": rfc3339(ctx.now)}
        ctx.store.put(doc["_instance_table"], instance)
    activity.record(ctx, f"resource-controller.instance.{action}", doc["entity_crn"])
    by = body.get("request_by") if isinstance(body.get("request_by"), str) and body.get("request_by") else _who(ctx)
    return {**doc, "state": ACTIONS[action], "updated_at": rfc3339(ctx.now), "updated_by": by}


def view(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if not k.startswith("_")}
