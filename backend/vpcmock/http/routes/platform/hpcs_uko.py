"""Hyper Protect Crypto Services' Unified Key Orchestrator (the `hpcs_uko` table, read from the
ukov4 Go SDK) where it differs from the generic engine, which platform_generic.py serves at
/hpcs/uko (where `vpcmock env` points IBMCLOUD_HPCS_UKO_URL, the variable the IBM provider's
getUkoUrl reads before asking the HPCS broker):

- the `UKO-Vault` header names the vault of every call on a key template, keystore or managed
  key (required where the SDK sends it; an item of another vault is not found), and `If-Match`
  is required on every change the SDK sends it with (428 `if_match_required` without it, 412 on
  a stale ETag): UKO changes nothing without the ETag of the version read;
- listings page by `limit` (1 to 1000, 200 by default: a choice, UKO's reference gives no bound)
  and `offset`, with `total_count` and `first`/`last`/`next`/`previous` links, and filter by
  every query parameter of the table (a list parameter matches any of its values; `<date>_min`
  and `<date>_max` bound a date; `sort` orders by top-level properties, `-` descending);
- references (`vault`, `template`, `referenced_keystores`) name what they reference as it is now;
- the rules themselves (vault scoping, templates, a managed key's states, keystores in use) are
  engine/platform/hpcs/uko.py's.
"""

from __future__ import annotations

from typing import Callable

from flask import request

from vpcmock.engine.generic import resources, validation
from vpcmock.engine.platform.hpcs import uko
from vpcmock.errors import ApiError, bad_field, parameter
from vpcmock.http import table_shapes
from vpcmock.http.common import check_if_match, ctx, json_body, offset_page, required_if_match, respond_empty
from vpcmock.http.routes import generic as vpc_generic

Generic = Callable[[], object]
DEFAULT_LIMIT, MAX_LIMIT = 200, 1000
_PAGING = ("limit", "offset", "sort")


def _pg():
    from vpcmock.http.routes import platform_generic
    return platform_generic


def _vault(op: dict) -> dict | None:
    """The vault the `UKO-Vault` header names, for an operation the SDK sends it with."""
    if any(h["name"] == uko.VAULT_HEADER for h in op["headers"]):
        return uko.named_vault(ctx(), request.headers.get(uko.VAULT_HEADER))
    return None


def _if_match(op: dict, doc: dict) -> None:
    required_if_match(op)
    check_if_match(doc)


def view(c, key: str, doc: dict) -> dict:
    """The answer's view of `doc`, its references as they are now."""
    coll = uko.collection(key)
    shown = _pg()._view_of(c, coll, doc)
    if (doc.get("vault") or {}).get("id"):
        shown["vault"] = uko.vault_reference(c, doc["vault"]["id"])
    if key == uko.KEYS and doc.get("_targets") is not None:
        shown.update({k: v for k, v in uko.placement(c, doc).items()})
    return shown


# -- creation, reading, change, deletion -----------------------------------------------------------

def _create(key: str, op: dict, prepare=None, finish=None):
    c = ctx()
    vault = _vault(op)
    body = json_body()
    validation.body(body, op["body"])
    if vault is not None:
        uko.created_in(body, vault)
    extra = prepare(c, vault, body) if prepare else {}
    coll = uko.collection(key)
    # The vault is named, not made: the generic engine would take `vault` for a prototype of one.
    proto = {k: v for k, v in body.items() if k != "vault"}
    doc = resources.create(c, coll, None, proto, vpc_generic._props(op["body"], body))
    changes = {**extra, **({"vault": {"id": vault["id"]}} if vault is not None else {})}
    if finish:
        changes.update(finish(c, {**doc, **changes}))
    if changes:
        doc = {**doc, **changes}
        c.store.put(coll.table, doc)
    return table_shapes.answer(op, view(c, key, doc), doc["_etag"])


def _item(key: str, op: dict, values: list[str]) -> tuple[object, dict, dict | None]:
    c = ctx()
    vault = _vault(op)
    if vault is None:
        return c, resources.get(c, uko.collection(key), None, values[-1]), None
    return c, uko.item(c, key, values[-1], vault), vault


def _get(key: str):
    def handler(op, values, generic: Generic):
        c, doc, _ = _item(key, op, values)
        return table_shapes.answer(op, view(c, key, doc), doc["_etag"])
    return handler


def _update(key: str, check=None, finish=None):
    def handler(op, values, generic: Generic):
        c, doc, vault = _item(key, op, values)
        _if_match(op, doc)
        body = json_body()
        validation.body(body, op["body"], patch=True)
        if check:
            check(c, vault, doc, body)
        coll = uko.collection(key)
        doc = resources.update(c, coll, doc, body, vpc_generic._props(op["body"], body))
        changes = finish(c, doc) if finish else None
        if changes:
            doc = resources.store_change(c, coll, doc, changes)
        return table_shapes.answer(op, view(c, key, doc), doc["_etag"])
    return handler


