"""Request and response shapes of volumes, instances, snapshots, consistency groups and shares.

Response field lists are the fields the ibm-vpc SDK's models require (and the optional
ones the mock fills); the tests check every response against the SDK's own ``from_dict``.
"""

from flask import has_request_context
from marshmallow import post_load, validate
from marshmallow.fields import Raw

from vpcmock.catalog import SHARE_PROFILE_DATA, VOLUME_PROFILE_DATA
from vpcmock.engine.block_storage.volumes import MAX_CAPACITY, MIN_CAPACITY
from vpcmock.http.common import requested_version
from vpcmock.http.schemas.backup_policies import ByCrn, ById, ByName
from vpcmock.http.schemas.base import (Bool, Int, ListOf, Obj, RequestSchema, Str, collection_schema, in_range,
                                        name_rule, non_empty, one_of, output_schema, tag_rule)


class AnyIdentity(RequestSchema):
    id = Str()
    crn = Str()
    href = Str()


class KeyIdentity(AnyIdentity):
    fingerprint = Str()  # KeyIdentityByFingerprint: the key whose fingerprint it is


def _tags():
    return ListOf(Str(validate=tag_rule()))


# IOPS ranges of the profiles that take them: volumes 100 to 64,000 (the custom and sdp
# profiles' widest bounds), shares 100 to 96,000 (dp2). Narrower per-capacity limits are not modelled.
def _volume_iops():
    return Int(validate=in_range("volume_iops_invalid", 100, 64000))


def _share_iops():
    return Int(validate=in_range("share_iops_invalid", 100, 96000))


# A volume's capacity: the widest range of any profile (first-generation ones end at 16,000 GB);
# the engine checks the profile's own.
def _capacity():
    return Int(validate=in_range("volume_capacity_invalid", MIN_CAPACITY, max(MAX_CAPACITY.values())))


def _share_widest(prop: str, code: str):
    """A share's `size` or `bandwidth`: the widest range of any share profile (dp2's size from
    10 GB, rfs's from 1); the engine checks the profile's own."""
    ranges = [data[prop] for data in SHARE_PROFILE_DATA.values() if "min" in data[prop]]
    return Int(validate=in_range(code, min(r["min"] for r in ranges), max(r["max"] for r in ranges)))


class AllowedUsePatch(RequestSchema):
    """VolumeAllowedUsePatch and SnapshotAllowedUsePatch; the expressions and the date are
    checked by the engine (engine/block_storage/allowed_use.py)."""
    api_version = Str(validate=validate.Regexp(r"^\d{4}-\d{2}-\d{2}$", error="allowed_use_api_version_invalid|"
                                               "api_version is a date of the form YYYY-MM-DD"))
    bare_metal_server = Str(validate=validate.Length(1, 1024, error="allowed_use_expression_invalid|"
                                                     "An expression has 1 to 1024 characters"))
    instance = Str(validate=validate.Length(1, 1024, error="allowed_use_expression_invalid|"
                                            "An expression has 1 to 1024 characters"))


class AllowedUsePrototype(AllowedUsePatch):
    """VolumeAllowedUsePrototype and SnapshotAllowedUsePrototype: "If [api_version is]
    unspecified, the `version` query parameter value will be used" (the SDK)."""

    @post_load
    def _version_by_default(self, data, **kwargs):
        if "api_version" not in data and has_request_context() and requested_version():
            data["api_version"] = requested_version()
        return data


# A volume's bandwidth (Mbps): the widest range of the volume profiles that take one (sdp's,
# 1000 to 8192); the engine checks the profile's own.
def _volume_bandwidth():
    ranges = [data["bandwidth"] for data in VOLUME_PROFILE_DATA.values() if "min" in data["bandwidth"]]
    return Int(validate=in_range("volume_bandwidth_invalid", min(r["min"] for r in ranges),
                                 max(r["max"] for r in ranges)))


# `unmodelled`: what IBM's model of each body has and the mock does not emulate (see RequestSchema).
class VolumePrototype(RequestSchema):
    allowed_use = Obj(AllowedUsePrototype)
    bandwidth = _volume_bandwidth()
    name = Str(validate=name_rule("volume_name_invalid"))
    profile = Obj(ByName, required=True)
    zone = Obj(ByName)
    capacity = _capacity()
    iops = _volume_iops()
    encryption_key = Obj(ByCrn)
    resource_group = Obj(ById)
    user_tags = _tags()
    source_snapshot = Obj(AnyIdentity)


