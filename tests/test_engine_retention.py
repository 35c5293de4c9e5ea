"""Retention: deletion by age and by count, the seed's worked examples, deletion jobs."""

from datetime import timedelta

import requests

from vpcmock.timeutil import parse_rfc3339
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue

HOUR = 3600
DAY = 86400


def ages(sim) -> list[timedelta]:
    now = parse_rfc3339(sim.clock()["now"])
    return sorted(now - parse_rfc3339(s["created_at"]) for s in sim.snapshots())


def test_seed_example_daily_plan_keeping_14_days_holds_14_backups_the_oldest_two_weeks_old(sim):
    sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 0 * * *", deletion_trigger={"delete_after": 14})
    counts = []
    for _ in range(30):
        sim.advance(DAY)
        counts.append(len(sim.snapshots()))
    assert max(counts) == 14
    assert counts[-1] == 14
    sim.advance(DAY - 1)  # the last second before the next fire
    assert ages(sim)[-1] == timedelta(days=14, seconds=-1)


def test_seed_example_weekly_plan_365_days_count_8_never_holds_more_than_8(sim):
    sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 0 * * 0", deletion_trigger={"delete_after": 365, "delete_over_count": 8})
    counts = []
    for _ in range(20):
        sim.advance(7 * DAY)
        counts.append(len(sim.snapshots()))
    assert max(counts) == 8
    assert counts[-1] == 8
    assert ages(sim)[-1] < timedelta(weeks=8)


def test_seed_example_monthly_plan_80_days_count_10_never_holds_more_than_3(sim):
    sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 0 1 * *", deletion_trigger={"delete_after": 80, "delete_over_count": 10})
    counts = []
    for _ in range(365):
        sim.advance(DAY)
        counts.append(len(sim.snapshots()))
    assert max(counts) == 3


def test_a_backup_is_deleted_when_it_reaches_delete_after_days(sim):
    sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 0 1 * *", deletion_trigger={"delete_after": 3})
    sim.clock(to="2030-02-03T23:59:59Z")
    assert [s["created_at"] for s in sim.snapshots()] == ["2030-02-01T00:00:00Z"]
    answer = sim.clock(to="2030-02-04T00:00:00Z")
    assert answer["events"] == {"backup_expired": 1}
    assert sim.snapshots() == []


def test_count_deletes_the_oldest_backup_when_a_new_one_exceeds_it(sim):
    sim.volume("data", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 * * * *", deletion_trigger={"delete_after": 30, "delete_over_count": 2})
    sim.advance(3 * HOUR + 200)
    assert sorted(s["created_at"] for s in sim.snapshots()) == ["2030-01-01T02:00:00Z", "2030-01-01T03:00:00Z"]


def test_count_applies_to_each_source_separately(sim):
    sim.volume("first", tags=["t"])
    sim.volume("second", tags=["t"])
    sim.plan(sim.policy(["t"]), "0 * * * *", deletion_trigger={"delete_over_count": 2})
    sim.advance(5 * HOUR + 200)
    assert len(sim.snapshots()) == 4


def test_each_retention_deletion_is_a_succeeded_deletion_job_naming_the_deleted_backup(sim):
    volume = sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *", deletion_trigger={"delete_over_count": 1})
    sim.advance(HOUR + 200)
    (first,) = sim.snapshots()
    sim.advance(HOUR)
    (job,) = [j for j in sim.jobs(policy) if j["job_type"] == "deletion"]
    assert (job["status"], job["source"]["id"], job["completed_at"]) == ("succeeded", volume["id"], "2030-01-01T02:00:00Z")
    assert [(t["id"], "deleted" in t) for t in job["target_snapshots"]] == [(first["id"], True)]


def test_shortening_delete_after_deletes_backups_past_the_new_age_at_once(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 0 * * *", deletion_trigger={"delete_after": 30})
    sim.advance(5 * DAY + HOUR)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"deletion_trigger": {"delete_after": 2}})
    sim.advance(1)
    assert sorted(s["created_at"] for s in sim.snapshots()) == ["2030-01-05T00:00:00Z", "2030-01-06T00:00:00Z"]


def disable_after_one_backup(sim) -> tuple[dict, dict]:
    """A daily plan keeping backups one day, disabled after its first backup, ten days ago."""
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 0 * * *", deletion_trigger={"delete_after": 1})
    sim.advance(DAY + HOUR)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": False})
    sim.advance(10 * DAY)
    return policy, plan


def test_an_inactive_plan_deletes_nothing(sim):
    disable_after_one_backup(sim)
    assert len(sim.snapshots()) == 1


def test_reactivating_a_plan_deletes_the_backups_that_passed_their_age_meanwhile(sim):
    policy, plan = disable_after_one_backup(sim)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": True})
    sim.advance(1)
    assert sim.snapshots() == []


def test_manual_snapshots_of_a_backed_up_volume_are_never_deleted_by_retention(sim):
    volume = sim.volume("data", tags=["t"])
    sim.ok("POST", "/snapshots", {"name": "manual", "source_volume": {"id": volume["id"]}})
    sim.plan(sim.policy(["t"]), "0 * * * *", deletion_trigger={"delete_after": 1, "delete_over_count": 1})
    sim.advance(3 * DAY)
    assert "manual" in [s["name"] for s in sim.snapshots()]


def test_instance_backups_are_deleted_as_whole_consistency_groups(sim):
    created = sim.ok("POST", "/instances", {"name": "vsi", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                            "image": {"id": UBUNTU}})
    requests.post(f"{sim.url}/v3/tags/attach", headers=sim.session.headers,
                  json={"resources": [{"resource_id": created["crn"]}], "tag_names": ["vsi"]}).raise_for_status()
    sim.plan(sim.policy(["vsi"], resource_type="instance"), "0 * * * *", deletion_trigger={"delete_over_count": 2})
    sim.advance(4 * HOUR + 200)
    groups = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups")
    assert len(groups) == 2
    assert len(sim.snapshots()) == 2
