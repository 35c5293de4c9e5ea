"""What an emulated subnet names that the generic engine holds (its public gateway, network
ACL and routing table), through the official SDK: set by the subnet's prototype, its PATCH or
PUT /subnets/{id}/<name>, with the same rules each way (the same VPC, the gateway's zone)."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import Subnet

ZONE = "us-south-1"


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]


@pytest.fixture
def net(vpc):
    return vpc.create_vpc(name="net").get_result()


@pytest.fixture
def gateway(vpc, net):
    return vpc.create_public_gateway(vpc={"id": net["id"]}, zone={"name": ZONE}, name="gw").get_result()


def new_subnet(vpc, net, cidr="10.240.0.0/24", **extra):
    return vpc.create_subnet({"name": f"s-{cidr[7]}", "vpc": {"id": net["id"]}, "zone": {"name": ZONE},
                              "ipv4_cidr_block": cidr, **extra}).get_result()


def test_a_subnet_created_with_a_public_gateway_uses_it(vpc, net, gateway):
    subnet = new_subnet(vpc, net, public_gateway={"id": gateway["id"]})
    Subnet.from_dict(subnet)
    assert (subnet["public_gateway"]["id"], vpc.get_subnet_public_gateway(subnet["id"]).get_result()["id"]) == (
        gateway["id"], gateway["id"])


def test_a_public_gateway_patched_onto_a_subnet_is_read_back(vpc, net, gateway):
    subnet = new_subnet(vpc, net)
    patched = vpc.update_subnet(subnet["id"], {"public_gateway": {"id": gateway["id"]}}).get_result()
    assert (patched["public_gateway"]["name"], vpc.get_subnet(subnet["id"]).get_result()["public_gateway"]["id"]) == (
        "gw", gateway["id"])


def test_a_public_gateway_patched_to_null_is_detached(vpc, net, gateway):
    subnet = new_subnet(vpc, net, public_gateway={"id": gateway["id"]})
    vpc.update_subnet(subnet["id"], {"public_gateway": None})
    assert "public_gateway" not in vpc.get_subnet(subnet["id"]).get_result()
    assert error_of(lambda: vpc.get_subnet_public_gateway(subnet["id"])) == (404, "public_gateway_not_found")


def test_a_public_gateway_of_another_vpc_is_refused_by_put_create_and_patch(vpc, net):
    other = vpc.create_vpc(name="other").get_result()
    foreign = vpc.create_public_gateway(vpc={"id": other["id"]}, zone={"name": ZONE}).get_result()
    subnet = new_subnet(vpc, net)
    assert [error_of(call) for call in (
        lambda: vpc.set_subnet_public_gateway(subnet["id"], {"id": foreign["id"]}),
        lambda: vpc.update_subnet(subnet["id"], {"public_gateway": {"id": foreign["id"]}}),
        lambda: new_subnet(vpc, net, "10.240.1.0/24", public_gateway={"id": foreign["id"]}))] == [
        (400, "public_gateway_vpc_mismatch")] * 3
    assert [s["name"] for s in vpc.list_subnets().get_result()["subnets"]] == ["s-0"]


def test_a_public_gateway_of_another_zone_is_refused_for_a_new_subnet(vpc, net):
    gateway = vpc.create_public_gateway(vpc={"id": net["id"]}, zone={"name": "us-south-2"}).get_result()
    assert error_of(lambda: new_subnet(vpc, net, public_gateway={"id": gateway["id"]})) == (
        400, "public_gateway_zone_mismatch")


def test_a_public_gateway_that_does_not_exist_is_refused_naming_the_property(vpc, net):
    with pytest.raises(ApiException) as raised:
        new_subnet(vpc, net, public_gateway={"id": "r006-nope"})
    error = raised.value.http_response.json()["errors"][0]
    assert (raised.value.status_code, error["code"], error["target"]["name"]) == (
        404, "public_gateway_not_found", "public_gateway.id")


def test_a_network_acl_patched_onto_a_subnet_lists_the_subnet(vpc, net):
    acl = vpc.create_network_acl({"vpc": {"id": net["id"]}, "name": "strict"}).get_result()
    subnet = new_subnet(vpc, net)
    assert vpc.update_subnet(subnet["id"], {"network_acl": {"id": acl["id"]}}).get_result()["network_acl"]["id"] == \
        acl["id"]
    assert [s["id"] for s in vpc.get_network_acl(acl["id"]).get_result()["subnets"]] == [subnet["id"]]


def test_a_network_acl_of_another_vpc_is_refused(vpc, net):
    other = vpc.create_vpc(name="other").get_result()
    acl = vpc.create_network_acl({"vpc": {"id": other["id"]}, "name": "theirs"}).get_result()
    subnet = new_subnet(vpc, net)
    assert error_of(lambda: vpc.replace_subnet_network_acl(subnet["id"], {"id": acl["id"]})) == (
        400, "network_acl_vpc_mismatch")


def test_a_routing_table_given_with_a_new_subnet_is_its_routing_table(vpc, net):
    table = vpc.create_vpc_routing_table(net["id"], name="rt").get_result()
    subnet = new_subnet(vpc, net, routing_table={"id": table["id"]})
    assert (subnet["routing_table"]["id"], vpc.get_subnet_routing_table(subnet["id"]).get_result()["name"]) == (
        table["id"], "rt")


def test_a_subnets_network_acl_cannot_be_patched_to_null(vpc, net):
    subnet = new_subnet(vpc, net)
    assert error_of(lambda: vpc.update_subnet(subnet["id"], {"network_acl": None})) == (400, "invalid_field_value")
