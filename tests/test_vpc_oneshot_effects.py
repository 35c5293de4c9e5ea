"""What the VPC's one-shot operations act on, through the official ibm-vpc SDK on a real server:
a VPN server's clients (connected through the mock's admin API, then the API's), the endpoint
gateway bindings of a private path service gateway, and a dedicated host's disks."""

from __future__ import annotations

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (DedicatedHostDiskCollection, PrivatePathServiceGatewayEndpointGatewayBinding,
                            VPNServerClient, VPNServerClientCollection)

from conftest import api_error

SECRETS = "crn:v1:bluemix:public:secrets-manager:us-south:a/a1b2c3d4e5f60718293a4b5c6d7e8f90:" \
          "aaaaaaaa-0000-4000-8000-000000000001:secret:"
PARTNER = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"


def subnet_of(vpc) -> tuple[dict, dict]:
    net = vpc.create_vpc(name="oneshot-vpc").get_result()
    return net, vpc.create_subnet({"vpc": {"id": net["id"]}, "name": "oneshot", "ipv4_cidr_block": "10.240.0.0/24",
                                   "zone": {"name": "us-south-1"}}).get_result()


# -- VPN server clients ------------------------------------------------------------------------------

def vpn_server(vpc, *methods: str) -> dict:
    authentication = {"certificate": {"method": "certificate", "client_ca": {"crn": SECRETS + "ca"}},
                      "username": {"method": "username", "identity_provider": {"provider_type": "iam"}}}
    _, subnet = subnet_of(vpc)
    return vpc.create_vpn_server(certificate={"crn": SECRETS + "certificate"}, client_ip_pool="172.16.0.0/16",
                                 client_authentication=[authentication[m] for m in methods],
                                 subnets=[{"id": subnet["id"]}], name="oneshot-vpn").get_result()


def connect(mock, server: dict, **body) -> requests.Response:
    return requests.post(f"{mock.url}/mock/vpn_servers/{server['id']}/clients", json=body)


def test_a_connected_client_takes_the_next_address_of_the_pool_and_is_listed(vpc, mock):
    server = vpn_server(vpc, "certificate")
    first = connect(mock, server, common_name="laptop-1", remote_ip="198.51.100.7", remote_port=51000)
    second = connect(mock, server)
    assert (first.status_code, second.status_code) == (201, 201)
    listed = VPNServerClientCollection.from_dict(vpc.list_vpn_server_clients(server["id"]).get_result()).to_dict()
    assert sorted((c["client_ip"]["address"], c["common_name"], c["remote_ip"]["address"], c["remote_port"],
                   c["status"]) for c in listed["clients"]) == [
        ("172.16.0.2", "laptop-1", "198.51.100.7", 51000, "connected"),
        ("172.16.0.3", "client-2", "203.0.113.3", 1194, "connected")]


def test_a_client_of_a_server_authenticating_by_username_has_a_username_and_no_common_name(vpc, mock):
    server = vpn_server(vpc, "username")
    made = VPNServerClient.from_dict(connect(mock, server, username="alice").json()).to_dict()
    assert (made["username"], "common_name" in made) == ("alice", False)


def test_a_disconnected_client_stays_listed_disconnected_and_a_deleted_one_is_gone(vpc, mock):
    server = vpn_server(vpc, "certificate")
    made = connect(mock, server).json()
    before = requests.get(f"{mock.url}/mock/clock").json()["now"]
    assert vpc.disconnect_vpn_client(server["id"], made["id"]).get_status_code() == 202
    after = requests.get(f"{mock.url}/mock/clock").json()["now"]
    got = vpc.get_vpn_server_client(server["id"], made["id"]).get_result()
    assert got["status"] == "disconnected"
    assert got["disconnected_at"] in {before, after}  # the instant of the disconnection, to the second
    assert vpc.delete_vpn_server_client(server["id"], made["id"]).get_status_code() == 202
    with pytest.raises(ApiException) as raised:
        vpc.get_vpn_server_client(server["id"], made["id"])
    assert raised.value.status_code == 404


def test_connecting_to_a_server_the_mock_lacks_is_404(mock):
    answer = requests.post(f"{mock.url}/mock/vpn_servers/r006-00000000-0000-4000-8000-000000000000/clients", json={})
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (404, "vpn_server_not_found")


def test_a_connection_with_an_unknown_field_is_400_and_makes_no_client(vpc, mock):
    server = vpn_server(vpc, "certificate")
    answer = connect(mock, server, password="secret")
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "unknown_field")
    assert vpc.list_vpn_server_clients(server["id"]).get_result()["clients"] == []


# -- private path service gateway bindings ----------------------------------------------------------

def private_path(vpc, policy: str = "review") -> tuple[dict, dict]:
    net, subnet = subnet_of(vpc)
    lb = vpc.create_load_balancer(is_public=False, subnets=[{"id": subnet["id"]}], name="oneshot-lb",
                                  profile={"name": "network-private-path"}, is_private_path=True).get_result()
    gateway = vpc.create_private_path_service_gateway(
        load_balancer={"id": lb["id"]}, service_endpoints=["oneshot.example.com"], name="oneshot-service",
        default_access_policy=policy).get_result()
    return net, gateway


