"""Behaviour beyond the generic, per collection, each hook small:

- a public gateway without a floating IP gets one (a floating IP of its zone, targeting it),
  deleted with it;
- a load balancer takes a private address in each of its subnets, and public ones when public;
- an instance group has `membership_count` memberships (made and removed as the count changes);
- a VPN gateway has its two members (active and standby), each with a private address in the
  gateway's subnet and a public one;
- a subnet's public gateway must be in the subnet's VPC and zone.

Hooks are looked up by collection key; the engine calls them at fixed points of an operation
(resources.py, which they call back for what they create, importing it where they use it).
Anything not listed here behaves as the generic engine makes it.
"""

from __future__ import annotations

import copy

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import addresses, collections, models, references, relations
from vpcmock.engine.generic.collections import Collection
from vpcmock.errors import ApiError, field


# What IBM documents as a property's default where the generic fill (values.zero) would mislead.
DEFAULTS = {
    "security_groups.rules": {"local": {"cidr_block": "0.0.0.0/0"}, "remote": {"cidr_block": "0.0.0.0/0"},
                              "ip_version": "ipv4"},
    "network_acls.rules": {"ip_version": "ipv4"},
    "load_balancers": {"profile": {"family": "application", "href": "/load_balancer/profiles/dynamic",
                                   "name": "dynamic"}},
}


def default(c: Collection, name: str, ctx: Ctx):
    value = DEFAULTS.get(c.key, {}).get(name)
    if isinstance(value, dict) and "href" in value:
        value = {**value, "href": f"/{ctx.region}/v1{value['href']}"}
    return copy.deepcopy(value)


# -- public gateways ---------------------------------------------------------------------------

