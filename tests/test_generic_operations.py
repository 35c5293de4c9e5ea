"""The VPC API's operations beyond collections, singletons and state actions
(engine/generic/operations.py), through the official SDK: CIDR lists of VPN gateways and
connections, load balancer statistics and pool members replaced, console tokens, a bare metal
server's firmware and initialization, an instance group's load balancer removed, an account
revoked from a private path service gateway, a VPN server's client profile, a VPN gateway
member's new private IP."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (BareMetalServerConsoleAccessToken, BareMetalServerInitialization,
                            LoadBalancerPoolMemberCollection, LoadBalancerStatistics, VPNGatewayAdvertisedCIDRCollection,
                            VPNGatewayConnectionCIDRs, VPNGatewayMember)

from conftest import UBUNTU

ZONE = "us-south-1"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS9TfIkPfq3C7gEcALyWwLs+bEzlB3NuTnwLnHgPHju ops"
OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHjMx930UMqbsvtvo1/8APLpZjRbncWg85+bK3KM0zME other"


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]


@pytest.fixture
def net(vpc):
    created = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet({"name": "net-1", "vpc": {"id": created["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    return created, subnet


def gateway(vpc, subnet, mode="route"):
    return vpc.create_vpn_gateway({"name": f"vpn-{mode}", "mode": mode, "subnet": {"id": subnet["id"]}}).get_result()


# -- CIDR lists -------------------------------------------------------------------------------------

def test_an_advertised_cidr_is_added_checked_listed_and_removed(vpc, net):
    gw = gateway(vpc, net[1])
    vpc.add_vpn_gateway_advertised_cidr(gw["id"], "192.168.0.0/24")
    vpc.check_vpn_gateway_advertised_cidr(gw["id"], "192.168.0.0/24")
    listed = vpc.list_vpn_gateway_advertised_cidrs(gw["id"]).get_result()
    VPNGatewayAdvertisedCIDRCollection.from_dict(listed)
    assert listed == {"advertised_cidrs": ["192.168.0.0/24"]}
    assert vpc.get_vpn_gateway(gw["id"]).get_result()["advertised_cidrs"] == ["192.168.0.0/24"]
    vpc.remove_vpn_gateway_advertised_cidr(gw["id"], "192.168.0.0/24")
    assert error_of(lambda: vpc.check_vpn_gateway_advertised_cidr(gw["id"], "192.168.0.0/24")) == (
        404, "cidr_not_found")


def test_a_policy_mode_gateway_advertises_no_cidrs(vpc, net):
    gw = gateway(vpc, net[1], "policy")
    assert error_of(lambda: vpc.add_vpn_gateway_advertised_cidr(gw["id"], "192.168.0.0/24")) == (
        400, "vpn_gateway_mode_invalid")


def test_a_cidr_that_is_not_a_network_is_refused(vpc, net):
    gw = gateway(vpc, net[1])
    assert error_of(lambda: vpc.add_vpn_gateway_advertised_cidr(gw["id"], "192.168.0.1/24")) == (400, "invalid_cidr")


def test_a_policy_connections_local_and_peer_cidrs_are_added_and_removed(vpc, net):
    gw = gateway(vpc, net[1], "policy")
    conn = vpc.create_vpn_gateway_connection(gw["id"], {
        "peer": {"address": "169.21.50.5", "cidrs": ["10.45.0.0/24"]}, "local": {"cidrs": ["10.240.0.0/24"]},
        "psk": "lkj14b1oi0alcniejkso", "name": "conn"}).get_result()
    vpc.add_vpn_gateway_connections_local_cidr(gw["id"], conn["id"], "10.240.1.0/24")
    vpc.remove_vpn_gateway_connections_peer_cidr(gw["id"], conn["id"], "10.45.0.0/24")
    local = vpc.list_vpn_gateway_connections_local_cidrs(gw["id"], conn["id"]).get_result()
    VPNGatewayConnectionCIDRs.from_dict(local)
    assert (local["cidrs"], vpc.list_vpn_gateway_connections_peer_cidrs(gw["id"], conn["id"]).get_result()["cidrs"]) \
        == (["10.240.0.0/24", "10.240.1.0/24"], [])


# -- load balancers -------------------------------------------------------------------------------------

@pytest.fixture
def balancer(vpc, net):
    return vpc.create_load_balancer(is_public=False, subnets=[{"id": net[1]["id"]}], name="lb", pools=[
        {"name": "web", "algorithm": "round_robin", "protocol": "http",
         "health_monitor": {"delay": 5, "max_retries": 2, "timeout": 2, "type": "http"}}]).get_result()


def test_a_load_balancer_without_traffic_has_zero_statistics(vpc, balancer):
    stats = vpc.get_load_balancer_statistics(balancer["id"]).get_result()
    LoadBalancerStatistics.from_dict(stats)
    assert stats == {"active_connections": 0, "connection_rate": 0, "data_processed_this_month": 0, "throughput": 0}


def test_a_pools_members_are_replaced_as_a_whole(vpc, balancer):
    pool = balancer["pools"][0]
    vpc.create_load_balancer_pool_member(balancer["id"], pool["id"], port=80, target={"address": "10.240.0.20"})
    replaced = vpc.replace_load_balancer_pool_members(balancer["id"], pool["id"], members=[
        {"port": 8080, "target": {"address": "10.240.0.30"}},
        {"port": 8081, "target": {"address": "10.240.0.31"}}]).get_result()
    LoadBalancerPoolMemberCollection.from_dict(replaced)
    listed = vpc.list_load_balancer_pool_members(balancer["id"], pool["id"]).get_result()["members"]
    assert sorted((m["port"], m["target"]["address"]) for m in listed) == [(8080, "10.240.0.30"),
                                                                           (8081, "10.240.0.31")]
    assert sorted(m["id"] for m in replaced["members"]) == sorted(m["id"] for m in listed)


# -- consoles, firmware, initialization ------------------------------------------------------------

@pytest.fixture
def metal_server(vpc, net):
    key = vpc.create_key(public_key=SSH_KEY, name="ops-key").get_result()
    return vpc.create_bare_metal_server({
        "name": "metal", "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result(), key


def test_a_bare_metal_server_reads_back_the_image_and_keys_it_was_initialized_with(vpc, metal_server):
    metal, key = metal_server
    init = vpc.get_bare_metal_server_initialization(metal["id"]).get_result()
    BareMetalServerInitialization.from_dict(init)
    assert (init["image"]["id"], [k["id"] for k in init["keys"]], init["user_accounts"][0]["username"]) == (
        UBUNTU, [key["id"]], "root")


def test_a_running_bare_metal_server_refuses_reinitialization(vpc, metal_server):
    metal, key = metal_server
    vpc.start_bare_metal_server(metal["id"])
    assert error_of(lambda: vpc.replace_bare_metal_server_initialization(
        metal["id"], image={"id": UBUNTU}, keys=[{"id": key["id"]}])) == (409, "bare_metal_server_not_stopped")


def test_a_stopped_bare_metal_server_is_reinitialized_with_other_keys(vpc, metal_server):
    metal, _ = metal_server
    other = vpc.create_key(public_key=OTHER_KEY, name="other-key").get_result()
    vpc.stop_bare_metal_server(metal["id"], "soft")
    vpc.replace_bare_metal_server_initialization(metal["id"], image={"id": UBUNTU}, keys=[{"id": other["id"]}])
    assert [k["id"] for k in vpc.get_bare_metal_server_initialization(metal["id"]).get_result()["keys"]] == [
        other["id"]]


def test_a_stopped_bare_metal_servers_firmware_update_starts_it_when_asked(vpc, metal_server):
    metal, _ = metal_server
    vpc.stop_bare_metal_server(metal["id"], "soft")
    vpc.update_firmware_for_bare_metal_server(metal["id"], auto_start=True)
    got = vpc.get_bare_metal_server(metal["id"]).get_result()
    assert (got["firmware"]["update"], got["status"]) == ("none", "running")


def test_a_running_bare_metal_server_gives_a_console_token(vpc, metal_server):
    metal, _ = metal_server
    vpc.start_bare_metal_server(metal["id"])
    token = vpc.create_bare_metal_server_console_access_token(metal["id"], console_type="serial").get_result()
    BareMetalServerConsoleAccessToken.from_dict(token)
    assert (token["console_type"], token["force"], token["href"].startswith("wss://us-south.iaas.cloud.ibm.com/"),
            len(token["access_token"])) == ("serial", False, True, 64)


def test_an_instance_gives_a_console_token_while_running_only(vpc, net):
    server = vpc.create_instance({"profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE}, "image": {"id": UBUNTU},
                                  "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()
    token = vpc.create_instance_console_access_token(server["id"], console_type="vnc", force=True).get_result()
    assert (token["console_type"], token["force"]) == ("vnc", True)
    vpc.create_instance_action(server["id"], "stop")
    assert error_of(lambda: vpc.create_instance_console_access_token(server["id"], console_type="vnc")) == (
        409, "instance_not_running")


# -- VPN servers and gateway members -----------------------------------------------------------------

def test_a_vpn_gateway_member_takes_a_private_ip_in_the_subnet_named(vpc, net):
    gw = gateway(vpc, net[1])
    member = vpc.list_vpn_gateway_members(gw["id"]).get_result()["members"][0]
    replaced = vpc.replace_vpn_gateway_member(gw["id"], member["id"], {"subnet": {"id": net[1]["id"]}}).get_result()
    VPNGatewayMember.from_dict(replaced)
    got = vpc.get_vpn_gateway_member(gw["id"], member["id"]).get_result()
    assert got["private_ip"]["address"] == replaced["private_ip"]["address"] != member["private_ip"]["address"]


# -- a bare metal server on a primary network attachment ---------------------------------------------

def test_a_bare_metal_servers_primary_attachment_is_made_with_its_interface_and_goes_with_it(vpc, net):
    key = vpc.create_key(public_key=SSH_KEY, name="metal-key").get_result()
    metal = vpc.create_bare_metal_server({
        "name": "metal", "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_attachment": {"name": "pci-1", "interface_type": "pci", "virtual_network_interface": {
            "subnet": {"id": net[1]["id"]}}}}).get_result()
    attachment = metal["primary_network_attachment"]
    listed = vpc.list_bare_metal_server_network_attachments(metal["id"]).get_result()["network_attachments"]
    vni = vpc.get_virtual_network_interface(attachment["virtual_network_interface"]["id"]).get_result()
    assert ([(a["id"], a["type"], a["name"]) for a in listed], vni["target"]["id"], attachment["primary_ip"]["address"]) \
        == ([(attachment["id"], "primary", "pci-1")], attachment["id"], vni["primary_ip"]["address"])
    vpc.delete_bare_metal_server(metal["id"])
    assert vpc.list_virtual_network_interfaces().get_result()["virtual_network_interfaces"] == []
