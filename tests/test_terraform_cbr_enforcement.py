"""Context-based restrictions applied with the real Terraform (`ibm_cbr_zone`, `ibm_cbr_rule`,
served through the CBR API) take effect: on requests from outside the zone, made with the
official VPC SDK from another loopback address, and on the Backup service's private calls when
a plan fires. The rule covers snapshots, which the backup plan makes and Terraform does not
manage, so Terraform itself (from 127.0.0.1) keeps refreshing its resources."""

from __future__ import annotations


import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_vpc import VpcV1

from test_cbr_enforcement import SourceAddress
from terraform_support import applied, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)

HOUR = 3600

CONFIG = '''
provider "ibm" {}

data "ibm_iam_account_settings" "account" {}

resource "ibm_is_volume" "data" {
  name     = "orders-db"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
  tags     = ["backup:orders"]
}

resource "ibm_is_backup_policy" "orders" {
  name            = "orders"
  match_user_tags = ["backup:orders"]
}

resource "ibm_is_backup_policy_plan" "hourly" {
  backup_policy_id = ibm_is_backup_policy.orders.id
  name             = "hourly"
  cron_spec        = "0 * * * *"
  active           = true
}

resource "ibm_cbr_zone" "office" {
  name       = "office"
  account_id = data.ibm_iam_account_settings.account.account_id
  addresses {
    type  = "ipAddress"
    value = "127.0.0.2"
  }
}

resource "ibm_cbr_rule" "snapshots" {
  description      = "snapshots from the office only"
  enforcement_mode = "enabled"
  contexts {
    attributes {
      name  = "networkZoneId"
      value = ibm_cbr_zone.office.id
    }
  }
%(private_context)s
  resources {
    attributes {
      name  = "accountId"
      value = data.ibm_iam_account_settings.account.account_id
    }
    attributes {
      name  = "serviceName"
      value = "is"
    }
    attributes {
      name  = "resourceType"
      value = "snapshot"
    }
  }
}
'''

PRIVATE_CONTEXT = '''  contexts {
    attributes {
      name  = "endpointType"
      value = "private"
    }
  }'''


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "cbr-enforcement", CONFIG % {"private_context": ""}, clock={"to": "2030-01-01T00:00:00Z", "frozen": True})


def vpc_from(url: str, address: str) -> VpcV1:
    client = VpcV1(authenticator=IAMAuthenticator("test-key", url=url))
    client.set_service_url(f"{url}/v1")
    client.get_http_client().mount("http://", SourceAddress(address))
    return client


def status(call) -> int:
    try:
        return call().get_status_code()
    except ApiException as error:
        return error.status_code


def advance(tf, seconds: int) -> None:
    requests.post(f"{tf.mock.url}/mock/clock", json={"advance_seconds": seconds}).raise_for_status()


def jobs(tf) -> list[dict]:
    client = vpc_from(tf.mock.url, "127.0.0.2")
    (policy,) = client.list_backup_policies().get_result()["backup_policies"]
    return client.list_backup_policy_jobs(backup_policy_id=policy["id"]).get_result()["jobs"]


def job_statuses(tf) -> list[str]:
    return [job["status"] for job in jobs(tf)]


def test_the_zone_and_rule_apply_and_plan_clean(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_applied_rule_denies_snapshot_requests_from_outside_the_zone(tf):
    outside, inside = vpc_from(tf.mock.url, "127.0.0.1"), vpc_from(tf.mock.url, "127.0.0.2")
    assert (status(outside.list_snapshots), status(inside.list_snapshots)) == (403, 200)
    assert status(outside.list_volumes) == 200  # volumes are not covered


def test_the_applied_rule_without_private_endpoints_makes_the_next_fire_fail(tf):
    advance(tf, HOUR + 60)
    (job,) = jobs(tf)
    assert (job["status"], job["status_reasons"][0]["code"]) == ("failed", "internal_error")
    assert "context-based restrictions" in job["status_reasons"][0]["message"]


def test_a_private_endpoint_context_added_in_terraform_lets_the_next_fire_succeed(tf):
    write_config(tf, CONFIG % {"private_context": PRIVATE_CONTEXT})
    tf.run("apply", "-auto-approve")
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    advance(tf, HOUR)
    assert job_statuses(tf) == ["succeeded", "failed"]  # newest first
