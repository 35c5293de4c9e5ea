"""ibm_is_instance ↔ /instances (+ volume attachments, actions, the boot volume's /volumes/{id},
and Global Tagging for `tags`), read and updated as the IBM provider does: every attribute its
read sets from the API (volume attachments, vCPU, availability, metadata service, bandwidths,
the boot volume's iops, bandwidth and tags, ...), and each change made as its update makes it
(a profile change stops the instance, patches it and starts it again; `action` runs on a change)."""

from __future__ import annotations

from vpcmock_provider.client import Client, ProviderError
from vpcmock_provider.declarations.block_storage.instance import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import (get_or_none, go_time, reasons, reference_block, resource_fields,
                                                tags_changed)
from vpcmock_provider.resources.network.api_types_cluster import vni_block, vni_prototype
from vpcmock_provider.resources.platform.tagging import attached, set_tags


def to_state(client: Client, instance: dict, prior: dict) -> dict:
    boot_id = instance["boot_volume_attachment"]["volume"]["id"]
    boot = client.call("GET", f"/volumes/{boot_id}")[0]
    prior_boot = (prior.get("boot_volume") or [{}])[0] or {}
    policy = instance.get("availability_policy") or {}
    metadata = instance.get("metadata_service") or {}
    return {
        "id": instance["id"], "name": instance["name"], "profile": instance["profile"]["name"],
        "zone": instance["zone"]["name"], "vpc": instance["vpc"]["id"],
        "image": (instance.get("image") or {}).get("id"),
        # From the API when the instance came from an offering; else (none, or a plan alone, which
        # names no offering: the image is used) what was configured is kept (resources/kept.py).
        **({"catalog_offering": offering} if (offering := _catalog_offering_state(instance, prior)) else {}),
        "boot_volume": [{
            "name": boot["name"], "profile": boot["profile"]["name"], "size": boot["capacity"],
            "iops": boot.get("iops"), "tags": boot.get("user_tags"),
            # The API does not take a volume's bandwidth yet (see resources/block_storage/volume.py):
            # what was configured is kept, else what the API computes.
            "bandwidth": prior_boot.get("bandwidth") or boot.get("bandwidth"),
            "encryption": (boot.get("encryption_key") or {}).get("crn"),
            "snapshot": (boot.get("source_snapshot") or {}).get("id"),
            "snapshot_crn": (boot.get("source_snapshot") or {}).get("crn"),
            "allowed_use": prior_boot.get("allowed_use") or [],
            "auto_delete_volume": instance["boot_volume_attachment"].get("delete_volume_on_instance_delete", True),
            "volume_id": boot_id}],
        # Every attachment, the boot volume's first, as the IBM provider reads them.
        "volume_attachments": [{"id": a["id"], "name": a["name"], "volume_id": a["volume"]["id"],
                                "volume_name": a["volume"]["name"], "volume_crn": a["volume"]["crn"]}
                               for a in instance.get("volume_attachments") or [] if a.get("volume")],
        "vcpu": [{"architecture": (instance.get("vcpu") or {}).get("architecture"), "burst": [],
                  "count": (instance.get("vcpu") or {}).get("count"),
                  "manufacturer": (instance.get("vcpu") or {}).get("manufacturer"),
                  "percentage": (instance.get("vcpu") or {}).get("percentage")}] if instance.get("vcpu") else [],
        "availability": [{"class": (instance.get("availability") or {}).get("class")}]
        if instance.get("availability") else [],
        "availability_policy": [{"host_failure": policy.get("host_failure"), "preemption": policy.get("preemption")}]
        if policy else [],
        "availability_policy_host_failure": policy.get("host_failure"),
        "metadata_service_enabled": metadata.get("enabled"),
        "metadata_service": [{"enabled": metadata.get("enabled"), "protocol": metadata.get("protocol"),
                              "response_hop_limit": metadata.get("response_hop_limit")}] if metadata else [],
        **{key: instance.get(key) for key in ("confidential_compute_mode", "enable_secure_boot",
                                             "total_volume_bandwidth", "volume_bandwidth_qos_mode",
                                             "threads_per_core")},
        # Like the IBM provider, `volumes` shows the attached volumes this resource manages: those
        # attached by ibm_is_instance_volume_attachment resources stay out of it (no diff).
        "volumes": _managed_volumes(instance, boot_id, prior.get("volumes")),
        "tags": attached(client, instance["crn"]),
        **_initialization_state(client, instance, prior),
        **_placement_state(instance),
        "memory": instance.get("memory"),
        "primary_network_interface": _interface(client, instance, prior),
        **_secondaries_state(client, instance, prior),
        **resource_fields(instance, "compute/vs"),
        "bandwidth": instance.get("bandwidth"), "total_network_bandwidth": instance.get("total_network_bandwidth"),
        # The API has numa_count only while the instance runs; the IBM provider keeps what it read before.
        "numa_count": instance.get("numa_count", prior.get("numa_count")),
        "lifecycle_state": instance.get("lifecycle_state"),
        "lifecycle_reasons": reasons(instance.get("lifecycle_reasons"), complete_only=True),
        "status_reasons": reasons(instance.get("status_reasons"), complete_only=True),
        "health_state": instance.get("health_state"),
        "health_reasons": reasons(instance.get("health_reasons"), complete_only=True),
        "gpu": [{key: instance["gpu"].get(key) for key in ("count", "manufacturer", "memory", "model")}]
        if instance.get("gpu") else [],
        "disks": [{**{key: disk.get(key) for key in ("href", "id", "interface_type", "name", "resource_type", "size")},
                   "created_at": go_time(disk.get("created_at"))} for disk in instance.get("disks") or []],
        "placement_target": reference_block(instance.get("placement_target")),
        "reservation": reference_block(instance.get("reservation")),  # as the IBM read: the instance's own
        "cluster_network": reference_block(instance.get("cluster_network")),
        **_attachments_state(client, instance, prior),
        "software_attachments": [block for attachment in instance.get("software_attachments") or []
                                 for block in reference_block(attachment, ("href", "id", "name", "resource_type"))],
    }


