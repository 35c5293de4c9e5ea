"""Every validation answers an IBM-shaped error with its status, code and target."""

import pytest
import requests

VOLUME_POLICY = {"match_resource_type": "volume", "match_user_tags": ["t"]}


def create_policy(http, **fields):
    return http.call("POST", "/backup_policies", {**VOLUME_POLICY, **fields})


def assert_error(response, status, code, target=None):
    body = response.json()
    assert response.status_code == status, body
    assert body["status_code"] == status
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["more_info"].startswith("https://")
    assert body["trace"]
    if target is not None:
        assert body["errors"][0]["target"]["name"] == target


@pytest.mark.parametrize("body, code, target", [
    ({"match_user_tags": ["t"]}, "missing_field", "match_resource_type"),
    ({"match_resource_type": "volume"}, "missing_field", "match_user_tags"),
    ({**VOLUME_POLICY, "match_resource_type": "disk"}, "backup_policy_match_resource_type_invalid",
     "match_resource_type"),
    ({**VOLUME_POLICY, "match_user_tags": []}, "backup_policy_match_user_tags_invalid", "match_user_tags"),
    ({**VOLUME_POLICY, "match_user_tags": ["bad*tag"]}, "invalid_user_tag", "match_user_tags[0]"),
    ({**VOLUME_POLICY, "name": "Upper"}, "backup_policy_name_invalid", "name"),
    ({**VOLUME_POLICY, "name": "a" * 64}, "backup_policy_name_invalid", "name"),
    ({**VOLUME_POLICY, "name": 7}, "invalid_field_type", "name"),
    ({**VOLUME_POLICY, "included_content": ["boot_volume"]}, "backup_policy_included_content_invalid",
     "included_content"),
    ({"match_resource_type": "instance", "match_user_tags": ["t"], "included_content": ["swap"]},
     "backup_policy_included_content_invalid", "included_content[0]"),
    ({**VOLUME_POLICY, "plans": [{"name": "x"}]}, "missing_field", "plans[0].cron_spec"),
    ({**VOLUME_POLICY, "plans": [{"cron_spec": "*/30 * * * *"}]}, "plan_cron_spec_invalid", "plans[0].cron_spec"),
    ({**VOLUME_POLICY, "plans": [{"cron_spec": f"0 {h} * * *"} for h in range(5)]},
     "backup_policy_plan_quota_exceeded", None),
    ({**VOLUME_POLICY, "resource_group": {"id": "f" * 32}}, "resource_group_not_found", "resource_group.id"),
    ({**VOLUME_POLICY, "scope": {"crn": "crn:v1:bluemix:public:enterprise::a/x::enterprise:y"}},
     "backup_policy_scope_invalid", "scope.crn"),
])
def test_policy_prototype_validation(http, body, code, target):
    assert_error(http.call("POST", "/backup_policies", body), 400, code, target)
    assert http.call("GET", "/backup_policies").json()["total_count"] == 0  # nothing half-created


def test_eleventh_policy_in_a_region_is_refused(http):
    for n in range(10):
        assert create_policy(http, name=f"p{n}").status_code == 201
    assert_error(create_policy(http, name="p10"), 400, "backup_policy_quota_exceeded")


def test_policy_limit_counts_per_region(http):
    for n in range(10):
        create_policy(http, name=f"p{n}")
    response = http.call("POST", "/backup_policies", VOLUME_POLICY, prefix="/eu-de/v1")
    assert response.status_code == 201
    assert response.json()["href"].startswith(f"{http.url}/eu-de/v1/backup_policies/")


def test_duplicate_policy_name_is_409(http):
    create_policy(http, name="same")
    assert_error(create_policy(http, name="same"), 409, "backup_policy_name_duplicate", "name")


def _policy_with_plan(http, **plan):
    policy = create_policy(http).json()
    return policy, http.call("POST", f"/backup_policies/{policy['id']}/plans", {"cron_spec": "0 1 * * *", **plan})


