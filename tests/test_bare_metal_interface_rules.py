"""A bare metal server's interface rules through the official SDK (engine/generic/vpc/bare_metal.py):
a VLAN interface or attachment names a VLAN one of the server's PCI ones allows; a server has at
most 8 PCI interfaces or attachments; `hipersocket` is for s390x servers only, and every profile
here is amd64."""

from __future__ import annotations

import pytest
from ibm_vpc.vpc_v1 import BareMetalServerNetworkAttachmentByVLAN, BareMetalServerNetworkInterfaceByVLAN

from conftest import UBUNTU, sdk_error

ZONE = "us-south-1"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS9TfIkPfq3C7gEcALyWwLs+bEzlB3NuTnwLnHgPHju rules"


@pytest.fixture
def net(vpc):
    made = vpc.create_vpc(name="rules-net").get_result()
    subnet = vpc.create_subnet({"name": "rules-1", "vpc": {"id": made["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    key = vpc.create_key(public_key=SSH_KEY, name="rules-key").get_result()
    return subnet, key


def server(vpc, net, primary=None, **extra):
    subnet, key = net
    return vpc.create_bare_metal_server({
        "name": "metal", "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_interface": {"name": "eth0", "subnet": {"id": subnet["id"]}, **(primary or {})},
        **extra}).get_result()


def attached(vpc, net, primary=None, **extra):
    subnet, key = net
    return vpc.create_bare_metal_server({
        "name": "metal-vni", "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_attachment": {"name": "pci-0", "virtual_network_interface": {
            "subnet": {"id": net[0]["id"]}}, **(primary or {})}, **extra}).get_result()


def pci(net, n):
    return {"name": f"eth{n}", "interface_type": "pci", "subnet": {"id": net[0]["id"]}}


def pci_attachment(net, n):
    return {"name": f"pci-{n}", "interface_type": "pci", "virtual_network_interface": {"subnet": {"id": net[0]["id"]}}}


def names(vpc, server_id):
    return sorted(n["name"] for n in vpc.list_bare_metal_server_network_interfaces(server_id).get_result()[
        "network_interfaces"])


def servers(vpc):
    return vpc.list_bare_metal_servers().get_result()["bare_metal_servers"]


# -- a VLAN interface's VLAN is one a PCI interface of its server allows ----------------------------

def test_a_vlan_interface_on_a_vlan_no_pci_interface_allows_is_refused_and_not_added(vpc, net):
    made = server(vpc, net, primary={"allowed_vlans": [11]})
    assert (sdk_error(lambda: vpc.create_bare_metal_server_network_interface(made["id"], {
        "name": "vlan12", "interface_type": "vlan", "vlan": 12, "subnet": {"id": net[0]["id"]}})),
        names(vpc, made["id"])) == ((400, "bare_metal_server_vlan_not_allowed", "vlan"), ["eth0"])


def test_a_vlan_interface_on_a_server_whose_pci_interfaces_allow_no_vlan_is_refused(vpc, net):
    made = server(vpc, net)
    assert sdk_error(lambda: vpc.create_bare_metal_server_network_interface(made["id"], {
        "interface_type": "vlan", "vlan": 12, "subnet": {"id": net[0]["id"]}})) == (
        400, "bare_metal_server_vlan_not_allowed", "vlan")


def test_a_vlan_interface_on_a_vlan_its_primary_interface_allows_is_added(vpc, net):
    made = server(vpc, net, primary={"allowed_vlans": [11, 12]})
    nic = vpc.create_bare_metal_server_network_interface(made["id"], {
        "name": "vlan12", "interface_type": "vlan", "vlan": 12, "subnet": {"id": net[0]["id"]}}).get_result()
    BareMetalServerNetworkInterfaceByVLAN.from_dict(nic)
    assert (nic["interface_type"], nic["vlan"], names(vpc, made["id"])) == ("vlan", 12, ["eth0", "vlan12"])


def test_a_vlan_interface_on_a_vlan_a_secondary_pci_interface_allows_is_added(vpc, net):
    made = server(vpc, net, network_interfaces=[{**pci(net, 1), "allowed_vlans": [30]}])
    nic = vpc.create_bare_metal_server_network_interface(made["id"], {
        "interface_type": "vlan", "vlan": 30, "subnet": {"id": net[0]["id"]}}).get_result()
    assert (nic["interface_type"], nic["vlan"]) == ("vlan", 30)


def test_a_server_made_with_a_vlan_interface_no_pci_interface_allows_is_refused_and_not_made(vpc, net):
    vlan = {"name": "vlan7", "interface_type": "vlan", "vlan": 7, "subnet": {"id": net[0]["id"]}}
    assert (sdk_error(lambda: server(vpc, net, primary={"allowed_vlans": [8]}, network_interfaces=[vlan])),
            servers(vpc)) == ((400, "bare_metal_server_vlan_not_allowed", "network_interfaces[0].vlan"), [])


def test_a_server_made_with_a_vlan_interface_its_primary_allows_has_it(vpc, net):
    vlan = {"name": "vlan7", "interface_type": "vlan", "vlan": 7, "subnet": {"id": net[0]["id"]}}
    made = server(vpc, net, primary={"allowed_vlans": [7]}, network_interfaces=[vlan])
    assert names(vpc, made["id"]) == ["eth0", "vlan7"]


def test_a_vlan_attachment_on_a_vlan_no_pci_attachment_allows_is_refused(vpc, net):
    made = attached(vpc, net, primary={"allowed_vlans": [4]})
    assert (sdk_error(lambda: vpc.create_bare_metal_server_network_attachment(made["id"], {
        "name": "vlan-5", "interface_type": "vlan", "vlan": 5,
        "virtual_network_interface": {"subnet": {"id": net[0]["id"]}}})), names(vpc, made["id"])) == (
        (400, "bare_metal_server_vlan_not_allowed", "vlan"), ["pci-0"])


def test_a_vlan_attachment_on_a_vlan_the_primary_attachment_allows_is_added(vpc, net):
    made = attached(vpc, net, primary={"allowed_vlans": [5]})
    got = vpc.create_bare_metal_server_network_attachment(made["id"], {
        "name": "vlan-5", "interface_type": "vlan", "vlan": 5,
        "virtual_network_interface": {"subnet": {"id": net[0]["id"]}}}).get_result()
    BareMetalServerNetworkAttachmentByVLAN.from_dict(got)
    assert (got["interface_type"], got["vlan"], names(vpc, made["id"])) == ("vlan", 5, ["pci-0", "vlan-5"])


def test_a_server_made_with_a_vlan_attachment_no_pci_attachment_allows_is_refused_and_not_made(vpc, net):
    vlan = {"name": "vlan-5", "interface_type": "vlan", "vlan": 5,
            "virtual_network_interface": {"subnet": {"id": net[0]["id"]}}}
    assert (sdk_error(lambda: attached(vpc, net, network_attachments=[vlan])), servers(vpc)) == (
        (400, "bare_metal_server_vlan_not_allowed", "network_attachments[0].vlan"), [])


# -- at most 8 PCI interfaces or attachments -----------------------------------------------------

def test_a_server_made_with_nine_pci_interfaces_is_refused_and_not_made(vpc, net):
    assert (sdk_error(lambda: server(vpc, net, network_interfaces=[pci(net, n) for n in range(1, 9)])),
            servers(vpc)) == ((400, "bare_metal_server_pci_interfaces_too_many", "network_interfaces[7]"), [])


def test_a_server_made_with_eight_pci_interfaces_has_them_all(vpc, net):
    made = server(vpc, net, network_interfaces=[pci(net, n) for n in range(1, 8)])
    assert names(vpc, made["id"]) == [f"eth{n}" for n in range(8)]


def test_a_ninth_pci_interface_posted_to_a_stopped_server_is_refused_and_not_added(vpc, net):
    made = server(vpc, net, network_interfaces=[pci(net, n) for n in range(1, 8)])
    vpc.stop_bare_metal_server(made["id"], type="hard")
    assert (sdk_error(lambda: vpc.create_bare_metal_server_network_interface(made["id"], pci(net, 8))),
            len(names(vpc, made["id"]))) == ((409, "bare_metal_server_pci_interfaces_too_many",
                                              "bare_metal_server_id"), 8)


def test_a_vlan_interface_is_added_to_a_server_with_eight_pci_interfaces(vpc, net):
    made = server(vpc, net, primary={"allowed_vlans": [9]}, network_interfaces=[pci(net, n) for n in range(1, 8)])
    nic = vpc.create_bare_metal_server_network_interface(made["id"], {
        "interface_type": "vlan", "vlan": 9, "subnet": {"id": net[0]["id"]}}).get_result()
    assert (nic["interface_type"], len(names(vpc, made["id"]))) == ("vlan", 9)


def test_a_pci_interface_deleted_makes_room_for_another(vpc, net):
    made = server(vpc, net, network_interfaces=[pci(net, n) for n in range(1, 8)])
    vpc.stop_bare_metal_server(made["id"], type="hard")
    gone = next(n for n in made["network_interfaces"] if n["name"] == "eth7")
    vpc.delete_bare_metal_server_network_interface(made["id"], gone["id"])
    nic = vpc.create_bare_metal_server_network_interface(made["id"], pci(net, 8)).get_result()
    assert (nic["name"], len(names(vpc, made["id"]))) == ("eth8", 8)


def test_a_server_made_with_nine_pci_attachments_is_refused_and_not_made(vpc, net):
    assert (sdk_error(lambda: attached(vpc, net, network_attachments=[pci_attachment(net, n) for n in range(1, 9)])),
            servers(vpc)) == ((400, "bare_metal_server_pci_interfaces_too_many", "network_attachments[7]"), [])


def test_a_ninth_pci_attachment_posted_to_a_stopped_server_is_refused_and_not_added(vpc, net):
    made = attached(vpc, net, network_attachments=[pci_attachment(net, n) for n in range(1, 8)])
    vpc.stop_bare_metal_server(made["id"], type="hard")
    listed = lambda: vpc.list_bare_metal_server_network_attachments(made["id"]).get_result()["network_attachments"]
    assert (sdk_error(lambda: vpc.create_bare_metal_server_network_attachment(made["id"], pci_attachment(net, 8))),
            len(listed())) == ((409, "bare_metal_server_pci_interfaces_too_many", "bare_metal_server_id"), 8)


# -- hipersocket: s390x only, and no profile here is ---------------------------------------------

def test_a_hipersocket_interface_posted_to_a_server_is_refused_and_not_added(vpc, net):
    made = server(vpc, net)
    assert (sdk_error(lambda: vpc.create_bare_metal_server_network_interface(made["id"], {
        "name": "hs0", "interface_type": "hipersocket", "subnet": {"id": net[0]["id"]}})),
        names(vpc, made["id"])) == ((400, "bare_metal_server_interface_type_not_supported", "interface_type"), ["eth0"])


def test_a_server_made_with_a_hipersocket_interface_is_refused_and_not_made(vpc, net):
    hs = {"name": "hs1", "interface_type": "hipersocket", "subnet": {"id": net[0]["id"]}}
    assert (sdk_error(lambda: server(vpc, net, network_interfaces=[hs])), servers(vpc)) == (
        (400, "bare_metal_server_interface_type_not_supported", "network_interfaces[0].interface_type"), [])


def test_a_server_whose_primary_interface_is_a_hipersocket_is_refused_and_not_made(vpc, net):
    assert (sdk_error(lambda: server(vpc, net, primary={"interface_type": "hipersocket"})), servers(vpc)) == (
        (400, "bare_metal_server_interface_type_not_supported", "primary_network_interface.interface_type"), [])
