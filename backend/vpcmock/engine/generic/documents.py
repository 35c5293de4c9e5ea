"""A request's prototype made into the document the engine keeps: the answer's shape (its
response model, the variant the prototype asks for), the prototype's values with identities
resolved into references, and what the service fills in for the required rest.

What is filled comes from what the resource names and where it is: its zone and VPC from a
subnet, parent or other resource it names; a subnet's next free address where it (or the
object holding the address) names a subnet, else a public address; the account's default
resource group; ids, CRNs, hrefs, times and ready states from values.py.
"""

from __future__ import annotations

from vpcmock.catalog import zones_of
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import zone_ref
from vpcmock.engine.generic import addresses, behaviours, collections, models, references, relations, service, values
from vpcmock.engine.generic.collections import Collection
from vpcmock.engine.network import vpcs
from vpcmock import ids
from vpcmock.errors import ApiError


def response_leaf(model: str, proto: dict) -> str:
    """The variant of a response model a prototype asks for: by the discriminator, else the
    variant whose single-valued enums the prototype matches and that has most of its keys."""
    if not models.variants(model):
        return model
    picked = models.pick(model, proto)
    if picked is not None and not models.variants(picked):
        return picked
    best, best_score = None, None
    for leaf in models.leaves(model):
        props = models.properties(leaf)
        if any(key in props and props[key].get("enum") and not isinstance(value, (dict, list))
               and value not in props[key]["enum"] for key, value in proto.items()):
            continue
        # the keys it knows; then, below one key's worth, how well its objects fit (_nested_fit)
        score = sum(1 + _nested_fit(value, props[key]) / (len(proto) + 1) for key, value in proto.items()
                    if key in props)
        if best_score is None or score > best_score:
            best, best_score = leaf, score
    return best or models.leaves(model)[0]


@service.per_service
def primary_child(key: str, name: str) -> Collection | None:
    """The sub-collection of `key` whose member a `primary_*` property of its prototype makes
    (a bare metal server's `primary_network_attachment`), shown by the reference it has."""
    if not name.startswith("primary_"):
        return None
    c = collections.collection(key)
    schema = models.schema_of(c.model, name) if c.model else None
    target = references.referenced_by((schema or {}).get("model") or "")
    for child in c.children:
        child_c = collections.collection(child)
        if child_c.creatable and target and child_c.model == target:
            return child_c
    # A reference in the parent's context (a bare metal server's `primary_network_interface`, a
    # NetworkInterfaceBareMetalServerContextReference) names a member of the sub-collection of
    # the same name, plural (`network_interfaces`).
    plural = f"{c.key}.{name.removeprefix('primary_')}s"
    if plural in c.children and collections.collection(plural).creatable:
        return collections.collection(plural)
    return None


@service.per_service
def made_with(rmodel: str) -> Collection | None:
    """The collection whose resource a reference of model `rmodel` shows, when a prototype may
    make one there (a network attachment's `virtual_network_interface` given as a prototype, a
    dedicated host's new `group`): top-level, creatable and the generic engine's."""
    target = references.referenced_by(rmodel)
    for c in collections.for_model(target) if target else ():
        if c.creatable and c.parent is None and c.key not in references.EMULATED_TABLES:
            return c
    return None


def _nested_fit(value, schema: dict) -> float:
    """How well an object value fits a property's model, below 1: the share of its keys the
    model knows (a policy-mode connection's `local.cidrs`, which the static route mode's
    `local` lacks, tells the two apart)."""
    inner = schema.get("model")
    if not isinstance(value, dict) or not value or not inner or not models.exists(inner):
        return 0.0
    known = models.every_property(inner)
    return 0.99 * sum(1 for key in value if key in known) / len(value)


