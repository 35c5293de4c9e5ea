"""DNS Services' custom resolvers (with their forwarding rules and secondary zones), Transit
Gateway's connection actions and redundant GRE tunnels, and the VPC's one-shot operation types,
through their APIs with the real Terraform: applied in one configuration, planned clean, seen by
the official SDKs as Terraform shows them, re-imported by their IBM ids to an empty plan, and
destroyed."""

from __future__ import annotations

import pytest
import requests
from ibm_cloud_networking_services import DnsSvcsV1, TransitGatewayApisV1
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator

from terraform_support import applied, managed
from conftest import UBUNTU, sdk_client
from test_terraform import mock_server  # noqa: F401  (fixture)
from vpcmock.engine.generic import service
from vpcmock_provider import registry

OTHER_ACCOUNT = "0123456789abcdef0123456789abcdef"

CONFIG = f'''
provider "ibm" {{}}

resource "ibm_is_vpc" "hub" {{
  name = "resolver-vpc"
}}

resource "ibm_is_subnet" "a" {{
  name                     = "resolver-a"
  vpc                      = ibm_is_vpc.hub.id
  zone                     = "us-south-1"
  ipv4_cidr_block          = "10.240.0.0/24"
}}

resource "ibm_is_subnet" "b" {{
  name                     = "resolver-b"
  vpc                      = ibm_is_vpc.hub.id
  zone                     = "us-south-2"
  ipv4_cidr_block          = "10.240.64.0/24"
}}

resource "ibm_resource_instance" "dns" {{
  name     = "resolver-dns"
  service  = "dns-svcs"
  plan     = "standard-dns"
  location = "global"
}}

resource "ibm_dns_custom_resolver" "resolver" {{
  instance_id = ibm_resource_instance.dns.guid
  name        = "hub-resolver"
  description = "resolves for the hub"
  profile     = "essential"
  locations {{
    subnet_crn = ibm_is_subnet.a.crn
    enabled    = true
  }}
  locations {{
    subnet_crn = ibm_is_subnet.b.crn
    enabled    = false
  }}
}}

resource "ibm_dns_custom_resolver_forwarding_rule" "corp" {{
  instance_id = ibm_resource_instance.dns.guid
  resolver_id = ibm_dns_custom_resolver.resolver.custom_resolver_id
  description = "to the corporate DNS"
  type        = "zone"
  match       = "corp.example.com"
  forward_to  = ["10.0.0.53"]
}}

resource "ibm_dns_custom_resolver_secondary_zone" "secondary" {{
  instance_id   = ibm_resource_instance.dns.guid
  resolver_id   = ibm_dns_custom_resolver.resolver.custom_resolver_id
  zone          = "example.org"
  transfer_from = ["10.0.0.8"]
  enabled       = true
  description   = "a copy of example.org"
}}

data "ibm_dns_custom_resolvers" "all" {{
  instance_id = ibm_dns_custom_resolver.resolver.instance_id
}}

data "ibm_dns_custom_resolver_forwarding_rules" "rules" {{
  instance_id = ibm_dns_custom_resolver_forwarding_rule.corp.instance_id
  resolver_id = ibm_dns_custom_resolver_forwarding_rule.corp.resolver_id
}}

data "ibm_dns_custom_resolver_secondary_zones" "zones" {{
  instance_id = ibm_dns_custom_resolver_secondary_zone.secondary.instance_id
  resolver_id = ibm_dns_custom_resolver_secondary_zone.secondary.resolver_id
}}

output "resolvers" {{
  value = data.ibm_dns_custom_resolvers.all.custom_resolvers
}}

output "rules" {{
  value = data.ibm_dns_custom_resolver_forwarding_rules.rules.rules
}}

output "secondary_zones" {{
  value = data.ibm_dns_custom_resolver_secondary_zones.zones.secondary_zones
}}

resource "ibm_tg_gateway" "hub" {{
  name     = "hub-gateway"
  location = "us-south"
  global   = false
}}

resource "ibm_tg_connection" "partner" {{
  gateway            = ibm_tg_gateway.hub.id
  network_type       = "vpc"
  name               = "partner-vpc"
  network_id         = "crn:v1:bluemix:public:is:us-south:a/{OTHER_ACCOUNT}::vpc:r006-0a1b2c3d-partner"
  network_account_id = "{OTHER_ACCOUNT}"
}}

resource "ibm_tg_connection_action" "approve" {{
  gateway       = ibm_tg_gateway.hub.id
  connection_id = ibm_tg_connection.partner.connection_id
  action        = "approve"
}}

resource "ibm_tg_connection" "gre" {{
  gateway           = ibm_tg_gateway.hub.id
  network_type      = "redundant_gre"
  base_network_type = "classic"
  name              = "classic-gre"
}}

resource "ibm_tg_connection_rgre_tunnel" "first" {{
  gateway           = ibm_tg_gateway.hub.id
  connection_id     = ibm_tg_connection.gre.connection_id
  name              = "gre-tunnel-1"
  local_gateway_ip  = "192.168.100.1"
  local_tunnel_ip   = "192.168.101.1"
  remote_gateway_ip = "10.242.63.12"
  remote_tunnel_ip  = "192.168.101.2"
  remote_bgp_asn    = 65010
  zone              = "us-south-1"
}}
'''
DNS = ("ibm_dns_custom_resolver.resolver", "ibm_dns_custom_resolver_forwarding_rule.corp",
       "ibm_dns_custom_resolver_secondary_zone.secondary")
