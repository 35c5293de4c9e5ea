"""IBM Cloud User Management through the official ibm-platform-services SDK (UserManagementV1) on a
real server, at the URL `vpcmock env` gives IBMCLOUD_USER_MANAGEMENT_ENDPOINT: the account's
owner, invited users PENDING until accepted, their profiles and settings, the access groups and
policies an invitation gives, removal; answers parsed by the SDK's models."""

import re

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamAccessGroupsV2, IamPolicyManagementV1, ResourceManagerV2, UserManagementV1
from ibm_platform_services.user_management_v1 import (InviteUser, InviteUserIamPolicy, InvitedUserList, Attribute,
                                                      Resource, Role, UserList, UserProfile, UserSettings)

from conftest import start_server
from vpcmock.engine.generic import service

IBMID = re.compile(r"IBMid-[A-Z0-9]{10}")


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


def client(cls, server, url):
    sdk = cls(authenticator=IAMAuthenticator("users-key", url=server.url))
    sdk.set_service_url(url)
    return sdk


@pytest.fixture(scope="module")
def users(server):
    return client(UserManagementV1, server, service.sdk_url(server.url, "user_management"))


@pytest.fixture(scope="module")
def account(server):
    manager = client(ResourceManagerV2, server, server.url)
    return manager.list_resource_groups(default=True).get_result()["resources"][0]["account_id"]


