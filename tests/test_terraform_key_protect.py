"""ibm_kp_key through Key Protect's API with the real Terraform: a resource instance of `kms`, a
root key in it and a volume encrypted with the key apply and plan clean; the keyprotect SDK sees
the key Terraform made (and the volume registered with it); the key imports by its CRN to an
empty plan; the data source lists it; destroying it leaves the key destroyed (state 5) in KP,
and destroying the instance leaves nothing KP answers for."""

from __future__ import annotations


import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from keyprotect import IbmKeyProtectApiV2

from terraform_support import applied
from test_terraform import mock_server  # noqa: F401  (fixtures)

CONFIG = '''
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

resource "ibm_is_volume" "data" {
  name           = "encrypted-data"
  profile        = "sdp"
  zone           = "us-south-1"
  capacity       = 10
  encryption_key = ibm_kp_key.root.crn
}

data "ibm_kp_key" "named" {
  key_protect_id = ibm_kp_key.root.key_protect_id
  key_name       = ibm_kp_key.root.key_name
}

output "listed" {
  value = data.ibm_kp_key.named.keys
}
'''


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "key-protect", CONFIG)


@pytest.fixture(scope="module")
def kp(mock_server):  # noqa: F811
    client = IbmKeyProtectApiV2(authenticator=IAMAuthenticator("test-key", url=mock_server.url))
    client.set_service_url(mock_server.url + "/kms")
    return client


def shown(tf) -> dict[str, dict]:
    return {r["address"]: r["values"] for r in tf.resources()}


def test_the_key_and_the_volume_it_encrypts_apply_and_plan_clean(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    values = shown(tf)
    key = values["ibm_kp_key.root"]
    instance = values["ibm_resource_instance.kms"]["guid"]
    assert key["id"] == key["crn"] == key["resource_crn"]
    assert key["crn"].split(":")[-3:] == [instance, "key", key["key_id"]]
    assert (key["standard_key"], key["resource_status"], key["key_protect_id"]) == (False, "1", instance)
    assert values["ibm_is_volume.data"]["encryption_key"] == key["crn"]
    assert tf.outputs()["listed"] == [{"id": key["key_id"], "name": "backup-root", "crn": key["crn"],
                                       "standard_key": False}]


def test_the_sdk_sees_the_key_terraform_made_and_the_volume_it_protects(tf, kp):
    values = shown(tf)
    key = values["ibm_kp_key.root"]
    listed = kp.get_keys(bluemix_instance=key["key_protect_id"]).get_result()["resources"]
    assert [(k["id"], k["name"], k["crn"], k["extractable"]) for k in listed] == [
        (key["key_id"], "backup-root", key["crn"], False)]
    registered = kp.get_registrations(id=key["key_id"], bluemix_instance=key["key_protect_id"]).get_result()
    assert [r["resourceCrn"] for r in registered["resources"]] == [values["ibm_is_volume.data"]["crn"]]


def test_the_key_imports_by_its_crn_to_an_empty_plan_and_destroy_destroys_it(tf, kp):
    key = shown(tf)["ibm_kp_key.root"]
    tf.reimport({"ibm_kp_key.root": key["id"]})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve", "-target", "ibm_kp_key.root")  # the volume goes first: it names the key
    gone = kp.get_key(id=key["key_id"], bluemix_instance=key["key_protect_id"]).get_result()["resources"][0]
    assert (gone["state"], gone["deleted"]) == (5, True)
    tf.run("destroy", "-auto-approve")
    with pytest.raises(ApiException) as raised:  # the instance is gone, and its keys with it
        kp.get_keys(bluemix_instance=key["key_protect_id"])
    assert raised.value.status_code == 401
