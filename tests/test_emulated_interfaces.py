"""The network interfaces of emulated resources as the generic API sees them, through the
official SDK: an instance's primary network interface as a floating IP's target (both ways),
and a share mount target's virtual network interface under /virtual_network_interfaces."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (FloatingIP, FloatingIPUnpaginatedCollection, Instance, NetworkInterface,
                            ReservedIPCollectionVirtualNetworkInterfaceContext, VirtualNetworkInterface,
                            VirtualNetworkInterfaceCollection)

from conftest import UBUNTU

ZONE = "us-south-1"


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


@pytest.fixture
def server_vm(vpc, net):
    return vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU},
                                "primary_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()


def nic_of(instance: dict) -> dict:
    return instance["primary_network_interface"]


# -- an instance's primary network interface -----------------------------------------------------

def test_an_instances_primary_interface_is_read_under_the_instance(vpc, net, server_vm):
    got = vpc.get_instance_network_interface(server_vm["id"], nic_of(server_vm)["id"]).get_result()
    NetworkInterface.from_dict(got)
    assert (got["name"], got["primary_ip"]["address"], got["subnet"]["id"], got["type"], got["floating_ips"],
            [g["id"] for g in got["security_groups"]]) == (
        "eth0", "10.240.0.4", net[1]["id"], "primary", [], [net[0]["default_security_group"]["id"]])


def test_an_instance_lists_its_primary_interface_among_its_interfaces(vpc, server_vm):
    listed = vpc.list_instance_network_interfaces(server_vm["id"]).get_result()["network_interfaces"]
    Instance.from_dict(vpc.get_instance(server_vm["id"]).get_result())
    assert [n["id"] for n in listed] == [nic_of(server_vm)["id"]]
    assert [n["id"] for n in vpc.get_instance(server_vm["id"]).get_result()["network_interfaces"]] == [
        nic_of(server_vm)["id"]]


def test_a_floating_ip_created_with_an_instances_interface_as_target_is_bound_to_it(vpc, server_vm):
    fip = vpc.create_floating_ip({"name": "web-ip", "target": {"id": nic_of(server_vm)["id"]}}).get_result()
    FloatingIP.from_dict(fip)
    assert (fip["target"]["id"], fip["target"]["resource_type"], fip["target"]["primary_ip"]["address"],
            fip["zone"]["name"]) == (nic_of(server_vm)["id"], "network_interface", "10.240.0.4", ZONE)
    nic = vpc.get_instance_network_interface(server_vm["id"], nic_of(server_vm)["id"]).get_result()
    assert [(f["id"], f["address"]) for f in nic["floating_ips"]] == [(fip["id"], fip["address"])]


def test_a_floating_ip_patched_to_target_an_instances_interface_is_listed_by_it(vpc, server_vm):
    fip = vpc.create_floating_ip({"name": "spare", "zone": {"name": ZONE}}).get_result()
    patched = vpc.update_floating_ip(fip["id"], {"target": {"id": nic_of(server_vm)["id"]}}).get_result()
    assert patched["target"]["id"] == nic_of(server_vm)["id"]
    listed = vpc.list_instance_network_interface_floating_ips(server_vm["id"], nic_of(server_vm)["id"]).get_result()
    FloatingIPUnpaginatedCollection.from_dict(listed)
    assert [f["id"] for f in listed["floating_ips"]] == [fip["id"]]


def test_a_floating_ip_is_bound_read_and_unbound_under_the_instances_interface(vpc, server_vm):
    nic_id = nic_of(server_vm)["id"]
    fip = vpc.create_floating_ip({"name": "spare", "zone": {"name": ZONE}}).get_result()
    bound = vpc.add_instance_network_interface_floating_ip(server_vm["id"], nic_id, fip["id"]).get_result()
    assert bound["target"]["id"] == nic_id
    assert vpc.get_instance_network_interface_floating_ip(server_vm["id"], nic_id, fip["id"]).get_result()[
        "address"] == fip["address"]
    vpc.remove_instance_network_interface_floating_ip(server_vm["id"], nic_id, fip["id"])
    assert "target" not in vpc.get_floating_ip(fip["id"]).get_result()
    assert error_of(lambda: vpc.get_instance_network_interface_floating_ip(server_vm["id"], nic_id, fip["id"])) == (
        404, "floating_ip_not_found")


def test_renaming_an_instances_interface_shows_in_the_instance(vpc, server_vm):
    vpc.update_instance_network_interface(server_vm["id"], nic_of(server_vm)["id"], {"name": "front"})
    assert nic_of(vpc.get_instance(server_vm["id"]).get_result())["name"] == "front"


def test_deleting_an_instance_disassociates_its_floating_ips(vpc, server_vm):
    fip = vpc.create_floating_ip({"name": "web-ip", "target": {"id": nic_of(server_vm)["id"]}}).get_result()
    vpc.delete_instance(server_vm["id"])
    kept = vpc.get_floating_ip(fip["id"]).get_result()
    assert (kept["address"], "target" in kept) == (fip["address"], False)
    assert error_of(lambda: vpc.get_instance_network_interface(server_vm["id"], nic_of(server_vm)["id"])) == (
        404, "instance_not_found")


def test_an_instances_primary_interface_cannot_be_deleted_on_its_own(vpc, server_vm):
    assert error_of(lambda: vpc.delete_instance_network_interface(server_vm["id"], nic_of(server_vm)["id"])) == (
        409, "network_interface_in_use")


# -- a share mount target's virtual network interface -------------------------------------------

def share_with_target(vpc, subnet: dict, **interface) -> tuple[dict, dict]:
    share = vpc.create_share({"name": "files", "profile": {"name": "dp2"}, "zone": {"name": ZONE}, "size": 200,
                              "mount_targets": [{"name": "mt", "virtual_network_interface": {
                                  "name": "mt-vni", "subnet": {"id": subnet["id"]}, **interface}}]}).get_result()
    target = vpc.list_share_mount_targets(share["id"]).get_result()["mount_targets"][0]
    return share, target


def test_a_mount_targets_interface_is_read_with_its_target_subnet_and_address(vpc, net):
    share, target = share_with_target(vpc, net[1])
    vni = vpc.get_virtual_network_interface(target["virtual_network_interface"]["id"]).get_result()
    VirtualNetworkInterface.from_dict(vni)
    assert (vni["name"], vni["target"]["id"], vni["target"]["resource_type"], vni["target"]["name"],
            vni["subnet"]["id"], vni["primary_ip"]["address"], vni["vpc"]["id"], vni["zone"]["name"],
            vni["auto_delete"]) == ("mt-vni", target["id"], "share_mount_target", "mt", net[1]["id"],
                                    target["primary_ip"]["address"], net[0]["id"], ZONE, True)


def test_a_mount_targets_interface_is_listed_with_the_others(vpc, net):
    _, target = share_with_target(vpc, net[1])
    listed = vpc.list_virtual_network_interfaces().get_result()
    VirtualNetworkInterfaceCollection.from_dict(listed)
    assert [v["id"] for v in listed["virtual_network_interfaces"]] == [target["virtual_network_interface"]["id"]]


def test_a_mount_targets_interface_lists_its_primary_ip(vpc, net):
    _, target = share_with_target(vpc, net[1])
    ips = vpc.list_virtual_network_interface_ips(target["virtual_network_interface"]["id"]).get_result()
    ReservedIPCollectionVirtualNetworkInterfaceContext.from_dict(ips)
    assert [ip["address"] for ip in ips["ips"]] == [target["primary_ip"]["address"]]


def test_a_mount_targets_interface_keeps_the_settings_it_was_given(vpc, net):
    _, target = share_with_target(vpc, net[1], protocol_state_filtering_mode="enabled", allow_ip_spoofing=True)
    vni = vpc.get_virtual_network_interface(target["virtual_network_interface"]["id"]).get_result()
    assert (vni["protocol_state_filtering_mode"], vni["allow_ip_spoofing"]) == ("enabled", True)


def test_a_mount_targets_interface_setting_outside_its_enum_is_refused(vpc, net):
    assert error_of(lambda: share_with_target(vpc, net[1], protocol_state_filtering_mode="sometimes")) == (
        400, "invalid_field_value")


def test_a_mount_targets_interface_is_renamed_through_its_own_path(vpc, net):
    share, target = share_with_target(vpc, net[1])
    vni_id = target["virtual_network_interface"]["id"]
    vpc.update_virtual_network_interface(vni_id, {"name": "files-vni"})
    assert vpc.get_virtual_network_interface(vni_id).get_result()["name"] == "files-vni"


def test_renaming_a_mount_target_shows_in_its_interfaces_target(vpc, net):
    share, target = share_with_target(vpc, net[1])
    vpc.update_share_mount_target(share["id"], target["id"], {"name": "mt-2"})
    vni = vpc.get_virtual_network_interface(target["virtual_network_interface"]["id"]).get_result()
    assert vni["target"]["name"] == "mt-2"


def test_a_mount_targets_interface_cannot_be_deleted_while_it_targets_it(vpc, net):
    _, target = share_with_target(vpc, net[1])
    assert error_of(lambda: vpc.delete_virtual_network_interfaces(target["virtual_network_interface"]["id"])) == (
        409, "virtual_network_interface_in_use")


def test_deleting_a_mount_target_deletes_the_interface_made_with_it(vpc, net):
    share, target = share_with_target(vpc, net[1])
    vpc.delete_share_mount_target(share["id"], target["id"])
    assert error_of(lambda: vpc.get_virtual_network_interface(target["virtual_network_interface"]["id"])) == (
        404, "virtual_network_interface_not_found")


def test_an_existing_interface_given_to_a_mount_target_targets_it_and_stays_after(vpc, net):
    vni = vpc.create_virtual_network_interface(name="own-vni", subnet={"id": net[1]["id"]}).get_result()
    share = vpc.create_share({"name": "files", "profile": {"name": "dp2"}, "zone": {"name": ZONE},
                              "size": 200}).get_result()
    target = vpc.create_share_mount_target(share["id"], {"name": "mt", "virtual_network_interface": {
        "id": vni["id"]}}).get_result()
    assert vpc.get_virtual_network_interface(vni["id"]).get_result()["target"]["id"] == target["id"]
    vpc.delete_share_mount_target(share["id"], target["id"])
    kept = vpc.get_virtual_network_interface(vni["id"]).get_result()
    assert (kept["name"], "target" in kept) == ("own-vni", False)


# -- primary IPs as reserved IPs of their subnet --------------------------------------------------

def test_an_instances_primary_ip_is_a_reserved_ip_of_its_subnet_targeting_the_interface(vpc, net, server_vm):
    listed = vpc.list_subnet_reserved_ips(net[1]["id"]).get_result()["reserved_ips"]
    primary = nic_of(server_vm)["primary_ip"]
    assert [(ip["id"], ip["address"], ip["target"]["id"], ip["target"]["resource_type"], ip["owner"])
            for ip in listed] == [(primary["id"], "10.240.0.4", nic_of(server_vm)["id"], "network_interface", "user")]


def test_an_interfaces_primary_reserved_ip_cannot_be_deleted_on_its_own(vpc, net, server_vm):
    primary = nic_of(server_vm)["primary_ip"]
    assert error_of(lambda: vpc.delete_subnet_reserved_ip(net[1]["id"], primary["id"])) == (
        409, "subnet_reserved_ip_in_use")


def test_a_virtual_network_interface_made_on_its_own_lists_its_primary_ip(vpc, net):
    vni = vpc.create_virtual_network_interface(name="own-vni", subnet={"id": net[1]["id"]}).get_result()
    ips = vpc.list_virtual_network_interface_ips(vni["id"]).get_result()["ips"]
    assert [(ip["id"], ip["address"]) for ip in ips] == [(vni["primary_ip"]["id"], vni["primary_ip"]["address"])]


def test_deleting_an_instance_deletes_its_primary_reserved_ip(vpc, net, server_vm):
    vpc.delete_instance(server_vm["id"])
    assert vpc.list_subnet_reserved_ips(net[1]["id"]).get_result()["reserved_ips"] == []


# -- network attachments and the virtual network interfaces made with them -----------------------

def attached_vm(vpc, subnet: dict) -> dict:
    return vpc.create_instance({"name": "att-vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}, "primary_network_attachment": {
                                    "name": "eth0", "virtual_network_interface": {"name": "eth0-vni",
                                                                                  "subnet": {"id": subnet["id"]}}}
                                }).get_result()


def test_an_instance_on_a_primary_network_attachment_is_in_its_subnets_vpc(vpc, net):
    made = attached_vm(vpc, net[1])
    Instance.from_dict(made)
    attachment = made["primary_network_attachment"]
    assert (made["vpc"]["id"], attachment["name"], attachment["subnet"]["id"], attachment["primary_ip"]["address"],
            made["primary_network_interface"]["id"]) == (net[0]["id"], "eth0", net[1]["id"], "10.240.0.4",
                                                         attachment["id"])


def test_an_instances_attachment_interface_is_a_document_targeting_the_attachment(vpc, net):
    made = attached_vm(vpc, net[1])
    attachment = made["primary_network_attachment"]
    vni = vpc.get_virtual_network_interface(attachment["virtual_network_interface"]["id"]).get_result()
    VirtualNetworkInterface.from_dict(vni)
    assert (vni["name"], vni["target"]["id"], vni["target"]["resource_type"], vni["primary_ip"]["address"],
            vni["auto_delete"], vni["protocol_state_filtering_mode"], [g["id"] for g in vni["security_groups"]]) == (
        "eth0-vni", attachment["id"], "instance_network_attachment", "10.240.0.4", True, "auto",
        [net[0]["default_security_group"]["id"]])


def test_an_attachment_added_to_an_instance_is_secondary_with_its_new_interface(vpc, net):
    made = attached_vm(vpc, net[1])
    added = vpc.create_instance_network_attachment(made["id"], {"subnet": {"id": net[1]["id"]}},
                                                   name="eth1").get_result()
    vni = vpc.get_virtual_network_interface(added["virtual_network_interface"]["id"]).get_result()
    assert (added["type"], vni["target"]["id"], added["primary_ip"]["address"]) == (
        "secondary", added["id"], vni["primary_ip"]["address"])
    assert [a["name"] for a in vpc.get_instance(made["id"]).get_result()["network_attachments"]] == ["eth0", "eth1"]


def test_deleting_an_instance_deletes_its_attachments_and_their_interfaces(vpc, net):
    made = attached_vm(vpc, net[1])
    vpc.delete_instance(made["id"])
    assert vpc.list_virtual_network_interfaces().get_result()["virtual_network_interfaces"] == []


def test_an_instances_primary_attachment_cannot_be_deleted_on_its_own(vpc, net):
    made = attached_vm(vpc, net[1])
    assert error_of(lambda: vpc.delete_instance_network_attachment(
        made["id"], made["primary_network_attachment"]["id"])) == (409, "instance_network_attachment_in_use")


def test_an_existing_interface_given_to_an_attachment_outlives_it(vpc, net):
    made = attached_vm(vpc, net[1])
    own = vpc.create_virtual_network_interface(name="own-vni", subnet={"id": net[1]["id"]}).get_result()
    added = vpc.create_instance_network_attachment(made["id"], {"id": own["id"]}, name="eth1").get_result()
    assert vpc.get_virtual_network_interface(own["id"]).get_result()["target"]["id"] == added["id"]
    vpc.delete_instance_network_attachment(made["id"], added["id"])
    assert "target" not in vpc.get_virtual_network_interface(own["id"]).get_result()


def test_an_instances_attachment_is_read_as_a_network_interface_too(vpc, net):
    made = attached_vm(vpc, net[1])
    attachment = made["primary_network_attachment"]
    nic = vpc.get_instance_network_interface(made["id"], attachment["id"]).get_result()
    NetworkInterface.from_dict(nic)
    assert (nic["name"], nic["primary_ip"]["address"], nic["type"], made["network_interfaces"][0]["href"]) == (
        "eth0", attachment["primary_ip"]["address"], "primary", nic["href"])
    vpc.update_instance_network_attachment(made["id"], attachment["id"], {"name": "front"})
    assert vpc.get_instance_network_interface(made["id"], attachment["id"]).get_result()["name"] == "front"


def test_deleting_a_secondary_attachment_removes_its_interface_representation(vpc, net):
    made = attached_vm(vpc, net[1])
    added = vpc.create_instance_network_attachment(made["id"], {"subnet": {"id": net[1]["id"]}},
                                                   name="eth1").get_result()
    vpc.delete_instance_network_attachment(made["id"], added["id"])
    assert [n["name"] for n in vpc.list_instance_network_interfaces(made["id"]).get_result()[
        "network_interfaces"]] == ["eth0"]


def test_a_virtual_network_interface_without_a_subnet_is_refused(vpc, net):
    assert error_of(lambda: vpc.create_virtual_network_interface(name="nowhere")) == (400, "missing_field")


def test_a_virtual_network_interface_on_a_reserved_ip_is_in_its_subnet(vpc, net):
    ip = vpc.create_subnet_reserved_ip(net[1]["id"], name="kept", address="10.240.0.50").get_result()
    vni = vpc.create_virtual_network_interface(name="on-ip", primary_ip={"id": ip["id"]}).get_result()
    assert (vni["subnet"]["id"], vni["vpc"]["id"], vni["primary_ip"]["address"]) == (
        net[1]["id"], net[0]["id"], "10.240.0.50")


def test_renaming_a_mount_targets_interface_shows_in_the_mount_target(vpc, net):
    share, target = share_with_target(vpc, net[1])
    vpc.update_virtual_network_interface(target["virtual_network_interface"]["id"], {"name": "renamed-vni"})
    got = vpc.get_share_mount_target(share["id"], target["id"]).get_result()
    assert got["virtual_network_interface"]["name"] == "renamed-vni"
