"""Activity Tracker Event Routing delivers the mock's activity events into the COS bucket of each
target its routes select, as IBM's COS targets receive them: objects named
`<account>/<region>/<date and hour>/<timestamp>+<offset>_<uuid>.log` holding gzip'ed
newline-delimited CADF-style records, read here with the official COS SDK (ibm_boto3).

The routes and settings are made over plain HTTP (test_atracker.Client: the API's SDKs are Go's
and Node's only); buckets and objects through ibm_boto3 against the mock's S3 API (`/cos`)."""

from __future__ import annotations

import gzip
import json

import ibm_boto3
import pytest
import requests
from ibm_botocore.client import Config

from conftest import EPOCH, Sim, start_server
from test_atracker import COS, Client
from vpcmock.config import DEFAULT_ACCOUNT

HOUR = 3600
DAY = 24 * HOUR


def s3(url: str, api_key: str = "test-key"):
    """ibm_boto3 as COS users configure it: an API key and the COS instance the buckets belong to."""
    from test_cos_s3 import cos_instance, s3_client
    return s3_client(url, cos_instance(url, api_key)["guid"], api_key)


def delivered(cos, bucket: str) -> list[tuple[str, list[dict]]]:
    """(key, records) of every object of the bucket, in key order."""
    found = []
    for item in cos.list_objects_v2(Bucket=bucket).get("Contents", []):
        body = cos.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        found.append((item["Key"], [json.loads(line) for line in gzip.decompress(body).decode().splitlines()]))
    return found


def records(cos, bucket: str, prefix: str = "") -> list[dict]:
    return [r for _, rs in delivered(cos, bucket) for r in rs if r["action"].startswith(prefix)]


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def sim(server):
    return Sim(server)  # the clock frozen at EPOCH


@pytest.fixture(scope="module")
def at(server):
    return Client(server.url)


@pytest.fixture(scope="module")
def cos(server):
    return s3(server.url)


@pytest.fixture
def clean(at, sim):
    """No routes, targets, settings or backup policies before and after each test (buckets are
    the test's own; the account holds at most 10 policies)."""
    def wipe():
        at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False})
        for route in at.call("list_routes")["routes"]:
            at.call("delete_route", id=route["id"])
        for target in at.call("list_targets")["targets"]:
            at.call("delete_target", id=target["id"])
        for policy in sim.collect("/backup_policies", "backup_policies"):
            for plan in sim.collect(f"/backup_policies/{policy['id']}/plans", "plans"):
                sim.ok("DELETE", f"/backup_policies/{policy['id']}/plans/{plan['id']}")
            sim.ok("DELETE", f"/backup_policies/{policy['id']}")
    wipe()
    yield
    wipe()


def target(at: Client, bucket: str, name: str | None = None, **extra) -> dict:
    return at.call("create_target", {"name": name or bucket, "target_type": "cloud_object_storage",
                                     "cos_endpoint": {**COS, "bucket": bucket}, **extra})


def route(at: Client, *rules: tuple[list[dict], list[str]]) -> dict:
    return at.call("create_route", {"name": "route", "rules": [
        {"target_ids": [t["id"] for t in targets], "locations": locations} for targets, locations in rules]})


def policy(sim: Sim, name: str) -> dict:
    return sim.ok("POST", "/backup_policies", {"name": name, "match_resource_type": "volume",
                                               "match_user_tags": [f"tag-{name}"]})


def cbr_zone(sim: Sim, name: str) -> None:
    """An event of a global service (context-based restrictions): location `global`."""
    answer = sim.session.post(f"{sim.url}/cbr/v1/zones", json={
        "name": name, "account_id": DEFAULT_ACCOUNT, "addresses": [{"type": "ipAddress", "value": "10.0.0.1"}]})
    assert answer.status_code == 201, answer.text


# -- what reaches the bucket ------------------------------------------------------------------------

