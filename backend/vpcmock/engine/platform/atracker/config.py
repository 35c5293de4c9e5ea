"""What Activity Tracker Event Routing checks and adds to what the generic engine keeps of its
targets and routes, and the account's settings (``GET/PUT /api/v2/settings``, a document per
account: no collection of the table holds it).

Sources: the API's Go SDK (atrackerv2, read into the table) for the shapes, and its doc comments
for the rules: a target's type names the one endpoint it needs ("Based on this type you must
include cos_endpoint, ..."); a COS endpoint's API key "is required if service_to_service is not
enabled" and "is masked in the response"; "You can define up to 16 targets per account"; names
are "1000 characters or less" of letters, digits and `(space) - . _ :`; `permitted_target_regions`:
"If present then only these regions may be used to define a target"; default targets: "Enterprise-
managed targets are not supported"; a rule's locations are "a superset of regions including global
and *"; `managed_by` "is immutable". Our choices, where the SDK says nothing: every invalid input
is 400 `bad_request` naming the field; a target a route or the default targets still name cannot be
deleted (409 `target_in_use`); a target's type and region cannot change on replace (the IBM provider
makes both ForceNew); the settings an account starts with (below).
"""

from __future__ import annotations

import re

from vpcmock import api_table
from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, field
from vpcmock.store.repository import GENERIC_PREFIX
from vpcmock.timeutil import rfc3339

SERVICE = "atracker"
TARGETS = f"{GENERIC_PREFIX}{SERVICE}/api.v2.targets"
ROUTES = f"{GENERIC_PREFIX}{SERVICE}/api.v2.routes"
SETTINGS = "atracker/settings"
API_VERSION = 2
MAX_TARGETS = 16  # "You can define up to 16 targets per account" (the SDK's create_target doc)
NAME = re.compile(r"^[a-zA-Z0-9 \-._:]{1,1000}$")  # "1000 characters or less ... `(space) - . _ :`"
ENDPOINTS = {  # target_type -> the endpoint property it requires (the SDK's CreateTargetOptions doc)
    "cloud_object_storage": "cos_endpoint",
    "event_streams": "eventstreams_endpoint",
    "cloud_logs": "cloudlogs_endpoint",
    "app_config": "appconfig_endpoint",
}
LOCATION_WILDCARD = "*"
LOCATION_GLOBAL = "global"


def regions() -> list[str]:
    """The regions Activity Tracker Event Routing runs in: its SDK's regional endpoints."""
    return sorted(r for r in api_table.table(SERVICE)["endpoint"]["regional_urls"] if not r.startswith("private."))


def bad(message: str, name: str, value=None) -> ApiError:
    # 400 `bad_request` for any invalid input, the message naming what is wrong (our choice: the
    # SDK documents no error codes).
    return ApiError(400, "bad_request", message, field(name, value))


# -- targets ------------------------------------------------------------------------------------------

def targets(store, account: str) -> dict[str, dict]:
    """The account's targets, by id (at most 16: read from the table whole)."""
    return {ident: doc for ident, doc in store.all(TARGETS).items() if doc.get("_account") == account}


def routes(store, account: str) -> list[dict]:
    return [doc for doc in store.all(ROUTES).values() if doc.get("_account") == account]


