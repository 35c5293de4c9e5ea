"""Running due work in time order: the one loop every clock movement goes through."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from vpcmock.engine import shares, snapshots, volumes
from vpcmock.engine.agenda import Agenda
from vpcmock.engine.context import Ctx
from vpcmock.store import Store

# (table, kind) -> (event name reported by the clock API, handler)
HANDLERS = {
    ("snapshots", "captured"): ("snapshot_completed", snapshots.on_captured),
    ("share_snapshots", "captured"): ("share_snapshot_completed", shares.on_captured),
    ("volumes", "hydrated"): ("volume_hydrated", volumes.on_hydrated),
}


def register(table: str, kind: str, name: str, handler) -> None:
    HANDLERS[(table, kind)] = (name, handler)


def run_due(store: Store, agenda: Agenda, until: datetime) -> Counter:
    """Handle every event due at or before `until`, each at its own instant; count them by name."""
    counts: Counter = Counter()
    while (item := agenda.pop_due(store, until)) is not None:
        when, table, doc, kind = item
        name, handler = HANDLERS[(table, kind)]
        handler(Ctx(store, doc["_account"], doc["_region"], when, agenda), doc)
        counts[name] += 1
    return counts
