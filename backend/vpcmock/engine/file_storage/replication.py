"""A replica share's link to its source (/shares/{id}/source), its failover, and a share
snapshot's changes.

IBM's API: GET `/shares/{id}/source` answers the source of a replica; DELETE "removes the
replication relationship between a source share and the replica share": both become plain
shares (`replication_role` `none`), the replica keeping its data and the snapshots it holds as
its own. A share that is not a replica has no source (404 `share_source_not_found`).
"""

from __future__ import annotations

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename
from vpcmock.errors import ApiError, parameter

_LINK = ("source_share", "_source_share_id", "replication_cron_spec", "latest_sync")


def source_of(ctx: Ctx, share: dict) -> dict:
    if share.get("replication_role") != "replica" or not share.get("source_share"):
        raise ApiError(404, "share_source_not_found", f"Share {share['id']} is not a replica: it has no source",
                       parameter("share_id", share["id"]))
    return share["source_share"]


def split(ctx: Ctx, replica: dict) -> dict:
    """The replica and its source part: neither replicates any more."""
    source_of(ctx, replica)
    source = ctx.store.get("shares", replica.get("_source_share_id") or "")
    kept = {k: v for k, v in replica.items() if k not in _LINK}
    ctx.store.put("shares", {**kept, "replication_role": "none", "replication_status": "none",
                             "replication_status_reasons": [], "_etag": ids.new_etag()})
    for copy in list(ctx.store.indexed("share_snapshots", "_share_id", replica["id"]).values()):
        if copy.get("_replica_of"):  # a copy of the source's snapshot: the replica's own from now on
            ctx.store.put("share_snapshots", {k: v for k, v in copy.items() if k != "_replica_of"})
    if source is not None:
        cleared = {k: v for k, v in source.items() if k not in ("replica_share", "_replica_id")}
        ctx.store.put("shares", {**cleared, "replication_role": "none", "replication_status": "none",
                                 "_etag": ids.new_etag()})
    return ctx.store.get("shares", replica["id"])


FALLBACK_POLICIES = ("fail", "split")


def failover(ctx: Ctx, replica: dict, fallback_policy: str | None, timeout: int | None) -> None:
    """POST /shares/{id}/failover: the replica becomes the source and its source the replica
    (on the replica's schedule), as when a failover completes; each keeps its mount targets.
    The replica's snapshots, copies of the source's, become the originals, and the source's
    their copies. A mock's source always answers, so the fallback policy is never needed; it
    and the timeout are checked. Refused (409) while either share is not `stable`."""
    from vpcmock.engine.core.refs import reference
    from vpcmock.errors import bad_field, conflict
    source_of(ctx, replica)
    if fallback_policy is not None and fallback_policy not in FALLBACK_POLICIES:
        raise bad_field("invalid_field_value", "fallback_policy: Must be one of: fail, split", "fallback_policy",
                        fallback_policy)
    if timeout is not None and timeout < 1:
        raise bad_field("invalid_field_value", "timeout: a number of seconds, at least 1", "timeout", timeout)
    source = ctx.store.get("shares", replica.get("_source_share_id") or "")
    if source is None:  # its source is gone: what `split` does
        split(ctx, replica)
        return
    for share in (replica, source):
        if share.get("lifecycle_state", "stable") != "stable":
            raise conflict("share_failover_invalid", f"Share {share['id']} is {share['lifecycle_state']}; a failover "
                           "starts when both shares are stable")
    cron = replica.get("replication_cron_spec")
    new_source = {k: v for k, v in replica.items() if k not in _LINK}
    new_source.update(replication_role="source", replica_share=reference(source, "share"), _replica_id=source["id"],
                      _etag=ids.new_etag())
    new_replica = {k: v for k, v in source.items() if k not in ("replica_share", "_replica_id")}
    new_replica.update(replication_role="replica", source_share=reference(replica, "share"),
                       _source_share_id=replica["id"], replication_cron_spec=cron, _etag=ids.new_etag())
    ctx.store.put("shares", new_source)
    ctx.store.put("shares", new_replica)
    copies = {c["_replica_of"]: c for c in ctx.store.indexed("share_snapshots", "_share_id", replica["id"]).values()
              if c.get("_replica_of")}
    for original in list(ctx.store.indexed("share_snapshots", "_share_id", source["id"]).values()):
        copy = copies.get(original["id"])
        if copy is not None:
            ctx.store.put("share_snapshots", {k: v for k, v in copy.items() if k != "_replica_of"})
            ctx.store.put("share_snapshots", {**original, "_replica_of": copy["id"]})


def update_snapshot(ctx: Ctx, siblings, snapshot: dict, patch: dict) -> dict:
    """A share snapshot's name (unique among its share's) and user tags."""
    changes = {}
    if "name" in patch and patch["name"] != snapshot["name"]:
        check_rename(siblings, snapshot, patch["name"], "share_snapshot_name_duplicate",
                     "The share already has a snapshot named {name!r}")
        changes["name"] = patch["name"]
    if "user_tags" in patch:
        changes["user_tags"] = list(dict.fromkeys(patch["user_tags"]))
    if not changes:
        return snapshot
    return ctx.store.replace("share_snapshots", snapshot, **changes, _etag=ids.new_etag())
