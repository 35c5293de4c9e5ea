"""Every emulated type created through its API with every optional property of its prototype set,
and tagged through Global Tagging: valid requests, which never answer 5xx.

The properties sent are read from the official SDKs (ibm-vpc's prototype models, or the
parameters of an operation that has none): the names of each model's `__init__`, so a property
a newer SDK adds is sent too. A test fails if a property has no value written below for it.
Each prototype variant of the SDK (a volume by capacity and by source snapshot, an instance by
image, volume, snapshot, catalog offering or template, with network interfaces or attachments)
is one case. What the mock does not emulate may be refused (4xx); nothing may fail (5xx).
"""

from __future__ import annotations

import inspect

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import GlobalTaggingV1, IamPolicyManagementV1, ResourceManagerV2
from ibm_platform_services import resource_manager_v2
from ibm_vpc import vpc_v1 as models

from conftest import UBUNTU, Http

ACCOUNT = "c" * 32
ENTERPRISE_CRN = f"crn:v1:bluemix:public:enterprise::a/{ACCOUNT}::enterprise:ent-9"
KEY_CRN = "crn:v1:bluemix:public:kms:us-south:a/" + ACCOUNT + ":kp-1:key:key-1"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s every"


def parameters(callable_) -> list[str]:
    """The properties a model (its `__init__`) or an operation takes, as the SDK names them;
    an operation's headers, path ids and `**kwargs` aside."""
    names = inspect.signature(callable_).parameters
    return [name for name in names if name not in ("self", "kwargs", "headers")]


def leaves(model: type) -> list[type]:
    """The concrete variants of a polymorphic SDK model (itself when it has none)."""
    subclasses = model.__subclasses__()
    return [leaf for sub in subclasses for leaf in leaves(sub)] if subclasses else [model]


def fill(names: list[str], values: dict, where: str) -> dict:
    """Every property the SDK names, each with the value written for it below."""
    missing = [name for name in names if name not in values]
    assert not missing, f"no value written for the SDK's {where} properties {missing}"
    return {name: values[name] for name in names}


def sdk_body(model: type, values: dict) -> dict:
    """Every property of `model` set, checked by the SDK's own from_dict (a wrong shape fails
    here, not at the mock)."""
    body = fill(parameters(model.__init__), values, model.__name__)
    model.from_dict(body)
    return body


@pytest.fixture(scope="module")
def enterprise(server):
    """The test key's account is an enterprise account, so a policy's `scope` can name it."""
    requests.put(f"{server.url}/mock/iam", json={
        "accounts": {ACCOUNT: {"api_keys": ["test-key"]}},
        "enterprise": {"id": "ent-9", "account": ACCOUNT, "child_accounts": []}}).raise_for_status()
    yield
    requests.put(f"{server.url}/mock/iam", json={"accounts": {}}).raise_for_status()


