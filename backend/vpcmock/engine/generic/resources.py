"""The generic engine's operations on a collection: create, get, list, update (merge-patch),
delete, bind and unbind (a sub-collection's PUT and DELETE of a resource made elsewhere), and a
singleton's read and replacement (`/subnets/{id}/public_gateway`).

Documents live in one table per collection (`generic/<collection>`), in the account's and
region's partition; a sub-collection's members carry their parent's id (`_parent`, indexed),
and every document the ids it names (`_refs`), its addresses (`_ips`), its ETag (`_etag`) and
the variant of its model it is (`_model`). Deleting one deletes its sub-collections' members
with it (a security group's rules); it is refused (409 `<type>_in_use`) while a resource outside
them names it or one of them. Creations, updates and deletions are activity events.
"""

from __future__ import annotations


from vpcmock import api_table, ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.listing import Page, paginate
from vpcmock.engine.generic import (behaviours, catalogue_served, collections, documents, models, references, relations,
                                    values)
from vpcmock.engine.generic.collections import Collection
from vpcmock.engine.generic import service as served_service
from vpcmock.engine.generic.service import per_service
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, conflict, echo, field, parameter


def item_not_found(c: Collection, ident: str, name: str = "id") -> ApiError:
    kind = c.singular
    return ApiError(404, f"{kind}_not_found", f"{kind.replace('_', ' ').capitalize()} not found: {echo(ident)}",
                    parameter(name, ident))


def parent_of(ctx: Ctx, c: Collection, path_ids: list[tuple[str, str]], *, itself: bool = False) -> dict | None:
    """The parent a sub-collection's path names (each ancestor checked: it exists in this
    account and region, under the ancestor before it), or None for a top-level collection;
    with `itself`, the item of `c` the path ends with (a singleton's owner).
    `path_ids`: the (parameter, value) pairs of the path's ancestors, outermost first."""
    doc = None
    chain = collections.ancestry(c) + ([c] if itself else [])
    for ancestor, (name, ident) in zip(chain, path_ids):
        found = references.lookup(ctx, ancestor, ident)
        if found is None or (doc is not None and found.get("_parent", doc["id"]) != doc["id"]):
            raise item_not_found(ancestor, ident, name)
        doc = found
    return doc


def get(ctx: Ctx, c: Collection, parent: dict | None, ident: str) -> dict:
    if catalogue_served.served(c):
        found = catalogue_served.members(ctx, c).get(ident)
        if found is None:
            raise item_not_found(c, ident, "name")
        return found
    doc = ctx.owned(ctx.store.get(c.table, ident))
    if doc is None and parent is not None and not c.creatable:
        doc = relations.members(ctx, c, parent["id"]).get(ident)
    elif doc is not None and parent is not None and doc.get("_parent") != parent["id"]:
        doc = None
    if doc is None:
        raise item_not_found(c, ident)
    return doc


def create(ctx: Ctx, c: Collection, parent: dict | None, proto: dict, proto_props: dict[str, dict],
           ident: str | None = None, path: str = "") -> dict:
    """A new member of `c` from a validated prototype (`proto_props`: the properties of the
    prototype's model, the variant it is); `ident` for an id decided beforehand; `path` where
    the prototype sits in the request (a parent's `rules[0]`)."""
    builder = documents.Builder(ctx, c, ident or values.new_id(ctx, c), parent)
    doc = builder.document(proto, proto_props, path)
    doc["_model"] = documents.response_leaf(c.model, proto)
    if parent is not None:
        doc["_parent"] = parent["id"]
    doc["_etag"] = ids.new_etag()
    ctx.stamp(doc)
    behaviours.before_create(ctx, c, doc, proto, builder)
    _finish(doc, builder)
    ctx.store.put(c.table, doc)
    if builder.nested:
        doc = _make_nested(ctx, c, doc, builder.nested)
    _target_named(ctx, c, doc)
    for child_c, items, schema in relations.in_dependency_order(builder.children):
        for index, item in enumerate(items):
            item_model = schema.get("model")
            props = models.properties(models.pick(item_model, item) or item_model) if item_model else {}
            if schema.get("single"):  # a primary member: the parent shows it by reference
                made = create(ctx, child_c, doc, item, props, path=schema["path"])
                if "type" in made:
                    made = _store_change(ctx, child_c, made, {"type": "primary"})
                doc = {**ctx.store.get(c.table, doc["id"]), schema["single"]: references.project(
                    ctx, view(ctx, child_c, made), schema["ref_model"])}
                doc["_refs"] = sorted(_named_ids(doc, doc["id"]))
                ctx.store.put(c.table, doc)
                continue
            create(ctx, child_c, doc, item, props, path=f"{schema['path']}[{index}]")
    behaviours.after_create(ctx, c, doc, proto)
    _record(ctx, c, doc, "create", parent)
    return ctx.store.get(c.table, doc["id"])


