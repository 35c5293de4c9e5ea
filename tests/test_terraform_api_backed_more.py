"""More IBM types whose VPC API is served, applied through that API with the real Terraform: a
site-to-site VPN (gateway, IKE and IPsec policies, connection), an endpoint gateway with a
reserved IP bound, a virtual network interface with a second IP and a floating IP, and a flow
log collector. Terraform creates; the SDK gets and lists what it made; the SDK creates and
Terraform imports to an empty plan; destroy leaves nothing in the API or in /stored_resources."""

from __future__ import annotations

import ipaddress
import os

import pytest
import requests

from conftest import sdk_client
from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock_provider.resources.network import api_types_more

COS_ENDPOINT = "crn:v1:bluemix:public:cloud-object-storage:global:::endpoint:s3.direct.us-south.cloud-object-storage" \
               ".appdomain.cloud"

BUCKET = "crn:v1:bluemix:public:cloud-object-storage:global:a/a1b2c3d4e5f60718293a4b5c6d7e8f90:" \
         "2a3b4c5d-0000-4000-8000-000000000001:bucket:more-bucket"
OFFERING = "crn:v1:bluemix:public:globalcatalog-collection:global:a/a1b2c3d4e5f60718293a4b5c6d7e8f90::offering:" \
           "00111601-0ec5-41ac-b142-96d1e64e6442"
PLAN = "crn:v1:bluemix:public:globalcatalog-collection:global:a/a1b2c3d4e5f60718293a4b5c6d7e8f90::plan:sw.00111601"

