"""Plans fire at their cron instants and back up every matching source once per fire."""

import random
import re
from datetime import datetime, timedelta, timezone

import requests
from croniter import croniter

from vpcmock.engine.backup.schedule import CronSpec

DAY = 86400


def test_active_plan_fires_at_each_instant_of_its_cron_spec(sim):
    sim.volume("data", tags=["daily"])
    plan = sim.plan(sim.policy(["daily"]), "30 2 * * *")
    sim.advance(3 * DAY)
    created = sorted(s["created_at"] for s in sim.snapshots())
    assert created == ["2030-01-01T02:30:00Z", "2030-01-02T02:30:00Z", "2030-01-03T02:30:00Z"]
    assert all(s["backup_policy_plan"]["id"] == plan["id"] for s in sim.snapshots())


def test_clock_answer_counts_the_events_it_processed(sim):
    sim.volume("data", tags=["daily"])
    sim.plan(sim.policy(["daily"]), "0 0 * * *")
    answer = sim.advance(2 * DAY + 60)
    assert answer["now"] == "2030-01-03T00:01:00Z"
    assert answer["events"] == {"plan_fired": 2, "snapshot_completed": 2}


def test_backup_name_is_the_plan_name_cut_to_46_characters_and_a_16_character_suffix(sim):
    sim.volume("data", tags=["t"])
    long_name = "a-very-long-plan-name-that-goes-on-and-on-and-on-forever"
    sim.plan(sim.policy(["t"]), "0 * * * *", name=long_name)
    sim.advance(3600)
    (snapshot,) = sim.snapshots()
    assert re.fullmatch(re.escape(long_name[:46]) + r"-[0-9a-f]{16}", snapshot["name"])
    assert len(snapshot["name"]) == 63


def test_backup_carries_attach_tags_and_the_sources_tags_when_copy_user_tags(sim):
    sim.volume("data", tags=["t", "env:prod"])
    sim.plan(sim.policy(["t"]), "0 * * * *", attach_user_tags=["made-by-plan"], copy_user_tags=True)
    sim.advance(3600)
    assert sim.snapshots()[0]["user_tags"] == ["made-by-plan", "t", "env:prod"]


def test_backup_carries_only_attach_tags_without_copy_user_tags(sim):
    sim.volume("data", tags=["t", "env:prod"])
    sim.plan(sim.policy(["t"]), "0 * * * *", attach_user_tags=["made-by-plan"], copy_user_tags=False)
    sim.advance(3600)
    assert sim.snapshots()[0]["user_tags"] == ["made-by-plan"]


