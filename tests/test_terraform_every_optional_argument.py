"""Every resource type emulated in depth, applied with the real Terraform with every argument it
takes set: one configuration, generated from the declarations (`samples.every_argument`: each
required and optional argument and block, nested ones too, but for those that conflict with one
set before them). Where the types' alternatives conflict (a volume by capacity or from a
snapshot, an instance from an image or a snapshot, with network interfaces or attachments, a
share by size, from a snapshot or with a replica), a second block of the type sets the other
side. The values below are those the arguments need to mean something (real ids, zones, CIDR
blocks); every other argument gets a generated value. Nothing may fail with a server error:
apply, plan and destroy succeed and leave the mock empty. (The plan may still show changes:
some arguments of the real API the mock does not model yet do not read back as configured.)"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import requests

from conftest import Http
from test_terraform import blank, mock_server, stored, terraform, write_config  # noqa: F401  (fixtures)
from vpcmock_provider import registry, samples

E, OMIT = samples.Expression, samples.OMIT
ACCOUNT = "d" * 32
ENTERPRISE = f"crn:v1:bluemix:public:enterprise::a/{ACCOUNT}::enterprise:ent-tf"
KMS = f"crn:v1:bluemix:public:kms:us-south:a/{ACCOUNT}:kp-1:key:key-1"
EAST_KMS = KMS.replace("us-south", "us-east")
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s every"
TAGS = ["env:test", "every"]

# What a top-level reference argument names when a block's values do not say.
REFERENCES = {
    "resource_group": "ibm_resource_group.every.id", "vpc": "ibm_is_vpc.every.id",
    "network_acl": "ibm_is_vpc.every.default_network_acl", "routing_table": "ibm_is_vpc.every.default_routing_table",
    "public_gateway": "ibm_is_public_gateway.every.id", "instance": "ibm_is_instance.every.id",
    "instance_template": "ibm_is_instance_template.every.id", "volume": "ibm_is_volume.attached.id",
    "source_volume": "ibm_is_volume.source.id", "backup_policy_id": "ibm_is_backup_policy.volumes.id",
}

# allowed_use is for bootable volumes and snapshots only (the SDK: "Can only be specified for
# bootable snapshots", "if `source_snapshot` is bootable"): set where the volume is made from the
# image, left out (OMIT) on the data volumes and the snapshots of one.
ALLOWED_USE = [{"api_version": "2024-08-01", "bare_metal_server": "enable_secure_boot == true",
                "instance": "gpu.count > 0"}]


_VNI_HOSTS = iter(range(30, 60))  # each interface's primary IP at its own address of the subnet


def vni(name: str) -> list[dict]:
    """A virtual network interface made in the subnet (not an existing one, nor a reserved IP)."""
    return [{"id": OMIT, "name": name, "subnet": E("ibm_is_subnet.every.id"), "auto_delete": True,
             "allow_ip_spoofing": False, "enable_infrastructure_nat": True, "protocol_state_filtering_mode": "auto",
             "resource_group": E("ibm_resource_group.every.id"),
             "security_groups": [E("ibm_is_vpc.every.default_security_group")], "ips": OMIT,
             "primary_ip": [{"reserved_ip": OMIT, "name": f"{name}-ip", "auto_delete": True,
                             "address": E(f"cidrhost(ibm_is_subnet.every.ipv4_cidr_block, {next(_VNI_HOSTS)})")}]}]


def interface(name: str, host: int) -> list[dict]:
    """An interface in the subnet, its primary IP at the subnet's address `host` (which the API takes)."""
    return [{"name": name, "subnet": E("ibm_is_subnet.every.id"), "allow_ip_spoofing": False,
             "security_groups": [E("ibm_is_vpc.every.default_security_group")],
             "primary_ip": [{"reserved_ip": OMIT, "name": f"{name}-ip", "auto_delete": True,
                             "address": E(f"cidrhost(ibm_is_subnet.every.ipv4_cidr_block, {host})")}]}]


