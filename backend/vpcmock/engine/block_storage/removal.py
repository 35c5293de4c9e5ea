"""Deleting a block storage snapshot, whatever deletes it (a user, retention, a group, a copy count).

One place, because a deletion has consequences beyond the document: its data folds into the
snapshots that depend on it, and a copy disappears from its source's `copies`.
"""

from __future__ import annotations

from vpcmock.engine.block_storage import blocks, unseen
from vpcmock.engine.core.context import Ctx


def remove_snapshot(ctx: Ctx, snapshot: dict) -> None:
    if unseen.removed_folding(ctx, snapshot):
        return  # a backup kept out of the store (never a copy), folded into its only child
    blocks.fold_away(ctx, snapshot)
    source = ctx.store.get("snapshots", snapshot.get("_copy_of"))
    if source is not None:
        remaining = [c for c in source["copies"] if c["id"] != snapshot["id"]]
        ctx.store.replace("snapshots", source, copies=remaining)
    unseen.remove(ctx, snapshot["id"])