class VolumeInInstance(VolumePrototype):
    """A volume identity ({id}) or a new volume's prototype, inside an instance prototype."""
    id = Str()
    crn = Str()
    href = Str()
    profile = Obj(ByName)


class VolumePatch(RequestSchema):
    allowed_use = Obj(AllowedUsePatch)
    bandwidth = _volume_bandwidth()
    name = Str(validate=name_rule("volume_name_invalid"))
    user_tags = _tags()
    capacity = _capacity()
    iops = _volume_iops()
    profile = Obj(ByName)


class VolumeAttachmentPrototype(RequestSchema):
    volume = Obj(VolumeInInstance, required=True)
    name = Str(validate=name_rule("volume_attachment_name_invalid"))
    delete_volume_on_instance_delete = Bool()


class BootVolumeAttachmentPrototype(RequestSchema):
    volume = Obj(VolumeInInstance)
    name = Str(validate=name_rule("volume_attachment_name_invalid"))
    delete_volume_on_instance_delete = Bool()


class NetworkInterfaceIP(RequestSchema):
    """A reserved IP of the subnet ({id} or {href}), or a new one: an address (else the next
    free one), a name, and auto_delete."""
    id = Str()
    href = Str()
    address = Str()
    name = Str(validate=name_rule("reserved_ip_name_invalid"))
    auto_delete = Bool()


class NetworkInterfacePrototype(RequestSchema):
    name = Str(validate=name_rule("network_interface_name_invalid"))
    subnet = Obj(AnyIdentity, required=True)
    allow_ip_spoofing = Bool()
    primary_ip = Obj(NetworkInterfaceIP)
    # Of the instance's VPC; its default security group when absent (engine/generic/vpc/interfaces.py).
    security_groups = ListOf(Obj(AnyIdentity))


# An instance's settings, in its prototype and its patch ("class" is a Python keyword).
InstanceAvailability = RequestSchema.from_dict(
    {"class": Str(validate=one_of("instance_availability_class_invalid", ("spot", "standard")))},
    name="InstanceAvailability")


class InstanceAvailabilityPolicy(RequestSchema):
    host_failure = Str(validate=one_of("instance_availability_policy_host_failure_invalid", ("restart", "stop")))
    preemption = Str(validate=one_of("instance_availability_policy_preemption_invalid", ("delete", "stop")))


class InstanceMetadataService(RequestSchema):
    enabled = Bool()
    protocol = Str(validate=one_of("instance_metadata_service_protocol_invalid", ("http", "https")))
    response_hop_limit = Int(validate=in_range("instance_metadata_service_response_hop_limit_invalid", 1, 64))


class InstanceVcpu(RequestSchema):
    percentage = Int(validate=in_range("instance_vcpu_percentage_invalid", 1, 100))


class InstanceSettings(RequestSchema):
    """What the prototype and the patch of an instance both set."""
    availability = Obj(InstanceAvailability)
    availability_policy = Obj(InstanceAvailabilityPolicy)
    confidential_compute_mode = Str(validate=one_of("instance_confidential_compute_mode_invalid",
                                                    ("disabled", "sgx", "tdx")))
    enable_secure_boot = Bool()
    metadata_service = Obj(InstanceMetadataService)
    threads_per_core = Int()
    total_volume_bandwidth = Int()
    vcpu = Obj(InstanceVcpu)
    volume_bandwidth_qos_mode = Str(validate=one_of("instance_volume_bandwidth_qos_mode_invalid",
                                                    ("pooled", "weighted")))


class CatalogOfferingPrototype(RequestSchema):
    """The SDK's InstanceCatalogOfferingPrototype: by offering or by version (a CRN each), and
    optionally the plan."""
    offering = Obj(ByCrn)
    version = Obj(ByCrn)
    plan = Obj(ByCrn)


class InstanceReservationAffinity(RequestSchema):
    """InstanceReservationAffinityPrototype and ...Patch: checked by the engine
    (engine/block_storage/instance_placement.py)."""
    policy = Str(validate=one_of("reservation_affinity_policy_invalid", ("automatic", "disabled", "manual")))
    pool = ListOf(Obj(AnyIdentity), allow_none=True)  # null in a patch: no reservation (merge patch)