CONFIG = f'''
provider "ibm" {{}}

resource "ibm_is_vpc" "vpc" {{
  name = "more-vpc"
}}

resource "ibm_is_subnet" "subnet" {{
  name                     = "more-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}}

# A policy-based VPN, as IBM's "site-to-site VPN" tutorial sets one up.
resource "ibm_is_vpn_gateway" "vpn" {{
  name   = "more-vpn"
  subnet = ibm_is_subnet.subnet.id
  mode   = "policy"
  tags   = ["vpn"]
}}

resource "ibm_is_ike_policy" "ike" {{
  name                     = "more-ike"
  authentication_algorithm = "sha256"
  encryption_algorithm     = "aes128"
  dh_group                 = 14
  ike_version              = 2
}}

resource "ibm_is_ipsec_policy" "ipsec" {{
  name                     = "more-ipsec"
  authentication_algorithm = "sha256"
  encryption_algorithm     = "aes128"
  pfs                      = "group_14"
}}

resource "ibm_is_vpn_gateway_connection" "conn" {{
  name          = "more-conn"
  vpn_gateway   = ibm_is_vpn_gateway.vpn.id
  peer_address  = "169.21.50.5"
  local_cidrs   = [ibm_is_subnet.subnet.ipv4_cidr_block]
  peer_cidrs    = ["192.168.0.0/24", "192.168.1.0/24"]
  preshared_key = "VPNDemoPassword"
  ike_policy    = ibm_is_ike_policy.ike.id
  ipsec_policy  = ibm_is_ipsec_policy.ipsec.id
  interval      = 30
  timeout       = 120
}}

resource "ibm_is_virtual_endpoint_gateway" "cos" {{
  name = "more-cos-endpoint"
  vpc  = ibm_is_vpc.vpc.id
  target {{
    crn           = "{COS_ENDPOINT}"
    resource_type = "provider_cloud_service"
  }}
}}

resource "ibm_is_subnet_reserved_ip" "endpoint" {{
  subnet = ibm_is_subnet.subnet.id
  name   = "more-endpoint-ip"
}}

resource "ibm_is_virtual_endpoint_gateway_ip" "cos" {{
  gateway     = ibm_is_virtual_endpoint_gateway.cos.id
  reserved_ip = ibm_is_subnet_reserved_ip.endpoint.reserved_ip
}}

resource "ibm_is_virtual_endpoint_gateway_resource_binding" "bucket" {{
  endpoint_gateway_id = ibm_is_virtual_endpoint_gateway.cos.id
  name                = "more-bucket-binding"
  target {{
    crn = "{BUCKET}"
  }}
}}

resource "ibm_is_subnet_reserved_ip" "spare" {{
  subnet = ibm_is_subnet.subnet.id
}}

resource "ibm_is_subnet_reserved_ip_patch" "spare" {{
  subnet      = ibm_is_subnet.subnet.id
  reserved_ip = ibm_is_subnet_reserved_ip.spare.reserved_ip
  name        = "more-patched-ip"
  auto_delete = false
}}

resource "ibm_is_virtual_network_interface" "vni" {{
  name              = "more-vni"
  subnet            = ibm_is_subnet.subnet.id
  allow_ip_spoofing = true
}}

resource "ibm_is_subnet_reserved_ip" "second" {{
  subnet = ibm_is_subnet.subnet.id
  name   = "more-second-ip"
}}

resource "ibm_is_virtual_network_interface_ip" "second" {{
  virtual_network_interface = ibm_is_virtual_network_interface.vni.id
  reserved_ip               = ibm_is_subnet_reserved_ip.second.reserved_ip
}}

resource "ibm_is_floating_ip" "vni" {{
  name = "more-vni-fip"
  zone = "us-south-1"
}}

resource "ibm_is_virtual_network_interface_floating_ip" "vni" {{
  virtual_network_interface = ibm_is_virtual_network_interface.vni.id
  floating_ip               = ibm_is_floating_ip.vni.id
}}

resource "ibm_is_flow_log" "vpc" {{
  name           = "more-flow-log"
  target         = ibm_is_vpc.vpc.id
  storage_bucket = "more-flow-logs"
  active         = true
}}

data "ibm_is_vpn_gateway" "by_name" {{
  vpn_gateway_name = ibm_is_vpn_gateway.vpn.name
}}

data "ibm_is_vpn_gateway_connections" "all" {{
  vpn_gateway = ibm_is_vpn_gateway.vpn.id
  depends_on  = [ibm_is_vpn_gateway_connection.conn]
}}

data "ibm_is_ike_policy" "by_name" {{
  name       = ibm_is_ike_policy.ike.name
  depends_on = [ibm_is_vpn_gateway_connection.conn]
}}

data "ibm_is_virtual_endpoint_gateway" "cos" {{
  name       = ibm_is_virtual_endpoint_gateway.cos.name
  depends_on = [ibm_is_virtual_endpoint_gateway_ip.cos]
}}

data "ibm_is_virtual_network_interface_floating_ips" "vni" {{
  virtual_network_interface = ibm_is_virtual_network_interface.vni.id
  depends_on                = [ibm_is_virtual_network_interface_floating_ip.vni]
}}

data "ibm_is_flow_logs" "all" {{
  depends_on = [ibm_is_flow_log.vpc]
}}

output "data_vpn_members" {{
  value = [for m in data.ibm_is_vpn_gateway.by_name.members : m.public_ip_address]
}}

output "data_connections" {{
  value = [for c in data.ibm_is_vpn_gateway_connections.all.connections : [c.name, c.peer_address, c.interval]]
}}

output "data_ike_connections" {{
  value = [for c in data.ibm_is_ike_policy.by_name.connections : c.name]
}}

output "data_endpoint_ips" {{
  value = [for ip in data.ibm_is_virtual_endpoint_gateway.cos.ips : ip.address]
}}

output "data_vni_fips" {{
  value = [for f in data.ibm_is_virtual_network_interface_floating_ips.vni.floating_ips : f.address]
}}

output "data_flow_logs" {{
  value = [for f in data.ibm_is_flow_logs.all.flow_log_collectors : [f.name, f.storage_bucket]]
}}

resource "ibm_is_lb" "lb" {{
  name    = "more-lb"
  subnets = [ibm_is_subnet.subnet.id]
}}

resource "ibm_is_lb_pool" "web" {{
  name           = "more-web"
  lb             = ibm_is_lb.lb.id
  algorithm      = "round_robin"
  protocol       = "http"
  health_delay   = 60
  health_retries = 5
  health_timeout = 30
  health_type    = "http"
}}

resource "ibm_is_lb_listener" "http" {{
  lb       = ibm_is_lb.lb.id
  port     = 80
  protocol = "http"
}}

resource "ibm_is_lb_listener_policy" "api" {{
  lb        = ibm_is_lb.lb.id
  listener  = ibm_is_lb_listener.http.listener_id
  action    = "forward_to_pool"
  priority  = 2
  name      = "more-api"
  target_id = ibm_is_lb_pool.web.pool_id
  rules {{
    condition = "contains"
    type      = "header"
    field     = "x-route"
    value     = "api"
  }}
}}

# Rules of their own go to a policy declaring none inline (inline rules are the whole list).
resource "ibm_is_lb_listener_policy" "static" {{
  lb                      = ibm_is_lb.lb.id
  listener                = ibm_is_lb_listener.http.listener_id
  action                  = "redirect"
  priority                = 3
  name                    = "more-static"
  target_url              = "https://static.example.com"
  target_http_status_code = 301
}}

resource "ibm_is_lb_listener_policy_rule" "path" {{
  lb        = ibm_is_lb.lb.id
  listener  = ibm_is_lb_listener.http.listener_id
  policy    = ibm_is_lb_listener_policy.static.policy_id
  condition = "matches_regex"
  type      = "path"
  value     = "^/api/.*"
}}

resource "ibm_is_vpc_routing_table" "egress" {{
  vpc  = ibm_is_vpc.vpc.id
  name = "more-routes"
}}

resource "ibm_is_subnet_routing_table_attachment" "egress" {{
  subnet        = ibm_is_subnet.subnet.id
  routing_table = ibm_is_vpc_routing_table.egress.routing_table
}}

resource "ibm_is_dedicated_host_group" "group" {{
  name   = "more-host-group"
  class  = "bx2"
  family = "balanced"
  zone   = "us-south-1"
}}

resource "ibm_is_dedicated_host" "host" {{
  name       = "more-host"
  profile    = "bx2-host-152x608"
  host_group = ibm_is_dedicated_host_group.group.id
}}

# Issue 26, point 4: an image made with ibm_is_image is found by name.
resource "ibm_is_image" "custom" {{
  name             = "more-custom-image"
  href             = "cos://us-south/more-images/custom.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}}

data "ibm_is_image" "custom" {{
  name = ibm_is_image.custom.name
}}

data "ibm_is_lb_listener_policies" "http" {{
  lb         = ibm_is_lb.lb.id
  listener   = ibm_is_lb_listener.http.listener_id
  depends_on = [ibm_is_lb_listener_policy_rule.path]
}}

data "ibm_is_dedicated_host_groups" "all" {{
  depends_on = [ibm_is_dedicated_host.host]
}}

output "data_image" {{
  value = [data.ibm_is_image.custom.id, data.ibm_is_image.custom.visibility, data.ibm_is_image.custom.os]
}}

output "data_policies" {{
  value = [for p in data.ibm_is_lb_listener_policies.http.policies : [p.name, p.action, p.priority]]
}}

output "data_host_groups" {{
  value = [for g in data.ibm_is_dedicated_host_groups.all.host_groups : [g.name, g.zone]]
}}

resource "ibm_is_share" "files" {{
  name    = "more-share"
  size    = 200
  profile = "dp2"
  zone    = "us-south-1"
}}

data "ibm_is_share_accessor_bindings" "files" {{
  share = ibm_is_share.files.id
}}

output "data_accessor_bindings" {{
  value = [data.ibm_is_share_accessor_bindings.files.share,
           length(data.ibm_is_share_accessor_bindings.files.accessor_bindings)]
}}

data "ibm_is_vpc_address_prefixes" "vpc" {{
  vpc = ibm_is_vpc.vpc.id
}}

data "ibm_is_vpc_default_routing_table" "vpc" {{
  vpc = ibm_is_vpc.vpc.id
}}

output "data_address_prefixes" {{
  value = {{for p in data.ibm_is_vpc_address_prefixes.vpc.address_prefixes : p.zone[0].name => p.cidr}}
}}

output "data_default_routing_table" {{
  value = [data.ibm_is_vpc_default_routing_table.vpc.default_routing_table,
           data.ibm_is_vpc_default_routing_table.vpc.is_default]
}}

data "ibm_is_volume_profile" "custom" {{
  name = "custom"
}}

data "ibm_is_share_profiles" "all" {{}}

output "data_profiles" {{
  value = [data.ibm_is_volume_profile.custom.capacity[0].max, data.ibm_is_share_profiles.all.total_count,
           sort([for p in data.ibm_is_share_profiles.all.profiles : p.name])]
}}

# Issue 26: an instance from a catalog offering (its plan beside it), not an image.
resource "ibm_is_instance" "from_catalog" {{
  name    = "more-catalog-vsi"
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  primary_network_interface {{
    subnet = ibm_is_subnet.subnet.id
  }}
  catalog_offering {{
    offering_crn = "{OFFERING}"
    plan_crn     = "{PLAN}"
  }}
}}

output "vpn_public_ip" {{
  value = ibm_is_vpn_gateway.vpn.public_ip_address
}}

output "vpn_private_ip" {{
  value = ibm_is_vpn_gateway.vpn.private_ip_address
}}

output "endpoint_ip" {{
  value = ibm_is_virtual_endpoint_gateway_ip.cos.address
}}

output "vni_primary_ip" {{
  value = ibm_is_virtual_network_interface.vni.primary_ip[0].address
}}

output "vni_fip" {{
  value = ibm_is_virtual_network_interface_floating_ip.vni.address
}}
'''