# What a resource made with another (a network attachment's virtual network interface) gets
# unless its prototype says otherwise: IBM's API reference gives `auto_delete` true in an
# attachment's context (the interface goes with the attachment).
MADE_WITH_DEFAULTS = {"virtual_network_interfaces": {"auto_delete": True}}
# What the resource made shows that its maker shows too (an attachment's subnet and primary IP
# are its interface's).
_SHARED = ("primary_ip", "subnet")


def _make_nested(ctx: Ctx, c: Collection, doc: dict, nested: list[tuple]) -> dict:
    """Make the resources `doc`'s prototype made with it, naming `doc` where their model can
    (a virtual network interface's `target`), and show them in `doc`."""
    for prop, made, proto, pleaf, rmodel, ident, where in nested:
        proto = {**MADE_WITH_DEFAULTS.get(made.key, {}), **proto}
        child = create(ctx, made, None, proto, models.properties(pleaf), ident=ident, path=where)
        name, schema = _naming_property(made, c)
        if name is not None and schema.get("type") == "object":
            child = _store_change(ctx, made, child, {name: references.project(ctx, doc, schema["model"])})
        changed = {prop: references.project(ctx, view(ctx, made, child), rmodel)}
        props = models.properties(doc.get("_model") or c.model)
        for key in _SHARED:
            if key in props and key in child and props[key].get("model"):
                changed[key] = references.project(ctx, child[key], props[key]["model"])
        doc = {**doc, **changed}
        doc["_refs"] = sorted(_named_ids(doc, doc["id"]))
        ctx.store.put(c.table, doc)
    return doc


# The resources a new one may name that then show it as their single `target` (a virtual
# network interface given by id to a network attachment or a mount target targets it).
_TARGETED = ("virtual_network_interfaces",)


def _target_named(ctx: Ctx, c: Collection, doc: dict) -> None:
    if c.service != served_service.DEFAULT:
        return
    for key in _TARGETED:
        other_c = collections.collection(key)
        name, schema = _naming_property(other_c, c)
        if name != "target" or schema.get("type") != "object":
            continue
        for prop, value in doc.items():
            if prop.startswith("_") or not isinstance(value, dict) or not value.get("id"):
                continue
            other = ctx.owned(ctx.store.get(other_c.table, value["id"]))
            if other is None or (other.get(name) or {}).get("id") == doc["id"]:
                continue
            if other.get(name):
                raise conflict(f"{other_c.singular}_in_use", f"{other_c.singular.replace('_', ' ').capitalize()} "
                               f"{other['id']} already targets {other[name].get('resource_type')} "
                               f"{other[name].get('id')}", field(f"{prop}.id", other["id"]))
            _store_change(ctx, other_c, other, {name: references.project(ctx, doc, schema["model"])})


def _finish(doc: dict, builder: documents.Builder) -> None:
    doc["_refs"] = sorted(_named_ids(doc, doc["id"]))
    if builder.ips:
        doc["_ips"] = builder.ips