class TrustedProfileIdentity(RequestSchema):
    id = Str()
    crn = Str()


class InstanceDefaultTrustedProfile(RequestSchema):
    """InstanceDefaultTrustedProfilePrototype: shown by GET /instances/{id}/initialization."""
    auto_link = Bool()
    target = Obj(TrustedProfileIdentity, required=True)


class InstancePrototype(InstanceSettings):
    # An instance template whose fields are the defaults of those the prototype leaves out; then
    # `profile` and `zone` may come from it (the engine requires them: instances.py).
    source_template = Obj(AnyIdentity)
    # A dedicated host, dedicated host group or placement group (engine/block_storage/instance_placement.py).
    placement_target = Obj(AnyIdentity)
    reservation_affinity = Obj(InstanceReservationAffinity)
    default_trusted_profile = Obj(InstanceDefaultTrustedProfile)
    # Kept and never answered: the API returns no instance's user data (the SDK's Instance has none).
    user_data = Str()
    # Checked against the table's InstanceNetworkAttachmentPrototype and made by the generic
    # engine (engine/generic/vpc/interfaces.py), with their virtual network interfaces.
    primary_network_attachment = Raw()
    network_attachments = ListOf(Raw())
    name = Str(validate=name_rule("instance_name_invalid"))
    # Checked against the table's InstanceClusterNetworkAttachmentPrototypeInstanceContext and made by
    # the generic engine with their cluster network interfaces (engine/generic/vpc/cluster_networks.py).
    cluster_network_attachments = ListOf(Raw())
    profile = Obj(ByName)
    zone = Obj(ByName)
    vpc = Obj(AnyIdentity)
    image = Obj(AnyIdentity)
    catalog_offering = Obj(CatalogOfferingPrototype)
    boot_volume_attachment = Obj(BootVolumeAttachmentPrototype)
    volume_attachments = ListOf(Obj(VolumeAttachmentPrototype))
    keys = ListOf(Obj(KeyIdentity))
    resource_group = Obj(ById)
    primary_network_interface = Obj(NetworkInterfacePrototype)
    # Secondary interfaces, made after the primary in the instance's VPC and zone (engine/generic/vpc/interfaces.py).
    network_interfaces = ListOf(Obj(NetworkInterfacePrototype))


class VolumeAttachmentPatch(RequestSchema):
    name = Str(validate=name_rule("volume_attachment_name_invalid"))
    delete_volume_on_instance_delete = Bool()


class InstancePatch(InstanceSettings):
    placement_target = Obj(AnyIdentity)  # a dedicated host or group, while the instance is stopped
    reservation_affinity = Obj(InstanceReservationAffinity)
    name = Str(validate=name_rule("instance_name_invalid"))
    profile = Obj(ByName)


class InstanceActionPrototype(RequestSchema):
    type = Str(required=True, validate=one_of("instance_action_invalid", ("reboot", "start", "stop")))
    force = Bool()


class ClonePrototype(RequestSchema):
    zone = Obj(ByName, required=True)


class SnapshotPrototype(RequestSchema):
    allowed_use = Obj(AllowedUsePrototype)
    name = Str(validate=name_rule("snapshot_name_invalid"))
    source_volume = Obj(AnyIdentity)
    source_snapshot = Obj(AnyIdentity)
    encryption_key = Obj(ByCrn)
    clones = ListOf(Obj(ClonePrototype))
    user_tags = _tags()
    resource_group = Obj(ById)


class SnapshotPatch(RequestSchema):
    allowed_use = Obj(AllowedUsePatch)
    name = Str(validate=name_rule("snapshot_name_invalid"))
    user_tags = _tags()


class GroupMember(RequestSchema):
    source_volume = Obj(AnyIdentity, required=True)
    name = Str(validate=name_rule("snapshot_name_invalid"))
    user_tags = _tags()


class GroupPrototype(RequestSchema):
    name = Str(validate=name_rule("snapshot_consistency_group_name_invalid"))
    snapshots = ListOf(Obj(GroupMember), required=True, validate=non_empty("missing_field"))
    delete_snapshots_on_delete = Bool()
    resource_group = Obj(ById)


