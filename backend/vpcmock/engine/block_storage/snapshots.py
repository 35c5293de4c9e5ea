"""Block storage snapshots (manual ones and backups) and snapshot consistency groups."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from vpcmock import ids
from vpcmock.catalog import SNAPSHOTS_PER_VOLUME
from vpcmock.engine.backup import jobs
from vpcmock.engine.block_storage import allowed_use, blocks, clones, copies, unseen, volumes
from vpcmock.engine.core import ahead
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, reference, resolve_zone
from vpcmock.engine.block_storage.removal import remove_snapshot
from vpcmock.engine.platform import tags
from vpcmock.errors import ApiError, bad_field, conflict, echo, field, not_found
from vpcmock.timeutil import parse_rfc3339, rfc3339

# Simulated capture speed of a local snapshot: 1 GB of captured data per second, at least 5 s.
CAPTURE_GB_PER_SECOND = 1.0
MIN_CAPTURE_SECONDS = 5


def capture_seconds(gigabytes: float) -> int:
    return max(MIN_CAPTURE_SECONDS, int(round(gigabytes / CAPTURE_GB_PER_SECOND)))


def get_snapshot(ctx: Ctx, snapshot_id: str) -> dict:
    snapshot = ctx.owned(ctx.store.get("snapshots", snapshot_id))
    if snapshot is None:
        # The message IBM's acceptance tests find in the IBM provider's error for a snapshot id
        # that does not exist ("GetSnapshotWithContext failed: Error fetching snapshot with id ...").
        raise ApiError(404, "snapshot_not_found", f"Error fetching snapshot with id {echo(snapshot_id)}",
                       {"name": "id", "type": "parameter", "value": echo(snapshot_id)})
    return snapshot


def volume_usable_for_snapshot(ctx: Ctx, volume: dict) -> str | None:
    """Why a snapshot of `volume` cannot be taken now (a job status code), or None.

    Generation-1 volumes must be attached to a running instance (seed, "Backup service concepts").
    """
    if volume["storage_generation"] == 1:
        found = volumes.attachment_of(ctx, volume)
        if found is None or found[0]["status"] != "running":
            return "source_volume_unavailable"
    count = unseen.snapshot_count(ctx, volume["id"])
    if count >= SNAPSHOTS_PER_VOLUME[volume["storage_generation"]]:
        return "snapshot_volume_limit"
    return None


def take_snapshot(ctx: Ctx, volume: dict, *, name: str, user_tags: list[str], service_tags: list[str] | None = None,
                  plan: dict | None = None, group: dict | None = None, job_id: str | int | None = None,
                  events: dict | None = None, policy: dict | None = None) -> dict:
    """Create a pending snapshot of `volume` that becomes stable when its capture completes.

    `events` are further due instants to record on it (retention expiry for backups); `job_id`,
    the id of the job that makes it or the draw its text comes from (jobs.new_job_draw). A plan's
    backup (of `policy`) that the running clock move settles and deletes is kept out of the
    store (unseen.py), as the fields the move reads and what makes the rest (`document`).
    """
    snapshot_id = ids.new_id(ctx.region)
    data, volume_changes = blocks.capture(ctx, volume)
    captured, now, end = _capture_times(ctx.now, capture_seconds(data["_transferred_gb"]))
    etag = ids.draw()  # drawn where the document is made, whenever its text is
    # Nothing can see it pending: stored as on_captured leaves it (engine/core/ahead.py); its
    # creation job is stored closed (backups.back_up).
    settled = (job_id is not None and plan is not None and group is None
               and _settles_ahead(ctx, plan, events, end, captured))
    seq = None
    if settled:
        seq = ctx.store.next_seq()
        ahead.count(ctx, "snapshot_completed")
    source = _source(ctx, volume)
    made = (ctx.account, ctx.region, snapshot_id, source, name, user_tags, service_tags, plan, group, job_id, events,
            data, now, end, etag, seq)
    if settled and policy is not None and unseen.fits(ctx, policy, plan, volume, captured):
        held = unseen.holding(ctx).add({
            "id": snapshot_id, "crn": ids.crn(ctx.region, ctx.account, "snapshot", snapshot_id),
            "href": f"/{ctx.region}/v1/snapshots/{snapshot_id}", "name": name, "lifecycle_state": "stable",
            "resource_type": "snapshot", "source_volume": source[0], "_source_id": volume["id"],
            "_parent": data["_parent"], "_delta": data["_delta"], "_chain": f"{plan['id']}/{volume['id']}",
            "_seq": seq, "_completed_at": end, "_made": (document, made)})
        blocks.captured(ctx, volume, snapshot_id, volume_changes)
        return held
    snapshot = ctx.store.put("snapshots", document(*made))
    ctx.agenda.track("snapshots", snapshot)
    blocks.captured(ctx, volume, snapshot_id, volume_changes)
    return snapshot


_NO_KEY = object()


def _source(ctx: Ctx, volume: dict) -> tuple:
    """What a snapshot's document takes of its volume (not the volume's document itself, which
    a backup kept unseen for weeks would keep alive with its whole block map). In a clock run,
    made once for the very document: the run changes its own copy of a volume in place at each
    capture (blocks.captured), never these fields, so a year of backups takes it from one."""
    if ctx.run is None:
        return _taken_of(ctx, volume)
    return ctx.run.remembered("snapshot source", volume, lambda: _taken_of(ctx, volume))


def _taken_of(ctx: Ctx, volume: dict) -> tuple:
    return (reference(volume, "volume"), volume["id"], volume["capacity"], volume["storage_generation"],
            volume["encryption"], volume["resource_group"], volume["profile"]["name"],
            volume.get("encryption_key", _NO_KEY),
            # bootable: a boot volume's, or one holding an operating system (an image's, inherited)
            bool(volume.get("operating_system") or (volume.get("_attachment") and _is_boot(ctx, volume))),
            volume.get("operating_system"), volume.get("allowed_use"))


_last_times: list = [None]  # (start, seconds, answer) of the latest _capture_times


def _capture_times(start: datetime, seconds: int) -> tuple[datetime, str, str]:
    """When a capture of `seconds` started at `start` ends, and both instants' text; the same
    for every like-sized backup of a fire (a fire backs up every volume at one instant)."""
    last = _last_times[0]
    if last is not None and last[0] == start and last[1] == seconds:
        return last[2]
    end = start + timedelta(seconds=seconds)
    answer = (end, rfc3339(start), rfc3339(end))
    _last_times[0] = (start, seconds, answer)
    return answer


def document(account: str, region: str, snapshot_id: str, source: tuple, name: str, user_tags: list[str],
             service_tags: list[str] | None, plan: dict | None, group: dict | None, job_id: str | int | None,
             events: dict | None, data: dict, now: str, end: str, etag: int, seq: int | None) -> dict:
    """A new snapshot's document; with `seq`, settled at its fire (captured, numbered `seq`).
    `source`: what it takes of its volume (take_snapshot)."""
    (volume_ref, volume_id, capacity, generation, encryption, resource_group, profile, key, bootable, system,
     allowed) = source
    snapshot = {
        "id": snapshot_id,
        "crn": ids.crn(region, account, "snapshot", snapshot_id),
        "href": f"/{region}/v1/snapshots/{snapshot_id}",
        "name": name,
        "lifecycle_state": "pending",
        "source_volume": volume_ref,
        "size": capacity,
        "minimum_capacity": capacity,
        "storage_generation": generation,
        "encryption": encryption,
        "bootable": bootable,
        "user_tags": list(dict.fromkeys(user_tags)),
        "service_tags": list(service_tags) if service_tags else [],
        "resource_group": resource_group,
        "created_at": now,
        "captured_at": now,
        "deletable": True,
        "clones": [],
        "copies": [],
        "software_attachments": [],
        "resource_type": "snapshot",
        "_source_id": volume_id,
        "_source_profile": profile,
        **data,
        "_events": {"captured": end, **(events or {})},
        "_etag": ids.etag_of(etag),
        "_account": account,  # ctx.stamp's fields, in the same place
        "_region": region,
    }
    if key is not _NO_KEY:
        snapshot["encryption_key"] = key
    if system is not None:
        snapshot["operating_system"] = system
    if allowed is not None and bootable:
        snapshot["allowed_use"] = allowed
    if plan is not None:
        snapshot["backup_policy_plan"] = {"href": plan["href"], "id": plan["id"], "name": plan["name"],
                                          "resource_type": "backup_policy_plan"}
        snapshot["_plan_id"] = plan["id"]
        snapshot["_chain"] = f"{plan['id']}/{volume_id}"
        # (a plan without remote region policies copies nowhere: the common case, not asked)
        snapshot["_copy_to"] = copies.plan_copy_targets(plan) if plan.get("remote_region_policies") else []
        if plan["clone_policy"]["zones"] and group is None:
            snapshot["_clone_zones"] = [z["name"] for z in plan["clone_policy"]["zones"]]
            snapshot["_clone_keep"] = plan["clone_policy"]["max_snapshots"]
    if group is not None:
        snapshot["snapshot_consistency_group"] = {"crn": group["crn"], "href": group["href"], "id": group["id"],
                                                  "name": group["name"], "resource_type": "snapshot_consistency_group"}
        snapshot["_group_id"] = group["id"]
    if job_id is not None:
        snapshot["_job_id"] = job_id if type(job_id) is str else ids.id_for(region, job_id)
    if seq is not None:
        snapshot["_seq"] = seq
        snapshot["lifecycle_state"] = "stable"
        snapshot["_events"] = dict(events or {})
        snapshot["_completed_at"] = end
    return snapshot


def _settles_ahead(ctx: Ctx, plan: dict, events: dict | None, end: str, captured) -> bool:
    """Whether a plan's backup may be stored captured at its fire: its capture's end starts no
    copies or clones, its own due `events` (its retention) come after that end, and nothing due
    before it could see it pending (engine/core/ahead.py)."""
    return (not (plan.get("remote_region_policies") and copies.plan_copy_targets(plan))
            and not plan["clone_policy"]["zones"]
            and (not events or min(events.values()) > end) and ahead.may_settle(ctx, captured))


def _is_boot(ctx: Ctx, volume: dict) -> bool:
    found = volumes.attachment_of(ctx, volume)
    return bool(found and found[1]["type"] == "boot")


def mark_stable(ctx: Ctx, table: str, snapshot: dict, kind: str = "captured") -> dict:
    events = {k: v for k, v in snapshot["_events"].items() if k != kind}
    return ctx.store.replace(table, snapshot, lifecycle_state="stable", _events=events,
                             _completed_at=rfc3339(ctx.now))


def finish_capture(ctx: Ctx, table: str, snapshot: dict) -> dict:
    """A snapshot (of a volume or a share) is captured: stable now, and its job is told."""
    snapshot = mark_stable(ctx, table, snapshot)
    if "_job_id" in snapshot:
        jobs.target_done(ctx, snapshot["_job_id"])
    return snapshot


def on_captured(ctx: Ctx, snapshot: dict) -> dict:
    """A local capture completed. A plan's backup then starts its copies (which its job waits
    for too) and its fast restore clones."""
    snapshot = mark_stable(ctx, "snapshots", snapshot)
    started, failure = copies.start_plan_copies(ctx, snapshot)
    if "_job_id" in snapshot:
        jobs.add_targets(ctx, snapshot["_job_id"], started, failure)
        jobs.target_done(ctx, snapshot["_job_id"])
    return clones.after_backup_stable(ctx, ctx.store.get("snapshots", snapshot["id"]))


def on_copied(ctx: Ctx, copy: dict) -> dict:
    """A cross-region copy completed: its job is told, and the region's copy count applies."""
    copy = mark_stable(ctx, "snapshots", copy, "copied")
    if "_job_id" in copy:
        jobs.target_done(ctx, copy["_job_id"])
    copies.after_copy_stable(ctx, copy)
    return copy


