"""IBM types whose VPC API is served, applied through that API with the real Terraform, in the
manner of IBM's VPC tutorials: a floating IP's address and an instance group's members in
outputs. Terraform creates; the SDK gets and lists what it made; the SDK creates and Terraform
imports to an empty plan; destroy leaves nothing in the API or in /stored_resources."""

from __future__ import annotations

import ipaddress

import pytest
import requests

from conftest import sdk_client
from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock_provider import registry

TUTORIAL = '''
provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "vpc" {
  name = "tutorial-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name                     = "tutorial-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}

resource "ibm_is_public_gateway" "gateway" {
  name = "tutorial-gateway"
  vpc  = ibm_is_vpc.vpc.id
  zone = "us-south-1"
  tags = ["tutorial"]
  timeouts {
    create = "10m"
  }
}

resource "ibm_is_subnet_public_gateway_attachment" "attach" {
  subnet         = ibm_is_subnet.subnet.id
  public_gateway = ibm_is_public_gateway.gateway.id
}

resource "ibm_is_floating_ip" "fip" {
  name = "tutorial-fip"
  zone = "us-south-1"
}

resource "ibm_is_security_group" "sg" {
  name = "tutorial-sg"
  vpc  = ibm_is_vpc.vpc.id
}

resource "ibm_is_security_group_rule" "ssh" {
  group     = ibm_is_security_group.sg.id
  direction = "inbound"
  remote    = "0.0.0.0/0"
  tcp {
    port_min = 22
    port_max = 22
  }
}

resource "ibm_is_security_group_rule" "ping" {
  group     = ibm_is_security_group.sg.id
  direction = "inbound"
  remote    = "0.0.0.0/0"
  icmp {
    type = 8
  }
}

resource "ibm_is_security_group_rule" "out" {
  group     = ibm_is_security_group.sg.id
  direction = "outbound"
  remote    = ibm_is_security_group.sg.id
}

resource "ibm_is_ssh_key" "key" {
  name       = "tutorial-key"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s tutorial"
  type       = "ed25519"
}

resource "ibm_is_instance_template" "template" {
  name    = "tutorial-template"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    subnet          = ibm_is_subnet.subnet.id
    security_groups = [ibm_is_security_group.sg.id]
  }
}

resource "ibm_is_lb" "lb" {
  name    = "tutorial-lb"
  subnets = [ibm_is_subnet.subnet.id]
}

resource "ibm_is_lb_pool" "pool" {
  name           = "tutorial-pool"
  lb             = ibm_is_lb.lb.id
  algorithm      = "round_robin"
  protocol       = "http"
  health_delay   = 60
  health_retries = 5
  health_timeout = 30
  health_type    = "http"
  health_monitor_url = "/"
}

resource "ibm_is_lb_listener" "http" {
  lb           = ibm_is_lb.lb.id
  port         = 80
  protocol     = "http"
  default_pool = ibm_is_lb_pool.pool.id
}

resource "ibm_is_subnet_reserved_ip" "backend" {
  subnet = ibm_is_subnet.subnet.id
  name   = "tutorial-backend"
}

resource "ibm_is_lb_pool_member" "member" {
  lb             = ibm_is_lb.lb.id
  pool           = element(split("/", ibm_is_lb_pool.pool.id), 1)
  port           = 8080
  target_address = ibm_is_subnet_reserved_ip.backend.address
  weight         = 60
}

resource "ibm_is_instance_group" "group" {
  name              = "tutorial-group"
  instance_template = ibm_is_instance_template.template.id
  instance_count    = 2
  subnets           = [ibm_is_subnet.subnet.id]
}

resource "ibm_is_instance_group_manager" "autoscale" {
  name                 = "tutorial-autoscale"
  instance_group       = ibm_is_instance_group.group.id
  manager_type         = "autoscale"
  enable_manager       = true
  aggregation_window   = 120
  cooldown             = 300
  max_membership_count = 4
  min_membership_count = 2
}

data "ibm_is_instance_group_memberships" "members" {
  instance_group = ibm_is_instance_group.group.id
}

output "members" {
  value = [for m in data.ibm_is_instance_group_memberships.members.memberships : m.instance[0].virtual_server_instance]
}

output "first_member" {
  value = data.ibm_is_instance_group_memberships.members.memberships[0].name
}

output "lb_hostname" {
  value = ibm_is_lb.lb.hostname
}

output "lb_public_ips" {
  value = ibm_is_lb.lb.public_ips
}

output "backend_address" {
  value = ibm_is_subnet_reserved_ip.backend.address
}

resource "ibm_is_network_acl" "acl" {
  name = "tutorial-acl"
  vpc  = ibm_is_vpc.vpc.id
  rules {
    name        = "outbound"
    action      = "allow"
    source      = "0.0.0.0/0"
    destination = "0.0.0.0/0"
    direction   = "outbound"
  }
  rules {
    name        = "https"
    action      = "allow"
    source      = "0.0.0.0/0"
    destination = "0.0.0.0/0"
    direction   = "inbound"
    tcp {
      port_min = 443
      port_max = 443
    }
  }
}

resource "ibm_is_subnet_network_acl_attachment" "acl" {
  subnet      = ibm_is_subnet.subnet.id
  network_acl = ibm_is_network_acl.acl.id
}

resource "ibm_is_placement_group" "spread" {
  name     = "tutorial-spread"
  strategy = "host_spread"
}

resource "ibm_is_vpc_routing_table" "egress" {
  vpc                           = ibm_is_vpc.vpc.id
  name                          = "tutorial-routes"
  route_direct_link_ingress     = true
  accept_routes_from_resource_type = ["vpn_server"]
}

resource "ibm_is_vpc_routing_table_route" "onprem" {
  vpc           = ibm_is_vpc.vpc.id
  routing_table = ibm_is_vpc_routing_table.egress.routing_table
  zone          = "us-south-1"
  name          = "to-onprem"
  destination   = "192.168.0.0/24"
  action        = "deliver"
  next_hop      = "10.240.0.10"
}

resource "ibm_is_security_group_target" "lb" {
  security_group = ibm_is_security_group.sg.id
  target         = ibm_is_lb.lb.id
}

# Rules of their own go to an ACL declaring none inline (inline rules are the whole list).
resource "ibm_is_network_acl" "open" {
  name = "tutorial-open"
  vpc  = ibm_is_vpc.vpc.id
}

resource "ibm_is_network_acl_rule" "ping" {
  network_acl = ibm_is_network_acl.open.id
  name        = "ping"
  action      = "allow"
  source      = "10.0.0.0/8"
  destination = "0.0.0.0/0"
  direction   = "inbound"
  icmp {
    type = 8
    code = 0
  }
}

data "ibm_is_floating_ip" "by_name" {
  name = ibm_is_floating_ip.fip.name
}

data "ibm_is_security_group_rules" "rules" {
  security_group = ibm_is_security_group.sg.id
  depends_on     = [ibm_is_security_group_rule.ssh, ibm_is_security_group_rule.ping, ibm_is_security_group_rule.out]
}

data "ibm_is_lb_pools" "pools" {
  lb         = ibm_is_lb.lb.id
  depends_on = [ibm_is_lb_pool.pool]
}

data "ibm_is_subnet_reserved_ip" "backend" {
  subnet      = ibm_is_subnet.subnet.id
  reserved_ip = ibm_is_subnet_reserved_ip.backend.reserved_ip
}

data "ibm_is_public_gateways" "all" {
  depends_on = [ibm_is_public_gateway.gateway]
}

data "ibm_is_network_acl" "by_id" {
  network_acl = ibm_is_network_acl.open.id
}

data "ibm_is_network_acl_rules" "inbound" {
  network_acl = ibm_is_network_acl.acl.id
  direction   = "inbound"
}

data "ibm_is_vpc_routing_table" "by_name" {
  vpc  = ibm_is_vpc.vpc.id
  name = ibm_is_vpc_routing_table.egress.name
}

output "acl_by_id" {
  value = data.ibm_is_network_acl.by_id.crn == ibm_is_network_acl.open.crn
}

output "inbound_rules" {
  value = [for r in data.ibm_is_network_acl_rules.inbound.rules : r.name]
}

output "routing_table" {
  value = data.ibm_is_vpc_routing_table.by_name.route_direct_link_ingress
}

output "fip_by_name" {
  value = data.ibm_is_floating_ip.by_name.address
}

output "rule_protocols" {
  value = sort([for r in data.ibm_is_security_group_rules.rules.rules : r.protocol])
}

output "pool_names" {
  value = [for p in data.ibm_is_lb_pools.pools.pools : p.name]
}

output "backend_by_id" {
  value = data.ibm_is_subnet_reserved_ip.backend.address
}

output "gateways" {
  value = length(data.ibm_is_public_gateways.all.public_gateways)
}

output "fip" {
  value = ibm_is_floating_ip.fip.address
}

output "gateway_ip" {
  value = ibm_is_public_gateway.gateway.floating_ip["address"]
}

output "attached_gateway" {
  value = ibm_is_subnet_public_gateway_attachment.attach.floating_ip["address"]
}

output "rule_id" {
  value = ibm_is_security_group_rule.ssh.id
}
'''

