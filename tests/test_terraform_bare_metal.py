"""Bare metal servers through the VPC API (resources/network/api_types_bare_metal.py), applied
with the real Terraform in one configuration: a server on a primary network interface, a second
PCI interface added (the server stopped for it and started again), a floating IP bound to its
primary interface, its boot disk renamed, then stopped by an action; a server with a VLAN
interface, a floating VLAN interface added and reinitialized; a server on a primary network
attachment with a VLAN attachment added. The official SDK gets and lists what Terraform made,
parsed by its models; the data sources read it through the API; changes go through the API and
plan clean; every resource re-imports by its IBM id to an empty plan; destroy leaves nothing; a
server the SDK made imports to an empty plan."""

from __future__ import annotations

import pytest
import requests
from ibm_vpc.vpc_v1 import (BareMetalServer, BareMetalServerCollection, BareMetalServerDisk,
                            BareMetalServerNetworkAttachmentCollection, BareMetalServerNetworkInterfaceCollection,
                            FloatingIP)

from conftest import UBUNTU, sdk_client
from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock_provider.resources.network import api_types_bare_metal

CONFIG = '''
provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "vpc" {
  name = "metal-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name                     = "metal-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}

resource "ibm_is_ssh_key" "key" {
  name       = "metal-key"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s metal"
  type       = "ed25519"
}

resource "ibm_is_bare_metal_server" "nic" {
  name    = "metal-nic"
  profile = "bx2d-metal-96x384"
  image   = data.ibm_is_image.ubuntu.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    name   = "eth0"
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_bare_metal_server" "vlan" {
  name    = "metal-vlan"
  profile = "mx2-metal-96x768"
  image   = data.ibm_is_image.ubuntu.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    name          = "eth0"
    subnet        = ibm_is_subnet.subnet.id
    allowed_vlans = [7, 8]
  }
  network_interfaces {
    name           = "vlan7"
    subnet         = ibm_is_subnet.subnet.id
    interface_type = "vlan"
    vlan           = 7
  }
}

resource "ibm_is_bare_metal_server_network_interface_allow_float" "float8" {
  bare_metal_server = ibm_is_bare_metal_server.vlan.id
  subnet            = ibm_is_subnet.subnet.id
  name              = "float8"
  vlan              = 8
}

resource "ibm_is_bare_metal_server_initialization" "vlan" {
  bare_metal_server = ibm_is_bare_metal_server.vlan.id
  image             = data.ibm_is_image.ubuntu.id
  keys              = [ibm_is_ssh_key.key.id]
  depends_on        = [ibm_is_bare_metal_server_network_interface_allow_float.float8]
}

resource "ibm_is_bare_metal_server_network_interface" "second" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  subnet            = ibm_is_subnet.subnet.id
  name              = "eth1"
  allow_ip_spoofing = true
}

resource "ibm_is_floating_ip" "metal" {
  name = "metal-fip"
  zone = "us-south-1"
}

resource "ibm_is_bare_metal_server_network_interface_floating_ip" "metal" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  network_interface = ibm_is_bare_metal_server.nic.primary_network_interface[0].id
  floating_ip       = ibm_is_floating_ip.metal.id
}

resource "ibm_is_bare_metal_server_disk" "boot" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  disk              = ibm_is_bare_metal_server.nic.boot_target
  name              = "metal-boot"
}

resource "ibm_is_bare_metal_server_action" "stop" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  action            = "stop"
  depends_on        = [ibm_is_bare_metal_server_network_interface.second,
                       ibm_is_bare_metal_server_network_interface_floating_ip.metal,
                       ibm_is_bare_metal_server_disk.boot]
}

resource "ibm_is_bare_metal_server" "vni" {
  name    = "metal-vni"
  profile = "cx3d-metal-48x128"
  image   = data.ibm_is_image.ubuntu.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_attachment {
    name          = "pci-0"
    allowed_vlans = [9]
    virtual_network_interface {
      subnet = ibm_is_subnet.subnet.id
    }
  }
}

resource "ibm_is_bare_metal_server_network_attachment" "vlan" {
  bare_metal_server = ibm_is_bare_metal_server.vni.id
  name              = "vlan-9"
  interface_type    = "vlan"
  vlan              = 9
  virtual_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}

data "ibm_is_bare_metal_servers" "all" {
  depends_on = [ibm_is_bare_metal_server_action.stop, ibm_is_bare_metal_server_network_attachment.vlan]
}

data "ibm_is_bare_metal_server_disks" "nic" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  depends_on        = [ibm_is_bare_metal_server_disk.boot]
}

data "ibm_is_bare_metal_server_network_interfaces" "nic" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  depends_on        = [ibm_is_bare_metal_server_network_interface.second]
}

data "ibm_is_bare_metal_server_initialization" "nic" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
}

data "ibm_is_bare_metal_server" "vni" {
  name       = ibm_is_bare_metal_server.vni.name
  depends_on = [ibm_is_bare_metal_server_network_attachment.vlan]
}

data "ibm_is_bare_metal_server_network_attachments" "vni" {
  bare_metal_server = ibm_is_bare_metal_server.vni.id
  depends_on        = [ibm_is_bare_metal_server_network_attachment.vlan]
}

data "ibm_is_bare_metal_server_network_interface_floating_ips" "eth0" {
  bare_metal_server = ibm_is_bare_metal_server.nic.id
  network_interface = ibm_is_bare_metal_server.nic.primary_network_interface[0].id
  depends_on        = [ibm_is_bare_metal_server_network_interface_floating_ip.metal]
}

data "ibm_is_image_bare_metal_server_profiles" "ubuntu" {
  identifier = data.ibm_is_image.ubuntu.id
}

data "ibm_is_bare_metal_server_profile" "bx2d" {
  name = "bx2d-metal-96x384"
}

output "data_servers" {
  value = sort([for s in data.ibm_is_bare_metal_servers.all.servers : s.name])
}
output "data_disks" {
  value = [for d in data.ibm_is_bare_metal_server_disks.nic.disks : [d.name, d.size, d.interface_type]]
}
output "data_interfaces" {
  value = sort([for n in data.ibm_is_bare_metal_server_network_interfaces.nic.network_interfaces : n.name])
}
output "data_initialization" {
  value = [data.ibm_is_bare_metal_server_initialization.nic.image,
           data.ibm_is_bare_metal_server_initialization.nic.keys]
}
output "data_server" {
  value = [data.ibm_is_bare_metal_server.vni.profile, data.ibm_is_bare_metal_server.vni.memory,
           data.ibm_is_bare_metal_server.vni.primary_network_attachment[0].name]
}
output "data_attachments" {
  value = sort([for a in data.ibm_is_bare_metal_server_network_attachments.vni.network_attachments : a.name])
}
output "data_floating_ips" {
  value = [for f in data.ibm_is_bare_metal_server_network_interface_floating_ips.eth0.floating_ips : f.address]
}
output "data_image_profiles" {
  value = length(data.ibm_is_image_bare_metal_server_profiles.ubuntu.bare_metal_server_profiles)
}
output "data_profile" {
  value = [data.ibm_is_bare_metal_server_profile.bx2d.family,
           data.ibm_is_bare_metal_server_profile.bx2d.memory[0].value]
}
'''

