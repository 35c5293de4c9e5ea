"""The IBM Cloud VPC catalogue the mock serves: regions and zones, operating systems, stock
images, instance, volume and share profiles.

All of it is one data file, ``data/ibm_catalogue.json`` (its ``about`` says where each part
comes from and when it was compiled). Its sections:

- ``regions``: ``name``, ``id_prefix`` (illustrative: real ids carry a region or zone prefix
  such as ``r006-``; nothing parses them), ``cross_region_copy``, ``data_centers`` (of zones 1
  to 3; null where the mock knows none).
- ``operating_systems``: name -> the API's OperatingSystem fields (``display_name``,
  ``family``, ``vendor``, ``version``, ``architecture``, ``user_data_format``,
  ``allow_user_image_creation``, ``dedicated_host_only``).
- ``images``: ``name``, ``operating_system`` (a name above), ``status``, ``created_at``, and
  optionally ``deprecation_at``, ``obsolescence_at``, ``minimum_provisioned_size`` (GB, 100 by
  default), ``file_size`` (GB, 1 by default), ``catalog_offering`` (``{"version_crn": ...}``:
  a catalog-managed image), ``seen_in`` (where the name comes from).
- ``instance_profile_families``: by profile class (the name before ``-``: ``bx2``, ``gx3d``):
  ``family``, ``architecture`` (amd64), ``vcpu_manufacturer`` (intel, amd, ibm or
  ``dependent``), ``volume_bandwidth_qos_modes`` (the default first; ["weighted"]), ``port_speed`` (Mbps),
  ``secure_boot`` (false), ``reservation_terms`` ([]), ``availability_classes`` (the default
  first; ["standard"]), ``disk_interface`` (virtio_blk), ``network_interfaces`` (``general``:
  5, 10 or 15 by vCPU count; ``flex``: 1 or 2).
- ``instance_profiles``: ``name`` (``<class>-<vCPU>x<GiB>[x<GPUs>...]``), ``bandwidth``
  (Mbps), and optionally ``vcpu`` and ``memory`` (else read from the name), ``disks``
  ([[quantity, GB], ...]), ``numa_count``, ``gpu`` (``count``, ``manufacturer``, ``model``,
  ``memory``), ``vcpu_percentage`` (burstable values), ``confidential_compute_modes`` (the
  default first), ``cluster_network_profiles``, ``cluster_network_attachment_count`` (as the
  API shows it), ``status`` (current).
- ``volume_profiles`` and ``share_profiles``: the API's fields, in short (images.py expands
  them), plus what the engine acts on (``iops_per_gb``, ``availability_mode``).
- ``dedicated_host_profiles``: ``name``, ``family`` (balanced, compute or memory: the API's
  enum), ``class`` (the instance profile class a host of it runs), ``vcpu``, ``memory`` (GiB),
  ``socket_count``, ``vcpu_manufacturer``, and optionally ``disks`` ([[quantity, GB], ...], NVMe
  instance storage). Not extensible (a dedicated host reads its capacity from them).
- ``cluster_network_profiles``: ``name``, ``family`` (vela: the API's enum), ``regions`` (where
  IBM offers it; each of their zones). The instance profiles it supports are those naming it in
  their ``cluster_network_profiles``. Not extensible.
- ``bare_metal_server_profiles``: ``name``, ``family``, ``vcpu``, ``memory`` (GiB),
  ``socket_count``, ``bandwidth`` (Mbps: the most the profile allows, its default), ``disks``
  ([[quantity, GB, interface], ...], the boot disk first). Not extensible (a bare metal server
  takes its CPU, memory, bandwidth and disks from them).
- ``defaults``: ``catalog_offering_image``, the image an instance from a catalog offering
  boots when no image of the catalogue belongs to that offering.

A user catalogue (``vpcmock serve --catalogue FILE``) has the same format and holds any of
``operating_systems``, ``images``, ``instance_profile_families``, ``instance_profiles`` and
``defaults``; its entries are added to IBM's, and one named as a built-in entry replaces it.
It is kept in the state's metadata (like the accounts of ``--config``), so the engine reads it
through the store (`of_store`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "ibm_catalogue.json"
_DATA = json.loads(DATA_FILE.read_text())

# -- regions and zones (not extensible: ids, endpoints and the environment file follow them) --

# Regions of the IBM catalogue, with the id prefix used for resources created there.
REGION_PREFIXES = {region["name"]: region["id_prefix"] for region in _DATA["regions"]}
REGIONS = tuple(REGION_PREFIXES)

# The seed: cross-regional copies are not supported in Montreal and Chennai.
NO_CROSS_REGION_COPY = frozenset(region["name"] for region in _DATA["regions"] if not region["cross_region_copy"])

# The physical data center of each zone (IBM's zone mapping; the universal name of a zone is
# `<region>-<data center, lower case>-a`: us-south-1 is DAL10, `us-south-dal10-a`). The regions
# without (ca-mon, in-che) have no data center the mock knows: their zones show none.
ZONE_DATA_CENTERS = {
    f"{region['name']}-{index}": center
    for region in _DATA["regions"] if region["data_centers"]
    for index, center in enumerate(region["data_centers"], start=1)
}


def zones_of(region: str) -> tuple[str, ...]:
    """Every region of the catalogue has three zones, ``<region>-1`` to ``-3``."""
    return tuple(f"{region}-{n}" for n in (1, 2, 3))


def region_of_zone(zone: str) -> str | None:
    region, _, number = zone.rpartition("-")
    if region in REGION_PREFIXES and number in {"1", "2", "3"}:
        return region
    return None


# -- storage profiles (not extensible: the engine acts on them) --------------------------------

@dataclass(frozen=True)
class VolumeProfile:
    name: str
    family: str
    storage_generation: int
    # Gen-1 "tiered"/"custom" volumes may not have a first backup over 10 TB (seed).
    backup_size_limited: bool
    iops_per_gb: int | None  # None: iops is given by the user or fixed


VOLUME_PROFILE_DATA = {p["name"]: p for p in _DATA["volume_profiles"]}
VOLUME_PROFILES = {
    p["name"]: VolumeProfile(p["name"], p["family"], p["storage_generation"], p["storage_generation"] == 1,
                             p.get("iops_per_gb"))
    for p in _DATA["volume_profiles"]
}

# Dedicated host profiles by name (not extensible: a dedicated host reads its capacity from them).
DEDICATED_HOST_PROFILES = {p["name"]: p for p in _DATA["dedicated_host_profiles"]}

# Bare metal server profiles by name (not extensible: a server takes its hardware from them).
BARE_METAL_SERVER_PROFILES = {p["name"]: p for p in _DATA["bare_metal_server_profiles"]}

# Cluster network profiles by name (not extensible: a cluster network's zone is checked against them).
CLUSTER_NETWORK_PROFILES = {p["name"]: p for p in _DATA["cluster_network_profiles"]}

# Per-generation snapshot caps (seed, "Limitations").
SNAPSHOTS_PER_VOLUME = {1: 750, 2: 512}

# File share profiles: dp2 is zonal, rfs is regional (the seed's "regional file shares").
SHARE_PROFILE_DATA = {p["name"]: p for p in _DATA["share_profiles"]}
SHARE_PROFILES = {p["name"]: p["availability_mode"] for p in _DATA["share_profiles"]}
SNAPSHOTS_PER_SHARE = {"zonal": 750, "regional": 30}


# -- the compute catalogue: operating systems, images, instance profiles ------------------------

class CatalogueError(ValueError):
    """A user catalogue that cannot be read or does not have the catalogue's format."""


