"""ibm_is_instance ↔ /instances (+ volume attachments and Global Tagging for `tags`)."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.block_storage.instance import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import (get_or_none, go_time, reasons, reference_block, resource_fields,
                                                tags_changed)
from vpcmock_provider.resources.platform.tagging import attached, set_tags


def to_state(client: Client, instance: dict, prior: dict) -> dict:
    boot_id = instance["boot_volume_attachment"]["volume"]["id"]
    boot = client.call("GET", f"/volumes/{boot_id}")[0]
    prior_boot = (prior.get("boot_volume") or [{}])[0] or {}
    return {
        "id": instance["id"], "name": instance["name"], "profile": instance["profile"]["name"],
        "zone": instance["zone"]["name"], "vpc": instance["vpc"]["id"],
        "image": (instance.get("image") or {}).get("id"),
        "boot_volume": [{
            "name": boot["name"], "profile": boot["profile"]["name"], "size": boot["capacity"],
            "snapshot": (boot.get("source_snapshot") or {}).get("id"),
            "auto_delete_volume": instance["boot_volume_attachment"].get("delete_volume_on_instance_delete", True),
            "volume_id": boot_id}],
        # Like the IBM provider, `volumes` shows the attached volumes this resource manages: those
        # attached by ibm_is_instance_volume_attachment resources stay out of it (no diff).
        "volumes": _managed_volumes(instance, boot_id, prior.get("volumes")),
        "tags": attached(client, instance["crn"]),
        "keys": [k["id"] for k in client.call("GET", f"/instances/{instance['id']}/initialization")[0]["keys"]] or None,
        "memory": instance.get("memory"),
        "primary_network_interface": _interface(instance.get("primary_network_interface"), prior),
        **resource_fields(instance, "compute/vs"),
        "bandwidth": instance.get("bandwidth"), "total_network_bandwidth": instance.get("total_network_bandwidth"),
        "numa_count": instance.get("numa_count"), "lifecycle_state": instance.get("lifecycle_state"),
        "lifecycle_reasons": reasons(instance.get("lifecycle_reasons"), complete_only=True),
        "status_reasons": reasons(instance.get("status_reasons"), complete_only=True),
        "health_state": instance.get("health_state"),
        "health_reasons": reasons(instance.get("health_reasons"), complete_only=True),
        "gpu": [{key: instance["gpu"].get(key) for key in ("count", "manufacturer", "memory", "model")}]
        if instance.get("gpu") else [],
        "disks": [{**{key: disk.get(key) for key in ("href", "id", "interface_type", "name", "resource_type", "size")},
                   "created_at": go_time(disk.get("created_at"))} for disk in instance.get("disks") or []],
        "placement_target": reference_block(instance.get("placement_target")),
        "reservation": reference_block((instance.get("reservation_affinity") or {}).get("reservation")),
        "cluster_network": reference_block(instance.get("cluster_network")),
        "software_attachments": [block for attachment in instance.get("software_attachments") or []
                                 for block in reference_block(attachment, ("href", "id", "name", "resource_type"))],
    }


def _interface(nic: dict | None, prior: dict) -> list[dict] | None:
    """The primary network interface as the IBM provider reads it back. An instance the API made
    without one (the mock's fixed interface) keeps what was configured."""
    if not nic or nic["subnet"]["id"] == "mock-subnet":
        return prior.get("primary_network_interface")
    ip = nic.get("primary_ip") or {}
    before = ((prior.get("primary_network_interface") or [{}])[0] or {})
    return [{"id": nic["id"], "name": nic["name"], "subnet": nic["subnet"]["id"],
             "allow_ip_spoofing": nic.get("allow_ip_spoofing", False), "port_speed": 1000,
             "primary_ipv4_address": ip.get("address"), "security_groups": before.get("security_groups") or [],
             "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                             "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"),
                             "auto_delete": True}]}]


def _managed_volumes(instance: dict, boot_id: str, managed: list | None) -> list | None:
    if not managed:
        return None
    attached = {a["volume"]["id"] for a in instance.get("volume_attachments", []) if a["volume"]["id"] != boot_id}
    return [volume_id for volume_id in managed if volume_id in attached]  # a list: in the configured order


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "profile": {"name": planned["profile"]}, "zone": {"name": planned["zone"]},
            "vpc": {"id": planned["vpc"]}}
    if planned.get("image"):
        body["image"] = {"id": planned["image"]}
    nic = (planned.get("primary_network_interface") or [None])[0]
    attachment = (planned.get("primary_network_attachment") or [None])[0]
    interface = ((attachment or {}).get("virtual_network_interface") or [None])[0]
    if not (nic and nic.get("subnet")) and interface and interface.get("subnet"):
        # The mock's instances model one network interface: a primary network attachment's
        # virtual network interface becomes it (an address in its subnet); the attachment block
        # itself is kept as configured.
        nic = {"subnet": interface["subnet"], "name": attachment.get("name"),
               "allow_ip_spoofing": interface.get("allow_ip_spoofing")}
    if nic and nic.get("subnet"):
        body["primary_network_interface"] = {"subnet": {"id": nic["subnet"]},
                                             "allow_ip_spoofing": bool(nic.get("allow_ip_spoofing"))}
        if nic.get("name"):
            body["primary_network_interface"]["name"] = nic["name"]
    if planned.get("keys"):
        body["keys"] = [{"id": key} for key in sorted(planned["keys"])]
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    boot = (planned.get("boot_volume") or [None])[0] or {}
    volume = {key: value for key, value in (("name", boot.get("name")), ("capacity", boot.get("size"))) if value}
    if boot.get("profile"):
        volume["profile"] = {"name": boot["profile"]}
    if boot.get("snapshot"):
        volume["source_snapshot"] = {"id": boot["snapshot"]}
    body["boot_volume_attachment"] = {"volume": volume,
                                      "delete_volume_on_instance_delete": boot.get("auto_delete_volume", True) is not False}
    if planned.get("volumes"):
        body["volume_attachments"] = [{"volume": {"id": v}} for v in sorted(planned["volumes"])]
    created, _ = client.call("POST", "/instances", body)
    if planned.get("tags"):
        set_tags(client, created["crn"], planned["tags"], [])
    return read(client, {**planned, "id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/instances/{state['id']}")
    return None if found is None else to_state(client, found[0], state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    instance_id = prior["id"]
    if planned["name"] != prior["name"]:
        client.call("PATCH", f"/instances/{instance_id}", {"name": planned["name"]}, merge_patch=True)
    wanted, current = set(planned.get("volumes") or []), set(prior.get("volumes") or [])
    if wanted != current:
        attachments = client.call("GET", f"/instances/{instance_id}/volume_attachments")[0]["volume_attachments"]
        for attachment in attachments:
            if attachment["volume"]["id"] in current - wanted:
                client.call("DELETE", f"/instances/{instance_id}/volume_attachments/{attachment['id']}")
        for volume_id in sorted(wanted - current):
            client.call("POST", f"/instances/{instance_id}/volume_attachments", {"volume": {"id": volume_id}})
    if tags_changed(prior, planned):
        set_tags(client, prior["crn"], planned["tags"], prior.get("tags") or [])
    return read(client, planned)


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
