"""Waiting for a resource to settle after a change, as the IBM provider's waits do
(resource.StateChangeConf: poll until one of the target states, or fail at the timeout).

The IBM provider waits for a snapshot to be `stable` before create returns, so whatever comes
next in the same apply (a volume restored from it, its fast restore clones) finds it ready.
It polls every 10 seconds after a 10-second delay; the mock answers at once, so this polls
every 0.2 s.

A mock's clock can be frozen, and then nothing pending ever settles: when the service's `Date`
(the mock's own time) has not moved for STILL_SECONDS of wall time, the wait ends with what
the API holds, as the provider did before it waited, rather than at the timeout.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable

from vpcmock_provider.client import Client

POLL_SECONDS = 0.2
STILL_SECONDS = 2.5
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


class WaitError(Exception):
    """A wait that ended badly, with the IBM provider's wording."""

    def __init__(self, summary: str, detail: str = ""):
        super().__init__(summary)
        self.summary, self.detail = summary, detail
        self.state: dict | None = None  # what was made regardless: Terraform keeps it, tainted


def duration(text: str | None, default_seconds: float) -> float:
    """A `timeouts` value (Go's duration: `10m`, `1h30m`, `90s`), or the default."""
    if not text:
        return default_seconds
    parts = _DURATION.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        raise WaitError(f"invalid duration {text!r}", "A timeout is a Go duration such as 10m, 1h30m or 90s.")
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def go_duration(seconds: float) -> str:
    """As Go prints a time.Duration: 10m0s, 1h30m0s, 45s."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


def wait_for(client: Client, path: str, field: str, targets: tuple[str, ...], timeout: float) -> dict:
    """The resource at `path` once its `field` is one of `targets`; a WaitError at the timeout."""
    deadline = time.monotonic() + timeout
    service_time, unchanged_since = None, time.monotonic()
    while True:
        resource, headers = client.call("GET", path)
        state = resource.get(field)
        if state in targets:
            return resource
        now = time.monotonic()
        date = headers.get("Date")
        if date != service_time:
            service_time, unchanged_since = date, now
        elif now - unchanged_since >= STILL_SECONDS:
            print(f"[WARN] {path} is still {state}, and the service's clock stands still (a frozen vpcmock "
                  "clock): not waiting for it", file=sys.stderr, flush=True)
            return resource
        if now >= deadline:
            raise WaitError(f"timeout while waiting for state to become '{', '.join(targets)}' "
                            f"(last state: '{state}', timeout: {go_duration(timeout)})")
        time.sleep(POLL_SECONDS)


def wait_stable(client: Client, path: str, timeout: float, made: Callable[[], dict], failure: str,
                detail: str = "") -> None:
    """Until the resource just created at `path` is `stable` (the IBM provider's
    isWaitFor...Available); a WaitError if it failed (`failure`, `detail`) or the timeout passed,
    carrying what was made (`made()`): the IBM provider sets the id before it waits, so Terraform
    keeps the resource, tainted."""
    try:
        if wait_for(client, path, "lifecycle_state", ("stable", "failed"), timeout)["lifecycle_state"] == "failed":
            raise WaitError(failure, detail)
    except WaitError as exc:
        exc.state = made()
        raise
