"""ibm_is_snapshot ↔ /snapshots: POST (from a volume, or a copy of another region's snapshot),
waiting for it to be stable as the IBM provider does, then GET; PATCH name/user_tags; PUT and
DELETE /snapshots/{id}/clones/{zone} for `clones` (fast restore); PATCH allowed_use; DELETE."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.block_storage.snapshot import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.block_storage.volume import allowed_use_block, allowed_use_body
from vpcmock_provider.resources.mapping import get_or_none, go_time, patch_of, reference_block
from vpcmock_provider.resources.waiting import duration, wait_stable


def to_state(snapshot: dict) -> dict:
    """What the IBM provider's read (snapshotGet) sets from a snapshot."""
    system = snapshot.get("operating_system") or {}
    return {"id": snapshot["id"], "name": snapshot["name"], "source_volume": snapshot["source_volume"]["id"],
            "source_snapshot_crn": (snapshot.get("source_snapshot") or {}).get("crn"),
            "encryption_key": (snapshot.get("encryption_key") or {}).get("crn"),
            "tags": snapshot.get("user_tags") or [], "resource_group": snapshot["resource_group"]["id"],
            "crn": snapshot["crn"], "href": snapshot["href"], "lifecycle_state": snapshot["lifecycle_state"],
            "size": snapshot.get("size"), "bootable": snapshot.get("bootable"), "encryption": snapshot.get("encryption"),
            "captured_at": go_time(snapshot.get("captured_at")), "minimum_capacity": snapshot.get("minimum_capacity"),
            "clones": sorted(clone["zone"]["name"] for clone in snapshot.get("clones") or []),
            "resource_type": snapshot.get("resource_type"), "service_tags": snapshot.get("service_tags") or [],
            "source_image": (snapshot.get("source_image") or {}).get("id"), "operating_system": system.get("name"),
            "allowed_use": [allowed_use_block(snapshot["allowed_use"])] if snapshot.get("allowed_use") else [],
            "backup_policy_plan": reference_block(snapshot.get("backup_policy_plan"),
                                                  ("href", "id", "name", "resource_type")),
            "source_snapshot": reference_block(snapshot.get("source_snapshot"), remote=True),
            "snapshot_consistency_group": reference_block(snapshot.get("snapshot_consistency_group")),
            "copies": [block for copy in snapshot.get("copies") or [] for block in reference_block(copy, remote=True)]}


def create(client: Client, planned: dict) -> dict:
    if planned.get("source_snapshot_crn"):
        body = {"source_snapshot": {"crn": planned["source_snapshot_crn"]}}
    else:
        body = {"source_volume": {"id": planned["source_volume"]}}
    if planned.get("encryption_key"):
        body["encryption_key"] = {"crn": planned["encryption_key"]}
    if planned.get("name"):
        body["name"] = planned["name"]
    if planned.get("tags"):
        body["user_tags"] = sorted(planned["tags"])
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    if planned.get("clones"):
        body["clones"] = [{"zone": {"name": zone}} for zone in sorted(planned["clones"])]
    allowed = allowed_use_body(planned)
    if allowed is not None:
        body["allowed_use"] = allowed
    # A timeout that is no duration is refused before anything is made.
    timeout = duration((planned.get("timeouts") or {}).get("create"), CREATE_TIMEOUT_SECONDS)
    created, _ = client.call("POST", "/snapshots", body)
    made = {"id": created["id"]}
    wait_stable(client, f"/snapshots/{created['id']}", timeout, lambda: read(client, made),
                f"Snapshot ({created['id']}) went into failed state during the operation",
                "[WARNING] Running terraform apply again will remove the tainted snapshot and attempt to create the "
                "snapshot again replacing the previous configuration")
    return read(client, made)


# The IBM schema's default (timeouts: create=10m).
CREATE_TIMEOUT_SECONDS = 600


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/snapshots/{state['id']}")
    return None if found is None else to_state(found[0])


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name",))
    if patch:
        client.call("PATCH", f"/snapshots/{prior['id']}", patch, merge_patch=True)
    allowed = allowed_use_body(planned)  # a changed, non-empty allowed_use (the IBM provider's update)
    if allowed and (planned.get("allowed_use") or []) != (prior.get("allowed_use") or []):
        client.call("PATCH", f"/snapshots/{prior['id']}", {"allowed_use": allowed}, merge_patch=True)
    # As the IBM provider: each zone added to `clones` gets a clone, each removed (all of them
    # when the attribute goes) loses its own.
    now, wanted = set(prior.get("clones") or []), set(planned.get("clones") or [])
    for zone in sorted(wanted - now):
        client.call("PUT", f"/snapshots/{prior['id']}/clones/{zone}")
    for zone in sorted(now - wanted):
        client.call("DELETE", f"/snapshots/{prior['id']}/clones/{zone}")
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/snapshots/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