def _named_ids(value, own: str, found: set | None = None) -> set:
    """The ids of the references a document holds (not its own)."""
    found = set() if found is None else found
    if isinstance(value, dict):
        ident = value.get("id")
        if isinstance(ident, str) and ident != own and ("href" in value or "crn" in value):
            found.add(ident)
        for key, item in value.items():
            if isinstance(item, (dict, list)) and not key.startswith("_"):
                _named_ids(item, own, found)
    elif isinstance(value, list):
        for item in value:
            _named_ids(item, own, found)
    return found


def view(ctx: Ctx, c: Collection, doc: dict) -> dict:
    """A document as the API answers it: its properties and those computed from others."""
    out = {key: value for key, value in doc.items() if key[0] != "_"}
    keep_id, plan = _view_plan(c.key, doc.get("_model") or c.model)
    if not keep_id:
        del out["id"]  # kept as the store's key only
    for name, kind, source, item_model in plan:
        if kind == "own":  # the children's own shape: as kept
            out[name] = [{k: v for k, v in row.items() if k[0] != "_"}
                         for row in relations.members(ctx, source, doc["id"]).values()]
            continue
        if kind == "children":
            rows = relations.members(ctx, source, doc["id"]).values()
        else:
            rows = relations.referrers_of(ctx, c.key, name, doc["id"])
        out[name] = [references.project(ctx, row, item_model) if item_model else row for row in rows]
    behaviours.computed_view(ctx, c, doc, out)
    return out


@per_service
def _view_plan(key: str, leaf: str | None) -> tuple[bool, tuple]:
    """(whether the model shows `id`, the computed properties of `leaf`: (name, "own" |
    "children" | "referrers", child collection, item model))."""
    c = collections.collection(key)
    props = models.properties(leaf) if leaf else {}
    plan = []
    for name, spec in relations.computed(key).items():
        schema = props.get(name)
        if schema is None:
            continue
        item_model = (schema.get("items") or {}).get("model")
        if spec[0] == "children":
            child_c = collections.collection(spec[1])
            own = item_model == child_c.model and child_c.creatable
            plan.append((name, "own" if own else "children", child_c, item_model))
        else:
            plan.append((name, "referrers", None, item_model))
    return "id" in models.every_property(c.model), tuple(plan)


def listing(ctx: Ctx, c: Collection, parent: dict | None, filters: dict[str, str], *, start: str | None,
            limit: int, sort: str | None) -> Page:
    match = _matcher(filters) if filters else None
    if catalogue_served.served(c):
        return catalogue_served.page(ctx, c, match, start=start, limit=limit, parent=parent)
    rows = relations.members(ctx, c, parent["id"]) if parent is not None else ctx.partition(c.table)
    page = paginate(rows, match=match, sort=sort, start=start, limit=limit)
    page.items = [member_view(ctx, c, doc) for doc in page.items]
    return page


def member_view(ctx: Ctx, c: Collection, doc: dict) -> dict:
    if catalogue_served.served(c):
        return doc  # already the catalogue's view
    """A member of `c` as `c` answers it: its own view, or for a resource of another
    collection it lists (a security group's target), that resource's view in `c`'s model."""
    if ctx.store.get(c.table, doc["id"]) is doc:
        return view(ctx, c, doc)
    for key in relations.sources(c.key):
        source = collections.collection(key)
        if ctx.store.get(references.table_of(source), doc["id"]) is doc:
            return references.project(ctx, view(ctx, source, doc), c.model)
    return view(ctx, c, doc)


def _matcher(filters: dict[str, list[str]]):
    def match(doc: dict) -> bool:
        return all(_values_at(doc, name.split(".")) & set(wanted) for name, wanted in filters.items())
    return match


def _values_at(value, path: list[str]) -> set[str]:
    """The values at a dotted filter path (`vpc.id`, `clones[].zone.name`, `tag` for user tags)."""
    if not path:
        if isinstance(value, bool):
            return {str(value).lower()}
        return {str(value)} if isinstance(value, (str, int, float)) else set()
    head, rest = path[0], path[1:]
    if not isinstance(value, dict):
        return set()
    if head == "tag":
        return set(value.get("user_tags") or ())
    if head.endswith("[]"):
        found = set()
        for item in value.get(head[:-2]) or ():
            found |= _values_at(item, rest)
        return found
    return _values_at(value.get(head), rest) if head in value else set()


