"""More IAM and account types through their APIs with the real Terraform, in one configuration:
a trusted profile's identities (one by one and as a whole), IAM Identity's account settings,
an identity preference, an identity provider and its account setting, Access Groups' account
settings, IAM Policy Management's external interaction settings, a custom role, an access tag,
and users invited (User Management) with their settings and an access policy; then the one-shot
types, a detach of an authorization policy and the reclamation of a deleted instance. They apply
and plan clean; the official SDKs see what Terraform made; Terraform imports what the SDK made;
the data sources read the APIs."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import (GlobalTaggingV1, IamAccessGroupsV2, IamIdentityV1, IamPolicyManagementV1,
                                   ResourceControllerV2, ResourceManagerV2, UserManagementV1)
from ibm_platform_services.iam_policy_management_v1 import (PolicyResource, PolicyRole, PolicySubject,
                                                            ResourceAttribute, SubjectAttribute)

from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock.engine.generic import service
from vpcmock.engine.platform import resource_catalogue

CONFIG = '''
provider "ibm" {}

resource "ibm_iam_service_id" "deployer" {
  name = "deployer"
}

resource "ibm_iam_trusted_profile" "ci" {
  name = "ci-profile"
}

resource "ibm_iam_trusted_profile_identity" "deployer" {
  profile_id    = ibm_iam_trusted_profile.ci.id
  identity_type = "serviceid"
  identifier    = ibm_iam_service_id.deployer.iam_id
  type          = "serviceid"
  accounts      = [ibm_iam_service_id.deployer.account_id]
  description   = "the deployer"
}

resource "ibm_iam_trusted_profile" "ops" {
  name = "ops-profile"
}

resource "ibm_iam_trusted_profile_identities" "ops" {
  profile_id = ibm_iam_trusted_profile.ops.id
  identities {
    iam_id     = "IBMid-1000000001"
    identifier = "IBMid-1000000001"
    type       = "user"
  }
  identities {
    iam_id      = ibm_iam_service_id.deployer.iam_id
    identifier  = ibm_iam_service_id.deployer.iam_id
    type        = "serviceid"
    description = "the deployer too"
  }
}

resource "ibm_iam_account_settings" "settings" {
  mfa                           = "TOTP"
  session_expiration_in_seconds = "7200"
  restrict_create_service_id    = "RESTRICTED"
}

resource "ibm_iam_identity_preference" "landing" {
  account_id    = ibm_iam_service_id.deployer.account_id
  iam_id        = ibm_iam_service_id.deployer.iam_id
  service       = "console"
  preference_id = "landing_page"
  value_string  = "/vpc-ext/overview"
}

resource "ibm_iam_idp" "corp" {
  account_id = ibm_iam_service_id.deployer.account_id
  name       = "corp-sso"
  type       = "saml"
  active     = true
}

resource "ibm_iam_idp_account_setting" "corp" {
  account_id          = ibm_iam_service_id.deployer.account_id
  idp_id              = ibm_iam_idp.corp.idp_id
  cloud_user_strategy = "STATIC"
  active              = true
  ui_default          = false
}

resource "ibm_iam_access_group_account_settings" "public" {
  public_access_enabled = false
}

resource "ibm_iam_account_settings_external_interaction" "external" {
  account_id = ibm_iam_service_id.deployer.account_id
  external_account_identity_interaction {
    identity_types {
      user {
        state                     = "limited"
        external_allowed_accounts = ["a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"]
      }
    }
  }
}

resource "ibm_iam_custom_role" "reader" {
  name         = "BackupReader"
  display_name = "Backup reader"
  description  = "reads backup policies"
  service      = "is"
  actions      = ["is.backup-policy.backup-policy.read"]
}

resource "ibm_iam_access_tag" "env" {
  name = "env:prod"
}

resource "ibm_iam_access_group" "readers" {
  name = "readers"
}

resource "ibm_iam_user_invite" "team" {
  users         = ["ana@example.com", "bo@example.com"]
  access_groups = [ibm_iam_access_group.readers.id]
}

resource "ibm_iam_user_settings" "ana" {
  iam_id               = "ana@example.com"
  allowed_ip_addresses = ["10.0.0.1", "10.0.0.2"]
  depends_on           = [ibm_iam_user_invite.team]
}

resource "ibm_iam_user_policy" "ana" {
  ibm_id = "ana@example.com"
  roles  = ["Viewer"]
  resources {
    service = "is"
  }
  depends_on = [ibm_iam_user_invite.team]
}

data "ibm_iam_trusted_profile_identities" "ops" {
  profile_id = ibm_iam_trusted_profile_identities.ops.profile_id
}

data "ibm_iam_idps" "all" {
  account_id = ibm_iam_idp.corp.account_id
}

data "ibm_iam_idp_account_settings" "consumed" {
  account_id = ibm_iam_idp_account_setting.corp.account_id
  type       = "consumed"
}

data "ibm_iam_identity_preferences" "deployer" {
  account_id = ibm_iam_identity_preference.landing.account_id
  iam_id     = ibm_iam_identity_preference.landing.iam_id
}

data "ibm_iam_access_tag" "env" {
  name = ibm_iam_access_tag.env.name
}

data "ibm_iam_user_policy" "ana" {
  ibm_id = ibm_iam_user_policy.ana.ibm_id
}

data "ibm_iam_account_settings_external_interaction" "external" {
  account_id = ibm_iam_account_settings_external_interaction.external.account_id
}

data "ibm_iam_account_settings" "account" {
  depends_on = [ibm_iam_account_settings.settings]
}

data "ibm_iam_users" "all" {
  depends_on = [ibm_iam_user_invite.team]
}

data "ibm_iam_user_profile" "ana" {
  iam_id     = "ana@example.com"
  depends_on = [ibm_iam_user_settings.ana]
}

output "account_settings" {
  value = [data.ibm_iam_account_settings.account.mfa,
           data.ibm_iam_account_settings.account.session_expiration_in_seconds]
}

output "users" {
  value = [for u in data.ibm_iam_users.all.users : [u.email, u.state]]
}

output "ana" {
  value = [data.ibm_iam_user_profile.ana.email, data.ibm_iam_user_profile.ana.ibm_id,
           data.ibm_iam_user_profile.ana.allowed_ip_addresses]
}

output "identities" {
  value = data.ibm_iam_trusted_profile_identities.ops.identities
}

output "idps" {
  value = [for idp in data.ibm_iam_idps.all.idps : idp.name]
}

output "idp_settings" {
  value = data.ibm_iam_idp_account_settings.consumed.idps
}

output "preferences" {
  value = data.ibm_iam_identity_preferences.deployer.preferences
}

output "tag_type" {
  value = data.ibm_iam_access_tag.env.tag_type
}

output "user_policies" {
  value = [for p in data.ibm_iam_user_policy.ana.policies : p.roles]
}

output "external" {
  value = data.ibm_iam_account_settings_external_interaction.external.external_account_identity_interaction
}
'''

TYPES = ("ibm_iam_trusted_profile_identity", "ibm_iam_trusted_profile_identities", "ibm_iam_account_settings",
         "ibm_iam_identity_preference", "ibm_iam_idp", "ibm_iam_idp_account_setting",
         "ibm_iam_access_group_account_settings", "ibm_iam_account_settings_external_interaction",
         "ibm_iam_custom_role", "ibm_iam_access_tag", "ibm_iam_user_invite", "ibm_iam_user_settings",
         "ibm_iam_user_policy")


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "iam-more", CONFIG)


def sdk(cls, tf, name: str | None):
    client = cls(authenticator=IAMAuthenticator("test-key", url=tf.mock.url))
    client.set_service_url(service.sdk_url(tf.mock.url, name) if name else tf.mock.url)
    return client


def test_the_types_apply_through_their_apis_and_plan_clean(tf):
    assert tf.plan().returncode == 0
    assert set(TYPES).isdisjoint(stored_types(tf))


def test_the_ids_are_those_the_ibm_provider_composes(tf):
    values = managed(tf)
    profile, deployer = values["ibm_iam_trusted_profile.ci"], values["ibm_iam_service_id.deployer"]
    account = deployer["account_id"]
    assert values["ibm_iam_trusted_profile_identity.deployer"]["id"] == \
        f"{profile['id']}|serviceid|{deployer['iam_id']}"
    assert values["ibm_iam_trusted_profile_identities.ops"]["id"] == values["ibm_iam_trusted_profile.ops"]["id"]
    assert values["ibm_iam_account_settings.settings"]["id"] == account
    assert values["ibm_iam_identity_preference.landing"]["id"] == f"{account}/{deployer['iam_id']}/console/landing_page"
    idp = values["ibm_iam_idp.corp"]
    assert values["ibm_iam_idp_account_setting.corp"]["id"] == f"{account}/{idp['idp_id']}"
    assert values["ibm_iam_access_group_account_settings.public"]["id"] == account
    assert values["ibm_iam_access_tag.env"]["id"] == "env:prod"
    assert values["ibm_iam_user_settings.ana"]["id"] == "ana@example.com"
    assert values["ibm_iam_user_policy.ana"]["id"].startswith("ana@example.com/")


def test_the_sdks_see_what_terraform_made(tf):
    values = managed(tf)
    account = values["ibm_iam_service_id.deployer"]["account_id"]
    identity = sdk(IamIdentityV1, tf, "iam_identity")
    settings = identity.get_account_settings(account_id=account).get_result()
    assert (settings["mfa"], settings["session_expiration_in_seconds"], settings["restrict_create_service_id"]) == (
        "TOTP", "7200", "RESTRICTED")
    listed = identity.get_profile_identities(profile_id=values["ibm_iam_trusted_profile.ops"]["id"]).get_result()
    assert [(i["identifier"], i["type"]) for i in listed["identities"]] == [
        ("IBMid-1000000001", "user"), (values["ibm_iam_service_id.deployer"]["iam_id"], "serviceid")]
    setting = identity.get_id_p_setting(account_id=account, idp_id=values["ibm_iam_idp.corp"]["idp_id"]).get_result()
    assert (setting["idp_name"], setting["cloud_user_strategy"], setting["active"]) == ("corp-sso", "STATIC", True)
    groups = sdk(IamAccessGroupsV2, tf, "iam_access_groups")
    assert groups.get_account_settings(account_id=account).get_result()["public_access_enabled"] is False
    policies = sdk(IamPolicyManagementV1, tf, None)
    role = policies.get_role(role_id=values["ibm_iam_custom_role.reader"]["id"]).get_result()
    assert (role["name"], role["crn"]) == ("BackupReader", values["ibm_iam_custom_role.reader"]["crn"])
    external = policies.get_settings(account_id=account).get_result()["external_account_identity_interaction"]
    assert external["identity_types"]["user"] == {"state": "limited",
                                                  "external_allowed_accounts": ["a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"]}
    tags = sdk(GlobalTaggingV1, tf, None).list_tags(tag_type="access").get_result()["items"]
    assert [t["name"] for t in tags] == ["env:prod"]


def test_invited_users_are_in_the_account_in_their_group_with_their_settings_and_policy(tf):
    values = managed(tf)
    account = values["ibm_iam_service_id.deployer"]["account_id"]
    users = sdk(UserManagementV1, tf, "user_management")
    listed = users.list_users(account_id=account).get_result()["resources"]
    by_email = {u["email"]: u for u in listed}
    assert (by_email["ana@example.com"]["state"], by_email["bo@example.com"]["state"]) == ("PENDING", "PENDING")
    ana = by_email["ana@example.com"]["iam_id"]
    assert users.get_user_settings(account_id=account, iam_id=ana).get_result()["allowed_ip_addresses"] == \
        "10.0.0.1,10.0.0.2"
    members = sdk(IamAccessGroupsV2, tf, "iam_access_groups").list_access_group_members(
        access_group_id=values["ibm_iam_access_group.readers"]["id"]).get_result()["members"]
    assert sorted(m["iam_id"] for m in members) == sorted([ana, by_email["bo@example.com"]["iam_id"]])
    policy = sdk(IamPolicyManagementV1, tf, None).get_policy(
        policy_id=values["ibm_iam_user_policy.ana"]["id"].split("/")[1]).get_result()
    assert policy["subjects"][0]["attributes"] == [{"name": "iam_id", "value": ana}]
    invite = values["ibm_iam_user_invite.team"]
    assert invite["number_of_invited_users"] == 2
    assert sorted(u["user_id"] for u in invite["invited_users"]) == sorted(
        [f"owner@{account}.example.com", "ana@example.com", "bo@example.com"])


def test_the_data_sources_read_the_apis(tf):
    outputs, values = tf.outputs(), managed(tf)
    deployer = values["ibm_iam_service_id.deployer"]
    assert [(i["identifier"], i["type"]) for i in outputs["identities"]] == [
        ("IBMid-1000000001", "user"), (deployer["iam_id"], "serviceid")]
    assert outputs["idps"] == ["corp-sso"]
    assert [(s["idp_name"], s["cloud_user_strategy"]) for s in outputs["idp_settings"]] == [("corp-sso", "STATIC")]
    assert [(p["service"], p["id"], p["value_string"]) for p in outputs["preferences"]] == [
        ("console", "landing_page", "/vpc-ext/overview")]
    assert outputs["tag_type"] == "access"
    assert outputs["user_policies"] == [["Viewer"]]
    assert outputs["account_settings"] == ["TOTP", "7200"]
    account = deployer["account_id"]
    assert outputs["users"] == [[f"owner@{account}.example.com", "ACTIVE"], ["ana@example.com", "PENDING"],
                                ["bo@example.com", "PENDING"]]
    assert outputs["ana"][0] == "ana@example.com" and outputs["ana"][1].startswith("IBMid-")
    assert outputs["ana"][2] == ["10.0.0.1", "10.0.0.2"]
    user = outputs["external"][0]["identity_types"][0]["user"][0]
    assert (user["state"], user["external_allowed_accounts"]) == ("limited", ["a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"])


IMPORTED = '''
provider "ibm" {}

resource "ibm_iam_trusted_profile_identity" "imported" {
  profile_id    = "%(profile)s"
  identity_type = "user"
  identifier    = "IBMid-2000000002"
  type          = "user"
  description   = "made by the SDK"
}

resource "ibm_iam_custom_role" "imported" {
  name         = "SdkRole"
  display_name = "Made by the SDK"
  service      = "is"
  actions      = ["is.volume.volume.read"]
}

resource "ibm_iam_identity_preference" "imported" {
  account_id     = "%(account)s"
  iam_id         = "IBMid-2000000002"
  service        = "console"
  preference_id  = "theme"
  value_string   = "dark"
}

resource "ibm_iam_idp" "imported" {
  account_id = "%(account)s"
  name       = "sdk-sso"
  type       = "saml"
  active     = false
}

resource "ibm_iam_idp_account_setting" "imported" {
  account_id          = "%(account)s"
  idp_id              = "%(idp)s"
  cloud_user_strategy = "DYNAMIC"
  active              = false
  ui_default          = true
}

resource "ibm_iam_access_tag" "imported" {
  name = "team:sdk"
}
'''


def test_terraform_imports_what_the_sdk_made_to_an_empty_plan(tf, tmp_path_factory):
    values = managed(tf)
    account, profile = values["ibm_iam_service_id.deployer"]["account_id"], values["ibm_iam_trusted_profile.ci"]["id"]
    identity = sdk(IamIdentityV1, tf, "iam_identity")
    identity.set_profile_identity(profile_id=profile, identity_type="user", identifier="IBMid-2000000002",
                                  type="user", description="made by the SDK")
    role = sdk(IamPolicyManagementV1, tf, None).create_role(
        name="SdkRole", display_name="Made by the SDK", service_name="is", account_id=account,
        actions=["is.volume.volume.read"]).get_result()
    identity.update_preference_on_scope_account(account_id=account, iam_id="IBMid-2000000002", service="console",
                                                preference_id="theme", value_string="dark")
    idp = identity.create_idp(account_id=account, name="sdk-sso", type="saml", active=False).get_result()["idp_id"]
    identity.add_id_p_setting(account_id=account, idp_id=idp, active=False, cloud_user_strategy="DYNAMIC",
                              ui_default=True)
    sdk(GlobalTaggingV1, tf, None).create_tag(tag_names=["team:sdk"], tag_type="access")
    other = applied(tf.mock, tmp_path_factory, "iam-more-import", 'provider "ibm" {}\n', reset=False)
    write_config(other, IMPORTED % {"profile": profile, "account": account, "idp": idp})
    other.run("import", "ibm_iam_trusted_profile_identity.imported", f"{profile}|user|IBMid-2000000002")
    other.run("import", "ibm_iam_custom_role.imported", role["id"])
    other.run("import", "ibm_iam_identity_preference.imported", f"{account}/IBMid-2000000002/console/theme")
    other.run("import", "ibm_iam_idp.imported", idp)
    other.run("import", "ibm_iam_idp_account_setting.imported", f"{account}/{idp}")
    other.run("import", "ibm_iam_access_tag.imported", "team:sdk")
    assert other.plan().returncode == 0
    other.destroy()


def test_a_change_of_settings_and_identities_applies_in_place(tf):
    changed = CONFIG.replace('mfa                           = "TOTP"', 'mfa                           = "NONE"') \
        .replace('"IBMid-1000000001"', '"IBMid-1000000003"')
    write_config(tf, changed)
    tf.run("apply", "-auto-approve")
    assert tf.plan().returncode == 0
    values = managed(tf)
    account = values["ibm_iam_service_id.deployer"]["account_id"]
    identity = sdk(IamIdentityV1, tf, "iam_identity")
    assert identity.get_account_settings(account_id=account).get_result()["mfa"] == "NONE"
    listed = identity.get_profile_identities(profile_id=values["ibm_iam_trusted_profile.ops"]["id"]).get_result()
    assert [i["identifier"] for i in listed["identities"]][0] == "IBMid-1000000003"
    write_config(tf, CONFIG)
    tf.run("apply", "-auto-approve")


ONE_SHOTS = '''
provider "ibm" {}

resource "ibm_iam_authorization_policy_detach" "detach" {
  authorization_policy_id = "%(policy)s"
}

resource "ibm_resource_reclamation_delete" "reclaim" {
  reclamation_id = "%(reclamation)s"
  comment        = "cleanup"
}
'''


def test_the_one_shot_types_detach_a_policy_and_reclaim_an_instance(tf, tmp_path_factory):
    values = managed(tf)
    account = values["ibm_iam_service_id.deployer"]["account_id"]
    policies = sdk(IamPolicyManagementV1, tf, None)
    policy = policies.create_policy(
        type="authorization",
        subjects=[PolicySubject(attributes=[SubjectAttribute(name="serviceName", value="is")])],
        roles=[PolicyRole(role_id="crn:v1:bluemix:public:iam::::serviceRole:Reader")],
        resources=[PolicyResource(attributes=[ResourceAttribute(name="accountId", value=account),
                                              ResourceAttribute(name="serviceName", value="kms")])]).get_result()
    rc = sdk(ResourceControllerV2, tf, "resource_controller")
    group_id = sdk(ResourceManagerV2, tf, None).list_resource_groups(default=True).get_result()["resources"][0]["id"]
    instance = rc.create_resource_instance(name="gone", target="us-south", resource_group=group_id,
                                           resource_plan_id=resource_catalogue.plan_named("kms", "tiered-pricing").id
                                           ).get_result()
    rc.delete_resource_instance(id=instance["id"])
    reclamation = rc.list_reclamations(resource_instance_id=instance["guid"]).get_result()["resources"][0]
    shots = applied(tf.mock, tmp_path_factory, "iam-one-shots", ONE_SHOTS % {
        "policy": policy["id"], "reclamation": reclamation["id"]}, reset=False)
    with pytest.raises(ApiException) as gone:
        policies.get_policy(policy_id=policy["id"])
    assert gone.value.status_code == 404
    assert rc.list_reclamations(resource_instance_id=instance["guid"]).get_result()["resources"] == []
    reclaimed = managed(shots)["ibm_resource_reclamation_delete.reclaim"]
    assert (reclaimed["id"], reclaimed["state"], reclaimed["entity_crn"]) == (
        reclamation["id"], "RECLAIMING", instance["crn"])
    assert shots.plan().returncode == 0
    shots.destroy()


def test_destroy_removes_what_the_types_made(tf):
    values = managed(tf)
    account = values["ibm_iam_service_id.deployer"]["account_id"]
    tf.destroy()
    users = sdk(UserManagementV1, tf, "user_management").list_users(account_id=account).get_result()["resources"]
    assert [u["email"] for u in users] == [f"owner@{account}.example.com"]
    assert sdk(GlobalTaggingV1, tf, None).list_tags(tag_type="access").get_result()["items"] == []
    roles = sdk(IamPolicyManagementV1, tf, None).list_roles(account_id=account).get_result()["custom_roles"]
    assert roles == []
