"""ibm_is_instance_action ↔ POST /instances/{id}/actions: starts, stops or reboots an instance,
as the IBM provider does (only from the status the action applies to), and reads the instance's
status. Its id is the instance's; deleting it changes nothing."""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import Client
from vpcmock_provider.resources.block_storage.instance import run_action
from vpcmock_provider.resources.mapping import get_or_none, reasons, sdk_call

DECLARATION = ibm_schema.declaration("ibm_is_instance_action", "resource")  # the IBM schema as it is


def _state(instance: dict, config: dict) -> dict:
    return {"id": instance["id"], "instance": instance["id"], "action": config.get("action"),
            "force_action": config.get("force_action"), "status": instance.get("status"),
            "status_reasons": reasons(instance.get("status_reasons"), complete_only=True)}


def create(client: Client, planned: dict) -> dict:
    sdk_call(client, "GetInstance", "GET", f"/instances/{planned['instance']}")
    run_action(client, planned["instance"], planned["action"], planned.get("force_action"))
    return read(client, {**planned, "id": planned["instance"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/instances/{state['id']}")
    return None if found is None else _state(found[0], state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    """A new action runs (the IBM update does not pass `force_action` on)."""
    if planned.get("action") != prior.get("action"):
        run_action(client, prior["id"], planned["action"], None)
    return read(client, {**planned, "id": prior["id"]})


def delete(client: Client, state: dict) -> None:
    """Nothing to undo: the instance keeps the status the action left."""


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
