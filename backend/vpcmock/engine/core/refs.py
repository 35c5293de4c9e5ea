"""Reference shapes shared by many resources (hrefs are paths here; HTTP makes them absolute)."""

from vpcmock.catalog import REGIONS, region_of_zone, zones_of
from vpcmock.errors import bad_field


def identity_id(identity: dict) -> str:
    """The id an identity names: ``{"id"}``, ``{"crn"}`` (its last segment) or ``{"href"}`` (its last path part)."""
    if identity.get("id"):
        return identity["id"]
    if identity.get("crn"):
        return identity["crn"].rpartition(":")[2]
    return (identity.get("href") or "").rstrip("/").rpartition("/")[2]


def region_href(region: str) -> str:
    return f"/{region}/v1/regions/{region}"


def region_ref(region: str) -> dict:
    return {"href": region_href(region), "name": region}


def zone_ref(zone: str) -> dict:
    return {"href": f"{region_href(region_of_zone(zone))}/zones/{zone}", "name": zone}


def resolve_zone(identity: dict, region: str, target: str) -> str:
    """A ZoneIdentity ({name} or {href}) of `region`, or a 400 naming `target`."""
    name = identity.get("name") or (identity.get("href") or "").rstrip("/").rpartition("/")[2]
    if name not in zones_of(region):
        raise bad_field("zone_not_found", f"Zone {name!r} is not a zone of region {region}", target, name)
    return name


def resolve_region(identity: dict, target: str) -> str:
    name = identity.get("name") or (identity.get("href") or "").rstrip("/").rpartition("/")[2]
    if name not in REGIONS:
        raise bad_field("region_not_found", f"Region {name!r} does not exist", target, name)
    return name


def reference(doc: dict, resource_type: str | None = None, *, with_crn: bool = True) -> dict:
    ref = {"href": doc["href"], "id": doc["id"], "name": doc["name"]}
    if with_crn and "crn" in doc:
        ref["crn"] = doc["crn"]
    if resource_type:
        ref["resource_type"] = resource_type
    return ref


def without_private(doc: dict) -> dict:
    """A document as the API shows it: without the engine's own `_` keys."""
    return {key: value for key, value in doc.items() if not key.startswith("_")}
