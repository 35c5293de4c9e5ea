"""The platform services' actions on an item (engine/generic/platform/platform_actions.py) as views of
platform_generic's routing, and Transit Gateway's connections to another account's network
made pending (engine/platform/transit_connections.py) so that such an action has something to
approve."""

from __future__ import annotations

from typing import Callable

from vpcmock.engine.generic import collections

from vpcmock.engine.generic.platform import platform_actions
from vpcmock.engine.platform import transit_connections
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body, respond_empty


def _pg():
    from vpcmock.http.routes import platform_generic
    return platform_generic


def handler(name: str, op_id: str) -> Callable | None:
    """The view of `op_id` when it is a served action of `name`'s table (else None)."""
    if not platform_actions.serves(name, op_id):
        return None
    return lambda op, values, generic: _act(op_id, op, values)


def _act(op_id: str, op: dict, values: list[str]):
    c = ctx()
    pg = _pg()
    doc = platform_actions.run(c, op_id, values, json_body(),
                               lambda d, depth: pg._in_scope(d, values, depth, item_verb=True))
    if (op.get("response") or {}).get("model"):
        coll = collections.collection(collections.api().actions[op_id].parent)
        return table_shapes.answer(op, pg._view_of(c, coll, doc), doc.get("_etag"))
    return respond_empty(op["status"])


def create_connection(op: dict, values: list[str], generic):
    """A connection naming another account's network waits for it (pending)."""
    pg = _pg()
    c = ctx()
    made = generic()
    payload = made.get_json()
    coll = collections.collection("transit_gateways.connections")
    doc = c.store.get(coll.table, payload["id"])
    if not transit_connections.cross_account(c, doc):
        return made
    doc = transit_connections.pending(doc)
    c.store.put(coll.table, doc)
    return table_shapes.answer(op, pg._view_of(c, coll, doc), doc.get("_etag"))


TRANSIT_HANDLERS: dict[str, Callable] = {"create_transit_gateway_connection": create_connection}
