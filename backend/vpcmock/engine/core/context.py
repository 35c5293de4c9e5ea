"""What every engine operation needs to know: who asks, where, and when."""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime

from vpcmock.engine.core.agenda import Agenda
from vpcmock.store import Store


_ABSENT = object()


class Run:
    """What a run of due events (engine/core/events.py) keeps beside the store while it lasts.

    - `until`: the instant the clock moves to;
    - `ahead`: the events a handler settled ahead of the clock (engine/core/ahead.py), counted
      as the clock counts them;
    - `log`: the activity events recorded, stored when the run ends (engine/platform/activity.py),
      of which only the newest `log_keep` can be kept: older ones are let go between events and
      counted (`log_dropped`);
    - `expiring`: per policy, the job records that were never stored because a sweep of this
      run removes them (engine/backup/jobs.py), counted by expiry instant (a fire closes its
      jobs at a few instants), with a heap of those instants; `closing`, those the event being
      handled adds (they join `expiring` once it is settled), and `swept`, those it removed;
    - `unseen`: the backups it makes and deletes before it ends, kept out of the store
      (engine/block_storage/unseen.py), or None while it has none;
    - the documents and maps it owns (`own`, `write_in_place`), each map with the values the
      event being handled overwrote in it;
    - `memo`: what the engine works out once per document for the whole run (what a backup takes
      of its volume, ...), keyed by (purpose, id of the document) with the document kept beside
      it (`remembered`); gone with the run, so it never keeps a document alive after it.

    What the event being handled changes here is undone with its changes if it fails (`discard`).
    """

    __slots__ = ("until", "ahead", "log", "log_keep", "log_dropped", "expiring", "closing", "swept", "_log_mark", "unseen",
                 "_owned", "_overwritten", "memo")

    def __init__(self, until: datetime, log_keep: int):
        self.until = until
        self.ahead: Counter = Counter()
        self.log: list = []
        self.log_keep = log_keep
        self.log_dropped = 0
        self.expiring: dict[str, tuple[list[str], dict[str, int]]] = {}
        self.closing: Counter = Counter()  # (policy id, expiry) -> records
        self.swept: list[tuple[str, str, int]] = []
        self._log_mark = 0
        self.unseen = None
        self._owned: dict[int, dict] = {}
        self._overwritten: list[tuple[dict, str, object]] = []
        self.memo: dict[tuple[str, int], tuple[object, object]] = {}

    def begin(self) -> None:
        """An event is about to be handled."""
        if len(self.log) > 2 * self.log_keep:
            dropped = len(self.log) - self.log_keep
            del self.log[:dropped]
            self.log_dropped += dropped
        self._log_mark = len(self.log)
        self.swept.clear()
        self._overwritten.clear()
        if self.unseen is not None:
            self.unseen.begin()

    def settle(self) -> None:
        """The event was handled: job records it closed unstored now wait for their sweep."""
        for (policy_id, expiry), count in self.closing.items():
            self._expire_later(policy_id, expiry, count)
        self.closing.clear()

    def _expire_later(self, policy_id: str, expiry: str, count: int) -> None:
        instants, counts = self.expiring.setdefault(policy_id, ([], {}))
        if expiry not in counts:
            heapq.heappush(instants, expiry)
            counts[expiry] = count
        else:
            counts[expiry] += count

    def sweep_unstored(self, policy_id: str, instant: str) -> int:
        """How many of a policy's unstored job records have expired by `instant` (RFC 3339);
        they are swept now."""
        found = self.expiring.get(policy_id)
        if not found:
            return 0
        instants, counts = found
        removed = 0
        while instants and instants[0] <= instant:
            expiry = heapq.heappop(instants)
            count = counts.pop(expiry)
            self.swept.append((policy_id, expiry, count))
            removed += count
        return removed

    def unstored_left(self, policy_id: str | None = None) -> bool:
        """Whether unstored job records (of a policy, or any) wait for a sweep."""
        if policy_id is None:
            return any(instants for instants, _ in self.expiring.values())
        found = self.expiring.get(policy_id)
        return bool(found and found[0])

    def discard(self) -> None:
        """The event failed: what it added goes with its changes, what it removed comes back."""
        self.ahead.clear()
        del self.log[self._log_mark:]
        self.closing.clear()
        for policy_id, expiry, count in self.swept:
            self._expire_later(policy_id, expiry, count)
        self.swept.clear()
        while self._overwritten:
            mapping, key, value = self._overwritten.pop()
            if value is _ABSENT:
                del mapping[key]
            else:
                mapping[key] = value
        if self.unseen is not None:
            self.unseen.discard()

    def remembered(self, purpose: str, doc, make):
        """`make()`, worked out once in the run for the very object `doc` (documents and their
        lists are never changed in place, but for a run's own copies, whose changes never touch
        what is remembered of them: see each purpose)."""
        key = (purpose, id(doc))
        found = self.memo.get(key)
        if found is not None and found[0] is doc:
            return found[1]
        value = make()
        self.memo[key] = (doc, value)
        return value

    def own(self, doc: dict) -> dict:
        """`doc` (a document or map the run made) is the run's: only the run holds it, so it may
        change it in place (Store.patch, write_in_place) while the run lasts."""
        self._owned[id(doc)] = doc
        return doc

    def owns(self, doc: dict) -> bool:
        return self._owned.get(id(doc)) is doc

    def write_in_place(self, mapping: dict, written: dict) -> dict:
        """`mapping` with `written` over it, as a map of this run's own: the first time, a copy
        (what the documents of before the run hold stays as it is); after, the same map, written
        in place. A document of the run that held the map before sees the writes too, which is
        what the store's undo of a failed event puts back: so the values overwritten are kept,
        and `discard` puts them back. For a map only the engine reads during a run (a volume's
        blocks: nothing reads the state until the run ends, engine/core/ahead.py)."""
        if not self.owns(mapping):
            mapping = self.own(dict(mapping))  # kept alive: its id is not reused while the run lasts
        log = self._overwritten
        for key, value in written.items():
            log.append((mapping, key, mapping.get(key, _ABSENT)))
            mapping[key] = value
        return mapping


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
