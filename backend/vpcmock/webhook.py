"""Activity events pushed to a webhook: each new event is POSTed as JSON to the configured URL.

A background thread does the sending, so a slow or failing receiver never holds up the request
whose change caused the event. Each event is tried up to ATTEMPTS times with doubling pauses,
then counted as failed; events are delivered in order. Only loopback URLs are accepted: the
mock talks to nothing off the machine. The cursor is kept in memory: after a restart only
events recorded from then on are sent.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlparse

from vpcmock.engine.platform import activity
from vpcmock.runtime import Runtime
from vpcmock.worker import Worker

log = logging.getLogger(__name__)

WEBHOOK_META = "webhook"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
POLL_SECONDS = 0.2
ATTEMPTS = 5
FIRST_PAUSE_SECONDS = 0.2
TIMEOUT_SECONDS = 2.0


def check_url(url: object) -> str | None:
    """Why `url` cannot be a webhook, or None."""
    if not isinstance(url, str):
        return "url must be a string"
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return f"{url!r} is not a valid URL"
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return f"{url!r} is not an http(s) URL"
    if parsed.hostname not in LOOPBACK_HOSTS:
        return f"{url!r} is not on loopback: the mock sends nothing off this machine"
    return None


class WebhookNotifier(Worker):
    name = "vpcmock-webhook"

    def __init__(self, runtime: Runtime, poll_seconds: float = POLL_SECONDS):
        super().__init__(poll_seconds)
        self.runtime = runtime
        self.stats = runtime.webhook_stats
        self.stats.update(delivered=0, failed=0, last_error=None)
        with runtime.store.transaction():
            self._cursor = activity.newest_seq(runtime.store)

    def step(self) -> None:
        with self.runtime.store.transaction():
            url = self.runtime.store.meta(WEBHOOK_META)
            fresh = activity.newer_than(self.runtime.store, self._cursor)
        if fresh and url is None:  # no webhook: nothing is owed for these events
            self._cursor = fresh[-1]["seq"]
            return
        for event in fresh:
            if self.stopping:
                return
            self._deliver(url, activity.public(event))
            self._cursor = event["seq"]

    def _deliver(self, url: str, event: dict) -> None:
        body = json.dumps(event).encode()
        pause = FIRST_PAUSE_SECONDS
        for attempt in range(1, ATTEMPTS + 1):
            request = urllib.request.Request(url, data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                    if 200 <= response.status < 300:
                        self.stats["delivered"] += 1
                        return
                    error = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
            except (OSError, urllib.error.URLError) as exc:
                error = str(exc)
            self.stats["last_error"] = f"{event['id']}: attempt {attempt}: {error}"
            if attempt < ATTEMPTS and self.pause(pause):
                return
            pause *= 2
        self.stats["failed"] += 1
        log.warning("webhook gave up on %s after %d attempts: %s", event["id"], ATTEMPTS, error)
