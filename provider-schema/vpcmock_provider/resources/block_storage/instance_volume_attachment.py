"""ibm_is_instance_volume_attachment ↔ /instances/{id}/volume_attachments (and the attached
/volumes/{id} for its capacity, iops and profile). Its id is `<instance id>/<attachment id>`."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.block_storage.instance_volume_attachment import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import get_or_none


def to_state(instance_id: str, attachment: dict, volume: dict | None = None, etag: str | None = None) -> dict:
    """What the IBM provider's read sets: the attachment, its volume's own attributes, and the
    attachment's ETag as `version` (Go's Headers.Get: "" when the API sends none, as for
    attachments, which take no If-Match)."""
    volume = volume or {}
    return {"id": f"{instance_id}/{attachment['id']}", "instance": instance_id, "volume": attachment["volume"]["id"],
            "device": (attachment.get("device") or {}).get("id"), "version": etag or "",
            "volume_deleted": ((attachment["volume"].get("deleted") or {}).get("more_info")),
            "capacity": volume.get("capacity"), "iops": volume.get("iops"),
            "profile": (volume.get("profile") or {}).get("name"), "volume_name": volume.get("name"),
            "volume_crn": volume.get("crn"), "volume_href": volume.get("href"),
            "name": attachment.get("name"),
            "delete_volume_on_instance_delete": attachment.get("delete_volume_on_instance_delete"),
            "volume_attachment_id": attachment["id"], "status": attachment.get("status"),
            "type": attachment.get("type"), "href": attachment.get("href")}


def _new_volume(planned: dict) -> dict:
    """The volume prototype the IBM provider sends when no existing `volume` is named: a new
    volume of `capacity` (or from `snapshot`), `general-purpose` unless a profile is given."""
    volume = {"profile": {"name": planned.get("profile") or "general-purpose"}}
    for key, api in (("volume_name", "name"), ("capacity", "capacity"), ("iops", "iops")):
        if planned.get(key):
            volume[api] = planned[key]
    if planned.get("snapshot"):
        volume["source_snapshot"] = {"id": planned["snapshot"]}
    elif planned.get("snapshot_crn"):
        volume["source_snapshot"] = {"crn": planned["snapshot_crn"]}
    if planned.get("encryption_key"):
        volume["encryption_key"] = {"crn": planned["encryption_key"]}
    if planned.get("tags"):
        volume["user_tags"] = sorted(planned["tags"])
    return volume


def create(client: Client, planned: dict) -> dict:
    body = {"volume": {"id": planned["volume"]} if planned.get("volume") else _new_volume(planned)}
    for key in ("name", "delete_volume_on_instance_delete"):
        if planned.get(key) is not None:
            body[key] = planned[key]
    created, _ = client.call("POST", f"/instances/{planned['instance']}/volume_attachments", body)
    return read(client, {"id": f"{planned['instance']}/{created['id']}"})


def read(client: Client, state: dict) -> dict | None:
    instance_id, _, attachment_id = state["id"].partition("/")
    found = get_or_none(client, f"/instances/{instance_id}/volume_attachments/{attachment_id}")
    if found is None:
        return None
    volume = get_or_none(client, f"/volumes/{found[0]['volume']['id']}")
    return to_state(instance_id, found[0], volume[0] if volume else None, found[1])


def update(client: Client, prior: dict, planned: dict) -> dict:
    """The attachment's name and delete_volume_on_instance_delete by PATCH of the attachment;
    the volume's name (`volume_name`), capacity, iops and profile by PATCH of the volume, as the
    IBM provider does."""
    instance_id, _, attachment_id = prior["id"].partition("/")
    patch = {key: planned[key] for key in ("name", "delete_volume_on_instance_delete")
             if planned.get(key) is not None and planned[key] != prior.get(key)}
    if patch:
        client.call("PATCH", f"/instances/{instance_id}/volume_attachments/{attachment_id}", patch, merge_patch=True)
    volume_patch = {key: planned[key] for key in ("capacity", "iops")
                    if planned.get(key) is not None and planned[key] != prior.get(key)}
    if planned.get("volume_name") and planned["volume_name"] != prior.get("volume_name"):
        volume_patch["name"] = planned["volume_name"]  # a rename of the attached volume, as IBM's update does
    if planned.get("profile") and planned["profile"] != prior.get("profile"):
        volume_patch["profile"] = {"name": planned["profile"]}
    if volume_patch:
        client.call("PATCH", f"/volumes/{prior['volume']}", volume_patch, merge_patch=True)
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    """Detach; then, as the IBM provider does, delete the volume too unless
    `delete_volume_on_attachment_delete` (true by default) says not to, whoever made it."""
    instance_id, _, attachment_id = state["id"].partition("/")
    client.call("DELETE", f"/instances/{instance_id}/volume_attachments/{attachment_id}")
    if state.get("delete_volume_on_attachment_delete") is not False and state.get("volume"):
        try:
            client.call("DELETE", f"/volumes/{state['volume']}")
        except ApiError as exc:
            if exc.status != 404:  # gone already (deleted with its instance, or outside Terraform)
                raise


def import_(client: Client, ident: str) -> dict | None:
    if ident.count("/") != 1:
        raise ApiError(400, "invalid_import_id", f"Import an attachment as <instance id>/<attachment id>, got {ident!r}")
    return read(client, {"id": ident})
