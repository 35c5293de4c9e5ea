"""Cluster networks and network attachments through the VPC API, with the real Terraform, in
us-east (where IBM offers cluster network profiles): a cluster network with a subnet, a reserved
IP and a free interface; a GPU instance on a primary network attachment with a cluster network
attachment made with it and a second network attachment added by ibm_is_instance_network_attachment;
a stopped GPU instance given a cluster network attachment by
ibm_is_instance_cluster_network_attachment. Terraform creates and plans clean; the SDK gets and
lists what it made (parsed by its models); the data sources read it through the API; an
attachment and a subnet the SDK makes import by their IBM ids; everything re-imports to an empty
plan and destroys."""

from __future__ import annotations

import pytest
import requests
from ibm_vpc.vpc_v1 import (ClusterNetwork, ClusterNetworkInterface, ClusterNetworkSubnet,
                            ClusterNetworkSubnetReservedIP, Instance, InstanceClusterNetworkAttachmentCollection,
                            InstanceNetworkAttachment, VirtualNetworkInterface)

from conftest import sdk_client
from terraform_support import applied, managed, stored_types
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock_provider.resources.network import api_types_cluster

CONFIG = '''
provider "ibm" {
  region = "us-east"
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "vpc" {
  name = "cn-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name                     = "cn-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-east-1"
  total_ipv4_address_count = 256
}

resource "ibm_is_cluster_network" "hpc" {
  name    = "cn-hpc"
  profile = "hopper-1"
  zone    = "us-east-1"
  vpc {
    id = ibm_is_vpc.vpc.id
  }
}

resource "ibm_is_cluster_network_subnet" "hpc" {
  cluster_network_id       = ibm_is_cluster_network.hpc.id
  name                     = "cn-hpc-0"
  total_ipv4_address_count = 64
}

resource "ibm_is_cluster_network_subnet_reserved_ip" "spare" {
  cluster_network_id        = ibm_is_cluster_network.hpc.id
  cluster_network_subnet_id = ibm_is_cluster_network_subnet.hpc.cluster_network_subnet_id
  name                      = "cn-spare"
  address                   = "10.0.0.20"
}

resource "ibm_is_cluster_network_interface" "free" {
  cluster_network_id = ibm_is_cluster_network.hpc.id
  name               = "cn-free"
  subnet {
    id = ibm_is_cluster_network_subnet.hpc.cluster_network_subnet_id
  }
  primary_ip {
    address = "10.0.0.30"
  }
}

resource "ibm_is_instance" "gpu" {
  name    = "cn-gpu"
  image   = data.ibm_is_image.ubuntu.id
  profile = "gx3d-160x1792x8h100"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-east-1"
  primary_network_attachment {
    name = "eth0"
    virtual_network_interface {
      name   = "cn-gpu-vni"
      subnet = ibm_is_subnet.subnet.id
    }
  }
  cluster_network_attachments {
    name = "gpu-0"
    cluster_network_interface {
      name = "gpu-0-if"
      subnet {
        id = ibm_is_cluster_network_subnet.hpc.cluster_network_subnet_id
      }
    }
  }
}

resource "ibm_is_instance_network_attachment" "second" {
  instance = ibm_is_instance.gpu.id
  name     = "eth1"
  virtual_network_interface {
    name   = "cn-eth1-vni"
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_instance" "spare" {
  name    = "cn-spare-gpu"
  image   = data.ibm_is_image.ubuntu.id
  profile = "gx3d-160x1792x8h200"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-east-1"
  primary_network_attachment {
    name = "eth0"
    virtual_network_interface {
      subnet = ibm_is_subnet.subnet.id
    }
  }
}

resource "ibm_is_instance_action" "stop" {
  instance = ibm_is_instance.spare.id
  action   = "stop"
}

resource "ibm_is_instance_cluster_network_attachment" "later" {
  instance_id = ibm_is_instance.spare.id
  name        = "gpu-late"
  cluster_network_interface {
    name = "gpu-late-if"
    subnet {
      id = ibm_is_cluster_network_subnet.hpc.cluster_network_subnet_id
    }
  }
  depends_on = [ibm_is_instance_action.stop]
}

data "ibm_is_cluster_network_profile" "hopper" {
  name = "hopper-1"
}

data "ibm_is_cluster_networks" "all" {
  depends_on = [ibm_is_cluster_network.hpc]
}

data "ibm_is_cluster_network_subnets" "hpc" {
  cluster_network_id = ibm_is_cluster_network.hpc.id
  depends_on         = [ibm_is_cluster_network_subnet.hpc]
}

data "ibm_is_cluster_network_subnet_reserved_ips" "hpc" {
  cluster_network_id        = ibm_is_cluster_network.hpc.id
  cluster_network_subnet_id = ibm_is_cluster_network_subnet.hpc.cluster_network_subnet_id
  depends_on                = [ibm_is_instance_cluster_network_attachment.later, ibm_is_instance.gpu,
                               ibm_is_cluster_network_subnet_reserved_ip.spare, ibm_is_cluster_network_interface.free]
}

data "ibm_is_cluster_network_interface" "free" {
  cluster_network_id           = ibm_is_cluster_network.hpc.id
  cluster_network_interface_id = ibm_is_cluster_network_interface.free.cluster_network_interface_id
}

data "ibm_is_instance_cluster_network_attachments" "spare" {
  instance_id = ibm_is_instance.spare.id
  depends_on  = [ibm_is_instance_cluster_network_attachment.later]
}

data "ibm_is_instance_network_attachments" "gpu" {
  instance   = ibm_is_instance.gpu.id
  depends_on = [ibm_is_instance_network_attachment.second]
}

data "ibm_is_instances" "in_cluster" {
  cluster_network_id = ibm_is_cluster_network.hpc.id
  depends_on         = [ibm_is_instance.gpu, ibm_is_instance_cluster_network_attachment.later]
}

data "ibm_is_instance" "gpu" {
  name       = ibm_is_instance.gpu.name
  depends_on = [ibm_is_instance_network_attachment.second]
}

output "instance_attachments" {
  value = [data.ibm_is_instance.gpu.primary_network_attachment[0].name,
           sort([for a in data.ibm_is_instance.gpu.network_attachments : a.virtual_network_interface[0].name]),
           [for a in data.ibm_is_instance.gpu.cluster_network_attachments : a.name]]
}

output "profile" {
  value = [data.ibm_is_cluster_network_profile.hopper.family,
           [for p in data.ibm_is_cluster_network_profile.hopper.supported_instance_profiles : p.name]]
}

output "networks" {
  value = [for n in data.ibm_is_cluster_networks.all.cluster_networks : [n.name, n.profile[0].name]]
}

output "subnets" {
  value = [for s in data.ibm_is_cluster_network_subnets.hpc.subnets : [s.name, s.ipv4_cidr_block]]
}

output "reserved_ips" {
  value = sort([for ip in data.ibm_is_cluster_network_subnet_reserved_ips.hpc.reserved_ips : ip.address])
}

output "free_interface" {
  value = [data.ibm_is_cluster_network_interface.free.name,
           data.ibm_is_cluster_network_interface.free.primary_ip[0].address]
}

output "late_attachments" {
  value = [for a in data.ibm_is_instance_cluster_network_attachments.spare.cluster_network_attachments : a.name]
}

output "network_attachments" {
  value = sort([for a in data.ibm_is_instance_network_attachments.gpu.network_attachments : "${a.name}:${a.type}"])
}

output "in_cluster" {
  value = sort([for i in data.ibm_is_instances.in_cluster.instances : i.name])
}
'''