class Builder:
    """Builds one document of collection `c` (and records what it names, its addresses and
    the children its prototype asks for)."""

    def __init__(self, ctx: Ctx, c: Collection, ident: str, parent: dict | None, existing: dict | None = None):
        self.ctx, self.c, self.ident, self.parent = ctx, c, ident, parent
        self.parent_c = collections.collection(c.parent) if c.parent else None
        self.near: list[dict] = []  # documents the prototype names (zone, VPC and subnet come from them)
        self.ips: list[list[str]] = list((existing or {}).get("_ips") or ())
        self.children: list[tuple[Collection, list, dict]] = []  # (collection, prototypes, item props)
        self.nested: list[tuple] = []  # resources made with this one: (property, collection, prototype, ...)
        self.computed = relations.computed(c.key)

    # -- the document -------------------------------------------------------------------------

    def document(self, proto: dict, proto_props: dict[str, dict], path: str = "") -> dict:
        """`path`: where the prototype sits in the request (`listeners[0]`), for errors."""
        leaf = response_leaf(self.c.model, proto)
        doc = self.obj(proto, proto_props, leaf, path, top=True)
        doc.setdefault("id", self.ident)  # the store's key, even where the model makes it optional
        if self.c.service != service.DEFAULT:  # another service's: its ids, CRN, times, even optional
            props = models.properties(leaf)
            for name in values.ALWAYS:
                if name in props and name not in doc:
                    found = values.platform_fill(self.ctx, self.c, name, props[name], self.ident)
                    if found is not values.NOTHING:
                        doc[name] = found
        if "href" in models.properties(leaf) and "href" not in doc:
            doc["href"] = values.href(self.ctx, self.c, self.ident, self.parent, self.parent_c)
        return doc

    def obj(self, value: dict, proto_props: dict[str, dict], leaf: str, path: str, top: bool = False,
            frames: tuple = ()) -> dict:
        out: dict = {}
        frames = frames + (out,)
        props = models.properties(leaf)
        for name, item in value.items():
            schema = props.get(name)
            if top and name in self.computed:
                spec = self.computed[name]
                if spec[0] == "children" and isinstance(item, list):
                    child = collections.collection(spec[1])
                    item_model = ((proto_props.get(name) or {}).get("items") or {}).get("model")
                    self.children.append((child, item, {"model": item_model, "path": _join(path, name)}))
                continue
            if schema is None or item is None:
                continue
            primary = primary_child(self.c.key, name) if top and isinstance(item, dict) else None
            if primary is not None:  # a bare metal server's primary network attachment: made as its child
                pmodel = (proto_props.get(name) or {}).get("model")
                self.children.append((primary, [item], {"model": pmodel, "path": _join(path, name), "single": name,
                                                        "ref_model": schema["model"]}))
                out[name] = {"id": "", "href": "", "name": item.get("name") or ""}  # set once it is made
                continue
            out[name] = self.convert(item, proto_props.get(name), schema, _join(path, name), frames)
        for name, value in models.discriminated(leaf).items():
            if name not in out and name in props:
                out[name] = value
        for name, schema in props.items():
            if name in out or not schema.get("required") or (top and name in self.computed):
                continue
            out[name] = self.fill(name, schema, out, frames, top, _join(path, name))
        return out

    def convert(self, value, pschema: dict | None, rschema: dict, path: str, frames: tuple):
        kind = rschema.get("type")
        if kind == "array" and isinstance(value, list):
            pitems = (pschema or {}).get("items") or {}
            ritems = rschema.get("items") or {}
            return [self.convert(item, pitems, ritems, f"{path}[{i}]", frames) for i, item in enumerate(value)]
        if kind != "object" or not isinstance(value, dict):
            return value
        pmodel = (pschema or {}).get("model")
        rmodel = rschema.get("model")
        if pmodel:
            pleaf = models.pick(pmodel, value) or pmodel
            if references.target_of(pleaf):
                return self.reference(pmodel, pleaf, value, rmodel, path)
            made = made_with(rmodel) if rmodel and len(frames) == 1 else None  # a property of the resource itself
            if made is not None:
                return self.made_with(made, value, pleaf, rmodel, path)
            if rmodel:
                return self.obj(value, models.properties(pleaf), response_leaf(rmodel, value), path, frames=frames)
        return value

    def made_with(self, made: Collection, value: dict, pleaf: str, rmodel: str, path: str) -> dict:
        """A resource of another collection the prototype makes with this one (a network
        attachment's new virtual network interface): made once this one is stored
        (resources.create), referenced meanwhile by the id it will have."""
        ident = values.new_id(self.ctx, made)
        self.nested.append((path.rpartition(".")[2], made, value, pleaf, rmodel, ident, path))
        return {"id": ident, "href": values.href(self.ctx, made, ident, None, None), "name": value.get("name") or ident,
                "resource_type": made.resource_type}

    def reference(self, pmodel: str, identity_model: str, value: dict, rmodel: str | None, path: str) -> dict:
        """The reference an identity resolves to. Where several variants take the same keys (a
        pool member's target `{"id"}`: an instance, a reserved IP or a load balancer), the
        first whose type holds that id is the one meant."""
        same = [leaf for leaf in models.leaves(pmodel) if models.required(leaf) == models.required(identity_model)
                and references.target_of(leaf)] or [identity_model]
        first_error = None
        for leaf in same:
            try:
                kind, doc = references.resolve(self.ctx, leaf, value, path, scope=self.parent)
                break
            except ApiError as error:
                first_error = first_error or error
        else:
            raise first_error
        if isinstance(kind, Collection):
            if not references.is_catalogue(kind) and kind.key != "instance.profiles":
                self.near.append(doc)
        return references.project(self.ctx, doc, rmodel) if rmodel else doc

    # -- what the service fills in ------------------------------------------------------------

    def fill(self, name: str, schema: dict, out: dict, frames: tuple, top: bool, path: str = ""):
        ctx, kind = self.ctx, schema["type"]
        if top and self.c.service != service.DEFAULT:
            found = values.platform_fill(ctx, self.c, name, schema, self.ident)
            if found is not values.NOTHING:
                return found
        if top and name in behaviours.DEFAULTS.get(self.c.key, ()):
            return behaviours.default(self.c, name, ctx)
        if top and name == "id":
            return self.ident
        if top and name == "href":
            return values.href(ctx, self.c, self.ident, self.parent, self.parent_c)
        if top and name == "crn":
            return values.crn(ctx, self.c, self.ident, (out.get("zone") or {}).get("name"))
        if name == "resource_type" and schema.get("enum"):
            return schema["enum"][0] if top or len(schema["enum"]) == 1 else values.ready(schema["enum"])
        if kind == "string" and (schema.get("format") == "date-time" or name.endswith("_at")):
            return values.now(ctx)
        if name == "name" and kind == "string":
            return self._name(top)
        if name == "address" and kind == "string":
            return self.address(frames, public=any(word in path for word in ("public", "floating")))
        if name == "hostname" and kind == "string":
            return values.hostname(ctx, self.c, self.ident)
        if kind == "object" and schema.get("model"):
            return self.fill_object(name, schema["model"], out, frames, path)
        if kind == "array" and top and name == "private_ips" and schema.get("items", {}).get("model"):
            return self.private_ips(out, schema["items"]["model"])
        return values.zero(schema)

    def private_ips(self, out: dict, item_model: str) -> list[dict]:
        """A private address in each subnet the resource names (a load balancer's, a VPN server's)."""
        found = []
        for ref in out.get("subnets") or ([out["subnet"]] if isinstance(out.get("subnet"), dict) else []):
            subnet = self.ctx.owned(self.ctx.store.get(vpcs.SUBNETS, ref.get("id", "")))
            if subnet is not None:
                found.append(self.reserved_ip(subnet, out.get("name") or self.ident, item_model, len(found) + 1))
        return found

    def reserved_ip(self, subnet: dict, owner: str, model: str, number: int) -> dict:
        """A reserved IP's reference for an address this resource takes in `subnet`."""
        ident = ids.new_id(self.ctx.region)
        return references.project(self.ctx, {
            "address": self.take(subnet), "id": ident, "name": f"{owner}-ip-{number}",
            "href": f"{subnet['href']}/reserved_ips/{ident}", "resource_type": "subnet_reserved_ip"}, model)

    def fill_object(self, name: str, model: str, out: dict, frames: tuple, path: str):
        target = references.referenced_by(model) or models.snake(model)
        if name == "resource_group" or target == "ResourceGroup":
            return references.project(self.ctx, ids.default_resource_group(self.ctx.account), model)
        if name == "zone" or target == "Zone":
            return references.project(self.ctx, zone_ref(self.zone(out)), model)
        near = self.named(target, name if path == name else None)
        if near is not None:
            return references.project(self.ctx, near, model)
        if target == "ReservedIP":
            subnet = self.subnet(frames)
            if subnet is not None:
                return self.reserved_ip(subnet, out.get("name") or self.ident, model, 1)
        if models.variants(model):
            model = models.leaves(model)[0]
        if "id" in models.properties(model) and target and references.referenced_by(model):
            return references.project(self.ctx, self._placeholder(target), model)
        return self.obj({}, {}, model, path or name, frames=frames)

    def named(self, target: str, prop: str | None) -> dict | None:
        """The resource of model `target` this one is near: named by it, its parent, or what
        those name as the same property or by type (a subnet's VPC)."""
        pool = list(self.near) + ([self.parent] if self.parent else [])
        for doc in pool:
            if _is(doc, target):
                return doc
        for doc in pool:
            if prop and isinstance(doc.get(prop), dict) and doc[prop].get("id"):
                return self._full(doc[prop], target)
        for doc in pool:
            for value in doc.values():
                if isinstance(value, dict) and _is(value, target):
                    return self._full(value, target)
        return None

    def _full(self, ref: dict, target: str) -> dict:
        for c in collections.for_model(target):
            doc = references.lookup(self.ctx, c, ref.get("id", ""))
            if doc is not None:
                return doc
        return ref

    def zone(self, out: dict) -> str:
        for doc in [out] + self.near + ([self.parent] if self.parent else []):
            zone = references.zone_of(doc)
            if zone:
                return zone
        return zones_of(self.ctx.region)[0]

    def subnet(self, frames: tuple) -> dict | None:
        """The subnet an address belongs to: the innermost object naming one, the resource's
        own, its parent (a subnet's reserved IP), or one the resource names."""
        for frame in reversed(frames):
            ref = frame.get("subnet") or (frame.get("subnets") or [None])[0]
            if isinstance(ref, dict) and ref.get("id"):
                found = self.ctx.owned(self.ctx.store.get(vpcs.SUBNETS, ref["id"]))
                if found is not None:
                    return found
        if self.parent is not None and self.parent.get("resource_type") == "subnet":
            return self.parent
        if self.parent is not None and isinstance(self.parent.get("subnet"), dict):
            found = self.ctx.owned(self.ctx.store.get(vpcs.SUBNETS, self.parent["subnet"].get("id", "")))
            if found is not None:
                return found
        return next((doc for doc in self.near if doc.get("resource_type") == "subnet"), None)

    def address(self, frames: tuple, public: bool = False) -> str:
        subnet = None if public else self.subnet(frames)
        if subnet is None:
            return addresses.public(self.ident, len(self.ips))
        return self.take(subnet)

    def take(self, subnet: dict) -> str:
        """The subnet's next free address, counted as this resource's."""
        taken = {address for sid, address in self.ips if sid == subnet["id"]}
        address = vpcs.allocate_address(self.ctx, subnet, also_taken=taken)
        self.ips.append([subnet["id"], address])
        addresses.holding(self.c.table)
        return address

    def _name(self, top: bool) -> str:
        if top and self.parent is not None:
            scope = relations.children(self.ctx, self.c, self.parent["id"]).values()
        elif top:
            scope = self.ctx.partition(references.table_of(self.c)).values()
        else:
            scope = ()
        return values.name({doc.get("name") for doc in scope})

    def _placeholder(self, target: str) -> dict:
        ident = values.new_id(self.ctx)
        plural = models.snake(target) + "s"
        return {"id": ident, "crn": ids.crn(self.ctx.region, self.ctx.account, plural[:-1].replace("_", "-"), ident),
                "href": f"/{self.ctx.region}/v1/{plural}/{ident}", "name": ident}


def _is(doc: dict, target: str) -> bool:
    kind = doc.get("resource_type")
    return kind is not None and kind == models.snake(target)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
