"""ibm_is_snapshot ↔ /snapshots: POST (from a volume, or a copy of another region's snapshot)
then GET, PATCH name/user_tags, DELETE.

`clones` is kept (resources/kept.py), not yet sent: the IBM provider waits for the snapshot to
be stable before it returns from create, and clones exist once it is; this provider does not
wait (a mock whose clock is frozen would hold the apply), so clones asked at creation would
read back empty."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.block_storage.snapshot import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import deleted, get_or_none, go_time, patch_of, remote_region


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
            "resource_type": snapshot.get("resource_type"), "service_tags": snapshot.get("service_tags") or [],
            "source_image": (snapshot.get("source_image") or {}).get("id"), "operating_system": system.get("name"),
            "backup_policy_plan": _references(snapshot.get("backup_policy_plan"), ("href", "id", "name", "resource_type")),
            "source_snapshot": _references(snapshot.get("source_snapshot"),
                                           ("crn", "href", "id", "name", "resource_type"), remote=True),
            "snapshot_consistency_group": _references(snapshot.get("snapshot_consistency_group"),
                                                      ("crn", "href", "id", "name", "resource_type")),
            "copies": [item for copy in snapshot.get("copies") or []
                       for item in _references(copy, ("crn", "href", "id", "name", "resource_type"), remote=True)]}


def _references(reference: dict | None, keys: tuple[str, ...], remote: bool = False) -> list[dict]:
    """A reference block as the IBM provider sets it: a list of at most one, with `deleted`
    (and `remote`, for references to another region's snapshot) as lists of at most one."""
    if not reference:
        return []
    block = {**{key: reference.get(key) for key in keys}, "deleted": deleted(reference)}
    if remote:
        block["remote"] = remote_region(reference)
    return [block]


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
    created, _ = client.call("POST", "/snapshots", body)
    return read(client, {"id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/snapshots/{state['id']}")
    return None if found is None else to_state(found[0])


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name",))
    if patch:
        client.call("PATCH", f"/snapshots/{prior['id']}", patch, merge_patch=True)
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/snapshots/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
