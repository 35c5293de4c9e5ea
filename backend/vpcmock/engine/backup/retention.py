"""Retention: a plan's deletion trigger applied to the backups it made.

Backups are kept per plan and source in a *chain* (``_chain = "<plan id>/<source id>"``):
volume snapshots, share snapshots, or, for instance policies, snapshot consistency groups.

- Age: a backup is deleted when it is ``delete_after`` days old. Each backup carries an
  ``expire`` event at that instant, moved when the plan's ``delete_after`` changes.
- Count: when a new backup makes a chain longer than ``delete_over_count``, the oldest beyond
  the count are deleted at once. Age still governs: the count only ever removes backups that
  are within the age range, since older ones are already gone.
- Only an active plan deletes (the seed: a deleted or disabled plan "does not create or delete
  any backup snapshot anymore"). Backups of a deleted plan are kept forever; a re-activated plan
  deletes at once those that passed their age while it was inactive.

Every deletion is recorded as a ``deletion`` job. A backup still being captured cannot be
deleted: its deletion job fails with ``snapshot_pending`` and the age rule tries again later.
A deletion context-based restrictions deny (restrictions.py) fails its job likewise and is
tried again a day later.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from vpcmock.engine.backup import jobs, restrictions
from vpcmock.engine.file_storage import shares
from vpcmock.engine.platform import activity
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.block_storage import unseen
from vpcmock.engine.block_storage.removal import remove_snapshot
from vpcmock.timeutil import parse_rfc3339, rfc3339

BACKUP_TABLES = ("snapshots", "share_snapshots", "snapshot_consistency_groups")
DELETE_ACTIONS = {"snapshots": "is.snapshot.snapshot.delete", "share_snapshots": "is.share.share-snapshot.delete",
                  "snapshot_consistency_groups": "is.snapshot.snapshot-consistency-group.delete"}
PENDING_RETRY = timedelta(minutes=10)
# A deletion context-based restrictions deny is tried again a day later (our choice: the real
# service's retry interval is not documented; daily keeps a standing rule from filling the job
# list).
RESTRICTED_RETRY = timedelta(days=1)


def expiry_of(backup: dict, plan: dict) -> datetime:
    return parse_rfc3339(backup["created_at"]) + timedelta(days=plan["deletion_trigger"]["delete_after"])


def expire_events(ctx: Ctx, plan: dict) -> dict:
    """The `_events` entry a new backup of `plan` is stored with."""
    return {"expire": _days_after(ctx.now, plan["deletion_trigger"]["delete_after"])}


@lru_cache(maxsize=256)
def _days_after(moment: datetime, days: int) -> str:
    return rfc3339(moment + timedelta(days=days))  # every backup of a fire expires at one instant


def apply_count(ctx: Ctx, policy: dict, plan: dict, table: str, chain: str) -> None:
    """After a new backup: delete the oldest of the chain beyond the plan's count."""
    count = plan["deletion_trigger"].get("delete_over_count")
    if count is None:
        return
    for backup in unseen.oldest_beyond(ctx, table, chain, count):
        delete_backup(ctx, policy, plan, table, backup)


def on_expire(ctx: Ctx, backup: dict, table: str) -> None:
    plan = ctx.store.get("plans", backup.get("_plan_id"))
    if plan is None or not plan["active"]:
        ctx.schedule(table, backup, "expire", None)
        return
    due = expiry_of(backup, plan)
    if due > ctx.now:
        ctx.schedule(table, backup, "expire", due)
        return
    policy = ctx.store.get("backup_policies", plan["_policy_id"])
    delete_backup(ctx, policy, plan, table, backup)


def delete_backup(ctx: Ctx, policy: dict, plan: dict, table: str, backup: dict) -> None:
    source_ref, source_type = _source_of(table, backup)
    targets = _targets(ctx, table, backup)
    if any(t["lifecycle_state"] == "pending" for t in targets):
        jobs.open_job(ctx, policy, plan, "deletion", source_ref, source_type, targets=targets,
                      failure="snapshot_pending")
        ctx.schedule(table, backup, "expire", ctx.now + PENDING_RETRY)
        return
    if (denied := restrictions.deletion_denied(ctx, table, backup, targets)) is not None:
        jobs.open_job(ctx, policy, plan, "deletion", source_ref, source_type, targets=targets, failure=denied)
        ctx.schedule(table, backup, "expire", ctx.now + RESTRICTED_RETRY)
        return
    if table == "snapshot_consistency_groups":
        for member in targets:
            remove_snapshot(ctx, member)
    if table == "snapshots":
        remove_snapshot(ctx, backup)
    elif table == "share_snapshots":
        shares.remove_share_snapshot(ctx, backup)
    else:
        ctx.store.delete(table, backup["id"])
    jobs.open_job(ctx, policy, plan, "deletion", source_ref, source_type, targets=targets, done=True)
    activity.record(ctx, DELETE_ACTIONS[table], backup["crn"], target_name=backup["name"])


def reschedule_plan(ctx: Ctx, plan: dict) -> None:
    """After a plan's age limit changed or it was re-activated: move its backups' expiries."""
    for table in BACKUP_TABLES:
        for backup in list(ctx.store.indexed(table, "_plan_id", plan["id"]).values()):
            ctx.schedule(table, backup, "expire", max(ctx.now, expiry_of(backup, plan)))


def _source_of(table: str, backup: dict) -> tuple[dict, str]:
    if table == "snapshots":
        return backup["source_volume"], "volume"
    return backup["_source"], "share" if table == "share_snapshots" else "instance"


def _targets(ctx: Ctx, table: str, backup: dict) -> list[dict]:
    if table == "snapshot_consistency_groups":
        return list(ctx.store.indexed("snapshots", "_group_id", backup["id"]).values())
    return [backup]
