"""IBM types whose platform API is served (context-based restrictions, Resource Controller, IAM
Identity and Access Groups, DNS Services, Transit Gateway), applied through that API with the
real Terraform. Terraform creates; the official SDKs get and list what it made with the values
Terraform shows; the SDK creates and Terraform imports to an empty plan; destroy leaves nothing
in the API or in /stored_resources."""

from __future__ import annotations


import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_cloud_networking_services import DnsSvcsV1, TransitGatewayApisV1
from ibm_platform_services import IamAccessGroupsV2, IamIdentityV1, ResourceControllerV2
from ibm_platform_services.context_based_restrictions_v1 import ContextBasedRestrictionsV1

from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock.engine.generic import service
from vpcmock_provider import registry
from vpcmock.engine.platform.resource_catalogue import plan_named

PLATFORM = '''
provider "ibm" {}

data "ibm_iam_account_settings" "account" {}

resource "ibm_cbr_zone" "office" {
  name        = "office"
  account_id  = data.ibm_iam_account_settings.account.account_id
  description = "the office network"
  addresses {
    type  = "ipAddress"
    value = "169.23.56.234"
  }
  addresses {
    type  = "ipRange"
    value = "169.23.22.0-169.23.22.255"
  }
  excluded {
    type  = "ipAddress"
    value = "169.23.22.10"
  }
}

resource "ibm_cbr_zone_addresses" "vpn" {
  zone_id = ibm_cbr_zone.office.id
  addresses {
    type  = "subnet"
    value = "10.10.0.0/16"
  }
}

resource "ibm_cbr_rule" "backups" {
  description      = "backups from the office only"
  enforcement_mode = "report"
  contexts {
    attributes {
      name  = "networkZoneId"
      value = ibm_cbr_zone.office.id
    }
  }
  resources {
    attributes {
      name  = "accountId"
      value = data.ibm_iam_account_settings.account.account_id
    }
    attributes {
      name     = "serviceName"
      value    = "is"
    }
    tags {
      name  = "env"
      value = "prod"
    }
  }
  operations {
    api_types {
      api_type_id = "crn:v1:bluemix:public:context-based-restrictions::::api-type:"
    }
  }
}

resource "ibm_resource_instance" "kms" {
  name     = "backup-keys"
  service  = "kms"
  plan     = "tiered-pricing"
  location = "us-south"
  tags     = ["backup"]
}

resource "ibm_resource_instance" "cos" {
  name              = "backup-archive"
  service           = "cloud-object-storage"
  plan              = "standard"
  location          = "global"
  resource_group_id = data.ibm_resource_group.default.id
  parameters = {
    "HMAC" = "true"
  }
}

resource "ibm_resource_key" "cos_writer" {
  name                 = "archive-writer"
  resource_instance_id = ibm_resource_instance.cos.id
  role                 = "Writer"
}

data "ibm_resource_group" "default" {
  is_default = true
}

resource "ibm_iam_service_id" "backup" {
  name        = "backup-automation"
  description = "runs the backup jobs"
  tags        = ["backup"]
}

resource "ibm_iam_service_api_key" "backup" {
  name           = "backup-automation-key"
  iam_service_id = ibm_iam_service_id.backup.iam_id
  description    = "for the scheduler"
}

resource "ibm_iam_api_key" "mine" {
  name        = "my-key"
  description = "personal"
}

resource "ibm_iam_trusted_profile" "ci" {
  name        = "ci-profile"
  description = "the CI pipeline"
}

resource "ibm_iam_trusted_profile_claim_rule" "ci" {
  profile_id = ibm_iam_trusted_profile.ci.id
  type       = "Profile-SAML"
  name       = "ci-rule"
  realm_name = "https://sso.example.com/sso"
  expiration = 43200
  conditions {
    claim    = "blueGroups"
    operator = "CONTAINS"
    value    = "\\"ci\\""
  }
}

resource "ibm_iam_trusted_profile_link" "cluster" {
  profile_id = ibm_iam_trusted_profile.ci.id
  cr_type    = "IKS_SA"
  name       = "ci-runner"
  link {
    crn       = "crn:v1:bluemix:public:containers-kubernetes:us-south:a/abc123::cluster:c0ffee"
    namespace = "ci"
    name      = "runner"
  }
}

resource "ibm_iam_access_group" "operators" {
  name        = "backup-operators"
  description = "operate backups"
}

resource "ibm_iam_access_group_dynamic_rule" "managers" {
  name              = "managers"
  access_group_id   = ibm_iam_access_group.operators.id
  expiration        = 12
  identity_provider = "https://idp.example.org/SAML2"
  conditions {
    claim    = "isManager"
    operator = "EQUALS"
    value    = "true"
  }
}

resource "ibm_is_vpc" "vpc" {
  name = "backup-vpc"
}

resource "ibm_resource_instance" "dns" {
  name     = "backup-dns"
  service  = "dns-svcs"
  plan     = "standard-dns"
  location = "global"
}

resource "ibm_dns_zone" "internal" {
  name        = "backup.internal"
  instance_id = ibm_resource_instance.dns.guid
  description = "private zone"
  label       = "internal"
}

resource "ibm_dns_permitted_network" "vpc" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  vpc_crn     = ibm_is_vpc.vpc.crn
  type        = "vpc"
}

resource "ibm_dns_resource_record" "api" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  type        = "A"
  name        = "api"
  rdata       = "10.240.0.10"
  ttl         = 3600
}

resource "ibm_dns_resource_record" "mail" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  type        = "MX"
  name        = "mail"
  rdata       = "mx.backup.internal"
  preference  = 10
}

resource "ibm_tg_gateway" "hub" {
  name     = "backup-hub"
  location = "us-south"
  global   = false
  tags     = ["backup"]
}

resource "ibm_tg_connection" "vpc" {
  gateway      = ibm_tg_gateway.hub.id
  network_type = "vpc"
  name         = "backup-vpc"
  network_id   = ibm_is_vpc.vpc.crn
}

data "ibm_cbr_zone" "office" {
  zone_id = ibm_cbr_zone.office.id
}

data "ibm_cbr_rule" "backups" {
  rule_id = ibm_cbr_rule.backups.id
}

data "ibm_resource_instance" "kms" {
  name    = ibm_resource_instance.kms.name
  service = "kms"
}

data "ibm_resource_key" "writer" {
  name                 = ibm_resource_key.cos_writer.name
  resource_instance_id = ibm_resource_instance.cos.guid
}

output "kms_from_data" {
  value = [data.ibm_resource_instance.kms.guid, data.ibm_resource_instance.kms.plan,
           data.ibm_resource_instance.kms.location, data.ibm_resource_instance.kms.status]
}

output "key_from_data" {
  value = data.ibm_resource_key.writer.crn
}

data "ibm_iam_service_id" "backup" {
  name = ibm_iam_service_id.backup.name
}

data "ibm_dns_resource_records" "internal" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  depends_on  = [ibm_dns_resource_record.api, ibm_dns_resource_record.mail]
}

data "ibm_tg_gateway" "hub" {
  name       = ibm_tg_gateway.hub.name
  depends_on = [ibm_tg_connection.vpc]
}

data "ibm_iam_access_group" "operators" {
  access_group_name = ibm_iam_access_group.operators.name
  depends_on        = [ibm_iam_access_group_dynamic_rule.managers]
}

data "ibm_iam_trusted_profile_links" "ci" {
  profile_id = ibm_iam_trusted_profile.ci.id
  depends_on = [ibm_iam_trusted_profile_link.cluster]
}

data "ibm_iam_trusted_profiles" "ci" {
  account_id = data.ibm_iam_account_settings.account.account_id
  name       = ibm_iam_trusted_profile.ci.name
}

output "group_rules" {
  value = [for g in data.ibm_iam_access_group.operators.groups : [for r in g.rules : r.identity_provider]]
}

output "profile_links" {
  value = [for l in data.ibm_iam_trusted_profile_links.ci.links : l.link[0].namespace]
}

output "profiles" {
  value = [for p in data.ibm_iam_trusted_profiles.ci.profiles : p.id]
}

output "service_ids" {
  value = [for s in data.ibm_iam_service_id.backup.service_ids : s.iam_id]
}

output "records" {
  value = sort([for r in data.ibm_dns_resource_records.internal.dns_resource_records : "${r.type} ${r.rdata}"])
}

output "hub_connections" {
  value = [for c in data.ibm_tg_gateway.hub.connections : c.network_id]
}

output "zone_from_data" {
  value = [data.ibm_cbr_zone.office.name, data.ibm_cbr_zone.office.crn]
}

output "rule_from_data" {
  value = data.ibm_cbr_rule.backups.contexts[0].attributes[0].value
}
'''


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "platform-api", PLATFORM)


