"""Every resource collection of the API table, derived once from its operations.

A collection is a path `P` the API lists (GET `P`) or creates in (POST `P`), or whose items
`P/{x}` it reads, changes or deletes; a sub-collection's `P` starts with its parent's item path
(`/security_groups/{security_group_id}/rules`). What is left are singletons, read or replaced
under an item (`/subnets/{id}/public_gateway`, `/vpcs/{id}/default_security_group`), and
actions, POSTed to one (`/bare_metal_servers/{id}/start`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vpcmock import api_table
from vpcmock.engine.generic import models
from vpcmock.engine.generic.service import DEFAULT, SERVICES, current, per_service
from vpcmock.store.repository import GENERIC_PREFIX as TABLE_PREFIX  # the store indexes these tables by parent
_PARAM = re.compile(r"{[\w-]+}")  # {id}, {profile-id}


def normal(path: str) -> str:
    """A path template with its parameters unnamed: `/vpcs/{vpc_id}/routes` -> `/vpcs/{}/routes`."""
    return _PARAM.sub("{}", path)


def params_of(template: str) -> list[str]:
    return re.findall(r"{([\w-]+)}", template)


@dataclass
class Collection:
    key: str                      # `security_groups.rules`: the literal segments of its path
    path: str                     # its path, parameters unnamed
    parent: str | None            # the key of the collection its items belong to
    ops: dict[str, str]           # list, create, get, update, delete, put, delete_all, replace_all -> op id
    model: str | None = None      # what one item is answered as
    items: str | None = None      # the key of a listing's array
    singular: str = ""            # `security_group_rule`: error codes, CRN kinds, activity actions
    resource_type: str | None = None
    children: list[str] = field(default_factory=list)
    service: str = DEFAULT        # the API table it belongs to

    @property
    def table(self) -> str:
        """`generic/<key>` for the VPC API's, `generic/<service>/<key>` for another table's."""
        return TABLE_PREFIX + ("" if self.service == DEFAULT else self.service + "/") + self.key

    @property
    def segment(self) -> str:
        """The last literal segment: the property a parent shows its children under."""
        return self.key.rpartition(".")[2]

    @property
    def crn_kind(self) -> str:
        return self.singular.replace("_", "-")

    @property
    def creatable(self) -> bool:
        return "create" in self.ops


@dataclass
class Singleton:
    """A resource read, replaced or removed under an item: `/subnets/{id}/public_gateway`."""
    name: str                     # `public_gateway`
    parent: str                   # the key of the collection whose item it is under
    ops: dict[str, str]           # get, put, delete, patch -> op id


@dataclass
class Action:
    name: str                     # `start`, `firmware/update`
    parent: str
    op: str


@dataclass
class Api:
    collections: dict[str, Collection]
    singletons: dict[str, Singleton]   # by op id
    actions: dict[str, Action]         # by op id
    by_op: dict[str, tuple[str, str]]  # op id -> (collection key, verb)
    by_model: dict[str, list[str]]     # response model -> collection keys


_ITEM_VERBS = {"GET": "get", "PATCH": "update", "DELETE": "delete", "PUT": "put"}
_COLLECTION_VERBS = {"GET": "list", "POST": "create", "DELETE": "delete_all", "PUT": "replace_all"}


def _key(path: str) -> str:
    return ".".join(part for part in path.split("/") if part and part != "{}")


@per_service
def api() -> Api:
    ops = api_table.operations(current())
    by_path: dict[str, dict[str, str]] = {}
    for op_id, op in ops.items():
        by_path.setdefault(normal(op["path"]).rstrip("/") or "/", {})[op["method"]] = op_id

    def is_collection(path: str) -> bool:
        methods = by_path.get(path, {})
        return ("GET" in methods and _lists(ops[methods["GET"]])) or (
            "POST" in methods and (path + "/{}") in by_path)

    paths = [p for p in by_path if is_collection(p)]
    for path in by_path:  # a path with items but no listing (`/instance_groups/{}/memberships/{}` has one)
        if path.endswith("/{}") and path[:-3] not in paths and path[:-3] and not path[:-3].endswith("}"):
            paths.append(path[:-3])
    collections: dict[str, Collection] = {}
    for path in sorted(paths):
        verbs = {_COLLECTION_VERBS[m]: op_id for m, op_id in by_path.get(path, {}).items() if m in _COLLECTION_VERBS}
        verbs.update({_ITEM_VERBS[m]: op_id for m, op_id in by_path.get(path + "/{}", {}).items()
                      if m in _ITEM_VERBS})
        collections[_key(path)] = Collection(key=_key(path), path=path, parent=None, ops=verbs, service=current())
    by_item = {c.path + "/{}": c.key for c in collections.values()}
    for c in collections.values():
        c.parent = _owner(c.path, by_item)
        if c.parent:
            collections[c.parent].children.append(c.key)
        _describe(c, ops)

    singletons, actions = {}, {}
    for path, methods in by_path.items():
        if path in (c.path for c in collections.values()) or path in by_item:
            continue
        owner = _owner(path, by_item)
        if owner is None:
            continue
        name = path[len(collections[owner].path) + 4:]
        for method, op_id in methods.items():
            if method == "POST":
                actions[op_id] = Action(name, owner, op_id)
            else:
                singletons.setdefault(path, Singleton(name, owner, {}))
                verb = {"GET": "get", "PUT": "put", "DELETE": "delete", "PATCH": "patch"}.get(method)
                if verb:
                    singletons[path].ops[verb] = op_id
    by_op = {op_id: (c.key, verb) for c in collections.values() for verb, op_id in c.ops.items()}
    by_model: dict[str, list[str]] = {}
    for c in collections.values():
        if c.model:
            by_model.setdefault(c.model, []).append(c.key)
    return Api(collections, {op: s for s in singletons.values() for op in s.ops.values()}, actions, by_op, by_model)


def _lists(op: dict) -> bool:
    return bool(op.get("pagination")) or (op.get("response") or {}).get("model", "").endswith("Collection")


def _owner(path: str, by_item: dict[str, str]) -> str | None:
    """The collection whose item path is the longest proper prefix of `path`."""
    best = None
    for item, key in by_item.items():
        if path.startswith(item + "/") and (best is None or len(item) > len(best[0])):
            best = (item, key)
    return best[1] if best else None


def _describe(c: Collection, ops: dict) -> None:
    """The model, listing key, singular name and resource type of a collection."""
    for verb in ("get", "create", "update", "put"):
        response = (ops[c.ops[verb]].get("response") or {}) if verb in c.ops else {}
        if response.get("model"):
            c.model = response["model"]
            break
    if "list" in c.ops:
        listing = ops[c.ops["list"]]
        c.items = (listing.get("pagination") or {}).get("items")
        collection_model = (listing.get("response") or {}).get("model")
        if models.exists(collection_model):
            arrays = [(name, s) for name, s in models.properties(collection_model).items() if s["type"] == "array"]
            if c.items is None and len(arrays) == 1:
                c.items = arrays[0][0]
            item_schema = dict(arrays).get(c.items) or {}
            item_model = (item_schema.get("items") or {}).get("model")
            if c.model is None and item_model:
                c.model = item_model
    types = set()
    if c.model:
        for leaf in models.leaves(c.model):
            schema = models.properties(leaf).get("resource_type") or {}
            types |= set(schema.get("enum") or ())
    c.resource_type = types.pop() if len(types) == 1 else None
    c.singular = c.resource_type or (models.snake(c.model) if c.model else c.key.replace(".", "_"))


def collection(key: str) -> Collection:
    return api().collections[key]


def of_op(op_id: str) -> tuple[Collection, str] | None:
    found = api().by_op.get(op_id)
    return (api().collections[found[0]], found[1]) if found else None


def for_model(model: str) -> list[Collection]:
    """The collections whose items are answered as `model` (a reference's target)."""
    return [api().collections[key] for key in api().by_model.get(model, ())]


def ancestry(c: Collection) -> list[Collection]:
    """`c`'s ancestors, outermost first."""
    chain = []
    while c.parent:
        c = api().collections[c.parent]
        chain.append(c)
    return chain[::-1]


def match(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The operation of the table serving `method` on `path` (relative to /v1), with its path
    parameters: `api_table.match`'s answer, looked for only among the operations under the
    path's first segment (a request pays for a few patterns, not every one of the table)."""
    first = path.split("/", 2)[1] if path.startswith("/") else ""
    for pattern, names, op_id in _by_segment().get((method.upper(), first), ()):
        found = pattern.fullmatch(path)
        if found:
            return op_id, dict(zip(names, found.groups()))
    return None


@per_service
def _by_segment() -> dict[tuple[str, str], list[tuple[re.Pattern, list[str], str]]]:
    found: dict[tuple[str, str], list[tuple]] = {}
    spec = SERVICES.get(current())
    value = ".+" if spec is not None and spec.slash_ids else "[^/]+"  # a CRN as an id holds "/"
    for op_id, op in api_table.operations(current()).items():
        template = op["path"]  # IAM Identity's `/v1/serviceids/` ends with a slash: matched without
        regex = "".join(f"({value})" if i % 2 else re.escape(part)
                        for i, part in enumerate(re.split(r"{([\w-]+)}", template.rstrip("/") or "/")))
        literal = len(_PARAM.sub("", template))
        key = (op["method"], template.split("/", 2)[1])
        found.setdefault(key, []).append((-literal, template, re.compile(regex), params_of(template), op_id))
    return {key: [(pattern, names, op_id) for _, _, pattern, names, op_id in sorted(entries)]
            for key, entries in found.items()}
