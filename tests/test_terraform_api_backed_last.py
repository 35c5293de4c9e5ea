"""The last IBM types moved from /stored_resources to the VPC API (api_types_last.py), applied
with the real Terraform: an instance's second network interface with a floating IP bound; an
instance group's autoscale policy, scheduled action and adopted membership; a VPC's DNS
resolution binding to a hub; a VPN gateway's advertised CIDR; a client-to-site VPN server and
its route; a public address range; two reservations, one activated; a published private path
service gateway with an account policy; a volume's migration job and another one cancelled; an
image exported and deprecated, another made obsolete. Terraform creates; the SDK gets what it
made with the values Terraform shows; the data sources read it through the API; every resource
re-imports by its IBM id to an empty plan; destroy leaves nothing in the API or in
/stored_resources."""

from __future__ import annotations

import ipaddress

import pytest
import requests
from ibm_cloud_sdk_core import ApiException

from conftest import sdk_client
from terraform_support import applied, managed, stored_types, write_config
from test_terraform import mock_server  # noqa: F401  (fixtures)
from vpcmock_provider.resources.network import api_types_last

# Secrets Manager certificates (the VPN server's and its clients' CA), named by CRN.
_SECRETS = "crn:v1:bluemix:public:secrets-manager:us-south:a/a1b2c3d4e5f60718293a4b5c6d7e8f90:" \
           "aaaaaaaa-0000-4000-8000-000000000001:secret:"
CERTIFICATE = _SECRETS + "bbbbbbbb-0000-4000-8000-000000000002"
CLIENT_CA = _SECRETS + "bbbbbbbb-0000-4000-8000-000000000003"

