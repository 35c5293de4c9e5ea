"""The generic engine (engine/generic) through the official SDK: the VPC API's collections no
emulated route serves, created from the API table's prototypes, answered in its models' shapes
(each answer parsed by the SDK model's from_dict), with references checked, addresses
allocated, sub-collections, merge-patch, in-use refusals, and the behaviours the issue names."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (DefaultNetworkACL, DefaultRoutingTable, DefaultSecurityGroup, FloatingIP,
                            FloatingIPCollection, InstanceGroup, InstanceGroupMembershipCollection, LoadBalancer,
                            LoadBalancerListener, LoadBalancerPool, LoadBalancerPoolMember, NetworkACL, NetworkACLRule,
                            NetworkInterface, PublicGateway, ReservedIP, Route, RoutingTable, SecurityGroup,
                            SecurityGroupCollection, SecurityGroupRuleSecurityGroupRuleProtocolTCPUDP,
                            SecurityGroupTargetCollection, Subnet)

from conftest import UBUNTU, api_error

ZONE = "us-south-1"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS9TfIkPfq3C7gEcALyWwLs+bEzlB3NuTnwLnHgPHju m"


def error_of(call) -> dict:
    with pytest.raises(ApiException) as raised:
        call()
    body = raised.value.http_response.json()["errors"][0]
    return {"status": raised.value.status_code, "code": body["code"], "target": body.get("target")}


@pytest.fixture
def net(vpc):
    """A VPC with a /24 subnet in us-south-1 (10.240.0.0/24)."""
    created = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet({"name": "net-1", "vpc": {"id": created["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    return created, subnet


def instance(vpc, subnet):
    return vpc.create_instance({"profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE}, "image": {"id": UBUNTU},
                                "primary_network_interface": {"subnet": {"id": subnet["id"]}}}).get_result()


# -- security groups and their rules -----------------------------------------------------------

def test_a_security_group_is_created_in_a_vpc_and_read_back(vpc, net):
    created, _ = net
    group = vpc.create_security_group(vpc={"id": created["id"]}, name="web").get_result()
    got = vpc.get_security_group(id=group["id"]).get_result()
    SecurityGroup.from_dict(got)
    assert (got["name"], got["vpc"]["id"], got["vpc"]["resource_type"], got["rules"], got["targets"]) == (
        "web", created["id"], "vpc", [], [])


def test_a_security_group_has_an_id_crn_and_href_of_its_family(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}).get_result()
    assert re.fullmatch(r"r006-[0-9a-f-]{36}", group["id"])
    assert group["crn"].endswith(f"::security-group:{group['id']}")
    assert group["href"].endswith(f"/us-south/v1/security_groups/{group['id']}")
    assert group["resource_group"]["name"] == "Default"


def test_a_rule_added_to_a_group_is_among_its_rules(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    rule = vpc.create_security_group_rule(group["id"], {
        "direction": "inbound", "protocol": "tcp", "port_min": 22, "port_max": 22,
        "remote": {"cidr_block": "10.0.0.0/8"}}).get_result()
    SecurityGroupRuleSecurityGroupRuleProtocolTCPUDP.from_dict(rule)
    assert (rule["port_min"], rule["remote"], rule["ip_version"], rule["local"]) == (
        22, {"cidr_block": "10.0.0.0/8"}, "ipv4", {"cidr_block": "0.0.0.0/0"})
    assert [r["id"] for r in vpc.get_security_group(id=group["id"]).get_result()["rules"]] == [rule["id"]]


def test_security_groups_are_listed_one_per_page(vpc, net):
    vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    first = vpc.list_security_groups(limit=1).get_result()
    token = parse_qs(urlparse(first["next"]["href"]).query)["start"][0]
    second = vpc.list_security_groups(limit=1, start=token).get_result()
    for page in (first, second):
        SecurityGroupCollection.from_dict(page)
    assert ([g["name"] for g in first["security_groups"] + second["security_groups"]],
            first["total_count"], "next" in second) == (["web", "net-sg"], 2, False)


def test_security_groups_are_listed_by_vpc(vpc, net):
    other = vpc.create_vpc(name="other").get_result()
    vpc.create_security_group(vpc={"id": other["id"]}, name="elsewhere")
    listed = vpc.list_security_groups(vpc_id=net[0]["id"]).get_result()["security_groups"]
    assert [g["name"] for g in listed] == ["net-sg"]


def test_a_group_in_a_vpc_the_account_lacks_is_404_naming_vpc_id(vpc):
    assert error_of(lambda: vpc.create_security_group(vpc={"id": "r006-nope"})) == {
        "status": 404, "code": "vpc_not_found", "target": {"name": "vpc.id", "type": "field", "value": "r006-nope"}}


def test_a_missing_required_property_is_400_naming_it(http):
    response = http.call("POST", "/security_groups", {"name": "web"})
    assert (response.status_code, response.json()["errors"][0]["code"], response.json()["errors"][0]["target"]) == (
        400, "missing_field", {"name": "vpc", "type": "field"})


def test_a_value_outside_its_enum_is_400_naming_it(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}).get_result()
    assert error_of(lambda: vpc.create_security_group_rule(group["id"], {
        "direction": "sideways", "protocol": "tcp"})) == {
        "status": 400, "code": "invalid_field_value", "target": {"name": "direction", "type": "field",
                                                                 "value": "sideways"}}


def test_a_property_the_model_lacks_is_400_naming_it(http, vpc, net):
    response = http.call("POST", "/security_groups", {"vpc": {"id": net[0]["id"]}, "colour": "red"})
    assert (response.status_code, response.json()["errors"][0]["code"], response.json()["errors"][0]["target"]) == (
        400, "bad_field", {"name": "colour", "type": "field"})


def test_a_merge_patch_renames_a_group_and_changes_its_etag(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web")
    renamed = vpc.update_security_group(group.get_result()["id"], {"name": "www"})
    assert (renamed.get_result()["name"], renamed.get_headers()["ETag"] != group.get_headers()["ETag"],
            vpc.get_security_group(group.get_result()["id"]).get_result()["name"]) == ("www", True, "www")


def test_a_patch_with_the_current_etag_applies_and_a_stale_one_is_412(vpc, net):
    table = vpc.create_vpc_routing_table(net[0]["id"], name="egress")
    ident = table.get_result()["id"]
    renamed = vpc.update_vpc_routing_table(net[0]["id"], ident, {"name": "edge"}, if_match=table.get_headers()["ETag"])
    assert api_error(_raised(lambda: vpc.update_vpc_routing_table(
        net[0]["id"], ident, {"name": "again"}, if_match=table.get_headers()["ETag"]))) == (412, "if_match_mismatch")
    assert renamed.get_result()["name"] == "edge"


def _raised(call):
    try:
        call()
    except ApiException as exc:
        return exc
    raise AssertionError("no error")


def test_a_group_a_network_interface_uses_cannot_be_deleted(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    server = instance(vpc, net[1])
    vpc.create_instance_network_interface(server["id"], subnet={"id": net[1]["id"]},
                                          security_groups=[{"id": group["id"]}])
    assert api_error(_raised(lambda: vpc.delete_security_group(group["id"]))) == (409, "security_group_in_use")


def test_a_group_another_groups_rule_targets_cannot_be_deleted(vpc, net):
    target = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="db").get_result()
    web = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    vpc.create_security_group_rule(web["id"], {"direction": "outbound", "protocol": "any",
                                               "remote": {"id": target["id"]}})
    assert api_error(_raised(lambda: vpc.delete_security_group(target["id"]))) == (409, "security_group_in_use")


def test_a_deleted_group_takes_its_rules_with_it(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    rule = vpc.create_security_group_rule(group["id"], {"direction": "inbound", "protocol": "any"}).get_result()
    vpc.delete_security_group(group["id"])
    assert (api_error(_raised(lambda: vpc.get_security_group(group["id"]))),
            api_error(_raised(lambda: vpc.get_security_group_rule(group["id"], rule["id"])))) == (
        (404, "security_group_not_found"), (404, "security_group_not_found"))


def test_a_network_interface_using_a_group_is_among_its_targets(vpc, net):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    server = instance(vpc, net[1])
    nic = vpc.create_instance_network_interface(server["id"], subnet={"id": net[1]["id"]},
                                                security_groups=[{"id": group["id"]}]).get_result()
    targets = vpc.list_security_group_targets(group["id"]).get_result()
    SecurityGroupTargetCollection.from_dict(targets)
    assert [(t["id"], t["resource_type"]) for t in targets["targets"]] == [(nic["id"], "network_interface")]


# -- addresses ---------------------------------------------------------------------------------

def test_a_network_interface_takes_the_next_free_address_of_its_subnet(vpc, net):
    server = instance(vpc, net[1])  # 10.240.0.4
    nic = vpc.create_instance_network_interface(server["id"], subnet={"id": net[1]["id"]}).get_result()
    NetworkInterface.from_dict(nic)
    assert (nic["primary_ip"]["address"], nic["subnet"]["id"]) == ("10.240.0.5", net[1]["id"])


def test_a_reserved_ip_takes_the_next_free_address_and_holds_its_subnet(vpc, net):
    reserved = vpc.create_subnet_reserved_ip(net[1]["id"], name="vip").get_result()
    ReservedIP.from_dict(reserved)
    assert (reserved["address"], reserved["lifecycle_state"],
            vpc.get_subnet(id=net[1]["id"]).get_result()["available_ipv4_address_count"]) == ("10.240.0.4", "stable",
                                                                                             256 - 5 - 1)
    assert api_error(_raised(lambda: vpc.delete_subnet(net[1]["id"]))) == (409, "subnet_in_use")


def test_a_floating_ip_of_a_zone_has_a_public_address(vpc):
    fip = vpc.create_floating_ip({"zone": {"name": ZONE}, "name": "edge"}).get_result()
    FloatingIP.from_dict(fip)
    assert (re.fullmatch(r"52\.116\.\d+\.\d+", fip["address"]) is not None, fip["zone"]["name"], fip["status"]) == (
        True, ZONE, "available")


def test_a_floating_ip_targets_a_network_interface(vpc, net):
    server = instance(vpc, net[1])
    nic = vpc.create_instance_network_interface(server["id"], subnet={"id": net[1]["id"]}).get_result()
    fip = vpc.create_floating_ip({"target": {"id": nic["id"]}, "name": "edge"}).get_result()
    FloatingIP.from_dict(fip)
    assert (fip["target"]["id"], fip["target"]["resource_type"]) == (nic["id"], "network_interface")
    listed = vpc.list_floating_ips(target_id=nic["id"]).get_result()
    FloatingIPCollection.from_dict(listed)
    assert [f["name"] for f in listed["floating_ips"]] == ["edge"]


# -- public gateways and a subnet's gateway, ACL and routing table --------------------------------

def test_a_public_gateway_gets_a_floating_ip_of_its_zone(vpc, net):
    gateway = vpc.create_public_gateway(vpc={"id": net[0]["id"]}, zone={"name": ZONE}, name="gw").get_result()
    PublicGateway.from_dict(gateway)
    fip = vpc.get_floating_ip(gateway["floating_ip"]["id"]).get_result()
    assert (gateway["floating_ip"]["address"], fip["name"], fip["zone"]["name"], fip["target"]["id"]) == (
        fip["address"], "gw-fip", ZONE, gateway["id"])


def test_a_subnet_shows_the_public_gateway_set_on_it(vpc, net):
    gateway = vpc.create_public_gateway(vpc={"id": net[0]["id"]}, zone={"name": ZONE}, name="gw").get_result()
    PublicGateway.from_dict(vpc.set_subnet_public_gateway(net[1]["id"], {"id": gateway["id"]}).get_result())
    subnet = vpc.get_subnet(id=net[1]["id"]).get_result()
    Subnet.from_dict(subnet)
    assert (subnet["public_gateway"]["id"], subnet["public_gateway"]["resource_type"],
            vpc.get_subnet_public_gateway(net[1]["id"]).get_result()["name"]) == (gateway["id"], "public_gateway", "gw")


def test_a_public_gateway_a_subnet_uses_cannot_be_deleted_until_unset(vpc, net):
    gateway = vpc.create_public_gateway(vpc={"id": net[0]["id"]}, zone={"name": ZONE}).get_result()
    vpc.set_subnet_public_gateway(net[1]["id"], {"id": gateway["id"]})
    refused = api_error(_raised(lambda: vpc.delete_public_gateway(gateway["id"])))
    vpc.unset_subnet_public_gateway(net[1]["id"])
    vpc.delete_public_gateway(gateway["id"])
    assert (refused, "public_gateway" in vpc.get_subnet(id=net[1]["id"]).get_result(),
            vpc.list_floating_ips().get_result()["floating_ips"]) == ((409, "public_gateway_in_use"), False, [])


def test_a_public_gateway_of_another_zone_is_refused_for_a_subnet(vpc, net):
    gateway = vpc.create_public_gateway(vpc={"id": net[0]["id"]}, zone={"name": "us-south-2"}).get_result()
    assert api_error(_raised(lambda: vpc.set_subnet_public_gateway(net[1]["id"], {"id": gateway["id"]}))) == (
        400, "public_gateway_zone_mismatch")


def test_a_network_acl_with_rules_and_a_rule_added(vpc, net):
    acl = vpc.create_network_acl({"vpc": {"id": net[0]["id"]}, "name": "strict", "rules": [
        {"name": "in", "action": "allow", "direction": "inbound", "protocol": "any", "source": "0.0.0.0/0",
         "destination": "0.0.0.0/0"}]}).get_result()
    NetworkACL.from_dict(acl)
    rule = vpc.create_network_acl_rule(acl["id"], {
        "name": "ssh", "action": "deny", "direction": "outbound", "protocol": "tcp", "source": "0.0.0.0/0",
        "destination": "10.0.0.0/8", "destination_port_min": 22, "destination_port_max": 22}).get_result()
    NetworkACLRule.from_dict(rule)
    assert [r["name"] for r in vpc.get_network_acl(acl["id"]).get_result()["rules"]] == ["in", "ssh"]
    assert [r["name"] for r in vpc.list_network_acl_rules(acl["id"], direction="outbound").get_result()["rules"]] == [
        "ssh"]


def test_a_subnets_network_acl_is_replaced_and_the_acl_lists_it(vpc, net):
    acl = vpc.create_network_acl({"vpc": {"id": net[0]["id"]}, "name": "strict"}).get_result()
    replaced = vpc.replace_subnet_network_acl(net[1]["id"], {"id": acl["id"]}).get_result()
    NetworkACL.from_dict(replaced)
    subnet = vpc.get_subnet(id=net[1]["id"]).get_result()
    assert ([s["id"] for s in replaced["subnets"]], subnet["network_acl"]["id"]) == ([net[1]["id"]], acl["id"])
    assert api_error(_raised(lambda: vpc.delete_network_acl(acl["id"]))) == (409, "network_acl_in_use")


def test_a_routing_table_with_a_route(vpc, net):
    table = vpc.create_vpc_routing_table(net[0]["id"], name="egress").get_result()
    RoutingTable.from_dict(table)
    route = vpc.create_vpc_routing_table_route(net[0]["id"], table["id"], destination="192.168.0.0/24",
                                               zone={"name": ZONE}, next_hop={"address": "10.240.0.4"}).get_result()
    Route.from_dict(route)
    got = vpc.get_vpc_routing_table(net[0]["id"], table["id"]).get_result()
    assert ((route["destination"], route["next_hop"], route["zone"]["name"]), [r["id"] for r in got["routes"]],
            got["is_default"]) == (("192.168.0.0/24", {"address": "10.240.0.4"}, ZONE), [route["id"]], False)


# -- a VPC's defaults ---------------------------------------------------------------------------

def test_a_vpc_answers_its_default_security_group_acl_and_routing_table(vpc, net):
    created, subnet = net
    group = vpc.get_vpc_default_security_group(created["id"]).get_result()
    acl = vpc.get_vpc_default_network_acl(created["id"]).get_result()
    table = vpc.get_vpc_default_routing_table(created["id"]).get_result()
    DefaultSecurityGroup.from_dict(group)
    DefaultNetworkACL.from_dict(acl)
    DefaultRoutingTable.from_dict(table)
    assert ((group["id"], group["name"], [(r["direction"], r["remote"]) for r in group["rules"]]),
            (acl["id"], [(r["direction"], r["action"]) for r in acl["rules"]], [s["id"] for s in acl["subnets"]]),
            (table["id"], table["is_default"], [s["id"] for s in table["subnets"]])) == (
        (created["default_security_group"]["id"], "net-sg",
         [("inbound", {k: group["rules"][0]["remote"][k] for k in ("crn", "href", "id", "name")}),
          ("outbound", {"cidr_block": "0.0.0.0/0"})]),
        (created["default_network_acl"]["id"], [("inbound", "allow"), ("outbound", "allow")], [subnet["id"]]),
        (created["default_routing_table"]["id"], True, [subnet["id"]]))


def test_a_vpcs_default_security_group_cannot_be_deleted(vpc, net):
    assert api_error(_raised(lambda: vpc.delete_security_group(net[0]["default_security_group"]["id"]))) == (
        409, "security_group_in_use")


def test_a_vpc_a_security_group_is_in_cannot_be_deleted(vpc):
    created = vpc.create_vpc(name="lonely").get_result()
    group = vpc.create_security_group(vpc={"id": created["id"]}).get_result()
    refused = api_error(_raised(lambda: vpc.delete_vpc(created["id"])))
    vpc.delete_security_group(group["id"])
    vpc.delete_vpc(created["id"])
    assert (refused, vpc.list_security_groups().get_result()["security_groups"]) == ((409, "vpc_in_use"), [])


# -- instance groups and load balancers -----------------------------------------------------------

def test_an_instance_group_of_two_has_two_memberships(vpc, net):
    template = vpc.create_instance_template({
        "name": "tmpl", "image": {"id": UBUNTU}, "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
        "vpc": {"id": net[0]["id"]}, "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()
    group = vpc.create_instance_group(instance_template={"id": template["id"]}, subnets=[{"id": net[1]["id"]}],
                                      membership_count=2, name="workers").get_result()
    InstanceGroup.from_dict(group)
    memberships = vpc.list_instance_group_memberships(group["id"]).get_result()
    InstanceGroupMembershipCollection.from_dict(memberships)
    assert ([m["status"] for m in memberships["memberships"]], memberships["total_count"],
            {m["instance_template"]["id"] for m in memberships["memberships"]}) == (
        ["healthy", "healthy"], 2, {template["id"]})


def test_an_instance_groups_memberships_follow_its_count(vpc, net):
    template = vpc.create_instance_template({
        "image": {"id": UBUNTU}, "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
        "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()
    group = vpc.create_instance_group(instance_template={"id": template["id"]}, subnets=[{"id": net[1]["id"]}],
                                      membership_count=2).get_result()
    vpc.update_instance_group(group["id"], {"membership_count": 3})
    assert len(vpc.list_instance_group_memberships(group["id"]).get_result()["memberships"]) == 3


def test_a_load_balancer_with_a_pool_a_listener_and_members(vpc, net):
    server = instance(vpc, net[1])
    balancer = vpc.create_load_balancer(
        is_public=True, subnets=[{"id": net[1]["id"]}], name="front",
        pools=[{"name": "web", "algorithm": "round_robin", "protocol": "http",
                "health_monitor": {"delay": 5, "max_retries": 2, "timeout": 2, "type": "http"}}],
        listeners=[{"protocol": "http", "port": 80, "default_pool": {"name": "web"}}]).get_result()
    LoadBalancer.from_dict(balancer)
    pool, listener = balancer["pools"][0], balancer["listeners"][0]
    member = vpc.create_load_balancer_pool_member(balancer["id"], pool["id"], port=8080,
                                                  target={"id": server["id"]}).get_result()
    LoadBalancerPoolMember.from_dict(member)
    LoadBalancerPool.from_dict(vpc.get_load_balancer_pool(balancer["id"], pool["id"]).get_result())
    got_listener = vpc.get_load_balancer_listener(balancer["id"], listener["id"]).get_result()
    LoadBalancerListener.from_dict(got_listener)
    assert (balancer["hostname"].endswith("-us-south.lb.appdomain.cloud"), len(balancer["public_ips"]),
            balancer["private_ips"][0]["address"], got_listener["default_pool"]["id"],
            (member["target"]["id"], member["target"]["crn"], member["port"]),
            [m["id"] for m in vpc.get_load_balancer_pool(balancer["id"], pool["id"]).get_result()["members"]]) == (
        True, 2, "10.240.0.5", pool["id"], (server["id"], server["crn"], 8080), [member["id"]])
    # An instance target is the SDK's LoadBalancerPoolMemberTargetInstanceReference: no resource_type.
    assert "resource_type" not in member["target"]


def test_a_deleted_load_balancer_takes_its_pools_and_listeners(vpc, net):
    balancer = vpc.create_load_balancer(
        is_public=False, subnets=[{"id": net[1]["id"]}],
        pools=[{"name": "web", "algorithm": "round_robin", "protocol": "tcp",
                "health_monitor": {"delay": 5, "max_retries": 2, "timeout": 2, "type": "tcp"}}]).get_result()
    vpc.delete_load_balancer(balancer["id"])
    assert (vpc.list_load_balancers().get_result()["load_balancers"],
            vpc.get_subnet(id=net[1]["id"]).get_result()["available_ipv4_address_count"]) == ([], 256 - 5)


# -- the platform around ---------------------------------------------------------------------------

def test_a_creation_is_an_activity_event(vpc, net, mock):
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}, name="web").get_result()
    events = requests.get(f"{mock.url}/mock/events", params={"target_crn": group["crn"]}).json()["events"]
    assert [e["action"] for e in events] == ["is.security-group.security-group.create"]


def test_another_accounts_group_is_not_found(vpc, net, mock):
    from conftest import sdk_client
    group = vpc.create_security_group(vpc={"id": net[0]["id"]}).get_result()
    before = requests.get(f"{mock.url}/mock/iam").json()
    requests.put(f"{mock.url}/mock/iam", json={"accounts": {"a" * 32: {"api_keys": ["test-key"]},
                                                            "b" * 32: {"api_keys": ["other-key"]}}}).raise_for_status()
    try:
        other = sdk_client(mock.url, api_key="other-key")
        assert api_error(_raised(lambda: other.get_security_group(group["id"]))) == (404, "security_group_not_found")
    finally:
        requests.put(f"{mock.url}/mock/iam", json=before).raise_for_status()


def test_an_operation_the_api_lacks_is_405_on_a_path_it_has(http):
    response = http.call("PUT", "/security_groups")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (405, "method_not_allowed")


# -- actions and a sub-collection emptied --------------------------------------------------------

def bare_metal_server(vpc, net):
    key = vpc.create_key(public_key=SSH_KEY)
    return vpc.create_bare_metal_server({
        "name": "metal", "profile": {"name": "bx2-metal-192x768"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key.get_result()["id"]}]},
        "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()


def test_a_bare_metal_server_stopped_and_started_reads_so(vpc, net):
    server = bare_metal_server(vpc, net)
    vpc.stop_bare_metal_server(server["id"], type="hard")
    stopped = vpc.get_bare_metal_server(server["id"]).get_result()["status"]
    vpc.start_bare_metal_server(server["id"])
    assert (server["status"], stopped, vpc.get_bare_metal_server(server["id"]).get_result()["status"]) == (
        "running", "stopped", "running")


def test_an_instance_groups_memberships_are_deleted_together(vpc, net):
    template = vpc.create_instance_template({
        "image": {"id": UBUNTU}, "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
        "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()
    group = vpc.create_instance_group(instance_template={"id": template["id"]}, subnets=[{"id": net[1]["id"]}],
                                      membership_count=2).get_result()
    vpc.delete_instance_group_memberships(group["id"])
    assert vpc.list_instance_group_memberships(group["id"]).get_result()["memberships"] == []


def test_a_group_and_its_rules_outlive_a_restart_of_the_mock(tmp_path):
    from conftest import sdk_client, start_server
    first = start_server(tmp_path / "state.json", scheduler=False)
    client = sdk_client(first.url)
    created = client.create_vpc(name="kept").get_result()
    group = client.create_security_group(vpc={"id": created["id"]}, name="web", rules=[
        {"direction": "inbound", "protocol": "icmp", "type": 8}]).get_result()
    first.close()
    second = start_server(tmp_path / "state.json", scheduler=False)
    try:
        rules = sdk_client(second.url).list_security_group_rules(group["id"]).get_result()["rules"]
        assert [(r["protocol"], r["type"]) for r in rules] == [("icmp", 8)]
    finally:
        second.close()
