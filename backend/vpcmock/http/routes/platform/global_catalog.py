"""The Global Catalog API (ibm-platform-services GlobalCatalogV1; the catalog the IBM provider
reads through IBMCLOUD_RESOURCE_CATALOG_API_ENDPOINT to turn `service` and `plan` into a plan
id and a deployment) at `<mock>/globalcatalog/api/v1`, served from the resource catalogue
(engine/platform/resource_catalogue.py, data/resource_catalogue.json): each service, its plans
(`kind` plan, children of the service) and each plan's deployments (`kind` deployment, one per
location, children of the plan, whose `catalog_crn` is the target a create names).

What is served: GET `/` (a search: `q` terms `name:<x>`, `kind:<x>`, `active:true`, or words a
name contains; `offset`, `limit`), GET `/{id}` (404 for an id the catalog does not hold) and
GET `/{id}/{kind}` (its children of that kind, `*` for all). Public catalog entries are read
without a token, as IBM's are; nothing here is writable (the catalog is IBM's)."""

from __future__ import annotations

from flask import Blueprint, request

from vpcmock.engine.platform import resource_catalogue as catalogue
from vpcmock.errors import ApiError, parameter
from vpcmock.http.common import query_int, respond
from vpcmock.http.schemas.base import output_schema

MOUNT = "/globalcatalog"
ENV = "IBMCLOUD_RESOURCE_CATALOG_API_ENDPOINT"  # the IBM provider's variable (conns/config.go)
bp = Blueprint("global_catalog", __name__, url_prefix=MOUNT + "/api/v1")
_PROVIDER = {"name": "IBM", "email": "catalog@ibm.com"}
# GlobalCatalogV1's CatalogEntry and EntrySearchResult: the properties the mock answers.
ENTRY = output_schema("CatalogEntry", "id name kind active disabled tags provider images overview_ui catalog_crn url "
                      "children_url metadata parent_id geo_tags")
SEARCH = output_schema("EntrySearchResult", "offset limit count resource_count resources")


def _base() -> str:
    return request.host_url.rstrip("/") + request.script_root + MOUNT + "/api/v1"


def _entry(ident: str, name: str, kind: str, display: str, parent: str | None, crn_kind: str, metadata: dict) -> dict:
    entry = {"id": ident, "name": name, "kind": kind, "active": True, "disabled": False, "tags": [],
             "provider": _PROVIDER, "images": {"image": ""},
             "overview_ui": {"en": {"display_name": display, "description": display, "long_description": display}},
             "catalog_crn": f"crn:v1:bluemix:public:globalcatalog::::{crn_kind}:{ident}",
             "url": f"{_base()}/{ident}", "children_url": f"{_base()}/{ident}/%2A", "metadata": metadata}
    if parent:
        entry["parent_id"] = parent
    return entry


def _service(found: catalogue.Service) -> dict:
    entry = _entry(found.id, found.name, "service", found.display_name, None, "service",
                   {"rc_compatible": True, "service": {"rc_provisionable": True, "iam_compatible": True}})
    entry["geo_tags"] = list(found.locations())
    return entry


def _plan(found: catalogue.Plan) -> dict:
    entry = _entry(found.id, found.name, "plan", found.display_name, found.service.id, "plan",
                   {"rc_compatible": True, "plan": {"reservable": False}})
    entry["geo_tags"] = list(found.service.locations())
    return entry


def _deployment(found: catalogue.Plan, location: str) -> dict:
    ident = catalogue.deployment_id(found.id, location)
    entry = _entry(ident, location, "deployment", location, found.id, "deployment",
                   {"rc_compatible": True, "deployment": {"location": location,
                                                          "target_crn": catalogue.deployment_crn(found.id, location)}})
    entry["catalog_crn"] = catalogue.deployment_crn(found.id, location)
    entry["geo_tags"] = [location]
    return entry


def _deployments(found: catalogue.Plan) -> list[dict]:
    return [_deployment(found, location) for location in found.service.locations()]


def _every() -> list[dict]:
    out = []
    for found in catalogue.load().services.values():
        out.append(_service(found))
        for plan in catalogue.plans_of(found):
            out.append(_plan(plan))
            out.extend(_deployments(plan))
    return out


def _by_id(ident: str) -> dict | None:
    found = catalogue.service(ident)
    if found is not None and found.id == ident:
        return _service(found)
    plan = catalogue.plan(ident)
    if plan is not None:
        return _plan(plan)
    plan_id, _, location = ident.rpartition(":")
    plan = catalogue.plan(plan_id)
    if plan is not None and location in plan.service.locations():
        return _deployment(plan, location)
    return None


def _matches(entry: dict, query: str) -> bool:
    for term in query.replace("+", " ").split():
        key, colon, value = term.partition(":")
        if not colon:
            if term.lower() not in entry["name"].lower():
                return False
        elif key == "name" and entry["name"] != value:
            return False
        elif key == "kind" and entry["kind"] != value:
            return False
        elif key == "active" and str(entry["active"]).lower() != value.lower():
            return False
    return True


def _search(entries: list[dict]):
    """One page of `entries` (offset, limit 0..200, 200 by default: the API's limits)."""
    query = request.args.get("q") or ""
    entries = [e for e in entries if _matches(e, query)] if query else entries
    offset, limit = query_int("_offset", 0, 0, 2**31 - 1), query_int("_limit", 200, 0, 200)
    page = entries[offset:offset + limit]
    return respond({"offset": offset, "limit": limit, "count": len(page), "resource_count": len(entries),
                    "resources": page}, SEARCH)


@bp.get("")
def list_entries():
    """Search the catalog's entries.

    Its services, or (a `kind:` term in `q`) entries of every kind."""
    query = request.args.get("q") or ""
    kind_given = any(term.startswith("kind:") for term in query.replace("+", " ").split())
    entries = _every() if kind_given else [_service(s) for s in catalogue.load().services.values()]
    return _search(entries)


def _found(ident: str) -> dict:
    found = _by_id(ident)
    if found is None:
        raise ApiError(404, "not_found", f"No catalog entry {ident!r}", parameter("id", ident))
    return found


@bp.get("/<ident>")
def get_entry(ident: str):
    """Get a catalog entry."""
    return respond(_found(ident), ENTRY)


@bp.get("/<ident>/<kind>")
def get_child_objects(ident: str, kind: str):
    """List a catalog entry's children of a kind.

    A service's plans (`plan`), a plan's deployments (`deployment`); `*` for every kind."""
    entry = _found(ident)
    if entry["kind"] == "service":
        children = [_plan(p) for p in catalogue.plans_of(catalogue.service(entry["id"]))]
    elif entry["kind"] == "plan":
        children = _deployments(catalogue.plan(entry["id"]))
    else:
        children = []
    return _search([c for c in children if kind in ("*", c["kind"])])
