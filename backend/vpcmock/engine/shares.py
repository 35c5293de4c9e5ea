"""File shares (zonal ``dp2`` and regional ``rfs``) and their snapshots."""

from __future__ import annotations

from datetime import timedelta

from vpcmock import ids
from vpcmock.catalog import SHARE_PROFILES, SNAPSHOTS_PER_SHARE
from vpcmock.engine import snapshots
from vpcmock.engine.context import Ctx
from vpcmock.engine.refs import reference, resolve_zone, zone_ref
from vpcmock.errors import ApiError, bad_field, conflict, field, not_found
from vpcmock.timeutil import rfc3339

SHARE_SNAPSHOT_SECONDS = 5


def get_share(ctx: Ctx, share_id: str) -> dict:
    share = ctx.owned(ctx.store.get("shares", share_id))
    if share is None:
        raise not_found("share", share_id)
    return share


def create_share(ctx: Ctx, proto: dict) -> dict:
    profile = proto["profile"]["name"]
    if profile not in SHARE_PROFILES:
        raise bad_field("share_profile_not_found", f"Share profile {profile!r} not found", "profile.name", profile)
    availability = SHARE_PROFILES[profile]
    zone = None
    if availability == "zonal":
        zone = resolve_zone(proto.get("zone") or {}, ctx.region, "zone")
    elif proto.get("zone"):
        raise bad_field("share_zone_not_allowed", "A regional share (profile rfs) has no zone", "zone")
    names = {s["name"] for s in ctx.partition("shares").values()}
    name = proto.get("name") or ids.random_name(names)
    if name in names:
        raise conflict("share_name_duplicate", f"A share named {name!r} already exists", field("name", name))
    size = proto["size"]
    if not 10 <= size <= 32000:
        raise bad_field("share_size_invalid", "size must be from 10 to 32000 GB", "size", size)
    share_id = ids.new_id(ctx.region)
    share = ctx.stamp({
        "id": share_id,
        "crn": ids.crn(zone or ctx.region, ctx.account, "share", share_id),
        "href": f"/{ctx.region}/v1/shares/{share_id}",
        "name": name,
        "size": size,
        "iops": proto.get("iops") or 3000,
        "bandwidth": 800,
        "profile": {"href": f"/{ctx.region}/v1/share/profiles/{profile}", "name": profile,
                    "resource_type": "share_profile"},
        "availability_mode": availability,
        "access_control_mode": proto.get("access_control_mode") or "security_group",
        "accessor_binding_role": "none",
        "accessor_bindings": [],
        "allowed_access_protocols": ["nfs4"],
        "allowed_transit_encryption_modes": ["none", "user_managed"],
        "created_at": rfc3339(ctx.now),
        "encryption": "provider_managed",
        "initial_owner": {"gid": 0, "uid": 0},
        "lifecycle_reasons": [],
        "lifecycle_state": "stable",
        "mount_targets": [],
        "replication_role": "none",
        "replication_status": "none",
        "replication_status_reasons": [],
        "resource_group": ids.default_resource_group(ctx.account),
        "resource_type": "share",
        "storage_generation": 1,
        "user_tags": list(dict.fromkeys(proto.get("user_tags") or [])),
        "_etag": ids.new_etag(),
    })
    if zone:
        share["zone"] = zone_ref(zone)
    return ctx.store.put("shares", share)


def update_share(ctx: Ctx, share: dict, patch: dict) -> dict:
    changes = {k: patch[k] for k in ("name", "user_tags", "access_control_mode") if k in patch}
    if "name" in changes and any(s["name"] == changes["name"] and s["id"] != share["id"]
                                 for s in ctx.partition("shares").values()):
        raise conflict("share_name_duplicate", f"A share named {changes['name']!r} already exists",
                       field("name", changes["name"]))
    if "size" in patch:
        if not share["size"] <= patch["size"] <= 32000:
            raise bad_field("share_size_invalid", "size can only grow, up to 32000 GB", "size", patch["size"])
        changes["size"] = patch["size"]
    if not changes:
        return share
    return ctx.store.replace("shares", share, **changes, _etag=ids.new_etag())


def delete_share(ctx: Ctx, share: dict) -> dict:
    """Delete a share and, as the seed's concepts section says, its snapshots and backups with it."""
    for snapshot in list(snapshots_of(ctx, share["id"]).values()):
        ctx.store.delete("share_snapshots", snapshot["id"])
    ctx.store.delete("shares", share["id"])
    return {**share, "lifecycle_state": "deleting"}


