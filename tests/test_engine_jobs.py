"""Creation jobs: running, then succeeded or failed with the documented reason codes."""


HOUR = 3600
DAY = 86400


def data_volume_ids(vsi) -> list[str]:
    boot = vsi["boot_volume_attachment"]["volume"]["id"]
    return [a["volume"]["id"] for a in vsi["volume_attachments"] if a["volume"]["id"] != boot]


def failure(sim, policy):
    (job,) = sim.jobs(policy)
    return job["status"], [r["code"] for r in job["status_reasons"]]


def test_creation_job_is_running_while_the_backup_is_captured(sim):
    sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 10)
    (job,) = sim.jobs(policy)
    assert (job["job_type"], job["status"], "completed_at" in job) == ("creation", "running", False)


def test_creation_job_succeeds_when_its_backup_is_stable(sim):
    volume = sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 100)
    (job,) = sim.jobs(policy)
    (snapshot,) = sim.snapshots()
    assert job["status"] == "succeeded"
    assert job["status_reasons"] == []
    assert job["created_at"] == "2030-01-01T01:00:00Z"
    assert job["completed_at"] == "2030-01-01T01:01:40Z"
    assert job["source"]["id"] == volume["id"]
    assert job["backup_policy_plan"]["id"] == plan["id"]
    assert [t["id"] for t in job["target_snapshots"]] == [snapshot["id"]]
    assert (job["auto_delete"], job["auto_delete_after"]) == (True, 30)


def test_policy_last_job_completed_at_follows_the_latest_completed_job(sim):
    sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 100)
    assert sim.ok("GET", f"/backup_policies/{policy['id']}")["last_job_completed_at"] == "2030-01-01T01:01:40Z"


def test_the_sdk_reads_a_job_with_its_own_model(sim):
    from ibm_vpc.vpc_v1 import BackupPolicyJob
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 100)
    (job,) = sim.jobs(policy)
    assert BackupPolicyJob.from_dict(sim.ok("GET", f"/backup_policies/{policy['id']}/jobs/{job['id']}")).status == "succeeded"


def test_unattached_generation_1_volume_fails_with_source_volume_unavailable(sim):
    sim.volume("gen1", tags=["t"], profile="general-purpose")
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 10)
    assert failure(sim, policy) == ("failed", ["source_volume_unavailable"])
    assert sim.snapshots() == []


def test_failed_job_stays_running_for_a_few_seconds_first(sim):
    sim.volume("gen1", tags=["t"], profile="general-purpose")
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 1)
    assert failure(sim, policy) == ("running", [])


def back_up_data_volume(sim, profile: str, capacity: int, *, stopped: bool = False, wait: int = HOUR + 60):
    """An instance with one data volume tagged for an hourly plan; the clock moved past its first fire."""
    vsi = sim.instance(data=[(profile, capacity)])
    if stopped:
        sim.ok("POST", f"/instances/{vsi['id']}/actions", {"type": "stop"})
    sim.ok("PATCH", f"/volumes/{data_volume_ids(vsi)[0]}", {"user_tags": ["t"]})
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(wait)
    return policy


def test_generation_1_volume_of_a_stopped_instance_fails_with_source_volume_unavailable(sim):
    policy = back_up_data_volume(sim, "general-purpose", 50, stopped=True)
    assert failure(sim, policy) == ("failed", ["source_volume_unavailable"])


def test_generation_1_volume_of_a_running_instance_is_backed_up(sim):
    policy = back_up_data_volume(sim, "general-purpose", 50)
    assert failure(sim, policy) == ("succeeded", [])


def test_first_backup_of_a_tiered_volume_over_10_tb_fails_with_source_volume_too_large(sim):
    policy = back_up_data_volume(sim, "custom", 12000, wait=HOUR + 10)
    assert failure(sim, policy) == ("failed", ["source_volume_too_large"])


def test_a_generation_2_volume_over_10_tb_is_backed_up(sim):
    sim.volume("big", tags=["t"], profile="sdp", capacity=12000)
    policy = sim.policy(["t"])
    sim.plan(policy, "0 1 * * *")
    sim.advance(HOUR + 12000)
    assert failure(sim, policy) == ("succeeded", [])


def test_the_513th_backup_of_a_generation_2_volume_fails_with_snapshot_volume_limit(sim):
    sim.volume("data", tags=["t"], capacity=10)
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 * * * *", deletion_trigger={"delete_after": 1000})
    sim.advance(512 * HOUR + 60)
    assert len(sim.snapshots()) == 512
    sim.advance(HOUR)
    latest = sim.jobs(policy, **{"backup_policy_plan.id": plan["id"]})[0]
    assert (latest["status"], [r["code"] for r in latest["status_reasons"]]) == ("failed", ["snapshot_volume_limit"])


def test_the_31st_backup_of_a_regional_share_fails_with_snapshot_share_limit(sim):
    sim.ok("POST", "/shares", {"name": "files", "size": 100, "profile": {"name": "rfs"}, "user_tags": ["t"]})
    policy = sim.policy(["t"], resource_type="share")
    sim.plan(policy, "0 * * * *", deletion_trigger={"delete_after": 1000})
    sim.advance(31 * HOUR + 60)
    latest = sim.jobs(policy)[0]
    assert (latest["status"], [r["code"] for r in latest["status_reasons"]]) == ("failed", ["snapshot_share_limit"])
    assert sum(1 for j in sim.jobs(policy) if j["status"] == "succeeded") == 30