TYPES = sorted(r.api.type_name for r in api_types_more.RESOURCES)


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "api-backed-more", CONFIG)


@pytest.fixture(scope="module")
def sdk(mock_server):  # noqa: F811
    return sdk_client(mock_server.url)


def test_the_configuration_applies_with_addresses_from_the_api_and_plans_clean(tf):
    values = tf.outputs()
    subnet = ipaddress.ip_network("10.240.0.0/24")
    assert ipaddress.ip_address(values["vpn_public_ip"]).is_global
    assert ipaddress.ip_address(values["vpn_private_ip"]) in subnet
    assert ipaddress.ip_address(values["endpoint_ip"]) in subnet
    assert ipaddress.ip_address(values["vni_primary_ip"]) in subnet
    assert ipaddress.ip_address(values["vni_fip"]).is_global
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_data_sources_read_through_the_api(tf):
    values, made = tf.outputs(), managed(tf)
    gateway = made["ibm_is_vpn_gateway.vpn"]
    assert values["data_vpn_members"] == [gateway["public_ip_address"], gateway["public_ip_address2"]]
    assert values["data_connections"] == [["more-conn", "169.21.50.5", 30]]
    assert values["data_ike_connections"] == ["more-conn"]
    assert values["data_endpoint_ips"] == [made["ibm_is_subnet_reserved_ip.endpoint"]["address"]]
    assert values["data_vni_fips"] == [values["vni_fip"]]
    assert values["data_flow_logs"] == [["more-flow-log", "more-flow-logs"]]
    assert values["data_image"] == [made["ibm_is_image.custom"]["id"], "private", "ubuntu-24-04-amd64"]
    assert values["data_address_prefixes"] == {"us-south-1": "10.240.0.0/18", "us-south-2": "10.240.64.0/18",
                                               "us-south-3": "10.240.128.0/18"}
    assert values["data_default_routing_table"] == [made["ibm_is_vpc.vpc"]["default_routing_table"], True]
    assert values["data_profiles"] == [16000, 2, ["dp2", "rfs"]]
    # A share no other account accesses: listed through /shares/{id}/accessor_bindings, none.
    assert values["data_accessor_bindings"] == [made["ibm_is_share.files"]["id"], 0]
    assert sorted(values["data_policies"]) == [["more-api", "forward_to_pool", 2], ["more-static", "redirect", 3]]
    assert values["data_host_groups"] == [["more-host-group", "us-south-1"]]


