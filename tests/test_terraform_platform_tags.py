"""Platform resources the real Terraform makes with the IBM provider's HCL, seen alike by the
official SDKs: an instance's plan resolved through the Global Catalog (`service` and `plan`,
read back by name); `tags` of a resource instance and a transit gateway in Global Tagging by
their CRNs (attached by Terraform, listed by GlobalTaggingV1, and a tag the SDK attaches shows
as a change); access group members through IAM Access Groups' membership operations (listed by
IamAccessGroupsV2, a member the SDK adds shows as a change, the data source lists them). One
configuration for the module."""

from __future__ import annotations


import pytest
import requests
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import GlobalTaggingV1, IamAccessGroupsV2, ResourceControllerV2, ResourceManagerV2

from terraform_support import applied, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock.engine.generic import service
from vpcmock_provider.resources.platform.access_group_members import user_iam_id

KMS_SERVICE, KMS_PLAN = "ee41347f-b18e-4ca6-bf80-b5467c63f9a6", "eedd3585-90c6-4c8f-be3d-062069e99fc3"

CONFIG = '''
provider "ibm" {}

resource "ibm_resource_instance" "kms" {
  name     = "backup-keys"
  service  = "kms"
  plan     = "tiered-pricing"
  location = "us-south"
  tags     = ["backup", "env:prod"]
}

resource "ibm_tg_gateway" "hub" {
  name     = "backup-hub"
  location = "us-south"
  global   = false
  tags     = ["backup"]
}

resource "ibm_iam_service_id" "robot" {
  name = "backup-robot"
}

resource "ibm_iam_trusted_profile" "workload" {
  name = "backup-workload"
}

resource "ibm_iam_access_group" "operators" {
  name = "backup-operators"
}

resource "ibm_iam_access_group_members" "operators" {
  access_group_id = ibm_iam_access_group.operators.id
  ibm_ids         = ["ops@example.com"]
  iam_service_ids = [ibm_iam_service_id.robot.id]
  iam_profile_ids = [ibm_iam_trusted_profile.workload.id]
}

data "ibm_resource_instance" "kms" {
  name       = ibm_resource_instance.kms.name
  service    = "kms"
  depends_on = [ibm_resource_instance.kms]
}

data "ibm_iam_access_group" "operators" {
  access_group_name = ibm_iam_access_group.operators.name
  depends_on        = [ibm_iam_access_group_members.operators]
}

output "kms_from_data" {
  value = [data.ibm_resource_instance.kms.guid, data.ibm_resource_instance.kms.plan,
           data.ibm_resource_instance.kms.location]
}

output "operators_from_data" {
  value = data.ibm_iam_access_group.operators.groups[0]
}
'''


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "platform-tags", CONFIG)


def sdk(cls, url: str, service_url: str):
    client = cls(authenticator=IAMAuthenticator("test-key", url=url))
    client.set_service_url(service_url)
    return client


@pytest.fixture(scope="module")
def tagging(mock_server):  # noqa: F811
    return sdk(GlobalTaggingV1, mock_server.url, mock_server.url)


@pytest.fixture(scope="module")
def groups(mock_server):  # noqa: F811
    return sdk(IamAccessGroupsV2, mock_server.url, mock_server.url)


@pytest.fixture(scope="module")
def controller(mock_server):  # noqa: F811
    return sdk(ResourceControllerV2, mock_server.url, service.sdk_url(mock_server.url, "resource_controller"))


def attached(tagging, crn: str) -> list[str]:
    return sorted(t["name"] for t in tagging.list_tags(attached_to=crn).get_result()["items"])


def test_1_the_configuration_applies_and_plans_clean(tf):
    assert tf.plan().returncode == 0


def test_2_the_instance_is_of_the_catalog_plan_terraform_named(tf, controller):
    kms = tf.values()["ibm_resource_instance.kms"]
    got = controller.get_resource_instance(id=kms["guid"]).get_result()
    assert (got["resource_plan_id"], got["resource_id"], got["region_id"]) == (KMS_PLAN, KMS_SERVICE, "us-south")
    assert got["target_crn"] == f"crn:v1:bluemix:public:globalcatalog::::deployment:{KMS_PLAN}%3Aus-south"
    assert kms["crn"] == got["crn"] and kms["crn"].startswith("crn:v1:bluemix:public:kms:us-south:a/")
    assert (kms["service"], kms["plan"], kms["location"]) == ("kms", "tiered-pricing", "us-south")
    assert tf.outputs()["kms_from_data"] == [kms["guid"], "tiered-pricing", "us-south"]


