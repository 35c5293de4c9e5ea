"""The platform types that were stored though their API is served, now through it, in one
configuration with the real Terraform: Key Protect's ibm_kms_key (+ alias, key ring, key
policies, instance policies, key with policy overrides) and its data sources; the IAM access
policies of an access group, a service ID and a trusted profile (/v1/policies); Transit
Gateway's prefix filter and route report, IAM's service ID group, and DNS Services' global load
balancer, pool, monitor and linked zone (the generic engine). They apply and plan clean with the
ids the IBM provider composes; the official SDKs (keyprotect, IamPolicyManagementV1,
IamIdentityV1, TransitGatewayApisV1, DnsSvcsV1) see what Terraform made with the values
Terraform shows; each re-imports by its IBM id to an empty plan; a change of roles replaces the
policy's document in place; destroy deletes them."""

from __future__ import annotations

import os

import pytest
import requests
from ibm_cloud_networking_services import DnsSvcsV1, TransitGatewayApisV1
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamIdentityV1, IamPolicyManagementV1
from keyprotect import IbmKeyProtectApiV2

from test_terraform import mock_server, stored, write_config  # noqa: F401  (fixtures)
from vpcmock.engine.generic import service
from vpcmock.pytest_plugin import Terraform
from vpcmock_provider import registry
from vpcmock_provider.environment import exports

