"""The simulated data of block volumes, so that a restore can be checked against its backup.

A volume holds a *block map*: block index (a string, 1 GB per block) to content. Blocks never
written read as empty and are not stored. Data changes two ways:

- explicit writes through the admin API: exact contents, or "N GB changed" (N blocks get new
  generated contents, taken in turn from a cursor that walks the volume);
- a daily change rate, settled whenever the volume's data is looked at (a capture, a read, a
  write). Until the first explicit write a volume changes 2% of its capacity a day, so idle
  mock volumes still give realistic incremental sizes; once written through the admin API it
  changes only as told (rate 0 unless set), so exact-content tests are not disturbed.

A snapshot stores a *delta* against its `_parent` snapshot: a full capture has no parent and
holds the whole map; an incremental one holds the blocks changed since its parent. The volume
remembers its newest snapshot (`_last_snapshot`) and the blocks changed since (`_dirty`).
Deleting a snapshot folds its delta into its children (and into the volume's change set when
it was the newest), which is how a chain with a middle backup deleted still restores exactly.
"""

from __future__ import annotations

import re
from datetime import datetime

from vpcmock.engine.block_storage import unseen
from vpcmock.engine.core.context import Ctx, Run
from vpcmock.errors import bad_field
from vpcmock.timeutil import parse_rfc3339, rfc3339

BLOCK_SIZE_GB = 1
DEFAULT_DAILY_CHANGE_FRACTION = 0.02


def daily_change_gb(volume: dict) -> float:
    rate = volume.get("_daily_change_gb")
    if rate is not None:
        return rate
    return 0.0 if volume.get("_written") else volume["capacity"] * DEFAULT_DAILY_CHANGE_FRACTION


def _settlement(ctx: Ctx, volume: dict) -> dict:
    """The changes that apply the change rate from the last settlement up to now."""
    days, now = _days_since(volume.get("_rate_since") or volume["created_at"], ctx.now)
    if days <= 0:
        return {}
    owed = daily_change_gb(volume) * days + volume.get("_rate_carry", 0.0)
    whole = int(owed)
    changes = {"_rate_since": now, "_rate_carry": round(owed - whole, 9)}
    if whole:
        changes.update(_generated(volume, whole, ctx.run))
    return changes


_last_days: list = [None]  # (since, now, answer) of the latest _days_since


def _days_since(since: str, now: datetime) -> tuple[float, str]:
    """The days from `since` (RFC 3339) to `now`, and `now`'s text; the same for every volume
    a fire settles (all last settled at the fire before)."""
    last = _last_days[0]
    if last is not None and last[0] == since and last[1] == now:
        return last[2]
    answer = ((now - parse_rfc3339(since)).total_seconds() / 86400, rfc3339(now))
    _last_days[0] = (since, now, answer)
    return answer


def settle(ctx: Ctx, volume: dict) -> dict:
    """Apply the change rate up to now; answers the stored volume."""
    changes = _settlement(ctx, volume)
    return ctx.store.replace("volumes", volume, **changes) if changes else volume


# A block index as the admin API writes it: ASCII digits, no leading zero ("²".isdigit() is True).
_BLOCK_INDEX = re.compile(r"^(0|[1-9][0-9]{0,8})$")


def write(ctx: Ctx, volume: dict, *, gb: int | None = None, blocks: dict[str, str] | None = None) -> dict:
    """An explicit write; the volume then changes only as told."""
    count = volume["capacity"] // BLOCK_SIZE_GB
    for index in blocks or ():
        if not _BLOCK_INDEX.match(index) or int(index) >= count:
            raise bad_field("block_index_invalid", f"Block {index!r} is not a block of this volume: blocks are "
                            f"numbered 0 to {count - 1}", f"blocks.{index}", index)
    volume = settle(ctx, volume)
    changes = {"_written": True}
    if gb:
        changes.update(_generated(volume, gb))
    if blocks:
        current = {**volume, **changes}
        changes.update(_blocks={**current.get("_blocks", {}), **blocks},
                       _dirty=_union(current.get("_dirty", ()), blocks))
    return ctx.store.replace("volumes", volume, **changes)


def _union(indexes, more) -> list[str]:
    """Block indexes of both, each once, in order of first appearance."""
    return list(dict.fromkeys([*indexes, *more]))


def set_rate(ctx: Ctx, volume: dict, daily_gb: float) -> dict:
    volume = settle(ctx, volume)
    return ctx.store.replace("volumes", volume, _daily_change_gb=float(daily_gb))


