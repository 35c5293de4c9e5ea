"""Running due work in time order: the one loop every clock movement goes through."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from vpcmock.engine.backup import fires, jobs, retention
from vpcmock.engine.block_storage import clones, snapshots, unseen, volumes
from vpcmock.engine.file_storage import shares
from vpcmock.engine.core import ahead
from vpcmock.engine.core.agenda import Agenda
from vpcmock.engine.core.context import Ctx, Run
from vpcmock.engine.platform import activity
from vpcmock.store import Store, no_cyclic_gc

log = logging.getLogger(__name__)


def _expire_in(table: str):
    return lambda ctx, doc: retention.on_expire(ctx, doc, table)


# (table, kind) -> (event name reported by the clock API, handler)
HANDLERS = {
    ("plans", "fire"): ("plan_fired", fires.on_fire),
    ("snapshots", "captured"): ("snapshot_completed", snapshots.on_captured),
    ("snapshots", "copied"): ("copy_completed", snapshots.on_copied),
    ("snapshots", "clones_ready"): ("clone_available", clones.on_ready),
    ("share_snapshots", "captured"): ("share_snapshot_completed", shares.on_captured),
    ("volumes", "hydrated"): ("volume_hydrated", volumes.on_hydrated),
    ("jobs", "report_failure"): ("job_failed", jobs.on_report_failure),
    ("jobs", "expire"): ("job_record_expired", jobs.on_expire),
    ("backup_policies", "sweep_jobs"): ("job_record_expired", jobs.on_sweep),
    **{(table, "expire"): ("backup_expired", _expire_in(table)) for table in retention.BACKUP_TABLES},
}


def register(table: str, kind: str, name: str, handler) -> None:
    HANDLERS[(table, kind)] = (name, handler)


def run_due(store: Store, agenda: Agenda, until: datetime) -> Counter:
    """Handle every event due at or before `until`, each at its own instant; count them by name.

    Call inside a transaction; the state is written once, when it commits, so a clock move is
    all or nothing on disk (`vpcmock clock advance` moves in steps, each its own commit). Each
    event is its own unit in memory: once handled its changes are settled (a long run does not
    hold its whole history for rollback), and a handler that fails is logged, its changes
    undone and its event dropped, rather than stopping the clock.

    Nothing reads the state until the run ends, so what no one could see is not written
    (engine/core/ahead.py): captures the run passes are settled at their fire, activity events
    are stored at the end if still among the newest, job records a sweep of the run removes are
    never stored. The answers are the same as step by step (tests/test_engine_settled_ahead.py).
    """
    with no_cyclic_gc():
        return _run(store, agenda, until)


def _run(store: Store, agenda: Agenda, until: datetime) -> Counter:
    counts: Counter = Counter()
    run = Run(until, activity.MAX_EVENTS + activity.PRUNE_BATCH)
    seen = run if ahead.SETTLE_AHEAD else None  # without it, every step is its own event and write
    while (item := agenda.pop_due(store, until)) is not None:
        when, table, doc, kind = item
        name, handler = HANDLERS[(table, kind)]
        mark = store.mark()
        run.begin()
        try:
            result = handler(Ctx(store, doc["_account"], doc["_region"], when, agenda, None, seen), doc)
            store.settle(mark)
        except Exception:
            store.rollback_to(mark)
            run.discard()
            agenda.reindex_others()
            log.exception("event %s of %s %s at %s failed; dropped", kind, table, doc["id"], when)
            current = store.get(table, doc["id"])
            if current is not None:
                agenda.schedule(store, table, current, kind, None)
            store.settle(mark)
            counts["failed_events"] += 1
            continue
        # A handler that acts on many records at once (a sweep) answers how many.
        handled = result if type(result) is int else 1
        if handled:
            counts[name] += handled
        if run.ahead:
            counts.update(run.ahead)
            run.ahead.clear()
        if run.closing:
            run.settle()
    unseen.store_remaining(store, agenda, run.unseen)
    activity.store_log(store, run.log, run.log_dropped)
    if run.unstored_left():  # only if a sweep failed: a record the step-by-step run would still hold
        log.warning("job records left unstored were not swept by %s: %s", until, run.expiring)
    return counts
