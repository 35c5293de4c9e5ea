"""Backups a clock move makes and deletes before anyone can read them, kept beside the store.

A simulated year of a daily plan over 1,000 volumes makes 365,000 backups, of which retention
keeps 20,000: the other 345,000 are made and deleted by the same clock move, and nothing reads
the state between (engine/core/ahead.py). Such a backup's snapshot (numbered by the same
sequence, its data folded the same way) is kept here, in the run (`context.Run.unseen`), instead
of in the store: no partition and index buckets, no undo entry, no timetable entry for its
expiry, no journal record; taken away again when retention deletes it.

What is kept is what the move reads of it (its id, CRN, href and name for its jobs and events,
its data and parent for folding, its chain, source and number) and what makes the rest of its
document (`snapshots.document`, with the very values and random draws it was made with).

A backup is kept here only when it is certain to be deleted by its plan's count within the move
(`fits`): the move passes the plan's next `delete_over_count` fires, all before the backup's age
limit and after its capture; each of those fires backs the volume up (no injected job failures,
no context-based restrictions in the account, a generation-2 volume no other active plan backs
up, room under the volume's snapshot limit); and its capture is settled at its fire anyway. The
readers of a chain's snapshots during a move see these too (retention's count, folding a deleted
snapshot into its children, a volume's snapshot count). Should one still be here when the move
ends (a fire that unexpectedly did not run), it is stored then, as it stands, so the state is
never short of a backup (`store_remaining`).

tests/test_engine_settled_ahead.py compares whole states, lists and events with and without it.
"""

from __future__ import annotations

import heapq
import itertools
import logging
from datetime import datetime, timedelta

from vpcmock.catalog import SNAPSHOTS_PER_VOLUME
from vpcmock.engine.backup import injected_failures
from vpcmock.engine.backup.schedule import CronSpec
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cbr import decision

log = logging.getLogger(__name__)
_ABSENT = object()


