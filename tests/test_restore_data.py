"""Simulated volume data: a restore gives back exactly what its backup captured."""

import requests

HOUR = 3600
DAY = 86400


def snapshot(sim, volume, name):
    taken = sim.ok("POST", "/snapshots", {"name": name, "source_volume": {"id": volume["id"]}})
    sim.advance(120)
    return taken


def restore(sim, snapshot_id, name, region=None, zone="us-south-1"):
    return sim.ok("POST", "/volumes", {"name": name, "profile": {"name": "sdp"}, "zone": {"name": zone},
                                       "source_snapshot": {"id": snapshot_id}}, region=region)


def quiet_volume(sim, name="data", capacity=10, tags=()):
    """A volume that changes only when written."""
    volume = sim.volume(name, tags=tags, capacity=capacity)
    sim.admin("PUT", f"/volumes/{volume['id']}/change_rate", {"daily_gb": 0})
    return volume


def test_a_volume_reads_back_the_blocks_written_to_it(sim):
    volume = quiet_volume(sim)
    sim.write(volume["id"], blocks={"0": "alpha", "7": "omega"})
    assert sim.blocks(volume["id"]) == {"0": "alpha", "7": "omega"}


def test_writing_an_amount_changes_that_many_blocks_in_turn(sim):
    volume = quiet_volume(sim)
    sim.write(volume["id"], gb=3)
    sim.write(volume["id"], gb=2)
    assert sim.blocks(volume["id"]) == {"0": "gen-1", "1": "gen-2", "2": "gen-3", "3": "gen-4", "4": "gen-5"}


def test_a_restored_volume_reads_the_data_of_capture_time_whatever_was_written_since(sim):
    volume = quiet_volume(sim)
    sim.write(volume["id"], blocks={"0": "before", "1": "kept"})
    backup = snapshot(sim, volume, "b1")
    sim.write(volume["id"], blocks={"0": "after", "2": "new"})
    restored = restore(sim, backup["id"], "restored")
    assert sim.blocks(restored["id"]) == {"0": "before", "1": "kept"}
    assert sim.blocks(volume["id"]) == {"0": "after", "1": "kept", "2": "new"}


def test_the_first_snapshot_is_full_and_the_next_transfers_only_the_changed_blocks(sim):
    volume = quiet_volume(sim, capacity=50)
    sim.write(volume["id"], blocks={"0": "a", "1": "b"})
    first = snapshot(sim, volume, "s1")
    sim.write(volume["id"], blocks={"1": "c", "2": "d", "3": "e"})
    second = snapshot(sim, volume, "s2")
    assert sim.simulation(first["id"])["transfer"] == "full"
    assert sim.simulation(first["id"])["size_transferred_gb"] == 50.0
    assert sim.simulation(second["id"])["transfer"] == "incremental"
    assert sim.simulation(second["id"])["size_transferred_gb"] == 3.0


def test_an_incremental_capture_takes_as_long_as_its_changed_data_needs(sim):
    volume = quiet_volume(sim, capacity=100)
    snapshot(sim, volume, "s1")
    sim.write(volume["id"], gb=40)
    second = sim.ok("POST", "/snapshots", {"name": "s2", "source_volume": {"id": volume["id"]}})
    sim.advance(39)
    assert sim.ok("GET", f"/snapshots/{second['id']}")["lifecycle_state"] == "pending"
    sim.advance(1)
    assert sim.ok("GET", f"/snapshots/{second['id']}")["lifecycle_state"] == "stable"


def test_deleting_the_middle_snapshot_of_a_chain_keeps_every_later_restore_exact(sim):
    volume = quiet_volume(sim)
    sim.write(volume["id"], blocks={"0": "v1"})
    first = snapshot(sim, volume, "s1")
    sim.write(volume["id"], blocks={"1": "v2"})
    middle = snapshot(sim, volume, "s2")
    sim.write(volume["id"], blocks={"2": "v3"})
    last = snapshot(sim, volume, "s3")
    sim.ok("DELETE", f"/snapshots/{middle['id']}")
    assert sim.blocks(restore(sim, last["id"], "r3")["id"]) == {"0": "v1", "1": "v2", "2": "v3"}
    assert sim.blocks(restore(sim, first["id"], "r1")["id"]) == {"0": "v1"}