def sdk(cls, url: str, name: str):
    client = cls(authenticator=IAMAuthenticator("test-key", url=url))
    client.set_service_url(service.sdk_url(url, name))
    return client


@pytest.fixture(scope="module")
def cbr(mock_server):  # noqa: F811
    return sdk(ContextBasedRestrictionsV1, mock_server.url, "context_based_restrictions")


@pytest.fixture(scope="module")
def controller(mock_server):  # noqa: F811
    return sdk(ResourceControllerV2, mock_server.url, "resource_controller")


@pytest.fixture(scope="module")
def identity(mock_server):  # noqa: F811
    return sdk(IamIdentityV1, mock_server.url, "iam_identity")


@pytest.fixture(scope="module")
def groups(mock_server):  # noqa: F811
    return sdk(IamAccessGroupsV2, mock_server.url, "iam_access_groups")


@pytest.fixture(scope="module")
def dns(mock_server):  # noqa: F811
    return sdk(DnsSvcsV1, mock_server.url, "dns_svcs")


@pytest.fixture(scope="module")
def transit(mock_server):  # noqa: F811
    client = TransitGatewayApisV1(version="2024-03-26", authenticator=IAMAuthenticator("test-key", url=mock_server.url))
    client.set_service_url(service.sdk_url(mock_server.url, "transit_gateway"))
    return client