CONFIG = '''
provider "ibm" {}

resource "ibm_resource_instance" "kms" {
  name     = "backup-keys"
  service  = "kms"
  plan     = "tiered-pricing"
  location = "us-south"
}

resource "ibm_kms_key_rings" "ring" {
  instance_id = ibm_resource_instance.kms.guid
  key_ring_id = "backup-ring"
}

resource "ibm_kms_key" "root" {
  instance_id  = ibm_resource_instance.kms.guid
  key_ring_id  = ibm_kms_key_rings.ring.key_ring_id
  key_name     = "backup-root"
  description  = "the root key of the backups"
  standard_key = false
  force_delete = true
}

resource "ibm_kms_key_alias" "alias" {
  instance_id = ibm_resource_instance.kms.guid
  alias       = "backup-alias"
  key_id      = ibm_kms_key.root.key_id
}

resource "ibm_kms_key_policies" "policies" {
  instance_id = ibm_resource_instance.kms.guid
  key_id      = ibm_kms_key.root.key_id
  rotation {
    enabled        = true
    interval_month = 3
  }
  dual_auth_delete {
    enabled = false
  }
}

resource "ibm_kms_key_with_policy_overrides" "overridden" {
  instance_id  = ibm_resource_instance.kms.guid
  key_name     = "backup-overridden"
  standard_key = false
  force_delete = true
  rotation {
    enabled        = true
    interval_month = 2
  }
  dual_auth_delete {
    enabled = false
  }
}

resource "ibm_kms_instance_policies" "instance" {
  instance_id = ibm_resource_instance.kms.guid
  rotation {
    enabled        = true
    interval_month = 6
  }
  metrics {
    enabled = true
  }
  key_create_import_access {
    enabled         = true
    import_root_key = false
  }
}

data "ibm_kms_instance_policies" "rotation" {
  instance_id = ibm_kms_instance_policies.instance.instance_id
  policy_type = "rotation"
}

output "instance_rotation" {
  value = data.ibm_kms_instance_policies.rotation.rotation
}

data "ibm_kms_keys" "named" {
  instance_id = ibm_kms_key.root.instance_id
  key_name    = ibm_kms_key.root.key_name
  depends_on  = [ibm_kms_key_alias.alias]
}

data "ibm_kms_key" "by_alias" {
  instance_id = ibm_kms_key_alias.alias.instance_id
  alias       = ibm_kms_key_alias.alias.alias
  depends_on  = [ibm_kms_key_policies.policies]
}

data "ibm_kms_key_rings" "all" {
  instance_id = ibm_kms_key_rings.ring.instance_id
}

data "ibm_kms_key_policies" "root" {
  instance_id = ibm_kms_key_policies.policies.instance_id
  key_id      = ibm_kms_key_policies.policies.key_id
}

output "keys" {
  value = data.ibm_kms_keys.named.keys
}

output "by_alias" {
  value = data.ibm_kms_key.by_alias.keys
}

output "rings" {
  value = [for r in data.ibm_kms_key_rings.all.key_rings : r.id]
}

output "policies" {
  value = data.ibm_kms_key_policies.root.policies
}

resource "ibm_iam_access_group" "operators" {
  name = "backup-operators"
}

resource "ibm_iam_access_group_policy" "operators" {
  access_group_id = ibm_iam_access_group.operators.id
  roles           = ["Operator", "Viewer"]
  description     = "operate the backups"
  resources {
    service       = "is"
    resource_type = "backup-policy"
  }
}

resource "ibm_iam_service_id" "backup" {
  name = "backup-automation"
}

resource "ibm_iam_service_policy" "backup" {
  iam_service_id = ibm_iam_service_id.backup.id
  roles          = ["Reader"]
  resources {
    service              = "kms"
    resource_instance_id = ibm_resource_instance.kms.guid
  }
}

resource "ibm_iam_service_policy" "by_iam_id" {
  iam_id = ibm_iam_service_id.backup.iam_id
  roles  = ["Viewer"]
  resources {
    service = "is"
  }
}

resource "ibm_iam_trusted_profile" "ci" {
  name = "ci-profile"
}

resource "ibm_iam_serviceid_group" "backup" {
  account_id  = ibm_iam_service_id.backup.account_id
  name        = "backup-service-ids"
  description = "the service IDs of the backups"
}

resource "ibm_is_vpc" "hub" {
  name = "hub-vpc"
}

resource "ibm_tg_gateway" "hub" {
  name     = "backup-hub"
  location = "us-south"
  global   = false
}

resource "ibm_tg_connection" "vpc" {
  gateway      = ibm_tg_gateway.hub.id
  network_type = "vpc"
  name         = "hub-vpc"
  network_id   = ibm_is_vpc.hub.crn
}

resource "ibm_tg_connection_prefix_filter" "deny" {
  gateway       = ibm_tg_gateway.hub.id
  connection_id = ibm_tg_connection.vpc.connection_id
  action        = "deny"
  prefix        = "10.10.0.0/16"
  le            = 24
}

resource "ibm_tg_route_report" "hub" {
  gateway    = ibm_tg_gateway.hub.id
  depends_on = [ibm_tg_connection.vpc]
}

resource "ibm_resource_instance" "dns" {
  name     = "backup-dns"
  service  = "dns-svcs"
  plan     = "standard-dns"
  location = "global"
}

resource "ibm_dns_zone" "internal" {
  instance_id = ibm_resource_instance.dns.guid
  name        = "backup.internal"
}

resource "ibm_dns_glb_monitor" "http" {
  instance_id    = ibm_resource_instance.dns.guid
  name           = "backup-http"
  type           = "HTTP"
  port           = 8080
  path           = "/health"
  method         = "GET"
  expected_codes = "200"
  headers {
    name  = "Host"
    value = ["backup.internal"]
  }
}

resource "ibm_dns_glb_pool" "web" {
  instance_id               = ibm_resource_instance.dns.guid
  name                      = "backup-web"
  enabled                   = true
  healthy_origins_threshold = 1
  monitor                   = ibm_dns_glb_monitor.http.monitor_id
  healthcheck_region        = "us-south"
  origins {
    name    = "web-1"
    address = "10.10.10.8"
    enabled = true
  }
}

resource "ibm_dns_glb" "web" {
  instance_id   = ibm_resource_instance.dns.guid
  zone_id       = ibm_dns_zone.internal.zone_id
  name          = "web"
  ttl           = 120
  fallback_pool = ibm_dns_glb_pool.web.pool_id
  default_pools = [ibm_dns_glb_pool.web.pool_id]
}

resource "ibm_resource_instance" "dns_linked" {
  name     = "backup-dns-linked"
  service  = "dns-svcs"
  plan     = "standard-dns"
  location = "global"
}

resource "ibm_dns_linked_zone" "linked" {
  instance_id       = ibm_resource_instance.dns_linked.guid
  name              = "backup.internal"
  description       = "the backups' zone, seen from here"
  owner_instance_id = ibm_resource_instance.dns.guid
  owner_zone_id     = ibm_dns_zone.internal.zone_id
  label             = "dev"
}

resource "ibm_iam_trusted_profile_policy" "ci" {
  profile_id         = ibm_iam_trusted_profile.ci.id
  roles              = ["Viewer"]
  account_management = true
}
'''

KMS = ("ibm_kms_key_rings.ring", "ibm_kms_key.root", "ibm_kms_key_alias.alias", "ibm_kms_key_policies.policies",
       "ibm_kms_instance_policies.instance", "ibm_kms_key_with_policy_overrides.overridden")
