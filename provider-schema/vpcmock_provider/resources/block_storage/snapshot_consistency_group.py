"""ibm_is_snapshot_consistency_group ↔ /snapshot_consistency_groups: POST, waiting for the group to
be stable as the IBM provider does (its snapshots captured), then GET; PATCH name and
delete_snapshots_on_delete; DELETE (taking its snapshots when that says so). The group's `tags` go
through Global Tagging once it is stable, as the IBM provider sends them (the API's group has no
user tags; its members' `tags` are their `user_tags`)."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.block_storage.snapshot_consistency_group import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import deleted, get_or_none, go_time, patch_of, tags_changed
from vpcmock_provider.resources.platform.tagging import attached, set_tags
from vpcmock_provider.resources.waiting import wait_stable


def to_state(client: Client, group: dict, prior: dict) -> dict:
    members = []
    for index, ref in enumerate(group.get("snapshots", [])):
        snapshot = get_or_none(client, f"/snapshots/{ref['id']}")
        before = ((prior.get("snapshots") or [])[index:index + 1] or [{}])[0] or {}
        # A member's name as configured (the IBM provider's read leaves `snapshots` alone): none
        # when the configuration names none and the API chose one; the API's after an import.
        name = before["name"] if "name" in before else ref.get("name")
        members.append({"name": name, "source_volume": ((snapshot or ({}, None))[0].get("source_volume")
                                                                   or {}).get("id"),
                        "tags": before.get("tags")})
    return {
        "id": group["id"], "name": group["name"], "delete_snapshots_on_delete": group.get("delete_snapshots_on_delete"),
        "resource_group": (group.get("resource_group") or {}).get("id"), "snapshots": members,
        "snapshot_reference": [{"crn": s.get("crn"), "deleted": deleted(s), "href": s.get("href"), "id": s["id"],
                                "name": s.get("name"), "remote": [], "resource_type": s.get("resource_type")}
                               for s in group.get("snapshots", [])],
        "backup_policy_job": [], "backup_policy_plan": [], "created_at": go_time(group.get("created_at")),
        "crn": group.get("crn"), "href": group.get("href"), "lifecycle_state": group.get("lifecycle_state"),
        "resource_type": group.get("resource_type"), "service_tags": group.get("service_tags") or [],
        "tags": attached(client, group["crn"]),
    }


def create(client: Client, planned: dict) -> dict:
    members = []
    for member in planned["snapshots"]:
        body = {"source_volume": {"id": member["source_volume"]}}
        if member.get("name"):
            body["name"] = member["name"]
        if member.get("tags"):
            body["user_tags"] = sorted(member["tags"])
        members.append(body)
    body = {"name": planned["name"], "snapshots": members,
            "delete_snapshots_on_delete": planned.get("delete_snapshots_on_delete") is not False}
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    created, _ = client.call("POST", "/snapshot_consistency_groups", body)
    made = {**planned, "id": created["id"]}
    wait_stable(client, f"/snapshot_consistency_groups/{created['id']}", CREATE_TIMEOUT_SECONDS,
                lambda: read(client, made),
                f"Snapshot consistency group ({created['id']}) went into failed state during the operation")
    if planned.get("tags"):
        set_tags(client, created["crn"], sorted(planned["tags"]), [])
    return read(client, made)


# The type declares no timeouts: terraform-plugin-sdk's default for an operation, 20 minutes.
CREATE_TIMEOUT_SECONDS = 1200


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/snapshot_consistency_groups/{state['id']}")
    return None if found is None else to_state(client, found[0], state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name", "delete_snapshots_on_delete"))
    patch.pop("user_tags", None)
    if patch:
        client.call("PATCH", f"/snapshot_consistency_groups/{prior['id']}", patch, merge_patch=True)
    if tags_changed(prior, planned):
        set_tags(client, prior["crn"], sorted(planned["tags"]), prior.get("tags") or [])
    return read(client, planned)


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/snapshot_consistency_groups/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
