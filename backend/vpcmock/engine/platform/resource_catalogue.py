"""The resource catalogue: the Global Catalog services that Resource Controller instances are
made of, their plans and where each is deployed. One data file (`data/resource_catalogue.json`,
its `about` says where each id comes from) is the single source of truth for Resource
Controller (an instance's service, CRN and target, resource_instances.py) and for the Global
Catalog API the mock serves (http/routes/platform/global_catalog.py), which the Terraform
provider reads to turn `service` and `plan` into a plan id, as the IBM provider does.

A plan is deployed in each region of `regions` for a regional service, in `global` only for a
global one (Cloud Object Storage, DNS Services). A deployment's catalog CRN is what Resource
Controller answers as an instance's `target_crn`:
`crn:v1:bluemix:public:globalcatalog::::deployment:<plan id>%3A<location>` (a real COS
instance's, see the data file's sources).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "resource_catalogue.json"
DEPLOYMENT_PREFIX = "crn:v1:bluemix:public:globalcatalog::::deployment:"


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    display_name: str
    service: "Service"


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    display_name: str
    is_global: bool
    plan_names: tuple[str, ...]

    def locations(self) -> tuple[str, ...]:
        return ("global",) if self.is_global else regions()


@dataclass(frozen=True)
class Catalogue:
    services: dict[str, Service]       # by name
    by_id: dict[str, Service]          # by catalog id
    plans: dict[str, Plan]             # by plan id
    regions: tuple[str, ...]


@cache
def load(path: Path = DATA_FILE) -> Catalogue:
    data = json.loads(path.read_text())
    services, by_id, plans = {}, {}, {}
    for entry in data["services"]:
        service = Service(entry["id"], entry["name"], entry["display_name"], entry["location"] == "global",
                          tuple(p["name"] for p in entry["plans"]))
        services[service.name] = by_id[service.id] = service
        for p in entry["plans"]:
            plans[p["id"]] = Plan(p["id"], p["name"], p["display_name"], service)
    return Catalogue(services, by_id, plans, tuple(data["regions"]))


def regions() -> tuple[str, ...]:
    return load().regions


def plan(plan_id: str) -> Plan | None:
    return load().plans.get(plan_id)


def service(name_or_id: str) -> Service | None:
    found = load()
    return found.services.get(name_or_id) or found.by_id.get(name_or_id)


def plan_named(service_name: str, plan_name: str) -> Plan | None:
    return next((p for p in load().plans.values() if p.service.name == service_name and p.name == plan_name), None)


def plans_of(found: Service) -> list[Plan]:
    return [p for p in load().plans.values() if p.service is found]


def deployment_id(plan_id: str, location: str) -> str:
    return f"{plan_id}:{location}"


def deployment_crn(plan_id: str, location: str) -> str:
    return f"{DEPLOYMENT_PREFIX}{plan_id}%3A{location}"


def plan_of_target(target: str) -> str | None:
    """The plan a deployment's catalog CRN names; None for another target."""
    if not target.startswith(DEPLOYMENT_PREFIX):
        return None
    return unquote(target[len(DEPLOYMENT_PREFIX):]).rpartition(":")[0]


def location_of_target(target: str) -> str:
    """The location a create's `target` names: a region or `global` as it is; a deployment's
    catalog CRN (what the IBM provider sends) by its `<plan>%3A<location>` segment; another CRN
    by its location segment."""
    if target.startswith(DEPLOYMENT_PREFIX):
        return unquote(target[len(DEPLOYMENT_PREFIX):]).rpartition(":")[2]
    if target.startswith("crn:"):
        parts = target.split(":")
        return parts[5] if len(parts) > 5 else ""
    return target
