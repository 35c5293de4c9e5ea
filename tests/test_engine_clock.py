"""The clock around the engine: restarts between fires, the background scheduler, the CLI,
the simulation view of snapshots, restores from backups."""

import subprocess
import sys
import time

import pytest
import requests

from conftest import Sim, start_server
from vpcmock.clock_cli import ClockCommandError, parse_duration
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue

HOUR = 3600
DAY = 86400


def test_a_restart_between_fires_neither_loses_nor_repeats_a_fire(tmp_path):
    state = tmp_path / "state.json"
    server = start_server(state, scheduler=False)
    sim = Sim(server)
    sim.volume("data", tags=["t"], capacity=10)
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(2 * HOUR + 30)
    server.close()

    server = start_server(state, scheduler=False)
    try:
        again = Sim.__new__(Sim)
        super(Sim, again).__init__(server.url)
        again.server = server
        assert again.clock()["now"] == "2030-01-01T02:00:30Z"
        again.advance(2 * HOUR)
        created = sorted(s["created_at"] for s in again.snapshots())
        assert created == [f"2030-01-01T0{h}:00:00Z" for h in range(1, 5)]
        assert len(again.jobs(policy)) == 4
    finally:
        server.close()


def test_the_background_scheduler_runs_due_events_while_the_clock_follows_wall_time():
    server = start_server(scheduler=True)
    try:
        sim = Sim(server)
        sim.volume("data", tags=["t"], capacity=10)
        sim.plan(sim.policy(["t"]), "0 * * * *")
        sim.clock(to="2030-01-01T00:59:59Z", frozen=False)
        time.sleep(2.5)  # no API call in between: only the scheduler can make the backup
        state = requests.get(f"{server.url}/mock/state", params={"table": "snapshots"}).json()
        assert state["counts"] == {"snapshots": 1}
    finally:
        server.close()


def test_first_backup_is_full_and_later_ones_transfer_the_changed_data(sim):
    sim.volume("data", tags=["t"], capacity=500)
    sim.plan(sim.policy(["t"]), "0 0 * * *")
    sim.advance(3 * DAY)
    oldest, middle, newest = sorted(sim.snapshots(), key=lambda s: s["created_at"])
    assert sim.simulation(oldest["id"]) == {"id": oldest["id"], "transfer": "full", "size_transferred_gb": 500.0,
                                            "completed_at": "2030-01-02T00:08:20Z"}
    # 2% of 500 GB changes per day: one day later, 10 GB are captured in 10 s.
    assert sim.simulation(middle["id"]) == {"id": middle["id"], "transfer": "incremental", "size_transferred_gb": 10.0,
                                            "completed_at": "2030-01-03T00:00:10Z"}


def test_simulation_view_of_an_unknown_snapshot_is_a_404(sim):
    response = requests.get(f"{sim.url}/mock/snapshots/nope")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (404, "snapshot_not_found")


def test_a_volume_restored_from_a_backup_hydrates_then_is_ok(sim):
    sim.volume("data", tags=["t"], capacity=100)
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(HOUR + 100)
    (backup,) = sim.snapshots()
    restored = sim.ok("POST", "/volumes", {"name": "restored", "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
                                           "source_snapshot": {"id": backup["id"]}})
    assert (restored["capacity"], restored["health_state"]) == (100, "degraded")
    sim.advance(100)
    assert sim.ok("GET", f"/volumes/{restored['id']}")["health_state"] == "ok"


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("15m", 900), ("36h", 129600), ("7d", 604800),
                                           ("2w", 1209600), ("1d12h", 129600), ("45", 45)])
def test_clock_cli_reads_durations(text, seconds):
    assert parse_duration(text) == seconds


def test_clock_cli_refuses_a_malformed_duration():
    with pytest.raises(ClockCommandError, match="not a duration"):
        parse_duration("3 days")


def test_clock_cli_advance_moves_the_server_clock_and_sums_the_events(sim):
    sim.volume("data", tags=["t"], capacity=10)
    sim.plan(sim.policy(["t"]), "0 0 * * *")
    result = subprocess.run([sys.executable, "-m", "vpcmock", "clock", "advance", "36h", "--url", sim.url],
                            capture_output=True, text=True, check=True)
    assert '"now": "2030-01-02T12:00:00Z"' in result.stdout
    assert '"plan_fired": 1' in result.stdout
    assert sim.clock()["now"] == "2030-01-02T12:00:00Z"


def test_a_boot_volume_backup_boots_a_new_instance(sim):
    source = sim.ok("POST", "/instances", {"name": "web", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                           "image": {"id": UBUNTU}})
    boot_id = source["boot_volume_attachment"]["volume"]["id"]
    sim.ok("PATCH", f"/volumes/{boot_id}", {"user_tags": ["t"]})
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(HOUR + 100)
    (backup,) = sim.snapshots()
    assert backup["bootable"] is True
    restored = sim.ok("POST", "/instances", {"name": "web-restored", "profile": {"name": "bx2-2x8"},
                                             "zone": {"name": "us-south-1"}, "boot_volume_attachment": {
                                                 "volume": {"name": "restored-boot", "profile": {"name": "general-purpose"},
                                                            "source_snapshot": {"id": backup["id"]}}}})
    volume = sim.ok("GET", f"/volumes/{restored['boot_volume_attachment']['volume']['id']}")
    assert (volume["source_snapshot"]["id"], volume["capacity"]) == (backup["id"], 100)


def test_every_answer_is_dated_by_the_mocks_clock(mock):
    requests.post(f"{mock.url}/mock/clock", json={"to": "2031-02-03T04:05:06Z", "frozen": True}).raise_for_status()
    # An API answer (401: no token) and an admin one.
    answers = [requests.get(f"{mock.url}/v1/regions"), requests.get(f"{mock.url}/mock/clock")]
    assert [(a.status_code, a.headers["Date"]) for a in answers] == [
        (401, "Mon, 03 Feb 2031 04:05:06 GMT"), (200, "Mon, 03 Feb 2031 04:05:06 GMT")]