def _generated(volume: dict, count: int, run: Run | None = None) -> dict:
    """The changes for `count` GB of generated writes: blocks taken in turn from the cursor.

    In a run of clock events (`run`), the block map is the run's own copy, written in place
    (Run.write_in_place), instead of a new copy at each settlement: a daily plan over 1,000
    volumes of 100 GB copied 100 blocks a volume a day, a tenth of a simulated year."""
    capacity = volume["capacity"] // BLOCK_SIZE_GB
    count = min(count, capacity)
    cursor = volume.get("_cursor", 0)
    serial = volume.get("_serial", 0)
    written = {str((cursor + offset) % capacity): f"gen-{serial + offset + 1}" for offset in range(count)}
    if run is None:
        held = {**volume.get("_blocks", {}), **written}
    else:
        held = run.write_in_place(volume.get("_blocks", {}), written)
    return {"_blocks": held, "_dirty": _union(volume.get("_dirty", ()), written),
            "_cursor": (cursor + count) % capacity, "_serial": serial + count}


def capture(ctx: Ctx, volume: dict) -> tuple[dict, dict]:
    """What a new snapshot of `volume` holds, and what changes on the volume with it.

    Answers (fields for the snapshot: `_parent`, `_delta`, `_transfer`, `_transferred_gb`;
    changes for the volume). The caller stores the snapshot, then calls `captured` with them.
    """
    changes = _settlement(ctx, volume)
    parent_id = volume.get("_last_snapshot")
    held = changes["_blocks"] if "_blocks" in changes else volume.get("_blocks", {})
    if parent_id is None:
        fields = {"_parent": None, "_delta": dict(held), "_transfer": "full",
                  "_transferred_gb": float(volume["capacity"])}
    else:
        dirty = changes["_dirty"] if "_dirty" in changes else volume.get("_dirty", ())
        delta = {index: held[index] for index in dirty}
        fields = {"_parent": parent_id, "_delta": delta, "_transfer": "incremental",
                  "_transferred_gb": float(len(delta) * BLOCK_SIZE_GB)}
    return fields, changes


def captured(ctx: Ctx, volume: dict, snapshot_id: str, changes: dict) -> dict:
    """Store the volume as of the capture: its changes now count from its new newest snapshot.
    In a run of clock events, the volume is copied at its first capture, then changed in place
    (Store.patch): only the run holds that copy (a year of hourly backups copied a volume's
    document 8,760 times)."""
    run = ctx.run
    if run is not None and run.owns(volume):
        return ctx.store.patch("volumes", volume, {**changes, "_last_snapshot": snapshot_id, "_dirty": []})
    volume = ctx.store.put("volumes", {**volume, **changes, "_last_snapshot": snapshot_id, "_dirty": []})
    return run.own(volume) if run is not None else volume


def content(ctx: Ctx, snapshot: dict) -> dict[str, str]:
    """The whole block map a snapshot holds: its delta over its ancestors'."""
    layers = [snapshot["_delta"]]
    parent_id = snapshot.get("_parent")
    while parent_id is not None:
        parent = unseen.get(ctx, parent_id)
        layers.append(parent["_delta"])
        parent_id = parent.get("_parent")
    merged: dict[str, str] = {}
    for layer in reversed(layers):
        merged.update(layer)
    return merged


def fold_away(ctx: Ctx, snapshot: dict) -> None:
    """Before `snapshot` is deleted: its children take over its delta and its parent."""
    if "_delta" not in snapshot:
        return
    children = unseen.children(ctx, snapshot["id"])
    if (held := unseen.folds_in_place(ctx, snapshot, children)) is not None:
        held.fold(snapshot, children[0])
        children = ()
    for child in children:
        unseen.put(ctx, {**child, "_delta": {**snapshot["_delta"], **child["_delta"]}, "_parent": snapshot.get("_parent")})
    volume = ctx.store.get("volumes", snapshot.get("_source_id"))
    if volume is not None and volume.get("_last_snapshot") == snapshot["id"]:
        ctx.store.replace("volumes", volume, _last_snapshot=snapshot.get("_parent"),
                          _dirty=_union(snapshot["_delta"], volume.get("_dirty", ())))


def restored_map(ctx: Ctx, snapshot: dict) -> dict:
    """The fields a volume restored from `snapshot` starts with: exactly the captured data."""
    return {"_blocks": content(ctx, snapshot), "_written": True}
