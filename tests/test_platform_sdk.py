"""Resource Manager and IAM policies through the official ibm-platform-services SDK, and what
they decide: the groups resources may name, and the authorizations behind a backup policy's health."""

from __future__ import annotations

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamPolicyManagementV1, ResourceManagerV2
from ibm_platform_services.iam_policy_management_v1 import (PolicyRole, PolicySubject, ResourceAttribute,
                                                            PolicyResource, SubjectAttribute)

from conftest import Http


@pytest.fixture
def manager(mock) -> ResourceManagerV2:
    service = ResourceManagerV2(authenticator=IAMAuthenticator("test-key", url=mock.url))
    service.set_service_url(mock.url)
    return service


@pytest.fixture
def iam(mock) -> IamPolicyManagementV1:
    service = IamPolicyManagementV1(authenticator=IAMAuthenticator("test-key", url=mock.url))
    service.set_service_url(mock.url)
    return service


def account_of(http: Http) -> str:
    volume = http.call("POST", "/volumes", {"name": "probe", "profile": {"name": "sdp"},
                                            "zone": {"name": "us-south-1"}, "capacity": 10}).json()
    return volume["crn"].split(":")[6].removeprefix("a/")


def authorization(iam: IamPolicyManagementV1, account: str, target_type: str):
    return iam.create_policy(
        type="authorization",
        subjects=[PolicySubject(attributes=[SubjectAttribute(name="serviceName", value="is"),
                                            SubjectAttribute(name="resourceType", value="backup-policy")])],
        roles=[PolicyRole(role_id="crn:v1:bluemix:public:iam::::role:Operator")],
        resources=[PolicyResource(attributes=[ResourceAttribute(name="accountId", value=account),
                                              ResourceAttribute(name="serviceName", value="is"),
                                              ResourceAttribute(name="resourceType", value=target_type)])]).get_result()


def test_every_account_has_its_default_group(manager):
    groups = manager.list_resource_groups().get_result()["resources"]
    assert [(g["name"], g["default"], g["state"]) for g in groups] == [("Default", True, "ACTIVE")]


def test_a_created_group_is_listed_renamed_and_deleted(manager):
    created = manager.create_resource_group(name="backups").get_result()
    assert manager.get_resource_group(id=created["id"]).get_result()["name"] == "backups"
    manager.update_resource_group(id=created["id"], name="backups-2")
    assert [g["name"] for g in manager.list_resource_groups(name="backups-2").get_result()["resources"]] == ["backups-2"]
    manager.delete_resource_group(id=created["id"])
    with pytest.raises(ApiException) as raised:
        manager.get_resource_group(id=created["id"])
    assert raised.value.status_code == 404


def test_a_volume_takes_the_group_it_names_and_the_group_cannot_go_while_used(manager, http):
    group = manager.create_resource_group(name="data").get_result()
    volume = http.call("POST", "/volumes", {"name": "v", "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
                                            "capacity": 10, "resource_group": {"id": group["id"]}}).json()
    assert volume["resource_group"]["name"] == "data"
    with pytest.raises(ApiException) as raised:
        manager.delete_resource_group(id=group["id"])
    assert raised.value.status_code == 409


def test_a_backup_policy_takes_a_created_group(manager, http):
    group = manager.create_resource_group(name="policies").get_result()
    policy = http.call("POST", "/backup_policies", {"match_user_tags": ["t"], "match_resource_type": "volume",
                                                    "resource_group": {"id": group["id"]}})
    assert (policy.status_code, policy.json()["resource_group"]["id"]) == (201, group["id"])


def test_a_group_the_account_lacks_is_refused_on_a_volume(http):
    answer = http.call("POST", "/volumes", {"name": "v", "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
                                            "capacity": 10, "resource_group": {"id": "f" * 32}})
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "resource_group_not_found")


def test_an_authorization_policy_is_created_listed_and_deleted(iam, http):
    account = account_of(http)
    created = authorization(iam, account, "volume")
    assert (created["type"], created["roles"][0]["display_name"]) == ("authorization", "Operator")
    listed = iam.list_policies(account_id=account, type="authorization").get_result()["policies"]
    assert [p["id"] for p in listed] == [created["id"]]
    iam.delete_policy(policy_id=created["id"])
    assert iam.list_policies(account_id=account).get_result()["policies"] == []


def test_an_identical_second_policy_is_a_conflict(iam, http):
    account = account_of(http)
    authorization(iam, account, "volume")
    with pytest.raises(ApiException) as raised:
        authorization(iam, account, "volume")
    assert raised.value.status_code == 409


def test_once_an_account_holds_authorizations_only_they_grant_and_deleting_one_degrades(iam, http, mock):
    account = account_of(http)
    url = f"{mock.url}/mock/accounts/{account}/authorizations"
    assert requests.get(url).json()["authorizations"]["snapshots"] is True  # implicitly granted
    volumes = authorization(iam, account, "volume")
    authorization(iam, account, "snapshot")
    granted = requests.get(url).json()["authorizations"]
    assert (granted["block_storage"], granted["snapshots"], granted["file_storage"]) == (True, True, False)
    iam.delete_policy(policy_id=volumes["id"])
    assert requests.get(url).json()["authorizations"]["block_storage"] is False


def test_a_strict_account_holds_only_what_its_policies_grant():
    from conftest import start_server
    account = "c" * 32
    server = start_server(iam={"accounts": {account: {"api_keys": ["strict-key"], "strict": True}}}, scheduler=False)
    try:
        granted = requests.get(f"{server.url}/mock/accounts/{account}/authorizations").json()["authorizations"]
        assert granted == {"block_storage": False, "snapshots": False, "virtual_servers": False,
                           "file_storage": False}
        assert requests.get(f"{server.url}/mock/iam").json()["accounts"][account]["strict"] is True
    finally:
        server.close()


def test_an_authorization_from_every_service_of_a_resource_group_names_no_service(iam, http):
    account = account_of(http)
    created = iam.create_policy(
        type="authorization",
        subjects=[PolicySubject(attributes=[SubjectAttribute(name="accountId", value=account),
                                            SubjectAttribute(name="resourceGroupId", value="123-456-abc-def")])],
        roles=[PolicyRole(role_id="crn:v1:bluemix:public:iam::::serviceRole:Reader")],
        resources=[PolicyResource(attributes=[ResourceAttribute(name="accountId", value=account),
                                              ResourceAttribute(name="serviceName", value="cloud-object-storage")])]
    ).get_result()
    assert {a["name"]: a["value"] for a in created["subjects"][0]["attributes"]} == {
        "accountId": account, "resourceGroupId": "123-456-abc-def"}



# -- Global Tagging on the types kept as given ----------------------------------------------------

def tagging(http, verb: str, crn: str, *names: str) -> dict:
    answer = http.session.post(f"{http.url}/v3/tags/{verb}", params={"tag_type": "user"},
                               json={"resources": [{"resource_id": crn}], "tag_names": list(names)})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_resource_instance_kept_as_given_is_tagged_by_its_crn(http):
    made = http.call("POST", "/stored_resources", {"type": "ibm_resource_instance", "attributes": {
        "name": "cos", "service": "cloud-object-storage", "plan": "lite", "location": "global"}}).json()
    assert tagging(http, "attach", made["crn"], "env:dev", "cpu:4")["results"] == [
        {"resource_id": made["crn"], "is_error": False}]
    listed = http.session.get(f"{http.url}/v3/tags", params={"attached_to": made["crn"]}).json()
    assert [item["name"] for item in listed["items"]] == ["env:dev", "cpu:4"]
