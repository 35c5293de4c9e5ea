"""IBM types without in-depth emulation, applied with the real Terraform as IBM's docs write them:
a VPC with its network, a load balancer, private DNS and the IAM authorization Backup for VPC
needs. They apply, plan clean, import by IBM's import ids to a clean plan, and destroy."""

from __future__ import annotations

import ipaddress

import pytest
import requests

from test_terraform import blank, mock_server, terraform  # noqa: F401  (fixtures)
from test_terraform import blank_url, stored, write_config

ENVIRONMENT = '''
provider "ibm" {}

resource "ibm_resource_group" "rg" {
  name = "backup-rg"
}

resource "ibm_is_vpc" "vpc" {
  name                      = "dr-vpc"
  resource_group            = ibm_resource_group.rg.id
  address_prefix_management = "manual"
  timeouts {
    create = "30m"
  }
}

resource "ibm_is_vpc_address_prefix" "prefix" {
  name = "prefix-1"
  zone = "us-south-1"
  vpc  = ibm_is_vpc.vpc.id
  cidr = "10.240.0.0/18"
}

resource "ibm_is_subnet" "subnet" {
  depends_on      = [ibm_is_vpc_address_prefix.prefix]
  name            = "dr-subnet"
  vpc             = ibm_is_vpc.vpc.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.0.0/24"
}

resource "ibm_is_subnet_reserved_ip" "gateway" {
  subnet = ibm_is_subnet.subnet.id
  name   = "gateway-ip"
}

resource "ibm_is_security_group" "sg" {
  name = "app-sg"
  vpc  = ibm_is_vpc.vpc.id
}

resource "ibm_is_security_group_rule" "ssh" {
  group     = ibm_is_security_group.sg.id
  direction = "inbound"
  remote    = "0.0.0.0/0"
  tcp {
    port_min = 22
    port_max = 22
  }
}

resource "ibm_is_public_gateway" "gw" {
  name = "gw"
  vpc  = ibm_is_vpc.vpc.id
  zone = "us-south-1"
}

resource "ibm_is_lb" "lb" {
  name    = "app-lb"
  subnets = [ibm_is_subnet.subnet.id]
}

resource "ibm_is_lb_pool" "pool" {
  name           = "pool"
  lb             = ibm_is_lb.lb.id
  algorithm      = "round_robin"
  protocol       = "http"
  health_delay   = 60
  health_retries = 5
  health_timeout = 30
  health_type    = "http"
}

resource "ibm_is_lb_listener" "http" {
  lb           = ibm_is_lb.lb.id
  port         = 80
  protocol     = "http"
  default_pool = ibm_is_lb_pool.pool.id
}

resource "ibm_resource_instance" "dns" {
  name              = "dns-svc"
  resource_group_id = ibm_resource_group.rg.id
  location          = "global"
  service           = "dns-svcs"
  plan              = "standard-dns"
}

resource "ibm_dns_zone" "zone" {
  name        = "example.com"
  instance_id = ibm_resource_instance.dns.guid
  description = "private zone"
  label       = "internal"
}

resource "ibm_dns_permitted_network" "vpc" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.zone.zone_id
  vpc_crn     = ibm_is_vpc.vpc.crn
  type        = "vpc"
}

resource "ibm_dns_resource_record" "www" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.zone.zone_id
  type        = "A"
  name        = "www"
  rdata       = "10.240.0.10"
  ttl         = 3600
}

resource "ibm_iam_authorization_policy" "backup_volumes" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "volume"
  roles                = ["Operator"]
}

data "ibm_is_vpc" "found" {
  name = ibm_is_vpc.vpc.name
}

data "ibm_resource_group" "default" {
  name = "Default"
}

output "vpc_crn" {
  value = ibm_is_vpc.vpc.crn
}

output "found_vpc" {
  value = data.ibm_is_vpc.found.id
}

output "rule_id" {
  value = ibm_is_security_group_rule.ssh.id
}

output "record_id" {
  value = ibm_dns_resource_record.www.id
}

output "reserved_address" {
  value = ibm_is_subnet_reserved_ip.gateway.address
}

output "default_group" {
  value = data.ibm_resource_group.default.id
}
'''


def stored_count(tf) -> int:
    return requests.get(f"{blank_url(tf)}/mock/state").json()["counts"].get("stored_resources", 0)


@pytest.fixture
def applied(blank):  # noqa: F811
    write_config(blank, ENVIRONMENT)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    return blank