class Unseen:
    """The snapshots of one run kept out of the store: by id, by chain and by parent, each in
    creation order, with an undo log so that a failed event's changes go with it."""

    __slots__ = ("rows", "by_chain", "by_parent", "by_source", "_undo")

    def __init__(self):
        self.rows: dict[str, dict] = {}
        self.by_chain: dict[str, dict[str, dict]] = {}
        self.by_parent: dict[str, dict[str, dict]] = {}
        self.by_source: dict[str, int] = {}
        self._undo: list[tuple[str, dict | None]] = []

    def get(self, ident: str | None) -> dict | None:
        return self.rows.get(ident)

    def put(self, doc: dict) -> dict:
        previous = self.rows.get(doc["id"])
        self._undo.append((doc["id"], previous))
        self._place(previous, doc)
        return doc

    def add(self, doc: dict) -> dict:
        """A new snapshot (`put`'s common case, placed directly: the newest of its chain)."""
        ident = doc["id"]
        self._undo.append((ident, None))
        self.rows[ident] = doc
        chain = self.by_chain.get(doc["_chain"])
        if chain is None:
            self.by_chain[doc["_chain"]] = {ident: doc}
        else:
            _insert(chain, doc)
        source = doc["_source_id"]
        self.by_source[source] = self.by_source.get(source, 0) + 1
        if doc["_parent"] is not None:
            _insert(self.by_parent.setdefault(doc["_parent"], {}), doc)
        return doc

    def fold_and_delete(self, snapshot: dict, child: dict) -> None:
        """`fold` then `delete` in one step, for a snapshot whose only child is unseen too (the
        oldest of a chain retention deletes, at every fire of a long move)."""
        ident, parent_id = snapshot["id"], snapshot["_parent"]
        delta, added = snapshot["_delta"], child["_delta"]
        undo = self._undo
        if added:
            undo.append((delta, [(key, delta.get(key, _ABSENT)) for key in added]))
            delta.update(added)
        undo.append((child, {"_delta": added, "_parent": ident}))
        del self.by_parent[ident]  # its only child's bucket
        child["_delta"], child["_parent"] = delta, parent_id
        undo.append((ident, snapshot))
        del self.rows[ident]
        _drop(self.by_chain, snapshot["_chain"], ident)
        self.by_source[snapshot["_source_id"]] -= 1
        if parent_id is not None:
            _drop(self.by_parent, parent_id, ident)
            _insert(self.by_parent.setdefault(parent_id, {}), child)

    def delete(self, ident: str) -> None:
        previous = self.rows.get(ident)
        if previous is not None:
            self._undo.append((ident, previous))
            self._place(previous, None)

    def _place(self, previous: dict | None, doc: dict | None) -> None:
        """Move a snapshot from `previous` to `doc` (either None) in rows and indexes, each kept
        in creation (_seq) order: a replaced snapshot keeps its place."""
        ident = (doc or previous)["id"]
        if previous is not None and (doc is None or doc.get("_parent") != previous.get("_parent")):
            _drop(self.by_parent, previous.get("_parent"), ident)
        if doc is None:
            del self.rows[ident]
            _drop(self.by_chain, previous["_chain"], ident)
            self.by_source[previous["_source_id"]] -= 1
            return
        self.rows[ident] = doc
        _insert(self.by_chain.setdefault(doc["_chain"], {}), doc)
        if previous is None:
            self.by_source[doc["_source_id"]] = self.by_source.get(doc["_source_id"], 0) + 1
        if doc.get("_parent") is not None:
            _insert(self.by_parent.setdefault(doc["_parent"], {}), doc)

    def fold(self, parent: dict, child: dict) -> None:
        """`parent` is about to be deleted: its only child takes over its data and its parent,
        as blocks.fold_away does, but in place: the parent's block map is extended with the
        child's and becomes the child's, instead of both being copied (a year's chain folds its
        full map into each next backup). Both are unseen, so no one else holds either: a map
        comes from a capture or an earlier fold, never shared. What is overwritten is logged,
        so a failed event puts it back."""
        delta, added = parent["_delta"], child["_delta"]
        self._undo.append((delta, [(key, delta.get(key, _ABSENT)) for key in added]))
        delta.update(added)
        self._undo.append((child, {"_delta": added, "_parent": child["_parent"]}))
        self._reparent(child, delta, parent.get("_parent"))

    def _reparent(self, child: dict, delta: dict, parent_id: str | None) -> None:
        _drop(self.by_parent, child["_parent"], child["id"])
        child["_delta"], child["_parent"] = delta, parent_id
        if parent_id is not None:
            _insert(self.by_parent.setdefault(parent_id, {}), child)

    def begin(self) -> None:
        self._undo.clear()

    def discard(self) -> None:
        """The event failed: its changes here are undone, last first."""
        while self._undo:
            first, second = self._undo.pop()
            if type(first) is dict:  # changed in place by fold: a block map, or a child's fields
                if type(second) is dict:
                    self._reparent(first, second["_delta"], second["_parent"])
                    continue
                for key, value in second:
                    if value is _ABSENT:
                        del first[key]
                    else:
                        first[key] = value
                continue
            current = self.rows.get(first)
            if current is not None or second is not None:
                self._place(current, second)


def _insert(bucket: dict[str, dict], doc: dict) -> None:
    """Put `doc` in a bucket kept in _seq order (in place when already there, last when newest)."""
    ident = doc["id"]
    if ident in bucket or not bucket or next(reversed(bucket.values()))["_seq"] < doc["_seq"]:
        bucket[ident] = doc
        return
    bucket[ident] = doc
    for other in sorted(bucket.values(), key=lambda d: d["_seq"]):
        bucket[other["id"]] = bucket.pop(other["id"])


def _drop(index: dict[str, dict[str, dict]], key, ident: str) -> None:
    bucket = index.get(key)
    if bucket is not None:
        bucket.pop(ident, None)
        if not bucket:
            del index[key]


def of(ctx: Ctx) -> Unseen | None:
    """The run's unseen snapshots, or None outside a run (or in one that keeps none yet)."""
    run = ctx.run
    return run.unseen if run is not None else None


