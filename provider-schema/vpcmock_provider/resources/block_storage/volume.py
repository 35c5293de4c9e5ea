"""ibm_is_volume ↔ /volumes: POST then GET, PATCH name/capacity/iops/profile, bandwidth and
allowed_use (each its own PATCH, as the IBM provider's volUpdate), DELETE."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.block_storage.volume import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import deleted, get_or_none, patch_of, resource_fields, volume_reasons


def to_state(volume: dict, prior: dict | None = None) -> dict:
    """What the IBM provider's read (volGet) sets from a volume."""
    source = volume.get("source_snapshot") or {}
    return {
        **resource_fields(volume, "storage/storageVolumes"),
        "id": volume["id"], "name": volume["name"], "profile": volume["profile"]["name"],
        "zone": volume["zone"]["name"], "capacity": volume.get("capacity"), "iops": volume.get("iops"),
        "encryption_key": (volume.get("encryption_key") or {}).get("crn"),
        "source_snapshot": source.get("id"), "source_snapshot_crn": source.get("crn"),
        "tags": volume.get("user_tags") or [],
        "health_state": volume.get("health_state"), "health_reasons": volume_reasons(volume.get("health_reasons")),
        "status_reasons": volume_reasons(volume.get("status_reasons")),
        "encryption_type": volume.get("encryption"), "storage_generation": volume.get("storage_generation"),
        "adjustable_capacity_states": volume.get("adjustable_capacity_states") or [],
        "adjustable_iops_states": volume.get("adjustable_iops_states") or [],
        "operating_system": [_operating_system(volume["operating_system"])] if volume.get("operating_system") else [],
        "bandwidth": volume.get("bandwidth"),
        "allowed_use": [allowed_use_block(volume["allowed_use"])] if volume.get("allowed_use") else [],
        "catalog_offering": [_catalog_offering(volume["catalog_offering"])] if volume.get("catalog_offering") else [],
    }


ALLOWED_USE_KEYS = ("api_version", "bare_metal_server", "instance")


def allowed_use_block(allowed: dict) -> dict:
    """The allowed_use block the IBM provider reads from a volume's or snapshot's."""
    return {key: allowed.get(key) for key in ALLOWED_USE_KEYS}


def allowed_use_body(planned: dict) -> dict | None:
    """The allowed_use the IBM provider sends from the configuration: the block's non-empty
    values (ResourceIBMIsVolumeAllowedUseMapToVolumeAllowedUsePrototype and its Patch
    counterpart), or None when there is no block."""
    blocks = planned.get("allowed_use") or []
    if not blocks or not isinstance(blocks[0], dict):
        return None
    return {key: blocks[0][key] for key in ALLOWED_USE_KEYS if isinstance(blocks[0].get(key), str) and blocks[0][key]}


def _operating_system(system: dict) -> dict:
    return {key: system.get(key) for key in ("architecture", "dedicated_host_only", "display_name", "family", "href",
                                             "name", "vendor", "version")}


def _catalog_offering(offering: dict) -> dict:
    plan = offering.get("plan") or {}
    return {"version_crn": (offering.get("version") or {}).get("crn"), "plan_crn": plan.get("crn"),
            "deleted": deleted(plan)}


# The IBM provider sends this capacity when neither capacity nor a source snapshot is given
# (resource_ibm_is_volume.go), where the API itself requires one.
DEFAULT_CAPACITY = 100


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "profile": {"name": planned["profile"]}, "zone": {"name": planned["zone"]}}
    for key in ("capacity", "iops"):
        if planned.get(key):
            body[key] = planned[key]
    if not planned.get("capacity") and not planned.get("source_snapshot"):
        body["capacity"] = DEFAULT_CAPACITY
    if planned.get("encryption_key"):
        body["encryption_key"] = {"crn": planned["encryption_key"]}
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    if planned.get("source_snapshot"):
        body["source_snapshot"] = {"id": planned["source_snapshot"]}
    if planned.get("tags"):
        body["user_tags"] = sorted(planned["tags"])
    if planned.get("bandwidth"):
        body["bandwidth"] = planned["bandwidth"]
    allowed = allowed_use_body(planned)
    if allowed is not None:
        body["allowed_use"] = allowed
    created, _ = client.call("POST", "/volumes", body)
    return read(client, {**planned, "id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/volumes/{state['id']}")
    return None if found is None else to_state(found[0], state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name", "capacity", "iops"))
    if planned.get("profile") and planned["profile"] != prior.get("profile"):
        patch["profile"] = {"name": planned["profile"]}
    if patch:
        client.call("PATCH", f"/volumes/{prior['id']}", patch, merge_patch=True)
    # As the IBM provider's volUpdate: a changed bandwidth, then a changed (non-empty) allowed_use,
    # each its own PATCH.
    if planned.get("bandwidth") is not None and planned["bandwidth"] != prior.get("bandwidth"):
        client.call("PATCH", f"/volumes/{prior['id']}", {"bandwidth": planned["bandwidth"]}, merge_patch=True)
    allowed = allowed_use_body(planned)
    if allowed and (planned.get("allowed_use") or []) != (prior.get("allowed_use") or []):
        client.call("PATCH", f"/volumes/{prior['id']}", {"allowed_use": allowed}, merge_patch=True)
    return read(client, planned)


def delete(client: Client, state: dict) -> None:
    if state.get("delete_all_snapshots"):
        snapshots, _ = client.call("GET", "/snapshots", params={"source_volume.id": state["id"], "limit": 100})
        for snapshot in snapshots.get("snapshots", []):
            client.call("DELETE", f"/snapshots/{snapshot['id']}")
    try:
        client.call("DELETE", f"/volumes/{state['id']}")
    except ApiError as exc:
        # Gone already: an attachment's delete_volume_on_attachment_delete took it, as the IBM
        # provider's attachment delete does; its volume delete then finds nothing to delete.
        if exc.status != 404:
            raise


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