class GroupPatch(RequestSchema):
    name = Str(validate=name_rule("snapshot_consistency_group_name_invalid"))
    delete_snapshots_on_delete = Bool()


class MountTargetPrimaryIp(RequestSchema):
    """VirtualNetworkInterfacePrimaryIPPrototype: a reserved IP of the subnet (`id`), or a new
    one (`address`, else the next free one; `name`)."""
    unmodelled = ("auto_delete", "crn", "href")
    id = Str()
    address = Str()
    name = Str(validate=name_rule("reserved_ip_name_invalid"))


class MountTargetInterface(RequestSchema):
    """ShareMountTargetVirtualNetworkInterfacePrototype: a new interface in a subnet, or an
    existing one (`id`, `crn` or `href`)."""
    # The interface's own settings: checked and kept by the generic engine's document of the
    # interface (engine/generic/vpc/interfaces.py), against the table's model.
    allow_ip_spoofing = Raw()
    auto_delete = Raw()
    enable_infrastructure_nat = Raw()
    ips = Raw()
    protocol_state_filtering_mode = Raw()
    resource_group = Raw()
    security_groups = Raw()
    id = Str()
    crn = Str()
    href = Str()
    name = Str(validate=name_rule("virtual_network_interface_name_invalid"))
    subnet = Obj(AnyIdentity)
    primary_ip = Obj(MountTargetPrimaryIp)


class MountTargetPrototype(RequestSchema):
    name = Str(validate=name_rule("share_mount_target_name_invalid"))
    vpc = Obj(AnyIdentity)
    virtual_network_interface = Obj(MountTargetInterface)
    access_protocol = Str(validate=one_of("share_mount_target_access_protocol_invalid", ("nfs4",)))
    transit_encryption = Str(validate=one_of("share_mount_target_transit_encryption_invalid",
                                             ("ipsec", "none", "stunnel")))


def _transit_modes():
    return ListOf(Str(validate=one_of("share_transit_encryption_mode_invalid", ("ipsec", "none", "stunnel"))))


class InitialOwner(RequestSchema):
    gid = Int(validate=in_range("share_initial_owner_invalid", 0, 4294967295))
    uid = Int(validate=in_range("share_initial_owner_invalid", 0, 4294967295))


class ReplicaSharePrototype(RequestSchema):
    name = Str(validate=name_rule("share_name_invalid"))
    profile = Obj(ByName, required=True)
    zone = Obj(ByName, required=True)
    replication_cron_spec = Str(required=True)
    allowed_transit_encryption_modes = _transit_modes()
    iops = _share_iops()
    mount_targets = ListOf(Obj(MountTargetPrototype))
    resource_group = Obj(ById)
    user_tags = _tags()


class SharePrototype(RequestSchema):
    """SharePrototype: by size, by source snapshot, by source share (a replica) or by origin
    share (an accessor); the engine tells them apart."""
    name = Str(validate=name_rule("share_name_invalid"))
    profile = Obj(ByName)
    size = _share_widest("capacity", "share_size_invalid")
    source_snapshot = Obj(AnyIdentity)
    source_share = Obj(AnyIdentity)
    origin_share = Obj(AnyIdentity)
    replication_cron_spec = Str()
    replica_share = Obj(ReplicaSharePrototype)
    mount_targets = ListOf(Obj(MountTargetPrototype))
    zone = Obj(ByName)
    iops = _share_iops()
    bandwidth = _share_widest("bandwidth", "share_bandwidth_invalid")
    access_control_mode = Str(validate=one_of("share_access_control_mode_invalid", ("security_group", "vpc")))
    allowed_access_protocols = ListOf(Str())
    allowed_transit_encryption_modes = _transit_modes()
    encryption_key = Obj(ByCrn)
    initial_owner = Obj(InitialOwner)
    user_tags = _tags()
    resource_group = Obj(ById)


class ShareProfileIdentity(RequestSchema):
    """ShareProfileIdentity: by name or by href."""
    name = Str()
    href = Str()