def holding(ctx: Ctx) -> Unseen:
    run = ctx.run
    if run.unseen is None:
        run.unseen = Unseen()
    return run.unseen


def snapshot_count(ctx: Ctx, volume_id: str) -> int:
    """How many snapshots of a volume there are, stored and unseen."""
    unseen = of(ctx)
    held = unseen.by_source.get(volume_id, 0) if unseen is not None else 0
    return len(ctx.store.indexed("snapshots", "_source_id", volume_id)) + held


def oldest_beyond(ctx: Ctx, table: str, chain: str, count: int) -> list[dict]:
    """The backups of a chain, stored and unseen, beyond the newest `count`: oldest first."""
    stored = ctx.store.indexed(table, "_chain", chain)
    unseen = of(ctx)
    extra = unseen.by_chain.get(chain) if unseen is not None and table == "snapshots" else None
    excess = len(stored) + (len(extra) if extra else 0) - count
    if excess <= 0:
        return []
    if not extra:
        return list(itertools.islice(stored.values(), excess))
    if not stored:
        return list(itertools.islice(extra.values(), excess))
    # Both in creation order; the stored ones of a chain are as a rule all older (made before
    # the move) or all newer (made once the move is too near its end to delete them).
    merged = heapq.merge(stored.values(), extra.values(), key=lambda doc: doc["_seq"])
    return list(itertools.islice(merged, excess))


def children(ctx: Ctx, snapshot_id: str) -> list[dict]:
    """The snapshots whose data is a delta over `snapshot_id`, stored ones first, each in
    creation order."""
    found = list(ctx.store.indexed("snapshots", "_parent", snapshot_id).values())
    unseen = of(ctx)
    if unseen is not None and snapshot_id in unseen.by_parent:
        found += unseen.by_parent[snapshot_id].values()
    return found


def get(ctx: Ctx, snapshot_id: str | None) -> dict | None:
    doc = ctx.store.get("snapshots", snapshot_id)
    if doc is None and (unseen := of(ctx)) is not None:
        return unseen.get(snapshot_id)
    return doc


def folds_in_place(ctx: Ctx, snapshot: dict, children: list[dict]) -> Unseen | None:
    """The run's unseen snapshots when `snapshot` and its only child are both unseen (Unseen.fold)."""
    unseen = of(ctx)
    if unseen is not None and len(children) == 1 and snapshot["id"] in unseen.rows and children[0]["id"] in unseen.rows:
        return unseen
    return None


def put(ctx: Ctx, doc: dict) -> dict:
    """Store a changed snapshot where it is kept (unseen ones stay unseen)."""
    unseen = of(ctx)
    if unseen is not None and doc["id"] in unseen.rows:
        return unseen.put(doc)
    return ctx.store.put("snapshots", doc)


def removed_folding(ctx: Ctx, snapshot: dict) -> bool:
    """Remove an unseen snapshot whose data folds into its only child, unseen too, in one step
    (what blocks.fold_away and `remove` do, for the backups a long move deletes); False, with
    nothing done, for any other snapshot."""
    unseen = of(ctx)
    if unseen is None or snapshot["id"] not in unseen.rows:
        return False
    kids = unseen.by_parent.get(snapshot["id"])
    if kids is None or len(kids) != 1 or ctx.store.indexed("snapshots", "_parent", snapshot["id"]):
        return False
    unseen.fold_and_delete(snapshot, next(iter(kids.values())))
    return True


def remove(ctx: Ctx, snapshot_id: str) -> None:
    unseen = of(ctx)
    if unseen is not None and snapshot_id in unseen.rows:
        unseen.delete(snapshot_id)
    else:
        ctx.store.delete("snapshots", snapshot_id)


# -- whether a new backup is certain to be deleted within the move ---------------------------

_fire_cache: list = [None]  # (policy, plan, instant, until, answer, store) of the latest fire asked about