def test_a_routed_regions_events_reach_the_bucket_in_order_as_cadf_records(sim, at, cos, clean):
    cos.create_bucket(Bucket="audit-order")
    route(at, ([target(at, "audit-order")], ["us-south"]))
    first, second = policy(sim, "first"), policy(sim, "second")
    got = records(cos, "audit-order", "is.")
    assert [(r["action"], r["target"]["name"]) for r in got] == [
        ("is.backup-policy.backup-policy.create", "first"), ("is.backup-policy.backup-policy.create", "second")]
    assert got[0] == {
        "action": "is.backup-policy.backup-policy.create", "outcome": "success",
        "eventTime": "2030-01-01T00:00:00.00+0000",
        "reason": {"reasonCode": 201, "reasonType": "OK"}, "severity": "normal",
        "message": "Backup for VPC: create backup-policy first",
        "initiator": got[0]["initiator"], "correlationId": got[0]["correlationId"],
        "target": {"id": first["crn"], "name": "first", "typeURI": "is/backup-policy"},
        "observer": {"name": "ActivityTracker"},
        "logSourceCRN": f"crn:v1:bluemix:public:is:us-south:a/{DEFAULT_ACCOUNT}:::",
        "saveServiceCopy": True, "dataEvent": False, "requestData": {}, "responseData": {}}
    assert got[1]["target"]["id"] == second["crn"]


def test_the_object_is_named_by_account_target_region_and_hour(sim, at, cos, clean):
    cos.create_bucket(Bucket="audit-naming")
    route(at, ([target(at, "audit-naming", region="us-east")], ["*"]))
    policy(sim, "named")
    ((key, _),) = delivered(cos, "audit-naming")
    account, region, hour, name = key.split("/")
    assert (account, region, hour) == (DEFAULT_ACCOUNT, "us-east", "2030-01-01T00")
    assert name.startswith("2030-01-01T00:00+00_") and name.endswith(".log")


def test_a_rule_for_another_region_sends_nothing(sim, at, cos, clean):
    cos.create_bucket(Bucket="audit-elsewhere")
    route(at, ([target(at, "audit-elsewhere")], ["eu-de"]))
    policy(sim, "not-routed")
    assert records(cos, "audit-elsewhere", "is.") == []


def test_a_global_services_events_go_to_a_rule_for_global_not_to_one_for_the_region(sim, at, cos, clean):
    for bucket in ("audit-global", "audit-regional"):
        cos.create_bucket(Bucket=bucket)
    route(at, ([target(at, "audit-global")], ["global"]))
    route(at, ([target(at, "audit-regional")], ["us-south"]))
    cbr_zone(sim, "office")
    policy(sim, "regional")
    assert [r["action"] for r in records(cos, "audit-global")] == ["context-based-restrictions.zone.create"]
    assert records(cos, "audit-global")[0]["logSourceCRN"].startswith(
        "crn:v1:bluemix:public:context-based-restrictions:global:")
    assert [r["action"] for r in records(cos, "audit-regional", "is.")] == ["is.backup-policy.backup-policy.create"]
    assert records(cos, "audit-regional", "context-based-restrictions.") == []


def test_star_sends_every_location(sim, at, cos, clean):
    cos.create_bucket(Bucket="audit-star")
    route(at, ([target(at, "audit-star")], ["*"]))
    cbr_zone(sim, "star-zone")
    policy(sim, "star")
    assert [r["action"] for r in records(cos, "audit-star") if not r["action"].startswith("atracker.")] == [
        "context-based-restrictions.zone.create", "is.backup-policy.backup-policy.create"]


def test_within_a_route_the_first_matching_rule_wins(sim, at, cos, clean):
    for bucket in ("audit-first-rule", "audit-second-rule"):
        cos.create_bucket(Bucket=bucket)
    first, second = target(at, "audit-first-rule"), target(at, "audit-second-rule")
    route(at, ([first], ["us-south"]), ([second], ["*"]))
    policy(sim, "first-rule")
    assert len(records(cos, "audit-first-rule", "is.")) == 1
    assert records(cos, "audit-second-rule", "is.") == []


def test_every_route_that_matches_sends_the_event(sim, at, cos, clean):
    for bucket in ("audit-route-a", "audit-route-b"):
        cos.create_bucket(Bucket=bucket)
    route(at, ([target(at, "audit-route-a")], ["us-south"]))
    route(at, ([target(at, "audit-route-b")], ["*"]))
    policy(sim, "two-routes")
    assert len(records(cos, "audit-route-a", "is.")) == len(records(cos, "audit-route-b", "is.")) == 1


def test_events_no_route_selects_go_to_the_default_targets(sim, at, cos, clean):
    for bucket in ("audit-default", "audit-routed-eu"):
        cos.create_bucket(Bucket=bucket)
    default = target(at, "audit-default")
    route(at, ([target(at, "audit-routed-eu")], ["eu-de"]))
    at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False,
                             "default_targets": [default["id"]]})
    policy(sim, "by-default")
    assert [r["target"]["name"] for r in records(cos, "audit-default", "is.")] == ["by-default"]
    assert records(cos, "audit-routed-eu", "is.") == []


