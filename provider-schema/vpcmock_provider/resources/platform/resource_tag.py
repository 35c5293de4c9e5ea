"""ibm_resource_tag ↔ the Global Tagging API: its id is the resource's CRN."""

from __future__ import annotations

import json

from vpcmock_provider.client import Client, ProviderError
from vpcmock_provider.declarations.platform.resource_tag import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.platform.tagging import attached, set_tags


def create(client: Client, planned: dict) -> dict:
    crn = planned["resource_id"]
    results = set_tags(client, crn, planned.get("tags") or [], attached(client, crn), report=True)
    if any(result.get("is_error") for result in results):
        # As resource_ibm_resource_tag.go fails: the attach answered, with errors inside it.
        full = json.dumps({"results": results}, indent=4)
        raise ProviderError(f"Error while creating tag: {json.dumps(results, indent=4)} - Full response: {full}")
    return read(client, {"id": crn})


def read(client: Client, state: dict) -> dict | None:
    return {"id": state["id"], "resource_id": state["id"], "tags": attached(client, state["id"]), "tag_type": "user"}


def update(client: Client, prior: dict, planned: dict) -> dict:
    set_tags(client, prior["id"], planned.get("tags") or [], prior.get("tags") or [])
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    set_tags(client, state["id"], [], state.get("tags") or [])


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