class World:
    """What the prototypes name, made through the API: a resource group, a VPC with a subnet, an
    SSH key, volumes, a stable snapshot here and one in us-east, a share with a snapshot, an instance."""

    def __init__(self, url: str):
        self.url, self.http = url, Http(url)
        self.group = self.platform("POST", "/v2/resource_groups", {"name": "every"})
        self.vpc = self.ok("POST", "/vpcs", {"name": "every"})
        self.subnet = self.ok("POST", "/subnets", {"name": "every", "vpc": {"id": self.vpc["id"]},
                                                   "zone": {"name": "us-south-1"}, "total_ipv4_address_count": 256})
        self.key = self.ok("POST", "/keys", {"name": "every", "public_key": SSH_KEY})
        self.volume = self.volume_named("source")
        self.boot = self.ok("POST", "/volumes", {"name": "boot", "profile": {"name": "general-purpose"},
                                                 "zone": {"name": "us-south-1"}, "capacity": 100})
        self.snapshot = self.ok("POST", "/snapshots", {"name": "every", "source_volume": {"id": self.volume["id"]}})
        east = self.ok("POST", "/volumes", {"name": "east", "profile": {"name": "sdp"},
                                            "zone": {"name": "us-east-1"}, "capacity": 10}, region="us-east")
        self.east_snapshot = self.ok("POST", "/snapshots", {"name": "east", "source_volume": {"id": east["id"]}},
                                     region="us-east")
        self.share = self.ok("POST", "/shares", {"name": "every", "profile": {"name": "dp2"}, "size": 10,
                                                 "zone": {"name": "us-south-1"}})
        self.share_snapshot = self.ok("POST", f"/shares/{self.share['id']}/snapshots", {"name": "every"})
        self.instance = self.ok("POST", "/instances", {
            "name": "every", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"}, "image": {"id": UBUNTU},
            "vpc": {"id": self.vpc["id"]}, "primary_network_interface": {"subnet": {"id": self.subnet["id"]}}})
        self.policy = self.ok("POST", "/backup_policies", {"name": "every", "match_resource_type": "volume",
                                                           "match_user_tags": ["every:tag"]})
        self.consistency_group = self.ok("POST", "/snapshot_consistency_groups", {
            "name": "every", "snapshots": [{"source_volume": {"id": self.volume["id"]}}]})
        requests.post(f"{url}/mock/clock", json={"advance_seconds": 3600}).raise_for_status()  # snapshots stable

    def ok(self, method: str, path: str, body=None, region: str | None = None) -> dict:
        response = self.http.call(method, path, body, prefix=f"/{region}/v1" if region else "/v1")
        assert response.status_code < 300, response.text
        return response.json()

    def platform(self, method: str, path: str, body=None) -> dict:
        response = self.http.session.request(method, self.url + path, json=body)
        assert response.status_code < 300, response.text
        return response.json()

    def volume_named(self, name: str) -> dict:
        return self.ok("POST", "/volumes", {"name": name, "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
                                            "capacity": 10})


@pytest.fixture
def world(mock, enterprise) -> World:
    return World(mock.url)


def platform_client(cls, url: str):
    service = cls(authenticator=IAMAuthenticator("test-key", url=url))
    service.set_service_url(url)
    return service


def answered(call) -> tuple[int, dict]:
    """(status, body) of an SDK call, whether it succeeded or was refused."""
    try:
        response = call()
    except ApiException as exc:
        return exc.status_code, (exc.http_response.json() if exc.http_response is not None else {})
    return response.get_status_code(), response.get_result() or {}


# -- the values written for the SDK's properties ---------------------------------------------------

def common(world: World) -> dict:
    """Properties that mean the same on every type."""
    return {
        "resource_group": {"id": world.group["id"]}, "zone": {"name": "us-south-1"},
        "user_tags": ["every:tag", "env:test"], "encryption_key": {"crn": KEY_CRN},
        "allowed_use": {"api_version": ">= 2024-08-01", "bare_metal_server": "enable_secure_boot == true",
                        "instance": "gpu.count > 0"},
        "vpc": {"id": world.vpc["id"]}, "iops": 3000, "bandwidth": 1000,
    }


def volume_values(world: World, name: str) -> dict:
    return {**common(world), "name": name, "profile": {"name": "sdp"}, "capacity": 20,
            "source_snapshot": {"id": world.snapshot["id"]}}


