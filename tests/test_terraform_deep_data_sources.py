"""The data sources of types emulated in depth that read a sub-collection or a platform API
(resources/deep_data.py) read back what Terraform made: a share's mount target through
/shares/{id}/mount_targets, an instance's volume attachment through /instances/{id}/volume_attachments,
the account's authorization policies through IAM, its resource groups through Resource Manager, and
a resource's tags through Global Tagging. One configuration, the real Terraform."""

from __future__ import annotations

import pytest

from terraform_support import applied, managed, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)

CONFIG = '''
provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "vpc" {
  name = "deep-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name                     = "deep-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}

resource "ibm_is_share" "files" {
  name    = "deep-share"
  zone    = "us-south-1"
  size    = 200
  profile = "dp2"

  access_control_mode = "vpc"
}

resource "ibm_is_share_mount_target" "files" {
  share = ibm_is_share.files.id
  name  = "deep-target"
  vpc   = ibm_is_vpc.vpc.id
}

resource "ibm_is_instance" "vsi" {
  name    = "deep-vsi"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
  lifecycle {
    ignore_changes = [volumes]
  }
}

resource "ibm_is_instance_volume_attachment" "data" {
  instance                           = ibm_is_instance.vsi.id
  name                               = "deep-attachment"
  profile                            = "general-purpose"
  capacity                           = 20
  volume_name                        = "deep-data"
  delete_volume_on_instance_delete   = true
}

resource "ibm_iam_authorization_policy" "share_to_kms" {
  source_service_name = "is"
  source_resource_type = "share"
  target_service_name = "kms"
  roles               = ["Reader"]
  description         = "file shares read their root keys"
}

resource "ibm_resource_group" "team" {
  name = "deep-team"
}

resource "ibm_resource_tag" "vsi" {
  resource_id = ibm_is_instance.vsi.crn
  tags        = ["env:test", "team:backup"]
}

data "ibm_is_share_mount_target" "by_id" {
  share        = ibm_is_share_mount_target.files.share
  mount_target = ibm_is_share_mount_target.files.mount_target
}

data "ibm_is_share_mount_target" "by_names" {
  share_name        = ibm_is_share.files.name
  mount_target_name = ibm_is_share_mount_target.files.name
}

data "ibm_is_share_mount_targets" "all" {
  share = ibm_is_share_mount_target.files.share
}

data "ibm_is_share_mount_targets" "none_named" {
  share = ibm_is_share_mount_target.files.share
  name  = "no-such-target"
}

data "ibm_is_instance_volume_attachment" "data" {
  instance = ibm_is_instance_volume_attachment.data.instance
  name     = ibm_is_instance_volume_attachment.data.name
}

data "ibm_is_instance_volume_attachments" "vsi" {
  instance   = ibm_is_instance.vsi.id
  depends_on = [ibm_is_instance_volume_attachment.data]
}

data "ibm_iam_authorization_policies" "account" {
  depends_on = [ibm_iam_authorization_policy.share_to_kms]
}

data "ibm_resource_groups" "team" {
  name = ibm_resource_group.team.name
}

data "ibm_resource_groups" "default" {
  is_default = true
}

data "ibm_resource_tag" "vsi" {
  resource_id = ibm_resource_tag.vsi.resource_id
}
'''


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "deep-data-sources", CONFIG)


def read(tf, address: str) -> dict:
    """The values a data source read, by its address (`ibm_resource_tag.vsi`)."""
    return next(r["values"] for r in tf.resources() if r["mode"] == "data" and r["address"] == f"data.{address}")