class SharePatch(RequestSchema):
    """Every property of the SDK's SharePatch, applied (or refused) by engine/file_storage/share_patch.py."""
    name = Str(validate=name_rule("share_name_invalid"))
    profile = Obj(ShareProfileIdentity)
    allowed_access_protocols = ListOf(Str())
    size = _share_widest("capacity", "share_size_invalid")
    iops = _share_iops()
    bandwidth = _share_widest("bandwidth", "share_bandwidth_invalid")
    replication_cron_spec = Str()
    allowed_transit_encryption_modes = _transit_modes()
    access_control_mode = Str(validate=one_of("share_access_control_mode_invalid", ("security_group", "vpc")))
    user_tags = _tags()


class ShareSnapshotPrototype(RequestSchema):
    name = Str(validate=name_rule("share_snapshot_name_invalid"))
    user_tags = _tags()


class ShareSnapshotPatch(ShareSnapshotPrototype):
    pass


VOLUME = output_schema("Volume", """active adjustable_capacity_states adjustable_iops_states allowed_use attachment_state bandwidth busy
    capacity created_at crn encryption encryption_key health_reasons health_state href id iops name operating_system
    profile resource_group resource_type software_attachments source_snapshot status status_reasons
    storage_generation user_tags volume_attachments zone""")
INSTANCE = output_schema("Instance", """availability availability_policy bandwidth boot_volume_attachment catalog_offering
    cluster_network cluster_network_attachments confidential_compute_mode created_at crn disks enable_secure_boot health_reasons
    health_state href id image lifecycle_reasons lifecycle_state memory metadata_service name network_attachments
    network_interfaces numa_count placement_target primary_network_attachment primary_network_interface profile reservation_affinity resource_group resource_type
    software_attachments startable status status_reasons threads_per_core total_network_bandwidth
    total_volume_bandwidth vcpu volume_attachments volume_bandwidth_qos_mode vpc zone""")
SHARE_REFERENCE = output_schema("ShareReference", "crn deleted href id name remote resource_type")
VOLUME_ATTACHMENT = output_schema("VolumeAttachment", """bandwidth created_at delete_volume_on_instance_delete device href
    id name status type volume""")
SNAPSHOT = output_schema("Snapshot", """allowed_use backup_policy_plan bootable captured_at clones copies created_at crn deletable
    encryption encryption_key href id lifecycle_state minimum_capacity name operating_system progress resource_group
    resource_type service_tags size snapshot_consistency_group software_attachments source_snapshot source_volume
    storage_generation user_tags""")
GROUP = output_schema("SnapshotConsistencyGroup", """backup_policy_job backup_policy_plan created_at crn
    delete_snapshots_on_delete href id lifecycle_state name resource_group resource_type service_tags snapshots""")
SHARE = output_schema("Share", """access_control_mode accessor_binding_role accessor_bindings allowed_access_protocols
    allowed_transit_encryption_modes availability_mode bandwidth created_at crn encryption encryption_key href id
    initial_owner iops lifecycle_reasons lifecycle_state mount_targets name origin_share profile replica_share
    replication_role replication_cron_spec replication_status replication_status_reasons resource_group resource_type
    size snapshot_count snapshot_size source_share source_snapshot storage_generation user_tags zone""")
ACCESSOR_BINDING = output_schema("ShareAccessorBinding", "accessor created_at href id lifecycle_state resource_type")
SHARE_SNAPSHOT = output_schema("ShareSnapshot", """backup_policy_plan captured_at created_at crn fingerprint href id
    lifecycle_reasons lifecycle_state minimum_size name resource_group resource_type status status_reasons
    user_tags zone""")
VOLUME_ATTACHMENTS = collection_schema("VolumeAttachmentReferenceInstanceContextCollection", "volume_attachments",
                                       VOLUME_ATTACHMENT)
INSTANCE_INITIALIZATION = output_schema("InstanceInitialization", "default_trusted_profile keys user_accounts")
INSTANCE_ACTION = output_schema("InstanceAction", "created_at status type")
SNAPSHOT_CLONE = output_schema("SnapshotClone", "available created_at zone")
SNAPSHOT_CLONES = collection_schema("SnapshotCloneCollection", "clones", SNAPSHOT_CLONE)
MOUNT_TARGET = output_schema("ShareMountTarget", """access_control_mode access_protocol created_at href id lifecycle_state
    mount_path name primary_ip resource_type subnet transit_encryption virtual_network_interface vpc""")