def simulation_of(store, snapshot_id: str) -> dict | None:
    """What the API does not show: how much a snapshot transferred and when it completed.

    Share snapshots are always whole-share captures here.
    """
    snapshot = store.get("snapshots", snapshot_id) or store.get("share_snapshots", snapshot_id)
    if snapshot is None:
        return None
    size = snapshot.get("size", snapshot.get("minimum_size"))
    return {"id": snapshot["id"], "transfer": snapshot.get("_transfer", "full"),
            "size_transferred_gb": snapshot.get("_transferred_gb", float(size)),
            "completed_at": snapshot.get("_completed_at")}


def create_snapshot(ctx: Ctx, proto: dict) -> dict:
    if proto.get("source_snapshot"):
        return copies.manual_copy(ctx, proto)
    if not proto.get("source_volume"):
        raise bad_field("missing_field", "source_volume is required", "source_volume")
    volume_id = identity_id(proto["source_volume"])
    volume = ctx.owned(ctx.store.get("volumes", volume_id))
    if volume is None:
        raise bad_field("volume_not_found", f"Volume {volume_id!r} not found", "source_volume.id", volume_id)
    reason = volume_usable_for_snapshot(ctx, volume)
    if reason == "source_volume_unavailable":
        raise conflict("snapshot_source_volume_unavailable",
                       "A snapshot of a generation-1 volume needs the volume attached to a running instance",
                       field("source_volume.id", volume_id))
    if reason == "snapshot_volume_limit":
        raise ApiError(400, "snapshot_volume_limit", f"Volume {volume_id} has reached its snapshot limit")
    name = name_for_new(ctx.partition("snapshots").values(), proto.get("name"), "snapshot_name_duplicate",
                        "A snapshot named {name!r} already exists")
    zones = [resolve_zone(c["zone"], ctx.region, f"clones[{i}].zone") for i, c in enumerate(proto.get("clones") or ())]
    chosen = None
    if proto.get("allowed_use") is not None:
        chosen = _chosen_allowed_use(ctx, proto["allowed_use"], bool(_source(ctx, volume)[8]))
    snapshot = take_snapshot(ctx, volume, name=name, user_tags=proto.get("user_tags") or [])
    if zones or chosen:
        snapshot = ctx.store.replace("snapshots", snapshot, **({"_clone_zones": zones} if zones else {}),
                                     **({"allowed_use": chosen} if chosen else {}))
    return snapshot


