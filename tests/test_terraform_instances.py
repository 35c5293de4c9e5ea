"""An ibm_is_instance as IBM's acceptance tests use it, through the real Terraform: one apply of
an instance (with a data volume, a primary IP address, an availability policy, a metadata
service, a boot volume named and tagged), a snapshot of its first
volume attachment and the instance data sources; then a profile change with a boot volume grown
and renamed; then a stop action; then an ibm_is_instance_action that starts it again. Each step
plans clean after it; each test checks one thing the IBM provider's read sets or its update does."""

from __future__ import annotations

import os

import pytest
import requests

from conftest import start_server
from vpcmock.pytest_plugin import Terraform
from vpcmock_provider import template
from vpcmock_provider.environment import exports

CONFIG = '''
terraform {
  required_providers {
    ibm = { source = "IBM-Cloud/ibm" }
  }
}

provider "ibm" {}

resource "ibm_is_vpc" "vpc" {
  name = "tf-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name            = "tf-subnet"
  vpc             = ibm_is_vpc.vpc.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.0.0/24"
}

resource "ibm_is_ssh_key" "key" {
  name       = "tf-key"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s tf"
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_volume" "data" {
  name     = "tf-data"
  profile  = "general-purpose"
  zone     = "us-south-1"
  capacity = 20
}

resource "ibm_is_instance" "vsi" {
  name    = "tf-vsi"
  image   = data.ibm_is_image.ubuntu.id
  profile = "%(profile)s"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  volumes = [ibm_is_volume.data.id]
  %(action)s
  primary_network_interface {
    subnet               = ibm_is_subnet.subnet.id
    primary_ipv4_address = "10.240.0.10"
  }
  boot_volume {
    name = "%(boot_name)s"
    size = %(boot_size)s
    tags = ["env:test"]
  }
  availability_policy_host_failure = "stop"
  metadata_service {
    enabled  = true
    protocol = "https"
  }
}

resource "ibm_is_snapshot" "boot" {
  name          = "tf-boot-snapshot"
  source_volume = ibm_is_instance.vsi.volume_attachments[0].volume_id
}

data "ibm_is_instance" "vsi" {
  name = ibm_is_instance.vsi.name
}

data "ibm_is_instances" "in_vpc" {
  vpc_name = ibm_is_vpc.vpc.name
  depends_on = [ibm_is_instance.vsi]
}

resource "ibm_is_instance_template" "web" {
  name    = "tf-web-template"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_instance_group" "web" {
  name              = "tf-web-group"
  instance_template = ibm_is_instance_template.web.id
  subnets           = [ibm_is_subnet.subnet.id]
}

data "ibm_is_instances" "in_group" {
  instance_group = ibm_is_instance_group.web.id
  depends_on     = [ibm_is_instance.vsi]
}

data "ibm_is_instances" "elsewhere" {
  vpc_name   = "no-such-vpc"
  depends_on = [ibm_is_instance.vsi]
}
%(extra)s'''

START = '''
resource "ibm_is_instance_action" "start" {
  instance = ibm_is_instance.vsi.id
  action   = "start"
}
'''

FIRST = {"profile": "bx2-2x8", "action": "", "boot_name": "tf-boot", "boot_size": 100, "extra": ""}
RESIZED = {**FIRST, "profile": "bx2-4x16", "boot_name": "tf-boot-renamed", "boot_size": 150}
STOPPED = {**RESIZED, "action": 'action = "stop"'}
STARTED = {**STOPPED, "extra": START}


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    """Apply each configuration in turn, each followed by a plan; answers each step's resource
    values (by address) and the plan's exit code."""
    server = start_server(scheduler=False)
    # Frozen: the snapshot of the 100 GB boot volume would take a minute and a half of the mock's
    # clock to capture; the provider's wait ends as soon as it sees the clock stand still.
    requests.post(f"{server.url}/mock/clock", json={"frozen": True}).raise_for_status()
    provider_template = template.start(server.url)
    work = tmp_path_factory.mktemp("instances")
    env = {**os.environ, "HOME": str(work / ".home"), **exports(server.url, work / ".tf")}
    env.pop("TF_DATA_DIR", None)
    tf = Terraform(work, env, timeout=300)
    found = {}
    try:
        for name, values in (("first", FIRST), ("resized", RESIZED), ("stopped", STOPPED), ("started", STARTED)):
            (work / "main.tf").write_text(CONFIG % values)
            if name == "first":
                tf.init()
            tf.apply()
            found[name] = (tf.values(), tf.plan().returncode)
        yield found
    finally:
        provider_template.close()
        server.close()


