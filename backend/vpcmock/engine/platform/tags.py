"""User tags through the Global Tagging API: attached to resources by CRN.

Every tagged document keeps its user tags in ``user_tags`` (what backup policies match). Volumes,
shares, snapshots and share snapshots show them in the VPC API too, so the two APIs read and
write the same list. The other types do not: their answers leave ``user_tags`` out
(`without_user_tags`). The choice follows the SDK's response models (ibm-vpc 0.36.0): `Volume`,
`Share`, `Snapshot` and `ShareSnapshot` declare `user_tags`; `VPC`, `Subnet`, `Key`, `Instance`,
`BackupPolicy` and `SnapshotConsistencyGroup` do not, nor does Resource Manager's `ResourceGroup`.
IBM keeps their tags in Global Tagging alone, and the IBM provider reads them from there.
"""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError

MAX_TAGS_PER_OPERATION = 100
MAX_TAGS_PER_RESOURCE = 1000
TAGGED_TABLES = ("volumes", "instances", "shares", "snapshots", "share_snapshots", "backup_policies", "vpcs",
                 "subnets", "keys", "snapshot_consistency_groups", "resource_groups")
STORED = "stored_resources"  # the types without in-depth emulation (engine/platform/stored.py): tagged alike
_CRN_TYPES = {"volume": "volumes", "instance": "instances", "share": "shares", "snapshot": "snapshots",
              "backup-policy": "backup_policies", "vpc": "vpcs", "subnet": "subnets", "key": "keys",
              "snapshot-consistency-group": "snapshot_consistency_groups", "resource-group": "resource_groups"}


def find_by_crn(ctx: Ctx, crn: str) -> tuple[str, dict] | None:
    parts = crn.split(":")
    if len(parts) < 10 or parts[6] != f"a/{ctx.account}":
        return None
    kind, ident = parts[8], parts[9]
    if "/" in ident:  # a share snapshot: ...::share:<share id>/snapshot:<id>
        ident = crn.rpartition("snapshot:")[2]
        kind = "share_snapshot"
    table = "share_snapshots" if kind == "share_snapshot" else _CRN_TYPES.get(kind)
    doc = ctx.store.get(table, ident) if table else None
    if doc is None:  # a resource of a type kept as given (a resource instance, a security group, ...)
        table, doc = STORED, ctx.store.get(STORED, ident)
        if doc is not None and doc.get("crn") != crn:
            doc = None
    if doc is None or doc.get("_account") != ctx.account:
        return None
    return table, doc


def check_operation(tag_names: list[str]) -> None:
    if not tag_names:
        raise ApiError(400, "tag_names_missing", "tag_names must list at least one tag")
    if len(tag_names) > MAX_TAGS_PER_OPERATION:
        raise ApiError(400, "too_many_tags", f"At most {MAX_TAGS_PER_OPERATION} tags can be attached or detached at once")


def attach(ctx: Ctx, table: str, doc: dict, tag_names: list[str]) -> str | None:
    """Attach tags; an error message if the resource would exceed its limit."""
    tags = list(dict.fromkeys(doc.get("user_tags", []) + tag_names))
    if len(tags) > MAX_TAGS_PER_RESOURCE:
        return f"A resource can have at most {MAX_TAGS_PER_RESOURCE} user tags"
    ctx.store.replace(table, doc, user_tags=tags)
    return None


def detach(ctx: Ctx, table: str, doc: dict, tag_names: list[str]) -> None:
    ctx.store.replace(table, doc, user_tags=[t for t in doc.get("user_tags", []) if t not in set(tag_names)])


def without_user_tags(view: dict) -> dict:
    """The answer of a type whose VPC API model has no ``user_tags`` (see above): its tags are
    read through Global Tagging (`GET /v3/tags?attached_to=<crn>`), not on the resource."""
    return {key: value for key, value in view.items() if key != "user_tags"}
