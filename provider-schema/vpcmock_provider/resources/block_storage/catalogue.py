"""Data sources of the region's compute catalogue (API: /images, /instance/profiles):
ibm_is_image(s) and ibm_is_instance_profile(s), read from the API and shaped as the IBM
provider shapes them (nested objects as one-element lists)."""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform.stored_data import _project


def _listed(value: dict | None) -> list[dict]:
    return [value] if value else []


def image_view(image: dict) -> dict:
    system = image.get("operating_system") or {}
    return {
        "id": image["id"], "name": image["name"], "visibility": image.get("visibility"), "status": image.get("status"),
        "status_reasons": image.get("status_reasons") or [], "os": system.get("name"),
        "architecture": system.get("architecture"), "crn": image.get("crn"), "href": image.get("href"),
        "checksum": ((image.get("file") or {}).get("checksums") or {}).get("sha256"),
        "encryption": image.get("encryption"), "created_at": image.get("created_at"),
        "user_data_format": image.get("user_data_format"), "operating_system": _listed(system),
        "catalog_offering": [{"managed": (image.get("catalog_offering") or {}).get("managed", False), "version": []}],
        "allowed_use": _listed(image.get("allowed_use")), "resource_group": [], "access_tags": [],
        "owner_type": image.get("owner_type"), "minimum_provisioned_size": image.get("minimum_provisioned_size"),
    }


def profile_view(profile: dict) -> dict:
    view = {key: _listed(profile.get(key)) for key in (
        "vcpu_count", "memory", "bandwidth", "vcpu_architecture", "vcpu_manufacturer", "network_interface_count",
        "gpu_count")}
    architecture = profile.get("os_architecture") or {}
    return {**view, "name": profile["name"], "family": profile.get("family"), "href": profile.get("href"),
            "status": profile.get("status"), "architecture": architecture.get("default"),
            "architecture_type": architecture.get("type"), "architecture_values": architecture.get("values") or [],
            "disks": profile.get("disks") or []}


class Image:
    DECLARATION = ibm_schema.declaration(
        "ibm_is_image", "data", description="Reads a stock image of the region by `name` or `identifier`.",
        example='''data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}''')

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        if config.get("identifier"):
            image, _ = client.call("GET", f"/images/{config['identifier']}")
        else:
            found, _ = client.call("GET", "/images", params={"name": config["name"]})
            if not found["images"]:
                raise ApiError(404, "image_not_found", f"No image found with name {config['name']}", "name")
            image = found["images"][0]
        if config.get("visibility") and image.get("visibility") != config["visibility"]:
            raise ApiError(404, "image_not_found", f"No {config['visibility']} image found", "visibility")
        return {**_project(cls.DECLARATION.fields, image_view(image)), "id": image["id"],
                "identifier": config.get("identifier")}


class Images:
    DECLARATION = ibm_schema.declaration("ibm_is_images", "data", description="Lists the region's images.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        params = {key: config[key] for key in ("name", "status", "visibility") if config.get(key)}
        found, _ = client.call("GET", "/images", params=params)
        items = next(f for f in cls.DECLARATION.fields if f.name == "images").fields
        return {**{k: config.get(k) for k in ("resource_group", "catalog_managed", "name", "status", "visibility",
                                                "remote_account_id", "user_data_format")},
                "id": "images", "images": [{**_project(items, image_view(i)), "id": i["id"]} for i in found["images"]]}


class Profile:
    DECLARATION = ibm_schema.declaration("ibm_is_instance_profile", "data",
                                         description="Reads an instance profile of the region by `name`.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        profile, _ = client.call("GET", f"/instance/profiles/{config['name']}")
        return {**_project(cls.DECLARATION.fields, profile_view(profile)), "id": profile["name"]}


class Profiles:
    DECLARATION = ibm_schema.declaration("ibm_is_instance_profiles", "data",
                                         description="Lists the region's instance profiles.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        found, _ = client.call("GET", "/instance/profiles")
        items = next(f for f in cls.DECLARATION.fields if f.name == "profiles").fields
        return {"id": "profiles", "profiles": [_project(items, profile_view(p)) for p in found["profiles"]]}