def mount_target(name: str) -> list[dict]:
    return [{"name": name, "access_protocol": "nfs4", "transit_encryption": "none", "vpc": OMIT,
             "virtual_network_interface": vni(f"{name}-vni")}]


INSTANCE = {
    "name": "every", "image": E("data.ibm_is_image.ubuntu.id"), "profile": "bx2-2x8", "zone": "us-south-1",
    "keys": [E("ibm_is_ssh_key.every.id")], "primary_network_interface": interface("eth0", 20),
    # The IBM create refuses a primary_ipv4_address other than primary_ip.0.address: left to primary_ip.
    "network_interfaces": [{**interface("eth1", 21)[0], "primary_ipv4_address": OMIT}], "action": "start",
    # The three placement arguments conflict: the placement group (made in BASE) is the one set, as
    # it takes any profile (a dedicated host only its class's, at vcpu.percentage 100). The default
    # trusted profile is BASE's too: the API refuses one that does not exist.
    "dedicated_host": OMIT, "dedicated_host_group": OMIT, "placement_group": E("ibm_is_placement_group.every.id"),
    "availability": [{"class": "standard"}], "availability_policy": [{"host_failure": "restart", "preemption": "stop"}],
    "availability_policy_host_failure": "restart", "confidential_compute_mode": "disabled",
    "enable_secure_boot": False, "default_trusted_profile_target": E("ibm_iam_trusted_profile.every.id"),
    "metadata_service": [{"enabled": True, "protocol": "https", "response_hop_limit": 2}],
    "reservation_affinity": [{"policy": "disabled", "pool": OMIT}], "vcpu": [{"percentage": 100}],
    "volume_bandwidth_qos_mode": "weighted", "threads_per_core": 2, "total_volume_bandwidth": 500,
    "user_data": "#cloud-config\n", "force_recovery_time": 20,
    "catalog_offering": [{"plan_crn": "crn:v1:bluemix:public:globalcatalog-collection:global::plan:every",
                          "offering_crn": OMIT, "version_crn": OMIT}],  # the image's alternatives
    # A cluster network is offered in us-east and eu-de to GPU profiles (IBM's docs): the attachments
    # are applied by tests/test_terraform_cluster_network.py.
    "cluster_network_attachments": OMIT,
    "volume_prototypes": [{"name": "data", "delete_volume_on_instance_delete": True, "volume_name": "every-data",
                           "volume_iops": 3000, "volume_profile": "sdp", "volume_capacity": 20,
                           "volume_source_snapshot": OMIT, "volume_encryption_key": KMS, "volume_tags": TAGS,
                           "volume_bandwidth": 1000, "allowed_use": OMIT}],
    # sdp: only a storage generation 2 profile takes a bandwidth (the IBM provider's ibm_is_volume).
    "boot_volume": [{"name": "every-boot", "profile": "sdp", "size": 100, "iops": 3000,
                     "encryption": KMS, "bandwidth": 1000, "tags": TAGS, "auto_delete_volume": True,
                     "allowed_use": ALLOWED_USE}],
}