def _chosen_allowed_use(ctx: Ctx, given: dict, bootable: bool) -> dict:
    """SnapshotPrototype.allowed_use: "Can only be specified for bootable snapshots" (the SDK);
    it replaces what the snapshot would inherit from its volume."""
    if not bootable:
        raise bad_field("snapshot_not_bootable", "allowed_use can only be specified for a bootable snapshot "
                        "(of a volume holding an operating system)", "allowed_use")
    return allowed_use.check(given, ctx, "allowed_use")


def update_snapshot(ctx: Ctx, snapshot: dict, patch: dict) -> dict:
    changes = {}
    if "name" in patch:
        check_rename(ctx.partition("snapshots").values(), snapshot, patch["name"], "snapshot_name_duplicate",
                     "A snapshot named {name!r} already exists")
        changes["name"] = patch["name"]
    if "user_tags" in patch:
        changes["user_tags"] = list(dict.fromkeys(patch["user_tags"]))
    if "allowed_use" in patch:
        # SnapshotPatch.allowed_use: "Can only be specified for bootable snapshots" (the SDK).
        if not snapshot["bootable"]:
            raise bad_field("snapshot_not_bootable", f"Snapshot {snapshot['id']} is not bootable: allowed_use is only "
                            "for bootable snapshots", "allowed_use")
        changes["allowed_use"] = {**(snapshot.get("allowed_use") or {}),
                                  **allowed_use.check(patch["allowed_use"], ctx, "allowed_use", partial=True)}
    if not changes:
        return snapshot
    return ctx.store.replace("snapshots", snapshot, **changes, _etag=ids.new_etag())


