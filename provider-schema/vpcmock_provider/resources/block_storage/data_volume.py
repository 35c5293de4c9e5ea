"""data ibm_is_volume: GET by id, or the list filtered by name."""

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.block_storage.data_volume import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import all_pages


def read(client: Client, config: dict) -> dict:
    if config.get("identifier"):
        volume, _ = client.call("GET", f"/volumes/{config['identifier']}")
    else:
        params = {"name": config["name"], **({"zone.name": config["zone"]} if config.get("zone") else {})}
        found = all_pages(client, "/volumes", "volumes", params)
        if not found:
            raise ApiError(404, "volume_not_found", f"No volume is named {config['name']!r}", "name")
        volume = found[0]
    return {"id": volume["id"], "identifier": config.get("identifier"), "name": volume["name"],
            "zone": volume["zone"]["name"], "profile": volume["profile"]["name"], "capacity": volume.get("capacity"),
            "iops": volume.get("iops"), "crn": volume.get("crn"), "status": volume.get("status"),
            "health_state": volume.get("health_state"), "resource_group": volume["resource_group"]["id"],
            "source_snapshot": (volume.get("source_snapshot") or {}).get("id"), "tags": volume.get("user_tags") or [],
            "encryption_type": volume.get("encryption")}
