"""What one plan fire does for one source: a `creation` job and its backup, or its failure.

Backups are named after the plan (its name cut to 46 characters, a hyphen and a unique
16-character suffix: at most 63 characters, the name limit), take the source's resource group
and encryption, carry the plan's `attach_user_tags` plus, when `copy_user_tags`, the source's
user tags, and service tags that say which policy and plan made them.
"""

from __future__ import annotations

from vpcmock import ids
from vpcmock.catalog import VOLUME_PROFILES
from vpcmock.engine.backup import health, jobs, retention
from vpcmock.engine.block_storage import snapshots, unseen
from vpcmock.engine.file_storage import shares
from vpcmock.engine.platform import activity
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import reference
from vpcmock.timeutil import parse_rfc3339

NAME_PREFIX_LENGTH = 46
# Activity Tracker actions for a backup a plan creates, by the table it lives in.
CREATE_ACTIONS = {"snapshots": "is.snapshot.snapshot.create", "share_snapshots": "is.share.share-snapshot.create",
                  "snapshot_consistency_groups": "is.snapshot.snapshot-consistency-group.create"}
# The seed: the first (full) backup of a tiered or custom generation-1 volume may not exceed
# 10 TB. Taken as 10,000 GB, the decimal unit the VPC API sizes volumes in.
FIRST_BACKUP_MAX_GB = 10_000


def backup_name(plan: dict) -> str:
    return f"{plan['name'][:NAME_PREFIX_LENGTH]}-{ids.random_suffix()}"


def service_tags(kind: str, policy: dict, plan: dict) -> list[str]:
    """Tags users cannot set that mark a backup as made by a policy (their exact text is our choice).

    A backup made in a child account by an enterprise policy also carries the policy's CRN: the
    seed says child accounts identify such backups by it (they cannot see the policy itself).
    """
    tags = [f"is.{kind}:backup_policy:{policy['id']}", f"is.{kind}:backup_policy_plan:{plan['id']}"]
    if policy["scope"]["resource_type"] == "enterprise":
        tags.append(f"is.{kind}:backup_policy_crn:{policy['crn']}")
    return tags


def user_tags(plan: dict, source: dict) -> list[str]:
    tags = list(plan["attach_user_tags"])
    if plan["copy_user_tags"]:
        tags += source.get("user_tags", [])
    return list(dict.fromkeys(tags))


def back_up(ctx: Ctx, policy: dict, plan: dict, source: dict) -> dict:
    """Open the creation job for `source` and start its backup; answers the job."""
    kind = policy["match_resource_type"]
    # Drawn now, its text made only if its record or a backup's document is stored (a year of
    # backups is mostly made and deleted, with their jobs, by one clock move).
    job_id = jobs.new_job_draw()
    if kind == "volume":
        reason, targets, chain = _volume(ctx, policy, plan, source, job_id)
        table = "snapshots"
    elif kind == "share":
        job_id = jobs.job_id_text(ctx, job_id)
        reason, targets, chain = _share(ctx, policy, plan, source, job_id)
        table = "share_snapshots"
    else:
        job_id = jobs.job_id_text(ctx, job_id)
        reason, targets, chain = _instance(ctx, policy, plan, source, job_id)
        table = "snapshot_consistency_groups"
    # A backup captured ahead of the clock (engine/core/ahead.py) has its job closed with it.
    settled = kind == "volume" and chain is not None and targets[0]["lifecycle_state"] == "stable"
    job = jobs.open_job(ctx, policy, plan, "creation", source, kind, targets=targets, job_id=job_id, failure=reason,
                        closed_at=parse_rfc3339(targets[0]["_completed_at"]) if settled else None)
    if chain is not None:
        backup = ctx.store.get(table, targets[0]["_group_id"]) if table == "snapshot_consistency_groups" else targets[0]
        activity.record(ctx, CREATE_ACTIONS[table], backup["crn"], target_name=backup["name"])
        retention.apply_count(ctx, policy, plan, table, chain)
    return job


def refuse(ctx: Ctx, policy: dict, plan: dict, source: dict, reason: str) -> dict:
    """A creation job for `source` that fails with `reason` without trying."""
    kind = policy["match_resource_type"]
    activity.record(ctx, "is.backup-policy.backup-policy-job.create", source["crn"], target_name=source["name"],
                    outcome="failure", reason=health.REASON if reason == "internal_error" else reason)
    return jobs.open_job(ctx, policy, plan, "creation", source, kind, failure=reason)


def _volume(ctx: Ctx, policy: dict, plan: dict, volume: dict, job_id: int):
    reason = snapshots.volume_usable_for_snapshot(ctx, volume) or _too_large(ctx, volume)
    if reason:
        return reason, [], None
    plan_tags, our_tags, events = _fire_constants(ctx, policy, plan)
    snapshot = snapshots.take_snapshot(ctx, volume, name=backup_name(plan),
                                       user_tags=_copied_tags(ctx, plan, volume) if plan["copy_user_tags"] else plan_tags,
                                       service_tags=our_tags, plan=plan, job_id=job_id, events=events,
                                       policy=policy)
    return None, [snapshot], snapshot["_chain"]


