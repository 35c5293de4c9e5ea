"""When plans fire: each active plan carries a ``fire`` event at its next cron instant.

The event is set when a plan is created active, activated or given a new ``cron_spec``, and
cleared when it is deactivated; a deleted plan (or one of a deleted policy) is gone with its
event. Firing records the following instant in the same transaction as the backups it
starts, so a restart between fires neither loses nor repeats one.

The real service starts jobs "within 90 minutes" of the scheduled time; the mock starts them
exactly at it, so tests can count on the instant.
"""

from __future__ import annotations

from vpcmock.engine.backup import backups, health, injected_failures, restrictions
from vpcmock.engine.platform import accounts
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.backup.schedule import CronSpec


def next_fire_at(plan: dict) -> str | None:
    """When the plan fires next (RFC 3339), or None for an inactive plan."""
    return (plan.get("_events") or {}).get("fire")


def schedule_next(ctx: Ctx, plan: dict) -> dict:
    """Set (or for an inactive plan clear) the plan's next fire after now; answers the plan."""
    when = CronSpec(plan["cron_spec"]).next_after(ctx.now) if plan["active"] else None
    return ctx.schedule("plans", plan, "fire", when)


def on_fire(ctx: Ctx, plan: dict) -> None:
    """Back up every matching source. An enterprise-scoped policy acts in each child account
    of its enterprise instead of its own; a source in an account that lacks the authorizations
    the policy needs, or whose context-based restrictions deny the service's private calls on
    it (restrictions.py), gets a failed job."""
    policy = ctx.store.get("backup_policies", plan["_policy_id"])
    if policy is None or not plan["active"]:
        ctx.schedule("plans", plan, "fire", None)
        return
    plan = schedule_next(ctx, plan)
    if policy["scope"]["resource_type"] == "enterprise":
        acting_in = accounts.child_accounts(ctx.store, policy["_account"])
    else:
        acting_in = [policy["_account"]]
    policy, missing = health.judge(ctx, policy, acting_in)
    for account in acting_in:
        here = ctx.at(account, ctx.region)
        for source in backups.matching_sources(here, policy):
            if account in missing:
                backups.refuse(here, policy, plan, source, "internal_error")
            elif (denied := _restricted(here, policy, source)) is not None:
                backups.refuse(here, policy, plan, source, denied)
            elif (injected := injected_failures.take(here, plan["id"], source)) is not None:
                backups.refuse(here, policy, plan, source, injected)
            else:
                backups.back_up(here, policy, plan, source)


def _restricted(ctx: Ctx, policy: dict, source: dict) -> str | None:
    """Whether context-based restrictions deny the service backing `source` up (restrictions.py)."""
    if policy["match_resource_type"] == "instance":
        return restrictions.creation_denied(ctx, policy, source, lambda: backups.instance_volumes(ctx, policy, source))
    return restrictions.creation_denied(ctx, policy, source)