def instance(steps, step: str = "first") -> dict:
    return steps[step][0]["ibm_is_instance.vsi"]


def test_each_step_plans_no_changes_after_it(steps):
    assert [steps[step][1] for step in ("first", "resized", "stopped", "started")] == [0, 0, 0, 0]


def test_volume_attachments_list_the_boot_volume_then_the_data_volume(steps):
    vsi = instance(steps)
    assert [(a["volume_id"], a["volume_name"]) for a in vsi["volume_attachments"]] == [
        (vsi["boot_volume"][0]["volume_id"], "tf-boot"), (steps["first"][0]["ibm_is_volume.data"]["id"], "tf-data")]


def test_a_snapshot_of_the_first_volume_attachment_is_of_the_boot_volume(steps):
    assert steps["first"][0]["ibm_is_snapshot.boot"]["source_volume"] == instance(steps)["boot_volume"][0]["volume_id"]


def test_vcpu_reads_the_architecture_count_and_manufacturer(steps):
    vcpu = instance(steps)["vcpu"][0]
    assert (vcpu["architecture"], vcpu["count"], vcpu["manufacturer"], vcpu["percentage"]) == ("amd64", 2, "intel", 100)


def test_the_deprecated_host_failure_sets_the_availability_policy(steps):
    vsi = instance(steps)
    assert (vsi["availability_policy_host_failure"], vsi["availability_policy"]) == (
        "stop", [{"host_failure": "stop", "preemption": "stop"}])


def test_the_availability_class_is_the_profiles_default(steps):
    assert instance(steps)["availability"] == [{"class": "standard"}]


def test_the_metadata_service_reads_back_as_configured(steps):
    vsi = instance(steps)
    assert (vsi["metadata_service_enabled"], vsi["metadata_service"]) == (
        True, [{"enabled": True, "protocol": "https", "response_hop_limit": 1}])


def test_the_boot_volume_reads_its_iops_bandwidth_and_tags(steps):
    boot = instance(steps)["boot_volume"][0]
    assert (boot["iops"], boot["bandwidth"], boot["tags"]) == (300, 76, ["env:test"])


def test_the_primary_interface_takes_the_address_configured(steps):
    nic = instance(steps)["primary_network_interface"][0]
    assert (nic["primary_ipv4_address"], nic["primary_ip"][0]["address"], nic["port_speed"]) == (
        "10.240.0.10", "10.240.0.10", 1000)


def test_numa_count_is_set_while_running(steps):
    assert instance(steps)["numa_count"] == 1


def test_the_instance_data_source_reads_keys_boot_volume_and_data_volumes(steps):
    data, vsi = steps["first"][0]["data.ibm_is_instance.vsi"], instance(steps)
    assert (data["keys"], data["boot_volume"][0]["volume_name"], data["volumes"], len(data["volume_attachments"])) == (
        [{"id": steps["first"][0]["ibm_is_ssh_key.key"]["id"], "name": "tf-key"}], "tf-boot",
        [steps["first"][0]["ibm_is_volume.data"]["id"]], 2)


def test_the_instances_data_source_filters_by_vpc_name(steps):
    values = steps["first"][0]
    assert ([i["name"] for i in values["data.ibm_is_instances.in_vpc"]["instances"]],
            values["data.ibm_is_instances.elsewhere"]["instances"]) == (["tf-vsi"], [])


def test_a_profile_change_resizes_the_instance_which_runs_again(steps):
    vsi = instance(steps, "resized")
    assert (vsi["profile"], vsi["vcpu"][0]["count"], vsi["memory"], vsi["status"]) == ("bx2-4x16", 4, 16, "running")


def test_the_boot_volume_grows_and_is_renamed(steps):
    boot = instance(steps, "resized")["boot_volume"][0]
    assert (boot["size"], boot["name"]) == (150, "tf-boot-renamed")


def test_the_stop_action_stops_the_instance(steps):
    assert instance(steps, "stopped")["status"] == "stopped"


def test_an_instance_action_resource_starts_the_stopped_instance(steps):
    assert steps["started"][0]["ibm_is_instance_action.start"]["status"] == "running"


def test_the_instances_data_source_filters_by_instance_group_membership(steps):
    """The group is a stored resource: it makes no members, so none of the region's instances is one."""
    assert steps["first"][0]["data.ibm_is_instances.in_group"]["instances"] == []
