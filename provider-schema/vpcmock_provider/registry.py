"""Every type the provider serves: all 490 of the IBM provider 2.5.0 (ibm_schemas/).

The types emulated in depth have a module in resources/<domain>/ (``DECLARATION``, ``create``, ``read``
(None when gone), ``update``, ``delete``, ``import_``; data sources ``DECLARATION`` and
``read``); their resources keep the attributes their API does not carry (resources/kept.py).
Every other type is a stored resource (resources/platform/stored.py) or its data source
(resources/platform/stored_data.py). Handlers of stored types are made on first use, so a provider
start does not build 490 of them.
"""

from __future__ import annotations

from functools import lru_cache

from vpcmock_provider import ibm_schema
from vpcmock_provider.resources.backup import (
    backup_policy,
    backup_policy_plan,
    data_backup_policies,
    data_backup_policy,
    data_backup_policy_job,
    data_backup_policy_jobs,
    data_backup_policy_plan,
    data_backup_policy_plans,
)
from vpcmock_provider.resources.block_storage import catalogue
from vpcmock_provider.resources.network import regions, ssh_key, vpc
from vpcmock_provider.resources.block_storage import (
    data_instance,
    data_snapshots,
    data_volume,
    instance,
    instance_action,
    instance_volume_attachment,
    snapshot,
    snapshot_consistency_group,
    volume,
)
from vpcmock_provider.resources.file_storage import share, share_mount_target, share_snapshot, share_snapshot_data
from vpcmock_provider.resources.platform import iam_authorization_policy, resource_group, resource_tag
from vpcmock_provider.resources.platform import atracker, iam_access_policy, kms, kp_key
from vpcmock_provider.resources.platform import hpcs, hpcs_uko, kmip
from vpcmock_provider.resources.platform import api_types_more as platform_api_types_more
from vpcmock_provider.resources.platform import api_data_more as platform_api_data_more
from vpcmock_provider.resources.platform import iam_templates, iam_templates_data
from vpcmock_provider.resources.platform import dns_resolvers as platform_dns_resolvers, tg_more as platform_tg_more
from vpcmock_provider.resources.network import api_types_oneshot
from vpcmock_provider.resources.platform.cos import bucket as cos_bucket, bucket_lifecycle as cos_bucket_lifecycle, \
    bucket_object as cos_bucket_object, bucket_protection as cos_bucket_protection, bucket_website as cos_bucket_website
from vpcmock_provider.resources import deep_data
from vpcmock_provider.resources.kept import KeptResource
from vpcmock_provider.resources.network import api_types, api_types_compute, api_types_last, api_types_more
from vpcmock_provider.resources.network import api_types_cluster
from vpcmock_provider.resources.network import api_data_bare_metal, api_types_bare_metal
from vpcmock_provider.resources.platform import api_types as platform_api_types
from vpcmock_provider.resources.platform.stored import StoredResource
from vpcmock_provider.resources.platform.stored_data import ACCOUNT_DATA_SOURCES, AccountDataSource, ApiDataSource, \
    StoredDataSource

DEEP_RESOURCES = {m.DECLARATION.type_name: KeptResource(m) for m in (
    backup_policy, backup_policy_plan, volume, share, snapshot, instance, instance_action, instance_volume_attachment,
    resource_tag, resource_group, iam_authorization_policy, ssh_key, vpc.vpc, vpc.subnet, vpc.address_prefix,
    snapshot_consistency_group, share_snapshot, share_mount_target)}
DEEP_DATA_SOURCES = {m.DECLARATION.type_name: m for m in (
    data_backup_policy, data_backup_policies, data_backup_policy_plan, data_backup_policy_plans,
    data_backup_policy_job, data_backup_policy_jobs, data_snapshots, data_volume, resource_group.DataSource,
    catalogue.Image, catalogue.Images, catalogue.Profile, catalogue.Profiles, data_instance.Instance,
    data_instance.Instances,
    regions.Region, regions.Regions, regions.Zone, regions.Zones, ssh_key.DataSource,
    share_snapshot_data.ShareSnapshot, share_snapshot_data.ShareSnapshots, share.DataSource, share.DataSources,
    data_volume.Volumes)}
# Those read through a sub-collection or a platform API (resources/deep_data.py).
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in deep_data.DATA_SOURCES})

# The API listing of each type emulated in depth, for its data sources without a module.
API_LISTINGS = {"ibm_is_volume": ("/volumes", "volumes"), "ibm_is_snapshot": ("/snapshots", "snapshots"),
                "ibm_is_share": ("/shares", "shares"), "ibm_is_instance": ("/instances", "instances"),
                "ibm_is_backup_policy": ("/backup_policies", "backup_policies"), "ibm_is_vpc": ("/vpcs", "vpcs"),
                "ibm_is_subnet": ("/subnets", "subnets"),
                "ibm_is_snapshot_consistency_group": ("/snapshot_consistency_groups", "snapshot_consistency_groups")}