def delete_snapshot(ctx: Ctx, snapshot: dict) -> dict:
    if snapshot["lifecycle_state"] == "pending":
        raise conflict("snapshot_pending", f"Snapshot {snapshot['id']} is still being captured; delete it once stable")
    remove_snapshot(ctx, snapshot)
    return {**snapshot, "lifecycle_state": "deleting"}


def delete_snapshots_of(ctx: Ctx, volume_id: str | None) -> None:
    """DELETE /snapshots?source_volume.id=: every snapshot of the volume, or none when one of
    them is still being captured (each would be refused alone: delete_snapshot). The volume
    need not exist any more (its snapshots outlive it); the filter is required (the SDK's
    delete_snapshots takes it as a required argument)."""
    if not volume_id:
        raise ApiError(400, "missing_query_parameter", "source_volume.id is required: the snapshots of which "
                       "volume to delete", {"name": "source_volume.id", "type": "parameter"})
    found = [s for s in ctx.partition("snapshots").values() if (s.get("source_volume") or {}).get("id") == volume_id]
    pending = [s["id"] for s in found if s["lifecycle_state"] == "pending"]
    if pending:
        raise conflict("snapshot_pending", f"Snapshot {pending[0]} of volume {volume_id} is still being captured; "
                       "delete the volume's snapshots once they are stable")
    for snapshot in found:
        remove_snapshot(ctx, snapshot)