def test_share_with_vpc_access_control_fails_with_snapshot_source_unsupported(sim):
    sim.ok("POST", "/shares", {"name": "files", "size": 100, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"},
                               "access_control_mode": "vpc", "user_tags": ["t"]})
    policy = sim.policy(["t"], resource_type="share")
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 10)
    assert failure(sim, policy) == ("failed", ["snapshot_source_unsupported"])


def test_instance_policy_makes_one_consistency_group_per_instance_without_the_boot_volume(sim):
    vsi = sim.instance(data=[("general-purpose", 50), ("general-purpose", 60)], tags=["vsi"])
    policy = sim.policy(["vsi"], resource_type="instance", included_content=["data_volumes"])
    plan = sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 100)
    (group,) = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups")
    members = sim.snapshots(**{"snapshot_consistency_group.id": group["id"]})
    assert sorted(s["source_volume"]["id"] for s in members) == sorted(data_volume_ids(vsi))
    assert group["backup_policy_plan"]["id"] == plan["id"]
    assert group["lifecycle_state"] == "stable"
    assert failure(sim, policy) == ("succeeded", [])


def test_instance_backup_of_mixed_generations_holds_only_generation_1_volumes(sim):
    vsi = sim.instance(data=[("sdp", 50)], tags=["vsi"])
    policy = sim.policy(["vsi"], resource_type="instance")
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 200)
    boot_id = vsi["boot_volume_attachment"]["volume"]["id"]
    assert [s["source_volume"]["id"] for s in sim.snapshots()] == [boot_id]


def test_job_list_filters_by_status_source_and_target_snapshot(sim):
    good = sim.volume("good", tags=["t"])
    bad = sim.volume("bad", tags=["t"], profile="general-purpose")
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 200)
    (snapshot,) = sim.snapshots()
    assert [j["source"]["id"] for j in sim.jobs(policy, status="failed")] == [bad["id"]]
    assert [j["status"] for j in sim.jobs(policy, **{"source.id": good["id"]})] == ["succeeded"]
    assert [j["source"]["id"] for j in sim.jobs(policy, **{"target_snapshots[].id": f"nope,{snapshot['id']}"})] == [good["id"]]
    assert [j["source"]["id"] for j in sim.jobs(policy, **{"target_snapshots[].crn": snapshot["crn"]})] == [good["id"]]


def test_jobs_sort_oldest_first_on_request(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *")
    sim.advance(3 * HOUR + 200)
    assert [j["created_at"] for j in sim.jobs(policy, sort="created_at")] == [
        "2030-01-01T01:00:00Z", "2030-01-01T02:00:00Z", "2030-01-01T03:00:00Z"]


def one_backup_then_plan_paused(sim) -> dict:
    """A daily plan that made one backup (at 01:00 on 2030-01-01) and was then made inactive;
    answers its policy."""
    sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 1 * * *")
    sim.advance(HOUR + 100)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": False})
    return policy


def test_job_record_disappears_auto_delete_after_days_after_it_completes(sim):
    policy = one_backup_then_plan_paused(sim)
    (job,) = sim.jobs(policy)
    sim.clock(to="2030-01-31T01:01:39Z")
    assert [j["id"] for j in sim.jobs(policy)] == [job["id"]]
    sim.advance(1)
    assert sim.jobs(policy) == []
    assert sim.call("GET", f"/backup_policies/{policy['id']}/jobs/{job['id']}").status_code == 404


def test_job_shows_its_deleted_plan_and_source_as_deleted(sim):
    volume = sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 * * * *")
    sim.advance(HOUR + 200)
    sim.ok("DELETE", f"/backup_policies/{policy['id']}/plans/{plan['id']}")
    for snapshot in sim.snapshots():
        sim.ok("DELETE", f"/snapshots/{snapshot['id']}")
    sim.ok("DELETE", f"/volumes/{volume['id']}")
    (job,) = sim.jobs(policy)
    assert "deleted" in job["backup_policy_plan"]
    assert "deleted" in job["source"]
    assert "deleted" in job["target_snapshots"][0]


def test_expired_job_records_leave_the_state_file_in_one_sweep_a_day(sim):
    one_backup_then_plan_paused(sim)
    answer = sim.clock(to="2030-01-31T01:01:40Z")
    assert answer["events"] == {"backup_expired": 1, "job_record_expired": 1}
    assert sim.admin("GET", "/state/export").get("jobs", {}) == {}


def test_job_names_its_plan_by_the_plan_current_name(sim):
    sim.volume("data", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 * * * *", name="hourly")
    sim.advance(HOUR + 200)
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"name": "every-hour"})
    (job,) = sim.jobs(policy)
    assert job["backup_policy_plan"] == {
        "href": f"{sim.url}/us-south/v1/backup_policies/{policy['id']}/plans/{plan['id']}", "id": plan["id"],
        "name": "every-hour", "resource_type": "backup_policy_plan"}
