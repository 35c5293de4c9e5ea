"""A clock move answers the same whether backups are settled ahead or run step by step.

With `ahead.SETTLE_AHEAD` (the default), a capture the clock is moving past, with nothing due in
between that could see it pending, is stored captured at its fire and its creation job closed;
activity events are stored when the move ends if still among the newest; job records a sweep of
the same move removes are never stored. Step by step, every capture completes as its own event
and every record is stored and then removed. The same scenario (hourly, daily and age-limited
plans, cross-region copies and one that stalls, fast restore clones, a capture longer than an
hour, failing jobs, activity past its cap, job records past their 30 days) is run both ways,
with the same random draws, and everything a client can read is compared at each stop.
"""

import json
import random

import pytest
import requests

from conftest import Sim, start_server
from vpcmock import ids
from vpcmock.engine.block_storage import unseen
from vpcmock.engine.core import ahead
from vpcmock.engine.core.context import Run

HOUR = 3600
DAY = 86400


def scenario(sim: Sim) -> list:
    """Build the scenario, move the clock in three steps, and answer what a client sees at each stop."""
    for n in range(8):
        sim.volume(f"h{n}", tags=["hourly"])
    sim.volume("big", tags=["hourly"], capacity=4000)  # its first capture (4,000 s) spans the next fire
    sim.volume("gen1", tags=["hourly"], profile="general-purpose")  # not attached: its jobs fail
    daily = [sim.volume(f"d{n}", tags=["daily"], capacity=200) for n in range(2)]
    sim.volume("n0", tags=["nightly"])
    sim.volume("c0", tags=["copied"])
    sim.volume("z0", tags=["cloned"])
    for volume in daily:
        sim.write(volume["id"], blocks={"0": f"{volume['name']}-first"})
        sim.admin("PUT", f"/volumes/{volume['id']}/change_rate", {"daily_gb": 50})

    hourly = sim.policy(["hourly"], name="hourly")
    hourly_plan = sim.plan(hourly, "0 * * * *", deletion_trigger={"delete_over_count": 24})
    by_age = sim.policy(["daily"], name="daily")
    sim.plan(by_age, "30 2 * * *", name="night", deletion_trigger={"delete_after": 3})
    sim.plan(by_age, "0 12 * * *", name="noon", deletion_trigger={"delete_over_count": 2})
    sim.plan(sim.policy(["nightly"], name="nightly"), "10 1 * * *", deletion_trigger={"delete_over_count": 2})
    copied = sim.policy(["copied"], name="copied")
    sim.plan(copied, "15 */6 * * *", deletion_trigger={"delete_over_count": 3},
             remote_region_policies=[{"region": {"name": "us-east"}, "delete_over_count": 2}])
    cloned = sim.policy(["cloned"], name="cloned")
    sim.plan(cloned, "45 */4 * * *", deletion_trigger={"delete_over_count": 2},
             clone_policy={"zones": [{"name": "us-south-1"}], "max_snapshots": 1})
    fault = requests.post(f"{sim.url}/mock/faults/jobs",
                          json={"count": 3, "reason": "snapshot_volume_limit", "plan_id": hourly_plan["id"]})
    assert fault.status_code == 201, fault.text
    stall = requests.post(f"{sim.url}/mock/faults/copies", json={"count": 1, "region": "us-east"})
    assert stall.status_code == 201, stall.text

    seen = [sim.advance(35 * DAY + 1234), observe(sim)]
    sim.admin("POST", "/faults/copies/release")
    sim.write(daily[0]["id"], blocks={"1": "later"})
    seen += [sim.advance(HOUR + 3 * 60), observe(sim)]
    seen += [sim.advance(2 * DAY), observe(sim)]
    return seen


