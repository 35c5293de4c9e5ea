"""Who may do what: roles, account isolation, enterprise-scoped policies, service
authorizations and the health they give a policy."""

import pytest
import requests
from ibm_vpc.vpc_v1 import BackupPolicyMatchResourceTypeVolume

from conftest import Sim, start_server
from vpcmock.config import ConfigError, Settings
from vpcmock.engine.platform.accounts import parse_directory

HOUR = 3600
PARENT, CHILD_A, CHILD_B, OTHER = "e" * 32, "a" * 32, "b" * 32, "f" * 32
ENTERPRISE_CRN = f"crn:v1:bluemix:public:enterprise::a/{PARENT}::enterprise:ent-1"
DIRECTORY = {
    "accounts": {
        PARENT: {"api_keys": {"parent-admin": "Administrator"}},
        CHILD_A: {"api_keys": {"a-admin": "Administrator", "a-viewer": "Viewer", "a-operator": "Operator",
                               "a-editor": "Editor"}},
        CHILD_B: {"api_keys": ["b-admin"]},
        OTHER: {"api_keys": ["other-admin"]},
    },
    "enterprise": {"id": "ent-1", "account": PARENT, "child_accounts": [CHILD_A, CHILD_B]},
}


@pytest.fixture
def mock_iam():
    server = start_server(iam=DIRECTORY, scheduler=False)
    sims = {key: None for key in ("parent-admin", "a-admin", "a-viewer", "a-operator", "a-editor", "b-admin",
                                  "other-admin")}
    first = Sim(server, "a-admin")
    for key in sims:
        sims[key] = first.as_key(key)
    yield sims
    server.close()


def error_of(response):
    return response.status_code, response.json()["errors"][0]["code"]


# -- roles ---------------------------------------------------------------------------------------

def test_a_viewer_lists_and_reads_policies(mock_iam):
    policy = mock_iam["a-admin"].policy(["t"])
    viewer = mock_iam["a-viewer"]
    assert [p["id"] for p in viewer.collect("/backup_policies", "backup_policies")] == [policy["id"]]
    assert viewer.ok("GET", f"/backup_policies/{policy['id']}")["name"] == "policy"


def test_a_viewer_cannot_create_a_policy(mock_iam):
    response = mock_iam["a-viewer"].call("POST", "/backup_policies", {"match_user_tags": ["t"],
                                                                      "match_resource_type": "volume"})
    assert error_of(response) == (403, "forbidden")
    assert mock_iam["a-admin"].collect("/backup_policies", "backup_policies") == []


def test_a_viewer_cannot_change_or_delete_a_policy(mock_iam):
    policy = mock_iam["a-admin"].policy(["t"])
    viewer = mock_iam["a-viewer"]
    assert error_of(viewer.call("PATCH", f"/backup_policies/{policy['id']}", {"name": "x"})) == (403, "forbidden")
    assert error_of(viewer.call("DELETE", f"/backup_policies/{policy['id']}")) == (403, "forbidden")
    assert mock_iam["a-admin"].ok("GET", f"/backup_policies/{policy['id']}")["name"] == "policy"


def test_a_viewer_cannot_attach_tags(mock_iam):
    volume = mock_iam["a-admin"].volume("v")
    viewer = mock_iam["a-viewer"]
    response = requests.post(f"{viewer.url}/v3/tags/attach", headers=viewer.session.headers,
                             json={"resources": [{"resource_id": volume["crn"]}], "tag_names": ["x"]})
    assert error_of(response) == (403, "forbidden")


def test_an_editor_creates_policies(mock_iam):
    assert mock_iam["a-editor"].call("POST", "/backup_policies", {
        "match_user_tags": ["t"], "match_resource_type": "volume"}).status_code == 201


def test_an_operator_runs_instance_actions_but_cannot_create(mock_iam):
    vsi = mock_iam["a-admin"].instance()
    operator = mock_iam["a-operator"]
    assert operator.call("POST", f"/instances/{vsi['id']}/actions", {"type": "stop"}).status_code == 201
    assert error_of(operator.call("POST", "/volumes", {"name": "v", "capacity": 10, "profile": {"name": "sdp"},
                                                       "zone": {"name": "us-south-1"}})) == (403, "forbidden")


