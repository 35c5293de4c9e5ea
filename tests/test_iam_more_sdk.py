"""IAM's items named by path parameters and its singletons through the official
ibm-platform-services SDK on a real server (engine/generic/platform/keyed.py): a trusted profile's
identities set one by one and as a whole with the list's entity tag, identity preferences, an
account's IdP settings, IAM Identity's and Access Groups' account settings with their defaults
and entity tags; answers parsed by the SDK's models."""

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import GlobalTaggingV1, IamAccessGroupsV2, IamIdentityV1, IamPolicyManagementV1, \
    ResourceManagerV2
from ibm_platform_services.global_tagging_v1 import CreateTagResults, DeleteTagResults, Resource, TagList
from ibm_platform_services.iam_policy_management_v1 import CustomRole, RoleCollection
from ibm_platform_services.iam_access_groups_v2 import AccountSettings as GroupSettings
from ibm_platform_services.iam_identity_v1 import (AccountIdpSettings, AccountSettingsResponse,
                                                   IdentityPreferenceResponse, IdentityPreferencesResponse,
                                                   ListIdPSettingsResponse, ProfileIdentitiesResponse,
                                                   ProfileIdentityRequest, ProfileIdentityResponse)

from conftest import start_server
from vpcmock.engine.generic import service


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


def client(cls, server, name):
    sdk = cls(authenticator=IAMAuthenticator("platform-key", url=server.url))
    sdk.set_service_url(service.sdk_url(server.url, name))
    return sdk


@pytest.fixture(scope="module")
def identity(server):
    return client(IamIdentityV1, server, "iam_identity")


@pytest.fixture(scope="module")
def groups(server):
    return client(IamAccessGroupsV2, server, "iam_access_groups")


@pytest.fixture(scope="module")
def policies(server):
    return client(IamPolicyManagementV1, server, "iam_policy_management")


@pytest.fixture(scope="module")
def tagging(server):
    sdk = GlobalTaggingV1(authenticator=IAMAuthenticator("platform-key", url=server.url))
    sdk.set_service_url(server.url)
    return sdk


@pytest.fixture(scope="module")
def account(server):
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("platform-key", url=server.url))
    manager.set_service_url(server.url)
    return manager.list_resource_groups(default=True).get_result()["resources"][0]["account_id"]


