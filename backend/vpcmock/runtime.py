"""The objects one running mock shares between requests and its scheduler."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from collections import Counter
from contextlib import contextmanager
from datetime import datetime

from vpcmock.config import Settings
from vpcmock.engine.core import events
from vpcmock.engine.platform import accounts
from vpcmock.engine.core.agenda import Agenda
from vpcmock.engine.core.clock import Clock
from vpcmock.store import Store, open_storage

CLOCK_KEY = "clock"
SECRET_KEY = "token_secret"


@dataclass
class Runtime:
    settings: Settings
    store: Store
    clock: Clock
    agenda: Agenda
    webhook_stats: dict = field(default_factory=dict)  # kept by the webhook notifier

    @classmethod
    def open(cls, settings: Settings) -> "Runtime":
        store = Store(open_storage(settings.state_path))
        clock = Clock.from_state(store.meta(CLOCK_KEY))
        runtime = cls(settings, store, clock, Agenda.rebuild(store))
        document = settings.iam_document()
        directory = accounts.parse_directory(document) if document is not None else None
        with store.transaction():
            if store.meta(SECRET_KEY) is None:
                store.set_meta(SECRET_KEY, secrets.token_hex(32))
            if directory is not None:  # the configuration file replaces what the state held
                store.set_meta(accounts.IAM_META, directory)
        return runtime

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
            self.store.clear(keep_meta=(SECRET_KEY, CLOCK_KEY, accounts.IAM_META, "webhook"))
        self.agenda = Agenda()
