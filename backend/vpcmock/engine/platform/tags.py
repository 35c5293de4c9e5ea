"""User tags through the Global Tagging API: attached to resources by CRN.

Every tagged document keeps its user tags in ``user_tags`` (what backup policies match), a
platform service's document (a resource instance or key, a service ID, an access group, a
transit gateway: tagged by its CRN, as Global Tagging tags them) in ``_user_tags``. Volumes,
shares, snapshots and share snapshots show them in the VPC API too, so the two APIs read and
write the same list. The other types do not: their answers leave ``user_tags`` out
(`without_user_tags`). The choice follows the SDK's response models (ibm-vpc 0.36.0): `Volume`,
`Share`, `Snapshot` and `ShareSnapshot` declare `user_tags`; `VPC`, `Subnet`, `Key`, `Instance`,
`BackupPolicy` and `SnapshotConsistencyGroup` do not, nor does Resource Manager's `ResourceGroup`.
IBM keeps their tags in Global Tagging alone, and the IBM provider reads them from there.
"""

from __future__ import annotations

from functools import cache

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
    if doc is None:  # a resource of a type kept as given (a security group, ...)
        table, doc = STORED, ctx.store.get(STORED, ident)
        if doc is not None and doc.get("crn") != crn:
            doc = None
    if doc is None:  # a platform service's (a resource instance or key, a service ID, an access group, ...)
        table, doc = _platform_by_crn(crn, ident, ctx)
    if doc is None or doc.get("_account") != ctx.account:
        return None
    return table, doc


def _platform_by_crn(crn: str, ident: str, ctx: Ctx) -> tuple[str | None, dict | None]:
    """The document of a platform service the generic engine serves whose CRN is `crn`: by the
    CRN (a resource instance's or key's id is its CRN) or the CRN's last segment (a service ID's
    `ServiceId-<uuid>`, an access group's, a transit gateway's id)."""
    for table in platform_tables():
        for key in (crn, ident):
            doc = ctx.store.get(table, key) if key else None
            if doc is not None and doc.get("crn") == crn:
                return table, doc
    return None, None


@cache
def platform_tables() -> tuple[str, ...]:
    """The tables of every platform collection whose members have a CRN (engine/generic/service.py)."""
    from vpcmock.engine.generic import collections, models, service
    found = []
    for name in service.SERVICES:
        with service.serving(name):
            found += [c.table for c in collections.api().collections.values()
                      if c.model and "crn" in models.every_property(c.model)]
    return tuple(dict.fromkeys(found))


def check_operation(tag_names: list[str]) -> None:
    if not tag_names:
        raise ApiError(400, "tag_names_missing", "tag_names must list at least one tag")
    if len(tag_names) > MAX_TAGS_PER_OPERATION:
        raise ApiError(400, "too_many_tags", f"At most {MAX_TAGS_PER_OPERATION} tags can be attached or detached at once")


def attach(ctx: Ctx, table: str, doc: dict, tag_names: list[str]) -> str | None:
    """Attach tags; an error message if the resource would exceed its limit."""
    key = tags_key(table)
    tags = list(dict.fromkeys(doc.get(key, []) + tag_names))
    if len(tags) > MAX_TAGS_PER_RESOURCE:
        return f"A resource can have at most {MAX_TAGS_PER_RESOURCE} user tags"
    ctx.store.replace(table, doc, **{key: tags})
    return None


def detach(ctx: Ctx, table: str, doc: dict, tag_names: list[str]) -> None:
    key = tags_key(table)
    ctx.store.replace(table, doc, **{key: [t for t in doc.get(key, []) if t not in set(tag_names)]})


def tags_key(table: str) -> str:
    """Where a document keeps its user tags: `user_tags`, or `_user_tags` for a platform
    service's, whose API models have no such property (IBM keeps them in Global Tagging alone)."""
    return "_user_tags" if table in platform_tables() else "user_tags"


def tags_of(table: str, doc: dict) -> list[str]:
    return list(doc.get(tags_key(table), []))


def without_user_tags(view: dict) -> dict:
    """The answer of a type whose VPC API model has no ``user_tags`` (see above): its tags are
    read through Global Tagging (`GET /v3/tags?attached_to=<crn>`), not on the resource."""
    return {key: value for key, value in view.items() if key != "user_tags"}