def present_snapshot(ctx: Ctx, snapshot: dict) -> dict:
    view = dict(snapshot)
    if snapshot["lifecycle_state"] == "pending":
        events = snapshot.get("_events") or {}
        done = events.get("captured") or events.get("copied")
        start, end = parse_rfc3339(snapshot["created_at"]), parse_rfc3339(done) if done else ctx.now
        total = max((end - start).total_seconds(), 1)
        view["progress"] = min(99, int(100 * (ctx.now - start).total_seconds() / total))
    else:
        view["progress"] = 100
    source = ctx.store.get("volumes", snapshot.get("_source_id") or snapshot.get("_origin_volume_id"))
    if source is None:
        view["source_volume"] = {**snapshot["source_volume"], "deleted": jobs.DELETED}
    if "_copy_of" in snapshot and ctx.store.get("snapshots", snapshot["_copy_of"]) is None:
        view["source_snapshot"] = {**snapshot["source_snapshot"], "deleted": jobs.DELETED}
    return view


def snapshot_filter(args: dict[str, str]) -> Callable[[dict], bool] | None:
    """The list filters of GET /snapshots (API reference, list_snapshots)."""
    def ref(doc, key):
        return doc.get(key) or {}

    tests = []
    simple = {
        "name": lambda s, v: s["name"] == v,
        "tag": lambda s, v: v in s["user_tags"],
        "resource_group.id": lambda s, v: s["resource_group"]["id"] == v,
        "source_volume.id": lambda s, v: s["source_volume"]["id"] == v,
        "source_volume.crn": lambda s, v: s["source_volume"]["crn"] == v,
        "source_image.id": lambda s, v: ref(s, "source_image").get("id") == v,
        "source_image.crn": lambda s, v: ref(s, "source_image").get("crn") == v,
        "backup_policy_plan.id": lambda s, v: ref(s, "backup_policy_plan").get("id") == v,
        "copies[].id": lambda s, v: any(c["id"] == v for c in s["copies"]),
        "copies[].name": lambda s, v: any(c["name"] == v for c in s["copies"]),
        "copies[].crn": lambda s, v: any(c["crn"] == v for c in s["copies"]),
        "copies[].remote.region.name": lambda s, v: any(c.get("remote", {}).get("region", {}).get("name") == v
                                                        for c in s["copies"]),
        "source_snapshot.id": lambda s, v: ref(s, "source_snapshot").get("id") == v,
        "source_snapshot.remote.region.name":
            lambda s, v: ref(s, "source_snapshot").get("remote", {}).get("region", {}).get("name") == v,
        "source_volume.remote.region.name":
            lambda s, v: s["source_volume"].get("remote", {}).get("region", {}).get("name") == v,
        "source_image.remote.region.name":
            lambda s, v: ref(s, "source_image").get("remote", {}).get("region", {}).get("name") == v,
        "clones[].zone.name": lambda s, v: any(c["zone"]["name"] == v for c in s["clones"]),
        "snapshot_consistency_group.id": lambda s, v: ref(s, "snapshot_consistency_group").get("id") == v,
        "snapshot_consistency_group.crn": lambda s, v: ref(s, "snapshot_consistency_group").get("crn") == v,
    }
    for name, test in simple.items():
        if name in args:
            value = args[name]
            tests.append(lambda s, test=test, value=value: test(s, value))
    if not tests:
        return None
    return lambda s: all(t(s) for t in tests)


