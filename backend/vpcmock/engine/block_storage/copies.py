"""Cross-region copies of block storage snapshots, made by a plan or asked for by hand.

A plan's `remote_region_policies` are recorded on each backup when it is made; once the backup
is `stable` a copy starts in each listed region (seed: "the service starts to create the copies
after the source snapshot reached the stable state"). A copy is a snapshot of the target region
with `source_snapshot`; its source lists it in `copies`. Copies live on when their source or its
volume is deleted.

- Incremental or full (seed): a copy is incremental only when the snapshot its source is an
  increment of (the immediately preceding one of the chain) has a *stable* copy in that region;
  it then transfers just the source's changed blocks. Otherwise it transfers the whole volume.
- Speed: COPY_GB_PER_MINUTE, so a full copy of 3,000 GB takes 12.5 hours, as the seed says.
- Encryption (seed, which wins over the API reference's "the source's key is reused"): a source
  protected by a customer key needs the remote policy's `encryption_key`; without it the copy
  fails with `snapshot_encryption_key_invalid` and the plan's job reports it. A provider-managed
  source gives a provider-managed copy.
- Count: when a copy becomes stable, the plan's `delete_over_count` for that region keeps the
  newest copies of that plan and volume there; older stable ones are deleted (deletion jobs).
- Context-based restrictions: a plan's copy and a copy's deletion are the Backup service's
  private calls in the copy's region; a rule that does not admit them fails the job (a copy not
  started, a copy kept), engine/backup/restrictions.py.
"""

from __future__ import annotations

from datetime import timedelta

from vpcmock import ids
from vpcmock.catalog import NO_CROSS_REGION_COPY
from vpcmock.engine.backup import jobs, restrictions
from vpcmock.engine.block_storage import allowed_use, blocks, copy_stalls
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import name_for_new
from vpcmock.engine.core.refs import identity_id, region_ref
from vpcmock.engine.block_storage.removal import remove_snapshot
from vpcmock.errors import bad_field, conflict, field
from vpcmock.timeutil import rfc3339

COPY_GB_PER_MINUTE = 4.0
MIN_COPY_SECONDS = 60
KEY_INVALID = "snapshot_encryption_key_invalid"


def copy_seconds(gigabytes: float) -> int:
    return max(MIN_COPY_SECONDS, int(round(gigabytes * 60 / COPY_GB_PER_MINUTE)))


def plan_copy_targets(plan: dict) -> list[dict]:
    """What a new backup of `plan` records: where to copy it, with which key."""
    return [{"region": p["region"]["name"], "key": (p.get("encryption_key") or {}).get("crn")}
            for p in plan.get("remote_region_policies") or ()]


def copy_in(ctx: Ctx, source: dict, region: str) -> dict | None:
    for item in source.get("copies", ()):
        if item["remote"]["region"]["name"] == region:
            return ctx.store.get("snapshots", item["id"])
    return None


def start_plan_copies(ctx: Ctx, snapshot: dict) -> tuple[list[dict], str | None]:
    """A plan's backup is stable: start its copies. Answers (copies started, failure code)."""
    started, failure = [], None
    for target in snapshot.get("_copy_to") or ():
        if snapshot["encryption"] == "user_managed" and not target["key"]:
            failure = KEY_INVALID
            continue
        if copy_in(ctx, snapshot, target["region"]) is not None:
            continue
        if (denied := restrictions.copy_denied(ctx, target["region"])) is not None:
            failure = denied  # context-based restrictions deny the Backup service's private call there
            continue
        started.append(make_copy(ctx, snapshot, target["region"], target["key"], name=snapshot["name"],
                                 user_tags=snapshot["user_tags"], by_plan=True))
    return started, failure


def make_copy(ctx: Ctx, source: dict, region: str, key_crn: str | None, *, name: str | None,
              user_tags: list[str], by_plan: bool = False) -> dict:
    """Start copying `source` (of ctx's region) into `region`; answers the pending copy."""
    target = ctx.at(ctx.account, region)
    names = {s["name"] for s in target.partition("snapshots").values()}
    if name is None or name in names:
        name = ids.random_name(names)
    parent_source = ctx.store.get("snapshots", source.get("_parent"))
    previous = copy_in(ctx, parent_source, region) if parent_source else None
    if previous is not None and previous["lifecycle_state"] == "stable":
        data = {"_parent": previous["id"], "_delta": dict(source["_delta"]), "_transfer": "incremental",
                "_transferred_gb": float(len(source["_delta"]) * blocks.BLOCK_SIZE_GB)}
    else:
        data = {"_parent": None, "_delta": blocks.content(ctx, source), "_transfer": "full",
                "_transferred_gb": float(source["size"])}
    copy_id = ids.new_id(region)
    transfer = copy_seconds(data["_transferred_gb"])
    home = {"region": region_ref(ctx.region)}
    copy = target.stamp({
        "id": copy_id,
        "crn": ids.crn(region, ctx.account, "snapshot", copy_id),
        "href": f"/{region}/v1/snapshots/{copy_id}",
        "name": name,
        "lifecycle_state": "pending",
        "source_volume": {**source["source_volume"], "remote": home},
        "source_snapshot": {"crn": source["crn"], "href": source["href"], "id": source["id"],
                            "name": source["name"], "resource_type": "snapshot", "remote": home},
        "size": source["size"],
        "minimum_capacity": source["minimum_capacity"],
        "storage_generation": source["storage_generation"],
        "encryption": source["encryption"],
        "bootable": source["bootable"],
        "user_tags": list(user_tags),
        "service_tags": list(source["service_tags"]) if by_plan else [],
        "resource_group": source["resource_group"],
        "created_at": rfc3339(ctx.now),
        "captured_at": source["captured_at"],
        "deletable": True,
        "clones": [],
        "copies": [],
        "software_attachments": [],
        "resource_type": "snapshot",
        "_copy_of": source["id"],
        "_origin_volume_id": source.get("_source_id") or source.get("_origin_volume_id"),
        "_events": {"copied": rfc3339(ctx.now + timedelta(seconds=transfer))},
        "_etag": ids.new_etag(),
        **data,
    })
    if source["encryption"] == "user_managed":
        copy["encryption_key"] = {"crn": key_crn}
    if source.get("operating_system"):
        copy["operating_system"] = source["operating_system"]
    if source.get("allowed_use"):
        copy["allowed_use"] = dict(source["allowed_use"])
    if by_plan and "backup_policy_plan" in source:
        copy["backup_policy_plan"] = {**source["backup_policy_plan"], "remote": home}
        copy["_copy_chain"] = f"{region}/{source['_chain']}"
        copy["_copy_plan_id"] = source["_plan_id"]
        if "_job_id" in source:
            copy["_job_id"] = source["_job_id"]
    if copy_stalls.take(target, copy, transfer):
        copy.pop("_events")  # pending until released (POST /mock/faults/copies/release)
    copy = ctx.store.put("snapshots", copy)
    ctx.agenda.track("snapshots", copy)
    reference = {"crn": copy["crn"], "href": copy["href"], "id": copy_id, "name": name,
                 "remote": {"region": region_ref(region)}, "resource_type": "snapshot"}
    fresh = ctx.store.get("snapshots", source["id"])
    ctx.store.replace("snapshots", fresh, copies=fresh["copies"] + [reference])
    return copy


