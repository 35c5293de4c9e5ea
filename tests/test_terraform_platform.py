"""Resource groups and IAM authorizations through Terraform, as IBM's docs write them, and what
the authorizations decide: the health of the backup policies."""

from __future__ import annotations

import json

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
    policy_id = json.loads(tf.run("output", "-json").stdout)["policy_id"]["value"]
    return Http(url).call("GET", f"/backup_policies/{policy_id}").json()["health_state"]


def test_authorizations_decide_health_and_destroying_one_degrades_until_reapplied(blank):  # noqa: F811
    write_config(blank, AUTHORIZED)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert json.loads(blank.run("output", "-json").stdout)["default_group"]["value"] == "Default"
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
    shown = json.loads(blank.run("show", "-json").stdout)["values"]["root_module"]["resources"]
    for resource in shown:
        if resource["mode"] == "managed" and resource["type"] in ("ibm_resource_group", "ibm_iam_authorization_policy"):
            blank.run("state", "rm", resource["address"])
            blank.run("import", resource["address"], resource["values"]["id"])
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
    requests.post(f"{url}/mock/clock", json={"advance_seconds": 86400 + 3600}).raise_for_status()
    policy_id = json.loads(tf.run("output", "-json").stdout)["policy_id"]["value"]
    api = Http(url)
    jobs = api.call("GET", f"/backup_policies/{policy_id}/jobs").json()["jobs"]
    assert [(j["job_type"], j["status"]) for j in jobs] == [("creation", "succeeded")]
    assert len(jobs[0]["target_snapshots"]) == 3  # the boot volume and both data volumes
    assert api.call("GET", f"/backup_policies/{policy_id}").json()["health_state"] == "ok"
    tf.run("destroy", "-auto-approve")
    counts = requests.get(f"{url}/mock/state").json()["counts"]
    assert {table: n for table, n in counts.items() if table not in ("activity_events", "snapshots",
                                                                    "snapshot_consistency_groups")} == {}