def test_a_whole_environment_applies_and_plans_clean(applied):
    values = applied.outputs()
    assert values["vpc_crn"].startswith("crn:v1:bluemix:public:is:us-south:a/")
    assert values["found_vpc"] == values["vpc_crn"].rsplit(":", 1)[1]
    group_id, rule = values["rule_id"].split(".")
    assert rule.startswith("r006-") and group_id.startswith("r006-")
    assert len(values["record_id"].split("/")) == 3
    assert len(values["default_group"]) == 32
    # A free address of the subnet past the 4 the subnet reserves (the load balancer, made in the
    # same apply through the API, takes addresses of the subnet too).
    address = ipaddress.ip_address(values["reserved_address"])
    assert address in ipaddress.ip_network("10.240.0.0/24") and int(address) & 0xFF >= 4
    assert applied.run("plan", "-detailed-exitcode").returncode == 0


def test_every_resource_imports_by_its_ibm_id_to_a_clean_plan_and_destroys(applied):
    ids = {r["address"]: r["values"]["id"] for r in applied.resources() if r["mode"] == "managed"}
    assert len(ids) == 16
    applied.reimport(ids)
    assert applied.run("plan", "-detailed-exitcode").returncode == 0
    applied.run("destroy", "-auto-approve")
    assert stored_count(applied) == 0


EMULATED_WITH_EVERYTHING = '''
provider "ibm" {}

resource "ibm_is_volume" "v" {
  name                 = "vol"
  profile              = "sdp"
  zone                 = "us-south-1"
  capacity             = 20
  bandwidth            = 1000
  tags                 = ["backup:daily"]
  access_tags          = ["project:backup"]
  delete_all_snapshots = true
  # no allowed_use: the API takes it only for a volume made from a bootable snapshot
  timeouts {
    create = "20m"
    delete = "20m"
  }
}

resource "ibm_is_share" "files" {
  name                             = "files"
  profile                          = "rfs"
  size                             = 100
  bandwidth                        = 200
  allowed_transit_encryption_modes = ["none", "stunnel"]
  allowed_access_protocols         = ["nfs4"]
  access_tags                      = ["project:backup"]
}

resource "ibm_is_backup_policy" "p" {
  name                = "everything"
  match_resource_type = "volume"
  match_user_tags     = ["backup:daily"]
}

resource "ibm_is_backup_policy_plan" "pl" {
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "nightly"
  cron_spec        = "30 2 * * *"
  active           = true
  attach_user_tags = ["made-by:plan"]
  copy_user_tags   = false
  deletion_trigger {
    delete_after      = 14
    delete_over_count = "5"
  }
  clone_policy {
    max_snapshots = 2
    zones         = ["us-south-1", "us-south-2"]
  }
  remote_region_policy {
    region            = "us-east"
    delete_over_count = 3
  }
}
'''


def test_the_emulated_types_keep_every_ibm_attribute_set_and_plan_clean_after_import(blank):  # noqa: F811
    write_config(blank, EMULATED_WITH_EVERYTHING)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    shown = blank.resources()
    volume = next(r["values"] for r in shown if r["address"] == "ibm_is_volume.v")
    assert (volume["bandwidth"], volume["access_tags"], volume["timeouts"]) == (
        1000, ["project:backup"], {"create": "20m", "delete": "20m"})
    blank.reimport({r["address"]: r["values"]["id"] for r in shown})
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")
    assert stored_count(blank) == 0


ATTACHMENT_CHANGES = '''
provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "net" {
  name = "attach-vpc"
}

resource "ibm_is_subnet" "net" {
  name                     = "attach-subnet"
  vpc                      = ibm_is_vpc.net.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 16
}

resource "ibm_is_instance" "vsi" {
  name    = "vsi"
  profile = "bx2-2x8"
  zone    = "us-south-1"
  vpc     = ibm_is_vpc.net.id
  image   = data.ibm_is_image.ubuntu.id
  primary_network_interface {
    subnet = ibm_is_subnet.net.id
  }
}

resource "ibm_is_volume" "v" {
  name     = "data"
  profile  = var.profile
  zone     = "us-south-1"
  capacity = 20
}

resource "ibm_is_instance_volume_attachment" "existing" {
  instance                         = ibm_is_instance.vsi.id
  volume                           = ibm_is_volume.v.id
  name                             = var.attachment_name
  delete_volume_on_instance_delete = false
}

resource "ibm_is_instance_volume_attachment" "inline" {
  instance    = ibm_is_instance.vsi.id
  name        = "inline"
  volume_name = "inline-data"
  capacity    = var.inline_capacity
  profile     = "general-purpose"
}

variable "profile" {
  default = "general-purpose"
}

variable "attachment_name" {
  default = "data-attachment"
}

variable "inline_capacity" {
  default = 30
}
'''