# The placement arguments, in the order the IBM create tries them (they conflict: one is set).
_PLACEMENT_ARGUMENTS = ("dedicated_host", "dedicated_host_group", "placement_group")


def _placement_state(instance: dict) -> dict:
    """The reservation affinity with each reservation's reference, as the IBM read sets it. The
    IBM read sets only the `placement_target` block from the API's placement target (above), never
    `dedicated_host`, `dedicated_host_group` nor `placement_group`: those stay as configured
    (kept: resources/kept.py), and the SDK sees the placement in `placement_target`."""
    affinity = instance.get("reservation_affinity")
    return {"reservation_affinity": [{
        "policy": affinity.get("policy"),
        "pool": [{**{key: ref.get(key) for key in ("crn", "href", "id", "name", "resource_type")}, "deleted": []}
                 for ref in affinity.get("pool") or []]}] if affinity else []}


def _initialization_state(client: Client, instance: dict, prior: dict) -> dict:
    """What GET /instances/{id}/initialization tells: the SSH keys and the default trusted
    profile as the IBM read sets it: auto_link, and the target's id (also for a target configured
    by CRN, which then plans a replacement, as with the IBM provider); without a trusted profile
    the IBM read sets neither, and what was configured stays."""
    found = client.call("GET", f"/instances/{instance['id']}/initialization")[0]
    trusted = found.get("default_trusted_profile") or {}
    target = trusted.get("target") or {}
    return {"keys": [k["id"] for k in found.get("keys") or []] or None,
            "default_trusted_profile_auto_link": trusted["auto_link"] if trusted.get("auto_link") is not None
            else prior.get("default_trusted_profile_auto_link"),
            "default_trusted_profile_target": target.get("id") or prior.get("default_trusted_profile_target")}


def _attachments_state(client: Client, instance: dict, prior: dict) -> dict:
    """The network attachments and cluster network attachments as the IBM read sets them: each
    network attachment with its virtual network interface (GET of the attachment and of the
    interface), `network_attachments` all but the primary; each cluster network attachment with
    its interface's reference (GET of the attachment). Nothing of an instance on interfaces."""
    out = {"cluster_network_attachments": [
        _cluster_attachment_state(client, instance["id"], ref, _nth(prior.get("cluster_network_attachments"), index))
        for index, ref in enumerate(instance.get("cluster_network_attachments") or [])]}
    primary = instance.get("primary_network_attachment")
    if not primary:
        return out
    others = [ref for ref in instance.get("network_attachments") or [] if ref["id"] != primary["id"]]
    out["primary_network_attachment"] = [_attachment_state(client, instance["id"], primary,
                                                           _first(prior, "primary_network_attachment"))]
    out["network_attachments"] = [_attachment_state(client, instance["id"], ref,
                                                    _nth(prior.get("network_attachments"), index))
                                  for index, ref in enumerate(others)]
    return out


def _nth(blocks: list | None, index: int) -> dict:
    return (blocks or [])[index] if index < len(blocks or []) else {}


