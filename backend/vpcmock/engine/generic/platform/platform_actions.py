"""Actions on an item of a platform service's collection, served by the generic engine: a POST
to `<item path>/<action>` (collections.Action) whose body names what to do in one property
(Transit Gateway's `POST /transit_gateways/{id}/connections/{id}/actions` with `{"action":
"approve"}`), each choice a state change of the item declared here as data:

    (service, operation id) -> Selector(property of the body, {choice: Transition})

A transition says which values of which properties of the item it starts from and what it sets;
an item in another state is a 409 `<item>_not_<state>` naming it, a choice not declared a 400
listing those that are. The item is found as any item of the collection (its ancestors and the
path's scope checked, engine/generic/resources.py), the change stored as an update (its ETag,
its activity event). What IBM documents of each action is beside its declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field

from vpcmock import api_table
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, models, resources, service, validation
from vpcmock.engine.generic import values as generic_values
from vpcmock.errors import ApiError, conflict, field, parameter


@dataclass(frozen=True)
class Transition:
    when: dict[str, tuple[str, ...]]          # property -> the values the item may hold
    sets: dict[str, object]                   # property -> its value afterwards
    state: str = ""                           # the state `when` names, for the 409's code


@dataclass(frozen=True)
class Selector:
    prop: str                                 # the body property naming the choice
    choices: dict[str, Transition] = dc_field(default_factory=dict)


# Transit Gateway (the SDK: "Allow a network owner to approve or reject a cross-account
# connection request"): a connection to a network of another account waits, `pending`, for that
# account to approve or reject it. Approved, it is attached (request `approved`); rejected, its request is `rejected`
# and the connection is not attached (`detached`: the status enum has no `rejected`; the mock's
# choice).
_PENDING = {"status": ("pending",), "request_status": ("pending",)}
ACTIONS: dict[tuple[str, str], Selector] = {
    ("transit_gateway", "create_transit_gateway_connection_actions"): Selector("action", {
        "approve": Transition(_PENDING, {"status": "attached", "request_status": "approved"}, "pending"),
        "reject": Transition(_PENDING, {"status": "detached", "request_status": "rejected"}, "pending"),
    }),
}


def served(name: str) -> set[str]:
    """The action operations of `name`'s table served here."""
    ops = api_table.operations(name)
    return {op_id for (svc, op_id) in ACTIONS if svc == name and op_id in ops}


def serves(name: str, op_id: str) -> bool:
    return (name, op_id) in ACTIONS


def item(ctx: Ctx, op_id: str, values: list[str], in_scope) -> tuple[collections.Collection, dict]:
    """The item the action's path names: `values` are the path's parameters, outermost first;
    `in_scope(doc, depth)` tells whether it belongs to the path's scope (platform_generic)."""
    action = collections.api().actions[op_id]
    coll = collections.collection(action.parent)
    op = api_table.operation(op_id, service.current())
    names = collections.params_of(op["path"])
    pairs = list(zip(names, values))
    depth = len(collections.ancestry(coll))
    ancestors = pairs[:-1]
    parent = resources.parent_of(ctx, coll, ancestors[len(ancestors) - depth:] if depth else [])
    doc = resources.get(ctx, coll, parent, values[-1])
    if not in_scope(doc, depth):
        raise resources.item_not_found(coll, values[-1])
    return coll, doc


def run(ctx: Ctx, op_id: str, values: list[str], body: dict, in_scope) -> dict:
    """Apply the action the body chooses to the item; answers the item as stored."""
    name = service.current()
    selector = ACTIONS[(name, op_id)]
    op = api_table.operation(op_id, name)
    validation.body(body, op["body"])
    coll, doc = item(ctx, op_id, values, in_scope)
    choice = body.get(selector.prop)
    transition = selector.choices.get(choice) if isinstance(choice, str) else None
    if transition is None:
        raise ApiError(400, "invalid_field_value", f"{selector.prop}: Must be one of: "
                       f"{', '.join(selector.choices)}", field(selector.prop, choice))
    for prop, allowed in transition.when.items():
        if doc.get(prop) not in allowed:
            kind = coll.singular
            raise conflict(f"{kind}_not_{transition.state or allowed[0]}", f"{kind.replace('_', ' ').capitalize()} "
                           f"{doc['id']} has {prop} {doc.get(prop)!r}; {choice} needs {' or '.join(allowed)}",
                           parameter("id", doc["id"]))
    changes = dict(transition.sets)
    for stamp in ("updated_at", "modified_on"):
        if models.schema_of(coll.model, stamp) is not None:
            changes[stamp] = generic_values.now(ctx)
    return resources.store_change(ctx, coll, doc, changes)