# (type, label, values): the blocks of the configuration.
BLOCKS = [
    ("ibm_resource_group", "every", {"name": "every", "tags": TAGS}),
    ("ibm_is_vpc", "every", {
        "name": "every", "address_prefix_management": "manual", "classic_access": False,
        "default_network_acl_name": "every-acl", "default_security_group_name": "every-sg",
        "default_routing_table_name": "every-rt",
        "dns": [{"enable_hub": False, "resolver": [{
            "type": "manual", "dns_binding_name": "every-binding", "vpc_id": OMIT,
            # With zones, one server for each zone of the region (the API reference's rule).
            "manual_servers": [{"address": f"10.240.{zone}.4", "zone_affinity": f"us-south-{zone}"}
                               for zone in (1, 2, 3)]}]}]}),
    ("ibm_is_vpc_address_prefix", "every", {"name": "every", "zone": "us-south-1", "cidr": "10.240.0.0/18",
                                            "is_default": True}),
    ("ibm_is_subnet", "every", {
        "name": "every", "zone": "us-south-1", "ip_version": "ipv4",
        "ipv4_cidr_block": E("cidrsubnet(ibm_is_vpc_address_prefix.every.cidr, 6, 4)")}),
    ("ibm_is_subnet", "counted", {
        "name": "counted", "zone": E("ibm_is_vpc_address_prefix.every.zone"), "ip_version": "ipv4",
        "ipv4_cidr_block": OMIT, "total_ipv4_address_count": 64, "public_gateway": OMIT}),
    ("ibm_is_ssh_key", "every", {"name": "every", "public_key": SSH_KEY, "type": "ed25519"}),
    ("ibm_is_volume", "source", {
        "name": "source", "profile": "sdp", "zone": "us-south-1", "capacity": 20, "iops": 3000, "bandwidth": 1000,
        "encryption_key": KMS, "allowed_use": OMIT, "tags": TAGS, "source_snapshot": OMIT,
        "source_snapshot_crn": OMIT}),
    ("ibm_is_volume", "attached", {
        "name": "attached", "profile": "sdp", "zone": "us-south-1", "capacity": 20, "iops": 3000, "bandwidth": 1000,
        "encryption_key": KMS, "allowed_use": OMIT, "tags": TAGS, "source_snapshot": OMIT,
        "source_snapshot_crn": OMIT}),
    ("ibm_is_volume", "restored", {
        "name": "restored", "profile": "sdp", "zone": "us-south-1", "capacity": 20, "iops": 3000,
        "bandwidth": 1000, "encryption_key": KMS, "allowed_use": OMIT, "tags": TAGS,
        "source_snapshot": E("ibm_is_snapshot.every.id")}),
    ("ibm_is_snapshot", "every", {
        "name": "every", "source_snapshot_crn": OMIT, "encryption_key": OMIT, "clones": ["us-south-1"],
        "allowed_use": OMIT, "tags": TAGS}),
    ("ibm_is_snapshot", "copy", {
        "name": "copy", "source_volume": OMIT, "source_snapshot_crn": E("ibm_is_snapshot.every.crn"),
        "encryption_key": EAST_KMS, "clones": ["us-east-1"], "allowed_use": OMIT, "tags": TAGS,
        "provider": E("ibm.east")}),
    ("ibm_is_snapshot_consistency_group", "every", {
        "name": "every", "snapshots": [{"name": "member", "source_volume": E("ibm_is_volume.source.id"),
                                        "tags": TAGS}]}),
    ("ibm_is_instance", "every", INSTANCE),
    ("ibm_is_instance", "from-snapshot", {
        **INSTANCE, "name": "from-snapshot", "image": OMIT, "instance_template": OMIT, "catalog_offering": OMIT,
        "primary_network_interface": OMIT, "network_interfaces": OMIT, "volume_prototypes": OMIT,
        "volumes": [E("ibm_is_volume.restored.id")],
        "boot_volume": [{**INSTANCE["boot_volume"][0], "name": "from-snapshot-boot", "profile": "sdp",
                         "snapshot": E("ibm_is_snapshot.every.id"), "volume_id": OMIT, "snapshot_crn": OMIT,
                         "allowed_use": OMIT}],
        "primary_network_attachment": [{"name": "att0", "virtual_network_interface": vni("att0-vni")}],
        "network_attachments": [{"name": "att1", "virtual_network_interface": vni("att1-vni")}]}),
    ("ibm_is_instance_action", "every", {"instance": E("ibm_is_instance.every.id"), "action": "reboot",
                                         "force_action": True}),
    ("ibm_is_instance_volume_attachment", "existing", {
        "name": "existing", "volume": E("ibm_is_volume.attached.id"), "delete_volume_on_instance_delete": False,
        "delete_volume_on_attachment_delete": False, "bandwidth": 1000, "encryption_key": KMS,
        "allowed_use": OMIT}),
    ("ibm_is_instance_volume_attachment", "new", {
        "name": "new", "volume": OMIT, "volume_name": "attached-new", "profile": "sdp", "capacity": 20,
        "iops": 3000, "snapshot": E("ibm_is_snapshot.every.id"), "tags": TAGS, "encryption_key": KMS,
        "bandwidth": 1000, "allowed_use": OMIT}),
    ("ibm_is_share", "origin", {
        "name": "origin", "profile": "dp2", "zone": "us-south-1", "size": 20, "iops": 3000, "bandwidth": 200,
        "encryption_key": KMS, "access_control_mode": "security_group", "allowed_access_protocols": ["nfs4"],
        "allowed_transit_encryption_modes": ["none", "user_managed"], "initial_owner": [{"gid": 50, "uid": 50}],
        # A share has one mount target per VPC: the standalone ones below mount this share and the next.
        "mount_targets": OMIT, "source_snapshot": OMIT, "tags": TAGS}),
    ("ibm_is_share", "restored", {
        "name": "restored", "profile": "dp2", "size": 20, "iops": 3000, "bandwidth": 200, "encryption_key": KMS,
        "access_control_mode": "vpc", "allowed_access_protocols": ["nfs4"],
        "allowed_transit_encryption_modes": ["none"], "initial_owner": [{"gid": 50, "uid": 50}],
        "mount_targets": OMIT,
        "source_snapshot": [{"crn": E("ibm_is_share_snapshot.every.crn"), "id": OMIT}], "tags": TAGS}),
    ("ibm_is_share", "replicated", {
        "name": "replicated", "profile": "dp2", "zone": "us-south-1", "size": 20, "iops": 3000,
        "encryption_key": KMS, "access_control_mode": "security_group", "allowed_access_protocols": OMIT,
        "bandwidth": OMIT, "allowed_transit_encryption_modes": ["none"], "initial_owner": [{"gid": 50, "uid": 50}],
        "mount_targets": mount_target("replicated-mt"), "source_snapshot": OMIT, "tags": TAGS,
        "replica_share": [{"name": "replica", "profile": "dp2", "replication_cron_spec": "0 */5 * * *",
                           "zone": "us-south-2", "iops": 3000, "tags": TAGS, "access_tags": ["project:every"],
                           "mount_targets": mount_target("replica-mt")}]}),
    ("ibm_is_share_snapshot", "every", {"name": "every", "share": E("ibm_is_share.origin.id"), "tags": TAGS}),
    ("ibm_is_share_mount_target", "every", {
        "name": "every", "share": E("ibm_is_share.origin.id"), "access_protocol": "nfs4",
        "transit_encryption": "none", "virtual_network_interface": vni("mt-vni")}),
    ("ibm_is_share_mount_target", "vpc", {
        "name": "vpc", "share": E("ibm_is_share.restored.id"), "access_protocol": "nfs4",
        "transit_encryption": "none", "virtual_network_interface": OMIT, "vpc": E("ibm_is_vpc.every.id")}),
    ("ibm_is_backup_policy", "volumes", {
        "name": "volumes", "match_resource_type": "volume", "match_user_tags": ["every"], "included_content": OMIT,
        "scope": [{"crn": ENTERPRISE}]}),
    ("ibm_is_backup_policy", "instances", {
        "name": "instances", "match_resource_type": "instance", "match_user_tags": ["every"],
        "included_content": ["boot_volume", "data_volumes"], "scope": [{"crn": ENTERPRISE}]}),
    ("ibm_is_backup_policy_plan", "every", {
        "name": "every", "cron_spec": "30 2 * * *", "active": False, "attach_user_tags": ["backup"],
        "copy_user_tags": True, "deletion_trigger": [{"delete_after": 20, "delete_over_count": "10"}],
        "clone_policy": [{"max_snapshots": 1, "zones": ["us-south-1"]}],
        "remote_region_policy": [{"region": "us-east", "delete_over_count": 2, "encryption_key": EAST_KMS}]}),
    ("ibm_iam_authorization_policy", "every", {
        "source_service_name": "is", "source_resource_type": "backup-policy", "target_service_name": "is",
        "target_resource_type": "volume", "roles": ["Operator"], "source_resource_instance_id": OMIT,
        "target_resource_instance_id": OMIT, "source_resource_group_id": E("ibm_resource_group.every.id"),
        "target_resource_group_id": E("ibm_resource_group.every.id"), "source_service_account": ACCOUNT,
        "description": "every argument", "transaction_id": "every-transaction"}),
    ("ibm_iam_authorization_policy", "attributes", {
        "source_service_name": OMIT, "target_service_name": OMIT, "source_resource_instance_id": OMIT,
        "target_resource_instance_id": OMIT, "source_resource_group_id": OMIT, "target_resource_group_id": OMIT,
        "source_resource_type": OMIT, "target_resource_type": OMIT, "source_service_account": OMIT,
        "roles": ["Operator"], "description": "by attributes", "transaction_id": "attributes-transaction",
        "subject_attributes": [{"name": "serviceName", "value": "is", "operator": "stringEquals"},
                               {"name": "resourceType", "value": "backup-policy", "operator": "stringEquals"},
                               {"name": "accountId", "value": ACCOUNT, "operator": "stringEquals"}],
        "resource_attributes": [{"name": "serviceName", "value": "is", "operator": "stringEquals"},
                                {"name": "resourceType", "value": "share", "operator": "stringEquals"},
                                {"name": "accountId", "value": ACCOUNT, "operator": "stringEquals"}]}),
    # The backup policy has no `tags` argument: its tags are attached by a tag resource.
    ("ibm_resource_tag", "every", {"resource_id": E("ibm_is_backup_policy.volumes.crn"), "tags": TAGS,
                                   "resource_type": OMIT, "tag_type": "user", "replace": False}),
]