def _public_gateway_floating_ip(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    given = proto.get("floating_ip") or {}
    if any(key in given for key in ("id", "crn", "href", "address")):
        return  # an existing floating IP, resolved by the generic engine
    from vpcmock.engine.generic import resources
    fips = collections.collection("floating_ips")
    target = models.leaves("FloatingIPTarget")
    leaf = next(m for m in target if "PublicGateway" in m)
    fip_proto = {"name": given.get("name") or f"{doc['name']}-fip", "zone": {"name": doc["zone"]["name"]}}
    if given.get("resource_group"):
        fip_proto["resource_group"] = given["resource_group"]
    fip = resources.create(ctx, fips, None, fip_proto, models.properties("FloatingIPPrototypeFloatingIPByZone"))
    ctx.store.put(fips.table, {**fip, "target": references.project(ctx, doc, leaf), "_refs": [doc["id"]],
                               "_owner": doc["id"]})
    doc["floating_ip"] = references.project(ctx, fip, models.properties("PublicGateway")["floating_ip"]["model"])


def _owned_floating_ips(ctx: Ctx, c: Collection, doc: dict) -> list[tuple[Collection, dict]]:
    fips = collections.collection("floating_ips")
    return [(fips, fip) for fip in ctx.partition(fips.table).values() if fip.get("_owner") == doc["id"]]


# -- load balancers ------------------------------------------------------------------------------

def _load_balancer_public_ips(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A public load balancer answers on two public addresses; a private one on none."""
    doc["public_ips"] = [{"address": addresses.public(doc["id"], i)} for i in range(2)] if doc.get("is_public") else []


# -- instance groups -----------------------------------------------------------------------------

def _memberships(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    _scale(ctx, doc, doc.get("membership_count") or 0)


def _scale(ctx: Ctx, group: dict, count: int) -> None:
    from vpcmock.engine.generic import resources
    members_c = collections.collection("instance_groups.memberships")
    current = list(relations.children(ctx, members_c, group["id"]).values())
    for index in range(len(current), count):
        resources.create(ctx, members_c, group, {"name": f"{group['name']}-member-{index + 1}"},
                         {"name": {"type": "string"}})
    for member in current[count:][::-1]:
        ctx.store.delete(members_c.table, member["id"])


def _rescale(ctx: Ctx, c: Collection, before: dict, after: dict, patch: dict) -> None:
    if "membership_count" in patch and patch["membership_count"] is not None:
        _scale(ctx, after, patch["membership_count"])


# -- VPN gateways ---------------------------------------------------------------------------------

def _vpn_members(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    from vpcmock.engine.generic import resources
    members_c = collections.collection("vpn_gateways.members")
    for role in ("active", "standby"):
        resources.create(ctx, members_c, doc, {"role": role}, {"role": {"type": "string"}})


# -- a subnet's public gateway ---------------------------------------------------------------------

def check_subnet_public_gateway(ctx: Ctx, parent_c: Collection, subnet: dict, name: str, kind, gateway: dict) -> None:
    if parent_c.key != "subnets" or name != "public_gateway":
        return
    if gateway.get("vpc", {}).get("id") != subnet["vpc"]["id"]:
        raise ApiError(400, "public_gateway_vpc_mismatch", f"Public gateway {gateway['id']} is not in the subnet's "
                       f"VPC {subnet['vpc']['id']}", field("id", gateway["id"]))
    if gateway.get("zone", {}).get("name") != subnet["zone"]["name"]:
        raise ApiError(400, "public_gateway_zone_mismatch", f"Public gateway {gateway['id']} is in zone "
                       f"{gateway.get('zone', {}).get('name')}, the subnet in {subnet['zone']['name']}",
                       field("id", gateway["id"]))


# -- actions -----------------------------------------------------------------------------------------

# What an action (POST `/<collection>/{id}/<action>`) changes on its resource, as later reads show it.
ACTIONS = {"start": {"status": "running"}, "stop": {"status": "stopped"}, "restart": {"status": "running"},
           "activate": {"status": "active"}, "publish": {"published": True}, "unpublish": {"published": False},
           "deny": {"status": "denied"}, "permit": {"status": "permitted"}, "cancel": {"status": "canceled"},
           "disconnect": {"status": "disconnected"}}


def action_changes(c: Collection, action: str) -> dict | None:
    """The changes `action` makes on a member of `c`, if the model has those properties (and
    those values in their enums); None: not an action the engine knows."""
    changes = ACTIONS.get(action)
    if changes is None or not c.model:
        return None
    for name, value in changes.items():
        schema = models.schema_of(c.model, name)
        if schema is None or (schema.get("enum") and value not in schema["enum"]):
            return None
    return changes


# -- the registry ---------------------------------------------------------------------------------

BEFORE_CREATE = {"public_gateways": _public_gateway_floating_ip, "load_balancers": _load_balancer_public_ips}
AFTER_CREATE = {"instance_groups": _memberships, "vpn_gateways": _vpn_members}
AFTER_UPDATE = {"instance_groups": _rescale}
OWNED = {"public_gateways": _owned_floating_ips}


def before_create(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    hook = BEFORE_CREATE.get(c.key)
    if hook:
        hook(ctx, c, doc, proto, builder)


def after_create(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    hook = AFTER_CREATE.get(c.key)
    if hook:
        hook(ctx, c, doc, proto)


def after_update(ctx: Ctx, c: Collection, before: dict, after: dict, patch: dict) -> None:
    hook = AFTER_UPDATE.get(c.key)
    if hook:
        hook(ctx, c, before, after, patch)


def owned(ctx: Ctx, c: Collection, doc: dict) -> list[tuple[Collection, dict]]:
    """What goes with `doc` when it is deleted, beside its sub-collections' members."""
    hook = OWNED.get(c.key)
    return hook(ctx, c, doc) if hook else []


def before_singleton(ctx: Ctx, parent_c: Collection, parent: dict, name: str, kind, doc: dict) -> None:
    check_subnet_public_gateway(ctx, parent_c, parent, name, kind, doc)