def _attachment_state(client: Client, instance_id: str, ref: dict, prior: dict) -> dict:
    attachment = client.call("GET", f"/instances/{instance_id}/network_attachments/{ref['id']}")[0]
    ip = attachment.get("primary_ip") or {}
    return {"id": attachment["id"], "href": attachment.get("href"), "name": attachment["name"],
            "resource_type": attachment.get("resource_type"), "deleted": [],
            "primary_ip": [{k: ip.get(k) for k in ("address", "href", "id", "name", "resource_type")}] if ip else [],
            "virtual_network_interface": vni_block(client, attachment,
                                                   ((prior or {}).get("virtual_network_interface") or [{}])[0] or {})}


def _cluster_attachment_state(client: Client, instance_id: str, ref: dict, prior: dict) -> dict:
    attachment = client.call("GET", f"/instances/{instance_id}/cluster_network_attachments/{ref['id']}")[0]
    interface = attachment.get("cluster_network_interface") or {}
    before = ((prior or {}).get("cluster_network_interface") or [{}])[0] or {}
    subnet, ip = interface.get("subnet") or {}, interface.get("primary_ip") or {}
    return {"href": attachment.get("href"), "id": attachment["id"], "name": attachment["name"],
            "resource_type": attachment.get("resource_type"),
            "cluster_network_interface": [{
                "href": interface.get("href"), "id": interface.get("id"), "name": interface.get("name"),
                # The IBM read leaves auto_delete out of the block: what was configured stays.
                "auto_delete": before.get("auto_delete"),
                "subnet": [{"id": subnet.get("id"), "href": subnet.get("href")}] if subnet else [],
                "primary_ip": [{"id": ip.get("id"), "href": ip.get("href"), "address": ip.get("address"),
                                "name": ip.get("name"), "auto_delete": (_first(before, "primary_ip")).get(
                                    "auto_delete")}] if ip else []}]}


def _interface(client: Client, instance: dict, prior: dict) -> list[dict] | None:
    """The primary network interface as the IBM provider reads it back: its security groups,
    spoofing and subnet from the interface itself (GET of it). An instance the API made without
    one (the mock's fixed interface) keeps what was configured."""
    nic = instance.get("primary_network_interface")
    if not nic or nic["subnet"]["id"] == "mock-subnet":
        return prior.get("primary_network_interface")
    own = client.call("GET", f"/instances/{instance['id']}/network_interfaces/{nic['id']}")[0]
    ip = nic.get("primary_ip") or {}
    before = ((prior.get("primary_network_interface") or [{}])[0] or {})
    before_ip = (before.get("primary_ip") or [{}])[0] or {}
    # The primary's reserved IP always has auto_delete true in the mock: the configured value is
    # kept (as before), else the API's default (true).
    auto_delete = before_ip.get("auto_delete")
    return [{"id": nic["id"], "name": nic["name"], "subnet": own["subnet"]["id"],
             "allow_ip_spoofing": own.get("allow_ip_spoofing", False), "port_speed": own.get("port_speed") or 1000,
             "primary_ipv4_address": ip.get("address"),
             "security_groups": [group["id"] for group in own.get("security_groups") or []],
             "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                             "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"),
                             "auto_delete": True if auto_delete is None else auto_delete}]}]


def _secondaries_state(client: Client, instance: dict, prior: dict) -> dict:
    """`network_interfaces` as the IBM read sets it: every interface but the primary, each read
    from the interface (spoofing, subnet, security groups) and its primary IP's auto_delete from
    the reserved IP. Nothing for an instance on network attachments or without an interface (the
    configured value stays kept: resources/kept.py)."""
    primary = instance.get("primary_network_interface") or {}
    if instance.get("primary_network_attachment") or not primary or primary["subnet"]["id"] == "mock-subnet":
        return {}
    found = []
    for ref in instance.get("network_interfaces") or []:
        if ref["id"] == primary["id"]:
            continue
        own = client.call("GET", f"/instances/{instance['id']}/network_interfaces/{ref['id']}")[0]
        ip = ref.get("primary_ip") or {}
        reserved = get_or_none(client, f"/subnets/{ref['subnet']['id']}/reserved_ips/{ip.get('id')}")
        found.append({"id": ref["id"], "name": ref["name"], "subnet": own["subnet"]["id"],
                      "allow_ip_spoofing": own.get("allow_ip_spoofing", False),
                      "primary_ipv4_address": ip.get("address"),
                      "security_groups": [group["id"] for group in own.get("security_groups") or []],
                      "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                                      "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"),
                                      "auto_delete": (reserved[0] if reserved else {}).get("auto_delete")}]})
    return {"network_interfaces": found}


