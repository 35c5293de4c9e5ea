"""Activity Tracker Event Routing from Terraform: `ibm_atracker_target`, `ibm_atracker_route` and
`ibm_atracker_settings` (and the targets and routes data sources) applied with the real
Terraform through the API at /atracker, as the IBM provider calls it; then the issue's case:
the clock moves a day and the bucket holds that day's backup creation events, read with the COS
SDK (ibm_boto3). The bucket is Terraform's too (`ibm_resource_instance` of cloud-object-storage
and `ibm_cos_bucket`, through the COS API), as the issue's test has it."""

from __future__ import annotations

import gzip
import json

import ibm_boto3
import pytest
import requests
from ibm_botocore.client import Config

from test_atracker import Client
from terraform_support import applied, managed, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock.pytest_plugin import Terraform

BUCKET = "backup-audit-events"
CONFIG = '''
provider "ibm" {}

resource "ibm_resource_instance" "cos" {
  name     = "audit-archive"
  service  = "cloud-object-storage"
  plan     = "standard"
  location = "global"
}

resource "ibm_cos_bucket" "audit" {
  bucket_name          = "%(bucket)s"
  resource_instance_id = ibm_resource_instance.cos.id
  region_location      = "us-south"
  storage_class        = "standard"
  force_delete         = true
}

resource "ibm_atracker_target" "audit" {
  name        = "backup-audit"
  target_type = "cloud_object_storage"
  cos_endpoint {
    endpoint   = "s3.private.us-south.cloud-object-storage.appdomain.cloud"
    target_crn = ibm_resource_instance.cos.id
    bucket     = ibm_cos_bucket.audit.bucket_name
    api_key    = "a-writer-api-key"
  }
  region = "us-south"
}

resource "ibm_atracker_route" "regional" {
  name = "%(route)s"
  rules {
    target_ids = [ibm_atracker_target.audit.id]
    locations  = ["us-south"]
  }
}

resource "ibm_atracker_settings" "account" {
  metadata_region_primary   = "us-south"
  private_api_endpoint_only = false
  default_targets           = [ibm_atracker_target.audit.id]
  permitted_target_regions  = ["us-south", "us-east"]
}

data "ibm_atracker_targets" "audit" {
  name       = ibm_atracker_target.audit.name
  depends_on = [ibm_atracker_target.audit]
}

data "ibm_atracker_routes" "all" {
  depends_on = [ibm_atracker_route.regional]
}

resource "ibm_is_volume" "data" {
  name    = "audited-volume"
  profile = "sdp"
  zone    = "us-south-1"
  capacity = 10
  tags    = ["nightly"]
}

resource "ibm_is_backup_policy" "nightly" {
  name                = "audited-policy"
  match_resource_type = "volume"
  match_user_tags     = ["nightly"]
}

resource "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.nightly.id
  name             = "nightly"
  cron_spec        = "30 2 * * *"
  active           = true
}

output "listed_bucket" {
  value = data.ibm_atracker_targets.audit.targets[0].cos_endpoint[0].bucket
}

output "listed_routes" {
  value = [for r in data.ibm_atracker_routes.all.routes : r.name]
}
'''


def configure(tf: Terraform, route: str = "backup-events") -> None:
    write_config(tf, CONFIG % {"bucket": BUCKET, "route": route})


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    terraform = applied(mock_server, tmp_path_factory, "atracker", CONFIG % {"bucket": BUCKET, "route": "backup-events"},
                        clock={"to": "2030-03-01T00:00:00Z", "frozen": True})
    terraform.api = Client(mock_server.url)
    guid = managed(terraform)["ibm_resource_instance.cos"]["guid"]
    terraform.cos = ibm_boto3.client("s3", ibm_api_key_id=terraform.env["IC_API_KEY"], ibm_service_instance_id=guid,
                                     ibm_auth_endpoint=f"{mock_server.url}/identity/token",
                                     config=Config(signature_version="oauth"), endpoint_url=f"{mock_server.url}/cos")
    return terraform


def delivered(tf, prefix: str) -> list[dict]:
    found = []
    for item in tf.cos.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        body = tf.cos.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        found += [json.loads(line) for line in gzip.decompress(body).decode().splitlines()]
    return [r for r in found if r["action"].startswith(prefix)]


def test_terraform_applies_the_target_route_and_settings_and_plans_clean(tf):
    made = managed(tf)
    target = made["ibm_atracker_target.audit"]
    assert (target["region"], target["write_status"][0]["status"], target["crn"].split(":")[3:5]) == (
        "us-south", "success", ["public", "atracker"])
    assert tf.outputs()["listed_bucket"] == BUCKET
    assert tf.outputs()["listed_routes"] == ["backup-events"]
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_what_terraform_made_the_api_answers(tf):
    made = managed(tf)
    target = tf.api.call("get_target", id=made["ibm_atracker_target.audit"]["id"])
    route = tf.api.call("get_route", id=made["ibm_atracker_route.regional"]["id"])
    assert (target["name"], target["cos_endpoint"]["bucket"]) == ("backup-audit", BUCKET)
    assert route["rules"] == [{"target_ids": [target["id"]], "locations": ["us-south"]}]
    assert tf.api.call("get_settings") == {
        "default_targets": [target["id"]], "permitted_target_regions": ["us-south", "us-east"],
        "metadata_region_primary": "us-south", "private_api_endpoint_only": False, "api_version": 2}
    assert made["ibm_atracker_settings.account"]["id"] == "us-south"


def test_a_day_later_the_bucket_holds_the_days_backup_creation_events(tf):
    requests.post(f"{tf.mock.url}/mock/clock", json={"advance_seconds": 24 * 3600}).raise_for_status()
    volume = managed(tf)["ibm_is_volume.data"]
    created = delivered(tf, "is.snapshot.snapshot.create")
    assert [(r["eventTime"], r["outcome"], r["initiator"]["id"]) for r in created] == [
        ("2030-03-01T02:30:00.00+0000", "success", "is.backup-policy")]
    snapshot = requests.get(f"{tf.mock.url}/v1/snapshots", params={"version": "2026-10-06", "generation": "2"},
                            headers=tf.api.session.headers).json()["snapshots"]
    assert [s["source_volume"]["id"] for s in snapshot] == [volume["id"]]
    assert created[0]["target"]["id"] == snapshot[0]["crn"]


def test_a_change_replaces_the_route_through_the_api_and_plans_clean(tf):
    configure(tf, route="backup-events-renamed")
    tf.run("apply", "-auto-approve")
    route = tf.api.call("get_route", id=managed(tf)["ibm_atracker_route.regional"]["id"])
    assert (route["name"], route["version"]) == ("backup-events-renamed", 1)
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_each_type_reimports_by_its_ibm_id_to_an_empty_plan_and_destroys(tf):
    made = managed(tf)
    tf.reimport({address: made[address]["id"] for address in (
        "ibm_atracker_target.audit", "ibm_atracker_route.regional", "ibm_atracker_settings.account")})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
    assert tf.api.call("list_targets")["targets"] == []
    assert tf.api.call("list_routes")["routes"] == []
    assert tf.api.call("get_settings")["default_targets"] == []
