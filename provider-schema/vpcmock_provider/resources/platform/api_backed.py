"""IBM types whose platform API the generic engine serves (context-based restrictions, Resource
Controller, IAM Identity and Access Groups, DNS Services, Transit Gateway): created, read,
updated, deleted and imported through that API as the IBM provider does, what the API lacks kept
beside (resources/kept.py). The platform flavour of resources/network/api_backed.py, whose
reading of API objects (`block_view`) it shares.

One `PlatformType` per type says only where it differs from the convention:

- *where*: the service (the IBM provider's endpoint variable naming its URL, as `vpcmock env`
  sets it) and the collection path under it, with the Terraform attributes naming its parents
  in braces (`/instances/{instance_id}/dnszones`); the Terraform id is the parents' ids and the
  API id joined as the IBM provider composes it (identity.COMPOSITE_IDS: `<instance>/<zone>`),
  or the CRN where the IBM provider's id is (`crn_id`: Resource Controller's instances and keys).
- *what is sent*: `sends` on create and `updates` on update, each attribute under its API name
  (`renames`); a block as an object where the API has one (`objects`: CBR's `operations`, an
  address's `ref`), else as a list of objects; empty values are not sent, as the IBM provider's
  `d.GetOk` sends none. `body` adds what the convention cannot say.
- *how it is updated*: `update` is the method: "PATCH" (a merge of the changed attributes),
  "PUT" (a replacement of everything `updates` names: CBR's zones and rules, Transit Gateway
  connections are patched), or None (every change replaces, the schema's ForceNew says so).
  `if_match`: the update carries the ETag of a read just before, as IAM Identity, Access Groups
  and CBR require.
- *what is read*: every declared attribute from the API property of its name (or rename); nested
  objects as blocks; timestamps in the IBM provider's format; `etag` from the answer's ETag
  header where the type declares it. An optional attribute that is not computed is read only
  when configured (or imported), so what the API defaults is no change the configuration never
  asked for; an empty string reads as unset (terraform-plugin-sdk's zero value). `state` adds
  what differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.fields import MISSING, Field
from vpcmock_provider.resources.mapping import go_time
from vpcmock_provider.resources.network.api_backed import _value
from vpcmock_provider.resources.platform.identity import COMPOSITE_IDS

CBR = "IBMCLOUD_CONTEXT_BASED_RESTRICTIONS_ENDPOINT"
RESOURCE_CONTROLLER = "IBMCLOUD_RESOURCE_CONTROLLER_API_ENDPOINT"
IAM = "IBMCLOUD_IAM_API_ENDPOINT"
DNS = "IBMCLOUD_PRIVATE_DNS_API_ENDPOINT"
TRANSIT = "IBMCLOUD_TG_API_ENDPOINT"

TIMES = frozenset({"created_at", "updated_at", "last_modified_at", "modified_at", "created_on", "modified_on"})


@dataclass(frozen=True)
class PlatformType:
    type_name: str
    endpoint: str                               # the service: the IBM provider's endpoint variable
    path: str                                   # `/v1/zones`, `/instances/{instance_id}/dnszones`
    key: str                                    # the listing's array
    sends: tuple[str, ...] = ()                 # sent on create
    updates: tuple[str, ...] = ()               # sent on update (PATCH: when changed; PUT: all)
    update: str | None = "PATCH"                # "PATCH", "PUT" or None (changes replace)
    if_match: bool = False                      # updates carry the ETag of a read just before
    renames: dict[str, str] = field(default_factory=dict)   # Terraform attribute -> API property
    objects: frozenset[str] = frozenset()       # blocks the API takes as one object, not a list
    crn_id: bool = False                        # the Terraform id is the CRN (else the API id)
    body: Callable[[dict], dict] | None = None  # what create sends beyond the convention
    patch: Callable[[dict, dict], dict] | None = None    # (prior, planned) -> what update adds
    state: Callable[[dict, dict, dict], dict] | None = None  # (API object, convention state, prior)


def etag_of(headers: dict) -> str | None:
    """The answer's ETag header (HTTP headers are case-insensitive)."""
    return next((v for k, v in headers.items() if k.lower() == "etag"), None)


def to_api(fld: Field, value, objects: frozenset[str]):
    """A Terraform value as the API takes it: blocks as objects (or one object), empty values
    left out."""
    if fld.is_block:
        items = [_block_to_api(fld.fields, item, objects) for item in value or [] if isinstance(item, dict)]
        return (items[0] if items else None) if fld.name in objects else items
    return value