_last_fire: list = [None]  # (policy, plan, instant, constants) of the latest _fire_constants


def _fire_constants(ctx: Ctx, policy: dict, plan: dict) -> tuple[list[str], list[str], dict]:
    """What every volume backup of one fire shares: the plan's user tags (when it copies none
    of the source's), its service tags and its retention events; made once per fire (a daily
    plan over 1,000 volumes makes 1,000 backups at one instant). Kept for the very policy and
    plan documents of the fire (documents are never changed in place: a changed plan is a new
    document) and its instant. snapshots.document copies the lists it stores."""
    last = _last_fire[0]
    if last is not None and last[0] is policy and last[1] is plan and last[2] == ctx.now:
        return last[3]
    constants = (list(dict.fromkeys(plan["attach_user_tags"])), service_tags("snapshot", policy, plan),
                 retention.expire_events(ctx, plan))
    _last_fire[0] = (policy, plan, ctx.now, constants)
    return constants


def _copied_tags(ctx: Ctx, plan: dict, volume: dict) -> list[str]:
    """`user_tags` of a plan that copies the volume's; in a clock run, made once for the very
    tag lists of both (the plan's document changes at every fire, its list does not; a volume's
    copies keep its list). snapshots.document copies the list it stores."""
    run = ctx.run
    if run is None:
        return user_tags(plan, volume)
    tags, attached = volume.get("user_tags", ()), plan["attach_user_tags"]
    key = ("copied tags", id(tags))
    found = run.memo.get(key)
    if found is not None and found[0] is tags and found[1][0] is attached:
        return found[1][1]
    answer = user_tags(plan, volume)
    run.memo[key] = (tags, (attached, answer))
    return answer


def _too_large(ctx: Ctx, volume: dict) -> str | None:
    """Whether this is a first backup over the limit (the volume's snapshots are looked up only
    for a volume over it)."""
    if volume["capacity"] <= FIRST_BACKUP_MAX_GB or not VOLUME_PROFILES[volume["profile"]["name"]].backup_size_limited:
        return None
    first = not unseen.snapshot_count(ctx, volume["id"])
    return "source_volume_too_large" if first else None


def _share(ctx: Ctx, policy: dict, plan: dict, share: dict, job_id: str):
    reason = shares.share_unusable_reason(ctx, share)
    if reason:
        return reason, [], None
    snapshot = shares.take_share_snapshot(ctx, share, name=backup_name(plan), user_tags=user_tags(plan, share),
                                          plan=plan, job_id=job_id, events=retention.expire_events(ctx, plan))
    return None, [snapshot], snapshot["_chain"]


def instance_volumes(ctx: Ctx, policy: dict, instance: dict) -> list[dict]:
    """The volumes an instance backup holds: boot and/or data per `included_content`.

    When the instance mixes storage generations only the generation-1 volumes are taken (the
    seed's rule; the API reference's "separate backups per generation" loses to the seed).
    """
    wanted = set(policy.get("included_content") or ())
    chosen = []
    for attachment in instance["attachments"]:
        kind = "boot_volume" if attachment["type"] == "boot" else "data_volumes"
        volume = ctx.store.get("volumes", attachment["volume_id"])
        if kind in wanted and volume is not None:
            chosen.append(volume)
    if len({v["storage_generation"] for v in chosen}) > 1:
        chosen = [v for v in chosen if v["storage_generation"] == 1]
    return chosen


def _instance(ctx: Ctx, policy: dict, plan: dict, instance: dict, job_id: str):
    members = instance_volumes(ctx, policy, instance)
    reason = None if members else "snapshot_source_unavailable"
    for volume in members:
        reason = reason or snapshots.volume_usable_for_snapshot(ctx, volume) or _too_large(ctx, volume)
    if reason:
        return reason, [], None
    chain = f"{plan['id']}/{instance['id']}"
    group = snapshots.create_group(
        ctx, {"delete_snapshots_on_delete": True}, plan=plan, job_id=job_id, policy=policy, instance_volumes=members,
        service_tags=service_tags("instance", policy, plan), user_tags=user_tags(plan, instance),
        name=backup_name(plan), member_name=lambda: backup_name(plan), chain=chain,
        events=retention.expire_events(ctx, plan), source=reference(instance))
    return None, list(snapshots.group_snapshots(ctx, group).values()), chain


def matching_sources(ctx: Ctx, policy: dict) -> list[dict]:
    """Every resource of the policy's type, account and region carrying one of its tags."""
    table = policy["match_resource_type"] + "s"
    wanted = set(policy["match_user_tags"])
    return [doc for doc in ctx.partition(table).values()
            if not wanted.isdisjoint(doc.get("user_tags", ())) and doc.get("lifecycle_state", "stable") != "deleting"]