def failure(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    return caught.value


def emails(users, account) -> list[tuple[str, str]]:
    listed = UserList.from_dict(users.list_users(account_id=account).get_result())
    return [(u.email, u.state) for u in listed.resources]


def test_user_management_is_served_where_vpcmock_env_points_the_ibm_provider():
    assert service.SERVICES["user_management"].env == "IBMCLOUD_USER_MANAGEMENT_ENDPOINT"
    assert service.sdk_url("http://127.0.0.1:1", "user_management") == "http://127.0.0.1:1/user-management"


def test_an_account_lists_its_owner_active_from_the_start(users, account):
    listed = UserList.from_dict(users.list_users(account_id=account).get_result())
    owner = listed.resources[0]
    assert (owner.email, owner.state, owner.account_id, owner.realm) == (
        f"owner@{account}.example.com", "ACTIVE", account, "IBMid")
    assert IBMID.fullmatch(owner.iam_id)


def test_invited_users_are_listed_pending_then_active_once_accepted(users, account):
    invited = users.invite_users(account_id=account, users=[InviteUser(email="ana@example.com", account_role="Member"),
                                                            InviteUser(email="bo@example.com")])
    assert invited.get_status_code() == 202
    made = InvitedUserList.from_dict(invited.get_result()).resources
    assert [(u.email, u.state) for u in made] == [("ana@example.com", "PENDING"), ("bo@example.com", "PENDING")]
    assert all(IBMID.fullmatch(u.id) for u in made)
    assert emails(users, account)[1:] == [("ana@example.com", "PENDING"), ("bo@example.com", "PENDING")]
    assert users.accept(account_id=account).get_status_code() == 202
    assert emails(users, account)[1:] == [("ana@example.com", "ACTIVE"), ("bo@example.com", "ACTIVE")]
    for user in made:
        users.remove_user(account_id=account, iam_id=user.id)


def test_an_email_already_in_the_account_is_not_invited_again(users, account):
    made = users.invite_users(account_id=account, users=[InviteUser(email="cy@example.com")]).get_result()
    again = failure(lambda: users.invite_users(account_id=account, users=[InviteUser(email="CY@example.com")]))
    assert again.status_code == 409
    users.remove_user(account_id=account, iam_id=made["resources"][0]["id"])


def test_an_invitation_without_users_is_refused(users, account):
    assert failure(lambda: users.invite_users(account_id=account, users=[])).status_code == 400


def test_a_user_is_found_by_email_and_by_search(users, account):
    made = users.invite_users(account_id=account, users=[InviteUser(email="dee@example.com")]).get_result()
    iam_id = made["resources"][0]["id"]
    by_email = users.list_users(account_id=account, user_id="dee@example.com").get_result()["resources"]
    assert [u["iam_id"] for u in by_email] == [iam_id]
    pending = users.list_users(account_id=account, search="state:PENDING").get_result()["resources"]
    assert [u["email"] for u in pending] == ["dee@example.com"]
    assert failure(lambda: users.list_users(account_id=account, search="shoe:9")).status_code == 400
    users.remove_user(account_id=account, iam_id=iam_id)


def test_a_user_profile_is_read_and_changed(users, account):
    iam_id = users.invite_users(account_id=account, users=[InviteUser(email="eve@example.com")]).get_result()[
        "resources"][0]["id"]
    assert users.update_user_profile(account_id=account, iam_id=iam_id, firstname="Eve", lastname="Ng",
                                     phonenumber="555-0100").get_status_code() == 204
    read = UserProfile.from_dict(users.get_user_profile(account_id=account, iam_id=iam_id).get_result())
    assert (read.iam_id, read.email, read.firstname, read.lastname, read.phonenumber, read.user_id) == (
        iam_id, "eve@example.com", "Eve", "Ng", "555-0100", "eve@example.com")
    refused = failure(lambda: users.update_user_profile(account_id=account, iam_id=iam_id, state="ASLEEP"))
    assert refused.status_code == 400
    users.remove_user(account_id=account, iam_id=iam_id)


def test_user_settings_start_unset_and_are_changed(users, account):
    iam_id = users.invite_users(account_id=account, users=[InviteUser(email="fay@example.com")]).get_result()[
        "resources"][0]["id"]
    before = UserSettings.from_dict(users.get_user_settings(account_id=account, iam_id=iam_id).get_result())
    assert (before.language, before.notification_language, before.allowed_ip_addresses, before.self_manage) == (
        "", "", "", False)
    assert users.update_user_settings(account_id=account, iam_id=iam_id, allowed_ip_addresses="10.0.0.1,10.0.0.2",
                                      self_manage=True).get_status_code() == 204
    after = users.get_user_settings(account_id=account, iam_id=iam_id).get_result()
    assert (after["allowed_ip_addresses"], after["self_manage"], after["language"]) == ("10.0.0.1,10.0.0.2", True, "")
    users.remove_user(account_id=account, iam_id=iam_id)


def test_a_removed_user_is_gone_and_the_owner_cannot_be_removed(users, account):
    iam_id = users.invite_users(account_id=account, users=[InviteUser(email="gus@example.com")]).get_result()[
        "resources"][0]["id"]
    assert users.v3_remove_user(account_id=account, iam_id=iam_id).get_status_code() == 202
    assert failure(lambda: users.get_user_profile(account_id=account, iam_id=iam_id)).status_code == 404
    owner = users.list_users(account_id=account).get_result()["resources"][0]["iam_id"]
    assert failure(lambda: users.remove_user(account_id=account, iam_id=owner)).status_code == 400


def test_another_account_s_users_are_forbidden(users):
    assert failure(lambda: users.list_users(account_id="someone-else")).status_code == 403


def test_an_invitation_puts_users_in_its_access_groups_and_gives_them_its_policies(server, users, account):
    groups = client(IamAccessGroupsV2, server, service.sdk_url(server.url, "iam_access_groups"))
    policies = client(IamPolicyManagementV1, server, server.url)
    group = groups.create_access_group(account_id=account, name="readers").get_result()["id"]
    policy = InviteUserIamPolicy(type="access", roles=[Role(role_id="crn:v1:bluemix:public:iam::::role:Viewer")],
                                 resources=[Resource(attributes=[Attribute(name="accountId", value=account),
                                                                 Attribute(name="serviceName", value="is")])])
    iam_id = users.invite_users(account_id=account, users=[InviteUser(email="hal@example.com")],
                                access_groups=[group], iam_policy=[policy]).get_result()["resources"][0]["id"]
    members = groups.list_access_group_members(access_group_id=group).get_result()["members"]
    assert [(m["iam_id"], m["type"]) for m in members] == [(iam_id, "user")]
    listed = policies.list_policies(account_id=account, iam_id=iam_id, type="access").get_result()["policies"]
    mine = [p for p in listed if p["subjects"][0]["attributes"][0]["value"] == iam_id]
    assert [(p["roles"][0]["role_id"], p["subjects"][0]["attributes"][0]["name"]) for p in mine] == [
        ("crn:v1:bluemix:public:iam::::role:Viewer", "iam_id")]
    users.remove_user(account_id=account, iam_id=iam_id)
    assert groups.list_access_group_members(access_group_id=group).get_result()["members"] == []
