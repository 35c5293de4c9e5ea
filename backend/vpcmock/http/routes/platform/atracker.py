"""Activity Tracker Event Routing's operations where they differ from the generic engine's
(platform_generic.py serves the rest of the `atracker` table at /atracker, where `vpcmock env`
points IBMCLOUD_ATRACKER_API_ENDPOINT): targets and routes checked as the API checks them before
the generic engine keeps them, a target in use kept from deletion, a target's write test
(`POST /api/v2/targets/{id}/validate`) and the account's settings (`/api/v2/settings`), which no
collection of the table holds. The rules are the engine's (engine/platform/atracker)."""

from __future__ import annotations

from typing import Callable

from flask import request

from vpcmock.engine.generic import collections, resources, validation
from vpcmock.engine.platform.atracker import config, delivery
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body

Generic = Callable[[], object]  # the generic engine's answer to the same request


def _target(values: list[str]) -> dict | None:
    c = ctx()
    return config.targets(c.store, c.account).get(values[-1])


def create_target(op: dict, values: list[str], generic: Generic):
    body = json_body()
    validation.body(body, op["body"])
    config.check_target(ctx(), body, None)
    return generic()


def replace_target(op: dict, values: list[str], generic: Generic):
    existing = _target(values)
    if existing is not None:  # else the generic engine answers 404
        body = json_body()
        validation.body(body, op["body"])
        config.check_target(ctx(), body, existing)
    return generic()


def delete_target(op: dict, values: list[str], generic: Generic):
    existing = _target(values)
    if existing is None:
        return generic()
    config.in_use(ctx(), existing)
    generic()
    # Deleted, with nothing to warn about: the SDK's WarningReport requires `warnings`.
    return table_shapes.answer(op, {"status_code": op["status"], "warnings": []})


def validate_target(op: dict, values: list[str], generic: Generic):
    """A test write to the target: its write status shows the outcome, as after a delivery."""
    from vpcmock.http.routes import platform_generic
    c = ctx()
    existing = _target(values)
    coll = collections.collection("api.v2.targets")
    if existing is None:
        raise resources.item_not_found(coll, values[-1])
    doc = delivery.test_write(c, existing)
    return table_shapes.answer(op, platform_generic._view_of(c, coll, doc), doc.get("_etag"))


def list_targets(op: dict, values: list[str], generic: Generic):
    """The account's targets, those of one region when `region` is given."""
    from vpcmock.http.routes import platform_generic
    c = ctx()
    region = request.args.get("region")
    coll = collections.collection("api.v2.targets")
    found = [platform_generic._view_of(c, coll, doc) for doc in config.targets(c.store, c.account).values()
             if region is None or doc.get("region") == region]
    return table_shapes.answer(op, {"targets": found})


def create_route(op: dict, values: list[str], generic: Generic):
    body = json_body()
    validation.body(body, op["body"])
    config.check_route(ctx(), body)
    return generic()


def replace_route(op: dict, values: list[str], generic: Generic):
    c = ctx()
    if any(r["id"] == values[-1] for r in config.routes(c.store, c.account)):
        body = json_body()
        validation.body(body, op["body"])
        config.check_route(c, body)
    return generic()


def get_settings(op: dict, values: list[str], generic: Generic):
    return table_shapes.answer(op, config.settings(ctx()))


def put_settings(op: dict, values: list[str], generic: Generic):
    body = json_body()
    validation.body(body, op["body"])
    return table_shapes.answer(op, config.put_settings(ctx(), body))


HANDLERS: dict[str, Callable] = {
    "list_targets": list_targets, "create_target": create_target, "replace_target": replace_target,
    "delete_target": delete_target,
    "validate_target": validate_target, "create_route": create_route, "replace_route": replace_route,
    "get_settings": get_settings, "put_settings": put_settings,
}