API_TYPES = sorted(registry.API_RESOURCES)


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "api-backed", TUTORIAL)


@pytest.fixture(scope="module")
def sdk(mock_server):  # noqa: F811
    return sdk_client(mock_server.url)


def test_the_tutorial_applies_with_real_outputs_and_plans_clean(tf):
    values = tf.outputs()
    assert ipaddress.ip_address(values["fip"]).version == 4
    assert ipaddress.ip_address(values["gateway_ip"]).version == 4
    assert len(values["members"]) == 2 and all(m.startswith("0717_") or m for m in values["members"])
    assert values["first_member"]
    assert values["lb_hostname"].endswith(".lb.appdomain.cloud")
    assert [ipaddress.ip_address(ip).version for ip in values["lb_public_ips"]] == [4] * len(values["lb_public_ips"])
    assert values["lb_public_ips"]
    assert ipaddress.ip_address(values["backend_address"]) in ipaddress.ip_network("10.240.0.0/16")
    assert values["attached_gateway"] == values["gateway_ip"]
    assert values["fip_by_name"] == values["fip"]
    assert values["rule_protocols"] == ["icmp", "icmp_tcp_udp", "tcp"]
    assert values["pool_names"] == ["tutorial-pool"]
    assert values["backend_by_id"] == values["backend_address"]
    assert values["gateways"] == 1
    assert values["acl_by_id"] is True
    assert values["inbound_rules"] == ["https"]
    assert values["routing_table"] is True
    group, rule = values["rule_id"].split(".")
    assert group.startswith("r006-") and rule.startswith("r006-")
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_what_terraform_made_the_sdk_gets_and_lists(tf, sdk):
    made = managed(tf)
    fip = made["ibm_is_floating_ip.fip"]
    got = sdk.get_floating_ip(fip["id"]).get_result()
    assert (got["address"], got["zone"]["name"], got["name"]) == (fip["address"], "us-south-1", "tutorial-fip")
    assert fip["id"] in [f["id"] for f in sdk.list_floating_ips().get_result()["floating_ips"]]
    gateway = made["ibm_is_public_gateway.gateway"]
    assert sdk.get_public_gateway(gateway["id"]).get_result()["floating_ip"]["address"] == \
        gateway["floating_ip"]["address"]
    assert gateway["id"] in [g["id"] for g in sdk.list_public_gateways().get_result()["public_gateways"]]
    subnet = made["ibm_is_subnet.subnet"]["id"]
    assert sdk.get_subnet_public_gateway(subnet).get_result()["id"] == gateway["id"]
    sg = made["ibm_is_security_group.sg"]
    assert sdk.get_security_group(sg["id"]).get_result()["name"] == "tutorial-sg"
    assert sg["id"] in [g["id"] for g in sdk.list_security_groups().get_result()["security_groups"]]
    rules = sdk.list_security_group_rules(sg["id"]).get_result()["rules"]
    ssh = next(r for r in rules if r["id"] == made["ibm_is_security_group_rule.ssh"]["rule_id"])
    assert (ssh["protocol"], ssh["port_min"], ssh["port_max"], ssh["remote"]) == \
        ("tcp", 22, 22, {"cidr_block": "0.0.0.0/0"})
    out = next(r for r in rules if r["id"] == made["ibm_is_security_group_rule.out"]["rule_id"])
    assert out["remote"]["id"] == sg["id"]
    lb = made["ibm_is_lb.lb"]
    got = sdk.get_load_balancer(lb["id"]).get_result()
    assert (got["hostname"], [ip["address"] for ip in got["public_ips"]]) == (lb["hostname"], lb["public_ips"])
    assert lb["id"] in [b["id"] for b in sdk.list_load_balancers().get_result()["load_balancers"]]
    pool = made["ibm_is_lb_pool.pool"]
    assert sdk.get_load_balancer_pool(lb["id"], pool["pool_id"]).get_result()["health_monitor"]["delay"] == 60
    listener = made["ibm_is_lb_listener.http"]
    assert sdk.get_load_balancer_listener(lb["id"], listener["listener_id"]).get_result()["default_pool"]["id"] == \
        pool["pool_id"]
    members = sdk.list_load_balancer_pool_members(lb["id"], pool["pool_id"]).get_result()["members"]
    assert [m["target"] for m in members] == [{"address": made["ibm_is_subnet_reserved_ip.backend"]["address"]}]
    template = made["ibm_is_instance_template.template"]
    assert sdk.get_instance_template(template["id"]).get_result()["profile"]["name"] == "bx2-2x8"
    assert template["id"] in [t["id"] for t in sdk.list_instance_templates().get_result()["templates"]]
    group = made["ibm_is_instance_group.group"]
    assert sdk.get_instance_group(group["id"]).get_result()["membership_count"] == 2 == group["instances"]
    assert len(sdk.list_instance_group_memberships(group["id"]).get_result()["memberships"]) == 2
    manager = made["ibm_is_instance_group_manager.autoscale"]
    got = sdk.get_instance_group_manager(group["id"], manager["manager_id"]).get_result()
    assert (got["max_membership_count"], got["management_enabled"], got["aggregation_window"]) == (4, True, 120)
    reserved = made["ibm_is_subnet_reserved_ip.backend"]
    assert sdk.get_subnet_reserved_ip(subnet, reserved["reserved_ip"]).get_result()["address"] == reserved["address"]
    acl = made["ibm_is_network_acl.acl"]
    rules = sdk.list_network_acl_rules(acl["id"]).get_result()["rules"]
    assert sorted((r["name"], r["protocol"], r.get("destination_port_min")) for r in rules) == \
        [("https", "tcp", 443), ("outbound", "icmp_tcp_udp", None)]
    ping = sdk.list_network_acl_rules(made["ibm_is_network_acl.open"]["id"]).get_result()["rules"]
    assert [(r["name"], r["protocol"], r["type"], r["code"]) for r in ping] == [("ping", "icmp", 8, 0)]
    assert sdk.get_subnet_network_acl(subnet).get_result()["id"] == acl["id"]
    assert sdk.get_placement_group(made["ibm_is_placement_group.spread"]["id"]).get_result()["strategy"] == \
        "host_spread"
    vpc = made["ibm_is_vpc.vpc"]["id"]
    table = made["ibm_is_vpc_routing_table.egress"]
    got = sdk.get_vpc_routing_table(vpc, table["routing_table"]).get_result()
    assert (got["route_direct_link_ingress"], got["accept_routes_from"]) == (True, [{"resource_type": "vpn_server"}])
    route = made["ibm_is_vpc_routing_table_route.onprem"]
    got = sdk.get_vpc_routing_table_route(vpc, table["routing_table"], route["route_id"]).get_result()
    assert (got["destination"], got["next_hop"], got["zone"]["name"]) == \
        ("192.168.0.0/24", {"address": "10.240.0.10"}, "us-south-1")
    targets = sdk.list_security_group_targets(sg["id"]).get_result()["targets"]
    assert [t["id"] for t in targets] == [lb["id"]]
    # Nothing of these types is a stored resource; only what the API lacks is kept beside it.
    assert not stored_types(tf) & set(API_TYPES) - {None}


