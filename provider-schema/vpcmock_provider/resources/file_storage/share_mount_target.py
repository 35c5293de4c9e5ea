"""ibm_is_share_mount_target ↔ /shares/{id}/mount_targets: POST then GET, PATCH name, DELETE.
Its id is `<share id>/<mount target id>`."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.file_storage.share_mount_target import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import get_or_none, go_time, split_id


def _split(ident: str) -> tuple[str, str]:
    return split_id(ident, "A mount target is <share id>/<mount target id>")


def to_state(share_id: str, target: dict, prior: dict) -> dict:
    interface = target.get("virtual_network_interface")
    before = ((prior.get("virtual_network_interface") or [{}])[0] or {})
    ip = target.get("primary_ip") or {}
    return {
        "id": f"{share_id}/{target['id']}", "share": share_id, "mount_target": target["id"], "name": target["name"],
        "access_control_mode": target.get("access_control_mode"), "access_protocol": target.get("access_protocol"),
        "transit_encryption": target.get("transit_encryption"), "created_at": go_time(target.get("created_at")),
        "href": target.get("href"), "lifecycle_state": target.get("lifecycle_state"),
        "mount_path": target.get("mount_path"), "resource_type": target.get("resource_type"),
        "vpc": (target.get("vpc") or {}).get("id") if not interface else None,
        "virtual_network_interface": [{
            "id": interface["id"], "crn": interface.get("crn"), "href": interface.get("href"), "name": interface["name"],
            "allow_ip_spoofing": False, "auto_delete": True, "enable_infrastructure_nat": True,
            "protocol_state_filtering_mode": before.get("protocol_state_filtering_mode") or "auto",
            "resource_group": before.get("resource_group"), "resource_type": interface.get("resource_type"),
            "security_groups": before.get("security_groups") or [],
            "subnet": (target.get("subnet") or {}).get("id"),
            "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                            "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"),
                            "auto_delete": True}]}] if interface else [],
    }


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"]}
    if planned.get("transit_encryption"):
        body["transit_encryption"] = planned["transit_encryption"]
    interface = (planned.get("virtual_network_interface") or [None])[0]
    if interface:
        body["virtual_network_interface"] = {"subnet": {"id": interface.get("subnet")}}
        if interface.get("name"):
            body["virtual_network_interface"]["name"] = interface["name"]
    elif planned.get("vpc"):
        body["vpc"] = {"id": planned["vpc"]}
    created, _ = client.call("POST", f"/shares/{planned['share']}/mount_targets", body)
    return read(client, {**planned, "id": f"{planned['share']}/{created['id']}"})


def read(client: Client, state: dict) -> dict | None:
    share_id, target_id = _split(state["id"])
    found = get_or_none(client, f"/shares/{share_id}/mount_targets/{target_id}")
    return None if found is None else to_state(share_id, found[0], state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    share_id, target_id = _split(prior["id"])
    if planned["name"] != prior["name"]:
        client.call("PATCH", f"/shares/{share_id}/mount_targets/{target_id}", {"name": planned["name"]},
                    merge_patch=True)
    return read(client, {**prior, **{"name": planned["name"]}})


def delete(client: Client, state: dict) -> None:
    share_id, target_id = _split(state["id"])
    client.call("DELETE", f"/shares/{share_id}/mount_targets/{target_id}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