# What the blocks name that is not emulated in depth (stored resources), and the provider of us-east.
BASE = f'''
provider "ibm" {{}}

provider "ibm" {{
  alias  = "east"
  region = "us-east"
}}

data "ibm_is_image" "ubuntu" {{
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}}

resource "ibm_is_public_gateway" "every" {{
  name = "every"
  vpc  = ibm_is_vpc.every.id
  zone = "us-south-1"
}}

resource "ibm_is_placement_group" "every" {{
  name     = "every"
  strategy = "host_spread"
}}

resource "ibm_iam_trusted_profile" "every" {{
  name = "every"
}}

resource "ibm_is_instance_template" "every" {{
  name    = "every"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.every.id
  zone    = "us-south-1"
  keys    = [ibm_is_ssh_key.every.id]
  primary_network_interface {{
    subnet = ibm_is_subnet.every.id
  }}
}}
'''


def reference(type_name: str, attribute: str) -> str:
    return REFERENCES[attribute]


# Arguments several types take, set alike wherever a block does not say otherwise.
COMMON = {"tags": TAGS, "access_tags": ["project:every"]}


def configuration() -> str:
    blocks = []
    for type_name, label, values in BLOCKS:
        declaration = registry.resource(type_name).DECLARATION
        provider = values.get("provider")
        given = {k: v for k, v in values.items() if k != "provider"}
        names = {fld.name for fld in declaration.fields}
        assert set(given) <= names, f"{type_name} has no argument {sorted(set(given) - names)}"
        given = {**{k: v for k, v in COMMON.items() if k in names}, **given}
        text = samples.every_argument(declaration, label, given, reference)
        if provider:
            text = text.replace("{\n", f"{{\n  provider = {provider}\n", 1)
        blocks.append(text)
    return BASE + "\n" + "\n".join(blocks)


