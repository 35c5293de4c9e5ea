"""Every IBM resource type kept as a stored resource, applied with the real Terraform from a
configuration generated from its declaration (`vpcmock_provider.samples`): the required
attributes, with references to the other generated resources. All of them apply, plan clean,
import by their IBM import ids with nothing to change, and destroy, leaving the mock empty but for
the reclamation of the resource instance deleted (kept 7 days, as on IBM Cloud)."""

from __future__ import annotations

from test_terraform import Terraform, blank, mock_server, stored, terraform  # noqa: F401  (fixtures)
from test_terraform import blank_mock, write_config
from vpcmock_provider import registry, samples

STORED_TYPES = sorted(name for name in registry.RESOURCE_TYPES
                      if name not in registry.DEEP_RESOURCES and name not in registry.API_RESOURCES)

# What the stored types name that is emulated in depth, written as a user writes it.
DEEP_BASE = '''
provider "ibm" {}

data "ibm_is_image" "x" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_resource_group" "x" {
  name = "every-type"
}

resource "ibm_is_vpc" "x" {
  name           = "every-type"
  resource_group = ibm_resource_group.x.id
}

resource "ibm_is_subnet" "x" {
  name                     = "every-type"
  vpc                      = ibm_is_vpc.x.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}

resource "ibm_is_ssh_key" "x" {
  name       = "every-type"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s every-type"
  type       = "ed25519"
}

resource "ibm_is_volume" "x" {
  name    = "every-type"
  profile = "general-purpose"
  zone    = "us-south-1"
}

resource "ibm_is_instance" "x" {
  name    = "every-type"
  image   = data.ibm_is_image.x.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.x.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.x.id]
  primary_network_interface {
    subnet = ibm_is_subnet.x.id
  }
}

resource "ibm_is_floating_ip" "x" {
  name = "every-type"
  zone = "us-south-1"
}

resource "ibm_is_public_gateway" "x" {
  name = "every-type"
  vpc  = ibm_is_vpc.x.id
  zone = "us-south-1"
}

resource "ibm_is_subnet_public_gateway_attachment" "x" {
  subnet         = ibm_is_subnet.x.id
  public_gateway = ibm_is_public_gateway.x.id
}

resource "ibm_is_security_group" "x" {
  name = "every-type"
  vpc  = ibm_is_vpc.x.id
}

resource "ibm_is_security_group_rule" "x" {
  group     = ibm_is_security_group.x.id
  direction = "inbound"
  remote    = "0.0.0.0/0"
  udp {
    port_min = 53
    port_max = 53
  }
}

resource "ibm_is_subnet_reserved_ip" "x" {
  subnet = ibm_is_subnet.x.id
  name   = "every-type"
}

resource "ibm_is_instance_template" "x" {
  name    = "every-type"
  image   = data.ibm_is_image.x.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.x.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.x.id]
  primary_network_interface {
    subnet = ibm_is_subnet.x.id
  }
}

resource "ibm_is_instance_group" "x" {
  name              = "every-type"
  instance_template = ibm_is_instance_template.x.id
  instance_count    = 1
  subnets           = [ibm_is_subnet.x.id]
}

resource "ibm_is_instance_group_manager" "x" {
  instance_group       = ibm_is_instance_group.x.id
  max_membership_count = 2
}

resource "ibm_is_network_acl" "x" {
  name = "every-type"
  vpc  = ibm_is_vpc.x.id
}

resource "ibm_is_network_acl_rule" "x" {
  network_acl = ibm_is_network_acl.x.id
  action      = "deny"
  source      = "0.0.0.0/0"
  destination = "0.0.0.0/0"
  direction   = "inbound"
}

resource "ibm_is_subnet_network_acl_attachment" "x" {
  subnet      = ibm_is_subnet.x.id
  network_acl = ibm_is_network_acl.x.id
}

resource "ibm_is_placement_group" "x" {
  name     = "every-type"
  strategy = "power_spread"
}

resource "ibm_is_vpc_routing_table" "x" {
  vpc  = ibm_is_vpc.x.id
  name = "every-type"
}

resource "ibm_is_vpc_routing_table_route" "x" {
  vpc           = ibm_is_vpc.x.id
  routing_table = ibm_is_vpc_routing_table.x.routing_table
  zone          = "us-south-1"
  destination   = "192.168.0.0/24"
  next_hop      = "10.240.0.10"
}

resource "ibm_is_security_group_target" "x" {
  security_group = ibm_is_security_group.x.id
  target         = ibm_is_lb.x.id
}

resource "ibm_is_lb" "x" {
  name    = "every-type"
  subnets = [ibm_is_subnet.x.id]
}

resource "ibm_is_lb_pool" "x" {
  name           = "every-type"
  lb             = ibm_is_lb.x.id
  algorithm      = "round_robin"
  protocol       = "http"
  health_delay   = 5
  health_retries = 2
  health_timeout = 2
  health_type    = "http"
}

resource "ibm_is_lb_listener" "x" {
  lb           = ibm_is_lb.x.id
  port         = 80
  protocol     = "http"
  default_pool = ibm_is_lb_pool.x.id
}

resource "ibm_is_lb_pool_member" "x" {
  lb             = ibm_is_lb.x.id
  pool           = ibm_is_lb_pool.x.id
  port           = 8080
  target_address = ibm_is_subnet_reserved_ip.x.address
}

resource "ibm_is_backup_policy" "x" {
  name             = "every-type"
  match_user_tags  = ["every-type"]
  match_resource_type = "volume"
}

resource "ibm_is_vpn_gateway" "x" {
  name   = "every-type"
  subnet = ibm_is_subnet.x.id
  mode   = "policy"
}

resource "ibm_is_image" "x" {
  name             = "every-type"
  href             = "cos://us-south/every-type/image.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}

# Served through their platform APIs (resources/platform/api_types.py), named by stored types.
resource "ibm_resource_instance" "x" {
  name     = "every-type"
  service  = "dns-svcs"
  plan     = "standard-dns"
  location = "global"
}

resource "ibm_dns_zone" "x" {
  name        = "every-type.example.com"
  instance_id = ibm_resource_instance.x.guid
}

resource "ibm_iam_access_group" "x" {
  name = "every-type"
}
'''


