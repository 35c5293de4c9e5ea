"""The mock's one clock: follows wall time by default, can be frozen or moved forward.

It never goes backwards: neither a set nor a wall-clock step back can make ``now()`` return
an earlier instant than it has already returned. Its state is a small dict persisted with
the rest of the state (``to_state`` / ``from_state``).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class ClockError(ValueError):
    pass


class Clock:
    def __init__(self, wall: Callable[[], float] = time.time, *, offset: float = 0.0,
                 frozen_at: float | None = None, high_water: float = 0.0):
        self._wall = wall
        self._offset = offset          # virtual = wall + offset while running
        self._frozen_at = frozen_at    # virtual instant while frozen
        self._high_water = high_water  # the latest instant ever returned
        self._lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------------

    def _raw(self) -> float:
        return self._frozen_at if self._frozen_at is not None else self._wall() + self._offset

    def timestamp(self) -> float:
        with self._lock:
            self._high_water = max(self._high_water, self._raw())
            return self._high_water

    def now(self) -> datetime:
        """The current instant, whole seconds (the API shows second precision)."""
        return EPOCH + timedelta(seconds=int(self.timestamp()))

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    # -- moving ----------------------------------------------------------------------------

    def set_to(self, instant: datetime) -> None:
        target = (instant - EPOCH).total_seconds()
        with self._lock:
            current = max(self._high_water, self._raw())
            if target < current:
                raise ClockError("the clock never goes backwards")
            self._move(target)

    def _move(self, target: float) -> None:
        if self._frozen_at is not None:
            self._frozen_at = target
        else:
            self._offset = target - self._wall()
        self._high_water = target

    def advance(self, seconds: float) -> datetime:
        """Move `seconds` ahead of the current reading, taken under the lock (so 0 on a running
        clock is never "backwards"); answers the new instant."""
        if seconds < 0:
            raise ClockError("the clock never goes backwards")
        with self._lock:
            target = max(self._high_water, self._raw()) + seconds
            self._move(target)
        return EPOCH + timedelta(seconds=target)

    def now_exact(self) -> datetime:
        return EPOCH + timedelta(seconds=self.timestamp())

    def freeze(self, frozen: bool) -> None:
        with self._lock:
            instant = max(self._high_water, self._raw())
            if frozen and self._frozen_at is None:
                self._frozen_at = instant
            elif not frozen and self._frozen_at is not None:
                self._offset = instant - self._wall()
                self._frozen_at = None

    # -- persistence -----------------------------------------------------------------------

    def to_state(self) -> dict:
        with self._lock:
            return {"offset": self._offset, "frozen_at": self._frozen_at, "high_water": self._high_water}

    def state_at(self, instant: datetime, frozen: bool) -> dict:
        """A state (for `restore`) whose clock shows `instant`, frozen there or running on."""
        target = (instant - EPOCH).total_seconds()
        return {"offset": target - self._wall(), "frozen_at": target if frozen else None, "high_water": target}

    def restore(self, state: dict) -> None:
        """Go back to a state taken with `to_state` (a clock move whose events were rolled back)."""
        with self._lock:
            self._offset, self._frozen_at, self._high_water = (state["offset"], state["frozen_at"],
                                                               state["high_water"])

    @classmethod
    def from_state(cls, state: dict | None, wall: Callable[[], float] = time.time) -> "Clock":
        state = state or {}
        return cls(wall, offset=state.get("offset", 0.0), frozen_at=state.get("frozen_at"),
                   high_water=state.get("high_water", 0.0))
