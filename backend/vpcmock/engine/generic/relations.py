"""What a resource shows of others, computed when it is read, and what holds it when it is deleted.

- Children: a property named as a sub-collection (a security group's `rules`, a load
  balancer's `pools`) lists that sub-collection's members, each in the property's shape.
- Members of a sub-collection that is not created through its own path (a security group's
  `targets`, an IKE policy's `connections`, an endpoint gateway's `ips`): the resources of its
  model that name the parent (a network interface listing the group, a connection naming the
  policy), and any a behaviour made there (an instance group's memberships). Binding one
  (PUT `.../targets/{id}`) makes the bound resource name the parent; unbinding undoes it.
- Referrers: a read-only array of references the request does not give (a network ACL's
  `subnets`, a routing table's `subnets`) lists the resources of that type naming this one.

Generic documents record the ids they name as `_refs`; emulated ones are searched.
"""

from __future__ import annotations


from vpcmock import api_table
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, models, references
from vpcmock.engine.generic.service import current, per_service
from vpcmock.engine.generic.collections import Collection

# Targets a read-only array of references never lists by referrers: addresses the resource
# holds itself (a load balancer's private IPs), and catalogue entries.
_NOT_REFERRERS = {"ReservedIP", "Zone", "Region", "ResourceGroup", "InstanceProfile"}


@per_service
def computed(key: str) -> dict[str, tuple]:
    """The properties of `key`'s model computed at read: name -> ("children", child key) or
    ("referrers", (target collection keys...))."""
    c = collections.collection(key)
    if not c.model:
        return {}
    kids = {collections.collection(child).segment: child for child in c.children}
    given = _given(c)
    found: dict[str, tuple] = {}
    for leaf in models.leaves(c.model):
        for name, schema in models.properties(leaf).items():
            if name in kids and collections.collection(kids[name]).model:
                found[name] = ("children", kids[name])
            elif (schema["type"] == "array" and schema.get("readonly") and name not in given
                  and (schema.get("items") or {}).get("model")):
                target = references.referenced_by(schema["items"]["model"])
                if target and target not in _NOT_REFERRERS:
                    found[name] = ("referrers", tuple(t.key for t in collections.for_model(target)))
    return found


def _given(c: Collection) -> frozenset[str]:
    if "create" not in c.ops:
        return frozenset()
    body = api_table.operation(c.ops["create"], current())["body"] or {}
    return models.every_property(body["model"]) if body.get("model") else frozenset(body.get("properties") or ())


@per_service
def sources(key: str) -> tuple[str, ...]:
    """The creatable collections whose resources a non-creatable sub-collection lists."""
    c = collections.collection(key)
    if not c.model:
        return ()
    targets = {references.referenced_by(leaf) or leaf for leaf in (c.model,) + models.leaves(c.model)}
    return tuple(other.key for target in targets if target for other in collections.for_model(target)
                 if other.key != key and (other.creatable or other.key in references.EMULATED_TABLES))


def children(ctx: Ctx, c: Collection, parent_id: str) -> dict[str, dict]:
    """The documents of `c` under `parent_id` (its own members, by the parent index)."""
    return ctx.store.indexed(references.table_of(c), "_parent", parent_id)


def members(ctx: Ctx, c: Collection, parent_id: str) -> dict[str, dict]:
    """What a listing of `c` under `parent_id` holds, oldest first."""
    rows = children(ctx, c, parent_id)
    if c.creatable or not c.parent:
        return rows
    found = dict(rows)
    for table, emulated in _source_tables(c.key):
        found.update(_referrers(ctx, table, emulated, parent_id))
    if len(found) != len(rows):
        found = dict(sorted(found.items(), key=lambda item: item[1].get("_seq") or 0))
    return found


def referrers_of(ctx: Ctx, key: str, name: str, ident: str) -> list[dict]:
    """What a read-only array of references (`computed(key)[name]`, "referrers") lists."""
    found = []
    for table, emulated in _referrer_tables(key, name):
        found += _referrers(ctx, table, emulated, ident).values()
    return found


@per_service
def _referrer_tables(key: str, name: str) -> tuple[tuple[str, bool], ...]:
    return tuple(_table(collections.collection(target)) for target in computed(key)[name][1])


@per_service
def _source_tables(key: str) -> tuple[tuple[str, bool], ...]:
    return tuple(_table(collections.collection(source)) for source in sources(key))


def _table(c: Collection) -> tuple[str, bool]:
    table = references.table_of(c)
    return table, table != c.table


def _referrers(ctx: Ctx, table: str, emulated: bool, ident: str) -> dict[str, dict]:
    rows = ctx.partition(table)
    if not rows:
        return {}
    if emulated:
        return {d["id"]: d for d in rows.values() if mentions(d, ident)}
    return {d["id"]: d for d in rows.values() if ident in (d.get("_refs") or ())}


def mentions(value, ident: str) -> bool:
    """Whether an emulated document names `ident` as some reference's id."""
    if isinstance(value, dict):
        return value.get("id") == ident or any(mentions(v, ident) for k, v in value.items()
                                                if isinstance(v, (dict, list)) and not k.startswith("_"))
    if isinstance(value, list):
        return any(mentions(item, ident) for item in value)
    return False


def holders(ctx: Ctx, inside: set[str]) -> list[tuple[str, dict]]:
    """(table, document) of what names any of the ids `inside` (a resource and its
    descendants) from outside them: a generic document by its `_refs`, an emulated one (a
    subnet naming its network ACL, a VPC its default security group) by any reference."""
    found = []
    for table in ctx.store.tables():
        if table.startswith(collections.TABLE_PREFIX):
            found += [(table, d) for d in ctx.partition(table).values()
                      if d["id"] not in inside and not inside.isdisjoint(d.get("_refs") or ())]
    for table in references.EMULATED_REFERRERS:
        found += [(table, d) for d in ctx.partition(table).values()
                  if d["id"] not in inside and any(mentions(d, ident) for ident in inside)]
    return found


def descendants(ctx: Ctx, c: Collection, doc: dict) -> list[tuple[Collection, dict]]:
    """Every document under `doc` in its sub-collections, deepest first."""
    found = []
    for key in c.children:
        child_c = collections.collection(key)
        if references.table_of(child_c) != child_c.table:
            continue  # an emulated sub-collection: the emulated engine owns it
        for child in list(children(ctx, child_c, doc["id"]).values()):
            found += descendants(ctx, child_c, child)
            found.append((child_c, child))
    return found


def in_dependency_order(children: list[tuple]) -> list[tuple]:
    """A prototype's sub-collections, those its others name made first (a load balancer's pools
    before the listeners whose `default_pool` names one)."""
    pending = list(children)
    ordered = []
    while pending:
        for entry in pending:
            others = [other for other in pending if other is not entry]
            if not any(names(entry[2].get("model"), other[0].model) for other in others):
                break
        else:
            entry = pending[0]  # a cycle: the given order
        pending.remove(entry)
        ordered.append(entry)
    return ordered


@per_service
def names(model: str | None, target: str | None, depth: int = 3) -> bool:
    """Whether a value of `model` may name a resource of model `target` (within `depth` levels)."""
    if not model or not target or depth == 0 or not models.exists(model):
        return False
    for leaf in (model,) + models.leaves(model):
        if references.target_of(leaf) == target:
            return True
        for schema in models.properties(leaf).values():
            inner = schema.get("model") or (schema.get("items") or {}).get("model")
            if inner and names(inner, target, depth - 1):
                return True
    return False