def _managed_volumes(instance: dict, boot_id: str, managed: list | None) -> list | None:
    if not managed:
        return None
    attached = {a["volume"]["id"] for a in instance.get("volume_attachments", []) if a["volume"]["id"] != boot_id}
    return [volume_id for volume_id in managed if volume_id in attached]  # a list: in the configured order


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "profile": {"name": planned["profile"]}, "zone": {"name": planned["zone"]},
            "vpc": {"id": planned["vpc"]}}
    offering = _catalog_offering(planned)
    if offering:  # as the IBM provider's instanceCreateByCatalogOffering: the offering, not an image
        body["catalog_offering"] = offering
    elif planned.get("image"):
        body["image"] = {"id": planned["image"]}
    nic = (planned.get("primary_network_interface") or [None])[0]
    attachment = (planned.get("primary_network_attachment") or [None])[0]
    if attachment:  # as the IBM create: the attachments, each with its virtual network interface
        body["primary_network_attachment"] = _attachment_prototype(attachment)
        if planned.get("network_attachments"):
            body["network_attachments"] = [_attachment_prototype(a) for a in planned["network_attachments"]]
    elif nic and nic.get("subnet"):
        body["primary_network_interface"] = {"subnet": {"id": nic["subnet"]},
                                             "allow_ip_spoofing": bool(nic.get("allow_ip_spoofing"))}
        if nic.get("name"):
            body["primary_network_interface"]["name"] = nic["name"]
        ip = _primary_ip(nic)
        if ip:
            body["primary_network_interface"]["primary_ip"] = ip
        if nic.get("security_groups"):
            body["primary_network_interface"]["security_groups"] = [{"id": g} for g in sorted(nic["security_groups"])]
        if planned.get("network_interfaces"):
            body["network_interfaces"] = [_secondary_prototype(block) for block in planned["network_interfaces"]]
    body.update(_settings(planned))
    if planned.get("cluster_network_attachments"):
        body["cluster_network_attachments"] = [_cluster_attachment(a) for a in planned["cluster_network_attachments"]]
    if planned.get("keys"):
        body["keys"] = [{"id": key} for key in sorted(planned["keys"])]
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    boot = (planned.get("boot_volume") or [None])[0] or {}
    volume = {key: value for key, value in (("name", boot.get("name")), ("capacity", boot.get("size")),
                                            ("iops", boot.get("iops")), ("bandwidth", boot.get("bandwidth")),
                                            ("user_tags", sorted(boot.get("tags") or []))) if value}
    if boot.get("profile"):
        volume["profile"] = {"name": boot["profile"]}
    if boot.get("encryption"):
        volume["encryption_key"] = {"crn": boot["encryption"]}
    if boot.get("snapshot"):
        volume["source_snapshot"] = {"id": boot["snapshot"]}
    body["boot_volume_attachment"] = {"volume": volume,
                                      "delete_volume_on_instance_delete": boot.get("auto_delete_volume", True) is not False}
    if planned.get("volumes"):
        body["volume_attachments"] = [{"volume": {"id": v}} for v in sorted(planned["volumes"])]
    body.update(_placement_prototype(planned))
    if planned.get("user_data"):  # sent as configured; the API never returns it (kept: resources/kept.py)
        body["user_data"] = planned["user_data"]
    created, _ = client.call("POST", "/instances", body)
    if planned.get("tags"):
        set_tags(client, created["crn"], planned["tags"], [])
    return read(client, {**planned, "id": created["id"]})


def _placement_prototype(planned: dict) -> dict:
    """What the IBM create sends of where the instance runs: the one placement target configured
    (dedicated_host, dedicated_host_group and placement_group conflict) by id, the reservation
    affinity (its policy, its pool by id) and the default trusted profile (a target starting with
    "crn" by CRN, else by id; auto_link only when configured)."""
    body = {}
    argument = next((name for name in _PLACEMENT_ARGUMENTS if planned.get(name)), None)
    if argument:
        body["placement_target"] = {"id": planned[argument]}
    affinity = _first(planned, "reservation_affinity")
    if affinity:
        body["reservation_affinity"] = _affinity(affinity, with_pool=True)
    target = planned.get("default_trusted_profile_target")
    if target:
        trusted = {"target": {"crn": target} if target.startswith("crn") else {"id": target}}
        if planned.get("default_trusted_profile_auto_link") is not None:
            trusted["auto_link"] = planned["default_trusted_profile_auto_link"]
        body["default_trusted_profile"] = trusted
    return body


def _affinity(block: dict, with_pool: bool) -> dict:
    """An InstanceReservationAffinityPrototype (or Patch) as the IBM provider maps the block: the
    policy when set, and (`with_pool`) the pool's first reservation by id (it sends one)."""
    out = {"policy": block["policy"]} if block.get("policy") else {}
    first = ((block.get("pool") or [None])[0] or {}).get("id")
    if with_pool and first:
        out["pool"] = [{"id": first}]
    return out