TYPES = sorted(r.api.type_name for r in api_types_bare_metal.RESOURCES)


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "bare-metal", CONFIG)


@pytest.fixture(scope="module")
def sdk(mock_server):  # noqa: F811
    return sdk_client(mock_server.url)


def test_every_type_of_the_configuration_applies_through_the_api_and_plans_clean(tf):
    made = managed(tf)
    assert sorted({address.split(".")[0] for address in made} & set(TYPES)) == TYPES
    assert stored_types(tf) & set(TYPES) == set()
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_server_terraform_made_the_sdk_gets_with_its_profiles_hardware(tf, sdk):
    made = managed(tf)
    got = sdk.get_bare_metal_server(made["ibm_is_bare_metal_server.nic"]["id"]).get_result()
    BareMetalServer.from_dict(got)
    assert (got["name"], got["profile"]["name"], got["cpu"], got["memory"], got["bandwidth"], got["status"],
            got["vpc"]["id"], len(got["disks"])) == (
        "metal-nic", "bx2d-metal-96x384",
        {"architecture": "amd64", "core_count": 48, "socket_count": 2, "threads_per_core": 2}, 384, 100000,
        "stopped", made["ibm_is_vpc.vpc"]["id"], 9)


def test_the_sdk_lists_both_servers_terraform_made(tf, sdk):
    listed = sdk.list_bare_metal_servers().get_result()
    BareMetalServerCollection.from_dict(listed)
    assert sorted(s["name"] for s in listed["bare_metal_servers"]) == ["metal-nic", "metal-vlan", "metal-vni"]