def test_changes_patch_through_the_api_and_plan_clean(tf, sdk):
    changed = TUTORIAL.replace('name = "tutorial-fip"', 'name = "renamed-fip"') \
        .replace("port_min = 22\n    port_max = 22", "port_min = 2222\n    port_max = 2222") \
        .replace("instance_count    = 2", "instance_count    = 3")
    write_config(tf, changed)
    before = managed(tf)
    tf.run("apply", "-auto-approve")
    after = managed(tf)
    assert after["ibm_is_floating_ip.fip"]["id"] == before["ibm_is_floating_ip.fip"]["id"]  # in place
    assert sdk.get_floating_ip(after["ibm_is_floating_ip.fip"]["id"]).get_result()["name"] == "renamed-fip"
    rule = after["ibm_is_security_group_rule.ssh"]
    assert rule["id"] == before["ibm_is_security_group_rule.ssh"]["id"]
    got = sdk.get_security_group_rule(rule["group"], rule["rule_id"]).get_result()
    assert (got["port_min"], got["port_max"]) == (2222, 2222)
    group = after["ibm_is_instance_group.group"]["id"]
    assert len(sdk.list_instance_group_memberships(group).get_result()["memberships"]) == 3
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    assert len(tf.outputs()["members"]) == 3


def test_what_the_sdk_made_terraform_imports_to_an_empty_plan(tf, sdk):
    vpc = managed(tf)["ibm_is_vpc.vpc"]["id"]
    sg = sdk.create_security_group(vpc={"id": vpc}, name="from-sdk").get_result()
    fip = sdk.create_floating_ip({"name": "sdk-fip", "zone": {"name": "us-south-2"}}).get_result()
    (tf.workdir / "imported.tf").write_text(f'''
resource "ibm_is_security_group" "sdk" {{
  name = "from-sdk"
  vpc  = "{vpc}"
}}

resource "ibm_is_floating_ip" "sdk" {{
  name = "sdk-fip"
  zone = "us-south-2"
}}
''')
    tf.run("import", "ibm_is_security_group.sdk", sg["id"])
    tf.run("import", "ibm_is_floating_ip.sdk", fip["id"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    assert managed(tf)["ibm_is_floating_ip.sdk"]["address"] == fip["address"]


def test_every_resource_reimports_by_its_ibm_id_to_an_empty_plan_and_destroys(tf, sdk):
    ids = {address: values["id"] for address, values in managed(tf).items()}
    tf.reimport(ids)
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
    assert sdk.list_floating_ips().get_result()["floating_ips"] == []
    assert sdk.list_public_gateways().get_result()["public_gateways"] == []
    assert requests.get(f"{tf.mock.url}/mock/state").json()["counts"].get("stored_resources", 0) == 0