CONFIG = '''
provider "ibm" {}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "vpc" {
  name = "last-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name                     = "last-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}

resource "ibm_is_ssh_key" "key" {
  name       = "last-key"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s last"
  type       = "ed25519"
}

resource "ibm_is_instance" "vsi" {
  name    = "last-vsi"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_instance_network_interface" "second" {
  instance          = ibm_is_instance.vsi.id
  subnet            = ibm_is_subnet.subnet.id
  name              = "last-eth1"
  allow_ip_spoofing = true
}

resource "ibm_is_floating_ip" "nic" {
  name = "last-nic-fip"
  zone = "us-south-1"
}

resource "ibm_is_instance_network_interface_floating_ip" "nic" {
  instance          = ibm_is_instance.vsi.id
  network_interface = ibm_is_instance_network_interface.second.network_interface
  floating_ip       = ibm_is_floating_ip.nic.id
}

resource "ibm_is_instance_template" "tpl" {
  name    = "last-template"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.key.id]
  primary_network_interface {
    subnet = ibm_is_subnet.subnet.id
  }
}

resource "ibm_is_instance_group" "group" {
  name              = "last-group"
  instance_template = ibm_is_instance_template.tpl.id
  instance_count    = 2
  subnets           = [ibm_is_subnet.subnet.id]
}

resource "ibm_is_instance_group_manager" "autoscale" {
  name                 = "last-autoscale"
  instance_group       = ibm_is_instance_group.group.id
  manager_type         = "autoscale"
  enable_manager       = true
  max_membership_count = 4
  min_membership_count = 1
}

resource "ibm_is_instance_group_manager_policy" "cpu" {
  name                   = "last-cpu"
  instance_group         = ibm_is_instance_group.group.id
  instance_group_manager = ibm_is_instance_group_manager.autoscale.manager_id
  metric_type            = "cpu"
  metric_value           = 70
  policy_type            = "target"
}

resource "ibm_is_instance_group_manager" "scheduled" {
  name           = "last-scheduled"
  instance_group = ibm_is_instance_group.group.id
  manager_type   = "scheduled"
  enable_manager = true
}

resource "ibm_is_instance_group_manager_action" "nightly" {
  name                   = "last-nightly"
  instance_group         = ibm_is_instance_group.group.id
  instance_group_manager = ibm_is_instance_group_manager.scheduled.manager_id
  cron_spec              = "30 2 * * 1-5"
  membership_count       = 1
}

data "ibm_is_instance_group_memberships" "group" {
  instance_group = ibm_is_instance_group.group.id
}

resource "ibm_is_instance_group_membership" "first" {
  instance_group            = ibm_is_instance_group.group.id
  instance_group_membership = data.ibm_is_instance_group_memberships.group.memberships[0].instance_group_membership
  name                      = "last-member"
}

resource "ibm_is_vpc" "hub" {
  name = "last-hub"
  dns {
    enable_hub = true
  }
}

resource "ibm_is_vpc_dns_resolution_binding" "hub" {
  name   = "last-binding"
  vpc_id = ibm_is_vpc.vpc.id
  vpc {
    id = ibm_is_vpc.hub.id
  }
}

resource "ibm_is_vpn_gateway" "vpn" {
  name   = "last-vpn"
  subnet = ibm_is_subnet.subnet.id
  mode   = "route"
}

resource "ibm_is_vpn_gateway_advertised_cidr" "onprem" {
  vpn_gateway = ibm_is_vpn_gateway.vpn.id
  cidr        = "10.45.0.0/24"
}

resource "ibm_is_public_address_range" "range" {
  name               = "last-range"
  ipv4_address_count = 16
  target {
    vpc {
      id = ibm_is_vpc.vpc.id
    }
    zone {
      name = "us-south-1"
    }
  }
}

resource "ibm_is_reservation" "capacity" {
  name = "last-reservation"
  zone = "us-south-1"
  capacity {
    total = 2
  }
  committed_use {
    term = "one_year"
  }
  profile {
    name          = "bx2-2x8"
    resource_type = "instance_profile"
  }
}

resource "ibm_is_reservation" "later" {
  name = "last-reservation-later"
  zone = "us-south-2"
  capacity {
    total = 4
  }
  committed_use {
    term = "three_year"
  }
  profile {
    name          = "bx2-4x16"
    resource_type = "instance_profile"
  }
}

resource "ibm_is_reservation_activate" "capacity" {
  reservation = ibm_is_reservation.capacity.id
}

resource "ibm_is_volume" "data" {
  name    = "last-data"
  profile = "general-purpose"
  zone    = "us-south-1"
}

resource "ibm_is_volume_job" "migrate" {
  volume_id = ibm_is_volume.data.id
  name      = "last-migrate"
  job_type  = "migrate"
  parameters {
    profile {
      name = "sdp"
    }
  }
}

resource "ibm_is_volume" "spare" {
  name    = "last-spare"
  profile = "general-purpose"
  zone    = "us-south-1"
}

resource "ibm_is_volume_job" "abandoned" {
  volume_id = ibm_is_volume.spare.id
  name      = "last-abandoned"
  job_type  = "migrate"
  parameters {
    profile {
      name = "sdp"
    }
  }
}

resource "ibm_is_volume_job_cancel" "abandoned" {
  volume_id     = ibm_is_volume.spare.id
  volume_job_id = ibm_is_volume_job.abandoned.volume_job_id
}

resource "ibm_is_lb" "private_path" {
  name    = "last-private-path-lb"
  subnets = [ibm_is_subnet.subnet.id]
  profile = "network-private-path"
  type    = "private_path"
}

resource "ibm_is_private_path_service_gateway" "service" {
  name                  = "last-service"
  load_balancer         = ibm_is_lb.private_path.id
  service_endpoints     = ["last.example.com"]
  default_access_policy = "review"
}

resource "ibm_is_private_path_service_gateway_account_policy" "partner" {
  private_path_service_gateway = ibm_is_private_path_service_gateway.service.id
  account                      = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
  access_policy                = "permit"
}

resource "ibm_is_private_path_service_gateway_operations" "publish" {
  private_path_service_gateway = ibm_is_private_path_service_gateway.service.id
  published                    = true
}

resource "ibm_is_vpn_server" "remote" {
  name            = "last-vpn-server"
  certificate_crn = "{CERTIFICATE}"
  client_authentication {
    method        = "certificate"
    client_ca_crn = "{CLIENT_CA}"
  }
  client_ip_pool         = "172.16.0.0/16"
  subnets                = [ibm_is_subnet.subnet.id]
  client_dns_server_ips  = ["161.26.0.10", "161.26.0.11"]
  enable_split_tunneling = true
}

resource "ibm_is_vpn_server_route" "vpc" {
  vpn_server  = ibm_is_vpn_server.remote.vpn_server
  destination = "10.240.0.0/24"
  action      = "deliver"
  name        = "last-route"
}

resource "ibm_is_image" "old" {
  name             = "last-old-image"
  href             = "cos://us-south/last/old.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}

resource "ibm_is_image_export_job" "old" {
  image  = ibm_is_image.old.id
  name   = "last-export"
  format = "vhd"
  storage_bucket {
    name = "last-exports"
  }
}

resource "ibm_is_image_deprecate" "old" {
  image = ibm_is_image.old.id
}

resource "ibm_is_image" "older" {
  name             = "last-older-image"
  href             = "cos://us-south/last/older.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}

resource "ibm_is_image_obsolete" "older" {
  image = ibm_is_image.older.id
}

data "ibm_is_instance_network_interfaces" "vsi" {
  instance_name = ibm_is_instance.vsi.name
  depends_on    = [ibm_is_instance_network_interface_floating_ip.nic, ibm_is_instance_network_interface.second]
}

data "ibm_is_instance_network_interface" "second" {
  instance_name          = ibm_is_instance.vsi.name
  network_interface_name = ibm_is_instance_network_interface.second.name
  depends_on             = [ibm_is_instance_network_interface_floating_ip.nic]
}

data "ibm_is_instance_group_manager_policies" "autoscale" {
  instance_group         = ibm_is_instance_group.group.id
  instance_group_manager = ibm_is_instance_group_manager_policy.cpu.instance_group_manager
}

data "ibm_is_instance_group_manager_action" "nightly" {
  instance_group         = ibm_is_instance_group.group.id
  instance_group_manager = ibm_is_instance_group_manager_action.nightly.instance_group_manager
  name                   = ibm_is_instance_group_manager_action.nightly.name
}

data "ibm_is_instance_group_membership" "first" {
  instance_group = ibm_is_instance_group.group.id
  name           = ibm_is_instance_group_membership.first.name
}

data "ibm_is_vpc_dns_resolution_bindings" "vpc" {
  vpc_id     = ibm_is_vpc.vpc.id
  depends_on = [ibm_is_vpc_dns_resolution_binding.hub]
}

data "ibm_is_public_address_range" "range" {
  name       = ibm_is_public_address_range.range.name
  depends_on = [ibm_is_public_address_range.range]
}

data "ibm_is_reservation" "capacity" {
  name       = ibm_is_reservation.capacity.name
  depends_on = [ibm_is_reservation_activate.capacity]
}

data "ibm_is_volume_jobs" "data" {
  volume_id  = ibm_is_volume.data.id
  depends_on = [ibm_is_volume_job.migrate]
}

output "data_reservation" {
  value = [data.ibm_is_reservation.capacity.status, data.ibm_is_reservation.capacity.profile[0].name]
}

output "data_jobs" {
  value = [for j in data.ibm_is_volume_jobs.data.jobs : [j.name, j.job_type]]
}

data "ibm_is_vpn_server_routes" "remote" {
  vpn_server = ibm_is_vpn_server.remote.vpn_server
  depends_on = [ibm_is_vpn_server_route.vpc]
}

data "ibm_is_vpn_server" "remote" {
  identifier = ibm_is_vpn_server.remote.vpn_server
}

data "ibm_is_private_path_service_gateway_account_policies" "service" {
  private_path_service_gateway = ibm_is_private_path_service_gateway.service.private_path_service_gateway
  depends_on                   = [ibm_is_private_path_service_gateway_account_policy.partner]
}

data "ibm_is_private_path_service_gateway" "service" {
  private_path_service_gateway_name = ibm_is_private_path_service_gateway.service.name
  depends_on                        = [ibm_is_private_path_service_gateway_operations.publish]
}

output "data_vpn_server" {
  value = [data.ibm_is_vpn_server.remote.client_ip_pool,
           [for r in data.ibm_is_vpn_server_routes.remote.routes : r.name]]
}

output "data_private_path" {
  value = [data.ibm_is_private_path_service_gateway.service.published,
           [for p in data.ibm_is_private_path_service_gateway_account_policies.service.account_policies :
            p.access_policy]]
}

output "data_interfaces" {
  value = [for nic in data.ibm_is_instance_network_interfaces.vsi.network_interfaces : nic.name]
}

output "data_second" {
  value = [data.ibm_is_instance_network_interface.second.primary_ipv4_address,
           data.ibm_is_instance_network_interface.second.floating_ips[0].address,
           data.ibm_is_instance_network_interface.second.subnet[0].id]
}

output "data_policies" {
  value = [for p in data.ibm_is_instance_group_manager_policies.autoscale.instance_group_manager_policies :
           [p.name, p.metric_type, p.metric_value]]
}

output "data_action" {
  value = [data.ibm_is_instance_group_manager_action.nightly.cron_spec,
           data.ibm_is_instance_group_manager_action.nightly.membership_count]
}

output "data_membership" {
  value = data.ibm_is_instance_group_membership.first.instance_group_membership
}

output "data_bindings" {
  value = [for b in data.ibm_is_vpc_dns_resolution_bindings.vpc.dns_resolution_bindings : [b.name, b.vpc[0].id]]
}

output "data_range" {
  value = [data.ibm_is_public_address_range.range.cidr, data.ibm_is_public_address_range.range.target[0].zone[0].name]
}
'''.replace("{CERTIFICATE}", CERTIFICATE).replace("{CLIENT_CA}", CLIENT_CA)

