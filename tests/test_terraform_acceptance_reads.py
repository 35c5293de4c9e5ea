"""What IBM's acceptance tests read back from the types emulated in depth, through the real
Terraform: a VPC's DNS (hub, manual servers, a resolver delegated to a bound hub and back), file
shares (replicas, accessors, restored from a snapshot, regional, mounted through interfaces),
IAM authorizations from a resource group or to a resource type, tags on a resource instance,
an SSH key's key and tags, a subnet's VPC name, a zone's data center, the volumes data source,
an attachment's volume renamed; and the errors those tests expect.

One mock for the module and as few Terraform runs as possible: the configuration is applied,
changed and applied again, planned clean, and destroyed; the errors take one plan and one apply."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import start_server
from vpcmock.pytest_plugin import Terraform
from vpcmock_provider import template
from vpcmock_provider.environment import exports

HEADER = 'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\n'
KEY = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCKVmnMOlHKcZK8tpt3MP1lqOLAcqcJzhsvJcjscgVERRN7/9484SOBJ3HSKxxNG5JN8ow"
       "Ajy5f9yYwcUg+JaUVuytn5Pv3aeYROHGGg+5G346xaq3DAwX6Y5ykr2fvjObgncQBnuU5KHWCECO/4h8uWuwh/kfniXPVjFToc+gnkqA+3"
       "RKpAecZhFXwfalQ9mMuYGFxn+fwn8cYEApsJbsEmb0iJwPiZ5hjFC8wREuiTlhPHDgkBLOiycd20op2nXzDbHfCHInquEe/gYxEitALONxm"
       "0swBOwJZwlTDOB7C6y2dzlrtxr1L59m7pCkWI4EtTRLvleehBoj3u7jB4usR")

CONFIG = '''
resource "ibm_is_vpc" "manual" {
  name = "dns-manual"
  dns {
    enable_hub = true
    resolver {
      manual_servers {
        address = "192.168.3.4"
      }
__SECOND_SERVER__
    }
  }
}

resource "ibm_is_vpc" "hub" {
  name                        = "dns-hub"
  default_network_acl_name    = "dnwacln"
  default_security_group_name = "dsgn"
  default_routing_table_name  = "drtn"
  dns {
    enable_hub = true
  }
}

resource "ibm_is_vpc" "spoke" {
  name = "dns-spoke"
  dns {
    enable_hub = false
    resolver {
__RESOLVER__
    }
  }
}

resource "ibm_is_subnet" "subnet" {
  name            = "app-subnet"
  vpc             = ibm_is_vpc.hub.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.0.0/24"
}

data "ibm_is_subnet" "subnet" {
  identifier = ibm_is_subnet.subnet.id
}

data "ibm_is_zone" "zone" {
  name   = "us-south-1"
  region = "us-south"
}

resource "ibm_is_ssh_key" "key" {
  name       = "admin-key"
  public_key = <<-EOT
    __KEY__  admin@laptop.local
  EOT
  tags       = ["test:1", "test:2", "test:3"]
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_instance" "vsi" {
  name    = "app-vsi"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.hub.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_instance_volume_attachment" "data" {
  instance    = ibm_is_instance.vsi.id
  name        = "data-attachment"
  profile     = "general-purpose"
  capacity    = 20
  volume_name = "__VOLUME_NAME__"
}

resource "ibm_is_volume" "sdp" {
  name     = "sdp-volume"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 20
}

data "ibm_is_volumes" "sdp" {
  depends_on  = [ibm_is_volume.sdp]
  volume_name = "sdp-volume"
}

resource "ibm_iam_authorization_policy" "from_group" {
  source_resource_group_id = "123-456-abc-def"
  target_service_name      = "cloud-object-storage"
  roles                    = ["Reader"]
}

resource "ibm_iam_authorization_policy" "to_type" {
  source_service_name  = "project"
  target_resource_type = "resource-group"
  roles                = ["Viewer"]
}

resource "ibm_resource_instance" "cos" {
  name     = "tagged-cos"
  service  = "cloud-object-storage"
  plan     = "lite"
  location = "global"
}

resource "ibm_resource_tag" "cos" {
  resource_id = ibm_resource_instance.cos.crn
  tags        = ["env:dev", "cpu:4"]
}

resource "ibm_is_share" "source" {
  name    = "source-share"
  profile = "dp2"
  size    = 200
  zone    = "us-south-1"
  tags    = ["sr01", "sr02"]
  mount_targets {
    name = "source-target"
    vpc  = ibm_is_vpc.manual.id
  }
}

resource "ibm_is_share" "replica" {
  name                  = "replica-share"
  profile               = "dp2"
  zone                  = "us-south-2"
  source_share          = ibm_is_share.source.id
  replication_cron_spec = "0 */5 * * *"
  tags                  = ["sr01", "sr02"]
}

resource "ibm_is_share" "inline" {
  name    = "inline-share"
  profile = "dp2"
  size    = 200
  zone    = "us-south-1"
  replica_share {
    name                  = "inline-replica"
    replication_cron_spec = "0 */5 * * *"
    profile               = "dp2"
    zone                  = "us-south-3"
  }
}

resource "ibm_is_share" "origin" {
  allowed_transit_encryption_modes = ["user_managed"]
  zone                             = "us-south-1"
  size                             = 220
  name                             = "origin-share"
  profile                          = "dp2"
}

resource "ibm_is_share" "accessor" {
  name = "accessor-share"
  origin_share {
    crn = ibm_is_share.origin.crn
  }
}

resource "ibm_is_share_snapshot" "snapshot" {
  share = ibm_is_share.origin.id
  name  = "origin-snapshot"
}

resource "ibm_is_share" "restored" {
  source_snapshot {
    id = ibm_is_share_snapshot.snapshot.share_snapshot
  }
  size    = 220
  name    = "restored-share"
  profile = "dp2"
}

resource "ibm_is_share" "regional" {
  allowed_transit_encryption_modes = ["stunnel"]
  allowed_access_protocols         = ["nfs4"]
  size                             = 1
  name                             = "regional-share"
  profile                          = "rfs"
  bandwidth                        = 800
}

resource "ibm_is_share" "mounted" {
  zone    = "us-south-1"
  size    = 220
  name    = "mounted-share"
  profile = "dp2"
  mount_targets {
    name               = "vni-target"
    transit_encryption = "ipsec"
    virtual_network_interface {
      name   = "share-vni"
      subnet = ibm_is_subnet.subnet.id
    }
  }
}

resource "ibm_is_share_mount_target" "standalone" {
  share              = ibm_is_share.origin.id
  name               = "standalone-target"
  transit_encryption = "user_managed"
  virtual_network_interface {
    name = "standalone-vni"
    primary_ip {
      name = "standalone-ip"
    }
    subnet = ibm_is_subnet.subnet.id
  }
}

data "ibm_is_share" "origin" {
  share = ibm_is_share.origin.id
}

data "ibm_is_shares" "all" {
  depends_on = [ibm_is_share.regional, ibm_is_share.mounted, ibm_is_share.restored]
}
'''

DELEGATED = '''      type             = "delegated"
      vpc_id           = ibm_is_vpc.hub.id
      dns_binding_name = "to-hub"'''
BACK_TO_SYSTEM = '''      type             = "system"
      vpc_id           = "null"
      dns_binding_name = "null"'''
SECOND_SERVER = '''      manual_servers {
        address = "192.168.0.4"
      }'''

ERRORS_AT_PLAN = '''
data "ibm_is_image" "missing" {
  identifier = "8843-5fr454ft-f6-4565-9555-5f889f5f3f7777"
}
data "ibm_is_snapshot" "missing" {
  identifier = "8843-5fr454ft-f6-4565-9555-5f889f5f3f7777"
}
data "ibm_is_share" "missing" {
  share = "8843-5fr454ft-f6-4565-9555-5f889f5f3f7777"
}
data "ibm_resource_group" "neither" {
  is_default = "false"
}
'''
ERRORS_AT_APPLY = '''
resource "ibm_is_vpc" "loopback" {
  name = "loopback-vpc"
}
resource "ibm_is_vpc_address_prefix" "loopback" {
  name = "loopback"
  zone = "us-south-1"
  vpc  = ibm_is_vpc.loopback.id
  cidr = "127.0.0.0/8"
}
resource "ibm_resource_tag" "nobody" {
  resource_id = "__UNKNOWN_CRN__"
  tags        = ["env:dev"]
}
'''.replace("__UNKNOWN_CRN__", "crn:v1:staging:public:cloud-object-storage:global:a/d99e99999dfe99ee999999f99bddd099:"
              "ab99d9be-9e9c-99dd-ad99-9bced9999999::")


def config(resolver: str, volume_name: str, second_server: str = "") -> str:
    return HEADER + CONFIG.replace("__RESOLVER__", resolver).replace("__VOLUME_NAME__", volume_name) \
        .replace("__SECOND_SERVER__", second_server).replace("__KEY__", KEY)


@pytest.fixture(scope="module")
def mock_server():
    server = start_server(scheduler=False)  # the clock runs: share snapshots are captured as Terraform waits
    provider_template = template.start(server.url)
    yield server
    provider_template.close()
    server.close()


def terraform_in(server, work: Path) -> Terraform:
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(work / ".home"), **exports(server.url, work / ".vpcmock-terraform")}
    env.pop("TF_DATA_DIR", None)
    return Terraform(work, env, timeout=300)


def values(tf: Terraform) -> dict[str, dict]:
    return {r["address"]: r["values"] for r in json.loads(tf.run("show", "-json").stdout)["values"]["root_module"]
            .get("resources", [])}


@pytest.fixture(scope="module")
def steps(mock_server, tmp_path_factory):
    """The configuration applied (`first`), then changed (the spoke's resolver back to system,
    a second manual server, the attached volume renamed) and applied again (`second`); `clean`
    whether a plan after it has nothing to do. Destroyed at the end."""
    tf = terraform_in(mock_server, tmp_path_factory.mktemp("acceptance"))
    (tf.workdir / "main.tf").write_text(config(DELEGATED, "data-volume"))
    tf.run("init")
    tf.run("apply", "-auto-approve")
    first = values(tf)
    (tf.workdir / "main.tf").write_text(config(BACK_TO_SYSTEM, "data-volume-renamed", SECOND_SERVER))
    tf.run("apply", "-auto-approve")
    second = values(tf)
    clean = tf.run("plan", "-detailed-exitcode", check=False).returncode
    yield {"first": first, "second": second, "clean": clean}
    tf.run("destroy", "-auto-approve")


@pytest.fixture(scope="module")
def errors(mock_server, tmp_path_factory):
    """(plan output, apply output) of the configurations IBM's tests expect to fail."""
    planned = terraform_in(mock_server, tmp_path_factory.mktemp("plan-errors"))
    (planned.workdir / "main.tf").write_text(HEADER + ERRORS_AT_PLAN)
    planned.run("init")
    plan = planned.run("plan", check=False)
    applied = terraform_in(mock_server, tmp_path_factory.mktemp("apply-errors"))
    (applied.workdir / "main.tf").write_text(HEADER + ERRORS_AT_APPLY)
    applied.run("init")
    apply = applied.run("apply", "-auto-approve", check=False)
    applied.run("destroy", "-auto-approve")
    return plan.stdout + plan.stderr, apply.stdout + apply.stderr


