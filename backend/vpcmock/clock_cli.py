"""``vpcmock clock``: read, freeze, set and advance the clock of a running mock over its admin API.

A long advance is sent as a series of steps so a progress bar can follow it; each step is a
normal ``POST /mock/clock`` that processes, in time order, what falls due within it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import timedelta

from vpcmock import admin_client
from vpcmock.timeutil import LATEST_INSTANT, parse_rfc3339, rfc3339

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
STEPS = 50
MAX_STEP = timedelta(days=7)


class ClockCommandError(Exception):
    pass


def parse_duration(text: str) -> float:
    """'90s', '15m', '36h', '7d', '2w' or combinations such as '1d12h'; a bare number is seconds."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ClockCommandError(f"not a duration: {text!r} (examples: 90s, 15m, 36h, 7d, 2w, 1d12h)")
    return sum(float(number) * _UNITS[unit] for number, unit in parts)


def _call(url: str, body: dict | None = None) -> dict:
    try:
        return admin_client.call(url, "GET" if body is None else "POST", "/mock/clock", body, timeout=3600)
    except admin_client.AdminError as exc:
        raise ClockCommandError(exc.message) from None


def _bar(done: float, total: float, now: str, width: int = 30) -> str:
    share = 1.0 if total <= 0 else min(1.0, done / total)
    filled = int(share * width)
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {share:6.1%}  {now}"


def advance(url: str, seconds: float, out=sys.stderr, what: str | None = None) -> dict:
    if seconds == 0:  # a no-op, as POST /mock/clock {"advance_seconds": 0} is (a running clock moves on meanwhile)
        return _call(url, {"advance_seconds": 0})
    start = parse_rfc3339(_call(url)["now"])
    # Refused before any step is sent, as POST /mock/clock refuses it: a move that would stop
    # partway (or overflow a datetime: 1000000000000d) must move nothing.
    if seconds >= (LATEST_INSTANT - start).total_seconds():
        raise ClockCommandError(f"advancing {what or f'{seconds:g}s'} would move the clock past "
                                f"{rfc3339(LATEST_INSTANT)}")
    target = start + timedelta(seconds=seconds)
    step = min(MAX_STEP, max(timedelta(hours=1), timedelta(seconds=seconds) / STEPS))
    counts: Counter = Counter()
    moment, answer = start, None
    show = seconds > 86400 and out is not None and out.isatty()
    while moment < target or answer is None:
        moment = min(target, moment + step)
        answer = _call(url, {"to": rfc3339(moment)})
        counts.update(answer["events"])
        if show:
            out.write(_bar((moment - start).total_seconds(), seconds, answer["now"]))
            out.flush()
    if show:
        out.write("\n")
    return {"now": answer["now"], "frozen": answer["frozen"], "events": dict(counts)}


def run(url: str, verb: str | None, value: str | list[str] | None) -> dict:
    """`value`: the argument(s) after the verb; advance sums several durations (``1d 2h``)."""
    values = [] if value is None else [value] if isinstance(value, str) else list(value)
    if verb is None:
        if values:
            raise ClockCommandError(f"a value needs a verb (advance, set): {' '.join(values)}")
        return _call(url)
    if verb == "advance":
        if not values:
            raise ClockCommandError("advance needs a duration, for example: vpcmock clock advance 36h")
        return advance(url, sum(parse_duration(v) for v in values), out=sys.stderr, what=" ".join(values))
    if verb in ("freeze", "unfreeze") and values:
        raise ClockCommandError(f"{verb} takes no value")
    if verb == "set":
        if len(values) != 1:
            raise ClockCommandError("set takes one RFC 3339 instant, for example 2030-01-01T00:00:00Z")
        value = values[0]
        try:
            parse_rfc3339(value)
        except ValueError as exc:
            raise ClockCommandError(str(exc)) from None
        return _call(url, {"to": value})
    if verb in ("freeze", "unfreeze"):
        return _call(url, {"frozen": verb == "freeze"})
    raise ClockCommandError(f"unknown clock verb {verb!r}")