def _delete(key: str, check=None):
    def handler(op, values, generic: Generic):
        c, doc, vault = _item(key, op, values)
        _if_match(op, doc)
        if check:
            check(c, doc)
        resources.delete(c, uko.collection(key), doc)
        return respond_empty(op["status"])
    return handler


# -- listings --------------------------------------------------------------------------------------

def _values_at(value, path: list[str]) -> list:
    """The values at a query parameter's path (`referenced_keystores[].type`, `vault.id`)."""
    if not path:
        return [value]
    head, rest = path[0], path[1:]
    many = head.endswith("[]")
    value = value.get(head.removesuffix("[]")) if isinstance(value, dict) else None
    if value is None:
        return []
    if isinstance(value, list):
        return [found for v in value for found in _values_at(v, rest)] if (many or rest) else \
            [found for v in value for found in _values_at(v, [])]
    return _values_at(value, rest)


def _matches(doc: dict, op: dict) -> bool:
    for spec in op["query"]:
        name = spec["name"]
        raw = request.args.get(name)
        if name in _PAGING or raw is None or raw == "":
            continue
        for bound, compare in (("_min", lambda have, want: have >= want), ("_max", lambda have, want: have <= want)):
            if name.endswith(bound):
                have = _values_at(doc, name.removesuffix(bound).split("."))
                if not have or not all(isinstance(h, str) and compare(h, raw) for h in have):
                    return False
                break
        else:
            wanted = [w for w in raw.split(",") if w] if spec.get("type") == "array" else [raw]
            path = name.removesuffix("[]").split(".") if name in ("groups[]", "template.type[]") else name.split(".")
            if name == "group":  # a keystore in the group
                path = ["groups"]
            have = [str(v).lower() if isinstance(v, bool) else str(v) for v in _values_at(doc, path)]
            if not any(w in have for w in wanted):
                return False
    return True


def _sorted(docs: list[dict], model_props: set[str]) -> list[dict]:
    raw = request.args.get("sort")
    for term in reversed([t for t in (raw or "").split(",") if t]):
        name = term.lstrip("-")
        if name not in model_props:
            raise bad_field("invalid_query_parameter", f"sort: {name!r} is not a property of the listed resources",
                            "sort", raw)
        docs = sorted(docs, key=lambda d: (d.get(name) is not None, str(d.get(name) or "")),
                      reverse=term.startswith("-"))
    return docs


def _listing(op: dict, key: str, docs: list[dict], items: str):
    c = ctx()
    views = [view(c, key, d) for d in docs]
    views = [v for v in views if _matches(v, op)]
    from vpcmock.engine.generic import models
    views = _sorted(views, set(models.every_property(uko.collection(key).model)))
    return table_shapes.answer(op, offset_page(items, views, DEFAULT_LIMIT, MAX_LIMIT))


def _list(key: str, items: str):
    def handler(op, values, generic: Generic):
        return _listing(op, key, uko.members(ctx(), key), items)
    return handler


# -- vaults ----------------------------------------------------------------------------------------

def _vault_deletable(c, doc):
    uko.check_vault_empty(c, doc)


# -- key templates ---------------------------------------------------------------------------------

def _template_prepare(c, vault, body):
    uko.check_key(body.get("key"))
    uko.check_template_name(c, vault, body.get("name"))
    return {"version": 1}


def _template_check(c, vault, doc, body):
    merged = {**(doc.get("key") or {}), **(body.get("key") or {})}
    uko.check_key(merged)


def _template_version(c, doc):
    return {"version": (doc.get("version") or 1) + 1}


def _template_unused(c, doc):
    uko.check_template_unused(c, doc)


# -- keystores -------------------------------------------------------------------------------------

def _keystore_unused(c, doc):
    uko.check_keystore_unused(c, doc)


def keystore_status(op, values, generic: Generic):
    """A keystore's health: the mock reaches every keystore it keeps (`ok`, its last heartbeat now)."""
    c, doc, _ = _item(uko.KEYSTORES, op, values)
    from vpcmock.timeutil import rfc3339
    return table_shapes.answer(op, {"health_status": "ok", "last_heartbeat": rfc3339(c.now),
                        "message": f"Keystore {doc['name']} is reachable"})


def keys_of_keystore(op, values, generic: Generic):
    c, doc, vault = _item(uko.KEYSTORES, op, values)
    held = [k for k in uko.members(c, uko.KEYS, vault)
            if any(r["id"] == doc["id"] for r in uko.placement(c, k)["referenced_keystores"])]
    return _listing(op, uko.KEYS, held, "managed_keys")


