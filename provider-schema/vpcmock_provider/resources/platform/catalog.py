"""The Global Catalog as the IBM provider reads it for `ibm_resource_instance`
(IBMCLOUD_RESOURCE_CATALOG_API_ENDPOINT + `/api/v1`; bluemix-go's resource catalog): the service
offering by its name, the plan of that name among the service's plans, the plan's deployment
in the instance's location (whose catalog CRN is the create's `target`); on read, the service's
and plan's names from the instance's `resource_id` and `resource_plan_id`.

Errors as the IBM provider words them ("Error retrieving service offering", "Error retrieving
plan", "No deployment found for service plan"). Catalog entries do not change while the
provider runs: each is asked once per catalog URL."""

from __future__ import annotations

import threading
from urllib.parse import quote

from vpcmock_provider.client import ApiError, Client

ENDPOINT = "IBMCLOUD_RESOURCE_CATALOG_API_ENDPOINT"
_CACHE: dict[tuple[str, str], object] = {}
_LOCK = threading.Lock()


def _url(client: Client) -> str:
    return client.endpoints[ENDPOINT].rstrip("/") + "/api/v1"


def _get(client: Client, path: str, params: dict | None = None):
    key = (_url(client) + path, repr(sorted((params or {}).items())))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    try:
        found = client.platform("GET", _url(client) + path, params=params)
    except ApiError as exc:
        if exc.status != 404:
            raise
        found = None
    with _LOCK:
        _CACHE[key] = found
    return found


def _service(client: Client, name: str) -> dict:
    answer = _get(client, "", {"q": f"name:{name} active:true", "complete": "false"}) or {}
    found = [e for e in answer.get("resources") or () if e.get("name") == name and e.get("kind") == "service"]
    if not found:
        raise ApiError(400, "service_offering_not_found",
                       f"Error retrieving service offering: no service {name!r} in the catalog", "service")
    return found[0]


def plan_id(client: Client, service: str, plan: str) -> str:
    """The plan id of `service`'s plan named `plan`."""
    offering = _service(client, service)
    plans = (_get(client, f"/{quote(offering['id'], safe='')}/plan") or {}).get("resources") or []
    found = next((p for p in plans if p.get("name") == plan), None)
    if found is None:
        names = ", ".join(sorted(p.get("name", "") for p in plans))
        raise ApiError(400, "plan_not_found", f"Error retrieving plan: {service} has no plan {plan!r} "
                       f"(its plans: {names})", "plan")
    return found["id"]


def target(client: Client, plan: str, location: str, plan_name: str) -> str:
    """The catalog CRN of the plan's deployment in `location`."""
    deployments = (_get(client, f"/{quote(plan, safe='')}/deployment") or {}).get("resources") or []
    for deployment in deployments:
        metadata = deployment.get("metadata") or {}
        if metadata.get("rc_compatible") and (metadata.get("deployment") or {}).get("location") == location:
            return deployment["catalog_crn"]
    raise ApiError(400, "deployment_not_found",
                   f"No deployment found for service plan : {plan_name} in location {location!r}", "location")


def name_of(client: Client, ident: str | None) -> str | None:
    """The name of the catalog entry `ident` (a service's or a plan's), None if unknown."""
    if not ident:
        return None
    found = _get(client, f"/{quote(ident, safe='')}")
    return found.get("name") if isinstance(found, dict) else None
