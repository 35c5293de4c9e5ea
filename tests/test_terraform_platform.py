"""Resource groups and IAM authorizations through Terraform, as IBM's docs write them, and what
the authorizations decide: the health of the backup policies."""

from __future__ import annotations

from datetime import datetime, timedelta

import requests

from conftest import Http
from test_terraform import blank, blank_url, mock_server, terraform, write_config  # noqa: F401  (fixtures)

AUTHORIZED = '''
provider "ibm" {}

resource "ibm_resource_group" "backups" {
  name = "backups"
}

data "ibm_resource_group" "default" {
  is_default = true
}

resource "ibm_is_volume" "data" {
  name           = "data"
  profile        = "sdp"
  zone           = "us-south-1"
  capacity       = 10
  resource_group = ibm_resource_group.backups.id
  tags           = ["backup:daily"]
}

resource "ibm_iam_authorization_policy" "volumes" {
  count                = var.authorized ? 1 : 0
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "volume"
  roles                = ["Operator"]
}

resource "ibm_iam_authorization_policy" "snapshots" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "snapshot"
  roles                = ["Operator"]
}

resource "ibm_is_backup_policy" "daily" {
  name                = "daily"
  match_resource_type = "volume"
  match_user_tags     = ["backup:daily"]
  resource_group      = ibm_resource_group.backups.id
}

resource "ibm_is_backup_policy_plan" "hourly" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  name             = "hourly"
  cron_spec        = "0 * * * *"
  active           = true
}

variable "authorized" {
  type    = bool
  default = true
}

output "policy_id" {
  value = ibm_is_backup_policy.daily.id
}

output "default_group" {
  value = data.ibm_resource_group.default.name
}
'''


def health_after_an_hour(tf) -> str:
    url = blank_url(tf)
    requests.post(f"{url}/mock/clock", json={"advance_seconds": 3600}).raise_for_status()
    policy_id = tf.outputs()["policy_id"]
    return Http(url).call("GET", f"/backup_policies/{policy_id}").json()["health_state"]


def test_authorizations_decide_health_and_destroying_one_degrades_until_reapplied(blank):  # noqa: F811
    write_config(blank, AUTHORIZED)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.outputs()["default_group"] == "Default"
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    assert health_after_an_hour(blank) == "ok"
    blank.run("apply", "-auto-approve", "-var", "authorized=false")
    assert health_after_an_hour(blank) == "degraded"
    blank.run("apply", "-auto-approve")
    assert health_after_an_hour(blank) == "ok"


def test_a_resource_group_and_an_authorization_import_to_a_clean_plan(blank):  # noqa: F811
    write_config(blank, AUTHORIZED)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    blank.reimport({r["address"]: r["values"]["id"] for r in blank.resources()
                    if r["mode"] == "managed" and r["type"] in ("ibm_resource_group", "ibm_iam_authorization_policy")})
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")
    groups = Http(blank_url(blank)).session.get(f"{blank_url(blank)}/v2/resource_groups").json()["resources"]
    assert [g["name"] for g in groups] == ["Default"]