def update(ctx: Ctx, c: Collection, doc: dict, patch: dict, patch_props: dict[str, dict]) -> dict:
    """Merge `patch` (validated against the patch model) into `doc`: null removes an optional
    property; an identity is resolved anew; a nested object is merged."""
    parent = _parent_doc(ctx, c, doc)
    builder = documents.Builder(ctx, c, doc["id"], parent, existing=doc)
    merged = {key: value for key, value in doc.items() if not key.startswith("_")}
    model = doc.get("_model") or c.model
    for name, value in patch.items():
        rschema = models.schema_of(c.model, name) or {}
        if value is None:
            if rschema.get("required"):
                raise ApiError(400, "invalid_field_value", f"{name}: This field cannot be null", field(name))
            merged.pop(name, None)
            continue
        pschema = patch_props.get(name)
        pleaf = models.pick(pschema["model"], value) if pschema and pschema.get("model") else None
        if isinstance(value, dict) and isinstance(merged.get(name), dict) and not (
                pleaf and references.target_of(pleaf)):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = builder.convert(value, pschema, rschema, name, (merged,))
    if models.variants(c.model):
        model = documents.response_leaf(c.model, {k: v for k, v in merged.items() if not isinstance(v, (dict, list))})
    props = models.properties(model)
    computed = relations.computed(c.key)
    merged = {key: value for key, value in merged.items() if key in props and key not in computed}
    for name, schema in props.items():
        if name not in merged and schema.get("required") and name not in computed:
            merged[name] = builder.fill(name, schema, merged, (merged,), True)
    merged.update({key: value for key, value in doc.items() if key.startswith("_")})
    merged["_model"] = model
    merged["_etag"] = ids.new_etag()
    _finish(merged, builder)
    ctx.store.put(c.table, merged)
    behaviours.after_update(ctx, c, doc, merged, patch)
    _record(ctx, c, merged, "update", parent)
    return ctx.store.get(c.table, merged["id"]) or merged  # as the hooks left it


def delete(ctx: Ctx, c: Collection, doc: dict) -> None:
    if doc.get("_held_by"):  # an emulated resource's interface (interfaces.py): deleted with it
        from vpcmock.engine.generic.vpc import interfaces
        raise conflict(f"{c.singular}_in_use", interfaces.refuse_text(c, doc), parameter("id", doc["id"]))
    behaviours.before_delete(ctx, c, doc)
    subtree = relations.descendants(ctx, c, doc)
    subtree += [item for child_c, child in list(subtree) for item in behaviours.owned(ctx, child_c, child)]
    subtree += behaviours.owned(ctx, c, doc)
    inside = {doc["id"]} | {d["id"] for _, d in subtree}
    released = behaviours.released(ctx, c, doc, inside)  # (a floating IP disassociated, not holding)
    letting_go = {d["id"] for _, d, _ in released}
    held = [(table, holder) for table, holder in relations.holders(ctx, inside) if holder["id"] not in letting_go]
    if held:
        table, holder = held[0]
        raise conflict(f"{c.singular}_in_use", f"{c.singular.replace('_', ' ').capitalize()} {doc['id']} is in use by "
                       f"{len(held)} resources ({table.removeprefix(collections.TABLE_PREFIX)} {holder['id']})",
                       parameter("id", doc["id"]))
    for other_c, other, name in released:
        _store_change(ctx, other_c, {k: v for k, v in other.items() if k != name}, {})
    for child_c, child in subtree:
        ctx.store.delete(child_c.table, child["id"])
    ctx.store.delete(c.table, doc["id"])
    behaviours.after_delete(ctx, c, doc)
    _record(ctx, c, doc, "delete", _parent_doc(ctx, c, doc))


