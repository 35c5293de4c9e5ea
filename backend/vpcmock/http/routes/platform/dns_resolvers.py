"""DNS Services custom resolvers where they differ from the generic engine's answer
(platform_generic.HAND_WRITTEN): the locations a resolver runs in (added, changed, reordered
and deleted one by one under `/custom_resolvers/{id}/locations`, kept in the resolver), their
DNS server addresses, and the resolver's health as it is enabled. The rules are the engine's
(engine/platform/dns_resolvers.py)."""

from __future__ import annotations

from typing import Callable

from vpcmock.engine.generic import collections, resources, validation
from vpcmock.engine.platform import dns_resolvers as engine
from vpcmock.errors import ApiError, field
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body, respond_empty

RESOLVERS = engine.RESOLVERS
Generic = Callable[[], object]


def _pg():
    from vpcmock.http.routes import platform_generic
    return platform_generic


def _resolver(values: list[str], required: bool = True) -> dict | None:
    """The resolver `/instances/{instance}/custom_resolvers/{resolver}` names, in this account."""
    c = ctx()
    coll = collections.collection(RESOLVERS)
    doc = c.owned(c.store.get(coll.table, values[1]))
    if doc is None or not _pg()._in_scope(doc, values[:2], 0, item_verb=True):
        if required:
            raise resources.item_not_found(coll, values[1], "resolver_id")
        return None
    return doc


def _answer_resolver(op: dict, doc: dict):
    c = ctx()
    return table_shapes.answer(op, _pg()._view_of(c, collections.collection(RESOLVERS), doc), doc.get("_etag"))


def create_resolver(op: dict, values: list[str], generic: Generic):
    body = json_body()
    validation.body(body, op["body"])
    c = ctx()
    engine.check_new_locations(c, body.get("locations") or [])
    made = generic().get_json()
    doc = c.store.get(collections.collection(RESOLVERS).table, made["id"])
    for index, loc in enumerate(engine.locations(c, doc)):
        engine.placed(c, doc, loc, f"locations[{index}].")
    return _answer_resolver(op, engine.settle(c, {**doc, "enabled": False}, touched=False))


def update_resolver(op: dict, values: list[str], generic: Generic):
    doc = _resolver(values, required=False)
    if doc is None:
        return generic()  # the generic engine's 404
    body = json_body()
    validation.body(body, op["body"], patch=True)
    engine.check_enable(ctx(), doc, body)
    generic()
    return _answer_resolver(op, engine.settle(ctx(), _resolver(values), touched=False))


def delete_resolver(op: dict, values: list[str], generic: Generic):
    doc = _resolver(values, required=False)
    if doc is None:
        return generic()
    engine.check_deletable(doc)
    engine.release_all(ctx(), doc)
    return generic()


def _location_answer(op: dict, location: dict):
    return table_shapes.answer(op, {k: v for k, v in location.items() if not k.startswith("_")}, None)


def add_location(op: dict, values: list[str], generic: Generic):
    c = ctx()
    doc = _resolver(values)
    body = json_body()
    validation.body(body, op["body"])
    if not body.get("subnet_crn"):
        raise ApiError(400, "missing_field", "subnet_crn: This field is required", field("subnet_crn"))
    engine.check_count(len(engine.locations(c, doc)) + 1, "subnet_crn")
    engine.subnet_of(c, body["subnet_crn"], "subnet_crn")
    locations_c = collections.collection(engine.LOCATIONS)
    made = resources.create(c, locations_c, doc, body, dict(op["body"]["properties"]))
    location = engine.placed(c, doc, made)
    engine.settle(c, doc)
    return _location_answer(op, engine.location(c, doc, location["id"]))


def update_location(op: dict, values: list[str], generic: Generic):
    doc = _resolver(values)
    engine.location(ctx(), doc, values[2])  # 404 before the body is looked at
    body = json_body()
    validation.body(body, op["body"], patch=True)
    return _location_answer(op, engine.change_location(ctx(), doc, values[2], body))


def delete_location(op: dict, values: list[str], generic: Generic):
    engine.remove_location(ctx(), _resolver(values), values[2])
    return respond_empty(op["status"])


def reorder_locations(op: dict, values: list[str], generic: Generic):
    doc = _resolver(values)
    body = json_body()
    validation.body(body, op["body"])
    return _answer_resolver(op, engine.reorder(ctx(), doc, body.get("locations") or []))


HANDLERS: dict[str, Callable] = {
    "create_custom_resolver": create_resolver, "update_custom_resolver": update_resolver,
    "delete_custom_resolver": delete_resolver, "add_custom_resolver_location": add_location,
    "update_custom_resolver_location": update_location, "delete_custom_resolver_location": delete_location,
    "update_cr_locations_order": reorder_locations,
}
