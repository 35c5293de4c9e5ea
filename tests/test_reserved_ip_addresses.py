"""A reserved IP asked for with an explicit address (POST /subnets/{id}/reserved_ips with
`address`) holds that address, through the official SDK: it is the address answered and read
back, one the subnet cannot give is refused (400), one in use is refused (409), and once held
nothing else in the subnet (an instance's interface, another reserved IP, an address chosen by
the mock) is given it. The SDK's create_subnet_reserved_ip: "If the provided prototype object
includes an `address`, the address must not already be reserved"."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import ReservedIP, ReservedIPCollection

from conftest import UBUNTU, sdk_error

ZONE = "us-south-1"


def instance_on(vpc, subnet: dict, **nic) -> dict:
    return vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU},
                                "primary_network_interface": {"subnet": {"id": subnet["id"]}, **nic}}).get_result()


def test_a_reserved_ip_made_with_an_address_has_that_address(vpc, subnet):
    made = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.20").get_result()
    ReservedIP.from_dict(made)
    assert (made["address"], made["name"]) == ("10.240.0.20", "kept")


def test_a_reserved_ip_made_with_an_address_is_read_back_with_it(vpc, subnet):
    made = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.20").get_result()
    got = vpc.get_subnet_reserved_ip(subnet["id"], made["id"]).get_result()
    assert (got["id"], got["address"]) == (made["id"], "10.240.0.20")


def test_a_reserved_ip_made_with_an_address_is_listed_with_it(vpc, subnet):
    made = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.20").get_result()
    listed = vpc.list_subnet_reserved_ips(subnet["id"]).get_result()
    ReservedIPCollection.from_dict(listed)
    assert [(ip["id"], ip["address"]) for ip in listed["reserved_ips"]] == [(made["id"], "10.240.0.20")]


def test_an_address_outside_the_subnets_block_is_refused(vpc, subnet):
    assert sdk_error(lambda: vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.1.5")) == (
        400, "reserved_ip_address_invalid", "address")


def test_an_address_the_subnet_reserves_at_its_start_is_refused(vpc, subnet):
    assert sdk_error(lambda: vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.0.3")) == (
        400, "reserved_ip_address_invalid", "address")


def test_the_subnets_broadcast_address_is_refused(vpc, subnet):
    assert sdk_error(lambda: vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.0.255")) == (
        400, "reserved_ip_address_invalid", "address")


def test_a_refused_address_leaves_no_reserved_ip(vpc, subnet):
    with pytest.raises(ApiException):
        vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.1.5")
    assert vpc.list_subnet_reserved_ips(subnet["id"]).get_result()["reserved_ips"] == []


def test_a_second_reserved_ip_asking_for_a_held_address_is_refused(vpc, subnet):
    vpc.create_subnet_reserved_ip(subnet["id"], name="first", address="10.240.0.20")
    assert sdk_error(lambda: vpc.create_subnet_reserved_ip(subnet["id"], name="second", address="10.240.0.20")) == (
        409, "reserved_ip_address_in_use", "address")


def test_a_reserved_ip_asking_for_an_instances_address_is_refused(vpc, subnet):
    instance_on(vpc, subnet)  # the subnet's first free address, 10.240.0.4
    assert sdk_error(lambda: vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.0.4")) == (
        409, "reserved_ip_address_in_use", "address")


def test_an_instance_asking_for_a_reserved_ips_address_is_refused(vpc, subnet):
    vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.20")
    assert sdk_error(lambda: instance_on(vpc, subnet, primary_ip={"address": "10.240.0.20"})) == (
        409, "reserved_ip_address_in_use", "primary_network_interface.primary_ip.address")


def test_a_reserved_ip_given_the_next_free_address_skips_a_held_one(vpc, subnet):
    vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.4")
    assert vpc.create_subnet_reserved_ip(subnet["id"], name="next").get_result()["address"] == "10.240.0.5"


def test_an_instance_given_the_next_free_address_skips_a_held_one(vpc, subnet):
    vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.4")
    assert instance_on(vpc, subnet)["primary_network_interface"]["primary_ip"]["address"] == "10.240.0.5"


def test_a_deleted_reserved_ips_address_can_be_asked_for_again(vpc, subnet):
    made = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.20").get_result()
    vpc.delete_subnet_reserved_ip(subnet["id"], made["id"])
    again = vpc.create_subnet_reserved_ip(subnet["id"], name="again", address="10.240.0.20").get_result()
    assert again["address"] == "10.240.0.20"


def test_an_instance_on_a_reserved_ip_made_with_an_address_has_that_address(vpc, subnet):
    made = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.20").get_result()
    instance = instance_on(vpc, subnet, primary_ip={"id": made["id"]})
    assert instance["primary_network_interface"]["primary_ip"]["address"] == "10.240.0.20"
