"""Fast restore clones: a snapshot cached in a zone, so a volume restored there is hydrated at once.

A plan's `clone_policy` gives its volume backups clones in each listed zone once they are
stable; only the newest `max_snapshots` backups of each plan and volume keep them. The zones and
count are taken when the backup is made (the API: changing the plan's zones does not affect
existing backups). Clones can also be managed directly (`/snapshots/{id}/clones/{zone}`).

Simulated timing (our choice; the service does not document it): a clone becomes available
CLONE_BASE_SECONDS after it is requested, plus one second per GB of the snapshot's size.
"""

from __future__ import annotations

from datetime import timedelta

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import zone_ref
from vpcmock.errors import conflict, not_found
from vpcmock.timeutil import parse_rfc3339, rfc3339

CLONE_BASE_SECONDS = 60
CLONE_SECONDS_PER_GB = 1.0


def clone_seconds(size_gb: float) -> int:
    return int(CLONE_BASE_SECONDS + size_gb * CLONE_SECONDS_PER_GB)


def request_clones(ctx: Ctx, snapshot: dict, zones: list[str]) -> dict:
    """Start a clone in each zone that has none yet; answers the stored snapshot."""
    present = {c["zone"]["name"] for c in snapshot["clones"]}
    wanted = [z for z in dict.fromkeys(zones) if z not in present]
    if not wanted:
        return snapshot
    ready_at = rfc3339(ctx.now + timedelta(seconds=clone_seconds(snapshot["size"])))
    clones = snapshot["clones"] + [{"available": False, "created_at": rfc3339(ctx.now), "zone": zone_ref(z)}
                                   for z in wanted]
    pending = {**snapshot.get("_clone_ready", {}), **{z: ready_at for z in wanted}}
    snapshot = ctx.store.replace("snapshots", snapshot, clones=clones, _clone_ready=pending)
    return _schedule_next(ctx, snapshot)


def _schedule_next(ctx: Ctx, snapshot: dict) -> dict:
    pending = snapshot.get("_clone_ready") or {}
    when = parse_rfc3339(min(pending.values())) if pending else None
    return ctx.schedule("snapshots", snapshot, "clones_ready", when)


def on_ready(ctx: Ctx, snapshot: dict) -> dict:
    """Clones whose time has come become available."""
    now = rfc3339(ctx.now)
    pending = snapshot.get("_clone_ready") or {}
    ready = {zone for zone, when in pending.items() if when <= now}
    clones = [{**c, "available": True} if c["zone"]["name"] in ready else c for c in snapshot["clones"]]
    rest = {zone: when for zone, when in pending.items() if zone not in ready}
    snapshot = ctx.store.replace("snapshots", snapshot, clones=clones, _clone_ready=rest)
    return _schedule_next(ctx, snapshot)


def drop_clones(ctx: Ctx, snapshot: dict, zones: set[str] | None = None) -> dict:
    """Remove the clones in `zones` (default: all of them)."""
    keep = [c for c in snapshot["clones"] if zones is not None and c["zone"]["name"] not in zones]
    pending = {z: w for z, w in (snapshot.get("_clone_ready") or {}).items() if zones is not None and z not in zones}
    snapshot = ctx.store.replace("snapshots", snapshot, clones=keep, _clone_ready=pending)
    return _schedule_next(ctx, snapshot)


def after_backup_stable(ctx: Ctx, snapshot: dict) -> dict:
    """A snapshot is stable: make the clones it was created with; for a plan's backup, rotate
    the plan's older backups of the same volume out of their clones."""
    zones = snapshot.get("_clone_zones")
    if not zones:
        return snapshot
    snapshot = request_clones(ctx, snapshot, zones)
    if "_clone_keep" not in snapshot:  # clones asked for when a snapshot was created by hand
        return snapshot
    chain = ctx.store.indexed("snapshots", "_chain", snapshot["_chain"])
    stable = [s for s in chain.values() if s["lifecycle_state"] == "stable"]
    for older in stable[:-snapshot["_clone_keep"]]:
        if older["clones"]:
            drop_clones(ctx, older)
    return ctx.store.get("snapshots", snapshot["id"])


def find_clone(snapshot: dict, zone: str) -> dict:
    for clone in snapshot["clones"]:
        if clone["zone"]["name"] == zone:
            return clone
    raise not_found("snapshot_clone", f"{snapshot['id']}/{zone}")


def create_clone(ctx: Ctx, snapshot: dict, zone: str) -> dict:
    """PUT /snapshots/{id}/clones/{zone}: idempotent, like the API."""
    if snapshot["lifecycle_state"] != "stable":
        raise conflict("snapshot_not_stable", f"Snapshot {snapshot['id']} is {snapshot['lifecycle_state']}; "
                       "clones can be created once it is stable")
    snapshot = request_clones(ctx, snapshot, [zone])
    return find_clone(snapshot, zone)


def delete_clone(ctx: Ctx, snapshot: dict, zone: str) -> None:
    find_clone(snapshot, zone)
    drop_clones(ctx, snapshot, {zone})
