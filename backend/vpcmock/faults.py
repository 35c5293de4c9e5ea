"""Fault and latency injection: rules that make matching requests fail or wait.

A rule matches a request by method, path pattern (`fnmatch`: `/v1/backup_policies*`), region
and account (any of them left out matches all). It fires on every match, with a probability,
on the N-th match only (`nth`), and at most `count` times; it expires after `ttl_seconds` of
wall time. Firing answers an IBM-shaped error (`status`, `code`, `message`, and `Retry-After`
for a `retry_after`) or waits `latency_ms` first and lets the request through. Probabilities
draw from a random generator seeded per rule (`seed`, default 0), so a run is repeatable.

Rules live in the server's memory. The first matching rule that fires is applied; every
firing is recorded in the activity log (`/mock/events`, action `vpcmock.fault.inject`).
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
import time
from dataclasses import dataclass, field

from vpcmock.errors import ApiError
from vpcmock.errors import field as field_target

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
FIELDS = ("method", "path", "region", "account", "probability", "count", "nth", "status", "code", "message",
          "retry_after", "latency_ms", "ttl_seconds", "seed")


@dataclass
class Rule:
    id: str
    method: str | None = None
    path: str = "*"
    region: str | None = None
    account: str | None = None
    probability: float = 1.0
    count: int | None = None
    nth: int | None = None
    status: int | None = None
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    latency_ms: int = 0
    ttl_seconds: float | None = None
    seed: int = 0
    created: float = field(default_factory=time.monotonic)
    matched: int = 0
    fired: int = 0
    _random: random.Random = field(default=None, repr=False)

    def __post_init__(self):
        self._random = random.Random(self.seed)

    def expired(self, now: float) -> bool:
        return (self.ttl_seconds is not None and now - self.created >= self.ttl_seconds) or \
            (self.count is not None and self.fired >= self.count)

    def matches(self, method: str, path: str, region: str | None, account: str | None) -> bool:
        return ((self.method is None or self.method == method) and fnmatch.fnmatchcase(path, self.path)
                and (self.region is None or self.region == region)
                and (self.account is None or self.account == account))

    def fires(self) -> bool:
        """Count a match and decide (seeded) whether the rule fires on it."""
        self.matched += 1
        if self.nth is not None:
            firing = self.matched == self.nth
        else:
            firing = self.probability >= 1 or self._random.random() < self.probability
        if firing:
            self.fired += 1
        return firing

    def describe(self) -> dict:
        shown = {name: getattr(self, name) for name in ("id", *FIELDS)}
        return {**shown, "matched": self.matched, "fired": self.fired}

    def error(self) -> ApiError | None:
        if self.status is None:
            return None
        message = self.message or f"Injected fault ({self.id})"
        error = ApiError(self.status, self.code or "service_unavailable", message)
        if self.retry_after is not None:
            error.headers = {"Retry-After": str(self.retry_after)}
        return error


def _check(body: dict) -> dict:
    def bad(name, why):
        return ApiError(400, "invalid_field_value", f"{name} {why}", field_target(name, body.get(name)))

    # (a name not in FIELDS is refused by the route: routes/faults.py)
    if body.get("method") is not None and body["method"] not in METHODS:
        raise bad("method", f"must be one of {', '.join(METHODS)}")
    for name in ("path", "region", "account", "code", "message"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise bad(name, "must be a string")
    for name, low in (("count", 1), ("nth", 1), ("retry_after", 0), ("latency_ms", 0), ("seed", 0)):
        value = body.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < low):
            raise bad(name, f"must be a whole number of at least {low}")
    if "status" in body and body["status"] is not None:
        if not isinstance(body["status"], int) or not 400 <= body["status"] <= 599:
            raise bad("status", "must be an HTTP error status from 400 to 599")
    probability = body.get("probability", 1.0)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 < probability <= 1:
        raise bad("probability", "must be a number above 0 and at most 1")
    ttl = body.get("ttl_seconds")
    if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0):
        raise bad("ttl_seconds", "must be a positive number of seconds")
    if body.get("status") is None and not body.get("latency_ms"):
        raise ApiError(400, "missing_field", "A rule needs a status (an error to answer) or latency_ms (a delay)",
                       field_target("status"))
    if body.get("nth") is not None and "probability" in body:
        raise ApiError(400, "invalid_field_value", "nth and probability cannot be combined", field_target("nth"))
    return body


class Faults:
    def __init__(self):
        self._rules: dict[str, Rule] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def add(self, body: dict) -> Rule:
        rule = Rule(id=f"fault-{next(self._ids)}", **_check(body))
        with self._lock:
            self._rules[rule.id] = rule
        return rule

    def all(self) -> list[Rule]:
        self._prune()
        with self._lock:
            return list(self._rules.values())

    def __bool__(self) -> bool:
        """Whether any rule is held (expired ones included): the cheap test every request makes."""
        return bool(self._rules)

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            return self._rules.pop(rule_id, None) is not None

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def _prune(self) -> None:
        now = time.monotonic()
        with self._lock:
            for rule_id in [r.id for r in self._rules.values() if r.expired(now)]:
                del self._rules[rule_id]

    def firing(self, method: str, path: str, region: str | None, account: str | None) -> Rule | None:
        """The first rule that fires on this request, if any."""
        self._prune()
        with self._lock:
            for rule in self._rules.values():
                if rule.matches(method, path, region, account) and rule.fires():
                    return rule
        return None