def test_the_load_balancer_policies_hosts_and_images_terraform_made_the_sdk_gets(tf, sdk):
    made = managed(tf)
    lb, listener = made["ibm_is_lb.lb"]["id"], made["ibm_is_lb_listener.http"]["listener_id"]
    policy = made["ibm_is_lb_listener_policy.api"]
    assert policy["id"] == f"{lb}/{listener}/{policy['policy_id']}"
    got = sdk.get_load_balancer_listener_policy(lb, listener, policy["policy_id"]).get_result()
    assert (got["action"], got["priority"], got["target"]["id"]) == \
        ("forward_to_pool", 2, made["ibm_is_lb_pool.web"]["pool_id"])
    rules = sdk.list_load_balancer_listener_policy_rules(lb, listener, policy["policy_id"]).get_result()["rules"]
    assert [(r["type"], r["condition"], r["field"], r["value"]) for r in rules] == \
        [("header", "contains", "x-route", "api")]
    assert policy["rules"][0]["rule_id"] == rules[0]["id"]
    static = made["ibm_is_lb_listener_policy.static"]
    got = sdk.get_load_balancer_listener_policy(lb, listener, static["policy_id"]).get_result()
    assert got["target"] == {"http_status_code": 301, "url": "https://static.example.com"}
    rules = sdk.list_load_balancer_listener_policy_rules(lb, listener, static["policy_id"]).get_result()["rules"]
    assert [(r["id"], r["type"], r["value"]) for r in rules] == \
        [(made["ibm_is_lb_listener_policy_rule.path"]["rule"], "path", "^/api/.*")]
    subnet = made["ibm_is_subnet.subnet"]["id"]
    table = made["ibm_is_vpc_routing_table.egress"]["routing_table"]
    assert sdk.get_subnet_routing_table(subnet).get_result()["id"] == table
    assert made["ibm_is_subnet_routing_table_attachment.egress"]["routing_table"] == table
    group = made["ibm_is_dedicated_host_group.group"]
    got = sdk.get_dedicated_host_group(group["id"]).get_result()
    assert (got["class"], got["family"], got["zone"]["name"]) == ("bx2", "balanced", "us-south-1")
    host = made["ibm_is_dedicated_host.host"]
    got = sdk.get_dedicated_host(host["id"]).get_result()
    assert (got["group"]["id"], got["profile"]["name"], got["name"]) == (group["id"], "bx2-host-152x608", "more-host")
    assert [h["id"] for h in sdk.list_dedicated_hosts().get_result()["dedicated_hosts"]] == [host["id"]]
    image = made["ibm_is_image.custom"]
    got = sdk.get_image(image["id"]).get_result()
    assert (got["name"], got["operating_system"]["name"], got["file"]["checksums"]["sha256"]) == \
        ("more-custom-image", "ubuntu-24-04-amd64", image["checksum"])
    assert image["id"] in [i["id"] for i in sdk.list_images(visibility="private").get_result()["images"]]


