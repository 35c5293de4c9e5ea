"""Resources of a platform table named by what the client chose rather than by an id the API
made: items keyed by path parameters (a trusted profile's identity
`/v1/profiles/{profile-id}/identities/{identity-type}/{identifier-id}`, an identity preference
`.../identities/{iam_id}/{service}/{preference_id}`, an account's IdP setting
`/v2/loginsettings/{account_id}/idps/{idp_id}`), and singletons, one per parent or account
(IAM Identity's account settings `/v1/accounts/{account_id}/settings/identity`, Access Groups'
`/v2/groups/settings`).

They are derived from the operations of the table that no collection serves (`derive`):

- an *item path* ends in parameters and has a GET answering a model and a way to make one: a
  PUT or POST on the item path itself, or a POST on a shorter path whose missing parameters the
  body names (`identifier-id` <- the body's `identifier`); its *listing* is a GET on the item
  path without its trailing parameters answering an array of the item's model, and a PUT there
  of such an array replaces them all (the profile's `set_profile_identities`), guarded by the
  listing's `entity_tag` as If-Match;
- a *singleton path* ends in a literal segment, or names only the account (`{account_id}`),
  and has a GET and a PUT or PATCH answering one model: read, it answers what was set over the
  model's defaults (DEFAULTS, else the zero of each required property: `NOT_SET` where the enum
  has it), with an `entity_tag` that is its ETag and changes on each write.

A path parameter naming the account must be the caller's (403), one naming the item of a
collection of the same table (`profile-id`, `idp_id`) must name one the account holds (404).
Documents live in `generic/<service>/keyed.<key>`, id `<account>/<path values>`, `_parent` the
listing's values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vpcmock import api_table, ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, models, service, values
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, echo, parameter
from vpcmock.store.repository import GENERIC_PREFIX

_PARAM = re.compile(r"{([\w-]+)}")
ACCOUNT_PARAMS = ("account_id", "account-id", "accountId")


@dataclass
class Keyed:
    kind: str                          # "item" or "singleton"
    path: str                          # the item's (or singleton's) path template, parameters unnamed
    key: str                           # its table's key: the literal segments
    model: str
    params: list[str]                  # the item path's parameter names
    ops: dict[str, str] = field(default_factory=dict)   # get, put, patch, delete, create, list, replace_all
    from_body: dict[str, str] = field(default_factory=dict)  # parameter -> body property (create by POST)
    list_array: str | None = None      # the listing's array
    list_params: int | None = None     # how many of the item's parameters its listing's path has

    @property
    def table(self) -> str:
        return f"{GENERIC_PREFIX}{service.current()}/keyed.{self.key}"

    @property
    def singular(self) -> str:
        return models.snake(self.model).removesuffix("_response")


def _norm(path: str) -> str:
    return _PARAM.sub("{}", path.rstrip("/") or "/")


def _key(path: str) -> str:
    return ".".join(p for p in path.split("/") if p and p != "{}")


def _model(op: dict | None) -> str | None:
    return ((op or {}).get("response") or {}).get("model") if op else None


def _param_key(name: str) -> str:
    return name.replace("-", "_").removesuffix("_id")


def prop_for(name: str, props) -> str | None:
    """The body property naming path parameter `name`: its own name, without `_id`, or its
    last word (`identifier-id` <- `identifier`, `identity-type` <- `type`)."""
    words = [w for w in re.split(r"[-_]", name) if w != "id"]
    for candidate in (name, name.replace("-", "_"), _param_key(name), words[-1] if words else None):
        if candidate in props:
            return candidate
    return None


@service.per_service
def derive(excluded: frozenset[str]) -> dict[str, tuple[Keyed, str]]:
    """op id -> (the keyed resource, verb) for the operations of the table being served that
    `excluded` (the operations served otherwise) leaves."""
    ops = {k: v for k, v in api_table.operations(service.current()).items() if k not in excluded}
    by_path: dict[str, dict[str, str]] = {}
    for op_id, op in ops.items():
        by_path.setdefault(_norm(op["path"]), {})[op["method"]] = op_id
    found: dict[str, tuple[Keyed, str]] = {}
    # Items first: a path that lists items (a profile's identities) is not a singleton.
    for path, methods in sorted(by_path.items(), key=lambda pair: not pair[0].endswith("{}")):
        if any(op_id in found for op_id in methods.values()):
            continue
        get = ops.get(methods.get("GET"))
        model = _model(get)
        if not model or not models.exists(model):
            continue
        names = _PARAM.findall(ops[methods["GET"]]["path"])
        ends_in_param = path.endswith("{}")
        only_account = bool(names) and all(n in ACCOUNT_PARAMS for n in names)
        if ends_in_param and not only_account:
            keyed = _item(path, methods, ops, by_path, model, names)
        elif any(m in methods and _model(ops[methods[m]]) == model for m in ("PUT", "PATCH")):
            keyed = Keyed("singleton", path, _key(path) or "root", model, names,
                          {v: methods[m] for m, v in (("GET", "get"), ("PUT", "put"), ("PATCH", "patch"))
                           if m in methods})
        else:
            continue
        if keyed is not None:
            found.update({op_id: (keyed, verb) for verb, op_id in keyed.ops.items()})
    return found


def _item(path: str, methods: dict, ops: dict, by_path: dict, model: str, names: list[str]) -> Keyed | None:
    keyed = Keyed("item", path, _key(path), model, names, {"get": methods["GET"]})
    for method, verb in (("PUT", "put"), ("DELETE", "delete"), ("POST", "create")):
        if method in methods:
            keyed.ops[verb] = methods[method]
    shorter = path
    while shorter.endswith("/{}") and "create" not in keyed.ops:
        shorter = shorter[:-3]
        post = ops.get(by_path.get(shorter, {}).get("POST"))
        if post is None or not post.get("body"):
            continue
        body_props = set((post["body"].get("properties") or {}))
        missing = names[len(_PARAM.findall(post["path"])):]
        wanted = {n: prop_for(n, body_props) for n in missing}
        if all(wanted.values()):
            keyed.ops["create"], keyed.from_body = by_path[shorter]["POST"], wanted
    if not {"put", "create"} & set(keyed.ops):
        return None  # nothing makes one
    made_above = by_path.get(path[:-3], {}).get("POST")
    if made_above and keyed.ops.get("create") != made_above:
        return None  # a collection's member, its id made by the API (`POST /v2/policies`): not keyed
    listing = path
    while listing.endswith("/{}"):  # the nearest shorter path listing the item's model
        listing = listing[:-3]
        list_methods = by_path.get(listing, {})
        list_model = _model(ops.get(list_methods.get("GET")))
        if not (list_model and models.exists(list_model)):
            continue
        arrays = [n for n, s in models.properties(list_model).items()
                  if s.get("type") == "array" and (s.get("items") or {}).get("model") == model]
        if len(arrays) == 1:
            keyed.list_array, keyed.list_params = arrays[0], listing.count("{}")
            keyed.ops["list"] = list_methods["GET"]
            if _model(ops.get(list_methods.get("PUT"))) == list_model:
                keyed.ops["replace_all"] = list_methods["PUT"]
            break
    return keyed


# --- defaults and computed values, where the model's zero is not what IBM answers

# IBM's documented defaults of IAM Identity's account settings (IAM docs "Setting the session
# expiration" 24 h / 2 h of inactivity, access tokens 1 h, refresh tokens 3 days; the SDK's
# AccountSettingsResponse and the IBM provider's resource_ibm_iam_account_settings.go
# descriptions of each value); the rest of the model's required properties are their zero.
DEFAULTS: dict[str, dict] = {
    "AccountSettingsResponse": {
        "mfa": "NONE", "session_expiration_in_seconds": "86400", "session_invalidation_in_seconds": "7200",
        "max_sessions_per_identity": "NOT_SET", "system_access_token_expiration_in_seconds": "3600",
        "system_refresh_token_expiration_in_seconds": "259200", "restrict_user_list_visibility": "NOT_RESTRICTED"},
    # Access Groups: public access is on until an account turns it off (IBM docs "Managing public
    # access to resources").
    "AccountSettings": {"public_access_enabled": True},
}


def _default(ctx: Ctx, name: str, schema: dict):
    if name == "account_id":
        return ctx.account
    if schema.get("format") == "date-time" or name.endswith("_at"):
        return values.now(ctx)
    if name.endswith("_by_id") or name.endswith("_by"):
        return (ctx.initiator or {}).get("id") or f"iam-ServiceId-{ctx.account}"
    enum = schema.get("enum")
    if enum:
        return "NOT_SET" if "NOT_SET" in enum else enum[0]
    if schema.get("type") == "object" and schema.get("model") and models.exists(schema["model"]):
        return {n: _default(ctx, n, s) for n, s in models.properties(schema["model"]).items() if s.get("required")}
    return {"string": "", "array": [], "boolean": False, "integer": 0, "object": None}.get(schema.get("type"))


def _merged(before, after):
    """`after` over `before`, objects merged at every depth (a PATCH of one nested setting)."""
    if isinstance(before, dict) and isinstance(after, dict):
        return {**before, **{k: _merged(before.get(k), v) for k, v in after.items() if v is not None}}
    return after


def _iam_id_of(kind: str, identifier: str) -> str:
    """A trusted profile identity's IAM id: a user's or service ID's identifier is its IAM id; a
    compute resource's is `crn-<crn>` (IAM's form for a CRN identity, as IAM shows the IAM id of
    a compute resource token's subject)."""
    return f"crn-{identifier}" if kind == "crn" else identifier