def test_deleting_the_oldest_snapshot_keeps_the_chain_restorable(sim):
    volume = quiet_volume(sim)
    sim.write(volume["id"], blocks={"0": "v1", "1": "v1"})
    first = snapshot(sim, volume, "s1")
    sim.write(volume["id"], blocks={"1": "v2"})
    second = snapshot(sim, volume, "s2")
    sim.ok("DELETE", f"/snapshots/{first['id']}")
    assert sim.snapshot_blocks(second["id"]) == {"0": "v1", "1": "v2"}


def test_after_the_newest_snapshot_is_deleted_the_next_one_also_carries_its_changes(sim):
    volume = quiet_volume(sim)
    snapshot(sim, volume, "s1")
    sim.write(volume["id"], blocks={"1": "x"})
    second = snapshot(sim, volume, "s2")
    sim.ok("DELETE", f"/snapshots/{second['id']}")
    sim.write(volume["id"], blocks={"2": "y"})
    third = snapshot(sim, volume, "s3")
    assert sim.simulation(third["id"])["size_transferred_gb"] == 2.0
    assert sim.snapshot_blocks(third["id"]) == {"1": "x", "2": "y"}


def test_after_every_snapshot_is_deleted_the_next_one_is_full(sim):
    volume = quiet_volume(sim, capacity=20)
    first = snapshot(sim, volume, "s1")
    sim.ok("DELETE", f"/snapshots/{first['id']}")
    again = snapshot(sim, volume, "s2")
    assert sim.simulation(again["id"]) ["transfer"] == "full"


def test_an_unwritten_volume_changes_two_percent_of_its_capacity_a_day(sim):
    volume = sim.volume("idle", capacity=500)
    sim.advance(DAY)
    view = sim.admin("GET", f"/volumes/{volume['id']}/blocks")
    assert view["daily_change_gb"] == 10.0
    assert len(view["blocks"]) == 10


def test_a_volume_written_through_the_admin_api_changes_only_as_told(sim):
    volume = sim.volume("exact", capacity=500)
    sim.write(volume["id"], blocks={"0": "mine"})
    sim.advance(3 * DAY)
    assert sim.blocks(volume["id"]) == {"0": "mine"}


def test_a_daily_change_rate_accumulates_fractions_of_a_block(sim):
    volume = quiet_volume(sim, capacity=100)
    sim.admin("PUT", f"/volumes/{volume['id']}/change_rate", {"daily_gb": 1.5})
    sim.advance(DAY)
    assert len(sim.blocks(volume["id"])) == 1
    sim.advance(DAY)
    assert len(sim.blocks(volume["id"])) == 3