def test_attachment_and_volume_changes_apply_in_place_and_plan_clean(blank):  # noqa: F811
    write_config(blank, ATTACHMENT_CHANGES)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("apply", "-auto-approve", "-var", "profile=10iops-tier", "-var", "attachment_name=renamed",
              "-var", "inline_capacity=40")
    assert blank.run("plan", "-detailed-exitcode", "-var", "profile=10iops-tier", "-var", "attachment_name=renamed",
                     "-var", "inline_capacity=40").returncode == 0
    shown = blank.values()
    assert (shown["ibm_is_volume.v"]["profile"], shown["ibm_is_volume.v"]["iops"]) == ("10iops-tier", 200)
    assert shown["ibm_is_instance_volume_attachment.existing"]["name"] == "renamed"
    assert shown["ibm_is_instance_volume_attachment.inline"]["capacity"] == 40
    blank.run("destroy", "-auto-approve")


SNAPSHOT_GROUPS = '''
provider "ibm" {}

resource "ibm_is_volume" "a" {
  name     = "vol-a"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}

resource "ibm_is_volume" "b" {
  name     = "vol-b"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}

resource "ibm_is_snapshot_consistency_group" "both" {
  name                       = var.group_name
  delete_snapshots_on_delete = true
  snapshots {
    name          = "snap-a"
    source_volume = ibm_is_volume.a.id
  }
  snapshots {
    name          = "snap-b"
    source_volume = ibm_is_volume.b.id
  }
}

resource "ibm_is_share" "files" {
  name    = "files"
  profile = "dp2"
  zone    = "us-south-1"
  size    = 100
}

resource "ibm_is_share_snapshot" "before" {
  share = ibm_is_share.files.id
  name  = "before-upgrade"
  tags  = ["keep"]
}

resource "ibm_is_vpc" "files" {
  name = "files-vpc"
}

resource "ibm_is_subnet" "files" {
  name                     = "files-subnet"
  vpc                      = ibm_is_vpc.files.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 16
}

resource "ibm_is_share_mount_target" "app" {
  share = ibm_is_share.files.id
  name  = "app"
  virtual_network_interface {
    name   = "app-vni"
    subnet = ibm_is_subnet.files.id
  }
}

data "ibm_is_share_snapshots" "all" {
  share      = ibm_is_share.files.id
  depends_on = [ibm_is_share_snapshot.before]
}

output "share_snapshot_names" {
  value = data.ibm_is_share_snapshots.all.snapshots[*].name
}

output "mount_path" {
  value = ibm_is_share_mount_target.app.mount_path
}

variable "group_name" {
  default = "both"
}
'''


def test_consistency_groups_share_snapshots_and_mount_targets_apply_rename_import_and_destroy(blank):  # noqa: F811
    write_config(blank, SNAPSHOT_GROUPS)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("apply", "-auto-approve", "-var", "group_name=renamed")
    shown = blank.values()
    group = shown["ibm_is_snapshot_consistency_group.both"]
    assert (group["name"], len(group["snapshot_reference"])) == ("renamed", 2)
    assert shown["ibm_is_share_snapshot.before"]["id"].startswith(shown["ibm_is_share.files"]["id"] + "/")
    outputs = blank.outputs()
    assert outputs["share_snapshot_names"] == ["before-upgrade"]
    assert outputs["mount_path"] == "10.240.0.4:/" + shown["ibm_is_share.files"]["id"]
    blank.reimport({address: shown[address]["id"] for address in (
        "ibm_is_snapshot_consistency_group.both", "ibm_is_share_snapshot.before", "ibm_is_share_mount_target.app")})
    assert blank.run("plan", "-detailed-exitcode", "-var", "group_name=renamed").returncode == 0
    # The mock's clock is frozen in these tests: let the snapshots finish capturing first.
    requests.post(f"{blank_url(blank)}/mock/clock", json={"advance_seconds": 600}).raise_for_status()
    blank.run("destroy", "-auto-approve", "-var", "group_name=renamed")
    assert stored_count(blank) == 0


def snapshots_by_region(url: str) -> dict[str, list[dict]]:
    held = requests.get(f"{url}/mock/state").json()["tables"].get("snapshots", [])
    found: dict[str, list[dict]] = {}
    for snapshot in held:
        found.setdefault(snapshot["crn"].split(":")[5], []).append(snapshot)
    return found


