"""Which operations of the API table the generic engine serves in an app, decided once from
its URL map: every operation of a collection no emulated route serves any operation of (and
whose documents the emulated engine does not keep: engine/generic/references.py
EMULATED_TABLES), where the engine can answer it; the singletons an item's reference property
names (`/subnets/{id}/public_gateway`); and the actions behaviours.ACTIONS describes.

A type moves from the generic engine to emulation by getting emulated routes (and its table in
EMULATED_TABLES): from then on every operation of its collection is the emulated one's, and
the generic engine resolves references to it in the emulated table.
"""

from __future__ import annotations

from werkzeug.exceptions import MethodNotAllowed, NotFound

from vpcmock import api_table
from vpcmock.engine.generic import behaviours, collections, models, operations, references, relations

ENDPOINT = "generic"  # the generic rule's endpoint in the VPC blueprint (routes/generic.py)

# Operations of the table neither an emulated route nor the generic engine serves, and why: the
# generic rule answers them 501 `operation_not_emulated` naming the reason (never a 404 as for
# a path the API does not have). A test checks that every unserved operation is listed here.
NOT_EMULATED = {
    # (none: every operation of ibm-vpc 0.36 is served)
}


def served(app) -> dict[str, tuple]:
    """The operations the generic engine serves in `app`: op id -> ("collection", key, verb),
    ("singleton", parent key, name), ("action", key, name) or ("operation", op id, None) (a
    handler of engine/generic/operations.py). Computed once per app."""
    cached = app.extensions.get("vpcmock.generic_served")
    if cached is None:
        cached = app.extensions["vpcmock.generic_served"] = _served(app)
    return cached


def _served(app) -> dict[str, tuple]:
    adapter = app.url_map.bind("localhost")
    table = collections.api()
    claimed = set()
    for op_id, op in api_table.operations().items():
        sample = "/v1" + collections.normal(op["path"]).replace("{}", "x")
        try:
            endpoint, _ = adapter.match(sample, method=op["method"])
        except (NotFound, MethodNotAllowed):
            continue
        if not endpoint.endswith("." + ENDPOINT):
            claimed.add(op_id)
    found: dict[str, tuple] = {}
    for coll in table.collections.values():
        if coll.key in references.EMULATED_TABLES or any(op in claimed for op in coll.ops.values()):
            continue
        if not coll.model or not coll.items:
            continue
        for verb, op_id in coll.ops.items():
            if _serves(coll, verb, op_id):
                found[op_id] = ("collection", coll.key, verb)
    for op_id, single in table.singletons.items():
        parent = table.collections[single.parent]
        schema = models.schema_of(parent.model, single.name) if parent.model else None
        if op_id not in claimed and schema and schema.get("model") and references.referenced_by(schema["model"]):
            found[op_id] = ("singleton", single.parent, single.name)
    for op_id in operations.OPERATIONS:  # the API's other operations, each its own handler
        if op_id not in claimed:
            found[op_id] = ("operation", op_id, None)
    generic_keys = {kind[1] for kind in found.values() if kind[0] == "collection"}
    for op_id, action in table.actions.items():
        if (op_id not in claimed and action.parent in generic_keys
                and behaviours.action_changes(table.collections[action.parent], action.name) is not None):
            found[op_id] = ("action", action.parent, action.name)
    return found


def _serves(coll, verb: str, op_id: str) -> bool:
    op = api_table.operation(op_id)
    if verb == "replace_all":
        return False
    if verb == "put":
        return not coll.creatable and bool(relations.sources(coll.key)) and op["body"] is None
    if verb == "create":
        return op["body"] is not None and (op.get("response") or {}).get("model") is not None
    return (op.get("response") or {}).get("model") is not None or verb in ("delete", "delete_all")
