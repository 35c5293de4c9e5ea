"""Bare metal servers through the official SDK (engine/generic/vpc/bare_metal.py,
bare_metal_profiles.py): IBM's published profiles served at /bare_metal_server/profiles; a
server takes its CPU, memory, bandwidth and disks from its profile and its VPC from its primary
interface's subnet; its disks are renamed; PCI interfaces change while it is stopped, the
primary one never alone; deleting it lets go of the floating IPs on its interfaces."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (BareMetalServer, BareMetalServerDisk, BareMetalServerDiskCollection,
                            BareMetalServerProfile, BareMetalServerProfileCollection,
                            ImageBareMetalServerProfileCollection)

from conftest import UBUNTU
from vpcmock import catalog
from vpcmock.images import image_id

ZONE = "us-south-1"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS9TfIkPfq3C7gEcALyWwLs+bEzlB3NuTnwLnHgPHju metal"


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]


@pytest.fixture
def net(vpc):
    made = vpc.create_vpc(name="metal-net").get_result()
    subnet = vpc.create_subnet({"name": "metal-1", "vpc": {"id": made["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    key = vpc.create_key(public_key=SSH_KEY, name="metal-key").get_result()
    return made, subnet, key


def server(vpc, net, profile="bx2d-metal-96x384", **extra):
    _, subnet, key = net
    return vpc.create_bare_metal_server({
        "name": "metal", "profile": {"name": profile}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_interface": {"name": "eth0", "subnet": {"id": subnet["id"]}}, **extra}).get_result()


# -- profiles ------------------------------------------------------------------------------------

def test_every_profile_of_the_catalogue_is_listed_page_by_page_in_name_order(vpc):
    first = vpc.list_bare_metal_server_profiles(limit=10).get_result()
    BareMetalServerProfileCollection.from_dict(first)
    names, start = [], None
    while True:
        page = vpc.list_bare_metal_server_profiles(start=start, limit=10).get_result()
        names += [profile["name"] for profile in page["profiles"]]
        if "next" not in page:
            break
        start = page["next"]["href"].split("start=")[1].split("&")[0]
    assert (names, first["total_count"]) == (sorted(catalog.BARE_METAL_SERVER_PROFILES), 31)


def test_a_profile_reads_as_ibms_docs_give_it(vpc):
    got = vpc.get_bare_metal_server_profile(name="bx2d-metal-192x768").get_result()
    BareMetalServerProfile.from_dict(got)
    assert (got["family"], got["cpu_core_count"], got["cpu_socket_count"], got["memory"],
            [(d["quantity"]["value"], d["size"]["value"], d["supported_interface_types"]["default"])
             for d in got["disks"]], got["bandwidth"], got["os_architecture"]["values"]) == (
        "balanced", {"type": "fixed", "value": 96}, {"type": "fixed", "value": 4}, {"type": "fixed", "value": 768},
        [(1, 960, "sata"), (16, 3200, "nvme")],
        {"type": "enum", "default": 100000, "values": [10000, 25000, 50000, 100000]}, ["amd64"])


def test_a_profile_the_catalogue_lacks_is_not_found(vpc):
    assert error_of(lambda: vpc.get_bare_metal_server_profile(name="bx9-metal-1x1")) == (
        404, "bare_metal_server_profile_not_found")


def test_a_server_of_a_profile_the_catalogue_lacks_is_refused(vpc, net):
    assert (error_of(lambda: server(vpc, net, profile="bx9-metal-1x1")),
            vpc.list_bare_metal_servers().get_result()["bare_metal_servers"]) == (
        (404, "bare_metal_server_profile_not_found"), [])


def test_an_amd64_stock_image_boots_every_profile(vpc):
    listed = vpc.list_image_bare_metal_server_profiles(UBUNTU).get_result()
    ImageBareMetalServerProfileCollection.from_dict(listed)
    assert [p["name"] for p in listed["bare_metal_server_profiles"]] == sorted(catalog.BARE_METAL_SERVER_PROFILES)


def test_an_s390x_stock_image_boots_no_profile(vpc):
    s390x = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-s390x-2")
    assert vpc.list_image_bare_metal_server_profiles(s390x).get_result()["bare_metal_server_profiles"] == []


# -- a server's hardware -------------------------------------------------------------------------

def test_a_server_has_its_profiles_cpu_memory_and_bandwidth(vpc, net):
    got = vpc.get_bare_metal_server(server(vpc, net, profile="cx3d-metal-48x128")["id"]).get_result()
    BareMetalServer.from_dict(got)
    assert (got["cpu"], got["memory"], got["bandwidth"], got["vpc"]["id"]) == (
        {"architecture": "amd64", "core_count": 24, "socket_count": 2, "threads_per_core": 2}, 128, 200000,
        net[0]["id"])


def test_a_servers_disks_are_its_profiles_the_boot_disk_its_boot_target(vpc, net):
    made = server(vpc, net)
    listed = vpc.list_bare_metal_server_disks(made["id"]).get_result()
    BareMetalServerDiskCollection.from_dict(listed)
    boot = vpc.get_bare_metal_server_disk(made["id"], made["boot_target"]["id"]).get_result()
    assert (sorted((d["size"], d["interface_type"]) for d in listed["disks"]), (boot["size"], boot["interface_type"])) \
        == ([(960, "sata")] + [(3200, "nvme")] * 8, (960, "sata"))


def test_a_disk_renamed_reads_its_new_name(vpc, net):
    made = server(vpc, net)
    vpc.update_bare_metal_server_disk(made["id"], made["boot_target"]["id"], {"name": "boot"})
    got = vpc.get_bare_metal_server_disk(made["id"], made["boot_target"]["id"]).get_result()
    BareMetalServerDisk.from_dict(got)
    assert (got["name"], vpc.get_bare_metal_server(made["id"]).get_result()["boot_target"]["name"]) == (
        "boot", "boot")


def test_a_bandwidth_the_profile_does_not_allow_is_refused(vpc, net):
    assert (error_of(lambda: server(vpc, net, bandwidth=200000)),
            vpc.list_bare_metal_servers().get_result()["bare_metal_servers"]) == ((400, "invalid_bandwidth"), [])


def test_a_bandwidth_patched_to_one_the_profile_does_not_allow_is_refused_and_kept(vpc, net):
    made = server(vpc, net, bandwidth=50000)
    assert (error_of(lambda: vpc.update_bare_metal_server(made["id"], {"bandwidth": 200000})),
            vpc.get_bare_metal_server(made["id"]).get_result()["bandwidth"]) == ((400, "invalid_bandwidth"), 50000)


def test_a_server_with_its_tpm_in_tpm_2_mode_shows_it_enabled(vpc, net):
    got = server(vpc, net, trusted_platform_module={"mode": "tpm_2"})["trusted_platform_module"]
    assert got == {"enabled": True, "mode": "tpm_2", "supported_modes": ["disabled", "tpm_2"]}


def test_a_server_in_another_zone_than_its_subnet_is_refused(vpc, net):
    _, subnet, key = net
    assert error_of(lambda: vpc.create_bare_metal_server({
        "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": "us-south-2"},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_interface": {"subnet": {"id": subnet["id"]}}})) == (400, "subnet_zone_mismatch")


# -- interfaces ----------------------------------------------------------------------------------

def test_the_primary_interface_is_a_pci_one_with_an_address_of_its_subnet(vpc, net):
    made = server(vpc, net)
    nic = vpc.get_bare_metal_server_network_interface(made["id"], made["primary_network_interface"]["id"]).get_result()
    assert (nic["interface_type"], nic["type"], nic["name"], nic["primary_ip"]["address"], nic["status"]) == (
        "pci", "primary", "eth0", "10.240.0.4", "available")


def test_a_pci_interface_is_added_to_a_running_server_never(vpc, net):
    made = server(vpc, net)
    assert error_of(lambda: vpc.create_bare_metal_server_network_interface(made["id"], {
        "interface_type": "pci", "subnet": {"id": net[1]["id"]}})) == (409, "bare_metal_server_not_stopped")


def test_a_pci_interface_is_added_to_a_stopped_server(vpc, net):
    made = server(vpc, net)
    vpc.stop_bare_metal_server(made["id"], type="hard")
    nic = vpc.create_bare_metal_server_network_interface(made["id"], {
        "interface_type": "pci", "name": "eth1", "subnet": {"id": net[1]["id"]}}).get_result()
    assert (nic["type"], [n["name"] for n in vpc.get_bare_metal_server(made["id"]).get_result()[
        "network_interfaces"]]) == ("secondary", ["eth0", "eth1"])


def test_a_vlan_interface_is_added_to_a_running_server(vpc, net):
    made = server(vpc, net, primary_network_interface={"name": "eth0", "subnet": {"id": net[1]["id"]},
                                                       "allowed_vlans": [12]})
    nic = vpc.create_bare_metal_server_network_interface(made["id"], {
        "interface_type": "vlan", "vlan": 12, "subnet": {"id": net[1]["id"]}}).get_result()
    assert (nic["interface_type"], nic["vlan"], nic["type"]) == ("vlan", 12, "secondary")


def test_the_primary_interface_is_not_deleted_on_its_own(vpc, net):
    made = server(vpc, net)
    vpc.stop_bare_metal_server(made["id"], type="hard")
    assert error_of(lambda: vpc.delete_bare_metal_server_network_interface(
        made["id"], made["primary_network_interface"]["id"])) == (409, "network_interface_primary")


def test_deleting_a_server_lets_go_of_the_floating_ip_on_its_interface_and_frees_its_address(vpc, net):
    made = server(vpc, net)
    fip = vpc.create_floating_ip({"name": "metal-fip", "zone": {"name": ZONE}}).get_result()
    vpc.add_bare_metal_server_network_interface_floating_ip(made["id"], made["primary_network_interface"]["id"],
                                                            fip["id"])
    bound = vpc.get_floating_ip(fip["id"]).get_result()["target"]["id"]
    vpc.delete_bare_metal_server(made["id"])
    assert (bound, "target" in vpc.get_floating_ip(fip["id"]).get_result(),
            vpc.list_subnet_reserved_ips(net[1]["id"]).get_result()["reserved_ips"]) == (
        made["primary_network_interface"]["id"], False, [])


def test_a_server_on_network_interfaces_gets_no_network_attachment(vpc, net):
    made = server(vpc, net)
    assert error_of(lambda: vpc.create_bare_metal_server_network_attachment(made["id"], {
        "interface_type": "vlan", "vlan": 5, "virtual_network_interface": {"subnet": {"id": net[1]["id"]}}})) == (
        409, "bare_metal_server_network_interfaces_in_use")


def test_the_primary_interface_renamed_shows_its_new_name_in_its_server(vpc, net):
    made = server(vpc, net)
    vpc.update_bare_metal_server_network_interface(made["id"], made["primary_network_interface"]["id"],
                                                   {"name": "uplink"})
    assert vpc.get_bare_metal_server(made["id"]).get_result()["primary_network_interface"]["name"] == "uplink"


# -- a server on network attachments -------------------------------------------------------------

def attached_server(vpc, net):
    _, subnet, key = net
    return vpc.create_bare_metal_server({
        "name": "metal-vni", "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_attachment": {"name": "pci-0", "allowed_vlans": [5], "virtual_network_interface": {
            "subnet": {"id": subnet["id"]}}}}).get_result()


def test_a_server_on_attachments_shows_its_primary_one_as_its_primary_network_interface(vpc, net):
    made = attached_server(vpc, net)
    attachment = made["primary_network_attachment"]
    shown = vpc.get_bare_metal_server_network_interface(made["id"], attachment["id"]).get_result()
    assert ((made["primary_network_interface"]["id"], made["primary_network_interface"]["name"]),
            (shown["type"], shown["interface_type"], shown["primary_ip"]["address"])) == (
        (attachment["id"], "pci-0"), ("primary", "pci", attachment["primary_ip"]["address"]))


def test_an_attachments_interface_representation_is_not_deleted_on_its_own(vpc, net):
    made = attached_server(vpc, net)
    vpc.stop_bare_metal_server(made["id"], type="hard")
    vlan = vpc.create_bare_metal_server_network_attachment(made["id"], {
        "interface_type": "vlan", "vlan": 5,
        "virtual_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()
    assert error_of(lambda: vpc.delete_bare_metal_server_network_interface(made["id"], vlan["id"])) == (
        409, "network_interface_in_use")


def test_an_attachment_deleted_takes_its_interface_representation_with_it(vpc, net):
    made = attached_server(vpc, net)
    vlan = vpc.create_bare_metal_server_network_attachment(made["id"], {
        "name": "vlan-5", "interface_type": "vlan", "vlan": 5,
        "virtual_network_interface": {"subnet": {"id": net[1]["id"]}}}).get_result()
    shown = [n["name"] for n in vpc.list_bare_metal_server_network_interfaces(made["id"]).get_result()[
        "network_interfaces"]]
    vpc.delete_bare_metal_server_network_attachment(made["id"], vlan["id"])
    assert (sorted(shown), [n["name"] for n in vpc.list_bare_metal_server_network_interfaces(made["id"]).get_result()[
        "network_interfaces"]]) == (["pci-0", "vlan-5"], ["pci-0"])


def test_the_primary_attachment_renamed_renames_its_interface_representation(vpc, net):
    made = attached_server(vpc, net)
    vpc.update_bare_metal_server_network_attachment(made["id"], made["primary_network_attachment"]["id"],
                                                    {"name": "uplink"})
    got = vpc.get_bare_metal_server(made["id"]).get_result()
    assert (got["primary_network_attachment"]["name"], got["primary_network_interface"]["name"],
            got["network_interfaces"][0]["name"]) == ("uplink", "uplink", "uplink")


def test_secure_boot_changes_on_a_running_server_never(vpc, net):
    made = server(vpc, net)
    assert (error_of(lambda: vpc.update_bare_metal_server(made["id"], {"enable_secure_boot": True})),
            vpc.get_bare_metal_server(made["id"]).get_result()["enable_secure_boot"]) == (
        (409, "bare_metal_server_not_stopped"), False)


def test_the_tpm_mode_changes_on_a_stopped_server(vpc, net):
    made = server(vpc, net)
    vpc.stop_bare_metal_server(made["id"], type="soft")
    got = vpc.update_bare_metal_server(made["id"], {"trusted_platform_module": {"mode": "tpm_2"}}).get_result()
    assert (got["trusted_platform_module"]["mode"], got["trusted_platform_module"]["enabled"]) == ("tpm_2", True)