def check_target(ctx: Ctx, body: dict, existing: dict | None) -> None:
    """A target prototype (create) or replacement (`existing`) as Activity Tracker accepts it."""
    name = body.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise bad("name must be 1 to 1000 letters, digits, spaces or - . _ :", "name", name)
    kind = body.get("target_type") if existing is None else existing["target_type"]
    if existing is not None and body.get("target_type") not in (None, kind):
        raise bad(f"target_type cannot change ({kind})", "target_type", body.get("target_type"))
    if kind not in ENDPOINTS:
        raise bad(f"target_type must be one of {', '.join(sorted(ENDPOINTS))}", "target_type", kind)
    if body.get("managed_by") not in (None, "account", "enterprise"):
        raise bad("managed_by must be account or enterprise", "managed_by", body.get("managed_by"))
    wanted = ENDPOINTS[kind]
    for other in ENDPOINTS.values():
        if other != wanted and body.get(other) is not None:
            raise bad(f"a {kind} target takes {wanted}, not {other}", other)
    if existing is None and body.get(wanted) is None:
        raise bad(f"a {kind} target requires {wanted}", wanted)
    cos = body.get("cos_endpoint")
    if cos is not None and not cos.get("service_to_service_enabled") and not cos.get("api_key"):
        raise bad("cos_endpoint requires api_key unless service_to_service_enabled is true", "cos_endpoint.api_key")
    region = body.get("region") or (existing or {}).get("region") or ctx.region
    if existing is not None and body.get("region") not in (None, existing.get("region")):
        raise bad(f"region cannot change ({existing.get('region')})", "region", body.get("region"))
    check_region(ctx, region, "region")
    if existing is None and len(targets(ctx.store, ctx.account)) >= MAX_TARGETS:
        raise bad(f"an account holds at most {MAX_TARGETS} targets", "name", name)
    if existing is not None and body.get("managed_by") not in (None, existing.get("managed_by")):
        raise bad("managed_by cannot change", "managed_by", body.get("managed_by"))


def check_region(ctx: Ctx, region: str, name: str) -> None:
    if region not in regions():
        raise bad(f"{region!r} is not an Activity Tracker Event Routing region ({', '.join(regions())})", name, region)
    permitted = settings(ctx)["permitted_target_regions"]
    if permitted and region not in permitted:
        raise bad(f"targets may only be defined in the permitted target regions ({', '.join(permitted)})", name,
                  region)


def fill_target(ctx: Ctx, doc: dict, proto: dict) -> None:
    """What a new target shows beside what it was given (generic engine hook, before it is stored)."""
    from vpcmock.engine.platform.atracker import delivery
    delivery.start_cursor(ctx.store)  # the first target receives the events from now on, none before
    doc["region"] = proto.get("region") or ctx.region
    doc["api_version"] = API_VERSION
    doc["managed_by"] = proto.get("managed_by") or "account"
    doc["write_status"] = {"status": "success"}
    _keep_key(doc, proto)


def _keep_key(doc: dict, proto: dict) -> None:
    # The API key is write-only ("This credential is masked in the response"): kept out of sight.
    key = (proto.get("cos_endpoint") or {}).get("api_key")
    if key:
        doc["_cos_api_key"] = key
    if isinstance(doc.get("cos_endpoint"), dict):
        doc["cos_endpoint"].pop("api_key", None)
    if (proto.get("cos_endpoint") or {}).get("service_to_service_enabled") is None and doc.get("cos_endpoint"):
        doc["cos_endpoint"]["service_to_service_enabled"] = False


def refill_target(ctx: Ctx, before: dict, after: dict, body: dict) -> None:
    """A replaced target keeps its write status and what cannot change (generic engine hook)."""
    for name in ("region", "managed_by", "write_status", "created_at"):
        if name in before:
            after[name] = before[name]
    after["api_version"] = API_VERSION
    after["updated_at"] = rfc3339(ctx.now)
    _keep_key(after, body)
    ctx.store.put(TARGETS, after)


def in_use(ctx: Ctx, target: dict) -> None:
    """A target a route or the default targets name cannot be deleted (code `target_in_use`: ours;
    the docs say to remove it from routes and settings first)."""
    for route in routes(ctx.store, ctx.account):
        if any(target["id"] in rule.get("target_ids", []) for rule in route.get("rules", [])):
            raise ApiError(409, "target_in_use", f"target {target['id']} is named by route {route['id']}: remove it "
                           "from the route first", field("id", target["id"]))
    if target["id"] in settings(ctx)["default_targets"]:
        raise ApiError(409, "target_in_use", f"target {target['id']} is a default target: remove it from the "
                       "settings first", field("id", target["id"]))


# -- routes -------------------------------------------------------------------------------------------