POLICIES = ("ibm_iam_access_group_policy.operators", "ibm_iam_service_policy.backup",
            "ibm_iam_service_policy.by_iam_id", "ibm_iam_trusted_profile_policy.ci")
IAM = POLICIES + ("ibm_iam_serviceid_group.backup",)
TG = ("ibm_tg_connection_prefix_filter.deny", "ibm_tg_route_report.hub")
DNS = ("ibm_dns_glb_monitor.http", "ibm_dns_glb_pool.web", "ibm_dns_glb.web", "ibm_dns_linked_zone.linked")


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    requests.post(f"{mock_server.url}/mock/reset").raise_for_status()
    tmp = tmp_path_factory.mktemp("platform-api-more")
    env = {**os.environ, "HOME": str(tmp / "home"), **exports(mock_server.url, tmp / "tf")}
    env.pop("TF_DATA_DIR", None)
    work = tmp / "work"
    work.mkdir()
    terraform = Terraform(work, env, timeout=300)
    terraform.mock = mock_server
    write_config(terraform, CONFIG)
    terraform.run("init")
    terraform.run("apply", "-auto-approve")
    return terraform


@pytest.fixture(scope="module")
def kp(mock_server):  # noqa: F811
    client = IbmKeyProtectApiV2(authenticator=IAMAuthenticator("test-key", url=mock_server.url))
    client.set_service_url(mock_server.url + "/kms")
    return client


@pytest.fixture(scope="module")
def iam(mock_server):  # noqa: F811
    client = IamPolicyManagementV1(authenticator=IAMAuthenticator("test-key", url=mock_server.url))
    client.set_service_url(mock_server.url)
    return client


def shown(tf) -> dict[str, dict]:
    return {r["address"]: r["values"] for r in tf.resources()}