TYPES = sorted(r.api.type_name for r in api_types_cluster.RESOURCES)


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "cluster-network", CONFIG)


@pytest.fixture(scope="module")
def sdk(mock_server):  # noqa: F811
    return sdk_client(mock_server.url, region_path="/us-east/v1")


def test_every_type_applies_through_the_api_and_plans_clean(tf):
    made = managed(tf)
    assert sorted({address.split(".")[0] for address in made} & set(TYPES)) == TYPES
    assert stored_types(tf) & set(TYPES) == set()
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_cluster_network_terraform_made_the_sdk_gets(tf, sdk):
    made = managed(tf)
    network = sdk.get_cluster_network(made["ibm_is_cluster_network.hpc"]["id"]).get_result()
    ClusterNetwork.from_dict(network)
    subnet = sdk.get_cluster_network_subnet(network["id"], made["ibm_is_cluster_network_subnet.hpc"][
        "cluster_network_subnet_id"]).get_result()
    ClusterNetworkSubnet.from_dict(subnet)
    assert (network["name"], network["profile"]["name"], network["vpc"]["id"], subnet["name"],
            subnet["ipv4_cidr_block"], made["ibm_is_cluster_network_subnet.hpc"]["ipv4_cidr_block"]) == (
        "cn-hpc", "hopper-1", made["ibm_is_vpc.vpc"]["id"], "cn-hpc-0", "10.0.0.0/26", "10.0.0.0/26")