def test_3_tags_terraform_set_are_in_global_tagging(tf, tagging):
    values = tf.values()
    assert attached(tagging, values["ibm_resource_instance.kms"]["crn"]) == ["backup", "env:prod"]
    assert attached(tagging, values["ibm_tg_gateway.hub"]["crn"]) == ["backup"]


def test_3b_nothing_is_kept_beside_the_apis(tf):
    """The tags and the members live in their APIs: no record in /stored_resources."""
    state = requests.get(f"{tf.mock.url}/mock/state", params={"table": "stored_resources"}).json()
    assert state["counts"] == {"stored_resources": 0}


def test_4_members_terraform_set_are_in_the_access_group(tf, groups):
    values = tf.values()
    group = values["ibm_iam_access_group.operators"]["id"]
    listed = groups.list_access_group_members(access_group_id=group).get_result()["members"]
    assert sorted((m["iam_id"], m["type"]) for m in listed) == sorted([
        (user_iam_id("ops@example.com"), "user"), (values["ibm_iam_service_id.robot"]["iam_id"], "service"),
        (values["ibm_iam_trusted_profile.workload"]["iam_id"], "profile")])
    members = values["ibm_iam_access_group_members.operators"]
    assert members["id"].startswith(f"{group}/") and len(members["members"]) == 3
    data = tf.outputs()["operators_from_data"]
    assert (data["ibm_ids"], data["iam_service_ids"], data["iam_profile_ids"]) == (
        ["ops@example.com"], [values["ibm_iam_service_id.robot"]["id"]], [values["ibm_iam_trusted_profile.workload"]["id"]])


def test_5_what_the_sdks_change_shows_in_the_next_plan_and_apply_restores_it(tf, tagging, groups):
    values = tf.values()
    tagging.attach_tag(resources=[{"resource_id": values["ibm_resource_instance.kms"]["crn"]}], tag_names=["drift"])
    group = values["ibm_iam_access_group.operators"]["id"]
    groups.add_members_to_access_group(access_group_id=group, members=[{"iam_id": "IBMid-50DRIFTXYZ", "type": "user"}])
    assert tf.plan().returncode == 2
    tf.apply()
    assert attached(tagging, values["ibm_resource_instance.kms"]["crn"]) == ["backup", "env:prod"]
    listed = groups.list_access_group_members(access_group_id=group).get_result()["members"]
    assert "IBMid-50DRIFTXYZ" not in [m["iam_id"] for m in listed]
    assert tf.plan().returncode == 0


def test_6_a_changed_member_list_and_tags_are_applied_through_the_apis(tf, tagging, groups):
    write_config(tf, CONFIG.replace('ibm_ids         = ["ops@example.com"]',
                                    'ibm_ids         = ["lead@example.com"]')
                 .replace('tags     = ["backup"]\n}', 'tags     = ["backup", "network"]\n}'))
    tf.apply()
    values = tf.values()
    listed = groups.list_access_group_members(access_group_id=values["ibm_iam_access_group.operators"]["id"],
                                              type="user").get_result()["members"]
    assert [m["iam_id"] for m in listed] == [user_iam_id("lead@example.com")]
    assert attached(tagging, values["ibm_tg_gateway.hub"]["crn"]) == ["backup", "network"]
    assert tf.plan().returncode == 0


def test_7_destroy_leaves_nothing_in_the_apis(tf, controller, groups, mock_server):  # noqa: F811
    tf.destroy()
    manager = sdk(ResourceManagerV2, mock_server.url, mock_server.url)
    account = manager.list_resource_groups(default=True).get_result()["resources"][0]["account_id"]
    assert controller.list_resource_instances().get_result()["resources"] == []
    assert groups.list_access_groups(account_id=account).get_result()["groups"] == []