def test_the_vpc_instance_backup_example_backs_up_the_instance_nightly(terraform):  # noqa: F811
    tf = terraform("vpc-instance-backup")
    tf.run("init")
    tf.run("apply", "-auto-approve")
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    url = blank_url(tf)
    # To an hour after the plan's next fire at 01:30 (the clock is wherever earlier tests left it).
    now = datetime.fromisoformat(requests.get(f"{url}/mock/clock").json()["now"].replace("Z", "+00:00"))
    fire = now.replace(hour=1, minute=30, second=0, microsecond=0)
    fire += timedelta(days=1) if fire <= now else timedelta()
    requests.post(f"{url}/mock/clock", json={"to": (fire + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                  ).raise_for_status()
    policy_id = tf.outputs()["policy_id"]
    api = Http(url)
    jobs = api.call("GET", f"/backup_policies/{policy_id}/jobs").json()["jobs"]
    assert [(j["job_type"], j["status"]) for j in jobs] == [("creation", "succeeded")]
    assert len(jobs[0]["target_snapshots"]) == 3  # the boot volume and both data volumes
    assert api.call("GET", f"/backup_policies/{policy_id}").json()["health_state"] == "ok"
    tf.run("destroy", "-auto-approve")
    counts = requests.get(f"{url}/mock/state").json()["counts"]
    assert {table: n for table, n in counts.items() if table not in ("activity_events", "snapshots",
                                                                    "snapshot_consistency_groups")} == {}


# IBM's own acceptance configuration for backup policy plans
# (ibm/service/vpc/resource_ibm_is_backup_policy_plan_test.go with the policy configuration of
# resource_ibm_is_backup_policy_test.go), as the acceptance harness fills its parameters in.
IBM_ACCEPTANCE = '''
provider "ibm" {}

resource "ibm_is_vpc" "testacc_vpc" {
  name = "tf-vpc-42"
}

resource "ibm_is_subnet" "testacc_subnet" {
  name            = "tf-subnet-42"
  vpc             = ibm_is_vpc.testacc_vpc.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.0.0/24"
}

resource "ibm_is_ssh_key" "testacc_sshkey" {
  name       = "tf-ssh-42"
  public_key = file("id_rsa.pub")
}

resource "ibm_is_volume" "storage" {
  name    = "tf-vol-42"
  profile = "10iops-tier"
  zone    = "us-south-1"
  # capacity= 200
  tags = ["tag-0"]
}

resource "ibm_is_instance" "testacc_instance" {
  name    = "tf-instnace-42"
  image   = "%(image)s"
  profile = "bx2-2x8"
  primary_network_interface {
    subnet = ibm_is_subnet.testacc_subnet.id
  }
  vpc     = ibm_is_vpc.testacc_vpc.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.testacc_sshkey.id]
  volumes = [ibm_is_volume.storage.id]
}

resource "ibm_is_backup_policy" "is_backup_policy" {
  depends_on      = [ibm_is_instance.testacc_instance]
  match_user_tags = ["tag-0"]
  name            = "tfbakuppolicyname42"
}

resource "ibm_is_backup_policy_plan" "is_backup_policy_plan" {
  count            = 2
  backup_policy_id = ibm_is_backup_policy.is_backup_policy.id
  name             = "%(plan)s-${count.index+1}"
  cron_spec        = "%(cron)s"
}
'''


def test_ibms_own_acceptance_configuration_applies_updates_imports_and_destroys(blank):  # noqa: F811
    from vpcmock.images import image_id
    import subprocess as sp
    sp.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", str(blank.workdir / "id_rsa")], check=True)
    image = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")

    def configure(plan, cron):
        write_config(blank, IBM_ACCEPTANCE % {"image": image, "plan": plan, "cron": cron})

    configure("tfbakuppolicyplanname42", "30 9 * * *")
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    configure("tfbakuppolicyplannameupdate42", "31 9 * * *")
    blank.run("apply", "-auto-approve")
    shown = blank.values()
    plan = shown["ibm_is_backup_policy_plan.is_backup_policy_plan[0]"]
    assert (plan["name"], plan["cron_spec"]) == ("tfbakuppolicyplannameupdate42-1", "31 9 * * *")
    assert all(plan[key] not in (None, "") for key in ("backup_policy_plan_id", "created_at", "href",
                                                       "lifecycle_state", "resource_type", "version"))
    blank.reimport({address: values["id"] for address, values in shown.items()})
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")


DATA_SOURCES = '''
provider "ibm" {}

resource "ibm_is_vpc" "app" {
  name = "data-vpc"
}

resource "ibm_is_subnet" "app" {
  name                     = "data-subnet"
  vpc                      = ibm_is_vpc.app.id
  zone                     = "us-south-2"
  total_ipv4_address_count = 32
}

resource "ibm_is_ssh_key" "admin" {
  name       = "data-key"
  public_key = file("id_ed25519.pub")
}

data "ibm_is_images" "all" {
  depends_on = [ibm_is_image.mine]
}

resource "ibm_is_image" "mine" {
  name             = "data-image"
  href             = "cos://us-south/images/data-image.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}

data "ibm_is_image" "mine" {
  name = ibm_is_image.mine.name
}

data "ibm_is_image" "acceptance" {
  name = "ibm-centos-stream-9-amd64-17"
}

data "ibm_is_instance_profile" "gpu" {
  name = "gx3d-160x1792x8h100"
}

data "ibm_is_instance_profile" "bx2" {
  name = "bx2-4x16"
}

data "ibm_is_instance_profiles" "all" {}

data "ibm_is_vpcs" "all" {
  depends_on = [ibm_is_subnet.app]
}

data "ibm_is_subnet" "app" {
  identifier = ibm_is_subnet.app.id
}

data "ibm_is_subnets" "all" {
  depends_on = [ibm_is_subnet.app]
}

data "ibm_is_zone" "two" {
  name   = "us-south-2"
  region = "us-south"
}

data "ibm_is_region" "here" {}

data "ibm_is_regions" "all" {}

data "ibm_is_ssh_key" "admin" {
  name = ibm_is_ssh_key.admin.name
}

output "values" {
  value = {
    images         = length(data.ibm_is_images.all.images)
    own_image      = [data.ibm_is_image.mine.id == ibm_is_image.mine.id, data.ibm_is_image.mine.visibility,
                      data.ibm_is_image.mine.resource_group[0].name, data.ibm_is_image.mine.os]
    ibm_image      = [data.ibm_is_image.acceptance.os, data.ibm_is_image.acceptance.status,
                      data.ibm_is_image.acceptance.resource_group[0].id]
    gpu_profile    = [data.ibm_is_instance_profile.gpu.vcpu_count[0].value,
                      data.ibm_is_instance_profile.gpu.memory[0].value,
                      data.ibm_is_instance_profile.gpu.gpu_count[0].value,
                      data.ibm_is_instance_profile.gpu.gpu_model[0].values[0],
                      data.ibm_is_instance_profile.gpu.supported_cluster_network_profiles[0].name]
    profile_memory = data.ibm_is_instance_profile.bx2.memory[0].value
    profiles       = length(data.ibm_is_instance_profiles.all.profiles) > 30
    vpcs           = data.ibm_is_vpcs.all.vpcs[*].name
    subnet_cidr    = data.ibm_is_subnet.app.ipv4_cidr_block
    subnets        = data.ibm_is_subnets.all.subnets[*].name
    zone_status    = data.ibm_is_zone.two.status
    region         = data.ibm_is_region.here.name
    regions        = length(data.ibm_is_regions.all.regions)
    key_length     = data.ibm_is_ssh_key.admin.length
  }
}
'''


def test_the_catalogue_and_network_data_sources_read_what_the_mock_holds(blank):  # noqa: F811
    import subprocess as sp
    sp.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(blank.workdir / "id_ed25519")], check=True)
    write_config(blank, DATA_SOURCES)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    values = blank.outputs()["values"]
    assert values == {"images": 55, "profile_memory": 16, "profiles": True, "vpcs": ["data-vpc"],
                      "own_image": [True, "private", "Default", "ubuntu-24-04-amd64"],
                      "ibm_image": ["centos-stream-9-amd64", "available", "4cdc4448a0a148159685b9b0dc549d19"],
                      "gpu_profile": [160, 1792, 8, "H100", "hopper-1"],
                      "subnet_cidr": "10.240.64.0/27", "subnets": ["data-subnet"], "zone_status": "available",
                      "region": "us-south", "regions": 12, "key_length": 256}
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")


