"""The background scheduler: runs due events as the clock reaches them while it is unfrozen.

Requests also catch up before they act, so the scheduler is what makes backups appear while
nobody calls the API (``terraform apply``, then a wait). A frozen clock only moves through
``POST /mock/clock``, which processes what it passes itself.
"""

from __future__ import annotations

import logging

from vpcmock.runtime import Runtime
from vpcmock.worker import Worker

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5


class Scheduler(Worker):
    name = "vpcmock-scheduler"

    def __init__(self, runtime: Runtime, poll_seconds: float = POLL_SECONDS):
        super().__init__(poll_seconds)
        self.runtime = runtime

    def step(self) -> None:
        if self.runtime.clock.frozen:
            return
        counts = self.runtime.catch_up()  # a failing handler is logged and undone by the event loop
        if counts:
            log.info("scheduler ran %s", dict(counts))