def test_a_web_tier_with_encrypted_volumes_backs_up_and_copies_with_each_regions_key(terraform):  # noqa: F811
    """examples/web-tier-dr: security groups, a load balancer before two instances, DNS records,
    Key Protect keys in two regions, and a nightly plan copying to us-east. A day later each
    volume has a backup encrypted with its key, and a copy in us-east under the DR key."""
    tf = terraform("web-tier-dr")
    tf.run("init")
    tf.run("apply", "-auto-approve")
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    shown = tf.values()
    key, key_dr = shown["ibm_kms_key.volumes"]["crn"], shown["ibm_kms_key.volumes_dr"]["crn"]
    assert shown["ibm_is_volume.data[0]"]["encryption_key"] == key
    assert shown["ibm_dns_resource_record.lb"]["rdata"] == shown["ibm_is_lb.web"]["hostname"]
    assert shown["ibm_is_lb.web"]["hostname"].endswith("-us-south.lb.appdomain.cloud")
    members = sorted(shown[f"ibm_is_lb_pool_member.web[{i}]"]["target_address"] for i in (0, 1))
    assert members == sorted(shown[f"ibm_dns_resource_record.web[{i}]"]["rdata"] for i in (0, 1))

    requests.post(f"{terraform.mock.url}/mock/clock", json={"advance_seconds": 86400}).raise_for_status()
    backups = snapshots_by_region(terraform.mock.url)
    assert sorted((s["source_volume"]["name"], s["encryption_key"]["crn"]) for s in backups["us-south"]) == \
        [("web-data-0", key), ("web-data-1", key)]
    assert [s["encryption_key"]["crn"] for s in backups["us-east"]] == [key_dr, key_dr]
    assert all(s["user_tags"] == ["web-nightly", "backup:web"] for s in backups["us-south"])

    tf.run("destroy", "-auto-approve")
    # The volumes took their backups with them (delete_all_snapshots); the copies in us-east
    # stay, as they do on IBM Cloud, and so do the two keys Key Protect holds destroyed (state 5)
    # until they are purged and the reclamations of the deleted resource instances (7 days,
    # engine/platform/reclamations.py); nothing else does.
    assert stored(terraform.mock) == {"snapshots": 2, "kp_keys": 2, "reclamations": 3}
    assert list(snapshots_by_region(terraform.mock.url)) == ["us-east"]


KEY_PROTECT_BUCKET_AND_VOLUME = '''
provider "ibm" {}

resource "ibm_resource_instance" "kms" {
  name     = "backup-keys"
  service  = "kms"
  plan     = "tiered-pricing"
  location = "us-south"
}

resource "ibm_kp_key" "root" {
  key_protect_id = ibm_resource_instance.kms.guid
  key_name       = "backup-root"
  standard_key   = false
  force_delete   = true
}

resource "ibm_resource_instance" "cos" {
  name     = "backup-archive"
  service  = "cloud-object-storage"
  plan     = "standard"
  location = "global"
}

resource "ibm_iam_authorization_policy" "cos_reads_keys" {
  source_service_name = "cloud-object-storage"
  target_service_name = "kms"
  roles               = ["Reader"]
}

resource "ibm_cos_bucket" "archive" {
  depends_on           = [ibm_iam_authorization_policy.cos_reads_keys]
  bucket_name          = "backup-archive-us-south"
  resource_instance_id = ibm_resource_instance.cos.id
  region_location      = "us-south"
  storage_class        = "smart"
  key_protect          = ibm_kp_key.root.id
}

resource "ibm_is_volume" "data" {
  name           = "encrypted-data"
  profile        = "general-purpose"
  zone           = "us-south-1"
  encryption_key = ibm_kp_key.root.crn
}

output "bucket_crn" {
  value = ibm_cos_bucket.archive.crn
}
'''


def test_a_key_protect_root_key_encrypts_a_cos_bucket_and_a_volume_and_plans_clean(blank):  # noqa: F811
    write_config(blank, KEY_PROTECT_BUCKET_AND_VOLUME)
    blank.run("init")
    assert blank.run("validate").returncode == 0
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    shown = {r["address"]: r["values"] for r in blank.resources()}
    assert shown["ibm_is_volume.data"]["encryption_key"] == shown["ibm_kp_key.root"]["crn"]
    assert shown["ibm_cos_bucket.archive"]["key_protect"] == shown["ibm_kp_key.root"]["id"]
    blank.run("destroy", "-auto-approve")
    assert stored_count(blank) == 0