def instance_values(world: World, variant: str) -> dict:
    data = {"volume": {"name": f"{variant}-data", "profile": {"name": "sdp"}, "capacity": 10,
                       "user_tags": ["every:tag"], "iops": 3000, "bandwidth": 1000, "encryption_key": {"crn": KEY_CRN},
                       "resource_group": {"id": world.group["id"]}},
            "delete_volume_on_instance_delete": True, "name": f"{variant}-data-attachment"}
    interface = {"subnet": {"id": world.subnet["id"]}, "allow_ip_spoofing": False, "name": f"{variant}-eth",
                 "primary_ip": {"auto_delete": True, "name": f"{variant}-ip"},
                 "security_groups": [{"id": world.vpc["default_security_group"]["id"]}]}
    attachment = {"name": f"{variant}-att", "virtual_network_interface": {
        "name": f"{variant}-vni", "subnet": {"id": world.subnet["id"]}, "allow_ip_spoofing": False,
        "auto_delete": True, "enable_infrastructure_nat": True, "protocol_state_filtering_mode": "auto",
        "resource_group": {"id": world.group["id"]}}}
    boot = {"volume": {"name": f"{variant}-boot", "profile": {"name": "general-purpose"}, "capacity": 100,
                       "user_tags": ["every:tag"], "encryption_key": {"crn": KEY_CRN},
                       "resource_group": {"id": world.group["id"]}},
            "delete_volume_on_instance_delete": True, "name": f"{variant}-boot-attachment"}
    if variant == "snapshot":
        boot["volume"] = {**boot["volume"], "profile": {"name": "sdp"}, "capacity": 20,
                          "source_snapshot": {"id": world.snapshot["id"]}}
    if variant == "volume":
        boot = {"volume": {"id": world.boot["id"]}, "delete_volume_on_instance_delete": True,
                "name": f"{variant}-boot-attachment"}
    return {
        **common(world), "name": f"by-{variant}", "profile": {"name": "bx2-2x8"}, "image": {"id": UBUNTU},
        "keys": [{"id": world.key["id"]}], "availability": {"class": "standard"},
        "availability_policy": {"host_failure": "restart", "preemption": "stop"},
        "cluster_network_attachments": [{"cluster_network_interface": {"id": "0717-0000-cni"}, "name": "cluster"}],
        "confidential_compute_mode": "disabled",
        "default_trusted_profile": {"auto_link": False, "target": {"id": "Profile-9fd84246-7df4-4667-94e4"}},
        "enable_secure_boot": False,
        "metadata_service": {"enabled": True, "protocol": "https", "response_hop_limit": 2},
        "placement_target": {"id": "0717-placement-group"}, "reservation_affinity": {"policy": "disabled"},
        "threads_per_core": 2, "total_volume_bandwidth": 500, "user_data": "#cloud-config\n",
        "vcpu": {"percentage": 100}, "volume_attachments": [data], "volume_bandwidth_qos_mode": "weighted",
        "boot_volume_attachment": boot, "primary_network_interface": interface,
        "network_interfaces": [{**interface, "name": f"{variant}-eth2", "primary_ip": {"auto_delete": True}}],
        "primary_network_attachment": attachment, "network_attachments": [{**attachment, "name": f"{variant}-att2"}],
        "catalog_offering": {"offering": {"crn": "crn:v1:bluemix:public:globalcatalog-collection:global::"
                                                 "offering:every"},
                             "plan": {"crn": "crn:v1:bluemix:public:globalcatalog-collection:global::plan:every"}},
        "source_template": {"id": "0717-template"},
    }


def share_values(world: World, name: str) -> dict:
    target = {"name": f"{name}-mt", "access_protocol": "nfs4", "transit_encryption": "none",
              "virtual_network_interface": {"name": f"{name}-vni", "subnet": {"id": world.subnet["id"]},
                                            "auto_delete": True, "protocol_state_filtering_mode": "auto",
                                            "resource_group": {"id": world.group["id"]},
                                            "security_groups": [{"id": world.vpc["default_security_group"]["id"]}],
                                            "primary_ip": {"auto_delete": True, "name": f"{name}-ip"}}}
    return {
        **common(world), "name": name, "profile": {"name": "dp2"}, "size": 20, "iops": 3000, "bandwidth": 200,
        "access_control_mode": "security_group", "allowed_access_protocols": ["nfs4"],
        "allowed_transit_encryption_modes": ["none", "user_managed"], "initial_owner": {"gid": 50, "uid": 50},
        "mount_targets": [target],
        "replica_share": {"name": f"{name}-replica", "profile": {"name": "dp2"}, "replication_cron_spec": "0 */5 * * *",
                          "zone": {"name": "us-south-2"}, "iops": 3000, "user_tags": ["every:tag"],
                          "resource_group": {"id": world.group["id"]}, "allowed_transit_encryption_modes": ["none"],
                          "mount_targets": [{**target, "name": f"{name}-replica-mt",
                                             "virtual_network_interface": {"subnet": {"id": world.subnet["id"]}}}]},
        "replication_cron_spec": "0 */5 * * *", "source_share": {"id": world.share["id"]},
        "source_snapshot": {"id": world.share_snapshot["id"]},
        "origin_share": {"crn": world.share["crn"]},
    }


def plan_values() -> dict:
    return {"name": "every-plan", "cron_spec": "30 2 * * *", "active": True, "attach_user_tags": ["every:tag"],
            "copy_user_tags": True, "clone_policy": {"max_snapshots": 2, "zones": [{"name": "us-south-1"}]},
            "deletion_trigger": {"delete_after": 20, "delete_over_count": 10},
            "remote_region_policies": [{"region": {"name": "us-east"}, "delete_over_count": 2,
                                        "encryption_key": {"crn": KEY_CRN.replace("us-south", "us-east")}}]}