# -- snapshot consistency groups ---------------------------------------------------------------

def get_group(ctx: Ctx, group_id: str) -> dict:
    group = ctx.owned(ctx.store.get("snapshot_consistency_groups", group_id))
    if group is None:
        raise not_found("snapshot_consistency_group", group_id)
    return group


def create_group(ctx: Ctx, proto: dict, *, plan: dict | None = None, policy: dict | None = None,
                 job_id: str | None = None, instance_volumes: list[dict] | None = None,
                 service_tags: list[str] | None = None, user_tags: list[str] | None = None, name: str | None = None,
                 member_name: Callable[[], str] | None = None, chain: str | None = None,
                 events: dict | None = None, source: dict | None = None) -> dict:
    """A consistency group: one snapshot per volume, all captured at the same instant.

    A backup policy passes its `policy` and `plan`, the creation job's id, the instance's
    volumes, a namer for the member snapshots, the retention `chain` key, the group's due
    `events` and a reference to the instance it backs up (`source`).
    """
    if instance_volumes is None:
        instance_volumes = []
        for index, item in enumerate(proto.get("snapshots") or []):
            volume_id = identity_id(item["source_volume"])
            volume = ctx.owned(ctx.store.get("volumes", volume_id))
            if volume is None:
                raise bad_field("volume_not_found", f"Volume {volume_id!r} not found",
                                f"snapshots[{index}].source_volume.id", volume_id)
            if volume_usable_for_snapshot(ctx, volume):
                raise conflict("snapshot_source_volume_unavailable",
                               f"Volume {volume_id} must be attached to a running instance",
                               field(f"snapshots[{index}].source_volume.id", volume_id))
            instance_volumes.append(volume)
        if not instance_volumes:
            raise bad_field("missing_field", "snapshots must name at least one volume", "snapshots")
        owners = {(volumes.attachment_of(ctx, v) or ({"id": None},))[0]["id"] for v in instance_volumes}
        if len(owners) != 1:
            raise bad_field("snapshot_consistency_group_volumes_invalid",
                            "All volumes of a consistency group must be attached to the same instance", "snapshots")
    group_name = name_for_new(ctx.partition("snapshot_consistency_groups").values(), name or proto.get("name"),
                              "snapshot_consistency_group_name_duplicate",
                              "A snapshot consistency group named {name!r} already exists")
    group_id = ids.new_id(ctx.region)
    group = ctx.stamp({
        "id": group_id,
        "crn": ids.crn(ctx.region, ctx.account, "snapshot-consistency-group", group_id),
        "href": f"/{ctx.region}/v1/snapshot_consistency_groups/{group_id}",
        "name": group_name,
        "created_at": rfc3339(ctx.now),
        "delete_snapshots_on_delete": proto.get("delete_snapshots_on_delete", True),
        "lifecycle_state": "pending",
        "resource_group": instance_volumes[0]["resource_group"],
        "resource_type": "snapshot_consistency_group",
        "service_tags": service_tags or [],
        "_etag": ids.new_etag(),
    })
    if plan is not None:
        group["backup_policy_plan"] = {"href": plan["href"], "id": plan["id"], "name": plan["name"],
                                       "resource_type": "backup_policy_plan"}
        group["_plan_id"] = plan["id"]
    if job_id is not None:
        group["backup_policy_job"] = {"href": f"{policy['href']}/jobs/{job_id}", "id": job_id,
                                      "resource_type": "backup_policy_job"}
        group["_job_id"] = job_id
    if chain is not None:
        group["_chain"] = chain
        group["_source"] = source
    if events:
        group["_events"] = dict(events)
    group = ctx.store.put("snapshot_consistency_groups", group)
    ctx.agenda.track("snapshot_consistency_groups", group)
    if member_name is None:
        member_name = _unique_namer({s["name"] for s in ctx.partition("snapshots").values()})
    proto_items = proto.get("snapshots") or [{} for _ in instance_volumes]
    for volume, item in zip(instance_volumes, proto_items):
        snap_name = item.get("name") or member_name()
        take_snapshot(ctx, volume, name=snap_name, user_tags=(user_tags or []) + (item.get("user_tags") or []),
                      service_tags=service_tags, plan=plan, group=group, job_id=job_id)
    return group


