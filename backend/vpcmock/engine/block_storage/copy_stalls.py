"""Cross-region copies made to stall on purpose (`POST /mock/faults/copies`), so that a client's
handling of a copy that does not finish can be tested: the next N copies into a region (or into
any region) stay `pending` until released (`POST /mock/faults/copies/release`, or clearing the
faults). A released copy then takes the time its transfer takes, from the moment of release.

Kept in the state (meta), so rules and held copies are transactional, survive restarts, and
come back with a state snapshot. Each stall is recorded in the activity log
(`vpcmock.fault.inject`), as every injected fault is.
"""

from __future__ import annotations

from datetime import timedelta

from vpcmock.catalog import REGIONS
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, field
from vpcmock.store import Store

META = "copy_stalls"
ANY_REGION = "*"


def _held(store: Store) -> dict:
    return store.meta(META) or {"rules": {}, "stalled": {}}


def describe(store: Store) -> dict:
    held = _held(store)
    return {"rules": [{"region": region, **rule} for region, rule in held["rules"].items()],
            "stalled": [{"id": ident, **entry} for ident, entry in held["stalled"].items()]}


def add(store: Store, region, count) -> dict:
    if region is not None and region not in REGIONS:
        raise ApiError(400, "invalid_field_value", f"region must be a region of the catalogue, not {region!r}",
                       field("region", region))
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ApiError(400, "invalid_field_value", "count must be a whole number of at least 1", field("count", count))
    held = _held(store)
    key = region or ANY_REGION
    store.set_meta(META, {**held, "rules": {**held["rules"], key: {"remaining": count}}})
    return {"region": key, "remaining": count}


def take(ctx: Ctx, copy: dict, seconds: float) -> bool:
    """Whether `copy` (pending, in ctx's region) must stall; if so it is held, with the
    `seconds` its transfer takes once released, and the stall is logged."""
    held = ctx.store.meta(META)
    if not held or not held["rules"]:
        return False
    rules = dict(held["rules"])
    key = ctx.region if ctx.region in rules else ANY_REGION if ANY_REGION in rules else None
    if key is None:
        return False
    remaining = rules.pop(key)["remaining"] - 1
    if remaining > 0:
        rules[key] = {"remaining": remaining}
    stalled = {**held["stalled"], copy["id"]: {"region": ctx.region, "seconds": seconds}}
    ctx.store.set_meta(META, {"rules": rules, "stalled": stalled})
    activity.record(ctx, activity.FAULT_ACTION, copy["crn"], target_name=copy["name"], outcome="success",
                    reason="copy_stalled")
    return True


def release(ctx: Ctx) -> list[str]:
    """Let every held copy go on: each completes its transfer time after now. Answers their ids."""
    held = _held(ctx.store)
    released = []
    for ident, entry in held["stalled"].items():
        copy = ctx.store.get("snapshots", ident)
        if copy is None or copy["lifecycle_state"] != "pending":
            continue
        ctx.agenda.schedule(ctx.store, "snapshots", copy, "copied", ctx.now + timedelta(seconds=entry["seconds"]))
        released.append(ident)
    if held["stalled"]:
        ctx.store.set_meta(META, {**held, "stalled": {}} if held["rules"] else None)
    return released


def clear(ctx: Ctx) -> list[str]:
    """Drop the rules and release what they held."""
    released = release(ctx)
    if ctx.store.meta(META):
        ctx.store.set_meta(META, None)
    return released
