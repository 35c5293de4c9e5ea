"""The background scheduler: runs due events as the clock reaches them while it is unfrozen.

Requests also catch up before they act, so the scheduler is what makes backups appear while
nobody calls the API (``terraform apply``, then a wait). A frozen clock only moves through
``POST /mock/clock``, which processes what it passes itself.
"""

from __future__ import annotations

import logging
import threading

from vpcmock.runtime import Runtime

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5


class Scheduler:
    def __init__(self, runtime: Runtime, poll_seconds: float = POLL_SECONDS):
        self.runtime = runtime
        self.poll_seconds = poll_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vpcmock-scheduler", daemon=True)

    def start(self) -> "Scheduler":
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stopping.wait(self.poll_seconds):
            if self.runtime.clock.frozen:
                continue
            try:
                counts = self.runtime.catch_up()
            except Exception:  # keep the scheduler alive; the event loop logs handler failures
                log.exception("background catch-up failed")
                continue
            if counts:
                log.info("scheduler ran %s", dict(counts))

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
