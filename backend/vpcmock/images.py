"""The compute catalogue as the API shows it: images (IBM's stock images and the account's own),
instance profiles, volume and share profiles, each in the shape of the ibm-vpc SDK's model.

The facts come from the catalogue (catalog.py, one data file, extended by a user catalogue);
this module turns them into API views. Stock image ids are stable per region (a region prefix
and a UUID derived from region and name), as the real catalogue's are.

An account's own images are the stored resources of type ``ibm_is_image`` (what Terraform's
``ibm_is_image`` keeps through /stored_resources) and what ``POST /images`` creates, which
makes the same document: one image, whichever client made it, listed and read by /images.
"""

from __future__ import annotations

import hashlib
import uuid

from vpcmock import catalog
from vpcmock.catalog import BUILTIN, Catalogue, REGION_PREFIXES, zones_of

# IBM's stock images belong to IBM's image account, in its Default resource group (IBM VPC
# docs, "Updating to the 2025-06-30 version (image ownership property and filter change)").
IBM_IMAGE_ACCOUNT = "811f8abfbd32425597dc7ba40da98fa6"
IBM_IMAGE_RESOURCE_GROUP = {
    "href": "https://resource-controller.cloud.ibm.com/v2/resource_groups/4cdc4448a0a148159685b9b0dc549d19",
    "id": "4cdc4448a0a148159685b9b0dc549d19", "name": "Default"}
# From API version 2025-06-30 an image another account owns shows `remote.account` instead of
# `owner_type` (same doc); the `owner_type` filter likewise became `remote.account.id`.
REMOTE_ACCOUNT_SINCE = "2025-06-30"
USER_IMAGE_TYPE = "ibm_is_image"  # the stored resource type of an account's own images
STORED = "stored_resources"


def image_id(region: str, name: str) -> str:
    return f"{REGION_PREFIXES.get(region, 'r006')}-{uuid.uuid5(uuid.NAMESPACE_URL, f'vpcmock:image:{region}:{name}')}"


def catalogue_of(ctx_or_region) -> Catalogue:
    store = getattr(ctx_or_region, "store", None)
    return BUILTIN if store is None else catalog.of_store(store)


def _zones(region: str) -> list[dict]:
    from vpcmock.engine.core.refs import zone_ref
    return [zone_ref(zone) for zone in zones_of(region)]


def _os_view(catalogue: Catalogue, region: str, name: str) -> dict:
    """An OperatingSystem; one the catalogue lacks (a custom image's own) shows its name only."""
    system = catalogue.operating_systems.get(name) or {
        "display_name": name, "family": name, "vendor": "unknown", "version": "unknown",
        "architecture": "s390x" if "s390x" in name else "amd64"}
    return {"allow_user_image_creation": system.get("allow_user_image_creation", True),
            "architecture": system["architecture"], "dedicated_host_only": system.get("dedicated_host_only", False),
            "display_name": system["display_name"], "family": system["family"],
            "href": f"/{region}/v1/operating_systems/{name}", "name": name,
            "user_data_format": system.get("user_data_format", "cloud_init"), "vendor": system["vendor"],
            "version": system["version"]}


def _ownership(view: dict, owner: str | None, version: str | None) -> dict:
    """`owner_type` before API version 2025-06-30; from then `remote.account` for an image
    another account owns (none for the caller's own)."""
    if version is not None and version < REMOTE_ACCOUNT_SINCE:
        view["owner_type"] = "provider" if owner else "user"
    elif owner:
        view["remote"] = {"account": {"id": owner, "resource_type": "account"}}
    return view