def test_the_interfaces_terraform_made_the_sdk_lists_with_the_floating_ip_on_the_primary(tf, sdk):
    made = managed(tf)
    server = made["ibm_is_bare_metal_server.nic"]
    listed = sdk.list_bare_metal_server_network_interfaces(server["id"]).get_result()
    BareMetalServerNetworkInterfaceCollection.from_dict(listed)
    assert sorted((n["name"], n["interface_type"], n["type"]) for n in listed["network_interfaces"]) == [
        ("eth0", "pci", "primary"), ("eth1", "pci", "secondary")]
    fip = sdk.get_floating_ip(made["ibm_is_floating_ip.metal"]["id"]).get_result()
    FloatingIP.from_dict(fip)
    assert (fip["target"]["id"], fip["target"]["resource_type"]) == (
        server["primary_network_interface"][0]["id"], "network_interface")
    assert made["ibm_is_bare_metal_server_network_interface_floating_ip.metal"]["address"] == fip["address"]


def test_the_vlan_interface_terraform_made_with_its_server_the_sdk_gets(tf, sdk):
    server = managed(tf)["ibm_is_bare_metal_server.vlan"]
    vlan = server["network_interfaces"][0]
    got = sdk.get_bare_metal_server_network_interface(server["id"], vlan["id"]).get_result()
    primary = sdk.get_bare_metal_server_network_interface(
        server["id"], server["primary_network_interface"][0]["id"]).get_result()
    assert (got["name"], got["interface_type"], got["vlan"], primary["allowed_vlans"]) == (
        "vlan7", "vlan", 7, [7, 8])


def test_the_floating_vlan_interface_terraform_made_floats_and_stays_out_of_the_servers_interfaces(tf, sdk):
    made = managed(tf)
    server, float8 = made["ibm_is_bare_metal_server.vlan"], made[
        "ibm_is_bare_metal_server_network_interface_allow_float.float8"]
    got = sdk.get_bare_metal_server_network_interface(server["id"], float8["network_interface"]).get_result()
    assert (got["name"], got["vlan"], got["allow_interface_to_float"], float8["floating_bare_metal_server"],
            [n["name"] for n in server["network_interfaces"]]) == ("float8", 8, True, server["id"], ["vlan7"])


def test_the_server_terraform_reinitialized_runs_again_with_its_image_and_keys(tf, sdk):
    made = managed(tf)
    server = made["ibm_is_bare_metal_server.vlan"]["id"]
    init = sdk.get_bare_metal_server_initialization(server).get_result()
    assert ((init["image"]["id"], [k["id"] for k in init["keys"]]),
            sdk.get_bare_metal_server(server).get_result()["status"]) == (
        (UBUNTU, [made["ibm_is_ssh_key.key"]["id"]]), "running")


def test_the_disk_terraform_renamed_is_the_servers_boot_target(tf, sdk):
    made = managed(tf)
    server = made["ibm_is_bare_metal_server.nic"]
    disk = sdk.get_bare_metal_server_disk(server["id"], server["boot_target"]).get_result()
    BareMetalServerDisk.from_dict(disk)
    assert (disk["name"], disk["size"], disk["interface_type"]) == ("metal-boot", 960, "sata")


def test_the_attachments_terraform_made_the_sdk_lists(tf, sdk):
    made = managed(tf)
    server = made["ibm_is_bare_metal_server.vni"]
    listed = sdk.list_bare_metal_server_network_attachments(server["id"]).get_result()
    BareMetalServerNetworkAttachmentCollection.from_dict(listed)
    assert sorted((a["name"], a["interface_type"], a["type"]) for a in listed["network_attachments"]) == [
        ("pci-0", "pci", "primary"), ("vlan-9", "vlan", "secondary")]
    assert (sdk.get_bare_metal_server(server["id"]).get_result()["cpu"]["core_count"], server["memory"]) == (24, 128)


def test_the_data_sources_read_what_terraform_made_through_the_api(tf):
    values, made = tf.outputs(), managed(tf)
    assert values["data_servers"] == ["metal-nic", "metal-vlan", "metal-vni"]
    boot = [disk for disk in values["data_disks"] if disk[0] == "metal-boot"]
    assert (boot, sorted(d[1] for d in values["data_disks"] if d[0] != "metal-boot")) == (
        [["metal-boot", 960, "sata"]], [3200] * 8)
    assert values["data_interfaces"] == ["eth0", "eth1"]
    assert values["data_initialization"] == [UBUNTU, [made["ibm_is_ssh_key.key"]["id"]]]
    assert values["data_profile"] == ["balanced", 384]
    assert values["data_image_profiles"] == 31
    assert values["data_server"] == ["cx3d-metal-48x128", 128, "pci-0"]
    assert values["data_attachments"] == ["pci-0", "vlan-9"]
    assert values["data_floating_ips"] == [made["ibm_is_floating_ip.metal"]["address"]]