# Types whose VPC API the generic engine serves: created, read and imported through it
# (resources/network/api_backed.py), what the API lacks kept beside (resources/kept.py).
_VPC_API_RESOURCES = api_types.RESOURCES + api_types_more.RESOURCES + api_types_compute.RESOURCES
API_RESOURCES = {r.DECLARATION.type_name: KeptResource(r) for r in _VPC_API_RESOURCES}
API_LISTINGS.update({r.api.type_name: (r.api.path, r.api.key) for r in _VPC_API_RESOURCES
                     if "{" not in r.api.path and r.api.key != "subnets"})
# Their types in sub-collections (listed under a parent the data source names).
API_SUB_COLLECTIONS = {r.api.type_name: r for r in _VPC_API_RESOURCES if "{" in r.api.path}

# The last ones moved from /stored_resources (resources/network/api_types_last.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in api_types_last.RESOURCES})
# Bare metal servers, their disks, actions, initialization, interfaces (floating ones too), floating
# IPs and attachments (resources/network/api_types_bare_metal.py); their data sources below
# (api_data_bare_metal.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in api_types_bare_metal.RESOURCES})

API_DATA_SOURCES = {d.DECLARATION.type_name: d for d in api_types.DATA_SOURCES + api_types_more.DATA_SOURCES
                    + api_types_compute.DATA_SOURCES + api_types_last.DATA_SOURCES}
# Likewise through the platform APIs (CBR, Resource Controller, IAM, DNS Services, Transit
# Gateway): resources/platform/api_backed.py.
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in platform_api_types.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in platform_api_types.DATA_SOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in api_data_bare_metal.DATA_SOURCES})
DEEP_DATA_SOURCES.update(API_DATA_SOURCES)
# Key Protect's ibm_kp_key and its data source through KP's API (resources/platform/kp_key.py).
API_RESOURCES[kp_key.DECLARATION.type_name] = KeptResource(kp_key)
API_DATA_SOURCES[kp_key.DataSource.DECLARATION.type_name] = kp_key.DataSource
DEEP_DATA_SOURCES[kp_key.DataSource.DECLARATION.type_name] = kp_key.DataSource
# Key Protect's ibm_kms_key, its aliases, key rings, key and instance policies, keys with policy
# overrides and their data sources likewise (resources/platform/kms.py).
API_RESOURCES.update({r.DECLARATION.type_name: r for r in kms.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in kms.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in kms.DATA_SOURCES})
# Key Protect's KMIP adapters, client certificates and objects (resources/platform/kmip.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in kmip.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in kmip.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in kmip.DATA_SOURCES})
# Hyper Protect Crypto Services: the instance through Resource Controller, its crypto units'
# initialization kept beside (resources/platform/hpcs.py); vaults, key templates, keystores and
# managed keys through the Unified Key Orchestrator's API (resources/platform/hpcs_uko.py).
API_RESOURCES[hpcs.RESOURCE.DECLARATION.type_name] = hpcs.RESOURCE
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in hpcs_uko.RESOURCES})
for _data in (hpcs.DataSource, *hpcs_uko.DATA_SOURCES):
    API_DATA_SOURCES[_data.DECLARATION.type_name] = _data
    DEEP_DATA_SOURCES[_data.DECLARATION.type_name] = _data
# IAM access policies of access groups, service IDs and trusted profiles through /v1/policies
# (resources/platform/iam_access_policy.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in iam_access_policy.RESOURCES})
# Transit Gateway's prefix filters and route reports, IAM's service ID groups, DNS Services'
# global load balancers, their pools and monitors, and linked zones (resources/platform/api_types_more.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in platform_api_types_more.RESOURCES})
# Their data sources, and those of IAM's access policies, CBR's zone addresses and the VPC's
# reservations and VPN servers, through the same APIs (resources/platform/api_data_more.py); VPC
# image export jobs as a sub-collection of their image.
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in platform_api_data_more.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in platform_api_data_more.DATA_SOURCES})
API_SUB_COLLECTIONS.update({r.api.type_name: r for r in api_types_last.RESOURCES
                            if r.api.type_name == "ibm_is_image_export_job"})
# DNS Services' custom resolvers, their forwarding rules and secondary zones, and Transit
# Gateway's connection actions and redundant GRE tunnels (resources/platform/dns_resolvers.py, tg_more.py).
API_RESOURCES.update({r.DECLARATION.type_name: r for r in platform_dns_resolvers.RESOURCES + platform_tg_more.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in platform_dns_resolvers.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in platform_dns_resolvers.DATA_SOURCES})
# The VPC's one-shot operation types (a VPN client's disconnection, an account's revocation, a
# binding permitted or denied, a share's accessor binding deleted, a replica failed over or split)
# and the VPN server clients' data sources (resources/network/api_types_oneshot.py).
API_RESOURCES.update({r.DECLARATION.type_name: r for r in api_types_oneshot.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in api_types_oneshot.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in api_types_oneshot.DATA_SOURCES})
# Activity Tracker Event Routing's targets, routes and settings through its API (resources/platform/atracker.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in atracker.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in atracker.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in atracker.DATA_SOURCES})
# Cloud Object Storage buckets through COS's S3 and configuration APIs (resources/platform/cos/).
API_RESOURCES[cos_bucket.DECLARATION.type_name] = cos_bucket.kept_resource()
API_DATA_SOURCES[cos_bucket.DataSource.DECLARATION.type_name] = cos_bucket.DataSource
DEEP_DATA_SOURCES[cos_bucket.DataSource.DECLARATION.type_name] = cos_bucket.DataSource
API_RESOURCES[cos_bucket_object.DECLARATION.type_name] = cos_bucket_object.kept_resource()
API_DATA_SOURCES[cos_bucket_object.DataSource.DECLARATION.type_name] = cos_bucket_object.DataSource
DEEP_DATA_SOURCES[cos_bucket_object.DataSource.DECLARATION.type_name] = cos_bucket_object.DataSource
API_RESOURCES[cos_bucket_website.DECLARATION.type_name] = cos_bucket_website.kept_resource()
API_RESOURCES[cos_bucket_lifecycle.DECLARATION.type_name] = cos_bucket_lifecycle.kept_resource()
API_RESOURCES.update({r.DECLARATION.type_name: r for r in cos_bucket_protection.RESOURCES})