EXTENSIBLE = ("operating_systems", "images", "instance_profile_families", "instance_profiles", "defaults")
_OS_KEYS = {"display_name": str, "family": str, "vendor": str, "version": str, "architecture": str,
            "user_data_format": str, "allow_user_image_creation": bool, "dedicated_host_only": bool}
_IMAGE_KEYS = {"name": str, "operating_system": str, "status": str, "created_at": str, "deprecation_at": str,
               "obsolescence_at": str, "minimum_provisioned_size": int, "file_size": int, "catalog_offering": dict,
               "seen_in": str}
_FAMILY_KEYS = {"family": str, "architecture": str, "vcpu_manufacturer": str, "volume_bandwidth_qos_modes": list,
                "port_speed": int, "secure_boot": bool, "reservation_terms": list, "availability_classes": list,
                "disk_interface": str, "network_interfaces": str}
_PROFILE_KEYS = {"name": str, "bandwidth": int, "vcpu": int, "memory": int, "disks": list, "numa_count": int,
                 "gpu": dict, "vcpu_percentage": list, "confidential_compute_modes": list,
                 "cluster_network_profiles": list, "cluster_network_attachment_count": dict, "status": str}
_IMAGE_STATUSES = ("available", "deleting", "deprecated", "failed", "obsolete", "partially_available", "pending",
                   "unusable")  # the SDK's Image.StatusEnum