def resolver(state: dict) -> dict:
    return state["dns"][0]["resolver"][0]


# -- VPC DNS -------------------------------------------------------------------------------------

def test_a_hub_with_manual_servers_reads_back_enable_hub_and_its_servers(steps):
    manual = steps["first"]["ibm_is_vpc.manual"]
    assert (manual["dns"][0]["enable_hub"], resolver(manual)["type"],
            [s["address"] for s in resolver(manual)["servers"]]) == (True, "manual", ["192.168.3.4"])


def test_a_second_manual_server_is_added_in_place(steps):
    assert sorted(s["address"] for s in resolver(steps["second"]["ibm_is_vpc.manual"])["manual_servers"]) == [
        "192.168.0.4", "192.168.3.4"]


def test_a_delegated_resolver_reads_back_its_vpc_and_binding(steps):
    spoke, hub = steps["first"]["ibm_is_vpc.spoke"], steps["first"]["ibm_is_vpc.hub"]
    found = resolver(spoke)
    assert (found["type"], found["vpc_id"], found["vpc_name"], found["dns_binding_name"],
            spoke["dns"][0]["resolution_binding_count"]) == ("delegated", hub["id"], "dns-hub", "to-hub", 1)


def test_back_to_the_system_resolver_the_vpc_and_binding_are_gone(steps):
    spoke = steps["second"]["ibm_is_vpc.spoke"]
    found = resolver(spoke)
    assert (found["type"], found["vpc_id"], found["dns_binding_name"],
            spoke["dns"][0]["resolution_binding_count"]) == ("system", None, None, 0)


