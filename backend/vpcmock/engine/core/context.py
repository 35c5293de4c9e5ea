"""What every engine operation needs to know: who asks, where, and when."""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime

from vpcmock.engine.core.agenda import Agenda
from vpcmock.store import Store


class Run:
    """What a run of due events (engine/core/events.py) keeps beside the store while it lasts.

    - `until`: the instant the clock moves to;
    - `ahead`: the events a handler settled ahead of the clock (engine/core/ahead.py), counted
      as the clock counts them;
    - `log`: the activity events recorded, stored when the run ends (engine/platform/activity.py),
      of which only the newest `log_keep` can be kept: older ones are let go between events and
      counted (`log_dropped`);
    - `expiring`: per policy, a heap of the expiry instants of job records that were never
      stored because a sweep of this run removes them (engine/backup/jobs.py); `closing`, those
      the event being handled adds (they join `expiring` once it is settled), and `swept`, those
      it removed;
    - `unseen`: the backups it makes and deletes before it ends, kept out of the store
      (engine/block_storage/unseen.py), or None while it has none.

    What the event being handled changes here is undone with its changes if it fails (`discard`).
    """

    __slots__ = ("until", "ahead", "log", "log_keep", "log_dropped", "expiring", "closing", "swept", "_log_mark", "unseen")

    def __init__(self, until: datetime, log_keep: int):
        self.until = until
        self.ahead: Counter = Counter()
        self.log: list = []
        self.log_keep = log_keep
        self.log_dropped = 0
        self.expiring: dict[str, list[str]] = {}
        self.closing: list[tuple[str, str]] = []
        self.swept: list[tuple[str, str]] = []
        self._log_mark = 0
        self.unseen = None

    def begin(self) -> None:
        """An event is about to be handled."""
        if len(self.log) > 2 * self.log_keep:
            dropped = len(self.log) - self.log_keep
            del self.log[:dropped]
            self.log_dropped += dropped
        self._log_mark = len(self.log)
        self.swept.clear()
        if self.unseen is not None:
            self.unseen.begin()

    def settle(self) -> None:
        """The event was handled: job records it closed unstored now wait for their sweep."""
        for policy_id, expiry in self.closing:
            heapq.heappush(self.expiring.setdefault(policy_id, []), expiry)
        self.closing.clear()

    def discard(self) -> None:
        """The event failed: what it added goes with its changes, what it removed comes back."""
        self.ahead.clear()
        del self.log[self._log_mark:]
        self.closing.clear()
        for policy_id, expiry in self.swept:
            heapq.heappush(self.expiring.setdefault(policy_id, []), expiry)
        self.swept.clear()
        if self.unseen is not None:
            self.unseen.discard()


class Ctx:
    """Immutable by convention (a plain class: the engine makes one per event, so it is kept cheap)."""

    __slots__ = ("store", "account", "region", "now", "agenda", "initiator", "run")

    def __init__(self, store: Store, account: str, region: str, now: datetime, agenda: Agenda,
                 initiator: dict | None = None, run: Run | None = None):
        self.store = store
        self.account = account
        self.region = region
        self.now = now
        self.agenda = agenda
        self.initiator = initiator  # who asks (an API caller); None: the service itself
        self.run = run  # in a clock event, the run of due events it belongs to; None elsewhere

    def at(self, account: str, region: str, now: datetime | None = None) -> "Ctx":
        """The same engine seen from another account, region or instant."""
        return Ctx(self.store, account, region, now or self.now, self.agenda, self.initiator, self.run)

    def schedule(self, table: str, doc: dict, kind: str, when: datetime | None) -> dict:
        return self.agenda.schedule(self.store, table, doc, kind, when)

    def partition(self, table: str) -> dict[str, dict]:
        return self.store.partition(table, self.account, self.region)

    def owned(self, doc: dict | None) -> dict | None:
        """`doc` if it belongs to this account and region, else None (so callers answer 404)."""
        if doc is None or doc.get("_account") != self.account or doc.get("_region") != self.region:
            return None
        return doc

    def stamp(self, doc: dict) -> dict:
        """Mark a new document as owned by this account and region."""
        doc["_account"] = self.account
        doc["_region"] = self.region
        return doc
