"""ibm_is_instance_volume_attachment ↔ /instances/{id}/volume_attachments. Its id is
`<instance id>/<attachment id>`."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.block_storage.instance_volume_attachment import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import get_or_none


def to_state(instance_id: str, attachment: dict) -> dict:
    return {"id": f"{instance_id}/{attachment['id']}", "instance": instance_id, "volume": attachment["volume"]["id"],
            "name": attachment.get("name"),
            "delete_volume_on_instance_delete": attachment.get("delete_volume_on_instance_delete"),
            "volume_attachment_id": attachment["id"], "status": attachment.get("status"),
            "type": attachment.get("type"), "href": attachment.get("href")}


def create(client: Client, planned: dict) -> dict:
    body = {"volume": {"id": planned["volume"]}}
    for key in ("name", "delete_volume_on_instance_delete"):
        if planned.get(key) is not None:
            body[key] = planned[key]
    created, _ = client.call("POST", f"/instances/{planned['instance']}/volume_attachments", body)
    return read(client, {"id": f"{planned['instance']}/{created['id']}"})


def read(client: Client, state: dict) -> dict | None:
    instance_id, _, attachment_id = state["id"].partition("/")
    found = get_or_none(client, f"/instances/{instance_id}/volume_attachments/{attachment_id}")
    return None if found is None else to_state(instance_id, found[0])


def update(client: Client, prior: dict, planned: dict) -> dict:
    return read(client, prior)  # every configurable attribute forces a new attachment


def delete(client: Client, state: dict) -> None:
    instance_id, _, attachment_id = state["id"].partition("/")
    client.call("DELETE", f"/instances/{instance_id}/volume_attachments/{attachment_id}")


def import_(client: Client, ident: str) -> dict | None:
    if ident.count("/") != 1:
        raise ApiError(400, "invalid_import_id", f"Import an attachment as <instance id>/<attachment id>, got {ident!r}")
    return read(client, {"id": ident})