# --- the operations

def _check_path(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str]) -> None:
    names = _PARAM.findall(op["path"])
    template = _norm(op["path"])
    for index, (name, value) in enumerate(zip(names, path_values)):
        if name in ACCOUNT_PARAMS and value != ctx.account:
            raise ApiError(403, "forbidden", f"The token's account is not account {echo(value)}",
                           parameter(name, value))
        owner = _owner(template, index, name)
        if owner is not None and ctx.owned(ctx.store.get(owner.table, value)) is None:
            raise ApiError(404, f"{owner.singular}_not_found",
                           f"{owner.singular.replace('_', ' ').capitalize()} not found: {echo(value)}",
                           parameter(name, value))


@service.per_service
def _served_collections() -> tuple[dict[str, str], dict[str, str]]:
    """The collections of the table made through it (the generic engine serves them): by item
    path, and by the name of their item's path parameter where no other has it (`idp_id`)."""
    by_path, by_name, names = {}, {}, {}
    for c in collections.api().collections.values():
        if not (c.creatable and c.items and c.model and "get" in c.ops):
            continue
        by_path[c.path + "/{}"] = c.key
        name = collections.params_of(api_table.operation(c.ops["get"], service.current())["path"])[-1]
        names.setdefault(name, []).append(c.key)
    by_name = {name: keys[0] for name, keys in names.items() if len(keys) == 1}
    return by_path, by_name