def test_the_vpn_terraform_made_the_sdk_gets_and_lists(tf, sdk):
    made = managed(tf)
    gateway = made["ibm_is_vpn_gateway.vpn"]
    got = sdk.get_vpn_gateway(gateway["id"]).get_result()
    assert (got["name"], got["mode"], got["subnet"]["id"]) == ("more-vpn", "policy", made["ibm_is_subnet.subnet"]["id"])
    assert [m["public_ip"]["address"] for m in got["members"]] == \
        [gateway["public_ip_address"], gateway["public_ip_address2"]]
    assert [m["role"] for m in gateway["members"]] == ["active", "standby"]
    assert [g["id"] for g in sdk.list_vpn_gateways().get_result()["vpn_gateways"]] == [gateway["id"]]
    ike = sdk.get_ike_policy(made["ibm_is_ike_policy.ike"]["id"]).get_result()
    assert (ike["authentication_algorithm"], ike["encryption_algorithm"], ike["dh_group"], ike["ike_version"],
            ike["key_lifetime"]) == ("sha256", "aes128", 14, 2, 28800)
    ipsec = sdk.get_ipsec_policy(made["ibm_is_ipsec_policy.ipsec"]["id"]).get_result()
    assert (ipsec["pfs"], ipsec["key_lifetime"]) == ("group_14", 3600)
    assert made["ibm_is_ipsec_policy.ipsec"]["transform_protocol"] == ipsec["transform_protocol"] == "esp"
    conn = made["ibm_is_vpn_gateway_connection.conn"]
    assert conn["id"] == f"{gateway['id']}/{conn['gateway_connection']}"
    listed = sdk.list_vpn_gateway_connections(gateway["id"]).get_result()["connections"]
    assert [c["id"] for c in listed] == [conn["gateway_connection"]]
    got = sdk.get_vpn_gateway_connection(gateway["id"], conn["gateway_connection"]).get_result()
    assert (got["peer"]["address"], got["psk"], got["dead_peer_detection"]) == \
        ("169.21.50.5", "VPNDemoPassword", {"action": "restart", "interval": 30, "timeout": 120})
    assert (got["ike_policy"]["id"], got["ipsec_policy"]["id"]) == (ike["id"], ipsec["id"])
    assert (got["mode"], got["local"]["cidrs"], got["peer"]["cidrs"]) == \
        ("policy", ["10.240.0.0/24"], ["192.168.0.0/24", "192.168.1.0/24"])
    assert (conn["local_cidrs"], conn["peer_cidrs"]) == (["10.240.0.0/24"], ["192.168.0.0/24", "192.168.1.0/24"])
    tf.run("apply", "-refresh-only", "-auto-approve")  # the policy was read before its connection was made
    assert [c["id"] for c in managed(tf)["ibm_is_ike_policy.ike"]["vpn_connections"]] == [conn["gateway_connection"]]
    assert conn["related_crn"] == gateway["crn"]