def test_a_key_outside_the_configuration_gets_no_token(mock_iam):
    response = requests.post(f"{mock_iam['a-admin'].url}/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "unknown"})
    assert response.status_code == 400


def test_roles_changed_through_the_admin_api_apply_to_tokens_already_issued(mock_iam):
    viewer = mock_iam["a-viewer"]
    document = requests.get(f"{viewer.url}/mock/iam").json()
    document["accounts"][CHILD_A]["api_keys"]["a-viewer"] = "Editor"
    assert requests.put(f"{viewer.url}/mock/iam", json=document).status_code == 200
    assert viewer.call("POST", "/backup_policies", {"match_user_tags": ["t"],
                                                    "match_resource_type": "volume"}).status_code == 201


def test_an_invalid_role_is_refused_by_the_admin_api_and_changes_nothing(mock_iam):
    url = mock_iam["a-admin"].url
    before = requests.get(f"{url}/mock/iam").json()
    response = requests.put(f"{url}/mock/iam", json={"accounts": {CHILD_A: {"api_keys": {"k": "Owner"}}}})
    assert error_of(response) == (400, "invalid_iam_configuration")
    assert requests.get(f"{url}/mock/iam").json() == before


def test_a_configuration_file_declares_keys_roles_and_the_enterprise(tmp_path):
    path = tmp_path / "vpcmock.json"
    path.write_text('{"accounts": {"%s": {"api_keys": {"k1": "Viewer"}}}, "enterprise": '
                    '{"id": "e", "account": "%s", "child_accounts": ["%s"]}}' % (CHILD_A, PARENT, CHILD_A))
    directory = parse_directory(Settings.from_file(path).iam_document())
    assert directory["keys"] == {"k1": {"account": CHILD_A, "role": "Viewer"}}
    assert directory["enterprise"]["crn"] == f"crn:v1:bluemix:public:enterprise::a/{PARENT}::enterprise:e"


def test_a_key_given_to_two_accounts_is_a_configuration_error():
    with pytest.raises(ConfigError, match="two accounts"):
        parse_directory({"accounts": {CHILD_A: {"api_keys": ["k"]}, CHILD_B: {"api_keys": ["k"]}}})


# -- account isolation ---------------------------------------------------------------------------

def test_another_accounts_policy_answers_404_not_403(mock_iam):
    policy = mock_iam["a-admin"].policy(["t"])
    other = mock_iam["other-admin"]
    assert error_of(other.call("GET", f"/backup_policies/{policy['id']}")) == (404, "backup_policy_not_found")
    assert error_of(other.call("DELETE", f"/backup_policies/{policy['id']}")) == (404, "backup_policy_not_found")
    assert other.collect("/backup_policies", "backup_policies") == []


def test_another_accounts_volumes_are_neither_listed_nor_backed_up(mock_iam):
    mock_iam["other-admin"].volume("theirs", tags=["t"])
    admin = mock_iam["a-admin"]
    admin.plan(admin.policy(["t"]), "0 * * * *")
    admin.advance(HOUR + 120)
    assert admin.collect("/volumes", "volumes") == []
    assert admin.snapshots() == []
    assert mock_iam["other-admin"].snapshots() == []


# -- enterprise scope ----------------------------------------------------------------------------

def enterprise_policy(mock_iam):
    parent = mock_iam["parent-admin"]
    policy = parent.policy(["t"], scope={"crn": ENTERPRISE_CRN})
    parent.plan(policy, "0 * * * *")
    return policy


def test_an_enterprise_policy_has_enterprise_scope(mock_iam):
    policy = enterprise_policy(mock_iam)
    BackupPolicyMatchResourceTypeVolume.from_dict(policy)
    assert policy["scope"] == {"crn": ENTERPRISE_CRN, "id": "ent-1", "resource_type": "enterprise"}


def test_only_the_enterprise_account_may_use_its_enterprise_crn(mock_iam):
    response = mock_iam["a-admin"].call("POST", "/backup_policies", {
        "match_user_tags": ["t"], "match_resource_type": "volume", "scope": {"crn": ENTERPRISE_CRN}})
    assert error_of(response) == (400, "backup_policy_scope_invalid")


def test_an_enterprise_policy_backs_up_matching_volumes_in_every_child_account(mock_iam):
    in_a = mock_iam["a-admin"].volume("in-a", tags=["t"])
    in_b = mock_iam["b-admin"].volume("in-b", tags=["t"])
    mock_iam["parent-admin"].volume("in-parent", tags=["t"])
    mock_iam["other-admin"].volume("elsewhere", tags=["t"])
    policy = enterprise_policy(mock_iam)
    mock_iam["parent-admin"].advance(HOUR + 120)
    (backup_a,) = mock_iam["a-admin"].snapshots()
    (backup_b,) = mock_iam["b-admin"].snapshots()
    assert (backup_a["source_volume"]["id"], backup_b["source_volume"]["id"]) == (in_a["id"], in_b["id"])
    assert f"is.snapshot:backup_policy_crn:{policy['crn']}" in backup_a["service_tags"]
    assert mock_iam["parent-admin"].snapshots() == []
    assert mock_iam["other-admin"].snapshots() == []


def test_the_enterprise_sees_every_job_of_its_policy_including_those_in_child_accounts(mock_iam):
    in_a = mock_iam["a-admin"].volume("in-a", tags=["t"])
    in_b = mock_iam["b-admin"].volume("in-b", tags=["t"])
    policy = enterprise_policy(mock_iam)
    mock_iam["parent-admin"].advance(HOUR + 120)
    jobs = mock_iam["parent-admin"].jobs(policy)
    assert sorted(j["source"]["id"] for j in jobs) == sorted([in_a["id"], in_b["id"]])
    assert {j["status"] for j in jobs} == {"succeeded"}


def test_a_child_account_cannot_see_or_read_the_enterprise_policy(mock_iam):
    policy = enterprise_policy(mock_iam)
    child = mock_iam["a-admin"]
    assert child.collect("/backup_policies", "backup_policies") == []
    assert error_of(child.call("GET", f"/backup_policies/{policy['id']}")) == (404, "backup_policy_not_found")
    assert error_of(child.call("GET", f"/backup_policies/{policy['id']}/jobs")) == (404, "backup_policy_not_found")


def test_a_child_account_restores_a_volume_from_an_enterprise_backup(mock_iam):
    child = mock_iam["a-admin"]
    child.volume("in-a", tags=["t"])
    enterprise_policy(mock_iam)
    child.advance(HOUR + 120)
    (backup,) = child.snapshots()
    restored = child.ok("POST", "/volumes", {"name": "restored", "profile": {"name": "sdp"},
                                             "zone": {"name": "us-south-1"}, "source_snapshot": {"id": backup["id"]}})
    assert restored["source_snapshot"]["id"] == backup["id"]


def test_a_child_account_keeps_its_own_account_policies(mock_iam):
    child = mock_iam["a-admin"]
    child.volume("in-a", tags=["mine"])
    own = child.policy(["mine"], name="own")
    child.plan(own, "30 * * * *")
    enterprise_policy(mock_iam)
    child.advance(HOUR)
    assert [j["status"] for j in child.jobs(own)] == ["succeeded"]
    assert [p["id"] for p in child.collect("/backup_policies", "backup_policies")] == [own["id"]]


# -- service authorizations and health -----------------------------------------------------------

def revoke(sim, account, service):
    requests.delete(f"{sim.url}/mock/accounts/{account}/authorizations/{service}").raise_for_status()


def grant(sim, account, service):
    requests.put(f"{sim.url}/mock/accounts/{account}/authorizations/{service}").raise_for_status()


def test_every_authorization_is_granted_by_default(mock_iam):
    body = requests.get(f"{mock_iam['a-admin'].url}/mock/accounts/{CHILD_A}/authorizations").json()
    assert body["authorizations"] == {"block_storage": True, "snapshots": True, "virtual_servers": True,
                                      "file_storage": True}


def fired_without(admin, service):
    """A volume policy of CHILD_A that fired once with `service` revoked."""
    admin.volume("v", tags=["t"])
    policy = admin.policy(["t"])
    admin.plan(policy, "0 * * * *")
    revoke(admin, CHILD_A, service)
    admin.advance(HOUR + 10)
    return policy


def test_a_missing_authorization_degrades_the_policy_and_fails_its_jobs(mock_iam):
    admin = mock_iam["a-admin"]
    policy = fired_without(admin, "snapshots")
    seen = admin.ok("GET", f"/backup_policies/{policy['id']}")
    assert seen["health_state"] == "degraded"
    assert [r["code"] for r in seen["health_reasons"]] == ["missing_service_authorization_policies"]
    (job,) = admin.jobs(policy)
    assert (job["status"], [r["code"] for r in job["status_reasons"]]) == ("failed", ["internal_error"])
    assert admin.snapshots() == []


def test_a_policy_missing_every_authorization_it_needs_is_faulted(mock_iam):
    admin = mock_iam["a-admin"]
    policy = admin.policy(["t"], resource_type="share")
    admin.plan(policy, "0 * * * *")
    revoke(admin, CHILD_A, "file_storage")
    admin.advance(HOUR)
    assert admin.ok("GET", f"/backup_policies/{policy['id']}")["health_state"] == "faulted"


def test_granting_the_authorization_back_heals_the_policy_at_its_next_fire(mock_iam):
    admin = mock_iam["a-admin"]
    policy = fired_without(admin, "block_storage")
    grant(admin, CHILD_A, "block_storage")
    assert admin.ok("GET", f"/backup_policies/{policy['id']}")["health_state"] == "degraded"
    admin.advance(HOUR)
    healed = admin.ok("GET", f"/backup_policies/{policy['id']}")
    assert (healed["health_state"], healed["health_reasons"]) == ("ok", [])
    assert len(admin.snapshots()) == 1


def test_an_enterprise_policy_fails_only_in_the_child_account_missing_an_authorization(mock_iam):
    mock_iam["a-admin"].volume("in-a", tags=["t"])
    mock_iam["b-admin"].volume("in-b", tags=["t"])
    policy = enterprise_policy(mock_iam)
    revoke(mock_iam["a-admin"], CHILD_A, "snapshots")
    mock_iam["parent-admin"].advance(HOUR + 120)
    by_account = {j["source"]["name"]: j["status"] for j in mock_iam["parent-admin"].jobs(policy)}
    assert by_account == {"in-a": "failed", "in-b": "succeeded"}
    assert mock_iam["parent-admin"].ok("GET", f"/backup_policies/{policy['id']}")["health_state"] == "degraded"


def test_an_unknown_service_authorization_answers_404(mock_iam):
    response = requests.put(f"{mock_iam['a-admin'].url}/mock/accounts/{CHILD_A}/authorizations/dns")
    assert error_of(response) == (404, "service_not_found")