def stock_image(catalogue: Catalogue, region: str, name: str, version: str | None = None) -> dict:
    entry = catalogue.images[name]
    ident = image_id(region, name)
    system = _os_view(catalogue, region, entry["operating_system"])
    created = entry.get("created_at", "2025-06-01T00:00:00Z")
    offering = entry.get("catalog_offering") or {}
    view = {
        "id": ident, "crn": f"crn:v1:bluemix:public:is:{region}:a/{IBM_IMAGE_ACCOUNT}::image:{ident}",
        "href": f"/{region}/v1/images/{ident}", "name": name, "created_at": created, "encryption": "none",
        "file": {"checksums": {"sha256": hashlib.sha256(name.encode()).hexdigest()}, "size": entry.get("file_size", 1)},
        "minimum_provisioned_size": entry.get("minimum_provisioned_size", 100), "operating_system": system,
        "resource_group": dict(IBM_IMAGE_RESOURCE_GROUP), "resource_type": "image",
        "status": entry.get("status", "available"), "status_reasons": [], "visibility": "public",
        "catalog_offering": ({"managed": True, "version": {"crn": offering["version_crn"]}}
                             if offering.get("version_crn") else {"managed": False}),
        "user_data_format": system["user_data_format"],
        # IBM's stock images allow every instance and bare metal server (no expression); the
        # api_version is the image's own (the docs' example shows its creation date).
        "allowed_use": {"api_version": created[:10], "bare_metal_server": "true", "instance": "true"},
        "zones": _zones(region),
    }
    for stamp in ("deprecation_at", "obsolescence_at"):
        if entry.get(stamp):
            view[stamp] = entry[stamp]
    return _ownership(view, IBM_IMAGE_ACCOUNT, version)