@pytest.mark.parametrize("plan, code, target", [
    ({"deletion_trigger": {"delete_after": 0}}, "plan_delete_after_invalid", "deletion_trigger.delete_after"),
    ({"deletion_trigger": {"delete_after": 1001}}, "plan_delete_after_invalid", "deletion_trigger.delete_after"),
    ({"deletion_trigger": {"delete_over_count": 751}}, "plan_delete_over_count_invalid",
     "deletion_trigger.delete_over_count"),
    ({"cron_spec": "0 1 * *"}, "plan_cron_spec_invalid", "cron_spec"),
    ({"cron_spec": "61 1 * * *"}, "plan_cron_spec_invalid", "cron_spec"),
    ({"active": "yes"}, "invalid_field_type", "active"),
    ({"clone_policy": {"zones": [{"name": "eu-de-1"}]}}, "zone_not_found", "clone_policy.zones[0]"),
    ({"clone_policy": {"zones": []}}, "plan_clone_zones_invalid", "clone_policy.zones"),
    ({"remote_region_policies": [{"region": {"name": "us-south"}}]}, "backup_policy_plan_remote_region_invalid",
     "remote_region_policies[0].region"),
    ({"remote_region_policies": [{"region": {"name": "ca-mon"}}]}, "backup_policy_plan_remote_region_invalid",
     "remote_region_policies[0].region"),
    ({"remote_region_policies": [{"region": {"name": "in-che"}}]}, "backup_policy_plan_remote_region_invalid",
     "remote_region_policies[0].region"),
    ({"remote_region_policies": [{"region": {"name": "mars-1"}}]}, "region_not_found",
     "remote_region_policies[0].region"),
    ({"remote_region_policies": [{"region": {"name": "us-east"}}, {"region": {"name": "us-east"}}]},
     "backup_policy_plan_remote_region_duplicate", "remote_region_policies[1].region"),
    ({"remote_region_policies": [{"region": {"name": "us-east"}, "delete_over_count": 101}]},
     "plan_remote_delete_over_count_invalid", "remote_region_policies[0].delete_over_count"),
])
def test_plan_prototype_validation(http, plan, code, target):
    policy, response = _policy_with_plan(http, **plan)
    assert_error(response, 400, code, target)
    assert http.call("GET", f"/backup_policies/{policy['id']}/plans").json()["total_count"] == 0


@pytest.mark.parametrize("resource_type", ["instance", "share"])
def test_clone_and_remote_policies_are_only_for_volume_policies(http, resource_type):
    policy = http.call("POST", "/backup_policies", {"match_resource_type": resource_type, "match_user_tags": ["t"]}).json()
    clone = http.call("POST", f"/backup_policies/{policy['id']}/plans",
                      {"cron_spec": "0 1 * * *", "clone_policy": {"zones": [{"name": "us-south-1"}]}})
    assert_error(clone, 400, "backup_policy_plan_clone_policy_unsupported", "clone_policy")
    remote = http.call("POST", f"/backup_policies/{policy['id']}/plans",
                       {"cron_spec": "0 1 * * *", "remote_region_policies": [{"region": {"name": "us-east"}}]})
    assert_error(remote, 400, "backup_policy_plan_remote_region_policy_unsupported", "remote_region_policies")


def test_duplicate_plan_name_is_409(http):
    policy, first = _policy_with_plan(http, name="nightly")
    second = http.call("POST", f"/backup_policies/{policy['id']}/plans", {"cron_spec": "0 5 * * *", "name": "nightly"})
    assert_error(second, 409, "backup_policy_plan_name_duplicate", "name")


def test_two_plans_of_a_policy_may_share_a_cron_spec(http):
    created = http.call("POST", "/backup_policies", {**VOLUME_POLICY, "plans": [
        {"name": "a", "cron_spec": "0 0 * * *"}, {"name": "b", "cron_spec": "0 0 * * *"}]})
    assert created.status_code == 201, created.text
    assert [p["name"] for p in created.json()["plans"]] == ["a", "b"]


def test_a_plan_may_be_patched_to_its_siblings_schedule(http):
    policy, _ = _policy_with_plan(http)
    second = http.call("POST", f"/backup_policies/{policy['id']}/plans", {"cron_spec": "0 5 * * *"}).json()
    patch = http.call("PATCH", f"/backup_policies/{policy['id']}/plans/{second['id']}", {"cron_spec": "0 1 * * *"})
    assert patch.status_code == 200, patch.text
    assert patch.json()["cron_spec"] == "0 1 * * *"


@pytest.mark.parametrize("params, code", [
    ({"version": None}, "missing_version"),
    ({"version": "2026-13-01"}, "invalid_version"),
    ({"version": "yesterday"}, "invalid_version"),
    ({"generation": None}, "missing_generation"),
    ({"generation": "1"}, "invalid_generation"),
    ({"limit": "0"}, "invalid_limit"),
    ({"limit": "101"}, "invalid_limit"),
    ({"start": "not-a-token"}, "invalid_start"),
])
def test_query_parameter_validation(http, params, code):
    query = {k: v for k, v in {"version": "2026-10-06", "generation": "2", **params}.items() if v is not None}
    response = http.session.get(f"{http.url}/v1/backup_policies", params=query)
    assert_error(response, 400, code)


def test_jobs_status_filter_must_be_an_enum_value(http):
    policy = create_policy(http).json()
    assert_error(http.call("GET", f"/backup_policies/{policy['id']}/jobs", params={"status": "done"}), 400,
                 "invalid_status")


