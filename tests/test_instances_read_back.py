"""What an instance keeps of its prototype and of PATCH, through the ibm-vpc SDK: its
availability, availability policy and metadata service; a primary IP address given; a profile
changed while it is stopped; numa_count while it runs; and the list's filters."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import Instance

from conftest import UBUNTU, api_error


def network(vpc, name: str = "net") -> tuple[dict, dict]:
    made = vpc.create_vpc(name=name).get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": f"{name}-subnet", "vpc": {"id": made["id"]},
                                                 "zone": {"name": "us-south-1"},
                                                 "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    return made, subnet


def new_instance(vpc, subnet: dict, name: str = "vsi", profile: str = "bx2-2x8", **extra) -> dict:
    interface = {"subnet": {"id": subnet["id"]}, **extra.pop("interface", {})}
    return vpc.create_instance({"name": name, "profile": {"name": profile}, "zone": {"name": "us-south-1"},
                                "image": {"id": UBUNTU}, "primary_network_interface": interface,
                                **extra}).get_result()


def stopped(vpc, instance: dict) -> dict:
    vpc.create_instance_action(instance["id"], "stop")
    return vpc.get_instance(instance["id"]).get_result()


@pytest.fixture
def subnet(vpc) -> dict:
    return network(vpc)[1]


def test_an_instance_keeps_the_availability_policy_it_was_created_with(vpc, subnet):
    instance = new_instance(vpc, subnet, availability_policy={"host_failure": "stop"})
    assert vpc.get_instance(instance["id"]).get_result()["availability_policy"] == {"host_failure": "stop",
                                                                                      "preemption": "stop"}


def test_an_instance_keeps_the_metadata_service_it_was_created_with(vpc, subnet):
    instance = new_instance(vpc, subnet, metadata_service={"enabled": True, "protocol": "https"})
    assert instance["metadata_service"] == {"enabled": True, "protocol": "https", "response_hop_limit": 1}


def test_an_instance_of_a_spot_capable_profile_keeps_its_availability_class(vpc, subnet):
    instance = new_instance(vpc, subnet, profile="bxf-2x8", availability={"class": "spot"})
    assert instance["availability"] == {"class": "spot"}


def test_a_profile_without_spot_refuses_the_spot_class(vpc, subnet):
    with pytest.raises(ApiException) as caught:
        new_instance(vpc, subnet, availability={"class": "spot"})
    assert api_error(caught.value) == (400, "instance_availability_class_invalid")


def test_the_total_volume_bandwidth_given_is_taken_from_the_network_bandwidth(vpc, subnet):
    instance = new_instance(vpc, subnet, total_volume_bandwidth=1500)
    assert (instance["bandwidth"], instance["total_volume_bandwidth"], instance["total_network_bandwidth"]) == (
        4000, 1500, 2500)


def test_a_primary_ip_address_given_is_the_interface_address(vpc, subnet):
    instance = new_instance(vpc, subnet, interface={"primary_ip": {"address": "10.240.0.10", "name": "web-ip"}})
    ip = instance["primary_network_interface"]["primary_ip"]
    assert (ip["address"], ip["name"]) == ("10.240.0.10", "web-ip")


def test_a_primary_ip_address_in_use_is_refused(vpc, subnet):
    new_instance(vpc, subnet, name="first", interface={"primary_ip": {"address": "10.240.0.10"}})
    with pytest.raises(ApiException) as caught:
        new_instance(vpc, subnet, name="second", interface={"primary_ip": {"address": "10.240.0.10"}})
    assert api_error(caught.value) == (409, "reserved_ip_address_in_use")


def test_a_primary_ip_address_the_subnet_reserves_is_refused(vpc, subnet):
    with pytest.raises(ApiException) as caught:
        new_instance(vpc, subnet, interface={"primary_ip": {"address": "10.240.0.1"}})
    assert api_error(caught.value) == (400, "reserved_ip_address_invalid")


def test_numa_count_is_answered_only_while_the_instance_runs(vpc, subnet):
    instance = new_instance(vpc, subnet)
    assert (instance["numa_count"], "numa_count" in stopped(vpc, instance)) == (1, False)


def test_the_profile_of_a_running_instance_cannot_change(vpc, subnet):
    instance = new_instance(vpc, subnet)
    with pytest.raises(ApiException) as caught:
        vpc.update_instance(instance["id"], {"profile": {"name": "bx2-4x16"}})
    assert api_error(caught.value) == (409, "instance_not_stopped")


def test_a_stopped_instance_takes_the_vcpus_memory_and_bandwidth_of_its_new_profile(vpc, subnet):
    instance = stopped(vpc, new_instance(vpc, subnet))
    changed = vpc.update_instance(instance["id"], {"profile": {"name": "bx2-4x16"}}).get_result()
    Instance.from_dict(changed)
    assert (changed["profile"]["name"], changed["vcpu"]["count"], changed["memory"], changed["bandwidth"]) == (
        "bx2-4x16", 4, 16, 8000)


def test_patch_changes_the_availability_policy_and_metadata_service_of_a_running_instance(vpc, subnet):
    instance = new_instance(vpc, subnet)
    changed = vpc.update_instance(instance["id"], {"availability_policy": {"host_failure": "stop"},
                                                   "metadata_service": {"enabled": True}}).get_result()
    assert (changed["availability_policy"]["host_failure"], changed["metadata_service"]["enabled"]) == ("stop", True)


def test_threads_per_core_the_profile_does_not_offer_are_refused(vpc, subnet):
    with pytest.raises(ApiException) as caught:
        new_instance(vpc, subnet, threads_per_core=4)
    assert api_error(caught.value) == (400, "instance_threads_per_core_invalid")


def test_instances_list_by_vpc_name(vpc, subnet):
    new_instance(vpc, subnet, name="in-net")
    other = network(vpc, "other")[1]
    new_instance(vpc, other, name="in-other")
    listed = vpc.list_instances(vpc_name="other").get_result()["instances"]
    assert [i["name"] for i in listed] == ["in-other"]


def test_a_reserved_ip_of_the_subnet_named_by_id_is_the_interface_address(vpc, subnet):
    reserved = vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.0.30", name="kept-ip").get_result()
    instance = new_instance(vpc, subnet, interface={"primary_ip": {"id": reserved["id"]}})
    ip = instance["primary_network_interface"]["primary_ip"]
    assert (ip["id"], ip["address"], ip["name"]) == (reserved["id"], "10.240.0.30", "kept-ip")
