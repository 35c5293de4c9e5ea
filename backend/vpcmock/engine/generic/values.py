"""Plausible values for what the service fills in: ids in the VPC family's format, CRNs, hrefs,
timestamps, states that say ready, names, hostnames, and a type's zero for the rest."""

from __future__ import annotations

from urllib.parse import quote

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import service
from vpcmock.engine.generic.collections import Collection
from vpcmock.timeutil import rfc3339

# A state property takes the first of these its enum has (else the enum's first value).
READY = ("stable", "available", "active", "running", "healthy", "ok", "up", "attached", "enabled", "succeeded",
         "completed", "current", "permitted", "approved", "online", "configured", "none")
_ZERO = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}


def new_id(ctx: Ctx, c: Collection | None = None) -> str:
    """An id in the format of the service serving `c` (service.SERVICES; a resource instance's
    is its CRN), the VPC family's (`r006-<uuid>`) otherwise."""
    spec = service.spec()
    if spec is None or c is None:
        return ids.new_id(ctx.region)
    if spec.slash_ids:  # Resource Controller: the id is the CRN, ending with the guid
        return _platform_crn(ctx, spec, "", service.plain_uuid()) + "::"
    return service.new_id(c.key)


def crn(ctx: Ctx, c: Collection, ident: str, zone: str | None) -> str:
    """A zonal resource's CRN names its zone, any other its region (as IBM's do); another
    service's names that service (and no region for a global one)."""
    spec = service.spec()
    if spec is not None:
        return ident if ident.startswith("crn:") else _platform_crn(ctx, spec, c.crn_kind, ident)
    return ids.crn(zone or ctx.region, ctx.account, c.crn_kind, ident)


def _platform_crn(ctx: Ctx, spec: service.Service, kind: str, ident: str) -> str:
    location = "global" if spec.global_ else ctx.region
    return f"crn:v1:bluemix:public:{spec.crn_service}:{location}:a/{ctx.account}:{ident if not kind else ''}" + (
        f":{kind}:{ident}" if kind else "")


def guid(ident: str) -> str:
    """The guid an id ends with (a CRN's last non-empty segment)."""
    return next((part for part in reversed(ident.split(":")) if part), ident)


def href(ctx: Ctx, c: Collection, ident: str, parent: dict | None, parent_c: Collection | None) -> str:
    """The item's path (HTTP makes it absolute): under its parent's href for a sub-collection;
    another service's under where the mock serves it, with the request's path values."""
    spec = service.spec()
    if parent is not None and parent_c is not None and parent.get("href"):
        return f"{parent['href']}{c.path[len(parent_c.path) + 3:]}/{ident}"
    if spec is not None:
        path = c.path
        for value in service.path_values():
            path = path.replace("{}", quote(value, safe=""), 1)
        return f"{spec.mount}{service.base_path()}{path}/{quote(ident, safe='')}"
    return f"/{ctx.region}/v1{c.path}/{ident}"


def platform_fill(ctx: Ctx, c: Collection, name: str, schema: dict, ident: str):
    """What another service fills in by the property's name (`account_id`, `guid`,
    `created_by`, `entity_tag`); NOTHING where the generic rules apply."""
    kind = schema.get("type")
    if kind != "string":
        return NOTHING
    if name in ("state", "status", "lifecycle_state"):  # ready: what clients wait for (a resource
        return ready(schema["enum"]) if schema.get("enum") else "active"  # instance's `active`)
    if name == "instance_id" and service.path_values():  # DNS Services: the instance in the path
        return service.path_values()[0]
    if name == "crn":
        return crn(ctx, c, ident, None)
    if name in ("created_at", "updated_at", "last_modified_at", "created_on", "modified_on"):
        return now(ctx)
    if name == "account_id":
        return ctx.account
    if name == "guid":
        return guid(ident)
    if name == "iam_id" and ident.startswith(("ServiceId-", "Profile-")):
        return f"iam-{ident}"
    if name == "apikey":  # an API key's secret, answered at its creation
        return service.hex32() + service.hex32()[:12]
    if name in ("created_by", "updated_by", "last_modified_by", "modified_by", "iam_id", "deleted_by") or (
            name.endswith("_by_id")):
        return (ctx.initiator or {}).get("id") or f"iam-ServiceId-{ctx.account}"
    if name in ("entity_tag", "etag"):
        return f"1-{service.hex32()}"
    return NOTHING


NOTHING = object()
# What another service fills in even where its model makes it optional (service.Service).
ALWAYS = ("id", "crn", "guid", "account_id", "instance_id", "created_at", "updated_at", "created_on", "modified_on",
          "created_by", "entity_tag", "etag", "state", "status")


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


def counts(doc: dict, props: dict[str, dict]) -> dict:
    """`doc` with each `<x>_count` integer its model has set to the length of its array `<x>`
    (a CBR zone's `address_count`); the same `doc` when nothing changes."""
    changed = {}
    for name, schema in props.items():
        if name.endswith("_count") and schema.get("type") == "integer":
            base = name[:-len("_count")]
            array = next((doc[key] for key in (base, base + "s", base + "es") if isinstance(doc.get(key), list)), None)
            if array is not None and doc.get(name) != len(array):
                changed[name] = len(array)
    return {**doc, **changed} if changed else doc