def test_the_interfaces_and_endpoints_terraform_made_the_sdk_gets_and_lists(tf, sdk):
    made = managed(tf)
    endpoint = made["ibm_is_virtual_endpoint_gateway.cos"]
    got = sdk.get_endpoint_gateway(endpoint["id"]).get_result()
    assert (got["target"]["crn"], got["vpc"]["id"]) == (COS_ENDPOINT, made["ibm_is_vpc.vpc"]["id"])
    reserved = made["ibm_is_subnet_reserved_ip.endpoint"]
    ips = sdk.list_endpoint_gateway_ips(endpoint["id"]).get_result()["ips"]
    assert [(ip["id"], ip["address"]) for ip in ips] == [(reserved["reserved_ip"], reserved["address"])]
    assert made["ibm_is_virtual_endpoint_gateway_ip.cos"]["target"][0]["id"] == endpoint["id"]
    binding = made["ibm_is_virtual_endpoint_gateway_resource_binding.bucket"]
    assert binding["id"] == f"{endpoint['id']}/{binding['endpoint_gateway_resource_binding_id']}"
    got = sdk.get_endpoint_gateway_resource_binding(endpoint["id"],
                                                    binding["endpoint_gateway_resource_binding_id"]).get_result()
    assert (got["name"], got["target"]["crn"]) == ("more-bucket-binding", BUCKET)
    spare = made["ibm_is_subnet_reserved_ip.spare"]
    got = sdk.get_subnet_reserved_ip(made["ibm_is_subnet.subnet"]["id"], spare["reserved_ip"]).get_result()
    assert got["name"] == made["ibm_is_subnet_reserved_ip_patch.spare"]["name"] == "more-patched-ip"
    vni = made["ibm_is_virtual_network_interface.vni"]
    got = sdk.get_virtual_network_interface(vni["id"]).get_result()
    assert (got["name"], got["allow_ip_spoofing"], got["primary_ip"]["address"]) == \
        ("more-vni", True, vni["primary_ip"][0]["address"])
    assert vni["id"] in [v["id"] for v in sdk.list_virtual_network_interfaces().get_result()
                         ["virtual_network_interfaces"]]
    second = made["ibm_is_subnet_reserved_ip.second"]
    listed = sdk.list_virtual_network_interface_ips(vni["id"]).get_result()["ips"]
    assert second["reserved_ip"] in [ip["id"] for ip in listed]
    fip = made["ibm_is_floating_ip.vni"]
    bound = sdk.list_network_interface_floating_ips(vni["id"]).get_result()["floating_ips"]
    assert [(f["id"], f["address"]) for f in bound] == [(fip["id"], fip["address"])]
    flow = made["ibm_is_flow_log.vpc"]
    got = sdk.get_flow_log_collector(flow["id"]).get_result()
    assert (got["storage_bucket"]["name"], got["target"]["id"], got["active"]) == \
        ("more-flow-logs", made["ibm_is_vpc.vpc"]["id"], True)
    assert [f["id"] for f in sdk.list_flow_log_collectors().get_result()["flow_log_collectors"]] == [flow["id"]]
    # Nothing of these types is a stored resource; tags go to Global Tagging.
    assert not stored_types(tf) & set(TYPES)