def reference(type_name: str, attribute: str) -> str:
    return f"{samples.REFERENCED_TYPES[attribute]}.x.id"


def configuration() -> str:
    blocks = [samples.block(registry.resource(name).DECLARATION, "x", reference) for name in STORED_TYPES]
    return DEEP_BASE + "\n" + "\n".join(blocks)


def test_a_generated_block_sets_the_required_attributes_and_names_its_parents():
    rule = samples.block(registry.resource("ibm_is_lb_pool_member").DECLARATION, "m", reference)
    assert rule == ('resource "ibm_is_lb_pool_member" "m" {\n  lb = ibm_is_lb.x.id\n  pool = ibm_is_lb_pool.x.id\n'
                    '  port = 1\n  target_address = "lb-pool-member-target-address"\n}\n')


def managed(tf: Terraform) -> dict[str, dict]:
    return {r["address"]: r["values"] for r in tf.resources() if r["mode"] == "managed"}


def test_every_stored_type_applies_plans_clean_imports_clean_and_destroys(blank):  # noqa: F811
    write_config(blank, configuration())
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    generated = {address: values for address, values in managed(blank).items()
                 if address.split(".")[0] in STORED_TYPES}
    assert len(generated) == len(STORED_TYPES) == 6

    blank.run("state", "rm", *generated)
    imports = "".join(f'\nimport {{\n  to = {address}\n  id = "{values["id"]}"\n}}\n'
                      for address, values in generated.items())
    (blank.workdir / "imports.tf").write_text(imports)
    applied = blank.run("apply", "-auto-approve").stdout
    assert "Apply complete! Resources: 6 imported, 0 added, 0 changed, 0 destroyed." in applied
    assert blank.run("plan", "-detailed-exitcode").returncode == 0

    blank.run("destroy", "-auto-approve")
    # Only the deleted resource instance's reclamation stays, 7 days, as on IBM Cloud
    # (engine/platform/reclamations.py).
    assert stored(blank_mock(blank)) == {"reclamations": 1}