def test_the_dns_changes_plan_clean_afterwards(steps):
    assert steps["clean"] == 0


def test_a_vpcs_default_acl_security_group_and_routing_table_take_the_names_configured(steps):
    hub = steps["first"]["ibm_is_vpc.hub"]
    assert (hub["default_network_acl_name"], hub["default_security_group_name"], hub["default_routing_table_name"]) == (
        "dnwacln", "dsgn", "drtn")


# -- file shares ---------------------------------------------------------------------------------

def test_a_share_made_from_a_source_share_is_a_replica_and_its_source_a_source(steps):
    assert (steps["first"]["ibm_is_share.replica"]["replication_role"],
            steps["second"]["ibm_is_share.source"]["replication_role"]) == ("replica", "source")


def test_an_inline_replica_reads_back_its_role(steps):
    inline = steps["first"]["ibm_is_share.inline"]
    assert (inline["replication_role"], inline["replica_share"][0]["replication_role"],
            inline["replica_share"][0]["zone"]) == ("source", "replica", "us-south-3")


def test_an_accessor_share_reads_back_its_origin(steps):
    accessor, origin = steps["first"]["ibm_is_share.accessor"], steps["second"]["ibm_is_share.origin"]
    assert (accessor["origin_share"][0]["crn"], accessor["origin_share"][0]["resource_type"],
            origin["accessor_binding_role"], len(origin["accessor_bindings"])) == (origin["crn"], "share", "origin", 1)