def test_changes_patch_through_the_api_and_plan_clean(tf, sdk):
    changed = CONFIG.replace('name          = "more-conn"', 'name          = "renamed-conn"') \
        .replace("dh_group                 = 14", "dh_group                 = 19") \
        .replace('name           = "more-flow-log"', 'name           = "renamed-flow-log"') \
        .replace("active         = true", "active         = false")
    write_config(tf, changed)
    before = managed(tf)
    tf.run("apply", "-auto-approve")
    after = managed(tf)
    conn = after["ibm_is_vpn_gateway_connection.conn"]
    assert conn["id"] == before["ibm_is_vpn_gateway_connection.conn"]["id"]  # in place
    assert sdk.get_vpn_gateway_connection(conn["vpn_gateway"], conn["gateway_connection"]).get_result()["name"] == \
        "renamed-conn"
    assert sdk.get_ike_policy(after["ibm_is_ike_policy.ike"]["id"]).get_result()["dh_group"] == 19
    flow = sdk.get_flow_log_collector(after["ibm_is_flow_log.vpc"]["id"]).get_result()
    assert (flow["name"], flow["active"]) == ("renamed-flow-log", False)
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    write_config(tf, CONFIG)
    tf.run("apply", "-auto-approve")


def test_an_instance_from_a_catalog_offering_is_created_by_it(tf, sdk):
    instance = managed(tf)["ibm_is_instance.from_catalog"]
    got = sdk.get_instance(instance["id"]).get_result()
    version = OFFERING.replace(":offering:", ":version:") + "/"
    assert got["catalog_offering"]["version"]["crn"].startswith(version)
    assert got["catalog_offering"]["plan"]["crn"] == PLAN
    assert [{k: v for k, v in block.items() if v} for block in instance["catalog_offering"]] == \
        [{"offering_crn": OFFERING, "plan_crn": PLAN}]