TYPES = sorted(r.api.type_name for r in api_types_last.RESOURCES)


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "api-backed-last", CONFIG)


@pytest.fixture(scope="module")
def sdk(mock_server):  # noqa: F811
    return sdk_client(mock_server.url)


def test_every_type_of_the_configuration_applies_through_the_api_and_plans_clean(tf):
    made = managed(tf)
    assert sorted({address.split(".")[0] for address in made} & set(TYPES)) == TYPES
    assert stored_types(tf) & set(TYPES) == set()
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_the_data_sources_read_what_terraform_made_through_the_api(tf):
    values, made = tf.outputs(), managed(tf)
    nic = made["ibm_is_instance_network_interface.second"]
    vsi = made["ibm_is_instance.vsi"]
    assert sorted(values["data_interfaces"]) == ["eth0", "last-eth1"]
    assert vsi["primary_network_interface"][0]["name"] == "eth0"
    assert values["data_second"] == [nic["primary_ipv4_address"], made["ibm_is_floating_ip.nic"]["address"],
                                     made["ibm_is_subnet.subnet"]["id"]]
    assert values["data_policies"] == [["last-cpu", "cpu", 70]]
    assert values["data_action"] == ["30 2 * * 1-5", 1]
    assert values["data_membership"] == made["ibm_is_instance_group_membership.first"]["instance_group_membership"]
    assert values["data_bindings"] == [["last-binding", made["ibm_is_vpc.hub"]["id"]]]
    assert values["data_reservation"] == ["active", "bx2-2x8"]
    assert values["data_jobs"] == [["last-migrate", "migrate"]]
    assert values["data_vpn_server"] == ["172.16.0.0/16", ["last-route"]]
    assert values["data_private_path"] == [True, ["permit"]]
    assert values["data_range"] == [made["ibm_is_public_address_range.range"]["cidr"], "us-south-1"]


