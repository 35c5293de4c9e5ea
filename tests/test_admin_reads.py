"""Admin reads of what the API does not show: a plan's next fire, a restore's hydration."""

HOUR = 3600


def test_a_plan_shows_its_next_fire_and_none_once_inactive(sim):
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "30 2 * * *")
    assert sim.admin("GET", f"/plans/{plan['id']}") == {"id": plan["id"], "next_fire_at": "2030-01-01T02:30:00Z"}
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": False})
    assert sim.admin("GET", f"/plans/{plan['id']}") == {"id": plan["id"], "next_fire_at": None}


def test_a_restored_volume_shows_its_hydration_progress_until_it_is_hydrated(sim):
    volume = sim.volume("data", capacity=100)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    sim.advance(HOUR)
    restored = sim.ok("POST", "/volumes", {"name": "restored", "profile": {"name": "sdp"},
                                           "zone": {"name": "us-south-1"}, "source_snapshot": {"id": snapshot["id"]}})
    sim.advance(25)
    assert sim.admin("GET", f"/volumes/{restored['id']}")["hydration"] == {
        "started_at": "2030-01-01T01:00:00Z", "completes_at": "2030-01-01T01:01:40Z", "progress": 0.25}
    sim.advance(75)
    assert sim.admin("GET", f"/volumes/{restored['id']}") == {"id": restored["id"], "hydration": None}
