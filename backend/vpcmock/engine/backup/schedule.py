"""Backup plan schedules: 5-field UTC cron specs, each firing at most once an hour.

Whether a spec fires at all is checked over four calendar years from 2028 (which covers every
month length and a leap day). Plans of one policy are not checked against each other: they
may share a schedule.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

from croniter import croniter

MIN_GAP_MINUTES = 60
_WINDOW_START = date(2028, 1, 1)
_WINDOW_DAYS = 4 * 365 + 1


class ScheduleError(ValueError):
    """`code` is the API error code; `message` says what is wrong."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@lru_cache(maxsize=1024)
def _expand(text: str):
    return croniter.expand(text)


# Specs whose fields are numbers, ranges, lists and steps only: their next instant is found from
# the expanded fields (next_after); names, L, W, # and ? are left to croniter.
_PLAIN = re.compile(r"^[0-9*,/\-]+( [0-9*,/\-]+){4}$")


class CronSpec:
    def __init__(self, text: str):
        if not isinstance(text, str) or len(text.split()) != 5:
            raise ScheduleError("plan_cron_spec_invalid",
                                f"cron_spec {text!r} must have 5 fields: minute hour day-of-month month day-of-week")
        try:
            expanded, _ = _expand(text)
        except Exception as exc:  # croniter raises several types for bad specs
            raise ScheduleError("plan_cron_spec_invalid", f"cron_spec {text!r} is not valid: {exc}") from None
        self.text = text
        minutes, hours, days, months, weekdays = expanded
        minutes = range(60) if minutes == ["*"] else minutes
        hours = range(24) if hours == ["*"] else hours
        self.minutes_of_day = sorted(h * 60 + m for h in hours for m in minutes)
        self._days = None if days == ["*"] else set(days)
        self._months = None if months == ["*"] else set(months)
        self._weekdays = None if weekdays == ["*"] else {d % 7 for d in weekdays}
        fields = text.split()
        self._dom_star = fields[2] == "*"
        self._dow_star = fields[4] == "*"
        # Found here rather than by croniter (a plan fires once a clock hour in a simulated
        # year: 8,760 times): plain fields, and day of month or day of week unrestricted.
        self._plain = bool(_PLAIN.match(text)) and (self._dom_star or self._dow_star)

    def fires_on(self, day: date) -> bool:
        if self._months is not None and day.month not in self._months:
            return False
        dom = self._days is None or day.day in self._days or ("l" in self._days and _is_last(day))
        dow = self._weekdays is None or day.isoweekday() % 7 in self._weekdays
        if not self._dom_star and not self._dow_star:
            return dom or dow  # cron: both restricted means either matches
        return dom and dow

    def next_after(self, moment: datetime) -> datetime:
        """The first instant the spec names strictly after `moment` (a whole minute, UTC)."""
        if self._plain:
            moment = moment.astimezone(timezone.utc)
            day = moment.date()
            first = bisect.bisect_right(self.minutes_of_day, moment.hour * 60 + moment.minute)
            for offset in range(_WINDOW_DAYS):
                if self.fires_on(day):
                    if first < len(self.minutes_of_day):
                        start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
                        return start + timedelta(minutes=self.minutes_of_day[first])
                first = 0
                day += timedelta(days=1)
        return croniter(self.text, moment).get_next(datetime).astimezone(timezone.utc)

    def fires_between(self, start: datetime, end: datetime):
        """Fire instants t with start < t <= end, in order."""
        iterator = croniter(self.text, start)
        while True:
            moment = iterator.get_next(datetime).astimezone(timezone.utc)
            if moment > end:
                return
            yield moment


def _is_last(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def check_frequency(spec: CronSpec, min_gap_minutes: int) -> None:
    """Raise ScheduleError if `spec` never fires or fires less than `min_gap_minutes` apart."""
    if not any(spec.fires_on(_WINDOW_START + timedelta(days=n)) for n in range(_WINDOW_DAYS)):
        raise ScheduleError("plan_cron_spec_invalid", f"cron_spec {spec.text!r} never fires")
    gaps = [b - a for a, b in zip(spec.minutes_of_day, spec.minutes_of_day[1:])]
    if gaps and min(gaps) < min_gap_minutes:
        every = "an hour" if min_gap_minutes == 60 else f"every {min_gap_minutes} minutes"
        raise ScheduleError("plan_cron_spec_invalid", f"cron_spec {spec.text!r} runs more often than once {every}")


@lru_cache(maxsize=1024)
def check_plan_schedule(text: str) -> None:
    """A plan's cron spec: valid, fires, and at most once an hour. Plans of one policy may share a
    schedule or fire close together (the IBM provider's acceptance tests create two plans with
    one cron_spec in one policy). The never-fires scan is done once per spec; failures are not
    cached."""
    check_frequency(CronSpec(text), MIN_GAP_MINUTES)