def test_body_that_is_not_json_is_400(http):
    response = http.session.post(f"{http.url}/v1/backup_policies?version=2026-10-06&generation=2", data="{nope",
                                 headers={"Content-Type": "application/json"})
    assert_error(response, 400, "invalid_body")


def test_body_that_is_a_json_array_is_400(http):
    assert_error(http.call("POST", "/backup_policies", [1, 2]), 400, "invalid_body")


def test_unknown_route_is_404_json(http):
    assert_error(http.call("GET", "/no_such_thing"), 404, "not_found")


def test_wrong_method_is_405_json(http):
    assert_error(http.call("PUT", "/backup_policies"), 405, "method_not_allowed")


def test_unknown_region_is_404(http):
    assert_error(http.call("GET", "/backup_policies", prefix="/mars-1/v1"), 404, "region_not_found")


def test_empty_if_match_counts_as_absent(http):
    policy = create_policy(http).json()
    response = http.call("PATCH", f"/backup_policies/{policy['id']}", {"name": "fine"}, headers={"If-Match": ""})
    assert response.status_code == 200


def test_delete_with_stale_if_match_is_412_and_keeps_the_policy(http):
    policy = create_policy(http).json()
    response = http.call("DELETE", f"/backup_policies/{policy['id']}", headers={"If-Match": 'W/"stale"'})
    assert_error(response, 412, "if_match_mismatch", "If-Match")
    assert http.call("GET", f"/backup_policies/{policy['id']}").status_code == 200


@pytest.mark.parametrize("authorization, code", [
    (None, "not_authorized"),
    ("Basic abc", "not_authorized"),
    ("Bearer not.a.jwt", "not_authorized"),
])
def test_missing_or_malformed_token_is_401(mock, authorization, code):
    headers = {"Authorization": authorization} if authorization else {}
    response = requests.get(f"{mock.url}/v1/backup_policies?version=2026-10-06&generation=2", headers=headers)
    assert_error(response, 401, code)


def test_expired_token_is_401(mock):
    import time
    import jwt
    secret = mock.runtime.token_secret
    token = jwt.encode({"iat": time.time() - 7200, "exp": time.time() - 3600, "account": {"bss": "a"}}, secret,
                       algorithm="HS256")
    response = requests.get(f"{mock.url}/v1/backup_policies?version=2026-10-06&generation=2",
                            headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "token_expired")


# -- properties a body does not have -------------------------------------------------------------
# IBM's API Handbook (Robustness, "Extraneous input"): an unrecognized property of a JSON request
# body is an error, not ignored. The mock answers 400 bad_field naming the property by its path.

def unknown_property(response, path, value):
    assert response.status_code == 400, response.text
    assert response.json()["errors"] == [{
        "code": "bad_field", "message": f"{path}: not a property of this request body",
        "more_info": "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages",
        "target": {"name": path, "type": "field", "value": value}}]


def test_policy_create_refuses_an_unknown_property(http):
    unknown_property(create_policy(http, colour="red"), "colour", "red")
    assert http.call("GET", "/backup_policies").json()["total_count"] == 0


def test_plan_create_refuses_a_misspelt_property(http):
    policy, response = _policy_with_plan(http, activ=True)
    unknown_property(response, "activ", "True")
    assert http.call("GET", f"/backup_policies/{policy['id']}/plans").json()["total_count"] == 0


def test_policy_patch_refuses_an_unknown_property_and_changes_nothing(http):
    created = create_policy(http, name="kept")
    policy_id = created.json()["id"]
    unknown_property(http.call("PATCH", f"/backup_policies/{policy_id}", {"nmae": "x"}), "nmae", "x")
    after = http.call("GET", f"/backup_policies/{policy_id}")
    assert (after.json()["name"], after.headers["ETag"]) == ("kept", created.headers["ETag"])


def test_an_unknown_property_of_a_nested_object_is_refused_by_its_path(http):
    response = create_policy(http, plans=[{"cron_spec": "0 1 * * *",
                                           "clone_policy": {"zones": [{"name": "us-south-1"}], "max_snapshot": 3}}])
    unknown_property(response, "plans[0].clone_policy.max_snapshot", "3")


def test_plan_patch_refuses_an_unknown_property_of_its_deletion_trigger(http):
    policy, plan = _policy_with_plan(http)
    response = http.call("PATCH", f"/backup_policies/{policy['id']}/plans/{plan.json()['id']}",
                         {"deletion_trigger": {"delete_afer": 5}})
    unknown_property(response, "deletion_trigger.delete_afer", "5")


def test_an_ibm_property_the_mock_does_not_emulate_is_accepted(http):
    # bandwidth is a volume prototype property of the VPC API that the mock does not model.
    response = http.call("POST", "/volumes", {"capacity": 10, "profile": {"name": "sdp"},
                                              "zone": {"name": "us-south-1"}, "bandwidth": 1000})
    assert response.status_code == 201, response.text
