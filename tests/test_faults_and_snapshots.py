"""Fault and latency injection (/mock/faults), state snapshots (/mock/state/snapshots), and
`vpcmock state export` / `vpcmock serve --seed`."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from ibm_cloud_sdk_core import ApiException

from conftest import Http, free_port, sdk_client

VOLUME = {"name": "v", "capacity": 10, "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"}}


@pytest.fixture
def http(mock) -> Http:
    requests.delete(f"{mock.url}/mock/faults").raise_for_status()
    yield Http(mock.url)
    requests.delete(f"{mock.url}/mock/faults").raise_for_status()


def add_fault(http: Http, **rule) -> dict:
    response = requests.post(f"{http.url}/mock/faults", json=rule)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_fault_answers_the_ibm_error_it_names_with_retry_after(http):
    add_fault(http, method="GET", path="/v1/volumes", status=429, code="too_many_requests", retry_after=3, count=1)
    response = http.call("GET", "/volumes")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (429, "too_many_requests")
    assert response.headers["Retry-After"] == "3"
    assert http.call("GET", "/volumes").status_code == 200  # count used up


def test_the_sdk_retries_through_injected_503s(http):
    add_fault(http, method="POST", path="/v1/volumes", status=503, code="service_unavailable", count=2)
    vpc = sdk_client(http.url)
    vpc.enable_retries(max_retries=3, retry_interval=0.01)
    created = vpc.create_volume(VOLUME).get_result()
    assert created["name"] == "v"
    assert len(vpc.list_volumes().get_result()["volumes"]) == 1


def test_without_retries_the_sdk_raises_the_injected_error(http):
    add_fault(http, method="GET", path="/v1/volumes*", status=409, code="conflict", count=1)
    with pytest.raises(ApiException) as raised:
        sdk_client(http.url).list_volumes()
    assert raised.value.status_code == 409


def test_nth_fires_only_on_that_match(http):
    add_fault(http, method="GET", path="/v1/volumes", status=500, code="internal_error", nth=3)
    assert [http.call("GET", "/volumes").status_code for _ in range(5)] == [200, 200, 500, 200, 200]


def test_a_probability_draws_from_the_rules_seed_so_runs_repeat(http):
    def run() -> list[int]:
        requests.delete(f"{http.url}/mock/faults")
        add_fault(http, method="GET", path="/v1/volumes", status=503, probability=0.5, seed=7)
        return [http.call("GET", "/volumes").status_code for _ in range(12)]

    first = run()
    assert first == run()
    assert 0 < first.count(503) < 12


def test_a_rule_matches_region_and_account_only(http):
    add_fault(http, path="*", region="us-east", status=503)
    assert http.call("GET", "/volumes").status_code == 200
    assert http.session.get(f"{http.url}/us-east/v1/volumes", params={"version": "2026-10-06", "generation": "2"},
                            headers=http.session.headers).status_code == 503


def test_latency_delays_and_lets_the_request_through(http):
    add_fault(http, method="GET", path="/v1/volumes", latency_ms=300, count=1)
    started = time.perf_counter()
    assert http.call("GET", "/volumes").status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_a_rule_expires_after_its_ttl(http):
    add_fault(http, path="*", status=503, ttl_seconds=0.2)
    assert http.call("GET", "/volumes").status_code == 503
    time.sleep(0.25)
    assert http.call("GET", "/volumes").status_code == 200
    assert requests.get(f"{http.url}/mock/faults").json()["faults"] == []


def test_every_firing_is_an_activity_event(http):
    rule = add_fault(http, method="GET", path="/v1/volumes", status=503, code="service_unavailable", count=2)
    http.call("GET", "/volumes"), http.call("GET", "/volumes")
    events = requests.get(f"{http.url}/mock/events", params={"action": "vpcmock.fault.inject"}).json()["events"]
    assert [(e["outcome"], e["reason"]["code"], e["target"]["name"]) for e in events] == \
        [("failure", "service_unavailable", f"GET /v1/volumes ({rule['id']})")] * 2


def test_rules_are_listed_and_removed_one_by_one(http):
    rule = add_fault(http, path="/v1/volumes", status=503)
    assert [r["id"] for r in requests.get(f"{http.url}/mock/faults").json()["faults"]] == [rule["id"]]
    assert requests.delete(f"{http.url}/mock/faults/{rule['id']}").status_code == 204
    assert requests.delete(f"{http.url}/mock/faults/{rule['id']}").status_code == 404


@pytest.mark.parametrize("rule, code, target", [
    ({"path": "*"}, "missing_field", "status"),
    ({"status": 200}, "invalid_field_value", "status"),
    ({"status": 503, "probability": 0}, "invalid_field_value", "probability"),
    ({"status": 503, "nth": 2, "probability": 0.5}, "invalid_field_value", "nth"),
    ({"status": 503, "method": "FETCH"}, "invalid_field_value", "method"),
    ({"status": 503, "colour": "red"}, "unknown_field", "colour"),
])
def test_a_bad_rule_is_refused_naming_the_field(http, rule, code, target):
    response = requests.post(f"{http.url}/mock/faults", json=rule)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["code"], error["target"]["name"]) == (code, target)


def test_injected_job_failures_fail_the_next_creation_jobs_with_their_reason(http):
    requests.post(f"{http.url}/mock/clock", json={"to": "2030-01-01T00:00:00Z", "frozen": True})
    http.call("POST", "/volumes", {**VOLUME, "user_tags": ["b"]})
    policy = http.call("POST", "/backup_policies", {"match_resource_type": "volume", "match_user_tags": ["b"],
                                                    "plans": [{"cron_spec": "0 2 * * *", "active": True}]}).json()
    response = requests.post(f"{http.url}/mock/faults/jobs", json={"count": 1, "reason": "snapshot_volume_limit",
                                                                  "plan_id": policy["plans"][0]["id"]})
    assert response.status_code == 201
    requests.post(f"{http.url}/mock/clock", json={"advance_seconds": 2 * 86400}).raise_for_status()
    jobs = http.call("GET", f"/backup_policies/{policy['id']}/jobs").json()["jobs"]
    outcomes = sorted((j["status"], [r["code"] for r in j["status_reasons"]]) for j in jobs)
    assert outcomes == [("failed", ["snapshot_volume_limit"]), ("succeeded", [])]


def test_each_injected_job_failure_that_fires_is_an_activity_event(http):
    requests.post(f"{http.url}/mock/clock", json={"to": "2030-01-01T00:00:00Z", "frozen": True})
    volume = http.call("POST", "/volumes", {**VOLUME, "user_tags": ["b"]}).json()
    http.call("POST", "/backup_policies", {"match_resource_type": "volume", "match_user_tags": ["b"],
                                           "plans": [{"cron_spec": "0 2 * * *", "active": True}]})
    requests.post(f"{http.url}/mock/faults/jobs", json={"count": 2, "reason": "snapshot_volume_limit"}
                  ).raise_for_status()
    requests.post(f"{http.url}/mock/clock", json={"advance_seconds": 3 * 86400}).raise_for_status()
    events = requests.get(f"{http.url}/mock/events", params={"action": "vpcmock.fault.inject"}).json()["events"]
    assert [(e["outcome"], e["reason"], e["target"], e["region"]) for e in events] == [
        ("failure", {"code": "snapshot_volume_limit"}, {"crn": volume["crn"], "name": "v"}, "us-south")] * 2


def test_an_injected_job_failure_needs_a_known_reason(http):
    response = requests.post(f"{http.url}/mock/faults/jobs", json={"reason": "gremlins"})
    assert (response.status_code, response.json()["errors"][0]["target"]["name"]) == (400, "reason")


# -- state snapshots ----------------------------------------------------------------------------

def test_a_restore_brings_back_the_state_and_the_clock(http):
    requests.post(f"{http.url}/mock/clock", json={"frozen": True})
    kept = http.call("POST", "/volumes", VOLUME).json()
    taken = requests.post(f"{http.url}/mock/state/snapshots", json={"name": "one"})
    assert taken.status_code == 201
    http.call("DELETE", f"/volumes/{kept['id']}")
    http.call("POST", "/volumes", {**VOLUME, "name": "later"})
    requests.post(f"{http.url}/mock/clock", json={"advance_seconds": 86400})
    restored = requests.post(f"{http.url}/mock/state/snapshots/one/restore")
    assert restored.status_code == 200
    assert [v["id"] for v in http.call("GET", "/volumes").json()["volumes"]] == [kept["id"]]
    assert requests.get(f"{http.url}/mock/clock").json()["now"] == taken.json()["taken_at"]


def test_a_restore_brings_back_the_schedule(http):
    requests.post(f"{http.url}/mock/clock", json={"to": "2032-01-01T00:00:00Z", "frozen": True})
    http.call("POST", "/volumes", {**VOLUME, "user_tags": ["s"]})
    http.call("POST", "/backup_policies", {"match_resource_type": "volume", "match_user_tags": ["s"],
                                           "plans": [{"cron_spec": "0 2 * * *", "active": True}]})
    requests.post(f"{http.url}/mock/state/snapshots", json={"name": "scheduled"})
    requests.post(f"{http.url}/mock/reset")
    requests.post(f"{http.url}/mock/state/snapshots/scheduled/restore").raise_for_status()
    events = requests.post(f"{http.url}/mock/clock", json={"advance_seconds": 86400}).json()["events"]
    assert events["plan_fired"] == 1


def test_restoring_an_unknown_snapshot_is_a_404(http):
    response = requests.post(f"{http.url}/mock/state/snapshots/nothing/restore")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (404, "state_snapshot_not_found")


def test_the_clock_goes_back_only_over_a_snapshot_without_resources(http):
    requests.post(f"{http.url}/mock/reset")
    requests.post(f"{http.url}/mock/clock", json={"to": "2033-01-01T00:00:00Z", "frozen": True})
    requests.post(f"{http.url}/mock/state/snapshots", json={"name": "empty"})
    http.call("POST", "/volumes", VOLUME)
    requests.post(f"{http.url}/mock/state/snapshots", json={"name": "full"})
    back = {"now": "2030-01-01T00:00:00Z"}
    assert requests.post(f"{http.url}/mock/state/snapshots/empty/restore", json=back).status_code == 200
    assert requests.get(f"{http.url}/mock/clock").json()["now"] == "2030-01-01T00:00:00Z"
    refused = requests.post(f"{http.url}/mock/state/snapshots/full/restore", json=back)
    assert (refused.status_code, refused.json()["errors"][0]["code"]) == (400, "clock_backwards")


def test_export_then_serve_seed_starts_from_the_saved_state(http, tmp_path):
    created = http.call("POST", "/volumes", VOLUME).json()
    saved = tmp_path / "seed.json"
    subprocess.run([sys.executable, "-m", "vpcmock", "state", "export", str(saved), "--url", http.url], check=True,
                   capture_output=True)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--port", str(port), "--in-memory",
                                "--seed", str(saved)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(f"{url}/mock/clock", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        assert [v["id"] for v in Http(url).call("GET", "/volumes").json()["volumes"]] == [created["id"]]
    finally:
        process.terminate()
        process.wait()