def _first(value):
    return (value[0] if value else None) if isinstance(value, list) else value


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def user_image(ctx, doc: dict, version: str | None = None) -> dict:
    """An image the account created (a stored `ibm_is_image`), in the API's shape. The stored
    attributes are Terraform's, as any client sent them: a value of the wrong type counts as
    absent."""
    from vpcmock.engine.platform import resource_groups
    attributes = doc["attributes"] if isinstance(doc.get("attributes"), dict) else {}
    catalogue = catalogue_of(ctx)
    source = ctx.owned(ctx.store.get("volumes", _text(attributes.get("source_volume")) or ""))
    os_name = _text(attributes.get("operating_system")) or ((source or {}).get("operating_system") or {}).get("name") \
        or "unknown"
    system = _os_view(catalogue, ctx.region, os_name)
    group_id = _text(attributes.get("resource_group"))
    group = (resource_groups.reference(ctx, group_id) if group_id else None) or doc["resource_group"]
    allowed = _first(attributes.get("allowed_use"))
    allowed = allowed if isinstance(allowed, dict) else {}
    status = "obsolete" if attributes.get("obsolete") is True else "deprecated" if attributes.get("deprecate") is True \
        else "available"
    view = {
        "id": doc["id"], "crn": doc["crn"], "href": f"/{ctx.region}/v1/images/{doc['id']}",
        "name": _text(attributes.get("name")) or doc["id"], "created_at": doc["created_at"],
        "encryption": "user_managed" if _text(attributes.get("encryption_key")) else "none",
        "file": ({} if source is not None else
                 {"checksums": {"sha256": hashlib.sha256(doc["id"].encode()).hexdigest()}, "size": 1}),
        "minimum_provisioned_size": (source or {}).get("capacity", 100), "operating_system": system,
        "resource_group": {k: group[k] for k in ("href", "id", "name")}, "resource_type": "image", "status": status,
        "status_reasons": [], "visibility": "private", "catalog_offering": {"managed": False},
        "user_data_format": system["user_data_format"],
        "allowed_use": {"api_version": _text(allowed.get("api_version")) or doc["created_at"][:10],
                        "bare_metal_server": _text(allowed.get("bare_metal_server")) or "true",
                        "instance": _text(allowed.get("instance")) or "true"},
        "zones": _zones(ctx.region),
    }
    if _text(attributes.get("encryption_key")):
        view["encryption_key"] = {"crn": attributes["encryption_key"]}
    if source is not None:
        view["source_volume"] = {k: source[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "volume"}
    for stamp in ("deprecation_at", "obsolescence_at"):
        if _text(attributes.get(stamp)):
            view[stamp] = attributes[stamp]
    return _ownership(view, None, version)


def user_image_docs(ctx) -> list[dict]:
    return [d for d in ctx.partition(STORED).values() if d.get("type") == USER_IMAGE_TYPE]


def images(ctx, version: str | None = None) -> list[dict]:
    """Every image the account sees in the region: its own and the stock ones, newest first
    (the order the VPC API's other collections default to)."""
    catalogue = catalogue_of(ctx)
    found = [user_image(ctx, doc, version) for doc in user_image_docs(ctx)]
    found += [stock_image(catalogue, ctx.region, name, version) for name in catalogue.images]
    return sorted(found, key=lambda i: (i["created_at"], i["id"]), reverse=True)


def find_image(ctx_or_region, ident: str, version: str | None = None) -> dict | None:
    """An image by id, CRN or href: a stock image of the region, or (given a Ctx) the account's own."""
    ident = ident.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    region = getattr(ctx_or_region, "region", ctx_or_region)
    catalogue = catalogue_of(ctx_or_region)
    for name in catalogue.images:
        if image_id(region, name) == ident:
            return stock_image(catalogue, region, name, version)
    if hasattr(ctx_or_region, "store"):
        doc = ctx_or_region.owned(ctx_or_region.store.get(STORED, ident))
        if doc is not None and doc.get("type") == USER_IMAGE_TYPE:
            return user_image(ctx_or_region, doc, version)
    return None


# -- instance profiles -------------------------------------------------------------------------

def _fixed(value) -> dict:
    return {"type": "fixed", "value": value}


def _choice(values: list, default=None) -> dict:
    """One value: fixed; several: an enum with the first (or `default`) as default."""
    return _fixed(values[0]) if len(values) == 1 else {"type": "enum", "default": default or values[0],
                                                       "values": sorted(values)}


def _interface_limit(kind: str, vcpu: int) -> int:
    """Network interfaces an instance may have (IBM profile details, "Limits"): 5 up to 16
    vCPUs, 10 up to 48, then 15; flex profiles 1 up to 4 vCPUs, then 2."""
    if kind == "flex":
        return 1 if vcpu <= 4 else 2
    return 5 if vcpu <= 16 else 10 if vcpu <= 48 else 15


def profile(catalogue: Catalogue, region: str, name: str) -> dict:
    """An InstanceProfile. Where IBM's docs give no value, the choice made is stated here:
    threads per core 1 or 2 (hyper-threading may be disabled: "Intel Hyper-Threading
    Technology"); total volume bandwidth 25% of the instance's by default, each side at least
    500 Mbps ("Bandwidth allocation"); network bandwidth divided; burst limit 100%; every zone
    of the region (availability per zone is not modelled); gpu_* only for GPU profiles (the API
    leaves them out otherwise); cluster network attachments none unless the profile lists them."""
    entry = catalogue.profiles[name]
    family = catalogue.families[catalogue.profile_class(name)]
    vcpu, memory = catalogue.vcpu_and_memory(entry)
    bandwidth = entry["bandwidth"]
    architecture = family.get("architecture", "amd64")
    interfaces = _interface_limit(family.get("network_interfaces", "general"), vcpu)
    disk_interface = family.get("disk_interface", "virtio_blk")
    manufacturer = family.get("vcpu_manufacturer", "intel")
    secure_boot = [False, True] if family.get("secure_boot") else [False]
    qos_modes = family.get("volume_bandwidth_qos_modes") or ["weighted"]
    view = {
        "availability_class": _choice(family.get("availability_classes") or ["standard"]),
        "bandwidth": _fixed(bandwidth),
        "cluster_network_attachment_count": entry.get("cluster_network_attachment_count")
        or {"type": "enum", "values": [0]},
        "confidential_compute_modes": {"type": "enum", "default": (entry.get("confidential_compute_modes")
                                                                   or ["disabled"])[0],
                                       "values": sorted(entry.get("confidential_compute_modes") or ["disabled"])},
        "disks": [{"quantity": _fixed(quantity), "size": _fixed(size),
                   "supported_interface_types": {"type": "enum", "default": disk_interface, "values": [disk_interface]}}
                  for quantity, size in entry.get("disks") or []],
        "family": family["family"], "href": f"/{region}/v1/instance/profiles/{name}",
        "memory": _fixed(memory), "name": name,
        "network_attachment_count": {"type": "range", "min": 1, "max": interfaces},
        "network_bandwidth_mode": _fixed("divided"),
        "network_interface_count": {"type": "range", "min": 1, "max": interfaces},
        "os_architecture": {"default": architecture, "type": "enum", "values": [architecture]},
        "port_speed": _fixed(family.get("port_speed", 16000)),
        "reservation_terms": {"type": "enum", "values": family.get("reservation_terms") or []},
        "resource_type": "instance_profile",
        "secure_boot_modes": {"type": "enum", "default": False, "values": secure_boot},
        "status": entry.get("status", "current"),
        "supported_cluster_network_profiles": [
            {"href": f"/{region}/v1/cluster_network/profiles/{p}", "name": p,
             "resource_type": "cluster_network_profile"}
            for p in entry.get("cluster_network_profiles") or []],
        "threads_per_core": {"type": "enum", "default": 2, "values": [1, 2]},
        "total_volume_bandwidth": {"type": "range", "default": max(500, bandwidth // 4), "min": 500,
                                   "max": max(500, bandwidth - 500), "step": 1},
        "vcpu_architecture": _fixed(architecture),
        "vcpu_burst_limit": _fixed(100),
        "vcpu_count": _fixed(vcpu),
        "vcpu_manufacturer": {"type": "dependent"} if manufacturer == "dependent" else _fixed(manufacturer),
        "vcpu_percentage": {"type": "enum", "default": 100, "values": sorted(entry.get("vcpu_percentage") or [100])},
        "volume_bandwidth_qos_modes": {"type": "enum", "default": qos_modes[0], "values": sorted(qos_modes)},
        "zones": _zones(region),
    }
    if entry.get("numa_count"):
        view["numa_count"] = _fixed(entry["numa_count"])
    gpu = entry.get("gpu")
    if gpu:
        view.update(gpu_count=_fixed(gpu["count"]), gpu_manufacturer={"type": "enum", "values": [gpu["manufacturer"]]},
                    gpu_memory=_fixed(gpu["memory"]), gpu_model={"type": "enum", "values": [gpu["model"]]})
    return view


def operating_systems(ctx_or_region, region: str | None = None) -> list[dict]:
    """The catalogue's operating systems (every one a stock image names), by name."""
    catalogue = catalogue_of(ctx_or_region)
    region = region or getattr(ctx_or_region, "region", ctx_or_region)
    return [_os_view(catalogue, region, name) for name in sorted(catalogue.operating_systems)]


def dedicated_host_profile(catalogue: Catalogue, region: str, name: str) -> dict:
    """A DedicatedHostProfile of the catalogue (catalog.DEDICATED_HOST_PROFILES): every value
    fixed, as IBM's docs give one per profile; its supported instance profiles are the
    catalogue's of its class (the docs: a host runs instances of its family and class)."""
    entry = catalog.DEDICATED_HOST_PROFILES[name]
    return {
        "class": entry["class"],
        "disks": [{"interface_type": _fixed("nvme"), "quantity": _fixed(quantity), "size": _fixed(size),
                   "supported_instance_interface_types": _fixed(["nvme", "virtio_blk"])}
                  for quantity, size in entry.get("disks") or []],
        "family": entry["family"], "href": f"/{region}/v1/dedicated_host/profiles/{name}",
        "memory": _fixed(entry["memory"]), "name": name, "socket_count": _fixed(entry["socket_count"]),
        "status": "current",
        "supported_instance_profiles": [
            {"href": f"/{region}/v1/instance/profiles/{profile_name}", "name": profile_name,
             "resource_type": "instance_profile"}
            for profile_name in catalogue.profiles if catalogue.profile_class(profile_name) == entry["class"]],
        "vcpu_architecture": _fixed("amd64"), "vcpu_count": _fixed(entry["vcpu"]),
        "vcpu_manufacturer": _fixed(entry["vcpu_manufacturer"])}


def dedicated_host_profiles(ctx_or_region, region: str | None = None) -> list[dict]:
    catalogue = catalogue_of(ctx_or_region)
    region = region or getattr(ctx_or_region, "region", ctx_or_region)
    return [dedicated_host_profile(catalogue, region, name) for name in sorted(catalog.DEDICATED_HOST_PROFILES)]


def cluster_network_profile(catalogue: Catalogue, region: str, name: str) -> dict:
    """A ClusterNetworkProfile of the catalogue (catalog.CLUSTER_NETWORK_PROFILES): the zones of
    the regions IBM offers it in, and the instance profiles that name it (as /instance/profiles
    shows them in `supported_cluster_network_profiles`)."""
    entry = catalog.CLUSTER_NETWORK_PROFILES[name]
    return {
        "family": entry["family"], "href": f"/{region}/v1/cluster_network/profiles/{name}", "name": name,
        "resource_type": "cluster_network_profile",
        "supported_instance_profiles": [
            {"href": f"/{region}/v1/instance/profiles/{profile_name}", "name": profile_name,
             "resource_type": "instance_profile"}
            for profile_name, spec in catalogue.profiles.items()
            if name in (spec.get("cluster_network_profiles") or [])],
        "zones": [zone for r in entry["regions"] for zone in _zones(r)]}


def cluster_network_profiles(ctx_or_region, region: str | None = None) -> list[dict]:
    catalogue = catalogue_of(ctx_or_region)
    region = region or getattr(ctx_or_region, "region", ctx_or_region)
    return [cluster_network_profile(catalogue, region, name) for name in sorted(catalog.CLUSTER_NETWORK_PROFILES)]


def profiles(ctx_or_region, region: str | None = None) -> list[dict]:
    catalogue = catalogue_of(ctx_or_region)
    region = region or getattr(ctx_or_region, "region", ctx_or_region)
    return [profile(catalogue, region, name) for name in catalogue.profiles]


def instance_profile(ctx_or_region, name: str) -> tuple[int, int, str] | None:
    """(vCPUs, memory GiB, family) of a profile the catalogue has, else None."""
    catalogue = catalogue_of(ctx_or_region)
    entry = catalogue.profiles.get(name)
    if entry is None:
        return None
    vcpu, memory = catalogue.vcpu_and_memory(entry)
    return vcpu, memory, catalogue.families[catalogue.profile_class(name)]["family"]


# IBM's profiles (without a user catalogue): name -> (vCPUs, memory GiB, family).
INSTANCE_PROFILES = {name: instance_profile(None, name) for name in BUILTIN.profiles}


# -- catalog offerings -------------------------------------------------------------------------

def offering_image(ctx, offering_crn: str | None, version_crn: str | None) -> dict:
    """The image an instance from a catalog offering boots: an image of the catalogue that
    belongs to the offering's version (its `catalog_offering.version_crn`) or, failing one,
    to the offering; else the catalogue's default (`defaults.catalog_offering_image`). The mock
    holds no private catalogs, so any offering is provisionable this way."""
    catalogue = catalogue_of(ctx)
    for name, entry in catalogue.images.items():
        crn = (entry.get("catalog_offering") or {}).get("version_crn")
        if crn and (crn == version_crn or (offering_crn and crn.startswith(_version_prefix(offering_crn)))):
            return stock_image(catalogue, ctx.region, name)
    return stock_image(catalogue, ctx.region, catalogue.defaults["catalog_offering_image"])


def _version_prefix(offering_crn: str) -> str:
    return offering_crn.replace(":offering:", ":version:", 1) + "/"


def version_of_offering(ctx, offering_crn: str) -> str:
    """The CRN of the version an offering resolves to (its latest): Catalog Management CRNs
    are `...:offering:<offering id>` and `...:version:<offering id>/<version id>`. The version
    of a catalogue image of that offering (the newest), else a version id derived from the
    offering, so the same offering always gives the same version."""
    prefix = _version_prefix(offering_crn)
    catalogue = catalogue_of(ctx)
    known = sorted((entry.get("created_at", ""), entry["catalog_offering"]["version_crn"])
                   for entry in catalogue.images.values()
                   if (entry.get("catalog_offering") or {}).get("version_crn", "").startswith(prefix))
    if known:
        return known[-1][1]
    return prefix + str(uuid.uuid5(uuid.NAMESPACE_URL, f"vpcmock:offering:{offering_crn}"))


# -- volume and share profiles -----------------------------------------------------------------

def volume_profile(region: str, name: str) -> dict:
    entry = catalog.VOLUME_PROFILE_DATA[name]
    return {"adjustable_capacity_states": {"type": "enum", "values": entry["adjustable_capacity_states"]},
            "adjustable_iops_states": {"type": "enum", "values": entry["adjustable_iops_states"]},
            "bandwidth": entry["bandwidth"], "boot_capacity": entry["boot_capacity"], "capacity": entry["capacity"],
            "family": entry["family"], "href": f"/{region}/v1/volume/profiles/{name}", "iops": entry["iops"],
            "name": name, "storage_generation": _fixed(entry["storage_generation"])}


def share_profile(region: str, name: str) -> dict:
    entry = catalog.SHARE_PROFILE_DATA[name]
    modes = entry["allowed_transit_encryption_modes"]
    return {"allowed_access_protocols": {"type": "subset", "default": ["nfs4"], "values": ["nfs4"]},
            "allowed_transit_encryption_modes": {"type": "subset", "default": modes[:1], "values": modes},
            "availability_modes": _fixed(entry["availability_mode"]), "bandwidth": entry["bandwidth"],
            "capacity": entry["capacity"], "family": entry["family"], "href": f"/{region}/v1/share/profiles/{name}",
            "iops": entry["iops"], "name": name, "resource_type": "share_profile",
            "storage_generation": _fixed(entry["storage_generation"])}


# -- the account's own images: POST/PATCH/DELETE /images --------------------------------------

def _operating_system_of_volume(ctx, volume: dict) -> str | None:
    """The OS a volume holds: its own `operating_system`, or the image of the instance it boots."""
    if volume.get("operating_system"):
        return volume["operating_system"]["name"]
    attachment = volume.get("_attachment") or {}
    instance = ctx.store.get("instances", attachment.get("instance_id") or "")
    image = (instance or {}).get("image") or {}
    found = find_image(ctx, image["id"]) if image.get("id") else None
    return found["operating_system"]["name"] if found else None


def create_image(ctx, proto: dict) -> dict:
    """An image from a file in Cloud Object Storage (`file.href` and `operating_system`) or from
    a volume (`source_volume`), kept as the stored `ibm_is_image` Terraform's resource makes,
    with its attributes under Terraform's names. Available at once (the real service imports
    for minutes; the mock has no file to read). `ibm-` names are IBM's: "Custom images cannot be
    named with this prefix" (IBM VPC docs, x86 virtual server images); a name taken by another
    image of the account is a 409."""
    from vpcmock.engine.core.names import name_for_new
    from vpcmock.engine.platform import resource_groups, stored
    from vpcmock.engine.core.refs import identity_id
    from vpcmock.errors import bad_field, echo
    catalogue = catalogue_of(ctx)
    if proto.get("name", "").startswith("ibm-"):
        raise bad_field("image_name_reserved", "Image names beginning with 'ibm-' are reserved for IBM's images",
                        "name", proto["name"])
    name = name_for_new([{"name": user_image(ctx, d)["name"]} for d in user_image_docs(ctx)], proto.get("name"),
                        "image_name_duplicate", "An image named {name!r} already exists")
    attributes: dict = {"name": name}
    references: dict = {}
    if proto.get("source_volume"):
        volume_id = identity_id(proto["source_volume"])
        volume = ctx.owned(ctx.store.get("volumes", volume_id))
        if volume is None:
            raise bad_field("volume_not_found", f"Volume {echo(volume_id)} not found", "source_volume.id", volume_id)
        system = _operating_system_of_volume(ctx, volume)
        if system is None:
            raise bad_field("image_source_volume_not_bootable", f"Volume {echo(volume_id)} holds no operating system",
                            "source_volume.id", volume_id)
        attributes.update(source_volume=volume_id, operating_system=system)
        references["source_volume"] = volume_id
        if not proto.get("allowed_use") and volume.get("allowed_use"):
            attributes["allowed_use"] = [dict(volume["allowed_use"])]  # inherited, as from a snapshot (SnapshotPatch)
    elif proto.get("file"):
        system = (proto.get("operating_system") or {}).get("name")
        if system not in catalogue.operating_systems:
            raise bad_field("operating_system_not_found", f"Operating system {echo(system)} not found",
                            "operating_system.name", system)
        attributes.update(href=proto["file"]["href"], operating_system=system)
    else:
        raise bad_field("missing_field", "An image needs file and operating_system, or source_volume", "file")
    if proto.get("resource_group"):
        attributes["resource_group"] = resource_groups.of_prototype(ctx, proto)["id"]
    if proto.get("encryption_key"):
        attributes["encryption_key"] = proto["encryption_key"]["crn"]
    if proto.get("encrypted_data_key"):
        attributes["encrypted_data_key"] = proto["encrypted_data_key"]
    for key in ("deprecation_at", "obsolescence_at"):
        if proto.get(key):
            attributes[key] = proto[key]
    if proto.get("allowed_use"):
        attributes["allowed_use"] = [proto["allowed_use"]]
    doc = stored.create(ctx, USER_IMAGE_TYPE, attributes, references)
    if attributes.get("resource_group"):
        group = resource_groups.reference(ctx, attributes["resource_group"])
        doc = ctx.store.replace(STORED, doc, resource_group=group)
    return doc


def get_image_doc(ctx, ident: str) -> dict:
    """The account's own image (a stored `ibm_is_image`); IBM's images cannot be changed: 403."""
    from vpcmock.errors import ApiError, not_found, parameter
    doc = ctx.owned(ctx.store.get(STORED, ident))
    if doc is not None and doc.get("type") == USER_IMAGE_TYPE:
        return doc
    if find_image(ctx, ident) is not None:
        raise ApiError(403, "forbidden", "IBM's stock images cannot be changed or deleted", parameter("id", ident))
    raise not_found("image", ident)


def update_image(ctx, doc: dict, patch: dict) -> dict:
    from vpcmock import ids
    from vpcmock.engine.core.names import check_rename
    attributes = dict(doc["attributes"]) if isinstance(doc.get("attributes"), dict) else {}
    if "name" in patch:
        check_rename([{"id": d["id"], "name": user_image(ctx, d)["name"]} for d in user_image_docs(ctx)], doc,
                     patch["name"], "image_name_duplicate", "An image named {name!r} already exists")
        attributes["name"] = patch["name"]
    for key in ("deprecation_at", "obsolescence_at"):
        if key in patch:
            attributes[key] = patch[key]
    if "allowed_use" in patch:
        before = _first(attributes.get("allowed_use"))
        attributes["allowed_use"] = [{**(before if isinstance(before, dict) else {}), **patch["allowed_use"]}]
    return ctx.store.replace(STORED, doc, attributes=attributes, _etag=ids.new_etag())


def change_lifecycle(ctx, doc: dict, change: str) -> dict:
    """POST /images/{id}/deprecate or /obsolete on the account's own image, by the SDK's rules:
    deprecating needs status `available` and no `deprecation_at`; obsoleting needs `available`
    or `deprecated`, no `deprecation_at` in the future and no `obsolescence_at`. The time set is
    now. (The mock's images have no `remote.account` and are not catalogue-managed.)"""
    from vpcmock import ids
    from vpcmock.errors import conflict, parameter
    from vpcmock.timeutil import rfc3339
    view = user_image(ctx, doc)
    attributes = dict(doc["attributes"]) if isinstance(doc.get("attributes"), dict) else {}
    now = rfc3339(ctx.now)
    if change == "deprecate":
        if view["status"] != "available" or view.get("deprecation_at"):
            why = f"its status is {view['status']}" if view["status"] != "available" else \
                f"its deprecation is set ({view['deprecation_at']})"
            raise conflict("image_status_invalid", f"Image {doc['id']} cannot be deprecated: {why}",
                           parameter("id", doc["id"]))
        attributes.update(deprecate=True, deprecation_at=now)
    else:
        later = view.get("deprecation_at") and view["deprecation_at"] > now
        if view["status"] not in ("available", "deprecated") or later or view.get("obsolescence_at"):
            why = (f"its status is {view['status']}" if view["status"] not in ("available", "deprecated") else
                   f"its deprecation is set in the future ({view['deprecation_at']})" if later else
                   f"its obsolescence is set ({view.get('obsolescence_at')})")
            raise conflict("image_status_invalid", f"Image {doc['id']} cannot be obsoleted: {why}",
                           parameter("id", doc["id"]))
        attributes.update(obsolete=True, obsolescence_at=now)
    return ctx.store.replace(STORED, doc, attributes=attributes, _etag=ids.new_etag())


def delete_image(ctx, doc: dict) -> None:
    from vpcmock.engine.platform import stored
    stored.delete(ctx, doc)


# -- the instance profiles a bootable image, volume or snapshot fits ---------------------------

# The user data formats a virtual server instance boots: cloud-init, the only one IBM's docs on
# instance user data describe; `esxi_kickstart` (VMware ESXi) and `ipxe` are the formats of images
# for bare metal servers, where IBM documents ESXi and iPXE boots. (The mock's choice: the API
# reference only says the listing follows the user data format.)
INSTANCE_USER_DATA_FORMATS = ("cloud_init",)


def compatible_instance_profiles(ctx, resource: dict | None, kind: str) -> list[dict]:
    """GET /images/{id}/instance_profiles, /volumes/{id}/... and /snapshots/{id}/...: the
    catalogue's instance profiles (InstanceProfileReference) compatible with the resource's
    `allowed_use.instance` (engine/block_storage/allowed_use.satisfiable), operating system
    architecture (one of the profile's `os_architecture`) and user data format (the image's,
    or the operating system's for a volume or snapshot), by name. A volume or snapshot "must be
    bootable" (the SDK): one holding no operating system is a 400 `<kind>_not_bootable` (the
    mock's choice of status and code, as for a request the resource cannot serve)."""
    from vpcmock.engine.block_storage.allowed_use import satisfiable
    from vpcmock.errors import ApiError, parameter
    resource = resource or {}
    system = resource.get("operating_system") or {}
    if kind != "image" and not system:
        raise ApiError(400, f"{kind}_not_bootable", f"{kind.capitalize()} {resource.get('id')} holds no operating "
                       "system: only a bootable one lists compatible instance profiles",
                       parameter("id", resource.get("id")))
    user_data = resource.get("user_data_format") if kind == "image" else system.get("user_data_format")
    if (user_data or "cloud_init") not in INSTANCE_USER_DATA_FORMATS:
        return []
    expression = str((resource.get("allowed_use") or {}).get("instance", "true"))
    architecture = system.get("architecture", "amd64")
    return [{"href": view["href"], "name": view["name"], "resource_type": "instance_profile"}
            for view in sorted(profiles(ctx), key=lambda v: v["name"])
            if architecture in view["os_architecture"]["values"] and satisfiable(expression, view)]
