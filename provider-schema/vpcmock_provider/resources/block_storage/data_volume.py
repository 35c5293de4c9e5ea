"""data ibm_is_volume: GET by id, or the list filtered by name."""

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.block_storage.data_volume import DECLARATION  # noqa: F401
from vpcmock_provider.resources.block_storage.volume import to_state as volume_state
from vpcmock_provider.resources.mapping import all_pages, api_view, go_time


# What the data source reads as the resource does (resources/block_storage/volume.py).
SHARED = ("name", "zone", "profile", "capacity", "iops", "crn", "status", "health_state", "health_reasons",
          "status_reasons", "resource_group", "resource_group_name", "resource_name", "resource_crn",
          "resource_status", "resource_controller_url", "source_snapshot", "tags", "encryption_key",
          "encryption_type", "storage_generation", "adjustable_capacity_states", "adjustable_iops_states",
          "operating_system", "catalog_offering")


def read(client: Client, config: dict) -> dict:
    if config.get("identifier"):
        volume, _ = client.call("GET", f"/volumes/{config['identifier']}")
    else:
        params = {"name": config["name"], **({"zone.name": config["zone"]} if config.get("zone") else {})}
        found = all_pages(client, "/volumes", "volumes", params)
        if not found:
            raise ApiError(404, "volume_not_found", f"No volume is named {config['name']!r}", "name")
        volume = found[0]
    state = volume_state(volume)
    return {**{name: state[name] for name in SHARED}, "id": volume["id"], "identifier": config.get("identifier"),
            "bandwidth": volume.get("bandwidth"), "active": volume.get("active"),
            "attachment_state": volume.get("attachment_state"), "busy": volume.get("busy"),
            "created_at": go_time(volume.get("created_at")),
            "allowed_use": state["allowed_use"]}


class Volumes:
    """data "ibm_is_volumes": the region's volumes, filtered as the arguments say, each as
    data_source_ibm_is_volumes.go sets it (the API's volume, nested objects as blocks)."""
    DECLARATION = ibm_schema.declaration("ibm_is_volumes", "data", description="Lists the region's volumes.")
    _FILTERS = {"volume_name": "name", "zone_name": "zone.name", "attachment_state": "attachment_state",
                "encryption": "encryption", "operating_system_family": "operating_system.family",
                "operating_system_architecture": "operating_system.architecture"}

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        params = {api: config[name] for name, api in cls._FILTERS.items() if config.get(name)}
        found = all_pages(client, "/volumes", "volumes", params)
        items = next(f for f in cls.DECLARATION.fields if f.name == "volumes").fields
        arguments = {name: config.get(name) for name in cls._FILTERS}
        return {**arguments, "id": "volumes", "volumes": [
            {**api_view(items, volume), "tags": volume.get("user_tags") or [], "access_tags": []} for volume in found]}