def _secondary_prototype(block: dict) -> dict:
    """A NetworkInterfacePrototype as the IBM create maps a `network_interfaces` block: its
    subnet, name when given, spoofing, primary IP and security groups when any."""
    prototype = {"subnet": {"id": block["subnet"]}, "allow_ip_spoofing": bool(block.get("allow_ip_spoofing"))}
    if block.get("name"):
        prototype["name"] = block["name"]
    ip = _primary_ip(block, "network_interfaces")
    if ip:
        prototype["primary_ip"] = ip
    if block.get("security_groups"):
        prototype["security_groups"] = [{"id": g} for g in sorted(block["security_groups"])]
    return prototype


def _attachment_prototype(block: dict) -> dict:
    """An InstanceNetworkAttachmentPrototype as the IBM create maps the block."""
    prototype = {"virtual_network_interface": vni_prototype(_first(block, "virtual_network_interface"))}
    if block.get("name"):
        prototype["name"] = block["name"]
    return prototype


def _catalog_offering(planned: dict) -> dict | None:
    """The catalog offering the IBM provider's create sends: by offering or by version CRN (the
    two conflict), the plan beside either."""
    block = (planned.get("catalog_offering") or [None])[0] or {}
    offering = {}
    if block.get("version_crn"):
        offering = {"version": {"crn": block["version_crn"]}}
    elif block.get("offering_crn"):
        offering = {"offering": {"crn": block["offering_crn"]}}
    if offering and block.get("plan_crn"):
        offering["plan"] = {"crn": block["plan_crn"]}
    return offering or None


def _catalog_offering_state(instance: dict, prior: dict) -> list | None:
    """What the IBM read sets: the version's CRN and the plan's. An instance created by offering
    keeps its offering's CRN (the API answers the version it resolved to) and no version: the
    two conflict, and the IBM read's version in place of the offering plans a replacement."""
    offering = instance.get("catalog_offering")
    if not offering:
        return None
    before = (prior.get("catalog_offering") or [None])[0] or {}
    version = (offering.get("version") or {}).get("crn")
    return [{"version_crn": None if before.get("offering_crn") else version,
             "plan_crn": (offering.get("plan") or {}).get("crn") or before.get("plan_crn"),
             "offering_crn": before.get("offering_crn"), "deleted": []}]


def _primary_ip(nic: dict, where: str = "primary_network_interface") -> dict | None:
    """The primary IP the IBM provider asks for: an existing reserved IP, or an address (from
    `primary_ipv4_address` or `primary_ip.0.address`), name and auto_delete."""
    ip = (nic.get("primary_ip") or [None])[0] or {}
    address = nic.get("primary_ipv4_address") or ip.get("address")
    if nic.get("primary_ipv4_address") and ip.get("address") and nic["primary_ipv4_address"] != ip["address"]:
        raise ProviderError(f"Error creating instance, {where} error, use either "
                            f"primary_ipv4_address({nic['primary_ipv4_address']}) or "
                            f"primary_ip.0.address({ip['address']})", where)
    if ip.get("reserved_ip"):
        return {"id": ip["reserved_ip"]}
    found = {key: value for key, value in (("address", address), ("name", ip.get("name"))) if value}
    if ip.get("auto_delete") is not None and (found or ip):
        found["auto_delete"] = ip["auto_delete"]
    return found or None


def _settings(planned: dict) -> dict:
    """What the IBM provider's create sends of the instance's settings: each one configured."""
    body = {}
    availability = (planned.get("availability") or [None])[0] or {}
    if availability.get("class"):
        body["availability"] = {"class": availability["class"]}
    policy = (planned.get("availability_policy") or [None])[0] or {}
    policy = {key: policy[key] for key in ("host_failure", "preemption") if policy.get(key)}
    if planned.get("availability_policy_host_failure"):
        policy = {"host_failure": planned["availability_policy_host_failure"]}  # the deprecated one replaces it
    if policy:
        body["availability_policy"] = policy
    percentage = ((planned.get("vcpu") or [None])[0] or {}).get("percentage")
    if percentage:
        body["vcpu"] = {"percentage": percentage}
    metadata = (planned.get("metadata_service") or [None])[0]
    if metadata:  # enabled as configured (false when not), protocol and hop limit when given
        body["metadata_service"] = {"enabled": bool(metadata.get("enabled")), **{
            key: metadata[key] for key in ("protocol", "response_hop_limit") if metadata.get(key)}}
    elif planned.get("metadata_service_enabled"):
        body["metadata_service"] = {"enabled": True}
    for key in ("confidential_compute_mode", "total_volume_bandwidth", "volume_bandwidth_qos_mode",
                "threads_per_core"):
        if planned.get(key):
            body[key] = planned[key]
    if planned.get("enable_secure_boot") is not None:
        body["enable_secure_boot"] = planned["enable_secure_boot"]
    return body