def _owner(template: str, index: int, name: str):
    """The collection whose item the path's `index`-th parameter names, if any: the one whose
    item path the path starts with, else the only one whose item parameter has its name."""
    by_path, by_name = _served_collections()
    parts = template.split("{}")
    prefix = "{}".join(parts[:index + 1]) + "{}"
    key = by_path.get(prefix) or by_name.get(name)
    return collections.collection(key) if key else None


def _idp_collection():
    _, by_name = _served_collections()
    return collections.collection(by_name["idp_id"]) if "idp_id" in by_name else None


def _doc_id(ctx: Ctx, path_values) -> str:
    return "/".join([ctx.account, *path_values])


def _etag(version: int) -> str:
    return f"{version}-{service.hex32()}"


def read_singleton(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str]) -> dict:
    """The singleton's document: what was set over its defaults (not stored until set)."""
    _check_path(ctx, keyed, op, path_values)
    doc = ctx.owned(ctx.store.get(keyed.table, _doc_id(ctx, path_values)))
    if doc is not None:
        return doc
    view = {name: _default(ctx, name, schema) for name, schema in models.properties(keyed.model).items()
            if schema.get("required") or name in DEFAULTS.get(keyed.model, {}) or name == "account_id"}
    view.update(DEFAULTS.get(keyed.model, {}))
    view = {k: v for k, v in view.items() if v is not None}
    tag = "0-" + "0" * 32  # the settings as no one has changed them
    if "entity_tag" in models.properties(keyed.model):
        view["entity_tag"] = tag
    return {**view, "id": _doc_id(ctx, path_values), "_etag": tag, "_version": 0, "_new": True}


