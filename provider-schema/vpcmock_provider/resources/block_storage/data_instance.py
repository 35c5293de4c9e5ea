"""Data sources ibm_is_instance and ibm_is_instances: instances read from the API (/instances)
as the IBM provider's data sources read them. Their shapes are not the resource's: `keys` is a
list of {id, name} (the first key only, as the IBM read keeps it), `boot_volume` names the
attachment and its volume, `volumes` is the set of data volume ids; the plural one filters by
the API's list parameters and by instance group membership."""

from __future__ import annotations

import hashlib

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import Client, ProviderError
from vpcmock_provider.resources.mapping import (all_pages, go_time, reasons, reference_block, resource_fields,
                                                sdk_call)
from vpcmock_provider.resources.platform.stored_data import _project, all_records
from vpcmock_provider.resources.platform.tagging import attached


def _one(value: dict | None) -> list[dict]:
    return [value] if value else []


def _catalog_offering(offering: dict | None) -> list[dict]:
    """The offering's version and plan, as the IBM read sets them (not the offering's own CRN)."""
    if not offering:
        return []
    plan = offering.get("plan") or {}
    return [{"version_crn": (offering.get("version") or {}).get("crn"), "plan_crn": plan.get("crn") or None,
             "deleted": [{"more_info": plan["deleted"].get("more_info")}] if plan.get("deleted") else []}]


def _attachment_view(ref: dict | None) -> dict | None:
    """An InstanceNetworkAttachmentReference with its nested references as blocks."""
    if not ref:
        return None
    return {**{key: ref.get(key) for key in ("href", "id", "name", "resource_type")}, "deleted": [],
            **{key: _one(ref.get(key)) for key in ("primary_ip", "subnet", "virtual_network_interface")}}