def _block_to_api(fields, item: dict, objects: frozenset[str]) -> dict:
    out = {}
    for sub in fields:
        value = to_api(sub, item.get(sub.name), objects)
        if value not in (None, "", [], {}):
            out[sub.name] = value
    return out


def read_value(fld: Field, value):
    """An API value as the Terraform attribute holds it (network.api_backed's reading), with
    empty strings unset and timestamps in Go's format, at every depth."""
    value = _value(fld, value)
    return _clean(fld, value)


def _clean(fld: Field, value):
    if value == "" and not fld.computed:
        return None
    if fld.is_block and isinstance(value, list):
        return [{sub.name: _clean(sub, item.get(sub.name)) for sub in fld.fields if item.get(sub.name) is not None}
                for item in value]
    if fld.name in TIMES and isinstance(value, str):
        return go_time(value)
    return value


class PlatformResource:
    """A resource handler (create, read, update, delete, import_) of one PlatformType."""

    def __init__(self, api: PlatformType):
        self.api = api
        self.DECLARATION = ibm_schema.declaration(api.type_name, "resource")
        self.fields = {fld.name: fld for fld in self.DECLARATION.fields}
        self.parents, self.sep = COMPOSITE_IDS.get(api.type_name, ((), "/"))
        self.parents = tuple(re.findall(r"{(\w+)}", api.path)) or self.parents

    # --- ids and paths

    def split(self, ident: str) -> tuple[dict, str]:
        if not self.parents:
            if not ident:
                raise ApiError(400, "invalid_import_id", f"The id of {self.api.type_name} is empty")
            return {}, ident
        parts = ident.split(self.sep, len(self.parents))
        if len(parts) != len(self.parents) + 1 or not all(parts):
            form = self.sep.join([f"<{p}>" for p in self.parents] + ["<id>"])
            raise ApiError(400, "invalid_import_id", f"The id of {self.api.type_name} is {form}, got {ident!r}")
        return dict(zip(self.parents, parts)), parts[-1]

    def collection(self, parents: dict) -> str:
        return self.api.path.format(**parents)

    def item(self, parents: dict, own: str) -> str:
        from urllib.parse import quote
        return f"{self.collection(parents)}/{quote(own, safe='')}"

    def ident(self, parents: dict, doc: dict) -> str:
        own = doc.get("crn") if self.api.crn_id else doc["id"]
        return self.sep.join([parents[p] for p in self.parents] + [own])

    def call(self, client: Client, method: str, path: str, body=None, **kwargs) -> tuple[dict, dict]:
        return client.service(self.api.endpoint, method, path, body, **kwargs)

    # --- mapping

    def to_body(self, planned: dict, names: tuple[str, ...]) -> dict:
        body = {}
        for name in names:
            value = to_api(self.fields[name], planned.get(name), self.api.objects)
            if value not in (None, "", [], {}):
                body[self.api.renames.get(name, name)] = value
        return body

    def to_state(self, doc: dict, headers: dict, parents: dict, prior: dict, importing: bool) -> dict:
        state = {"id": self.ident(parents, doc), **parents}
        for name in self.parents:  # a parent named as configured
            if isinstance(prior.get(name), str) and prior[name].split("/")[-1] == parents[name]:
                state[name] = prior[name]
        for fld in self.DECLARATION.fields:
            if fld.name in state or fld.name == "id":
                continue
            if fld.optional and not fld.computed and not importing and prior.get(fld.name) in (None, [], {}) \
                    and fld.default is MISSING:
                continue  # not asked for: what the API defaults is not a change
            value = read_value(fld, doc.get(self.api.renames.get(fld.name, fld.name)))
            if fld.optional and not fld.computed and fld.default is MISSING and prior.get(fld.name) is None \
                    and value in (False, 0) and not isinstance(value, float):
                continue  # terraform-plugin-sdk's zero value: what an unset attribute reads as
            if value is not None:
                state[fld.name] = value
        etag = etag_of(headers)
        if "etag" in self.fields and etag:
            state["etag"] = etag
        if self.api.state:
            state.update(self.api.state(doc, state, prior))
        return {k: v for k, v in state.items() if v is not None}

    # --- operations

    def parents_of(self, planned: dict) -> dict:
        return {p: str(planned[p]).split("/")[-1] for p in self.parents}

    def create_body(self, planned: dict) -> dict:
        body = self.to_body(planned, self.api.sends)
        if self.api.body:
            body.update(self.api.body(planned))
        return body

    def create(self, client: Client, planned: dict) -> dict:
        parents = self.parents_of(planned)
        doc, _ = self.call(client, "POST", self.collection(parents), self.create_body(planned))
        return self._read(client, parents, doc["id"], planned, False) or {}

    def get(self, client: Client, parents: dict, own: str) -> tuple[dict, dict] | None:
        try:
            return self.call(client, "GET", self.item(parents, own))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        found = self.get(client, parents, own)
        if found is None:
            return None
        return self.to_state(found[0], found[1], parents, prior, importing)

    def read(self, client: Client, state: dict) -> dict | None:
        parents, own = self.split(state["id"])
        return self._read(client, parents, own, state, False)

    def update_body(self, prior: dict, planned: dict, current: dict) -> dict:
        if self.api.update == "PUT":
            body = self.to_body(planned, self.api.updates)
        else:
            body = {}
            for name in self.api.updates:
                if planned.get(name) != prior.get(name):
                    body[self.api.renames.get(name, name)] = to_api(self.fields[name], planned.get(name),
                                                                    self.api.objects)
        if self.api.patch:
            body.update(self.api.patch(prior, planned))
        return body

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        parents, own = self.split(prior["id"])
        found = self.get(client, parents, own)
        if found is None:
            raise ApiError(404, "not_found", f"{self.api.type_name} {prior['id']} no longer exists")
        current, headers = found
        body = self.update_body(prior, planned, current)
        if body and self.api.update:
            self.call(client, self.api.update, self.item(parents, own), body,
                      if_match=etag_of(headers) if self.api.if_match else None)
        return self._read(client, parents, own, planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        parents, own = self.split(state["id"])
        try:
            self.call(client, "DELETE", self.item(parents, own))
        except ApiError as exc:
            if exc.status != 404:
                raise

    def import_(self, client: Client, ident: str) -> dict | None:
        parents, own = self.split(ident)
        return self._read(client, parents, own, {}, True)


class ItemDataSource:
    """A data source reading one item through the API by its id argument (`zone_id`,
    `rule_id`), answering every declared attribute the resource reads."""

    def __init__(self, type_name: str, resource: PlatformResource, argument: str, parents: dict | None = None):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.resource = resource
        self.argument = argument
        self.parent_arguments = parents or {}   # the resource's parent -> the data source's argument

    def read(self, client: Client, config: dict) -> dict:
        parents = {p: str(config[a]).split("/")[-1] for p, a in self.parent_arguments.items()}
        own = str(config[self.argument])
        found = self.resource.get(client, parents, own)
        if found is None:
            raise ApiError(404, "not_found", f"No {self.DECLARATION.type_name.removeprefix('ibm_')} {own!r} found",
                           self.argument)
        doc, headers = found
        return project(self.DECLARATION.fields, doc, config, self.resource.api.renames) | {
            "id": self.resource.ident(parents, doc)}


def project(fields, doc: dict, config: dict, renames: dict | None = None) -> dict:
    """The data source's attributes from an API object: the configured arguments as given, the
    rest read from the properties of their names."""
    out = {}
    for fld in fields:
        if config.get(fld.name) not in (None, [], {}):
            out[fld.name] = config[fld.name]
            continue
        value = read_value(fld, doc.get((renames or {}).get(fld.name, fld.name)))
        if value is not None:
            out[fld.name] = value
    return out


def all_items(client: Client, resource: PlatformResource, parents: dict, params: dict | None = None) -> list[dict]:
    """Every item of a listing, page after page, whichever way the service pages (Resource
    Controller's `next_url`, Transit Gateway's `next.start`, Access Groups' `next.href`)."""
    from urllib.parse import parse_qsl, urlsplit

    items, query = [], dict(params or {})
    for _ in range(1000):
        page, _ = resource.call(client, "GET", resource.collection(parents), params=query)
        items += page.get(resource.api.key) or []
        after = page.get("next")
        following = page.get("next_url") or (after.get("href") if isinstance(after, dict) else None)
        if not following:
            return items
        query = {**query, **dict(parse_qsl(urlsplit(following).query))}
    return items


class ListingDataSource:
    """A singular data source that finds its item in the listing by the arguments given: each
    argument the API answers (`name`, `resource_group_id`) must equal the item's; `identifier`
    matches the id, guid or CRN; the attributes the API does not answer (a resource instance's
    service and location) are matched against what was kept beside the item (resources/kept.py).
    None found, or more than one (unless `most_recent` picks the newest), fails as the IBM
    provider's read does."""

    def __init__(self, type_name: str, resource: PlatformResource, match: Callable[[dict, dict], bool] | None = None,
                 extra: Callable[[dict], dict] | None = None):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.resource = resource
        self.match = match      # (item, {argument: value}) -> whether a reference argument names it
        self.extra = extra      # item -> attributes read otherwise than by name

    def _kept(self, client: Client, doc: dict) -> dict:
        from vpcmock_provider.resources.kept import PATH
        from vpcmock_provider.resources.platform.identity import api_id
        path = f"{PATH}/{self.resource.api.type_name}.{api_id(doc.get('crn') or doc['id'])}"
        try:
            record, _ = client.call("GET", path)
        except ApiError as exc:
            if exc.status == 404:
                return {}
            raise
        return record.get("attributes") or {}

    def read(self, client: Client, config: dict) -> dict:
        arguments = {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})
                     and fld.name != "most_recent"}
        params = {"name": arguments["name"]} if "name" in arguments else {}
        found = []
        for doc in all_items(client, self.resource, {}, params):
            kept = None
            view = project(self.DECLARATION.fields, doc, {}, self.resource.api.renames)
            if self.extra:
                names = {f.name for f in self.DECLARATION.fields}
                view.update({k: v for k, v in self.extra(doc).items() if k in names and v is not None})
            ok = True
            for name, value in arguments.items():
                if name == "identifier":
                    ok = value in (doc.get("id"), doc.get("guid"), doc.get("crn"))
                elif self.match is not None and name in ("resource_instance_id", "resource_alias_id"):
                    ok = self.match(doc, {name: value})
                elif name in view:
                    ok = view[name] == value
                elif name in doc:
                    ok = doc[name] == value
                else:
                    kept = self._kept(client, doc) if kept is None else kept
                    ok = kept.get(name) == value
                if not ok:
                    break
            if ok:
                kept = self._kept(client, doc) if kept is None else kept
                found.append((doc, {**{k: v for k, v in kept.items() if any(f.name == k for f in
                                                                           self.DECLARATION.fields)}, **view}))
        kind = self.DECLARATION.type_name.removeprefix("ibm_").replace("_", " ")
        asked = ", ".join(f"{k} {v!r}" for k, v in sorted(arguments.items()))
        if not found:
            raise ApiError(404, "not_found", f"No {kind} found with {asked}", next(iter(sorted(arguments)), None))
        if len(found) > 1:
            if not config.get("most_recent"):
                raise ApiError(400, "more_than_one", f"More than one {kind} found with {asked}",
                               next(iter(sorted(arguments)), None))
            found.sort(key=lambda pair: pair[0].get("created_at") or "")
        doc, view = found[-1]
        if any(f.name == "most_recent" for f in self.DECLARATION.fields):
            view["most_recent"] = config.get("most_recent")
        return {**view, **arguments, "id": doc.get("crn") if self.resource.api.crn_id else doc["id"]}


