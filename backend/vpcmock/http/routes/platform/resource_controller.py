"""Resource Controller's hand-written checks beside the generic engine's answer
(platform_generic.HAND_WRITTEN): an instance's plan changes only to another plan of its
service (engine/platform/resource_instances.py)."""

from __future__ import annotations

from vpcmock.engine.generic import collections
from vpcmock.engine.platform import resource_instances
from vpcmock.http.common import ctx, json_body


def update_instance(op: dict, values: list[str], generic):
    c = ctx()
    table = collections.collection(resource_instances.INSTANCES).table
    ident = values[-1]
    doc = next((d for d in c.partition(table).values() if ident in (d.get("id"), d.get("guid"), d.get("crn"))), None)
    body = json_body()
    if doc is not None and isinstance(body, dict):
        resource_instances.check_update(doc, body)
    return generic()


HANDLERS = {"update_resource_instance": update_instance}