def test_the_reserved_ip_and_interface_terraform_made_the_sdk_gets(tf, sdk):
    made = managed(tf)
    ip = made["ibm_is_cluster_network_subnet_reserved_ip.spare"]
    got = sdk.get_cluster_network_subnet_reserved_ip(ip["cluster_network_id"], ip["cluster_network_subnet_id"],
                                                     ip["cluster_network_subnet_reserved_ip_id"]).get_result()
    ClusterNetworkSubnetReservedIP.from_dict(got)
    free = made["ibm_is_cluster_network_interface.free"]
    interface = sdk.get_cluster_network_interface(free["cluster_network_id"], free["cluster_network_interface_id"]
                                                  ).get_result()
    ClusterNetworkInterface.from_dict(interface)
    assert ((got["name"], got["address"], got["owner"]), (interface["name"], interface["primary_ip"]["address"]),
            free["primary_ip"][0]["id"]) == (("cn-spare", "10.0.0.20", "user"), ("cn-free", "10.0.0.30"),
                                             interface["primary_ip"]["id"])


def test_the_free_addresses_count_what_terraform_took(tf, sdk):
    subnet = managed(tf)["ibm_is_cluster_network_subnet.hpc"]
    got = sdk.get_cluster_network_subnet(subnet["cluster_network_id"], subnet["cluster_network_subnet_id"]
                                         ).get_result()
    # 64 less the 5 reserved, the reserved IP, the free interface's and two attachments' addresses
    assert got["available_ipv4_address_count"] == 55


def test_the_instance_on_network_attachments_the_sdk_gets(tf, sdk):
    made = managed(tf)
    gpu = made["ibm_is_instance.gpu"]
    got = sdk.get_instance(gpu["id"]).get_result()
    Instance.from_dict(got)
    primary = got["primary_network_attachment"]
    vni = sdk.get_virtual_network_interface(primary["virtual_network_interface"]["id"]).get_result()
    VirtualNetworkInterface.from_dict(vni)
    assert ([a["name"] for a in got["network_attachments"]], vni["name"], vni["target"]["id"],
            gpu["primary_network_attachment"][0]["id"],
            gpu["primary_network_attachment"][0]["virtual_network_interface"][0]["id"]) == (
        ["eth0", "eth1"], "cn-gpu-vni", primary["id"], primary["id"], vni["id"])


def test_the_second_network_attachment_terraform_made_the_sdk_gets(tf, sdk):
    second = managed(tf)["ibm_is_instance_network_attachment.second"]
    got = sdk.get_instance_network_attachment(second["instance"], second["network_attachment"]).get_result()
    InstanceNetworkAttachment.from_dict(got)
    assert (got["name"], got["type"], got["virtual_network_interface"]["name"],
            second["virtual_network_interface"][0]["primary_ip"][0]["address"]) == (
        "eth1", "secondary", "cn-eth1-vni", got["primary_ip"]["address"])