def after_copy_stable(ctx: Ctx, copy: dict) -> None:
    """Keep the newest `delete_over_count` stable copies of this plan and volume in this region."""
    chain = copy.get("_copy_chain")
    plan = ctx.store.get("plans", copy.get("_copy_plan_id"))
    if chain is None or plan is None or not plan["active"]:
        return
    count = next((p["delete_over_count"] for p in plan["remote_region_policies"]
                  if p["region"]["name"] == ctx.region), None)
    if count is None:
        return
    members = list(ctx.store.indexed("snapshots", "_copy_chain", chain).values())
    policy = ctx.store.get("backup_policies", plan["_policy_id"])
    home = ctx.at(plan["_account"], plan["_region"])
    for old in members[:max(0, len(members) - count)]:
        if old["lifecycle_state"] != "stable":
            continue
        if (denied := restrictions.deletion_denied(ctx, "snapshots", old, [old])) is not None:
            # kept: the next copy to become stable tries again
            jobs.open_job(home, policy, plan, "deletion", old["source_volume"], "volume", targets=[old], failure=denied)
            continue
        remove_snapshot(ctx, old)
        jobs.open_job(home, policy, plan, "deletion", old["source_volume"], "volume", targets=[old], done=True)


def manual_copy(ctx: Ctx, proto: dict) -> dict:
    """POST /snapshots with `source_snapshot`: a copy, into ctx's region, of a snapshot of another."""
    identity = proto["source_snapshot"]
    source = ctx.store.get("snapshots", identity_id(identity))
    if source is None or source["_account"] != ctx.account or (identity.get("crn") and identity["crn"] != source["crn"]):
        raise bad_field("snapshot_not_found", "The source snapshot was not found", "source_snapshot",
                        identity.get("crn") or identity_id(identity))
    if source["_region"] == ctx.region:
        raise bad_field("snapshot_copy_same_region",
                        f"Snapshot {source['id']} is in {ctx.region}; a copy must be made in another region",
                        "source_snapshot.crn", source["crn"])
    for region in (source["_region"], ctx.region):
        if region in NO_CROSS_REGION_COPY:
            raise bad_field("snapshot_copy_region_unsupported",
                            f"Cross-region copies are not supported to or from region {region}",
                            "source_snapshot.crn", source["crn"])
    if source["lifecycle_state"] != "stable":
        raise conflict("snapshot_not_stable", f"Snapshot {source['id']} is {source['lifecycle_state']}; "
                       "it can be copied once it is stable", field("source_snapshot.crn", source["crn"]))
    home = ctx.at(source["_account"], source["_region"])
    if copy_in(home, source, ctx.region) is not None:
        raise conflict("snapshot_copy_exists", f"Snapshot {source['id']} already has a copy in {ctx.region}",
                       field("source_snapshot.crn", source["crn"]))
    key = (proto.get("encryption_key") or {}).get("crn")
    if source["encryption"] == "user_managed" and not key:
        raise bad_field(KEY_INVALID, "The source snapshot is encrypted with a customer key: give encryption_key "
                        "(a key of the target region)", "encryption_key")
    if proto.get("name"):  # (without one, make_copy names the copy)
        name_for_new(ctx.partition("snapshots").values(), proto["name"], "snapshot_name_duplicate",
                     "A snapshot named {name!r} already exists")
    chosen = None
    if proto.get("allowed_use") is not None:  # "Can only be specified for bootable snapshots" (SnapshotPrototype)
        if not source["bootable"]:
            raise bad_field("snapshot_not_bootable", "allowed_use can only be specified for a copy of a bootable "
                            "snapshot", "allowed_use")
        chosen = allowed_use.check(proto["allowed_use"], ctx, "allowed_use")
    copy = make_copy(home, source, ctx.region, key, name=proto.get("name"), user_tags=proto.get("user_tags") or [])
    return copy if chosen is None else ctx.store.replace("snapshots", copy, allowed_use=chosen)
