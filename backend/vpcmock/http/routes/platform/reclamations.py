"""Resource Controller's reclamations over HTTP (list_reclamations, run_reclamation_action) and
the instance deletion that schedules one, beside the generic engine (platform_generic.HAND_WRITTEN);
engine/platform/reclamations.py decides."""

from __future__ import annotations

from flask import request

from vpcmock.engine.generic import collections, validation
from vpcmock.engine.platform import reclamations, resource_instances
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body


def delete_instance(op: dict, values: list[str], generic):
    """The generic engine deletes the instance; its document goes to a new reclamation."""
    c = ctx()
    table = collections.collection(resource_instances.INSTANCES).table
    ident = values[-1]
    doc = next((d for d in c.partition(table).values() if ident in (d.get("id"), d.get("guid"), d.get("crn"))), None)
    answer = generic()
    if doc is not None:
        reclamations.scheduled(c, table, doc)
    return answer


def list_reclamations(op: dict, values: list[str], generic):
    filters = {name: request.args[name] for name in ("account_id", "resource_instance_id", "resource_group_id")
               if request.args.get(name)}
    return table_shapes.answer(op, {"resources": [reclamations.view(d) for d in reclamations.listing(ctx(), filters)]})


def run_action(op: dict, values: list[str], generic):
    body = json_body() if request.get_data() else {}
    validation.body(body, op["body"])
    return table_shapes.answer(op, reclamations.view(reclamations.run(ctx(), values[0], values[1], body)))


HANDLERS = {"delete_resource_instance": delete_instance, "list_reclamations": list_reclamations,
            "run_reclamation_action": run_action}