def test_user_managed_transit_encryption_reads_back_as_configured(steps):
    assert (steps["first"]["ibm_is_share.origin"]["allowed_transit_encryption_modes"],
            steps["first"]["ibm_is_share_mount_target.standalone"]["transit_encryption"]) == (
        ["user_managed"], "user_managed")


def test_a_share_restored_from_a_snapshot_is_in_the_snapshots_zone(steps):
    restored = steps["first"]["ibm_is_share.restored"]
    assert (restored["zone"], restored["source_snapshot"][0]["name"]) == ("us-south-1", "origin-snapshot")


def test_a_regional_share_of_1_gb_reads_back_its_bandwidth(steps):
    regional = steps["first"]["ibm_is_share.regional"]
    assert (regional["size"], regional["bandwidth"], regional["allowed_access_protocols"]) == (1, 800, ["nfs4"])


def test_a_mount_targets_interface_reads_back_its_subnet(steps):
    subnet = steps["first"]["ibm_is_subnet.subnet"]["id"]
    inline = steps["first"]["ibm_is_share.mounted"]["mount_targets"][0]["virtual_network_interface"][0]
    standalone = steps["first"]["ibm_is_share_mount_target.standalone"]["virtual_network_interface"][0]
    assert (inline["name"], inline["subnet"], standalone["subnet"], standalone["primary_ip"][0]["name"]) == (
        "share-vni", subnet, subnet, "standalone-ip")


