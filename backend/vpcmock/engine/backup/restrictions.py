"""Context-based restrictions on the Backup service's own work.

Plans firing, jobs creating snapshots and their copies, and retention deleting them are calls
the Backup service makes to `is` over IBM's private network (the seed: "make sure that it
allows private endpoints. All the inter-service connections that the Backup service needs to
work are private"). So each is judged as a call from service `is` over the private endpoint
(engine/platform/cbr/decision.py): a rule covering what the call acts on admits it only with a
context whose endpoint types include `private` (or name none) and whose network zones, if it
has any, include a service reference to `is`.

What each step acts on:
- creating a backup: the source (a volume, a share, or an instance and the volumes it backs
  up) and the backups it creates (snapshots, for an instance also a snapshot consistency group;
  a share's snapshots are the share's);
- copying a backup to another region: a snapshot created in that region;
- deleting a backup: the snapshot (its members, for a consistency group) or the share.

A denied step fails as the real service fails for want of access: the job's status reason is
`internal_error` (the closest code of the API's enum: none names CBR, and it is the one the
service gives when its service-to-service authorizations are missing), with a message naming
context-based restrictions; the job's creation event is a failure with reason
`context_based_restrictions_denied`, beside the CBR service's own denial event.
"""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cbr import decision, targets

DENIED = decision.DENIED  # the failure a job records (jobs.py maps it to `internal_error`)


def creation_denied(ctx: Ctx, policy: dict, source: dict, members=lambda: ()) -> str | None:
    """Whether CBR denies backing up `source` now (DENIED, or None); `members()`: the volumes
    an instance backup holds (asked only when the account has rules)."""
    if not decision.account_rules(ctx.store, ctx.account):
        return None  # no rule in the account: nothing to judge
    kind = policy["match_resource_type"]
    acts_on = [targets.of_document(ctx.store, kind + "s", source)]
    acts_on += [targets.of_document(ctx.store, "volumes", volume) for volume in members()]
    if kind != "share":
        acts_on.append(targets.creating(ctx.store, ctx.account, ctx.region, "snapshots"))
    if kind == "instance":
        acts_on.append(targets.creating(ctx.store, ctx.account, ctx.region, "snapshot_consistency_groups"))
    return _denied(ctx, acts_on)


def copy_denied(ctx: Ctx, region: str) -> str | None:
    """Whether CBR denies creating a copy of a backup in `region` (the service acting there)."""
    if not decision.account_rules(ctx.store, ctx.account):
        return None  # no rule in the account: nothing to judge
    there = ctx.at(ctx.account, region)
    return _denied(there, [targets.creating(ctx.store, ctx.account, region, "snapshots")])


def deletion_denied(ctx: Ctx, table: str, backup: dict, members: list[dict]) -> str | None:
    """Whether CBR denies deleting a backup (a share snapshot is its share's; a consistency
    group is deleted with its member snapshots)."""
    if not decision.account_rules(ctx.store, ctx.account):
        return None  # no rule in the account: nothing to judge
    if table == "share_snapshots":
        share = ctx.store.get("shares", backup["_source"]["id"])
        acts_on = [targets.of_document(ctx.store, "shares", share)] if share is not None else []
    elif table == "snapshot_consistency_groups":
        acts_on = [targets.of_document(ctx.store, table, backup)]
        acts_on += [targets.of_document(ctx.store, "snapshots", member) for member in members]
    else:
        acts_on = [targets.of_document(ctx.store, "snapshots", backup)]
    return _denied(ctx, acts_on)


def _denied(ctx: Ctx, acts_on: list) -> str | None:
    if not acts_on:
        return None
    return DENIED if decision.check_service_call(ctx, *acts_on) is not None else None
