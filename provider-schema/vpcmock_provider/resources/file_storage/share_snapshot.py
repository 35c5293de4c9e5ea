"""ibm_is_share_snapshot ↔ /shares/{id}/snapshots: POST, waiting for the snapshot to be usable
as the IBM provider does (isWaitForShareSnapshotAvailable), then GET; DELETE. Its id is
`<share id>/<snapshot id>`."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.file_storage.share_snapshot import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import get_or_none, go_time, split_id
from vpcmock_provider.resources.platform.tagging import set_tags
from vpcmock_provider.resources.waiting import wait_stable

# The type declares no timeouts: terraform-plugin-sdk's default for an operation, 20 minutes.
CREATE_TIMEOUT_SECONDS = 1200


def _split(ident: str) -> tuple[str, str]:
    return split_id(ident, "A share snapshot is <share id>/<snapshot id>")


def to_state(client: Client, share_id: str, snapshot: dict) -> dict:
    group = snapshot.get("resource_group") or {}
    zone = snapshot.get("zone") or {}
    return {
        "id": f"{share_id}/{snapshot['id']}", "share": share_id, "share_snapshot": snapshot["id"],
        "name": snapshot.get("name"), "tags": snapshot.get("user_tags") or [],
        "captured_at": go_time(snapshot.get("captured_at")), "created_at": go_time(snapshot.get("created_at")),
        "crn": snapshot.get("crn"), "fingerprint": snapshot.get("fingerprint"), "href": snapshot.get("href"),
        "lifecycle_state": snapshot.get("lifecycle_state"), "minimum_size": snapshot.get("minimum_size"),
        "resource_group": [{"href": group.get("href"), "id": group.get("id"), "name": group.get("name")}],
        "resource_type": snapshot.get("resource_type"), "status": snapshot.get("status"),
        "status_reasons": snapshot.get("status_reasons") or [],
        "zone": [{"href": zone.get("href"), "name": zone.get("name")}] if zone else [],
        "backup_policy_plan": [],
    }


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"]} if planned.get("name") else {}
    if planned.get("tags"):
        body["user_tags"] = sorted(planned["tags"])
    created, _ = client.call("POST", f"/shares/{planned['share']}/snapshots", body)
    made = {"id": f"{planned['share']}/{created['id']}"}
    # The mock's share snapshot is `available` at once and usable (a share restored from it, a
    # copy) once captured: `stable`, which is what the wait is for.
    wait_stable(client, f"/shares/{planned['share']}/snapshots/{created['id']}", CREATE_TIMEOUT_SECONDS,
                lambda: read(client, made), f"Share snapshot ({created['id']}) went into failed state")
    return read(client, made)


def read(client: Client, state: dict) -> dict | None:
    share_id, snapshot_id = _split(state["id"])
    found = get_or_none(client, f"/shares/{share_id}/snapshots/{snapshot_id}")
    return None if found is None else to_state(client, share_id, found[0])


def update(client: Client, prior: dict, planned: dict) -> dict:
    if sorted(planned.get("tags") or []) != sorted(prior.get("tags") or []):
        set_tags(client, prior["crn"], sorted(planned.get("tags") or []), prior.get("tags") or [])
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    share_id, snapshot_id = _split(state["id"])
    client.call("DELETE", f"/shares/{share_id}/snapshots/{snapshot_id}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