def check_route(ctx: Ctx, body: dict) -> None:
    name = body.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise bad("name must be 1 to 1000 letters, digits, spaces or - . _ :", "name", name)
    if body.get("managed_by") not in (None, "account", "enterprise"):
        raise bad("managed_by must be account or enterprise", "managed_by", body.get("managed_by"))
    rules = body.get("rules") or []
    if not rules:
        raise bad("a route needs at least one rule", "rules", rules)
    known = targets(ctx.store, ctx.account)
    locations = set(regions()) | {LOCATION_GLOBAL, LOCATION_WILDCARD}
    for index, rule in enumerate(rules):
        ids = rule.get("target_ids") or []
        if not ids:
            raise bad("a rule needs at least one target", f"rules[{index}].target_ids", ids)
        for ident in ids:
            if ident not in known:
                raise bad(f"no target {ident!r} in this account", f"rules[{index}].target_ids", ident)
        for location in rule.get("locations") or []:
            if location not in locations:
                raise bad(f"{location!r} is not a location: a region, global or *", f"rules[{index}].locations",
                          location)


def fill_route(ctx: Ctx, doc: dict, proto: dict) -> None:
    doc["api_version"] = API_VERSION
    doc["version"] = 0
    doc["managed_by"] = proto.get("managed_by") or "account"
    for rule in doc.get("rules", []):
        rule.setdefault("locations", [])  # the answer's Rule requires it; a rule without any matches nothing


def refill_route(ctx: Ctx, before: dict, after: dict, body: dict) -> None:
    after["api_version"] = API_VERSION
    after["version"] = (before.get("version") or 0) + 1
    after["managed_by"] = before.get("managed_by") or "account"
    after["created_at"] = before.get("created_at", after.get("created_at"))
    after["updated_at"] = rfc3339(ctx.now)
    for rule in after.get("rules", []):
        rule.setdefault("locations", [])
    ctx.store.put(ROUTES, after)


# -- settings ------------------------------------------------------------------------------------------

def settings(ctx: Ctx) -> dict:
    """The account's settings; before any PUT, the defaults an account starts with: no default
    targets, every region permitted, metadata in the region served, public API allowed."""
    doc = ctx.store.get(SETTINGS, ctx.account)
    if doc is not None:
        return {k: v for k, v in doc.items() if not k.startswith("_") and k != "id"}
    return {"default_targets": [], "permitted_target_regions": [], "metadata_region_primary": ctx.region,
            "private_api_endpoint_only": False, "api_version": API_VERSION}


def put_settings(ctx: Ctx, body: dict) -> dict:
    known = targets(ctx.store, ctx.account)
    for name in ("metadata_region_primary", "metadata_region_backup"):
        if body.get(name) is not None and body[name] not in regions():
            raise bad(f"{body[name]!r} is not an Activity Tracker Event Routing region", name, body[name])
    if body.get("metadata_region_backup") and body["metadata_region_backup"] == body["metadata_region_primary"]:
        raise bad("metadata_region_backup must differ from metadata_region_primary", "metadata_region_backup",
                  body["metadata_region_backup"])
    permitted = body.get("permitted_target_regions") or []
    for region in permitted:
        if region not in regions():
            raise bad(f"{region!r} is not an Activity Tracker Event Routing region", "permitted_target_regions", region)
    for ident in body.get("default_targets") or []:
        target = known.get(ident)
        if target is None:
            raise bad(f"no target {ident!r} in this account", "default_targets", ident)
        if target.get("managed_by") == "enterprise":
            raise bad("enterprise-managed targets cannot be default targets", "default_targets", ident)
        if permitted and target.get("region") not in permitted:
            raise bad(f"target {ident} is in {target.get('region')}, not a permitted target region",
                      "default_targets", ident)
    doc = {"id": ctx.account, "default_targets": list(body.get("default_targets") or []),
           "permitted_target_regions": list(permitted),
           "metadata_region_primary": body["metadata_region_primary"],
           "private_api_endpoint_only": body["private_api_endpoint_only"], "api_version": API_VERSION}
    if body.get("metadata_region_backup"):
        doc["metadata_region_backup"] = body["metadata_region_backup"]
    ctx.store.put(SETTINGS, ctx.stamp(doc))
    return settings(ctx)


def refill_target_hook(ctx: Ctx, c, before: dict, after: dict, body: dict) -> None:
    refill_target(ctx, before, after, body)


def refill_route_hook(ctx: Ctx, c, before: dict, after: dict, body: dict) -> None:
    refill_route(ctx, before, after, body)