def test_every_emulated_type_is_in_the_configuration():
    assert {type_name for type_name, _, _ in BLOCKS} == set(registry.DEEP_RESOURCES)


def test_a_generated_block_sets_every_argument_but_those_an_earlier_one_conflicts_with():
    text = samples.every_argument(registry.resource("ibm_is_vpc_address_prefix").DECLARATION, "p",
                                  {"cidr": "10.240.0.0/18", "zone": "us-south-1"}, reference)
    assert text == ('resource "ibm_is_vpc_address_prefix" "p" {\n  name = "vpc-address-prefix-name"\n'
                    '  zone = "us-south-1"\n  cidr = "10.240.0.0/18"\n  is_default = true\n'
                    '  vpc = ibm_is_vpc.every.id\n}\n')


@contextmanager
def clock_moving(url: str, step_seconds: int = 30):
    """The mock's clock moved `step_seconds` every tenth of a second meanwhile, so what the
    provider waits for (snapshots captured, copied to us-east) is done in seconds of wall time.
    (The plan is inactive: nothing fires.)"""
    stop = threading.Event()

    def move():
        while not stop.wait(0.1):
            requests.post(f"{url}/mock/clock", json={"advance_seconds": step_seconds}).raise_for_status()

    mover = threading.Thread(target=move, daemon=True)
    mover.start()
    try:
        yield
    finally:
        stop.set()
        mover.join()