def associated_resources(key: str):
    """The cloud resources a key (or keystore) protects, as registered with it: none register
    with UKO's keys in the mock (no service of the mock encrypts with them), so the list is empty."""
    def handler(op, values, generic: Generic):
        _item(key, op, values)
        return _listing(op, key, [], "associated_resources")
    return handler


# -- managed keys ----------------------------------------------------------------------------------

def _key_prepare(c, vault, body):
    template = uko.template_named(c, vault, body.get("template_name"))
    return uko.from_template(c, vault, template)


def _key_placed(c, doc):
    return uko.placement(c, doc)


def key_action(action: str):
    def handler(op, values, generic: Generic):
        c, doc, _ = _item(uko.KEYS, op, values)
        _if_match(op, doc)
        doc = uko.transition(c, doc, action)
        return table_shapes.answer(op, view(c, uko.KEYS, doc), doc["_etag"])
    return handler


def _key_deletable(c, doc):
    uko.check_deletable(doc)


def key_status(op, values, generic: Generic):
    c, doc, _ = _item(uko.KEYS, op, values)
    return table_shapes.answer(op, {"status_in_keystores": uko.status_in_keystores(c, {**doc, **uko.placement(c, doc)})})


def sync_key(op, values, generic: Generic):
    """Brings the keystores in line with the key: they already are (the mock distributes as the
    key changes), so the answer is the key's status in each."""
    c, doc, _ = _item(uko.KEYS, op, values)
    _if_match(op, doc)
    return table_shapes.answer(op, {"status_in_keystores": uko.status_in_keystores(c, {**doc, **uko.placement(c, doc)})})


def update_from_template(op, values, generic: Generic):
    """The key distributed again as its template now says (its keystore groups and types)."""
    c, doc, vault = _item(uko.KEYS, op, values)
    _if_match(op, doc)
    template_id = (doc.get("template") or {}).get("id")
    template = c.store.get(uko.collection(uko.TEMPLATES).table, template_id) if template_id else None
    if template is None:
        raise ApiError(404, "key_template_not_found", f"The key template of managed key {doc['id']} is gone",
                       parameter("id", doc["id"]))
    targets = [{"keystore": k["id"], "group": group} for k, group in uko.targets(c, vault, template)]
    moved = {**doc, "_targets": targets, "template": uko.template_reference(template)}
    doc = resources.store_change(c, uko.collection(uko.KEYS), doc,
                                 {"_targets": targets, "template": moved["template"], **uko.placement(c, moved)})
    return table_shapes.answer(op, view(c, uko.KEYS, doc), doc["_etag"])


HANDLERS = {
    "list_vaults": _list(uko.VAULTS, "vaults"),
    "update_vault": _update(uko.VAULTS),
    "delete_vault": _delete(uko.VAULTS, _vault_deletable),
    "create_key_template": lambda op, values, generic: _create(uko.TEMPLATES, op, _template_prepare),
    "list_key_templates": _list(uko.TEMPLATES, "templates"),
    "get_key_template": _get(uko.TEMPLATES),
    "update_key_template": _update(uko.TEMPLATES, _template_check, _template_version),
    "delete_key_template": _delete(uko.TEMPLATES, _template_unused),
    "create_keystore": lambda op, values, generic: _create(uko.KEYSTORES, op),
    "list_keystores": _list(uko.KEYSTORES, "keystores"),
    "get_keystore": _get(uko.KEYSTORES),
    "update_keystore": _update(uko.KEYSTORES),
    "delete_keystore": _delete(uko.KEYSTORES, _keystore_unused),
    "get_keystore_status": keystore_status,
    "list_managed_keys_from_keystore": keys_of_keystore,
    "list_associated_resources_for_target_keystore": associated_resources(uko.KEYSTORES),
    "create_managed_key": lambda op, values, generic: _create(uko.KEYS, op, _key_prepare, _key_placed),
    "list_managed_keys": _list(uko.KEYS, "managed_keys"),
    "get_managed_key": _get(uko.KEYS),
    "update_managed_key": _update(uko.KEYS),
    "delete_managed_key": _delete(uko.KEYS, _key_deletable),
    "activate_managed_key": key_action("activate"),
    "deactivate_managed_key": key_action("deactivate"),
    "destroy_managed_key": key_action("destroy"),
    "sync_managed_key": sync_key,
    "update_managed_key_from_template": update_from_template,
    "get_key_distribution_status_for_keystores": key_status,
    "list_associated_resources_for_managed_key": associated_resources(uko.KEYS),
}