def test_what_the_sdk_made_terraform_imports_to_an_empty_plan(tf, sdk):
    made = managed(tf)
    subnet = made["ibm_is_subnet.subnet"]["id"]
    vpc = made["ibm_is_vpc.vpc"]["id"]
    ike = sdk.create_ike_policy(authentication_algorithm="sha384", dh_group=20, encryption_algorithm="aes256",
                                ike_version=1, name="sdk-ike", key_lifetime=3600).get_result()
    vni = sdk.create_virtual_network_interface(name="sdk-vni", subnet={"id": subnet}).get_result()
    endpoint = sdk.create_endpoint_gateway(target={"crn": COS_ENDPOINT, "resource_type": "provider_cloud_service"},
                                           vpc={"id": vpc}, name="sdk-endpoint").get_result()
    flow = sdk.create_flow_log_collector(storage_bucket={"name": "sdk-bucket"}, target={"id": subnet},
                                         name="sdk-flow", active=False).get_result()
    lb, listener = made["ibm_is_lb.lb"]["id"], made["ibm_is_lb_listener.http"]["listener_id"]
    policy = sdk.create_load_balancer_listener_policy(lb, listener, action="reject", priority=9,
                                                      name="sdk-policy").get_result()
    group = sdk.create_dedicated_host_group(class_="cx2", family="compute", zone={"name": "us-south-2"},
                                            name="sdk-group").get_result()
    image = sdk.create_image({"name": "sdk-image", "file": {"href": "cos://us-south/sdk/image.qcow2"},
                              "operating_system": {"name": "ubuntu-24-04-amd64"}}).get_result()
    (tf.workdir / "imported.tf").write_text(f'''
resource "ibm_is_ike_policy" "sdk" {{
  name                     = "sdk-ike"
  authentication_algorithm = "sha384"
  encryption_algorithm     = "aes256"
  dh_group                 = 20
  ike_version              = 1
  key_lifetime             = 3600
}}

resource "ibm_is_virtual_network_interface" "sdk" {{
  name   = "sdk-vni"
  subnet = "{subnet}"
}}

resource "ibm_is_virtual_endpoint_gateway" "sdk" {{
  name = "sdk-endpoint"
  vpc  = "{vpc}"
  target {{
    crn           = "{COS_ENDPOINT}"
    resource_type = "provider_cloud_service"
  }}
}}
''')
    (tf.workdir / "imported_more.tf").write_text(f'''
resource "ibm_is_flow_log" "sdk" {{
  name           = "sdk-flow"
  target         = "{subnet}"
  storage_bucket = "sdk-bucket"
  active         = false
}}

resource "ibm_is_lb_listener_policy" "sdk" {{
  lb       = "{lb}"
  listener = "{listener}"
  action   = "reject"
  priority = 9
  name     = "sdk-policy"
}}

resource "ibm_is_dedicated_host_group" "sdk" {{
  name   = "sdk-group"
  class  = "cx2"
  family = "compute"
  zone   = "us-south-2"
}}

resource "ibm_is_image" "sdk" {{
  name             = "sdk-image"
  href             = "cos://us-south/sdk/image.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}}
''')
    tf.run("import", "ibm_is_flow_log.sdk", flow["id"])
    tf.run("import", "ibm_is_lb_listener_policy.sdk", f"{lb}/{listener}/{policy['id']}")
    tf.run("import", "ibm_is_dedicated_host_group.sdk", group["id"])
    tf.run("import", "ibm_is_image.sdk", image["id"])
    tf.run("import", "ibm_is_ike_policy.sdk", ike["id"])
    tf.run("import", "ibm_is_virtual_network_interface.sdk", vni["id"])
    tf.run("import", "ibm_is_virtual_endpoint_gateway.sdk", endpoint["id"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    assert managed(tf)["ibm_is_virtual_network_interface.sdk"]["primary_ip"][0]["address"] == \
        vni["primary_ip"]["address"]


def test_every_resource_reimports_by_its_ibm_id_to_an_empty_plan_and_destroys(tf, sdk):
    # Not the instance made from an offering: the API answers the version it resolved to, which
    # an import reads (as the IBM provider's does) where the configuration names the offering.
    ids = {address: values["id"] for address, values in managed(tf).items()
           if address != "ibm_is_instance.from_catalog"}
    tf.reimport(ids)
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
    assert sdk.list_vpn_gateways().get_result()["vpn_gateways"] == []
    assert sdk.list_ike_policies().get_result()["ike_policies"] == []
    assert sdk.list_endpoint_gateways().get_result()["endpoint_gateways"] == []
    assert sdk.list_virtual_network_interfaces().get_result()["virtual_network_interfaces"] == []
    assert sdk.list_flow_log_collectors().get_result()["flow_log_collectors"] == []
    assert requests.get(f"{tf.mock.url}/mock/state").json()["counts"].get("stored_resources", 0) == 0

