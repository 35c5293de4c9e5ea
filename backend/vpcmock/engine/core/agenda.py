"""What is due when: the engine's timetable.

Due work is recorded on the documents themselves (``doc["_events"] = {kind: instant}``), so
the state file alone says what will happen; the heap here is an index over those entries,
rebuilt on load. An entry popped from the heap is acted on only if the document still holds
that same instant for that kind (otherwise it was rescheduled or the document is gone).
"""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime

from vpcmock.store import Store
from vpcmock.timeutil import parse_rfc3339, rfc3339


class Agenda:
    def __init__(self):
        self._heap: list[tuple[str, int, str, str, str]] = []
        self._order = itertools.count()

    @classmethod
    def rebuild(cls, store: Store) -> "Agenda":
        agenda = cls()
        agenda.reindex(store)
        return agenda

    def reindex(self, store: Store) -> None:
        """Index every document's events anew (after a rolled-back clock move popped some)."""
        self._heap = []
        for table in store.tables():
            for doc in store.all(table).values():
                self.track(table, doc)

    def _push(self, when: str, table: str, ident: str, kind: str) -> None:
        # RFC 3339 strings in UTC with Z sort like the instants they name.
        heapq.heappush(self._heap, (when, next(self._order), table, ident, kind))

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