def _unique_namer(taken: set[str]) -> Callable[[], str]:
    def next_name() -> str:
        name = ids.random_name(taken)
        taken.add(name)
        return name
    return next_name


def group_snapshots(ctx: Ctx, group: dict) -> dict[str, dict]:
    return ctx.store.indexed("snapshots", "_group_id", group["id"])


def update_group(ctx: Ctx, group: dict, patch: dict) -> dict:
    """A new name (unique in the region) or delete_snapshots_on_delete."""
    changes = {}
    if "name" in patch and patch["name"] != group["name"]:
        check_rename(ctx.partition("snapshot_consistency_groups").values(), group, patch["name"],
                     "snapshot_consistency_group_name_duplicate", "A snapshot consistency group named {name!r} exists")
        changes["name"] = patch["name"]
    if "delete_snapshots_on_delete" in patch:
        changes["delete_snapshots_on_delete"] = patch["delete_snapshots_on_delete"]
    return ctx.store.replace("snapshot_consistency_groups", group, **changes, _etag=ids.new_etag()) if changes else group


def present_group(ctx: Ctx, group: dict) -> dict:
    view = tags.without_user_tags(group)  # Global Tagging's alone (platform/tags.py)
    members = list(group_snapshots(ctx, group).values())
    view["snapshots"] = [reference(s, "snapshot") for s in members]
    if group["lifecycle_state"] == "pending" and members and all(s["lifecycle_state"] == "stable" for s in members):
        view["lifecycle_state"] = "stable"
    elif group["lifecycle_state"] == "pending" and not members:
        view["lifecycle_state"] = "stable"
    return view


def delete_group(ctx: Ctx, group: dict) -> dict:
    view = present_group(ctx, group)
    if group["delete_snapshots_on_delete"]:
        for snapshot in list(group_snapshots(ctx, group).values()):
            remove_snapshot(ctx, snapshot)
    else:
        for snapshot in list(group_snapshots(ctx, group).values()):
            detached = {k: v for k, v in snapshot.items() if k not in ("snapshot_consistency_group", "_group_id")}
            ctx.store.put("snapshots", detached)
    ctx.store.delete("snapshot_consistency_groups", group["id"])
    return {**view, "lifecycle_state": "deleting"}


