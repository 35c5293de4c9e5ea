"""Bare metal server profiles of the catalogue (catalog.BARE_METAL_SERVER_PROFILES) as the VPC
API shows them (`/bare_metal_server/profiles`, the SDK's BareMetalServerProfile), and what a
server made of one takes from it (engine/generic/vpc/bare_metal.py).

What IBM's docs give is fixed (vCPU as physical cores at 2 threads each, memory, sockets, the
disks); what a client chooses is an enum (the bandwidth, the TPM mode, the console). The
sources and the mock's choices are in data/ibm_catalogue.json's `about`.
"""

from __future__ import annotations

from vpcmock import catalog
from vpcmock.images import _fixed, _zones

# IBM's docs (bare_metal_server_profile.md): "vCPU to physical cores are a 2:1 ratio".
THREADS_PER_CORE = 2
# bare_metal_server_planning.md: a total bandwidth "from 10 up to 200 Gbps. 200 Gbps is only
# available with Intel Sapphire Rapids profiles" (Mbps, as the API counts it).
BANDWIDTHS = (10000, 25000, 50000, 100000, 200000)
# bare_metal_server_network.md: up to 128 network interfaces "by using the CLI or API".
MAX_INTERFACES = 128
# bare_metal_server_manage_nic.md: "The maximum number of PCI interfaces per bare metal server is eight."
MAX_PCI_INTERFACES = 8
TPM_MODES = ["disabled", "tpm_2"]


def entry(name: str) -> dict | None:
    return catalog.BARE_METAL_SERVER_PROFILES.get(name)


def bandwidths(spec: dict) -> list[int]:
    """The bandwidths a server of the profile may be given (Mbps), up to the profile's total."""
    return [value for value in BANDWIDTHS if value <= spec["bandwidth"]]


def core_count(spec: dict) -> int:
    return spec["vcpu"] // THREADS_PER_CORE


def profile(region: str, name: str) -> dict:
    """A BareMetalServerProfile of the catalogue."""
    spec = catalog.BARE_METAL_SERVER_PROFILES[name]
    return {
        "bandwidth": {"type": "enum", "default": spec["bandwidth"], "values": bandwidths(spec)},
        "console_types": {"type": "enum", "values": ["serial", "vnc"]},
        "cpu_architecture": {"type": "fixed", "value": "amd64"},
        "cpu_core_count": _fixed(core_count(spec)),
        "cpu_socket_count": _fixed(spec["socket_count"]),
        "disks": [{"quantity": _fixed(quantity), "size": _fixed(size),
                   "supported_interface_types": {"type": "enum", "default": interface, "values": [interface]}}
                  for quantity, size, interface in spec["disks"]],
        "family": spec["family"], "href": f"/{region}/v1/bare_metal_server/profiles/{name}",
        "memory": _fixed(spec["memory"]), "name": name,
        "network_attachment_count": {"type": "range", "max": MAX_INTERFACES, "min": 1},
        "network_interface_count": {"type": "range", "max": MAX_INTERFACES, "min": 1},
        "os_architecture": {"type": "enum", "default": "amd64", "values": ["amd64"]},
        "reservation_terms": {"type": "enum", "values": ["one_year", "three_year"]},
        "resource_type": "bare_metal_server_profile",
        "supported_trusted_platform_module_modes": {"type": "enum", "default": "disabled", "values": TPM_MODES},
        "virtual_network_interfaces_supported": {"type": "fixed", "value": True},
        "zones": _zones(region),
    }


def profiles(ctx_or_region, region: str | None = None) -> list[dict]:
    region = region or getattr(ctx_or_region, "region", ctx_or_region)
    return [profile(region, name) for name in sorted(catalog.BARE_METAL_SERVER_PROFILES)]


def compatible(ctx, image: dict | None) -> list[dict]:
    """The profiles (BareMetalServerProfileReference) a server booting `image` may have (GET
    /images/{id}/bare_metal_server_profiles; the SDK: "compatible with an image's
    `allowed_use.bare_metal_server`, `operating_system.architecture` and `user_data_format`"):
    every profile is amd64, so those of an amd64 image whose `allowed_use.bare_metal_server` is
    not `false`. The mock's choice: an expression (`enable_secure_boot == true`) constrains the
    server, not the profile, so it allows them all; every user data format boots on bare metal."""
    system = (image or {}).get("operating_system") or {}
    allowed = str(((image or {}).get("allowed_use") or {}).get("bare_metal_server", "true")).strip()
    if system.get("architecture", "amd64") != "amd64" or allowed == "false":
        return []
    return [{key: view[key] for key in ("href", "name", "resource_type")} for view in profiles(ctx)]