# -- one case per SDK prototype variant -----------------------------------------------------------

VOLUMES = leaves(models.VolumePrototype)
INSTANCES = leaves(models.InstancePrototype)
SNAPSHOTS = [leaf for leaf in leaves(models.SnapshotPrototype) if "ConsistencyGroupContext" not in leaf.__name__]
SHARES = leaves(models.SharePrototype)
SUBNETS = leaves(models.SubnetPrototype)
POLICIES = leaves(models.BackupPolicyPrototype)
MOUNT_TARGETS = leaves(models.ShareMountTargetPrototype)
ATTACHED_VOLUMES = leaves(models.VolumeAttachmentPrototypeVolume)


def names(variants: list[type]) -> list[str]:
    return [variant.__name__ for variant in variants]


def no_server_error(status: int, body) -> None:
    assert status < 500, body


def reads_whole(world: World, status: int, body: dict) -> None:
    """A create answered without a server error; what it made, once tagged through Global
    Tagging (as the IBM provider tags what it creates), is read, listed and deleted without one
    too."""
    no_server_error(status, body)
    if status >= 300:
        return
    session, query = world.http.session, {"version": "2026-10-06", "generation": "2"}
    if body.get("crn"):
        attached = session.post(f"{world.url}/v3/tags/attach", params={"tag_type": "user"}, json={
            "resources": [{"resource_id": body["crn"]}], "tag_names": ["tagged:after"]})
        no_server_error(attached.status_code, attached.text)
    href = body.get("href") or f"{world.url}/v2/resource_groups/{body['id']}"
    for path in (href, href.rpartition("/")[0]):
        read = session.get(path, params=query)
        no_server_error(read.status_code, read.text)
    deleted = session.delete(href, params=query)
    no_server_error(deleted.status_code, deleted.text)


@pytest.mark.parametrize("model", VOLUMES, ids=names(VOLUMES))
def test_a_volume_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    body = sdk_body(model, volume_values(world, "every-volume"))
    reads_whole(world, *answered(lambda: vpc.create_volume(model.from_dict(body))))


@pytest.mark.parametrize("model", INSTANCES, ids=names(INSTANCES))
def test_an_instance_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    variant = next(v for v in ("Image", "SourceSnapshot", "Volume", "CatalogOffering", "SourceTemplate")
                   if f"InstanceBy{v}" in model.__name__).lower().replace("source", "")
    body = sdk_body(model, instance_values(world, variant))
    reads_whole(world, *answered(lambda: vpc.create_instance(model.from_dict(body))))


@pytest.mark.parametrize("model", ATTACHED_VOLUMES, ids=names(ATTACHED_VOLUMES))
def test_a_volume_attachment_with_every_property_is_not_a_server_error(world, vpc, model):
    spare = world.volume_named("spare")
    volume = sdk_body(model, {**volume_values(world, "attached"), "id": spare["id"], "crn": spare["crn"],
                              "href": spare["href"], "capacity": 20})
    body = fill(parameters(vpc.create_instance_volume_attachment),
                {"instance_id": world.instance["id"], "volume": volume, "delete_volume_on_instance_delete": True,
                 "name": "every-attachment"}, "create_instance_volume_attachment")
    reads_whole(world, *answered(lambda: vpc.create_instance_volume_attachment(**body)))


@pytest.mark.parametrize("model", SNAPSHOTS, ids=names(SNAPSHOTS))
def test_a_snapshot_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    body = sdk_body(model, {**common(world), "name": "every-snapshot", "source_volume": {"id": world.volume["id"]},
                            "source_snapshot": {"crn": world.east_snapshot["crn"]},
                            "clones": [{"zone": {"name": "us-south-1"}}]})
    reads_whole(world, *answered(lambda: vpc.create_snapshot(model.from_dict(body))))


