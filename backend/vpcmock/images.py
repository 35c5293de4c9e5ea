"""The compute catalogue of each region: IBM's stock images and instance profiles.

Image names are those of IBM's current stock images, so `data "ibm_is_image" { name = ... }`
finds what users look up; their ids are stable per region (a region prefix and a UUID derived
from region and name), as the real catalogue's are. Profiles are IBM's families: balanced `bx2`,
compute `cx2`, memory `mx2` and their flex (`bxf`, `cxf`, `mxf`) and third-generation
(`bx3d`, `cx3d`, `mx3d`) forms, plus very-high-memory `ux2d`.
"""

from __future__ import annotations

import uuid

from vpcmock.catalog import REGION_PREFIXES

# name: (operating system name, display name, family, vendor, version, architecture, minimum GB)
STOCK_IMAGES = {
    "ibm-ubuntu-24-04-3-minimal-amd64-4": ("ubuntu-24-04-amd64", "Ubuntu Linux 24.04 LTS Noble Numbat Minimal Install (amd64)",
                                           "Ubuntu Linux", "Canonical", "24.04 LTS Noble Numbat Minimal Install", "amd64", 100),
    "ibm-ubuntu-22-04-5-minimal-amd64-6": ("ubuntu-22-04-amd64", "Ubuntu Linux 22.04 LTS Jammy Jellyfish Minimal Install (amd64)",
                                           "Ubuntu Linux", "Canonical", "22.04 LTS Jammy Jellyfish Minimal Install", "amd64", 100),
    "ibm-ubuntu-24-04-3-minimal-s390x-2": ("ubuntu-24-04-s390x", "Ubuntu Linux 24.04 LTS Noble Numbat Minimal Install (s390x)",
                                           "Ubuntu Linux", "Canonical", "24.04 LTS Noble Numbat Minimal Install", "s390x", 100),
    "ibm-debian-12-11-minimal-amd64-1": ("debian-12-amd64", "Debian GNU/Linux 12.x Bookworm/Stable - Minimal Install (amd64)",
                                         "Debian GNU/Linux", "Debian", "12.x Bookworm/Stable - Minimal Install", "amd64", 100),
    "ibm-centos-stream-9-amd64-11": ("centos-stream-9-amd64", "CentOS Stream 9 - Minimal Install (amd64)",
                                     "CentOS Stream", "CentOS", "9 - Minimal Install", "amd64", 100),
    "ibm-rocky-linux-9-6-minimal-amd64-2": ("rocky-linux-9-amd64", "Rocky Linux 9.x - Minimal Install (amd64)",
                                            "Rocky Linux", "Rocky Enterprise Software Foundation", "9.x - Minimal Install",
                                            "amd64", 100),
    "ibm-redhat-9-6-minimal-amd64-2": ("red-9-amd64", "Red Hat Enterprise Linux (RHEL) 9.x - Minimal Install (amd64)",
                                       "Red Hat Enterprise Linux", "Red Hat", "9.x - Minimal Install", "amd64", 100),
    "ibm-redhat-8-10-minimal-amd64-6": ("red-8-amd64", "Red Hat Enterprise Linux (RHEL) 8.x - Minimal Install (amd64)",
                                        "Red Hat Enterprise Linux", "Red Hat", "8.x - Minimal Install", "amd64", 100),
    "ibm-sles-15-6-amd64-5": ("sles-15-amd64", "SUSE Linux Enterprise Server (SLES) 15 SP6 (amd64)",
                              "SUSE Linux Enterprise Server", "SUSE", "15 SP6", "amd64", 100),
    "ibm-windows-server-2022-full-standard-amd64-23": ("windows-2022-amd64", "Windows Server 2022 Standard Edition (amd64)",
                                                       "Windows Server", "Microsoft", "2022 Standard Edition", "amd64", 100),
}
CREATED = "2025-06-01T00:00:00Z"  # stock images predate anything the mock makes

_FAMILIES = {"bx2": ("balanced", 4), "cx2": ("compute", 2), "mx2": ("memory", 8),
             "bxf": ("balanced", 4), "cxf": ("compute", 2), "mxf": ("memory", 8),
             "bx3d": ("balanced", 5), "cx3d": ("compute", 2.5), "mx3d": ("memory", 10)}
_SIZES = (2, 4, 8, 16, 32, 48, 64, 96, 128)


def _profiles() -> dict[str, tuple[int, int, str]]:
    found = {}
    for family, (kind, ratio) in _FAMILIES.items():
        for cpus in _SIZES:
            if family.endswith("f") and cpus > 64:
                continue
            found[f"{family}-{cpus}x{int(cpus * ratio)}"] = (cpus, int(cpus * ratio), kind)
    for cpus in (2, 4, 8, 16, 32, 48, 72, 100):
        found[f"ux2d-{cpus}x{cpus * 28}"] = (cpus, cpus * 28, "memory")
    return found


INSTANCE_PROFILES = _profiles()  # name: (vCPUs, memory GB, family)


def image_id(region: str, name: str) -> str:
    return f"{REGION_PREFIXES.get(region, 'r006')}-{uuid.uuid5(uuid.NAMESPACE_URL, f'vpcmock:image:{region}:{name}')}"


def images(region: str) -> list[dict]:
    return [image(region, name) for name in STOCK_IMAGES]


def find_image(region: str, ident: str) -> dict | None:
    """A stock image of `region` by id, CRN or href."""
    ident = ident.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return next((image(region, name) for name in STOCK_IMAGES if image_id(region, name) == ident), None)


def image(region: str, name: str) -> dict:
    os_name, display, family, vendor, version, architecture, minimum = STOCK_IMAGES[name]
    ident = image_id(region, name)
    return {
        "id": ident, "crn": f"crn:v1:bluemix:public:is:{region}:a/811f8abfbd32425597dc7ba40da98fa6::image:{ident}",
        "href": f"/{region}/v1/images/{ident}", "name": name, "created_at": CREATED, "encryption": "none",
        "file": {"checksums": {"sha256": uuid.uuid5(uuid.NAMESPACE_URL, name).hex * 2}, "size": 1},
        "minimum_provisioned_size": minimum,
        "operating_system": {"allow_user_image_creation": True, "architecture": architecture,
                             "dedicated_host_only": False, "display_name": display, "family": family,
                             "href": f"/{region}/v1/operating_systems/{os_name}", "name": os_name,
                             "user_data_format": "cloud_init", "vendor": vendor,
                             "version": version},
        "owner_type": "provider", "resource_type": "image", "status": "available", "status_reasons": [],
        "visibility": "public", "catalog_offering": {"managed": False}, "user_data_format": "cloud_init",
        "allowed_use": {"api_version": "2025-01-01", "bare_metal_server": "true", "instance": "true"},
    }


def profile(region: str, name: str) -> dict:
    cpus, memory, family = INSTANCE_PROFILES[name]
    bandwidth = min(cpus * 2000, 80000)
    return {
        "name": name, "family": family, "href": f"/{region}/v1/instance/profiles/{name}",
        "resource_type": "instance_profile", "status": "current",
        "vcpu_count": {"type": "fixed", "value": cpus}, "memory": {"type": "fixed", "value": memory},
        "vcpu_architecture": {"type": "fixed", "value": "amd64"},
        "vcpu_manufacturer": {"type": "fixed", "value": "intel"},
        "os_architecture": {"default": "amd64", "type": "enum", "values": ["amd64"]},
        "bandwidth": {"type": "fixed", "value": bandwidth},
        "network_interface_count": {"type": "range", "min": 1, "max": 15},
        "disks": [], "gpu_count": {"type": "fixed", "value": 0},
    }