def failure(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    return caught.value


@pytest.fixture
def profile(identity, account):
    made = identity.create_profile(name="builders", account_id=account).get_result()
    yield made["id"]
    identity.delete_profile(profile_id=made["id"])


def test_a_profile_identity_is_set_read_and_deleted(identity, profile):
    made = identity.set_profile_identity(profile_id=profile, identity_type="user", identifier="IBMid-550001",
                                         type="user", accounts=["acc-1"], description="the builder")
    assert made.get_status_code() == 200
    read = ProfileIdentityResponse.from_dict(
        identity.get_profile_identity(profile_id=profile, identity_type="user", identifier_id="IBMid-550001")
        .get_result())
    assert (read.iam_id, read.identifier, read.type, read.accounts, read.description) == (
        "IBMid-550001", "IBMid-550001", "user", ["acc-1"], "the builder")
    identity.delete_profile_identity(profile_id=profile, identity_type="user", identifier_id="IBMid-550001")
    gone = failure(lambda: identity.get_profile_identity(profile_id=profile, identity_type="user",
                                                         identifier_id="IBMid-550001"))
    assert gone.status_code == 404


def test_a_crn_identity_has_the_iam_id_of_its_crn(identity, profile):
    crn = "crn:v1:bluemix:public:containers-kubernetes:us-south:a/abc:cluster1::"
    made = identity.set_profile_identity(profile_id=profile, identity_type="crn", identifier=crn, type="crn")
    assert made.get_result()["iam_id"] == f"crn-{crn}"


def test_a_profile_identity_of_a_type_other_than_the_path_s_is_refused(identity, profile):
    refused = failure(lambda: identity.set_profile_identity(profile_id=profile, identity_type="user",
                                                            identifier="iam-ServiceId-1", type="serviceid"))
    assert refused.status_code == 400


def test_identities_of_a_profile_that_does_not_exist_are_not_found(identity):
    missing = failure(lambda: identity.get_profile_identities(
        profile_id="Profile-00000000-0000-0000-0000-000000000000"))
    assert missing.status_code == 404 and "not found" in missing.message.lower()


def test_the_identities_list_is_replaced_whole_with_its_entity_tag(identity, profile):
    identity.set_profile_identity(profile_id=profile, identity_type="user", identifier="IBMid-1", type="user")
    before = ProfileIdentitiesResponse.from_dict(identity.get_profile_identities(profile_id=profile).get_result())
    assert [i.identifier for i in before.identities] == ["IBMid-1"]
    replaced = identity.set_profile_identities(
        profile_id=profile, if_match=before.entity_tag,
        identities=[ProfileIdentityRequest(identifier="IBMid-2", type="user"),
                    ProfileIdentityRequest(identifier="iam-ServiceId-9", type="serviceid", accounts=["a"])])
    after = ProfileIdentitiesResponse.from_dict(replaced.get_result())
    assert [(i.identifier, i.type) for i in after.identities] == [("IBMid-2", "user"), ("iam-ServiceId-9", "serviceid")]
    assert after.entity_tag != before.entity_tag
    listed = ProfileIdentitiesResponse.from_dict(identity.get_profile_identities(profile_id=profile).get_result())
    assert ([i.identifier for i in listed.identities], listed.entity_tag) == (["IBMid-2", "iam-ServiceId-9"],
                                                                             after.entity_tag)


def test_a_replacement_with_a_stale_entity_tag_is_refused_and_changes_nothing(identity, profile):
    stale = identity.get_profile_identities(profile_id=profile).get_result()["entity_tag"]
    identity.set_profile_identity(profile_id=profile, identity_type="user", identifier="IBMid-3", type="user")
    refused = failure(lambda: identity.set_profile_identities(
        profile_id=profile, if_match=stale, identities=[ProfileIdentityRequest(identifier="IBMid-4", type="user")]))
    assert refused.status_code == 412
    listed = identity.get_profile_identities(profile_id=profile).get_result()["identities"]
    assert [i["identifier"] for i in listed] == ["IBMid-3"]


def test_account_settings_answer_ibm_s_defaults_before_any_change(identity, account):
    settings = AccountSettingsResponse.from_dict(identity.get_account_settings(account_id=account).get_result())
    assert (settings.account_id, settings.mfa, settings.restrict_create_service_id,
            settings.restrict_create_platform_apikey, settings.session_expiration_in_seconds,
            settings.session_invalidation_in_seconds, settings.system_access_token_expiration_in_seconds,
            settings.system_refresh_token_expiration_in_seconds, settings.max_sessions_per_identity,
            settings.allowed_ip_addresses, settings.restrict_user_list_visibility) == (
        account, "NONE", "NOT_SET", "NOT_SET", "86400", "7200", "3600", "259200", "NOT_SET", "", "NOT_RESTRICTED")


def test_account_settings_are_updated_with_their_entity_tag_which_then_moves_on(identity, account):
    read = identity.get_account_settings(account_id=account)
    tag = read.get_result()["entity_tag"]
    assert read.get_headers()["ETag"] == tag
    updated = identity.update_account_settings(account_id=account, if_match=tag, mfa="TOTP",
                                               session_expiration_in_seconds="3600").get_result()
    assert (updated["mfa"], updated["session_expiration_in_seconds"], updated["session_invalidation_in_seconds"]) \
        == ("TOTP", "3600", "7200")
    assert updated["entity_tag"] != tag
    again = failure(lambda: identity.update_account_settings(account_id=account, if_match=tag, mfa="NONE"))
    assert again.status_code == 412
    assert identity.get_account_settings(account_id=account).get_result()["mfa"] == "TOTP"


def test_account_settings_refuse_an_unknown_mfa_value(identity, account):
    tag = identity.get_account_settings(account_id=account).get_result()["entity_tag"]
    refused = failure(lambda: identity.update_account_settings(account_id=account, if_match=tag, mfa="SOMETIMES"))
    assert refused.status_code == 400


def test_another_account_s_settings_are_forbidden(identity):
    assert failure(lambda: identity.get_account_settings(account_id="someone-else")).status_code == 403


def test_identity_preferences_are_put_read_listed_and_deleted(identity, account):
    put = identity.update_preference_on_scope_account(account_id=account, iam_id="IBMid-1", service="console",
                                                      preference_id="landing_page", value_string="/billing")
    made = IdentityPreferenceResponse.from_dict(put.get_result())
    assert (made.id, made.service, made.account_id, made.scope, made.value_string) == (
        "landing_page", "console", account, "account", "/billing")
    identity.update_preference_on_scope_account(account_id=account, iam_id="IBMid-1", service="console",
                                                preference_id="landing_page", value_string="/vpc")
    read = identity.get_preferences_on_scope_account(account_id=account, iam_id="IBMid-1", service="console",
                                                     preference_id="landing_page").get_result()
    assert read["value_string"] == "/vpc"
    listed = IdentityPreferencesResponse.from_dict(
        identity.get_all_preferences_on_scope_account(account_id=account, iam_id="IBMid-1").get_result())
    assert [(p.service, p.id) for p in listed.preferences] == [("console", "landing_page")]
    identity.delete_preferences_on_scope_account(account_id=account, iam_id="IBMid-1", service="console",
                                                 preference_id="landing_page")
    assert identity.get_all_preferences_on_scope_account(account_id=account, iam_id="IBMid-1").get_result() == {
        "preferences": []}


def test_an_idp_setting_is_added_once_updated_listed_and_removed(identity, account):
    idp = identity.create_idp(name="corp-sso", type="saml", account_id=account).get_result()
    idp_id = idp.get("idp_id") or idp["id"]
    added = AccountIdpSettings.from_dict(identity.add_id_p_setting(
        account_id=account, idp_id=idp_id, active=True, cloud_user_strategy="STATIC", ui_default=False).get_result())
    assert (added.idp_id, added.idp_name, added.active, added.cloud_user_strategy) == (idp_id, "corp-sso", True,
                                                                                     "STATIC")
    twice = failure(lambda: identity.add_id_p_setting(account_id=account, idp_id=idp_id, active=True,
                                                      cloud_user_strategy="STATIC", ui_default=False))
    assert twice.status_code == 409
    identity.update_id_p_setting(account_id=account, idp_id=idp_id, ui_default=True)
    listed = ListIdPSettingsResponse.from_dict(identity.list_id_p_settings(account_id=account, type="consumed")
                                               .get_result())
    assert [(s.idp_id, s.ui_default, s.active) for s in listed.idps] == [(idp_id, True, True)]
    identity.remove_id_p_setting(account_id=account, idp_id=idp_id)
    assert failure(lambda: identity.get_id_p_setting(account_id=account, idp_id=idp_id)).status_code == 404


def test_an_idp_setting_of_an_idp_that_does_not_exist_is_not_found(identity, account):
    missing = failure(lambda: identity.add_id_p_setting(account_id=account, idp_id="no-such-idp", active=True,
                                                        cloud_user_strategy="STATIC", ui_default=False))
    assert missing.status_code == 404


def test_access_groups_account_settings_default_to_public_access_and_are_patched(groups, account):
    read = GroupSettings.from_dict(groups.get_account_settings(account_id=account).get_result())
    assert (read.account_id, read.public_access_enabled) == (account, True)
    patched = GroupSettings.from_dict(groups.update_account_settings(account_id=account,
                                                                     public_access_enabled=False).get_result())
    assert patched.public_access_enabled is False
    assert groups.get_account_settings(account_id=account).get_result()["public_access_enabled"] is False


def test_a_custom_role_is_created_read_replaced_with_its_etag_listed_and_deleted(policies, account):
    made = policies.create_role(display_name="Backup reader", actions=["is.backup-policy.backup-policy.read"],
                                name="BackupReader", account_id=account, service_name="is", description="reads")
    assert made.get_status_code() == 201
    role = CustomRole.from_dict(made.get_result())
    assert (role.name, role.display_name, role.service_name, role.account_id, role.crn) == (
        "BackupReader", "Backup reader", "is", account,
        f"crn:v1:bluemix:public:iam-access-management::a/{account}::customRole:BackupReader")
    read = policies.get_role(role_id=role.id)
    replaced = CustomRole.from_dict(policies.replace_role(
        role_id=role.id, if_match=read.get_headers()["ETag"], display_name="Backup reader 2",
        actions=["is.backup-policy.backup-policy.read", "is.backup-policy.backup-policy.list"]).get_result())
    assert (replaced.display_name, replaced.actions, replaced.name) == (
        "Backup reader 2", ["is.backup-policy.backup-policy.read", "is.backup-policy.backup-policy.list"],
        "BackupReader")
    stale = failure(lambda: policies.replace_role(role_id=role.id, if_match=read.get_headers()["ETag"],
                                                  display_name="x", actions=["a"]))
    assert stale.status_code == 412
    listed = RoleCollection.from_dict(policies.list_roles(account_id=account, service_name="is").get_result())
    assert [r.name for r in listed.custom_roles] == ["BackupReader"]
    assert [r.display_name for r in listed.system_roles] == ["Viewer", "Operator", "Editor", "Administrator"]
    assert [r.display_name for r in listed.service_roles] == ["Reader", "Writer", "Manager"]
    policies.delete_role(role_id=role.id)
    assert failure(lambda: policies.get_role(role_id=role.id)).status_code == 404


def test_a_custom_role_name_is_a_capital_then_letters_and_digits_unique_in_the_account(policies, account):
    bad = failure(lambda: policies.create_role(display_name="x", actions=["a"], name="lower", account_id=account,
                                               service_name="is"))
    assert bad.status_code == 400
    made = policies.create_role(display_name="x", actions=["a"], name="Twice", account_id=account,
                                service_name="is").get_result()
    again = failure(lambda: policies.create_role(display_name="y", actions=["a"], name="Twice", account_id=account,
                                                 service_name="is"))
    assert again.status_code == 409
    policies.delete_role(role_id=made["id"])


def access_tag_names(tagging, **kwargs) -> list[str]:
    return [t.name for t in TagList.from_dict(tagging.list_tags(tag_type="access", **kwargs).get_result()).items]


def test_an_access_tag_is_created_listed_and_deleted(tagging):
    made = CreateTagResults.from_dict(tagging.create_tag(tag_names=["env:prod"], tag_type="access").get_result())
    assert [(r.tag_name, r.is_error) for r in made.results] == [("env:prod", False)]
    assert access_tag_names(tagging) == ["env:prod"]
    assert tagging.list_tags().get_result()["items"] == []  # not a user tag
    deleted = DeleteTagResults.from_dict(tagging.delete_tag(tag_name="env:prod", tag_type="access").get_result())
    assert [r.is_error for r in deleted.results] == [False]
    assert access_tag_names(tagging) == []


def test_an_access_tag_must_be_key_value(tagging):
    assert failure(lambda: tagging.create_tag(tag_names=["prod"], tag_type="access")).status_code == 400


def test_only_access_tags_are_created(tagging):
    assert failure(lambda: tagging.create_tag(tag_names=["env:prod"], tag_type="user")).status_code == 400


def test_an_access_tag_attached_to_a_resource_is_not_deleted(tagging, identity, account):
    service_id = identity.create_service_id(account_id=account, name="tagged-id").get_result()
    target = [Resource(resource_id=service_id["crn"])]
    tagging.attach_tag(resources=target, tag_names=["team:blue"], tag_type="access")
    assert access_tag_names(tagging, attached_to=service_id["crn"]) == ["team:blue"]
    assert access_tag_names(tagging) == ["team:blue"]  # attaching made it
    kept = DeleteTagResults.from_dict(tagging.delete_tag(tag_name="team:blue", tag_type="access").get_result())
    assert [r.is_error for r in kept.results] == [True]
    tagging.detach_tag(resources=target, tag_names=["team:blue"], tag_type="access")
    deleted = tagging.delete_tag(tag_name="team:blue", tag_type="access").get_result()["results"]
    assert [r["is_error"] for r in deleted] == [False]


def test_deleting_an_access_tag_the_account_does_not_have_is_not_found(tagging):
    assert failure(lambda: tagging.delete_tag(tag_name="no:such", tag_type="access")).status_code == 404


def test_external_identity_interaction_settings_default_to_enabled_and_are_patched_with_their_etag(policies,
                                                                                                    account):
    read = policies.get_settings(account_id=account)
    types = read.get_result()["external_account_identity_interaction"]["identity_types"]
    assert types == {name: {"state": "enabled", "external_allowed_accounts": []}
                     for name in ("service", "service_id", "user")}
    patched = policies.update_settings(
        account_id=account, if_match=read.get_headers()["ETag"],
        external_account_identity_interaction={"identity_types": {"user": {"state": "limited",
                                                                           "external_allowed_accounts": ["abc"]}}})
    types = patched.get_result()["external_account_identity_interaction"]["identity_types"]
    assert (types["user"], types["service"]["state"]) == ({"state": "limited", "external_allowed_accounts": ["abc"]},
                                                         "enabled")
    stale = failure(lambda: policies.update_settings(account_id=account, if_match=read.get_headers()["ETag"],
                                                     external_account_identity_interaction={}))
    assert stale.status_code == 412