class CollectionDataSource:
    """A data source listing a collection (under the parents its arguments name) into its list
    attribute: each item read as the resource reads it on import (every attribute, its parents,
    what its `state` adds; the list's `id` the API id) and projected on the list's attributes.
    `filters` are arguments an item must equal when given (an IAM service ID's `name`)."""

    def __init__(self, type_name: str, resource: PlatformResource, list_name: str, parents: dict | None = None,
                 filters: tuple[str, ...] = ()):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.resource = resource
        self.list_field = next(fld for fld in self.DECLARATION.fields if fld.name == list_name)
        self.parent_arguments = parents or {}   # the resource's parent -> the data source's argument
        self.filters = filters

    def items(self, client: Client, config: dict) -> list[dict]:
        parents = {p: str(config[a]).split("/")[-1] for p, a in self.parent_arguments.items()}
        found = []
        for doc in all_items(client, self.resource, parents, self.params(client)):
            if any(config.get(name) is not None and doc.get(name) != config[name] for name in self.filters):
                continue
            state = self.resource.to_state(doc, {}, parents, {}, True)
            view = project(self.list_field.fields, doc, {}, self.resource.api.renames)
            names = {fld.name for fld in self.list_field.fields}
            view.update({k: v for k, v in state.items() if k in names and k != "id"})
            if "id" in names:
                view["id"] = doc["id"]
            found.append(view)
        return found

    def params(self, client: Client) -> dict:
        """The listing's query (Access Groups lists the account named there)."""
        return {}

    def read(self, client: Client, config: dict) -> dict:
        import hashlib

        arguments = {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})}
        ident = "/".join(str(v) for _, v in sorted(arguments.items())) or \
            hashlib.sha256(self.DECLARATION.type_name.encode()).hexdigest()[:32]
        return {**arguments, "id": ident, self.list_field.name: self.items(client, config)}
