"""Context-based restrictions on the Backup service's own work: plans firing, jobs creating
snapshots and copying them, retention deleting them are private calls of service `is`
(the seed: "make sure that it allows private endpoints. All the inter-service connections that
the Backup service needs to work are private"). Rules are made with the official CBR SDK; the
clock is moved with /mock/clock (a mock per test: conftest's `sim`, its clock frozen at 2030-01-01)."""

import pytest
import requests
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services.context_based_restrictions_v1 import ContextBasedRestrictionsV1

from vpcmock.config import DEFAULT_ACCOUNT
from vpcmock.engine.generic import service

HOUR = 3600
MESSAGE = ("The Backup service's private call was denied by a context-based restrictions rule: a rule covering "
           "this source or its backups must allow the private endpoint type")


@pytest.fixture
def cbr(sim):
    client = ContextBasedRestrictionsV1(authenticator=IAMAuthenticator("test-key", url=sim.url))
    client.set_service_url(service.sdk_url(sim.url, "context_based_restrictions"))
    return client


def resources(resource_type="volume", *extra) -> list[dict]:
    return [{"attributes": [{"name": "accountId", "value": DEFAULT_ACCOUNT}, {"name": "serviceName", "value": "is"},
                            {"name": "resourceType", "value": resource_type}, *extra]}]


def endpoints(types: str) -> list[dict]:
    return [{"attributes": [{"name": "endpointType", "value": types}]}]


def hourly_backups_of_a_volume(sim, **plan) -> tuple[dict, dict]:
    volume = sim.volume("v", tags=["t"], capacity=10)
    policy = sim.policy(["t"])
    sim.plan(policy, "0 * * * *", **plan)
    return volume, policy


def events(sim, **filters) -> list[dict]:
    return requests.get(f"{sim.url}/mock/events", params=filters).json()["events"]


def test_a_rule_without_private_endpoints_makes_the_next_fires_jobs_fail(sim, cbr):
    volume, policy = hourly_backups_of_a_volume(sim)
    cbr.create_rule(contexts=endpoints("public"), resources=resources("volume"))
    sim.advance(HOUR + 60)
    (job,) = sim.jobs(policy)
    assert (job["job_type"], job["status"], job["source"]["id"], job["target_snapshots"]) == (
        "creation", "failed", volume["id"], [])
    assert job["status_reasons"] == [{"code": "internal_error", "message": MESSAGE,
                                      "more_info": "https://cloud.ibm.com/docs/vpc?topic=vpc-backup-service-about"}]
    assert sim.snapshots() == []


def test_the_same_rule_with_private_endpoints_added_lets_them_succeed(sim, cbr):
    _, policy = hourly_backups_of_a_volume(sim)
    made = cbr.create_rule(contexts=endpoints("public"), resources=resources("volume"))
    sim.advance(HOUR + 60)
    cbr.replace_rule(rule_id=made.get_result()["id"], if_match=made.get_headers()["ETag"],
                     contexts=endpoints("public,private"), resources=resources("volume"))
    sim.advance(HOUR)
    assert [job["status"] for job in sim.jobs(policy)] == ["succeeded", "failed"]  # newest first
    assert len(sim.snapshots()) == 1


def test_a_denied_job_leaves_a_failed_job_event_and_the_cbr_denial_as_the_service(sim, cbr):
    volume, _ = hourly_backups_of_a_volume(sim)
    cbr.create_rule(contexts=endpoints("public"), resources=resources("volume"))
    sim.advance(HOUR + 60)
    (job_event,) = events(sim, action="is.backup-policy.backup-policy-job.create")
    assert (job_event["outcome"], job_event["reason"], job_event["target"]["crn"]) == (
        "failure", {"code": "context_based_restrictions_denied"}, volume["crn"])
    (denial,) = events(sim, action="context-based-restrictions.policy.eval")
    assert (denial["outcome"], denial["target"]["crn"], denial["initiator"]["id"], denial["event_time"]) == (
        "failure", volume["crn"], "is.backup-policy", "2030-01-01T01:00:00Z")


def test_a_zone_of_addresses_alone_blocks_the_service_and_a_service_reference_to_is_admits_it(sim, cbr):
    _, policy = hourly_backups_of_a_volume(sim)
    office = cbr.create_zone(name="office", account_id=DEFAULT_ACCOUNT,
                             addresses=[{"type": "ipAddress", "value": "127.0.0.2"}])
    zone_id = office.get_result()["id"]
    cbr.create_rule(contexts=[{"attributes": [{"name": "networkZoneId", "value": zone_id}]}],
                    resources=resources("volume"))
    sim.advance(HOUR + 60)
    cbr.replace_zone(zone_id=zone_id, if_match=office.get_headers()["ETag"], name="office",
                     account_id=DEFAULT_ACCOUNT, addresses=[{"type": "ipAddress", "value": "127.0.0.2"},
                                                            {"type": "serviceRef", "ref": {
                                                                "account_id": DEFAULT_ACCOUNT, "service_name": "is"}}])
    sim.advance(HOUR)
    assert [job["status"] for job in sim.jobs(policy)] == ["succeeded", "failed"]