def test_the_cluster_network_attachments_terraform_made_the_sdk_lists(tf, sdk):
    made = managed(tf)
    gpu, spare = made["ibm_is_instance.gpu"], made["ibm_is_instance.spare"]
    inline = sdk.list_instance_cluster_network_attachments(gpu["id"]).get_result()
    InstanceClusterNetworkAttachmentCollection.from_dict(inline)
    late = sdk.list_instance_cluster_network_attachments(spare["id"]).get_result()["cluster_network_attachments"]
    assert ([(a["name"], a["cluster_network_interface"]["name"]) for a in inline["cluster_network_attachments"]],
            [(a["name"], a["id"]) for a in late], gpu["cluster_network"][0]["id"],
            gpu["cluster_network_attachments"][0]["cluster_network_interface"][0]["primary_ip"][0]["address"]) == (
        [("gpu-0", "gpu-0-if")],
        [("gpu-late",
          made["ibm_is_instance_cluster_network_attachment.later"]["instance_cluster_network_attachment_id"])],
        made["ibm_is_cluster_network.hpc"]["id"],
        inline["cluster_network_attachments"][0]["cluster_network_interface"]["primary_ip"]["address"])


def test_the_data_sources_read_what_terraform_made_through_the_api(tf):
    values = tf.outputs()
    assert [values["profile"], values["networks"], values["subnets"], values["free_interface"],
            values["late_attachments"], values["network_attachments"], values["in_cluster"]] == [
        ["vela", ["gx3d-160x1792x8h100", "gx3d-160x1792x8h200"]], [["cn-hpc", "hopper-1"]],
        [["cn-hpc-0", "10.0.0.0/26"]], ["cn-free", "10.0.0.30"], ["gpu-late"],
        ["eth0:primary", "eth1:secondary"], ["cn-gpu", "cn-spare-gpu"]]
    assert values["instance_attachments"] == ["eth0", ["cn-eth1-vni", "cn-gpu-vni"], ["gpu-0"]]
    # The attachments' two interfaces take the first free addresses (in the order Terraform made them).
    assert values["reserved_ips"] == ["10.0.0.20", "10.0.0.30", "10.0.0.4", "10.0.0.5"]


def test_a_subnet_and_an_attachment_the_sdk_makes_import_to_an_empty_plan(tf, sdk):
    made = managed(tf)
    network, spare = made["ibm_is_cluster_network.hpc"]["id"], made["ibm_is_instance.spare"]["id"]
    subnet = sdk.create_cluster_network_subnet(network, {"name": "cn-sdk", "ipv4_cidr_block": "10.0.8.0/24"}
                                               ).get_result()
    attachment = sdk.create_cluster_network_attachment(spare, {"subnet": {"id": subnet["id"]}}, name="gpu-sdk"
                                                       ).get_result()
    (tf.workdir / "sdk.tf").write_text(f'''
resource "ibm_is_cluster_network_subnet" "sdk" {{
  cluster_network_id = "{network}"
  name               = "cn-sdk"
  ipv4_cidr_block    = "10.0.8.0/24"
}}

resource "ibm_is_instance_cluster_network_attachment" "sdk" {{
  instance_id = "{spare}"
  name        = "gpu-sdk"
  cluster_network_interface {{
    name = "{attachment['cluster_network_interface']['name']}"
    subnet {{
      id = "{subnet['id']}"
    }}
  }}
}}
''')
    try:
        tf.run("import", "ibm_is_cluster_network_subnet.sdk", f"{network}/{subnet['id']}")
        tf.run("import", "ibm_is_instance_cluster_network_attachment.sdk", f"{spare}/{attachment['id']}")
        assert tf.run("plan", "-detailed-exitcode").returncode == 0
    finally:
        tf.run("state", "rm", "ibm_is_cluster_network_subnet.sdk", "ibm_is_instance_cluster_network_attachment.sdk",
               check=False)
        (tf.workdir / "sdk.tf").unlink()
        sdk.delete_instance_cluster_network_attachment(spare, attachment["id"])
        sdk.delete_cluster_network_subnet(network, subnet["id"])


def test_every_resource_reimports_by_its_ibm_id_to_an_empty_plan_and_destroys(tf, sdk):
    made = managed(tf)
    tf.reimport({address: values["id"] for address, values in made.items()
                 if not address.startswith("ibm_is_instance_action.")})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
    assert (sdk.list_cluster_networks().get_result()["cluster_networks"],
            sdk.list_instances().get_result()["instances"],
            sdk.list_virtual_network_interfaces().get_result()["virtual_network_interfaces"]) == ([], [], [])
    assert requests.get(f"{tf.mock.url}/mock/state").json()["counts"].get("stored_resources", 0) == 0