def test_the_configuration_applies_and_plans_clean(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_share_mount_target_reads_the_target_by_id_and_by_names(tf):
    made = managed(tf)["ibm_is_share_mount_target.files"]
    vpc = managed(tf)["ibm_is_vpc.vpc"]
    for address in ("ibm_is_share_mount_target.by_id", "ibm_is_share_mount_target.by_names"):
        got = read(tf, address)
        assert got["id"] == made["mount_target"]
        assert (got["name"], got["mount_path"], got["lifecycle_state"], got["access_protocol"]) == (
            "deep-target", made["mount_path"], "stable", "nfs4")
        assert (got["vpc"][0]["id"], got["vpc"][0]["name"], got["vpc"][0]["crn"]) == (vpc["id"], "deep-vpc",
                                                                                     vpc["crn"])
        assert (got["resource_type"], got["href"]) == ("share_mount_target", made["href"])


def test_share_mount_targets_list_the_shares_targets_and_filter_by_name(tf):
    made = managed(tf)["ibm_is_share_mount_target.files"]
    targets = read(tf, "ibm_is_share_mount_targets.all")["mount_targets"]
    assert [(t["id"], t["name"], t["vpc"][0]["id"]) for t in targets] == [
        (made["mount_target"], "deep-target", managed(tf)["ibm_is_vpc.vpc"]["id"])]
    assert read(tf, "ibm_is_share_mount_targets.none_named")["mount_targets"] == []


def test_instance_volume_attachment_reads_the_attachment_by_name(tf):
    made = managed(tf)["ibm_is_instance_volume_attachment.data"]
    got = read(tf, "ibm_is_instance_volume_attachment.data")
    assert got["id"] == made["id"] == f"{made['instance']}/{made['volume_attachment_id']}"
    assert (got["volume_attachment_id"], got["device"], got["type"], got["status"]) == (
        made["volume_attachment_id"], made["device"], "data", "attached")
    assert got["delete_volume_on_instance_delete"] is True
    assert got["volume_reference"] == [{"volume_id": made["volume"], "volume_name": "deep-data",
                                        "volume_crn": made["volume_crn"], "volume_deleted": None,
                                        "volume_href": made["volume_href"]}]


def test_instance_volume_attachments_list_the_boot_and_data_attachments(tf):
    made = managed(tf)["ibm_is_instance_volume_attachment.data"]
    listed = read(tf, "ibm_is_instance_volume_attachments.vsi")["volume_attachments"]
    assert sorted(a["type"] for a in listed) == ["boot", "data"]
    data = next(a for a in listed if a["type"] == "data")
    assert (data["volume_attachment_id"], data["name"], data["volume_id"], data["volume_name"]) == (
        made["volume_attachment_id"], "deep-attachment", made["volume"], "deep-data")


def test_authorization_policies_list_the_accounts_policies_through_iam(tf):
    made = managed(tf)["ibm_iam_authorization_policy.share_to_kms"]
    got = read(tf, "ibm_iam_authorization_policies.account")
    account = got["account_id"]
    assert account  # the caller's account, from the IAM token
    assert [(p["id"], p["source_service_name"], p["source_resource_type"], p["target_service_name"], p["roles"],
             p["description"], p["source_service_account"]) for p in got["policies"]] == [
        (f"{account}/{made['id']}", "is", "share", "kms", ["Reader"], "file shares read their root keys", account)]


def test_resource_groups_list_by_name_and_the_default_one(tf):
    made = managed(tf)["ibm_resource_group.team"]
    named = read(tf, "ibm_resource_groups.team")["resource_groups"]
    assert [(g["id"], g["name"], g["is_default"], g["state"], g["crn"]) for g in named] == [
        (made["id"], "deep-team", False, "ACTIVE", made["crn"])]
    default = read(tf, "ibm_resource_groups.default")["resource_groups"]
    assert [(g["name"], g["is_default"]) for g in default] == [("Default", True)]


def test_resource_tag_reads_the_resources_tags_through_global_tagging(tf):
    crn = managed(tf)["ibm_is_instance.vsi"]["crn"]
    got = read(tf, "ibm_resource_tag.vsi")
    assert (got["id"], got["resource_id"], sorted(got["tags"])) == (crn, crn, ["env:test", "team:backup"])


def test_a_lookup_of_what_is_not_there_fails_with_what_was_asked(tf):
    """An attachment name or a mount target name the API does not hold fails the read (no echo)."""
    missing = '''
data "ibm_is_instance_volume_attachment" "missing" {
  instance = ibm_is_instance.vsi.id
  name     = "no-such-attachment"
}

data "ibm_is_share_mount_target" "missing" {
  share             = ibm_is_share.files.id
  mount_target_name = "no-such-target"
}
'''
    write_config(tf, CONFIG + missing)
    try:
        result = tf.run("plan", check=False)
    finally:
        write_config(tf, CONFIG)
    assert result.returncode == 1
    out = " ".join((result.stdout + result.stderr).split())
    instance = managed(tf)["ibm_is_instance.vsi"]["id"]
    assert f"No volume attachment found with instance '{instance}', name 'no-such-attachment'" in out
    assert "No share mount target found with mount_target_name 'no-such-target', share '" in out
