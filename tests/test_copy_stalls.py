"""Copy stalls (`/mock/faults/copies`): the next N cross-region copies stay pending until released."""

import requests

HOUR = 3600
DAY = 86400
COPY_SECONDS_100_GB = 1500  # 4 GB a minute


def copy_policy(sim, regions=("us-east",)):
    sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"])
    sim.plan(policy, "0 1 * * *", remote_region_policies=[{"region": {"name": r}} for r in regions])
    return policy


def stall(sim, **body):
    response = requests.post(f"{sim.url}/mock/faults/copies", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def state_of(sim, copy, region="us-east"):
    return sim.ok("GET", f"/snapshots/{copy['id']}", region=region)["lifecycle_state"]


def test_a_stalled_copy_stays_pending_and_its_job_running(sim):
    policy = copy_policy(sim)
    stall(sim, region="us-east")
    sim.advance(HOUR + 100)
    (copy,) = sim.snapshots(region="us-east")
    sim.advance(DAY - 200)
    assert (state_of(sim, copy), [j["status"] for j in sim.jobs(policy, sort="created_at")][:1]) == (
        "pending", ["running"])


def test_a_released_copy_completes_its_transfer_time_after_the_release(sim):
    policy = copy_policy(sim)
    stall(sim, region="us-east", count=1)
    sim.advance(HOUR + 100)
    (copy,) = sim.snapshots(region="us-east")
    sim.advance(HOUR)
    assert sim.admin("POST", "/faults/copies/release") == {"released": [copy["id"]]}
    sim.advance(COPY_SECONDS_100_GB - 1)
    assert state_of(sim, copy) == "pending"
    sim.advance(1)
    (job,) = sim.jobs(policy)
    assert (state_of(sim, copy), job["status"]) == ("stable", "succeeded")


def test_only_copies_into_the_named_region_stall(sim):
    copy_policy(sim, regions=("us-east", "eu-de"))
    stall(sim, region="eu-de")
    sim.advance(HOUR + 100 + COPY_SECONDS_100_GB)
    (east,) = sim.snapshots(region="us-east")
    (de,) = sim.snapshots(region="eu-de")
    assert (east["lifecycle_state"], de["lifecycle_state"]) == ("stable", "pending")


def test_the_count_is_used_up_by_the_stalls(sim):
    copy_policy(sim)
    stall(sim, count=1)
    sim.advance(HOUR + 100)
    assert sim.admin("GET", "/faults/copies")["rules"] == []


def test_clearing_the_faults_releases_the_stalled_copies(sim):
    copy_policy(sim)
    stall(sim)
    sim.advance(HOUR + 100)
    (copy,) = sim.snapshots(region="us-east")
    assert requests.delete(f"{sim.url}/mock/faults").status_code == 204
    sim.advance(COPY_SECONDS_100_GB)
    assert (state_of(sim, copy), sim.admin("GET", "/faults/copies")) == ("stable", {"rules": [], "stalled": []})


def test_a_stall_is_logged_as_an_injected_fault(sim):
    copy_policy(sim)
    stall(sim)
    sim.advance(HOUR + 100)
    (copy,) = sim.snapshots(region="us-east")
    events = [e for e in sim.admin("GET", "/events")["events"] if e["action"] == "vpcmock.fault.inject"]
    assert [(e["target"]["crn"], e["reason"], e["region"]) for e in events] == [
        (copy["crn"], {"code": "copy_stalled"}, "us-east")]


def test_an_unknown_region_is_refused(sim):
    response = requests.post(f"{sim.url}/mock/faults/copies", json={"region": "mars-1"})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "invalid_field_value")
