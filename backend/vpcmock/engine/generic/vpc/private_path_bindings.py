"""An endpoint gateway targeting a private path service gateway asks that gateway for a binding.

An endpoint gateway (VPE) made with a private path service gateway as its target (by CRN) is
bound to it (the API lists a gateway's endpoint gateway bindings, each of an account, and permits,
denies or revokes them; the mock's reading of how one comes to be); the binding (a member of
`/private_path_service_gateways/{id}/endpoint_gateway_bindings`, which the API lists but makes
none of) carries the account of the endpoint gateway, and its `status` follows the gateway's
policy for that account (an account policy, else the gateway's `default_access_policy`):
`permit` -> `permitted`, `deny` -> `denied`, `review` -> `pending` until the provider permits or
denies it (POST `.../endpoint_gateway_bindings/{id}/permit|deny`, behaviours.ACTIONS) or
revokes the account (operations.revoke_account). The endpoint gateway's `target` then shows
the gateway it names. A binding goes with its endpoint gateway (the mock's choice: IBM's
`abandoned` status is for a binding whose endpoint gateway is gone, which the mock does not keep).
A target CRN naming no gateway of the account is left as the generic engine made it.
"""

from __future__ import annotations

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, references
from vpcmock.engine.generic import values as generic_values

GATEWAYS = "private_path_service_gateways"
BINDINGS = "private_path_service_gateways.endpoint_gateway_bindings"
POLICIES = "private_path_service_gateways.account_policies"
_STATUS = {"permit": "permitted", "deny": "denied", "review": "pending"}


def _gateway(ctx: Ctx, target: dict) -> dict | None:
    table = collections.collection(GATEWAYS).table
    if target.get("id"):
        found = ctx.owned(ctx.store.get(table, target["id"]))
        if found is not None:
            return found
    crn = target.get("crn")
    return next((g for g in ctx.partition(table).values() if crn and g.get("crn") == crn), None)


def _policy(ctx: Ctx, gateway: dict) -> str:
    policies = ctx.store.indexed(collections.collection(POLICIES).table, "_parent", gateway["id"]).values()
    own = next((p for p in policies if (p.get("account") or {}).get("id") == ctx.account), None)
    return (own or {}).get("access_policy") or gateway.get("default_access_policy") or "review"


def bind(ctx: Ctx, c, doc: dict, proto: dict) -> None:
    """After an endpoint gateway is made: its binding in the gateway it targets."""
    target = proto.get("target") or {}
    if target.get("resource_type") != "private_path_service_gateway":
        return
    gateway = _gateway(ctx, target)
    if gateway is None:
        return
    bindings_c = collections.collection(BINDINGS)
    ident = ids.new_id(ctx.region)
    now = generic_values.now(ctx)
    binding = {"id": ident, "href": f"{gateway['href']}/endpoint_gateway_bindings/{ident}",
               "account": {"id": ctx.account, "resource_type": "account"}, "created_at": now,
               "lifecycle_state": "stable", "resource_type": "private_path_service_gateway_endpoint_gateway_binding",
               "status": _STATUS.get(_policy(ctx, gateway), "pending"), "_parent": gateway["id"],
               "_endpoint_gateway": doc["id"], "_model": bindings_c.model, "_etag": ids.new_etag()}
    ctx.store.put(bindings_c.table, ctx.stamp(binding))
    shown = references.project(ctx, {**gateway, "resource_type": "private_path_service_gateway"},
                               "EndpointGatewayTargetPrivatePathServiceGatewayReference")
    ctx.store.put(c.table, {**ctx.store.get(c.table, doc["id"]), "target": shown})


def owned(ctx: Ctx, c, doc: dict) -> list:
    """The binding an endpoint gateway asked for goes with it."""
    bindings_c = collections.collection(BINDINGS)
    return [(bindings_c, b) for b in ctx.partition(bindings_c.table).values()
            if b.get("_endpoint_gateway") == doc["id"]]
