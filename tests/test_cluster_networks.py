"""Cluster networks through the official SDK: the catalogue's cluster network profiles, a cluster
network in a zone its profile offers, subnets taking blocks from its prefixes, reserved IPs and
interfaces taking addresses from their subnet (the free count kept), and an instance's cluster
network attachments with their interfaces. Cluster networks are offered in us-east and eu-de
(IBM's docs), so the client works in us-east."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (ClusterNetwork, ClusterNetworkInterface, ClusterNetworkProfile,
                            ClusterNetworkProfileCollection, ClusterNetworkSubnet, ClusterNetworkSubnetReservedIP,
                            ClusterNetworkSubnetReservedIPCollection, Instance, InstanceClusterNetworkAttachment,
                            InstanceClusterNetworkAttachmentCollection)

from conftest import api_error, sdk_client
from vpcmock.images import image_id

ZONE = "us-east-1"
IMAGE = image_id("us-east", "ibm-ubuntu-24-04-3-minimal-amd64-4")
H100 = "gx3d-160x1792x8h100"


@pytest.fixture
def east(mock):
    return sdk_client(mock.url, region_path="/us-east/v1")


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return api_error(raised.value)


@pytest.fixture
def vpc_id(east) -> str:
    return east.create_vpc(name="hpc-vpc").get_result()["id"]


@pytest.fixture
def network(east, vpc_id) -> dict:
    return east.create_cluster_network({"name": "hopper-1"}, {"id": vpc_id}, {"name": ZONE}, name="hpc").get_result()


def subnet_of(east, network: dict, name: str = "hpc-0", count: int = 64) -> dict:
    return east.create_cluster_network_subnet(network["id"], {"name": name, "total_ipv4_address_count": count}
                                              ).get_result()


def subnet_again(east, network: dict, subnet: dict) -> dict:
    return east.get_cluster_network_subnet(network["id"], subnet["id"]).get_result()


def gpu_instance(east, vpc_id: str, network: dict, subnet: dict, **extra) -> dict:
    vpc_subnet = east.create_subnet({"name": "front", "vpc": {"id": vpc_id}, "zone": {"name": ZONE},
                                     "total_ipv4_address_count": 256}).get_result()
    return east.create_instance({
        "name": "trainer", "profile": {"name": H100}, "zone": {"name": ZONE}, "image": {"id": IMAGE},
        "primary_network_attachment": {"name": "eth0", "virtual_network_interface": {
            "subnet": {"id": vpc_subnet["id"]}}},
        "cluster_network_attachments": [{"name": "gpu-0", "cluster_network_interface": {
            "name": "gpu-0-if", "subnet": {"id": subnet["id"]}}}], **extra}).get_result()


# -- profiles --------------------------------------------------------------------------------------

def test_the_cluster_network_profiles_are_ibms_with_their_instance_profiles_and_zones(east):
    listed = east.list_cluster_network_profiles().get_result()
    ClusterNetworkProfileCollection.from_dict(listed)
    hopper = next(p for p in listed["profiles"] if p["name"] == "hopper-1")
    assert ([p["name"] for p in listed["profiles"]], hopper["family"],
            [p["name"] for p in hopper["supported_instance_profiles"]], [z["name"] for z in hopper["zones"]]) == (
        ["h100", "hopper-1"], "vela", [H100, "gx3d-160x1792x8h200"],
        ["us-east-1", "us-east-2", "us-east-3", "eu-de-1", "eu-de-2", "eu-de-3"])


def test_the_cluster_network_profiles_page(east):
    first = east.list_cluster_network_profiles(limit=1).get_result()
    second = east.list_cluster_network_profiles(limit=1, start=first["next"]["href"].split("start=")[1]
                                                .split("&")[0]).get_result()
    assert ([p["name"] for p in first["profiles"]], [p["name"] for p in second["profiles"]], first["total_count"],
            "next" in second) == (["h100"], ["hopper-1"], 2, False)


def test_a_cluster_network_profile_is_read_by_name(east):
    got = east.get_cluster_network_profile("hopper-1").get_result()
    ClusterNetworkProfile.from_dict(got)
    assert (got["name"], got["resource_type"]) == ("hopper-1", "cluster_network_profile")


def test_an_unknown_cluster_network_profile_is_not_found(east):
    assert error_of(lambda: east.get_cluster_network_profile("hopper-9")) == (404, "cluster_network_profile_not_found")


# -- cluster networks ------------------------------------------------------------------------------

def test_a_cluster_network_made_without_prefixes_has_the_default_one(network):
    ClusterNetwork.from_dict(network)
    assert (network["profile"]["name"], network["zone"]["name"], network["lifecycle_state"],
            network["subnet_prefixes"]) == ("hopper-1", ZONE, "stable",
                                            [{"allocation_policy": "auto", "cidr": "10.0.0.0/9"}])


def test_a_cluster_network_in_a_zone_its_profile_does_not_offer_is_refused(east, vpc_id, mock):
    south = sdk_client(mock.url)
    south_vpc = south.create_vpc(name="south").get_result()["id"]
    assert error_of(lambda: south.create_cluster_network({"name": "hopper-1"}, {"id": south_vpc},
                                                         {"name": "us-south-1"})) == (
        400, "cluster_network_profile_zone_unsupported")
    assert south.list_cluster_networks().get_result()["cluster_networks"] == []


def test_a_cluster_network_of_an_unknown_profile_is_refused(east, vpc_id):
    assert error_of(lambda: east.create_cluster_network({"name": "h999"}, {"id": vpc_id}, {"name": ZONE})) == (
        404, "cluster_network_profile_not_found")


# -- subnets and their addresses -------------------------------------------------------------------

def test_subnets_by_count_take_consecutive_blocks_of_the_prefix(east, network):
    first, second = subnet_of(east, network, "a", 64), subnet_of(east, network, "b", 256)
    ClusterNetworkSubnet.from_dict(second)
    assert [(s["ipv4_cidr_block"], s["total_ipv4_address_count"], s["available_ipv4_address_count"])
            for s in (first, second)] == [("10.0.0.0/26", 64, 59), ("10.0.1.0/24", 256, 251)]


def test_a_subnet_by_cidr_block_outside_the_prefixes_is_refused(east, network):
    assert error_of(lambda: east.create_cluster_network_subnet(network["id"], {"ipv4_cidr_block": "192.168.0.0/24"})
                    ) == (400, "cluster_network_subnet_cidr_outside_prefixes")


def test_a_subnet_overlapping_another_is_refused(east, network):
    subnet_of(east, network, "a", 256)
    assert error_of(lambda: east.create_cluster_network_subnet(network["id"], {"ipv4_cidr_block": "10.0.0.128/25"})
                    ) == (409, "cluster_network_subnet_cidr_overlap")


def test_a_count_not_a_power_of_two_is_refused(east, network):
    assert error_of(lambda: subnet_of(east, network, "odd", 100)) == (400, "cluster_network_subnet_total_count_invalid")


def test_a_reserved_ip_takes_the_first_free_address_and_counts(east, network):
    subnet = subnet_of(east, network)
    ip = east.create_cluster_network_subnet_reserved_ip(network["id"], subnet["id"], name="spare").get_result()
    ClusterNetworkSubnetReservedIP.from_dict(ip)
    assert (ip["address"], ip["owner"], ip["auto_delete"], "target" in ip,
            subnet_again(east, network, subnet)["available_ipv4_address_count"]) == ("10.0.0.4", "user", False,
                                                                                     False, 58)


def test_a_reserved_ip_at_an_address_in_use_is_refused(east, network):
    subnet = subnet_of(east, network)
    east.create_cluster_network_subnet_reserved_ip(network["id"], subnet["id"], address="10.0.0.9")
    assert error_of(lambda: east.create_cluster_network_subnet_reserved_ip(
        network["id"], subnet["id"], address="10.0.0.9")) == (409, "cluster_network_subnet_reserved_ip_address_in_use")


def test_a_reserved_ip_outside_the_subnet_is_refused(east, network):
    subnet = subnet_of(east, network)
    assert error_of(lambda: east.create_cluster_network_subnet_reserved_ip(
        network["id"], subnet["id"], address="10.0.0.64")) == (
        400, "cluster_network_subnet_reserved_ip_address_invalid")


def test_an_interface_gets_a_primary_ip_of_its_subnet_targeting_it(east, network):
    subnet = subnet_of(east, network)
    made = east.create_cluster_network_interface(network["id"], name="if-0", subnet={"id": subnet["id"]}).get_result()
    ClusterNetworkInterface.from_dict(made)
    ips = east.list_cluster_network_subnet_reserved_ips(network["id"], subnet["id"]).get_result()
    ClusterNetworkSubnetReservedIPCollection.from_dict(ips)
    assert (made["primary_ip"]["address"], made["vpc"]["id"], made["zone"]["name"],
            [(ip["id"], ip["target"]["id"], ip["target"]["resource_type"]) for ip in ips["reserved_ips"]],
            subnet_again(east, network, subnet)["available_ipv4_address_count"]) == (
        "10.0.0.4", network["vpc"]["id"], ZONE, [(made["primary_ip"]["id"], made["id"], "cluster_network_interface")],
        58)


def test_an_interfaces_primary_ip_cannot_be_deleted_on_its_own(east, network):
    subnet = subnet_of(east, network)
    made = east.create_cluster_network_interface(network["id"], subnet={"id": subnet["id"]}).get_result()
    assert error_of(lambda: east.delete_cluster_network_subnet_reserved_ip(
        network["id"], subnet["id"], made["primary_ip"]["id"])) == (409, "cluster_network_subnet_reserved_ip_in_use")


def test_an_interface_on_a_named_reserved_ip_leaves_it_unbound_when_deleted(east, network):
    subnet = subnet_of(east, network)
    ip = east.create_cluster_network_subnet_reserved_ip(network["id"], subnet["id"], name="kept").get_result()
    made = east.create_cluster_network_interface(network["id"], primary_ip={"id": ip["id"]}).get_result()
    assert (made["primary_ip"]["id"], made["subnet"]["id"]) == (ip["id"], subnet["id"])
    east.delete_cluster_network_interface(network["id"], made["id"])
    again = east.get_cluster_network_subnet_reserved_ip(network["id"], subnet["id"], ip["id"]).get_result()
    assert ("target" in again, subnet_again(east, network, subnet)["available_ipv4_address_count"]) == (False, 58)


def test_deleting_an_interface_frees_the_address_made_with_it(east, network):
    subnet = subnet_of(east, network)
    made = east.create_cluster_network_interface(network["id"], subnet={"id": subnet["id"]}).get_result()
    east.delete_cluster_network_interface(network["id"], made["id"])
    assert (east.list_cluster_network_subnet_reserved_ips(network["id"], subnet["id"]).get_result()["reserved_ips"],
            subnet_again(east, network, subnet)["available_ipv4_address_count"]) == ([], 59)


def test_an_interface_without_subnet_or_reserved_ip_is_refused(east, network):
    assert error_of(lambda: east.create_cluster_network_interface(network["id"], name="lost")) == (400, "missing_field")


# -- an instance's cluster network attachments -----------------------------------------------------

def test_an_instance_created_with_an_attachment_is_in_the_cluster_network(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    Instance.from_dict(made)
    listed = east.list_instance_cluster_network_attachments(made["id"]).get_result()
    InstanceClusterNetworkAttachmentCollection.from_dict(listed)
    attachment = listed["cluster_network_attachments"][0]
    interface = east.get_cluster_network_interface(network["id"], attachment["cluster_network_interface"]["id"]
                                                   ).get_result()
    assert (made["cluster_network"]["id"], [a["name"] for a in made["cluster_network_attachments"]],
            attachment["cluster_network_interface"]["name"], interface["target"]["id"], interface["auto_delete"],
            interface["primary_ip"]["address"]) == (network["id"], ["gpu-0"], "gpu-0-if", attachment["id"], True,
                                                    "10.0.0.4")


def test_instances_list_by_their_cluster_network(east, vpc_id, network):
    gpu_instance(east, vpc_id, network, subnet_of(east, network))
    east.create_instance({"name": "plain", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                          "image": {"id": IMAGE}, "vpc": {"id": vpc_id}})
    listed = east.list_instances(cluster_network_id=network["id"]).get_result()["instances"]
    assert [(i["name"], i["cluster_network"]["name"]) for i in listed] == [("trainer", "hpc")]


def test_an_attachment_is_added_to_a_stopped_instance_only(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    interface = {"subnet": {"id": subnet["id"]}}
    assert error_of(lambda: east.create_cluster_network_attachment(made["id"], interface, name="gpu-1")) == (
        409, "instance_not_stopped")
    east.create_instance_action(made["id"], "stop")
    added = east.create_cluster_network_attachment(made["id"], interface, name="gpu-1").get_result()
    InstanceClusterNetworkAttachment.from_dict(added)
    assert [a["name"] for a in east.get_instance(made["id"]).get_result()["cluster_network_attachments"]] == [
        "gpu-0", "gpu-1"]


def test_an_instance_of_a_profile_the_network_does_not_support_is_refused(east, vpc_id, network):
    subnet = subnet_of(east, network)
    with pytest.raises(ApiException) as raised:
        gpu_instance(east, vpc_id, network, subnet, profile={"name": "bx2-2x8"})
    assert api_error(raised.value) == (400, "instance_profile_cluster_network_unsupported")
    assert east.list_instances().get_result()["instances"] == []


def test_deleting_an_instance_deletes_the_interfaces_made_with_its_attachments(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    east.delete_instance(made["id"])
    assert (east.list_cluster_network_interfaces(network["id"]).get_result()["interfaces"],
            subnet_again(east, network, subnet)["available_ipv4_address_count"]) == ([], 59)


def test_an_attached_interface_cannot_be_deleted(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    interface = made["cluster_network_attachments"][0]
    attachment = east.get_instance_cluster_network_attachment(made["id"], interface["id"]).get_result()
    assert error_of(lambda: east.delete_cluster_network_interface(
        network["id"], attachment["cluster_network_interface"]["id"])) == (409, "cluster_network_interface_in_use")


def test_an_attached_instance_keeps_a_profile_its_cluster_network_supports(east, vpc_id, network):
    made = gpu_instance(east, vpc_id, network, subnet_of(east, network))
    east.create_instance_action(made["id"], "stop")
    assert error_of(lambda: east.update_instance(made["id"], {"profile": {"name": "gx3d-160x1792x8gaudi3"}})) == (
        400, "instance_profile_cluster_network_unsupported")
    east.update_instance(made["id"], {"profile": {"name": "gx3d-160x1792x8h200"}})
    assert east.get_instance(made["id"]).get_result()["profile"]["name"] == "gx3d-160x1792x8h200"


def test_an_instance_naming_an_unknown_cluster_subnet_is_refused_and_nothing_is_made(east, vpc_id, network):
    subnet = subnet_of(east, network)
    front = east.create_subnet({"name": "front", "vpc": {"id": vpc_id}, "zone": {"name": ZONE},
                                "total_ipv4_address_count": 256}).get_result()
    with pytest.raises(ApiException) as raised:
        east.create_instance({"name": "mixed", "profile": {"name": H100}, "zone": {"name": ZONE},
                              "image": {"id": IMAGE}, "primary_network_interface": {"subnet": {"id": front["id"]}},
                              "cluster_network_attachments": [{"cluster_network_interface": {
                                  "subnet": {"id": "r014-no-such-subnet"}}}]})
    assert api_error(raised.value) == (404, "cluster_network_subnet_not_found")
    assert (east.list_instances().get_result()["instances"],
            east.list_cluster_network_interfaces(network["id"]).get_result()["interfaces"],
            subnet_again(east, network, subnet)["available_ipv4_address_count"]) == ([], [], 59)


def test_an_attachment_is_removed_from_a_stopped_instance_only_its_interface_with_it(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    attachment = made["cluster_network_attachments"][0]
    assert error_of(lambda: east.delete_instance_cluster_network_attachment(made["id"], attachment["id"])) == (
        409, "instance_not_stopped")
    east.create_instance_action(made["id"], "stop")
    east.delete_instance_cluster_network_attachment(made["id"], attachment["id"])
    assert (east.get_instance(made["id"]).get_result()["cluster_network_attachments"],
            east.list_cluster_network_interfaces(network["id"]).get_result()["interfaces"],
            subnet_again(east, network, subnet)["available_ipv4_address_count"]) == ([], [], 59)


def test_an_attachment_naming_neither_subnet_nor_reserved_ip_is_refused(east, vpc_id, network):
    made = gpu_instance(east, vpc_id, network, subnet_of(east, network))
    east.create_instance_action(made["id"], "stop")
    assert error_of(lambda: east.create_cluster_network_attachment(made["id"], {"name": "lost"})) == (
        400, "missing_field")


def test_an_attachment_on_a_named_reserved_ip_gets_an_interface_bound_to_it(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    east.create_instance_action(made["id"], "stop")
    ip = east.create_cluster_network_subnet_reserved_ip(network["id"], subnet["id"], address="10.0.0.40").get_result()
    added = east.create_cluster_network_attachment(made["id"], {"primary_ip": {"id": ip["id"]}}).get_result()
    again = east.get_cluster_network_subnet_reserved_ip(network["id"], subnet["id"], ip["id"]).get_result()
    assert (added["cluster_network_interface"]["primary_ip"]["address"], again["target"]["id"]) == (
        "10.0.0.40", added["cluster_network_interface"]["id"])


def test_an_attachment_added_before_another_is_placed_immediately_before_it(east, vpc_id, network):
    subnet = subnet_of(east, network)
    made = gpu_instance(east, vpc_id, network, subnet)
    east.create_instance_action(made["id"], "stop")
    first = made["cluster_network_attachments"][0]
    last = east.create_cluster_network_attachment(made["id"], {"subnet": {"id": subnet["id"]}}, name="gpu-9"
                                                  ).get_result()
    middle = east.create_cluster_network_attachment(made["id"], {"subnet": {"id": subnet["id"]}}, name="gpu-5",
                                                    before={"id": last["id"]}).get_result()
    got = east.get_instance(made["id"]).get_result()["cluster_network_attachments"]
    assert ([a["name"] for a in got], middle["before"]["id"],
            east.get_instance_cluster_network_attachment(made["id"], first["id"]).get_result()["before"]["name"],
            "before" in east.get_instance_cluster_network_attachment(made["id"], last["id"]).get_result()) == (
        ["gpu-0", "gpu-5", "gpu-9"], last["id"], "gpu-5", False)