def test_the_configuration_applies_and_plans_clean(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_platform_types_are_served_through_their_apis_not_stored(tf):
    made = {r["type"] for r in tf.resources() if r["mode"] == "managed"} - {"ibm_is_vpc"}
    assert made <= set(registry.API_RESOURCES)
    assert not stored_types(tf) & made


def test_a_cbr_zone_terraform_made_the_sdk_gets_with_the_values_terraform_shows(tf, cbr):
    tf.run("apply", "-refresh-only", "-auto-approve")  # the zone's ETag since the addresses joined it
    zone = managed(tf)["ibm_cbr_zone.office"]
    got = cbr.get_zone(zone_id=zone["id"])
    body = got.get_result()
    assert (body["name"], body["description"], body["crn"], body["href"]) == \
        ("office", "the office network", zone["crn"], zone["href"])
    assert body["excluded"] == [{"type": "ipAddress", "value": "169.23.22.10"}]
    assert zone["etag"] == got.get_headers()["ETag"]
    assert zone["id"] in [z["id"] for z in cbr.list_zones(account_id=zone["account_id"]).get_result()["zones"]]


def test_zone_addresses_join_the_zone_and_the_zone_plans_only_its_own(tf, cbr):
    made = managed(tf)
    zone = made["ibm_cbr_zone.office"]
    body = cbr.get_zone(zone_id=zone["id"]).get_result()
    assert [(a["type"], a["value"]) for a in body["addresses"]] == [
        ("ipAddress", "169.23.56.234"), ("ipRange", "169.23.22.0-169.23.22.255"), ("subnet", "10.10.0.0/16")]
    assert [a["value"] for a in zone["addresses"]] == ["169.23.56.234", "169.23.22.0-169.23.22.255"]
    added = made["ibm_cbr_zone_addresses.vpn"]
    assert added["id"].startswith(zone["id"] + "/TF-")
    assert [a["value"] for a in added["addresses"]] == ["10.10.0.0/16"]


def test_a_cbr_rule_terraform_made_the_sdk_gets_with_its_contexts_resources_and_operations(tf, cbr):
    rule = managed(tf)["ibm_cbr_rule.backups"]
    body = cbr.get_rule(rule_id=rule["id"]).get_result()
    assert body["contexts"] == [{"attributes": [{"name": "networkZoneId",
                                                 "value": managed(tf)["ibm_cbr_zone.office"]["id"]}]}]
    assert sorted(a["name"] for a in body["resources"][0]["attributes"]) == ["accountId", "serviceName"]
    assert body["resources"][0]["tags"] == [{"name": "env", "value": "prod"}]
    assert body["operations"] == {"api_types": [
        {"api_type_id": "crn:v1:bluemix:public:context-based-restrictions::::api-type:"}]}
    assert (body["enforcement_mode"], body["crn"]) == ("report", rule["crn"])
    assert rule["id"] in [r["id"] for r in cbr.list_rules(account_id=rule["crn"].split(":")[6][2:])
                          .get_result()["rules"]]


def test_cbr_data_sources_read_through_the_api(tf):
    outputs = tf.outputs()
    zone = managed(tf)["ibm_cbr_zone.office"]
    assert outputs["zone_from_data"] == ["office", zone["crn"]]
    assert outputs["rule_from_data"] == zone["id"]


def test_a_changed_zone_is_replaced_in_place_keeping_the_added_addresses(tf, cbr):
    write_config(tf, PLATFORM.replace('"the office network"', '"the new office"'))
    before = managed(tf)["ibm_cbr_zone.office"]
    tf.run("apply", "-auto-approve")
    after = managed(tf)["ibm_cbr_zone.office"]
    assert after["id"] == before["id"] and after["etag"] != before["etag"]
    body = cbr.get_zone(zone_id=after["id"]).get_result()
    assert body["description"] == "the new office"
    assert "10.10.0.0/16" in [a["value"] for a in body["addresses"]]
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_a_zone_the_sdk_made_terraform_imports_to_an_empty_plan(tf, cbr):
    account = managed(tf)["ibm_cbr_zone.office"]["account_id"]
    made = cbr.create_zone(name="from-sdk", account_id=account, description="made by the SDK",
                           addresses=[{"type": "ipAddress", "value": "10.0.0.1"}]).get_result()
    (tf.workdir / "imported.tf").write_text(f'''
resource "ibm_cbr_zone" "sdk" {{
  name        = "from-sdk"
  account_id  = "{account}"
  description = "made by the SDK"
  addresses {{
    type  = "ipAddress"
    value = "10.0.0.1"
  }}
}}
''')
    tf.run("import", "ibm_cbr_zone.sdk", made["id"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    assert managed(tf)["ibm_cbr_zone.sdk"]["crn"] == made["crn"]


def test_resource_instances_terraform_made_the_sdk_gets_by_the_ids_the_ibm_provider_sets(tf, controller):
    made = managed(tf)
    for address, plan in (("ibm_resource_instance.kms", None),
                          ("ibm_resource_instance.cos", "744bfc56-d12c-4866-88d5-dac9139e0e5d")):
        instance = made[address]
        assert instance["id"] == instance["crn"] and instance["crn"].endswith(f":{instance['guid']}::")
        got = controller.get_resource_instance(id=instance["guid"]).get_result()
        assert (got["id"], got["crn"], got["guid"], got["name"], got["state"]) == \
            (instance["id"], instance["crn"], instance["guid"], instance["name"], instance["status"])
        assert got["resource_plan_id"] == instance["resource_plan_id"] == (plan or got["resource_plan_id"])
        assert got["resource_group_id"] == instance["resource_group_id"]
        assert got["region_id"] == instance["location"]  # the target it was created in
    cos = controller.get_resource_instance(id=made["ibm_resource_instance.cos"]["guid"]).get_result()
    assert cos["parameters"] == {"HMAC": "true"}
    assert made["ibm_resource_instance.kms"]["tags"] == ["backup"]
    listed = controller.list_resource_instances().get_result()["resources"]
    assert sorted(i["name"] for i in listed) == ["backup-archive", "backup-dns", "backup-keys"]


def test_a_resource_key_terraform_made_the_sdk_gets_under_its_instance(tf, controller):
    made = managed(tf)
    key = made["ibm_resource_key.cos_writer"]
    got = controller.get_resource_key(id=key["guid"]).get_result()
    assert (got["id"], got["crn"], got["name"]) == (key["id"], key["crn"], "archive-writer")
    assert got["source_crn"] == made["ibm_resource_instance.cos"]["crn"] == key["resource_instance_id"]
    assert key["role"] == "Writer"


def test_resource_controller_data_sources_find_by_name_and_what_was_kept(tf):
    outputs, made = tf.outputs(), managed(tf)
    assert outputs["kms_from_data"] == [made["ibm_resource_instance.kms"]["guid"], "tiered-pricing", "us-south",
                                        "active"]
    assert outputs["key_from_data"] == made["ibm_resource_key.cos_writer"]["crn"]


def test_a_service_id_and_its_api_key_terraform_made_the_sdk_gets_and_lists(tf, identity):
    made = managed(tf)
    sid = made["ibm_iam_service_id.backup"]
    got = identity.get_service_id(id=sid["id"]).get_result()
    assert (got["name"], got["description"], got["iam_id"], got["crn"], got["entity_tag"]) == \
        ("backup-automation", "runs the backup jobs", sid["iam_id"], sid["crn"], sid["version"])
    assert sid["tags"] == ["backup"]
    listed = identity.list_service_ids(account_id=sid["account_id"]).get_result()["serviceids"]
    assert [s["id"] for s in listed] == [sid["id"]]
    key = made["ibm_iam_service_api_key.backup"]
    got = identity.get_api_key(id=key["id"]).get_result()
    assert (got["iam_id"], got["name"], got["description"], got["crn"]) == \
        (sid["iam_id"], "backup-automation-key", "for the scheduler", key["crn"])
    assert key["apikey"] == got["apikey"] and len(key["apikey"]) == 44


def test_the_callers_api_key_belongs_to_the_callers_iam_id(tf, identity):
    key = managed(tf)["ibm_iam_api_key.mine"]
    got = identity.get_api_key(id=key["apikey_id"]).get_result()
    assert got["iam_id"].startswith("iam-ServiceId-") and got["name"] == "my-key"
    assert (key["id"], key["entity_lock"], key["iam_id"]) == (got["id"], "false", got["iam_id"])


def test_a_trusted_profile_and_its_claim_rule_terraform_made_the_sdk_gets(tf, identity):
    made = managed(tf)
    profile = made["ibm_iam_trusted_profile.ci"]
    got = identity.get_profile(profile_id=profile["id"]).get_result()
    assert (got["name"], got["description"], got["crn"]) == ("ci-profile", "the CI pipeline", profile["crn"])
    rule = made["ibm_iam_trusted_profile_claim_rule.ci"]
    assert rule["id"] == f"{profile['id']}/{rule['rule_id']}"
    got = identity.get_claim_rule(profile_id=profile["id"], rule_id=rule["rule_id"]).get_result()
    assert (got["type"], got["realm_name"], got["expiration"], got["conditions"]) == \
        ("Profile-SAML", "https://sso.example.com/sso", 43200,
         [{"claim": "blueGroups", "operator": "CONTAINS", "value": '"ci"'}])


def test_a_trusted_profile_link_terraform_made_the_sdk_gets(tf, identity):
    made = managed(tf)
    profile, link = made["ibm_iam_trusted_profile.ci"], made["ibm_iam_trusted_profile_link.cluster"]
    assert link["id"] == f"{profile['id']}/{link['link_id']}"
    got = identity.get_link(profile_id=profile["id"], link_id=link["link_id"]).get_result()
    assert (got["cr_type"], got["name"], got["link"]) == ("IKS_SA", "ci-runner", {
        "crn": "crn:v1:bluemix:public:containers-kubernetes:us-south:a/abc123::cluster:c0ffee", "namespace": "ci",
        "name": "runner"})


def test_an_access_group_and_its_dynamic_rule_terraform_made_the_sdk_gets(tf, groups):
    made = managed(tf)
    group = made["ibm_iam_access_group.operators"]
    got = groups.get_access_group(access_group_id=group["id"])
    assert (got.get_result()["name"], got.get_result()["description"]) == ("backup-operators", "operate backups")
    assert group["version"] == got.get_headers()["ETag"]
    rule = made["ibm_iam_access_group_dynamic_rule.managers"]
    assert rule["id"] == f"{group['id']}/{rule['rule_id']}"
    got = groups.get_access_group_rule(access_group_id=group["id"], rule_id=rule["rule_id"]).get_result()
    assert (got["realm_name"], got["expiration"], got["conditions"]) == \
        ("https://idp.example.org/SAML2", 12, [{"claim": "isManager", "operator": "EQUALS", "value": "true"}])


def test_iam_changes_go_through_the_api_in_place(tf, identity, groups):
    before = managed(tf)
    write_config(tf, PLATFORM.replace('"runs the backup jobs"', '"runs the nightly jobs"')
                 .replace('"operate backups"', '"operate the backups"').replace("expiration        = 12",
                                                                                "expiration        = 24"))
    tf.run("apply", "-auto-approve")
    after = managed(tf)
    sid = after["ibm_iam_service_id.backup"]
    assert sid["id"] == before["ibm_iam_service_id.backup"]["id"]
    assert identity.get_service_id(id=sid["id"]).get_result()["description"] == "runs the nightly jobs"
    group = after["ibm_iam_access_group.operators"]
    assert groups.get_access_group(access_group_id=group["id"]).get_result()["description"] == "operate the backups"
    rule = after["ibm_iam_access_group_dynamic_rule.managers"]
    assert groups.get_access_group_rule(access_group_id=group["id"], rule_id=rule["rule_id"]).get_result()[
        "expiration"] == 24
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    write_config(tf, PLATFORM)
    tf.run("apply", "-auto-approve")


def test_a_service_id_the_sdk_made_terraform_imports_to_an_empty_plan(tf, identity):
    account = managed(tf)["ibm_iam_service_id.backup"]["account_id"]
    made = identity.create_service_id(account_id=account, name="sdk-service", description="from the SDK").get_result()
    (tf.workdir / "imported_iam.tf").write_text('''
resource "ibm_iam_service_id" "sdk" {
  name        = "sdk-service"
  description = "from the SDK"
}
''')
    tf.run("import", "ibm_iam_service_id.sdk", made["id"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    assert managed(tf)["ibm_iam_service_id.sdk"]["iam_id"] == made["iam_id"]


def test_dns_zone_records_and_permitted_network_terraform_made_the_sdk_lists(tf, dns):
    made = managed(tf)
    instance = made["ibm_resource_instance.dns"]["guid"]
    zone = made["ibm_dns_zone.internal"]
    assert zone["id"] == f"{instance}/{zone['zone_id']}"
    zones = dns.list_dnszones(instance_id=instance).get_result()["dnszones"]
    assert [(z["id"], z["name"], z["description"], z["label"]) for z in zones] == \
        [(zone["zone_id"], "backup.internal", "private zone", "internal")]
    records = {r["id"]: r for r in dns.list_resource_records(instance_id=instance, dnszone_id=zone["zone_id"])
               .get_result()["resource_records"]}
    api, mail = made["ibm_dns_resource_record.api"], made["ibm_dns_resource_record.mail"]
    assert api["id"] == f"{instance}/{zone['zone_id']}/{api['resource_record_id']}"
    assert (records[api["resource_record_id"]]["rdata"], records[api["resource_record_id"]]["ttl"]) == \
        ({"ip": "10.240.0.10"}, 3600)
    assert records[mail["resource_record_id"]]["rdata"] == {"exchange": "mx.backup.internal", "preference": 10}
    networks = dns.list_permitted_networks(instance_id=instance, dnszone_id=zone["zone_id"]).get_result()
    assert [n["permitted_network"]["vpc_crn"] for n in networks["permitted_networks"]] == \
        [made["ibm_is_vpc.vpc"]["crn"]] == [made["ibm_dns_permitted_network.vpc"]["vpc_crn"]]


def test_a_transit_gateway_and_its_vpc_connection_terraform_made_the_sdk_gets(tf, transit):
    made = managed(tf)
    hub = made["ibm_tg_gateway.hub"]
    got = transit.get_transit_gateway(id=hub["id"]).get_result()
    assert (got["name"], got["location"], got["global"], got["crn"], got["status"]) == \
        ("backup-hub", "us-south", False, hub["crn"], hub["status"])
    assert [g["id"] for g in transit.list_transit_gateways().get_result()["transit_gateways"]] == [hub["id"]]
    connection = made["ibm_tg_connection.vpc"]
    assert connection["id"] == f"{hub['id']}/{connection['connection_id']}"
    got = transit.get_transit_gateway_connection(transit_gateway_id=hub["id"], id=connection["connection_id"])
    assert (got.get_result()["network_type"], got.get_result()["network_id"], got.get_result()["name"]) == \
        ("vpc", made["ibm_is_vpc.vpc"]["crn"], "backup-vpc")


def test_a_dns_record_change_replaces_its_data_in_place(tf, dns):
    before = managed(tf)["ibm_dns_resource_record.api"]
    write_config(tf, PLATFORM.replace('"10.240.0.10"', '"10.240.0.20"'))
    tf.run("apply", "-auto-approve")
    after = managed(tf)["ibm_dns_resource_record.api"]
    assert after["id"] == before["id"] and after["rdata"] == "10.240.0.20"
    instance, zone, record = after["id"].split("/")
    assert dns.get_resource_record(instance_id=instance, dnszone_id=zone, record_id=record).get_result()["rdata"] \
        == {"ip": "10.240.0.20"}
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    write_config(tf, PLATFORM)
    tf.run("apply", "-auto-approve")


def test_iam_dns_and_transit_data_sources_list_through_the_apis(tf):
    outputs, made = tf.outputs(), managed(tf)
    assert outputs["service_ids"] == [made["ibm_iam_service_id.backup"]["iam_id"]]
    assert outputs["records"] == ["A 10.240.0.10", "MX mx.backup.internal"]
    assert outputs["hub_connections"] == [made["ibm_is_vpc.vpc"]["crn"]]
    assert outputs["group_rules"] == [["https://idp.example.org/SAML2"]]
    assert outputs["profile_links"] == ["ci"]
    assert outputs["profiles"] == [made["ibm_iam_trusted_profile.ci"]["id"]]


def test_an_import_id_of_the_wrong_form_fails_with_the_form_it_takes(tf):
    (tf.workdir / "bad_import.tf").write_text('''
resource "ibm_dns_zone" "bad" {
  name        = "bad.internal"
  instance_id = "not-used"
}
''')
    failed = tf.run("import", "ibm_dns_zone.bad", "no-instance-part", check=False)
    (tf.workdir / "bad_import.tf").unlink()
    assert failed.returncode == 1
    assert "The id of ibm_dns_zone is <instance_id>/<id>, got 'no-instance-part'" in " ".join(failed.stderr.split())


def test_a_kms_instance_the_sdk_made_terraform_imports_to_an_empty_plan(tf, controller):
    group = managed(tf)["ibm_resource_instance.cos"]["resource_group_id"]
    made = controller.create_resource_instance(name="sdk-keys", target="us-east", resource_group=group,
                                               resource_plan_id=plan_named("kms", "tiered-pricing").id).get_result()
    (tf.workdir / "imported_kms.tf").write_text('''
resource "ibm_resource_instance" "sdk" {
  name     = "sdk-keys"
  service  = "kms"
  plan     = "tiered-pricing"
  location = "us-east"
}
''')
    tf.run("import", "ibm_resource_instance.sdk", made["id"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    imported = managed(tf)["ibm_resource_instance.sdk"]
    assert (imported["guid"], imported["service"], imported["location"]) == (made["guid"], "kms", "us-east")


def test_every_resource_reimports_by_its_ibm_id_to_an_empty_plan(tf):
    # A zone with addresses an ibm_cbr_zone_addresses added, and those addresses, import all
    # of the zone's addresses (the API tells no address's owner: api_types.CbrZone).
    shared = {"ibm_cbr_zone.office", "ibm_cbr_zone_addresses.vpn"}
    ids = {address: values["id"] for address, values in managed(tf).items() if address not in shared}
    tf.run("state", "rm", *ids)
    (tf.workdir / "imports.tf").write_text("".join(f'\nimport {{\n  to = {address}\n  id = "{ident}"\n}}\n'
                                                   for address, ident in ids.items()))
    applied = tf.run("apply", "-auto-approve").stdout
    (tf.workdir / "imports.tf").unlink()
    assert f"Apply complete! Resources: {len(ids)} imported, 0 added, 0 changed, 0 destroyed." in applied
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_destroy_removes_everything_from_the_apis(tf, cbr, controller, identity, groups, transit):
    made = managed(tf)
    tf.run("destroy", "-auto-approve")
    for address in ("ibm_cbr_zone.office", "ibm_cbr_zone.sdk"):
        with pytest.raises(ApiException) as gone:
            cbr.get_zone(zone_id=made[address]["id"])
        assert gone.value.status_code == 404
    with pytest.raises(ApiException) as gone:
        cbr.get_rule(rule_id=made["ibm_cbr_rule.backups"]["id"])
    assert gone.value.status_code == 404
    assert controller.list_resource_instances().get_result()["resources"] == []
    assert controller.list_resource_keys().get_result()["resources"] == []
    account = made["ibm_iam_service_id.backup"]["account_id"]
    assert identity.list_service_ids(account_id=account).get_result()["serviceids"] == []
    assert identity.list_api_keys(account_id=account).get_result()["apikeys"] == []
    assert identity.list_profiles(account_id=account).get_result()["profiles"] == []
    assert groups.list_access_groups(account_id=account).get_result()["groups"] == []
    assert transit.list_transit_gateways().get_result()["transit_gateways"] == []
    assert requests.get(f"{tf.mock.url}/mock/state").json()["counts"].get("stored_resources", 0) == 0
