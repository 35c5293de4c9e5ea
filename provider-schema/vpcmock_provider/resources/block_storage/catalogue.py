"""Data sources of the region's compute catalogue (API: /images, /instance/profiles):
ibm_is_image(s) and ibm_is_instance_profile(s), read from the API and shaped as the IBM
provider shapes them (nested objects as one-element lists)."""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.mapping import all_pages, sdk_call
from vpcmock_provider.resources.platform.stored_data import _project


def _listed(value: dict | None) -> list[dict]:
    return [value] if value else []


def image_view(image: dict) -> dict:
    """An API image under the IBM provider's attribute names, as its image data sources flatten it."""
    system = image.get("operating_system") or {}
    offering = image.get("catalog_offering") or {}
    account = (image.get("remote") or {}).get("account")
    return {
        "id": image["id"], "name": image["name"], "visibility": image.get("visibility"), "status": image.get("status"),
        "status_reasons": image.get("status_reasons") or [], "os": system.get("name"),
        "architecture": system.get("architecture"), "crn": image.get("crn"), "href": image.get("href"),
        "checksum": ((image.get("file") or {}).get("checksums") or {}).get("sha256"),
        "encryption": image.get("encryption"), "encryption_key": (image.get("encryption_key") or {}).get("crn"),
        "created_at": image.get("created_at"), "deprecation_at": image.get("deprecation_at"),
        "obsolescence_at": image.get("obsolescence_at"), "user_data_format": image.get("user_data_format"),
        "operating_system": _listed(system),
        "catalog_offering": [{"managed": offering.get("managed", False), "version": _listed(offering.get("version"))}],
        "allowed_use": _listed(image.get("allowed_use")), "resource_group": _listed(image.get("resource_group")),
        "remote": [{"account": [account]}] if account else [], "zones": image.get("zones") or [],
        "source_volume": (image.get("source_volume") or {}).get("id"), "access_tags": [],
        "owner_type": image.get("owner_type"), "minimum_provisioned_size": image.get("minimum_provisioned_size"),
    }


def profile_view(profile: dict) -> dict:
    """An API instance profile under the IBM provider's attribute names (each object a one-element
    list; `architecture*` from `os_architecture`)."""
    view = {key: _listed(profile.get(key)) for key in (
        "availability_class", "bandwidth", "cluster_network_attachment_count", "confidential_compute_modes",
        "gpu_count", "gpu_manufacturer", "gpu_memory", "gpu_model", "memory", "network_attachment_count",
        "network_bandwidth_mode", "network_interface_count", "numa_count", "port_speed", "reservation_terms",
        "secure_boot_modes", "threads_per_core", "total_volume_bandwidth", "vcpu_architecture", "vcpu_burst_limit",
        "vcpu_count", "vcpu_manufacturer", "vcpu_percentage", "volume_bandwidth_qos_modes", "supported_vcpu_count")}
    architecture = profile.get("os_architecture") or {}
    disks = [{key: _listed(disk.get(key)) for key in ("quantity", "size", "supported_interface_types")}
             for disk in profile.get("disks") or []]
    return {**view, "name": profile["name"], "family": profile.get("family"), "href": profile.get("href"),
            "status": profile.get("status"), "architecture": architecture.get("default"),
            "architecture_type": architecture.get("type"), "architecture_values": architecture.get("values") or [],
            "disks": disks, "zones": profile.get("zones") or [],
            "supported_cluster_network_profiles": profile.get("supported_cluster_network_profiles") or []}


class Image:
    DECLARATION = ibm_schema.declaration(
        "ibm_is_image", "data",
        description="Reads an image of the region (IBM's or the account's own) by `name` or `identifier`.",
        example='''data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}''')

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        if config.get("identifier"):
            image, _ = sdk_call(client, "GetImage", "GET", f"/images/{config['identifier']}")
        else:
            # As the IBM provider asks: by name, and visibility when given; the first image found.
            params = {"name": config["name"]}
            if config.get("visibility"):
                params["visibility"] = config["visibility"]
            found, _ = client.call("GET", "/images", params=params)
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
        """As the IBM provider lists: every page, with `resource_group`, `name`, `visibility`,
        `user_data_format` and `remote_account_id` (`user` meaning none, `provider` any) sent to
        the API, and `status` and `catalog_managed` applied to what comes back."""
        params = {key: config[key] for key in ("name", "visibility") if config.get(key)}
        if config.get("resource_group"):
            params["resource_group.id"] = config["resource_group"]
        if config.get("user_data_format"):
            params["user_data_format"] = ",".join(sorted(config["user_data_format"]))
        remote = config.get("remote_account_id")
        if remote:
            params["remote.account.id"] = {"user": "null", "provider": "not:null"}.get(remote, remote)
        found = all_pages(client, "/images", "images", params)
        if config.get("status"):
            found = [i for i in found if i.get("status") == config["status"]]
        if config.get("catalog_managed"):
            found = [i for i in found if (i.get("catalog_offering") or {}).get("managed") is True]
        items = next(f for f in cls.DECLARATION.fields if f.name == "images").fields
        return {**{k: config.get(k) for k in ("resource_group", "catalog_managed", "name", "status", "visibility",
                                                "remote_account_id", "user_data_format")},
                "id": "images", "images": [{**_project(items, image_view(i)), "id": i["id"]} for i in found]}


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
        found = all_pages(client, "/instance/profiles", "profiles")
        items = next(f for f in cls.DECLARATION.fields if f.name == "profiles").fields
        return {"id": "profiles", "profiles": [_project(items, profile_view(p)) for p in found]}