_PROFILE_NAME = re.compile(r"^([a-z][a-z0-9]*)-(\d+)x(\d+)(x.*)?$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class Catalogue:
    """Operating systems, images and instance profiles by name (IBM's, plus a user's)."""

    def __init__(self, document: dict):
        self.operating_systems: dict[str, dict] = dict(document.get("operating_systems") or {})
        self.images: dict[str, dict] = {i["name"]: i for i in document.get("images") or []}
        self.families: dict[str, dict] = dict(document.get("instance_profile_families") or {})
        self.profiles: dict[str, dict] = {p["name"]: p for p in document.get("instance_profiles") or []}
        self.defaults: dict = dict(document.get("defaults") or {})

    def extended(self, extension: dict) -> "Catalogue":
        merged = Catalogue({})
        merged.operating_systems = {**self.operating_systems, **(extension.get("operating_systems") or {})}
        merged.images = {**self.images, **{i["name"]: i for i in extension.get("images") or []}}
        merged.families = {**self.families, **(extension.get("instance_profile_families") or {})}
        merged.profiles = {**self.profiles, **{p["name"]: p for p in extension.get("instance_profiles") or []}}
        merged.defaults = {**self.defaults, **(extension.get("defaults") or {})}
        return merged

    def profile_class(self, name: str) -> str:
        return name.split("-", 1)[0]

    def vcpu_and_memory(self, profile: dict) -> tuple[int, int]:
        match = _PROFILE_NAME.match(profile["name"])
        vcpu = profile.get("vcpu", int(match.group(2)) if match else 0)
        memory = profile.get("memory", int(match.group(3)) if match else 0)
        return vcpu, memory


BUILTIN = Catalogue(_DATA)
ABOUT = _DATA["about"]
META_KEY = "catalogue"  # the user catalogue, in the state's metadata


def _check_entry(where: str, entry, keys: dict, required: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: expected an object")
    for key, value in entry.items():
        if key not in keys:
            raise CatalogueError(f"{where}: unknown key {key!r}; expected one of {', '.join(keys)}")
        if not isinstance(value, keys[key]) or (keys[key] is int and isinstance(value, bool)):
            raise CatalogueError(f"{where}.{key}: expected {keys[key].__name__}, not {type(value).__name__}")
    for key in required:
        if key not in entry:
            raise CatalogueError(f"{where}: {key!r} is required")


def check_extension(document) -> dict:
    """A user catalogue, checked against IBM's: every key known, every reference resolved."""
    if not isinstance(document, dict):
        raise CatalogueError("a catalogue is a JSON object")
    for key in document:
        if key not in EXTENSIBLE and key != "about":
            raise CatalogueError(f"unknown section {key!r}; a user catalogue holds {', '.join(EXTENSIBLE)}")
    for name, system in (document.get("operating_systems") or {}).items():
        _check_entry(f"operating_systems.{name}", system, _OS_KEYS, tuple(k for k in _OS_KEYS if k not in (
            "user_data_format", "allow_user_image_creation", "dedicated_host_only")))
    for key in ("images", "instance_profiles"):
        if not isinstance(document.get(key, []), list):
            raise CatalogueError(f"{key}: expected a list")
    merged = BUILTIN.extended({k: v for k, v in document.items() if k != "about"})
    for index, image in enumerate(document.get("images") or []):
        where = f"images[{index}]"
        _check_entry(where, image, _IMAGE_KEYS, ("name", "operating_system"))
        if image["operating_system"] not in merged.operating_systems:
            raise CatalogueError(f"{where}.operating_system: no operating system {image['operating_system']!r}")
        if image.get("status", "available") not in _IMAGE_STATUSES:
            raise CatalogueError(f"{where}.status: one of {', '.join(_IMAGE_STATUSES)}")
        if set(image.get("catalog_offering", {})) - {"version_crn"} or not isinstance(
                image.get("catalog_offering", {}).get("version_crn", ""), str):
            raise CatalogueError(f"{where}.catalog_offering: {{\"version_crn\": \"<CRN of the offering version>\"}}")
        for stamp in ("created_at", "deprecation_at", "obsolescence_at"):
            if stamp in image and not _RFC3339.match(image[stamp]):
                raise CatalogueError(f"{where}.{stamp}: an RFC 3339 date-time such as 2026-01-31T00:00:00Z")
    for name, family in (document.get("instance_profile_families") or {}).items():
        _check_entry(f"instance_profile_families.{name}", family, _FAMILY_KEYS, ("family",))
    for index, profile in enumerate(document.get("instance_profiles") or []):
        where = f"instance_profiles[{index}]"
        _check_entry(where, profile, _PROFILE_KEYS, ("name", "bandwidth"))
        if not _PROFILE_NAME.match(profile["name"]) and not ("vcpu" in profile and "memory" in profile):
            raise CatalogueError(f"{where}.name: <class>-<vCPU>x<GiB> (such as bx9-2x8), or give vcpu and memory")
        if merged.profile_class(profile["name"]) not in merged.families:
            raise CatalogueError(f"{where}.name: no instance_profile_families entry for "
                                 f"{merged.profile_class(profile['name'])!r}")
    defaults = document.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - {"catalog_offering_image"}:
        raise CatalogueError("defaults: only catalog_offering_image")
    if "catalog_offering_image" in defaults and defaults["catalog_offering_image"] not in merged.images:
        raise CatalogueError(f"defaults.catalog_offering_image: no image {defaults['catalog_offering_image']!r}")
    return {k: v for k, v in document.items() if k != "about"}


def load_extension(path) -> dict:
    """A user catalogue file, read and checked (CatalogueError says what is wrong, and where)."""
    try:
        document = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc}") from None
    try:
        return check_extension(document)
    except CatalogueError as exc:
        raise CatalogueError(f"catalogue {path}: {exc}") from None


_merged: tuple[dict, Catalogue] | None = None  # the extension last merged (held, so `is` is safe)


def of_store(store) -> Catalogue:
    """The catalogue a mock serves: IBM's, extended by the user catalogue its state holds."""
    global _merged
    extension = store.meta(META_KEY)
    if not extension:
        return BUILTIN
    cached = _merged
    if cached is not None and cached[0] is extension:
        return cached[1]
    catalogue = BUILTIN.extended(extension)
    _merged = (extension, catalogue)
    return catalogue