def present_share(ctx: Ctx, share: dict) -> dict:
    members = snapshots_of(ctx, share["id"])
    return {**share, "snapshot_count": len(members), "snapshot_size": sum(s["minimum_size"] for s in members.values())}


# -- share snapshots ---------------------------------------------------------------------------

def snapshots_of(ctx: Ctx, share_id: str) -> dict[str, dict]:
    return ctx.store.indexed("share_snapshots", "_share_id", share_id)


def get_share_snapshot(ctx: Ctx, share: dict, snapshot_id: str) -> dict:
    snapshot = ctx.store.get("share_snapshots", snapshot_id)
    if snapshot is None or snapshot["_share_id"] != share["id"]:
        raise not_found("share_snapshot", snapshot_id)
    return snapshot


def share_unusable_reason(ctx: Ctx, share: dict) -> str | None:
    """Why a snapshot of `share` cannot be taken (a job status code), or None."""
    if share["access_control_mode"] == "vpc":
        return "snapshot_source_unsupported"
    if len(snapshots_of(ctx, share["id"])) >= SNAPSHOTS_PER_SHARE[share["availability_mode"]]:
        return "snapshot_share_limit"
    return None


def take_share_snapshot(ctx: Ctx, share: dict, *, name: str | None, user_tags: list[str],
                        plan: dict | None = None, job_id: str | None = None, events: dict | None = None) -> dict:
    taken = {s["name"] for s in snapshots_of(ctx, share["id"]).values()}
    name = name or ids.random_name(taken)
    if name in taken:
        raise conflict("share_snapshot_name_duplicate", f"The share already has a snapshot named {name!r}",
                       field("name", name))
    snapshot_id = ids.new_id(ctx.region)
    snapshot = ctx.stamp({
        "id": snapshot_id,
        "crn": f"{share['crn']}/snapshot:{snapshot_id}",  # share snapshot CRNs nest under the share's
        "href": f"{share['href']}/snapshots/{snapshot_id}",
        "name": name,
        "created_at": rfc3339(ctx.now),
        "captured_at": rfc3339(ctx.now),
        "fingerprint": ids.new_etag()[3:-1],
        "lifecycle_reasons": [],
        "lifecycle_state": "pending",
        "minimum_size": share["size"],
        "resource_group": share["resource_group"],
        "resource_type": "share_snapshot",
        "status": "available",
        "status_reasons": [],
        "user_tags": list(dict.fromkeys(user_tags)),
        "_share_id": share["id"],
        "_events": {"captured": rfc3339(ctx.now + timedelta(seconds=SHARE_SNAPSHOT_SECONDS)), **(events or {})},
        "_etag": ids.new_etag(),
    })
    if "zone" in share:
        snapshot["zone"] = share["zone"]
    if plan is not None:
        snapshot["backup_policy_plan"] = {"href": plan["href"], "id": plan["id"], "name": plan["name"],
                                          "resource_type": "backup_policy_plan"}
        snapshot["_plan_id"] = plan["id"]
        snapshot["_chain"] = f"{plan['id']}/{share['id']}"
        snapshot["_source"] = reference(share, "share")
    if job_id is not None:
        snapshot["_job_id"] = job_id
    snapshot = ctx.store.put("share_snapshots", snapshot)
    ctx.agenda.track("share_snapshots", snapshot)
    return snapshot


def on_captured(ctx: Ctx, snapshot: dict) -> dict:
    return snapshots.finish_capture(ctx, "share_snapshots", snapshot)


def create_share_snapshot(ctx: Ctx, share: dict, proto: dict) -> dict:
    reason = share_unusable_reason(ctx, share)
    if reason == "snapshot_source_unsupported":
        raise conflict("share_snapshot_unsupported",
                       "Snapshots are not supported for shares with access_control_mode 'vpc'")
    if reason == "snapshot_share_limit":
        raise ApiError(400, "snapshot_share_limit", f"Share {share['id']} has reached its snapshot limit")
    return take_share_snapshot(ctx, share, name=proto.get("name"), user_tags=proto.get("user_tags") or [])


def delete_share_snapshot(ctx: Ctx, snapshot: dict) -> dict:
    if snapshot["lifecycle_state"] == "pending":
        raise conflict("snapshot_pending", f"Share snapshot {snapshot['id']} is still being captured")
    ctx.store.delete("share_snapshots", snapshot["id"])
    return {**snapshot, "lifecycle_state": "deleting"}