def write_singleton(ctx: Ctx, keyed: Keyed, doc: dict, body: dict) -> dict:
    """Set what the body gives (a PUT and a PATCH alike merge: IAM Identity's PUT of the account
    settings changes only the settings it names, as its API reference says)."""
    props = models.properties(keyed.model)
    merged = {k: v for k, v in doc.items() if k != "_new"}
    for name, value in body.items():
        if name in props and value is not None:
            merged[name] = _merged(merged.get(name), value)
    version = doc.get("_version", 0) + 1
    merged["_version"] = version
    merged["_etag"] = _etag(version)
    if "entity_tag" in props:
        merged["entity_tag"] = merged["_etag"]
    for name in ("last_modified_at", "updated_at"):
        if name in props:
            merged[name] = values.now(ctx)
    for name in ("last_modified_by_id", "updated_by"):
        if name in props:
            merged[name] = (ctx.initiator or {}).get("id") or f"iam-ServiceId-{ctx.account}"
    if doc.get("_new"):
        ctx.stamp(merged)
    ctx.store.put(keyed.table, merged)
    _record(ctx, keyed, merged, "update")
    return merged


def item_values(keyed: Keyed, op: dict, path_values: list[str], body: dict | None) -> list[str]:
    """The item's full path values: those of the request, and those a create names in its body."""
    got = list(path_values)
    for name in keyed.params[len(got):]:
        value = (body or {}).get(keyed.from_body.get(name, ""))
        if not isinstance(value, str) or not value:
            raise ApiError(400, "missing_field", f"{keyed.from_body.get(name, name)} is required",
                           parameter(keyed.from_body.get(name, name), value))
        got.append(value)
    return got


def get_item(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str]) -> dict:
    _check_path(ctx, keyed, op, path_values)
    doc = ctx.owned(ctx.store.get(keyed.table, _doc_id(ctx, path_values)))
    if doc is None:
        raise ApiError(404, f"{keyed.singular}_not_found",
                       f"{keyed.singular.replace('_', ' ').capitalize()} not found: {echo('/'.join(path_values))}")
    return doc


def _listing_values(keyed: Keyed, item: list[str]) -> list[str]:
    if keyed.list_params is not None:
        return item[:keyed.list_params]
    trailing = len(re.search(r"(/\{\})*$", keyed.path).group(0)) // 3
    return item[:len(item) - trailing]


def put_item(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str], body: dict, *, create_only: bool,
             merge: bool = False) -> dict:
    """Make or replace the item at `path_values` (`create_only`: 409 where one is; `merge`: what
    the body names changes, the rest stays; 404 where none is)."""
    _check_path(ctx, keyed, op, path_values[:len(_PARAM.findall(op["path"]))])
    ident = _doc_id(ctx, path_values)
    existing = ctx.owned(ctx.store.get(keyed.table, ident))
    if existing is not None and create_only:
        raise ApiError(409, f"{keyed.singular}_exists",
                       f"{keyed.singular.replace('_', ' ').capitalize()} {echo('/'.join(path_values))} already exists")
    if merge:
        if existing is None:
            get_item(ctx, keyed, op, path_values)
        body = {**answer_of(existing), **{k: v for k, v in body.items() if v is not None}}
    doc = _build(ctx, keyed, path_values, body)
    doc.update({"id": ident, "_parent": "/".join([ctx.account, *_listing_values(keyed, path_values)]),
                "_etag": ids.new_etag(), "_created": existing.get("_created") if existing else ctx.store.next_seq()})
    if existing is None:
        ctx.stamp(doc)
    else:
        doc.update({k: existing[k] for k in ("_account", "_region")})
    ctx.store.put(keyed.table, doc)
    _record(ctx, keyed, doc, "update" if existing else "create")
    return doc


def _build(ctx: Ctx, keyed: Keyed, path_values: list[str], body: dict) -> dict:
    props = models.properties(keyed.model)
    doc = {k: v for k, v in body.items() if k in props and v is not None}
    for name, value in zip(keyed.params, path_values):
        prop = prop_for(name, props)
        if prop is None or prop == "id":
            continue
        if prop in doc and doc[prop] != value:
            raise ApiError(400, "invalid_field_value", f"{prop} {echo(doc[prop])} is not the path's {name} "
                           f"{echo(value)}", parameter(prop, doc[prop]))
        doc[prop] = value
    if "id" in props and "id" not in doc:  # the last parameter names it (an identity preference's id)
        doc["id_"] = path_values[-1]
    _computed(ctx, keyed, doc, path_values)
    for name, schema in props.items():
        if name not in doc and schema.get("required"):
            doc[name] = _default(ctx, name, schema)
    return doc