def test_a_consistency_group_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc):
    member = sdk_body(models.SnapshotPrototypeSnapshotConsistencyGroupContext,
                      {**common(world), "name": "every-member", "source_volume": {"id": world.volume["id"]}})
    model = models.SnapshotConsistencyGroupPrototypeSnapshotConsistencyGroupBySnapshots
    body = sdk_body(model, {**common(world), "name": "every-group", "delete_snapshots_on_delete": True,
                            "snapshots": [member]})
    reads_whole(world, *answered(lambda: vpc.create_snapshot_consistency_group(model.from_dict(body))))


@pytest.mark.parametrize("model", SHARES, ids=names(SHARES))
def test_a_share_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    body = sdk_body(model, share_values(world, "every-share"))
    reads_whole(world, *answered(lambda: vpc.create_share(model.from_dict(body))))


def test_a_share_snapshot_with_every_property_is_not_a_server_error(world, vpc):
    body = fill(parameters(vpc.create_share_snapshot), {"share_id": world.share["id"], "name": "every-snapshot",
                                                         "user_tags": ["every:tag"]}, "create_share_snapshot")
    reads_whole(world, *answered(lambda: vpc.create_share_snapshot(**body)))


@pytest.mark.parametrize("model", MOUNT_TARGETS, ids=names(MOUNT_TARGETS))
def test_a_share_mount_target_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    share = world.ok("POST", "/shares", {"name": "vpc-mode", "profile": {"name": "dp2"}, "size": 10,
                                         "zone": {"name": "us-south-1"}, "access_control_mode": (
                                             "vpc" if model.__name__.endswith("VPC") else "security_group")})
    values = share_values(world, "every-target")["mount_targets"][0]
    body = sdk_body(model, {**values, "vpc": {"id": world.vpc["id"]}})
    reads_whole(world, *answered(lambda: vpc.create_share_mount_target(share["id"], model.from_dict(body))))


def test_a_vpc_with_every_property_is_not_a_server_error(world, vpc):
    body = fill(parameters(vpc.create_vpc), {
        "name": "every-vpc", "address_prefix_management": "manual", "classic_access": False,
        "resource_group": {"id": world.group["id"]},
        "dns": {"enable_hub": False, "resolver": {"type": "manual", "manual_servers": [
            {"address": "192.168.3.4", "zone_affinity": {"name": "us-south-1"}}]}}}, "create_vpc")
    reads_whole(world, *answered(lambda: vpc.create_vpc(**body)))


def test_an_address_prefix_with_every_property_is_not_a_server_error(world, vpc):
    body = fill(parameters(vpc.create_vpc_address_prefix), {
        "vpc_id": world.vpc["id"], "cidr": "10.100.0.0/24", "zone": {"name": "us-south-1"}, "is_default": False,
        "name": "every-prefix"}, "create_vpc_address_prefix")
    reads_whole(world, *answered(lambda: vpc.create_vpc_address_prefix(**body)))


@pytest.mark.parametrize("model", SUBNETS, ids=names(SUBNETS))
def test_a_subnet_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    body = sdk_body(model, {
        **common(world), "name": "every-subnet", "ip_version": "ipv4", "ipv4_cidr_block": "10.240.64.0/24",
        "total_ipv4_address_count": 64, "zone": {"name": "us-south-2"},
        "network_acl": {"id": world.vpc["default_network_acl"]["id"]},
        "routing_table": {"id": world.vpc["default_routing_table"]["id"]},
        "public_gateway": {"id": "r006-public-gateway"}})
    reads_whole(world, *answered(lambda: vpc.create_subnet(model.from_dict(body))))


def test_an_ssh_key_with_every_property_is_not_a_server_error(world, vpc):
    other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE5bgb8Ft6VkU8V0iAUqg2eDphx3XDTUpd2aIGmlUXDH other"
    body = fill(parameters(vpc.create_key), {"public_key": other, "name": "every-key",
                                             "resource_group": {"id": world.group["id"]}, "type": "ed25519"},
                "create_key")
    reads_whole(world, *answered(lambda: vpc.create_key(**body)))


@pytest.mark.parametrize("model", POLICIES, ids=names(POLICIES))
def test_a_backup_policy_with_every_property_of_its_prototype_is_not_a_server_error(world, vpc, model):
    plan = sdk_body(models.BackupPolicyPlanPrototype, plan_values())
    kind = next(kind for kind in ("Volume", "Instance", "Share") if f"MatchResourceType{kind}" in model.__name__)
    body = sdk_body(model, {**common(world), "name": "every-policy", "match_resource_type": kind.lower(),
                            "match_user_tags": ["every:tag"], "plans": [plan], "scope": {"crn": ENTERPRISE_CRN},
                            "included_content": ["boot_volume", "data_volumes"]})
    reads_whole(world, *answered(lambda: vpc.create_backup_policy(model.from_dict(body))))


