"""What is due when: the engine's timetable.

Due work is recorded on the documents themselves (``doc["_events"] = {kind: instant}``), so
the state file alone says what will happen; the heap here is an index over those entries,
rebuilt on load. An entry popped from the heap is acted on only if the document still holds
that same instant for that kind (otherwise it was rescheduled or the document is gone).

A second heap holds the entries of every kind but those in SETTLES_AROUND, so that a handler
can ask whether any other event lies due before an instant (`quiet_through`): a backup's
capture is settled at its fire when none does (engine/core/ahead.py).
"""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime

from vpcmock.store import Store
from vpcmock.timeutil import parse_rfc3339, rfc3339

# The kinds of event that neither read nor change anything a volume backup's capture changes
# when it completes (its snapshot, its creation job), but for its policy's
# `last_job_completed_at` and `sweep_jobs` instant, which jobs._closed keeps order-insensitive
# (the latest and the earliest): a sweep of expired job records, a failed job reporting, an old
# job record's own expiry, a cross-region copy completing (its job, its region's copy count), a
# backup reaching its age limit (its deletion reads only that backup's state; folding it into
# the next backup changes that one's data whatever its state, and a backup's own expiry is a
# day or more after its capture, which snapshots.take_snapshot checks).
SETTLES_AROUND = frozenset({("backup_policies", "sweep_jobs"), ("jobs", "report_failure"), ("jobs", "expire"),
                            ("snapshots", "copied"), ("snapshots", "expire"), ("share_snapshots", "expire"),
                            ("snapshot_consistency_groups", "expire")})


class Agenda:
    def __init__(self):
        self._heap: list[tuple[str, int, str, str, str]] = []
        # The entries of every other kind (the same tuples), for quiet_through.
        self._others: list[tuple[str, int, str, str, str]] = []
        self._order = itertools.count()

    @classmethod
    def rebuild(cls, store: Store) -> "Agenda":
        agenda = cls()
        agenda.reindex(store)
        return agenda

    def reindex(self, store: Store) -> None:
        """Index every document's events anew (after a rolled-back clock move popped some)."""
        self._heap = []
        self._others = []
        for table in store.tables():
            for doc in store.all(table).values():
                self.track(table, doc)

    def _push(self, when: str, table: str, ident: str, kind: str) -> None:
        # RFC 3339 strings in UTC with Z sort like the instants they name.
        entry = (when, next(self._order), table, ident, kind)
        heapq.heappush(self._heap, entry)
        if (table, kind) not in SETTLES_AROUND:
            heapq.heappush(self._others, entry)

    def reindex_others(self) -> None:
        """Index anew the entries quiet_through looks at, from the whole timetable (after a
        handler's changes were rolled back: an entry it found stale may hold again)."""
        self._others = [entry for entry in self._heap if (entry[2], entry[4]) not in SETTLES_AROUND]
        heapq.heapify(self._others)

    def quiet_through(self, store: Store, limit: str) -> bool:
        """Whether no event due at or before `limit` (RFC 3339) is pending but of the kinds in
        SETTLES_AROUND. Entries found stale are dropped on the way."""
        others = self._others
        while others:
            when, _, table, ident, kind = others[0]
            if when > limit:
                return True
            doc = store.get(table, ident)
            if doc is not None and (doc.get("_events") or {}).get(kind) == when:
                return False
            heapq.heappop(others)
        return True

    def schedule(self, store: Store, table: str, doc: dict, kind: str, when: datetime | None) -> dict:
        """Record (or with `when` None, cancel) `kind` for `doc`; returns the stored document."""
        events = dict(doc.get("_events") or {})
        if when is None:
            if kind not in events:
                return doc
            events.pop(kind)
        else:
            events[kind] = rfc3339(when)
            self._push(events[kind], table, doc["id"], kind)
        return store.replace(table, doc, _events=events)

    def track(self, table: str, doc: dict) -> None:
        """Index the events a document was stored with (saves rewriting a new document)."""
        for kind, when in (doc.get("_events") or {}).items():
            self._push(when, table, doc["id"], kind)

    def next_instant(self) -> datetime | None:
        return parse_rfc3339(self._heap[0][0]) if self._heap else None

    def pop_due(self, store: Store, until: datetime):
        """The next (instant, table, doc, kind) due at or before `until`, or None."""
        limit = rfc3339(until)
        while self._heap and self._heap[0][0] <= limit:
            when, _, table, ident, kind = heapq.heappop(self._heap)
            doc = store.get(table, ident)
            if doc is not None and (doc.get("_events") or {}).get(kind) == when:
                return parse_rfc3339(when), table, doc, kind
        return None

    def __len__(self) -> int:
        return len(self._heap)