# Cluster networks, their subnets, reserved IPs and interfaces, and an instance's cluster network and
# network attachments through the VPC API (resources/network/api_types_cluster.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in api_types_cluster.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in api_types_cluster.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in api_types_cluster.DATA_SOURCES})

# IAM templates, their versions and assignments, and their data sources, through the IAM APIs
# (resources/platform/iam_templates.py, iam_templates_data.py).
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) for r in iam_templates.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in iam_templates_data.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in iam_templates_data.DATA_SOURCES})

# More IAM and account types (trusted profile identities, account settings, identity
# preferences, IdPs and their account settings, custom roles, access tags, one-shot detaches and
# reclamations; users invited, their settings and policies) and their data sources, through their
# APIs (resources/platform/iam_more.py, user_management.py, iam_more_data.py).
from vpcmock_provider.resources.platform import iam_more, iam_more_data, user_management  # noqa: E402
API_RESOURCES.update({r.DECLARATION.type_name: KeptResource(r) if getattr(r, "kept", True) else r
                      for r in iam_more.RESOURCES + user_management.RESOURCES})
API_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in iam_more_data.DATA_SOURCES})
DEEP_DATA_SOURCES.update({d.DECLARATION.type_name: d for d in iam_more_data.DATA_SOURCES})

RESOURCE_TYPES = tuple(ibm_schema.type_names("resource"))
DATA_SOURCE_TYPES = tuple(ibm_schema.type_names("data"))


@lru_cache(maxsize=None)
def resource(type_name: str):
    if type_name in DEEP_RESOURCES:
        return DEEP_RESOURCES[type_name]
    if type_name in API_RESOURCES:
        return API_RESOURCES[type_name]
    if type_name not in RESOURCE_TYPES:
        raise KeyError(type_name)
    return StoredResource(ibm_schema.declaration(type_name, "resource"))


def _singular(type_name: str) -> str | None:
    """The resource type a plural data source lists (`vpcs` -> `vpc`, `..._policies` -> `..._policy`)."""
    if not type_name.endswith("s"):
        return None
    return next((c for c in (type_name[:-1], type_name[:-2], type_name[:-3] + "y") if c in RESOURCE_TYPES), None)


@lru_cache(maxsize=None)
def data_source(type_name: str):
    if type_name in DEEP_DATA_SOURCES:
        return DEEP_DATA_SOURCES[type_name]
    if type_name not in DATA_SOURCE_TYPES:
        raise KeyError(type_name)
    declaration = ibm_schema.declaration(type_name, "data")
    if type_name in ACCOUNT_DATA_SOURCES:
        return AccountDataSource(declaration, type_name if type_name in RESOURCE_TYPES else None)
    lists = [fld for fld in declaration.fields if fld.as_attribute]
    plural_name = type_name.split("_")[-1]
    list_field = next((fld for fld in lists if fld.name == plural_name), lists[0] if len(lists) == 1 else None)
    backing = type_name if type_name in RESOURCE_TYPES else _singular(type_name) if list_field else None
    if backing is None:
        return StoredDataSource(declaration, None)
    if backing in API_SUB_COLLECTIONS:
        return api_types.SubCollectionDataSource(declaration, API_SUB_COLLECTIONS[backing],
                                                 list_field if backing != type_name else None)
    if backing in DEEP_RESOURCES or backing in API_RESOURCES:
        if backing not in API_LISTINGS:
            # Its records are the API's: an echo would find nothing it made.
            raise LookupError(f"{type_name}: its resource {backing} is served through an API, and it has "
                              "no reader of that API (DEEP_DATA_SOURCES, API_DATA_SOURCES, API_LISTINGS, "
                              "API_SUB_COLLECTIONS)")
        return ApiDataSource(declaration, resource(backing), *API_LISTINGS[backing],
                             list_field if backing != type_name else None)
    return StoredDataSource(declaration, backing, list_field if backing != type_name else None)


def resource_declarations() -> dict:
    return {name: resource(name).DECLARATION for name in RESOURCE_TYPES}


def data_source_declarations() -> dict:
    return {name: data_source(name).DECLARATION for name in DATA_SOURCE_TYPES}
