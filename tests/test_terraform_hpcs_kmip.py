"""Hyper Protect Crypto Services and Key Protect's KMIP types with the real Terraform and the
vpcmock provider: one configuration (an HPCS instance with its crypto units' administrators, a
UKO vault, keystore, key template and managed key; a Key Protect instance, a root key, a KMIP
adapter on it and a client certificate; their data sources) applies, plans clean, is what the
APIs list (the keyprotect SDK; UKO called as its Go SDK calls it), and each resource re-imports
by its IBM id to an empty plan."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from keyprotect import IbmKeyProtectApiV2

from terraform_support import applied, write_config
from test_terraform import mock_server  # noqa: F401  (fixture)
from vpcmock_provider import registry
from vpcmock_provider.client import ProviderError


def certificate() -> str:
    private = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "esxi-host")])
    now = datetime.now(timezone.utc)
    made = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(private.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + timedelta(days=30)).sign(private, hashes.SHA256()))
    return made.public_bytes(serialization.Encoding.PEM).decode()


PEM = certificate()
CONFIG = '''
provider "ibm" {}

resource "ibm_resource_instance" "kms" {
  name     = "kmip-keys"
  service  = "kms"
  plan     = "tiered-pricing"
  location = "us-south"
}

resource "ibm_kms_key" "root" {
  instance_id  = ibm_resource_instance.kms.guid
  key_name     = "kmip-root"
  standard_key = false
}

resource "ibm_kms_kmip_adapter" "vsphere" {
  instance_id  = ibm_resource_instance.kms.guid
  profile      = "native_1.0"
  profile_data = { crk_id = ibm_kms_key.root.key_id }
  name         = "vsphere"
  description  = "vSphere encryption"
}

resource "ibm_kms_kmip_client_cert" "esxi" {
  instance_id = ibm_resource_instance.kms.guid
  adapter_id  = ibm_kms_kmip_adapter.vsphere.adapter_id
  name        = "esxi-1"
  certificate = <<-EOT
%s  EOT
}

data "ibm_kms_kmip_adapter" "by_name" {
  instance_id = ibm_resource_instance.kms.guid
  name        = ibm_kms_kmip_adapter.vsphere.name
}

data "ibm_kms_kmip_adapters" "all" {
  instance_id      = ibm_resource_instance.kms.guid
  show_total_count = true
  depends_on       = [ibm_kms_kmip_adapter.vsphere]
}

data "ibm_kms_kmip_client_cert" "by_name" {
  instance_id  = ibm_resource_instance.kms.guid
  adapter_name = ibm_kms_kmip_adapter.vsphere.name
  name         = ibm_kms_kmip_client_cert.esxi.name
}

data "ibm_kms_kmip_client_certs" "all" {
  instance_id = ibm_resource_instance.kms.guid
  adapter_id  = ibm_kms_kmip_adapter.vsphere.adapter_id
  depends_on  = [ibm_kms_kmip_client_cert.esxi]
}

data "ibm_kms_kmip_objects" "none" {
  instance_id = ibm_resource_instance.kms.guid
  adapter_id  = ibm_kms_kmip_adapter.vsphere.adapter_id
}

resource "ibm_hpcs" "hpcs" {
  name                 = "backup-hpcs"
  location             = "us-south"
  plan                 = "standard"
  units                = 2
  failover_units       = 1
  service_endpoints    = "private-only"
  signature_threshold  = 1
  revocation_threshold = 1
  admins {
    name  = "admin1"
    key   = "/keys/admin1.sigkey"
    token = "admin1-passphrase"
  }
}

resource "ibm_hpcs_vault" "vault" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  name        = "backup-vault"
  description = "keys of the backups"
}

resource "ibm_hpcs_keystore" "internal" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  uko_vault   = ibm_hpcs_vault.vault.vault_id
  vault {
    id = ibm_hpcs_vault.vault.vault_id
  }
  type        = "ibm_cloud_kms"
  ibm_variant = "internal"
  name        = "internal-keystore"
  description = "the instance's own keystore"
  groups      = ["backup"]
}

resource "ibm_hpcs_key_template" "aes" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  uko_vault   = ibm_hpcs_vault.vault.vault_id
  vault {
    id = ibm_hpcs_vault.vault.vault_id
  }
  name        = "aes-backup"
  description = "AES keys of the backups"
  key {
    size            = "256"
    algorithm       = "aes"
    activation_date = "P1M"
    expiration_date = "P1Y"
    state           = "active"
  }
  keystores {
    group = "backup"
    type  = "ibm_cloud_kms"
  }
  depends_on = [ibm_hpcs_keystore.internal]
}

resource "ibm_hpcs_managed_key" "key" {
  instance_id   = ibm_hpcs.hpcs.guid
  region        = "us-south"
  uko_vault     = ibm_hpcs_vault.vault.vault_id
  vault {
    id = ibm_hpcs_vault.vault.vault_id
  }
  template_name = ibm_hpcs_key_template.aes.name
  label         = "backup-key"
  description   = "the key of the nightly backups"
  tags {
    name  = "env"
    value = "test"
  }
}

data "ibm_hpcs" "by_name" {
  name       = ibm_hpcs.hpcs.name
  depends_on = [ibm_hpcs.hpcs]
}

data "ibm_hpcs_vault" "vault" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  vault_id    = ibm_hpcs_vault.vault.vault_id
}

data "ibm_hpcs_key_template" "aes" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  uko_vault   = ibm_hpcs_vault.vault.vault_id
  template_id = element(split("/", ibm_hpcs_key_template.aes.id), 3)
}

data "ibm_hpcs_keystore" "internal" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  uko_vault   = ibm_hpcs_vault.vault.vault_id
  keystore_id = element(split("/", ibm_hpcs_keystore.internal.id), 3)
}

data "ibm_hpcs_managed_key" "key" {
  instance_id = ibm_hpcs.hpcs.guid
  region      = "us-south"
  uko_vault   = ibm_hpcs_vault.vault.vault_id
  key_id      = ibm_hpcs_managed_key.key.key_id
}
''' % "".join(f"    {line}\n" for line in PEM.splitlines())
KMIP = ("ibm_kms_kmip_adapter.vsphere", "ibm_kms_kmip_client_cert.esxi")
HPCS = ("ibm_hpcs.hpcs", "ibm_hpcs_vault.vault", "ibm_hpcs_keystore.internal", "ibm_hpcs_key_template.aes",
        "ibm_hpcs_managed_key.key")


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "hpcs-kmip", CONFIG)


@pytest.fixture(scope="module")
def kp(mock_server):  # noqa: F811
    client = IbmKeyProtectApiV2(authenticator=IAMAuthenticator("test-key", url=mock_server.url))
    client.set_service_url(mock_server.url + "/kms")
    return client


def shown(tf) -> dict[str, dict]:
    return {r["address"]: r["values"] for r in tf.resources()}


def test_the_kmip_types_apply_and_plan_clean_with_the_ids_the_ibm_provider_composes(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    values = shown(tf)
    guid = values["ibm_resource_instance.kms"]["guid"]
    adapter, cert = values["ibm_kms_kmip_adapter.vsphere"], values["ibm_kms_kmip_client_cert.esxi"]
    assert adapter["id"] == f"{guid}/{adapter['adapter_id']}"
    assert adapter["profile_data"] == {"crk_id": values["ibm_kms_key.root"]["key_id"]}
    assert (adapter["name"], adapter["description"], adapter["profile"], adapter["endpoint_type"]) == \
        ("vsphere", "vSphere encryption", "native_1.0", "public")
    assert adapter["created_at"].endswith(" +0000 UTC")
    assert cert["id"] == f"{guid}/{adapter['adapter_id']}/{cert['cert_id']}"
    assert (cert["name"], cert["certificate"]) == ("esxi-1", PEM)


def test_the_types_go_through_their_apis_and_only_the_crypto_units_setup_is_kept_beside(tf):
    assert set(KMIP + HPCS) <= {f"{r['type']}.{r['name']}" for r in tf.resources()}
    assert {address.split(".")[0] for address in KMIP + HPCS} <= set(registry.API_RESOURCES)
    records = requests.get(f"{tf.mock.url}/mock/state", params={"table": "stored_resources"}).json()
    kept = {(d["type"], name) for d in records["tables"].get("stored_resources", [])
            if d["type"].startswith(("ibm_kms_kmip", "ibm_hpcs"))
            for name, value in d["attributes"].items() if value not in (None, "", [], {}, False)}
    # what the TKE CLI plugin sets on the crypto units, which no REST API carries
    assert kept == {("ibm_hpcs", "admins"), ("ibm_hpcs", "signature_threshold"), ("ibm_hpcs", "revocation_threshold")}


def test_the_sdk_lists_the_adapter_and_certificate_terraform_made(tf, kp):
    values = shown(tf)
    guid = values["ibm_resource_instance.kms"]["guid"]
    adapter = values["ibm_kms_kmip_adapter.vsphere"]
    listed = kp.get_kmip_adapters(bluemix_instance=guid).get_result()["resources"]
    assert [(a["id"], a["name"]) for a in listed] == [(adapter["adapter_id"], "vsphere")]
    certs = kp.get_kmip_client_certificates(adapter_id=adapter["adapter_id"], bluemix_instance=guid).get_result()
    assert [c["name"] for c in certs["resources"]] == ["esxi-1"]


def test_the_kmip_data_sources_read_through_kps_api(tf):
    values = shown(tf)
    adapter, cert = values["ibm_kms_kmip_adapter.vsphere"], values["ibm_kms_kmip_client_cert.esxi"]
    by_name = values["data.ibm_kms_kmip_adapter.by_name"]
    assert (by_name["adapter_id"], by_name["description"], by_name["profile_data"]) == \
        (adapter["adapter_id"], "vSphere encryption", adapter["profile_data"])
    every = values["data.ibm_kms_kmip_adapters.all"]
    assert [a["adapter_id"] for a in every["adapters"]] == [adapter["adapter_id"]] and every["total_count"] == 1
    cert_by_name = values["data.ibm_kms_kmip_client_cert.by_name"]
    assert (cert_by_name["cert_id"], cert_by_name["adapter_id"], cert_by_name["certificate"]) == \
        (cert["cert_id"], adapter["adapter_id"], PEM)
    assert [c["cert_id"] for c in values["data.ibm_kms_kmip_client_certs.all"]["certificates"]] == [cert["cert_id"]]
    assert values["data.ibm_kms_kmip_objects.none"]["objects"] == []


def test_the_hpcs_instance_is_a_resource_instance_with_its_parameters_and_crypto_units(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    hpcs = shown(tf)["ibm_hpcs.hpcs"]
    assert hpcs["id"] == hpcs["crn"] and hpcs["crn"].split(":")[4:6] == ["hs-crypto", "us-south"]
    assert (hpcs["units"], hpcs["failover_units"], hpcs["service_endpoints"], hpcs["plan"], hpcs["state"]) == \
        (2, 1, "private-only", "standard", "active")
    assert [(u["hsm_type"], u["signature_threshold"], u["revocation_threshold"], [a["name"] for a in u["admins"]],
             u["current_mk_status"]) for u in hpcs["hsm_info"]] == \
        [("operational", 1, 1, ["admin1"], "Valid")] * 2 + [("failover", 1, 1, ["admin1"], "Valid")]


def test_the_resource_controller_sdk_sees_the_hpcs_parameters_terraform_sent(tf):
    from ibm_platform_services import ResourceControllerV2
    controller = ResourceControllerV2(authenticator=IAMAuthenticator("test-key", url=tf.mock.url))
    controller.set_service_url(tf.mock.url + "/resource-controller")
    hpcs = shown(tf)["ibm_hpcs.hpcs"]
    instance = controller.get_resource_instance(id=hpcs["guid"]).get_result()
    assert instance["parameters"] == {"units": 2, "failover_units": 1, "allowed_network": "private-only",
                                      "requires_recovery_units": True}


def test_the_uko_types_compose_the_ibm_ids_and_read_their_etags(tf):
    values = shown(tf)
    guid = values["ibm_hpcs.hpcs"]["guid"]
    vault, key = values["ibm_hpcs_vault.vault"], values["ibm_hpcs_managed_key.key"]
    assert vault["id"] == f"us-south/{guid}/{vault['vault_id']}" and vault["etag"].startswith('W/"')
    assert key["id"] == f"us-south/{guid}/{vault['vault_id']}/{key['key_id']}"
    assert values["ibm_hpcs_key_template.aes"]["version"].startswith('W/"')
    assert (key["state"], key["algorithm"], key["size"], key["tags"]) == \
        ("active", "aes", "256", [{"name": "env", "value": "test"}])
    keystore = values["ibm_hpcs_keystore.internal"]
    assert [(r["id"], r["name"]) for r in key["referenced_keystores"]] == \
        [(keystore["id"].split("/")[-1], "internal-keystore")]
    assert [i["keystore"] for i in key["instances"]] == [[{"group": "backup", "type": "ibm_cloud_kms"}]]


def test_the_uko_api_lists_the_managed_key_terraform_made(tf):
    values = shown(tf)
    vault = values["ibm_hpcs_vault.vault"]["vault_id"]
    token = IAMAuthenticator("test-key", url=tf.mock.url).token_manager.get_token()
    listed = requests.get(tf.env["IBMCLOUD_HPCS_UKO_URL"] + "/api/v4/managed_keys", params={"vault.id": vault},
                          headers={"Authorization": f"Bearer {token}"}).json()
    assert [(k["id"], k["label"], k["state"]) for k in listed["managed_keys"]] == \
        [(values["ibm_hpcs_managed_key.key"]["key_id"], "backup-key", "active")]


def test_the_hpcs_data_sources_read_through_the_apis(tf):
    values = shown(tf)
    hpcs, key = values["ibm_hpcs.hpcs"], values["ibm_hpcs_managed_key.key"]
    by_name = values["data.ibm_hpcs.by_name"]
    assert (by_name["crn"], by_name["units"], by_name["service_endpoints"], by_name["hsm_info"]) == \
        (hpcs["crn"], 2, "private-only", hpcs["hsm_info"])
    assert values["data.ibm_hpcs_vault.vault"]["description"] == "keys of the backups"
    template = values["data.ibm_hpcs_key_template.aes"]
    assert (template["name"], template["version"], template["key"][0]["state"]) == ("aes-backup", 1, "active")
    assert values["data.ibm_hpcs_keystore.internal"]["groups"] == ["backup"]
    data_key = values["data.ibm_hpcs_managed_key.key"]
    assert (data_key["label"], data_key["state"], data_key["vault"][0]["name"]) == ("backup-key", "active",
                                                                                   "backup-vault")
    assert data_key["activation_date"] == key["activation_date"]


def test_a_managed_key_deactivates_when_its_state_is_configured_so(tf):
    config = CONFIG.replace('  label         = "backup-key"\n',
                            '  label         = "backup-key"\n  state         = "deactivated"\n')
    write_config(tf, config)
    try:
        tf.run("apply", "-auto-approve")
        assert shown(tf)["ibm_hpcs_managed_key.key"]["state"] == "deactivated"
        assert tf.run("plan", "-detailed-exitcode").returncode == 0
    finally:
        write_config(tf, CONFIG)


def test_each_resource_reimports_by_its_ibm_id_to_an_empty_plan(tf):
    values = shown(tf)
    tf.reimport({address: values[address]["id"] for address in KMIP + HPCS})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_a_signature_threshold_above_the_administrators_is_refused_before_any_call():
    """tkesdk.CheckTransition's check of the configuration itself: no request is made (no client)."""
    planned = {"name": "hpcs", "plan": "standard", "location": "us-south", "units": 2, "signature_threshold": 2,
               "revocation_threshold": 1, "admins": [{"name": "admin1", "key": "/keys/a1", "token": "t"}]}
    with pytest.raises(ProviderError) as raised:
        registry.resource("ibm_hpcs").create(None, planned)
    assert raised.value.message == "[ERROR] Error Checking Transitions: signature_threshold 2 is more than the " \
        "1 administrators"
