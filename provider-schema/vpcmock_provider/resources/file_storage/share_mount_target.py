"""ibm_is_share_mount_target ↔ /shares/{id}/mount_targets: POST then GET, PATCH name, DELETE.
Its id is `<share id>/<mount target id>`."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.file_storage.share_mount_target import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import get_or_none, go_time, split_id


def _split(ident: str) -> tuple[str, str]:
    return split_id(ident, "A mount target is <share id>/<mount target id>")


def transit(api_value: str | None, configured: str | None) -> str | None:
    """A transit encryption mode as read back: `user_managed` where the configuration says so
    and the API answers `ipsec` (the IBM provider sends user_managed as ipsec and suppresses the
    difference between them)."""
    return configured if configured == "user_managed" and api_value == "ipsec" else api_value


def interface_block(target: dict, before: dict, group_id: str | None) -> list[dict]:
    """The mount target's `virtual_network_interface` as the IBM provider reads it (from the
    interface: its subnet, primary IP and settings); the interface's settings the API does not
    show on the mount target are those configured, or the defaults."""
    interface = target.get("virtual_network_interface")
    if not interface:
        return []
    ip = target.get("primary_ip") or {}
    configured_ip = ((before.get("primary_ip") or [None])[0] or {})
    return [{"id": interface["id"], "crn": interface.get("crn"), "href": interface.get("href"),
             "name": interface["name"], "allow_ip_spoofing": False,
             "auto_delete": before.get("auto_delete") if before.get("auto_delete") is not None else True,
             "enable_infrastructure_nat": True,
             "protocol_state_filtering_mode": before.get("protocol_state_filtering_mode") or "auto",
             "resource_group": before.get("resource_group") or group_id,
             "resource_type": interface.get("resource_type"),
             "security_groups": before.get("security_groups") or [],
             "subnet": (target.get("subnet") or {}).get("id"),
             "primary_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                             "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"),
                             "auto_delete": configured_ip.get("auto_delete")
                             if configured_ip.get("auto_delete") is not None else True}]}]


def interface_prototype(interface: dict) -> dict:
    """ShareMountTargetVirtualNetworkInterfacePrototype from a `virtual_network_interface` block:
    an existing interface by id, else a new one in its subnet."""
    if interface.get("id"):
        return {"id": interface["id"]}
    body = {"subnet": {"id": interface.get("subnet")}}
    for key in ("name", "protocol_state_filtering_mode", "auto_delete"):
        if interface.get(key) not in (None, ""):
            body[key] = interface[key]
    if interface.get("resource_group"):
        body["resource_group"] = {"id": interface["resource_group"]}
    if interface.get("security_groups"):
        body["security_groups"] = [{"id": group} for group in interface["security_groups"]]
    ip = ((interface.get("primary_ip") or [None])[0] or {})
    if ip.get("reserved_ip"):
        body["primary_ip"] = {"id": ip["reserved_ip"]}
    elif ip.get("address") or ip.get("name"):
        body["primary_ip"] = {key: ip[key] for key in ("address", "name") if ip.get(key)}
    return body


def target_prototype(target: dict, share: dict | None) -> dict:
    """ShareMountTargetPrototype as the IBM provider builds one: a VPC or an interface; nfs4;
    the transit encryption given (user_managed sent as ipsec), else stunnel for a regional share
    in security_group mode and none otherwise."""
    body = {"name": target["name"]} if target.get("name") else {}
    interface = (target.get("virtual_network_interface") or [None])[0]
    if target.get("vpc"):
        body["vpc"] = {"id": target["vpc"]}
    elif interface:
        body["virtual_network_interface"] = interface_prototype(interface)
    body["access_protocol"] = target.get("access_protocol") or "nfs4"
    mode = target.get("transit_encryption")
    if mode:
        body["transit_encryption"] = "ipsec" if mode == "user_managed" else mode
    else:
        share = share or {}
        regional_sg = share.get("access_control_mode") == "security_group" and share.get("profile") == "rfs"
        body["transit_encryption"] = "stunnel" if regional_sg else "none"
    return body


def to_state(share_id: str, target: dict, prior: dict, group_id: str | None = None) -> dict:
    before = ((prior.get("virtual_network_interface") or [{}])[0] or {})
    return {
        "id": f"{share_id}/{target['id']}", "share": share_id, "mount_target": target["id"], "name": target["name"],
        "access_control_mode": target.get("access_control_mode"), "access_protocol": target.get("access_protocol"),
        "transit_encryption": transit(target.get("transit_encryption"), prior.get("transit_encryption")),
        "created_at": go_time(target.get("created_at")),
        "href": target.get("href"), "lifecycle_state": target.get("lifecycle_state"),
        "mount_path": target.get("mount_path"), "resource_type": target.get("resource_type"),
        "vpc": (target.get("vpc") or {}).get("id"),
        "virtual_network_interface": interface_block(target, before, group_id),
    }


def create(client: Client, planned: dict) -> dict:
    share = None
    if not planned.get("transit_encryption"):  # the default depends on the share, as IBM's create reads it
        found, _ = client.call("GET", f"/shares/{planned['share']}")
        share = {"access_control_mode": found.get("access_control_mode"), "profile": found["profile"]["name"]}
    body = target_prototype(planned, share)
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