def _cluster_attachment(attachment: dict) -> dict:
    """An InstanceClusterNetworkAttachmentPrototypeInstanceContext as the IBM create maps it: an
    existing interface by id, else a new one (name, auto_delete, subnet, primary IP)."""
    interface = (attachment.get("cluster_network_interface") or [None])[0] or {}
    subnet = (interface.get("subnet") or [None])[0] or {}
    ip = (interface.get("primary_ip") or [None])[0] or {}
    if interface.get("id") and not subnet:
        prototype = {"id": interface["id"]}
    else:
        prototype = {key: value for key, value in (("name", interface.get("name")),
                                                   ("auto_delete", interface.get("auto_delete"))) if value is not None}
        if subnet.get("id"):
            prototype["subnet"] = {"id": subnet["id"]}
        if ip.get("id"):
            prototype["primary_ip"] = {"id": ip["id"]}
        elif ip:
            prototype["primary_ip"] = {k: ip[k] for k in ("address", "name", "auto_delete") if ip.get(k) is not None}
    return {"cluster_network_interface": prototype, **({"name": attachment["name"]} if attachment.get("name") else {})}


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/instances/{state['id']}")
    return None if found is None else to_state(client, found[0], state)


def _first(state: dict, name: str) -> dict:
    return (state.get(name) or [None])[0] or {}


def _changed(prior: dict, planned: dict, name: str, key: str | None = None) -> bool:
    """Whether the plan changes attribute `name` (or `key` of its one block) to a value."""
    before, after = (_first(prior, name).get(key), _first(planned, name).get(key)) if key else \
        (prior.get(name), planned.get(name))
    return after is not None and after != before


def _status(client: Client, instance_id: str) -> str:
    return client.call("GET", f"/instances/{instance_id}")[0]["status"]


def _act(client: Client, instance_id: str, action: str, force: bool | None = None) -> None:
    body = {"type": action, **({"force": force} if force else {})}
    client.call("POST", f"/instances/{instance_id}/actions", body)


def _patch_stopped(client: Client, instance_id: str, patch: dict, start_after: bool) -> None:
    """A patch the API takes only on a stopped instance, as the IBM provider sends it: the
    instance stopped first if it runs, then started again (always after a profile or threads
    change, `start_after`; otherwise only if it was stopped here)."""
    stopped_here = _status(client, instance_id) == "running"
    if stopped_here:
        _act(client, instance_id, "stop")
    client.call("PATCH", f"/instances/{instance_id}", patch, merge_patch=True)
    if stopped_here or start_after:
        _act(client, instance_id, "start")


def _update_boot_volume(client: Client, instance_id: str, prior: dict, planned: dict) -> None:
    """Changes of `boot_volume` the IBM provider makes on the volume (capacity only grows) and on
    its attachment (auto_delete_volume)."""
    before, after = _first(prior, "boot_volume"), _first(planned, "boot_volume")
    volume_id = before.get("volume_id")
    if not volume_id:
        return
    patch = {}
    if after.get("size") is not None and after["size"] != before.get("size"):
        if after["size"] < (before.get("size") or 0):
            raise ProviderError("Error while updating boot volume size of the instance, only expansion is possible",
                                "boot_volume.0.size")
        patch["capacity"] = after["size"]
    for key, api in (("iops", "iops"), ("name", "name"), ("bandwidth", "bandwidth")):
        if after.get(key) is not None and after[key] != before.get(key):
            patch[api] = after[key]
    if after.get("tags") and sorted(after["tags"]) != sorted(before.get("tags") or []):
        patch["user_tags"] = sorted(after["tags"])
    if patch:
        client.call("PATCH", f"/volumes/{volume_id}", patch, merge_patch=True)
    if after.get("auto_delete_volume") is not None and after["auto_delete_volume"] != before.get("auto_delete_volume"):
        attachments = client.call("GET", f"/instances/{instance_id}/volume_attachments")[0]["volume_attachments"]
        for attachment in attachments:
            if attachment["type"] == "boot":
                client.call("PATCH", f"/instances/{instance_id}/volume_attachments/{attachment['id']}",
                            {"delete_volume_on_instance_delete": after["auto_delete_volume"]}, merge_patch=True)