ATTACHMENT_INSTANCE = '''
provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "vni" {
  name = "vni-vpc"
}

resource "ibm_is_subnet" "vni" {
  name                     = "vni-subnet"
  vpc                      = ibm_is_vpc.vni.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 16
}

resource "ibm_is_instance" "vni" {
  name    = "vni-instance"
  image   = data.ibm_is_image.ubuntu.id
  profile = "cx2-2x4"
  zone    = "us-south-1"
  vpc     = ibm_is_vpc.vni.id
  primary_network_attachment {
    name = "eth0-attachment"
    virtual_network_interface {
      subnet = ibm_is_subnet.vni.id
    }
  }
}
'''


def test_an_instance_with_a_primary_network_attachment_takes_an_address_in_its_subnet(blank):  # noqa: F811
    write_config(blank, ATTACHMENT_INSTANCE)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    shown = blank.values()
    subnet_id = shown["ibm_is_subnet.vni"]["id"]
    subnet = Http(blank_url(blank)).call("GET", f"/subnets/{subnet_id}").json()
    assert subnet["available_ipv4_address_count"] == 16 - 5 - 1
    blank.run("state", "rm", "ibm_is_instance.vni")
    blank.run("import", "ibm_is_instance.vni", shown["ibm_is_instance.vni"]["id"])
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")