def _interface_view(client: Client, instance_id: str, ref: dict) -> dict:
    """A secondary network interface, its security groups read from it (as the IBM read does)."""
    ip = ref.get("primary_ip") or {}
    nic = sdk_call(client, "GetInstanceNetworkInterface", "GET",
                   f"/instances/{instance_id}/network_interfaces/{ref['id']}")[0]
    return {"id": ref["id"], "name": ref["name"], "subnet": (ref.get("subnet") or {}).get("id"),
            "primary_ipv4_address": ip.get("address"),
            "security_groups": [group["id"] for group in nic.get("security_groups") or []],
            "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                            "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type")}]}


def _primary_groups(client: Client, instance: dict, nic: dict) -> list[str]:
    """The primary interface's security groups, read from the interface as the IBM data sources
    do (none for the mock's fixed interface of an instance made without one, which it does not serve)."""
    if nic["subnet"]["id"] == "mock-subnet":
        return []
    found = sdk_call(client, "GetInstanceNetworkInterface", "GET",
                     f"/instances/{instance['id']}/network_interfaces/{nic['id']}")[0]
    return [group["id"] for group in found.get("security_groups") or []]


def instance_view(client: Client, instance: dict, *, keys: bool) -> dict:
    """The attributes both data sources read of one instance (`keys` and `volumes`, which need
    more calls, only for the singular one)."""
    boot = instance.get("boot_volume_attachment") or {}
    boot_volume = boot.get("volume") or {}
    nic = instance.get("primary_network_interface")
    ip = (nic or {}).get("primary_ip") or {}
    vcpu = instance.get("vcpu") or {}
    policy = instance.get("availability_policy") or {}
    metadata = instance.get("metadata_service")
    affinity = instance.get("reservation_affinity")
    view = {
        **resource_fields(instance, "compute/vs"),
        "id": instance["id"], "name": instance["name"], "profile": instance["profile"]["name"],
        "zone": instance["zone"]["name"], "vpc": instance["vpc"]["id"], "image": (instance.get("image") or {}).get("id"),
        "memory": instance.get("memory"), "numa_count": instance.get("numa_count"),
        "availability": _one({"class": (instance.get("availability") or {}).get("class")}),
        "availability_policy": _one({"host_failure": policy.get("host_failure"), "preemption": policy.get("preemption")}),
        "availability_policy_host_failure": policy.get("host_failure"),
        "vcpu": _one({"architecture": vcpu.get("architecture"), "burst": [], "count": vcpu.get("count"),
                      "manufacturer": vcpu.get("manufacturer"), "percentage": vcpu.get("percentage")}),
        "metadata_service_enabled": (metadata or {}).get("enabled"),
        "metadata_service": _one(metadata and {key: metadata.get(key) for key in ("enabled", "protocol",
                                                                                 "response_hop_limit")}),
        **{key: instance.get(key) for key in ("bandwidth", "total_network_bandwidth", "total_volume_bandwidth",
                                             "volume_bandwidth_qos_mode", "threads_per_core",
                                             "confidential_compute_mode", "enable_secure_boot", "lifecycle_state",
                                             "health_state")},
        "lifecycle_reasons": reasons(instance.get("lifecycle_reasons")),
        "status_reasons": reasons(instance.get("status_reasons"), complete_only=True),
        "health_reasons": reasons(instance.get("health_reasons")),
        "cluster_network": reference_block(instance.get("cluster_network")),
        "cluster_network_attachments": [{key: a.get(key) for key in ("href", "id", "name", "resource_type")}
                                        for a in instance.get("cluster_network_attachments") or []],
        "boot_volume": _one(boot and {"id": boot.get("id"), "name": boot.get("name"),
                                      "device": (boot.get("device") or {}).get("id"),
                                      "volume_id": boot_volume.get("id"), "volume_name": boot_volume.get("name"),
                                      "volume_crn": boot_volume.get("crn")}),
        "volume_attachments": [{"id": a["id"], "name": a["name"], "volume_id": a["volume"]["id"],
                                "volume_name": a["volume"]["name"], "volume_crn": a["volume"]["crn"]}
                               for a in instance.get("volume_attachments") or [] if a.get("volume")],
        "primary_network_interface": _one(nic and {
            "id": nic["id"], "name": nic["name"], "port_speed": 1000, "subnet": nic["subnet"]["id"],
            "primary_ipv4_address": ip.get("address"), "security_groups": _primary_groups(client, instance, nic),
            "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                            "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type")}]}),
        "primary_network_attachment": _one(_attachment_view(instance.get("primary_network_attachment"))),
        # As the IBM data source: every attachment (the primary one too), the interfaces but the primary.
        "network_attachments": [_attachment_view(ref) for ref in instance.get("network_attachments") or []],
        "network_interfaces": [_interface_view(client, instance["id"], ref)
                               for ref in instance.get("network_interfaces") or [] if ref["id"] != (nic or {}).get("id")],
        "gpu": _one(instance.get("gpu") and {key: instance["gpu"].get(key)
                                             for key in ("count", "manufacturer", "memory", "model")}),
        "disks": [{**{key: disk.get(key) for key in ("href", "id", "interface_type", "name", "resource_type", "size")},
                   "created_at": go_time(disk.get("created_at"))} for disk in instance.get("disks") or []],
        "placement_target": reference_block(instance.get("placement_target")),
        "reservation": reference_block(instance.get("reservation")),
        "reservation_affinity": _one(affinity and {"policy": affinity.get("policy"), "pool": [
            block for pool in affinity.get("pool") or [] for block in reference_block(pool)]}),
        "software_attachments": [block for attachment in instance.get("software_attachments") or []
                                 for block in reference_block(attachment, ("href", "id", "name", "resource_type"))],
        "catalog_offering": _catalog_offering(instance.get("catalog_offering")),
        "tags": attached(client, instance["crn"]), "access_tags": [],
    }
    if keys:
        found = sdk_call(client, "GetInstanceInitialization", "GET",
                         f"/instances/{instance['id']}/initialization")[0].get("keys") or []
        view["keys"] = [{"id": key.get("id") or "", "name": key.get("name") or ""} for key in found[:1]]
        view["volumes"] = [a["volume"]["id"] for a in instance.get("volume_attachments") or []
                           if a.get("volume") and a["volume"]["id"] != boot_volume.get("id")]
    return view


class Instance:
    DECLARATION = ibm_schema.declaration("ibm_is_instance", "data")  # as served before: schema and docs unchanged

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        found = sdk_call(client, "ListInstances", "GET", "/instances", params={"name": config["name"]})[0]
        if not found["instances"]:
            raise ProviderError(f"ListInstancesWithContext failed: No Instance found with name {config['name']}",
                                "name")
        view = instance_view(client, found["instances"][0], keys=True)
        return {**_project(cls.DECLARATION.fields, view), "id": view["id"],
                **{key: config.get(key) for key in ("private_key", "passphrase")}}


# The data source's arguments the API's list takes, and the parameter each is.
_LIST_PARAMETERS = {"vpc": "vpc.id", "vpc_name": "vpc.name", "vpc_crn": "vpc.crn", "resource_group": "resource_group.id",
                    "cluster_network_id": "cluster_network.id", "cluster_network_crn": "cluster_network.crn",
                    "cluster_network_name": "cluster_network.name", "dedicated_host": "dedicated_host.id",
                    "dedicated_host_name": "dedicated_host.name", "placement_group": "placement_group.id",
                    "placement_group_name": "placement_group.name"}


def _group_members(client: Client, group: str) -> set[str]:
    """The instances of an instance group, as its memberships name them (instance groups and
    their memberships are stored resources: they hold what was applied)."""
    members = set()
    for record in all_records(client, "ibm_is_instance_group_membership"):
        attributes = record.get("attributes") or {}
        if attributes.get("instance_group") == group:
            members |= {item.get("virtual_server_instance") for item in attributes.get("instance") or []}
    for record in all_records(client, "ibm_is_instance_group"):
        if record.get("id") == group:
            members |= set((record.get("attributes") or {}).get("instances") or [])
    return members - {None}


class Instances:
    DECLARATION = ibm_schema.declaration("ibm_is_instances", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = {fld.name: config[fld.name] for fld in cls.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, "")}
        params = {_LIST_PARAMETERS[name]: value for name, value in arguments.items() if name in _LIST_PARAMETERS}
        group = arguments.get("instance_group")
        if not group and arguments.get("instance_group_name"):
            # By name, as the IBM read finds it: a name no group has filters nothing.
            group = next((r["id"] for r in all_records(client, "ibm_is_instance_group")
                          if (r.get("attributes") or {}).get("name") == arguments["instance_group_name"]), None)
        found = all_pages(client, "/instances", "instances", params)
        if group:
            members = _group_members(client, group)
            found = [instance for instance in found if instance["id"] in members]
        items = next(f for f in cls.DECLARATION.fields if f.name == "instances").fields
        return {**arguments, "id": hashlib.sha256(repr(sorted(arguments.items())).encode()).hexdigest()[:32],
                "instances": [{**_project(items, instance_view(client, i, keys=False)), "id": i["id"]}
                              for i in found]}