def test_the_kms_types_apply_and_plan_clean_with_the_ids_the_ibm_provider_composes(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    values = shown(tf)
    instance = values["ibm_resource_instance.kms"]
    key = values["ibm_kms_key.root"]
    assert key["id"] == key["crn"] == key["resource_crn"]
    assert key["crn"].split(":")[-3:] == [instance["guid"], "key", key["key_id"]]
    assert (key["key_ring_id"], key["description"], key["standard_key"], key["resource_status"], key["type"],
            key["endpoint_type"]) == ("backup-ring", "the root key of the backups", False, "1", "kms", "public")
    assert key["instance_crn"] == key["crn"].split(":key:")[0] + "::"
    assert values["ibm_kms_key_rings.ring"]["id"] == f"backup-ring:keyRing:{instance['crn']}"
    assert values["ibm_kms_key_alias.alias"]["id"] == f"backup-alias:alias:{key['crn']}"
    policies = values["ibm_kms_key_policies.policies"]
    assert policies["id"] == key["crn"]
    assert [(p["enabled"], p["interval_month"], p["id"]) for p in policies["rotation"]] == [(True, 3, key["key_id"])]
    assert [p["enabled"] for p in policies["dual_auth_delete"]] == [False]


def test_the_types_go_through_their_apis_and_only_provider_settings_are_kept_beside(tf):
    made = {r["type"] for r in tf.resources() if r["mode"] == "managed"} - {"ibm_is_vpc"}  # emulated in depth
    assert made <= set(registry.API_RESOURCES)
    records = requests.get(f"{tf.mock.url}/mock/state", params={"table": "stored_resources"}).json()
    kept = {(d["type"], name, value) for d in records["tables"]["stored_resources"] if d["type"] in made
            for name, value in d["attributes"].items() if value not in (None, "", [], {}, False)}
    # force_delete is the provider's own setting; a linked zone's name and owner the IBM provider
    # does not read back
    values = shown(tf)
    assert kept == {("ibm_kms_key", "force_delete", True), ("ibm_kms_key_with_policy_overrides", "force_delete", True),
                    ("ibm_dns_linked_zone", "name", "backup.internal"),
                    ("ibm_dns_linked_zone", "owner_instance_id", values["ibm_resource_instance.dns"]["guid"]),
                    ("ibm_dns_linked_zone", "owner_zone_id", values["ibm_dns_zone.internal"]["zone_id"])}


def test_the_kms_data_sources_read_the_keys_rings_and_policies_through_kp(tf):
    values, outputs = shown(tf), tf.outputs()
    key, policies = values["ibm_kms_key.root"], values["ibm_kms_key_policies.policies"]
    assert outputs["keys"] == [{"id": key["key_id"], "name": "backup-root", "crn": key["crn"], "standard_key": False,
                                "description": "the root key of the backups", "aliases": ["backup-alias"],
                                "key_ring_id": "backup-ring", "policies": []}]
    by_alias = outputs["by_alias"][0]
    assert (by_alias["id"], by_alias["aliases"]) == (key["key_id"], ["backup-alias"])
    assert by_alias["policies"][0]["rotation"] == policies["rotation"]
    assert outputs["rings"] == ["default", "backup-ring"]
    assert outputs["policies"] == [{"rotation": policies["rotation"], "dual_auth_delete": policies["dual_auth_delete"]}]
    assert outputs["instance_rotation"] == values["ibm_kms_instance_policies.instance"]["rotation"]


def test_the_instance_policies_terraform_set_are_what_kp_holds(tf, kp):
    values = shown(tf)
    instance = values["ibm_kms_instance_policies.instance"]
    assert instance["id"] == values["ibm_resource_instance.kms"]["crn"]
    held = {p["policy_type"]: p for p in kp.get_instance_policy(
        bluemix_instance=instance["instance_id"]).get_result()["resources"]}
    assert sorted(held) == ["keyCreateImportAccess", "metrics", "rotation"]
    assert held["rotation"]["policy_data"] == {"enabled": True, "attributes": {"interval_month": 6}}
    assert held["keyCreateImportAccess"]["policy_data"]["attributes"] == {
        "create_root_key": True, "create_standard_key": True, "import_root_key": False, "import_standard_key": True,
        "enforce_token": False}
    assert [(p["enabled"], p["interval_month"], p["created_by"]) for p in instance["rotation"]] == [
        (True, 6, held["rotation"]["createdBy"])]
    assert instance["key_create_import_access"][0]["import_root_key"] is False


def test_a_key_with_policy_overrides_holds_its_own_policies(tf, kp):
    key = shown(tf)["ibm_kms_key_with_policy_overrides.overridden"]
    assert (key["rotation"], key["dual_auth_delete"], key["key_ring_id"]) == (
        [{"enabled": True, "interval_month": 2}], [{"enabled": False}], "default")
    rotation = kp.get_policy(id=key["key_id"], bluemix_instance=key["instance_id"], policy="rotation").get_result()
    assert rotation["resources"][0]["rotation"] == {"enabled": True, "interval_month": 2}


def test_the_sdk_sees_the_key_ring_alias_and_policies_terraform_made(tf, kp):
    values = shown(tf)
    key = values["ibm_kms_key.root"]
    guid = key["instance_id"]
    rings = kp.list_key_rings(bluemix_instance=guid).get_result()["resources"]
    assert sorted(r["id"] for r in rings) == ["backup-ring", "default"]
    got = kp.get_key(id="backup-alias", bluemix_instance=guid).get_result()["resources"][0]
    assert (got["id"], got["name"], got["keyRingID"], got["aliases"], got["description"]) == (
        key["key_id"], "backup-root", "backup-ring", ["backup-alias"], "the root key of the backups")
    rotation = kp.get_policy(id=key["key_id"], bluemix_instance=guid, policy="rotation").get_result()
    assert rotation["resources"][0]["rotation"] == {"enabled": True, "interval_month": 3}
    assert rotation["resources"][0]["createdBy"] == values["ibm_kms_key_policies.policies"]["rotation"][0]["created_by"]
    dual = kp.get_policy(id=key["key_id"], bluemix_instance=guid, policy="dualAuthDelete").get_result()
    assert dual["resources"][0]["dualAuthDelete"] == {"enabled": False}


def test_the_access_policies_apply_with_the_ids_the_ibm_provider_composes(tf):
    values = shown(tf)
    group = values["ibm_iam_access_group_policy.operators"]
    assert group["id"].split("/")[0] == values["ibm_iam_access_group.operators"]["id"]
    assert (group["roles"], group["resources"][0]["service"], group["resources"][0]["resource_type"]) == (
        ["Operator", "Viewer"], "is", "backup-policy")
    service = values["ibm_iam_service_policy.backup"]
    assert service["id"].split("/")[0] == values["ibm_iam_service_id.backup"]["id"]
    assert service["iam_id"] == values["ibm_iam_service_id.backup"]["iam_id"]
    by_iam_id = values["ibm_iam_service_policy.by_iam_id"]
    assert (by_iam_id["id"].split("/")[0], by_iam_id["iam_id"], by_iam_id.get("iam_service_id")) == (
        service["iam_id"], service["iam_id"], None)
    profile = values["ibm_iam_trusted_profile_policy.ci"]
    assert profile["id"].split("/")[0] == values["ibm_iam_trusted_profile.ci"]["id"]
    assert (profile["iam_id"], profile["account_management"]) == (values["ibm_iam_trusted_profile.ci"]["iam_id"], True)


def test_the_sdk_sees_the_access_policies_terraform_made(tf, iam):
    values = shown(tf)
    group = values["ibm_iam_access_group_policy.operators"]
    got = iam.get_policy(policy_id=group["id"].split("/")[1]).get_result()
    assert got["type"] == "access"
    assert got["subjects"][0]["attributes"] == [{"name": "access_group_id", "value": group["access_group_id"]}]
    assert [r["role_id"] for r in got["roles"]] == ["crn:v1:bluemix:public:iam::::role:Operator",
                                                    "crn:v1:bluemix:public:iam::::role:Viewer"]
    assert {a["name"]: a["value"] for a in got["resources"][0]["attributes"]} == {
        "serviceName": "is", "resourceType": "backup-policy",
        "accountId": values["ibm_iam_service_id.backup"]["account_id"]}
    assert got["description"] == "operate the backups"
    service = iam.get_policy(policy_id=values["ibm_iam_service_policy.backup"]["id"].split("/")[1]).get_result()
    assert service["subjects"][0]["attributes"] == [{"name": "iam_id",
                                                     "value": values["ibm_iam_service_id.backup"]["iam_id"]}]
    assert [r["role_id"] for r in service["roles"]] == ["crn:v1:bluemix:public:iam::::serviceRole:Reader"]


def sdk(cls, url: str, name: str, **kwargs):
    client = cls(authenticator=IAMAuthenticator("test-key", url=url), **kwargs)
    client.set_service_url(service.sdk_url(url, name))
    return client


def test_the_sdks_see_the_transit_gateway_and_service_id_group_terraform_made(tf, mock_server):  # noqa: F811
    values = shown(tf)
    transit = sdk(TransitGatewayApisV1, mock_server.url, "transit_gateway", version="2024-07-16")
    gateway, connection = values["ibm_tg_gateway.hub"]["id"], values["ibm_tg_connection.vpc"]["connection_id"]
    prefix = values["ibm_tg_connection_prefix_filter.deny"]
    assert prefix["id"] == f"{gateway}/{connection}/{prefix['filter_id']}"
    got = transit.get_transit_gateway_connection_prefix_filter(gateway, connection, prefix["filter_id"]).get_result()
    assert (got["action"], got["prefix"], got["le"]) == ("deny", "10.10.0.0/16", 24)
    report = values["ibm_tg_route_report.hub"]
    assert report["id"] == f"{gateway}/{report['route_report_id']}"
    got = transit.get_transit_gateway_route_report(gateway, report["route_report_id"]).get_result()
    assert got["status"] == report["status"]

    identity = sdk(IamIdentityV1, mock_server.url, "iam_identity")
    group = values["ibm_iam_serviceid_group.backup"]
    got = identity.get_service_id_group(id=group["id"]).get_result()
    assert (got["name"], got["description"], got["entity_tag"]) == (
        "backup-service-ids", "the service IDs of the backups", group["entity_tag"])


def test_the_dns_sdk_sees_the_load_balancer_its_pool_and_monitor_and_the_linked_zone(tf, mock_server):  # noqa: F811
    values = shown(tf)
    dns = sdk(DnsSvcsV1, mock_server.url, "dns_svcs")
    instance, zone = values["ibm_resource_instance.dns"]["guid"], values["ibm_dns_zone.internal"]["zone_id"]
    monitor, pool, glb = (values[a] for a in ("ibm_dns_glb_monitor.http", "ibm_dns_glb_pool.web", "ibm_dns_glb.web"))
    assert (monitor["id"], pool["id"], glb["id"]) == (
        f"{instance}/{monitor['monitor_id']}", f"{instance}/{pool['pool_id']}", f"{instance}/{zone}/{glb['glb_id']}")
    got = dns.get_monitor(instance, monitor["monitor_id"]).get_result()
    assert (got["port"], got["path"], got["headers"]) == (8080, "/health", [{"name": "Host",
                                                                            "value": ["backup.internal"]}])
    got = dns.get_pool(instance, pool["pool_id"]).get_result()
    assert (got["monitor"], [(o["name"], o["address"]) for o in got["origins"]]) == (
        monitor["monitor_id"], [("web-1", "10.10.10.8")])
    got = dns.get_load_balancer(instance, zone, glb["glb_id"]).get_result()
    assert (got["ttl"], got["fallback_pool"], got["default_pools"]) == (120, pool["pool_id"], [pool["pool_id"]])
    linked = values["ibm_dns_linked_zone.linked"]
    linked_instance = values["ibm_resource_instance.dns_linked"]["guid"]
    got = dns.get_linked_zone(linked_instance, linked["id"].split("/")[1]).get_result()
    assert (got["description"], got["label"]) == ("the backups' zone, seen from here", "dev")


def test_each_reimports_by_its_ibm_id_to_an_empty_plan(tf):
    values = shown(tf)
    tf.reimport({address: values[address]["id"] for address in KMS + IAM + TG + DNS})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_a_change_of_roles_replaces_the_policy_document_in_place(tf, iam):
    before = shown(tf)["ibm_iam_access_group_policy.operators"]
    write_config(tf, CONFIG.replace('roles           = ["Operator", "Viewer"]', 'roles           = ["Editor"]'))
    tf.run("apply", "-auto-approve")
    after = shown(tf)["ibm_iam_access_group_policy.operators"]
    assert (after["id"], after["roles"]) == (before["id"], ["Editor"])
    assert after["version"] != before["version"]
    got = iam.get_policy(policy_id=after["id"].split("/")[1]).get_result()
    assert [r["role_id"] for r in got["roles"]] == ["crn:v1:bluemix:public:iam::::role:Editor"]
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_replacing_a_policy_with_a_stale_etag_fails_and_changes_nothing(tf, iam):
    policy_id = shown(tf)["ibm_iam_access_group_policy.operators"]["id"].split("/")[1]
    before = iam.get_policy(policy_id=policy_id)
    with pytest.raises(ApiException) as raised:
        iam.replace_policy(policy_id=policy_id, if_match='"stale"', type="access",
                           subjects=before.get_result()["subjects"], resources=before.get_result()["resources"],
                           roles=[{"role_id": "crn:v1:bluemix:public:iam::::role:Administrator"}])
    assert raised.value.status_code == 412
    after = iam.get_policy(policy_id=policy_id)
    assert (after.get_result(), after.get_headers()["ETag"]) == (before.get_result(), before.get_headers()["ETag"])


def test_an_access_policy_cannot_become_an_authorization(tf, iam):
    policy_id = shown(tf)["ibm_iam_access_group_policy.operators"]["id"].split("/")[1]
    current = iam.get_policy(policy_id=policy_id)
    with pytest.raises(ApiException) as raised:
        iam.replace_policy(policy_id=policy_id, if_match=current.get_headers()["ETag"], type="authorization",
                           subjects=[{"attributes": [{"name": "serviceName", "value": "is"}]}],
                           resources=current.get_result()["resources"], roles=current.get_result()["roles"])
    assert raised.value.status_code == 400
    assert raised.value.message == "A policy's type cannot change from access to authorization"


def test_destroy_destroys_the_key_and_deletes_the_ring_and_the_policies(tf, kp, iam):
    values = shown(tf)
    key = values["ibm_kms_key.root"]
    guid = key["instance_id"]
    tf.run("destroy", "-auto-approve", *[a for address in KMS + IAM + TG + DNS for a in ("-target", address)])
    for address in POLICIES:
        with pytest.raises(ApiException) as raised:
            iam.get_policy(policy_id=values[address]["id"].split("/")[1])
        assert raised.value.status_code == 404
    gone = kp.get_key(id=key["key_id"], bluemix_instance=guid).get_result()["resources"][0]
    assert (gone["state"], gone["aliases"] if "aliases" in gone else []) == (5, [])
    assert [r["id"] for r in kp.list_key_rings(bluemix_instance=guid).get_result()["resources"]] == ["default"]
    tf.run("destroy", "-auto-approve")
    # Nothing is left but the two keys KP holds destroyed (state 5) until they are purged, and the
    # instance's policies, which the IBM provider leaves to go with the instance (the mock keeps
    # both behind the deleted instance, where no call reaches them), and the reclamations of the
    # deleted resource instances, kept 7 days as on IBM Cloud (engine/platform/reclamations.py).
    assert stored(tf.mock) == {"kp_keys": 2, "kp_instance_policies": 1, "reclamations": 3}