def test_the_interfaces_terraform_made_the_sdk_gets(tf, sdk):
    made = managed(tf)
    vsi = made["ibm_is_instance.vsi"]["id"]
    nic = made["ibm_is_instance_network_interface.second"]
    got = sdk.get_instance_network_interface(vsi, nic["network_interface"]).get_result()
    assert (got["name"], got["allow_ip_spoofing"], got["primary_ip"]["address"]) == \
        ("last-eth1", True, nic["primary_ip"][0]["address"])
    fip = made["ibm_is_instance_network_interface_floating_ip.nic"]
    bound = sdk.get_instance_network_interface_floating_ip(vsi, nic["network_interface"],
                                                           fip["floating_ip"]).get_result()
    assert (bound["address"], bound["target"]["id"]) == (fip["address"], nic["network_interface"])
    assert fip["address"] == made["ibm_is_floating_ip.nic"]["address"]


def test_the_instance_group_parts_terraform_made_the_sdk_gets(tf, sdk):
    made = managed(tf)
    group = made["ibm_is_instance_group.group"]["id"]
    policy = made["ibm_is_instance_group_manager_policy.cpu"]
    got = sdk.get_instance_group_manager_policy(group, policy["instance_group_manager"],
                                                policy["policy_id"]).get_result()
    assert (got["name"], got["metric_type"], got["metric_value"], got["policy_type"]) == \
        ("last-cpu", "cpu", 70, "target")
    action = made["ibm_is_instance_group_manager_action.nightly"]
    got = sdk.get_instance_group_manager_action(group, action["instance_group_manager"],
                                                action["action_id"]).get_result()
    assert (got["name"], got["cron_spec"], got["group"]["membership_count"], action["status"]) == \
        ("last-nightly", "30 2 * * 1-5", 1, got["status"])
    member = made["ibm_is_instance_group_membership.first"]
    got = sdk.get_instance_group_membership(group, member["instance_group_membership"]).get_result()
    assert (got["name"], got["instance"]["id"]) == \
        ("last-member", member["instance"][0]["virtual_server_instance"])
    assert len(sdk.list_instance_group_memberships(group).get_result()["memberships"]) == 2