def observe(sim: Sim) -> dict:
    """Everything a client can read: the whole state (the export holds private fields and the
    store's sequence), the API's lists and the simulation views."""
    export = requests.get(f"{sim.url}/mock/state/export").json()
    export["meta"].pop("token_secret")  # drawn from `secrets` by each server
    export["meta"].pop("clock")  # its fractions of a second come from the wall clock ("clock" below)
    policies = sim.collect("/backup_policies", "backup_policies")
    snapshots = sim.snapshots()
    seen = {
        "clock": requests.get(f"{sim.url}/mock/clock").json(),
        "export": export,
        "state": sim.admin("GET", "/state"),
        "policies": policies,
        "plans": {p["id"]: sim.collect(f"/backup_policies/{p['id']}/plans", "plans") for p in policies},
        "jobs": {p["id"]: sim.jobs(p) for p in policies},
        "snapshots": snapshots,
        "copies": sim.snapshots(region="us-east"),
        "simulation": {s["id"]: sim.simulation(s["id"]) for s in snapshots},
        "events": sim.admin("GET", "/events"),
        "volumes": sim.collect("/volumes", "volumes"),
        "stalls": sim.admin("GET", "/faults/copies"),
    }
    return json.loads(json.dumps(seen).replace(sim.url, "http://mock"))  # each server has its own port


def run(settle_ahead: bool, monkeypatch) -> list:
    monkeypatch.setattr(ahead, "SETTLE_AHEAD", settle_ahead)
    server = start_server(scheduler=False)
    try:
        ids._rng.seed(30)
        random.seed(30)
        return scenario(Sim(server))
    finally:
        server.close()


def first_difference(a, b, path="") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        return next((d for k in a if (d := first_difference(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := first_difference(x, y, f"{path}[{i}]"))), None)
    return None if a == b else f"{path}: {a!r} != {b!r}"


@pytest.fixture
def outcomes(monkeypatch):
    """How often a capture could be settled ahead, and how many job records were left unstored."""
    found = {"settled": 0, "stepped": 0, "unstored": 0, "unseen": 0}
    may_settle, settle, fits = ahead.may_settle, Run.settle, unseen.fits

    def counting_may_settle(ctx, instant):
        answer = may_settle(ctx, instant)
        found["settled" if answer else "stepped"] += 1
        return answer

    def counting_settle(self):
        found["unstored"] += sum(self.closing.values())
        settle(self)

    def counting_fits(*args):
        answer = fits(*args)
        found["unseen"] += answer
        return answer

    monkeypatch.setattr(ahead, "may_settle", counting_may_settle)
    monkeypatch.setattr(Run, "settle", counting_settle)
    monkeypatch.setattr(unseen, "fits", counting_fits)
    return found


@pytest.fixture(scope="module")
def stepped():
    """The scenario step by step (run once for the module)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return run(False, monkeypatch)


def test_every_answer_is_the_same_with_backups_settled_ahead_as_step_by_step(monkeypatch, outcomes, stepped):
    settled = run(True, monkeypatch)
    # Both ways were taken: most captures settled at their fire, some (the long first capture,
    # those with a failing job's report due before their end) step by step, job records past
    # their 30 days were never stored, and backups retention deleted within the move were kept
    # out of the store.
    assert outcomes["settled"] > 5000 and outcomes["stepped"] > 0 and outcomes["unstored"] > 1000
    assert outcomes["unseen"] > 5000
    counts = stepped[0]["events"]
    assert counts["job_record_expired"] > 0 and counts["job_failed"] == 35 * 24 + 3 and counts["copy_completed"] > 0
    assert len(stepped[1]["events"]["events"]) > 9000  # the log was pruned during the move
    assert first_difference(stepped, settled) is None


def test_a_backup_kept_out_of_the_store_that_the_move_does_not_delete_is_stored_when_it_ends(monkeypatch, stepped):
    """Every backup of the hourly plan settled at its fire is kept out of the store, even the
    last 24 of each volume that retention keeps: each move stores them as it ends (the 9
    volumes the hourly plan backs up, generation 1 aside: their last 24 after 35 days, the one
    fire of the next hour, their last 24 after 2 more days), and every answer is still the same."""
    stored_at_end = []
    store_remaining = unseen.store_remaining

    def counting_store_remaining(store, agenda, held):
        stored_at_end.append(len(held.rows) if held is not None else 0)
        store_remaining(store, agenda, held)

    monkeypatch.setattr(unseen, "fits", lambda ctx, policy, plan, volume, captured: plan["cron_spec"] == "0 * * * *")
    monkeypatch.setattr(unseen, "store_remaining", counting_store_remaining)
    settled = run(True, monkeypatch)
    assert [count for count in stored_at_end if count] == [9 * 24, 9, 9 * 24]
    assert first_difference(stepped, settled) is None
