"""The admin API: reads of what the API does not show (a plan's next fire, a restore's hydration), its
index of routes, reset and the state by table."""

import requests

HOUR = 3600


def test_a_plan_shows_its_next_fire_and_none_once_inactive(sim):
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "30 2 * * *")
    assert sim.admin("GET", f"/plans/{plan['id']}") == {"id": plan["id"], "next_fire_at": "2030-01-01T02:30:00Z"}
    sim.ok("PATCH", f"/backup_policies/{policy['id']}/plans/{plan['id']}", {"active": False})
    assert sim.admin("GET", f"/plans/{plan['id']}") == {"id": plan["id"], "next_fire_at": None}


def test_a_restored_volume_shows_its_hydration_progress_until_it_is_hydrated(sim):
    volume = sim.volume("data", capacity=100)
    snapshot = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    sim.advance(HOUR)
    restored = sim.ok("POST", "/volumes", {"name": "restored", "profile": {"name": "sdp"},
                                           "zone": {"name": "us-south-1"}, "source_snapshot": {"id": snapshot["id"]}})
    sim.advance(25)
    assert sim.admin("GET", f"/volumes/{restored['id']}")["hydration"] == {
        "started_at": "2030-01-01T01:00:00Z", "completes_at": "2030-01-01T01:01:40Z", "progress": 0.25}
    sim.advance(75)
    assert sim.admin("GET", f"/volumes/{restored['id']}") == {"id": restored["id"], "hydration": None}


def test_reset_refuses_a_key_it_does_not_take(sim):
    response = requests.post(f"{sim.url}/mock/reset", json={"really": True})
    assert (response.status_code, response.json()["errors"]) == (400, [{
        "code": "unknown_field", "message": "Unknown field 'really'; this request takes no body fields",
        "more_info": "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages",
        "target": {"name": "really", "type": "field"}}])


def test_reset_refused_keeps_the_state(sim):
    sim.policy(["t"])
    requests.post(f"{sim.url}/mock/reset", json={"really": True})
    assert requests.get(f"{sim.url}/mock/state").json()["counts"]["backup_policies"] == 1


def test_state_of_a_table_the_mock_does_not_have_is_404_naming_it(sim):
    response = requests.get(f"{sim.url}/mock/state", params={"table": "nope"})
    assert (response.status_code, response.json()["errors"]) == (404, [{
        "code": "table_not_found", "message": "No table 'nope' in the state",
        "more_info": "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages",
        "target": {"name": "table", "type": "parameter", "value": "nope"}}])


def test_state_of_a_known_table_holding_nothing_is_empty(sim):
    assert requests.get(f"{sim.url}/mock/state", params={"table": "jobs"}).json() == {
        "counts": {"jobs": 0}, "tables": {"jobs": []}}


def test_the_admin_index_lists_each_route_with_its_method_and_description(sim):
    routes = requests.get(f"{sim.url}/mock").json()["routes"]
    assert {"method": "GET", "path": "/mock", "description": "List the admin routes."} in routes
    assert {"method": "POST", "path": "/mock/reset", "description": "Empty the state."} in routes
    # A path parameter as {name}, a <path:...> one too.
    assert {"method": "GET", "path": "/mock/shares/{share_id}/files/{path}"} in [
        {"method": r["method"], "path": r["path"]} for r in routes]


def test_the_admin_index_is_the_url_map_under_mock_every_route_described(sim):
    from vpcmock.http.app import create_app
    from vpcmock.config import Settings
    from vpcmock.runtime import Runtime

    app = create_app(Runtime.open(Settings(state_path=None, scheduler=False)))
    expected = sorted((method, rule.rule.replace("<path:", "<").replace("<", "{").replace(">", "}"))
                      for rule in app.url_map.iter_rules() if rule.rule.startswith("/mock")
                      for method in rule.methods - {"HEAD", "OPTIONS"})
    routes = requests.get(f"{sim.url}/mock").json()["routes"]
    assert sorted((r["method"], r["path"]) for r in routes) == expected
    assert [r["path"] for r in routes if not r["description"] or "\n" in r["description"]] == []