def test_a_rule_in_report_mode_lets_jobs_run_and_records_what_it_would_have_denied(sim, cbr):
    volume, policy = hourly_backups_of_a_volume(sim)
    cbr.create_rule(contexts=endpoints("public"), resources=resources("volume"), enforcement_mode="report")
    sim.advance(HOUR + 60)
    assert [job["status"] for job in sim.jobs(policy)] == ["succeeded"]
    (report,) = events(sim, action="context-based-restrictions.policy.eval")
    assert (report["outcome"], report["reason"], report["target"]["crn"]) == (
        "success", {"code": "context_based_restrictions_report_only"}, volume["crn"])


def test_a_rule_on_snapshots_denies_creating_the_backup(sim, cbr):
    _, policy = hourly_backups_of_a_volume(sim)
    cbr.create_rule(contexts=endpoints("public"), resources=resources("snapshot"))
    sim.advance(HOUR + 60)
    assert [job["status"] for job in sim.jobs(policy)] == ["failed"]


def test_a_rule_on_another_resource_type_leaves_backups_alone(sim, cbr):
    _, policy = hourly_backups_of_a_volume(sim)
    cbr.create_rule(contexts=endpoints("public"), resources=resources("share"))
    sim.advance(HOUR + 60)
    assert [job["status"] for job in sim.jobs(policy)] == ["succeeded"]


def test_retention_denied_deleting_a_backup_records_a_failed_deletion_job_and_keeps_it(sim, cbr):
    _, policy = hourly_backups_of_a_volume(sim, deletion_trigger={"delete_after": 30, "delete_over_count": 1})
    sim.advance(HOUR + 60)
    (first,) = sim.snapshots()
    cbr.create_rule(contexts=endpoints("public"),
                    resources=resources("snapshot", {"name": "resource", "value": first["id"]}))
    sim.advance(HOUR)
    deletions = sim.jobs(policy, status="failed")
    assert [(j["job_type"], [t["id"] for t in j["target_snapshots"]]) for j in deletions] == [
        ("deletion", [first["id"]])]
    assert deletions[0]["status_reasons"][0]["code"] == "internal_error"
    assert first["id"] in [s["id"] for s in sim.snapshots()]


def test_a_rule_on_snapshots_in_the_copy_region_fails_the_job_waiting_for_the_copy(sim, cbr):
    _, policy = hourly_backups_of_a_volume(sim, remote_region_policies=[{"region": {"name": "us-east"}}])
    cbr.create_rule(contexts=endpoints("public"),
                    resources=resources("snapshot", {"name": "region", "value": "us-east"}))
    sim.advance(HOUR + 600)
    (job,) = sim.jobs(policy)
    assert (job["status"], job["status_reasons"][0]["code"], len(job["target_snapshots"])) == (
        "failed", "internal_error", 1)  # the local backup was made; its copy was refused
    assert sim.snapshots(region="us-east") == []


def test_a_rule_on_shares_without_private_endpoints_fails_share_backups_and_then_lets_them_run(sim, cbr):
    share = sim.ok("POST", "/shares", {"name": "files", "size": 100, "profile": {"name": "dp2"},
                                       "zone": {"name": "us-south-1"}, "user_tags": ["t"]})
    policy = sim.policy(["t"], resource_type="share")
    sim.plan(policy, "0 * * * *")
    made = cbr.create_rule(contexts=endpoints("public"), resources=resources("share"))
    sim.advance(HOUR + 60)
    cbr.replace_rule(rule_id=made.get_result()["id"], if_match=made.get_headers()["ETag"],
                     contexts=endpoints("private"), resources=resources("share"))
    sim.advance(HOUR)
    assert [(job["source"]["id"], job["status"], [r["message"] for r in job["status_reasons"]])
            for job in sim.jobs(policy)] == [(share["id"], "succeeded", []), (share["id"], "failed", [MESSAGE])]


def test_an_instance_backup_is_denied_by_a_rule_on_the_volumes_it_holds(sim, cbr):
    sim.instance("vsi", data=[("sdp", 10)], tags=["t"])
    policy = sim.policy(["t"], resource_type="instance", included_content=["boot_volume", "data_volumes"])
    sim.plan(policy, "0 * * * *")
    cbr.create_rule(contexts=endpoints("public"), resources=resources("volume"))
    sim.advance(HOUR + 60)
    assert [(job["status"], job["status_reasons"][0]["message"]) for job in sim.jobs(policy)] == [("failed", MESSAGE)]
    assert sim.ok("GET", "/snapshot_consistency_groups")["snapshot_consistency_groups"] == []