def test_backup_has_service_tags_naming_its_policy_and_plan(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 * * * *")
    sim.advance(3600)
    assert sim.snapshots()[0]["service_tags"] == [f"is.snapshot:backup_policy:{policy['id']}",
                                                  f"is.snapshot:backup_policy_plan:{plan['id']}"]


def test_backup_takes_the_sources_resource_group_and_encryption(sim):
    volume = sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(3600)
    snapshot = sim.snapshots()[0]
    assert snapshot["resource_group"] == volume["resource_group"]
    assert snapshot["encryption"] == volume["encryption"]
    assert snapshot["source_volume"]["id"] == volume["id"]


def test_backup_is_pending_until_its_capture_completes(sim):
    sim.volume("data", tags=["t"], capacity=100)
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(3600 + 50)
    assert sim.snapshots()[0]["lifecycle_state"] == "pending"
    sim.advance(50)  # the first backup is full: 100 GB at 1 GB/s
    assert sim.snapshots()[0]["lifecycle_state"] == "stable"


def test_a_volume_matching_several_policy_tags_gets_one_backup_per_fire(sim):
    sim.volume("data", tags=["gold", "silver", "bronze"])
    sim.plan(sim.policy(["gold", "silver"]), "0 * * * *")
    sim.advance(3600)
    assert len(sim.snapshots()) == 1


def test_every_volume_carrying_the_tag_gets_its_own_backup(sim):
    first = sim.volume("first", tags=["t"])
    second = sim.volume("second", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(3600)
    assert sorted(s["source_volume"]["id"] for s in sim.snapshots()) == sorted([first["id"], second["id"]])


def test_a_volume_without_a_matching_tag_is_not_backed_up(sim):
    sim.volume("other", tags=["unrelated"])
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(3600)
    assert sim.snapshots() == []


def test_tags_attached_after_the_policy_is_created_are_matched_at_the_next_fire(sim):
    volume = sim.volume("late")
    sim.plan(sim.policy(["t"]), "0 * * * *")
    sim.advance(3600)
    sim.ok("PATCH", f"/volumes/{volume['id']}", {"user_tags": ["t"]})
    sim.advance(3600)
    assert [s["created_at"] for s in sim.snapshots()] == ["2030-01-01T02:00:00Z"]


def test_an_inactive_plan_never_fires(sim):
    sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 * * * *", active=False)
    sim.advance(DAY)
    assert sim.snapshots() == []


def test_deactivating_a_plan_stops_its_fires(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 * * * *")
    sim.advance(2 * 3600)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": False})
    sim.advance(DAY)
    assert len(sim.snapshots()) == 2


def test_activating_a_plan_later_starts_its_fires_from_then(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 0 * * *", active=False)
    sim.advance(DAY + 3600)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": True})
    sim.advance(DAY)
    assert [s["created_at"] for s in sim.snapshots()] == ["2030-01-03T00:00:00Z"]


def test_changing_the_cron_spec_moves_the_next_fire(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 0 * * *")
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"cron_spec": "0 12 * * *"})
    sim.advance(DAY)
    assert [s["created_at"] for s in sim.snapshots()] == ["2030-01-01T12:00:00Z"]


def test_deleting_a_plan_in_the_middle_of_a_chain_stops_fires_and_keeps_its_backups(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 0 * * *", deletion_trigger={"delete_after": 2})
    sim.advance(DAY + 60)  # one fire: the next instant after creation is the following midnight
    sim.ok("DELETE", f"/backup_policies/{policy['id']}/plans/{plan['id']}")
    sim.advance(10 * DAY)
    # The backup outlives the plan's two-day retention: it is no longer subject to it.
    assert [s["created_at"] for s in sim.snapshots()] == ["2030-01-02T00:00:00Z"]


def test_a_deleted_policy_never_fires_again(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.ok("DELETE", f"/backup_policies/{policy['id']}")
    sim.advance(DAY)
    assert sim.snapshots() == []


def test_share_policy_backs_up_tagged_shares_as_share_snapshots(sim):
    share = sim.ok("POST", "/shares", {"name": "files", "size": 100, "profile": {"name": "dp2"},
                                       "zone": {"name": "us-south-1"}, "user_tags": ["t"]})
    plan = sim.plan(sim.policy(["t"], resource_type="share"), "0 * * * *")
    sim.advance(3600 + 10)
    (snapshot,) = sim.collect(f"/shares/{share['id']}/snapshots", "snapshots")
    assert snapshot["backup_policy_plan"]["id"] == plan["id"]
    assert snapshot["lifecycle_state"] == "stable"


def test_deleting_a_policy_deletes_its_job_records_and_keeps_its_backups(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(3600 + 200)
    sim.ok("DELETE", f"/backup_policies/{policy['id']}")
    state = requests.get(f"{sim.url}/mock/state").json()["counts"]
    assert (state.get("jobs"), state.get("snapshots")) == (None, 1)


def test_a_plan_fires_next_at_the_instant_cron_names_after_now():
    """The engine finds plain specs' next instant itself (a simulated year asks 8,760 times an
    hourly plan); it is always the one croniter gives."""
    draw = random.Random(30)
    for text in ("0 * * * *", "30 2 * * *", "15 */6 * * *", "0 12 * * 1-5", "0 0 31 * *", "0 0 29 2 *",
                 "5,35 1-3 * * 0", "0 0 */2 * *", "0 0 * * 0,7", "7 13 */3 */2 *", "0 6 15 * 3", "0 0 L * *"):
        spec = CronSpec(text)
        for _ in range(200):
            now = datetime(2028, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=draw.randrange(5 * 365 * 86400))
            now = now.replace(second=0) if draw.random() < 0.3 else now
            assert spec.next_after(now) == croniter(text, now).get_next(datetime).astimezone(timezone.utc), (text, now)
