"""Activity events: the trail of what was done, by whom, and a webhook that receives it."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from vpcmock.config import DEFAULT_ACCOUNT
from vpcmock.engine.platform.accounts import subject_of

HOUR = 3600


def events(sim, **filters):
    response = requests.get(f"{sim.url}/mock/events", params=filters)
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_a_policys_lifecycle_leaves_a_trail_of_events_in_order(sim):
    policy = sim.ok("POST", "/backup_policies", {"name": "p", "match_resource_type": "volume",
                                                 "match_user_tags": ["t"],
                                                 "plans": [{"name": "daily", "cron_spec": "0 1 * * *"}]})
    (plan,) = sim.collect(f"/backup_policies/{policy['id']}/plans", "plans")
    policy_url = f"/backup_policies/{policy['id']}"
    etag = sim.call("GET", policy_url).headers["ETag"]
    sim.call("PATCH", policy_url, {"name": "renamed"}, headers={"If-Match": etag})
    sim.ok("PATCH", f"{policy_url}/plans/{plan['id']}", {"name": "nightly"})
    sim.ok("DELETE", f"{policy_url}/plans/{plan['id']}")
    sim.ok("DELETE", policy_url)
    trail = events(sim)
    assert [(e["action"], e["target"]["name"]) for e in trail] == [
        ("is.backup-policy.backup-policy.create", "p"),
        ("is.backup-policy.backup-policy-plan.create", "daily"),
        ("is.backup-policy.backup-policy.update", "renamed"),
        ("is.backup-policy.backup-policy-plan.update", "nightly"),
        ("is.backup-policy.backup-policy-plan.delete", "nightly"),
        ("is.backup-policy.backup-policy.delete", "renamed"),
    ]
    assert {e["outcome"] for e in trail} == {"success"}
    assert {e["initiator"]["id"] for e in trail} == {subject_of("test-key")}
    assert trail[0]["target"]["crn"] == policy["crn"]
    assert trail[1]["target"]["crn"] == f"{policy['crn']}/plan:{plan['id']}"
    assert trail[0]["event_time"] == "2030-01-01T00:00:00Z"


def test_backups_a_plan_creates_and_deletes_are_recorded_as_the_service(sim):
    sim.volume("v", tags=["t"], capacity=10)
    sim.plan(sim.policy(["t"]), "0 * * * *", deletion_trigger={"delete_after": 30, "delete_over_count": 1})
    sim.advance(2 * HOUR + 60)
    backups = [e for e in events(sim) if e["action"].startswith("is.snapshot.")]
    assert [(e["action"], e["event_time"]) for e in backups] == [
        ("is.snapshot.snapshot.create", "2030-01-01T01:00:00Z"),
        ("is.snapshot.snapshot.create", "2030-01-01T02:00:00Z"),
        ("is.snapshot.snapshot.delete", "2030-01-01T02:00:00Z"),
    ]
    assert backups[0]["target"]["crn"] == backups[2]["target"]["crn"]
    assert {e["initiator"]["type"] for e in backups} == {"service"}


def test_a_job_failing_for_missing_authorization_is_recorded_as_a_failure(sim):
    volume = sim.volume("v", tags=["t"], capacity=10)
    sim.plan(sim.policy(["t"]), "0 * * * *")
    requests.delete(f"{sim.url}/mock/accounts/{DEFAULT_ACCOUNT}/authorizations/snapshots").raise_for_status()
    sim.advance(HOUR)
    (failure,) = events(sim, outcome="failure")
    assert (failure["action"], failure["target"]["crn"], failure["reason"]) == (
        "is.backup-policy.backup-policy-job.create", volume["crn"], {"code": "missing_service_authorization_policies"})


def test_events_are_filtered_by_action_target_and_time(sim):
    first = sim.policy(["a"], name="first")
    sim.advance(HOUR)
    sim.policy(["b"], name="second")
    assert [e["target"]["name"] for e in events(sim, target_crn=first["crn"])] == ["first"]
    assert [e["target"]["name"] for e in events(sim, since="2030-01-01T00:30:00Z")] == ["second"]
    assert len(events(sim, action="is.backup-policy.backup-policy.create")) == 2
    assert [e["target"]["name"] for e in events(sim, limit=1)] == ["second"]


class Receiver:
    """A loopback HTTP server that records what it is sent; it answers `failures` 500s first,
    and holds each request until `release` is set."""

    def __init__(self, failures=0):
        self.received, self.attempts, self.failures = [], 0, failures
        self.release = threading.Event()
        self.release.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.release.wait(10)
                receiver.attempts += 1
                if receiver.attempts <= receiver.failures:
                    self.send_response(500)
                else:
                    receiver.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count, seconds=10):
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def close(self):
        self.release.set()
        self.server.shutdown()


@pytest.fixture
def receiver():
    made = []

    def make(**options):
        made.append(Receiver(**options))
        return made[-1]
    yield make
    for r in made:
        r.close()


def hook(sim, url):
    response = requests.put(f"{sim.url}/mock/events/webhook", json={"url": url})
    assert response.status_code == 200, response.text


def test_the_webhook_receives_each_event_as_json_in_order(sim, receiver):
    target = receiver()
    hook(sim, target.url)
    first = sim.policy(["a"], name="first")
    sim.policy(["b"], name="second")
    got = target.wait_for(2)
    assert [(e["action"], e["target"]["name"]) for e in got] == [
        ("is.backup-policy.backup-policy.create", "first"), ("is.backup-policy.backup-policy.create", "second")]
    assert got[0]["target"]["crn"] == first["crn"]
    assert requests.get(f"{sim.url}/mock/events/webhook").json()["delivered"] == 2


def test_the_webhook_retries_an_event_its_receiver_refused(sim, receiver):
    target = receiver(failures=2)
    hook(sim, target.url)
    sim.policy(["a"], name="persistent")
    assert [e["target"]["name"] for e in target.wait_for(1)] == ["persistent"]
    assert target.attempts == 3


def test_a_request_does_not_wait_for_the_webhook(sim, receiver):
    target = receiver()
    target.release.clear()  # the receiver holds every delivery
    hook(sim, target.url)
    response = sim.call("POST", "/backup_policies", {"name": "quick", "match_resource_type": "volume",
                                                     "match_user_tags": ["t"]})
    assert response.status_code == 201
    assert target.received == []
    target.release.set()
    assert [e["target"]["name"] for e in target.wait_for(1)] == ["quick"]


def test_a_webhook_off_loopback_is_refused(sim):
    response = requests.put(f"{sim.url}/mock/events/webhook", json={"url": "http://example.com/hook"})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "invalid_webhook_url")
