"""Plausible values for what the service fills in: ids in the VPC family's format, CRNs, hrefs,
timestamps, states that say ready, names, hostnames, and a type's zero for the rest."""

from __future__ import annotations

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic.collections import Collection
from vpcmock.timeutil import rfc3339

# A state property takes the first of these its enum has (else the enum's first value).
READY = ("stable", "available", "active", "running", "healthy", "ok", "up", "attached", "enabled", "succeeded",
         "completed", "current", "permitted", "approved", "online", "configured", "none")
_ZERO = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}


def new_id(ctx: Ctx) -> str:
    return ids.new_id(ctx.region)


def crn(ctx: Ctx, c: Collection, ident: str, zone: str | None) -> str:
    """A zonal resource's CRN names its zone, any other its region (as IBM's do)."""
    return ids.crn(zone or ctx.region, ctx.account, c.crn_kind, ident)


def href(ctx: Ctx, c: Collection, ident: str, parent: dict | None, parent_c: Collection | None) -> str:
    """The item's path (HTTP makes it absolute): under its parent's href for a sub-collection."""
    if parent is not None and parent_c is not None:
        return f"{parent['href']}{c.path[len(parent_c.path) + 3:]}/{ident}"
    return f"/{ctx.region}/v1{c.path}/{ident}"


def now(ctx: Ctx) -> str:
    return rfc3339(ctx.now)


def ready(enum: list) -> str:
    return next((value for value in READY if value in enum), enum[0])


def hostname(ctx: Ctx, c: Collection, ident: str) -> str:
    """A load balancer's (or VPN server's) DNS name: `<first id part>-<region>.lb.appdomain.cloud`."""
    part = ident.split("-", 2)[1] if ident.count("-") >= 2 else ident[:8]
    service = "lb" if "load_balancer" in c.singular else c.singular.split("_")[0]
    return f"{part}-{ctx.region}.{service}.appdomain.cloud"


def name(taken) -> str:
    return ids.random_name(taken)


def zero(schema: dict):
    enum = schema.get("enum")
    if enum:
        return ready(enum)
    value = _ZERO.get(schema.get("type"), None)
    return value.copy() if isinstance(value, (list, dict)) else value
