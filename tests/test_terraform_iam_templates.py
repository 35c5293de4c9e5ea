"""IAM templates, their versions and assignments through the IAM APIs with the real Terraform,
in one configuration: trusted profile, account settings, access group, policy, role and action
control templates, versions of four of them, and an assignment of each kind. They apply with
the ids the IBM provider composes (`<template id>/<version>`, the assignment's id), assignments
waited for until `succeeded`, and plan clean; the official SDKs see what Terraform made; each
re-imports by its id to an empty plan; Terraform imports a template the SDK made; destroy
removes every one."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamAccessGroupsV2, IamIdentityV1, IamPolicyManagementV1

from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock.engine.generic import service

ACCOUNT = "0123456789abcdef0123456789abcdef"
GROUP = "AccountGroup-00112233445566778899aabbccddeeff"

CONFIG = f'''
provider "ibm" {{}}

resource "ibm_iam_policy_template" "viewers" {{
  name      = "tf-viewers"
  committed = true
  policy {{
    type        = "access"
    description = "viewers of VPC"
    resource {{
      attributes {{
        key      = "serviceName"
        operator = "stringEquals"
        value    = "is"
      }}
    }}
    roles = ["Viewer"]
  }}
}}

resource "ibm_iam_policy_template_version" "operators" {{
  template_id = ibm_iam_policy_template.viewers.template_id
  committed   = true
  policy {{
    type        = "access"
    description = "operators of VPC"
    resource {{
      attributes {{
        key      = "serviceName"
        operator = "stringEquals"
        value    = "is"
      }}
    }}
    roles = ["Viewer", "Operator"]
  }}
}}

resource "ibm_iam_trusted_profile_template" "developers" {{
  name        = "tf-developers"
  description = "profiles of the developers"
  committed   = true
  profile {{
    name        = "developers"
    description = "made by the template"
    identities {{
      iam_id     = "iam-ServiceId-00000000-0000-0000-0000-000000000000"
      identifier = "ServiceId-00000000-0000-0000-0000-000000000000"
      type       = "serviceid"
      accounts   = ["{ACCOUNT}"]
    }}
  }}
  policy_template_references {{
    id      = ibm_iam_policy_template.viewers.template_id
    version = ibm_iam_policy_template.viewers.version
  }}
}}

resource "ibm_iam_trusted_profile_template_assignment" "developers" {{
  template_id      = split("/", ibm_iam_trusted_profile_template.developers.id)[0]
  template_version = ibm_iam_trusted_profile_template.developers.version
  target_type      = "Account"
  target           = "{ACCOUNT}"
}}

resource "ibm_iam_account_settings_template" "settings" {{
  name      = "tf-settings"
  committed = true
  account_settings {{
    mfa                        = "TOTP"
    restrict_create_service_id = "RESTRICTED"
  }}
}}

resource "ibm_iam_account_settings_template_assignment" "settings" {{
  template_id      = split("/", ibm_iam_account_settings_template.settings.id)[0]
  template_version = ibm_iam_account_settings_template.settings.version
  target_type      = "AccountGroup"
  target           = "{GROUP}"
}}

resource "ibm_iam_access_group_template" "admins" {{
  name        = "tf-admins"
  description = "the admins"
  committed   = true
  group {{
    name        = "admins"
    description = "group of admins"
  }}
}}

resource "ibm_iam_access_group_template_version" "admins_v2" {{
  template_id = ibm_iam_access_group_template.admins.template_id
  name        = "tf-admins"
  description = "the admins, second version"
  group {{
    name = "admins"
  }}
}}

resource "ibm_iam_access_group_template_assignment" "admins" {{
  template_id      = ibm_iam_access_group_template.admins.template_id
  template_version = ibm_iam_access_group_template.admins.version
  target_type      = "Account"
  target           = "{ACCOUNT}"
}}

resource "ibm_iam_role_template" "reader" {{
  name      = "tf-reader"
  committed = true
  role {{
    name         = "BackupReader"
    display_name = "Backup reader"
    service_name = "is"
    actions      = ["is.backup-policy.backup-policy.read"]
  }}
}}

resource "ibm_iam_role_template_version" "reader_v2" {{
  role_template_id = ibm_iam_role_template.reader.role_template_id
  description      = "reads more"
  role {{
    display_name = "Backup reader"
    actions      = ["is.backup-policy.backup-policy.read", "is.backup-policy.backup-policy.list"]
  }}
}}

resource "ibm_iam_role_assignment" "reader" {{
  target {{
    type = "Account"
    id   = "{ACCOUNT}"
  }}
  templates {{
    id      = ibm_iam_role_template.reader.role_template_id
    version = ibm_iam_role_template.reader.version
  }}
}}

resource "ibm_iam_policy_assignment" "operators" {{
  version = "1.0"
  target = {{
    type = "Account"
    id   = "{ACCOUNT}"
  }}
  templates {{
    id      = ibm_iam_policy_template.viewers.template_id
    version = ibm_iam_policy_template_version.operators.version
  }}
}}

resource "ibm_iam_action_control_template" "controls" {{
  name        = "tf-controls"
  description = "what assignments may do"
  committed   = true
  action_control {{
    service_name = "am"
    actions      = ["am.assignment.read"]
  }}
}}

resource "ibm_iam_action_control_template_version" "controls_v2" {{
  action_control_template_id = ibm_iam_action_control_template.controls.action_control_template_id
  description                = "what assignments may do, second version"
  action_control {{
    service_name = "am"
    actions      = ["am.assignment.read", "am.assignment.update"]
  }}
}}

resource "ibm_iam_action_control_assignment" "controls" {{
  target = {{
    type = "Account"
    id   = "{ACCOUNT}"
  }}
  templates {{
    id      = ibm_iam_action_control_template.controls.action_control_template_id
    version = ibm_iam_action_control_template.controls.version
  }}
}}

data "ibm_iam_trusted_profile_template_assignment" "developers" {{
  assignment_id = ibm_iam_trusted_profile_template_assignment.developers.id
}}

data "ibm_iam_policy_template_version" "operators" {{
  policy_template_id = ibm_iam_policy_template.viewers.template_id
  version            = ibm_iam_policy_template_version.operators.version
}}

data "ibm_iam_role_assignments" "reader" {{
  template_id = ibm_iam_role_assignment.reader.templates[0].id
}}

data "ibm_iam_policy_template" "account" {{
  depends_on = [ibm_iam_policy_template_version.operators]
}}

data "ibm_iam_access_group_template_versions" "admins" {{
  template_id = ibm_iam_access_group_template_version.admins_v2.template_id
}}

data "ibm_iam_access_group_template_assignment" "account" {{
  template_id = ibm_iam_access_group_template_assignment.admins.template_id
}}
'''

TEMPLATES = ["ibm_iam_policy_template.viewers", "ibm_iam_policy_template_version.operators",
             "ibm_iam_trusted_profile_template.developers", "ibm_iam_account_settings_template.settings",
             "ibm_iam_access_group_template.admins", "ibm_iam_access_group_template_version.admins_v2",
             "ibm_iam_role_template.reader", "ibm_iam_role_template_version.reader_v2",
             "ibm_iam_action_control_template.controls", "ibm_iam_action_control_template_version.controls_v2"]
ASSIGNMENTS = ["ibm_iam_trusted_profile_template_assignment.developers",
               "ibm_iam_account_settings_template_assignment.settings",
               "ibm_iam_access_group_template_assignment.admins", "ibm_iam_role_assignment.reader",
               "ibm_iam_policy_assignment.operators", "ibm_iam_action_control_assignment.controls"]


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "iam-templates", CONFIG)


def _client(cls, url: str, name: str):
    client = cls(authenticator=IAMAuthenticator("tf-templates", url=url))
    client.set_service_url(service.sdk_url(url, name))
    return client


@pytest.fixture(scope="module")
def identity(tf) -> IamIdentityV1:
    return _client(IamIdentityV1, tf.mock.url, "iam_identity")


@pytest.fixture(scope="module")
def policies(tf) -> IamPolicyManagementV1:
    return _client(IamPolicyManagementV1, tf.mock.url, "iam_policy_management")


@pytest.fixture(scope="module")
def groups(tf) -> IamAccessGroupsV2:
    return _client(IamAccessGroupsV2, tf.mock.url, "iam_access_groups")


def test_the_templates_apply_with_the_ids_the_ibm_provider_composes_and_plan_clean(tf):
    values = managed(tf)
    versions = {address: values[address]["id"].rsplit("/", 1)[1] for address in TEMPLATES}
    assert versions == {
        "ibm_iam_policy_template.viewers": "1", "ibm_iam_policy_template_version.operators": "2",
        "ibm_iam_trusted_profile_template.developers": "1", "ibm_iam_account_settings_template.settings": "1",
        "ibm_iam_access_group_template.admins": "1", "ibm_iam_access_group_template_version.admins_v2": "2",
        "ibm_iam_role_template.reader": "1", "ibm_iam_role_template_version.reader_v2": "2",
        "ibm_iam_action_control_template.controls": "1", "ibm_iam_action_control_template_version.controls_v2": "2"}
    assert tf.plan().returncode == 0


def test_none_of_them_is_a_stored_resource(tf):
    assert not {address.split(".")[0] for address in TEMPLATES + ASSIGNMENTS} & stored_types(tf)


def test_each_assignment_was_waited_for_until_it_succeeded(tf):
    values = managed(tf)
    assert {address: values[address]["status"] for address in ASSIGNMENTS} == dict.fromkeys(ASSIGNMENTS, "succeeded")


def test_the_identity_sdk_sees_the_committed_profile_template_and_its_assignment(tf, identity):
    values = managed(tf)
    template_id = values["ibm_iam_trusted_profile_template.developers"]["id"].split("/")[0]
    version = identity.get_profile_template_version(template_id=template_id, version="1").get_result()
    assignment = identity.get_trusted_profile_assignment(
        assignment_id=values["ibm_iam_trusted_profile_template_assignment.developers"]["id"]).get_result()
    assert (version["committed"], version["profile"]["name"], version["profile"]["identities"][0]["iam_id"],
            version["policy_template_references"][0]["id"], assignment["target"], assignment["status"]) == (
        True, "developers", "iam-ServiceId-00000000-0000-0000-0000-000000000000",
        values["ibm_iam_policy_template.viewers"]["template_id"], ACCOUNT, "succeeded")


def test_the_policy_sdk_sees_both_policy_template_versions_and_the_role_names_as_role_crns(tf, policies):
    template_id = managed(tf)["ibm_iam_policy_template.viewers"]["template_id"]
    versions = policies.list_policy_template_versions(policy_template_id=template_id).get_result()["versions"]
    assert [(v["version"], v["committed"], [r["role_id"] for r in v["policy"]["control"]["grant"]["roles"]])
            for v in versions] == [
        ("1", True, ["crn:v1:bluemix:public:iam::::role:Viewer"]),
        ("2", True, ["crn:v1:bluemix:public:iam::::role:Viewer", "crn:v1:bluemix:public:iam::::role:Operator"])]


def test_the_policy_sdk_lists_the_policy_role_and_action_control_assignments(tf, policies):
    values = managed(tf)
    account = values["ibm_iam_policy_template.viewers"]["account_id"]
    policy = policies.list_policy_assignments(version="1.0", account_id=account).get_result()["assignments"]
    roles = policies.list_role_assignments(account_id=account).get_result()["assignments"]
    controls = policies.list_action_control_assignments(account_id=account).get_result()["assignments"]
    assert ([(a["id"], a["template"]["version"]) for a in policy], [a["id"] for a in roles],
            [a["id"] for a in controls]) == (
        [(values["ibm_iam_policy_assignment.operators"]["id"], "2")], [values["ibm_iam_role_assignment.reader"]["id"]],
        [values["ibm_iam_action_control_assignment.controls"]["id"]])


def test_the_access_groups_sdk_sees_the_uncommitted_second_version(tf, groups):
    template_id = managed(tf)["ibm_iam_access_group_template.admins"]["template_id"]
    second = groups.get_template_version(template_id=template_id, version_num="2").get_result()
    assert (second["committed"], second["description"], second["group"]["name"]) == (
        False, "the admins, second version", "admins")


def test_the_data_sources_read_through_the_apis(tf):
    data = {r["address"]: r["values"] for r in tf.resources() if r["mode"] == "data"}
    values = managed(tf)
    assert (data["data.ibm_iam_trusted_profile_template_assignment.developers"]["status"],
            data["data.ibm_iam_policy_template_version.operators"]["policy"][0]["roles"],
            [a["id"] for a in data["data.ibm_iam_role_assignments.reader"]["assignments"]]) == (
        "succeeded", ["Viewer", "Operator"], [values["ibm_iam_role_assignment.reader"]["id"]])


def test_the_listing_data_sources_list_what_terraform_made(tf):
    data = {r["address"]: r["values"] for r in tf.resources() if r["mode"] == "data"}
    values = managed(tf)
    assert ([(t["name"], t["version"]) for t in data["data.ibm_iam_policy_template.account"]["policy_templates"]],
            [(v["version"], v["committed"]) for v in
             data["data.ibm_iam_access_group_template_versions.admins"]["group_template_versions"]],
            [(a["id"], a["status"]) for a in data["data.ibm_iam_access_group_template_assignment.account"][
                "assignments"]]) == (
        [("tf-viewers", "2")], [("1", True), ("2", False)],
        [(values["ibm_iam_access_group_template_assignment.admins"]["id"], "succeeded")])


def test_each_reimports_by_its_id_to_an_empty_plan(tf):
    values = managed(tf)
    tf.reimport({address: values[address]["id"] for address in TEMPLATES + ASSIGNMENTS})
    plan = tf.plan()
    assert plan.returncode == 0, plan.stdout


def test_an_assignment_moves_to_a_new_version_in_place(tf, policies):
    moved = CONFIG.replace("    version = ibm_iam_role_template.reader.version\n",
                           "    version = ibm_iam_role_template_version.reader_v2.version\n")
    moved = moved.replace('  description      = "reads more"\n',
                          '  description      = "reads more"\n  committed = true\n')
    assert moved.count("reader_v2.version") == 1 and 'reads more"\n  committed = true' in moved
    write_config(tf, moved)
    before = managed(tf)["ibm_iam_role_assignment.reader"]["id"]
    tf.run("apply", "-auto-approve")
    after = managed(tf)["ibm_iam_role_assignment.reader"]
    answer = policies.get_role_assignment(assignment_id=before).get_result()
    assert (after["id"], answer["template"]["version"], answer["operation"], after["status"]) == (
        before, "2", "update", "succeeded")
    assert tf.plan().returncode == 0


def test_terraform_imports_a_template_the_sdk_made(tf, policies):
    account = managed(tf)["ibm_iam_policy_template.viewers"]["account_id"]
    made = policies.create_action_control_template(
        name="sdk-controls", account_id=account, description="made by the SDK", committed=True,
        action_control={"service_name": "am", "actions": ["am.assignment.read"]}).get_result()
    (tf.workdir / "imported.tf").write_text('''
resource "ibm_iam_action_control_template" "imported" {
  name        = "sdk-controls"
  description = "made by the SDK"
  committed   = true
  action_control {
    service_name = "am"
    actions      = ["am.assignment.read"]
  }
}
''')
    tf.run("import", "ibm_iam_action_control_template.imported", f"{made['id']}/1")
    assert tf.plan().returncode == 0


def test_destroy_removes_every_template_and_assignment(tf, identity, policies, groups):
    account = managed(tf)["ibm_iam_policy_template.viewers"]["account_id"]
    tf.run("destroy", "-auto-approve")
    left = (identity.list_profile_templates().get_result()["profile_templates"],
            identity.list_trusted_profile_assignments().get_result()["assignments"],
            groups.list_templates(account_id=account).get_result()["group_templates"],
            policies.list_policy_templates(account_id=account).get_result()["policy_templates"],
            policies.list_role_templates(account_id=account).get_result()["role_templates"],
            policies.list_role_assignments(account_id=account).get_result()["assignments"])
    assert left == ([], [], [], [], [], [])
