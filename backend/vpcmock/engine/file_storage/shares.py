"""File shares (zonal ``dp2`` and regional ``rfs``) and their snapshots."""

from __future__ import annotations

from datetime import timedelta

from vpcmock import ids
from vpcmock.catalog import SHARE_PROFILES, SNAPSHOTS_PER_SHARE
from vpcmock.engine.platform import resource_groups
from vpcmock.engine.backup import schedule
from vpcmock.engine.block_storage import snapshots
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, reference, resolve_zone, zone_ref
from vpcmock.errors import ApiError, bad_field, conflict, field, not_found
from vpcmock.timeutil import rfc3339

SHARE_SNAPSHOT_SECONDS = 5


def get_share(ctx: Ctx, share_id: str) -> dict:
    share = ctx.owned(ctx.store.get("shares", share_id))
    if share is None:
        raise not_found("share", share_id)
    return share


def _profile(name: str, target: str) -> str:
    if name not in SHARE_PROFILES:
        raise bad_field("share_profile_not_found", f"Share profile {name!r} not found", target, name)
    return SHARE_PROFILES[name]


def create_share(ctx: Ctx, proto: dict) -> dict:
    """A share, empty or restored from a share snapshot (`source_snapshot`), with an optional
    replica in another zone (`replica_share`)."""
    profile = proto["profile"]["name"]
    availability = _profile(profile, "profile.name")
    source = _source_snapshot(ctx, proto, availability) if proto.get("source_snapshot") else None
    zone = None
    if source is not None:
        zone = (source.get("zone") or {}).get("name")
    elif availability == "zonal":
        zone = resolve_zone(proto.get("zone") or {}, ctx.region, "zone")
    elif proto.get("zone"):
        raise bad_field("share_zone_not_allowed", "A regional share (profile rfs) has no zone", "zone")
    shares = list(ctx.partition("shares").values())
    name = name_for_new(shares, proto.get("name"), "share_name_duplicate", "A share named {name!r} already exists")
    size = proto.get("size") or (source or {}).get("minimum_size")
    if size is None:
        raise bad_field("missing_field", "size is required unless source_snapshot is given", "size")
    if not 10 <= size <= 32000:
        raise bad_field("share_size_invalid", "size must be from 10 to 32000 GB", "size", size)
    if source is not None and size < source["minimum_size"]:
        raise bad_field("share_size_invalid", f"size must be at least the snapshot's minimum_size "
                        f"{source['minimum_size']}", "size", size)
    share = _new_share(ctx, name=name, profile=profile, availability=availability, zone=zone, size=size, proto=proto)
    if source is not None:
        share["source_snapshot"] = reference(source, "share_snapshot")
        share["_files"] = dict(source.get("_files", {}))
    if proto.get("replica_share"):
        if availability != "zonal":
            raise bad_field("share_replica_unsupported", "Only zonal shares can have a replica", "replica_share")
        share = _with_replica(ctx, share, proto["replica_share"], [*shares, share])
    return ctx.store.put("shares", share)


def _source_snapshot(ctx: Ctx, proto: dict, availability: str) -> dict:
    """The share snapshot a share is restored from. The new share lives where the snapshot
    does: share backups cannot be moved to another zone or region on their own (seed)."""
    ident = identity_id(proto["source_snapshot"])
    snapshot = ctx.owned(ctx.store.get("share_snapshots", ident))
    if snapshot is None:
        raise bad_field("share_snapshot_not_found", f"Share snapshot {ident!r} not found in region {ctx.region}; "
                        "share backups cannot be used in another region", "source_snapshot", ident)
    if snapshot["lifecycle_state"] != "stable":
        raise conflict("share_snapshot_not_stable", f"Share snapshot {ident} is {snapshot['lifecycle_state']}",
                       field("source_snapshot"))
    wanted_zone = (proto.get("zone") or {}).get("name")
    if wanted_zone and wanted_zone != (snapshot.get("zone") or {}).get("name"):
        raise bad_field("share_source_snapshot_zone_mismatch",
                        "A share restored from a backup resides in the backup's zone; share backups cannot be "
                        "copied to another zone", "zone.name", wanted_zone)
    if ("zone" in snapshot) != (availability == "zonal"):
        raise bad_field("share_profile_availability_mismatch", "The profile's availability (zonal or regional) "
                        "must match the source snapshot's share", "profile.name", proto["profile"]["name"])
    return snapshot


def _with_replica(ctx: Ctx, share: dict, proto: dict, shares: list[dict]) -> dict:
    _check_replication_schedule(proto["replication_cron_spec"])
    zone = resolve_zone(proto["zone"], ctx.region, "replica_share.zone")
    if zone == share["zone"]["name"]:
        raise bad_field("share_replica_zone_invalid", "A replica must be in another zone than its source",
                        "replica_share.zone.name", zone)
    if _profile(proto["profile"]["name"], "replica_share.profile.name") != "zonal":
        raise bad_field("share_replica_unsupported", "A replica needs a zonal profile", "replica_share.profile.name",
                        proto["profile"]["name"])
    name = name_for_new(shares, proto.get("name"), "share_name_duplicate", "A share named {name!r} already exists",
                        "replica_share.name")
    replica = _new_share(ctx, name=name, profile=proto["profile"]["name"], availability="zonal", zone=zone,
                         size=share["size"], proto={"user_tags": []})
    replica.update(replication_role="replica", replication_status="active",
                   replication_cron_spec=proto["replication_cron_spec"],
                   source_share=reference(share, "share"), _source_share_id=share["id"])
    ctx.store.put("shares", replica)
    return {**share, "replication_role": "source", "replication_status": "active",
            "replica_share": reference(replica, "share"), "_replica_id": replica["id"]}