def test_a_write_outside_the_volume_is_refused_and_changes_nothing(sim):
    volume = quiet_volume(sim, capacity=10)
    sim.write(volume["id"], blocks={"0": "safe"})
    response = requests.post(f"{sim.url}/mock/volumes/{volume['id']}/writes", json={"blocks": {"3": "ok", "10": "no"}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "block_index_invalid"
    assert response.json()["errors"][0]["target"]["name"] == "blocks.10"
    assert sim.blocks(volume["id"]) == {"0": "safe"}


def test_a_write_must_give_exactly_one_of_gb_or_blocks(sim):
    volume = quiet_volume(sim)
    response = requests.post(f"{sim.url}/mock/volumes/{volume['id']}/writes", json={"gb": 1, "blocks": {"0": "x"}})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "invalid_write")


def test_writes_to_an_unknown_volume_answer_404(sim):
    response = requests.post(f"{sim.url}/mock/volumes/nope/writes", json={"gb": 1})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (404, "volume_not_found")


def test_a_backup_made_by_a_plan_restores_the_data_of_its_fire(sim):
    volume = quiet_volume(sim, tags=["t"])
    sim.write(volume["id"], blocks={"0": "at-fire"})
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(HOUR + 60)
    sim.write(volume["id"], blocks={"0": "later"})
    (backup,) = sim.snapshots()
    assert sim.snapshot_blocks(backup["id"]) == {"0": "at-fire"}


def test_retention_deleting_the_oldest_backups_keeps_the_newest_exact(sim):
    volume = quiet_volume(sim, tags=["t"])
    sim.plan(sim.policy(["t"]), "0 * * * *", deletion_trigger={"delete_after": 1, "delete_over_count": 2})
    for hour in range(1, 5):
        sim.write(volume["id"], blocks={str(hour): f"h{hour}"})
        sim.advance(HOUR)
    sim.advance(60)
    newest = sim.snapshots(sort="-created_at")
    assert len(newest) == 2
    assert sim.snapshot_blocks(newest[0]["id"]) == {"1": "h1", "2": "h2", "3": "h3", "4": "h4"}
    assert sim.snapshot_blocks(newest[1]["id"]) == {"1": "h1", "2": "h2", "3": "h3"}


def test_each_consistency_group_member_restores_its_own_volume_at_the_group_instant(sim):
    vsi = sim.instance(data=[("general-purpose", 20), ("general-purpose", 30)], tags=["vsi"])
    volume_ids = [a["volume"]["id"] for a in vsi["volume_attachments"]]
    for index, volume_id in enumerate(volume_ids):
        sim.admin("PUT", f"/volumes/{volume_id}/change_rate", {"daily_gb": 0})
        sim.write(volume_id, blocks={"0": f"disk{index}"})
    sim.plan(sim.policy(["vsi"], resource_type="instance"), "0 * * * *")
    sim.advance(HOUR + 120)
    for volume_id in volume_ids:
        sim.write(volume_id, blocks={"0": "overwritten"})
    (group,) = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups")
    members = {s["source_volume"]["id"]: s for s in sim.snapshots(**{"snapshot_consistency_group.id": group["id"]})}
    assert set(members) == set(volume_ids)
    assert {s["captured_at"] for s in members.values()} == {"2030-01-01T01:00:00Z"}
    for index, volume_id in enumerate(volume_ids):
        profile = sim.ok("GET", f"/volumes/{volume_id}")["profile"]["name"]
        restored = sim.ok("POST", "/volumes", {"name": f"r{index}", "profile": {"name": profile},
                                               "zone": {"name": "us-south-1"},
                                               "source_snapshot": {"id": members[volume_id]["id"]}})
        assert sim.blocks(restored["id"])["0"] == f"disk{index}"


def test_a_plans_consistency_groups_are_listed_by_plan_and_by_job(sim):
    sim.instance(data=[("general-purpose", 20)], tags=["vsi"])
    policy = sim.policy(["vsi"], resource_type="instance")
    plan = sim.plan(policy, "0 * * * *")
    sim.advance(2 * HOUR + 120)
    groups = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups",
                         **{"backup_policy_plan.id": plan["id"]})
    assert len(groups) == 2
    (first_job,) = [j for j in sim.jobs(policy) if j["created_at"] == "2030-01-01T01:00:00Z"]
    by_job = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups",
                         **{"backup_policy_job.id": first_job["id"]})
    assert [g["created_at"] for g in by_job] == ["2030-01-01T01:00:00Z"]


def test_deleting_a_group_that_deletes_its_snapshots_removes_every_member(sim):
    sim.instance(data=[("general-purpose", 20)], tags=["vsi"])
    sim.plan(sim.policy(["vsi"], resource_type="instance"), "0 * * * *")
    sim.advance(HOUR + 120)
    (group,) = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups")
    assert group["delete_snapshots_on_delete"] is True
    assert len(sim.snapshots()) == 2
    assert sim.call("DELETE", f"/snapshot_consistency_groups/{group['id']}").status_code == 202
    assert sim.snapshots() == []


def test_deleting_a_group_that_keeps_its_snapshots_leaves_them_restorable(sim):
    vsi = sim.instance(data=[("general-purpose", 20)])
    data_id = [a["volume"]["id"] for a in vsi["volume_attachments"]
               if a["volume"]["id"] != vsi["boot_volume_attachment"]["volume"]["id"]][0]
    sim.admin("PUT", f"/volumes/{data_id}/change_rate", {"daily_gb": 0})
    sim.write(data_id, blocks={"5": "kept"})
    group = sim.ok("POST", "/snapshot_consistency_groups", {"name": "g", "delete_snapshots_on_delete": False,
                                                            "snapshots": [{"source_volume": {"id": data_id}}]})
    sim.advance(60)
    sim.ok("DELETE", f"/snapshot_consistency_groups/{group['id']}")
    (member,) = sim.snapshots()
    assert "snapshot_consistency_group" not in member
    assert sim.snapshot_blocks(member["id"]) == {"5": "kept"}
