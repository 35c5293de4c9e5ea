"""A VPC's default security group, network ACL and routing table, made as the generic engine's
resources when the emulated engine creates the VPC (engine/network/vpcs.py), under the ids the
VPC names them by, and removed with it.

As in IBM Cloud: the default security group lets in what comes from its own members and lets
everything out; the default network ACL allows all traffic both ways; the default routing
table has no routes of its own. A VPC that other resources of the generic engine still name (a
security group, a public gateway, ...) cannot be deleted (409 `vpc_in_use`).
"""

from __future__ import annotations

from vpcmock import api_table
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, models, relations, resources
from vpcmock.errors import conflict, parameter

DEFAULTS = (("default_security_group", "security_groups"), ("default_network_acl", "network_acls"),
            ("default_routing_table", "vpcs.routing_tables"))


def _prototype(key: str, vpc: dict, name: str) -> dict:
    own = {"id": vpc["id"]}
    if key == "security_groups":
        return {"name": name, "vpc": own, "rules": [
            {"direction": "inbound", "protocol": "any", "ip_version": "ipv4",
             "remote": {"id": vpc["default_security_group"]["id"]}},
            {"direction": "outbound", "protocol": "any", "ip_version": "ipv4", "remote": {"cidr_block": "0.0.0.0/0"}}]}
    if key == "network_acls":
        return {"name": name, "vpc": own, "rules": [
            {"name": f"{name}-allow-inbound", "action": "allow", "direction": "inbound", "protocol": "any",
             "source": "0.0.0.0/0", "destination": "0.0.0.0/0"},
            {"name": f"{name}-allow-outbound", "action": "allow", "direction": "outbound", "protocol": "any",
             "source": "0.0.0.0/0", "destination": "0.0.0.0/0"}]}
    return {"name": name}


def _props(key: str, proto: dict) -> dict:
    c = collections.collection(key)
    body = api_table.operation(c.ops["create"])["body"]
    if body.get("model"):
        return models.properties(models.pick(body["model"], proto))
    return body["properties"]


def create_for(ctx: Ctx, vpc: dict) -> None:
    for name, key in DEFAULTS:
        c = collections.collection(key)
        ref = vpc[name]
        proto = _prototype(key, vpc, ref["name"])
        doc = resources.create(ctx, c, vpc if c.parent else None, proto, _props(key, proto), ident=ref["id"])
        if key == "vpcs.routing_tables":
            ctx.store.put(c.table, {**doc, "is_default": True})


def release(ctx: Ctx, vpc: dict) -> None:
    """Refuse to delete a VPC other generic resources name; else delete its defaults."""
    defaults = []
    for name, key in DEFAULTS:
        c = collections.collection(key)
        doc = ctx.owned(ctx.store.get(c.table, (vpc.get(name) or {}).get("id", "")))
        if doc is not None:
            defaults += relations.descendants(ctx, c, doc) + [(c, doc)]
    inside = {vpc["id"]} | {doc["id"] for _, doc in defaults}
    held = [(table, doc) for table, doc in relations.holders(ctx, inside)
            if table.startswith(collections.TABLE_PREFIX)]
    if held:
        table, doc = held[0]
        raise conflict("vpc_in_use", f"VPC {vpc['id']} is in use by {len(held)} resources "
                       f"({table.removeprefix(collections.TABLE_PREFIX)} {doc['id']}); delete them first",
                       parameter("id", vpc["id"]))
    for c, doc in defaults:
        ctx.store.delete(c.table, doc["id"])