def _update_placement(client: Client, instance_id: str, prior: dict, planned: dict) -> None:
    """As the IBM update: a changed reservation affinity is patched (the policy, the pool's first
    reservation only when the pool changed, a `disabled` policy without one clearing the pool);
    a changed dedicated host or group moves the instance there, stopped first and started after
    (the API moves only a stopped instance). Neither left (a move back to the public hosts) makes
    the IBM update stop and start the instance around an empty patch: it stays where it is."""
    before, after = _first(prior, "reservation_affinity"), _first(planned, "reservation_affinity")
    pool_changed = [r.get("id") for r in after.get("pool") or []] != [r.get("id") for r in before.get("pool") or []]
    if after and (after.get("policy") != before.get("policy") or pool_changed):
        patch = _affinity(after, with_pool=pool_changed)
        if patch.get("policy") == "disabled" and not patch.get("pool"):
            patch["pool"] = None  # as the IBM update: a null pool detaches the reservation
        if patch:
            client.call("PATCH", f"/instances/{instance_id}", {"reservation_affinity": patch}, merge_patch=True)
    host, group = planned.get("dedicated_host") or None, planned.get("dedicated_host_group") or None
    if host != (prior.get("dedicated_host") or None) or group != (prior.get("dedicated_host_group") or None):
        target = host or group
        _patch_stopped(client, instance_id, {"placement_target": {"id": target}} if target else {}, start_after=True)


def run_action(client: Client, instance_id: str, action: str, force: bool | None) -> None:
    """`action` (start, stop, reboot) as the IBM provider runs it: only from the status it
    applies to."""
    status = _status(client, instance_id)
    if action in ("stop", "reboot") and status != "running":
        raise ProviderError("Error with stop/reboot action: Cannot invoke stop/reboot action while instance is not "
                            "in running state", "action")
    if action == "start" and status != "stopped":
        raise ProviderError("Error with start action: Cannot invoke start action while instance is not in stopped "
                            "state", "action")
    _act(client, instance_id, action, force)


def update(client: Client, prior: dict, planned: dict) -> dict:
    """The IBM provider's update, in its order: the boot volume, the action, the name and what
    needs the instance stopped, the metadata service, the availability policy, the profile (with
    threads per core and volume bandwidth); then the data volumes and tags."""
    instance_id = prior["id"]
    _update_boot_volume(client, instance_id, prior, planned)
    if planned.get("action") and planned.get("action") != prior.get("action"):
        run_action(client, instance_id, planned["action"], planned.get("force_action"))
    patch, restart = {}, False
    if _changed(prior, planned, "vcpu", "percentage"):
        patch["vcpu"], restart = {"percentage": _first(planned, "vcpu")["percentage"]}, True
    if _changed(prior, planned, "availability", "class"):
        patch["availability"], restart = {"class": _first(planned, "availability")["class"]}, True
    for key in ("confidential_compute_mode", "enable_secure_boot", "volume_bandwidth_qos_mode"):
        if _changed(prior, planned, key):
            patch[key], restart = planned[key], True
    if planned["name"] != prior["name"]:
        patch["name"] = planned["name"]
    if restart:
        _patch_stopped(client, instance_id, patch, start_after=False)
    elif patch:
        client.call("PATCH", f"/instances/{instance_id}", patch, merge_patch=True)
    metadata = {key: _first(planned, "metadata_service")[key] for key in ("enabled", "protocol", "response_hop_limit")
                if _changed(prior, planned, "metadata_service", key)}
    if _changed(prior, planned, "metadata_service_enabled") and not metadata:
        metadata = {"enabled": planned["metadata_service_enabled"]}
    if metadata:
        client.call("PATCH", f"/instances/{instance_id}", {"metadata_service": metadata}, merge_patch=True)
    policy = {key: _first(planned, "availability_policy")[key] for key in ("host_failure", "preemption")
              if _changed(prior, planned, "availability_policy", key)}
    if not policy and _changed(prior, planned, "availability_policy_host_failure"):
        policy = {"host_failure": planned["availability_policy_host_failure"]}
    if policy:
        client.call("PATCH", f"/instances/{instance_id}", {"availability_policy": policy}, merge_patch=True)
    _update_placement(client, instance_id, prior, planned)
    resize = {key: planned[key] for key in ("threads_per_core", "total_volume_bandwidth") if _changed(prior, planned, key)}
    if _changed(prior, planned, "profile"):
        resize["profile"] = {"name": planned["profile"]}
    if "profile" in resize or "threads_per_core" in resize:
        _patch_stopped(client, instance_id, resize, start_after=True)
    elif resize:
        client.call("PATCH", f"/instances/{instance_id}", resize, merge_patch=True)
    wanted, current = set(planned.get("volumes") or []), set(prior.get("volumes") or [])
    if wanted != current:
        attachments = client.call("GET", f"/instances/{instance_id}/volume_attachments")[0]["volume_attachments"]
        for attachment in attachments:
            if attachment["volume"]["id"] in current - wanted:
                client.call("DELETE", f"/instances/{instance_id}/volume_attachments/{attachment['id']}")
        for volume_id in sorted(wanted - current):
            client.call("POST", f"/instances/{instance_id}/volume_attachments", {"volume": {"id": volume_id}})
    _update_attachments(client, instance_id, prior, planned)
    _update_interfaces(client, instance_id, prior, planned)
    if tags_changed(prior, planned):
        set_tags(client, prior["crn"], planned["tags"], prior.get("tags") or [])
    return read(client, planned)