def fits(ctx: Ctx, policy: dict, plan: dict, volume: dict, captured: datetime) -> bool:
    """Whether the backup of `volume` the plan makes now, captured at `captured`, is deleted by
    the plan's count within this move before anyone can see it (see the module's docstring).
    Asked only of a capture settled at its fire (snapshots.take_snapshot), so of a plan that
    neither copies nor clones."""
    if ctx.run is None:
        return False
    deadline, others = _fire_facts(ctx, policy, plan)
    if deadline is None or captured >= deadline or volume["storage_generation"] != 2:
        return False
    count = plan["deletion_trigger"]["delete_over_count"]
    if snapshot_count(ctx, volume["id"]) + count + 1 >= SNAPSHOTS_PER_VOLUME[2]:
        return False
    # No other active plan backs the volume up (another plan's snapshots of the volume would
    # take their data relative to this one's).
    return others is not None and others.isdisjoint(volume.get("user_tags", ()))


def _fire_facts(ctx: Ctx, policy: dict, plan: dict) -> tuple[datetime | None, frozenset | None]:
    """What `fits` asks of the fire, the same for every volume it backs up (a fire backs up
    every volume at one instant): when the plan's count deletes a backup it makes now, if that
    is certain within this move (None otherwise), and the tags of the other volume policies
    with an active plan (_other_tags). Worked out once per fire."""
    cached = _fire_cache[0]
    if cached is not None and cached[0] is policy and cached[1] is plan and cached[2] == ctx.now \
            and cached[3] == ctx.run.until and cached[5] is ctx.store:
        return cached[4]
    deadline = _work_out_deletion_fire(ctx, policy, plan)
    answer = (deadline, _other_tags(ctx, policy) if deadline is not None else None)
    _fire_cache[0] = (policy, plan, ctx.now, ctx.run.until, answer, ctx.store)
    return answer


def _work_out_deletion_fire(ctx: Ctx, policy: dict, plan: dict) -> datetime | None:
    trigger = plan["deletion_trigger"]
    count = trigger.get("delete_over_count")
    if (not count or count < 1 or not plan["active"] or policy["match_resource_type"] != "volume"
            or policy["scope"]["resource_type"] == "enterprise"):
        return None
    if ctx.store.meta(injected_failures.META) or decision.account_rules(ctx.store, ctx.account):
        return None
    spec, moment = CronSpec(plan["cron_spec"]), ctx.now
    for _ in range(count):
        moment = spec.next_after(moment)
        if moment > ctx.run.until:
            return None
    age_limit = trigger.get("delete_after")
    if age_limit is not None and moment >= ctx.now + timedelta(days=age_limit):
        return None
    return moment


def _other_tags(ctx: Ctx, policy: dict) -> frozenset | None:
    """The tags of the account's other volume policies that have an active plan (None when an
    instance policy has one, or `policy` has a second active plan). Instance policies back up
    attached volumes: any active one rules every volume out."""
    tags: set[str] = set()
    for other in ctx.store.all("backup_policies").values():
        active = [p for p in ctx.store.indexed("plans", "_policy_id", other["id"]).values() if p["active"]]
        if not active:
            continue
        if other["id"] == policy["id"]:
            if len(active) > 1:
                return None
            continue
        if other["match_resource_type"] == "instance" or other["scope"]["resource_type"] == "enterprise":
            return None
        if other["match_resource_type"] == "volume" and other["_account"] == ctx.account \
                and other["_region"] == ctx.region:
            tags.update(other["match_user_tags"])
    return frozenset(tags)


def store_remaining(ctx_store, agenda, unseen: Unseen | None) -> None:
    """At the end of a run: any snapshot still unseen is stored as it stands (never expected)."""
    if unseen is None or not unseen.rows:
        return
    log.warning("%d backups expected to be deleted within the clock move were not; stored", len(unseen.rows))
    for held in sorted(unseen.rows.values(), key=lambda d: d["_seq"]):
        make, made = held["_made"]
        doc = make(*made)
        doc["_delta"], doc["_parent"] = held["_delta"], held["_parent"]  # as folded since
        ctx_store.put("snapshots", doc)
        agenda.track("snapshots", doc)
    unseen.rows.clear()