# The reference is silent on replication schedules; IBM's API documentation allows a share's
# replication at most once every 15 minutes, which is the rule applied here.
REPLICATION_MIN_GAP_MINUTES = 15


def _check_replication_schedule(text: str) -> None:
    """A replication schedule is a 5-field UTC cron spec that fires, at most every 15 minutes."""
    try:
        schedule.check_frequency(schedule.CronSpec(text), REPLICATION_MIN_GAP_MINUTES)
    except schedule.ScheduleError as exc:
        raise bad_field("share_replication_cron_spec_invalid", str(exc).replace("cron_spec", "replication_cron_spec"),
                        "replica_share.replication_cron_spec", text) from None


def _new_share(ctx: Ctx, *, name: str, profile: str, availability: str, zone: str | None, size: int,
               proto: dict) -> dict:
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
        "resource_group": resource_groups.of_prototype(ctx, proto),
        "resource_type": "share",
        "storage_generation": 1,
        "user_tags": list(dict.fromkeys(proto.get("user_tags") or [])),
        "_etag": ids.new_etag(),
    })
    if zone:
        share["zone"] = zone_ref(zone)
    return share


def update_share(ctx: Ctx, share: dict, patch: dict) -> dict:
    changes = {k: patch[k] for k in ("name", "user_tags", "access_control_mode") if k in patch}
    if "name" in changes:
        check_rename(ctx.partition("shares").values(), share, changes["name"], "share_name_duplicate",
                     "A share named {name!r} already exists")
    if "size" in patch:
        if not share["size"] <= patch["size"] <= 32000:
            raise bad_field("share_size_invalid", "size can only grow, up to 32000 GB", "size", patch["size"])
        changes["size"] = patch["size"]
    if not changes:
        return share
    return ctx.store.replace("shares", share, **changes, _etag=ids.new_etag())


def delete_share(ctx: Ctx, share: dict) -> dict:
    """Delete a share and, as the seed's concepts section says, its snapshots and backups with it.

    (The seed's limitations section says backups remain; the concepts section, followed here,
    says "If a file share is deleted, its snapshots and backups are automatically deleted, too".)
    A share with a replica must lose its replica first, as in the service.
    """
    if share.get("_replica_id") and ctx.store.get("shares", share["_replica_id"]) is not None:
        raise conflict("share_has_replica", f"Share {share['id']} has a replica; delete the replica first")
    for snapshot in list(snapshots_of(ctx, share["id"]).values()):
        ctx.store.delete("share_snapshots", snapshot["id"])
    if share.get("_source_share_id"):
        source = ctx.store.get("shares", share["_source_share_id"])
        if source is not None:
            cleared = {k: v for k, v in source.items() if k not in ("replica_share", "_replica_id")}
            ctx.store.put("shares", {**cleared, "replication_role": "none", "replication_status": "none"})
    ctx.store.delete("shares", share["id"])
    return {**share, "lifecycle_state": "deleting"}


def present_share(ctx: Ctx, share: dict) -> dict:
    members = snapshots_of(ctx, share["id"])
    return {**share, "snapshot_count": len(members), "snapshot_size": sum(s["minimum_size"] for s in members.values()),
            "mount_targets": [{key: t[key] for key in ("href", "id", "name", "resource_type")}
                              for t in share.get("mount_targets") or []]}


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
                        plan: dict | None = None, job_id: str | None = None, events: dict | None = None,
                        files: dict | None = None) -> dict:
    name = name_for_new(snapshots_of(ctx, share["id"]).values(), name, "share_snapshot_name_duplicate",
                        "The share already has a snapshot named {name!r}")
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
        "_files": share.get("_files", {}) if files is None else files,
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
    """A share snapshot is captured; a snapshot of a share with a replica is then copied to the
    replica's location (seed), where it appears among the replica's snapshots."""
    snapshot = snapshots.finish_capture(ctx, "share_snapshots", snapshot)
    share = ctx.store.get("shares", snapshot["_share_id"])
    replica = ctx.store.get("shares", (share or {}).get("_replica_id"))
    if replica is not None and "_replica_of" not in snapshot:
        copy = take_share_snapshot(ctx, replica, name=snapshot["name"], user_tags=snapshot["user_tags"],
                                   files=snapshot.get("_files", {}))
        extra = {"_replica_of": snapshot["id"], "captured_at": snapshot["captured_at"]}
        if "backup_policy_plan" in snapshot:
            extra["backup_policy_plan"] = snapshot["backup_policy_plan"]
        ctx.store.replace("share_snapshots", copy, **extra)
    return snapshot


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
    remove_share_snapshot(ctx, snapshot)
    return {**snapshot, "lifecycle_state": "deleting"}


def remove_share_snapshot(ctx: Ctx, snapshot: dict) -> None:
    """Delete a share snapshot and the copy of it at its share's replica."""
    for copy in list(ctx.store.indexed("share_snapshots", "_replica_of", snapshot["id"]).values()):
        ctx.store.delete("share_snapshots", copy["id"])
    ctx.store.delete("share_snapshots", snapshot["id"])