def _computed(ctx: Ctx, keyed: Keyed, doc: dict, path_values: list[str]) -> None:
    """What the service computes of an item beyond what was sent (by model)."""
    if keyed.model == "ProfileIdentityResponse":
        doc["iam_id"] = _iam_id_of(doc.get("type", ""), doc.get("identifier", ""))
    elif keyed.model == "IdentityPreferenceResponse":
        doc["scope"] = "account"  # the operations are those "on scope account"
    elif keyed.model == "AccountIdpSettings":
        idp = _idp_collection()
        found = ctx.owned(ctx.store.get(idp.table, doc.get("idp_id", ""))) if idp else None
        if found is not None:
            doc.update({"idp_name": found.get("name"), "idp_type": found.get("type"), "owner_account": ctx.account})
        doc.setdefault("active", False)
        doc.setdefault("ui_default", False)


def answer_of(doc: dict) -> dict:
    """The item as the API answers it (the document's own fields; `id_` is its `id`)."""
    out = {k: v for k, v in doc.items() if not k.startswith("_") and k not in ("id", "id_")}
    if "id_" in doc:
        out["id"] = doc["id_"]
    return out


def list_items(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str]) -> list[dict]:
    _check_path(ctx, keyed, op, path_values)
    parent = "/".join([ctx.account, *path_values])
    docs = [d for d in ctx.partition(keyed.table).values() if d.get("_parent") == parent]
    return sorted(docs, key=lambda d: d.get("_created", 0))


def list_etag(ctx: Ctx, keyed: Keyed, path_values: list[str]) -> str:
    """The listing's entity tag: its version (stored beside the items), changing on each write."""
    meta = ctx.store.get(keyed.table + ".lists", "/".join([ctx.account, *path_values]))
    return (meta or {}).get("_etag") or ("0-" + "0" * 32)


def _bump_list(ctx: Ctx, keyed: Keyed, parent_values: list[str]) -> None:
    ident = "/".join([ctx.account, *parent_values])
    meta = ctx.store.get(keyed.table + ".lists", ident)
    version = (meta or {}).get("_version", 0) + 1
    doc = {"id": ident, "_version": version, "_etag": _etag(version)}
    ctx.stamp(doc)
    ctx.store.put(keyed.table + ".lists", doc)


def changed(ctx: Ctx, keyed: Keyed, item_path_values: list[str]) -> None:
    """After an item changed: its listing's entity tag moves on."""
    _bump_list(ctx, keyed, _listing_values(keyed, item_path_values))


def replace_all(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str], items: list[dict]) -> list[dict]:
    """Replace the listing's items with `items` (each made as a create would make it)."""
    _check_path(ctx, keyed, op, path_values)
    for doc in list_items(ctx, keyed, op, path_values):
        ctx.store.delete(keyed.table, doc["id"])
    made, seen = [], set()
    for index, item in enumerate(items):
        full = list(path_values)
        for name in keyed.params[len(full):]:
            prop = keyed.from_body.get(name) or prop_for(name, item) or name
            value = item.get(prop)
            if not isinstance(value, str) or not value:
                raise ApiError(400, "missing_field", f"identities[{index}].{prop} is required",
                               parameter(f"identities[{index}].{prop}", value))
            full.append(value)
        if tuple(full) in seen:
            raise ApiError(400, "duplicate_identity", f"identities[{index}] is given twice")
        seen.add(tuple(full))
        made.append(put_item(ctx, keyed, op, full, item, create_only=False))
    _bump_list(ctx, keyed, path_values)
    return made


def delete_item(ctx: Ctx, keyed: Keyed, op: dict, path_values: list[str]) -> None:
    doc = get_item(ctx, keyed, op, path_values)
    ctx.store.delete(keyed.table, doc["id"])
    _record(ctx, keyed, doc, "delete")
    changed(ctx, keyed, path_values)


def _record(ctx: Ctx, keyed: Keyed, doc: dict, action: str) -> None:
    spec = service.spec()
    kind = keyed.singular.replace("_", "-")
    crn = f"crn:v1:bluemix:public:{spec.crn_service if spec else 'iam'}::a/{ctx.account}::{kind}:{doc['id']}"
    activity.record(ctx, f"{spec.crn_service if spec else 'iam'}.{kind}.{action}", crn)