def test_the_binding_cidr_range_reservations_and_image_actions_terraform_made_the_sdk_gets(tf, sdk):
    made = managed(tf)
    binding = made["ibm_is_vpc_dns_resolution_binding.hub"]
    got = sdk.get_vpc_dns_resolution_binding(binding["vpc_id"], binding["id"].split("/")[1]).get_result()
    assert (got["name"], got["vpc"]["id"], got["vpc"]["crn"]) == \
        ("last-binding", made["ibm_is_vpc.hub"]["id"], binding["vpc"][0]["crn"])
    gateway = made["ibm_is_vpn_gateway.vpn"]["id"]
    assert sdk.get_vpn_gateway(gateway).get_result()["advertised_cidrs"] == ["10.45.0.0/24"]
    assert made["ibm_is_vpn_gateway_advertised_cidr.onprem"]["id"] == f"{gateway}/10.45.0.0/24"
    public_range = made["ibm_is_public_address_range.range"]
    got = sdk.get_public_address_range(public_range["id"]).get_result()
    assert (got["name"], got["cidr"], got["ipv4_address_count"], got["target"]["vpc"]["id"]) == \
        ("last-range", public_range["cidr"], 16, made["ibm_is_vpc.vpc"]["id"])
    assert ipaddress.ip_network(public_range["cidr"]).num_addresses == 16
    assert ipaddress.ip_network(public_range["cidr"]).is_global
    active = sdk.get_reservation(made["ibm_is_reservation.capacity"]["id"]).get_result()
    assert (active["name"], active["capacity"]["total"], active["committed_use"]["term"], active["profile"]["name"],
            active["status"]) == ("last-reservation", 2, "one_year", "bx2-2x8", "active")
    assert made["ibm_is_reservation_activate.capacity"]["status"] == "active"
    later = sdk.get_reservation(made["ibm_is_reservation.later"]["id"]).get_result()
    assert (later["status"], made["ibm_is_reservation.later"]["status"]) == ("inactive", "inactive")
    job = made["ibm_is_volume_job.migrate"]
    got = sdk.get_volume_job(job["volume_id"], job["volume_job_id"]).get_result()
    assert (got["name"], got["job_type"], got["parameters"]["profile"]["name"], job["status"]) == \
        ("last-migrate", "migrate", "sdp", got["status"])
    cancelled = made["ibm_is_volume_job_cancel.abandoned"]
    got = sdk.get_volume_job(cancelled["volume_id"], cancelled["volume_job_id"]).get_result()
    assert (got["name"], got["status"], cancelled["status"]) == ("last-abandoned", "canceled", "canceled")
    service = made["ibm_is_private_path_service_gateway.service"]
    got = sdk.get_private_path_service_gateway(service["id"]).get_result()
    assert (got["name"], got["load_balancer"]["id"], got["service_endpoints"], got["default_access_policy"],
            got["published"], service["vpc"]) == ("last-service", made["ibm_is_lb.private_path"]["id"],
                                                  ["last.example.com"], "review", True, made["ibm_is_vpc.vpc"]["id"])
    partner = made["ibm_is_private_path_service_gateway_account_policy.partner"]
    got = sdk.get_private_path_service_gateway_account_policy(service["id"], partner["account_policy"]).get_result()
    assert (got["account"]["id"], got["access_policy"]) == ("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "permit")
    server = made["ibm_is_vpn_server.remote"]
    got = sdk.get_vpn_server(server["id"]).get_result()
    assert (got["name"], got["port"], got["protocol"], got["client_idle_timeout"], got["enable_split_tunneling"],
            [a["address"] for a in got["client_dns_server_ips"]], got["private_ips"][0]["address"]) == \
        ("last-vpn-server", 443, "udp", 600, True, ["161.26.0.10", "161.26.0.11"],
         server["private_ips"][0]["address"])
    assert (got["certificate"]["crn"], got["client_authentication"][0]["client_ca"]["crn"]) == (CERTIFICATE, CLIENT_CA)
    route = made["ibm_is_vpn_server_route.vpc"]
    got = sdk.get_vpn_server_route(server["id"], route["vpn_route"]).get_result()
    assert (got["name"], got["destination"], got["action"]) == ("last-route", "10.240.0.0/24", "deliver")
    export = made["ibm_is_image_export_job.old"]
    got = sdk.get_image_export_job(made["ibm_is_image.old"]["id"], export["image_export_job"]).get_result()
    assert (got["name"], got["format"], got["storage_bucket"]["name"], got["storage_href"]) == \
        ("last-export", "vhd", "last-exports", export["storage_href"])
    assert export["storage_href"] == f"cos://us-south/last-exports/{export['storage_object'][0]['name']}.vhd"
    deprecated = sdk.get_image(made["ibm_is_image.old"]["id"]).get_result()
    assert (deprecated["status"], made["ibm_is_image_deprecate.old"]["status"]) == ("deprecated", "deprecated")
    obsolete = sdk.get_image(made["ibm_is_image.older"]["id"]).get_result()
    assert (obsolete["status"], made["ibm_is_image_obsolete.older"]["status"]) == ("obsolete", "obsolete")


CHANGES = {
    'name              = "last-eth1"\n  allow_ip_spoofing = true': 'name              = "last-eth1-renamed"\n'
                                                                 '  allow_ip_spoofing = false',
    'metric_value           = 70': 'metric_value           = 80',
    'cron_spec              = "30 2 * * 1-5"': 'cron_spec              = "0 4 * * *"',
    'name                      = "last-member"': 'name                      = "last-member-renamed"',
    'name               = "last-range"': 'name               = "last-range-renamed"',
    'name        = "last-route"': 'name        = "last-route-renamed"',
    'enable_split_tunneling = true': 'enable_split_tunneling = false\n  port                   = 1194',
    'name = "last-reservation"\n': 'name = "last-reservation-renamed"\n',
    'name      = "last-migrate"': 'name      = "last-migrating"',
}


def test_changes_patch_through_the_api_and_plan_clean(tf, sdk):
    config = CONFIG
    for before, after in CHANGES.items():
        assert before in config
        config = config.replace(before, after)
    write_config(tf, config)
    applied = tf.run("apply", "-auto-approve").stdout
    assert "0 added, 9 changed, 0 destroyed" in applied
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    made = managed(tf)
    vsi, group = made["ibm_is_instance.vsi"]["id"], made["ibm_is_instance_group.group"]["id"]
    nic = sdk.get_instance_network_interface(vsi, made["ibm_is_instance_network_interface.second"][
        "network_interface"]).get_result()
    policy = made["ibm_is_instance_group_manager_policy.cpu"]
    action = made["ibm_is_instance_group_manager_action.nightly"]
    server = sdk.get_vpn_server(made["ibm_is_vpn_server.remote"]["id"]).get_result()
    job = made["ibm_is_volume_job.migrate"]
    assert [(nic["name"], nic["allow_ip_spoofing"]),
            sdk.get_instance_group_manager_policy(group, policy["instance_group_manager"], policy["policy_id"])
            .get_result()["metric_value"],
            sdk.get_instance_group_manager_action(group, action["instance_group_manager"], action["action_id"])
            .get_result()["cron_spec"],
            sdk.get_instance_group_membership(group, made["ibm_is_instance_group_membership.first"][
                "instance_group_membership"]).get_result()["name"],
            sdk.get_public_address_range(made["ibm_is_public_address_range.range"]["id"]).get_result()["name"],
            sdk.get_vpn_server_route(server["id"], made["ibm_is_vpn_server_route.vpc"]["vpn_route"])
            .get_result()["name"],
            (server["port"], server["enable_split_tunneling"]),
            sdk.get_reservation(made["ibm_is_reservation.capacity"]["id"]).get_result()["name"],
            sdk.get_volume_job(job["volume_id"], job["volume_job_id"]).get_result()["name"]] == \
        [("last-eth1-renamed", False), 80, "0 4 * * *", "last-member-renamed", "last-range-renamed",
         "last-route-renamed", (1194, False), "last-reservation-renamed", "last-migrating"]


def answer(error: ApiException) -> tuple[int, str]:
    return error.status_code, error.http_response.json()["errors"][0]["code"]


def test_a_public_address_range_of_a_count_not_a_power_of_two_is_refused(tf, sdk):
    target = {"vpc": {"id": managed(tf)["ibm_is_vpc.vpc"]["id"]}, "zone": {"name": "us-south-1"}}
    with pytest.raises(ApiException) as refused:
        sdk.create_public_address_range(12, name="last-uneven", target=target)
    assert answer(refused.value) == (400, "invalid_ipv4_address_count")
    assert [r["name"] for r in sdk.list_public_address_ranges().get_result()["public_address_ranges"]] == \
        [managed(tf)["ibm_is_public_address_range.range"]["name"]]


def test_an_instance_with_network_interfaces_gets_no_network_attachment(tf, sdk):
    made = managed(tf)
    with pytest.raises(ApiException) as refused:
        sdk.create_instance_network_attachment(made["ibm_is_instance.vsi"]["id"], {
            "subnet": {"id": made["ibm_is_subnet.subnet"]["id"]}}, name="last-refused")
    assert answer(refused.value) == (409, "instance_network_interfaces_in_use")
    got = sdk.get_instance(made["ibm_is_instance.vsi"]["id"]).get_result()
    assert (got["network_attachments"], len(got["network_interfaces"])) == ([], 2)


def test_every_resource_reimports_by_its_ibm_id_to_an_empty_plan_and_destroys(tf, sdk):
    made = managed(tf)
    tf.reimport({address: values["id"] for address, values in made.items()})
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    vsi = made["ibm_is_instance.vsi"]["id"]
    tf.run("destroy", "-auto-approve")
    assert sdk.list_instances().get_result()["instances"] == []
    assert sdk.list_instance_groups().get_result()["instance_groups"] == []
    assert sdk.list_vpn_gateways().get_result()["vpn_gateways"] == []
    assert sdk.list_floating_ips().get_result()["floating_ips"] == []
    assert [i for i in sdk.list_images(visibility="private").get_result()["images"]] == []
    assert sdk.list_vpcs().get_result()["vpcs"] == []
    assert vsi and requests.get(f"{tf.mock.url}/mock/state").json()["counts"].get("stored_resources", 0) == 0