def test_a_target_outside_the_permitted_regions_receives_nothing(sim, at, cos, clean):
    for bucket in ("audit-permitted", "audit-not-permitted"):
        cos.create_bucket(Bucket=bucket)
    route(at, ([target(at, "audit-permitted"), target(at, "audit-not-permitted", region="eu-de")], ["*"]))
    at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False,
                             "permitted_target_regions": ["us-south"]})
    policy(sim, "permitted")
    assert len(records(cos, "audit-permitted", "is.")) == 1
    assert records(cos, "audit-not-permitted", "is.") == []


def test_events_from_before_the_first_target_are_not_delivered(sim, at, cos, clean):
    policy(sim, "too-early")
    cos.create_bucket(Bucket="audit-late")
    route(at, ([target(at, "audit-late")], ["*"]))
    assert records(cos, "audit-late", "is.") == []


def test_each_event_is_delivered_once_and_later_ones_of_the_hour_are_appended(sim, at, cos, clean):
    cos.create_bucket(Bucket="audit-once")
    route(at, ([target(at, "audit-once")], ["us-south"]))
    for name in ("one", "two", "three"):
        policy(sim, name)
    ((_, got),) = delivered(cos, "audit-once")
    ids = [r["correlationId"] for r in got]
    assert len(ids) == len(set(ids))
    assert [r["target"]["name"] for r in got if r["action"].startswith("is.")] == ["one", "two", "three"]


def test_a_target_whose_bucket_does_not_exist_fails_its_write_and_recovers_when_it_does(sim, at, cos, clean):
    missing = target(at, "audit-missing")
    route(at, ([missing], ["us-south"]))
    policy(sim, "lost")
    status = at.call("get_target", id=missing["id"])["write_status"]
    assert (status["status"], status["last_failure"], status["reason_for_last_failure"]) == (
        "failed", "2030-01-01T00:00:00Z",
        "NoSuchBucket: The bucket audit-missing does not exist in the target's COS instance")
    cos.create_bucket(Bucket="audit-missing")
    policy(sim, "kept")
    assert [r["target"]["name"] for r in records(cos, "audit-missing", "is.")] == ["kept"]
    assert at.call("get_target", id=missing["id"])["write_status"]["status"] == "success"


def test_a_days_backups_reach_the_bucket_when_the_clock_move_ends(sim, at, cos, clean):
    cos.create_bucket(Bucket="audit-backups")
    route(at, ([target(at, "audit-backups")], ["us-south"]))
    sim.volume("backed-up", tags=["nightly"], capacity=10)
    sim.plan(sim.policy(["nightly"], name="nightly-policy"), "0 */6 * * *")
    assert sim.clock()["now"].startswith("2030-01-01T00:00")  # the module's clock, frozen at EPOCH
    sim.advance(DAY)
    created = records(cos, "audit-backups", "is.snapshot.snapshot.create")
    assert [r["eventTime"] for r in created] == [
        "2030-01-01T06:00:00.00+0000", "2030-01-01T12:00:00.00+0000", "2030-01-01T18:00:00.00+0000",
        "2030-01-02T00:00:00.00+0000"]
    keys = [key.split("/")[2] for key, _ in delivered(cos, "audit-backups")]
    assert keys == sorted(set(keys))  # one object per hour, in order


# -- a restart --------------------------------------------------------------------------------------

def test_delivery_goes_on_after_a_restart_without_delivering_anything_twice(tmp_path):
    state = tmp_path / "state.json"
    first = start_server(state_path=state, scheduler=False)
    try:
        sim, at, cos = Sim(first), Client(first.url), s3(first.url)
        cos.create_bucket(Bucket="audit-restart")
        route(at, ([target(at, "audit-restart")], ["us-south"]))
        policy(sim, "before")
    finally:
        first.close()
    second = start_server(state_path=state, scheduler=False)
    try:
        sim, cos = Sim(second, set_clock=False), s3(second.url)
        policy(sim, "after")
        got = records(cos, "audit-restart", "is.")
        assert [r["target"]["name"] for r in got] == ["before", "after"]
        assert requests.get(f"{second.url}/mock/clock").json()["now"].startswith("2030-01-01")
    finally:
        second.close()
