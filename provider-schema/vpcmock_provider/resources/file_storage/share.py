"""ibm_is_share ↔ /shares: POST then GET, PATCH name/size/access_control_mode/user_tags, DELETE."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.file_storage.share import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import get_or_none, go_time, patch_of, reasons


def to_state(share: dict) -> dict:
    return {
        "id": share["id"], "name": share["name"], "profile": share["profile"]["name"],
        "zone": (share.get("zone") or {}).get("name"), "size": share.get("size"), "iops": share.get("iops"),
        "access_control_mode": share.get("access_control_mode"),
        "resource_group": (share.get("resource_group") or {}).get("id"), "tags": share.get("user_tags") or [],
        "crn": share.get("crn"), "href": share.get("href"), "lifecycle_state": share.get("lifecycle_state"),
        "encryption": share.get("encryption"), "availability_mode": share.get("availability_mode"),
        "created_at": go_time(share.get("created_at")), "resource_type": share.get("resource_type"),
        "storage_generation": share.get("storage_generation"), "snapshot_count": share.get("snapshot_count"),
        "snapshot_size": share.get("snapshot_size"), "accessor_binding_role": share.get("accessor_binding_role"),
        "accessor_bindings": [{key: binding.get(key) for key in ("href", "id", "resource_type")}
                              for binding in share.get("accessor_bindings") or []],
        "lifecycle_reasons": reasons(share.get("lifecycle_reasons")),
        "replication_role": share.get("replication_role"), "replication_status": share.get("replication_status"),
        "replication_status_reasons": reasons(share.get("replication_status_reasons")),
        "last_sync_at": go_time(share.get("last_sync_at")), "latest_sync": _latest_sync(share.get("latest_sync")),
        "latest_job": [{"status": job.get("status"), "status_reasons": reasons(job.get("status_reasons")),
                        "type": job.get("type")} for job in [share.get("latest_job")] if job],
    }


def _latest_sync(sync: dict | None) -> list[dict]:
    """As resource_ibm_is_share.go sets it: `started_at` holds the completion time too."""
    if not sync:
        return []
    completed = go_time(sync.get("completed_at"))
    return [{"completed_at": completed, "data_transferred": sync.get("data_transferred"), "started_at": completed}]


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "profile": {"name": planned["profile"]}, "size": planned.get("size") or 10}
    if planned.get("zone"):
        body["zone"] = {"name": planned["zone"]}
    for key in ("iops", "access_control_mode"):
        if planned.get(key):
            body[key] = planned[key]
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    if planned.get("tags"):
        body["user_tags"] = sorted(planned["tags"])
    created, _ = client.call("POST", "/shares", body)
    return read(client, {"id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/shares/{state['id']}")
    return None if found is None else to_state(found[0])


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name", "size", "access_control_mode"))
    if patch:
        client.call("PATCH", f"/shares/{prior['id']}", patch, merge_patch=True)
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/shares/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