def test_the_share_data_sources_read_created_at_href_and_total_count(steps):
    share, shares = steps["first"]["data.ibm_is_share.origin"], steps["first"]["data.ibm_is_shares.all"]
    assert (share["created_at"].endswith(".000Z"), share["href"].endswith(share["id"]), share["name"]) == (
        True, True, "origin-share")
    assert shares["total_count"] == len(shares["shares"]) == 9  # the inline replica among them


# -- IAM authorizations and tags -----------------------------------------------------------------

def test_an_authorization_from_a_resource_group_names_no_source_service(steps):
    policy = steps["first"]["ibm_iam_authorization_policy.from_group"]
    assert (policy["source_service_name"], policy["source_resource_group_id"], policy["target_service_name"]) == (
        None, "123-456-abc-def", "cloud-object-storage")


def test_an_authorization_to_a_resource_type_names_no_target_service(steps):
    policy = steps["first"]["ibm_iam_authorization_policy.to_type"]
    assert (policy["target_service_name"], policy["target_resource_type"], policy["source_service_name"]) == (
        None, "resource-group", "project")


def test_a_resource_instance_is_tagged_by_its_crn(steps):
    assert sorted(steps["first"]["ibm_resource_tag.cos"]["tags"]) == ["cpu:4", "env:dev"]


# -- smaller reads -------------------------------------------------------------------------------

def test_an_ssh_key_reads_back_its_key_without_the_comment_and_its_tags(steps):
    key = steps["first"]["ibm_is_ssh_key.key"]
    assert (key["public_key"], sorted(key["tags"])) == (KEY, ["test:1", "test:2", "test:3"])


def test_the_subnet_data_source_names_the_subnets_vpc(steps):
    assert steps["first"]["data.ibm_is_subnet.subnet"]["vpc_name"] == "dns-hub"


def test_a_zone_reads_back_its_data_center(steps):
    zone = steps["first"]["data.ibm_is_zone.zone"]
    assert (zone["data_center"], zone["universal_name"]) == ("DAL10", "us-south-dal10-a")


def test_the_volumes_data_source_reads_each_volumes_profile_and_adjustable_states(steps):
    (volume,) = steps["first"]["data.ibm_is_volumes.sdp"]["volumes"]
    assert (volume["profile"][0]["name"], volume["adjustable_iops_states"], volume["adjustable_capacity_states"]) == (
        "sdp", ["attached", "unattached"], ["attached", "unattached"])


def test_renaming_an_attachments_volume_renames_the_volume(steps):
    assert (steps["first"]["ibm_is_instance_volume_attachment.data"]["volume_name"],
            steps["second"]["ibm_is_instance_volume_attachment.data"]["volume_name"]) == (
        "data-volume", "data-volume-renamed")


# -- the errors IBM's tests expect ---------------------------------------------------------------

@pytest.mark.parametrize("expected", [
    "GetImageWithContext failed: Error fetching image with id 8843-5fr454ft-f6-4565-9555-5f889f5f3f7777",
    "GetSnapshotWithContext failed: Error fetching snapshot with id 8843-5fr454ft-f6-4565-9555-5f889f5f3f7777",
    "GetShareWithContext failed: ",
    "Missing required properties. Need a resource group name, resource group ID, or the is_default true"])
def test_a_data_source_miss_reads_as_ibms_provider_reports_it(errors, expected):
    assert expected in errors[0]


@pytest.mark.parametrize("expected", [
    "the request is overlapping with reserved address ranges",
    '"is_error": true,\n        "message": "resource not found"'])
def test_a_reserved_address_prefix_and_a_tag_on_an_unknown_crn_fail_as_ibms(errors, expected):
    assert expected in errors[1]
