"""The provider's waits for a resource to settle (resources/waiting.py), against a scripted API."""

from __future__ import annotations

import pytest

from vpcmock_provider.resources import waiting
from vpcmock_provider.resources.waiting import WaitError, duration, go_duration, wait_for


class ScriptedApi:
    """Answers each GET with the next (state, Date) of its script, the last one from then on."""

    def __init__(self, *answers: tuple[str, str]):
        self.answers, self.calls = list(answers), 0

    def call(self, method, path):
        state, date = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return {"lifecycle_state": state}, {"Date": date}


@pytest.fixture(autouse=True)
def fast(monkeypatch):
    monkeypatch.setattr(waiting, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(waiting, "STILL_SECONDS", 0.2)


def test_a_wait_ends_at_the_first_target_state():
    api = ScriptedApi(("pending", "Mon, 01 Jan 2029 00:00:00 GMT"), ("pending", "Mon, 01 Jan 2029 00:00:01 GMT"),
                      ("stable", "Mon, 01 Jan 2029 00:00:02 GMT"))
    assert (wait_for(api, "/snapshots/s", "lifecycle_state", ("stable", "failed"), 60), api.calls) == (
        {"lifecycle_state": "stable"}, 3)


def test_a_wait_on_a_service_whose_clock_stands_still_ends_with_what_it_holds():
    api = ScriptedApi(("pending", "Mon, 01 Jan 2029 00:00:00 GMT"))
    assert wait_for(api, "/snapshots/s", "lifecycle_state", ("stable", "failed"), 60) == {"lifecycle_state": "pending"}


def test_a_wait_past_its_timeout_fails_with_the_ibm_providers_words():
    dates = [("pending", f"Mon, 01 Jan 2029 00:00:{n:02d} GMT") for n in range(60)]  # the clock runs
    with pytest.raises(WaitError) as failed:
        wait_for(ScriptedApi(*dates), "/snapshots/s", "lifecycle_state", ("stable", "failed"), 0.05)
    assert failed.value.summary == ("timeout while waiting for state to become 'stable, failed' "
                                    "(last state: 'pending', timeout: 0s)")


def test_timeouts_read_as_go_durations():
    assert (duration("10m", 1), duration("1h30m", 1), duration("90s", 1), duration(None, 600),
            go_duration(600), go_duration(5400)) == (600, 5400, 90, 600, "10m0s", "1h30m0s")


def test_a_timeout_that_is_no_duration_is_refused():
    with pytest.raises(WaitError) as refused:
        duration("ten minutes", 600)
    assert refused.value.summary == "invalid duration 'ten minutes'"
