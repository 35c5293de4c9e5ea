"""Where ibm_is_instance places an instance, through the real Terraform against a mock on loopback:
an instance in a placement group (with a reservation affinity, a default trusted profile and
user data) and one on a dedicated host, both made in the same configuration. The provider sends
the placement target, the affinity, the trusted profile and the user data as the IBM provider's
create does; it reads back what the IBM read sets (the target into its argument, the affinity,
the trusted profile from the instance's initialization), so the plan after the apply is empty and
the SDK sees the placement."""

from __future__ import annotations

import os

import pytest

TF_CONFIG = '''
terraform {
  required_providers {
    ibm = { source = "IBM-Cloud/ibm" }
  }
}

provider "ibm" {}

resource "ibm_is_vpc" "vpc" {
  name = "placed-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name            = "placed-subnet"
  vpc             = ibm_is_vpc.vpc.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.0.0/24"
}

resource "ibm_is_placement_group" "spread" {
  name     = "spread"
  strategy = "host_spread"
}

resource "ibm_is_dedicated_host_group" "group" {
  name   = "group"
  class  = "bx2"
  family = "balanced"
  zone   = "us-south-1"
}

resource "ibm_is_dedicated_host" "host" {
  name       = "host"
  profile    = "bx2-host-152x608"
  host_group = ibm_is_dedicated_host_group.group.id
}

resource "ibm_iam_trusted_profile" "profile" {
  name = "placed-profile"
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_instance" "spread" {
  name                              = "in-group"
  image                             = data.ibm_is_image.ubuntu.id
  profile                           = "bx2-2x8"
  vpc                               = ibm_is_vpc.vpc.id
  zone                              = "us-south-1"
  placement_group                   = ibm_is_placement_group.spread.id
  default_trusted_profile_target    = ibm_iam_trusted_profile.profile.id
  default_trusted_profile_auto_link = false
  user_data                         = "#cloud-config\\n"
  reservation_affinity {
    policy = "disabled"
  }
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_instance" "hosted" {
  name           = "on-host"
  image          = data.ibm_is_image.ubuntu.id
  profile        = "bx2-2x8"
  vpc            = ibm_is_vpc.vpc.id
  zone           = "us-south-1"
  %(hosted_on)s
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}
'''

FIRST = {"hosted_on": "dedicated_host = ibm_is_dedicated_host.host.id"}
# The second apply moves the hosted instance to the host's group: the IBM update stops it,
# patches its placement target and starts it again.
MOVED = {"hosted_on": "dedicated_host_group = ibm_is_dedicated_host_group.group.id"}


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """The configuration applied and planned, then changed (MOVED), applied and planned again:
    the first resource values, each plan's exit code, what the SDK reads of the two instances
    (each with its initialization) after the first apply, and of the moved one at the end."""
    from conftest import sdk_client, start_server
    from vpcmock.pytest_plugin import Terraform
    from vpcmock_provider import template
    from vpcmock_provider.environment import exports

    server = start_server(scheduler=False)
    provider_template = template.start(server.url)
    work = tmp_path_factory.mktemp("instance-placement")
    env = {**os.environ, "HOME": str(work / ".home"), **exports(server.url, work / ".tf")}
    env.pop("TF_DATA_DIR", None)
    tf = Terraform(work, env, timeout=300)
    try:
        (work / "main.tf").write_text(TF_CONFIG % FIRST)
        tf.init()
        tf.apply()
        values, planned = tf.values(), [tf.plan().returncode]
        sdk = sdk_client(server.url)
        seen = {name: (sdk.get_instance(values[f"ibm_is_instance.{name}"]["id"]).get_result(),
                       sdk.get_instance_initialization(values[f"ibm_is_instance.{name}"]["id"]).get_result())
                for name in ("spread", "hosted")}
        (work / "main.tf").write_text(TF_CONFIG % MOVED)
        tf.apply()
        planned.append(tf.plan().returncode)
        seen["moved"] = (sdk.get_instance(values["ibm_is_instance.hosted"]["id"]).get_result(), tf.values())
        yield values, planned, seen
    finally:
        provider_template.close()
        server.close()


def test_the_plan_after_each_apply_is_empty(applied):
    assert applied[1] == [0, 0]


def test_the_sdk_sees_the_instance_in_the_placement_group(applied):
    values, _, seen = applied
    target = seen["spread"][0]["placement_target"]
    assert (target["id"], target["resource_type"]) == (values["ibm_is_placement_group.spread"]["id"],
                                                       "placement_group")


def test_the_sdk_sees_the_instance_on_the_dedicated_host(applied):
    values, _, seen = applied
    target = seen["hosted"][0]["placement_target"]
    assert (target["id"], target["resource_type"]) == (values["ibm_is_dedicated_host.host"]["id"], "dedicated_host")


def test_terraform_reads_the_placement_target_of_each_instance(applied):
    values = applied[0]
    assert [(values[f"ibm_is_instance.{name}"]["placement_target"][0]["id"],
             values[f"ibm_is_instance.{name}"]["placement_target"][0]["resource_type"])
            for name in ("spread", "hosted")] == [
        (values["ibm_is_placement_group.spread"]["id"], "placement_group"),
        (values["ibm_is_dedicated_host.host"]["id"], "dedicated_host")]


def test_a_changed_dedicated_host_group_moves_the_instance_and_starts_it_again(applied):
    values, _, seen = applied
    moved, after = seen["moved"]
    group_id = values["ibm_is_dedicated_host_group.group"]["id"]
    assert (moved["placement_target"]["id"], moved["placement_target"]["resource_type"], moved["status"],
            after["ibm_is_instance.hosted"]["id"], after["ibm_is_instance.hosted"]["placement_target"][0]["id"]) == (
        group_id, "dedicated_host_group", "running", values["ibm_is_instance.hosted"]["id"], group_id)


def test_the_reservation_affinity_asked_is_sent_and_read_back(applied):
    values, _, seen = applied
    assert (seen["spread"][0]["reservation_affinity"], values["ibm_is_instance.spread"]["reservation_affinity"]) == (
        {"policy": "disabled", "pool": []}, [{"policy": "disabled", "pool": []}])


def test_the_default_trusted_profile_is_sent_and_read_back_from_the_initialization(applied):
    values, _, seen = applied
    profile_id = values["ibm_iam_trusted_profile.profile"]["id"]
    trusted = seen["spread"][1]["default_trusted_profile"]
    spread = values["ibm_is_instance.spread"]
    assert (trusted["auto_link"], trusted["target"]["id"], spread["default_trusted_profile_auto_link"],
            spread["default_trusted_profile_target"]) == (False, profile_id, False, profile_id)


def test_user_data_stays_as_configured(applied):
    assert applied[0]["ibm_is_instance.spread"]["user_data"] == "#cloud-config\n"
