"""IBM types whose VPC API the generic engine serves, created, read, updated, deleted and
imported through that API as the IBM provider does (resources/kept.py keeps what it lacks).

One `ApiType` per type says only where it differs from the convention:

- *where*: the collection path, with the Terraform attributes naming its parents in braces
  (`/security_groups/{group}/rules`); the Terraform id is the parents' ids and the API id joined
  as the IBM provider composes it (identity.COMPOSITE_IDS: `<group>.<rule>`, `<lb>/<pool>`).
- *what is sent*: `sends` (create) and `patches` (merge-patch of the changed mutable ones).
  By convention an attribute naming another resource is sent as `{"id": ...}` (`{"name": ...}`
  for `zone` and `profile`), a list of them as a list of such references, anything else as it
  is; `renames` gives the API property where its name differs; `body` and `patch` add what the
  convention cannot say (IBM's tcp/udp/icmp blocks as protocol and ports).
- *what is read*: every declared attribute from the API property of its name (or rename): a
  reference as its id (name for `zone`/`profile`, CRN for `*_crn`), a list of references as
  their ids, nested objects as blocks, timestamps in IBM's format; and the attributes the IBM
  provider sets on every VPC resource (`resource_crn`, `resource_name`, `resource_status`,
  `resource_group_name`, `resource_controller_url`). `state` adds what differs.

A binding made by PUT of `<collection>/<id of what is bound>` (a reserved IP or floating IP bound
to an endpoint gateway or interface) is a `BoundResource`. Data sources whose IBM schema follows
the API object are api_data.py's.

An attribute the API does not answer is left out of the state, so KeptResource keeps it beside
the API resource (`tags`, `access_tags`, `timeouts`, ...) and plans stay empty. An optional
attribute that is not computed is read only when configured (or imported), so a value the API
defaults does not show as a change the configuration never asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.fields import MISSING, Field
from vpcmock_provider.resources.mapping import go_time
from vpcmock_provider.resources.platform.identity import COMPOSITE_IDS, api_id

BY_NAME = frozenset({"zone", "profile"})
_TIMES = ("created_at", "updated_at")
_CONSOLE = "https://cloud.ibm.com/vpc-ext/"


def reference(name: str, value):
    """A Terraform attribute naming another resource, as the API takes it."""
    if isinstance(value, list):
        return [reference(name, item) for item in value]
    # An id as the IBM provider takes it from another resource's Terraform id (`<lb>/<pool>`).
    return {"name": value} if name in BY_NAME else {"id": value.rsplit("/", 1)[-1]}


def referenced(fld: Field, value: dict):
    """An API reference as the Terraform attribute holds it."""
    key = "name" if fld.name in BY_NAME else "crn" if fld.name.endswith("crn") else "id"
    return value.get(key) if key in value else value.get("id", value.get("name"))


def _value(fld: Field, value, prior=None):
    if value is None:
        return None
    if fld.is_block:
        items = value if isinstance(value, list) else [value]
        if all(isinstance(item, dict) for item in items):
            return [block_view(fld.fields, item) for item in items]
        return None
    if fld.is_map:
        return {k: str(v) for k, v in value.items() if not isinstance(v, (dict, list)) and v is not None} \
            if isinstance(value, dict) else None
    if fld.is_collection:
        if not isinstance(value, list):
            return None
        return [referenced(fld, item) if isinstance(item, dict) else item for item in value]
    if isinstance(value, dict):
        return referenced(fld, value) if fld.kind == "TypeString" else None
    if fld.kind == "TypeString" and isinstance(value, str):
        return go_time(value) if fld.name in _TIMES else value
    if fld.kind == "TypeInt" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if fld.kind == "TypeBool" and isinstance(value, bool):
        return value
    if fld.kind == "TypeFloat" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


def block_view(fields, doc: dict) -> dict:
    """A nested API object as a block of the attributes of the same names (recursively)."""
    out = {}
    for fld in fields:
        value = _value(fld, doc.get(fld.name))
        if value is not None:
            out[fld.name] = value
    return out


@dataclass(frozen=True)
class ApiType:
    type_name: str
    path: str                                   # `/floating_ips`, `/security_groups/{group}/rules`
    key: str                                    # the listing's array
    sends: tuple[str, ...] = ()                 # sent on create by convention
    patches: tuple[str, ...] = ()               # mutable: sent by merge-patch when changed
    renames: dict[str, str] = field(default_factory=dict)  # Terraform attribute -> API property
    console: str | None = None                  # resource_controller_url's page
    body: Callable[[dict], dict] | None = None  # what create sends beyond the convention
    patch: Callable[[dict, dict], dict] | None = None  # (prior, planned) -> beyond the convention
    state: Callable[[dict, dict, dict], dict] | None = None  # (API object, convention state, prior)
    related_crn: str | None = None              # what `related_crn` is the CRN of (`/load_balancers/{lb}`)


class ApiResource:
    """A resource handler (create, read, update, delete, import_) of one ApiType."""

    def __init__(self, api: ApiType):
        self.api = api
        self.DECLARATION = ibm_schema.declaration(api.type_name, "resource")
        self.fields = {fld.name: fld for fld in self.DECLARATION.fields}
        self.parents, self.sep = COMPOSITE_IDS.get(api.type_name, ((), "/"))
        self.parents = tuple(re.findall(r"{(\w+)}", api.path)) or self.parents

    # --- ids and paths

    def split(self, ident: str) -> tuple[dict, str]:
        parts = ident.split(self.sep)
        if len(parts) != len(self.parents) + 1 or not all(parts):
            form = self.sep.join([f"<{p}>" for p in self.parents] + ["<id>"])
            raise ApiError(400, "invalid_import_id", f"The id of {self.api.type_name} is {form}, got {ident!r}")
        return dict(zip(self.parents, parts)), parts[-1]

    def _collection(self, parents: dict) -> str:
        return self.api.path.format(**parents)

    def _ident(self, parents: dict, own: str) -> str:
        return self.sep.join([parents[p] for p in self.parents] + [own])

    # --- mapping

    def to_body(self, planned: dict) -> dict:
        body = {}
        for name in self.api.sends:
            value = planned.get(name)
            if value in (None, [], {}):
                continue
            fld = self.fields[name]
            api_name = self.api.renames.get(name, name)
            body[api_name] = reference(name, value) if _names_resource(fld) else value
        if self.api.body:
            body.update(self.api.body(planned))
        return body

    def to_state(self, doc: dict, parents: dict, prior: dict, importing: bool) -> dict:
        state = {"id": self._ident(parents, doc["id"]), **parents}
        for name in self.parents:  # a parent named as configured (`<lb>/<pool>` or the pool's id)
            if isinstance(prior.get(name), str) and re.split(r"[/.]", prior[name])[-1] == parents[name]:
                state[name] = prior[name]
        for fld in self.DECLARATION.fields:
            if fld.name in state or fld.name == "id":
                continue
            if fld.optional and not fld.computed and not importing and prior.get(fld.name) is None \
                    and fld.default is MISSING:
                continue  # not asked for: what the API defaults is not a change
            value = _value(fld, doc.get(self.api.renames.get(fld.name, fld.name)))
            if value is not None and _names_resource(fld) and isinstance(prior.get(fld.name), str) \
                    and prior[fld.name].rsplit("/", 1)[-1] == value:
                value = prior[fld.name]  # named as configured: `<lb>/<pool>` for the pool's id
            if value is not None:
                state[fld.name] = value
        group = doc.get("resource_group") or {}
        common = {"resource_crn": doc.get("crn"), "resource_name": doc.get("name"),
                  "resource_status": doc.get("status") or doc.get("lifecycle_state"),
                  "resource_group_name": group.get("name"),
                  "resource_controller_url": _CONSOLE + self.api.console if self.api.console else None}
        state.update({k: v for k, v in common.items() if k in self.fields and v is not None})
        if self.api.state:
            state.update(self.api.state(doc, state, prior))
        return {k: v for k, v in state.items() if v is not None}

    # --- operations

    def create(self, client: Client, planned: dict) -> dict:
        parents = {p: str(planned[p]).split(self.sep)[-1].split("/")[-1] for p in self.parents}
        path = self._collection(parents)
        doc, _ = client.call("POST", path, self.to_body(planned))
        return self._read(client, parents, doc["id"], planned, False) or {}

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        try:
            doc, _ = client.call("GET", f"{self._collection(parents)}/{own}")
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        state = self.to_state(doc, parents, prior, importing)
        if self.api.related_crn:
            related, _ = client.call("GET", self.api.related_crn.format(**parents))
            state["related_crn"] = related.get("crn")
        return state

    def read(self, client: Client, state: dict) -> dict | None:
        parents, own = self.split(state["id"])
        return self._read(client, parents, own, state, False)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        parents, own = self.split(prior["id"])
        patch = {}
        for name in self.api.patches:
            if planned.get(name) is not None and planned.get(name) != prior.get(name):
                value = planned[name]
                patch[self.api.renames.get(name, name)] = \
                    reference(name, value) if _names_resource(self.fields[name]) else value
        if self.api.patch:
            patch.update(self.api.patch(prior, planned))
        if patch:
            client.call("PATCH", f"{self._collection(parents)}/{own}", patch, merge_patch=True)
        return self._read(client, parents, own, planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        parents, own = self.split(state["id"])
        try:
            client.call("DELETE", f"{self._collection(parents)}/{own}")
        except ApiError as exc:
            if exc.status != 404:
                raise

    def import_(self, client: Client, ident: str) -> dict | None:
        parents, own = self.split(ident)
        return self._read(client, parents, own, {}, True)


class BoundResource(ApiResource):
    """A binding made by PUT of `<collection>/<id of what is bound>` (an endpoint gateway's or a
    virtual network interface's reserved IP, an interface's floating IP): its id is
    `<parent>/<bound id>`, it reads by GET of the same path and unbinds by DELETE."""

    def __init__(self, api: ApiType, bound: str):
        super().__init__(api)
        self.bound = bound

    def create(self, client: Client, planned: dict) -> dict:
        parents = {p: api_id(str(planned[p])) for p in self.parents}
        own = api_id(str(planned[self.bound]))
        client.call("PUT", f"{self._collection(parents)}/{own}")
        return self._read(client, parents, own, planned, False) or {}

    def to_state(self, doc: dict, parents: dict, prior: dict, importing: bool) -> dict:
        state = super().to_state(doc, parents, prior, importing)
        named = prior.get(self.bound)
        state[self.bound] = named if isinstance(named, str) and api_id(named) == doc["id"] else doc["id"]
        return state


_REFERENCE_NAMES = frozenset({"vpc", "subnet", "zone", "profile", "resource_group", "target", "instance_template",
                              "lb", "pool", "listener", "security_group", "network_acl", "public_gateway",
                              "routing_table", "subnets", "security_groups", "load_balancer",
                              "load_balancer_pool", "default_pool", "image", "keys", "target_id", "host_group",
                              "ike_policy", "ipsec_policy", "source_volume"})


def _names_resource(fld: Field) -> bool:
    return fld.name in _REFERENCE_NAMES and \
        fld.kind.startswith(("TypeString", "TypeList[TypeString", "TypeSet[TypeString"))