def delete_all(ctx: Ctx, c: Collection, parent: dict) -> None:
    for doc in list(relations.children(ctx, c, parent["id"]).values()):
        delete(ctx, c, doc)


def _parent_doc(ctx: Ctx, c: Collection, doc: dict) -> dict | None:
    if not c.parent or not doc.get("_parent"):
        return None
    return references.lookup(ctx, collections.collection(c.parent), doc["_parent"])


# -- binding a resource made elsewhere into a sub-collection -----------------------------------

def bind(ctx: Ctx, c: Collection, parent: dict, ident: str) -> tuple[Collection, dict]:
    """PUT `.../{parent}/<c>/{ident}`: the resource `ident` (of a collection `c` lists) names
    `parent` from now on (a network interface gains the security group, a floating IP its target)."""
    source, doc = _bound(ctx, c, ident)
    parent_c = collections.collection(c.parent)
    name, schema = _naming_property(source, parent_c)
    if name is None:
        raise item_not_found(c, ident)
    ref_model = (schema.get("items") or {}).get("model") or schema.get("model")
    ref = references.project(ctx, parent, ref_model)
    if schema["type"] == "array":
        current = [r for r in doc.get(name) or () if r.get("id") != parent["id"]]
        changed = {name: current + [ref]}
    else:
        changed = {name: ref}
    doc = _store_change(ctx, source, doc, changed)
    return source, doc


def unbind(ctx: Ctx, c: Collection, parent: dict, ident: str) -> None:
    source, doc = _bound(ctx, c, ident)
    if parent["id"] not in (doc.get("_refs") or ()):
        raise item_not_found(c, ident)
    name, schema = _naming_property(source, collections.collection(c.parent))
    if schema["type"] == "array":
        changed = {name: [r for r in doc.get(name) or () if r.get("id") != parent["id"]]}
        doc = _store_change(ctx, source, doc, changed)
    else:
        kept = {key: value for key, value in doc.items() if key != name}
        _store_change(ctx, source, kept, {})


def _bound(ctx: Ctx, c: Collection, ident: str) -> tuple[Collection, dict]:
    for key in relations.sources(c.key):
        source = collections.collection(key)
        doc = references.lookup(ctx, source, ident) if source.table == references.table_of(source) else None
        if doc is not None:
            return source, doc
    raise item_not_found(c, ident)


def _naming_property(source: Collection, parent_c: Collection) -> tuple[str | None, dict]:
    """The property of `source`'s model that names a member of `parent_c` (a floating IP's
    `target`, a network interface's `security_groups`)."""
    for leaf in models.leaves(source.model):
        for name, schema in models.properties(leaf).items():
            model = (schema.get("items") or {}).get("model") or schema.get("model")
            if model and any(references.referenced_by(m) == parent_c.model for m in (model,) + models.leaves(model)):
                return name, schema
    return None, {}


def store_change(ctx: Ctx, c: Collection, doc: dict, changed: dict) -> dict:
    """`doc` with `changed` stored (its references recounted), as an update event."""
    return _store_change(ctx, c, doc, changed)


def named_ids(value, own: str) -> set:
    return _named_ids(value, own)


def _store_change(ctx: Ctx, c: Collection, doc: dict, changed: dict) -> dict:
    new = {**doc, **changed, "_etag": ids.new_etag()}
    new["_refs"] = sorted(_named_ids(new, new["id"]))
    ctx.store.put(c.table, new)
    _record(ctx, c, new, "update", _parent_doc(ctx, c, new))
    return new


def act(ctx: Ctx, c: Collection, doc: dict, action: str) -> dict:
    """POST `.../{id}/<action>`: the state change the action makes (behaviours.ACTIONS), and the
    instant it made it where the model records one (behaviours.ACTION_TIMES)."""
    return _store_change(ctx, c, doc, {**(behaviours.action_changes(c, action) or {}),
                                       **behaviours.action_times(ctx, c, action)})


