"""Which Key Protect instance a request names: its `Bluemix-Instance` header, the guid of a
resource instance of the `kms` service in the caller's account.

Instances are made through Resource Controller (the generic engine's `resource_controller`
table, documents `generic/resource_controller/v2.resource_instances`, which `ibm_resource_instance`
goes through too); an instance is Key Protect's when its CRN's service name is `kms` (Resource
Controller names it from the plan, engine/platform/resource_catalogue.py).

What KP answers (its error-messages page): no header, 400; a header naming no instance the
caller may use (unknown, another account's, another service's, not active), 401 "Unauthorized:
The user does not have access to the specified resource" with no reasons, as the instance's
existence is not disclosed.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.key_protect.errors import KpError

SERVICE = "kms"
HEADER = "Bluemix-Instance"


@dataclass(frozen=True)
class Instance:
    guid: str
    region: str
    account: str


def _account_docs(ctx: Ctx, table: str) -> list[dict]:
    """The account's documents of `table` in any region: instances are global, and the VPC
    (another region's partition) asks too (encryption.py)."""
    return [d for d in ctx.store.all(table).values() if d.get("_account") == ctx.account]


def _rc_instances(ctx: Ctx) -> list[dict]:
    from vpcmock.engine.generic import collections, service
    with service.serving("resource_controller"):
        table = collections.collection("v2.resource_instances").table
    return _account_docs(ctx, table)


def _service_of(doc: dict) -> str | None:
    parts = (doc.get("crn") or "").split(":")
    return parts[4] if len(parts) > 4 else None


def _region_of(doc: dict, default: str) -> str:
    for name in ("region_id", "target", "location"):
        value = doc.get(name)
        if isinstance(value, str) and value and value not in ("global", "bluemix-global"):
            return value
    parts = (doc.get("crn") or "").split(":")
    if len(parts) > 5 and parts[5] and parts[5] != "global":
        return parts[5]
    return default


def find(ctx: Ctx, guid: str | None, default_region: str) -> Instance:
    if not guid:
        raise KpError(400, "Bluemix-Instance header is required: it names the Key Protect instance (its guid)")
    for doc in _rc_instances(ctx):
        if guid in (doc.get("guid"), doc.get("id"), doc.get("crn")):
            if _service_of(doc) == SERVICE and doc.get("state") in (None, "active"):
                return Instance(doc.get("guid") or guid, _region_of(doc, default_region), ctx.account)
            break
    raise KpError(401, "The user does not have access to the specified resource")


def held(ctx: Ctx, guid: str) -> Instance | None:
    """The Key Protect instance `guid` names in the account, or None (the VPC's key check)."""
    try:
        return find(ctx, guid, ctx.region)
    except KpError:
        return None