def endpoint(vpc, net: dict, gateway: dict) -> dict:
    return vpc.create_endpoint_gateway(target={"crn": gateway["crn"], "resource_type": "private_path_service_gateway"},
                                       vpc={"id": net["id"]}, name="oneshot-vpe").get_result()


def bindings(vpc, gateway: dict) -> list[dict]:
    found = vpc.list_private_path_service_gateway_endpoint_gateway_bindings(gateway["id"]).get_result()
    return [PrivatePathServiceGatewayEndpointGatewayBinding.from_dict(b).to_dict()
            for b in found["endpoint_gateway_bindings"]]


def test_an_endpoint_gateway_targeting_a_reviewing_gateway_waits_pending_in_its_bindings(vpc):
    net, gateway = private_path(vpc, "review")
    made = endpoint(vpc, net, gateway)
    [binding] = bindings(vpc, gateway)
    assert (binding["status"], binding["account"]["id"], binding["lifecycle_state"]) == (
        "pending", gateway["crn"].split("/")[1].split(":")[0], "stable")
    assert (made["target"]["id"], made["target"]["name"]) == (gateway["id"], "oneshot-service")


def test_a_binding_follows_the_gateways_default_policy(vpc):
    net, gateway = private_path(vpc, "permit")
    endpoint(vpc, net, gateway)
    assert [b["status"] for b in bindings(vpc, gateway)] == ["permitted"]


def test_permitting_a_pending_binding_permits_it(vpc):
    net, gateway = private_path(vpc)
    endpoint(vpc, net, gateway)
    [binding] = bindings(vpc, gateway)
    vpc.permit_private_path_service_gateway_endpoint_gateway_binding(gateway["id"], binding["id"])
    assert [b["status"] for b in bindings(vpc, gateway)] == ["permitted"]


def test_revoking_the_endpoints_account_denies_its_binding(vpc):
    net, gateway = private_path(vpc, "permit")
    endpoint(vpc, net, gateway)
    [binding] = bindings(vpc, gateway)
    vpc.revoke_account_for_private_path_service_gateway(gateway["id"], {"id": binding["account"]["id"]})
    assert [b["status"] for b in bindings(vpc, gateway)] == ["denied"]


def test_revoking_another_account_adds_its_deny_policy_and_leaves_the_binding(vpc):
    net, gateway = private_path(vpc, "permit")
    endpoint(vpc, net, gateway)
    vpc.revoke_account_for_private_path_service_gateway(gateway["id"], {"id": PARTNER})
    policies = vpc.list_private_path_service_gateway_account_policies(gateway["id"]).get_result()
    assert [(p["account"]["id"], p["access_policy"]) for p in policies["account_policies"]] == [(PARTNER, "deny")]
    assert [b["status"] for b in bindings(vpc, gateway)] == ["permitted"]


def test_a_binding_goes_with_its_endpoint_gateway(vpc):
    net, gateway = private_path(vpc)
    made = endpoint(vpc, net, gateway)
    vpc.delete_endpoint_gateway(made["id"])
    assert bindings(vpc, gateway) == []


# -- dedicated host disks ---------------------------------------------------------------------------

def host(vpc, profile: str, klass: str) -> dict:
    group = vpc.create_dedicated_host_group(class_=klass, family="balanced", zone={"name": "us-south-1"},
                                            name=f"{klass}-hosts").get_result()
    return vpc.create_dedicated_host({"profile": {"name": profile}, "group": {"id": group["id"]},
                                      "name": f"{klass}-host"}).get_result()


def test_a_dedicated_host_has_the_disks_of_its_profile(vpc):
    made = host(vpc, "bx2d-host-152x608", "bx2d")
    disks = DedicatedHostDiskCollection.from_dict(vpc.list_dedicated_host_disks(made["id"]).get_result()).to_dict()
    assert [(d["size"], d["available"], d["interface_type"], d["provisionable"], d["lifecycle_state"])
            for d in disks["disks"]] == [(5700, 5700, "nvme", True, "stable")]
    assert [d["id"] for d in made["disks"]] == [d["id"] for d in disks["disks"]]


def test_a_dedicated_host_of_a_profile_without_disks_has_none(vpc):
    assert vpc.list_dedicated_host_disks(host(vpc, "bx2-host-152x608", "bx2")["id"]).get_result()["disks"] == []


def test_a_renamed_host_disk_shows_its_name_on_the_host(vpc):
    made = host(vpc, "bx2d-host-152x608", "bx2d")
    disk = made["disks"][0]["id"]
    assert vpc.update_dedicated_host_disk(made["id"], disk, {"name": "scratch"}).get_result()["name"] == "scratch"
    assert [d["name"] for d in vpc.get_dedicated_host(made["id"]).get_result()["disks"]] == ["scratch"]


def test_renaming_a_disk_the_host_lacks_is_404(vpc):
    made = host(vpc, "bx2d-host-152x608", "bx2d")
    with pytest.raises(ApiException) as raised:
        vpc.update_dedicated_host_disk(made["id"], "r006-00000000-0000-4000-8000-000000000000", {"name": "x"})
    assert api_error(raised.value)[0] == 404