_VNI_PATCHES = ("name", "auto_delete", "allow_ip_spoofing", "enable_infrastructure_nat",
                "protocol_state_filtering_mode")


def _update_attachment(client: Client, instance_id: str, before: dict, after: dict) -> None:
    """A network attachment's new name and its interface's changed settings, as the IBM update."""
    if after.get("name") and after["name"] != before.get("name"):
        client.call("PATCH", f"/instances/{instance_id}/network_attachments/{before['id']}", {"name": after["name"]},
                    merge_patch=True)
    old, new = _first(before, "virtual_network_interface"), _first(after, "virtual_network_interface")
    patch = {k: new[k] for k in _VNI_PATCHES if new.get(k) is not None and new[k] != old.get(k)}
    if patch and old.get("id"):
        client.call("PATCH", f"/virtual_network_interfaces/{old['id']}", patch, merge_patch=True)


def _update_attachments(client: Client, instance_id: str, prior: dict, planned: dict) -> None:
    """The IBM update of `primary_network_attachment` (renamed, its interface patched) and of
    `network_attachments`: those gone deleted, those without an id created, the others updated."""
    if prior.get("primary_network_attachment") and planned.get("primary_network_attachment"):
        _update_attachment(client, instance_id, _first(prior, "primary_network_attachment"),
                           _first(planned, "primary_network_attachment"))
    before, after = prior.get("network_attachments") or [], planned.get("network_attachments")
    if after is None or after == before:
        return
    kept = {block.get("id") for block in after if block.get("id")}
    for block in before:
        if block.get("id") and block["id"] not in kept:
            client.call("DELETE", f"/instances/{instance_id}/network_attachments/{block['id']}")
    by_id = {block["id"]: block for block in before if block.get("id")}
    for block in after:
        if not block.get("id"):
            client.call("POST", f"/instances/{instance_id}/network_attachments", _attachment_prototype(block))
        elif block["id"] in by_id:
            _update_attachment(client, instance_id, by_id[block["id"]], block)


def _update_interface(client: Client, instance_id: str, before: dict, after: dict) -> None:
    """One interface's changes as the IBM update makes them: security groups added and removed
    through their target bindings, then the name and spoofing patched together."""
    nic_id = before.get("id")
    if not nic_id:
        return
    if after.get("security_groups") is not None:
        old, new = set(before.get("security_groups") or []), set(after["security_groups"])
        for group in sorted(new - old):
            client.call("PUT", f"/security_groups/{group}/targets/{nic_id}")
        for group in sorted(old - new):
            client.call("DELETE", f"/security_groups/{group}/targets/{nic_id}")
    name, spoofing = after.get("name") or before.get("name"), bool(after.get("allow_ip_spoofing"))
    if name != before.get("name") or spoofing != bool(before.get("allow_ip_spoofing")):
        client.call("PATCH", f"/instances/{instance_id}/network_interfaces/{nic_id}",
                    {"name": name, "allow_ip_spoofing": spoofing}, merge_patch=True)


def _update_interfaces(client: Client, instance_id: str, prior: dict, planned: dict) -> None:
    """The IBM update of `primary_network_interface` and of each `network_interfaces` block (by
    position, as it goes through them); adding or removing one replaces nothing here (the IBM
    update does neither)."""
    if prior.get("primary_network_interface") and planned.get("primary_network_interface"):
        _update_interface(client, instance_id, _first(prior, "primary_network_interface"),
                          _first(planned, "primary_network_interface"))
    before, after = prior.get("network_interfaces") or [], planned.get("network_interfaces") or []
    for old, new in zip(before, after):
        _update_interface(client, instance_id, old or {}, new or {})


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/instances/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    """An imported instance shows every attached data volume in `volumes` (nothing tells which
    of them its configuration manages)."""
    found = get_or_none(client, f"/instances/{ident}")
    if found is None:
        return None
    instance = found[0]
    boot_id = instance["boot_volume_attachment"]["volume"]["id"]
    attached = [a["volume"]["id"] for a in instance.get("volume_attachments", []) if a["volume"]["id"] != boot_id]
    return to_state(client, instance, {"volumes": attached or None})