TG = ("ibm_tg_connection_action.approve", "ibm_tg_connection_rgre_tunnel.first")


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "dns-tg-oneshot", CONFIG)


def sdk(cls, url: str, name: str, **kwargs):
    client = cls(authenticator=IAMAuthenticator("test-key", url=url), **kwargs)
    client.set_service_url(service.sdk_url(url, name))
    return client


def test_the_configuration_plans_clean_after_apply(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_custom_resolver_is_enabled_healthy_and_holds_an_address_in_each_subnet(tf):
    values = managed(tf)
    made = values["ibm_dns_custom_resolver.resolver"]
    instance = values["ibm_resource_instance.dns"]["guid"]
    assert made["id"] == f"{made['custom_resolver_id']}:{instance}"
    assert (made["enabled"], made["health"], made["profile"], made["allow_disruptive_updates"]) == (
        True, "HEALTHY", "essential", False)
    assert [(loc["subnet_crn"], loc["enabled"], loc["healthy"], loc["dns_server_ip"]) for loc in made["locations"]] == [
        (values["ibm_is_subnet.a"]["crn"], True, True, "10.240.0.4"),
        (values["ibm_is_subnet.b"]["crn"], False, False, "10.240.64.4")]


def test_the_dns_sdk_sees_the_resolver_its_rule_and_secondary_zone_terraform_made(tf):
    values = managed(tf)
    dns = sdk(DnsSvcsV1, tf.mock.url, "dns_svcs")
    made = values["ibm_dns_custom_resolver.resolver"]
    instance, resolver = made["instance_id"], made["custom_resolver_id"]
    got = dns.get_custom_resolver(instance, resolver).get_result()
    assert (got["name"], got["description"], got["enabled"], got["health"]) == (
        "hub-resolver", "resolves for the hub", True, "HEALTHY")
    assert [loc["id"] for loc in got["locations"]] == [loc["location_id"] for loc in made["locations"]]
    rule = values["ibm_dns_custom_resolver_forwarding_rule.corp"]
    assert rule["id"] == f"{rule['rule_id']}:{resolver}:{instance}"
    got = dns.get_forwarding_rule(instance, resolver, rule["rule_id"]).get_result()
    assert (got["type"], got["match"], got["forward_to"], got["description"]) == (
        "zone", "corp.example.com", ["10.0.0.53"], "to the corporate DNS")
    zone = values["ibm_dns_custom_resolver_secondary_zone.secondary"]
    assert zone["id"] == f"{instance}/{resolver}/{zone['secondary_zone_id']}"
    got = dns.get_secondary_zone(instance, resolver, zone["secondary_zone_id"]).get_result()
    assert (got["zone"], got["transfer_from"], got["enabled"]) == ("example.org", ["10.0.0.8"], True)


def test_the_dns_data_sources_list_what_the_api_holds(tf):
    values, outputs = managed(tf), tf.outputs()
    made = values["ibm_dns_custom_resolver.resolver"]
    [listed] = outputs["resolvers"]
    assert (listed["custom_resolver_id"], listed["health"], listed["profile"], listed["allow_disruptive_updates"]) == (
        made["custom_resolver_id"], "HEALTHY", "essential", False)
    assert listed["locations"] == made["locations"]
    rule = values["ibm_dns_custom_resolver_forwarding_rule.corp"]
    assert [(r["rule_id"], r["match"], r["forward_to"]) for r in outputs["rules"]] == [
        (rule["rule_id"], "corp.example.com", ["10.0.0.53"])]
    zone = values["ibm_dns_custom_resolver_secondary_zone.secondary"]
    assert [(z["secondary_zone_id"], z["zone"]) for z in outputs["secondary_zones"]] == [
        (zone["secondary_zone_id"], "example.org")]


def test_the_approved_connection_is_attached_and_the_tunnel_is_the_sdks(tf):
    values = managed(tf)
    transit = sdk(TransitGatewayApisV1, tf.mock.url, "transit_gateway", version="2024-07-08")
    gateway = values["ibm_tg_gateway.hub"]["id"]
    action = values["ibm_tg_connection_action.approve"]
    connection = values["ibm_tg_connection.partner"]["connection_id"]
    assert (action["id"], action["action"]) == (f"{gateway}/{connection}", "approve")
    got = transit.get_transit_gateway_connection(gateway, connection).get_result()
    assert (got["status"], got["request_status"], got["network_account_id"]) == ("attached", "approved", OTHER_ACCOUNT)
    tunnel = values["ibm_tg_connection_rgre_tunnel.first"]
    gre = values["ibm_tg_connection.gre"]["connection_id"]
    assert tunnel["id"] == f"{gateway}/{gre}/{tunnel['tunnel_id']}"
    got = transit.get_transit_gateway_connection_tunnels(gateway, gre, tunnel["tunnel_id"]).get_result()
    assert (got["name"], got["zone"], got["remote_bgp_asn"], got["local_tunnel_ip"]) == (
        "gre-tunnel-1", {"name": "us-south-1"}, 65010, "192.168.101.1")


def test_the_types_go_through_their_apis_and_only_what_the_api_lacks_is_kept_beside(tf):
    made = {a.split(".")[0] for a in DNS + TG}
    assert made <= set(registry.API_RESOURCES)
    records = requests.get(f"{tf.mock.url}/mock/state", params={"table": "stored_resources"}).json()
    kept = {(d["type"], name, value) for d in records["tables"]["stored_resources"] if d["type"] in made
            for name, value in d["attributes"].items() if value not in (None, "", [], {})}
    # The table's SDK predates a resolver's profile, its disruptive updates and high availability.
    assert kept == {("ibm_dns_custom_resolver", "profile", "essential"),
                    ("ibm_dns_custom_resolver", "high_availability", True),
                    ("ibm_dns_custom_resolver", "allow_disruptive_updates", False)}


def test_each_reimports_by_its_ibm_id_to_an_empty_plan(tf):
    values = managed(tf)
    tf.reimport({address: values[address]["id"] for address in DNS + TG})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_renaming_the_resolver_and_moving_a_location_go_through_the_api(tf):
    values = managed(tf)
    made = values["ibm_dns_custom_resolver.resolver"]
    config = CONFIG.replace('name        = "hub-resolver"', 'name        = "hub-resolver-2"').replace(
        "subnet_crn = ibm_is_subnet.b.crn\n    enabled    = false",
        "subnet_crn = ibm_is_subnet.a.crn\n    enabled    = true")
    assert config.count("ibm_is_subnet.a.crn") == 2
    (tf.workdir / "main.tf").write_text((tf.workdir / "main.tf").read_text().replace(CONFIG, config))
    tf.run("apply", "-auto-approve")
    got = sdk(DnsSvcsV1, tf.mock.url, "dns_svcs").get_custom_resolver(
        made["instance_id"], made["custom_resolver_id"]).get_result()
    assert got["name"] == "hub-resolver-2"
    assert [(loc["id"], loc["subnet_crn"], loc["enabled"], loc["healthy"], loc["dns_server_ip"])
            for loc in got["locations"]] == [
        (made["locations"][0]["location_id"], values["ibm_is_subnet.a"]["crn"], True, True, "10.240.0.4"),
        (made["locations"][1]["location_id"], values["ibm_is_subnet.a"]["crn"], True, True, "10.240.0.5")]
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_destroy_disables_and_deletes_the_resolver_and_leaves_the_action_done(tf):
    values = managed(tf)
    made = values["ibm_dns_custom_resolver.resolver"]
    gateway = values["ibm_tg_gateway.hub"]["id"]
    connection = values["ibm_tg_connection.partner"]["connection_id"]
    tf.run("destroy", "-auto-approve", *[a for address in DNS + TG for a in ("-target", address)])
    dns = sdk(DnsSvcsV1, tf.mock.url, "dns_svcs")
    with pytest.raises(ApiException) as raised:
        dns.get_custom_resolver(made["instance_id"], made["custom_resolver_id"])
    assert raised.value.status_code == 404
    transit = sdk(TransitGatewayApisV1, tf.mock.url, "transit_gateway", version="2024-07-08")
    assert transit.get_transit_gateway_connection(gateway, connection).get_result()["status"] == "attached"
    tf.run("destroy", "-auto-approve")



# -- the VPC's one-shot operation types ----------------------------------------------------------------
# What they act on is made through the SDK first (a VPN server and two clients connected through
# the mock's admin API, a private path service gateway with an endpoint gateway's binding pending,
# an origin share with an accessor, a share with a replica), so that only the operations are
# Terraform's: the shares a failover turns around are no Terraform resource to drift.

PARTNER = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
_SECRETS = "crn:v1:bluemix:public:secrets-manager:us-south:a/a1b2c3d4e5f60718293a4b5c6d7e8f90:" \
           "aaaaaaaa-0000-4000-8000-000000000001:secret:"
ONESHOT = '''
provider "ibm" {{}}

resource "ibm_is_vpn_server_client" "disconnected" {{
  vpn_server = "{server}"
  vpn_client = "{first}"
}}

resource "ibm_is_vpn_server_client" "deleted" {{
  vpn_server = "{server}"
  vpn_client = "{second}"
  delete     = true
}}

resource "ibm_is_private_path_service_gateway_revoke_account" "partner" {{
  private_path_service_gateway = "{gateway}"
  account                      = "{partner}"
}}

resource "ibm_is_private_path_service_gateway_endpoint_gateway_binding_operations" "permit" {{
  private_path_service_gateway = "{gateway}"
  endpoint_gateway_binding     = "{binding}"
  access_policy                = "permit"
}}

resource "ibm_is_share_delete_accessor_binding" "revoke" {{
  share            = "{origin}"
  accessor_binding = "{accessor_binding}"
}}

resource "ibm_is_share_replica_operations" "failover" {{
  share_replica   = "{replica}"
  fallback_policy = "split"
  timeout         = 600
}}

resource "ibm_is_dedicated_host_disk_management" "host" {{
  dedicated_host = "{host}"
  disks {{
    id   = "{host_disk}"
    name = "scratch-disk"
  }}
}}

resource "ibm_is_instance_disk_management" "vsi" {{
  instance = "{instance}"
  disks {{
    id   = "{instance_disk}"
    name = "instance-scratch"
  }}
}}

data "ibm_is_vpn_server_clients" "all" {{
  vpn_server = "{server}"
  depends_on = [ibm_is_vpn_server_client.disconnected, ibm_is_vpn_server_client.deleted]
}}

data "ibm_is_vpn_server_client" "first" {{
  vpn_server = "{server}"
  identifier = "{first}"
  depends_on = [ibm_is_vpn_server_client.disconnected]
}}

output "clients" {{
  value = [for c in data.ibm_is_vpn_server_clients.all.clients : [c.id, c.status, c.common_name]]
}}

output "first" {{
  value = [data.ibm_is_vpn_server_client.first.status, data.ibm_is_vpn_server_client.first.client_ip[0].address,
           data.ibm_is_vpn_server_client.first.remote_port]
}}
'''
VPC_ONESHOTS = ("ibm_is_vpn_server_client.disconnected", "ibm_is_vpn_server_client.deleted",
                "ibm_is_private_path_service_gateway_revoke_account.partner",
                "ibm_is_private_path_service_gateway_endpoint_gateway_binding_operations.permit",
                "ibm_is_share_delete_accessor_binding.revoke", "ibm_is_share_replica_operations.failover",
                "ibm_is_dedicated_host_disk_management.host", "ibm_is_instance_disk_management.vsi")


def made_by_sdk(url: str) -> dict:
    """What the one-shot types act on, made through the VPC SDK and the mock's admin API."""
    vpc = sdk_client(url)
    net = vpc.create_vpc(name="oneshot-vpc").get_result()
    subnet = vpc.create_subnet({"vpc": {"id": net["id"]}, "name": "oneshot", "ipv4_cidr_block": "10.240.0.0/24",
                                "zone": {"name": "us-south-1"}}).get_result()
    server = vpc.create_vpn_server(
        certificate={"crn": _SECRETS + "bbbbbbbb-0000-4000-8000-000000000002"}, client_ip_pool="172.16.0.0/16",
        client_authentication=[{"method": "certificate", "client_ca": {"crn": _SECRETS + "bbbbbbbb-0000-4000-8000-"
                                                                                          "000000000003"}}],
        subnets=[{"id": subnet["id"]}], name="oneshot-vpn").get_result()
    clients = [requests.post(f"{url}/mock/vpn_servers/{server['id']}/clients", json={"common_name": name}).json()
               for name in ("laptop-1", "laptop-2")]
    lb = vpc.create_load_balancer(is_public=False, subnets=[{"id": subnet["id"]}], name="oneshot-lb",
                                  profile={"name": "network-private-path"}, is_private_path=True).get_result()
    gateway = vpc.create_private_path_service_gateway(
        load_balancer={"id": lb["id"]}, service_endpoints=["oneshot.example.com"], name="oneshot-service",
        default_access_policy="review").get_result()
    vpc.create_endpoint_gateway(target={"crn": gateway["crn"], "resource_type": "private_path_service_gateway"},
                                vpc={"id": net["id"]}, name="oneshot-vpe")
    binding = vpc.list_private_path_service_gateway_endpoint_gateway_bindings(
        gateway["id"]).get_result()["endpoint_gateway_bindings"][0]
    share = {"profile": {"name": "dp2"}, "zone": {"name": "us-south-1"}, "size": 200}
    origin = vpc.create_share({"name": "oneshot-origin", **share}).get_result()
    vpc.create_share({"name": "oneshot-accessor", "origin_share": {"id": origin["id"]}})
    source = vpc.create_share({"name": "oneshot-source", **share}).get_result()
    replica = vpc.create_share({"name": "oneshot-replica", "profile": {"name": "dp2"}, "zone": {"name": "us-south-2"},
                                "source_share": {"id": source["id"]}, "replication_cron_spec": "0 */5 * * *"}
                               ).get_result()
    accessor_binding = vpc.list_share_accessor_bindings(id=origin["id"]).get_result()["accessor_bindings"][0]
    group = vpc.create_dedicated_host_group(class_="bx2d", family="balanced", zone={"name": "us-south-1"},
                                            name="oneshot-hosts").get_result()
    host = vpc.create_dedicated_host({"profile": {"name": "bx2d-host-152x608"}, "group": {"id": group["id"]},
                                      "name": "oneshot-host"}).get_result()
    instance = vpc.create_instance({"name": "oneshot-vsi", "profile": {"name": "bx2d-2x8"},
                                    "zone": {"name": "us-south-1"}, "image": {"id": UBUNTU},
                                    "primary_network_interface": {"subnet": {"id": subnet["id"]}}}).get_result()
    return {"instance": instance["id"], "instance_disk": instance["disks"][0]["id"], "server": server["id"], "first": clients[0]["id"], "second": clients[1]["id"], "gateway": gateway["id"],
            "binding": binding["id"], "partner": PARTNER, "origin": origin["id"],
            "accessor_binding": accessor_binding["id"], "replica": replica["id"], "source": source["id"],
            "host": host["id"], "host_disk": host["disks"][0]["id"]}


@pytest.fixture(scope="module")
def oneshot(tf, mock_server, tmp_path_factory):  # noqa: F811  (after the DNS and TG tests: it empties the mock)
    requests.post(f"{mock_server.url}/mock/reset").raise_for_status()
    ids = made_by_sdk(mock_server.url)
    terraform = applied(mock_server, tmp_path_factory, "vpc-oneshot", ONESHOT.format(**ids), reset=False)
    terraform.ids = ids
    return terraform


def test_the_one_shot_types_plan_clean_after_apply(oneshot):
    assert oneshot.run("plan", "-detailed-exitcode").returncode == 0


def test_the_vpn_clients_are_disconnected_and_deleted_as_the_sdk_sees(oneshot):
    ids, values = oneshot.ids, managed(oneshot)
    vpc = sdk_client(oneshot.mock.url)
    got = vpc.get_vpn_server_client(ids["server"], ids["first"]).get_result()
    assert got["status"] == "disconnected"
    with pytest.raises(ApiException) as raised:
        vpc.get_vpn_server_client(ids["server"], ids["second"])
    assert raised.value.status_code == 404
    disconnected, deleted = values["ibm_is_vpn_server_client.disconnected"], values["ibm_is_vpn_server_client.deleted"]
    assert (disconnected["id"], disconnected["status_code"], disconnected["description"]) == (
        f"{ids['server']}/{ids['first']}/202", 202, "The VPN client disconnection request was accepted.")
    assert deleted["id"] == f"{ids['server']}/{ids['second']}"


def test_the_vpn_client_data_sources_read_the_clients_through_the_api(oneshot):
    ids, outputs = oneshot.ids, oneshot.outputs()
    assert outputs["clients"] == [[ids["first"], "disconnected", "laptop-1"]]
    assert outputs["first"] == ["disconnected", "172.16.0.2", 1194]


def test_the_revoked_account_is_denied_and_the_binding_permitted(oneshot):
    ids = oneshot.ids
    vpc = sdk_client(oneshot.mock.url)
    policies = vpc.list_private_path_service_gateway_account_policies(ids["gateway"]).get_result()
    assert [(p["account"]["id"], p["access_policy"]) for p in policies["account_policies"]] == [(PARTNER, "deny")]
    binding = vpc.get_private_path_service_gateway_endpoint_gateway_binding(ids["gateway"], ids["binding"])
    assert binding.get_result()["status"] == "permitted"
    values = managed(oneshot)
    assert values["ibm_is_private_path_service_gateway_endpoint_gateway_binding_operations.permit"]["id"] == \
        f"{ids['gateway']}/{ids['binding']}"


def test_the_accessor_binding_is_gone_and_the_replica_is_the_source(oneshot):
    ids = oneshot.ids
    vpc = sdk_client(oneshot.mock.url)
    assert vpc.list_share_accessor_bindings(id=ids["origin"]).get_result()["accessor_bindings"] == []
    replica = vpc.get_share(id=ids["replica"]).get_result()
    assert (replica["replication_role"], vpc.get_share(id=ids["source"]).get_result()["replication_role"]) == (
        "source", "replica")


def test_the_dedicated_host_disk_is_named_as_terraform_says(oneshot):
    ids = oneshot.ids
    vpc = sdk_client(oneshot.mock.url)
    assert [(d["id"], d["name"], d["size"]) for d in vpc.list_dedicated_host_disks(ids["host"]).get_result()["disks"]] \
        == [(ids["host_disk"], "scratch-disk", 5700)]
    assert managed(oneshot)["ibm_is_dedicated_host_disk_management.host"]["disks"] == [
        {"id": ids["host_disk"], "name": "scratch-disk"}]


def test_the_instance_disk_is_named_as_terraform_says(oneshot):
    ids = oneshot.ids
    disks = sdk_client(oneshot.mock.url).get_instance(ids["instance"]).get_result()["disks"]
    assert [(d["id"], d["name"], d["size"]) for d in disks] == [(ids["instance_disk"], "instance-scratch", 75)]


def test_a_binding_denied_behind_terraforms_back_is_permitted_again(oneshot):
    ids = oneshot.ids
    vpc = sdk_client(oneshot.mock.url)
    vpc.deny_private_path_service_gateway_endpoint_gateway_binding(ids["gateway"], ids["binding"])
    assert oneshot.run("plan", "-detailed-exitcode", check=False).returncode == 2
    oneshot.run("apply", "-auto-approve")
    assert vpc.get_private_path_service_gateway_endpoint_gateway_binding(
        ids["gateway"], ids["binding"]).get_result()["status"] == "permitted"


def test_the_importable_ones_reimport_by_their_ibm_ids_to_an_empty_plan(oneshot):
    values = managed(oneshot)
    oneshot.reimport({address: values[address]["id"] for address in (
        "ibm_is_vpn_server_client.disconnected", "ibm_is_dedicated_host_disk_management.host",
        "ibm_is_private_path_service_gateway_endpoint_gateway_binding_operations.permit")})
    assert oneshot.run("plan", "-detailed-exitcode").returncode == 0


def test_destroy_forgets_the_operations_and_leaves_their_effects(oneshot):
    ids = oneshot.ids
    oneshot.run("destroy", "-auto-approve")
    vpc = sdk_client(oneshot.mock.url)
    assert vpc.get_private_path_service_gateway_endpoint_gateway_binding(
        ids["gateway"], ids["binding"]).get_result()["status"] == "permitted"
    assert vpc.get_share(id=ids["replica"]).get_result()["replication_role"] == "source"
    with pytest.raises(ApiException) as raised:  # the IBM provider's delete deletes a client still there
        vpc.get_vpn_server_client(ids["server"], ids["first"])
    assert raised.value.status_code == 404