def test_a_backup_policy_plan_with_every_property_is_not_a_server_error(world, vpc):
    policy = world.ok("POST", "/backup_policies", {"name": "plans", "match_resource_type": "volume",
                                                   "match_user_tags": ["every:tag"]})
    body = fill(parameters(vpc.create_backup_policy_plan), {"backup_policy_id": policy["id"], **plan_values()},
                "create_backup_policy_plan")
    reads_whole(world, *answered(lambda: vpc.create_backup_policy_plan(**body)))


def test_a_resource_group_with_every_property_is_not_a_server_error(world):
    manager = platform_client(ResourceManagerV2, world.url)
    body = fill(parameters(manager.create_resource_group), {"name": "every-group", "account_id": ACCOUNT},
                "create_resource_group")
    reads_whole(world, *answered(lambda: manager.create_resource_group(**body)))


def test_an_iam_policy_with_every_property_is_not_a_server_error(world):
    iam = platform_client(IamPolicyManagementV1, world.url)
    body = fill(parameters(iam.create_policy), {
        "type": "authorization", "description": "every property", "accept_language": "en",
        "subjects": [{"attributes": [{"name": "serviceName", "value": "is"},
                                     {"name": "resourceType", "value": "backup-policy"}]}],
        "roles": [{"role_id": "crn:v1:bluemix:public:iam::::role:Operator"}],
        "resources": [{"attributes": [{"name": "accountId", "value": ACCOUNT}, {"name": "serviceName", "value": "is"},
                                      {"name": "resourceType", "value": "volume"}]}]}, "create_policy")
    reads_whole(world, *answered(lambda: iam.create_policy(**body)))


def test_a_tag_attached_with_every_property_is_not_a_server_error(world):
    tagging = platform_client(GlobalTaggingV1, world.url)
    body = fill(parameters(tagging.attach_tag), {
        "tag_name": "every:tag", "tag_names": ["every:other"], "resources": [{"resource_id": world.volume["crn"]}],
        "query": {"query_string": "name:every"}, "x_request_id": "req-1", "x_correlation_id": "corr-1",
        "account_id": ACCOUNT, "tag_type": "user", "replace": False, "update": False}, "attach_tag")
    no_server_error(*answered(lambda: tagging.attach_tag(**body)))


# -- user tags: on the answer where the SDK's model has them, in Global Tagging always ----------------

ANSWERS = {"vpc": models.VPC, "subnet": models.Subnet, "key": models.Key, "volume": models.Volume,
           "instance": models.Instance, "snapshot": models.Snapshot, "share": models.Share,
           "share_snapshot": models.ShareSnapshot, "policy": models.BackupPolicy,
           "consistency_group": models.SnapshotConsistencyGroup, "group": resource_manager_v2.ResourceGroup}


@pytest.mark.parametrize("kind", sorted(ANSWERS))
def test_a_tag_attached_through_global_tagging_is_on_the_answer_only_where_the_sdk_model_has_user_tags(world, kind):
    made = getattr(world, kind)
    session = world.http.session
    attached = session.post(f"{world.url}/v3/tags/attach", params={"tag_type": "user"}, json={
        "resources": [{"resource_id": made["crn"]}], "tag_names": ["tagged:after"]}).json()
    href = made.get("href") or f"{world.url}/v2/resource_groups/{made['id']}"
    answer = session.get(href, params={"version": "2026-10-06", "generation": "2"})
    listed = session.get(f"{world.url}/v3/tags", params={"attached_to": made["crn"]}).json()["items"]
    assert attached["results"] == [{"resource_id": made["crn"], "is_error": False}]
    assert answer.status_code == 200
    assert listed == [{"name": "tagged:after"}]
    if "user_tags" in parameters(ANSWERS[kind].__init__):
        assert answer.json()["user_tags"] == ["tagged:after"]
    else:
        assert "user_tags" not in answer.json()
