"""A background thread that does one step of work at each poll until it is stopped."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class Worker:
    """Subclasses give `name` and implement `step()`; a step that raises is logged, and the
    worker carries on at the next poll."""

    name = "vpcmock-worker"

    def __init__(self, poll_seconds: float):
        self.poll_seconds = poll_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)

    def start(self) -> "Worker":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def pause(self, seconds: float) -> bool:
        """Wait `seconds` unless stopped first; answers True if stopped."""
        return self._stopping.wait(seconds)

    def _run(self) -> None:
        while not self._stopping.wait(self.poll_seconds):
            try:
                self.step()
            except Exception:
                log.exception("%s: step failed", self.name)

    def step(self) -> None:
        raise NotImplementedError
