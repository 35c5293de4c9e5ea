"""Fast restore: a plan keeps clones of its newest backups in chosen zones, and a volume
restored where a clone is available is hydrated at once."""

from ibm_vpc.vpc_v1 import SnapshotClone, SnapshotCloneCollection

HOUR = 3600
SIZE = 100  # GB: a full capture takes 100 s; a clone 60 s + 100 s


def fast_restore_plan(sim, zones=("us-south-1", "us-south-2"), max_snapshots=None):
    clone_policy = {"zones": [{"name": z} for z in zones]}
    if max_snapshots:
        clone_policy["max_snapshots"] = max_snapshots
    return sim.plan(sim.policy(["t"]), "0 * * * *", clone_policy=clone_policy)


def test_a_backup_gets_a_clone_in_each_zone_once_stable_and_available_after_a_delay(sim):
    sim.volume("data", tags=["t"], capacity=SIZE)
    fast_restore_plan(sim)
    sim.advance(HOUR + SIZE)
    (backup,) = sim.snapshots()
    assert backup["clones"] == [
        {"available": False, "created_at": "2030-01-01T01:01:40Z",
         "zone": {"href": backup["clones"][0]["zone"]["href"], "name": "us-south-1"}},
        {"available": False, "created_at": "2030-01-01T01:01:40Z",
         "zone": {"href": backup["clones"][1]["zone"]["href"], "name": "us-south-2"}},
    ]
    sim.advance(60 + SIZE - 1)
    assert [c["available"] for c in sim.snapshots()[0]["clones"]] == [False, False]
    sim.advance(1)
    assert [c["available"] for c in sim.snapshots()[0]["clones"]] == [True, True]


def test_only_the_newest_max_snapshots_backups_keep_their_clones(sim):
    sim.volume("data", tags=["t"], capacity=10)
    fast_restore_plan(sim, zones=("us-south-3",), max_snapshots=2)
    sim.advance(4 * HOUR + 600)
    by_age = sorted(sim.snapshots(), key=lambda s: s["created_at"])
    assert [len(s["clones"]) for s in by_age] == [0, 0, 1, 1]


def test_backups_are_listed_by_the_zone_of_their_clones(sim):
    sim.volume("data", tags=["t"], capacity=10)
    fast_restore_plan(sim, zones=("us-south-2",))
    sim.advance(HOUR + 600)
    assert len(sim.snapshots(**{"clones[].zone.name": "us-south-2"})) == 1
    assert sim.snapshots(**{"clones[].zone.name": "us-south-1"}) == []


def restore(sim, backup, zone):
    return sim.ok("POST", "/volumes", {"name": f"r-{zone}", "profile": {"name": "sdp"}, "zone": {"name": zone},
                                       "source_snapshot": {"id": backup["id"]}})


def test_a_volume_restored_where_an_available_clone_is_cached_is_hydrated_at_once(sim):
    sim.volume("data", tags=["t"], capacity=SIZE)
    fast_restore_plan(sim, zones=("us-south-2",))
    sim.advance(HOUR + 600)
    restored = restore(sim, sim.snapshots()[0], "us-south-2")
    assert (restored["health_state"], restored["health_reasons"]) == ("ok", [])


def test_a_volume_restored_in_a_zone_without_a_clone_hydrates_over_time(sim):
    sim.volume("data", tags=["t"], capacity=SIZE)
    fast_restore_plan(sim, zones=("us-south-2",))
    sim.advance(HOUR + 600)
    restored = restore(sim, sim.snapshots()[0], "us-south-1")
    assert restored["health_state"] == "degraded"
    assert [r["code"] for r in restored["health_reasons"]] == ["initializing_from_snapshot"]


def test_a_clone_not_yet_available_does_not_speed_up_a_restore(sim):
    sim.volume("data", tags=["t"], capacity=SIZE)
    fast_restore_plan(sim, zones=("us-south-2",))
    sim.advance(HOUR + SIZE + 10)
    assert restore(sim, sim.snapshots()[0], "us-south-2")["health_state"] == "degraded"


def test_changing_the_plans_zones_leaves_existing_backups_clones_alone(sim):
    sim.volume("data", tags=["t"], capacity=10)
    plan = fast_restore_plan(sim, zones=("us-south-1",))
    sim.advance(HOUR + 600)
    policy_id = plan["href"].split("/backup_policies/")[1].split("/")[0]
    current = sim.call("GET", f"/backup_policies/{policy_id}/plans/{plan['id']}")
    sim.session.patch(current.url, json={"clone_policy": {"zones": [{"name": "us-south-3"}]}},
                      headers={"If-Match": current.headers["ETag"]}).raise_for_status()
    sim.advance(HOUR + 600)
    by_age = sorted(sim.snapshots(), key=lambda s: s["created_at"])
    assert [[c["zone"]["name"] for c in s["clones"]] for s in by_age] == [["us-south-1"], ["us-south-3"]]


def test_the_clone_api_creates_reads_lists_and_deletes_a_clone(sim):
    volume = sim.volume("v", capacity=10)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    sim.advance(10)
    created = sim.call("PUT", f"/snapshots/{snapshot['id']}/clones/us-south-3")
    assert created.status_code == 202
    assert SnapshotClone.from_dict(created.json()).zone.name == "us-south-3"
    listed = sim.ok("GET", f"/snapshots/{snapshot['id']}/clones")
    assert [c.zone.name for c in SnapshotCloneCollection.from_dict(listed).clones] == ["us-south-3"]
    sim.advance(70)
    assert sim.ok("GET", f"/snapshots/{snapshot['id']}/clones/us-south-3")["available"] is True
    assert sim.call("DELETE", f"/snapshots/{snapshot['id']}/clones/us-south-3").status_code == 202
    assert sim.call("GET", f"/snapshots/{snapshot['id']}/clones/us-south-3").status_code == 404


def test_creating_a_clone_twice_answers_the_same_clone(sim):
    volume = sim.volume("v", capacity=10)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    sim.advance(10)
    first = sim.call("PUT", f"/snapshots/{snapshot['id']}/clones/us-south-1").json()
    sim.advance(5)
    assert sim.call("PUT", f"/snapshots/{snapshot['id']}/clones/us-south-1").json() == first


def test_a_clone_of_a_pending_snapshot_is_refused(sim):
    volume = sim.volume("v", capacity=100)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    response = sim.call("PUT", f"/snapshots/{snapshot['id']}/clones/us-south-1")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (409, "snapshot_not_stable")


def test_a_clone_in_a_zone_of_another_region_is_refused(sim):
    volume = sim.volume("v", capacity=10)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    sim.advance(10)
    response = sim.call("PUT", f"/snapshots/{snapshot['id']}/clones/eu-de-1")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "zone_not_found")


def test_a_snapshot_created_with_clones_gets_them_once_stable(sim):
    volume = sim.volume("v", capacity=10)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]},
                                             "clones": [{"zone": {"name": "us-south-2"}}]})
    assert snapshot["clones"] == []
    sim.advance(10)
    assert [c["zone"]["name"] for c in sim.ok("GET", f"/snapshots/{snapshot['id']}")["clones"]] == ["us-south-2"]
