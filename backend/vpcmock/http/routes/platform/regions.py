"""/regions and their zones: the catalogue the hrefs of zone and region references point at."""



from vpcmock.catalog import NO_CROSS_REGION_COPY, REGIONS, ZONE_DATA_CENTERS, zones_of
from vpcmock.engine.core.refs import region_href, region_ref, zone_ref
from vpcmock.errors import not_found
from vpcmock.http.common import respond
from vpcmock.http.routes import api
from vpcmock.http.schemas.network import REGION, REGIONS as REGION_COLLECTION, ZONE, ZONES


def _region(name: str) -> dict:
    return {"endpoint": f"https://{name}.iaas.cloud.ibm.com", "href": region_href(name), "name": name,
            "status": "available", "cross_region_copy": name not in NO_CROSS_REGION_COPY}


def _zone(name: str) -> dict:
    region = name.rpartition("-")[0]
    zone = {**zone_ref(name), "region": region_ref(region), "status": "available", "universal_name": name}
    center = ZONE_DATA_CENTERS.get(name)
    if center is not None:  # absent: no physical data center known (the API leaves it out then)
        zone.update(data_center=center, universal_name=f"{region}-{center.lower()}-a")
    return zone


@api.get("/regions")
def list_regions():
    """List all regions."""
    return respond({"regions": [_region(name) for name in REGIONS]}, REGION_COLLECTION)


@api.get("/regions/<name>")
def get_region(name):
    """Retrieve a region."""
    if name not in REGIONS:
        raise not_found("region", name)
    return respond(_region(name), REGION)


@api.get("/regions/<name>/zones")
def list_zones(name):
    """List all zones in a region."""
    if name not in REGIONS:
        raise not_found("region", name)
    return respond({"zones": [_zone(z) for z in zones_of(name)]}, ZONES)


@api.get("/regions/<name>/zones/<zone>")
def get_zone(name, zone):
    """Retrieve a zone."""
    if name not in REGIONS or zone not in zones_of(name):
        raise not_found("zone", zone)
    return respond(_zone(zone), ZONE)