CHANGES = {
    'name    = "metal-nic"': 'name               = "metal-nic-renamed"\n  bandwidth          = 25000\n'
                            '  enable_secure_boot = true',
    'name              = "eth1"': 'name              = "eth1-renamed"',
    'name              = "metal-boot"': 'name              = "metal-boot-renamed"',
    'action            = "stop"': 'action            = "start"',
    'name              = "vlan-9"': 'name              = "vlan-9-renamed"',
}


def test_changes_go_through_the_api_and_plan_clean(tf, sdk):
    config = CONFIG
    for before, after in CHANGES.items():
        assert before in config
        config = config.replace(before, after)
    write_config(tf, config)
    assert "0 added, 5 changed, 0 destroyed" in tf.run("apply", "-auto-approve").stdout
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    made = managed(tf)
    server = sdk.get_bare_metal_server(made["ibm_is_bare_metal_server.nic"]["id"]).get_result()
    vni_server = made["ibm_is_bare_metal_server.vni"]["id"]
    assert [(server["name"], server["bandwidth"], server["enable_secure_boot"], server["status"]),
            sdk.get_bare_metal_server_network_interface(server["id"], made[
                "ibm_is_bare_metal_server_network_interface.second"]["network_interface"]).get_result()["name"],
            sdk.get_bare_metal_server_disk(server["id"], server["boot_target"]["id"]).get_result()["name"],
            sdk.get_bare_metal_server_network_attachment(vni_server, made[
                "ibm_is_bare_metal_server_network_attachment.vlan"]["network_attachment"]).get_result()["name"]] == [
        ("metal-nic-renamed", 25000, True, "running"), "eth1-renamed", "metal-boot-renamed", "vlan-9-renamed"]


def test_every_resource_reimports_by_its_ibm_id_to_an_empty_plan_and_destroys(tf, sdk):
    made = managed(tf)
    tf.reimport({address: values["id"] for address, values in made.items()})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
    assert sdk.list_bare_metal_servers().get_result()["bare_metal_servers"] == []
    assert sdk.list_virtual_network_interfaces().get_result()["virtual_network_interfaces"] == []
    assert requests.get(f"{tf.mock.url}/mock/state").json()["counts"].get("stored_resources", 0) == 0


# -- a server the SDK made, imported -------------------------------------------------------------

IMPORTED = '''
provider "ibm" {}

resource "ibm_is_bare_metal_server" "made" {
  name      = "sdk-metal"
  profile   = "mx3d-metal-48x512"
  image     = "{image}"
  zone      = "us-south-1"
  keys      = ["{key}"]
  bandwidth = 50000
  primary_network_interface {
    name   = "eth0"
    subnet = "{subnet}"
  }
}
'''


def test_a_server_the_sdk_made_imports_to_an_empty_plan(mock_server, tmp_path_factory):  # noqa: F811
    tf = applied(mock_server, tmp_path_factory, "bare-metal-import", 'provider "ibm" {}\n')
    sdk = sdk_client(mock_server.url)
    vpc = sdk.create_vpc(name="sdk-vpc").get_result()
    subnet = sdk.create_subnet({"name": "sdk-subnet", "vpc": {"id": vpc["id"]}, "zone": {"name": "us-south-1"},
                                "total_ipv4_address_count": 256}).get_result()
    key = sdk.create_key(public_key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s "
                                    "sdk", name="sdk-key").get_result()
    server = sdk.create_bare_metal_server({
        "name": "sdk-metal", "profile": {"name": "mx3d-metal-48x512"}, "zone": {"name": "us-south-1"},
        "bandwidth": 50000, "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_interface": {"name": "eth0", "subnet": {"id": subnet["id"]}}}).get_result()
    write_config(tf, IMPORTED.replace("{image}", UBUNTU).replace("{key}", key["id"]).replace(
        "{subnet}", subnet["id"]))
    tf.run("import", "ibm_is_bare_metal_server.made", server["id"])
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    assert (managed(tf)["ibm_is_bare_metal_server.made"]["memory"],
            managed(tf)["ibm_is_bare_metal_server.made"]["cpu"][0]["core_count"]) == (512, 24)