def test_every_argument_of_every_emulated_type_applies_plans_and_destroys_without_a_server_error(
        mock_server, blank):  # noqa: F811
    # The API key's account is an enterprise account, so the policies' `scope` can name it.
    requests.put(f"{mock_server.url}/mock/iam", json={
        "accounts": {ACCOUNT: {"api_keys": [blank.env["IC_API_KEY"]]}},
        "enterprise": {"id": "ent-tf", "account": ACCOUNT, "child_accounts": []}}).raise_for_status()
    write_config(blank, configuration())
    blank.run("init")
    with clock_moving(mock_server.url):
        applied = blank.run("apply", "-auto-approve", check=False)
        planned = blank.run("plan", "-detailed-exitcode", check=False)
        destroyed = blank.run("destroy", "-auto-approve", check=False)
    for done in (applied, planned, destroyed):
        assert "internal_error" not in done.stdout + done.stderr, done.command
    assert (applied.returncode, destroyed.returncode) == (0, 0), applied.stderr + destroyed.stderr
    assert planned.returncode in (0, 2), planned.stderr  # 1 is an error; the plan's changes are another matter
    assert stored(mock_server) == {}


TAGGED = f'''
provider "ibm" {{}}

resource "ibm_is_vpc" "t" {{
  name = "tagged"
  tags = ["env:test"]
}}

resource "ibm_is_subnet" "t" {{
  name                     = "tagged"
  vpc                      = ibm_is_vpc.t.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 16
  tags                     = ["env:test"]
}}

resource "ibm_is_ssh_key" "t" {{
  name       = "tagged"
  public_key = "{SSH_KEY}"
  tags       = ["env:test"]
}}

resource "ibm_is_volume" "t" {{
  name     = "tagged"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
}}

resource "ibm_is_snapshot_consistency_group" "t" {{
  name = "tagged"
  snapshots {{
    source_volume = ibm_is_volume.t.id
  }}
  tags = ["env:test"]
}}
'''


def test_the_tags_of_types_whose_api_has_no_user_tags_are_attached_through_global_tagging(
        mock_server, blank):  # noqa: F811
    write_config(blank, TAGGED)
    blank.run("init")
    with clock_moving(mock_server.url):
        blank.run("apply", "-auto-approve")
        unchanged = blank.run("plan", "-detailed-exitcode", check=False).returncode
    session = Http(mock_server.url, blank.env["IC_API_KEY"]).session
    crns = {address: values["crn"] for address, values in blank.values().items()
            if address != "ibm_is_volume.t"}
    attached = {address: session.get(f"{mock_server.url}/v3/tags", params={"attached_to": crn}).json()["items"]
                for address, crn in crns.items()}
    assert attached == {address: [{"name": "env:test"}] for address in (
        "ibm_is_vpc.t", "ibm_is_subnet.t", "ibm_is_ssh_key.t", "ibm_is_snapshot_consistency_group.t")}
    assert unchanged == 0
    blank.run("destroy", "-auto-approve")
