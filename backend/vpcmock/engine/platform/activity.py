"""Activity events: what Activity Tracker would show of Backup for VPC, kept by the mock.

Recorded: every policy and plan creation, update and deletion (initiated by the caller), every
backup a plan creates or retention deletes, and every job that fails for missing service
authorizations (initiated by the Backup service). Each event has an action such as
``is.backup-policy.backup-policy.create``, an outcome, the target's CRN, the initiator, the time
(the mock clock), the account and region.

Events are documents of the ``activity_events`` table, numbered in order by the store's own
sequence (``seq``, never reused, not even after a reset); the newest MAX_EVENTS are kept (up to PRUNE_BATCH more between prunings; a long simulated year would otherwise keep every backup's events). Plans
have no CRN in the API; their events name ``<policy CRN>/plan:<plan id>`` (our choice).
"""

from __future__ import annotations

import itertools
from typing import Callable

from vpcmock.engine.core.context import Ctx
from vpcmock.timeutil import rfc3339
from vpcmock.engine.core.refs import without_private

TABLE = "activity_events"
MAX_EVENTS = 10_000
PRUNE_BATCH = 1_000
# The action of every fault the mock injects on purpose (/mock/faults): requests answered with
# an error or delayed, and engine faults such as stalled copies.
FAULT_ACTION = "vpcmock.fault.inject"
SERVICE_INITIATOR = {"id": "is.backup-policy", "type": "service", "name": "Backup for VPC"}


def plan_crn(policy: dict, plan: dict) -> str:
    return f"{policy['crn']}/plan:{plan['id']}"


def record(ctx: Ctx, action: str, target_crn: str, *, target_name: str | None = None, outcome: str = "success",
           reason: str | None = None) -> None:
    """Log an event. In a run of clock events it is numbered now and stored when the run ends
    (`store_log`), if it is still among the newest then: nothing reads the log during a run,
    and a simulated year records millions that the cap would drop before anyone could."""
    entry = (ctx.store.next_seq(), action, outcome, target_crn, target_name, ctx.initiator or SERVICE_INITIATOR,
             rfc3339(ctx.now), ctx.account, ctx.region, reason)
    if ctx.run is not None:
        ctx.run.log.append(entry)
        return
    ctx.store.put(TABLE, _event(*entry))
    events = ctx.store.all(TABLE)
    if len(events) > MAX_EVENTS + PRUNE_BATCH:  # pruned in batches: one walk from the front each time
        for ident in list(itertools.islice(events, len(events) - MAX_EVENTS)):
            ctx.store.delete(TABLE, ident)
    _delivered(ctx.store)


def _event(seq: int, action: str, outcome: str, target_crn: str, target_name: str | None, initiator: dict,
           event_time: str, account: str, region: str, reason: str | None) -> dict:
    # Not stamped with _account/_region: the log is read whole (filtered), never by partition,
    # so it needs no partition index (the engine records two events per backup).
    event = {
        "id": f"event-{seq:012d}",
        "seq": seq,
        "_seq": seq,
        "action": action,
        "outcome": outcome,
        "target": {"crn": target_crn, "name": target_name},
        "initiator": initiator,
        "event_time": event_time,
        "account": account,
        "region": region,
    }
    if reason is not None:
        event["reason"] = {"code": reason}
    return event


def store_log(store, log: list, dropped: int = 0) -> None:
    """Store the events a run recorded (`record`; the `dropped` oldest of them no longer held,
    as more than the cap came after them), and prune, as recording them one by one would have:
    the table ends with the same newest events."""
    if not log:
        return
    events = store.all(TABLE)
    held, new = len(events), dropped + len(log)
    kept = _size_after(held, new)
    stored = min(new, kept)
    for ident in list(itertools.islice(events, held - (kept - stored))):
        store.delete(TABLE, ident)
    for entry in log[len(log) - stored:]:
        store.put(TABLE, _event(*entry))
    log.clear()
    _delivered(store)


def _delivered(store) -> None:
    """Stored events go on to the Activity Tracker targets their routes select (in the same
    transaction: an event is delivered if and only if it is stored)."""
    from vpcmock.engine.platform.atracker import delivery
    delivery.deliver(store)


def _size_after(held: int, new: int) -> int:
    """How many events the table holds after `new` more are recorded one by one into `held`:
    whenever it passes MAX_EVENTS + PRUNE_BATCH it is cut back to MAX_EVENTS."""
    limit = MAX_EVENTS + PRUNE_BATCH
    if held + new <= limit:
        return held + new
    first = max(1, limit + 1 - held)  # the record that first passes the limit
    return MAX_EVENTS + (new - first) % (PRUNE_BATCH + 1)


def public(event: dict) -> dict:
    return without_private(event)


FILTERS = ("action", "outcome", "target_crn", "account", "region", "initiator_id", "since", "until")


def event_filter(args: dict[str, str]) -> Callable[[dict], bool]:
    """GET /mock/events filters: action, outcome, target_crn, account, region, initiator_id, since, until."""
    tests = []
    for key, read in (("action", lambda e: e["action"]), ("outcome", lambda e: e["outcome"]),
                      ("target_crn", lambda e: e["target"]["crn"]), ("account", lambda e: e["account"]),
                      ("region", lambda e: e["region"]), ("initiator_id", lambda e: e["initiator"]["id"])):
        if key in args:
            tests.append(lambda e, read=read, value=args[key]: read(e) == value)
    if "since" in args:
        tests.append(lambda e, value=args["since"]: e["event_time"] >= value)
    if "until" in args:
        tests.append(lambda e, value=args["until"]: e["event_time"] <= value)
    return lambda e: all(test(e) for test in tests)


def newer_than(store, seq: int) -> list[dict]:
    """Events numbered after `seq`, oldest first (walks back from the newest)."""
    found = []
    for event in reversed(store.all(TABLE).values()):
        if event["seq"] <= seq:
            break
        found.append(event)
    found.reverse()
    return found


def newest_seq(store) -> int:
    events = store.all(TABLE)
    return events[next(reversed(events))]["seq"] if events else 0
