"""Data sources of the region catalogue (API: /regions, /regions/{name}/zones):
ibm_is_region(s) and ibm_is_zone(s)."""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import Client


class Region:
    DECLARATION = ibm_schema.declaration("ibm_is_region", "data", description="Reads a region (the provider's, "
                                                                               "or `name`).")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        name = config.get("name") or client.region
        region, _ = client.call("GET", f"/regions/{name}")
        return {"id": name, "name": name, "endpoint": region.get("endpoint"), "status": region.get("status")}


class Regions:
    DECLARATION = ibm_schema.declaration("ibm_is_regions", "data", description="Lists the regions.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        found, _ = client.call("GET", "/regions")
        return {"id": "regions", "regions": [{"name": r["name"], "endpoint": r.get("endpoint"),
                                              "href": r.get("href"), "status": r.get("status")}
                                             for r in found["regions"]]}


class Zones:
    DECLARATION = ibm_schema.declaration("ibm_is_zones", "data", description="Lists the zones of a region.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        found, _ = client.call("GET", f"/regions/{config['region']}/zones")
        zones = [z for z in found["zones"] if not config.get("status") or z.get("status") == config["status"]]
        return {"id": config["region"], "region": config["region"], "status": config.get("status"),
                "zones": [z["name"] for z in zones],
                "zone_info": [{"zone_name": z["name"], "data_center": z.get("data_center"),
                               "universal_name": z.get("universal_name"), "status": z.get("status")} for z in zones]}


class Zone:
    DECLARATION = ibm_schema.declaration("ibm_is_zone", "data", description="Reads a zone of a region.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        zone, _ = client.call("GET", f"/regions/{config['region']}/zones/{config['name']}")
        return {"id": config["name"], "name": config["name"], "region": config["region"],
                "status": zone.get("status"), "data_center": zone.get("data_center"),
                "universal_name": zone.get("universal_name")}
