"""Data sources of the types served through the VPC API (api_backed.py) whose IBM schema follows
the API object more than the resource: a singular one finds its object by id or name, a plural
one lists them, and each object reads as the resource reads it where the attribute fits
(`subnet` an id, `preshared_key`), else as the API object's property of the same name
(`connections`, `resource_group` as a block, `psk`), as the IBM data source sets them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.fields import Field
from vpcmock_provider.resources.mapping import all_pages
from vpcmock_provider.resources.network.api_backed import ApiResource, _value
from vpcmock_provider.resources.platform.identity import api_id
from vpcmock_provider.resources.platform.stored_data import _project


def merged(fields, state: dict, doc: dict) -> dict:
    """The resource's reading where it fits the data source's attribute, else the API object's."""
    out = _project(fields, state)
    for fld in fields:
        value = _value(fld, doc.get(fld.name))
        if value is None:
            continue
        if fld.name not in out:
            out[fld.name] = value
        elif fld.is_block and len(value) == len(out[fld.name]):  # item by item: what the reading lacks
            out[fld.name] = [{**theirs, **ours} for theirs, ours in zip(value, out[fld.name])]
    return out


@dataclass
class Lookup:
    """How a data source names its object or a parent: the argument holding its id and the one
    holding its name (either may be absent)."""
    ident: str | None = None
    name: str | None = None


@dataclass
class ApiData:
    type_name: str
    resource: ApiResource | None                             # read as it reads; None: the API object only
    own: Lookup = field(default_factory=Lookup)             # singular: the object's id and name arguments
    list_attr: str | None = None                              # plural: the list attribute
    parents: dict[str, Lookup] = field(default_factory=dict)  # a parent by id or name argument
    renames: dict[str, str] = field(default_factory=dict)     # data attribute -> API property
    filters: tuple[str, ...] = ()                             # plural: arguments an item must match
    extra: Callable[[dict], dict] | None = None               # API object -> what differs from both readings
    path: str | None = None                                   # without a resource: its collection and array
    key: str | None = None
    query: dict[str, str] = field(default_factory=dict)      # plural: argument -> the listing's query parameter


class ApiDataSource:
    def __init__(self, spec: ApiData):
        self.spec = spec
        self.DECLARATION = ibm_schema.declaration(spec.type_name, "data")
        self.list_field: Field | None = next((f for f in self.DECLARATION.fields if f.name == spec.list_attr), None)
        self.path = spec.path or spec.resource.api.path
        self.key = spec.key or spec.resource.api.key
        self.parents = tuple(re.findall(r"{(\w+)}", self.path))

    def _parent(self, client: Client, name: str, lookup: Lookup, arguments: dict) -> str:
        if lookup.ident and arguments.get(lookup.ident):
            return api_id(str(arguments[lookup.ident]))
        if lookup.name and arguments.get(lookup.name):
            # Only top-level parents are named (a VPN gateway by its name).
            path = self.path.split("/{")[0]
            key = path.strip("/").split("/")[-1]
            for item in all_pages(client, path, key, {"name": arguments[lookup.name]}):
                if item.get("name") == arguments[lookup.name]:
                    return item["id"]
            raise ApiError(404, "not_found", f"No {name} found with name {arguments[lookup.name]!r}", lookup.name)
        raise ApiError(400, "missing_argument", f"One of {lookup.ident}, {lookup.name} is required",
                       lookup.ident or lookup.name)

    def _item(self, fields, doc: dict, parents: dict) -> dict:
        state = self.spec.resource.to_state(doc, parents, {}, True) if self.spec.resource else {}
        renamed = {**doc, **{ours: doc.get(theirs) for ours, theirs in self.spec.renames.items()}}
        item = merged(fields, state, renamed)
        if self.spec.extra:
            item.update(_project(fields, self.spec.extra(doc)))
        return {**item, "id": doc.get("id") or doc.get("name")} if any(f.name == "id" for f in fields) else item

    def read(self, client: Client, config: dict) -> dict:
        arguments = {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})}
        resolved: dict[str, str] = {}
        for name in self.parents:
            resolved[name] = self._parent(client, name, self.spec.parents.get(name, Lookup(name)), arguments)
        collection, key = self.path.format(**resolved), self.key
        own = self.spec.own
        if self.list_field is not None:
            docs = all_pages(client, collection, key, {param: arguments[name] for name, param in
                                                       self.spec.query.items() if name in arguments})
            items = [self._item(self.list_field.fields, doc, resolved) for doc in docs]
            items = [i for i in items if all(_matches(i.get(n), arguments[n]) for n in self.spec.filters
                                             if n in arguments)]
            counted = {"total_count": len(items)} if any(f.name == "total_count" for f in self.DECLARATION.fields) else {}
            return {**arguments, "id": hashlib.sha256(repr(sorted(arguments.items())).encode()).hexdigest()[:32],
                    self.list_field.name: items, **counted}
        if own.ident and arguments.get(own.ident):
            try:
                doc, _ = client.call("GET", f"{collection}/{api_id(str(arguments[own.ident]))}")
            except ApiError as exc:
                raise ApiError(exc.status, exc.code, f"Error fetching {self._kind()} with id "
                               f"{arguments[own.ident]}: {exc.message}", own.ident) from exc
        elif own.ident is None and own.name is None:  # a singleton (a VPC's default routing table)
            doc, _ = client.call("GET", collection)
        elif own.name and arguments.get(own.name):
            doc = next((d for d in all_pages(client, collection, key) if d.get("name") == arguments[own.name]), None)
            if doc is None:
                raise ApiError(404, "not_found", f"No {self._kind()} found with name {arguments[own.name]!r}",
                               own.name)
        else:
            raise ApiError(400, "missing_argument", f"One of {own.ident}, {own.name} is required",
                           own.ident or own.name)
        item = self._item(self.DECLARATION.fields, doc, resolved)
        own_id = doc.get("id") or doc.get("name")
        resource = self.spec.resource
        ident = resource._ident(resolved, own_id) if resource and resource.parents else own_id
        return {**item, **arguments, "id": ident}

    def _kind(self) -> str:
        return self.spec.type_name.removeprefix("ibm_is_").replace("_", " ")


def _matches(value, wanted) -> bool:
    if isinstance(value, list) and value and isinstance(value[0], dict):  # a reference block
        return any(wanted in (v.get("id"), v.get("name"), v.get("crn")) for v in value)
    return value == wanted
