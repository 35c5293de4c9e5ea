"""The objects one running mock shares between requests and its scheduler."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field

from collections import Counter
from contextlib import contextmanager
from datetime import datetime

from vpcmock import catalog
from vpcmock.config import ConfigError, Settings
from vpcmock.errors import ApiError
from vpcmock.errors import field as error_target
from vpcmock.engine.core import events
from vpcmock.engine.platform import accounts
from vpcmock.engine.core.agenda import Agenda
from vpcmock.engine.core.clock import Clock
from vpcmock.faults import Faults
from vpcmock.state_snapshots import Snapshot, Snapshots
from vpcmock.store import Store, open_storage
from vpcmock.store.storage import JournaledStorage
from vpcmock.timeutil import rfc3339

CLOCK_KEY = "clock"
SECRET_KEY = "token_secret"


def load_seed(path) -> dict:
    """A state written by `vpcmock state export` (or any state file, its journal replayed)."""
    data = JournaledStorage(path).read() if os.path.exists(path) else None
    if data is None:
        raise ConfigError(f"--seed {path}: no state there")
    return data


@dataclass
class Runtime:
    settings: Settings
    store: Store
    clock: Clock
    agenda: Agenda
    webhook_stats: dict = field(default_factory=dict)  # kept by the webhook notifier
    snapshots: Snapshots = field(default_factory=Snapshots)
    faults: Faults = field(default_factory=Faults)

    @classmethod
    def open(cls, settings: Settings) -> "Runtime":
        try:  # a user catalogue replaces the one the state held (as --config replaces the accounts)
            extension = catalog.load_extension(settings.catalogue_path) if settings.catalogue_path else None
        except catalog.CatalogueError as exc:
            raise ConfigError(str(exc)) from None
        store = Store(open_storage(settings.state_path))
        clock = Clock.from_state(store.meta(CLOCK_KEY))
        runtime = cls(settings, store, clock, Agenda.rebuild(store))
        if settings.seed_path is not None:
            runtime.restore_state(load_seed(settings.seed_path))
        document = settings.iam_document()
        directory = accounts.parse_directory(document) if document is not None else None
        with store.transaction():
            if store.meta(SECRET_KEY) is None:
                store.set_meta(SECRET_KEY, secrets.token_hex(32))
            if directory is not None:  # the configuration file replaces what the state held
                store.set_meta(accounts.IAM_META, directory)
            if extension is not None:
                store.set_meta(catalog.META_KEY, extension)
        return runtime

    # -- state snapshots --------------------------------------------------------------------

    def take_snapshot(self, name: str) -> Snapshot:
        with self.store.lock:
            self.catch_up()
            snapshot = Snapshot(Snapshots.check_name(name), self.store.export(), self.clock.to_state(),
                                rfc3339(self.clock.now()))
        self.snapshots.put(snapshot)
        return snapshot

    def restore_snapshot(self, name: str, now: datetime | None = None, frozen: bool = True) -> int:
        """Restore a snapshot; with `now`, the clock shows that instant afterwards (frozen or
        not). The clock goes back only over a snapshot that holds no resources: resources made
        after the instant they would then predate would make no sense."""
        snapshot = self.snapshots.get(name)
        clock_state = snapshot.clock
        if now is not None:
            holds = any(rows for table, rows in snapshot.data.items() if table != "meta")
            if holds and rfc3339(now) < snapshot.taken_at:
                raise ApiError(400, "clock_backwards", f"now must not be before {snapshot.taken_at}, when snapshot "
                               f"{name!r} was taken (it holds resources)", error_target("now", rfc3339(now)))
            clock_state = self.clock.state_at(now, frozen)
        return self.restore_state(snapshot.data, clock_state)

    def restore_state(self, data: dict, clock_state: dict | None = None) -> int:
        """Make the state `data` (TinyDB data), clock and agenda included, in one transaction.
        Answers the documents that changed."""
        meta = data.get("meta", {})
        clock_state = clock_state or (meta.get(CLOCK_KEY) or {}).get("value") or self.clock.to_state()
        with self._undoing_on_failure(), self.store.transaction():
            removed, put = self.store.restore(data)
            self.clock.restore({"offset": 0.0, "frozen_at": None, "high_water": 0.0, **clock_state})
            self.save_clock()
            # The agenda drops entries of documents that are gone or changed when it meets
            # them; what came back is indexed again.
            for table, doc in put:
                self.agenda.track(table, doc)
        return removed + len(put)

    def close(self) -> None:
        """A clean shutdown: the state file is left whole (its journal folded in)."""
        self.store.close()

    @property
    def token_secret(self) -> str:
        return self.store.meta(SECRET_KEY)

    def save_clock(self) -> None:
        """Record the clock in the state (inside a transaction)."""
        self.store.set_meta(CLOCK_KEY, self.clock.to_state())

    def catch_up(self, until: datetime | None = None) -> Counter:
        """Run every event due up to `until` (default: now) in one transaction."""
        until = until or self.clock.now()
        next_instant = self.agenda.next_instant()
        if next_instant is None or next_instant > until:
            return Counter()
        with self._undoing_on_failure():
            with self.store.transaction():
                return events.run_due(self.store, self.agenda, until)

    def move_clock(self, *, advance: float | None = None, to: datetime | None = None,
                   frozen: bool | None = None) -> Counter:
        """Move the clock `advance` seconds ahead or `to` an instant, running what falls due
        in time order; then freeze or unfreeze it if `frozen` is given.

        Events are handled at their own instants as the clock passes them, so an event can
        schedule another that falls due before the target and it runs too. The events and the
        new clock are written together, or (if anything fails) neither is.
        """
        counts: Counter = Counter()
        with self._undoing_on_failure(), self.store.transaction():
            if advance is not None:
                to = self.clock.advance(advance)
            elif to is not None:
                self.clock.set_to(to)  # raises ClockError if it would go back
            if to is not None:
                counts = events.run_due(self.store, self.agenda, to)
            if frozen is not None:
                self.clock.freeze(frozen)
            self.save_clock()
        return counts

    @contextmanager
    def _undoing_on_failure(self):
        """The store rolls a failed transaction back; this puts the clock and the agenda's
        index (whose entries the event loop pops) back in step with it."""
        with self.store.lock:
            clock_before = self.clock.to_state()
            try:
                yield
            except BaseException:
                self.clock.restore(clock_before)
                self.agenda.reindex(self.store)
                raise

    def reset(self) -> None:
        """Empty the state (keeping the token secret, so clients' tokens stay valid)."""
        with self.store.transaction():
            # Kept: configuration (keys, webhook). The store's sequence (which numbers activity
            # events for a webhook's cursor) is not reset either.
            self.store.clear(keep_meta=(SECRET_KEY, CLOCK_KEY, accounts.IAM_META, "webhook", catalog.META_KEY))
        self.agenda = Agenda()
