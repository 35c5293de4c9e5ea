"""Creation jobs made to fail on purpose (`POST /mock/faults/jobs`), so that a client's
handling of failed backups can be tested: the next N creation jobs of a plan (or of any plan)
fail with a given reason, as the real service reports one. Kept in the state (meta), so they
are transactional, survive restarts, and come back with a state snapshot. Each job failed this
way is recorded in the activity log (`vpcmock.fault.inject`, target: the job's source), as
every injected fault is.
"""

from __future__ import annotations

from vpcmock.engine.backup import jobs
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, field
from vpcmock.store import Store

META = "injected_job_failures"
ANY_PLAN = "*"


def all(store: Store) -> list[dict]:
    return [{"plan_id": plan_id, **entry} for plan_id, entry in (store.meta(META) or {}).items()]


def add(store: Store, plan_id, count, reason) -> dict:
    if plan_id is not None and (not isinstance(plan_id, str) or store.get("plans", plan_id) is None):
        raise ApiError(404, "backup_policy_plan_not_found", f"Backup policy plan not found: {plan_id}",
                       field("plan_id", plan_id))
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ApiError(400, "invalid_field_value", "count must be a whole number of at least 1", field("count", count))
    if reason not in jobs.STATUS_MESSAGES:
        raise ApiError(400, "invalid_field_value", f"reason must be one of {', '.join(sorted(jobs.STATUS_MESSAGES))}",
                       field("reason", reason))
    held = dict(store.meta(META) or {})
    held[plan_id or ANY_PLAN] = {"remaining": count, "reason": reason}
    store.set_meta(META, held)
    return {"plan_id": plan_id or ANY_PLAN, **held[plan_id or ANY_PLAN]}


def take(ctx: Ctx, plan_id: str, source: dict) -> str | None:
    """The reason the next creation job of `plan_id` (backing up `source`) must fail with, if
    one is injected (used up, and the firing logged)."""
    store = ctx.store
    held = store.meta(META)
    if not held:
        return None
    key = plan_id if plan_id in held else ANY_PLAN if ANY_PLAN in held else None
    if key is None:
        return None
    held = dict(held)
    entry = held.pop(key)
    if entry["remaining"] > 1:
        held[key] = {**entry, "remaining": entry["remaining"] - 1}
    store.set_meta(META, held or None)
    activity.record(ctx, activity.FAULT_ACTION, source["crn"], target_name=source["name"], outcome="failure",
                    reason=entry["reason"])
    return entry["reason"]


def clear(store: Store) -> None:
    if store.meta(META):
        store.set_meta(META, None)