# -- singletons: a reference an item holds, read and replaced as the resource it names --------

def singleton_target(ctx: Ctx, parent: dict, name: str, singular: str) -> tuple[Collection, dict]:
    ref = parent.get(name)
    if not isinstance(ref, dict) or not ref.get("id"):
        raise ApiError(404, f"{singular}_not_found", f"{parent.get('resource_type', 'The resource')} "
                       f"{parent['id']} has no {name.replace('_', ' ')}", parameter("id", parent["id"]))
    kind = ref.get("resource_type") or name.removeprefix("default_")
    for c in collections.api().collections.values():
        if c.singular == kind and c.table == references.table_of(c):
            doc = ctx.owned(ctx.store.get(c.table, ref["id"]))
            if doc is not None:
                return c, doc
    raise ApiError(404, f"{kind}_not_found", f"{kind.replace('_', ' ').capitalize()} {ref['id']} not found",
                   parameter("id", parent["id"]))


def set_singleton(ctx: Ctx, parent_c: Collection, parent: dict, name: str, identity_model: str,
                  identity: dict, path: str = "") -> tuple[Collection, dict]:
    """PUT `/<parent>/{id}/<name>`: `parent` names the resource `identity` names, as `name`.
    `path`: where the identity sits in the request (`public_gateway` of a subnet's PATCH)."""
    kind, doc = references.resolve(ctx, identity_model, identity, path)
    ref_model = (models.schema_of(parent_c.model, name) or {}).get("model")
    behaviours.before_singleton(ctx, parent_c, parent, name, kind, doc)
    ref = references.project(ctx, doc, ref_model) if ref_model else {k: doc[k] for k in ("id", "href", "name")}
    ref.setdefault("resource_type", kind.singular)
    table = references.table_of(parent_c)
    ctx.store.put(table, {**parent, name: ref, "_etag": ids.new_etag()})
    return kind, doc


def set_named(ctx: Ctx, parent_key: str, parent: dict, name: str, identity) -> dict:
    """A singleton set by its owner's own create or PATCH (a subnet's `public_gateway`,
    `network_acl` or `routing_table` in its prototype or patch) as its PUT sets it: the
    identity checked against the PUT's model and resolved, the same rules applied. Null
    unsets it where the API can (DELETE `.../<name>`), else is refused. The owner as stored."""
    parent_c = collections.collection(parent_key)
    singleton = next(s for s in collections.api().singletons.values() if s.parent == parent_key and s.name == name)
    if identity is None:
        if "delete" not in singleton.ops:
            raise ApiError(400, "invalid_field_value", f"{name}: a {parent_c.singular.replace('_', ' ')} always has "
                           f"a {name.replace('_', ' ')}; name another one", field(name))
        if isinstance(parent.get(name), dict):
            unset_singleton(ctx, parent_c, parent, name, name)
    else:
        from vpcmock.engine.generic import validation
        model = api_table.operation(singleton.ops["put"])["body"]["model"]
        validation.obj(identity, model, name)
        set_singleton(ctx, parent_c, parent, name, model, identity, name)
    return ctx.store.get(references.table_of(parent_c), parent["id"])


def unset_singleton(ctx: Ctx, parent_c: Collection, parent: dict, name: str, singular: str) -> None:
    singleton_target(ctx, parent, name, singular)
    table = references.table_of(parent_c)
    ctx.store.put(table, {**{k: v for k, v in parent.items() if k != name}, "_etag": ids.new_etag()})


def _record(ctx: Ctx, c: Collection, doc: dict, action: str, parent: dict | None) -> None:
    chain = collections.ancestry(c)
    spec = served_service.spec()
    prefix = spec.crn_service if spec is not None else f"is.{(chain[0] if chain else c).crn_kind}"
    crn = doc.get("crn") or f"{(parent or {}).get('crn') or ''}/{c.crn_kind}:{doc['id']}"
    activity.record(ctx, f"{prefix}.{c.crn_kind}.{action}", crn, target_name=doc.get("name"))
