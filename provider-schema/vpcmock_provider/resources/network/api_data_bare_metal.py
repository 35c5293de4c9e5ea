"""Data sources of bare metal servers (api_types_bare_metal.py) through the VPC API: a server by
id or name and the servers listed, as the resource reads them; its disks, network interfaces
and their floating and reserved IPs, network attachments and initialization, the catalogue's
profiles and those an image boots, as their API objects (api_data.py)."""

from __future__ import annotations

from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource, Lookup
from vpcmock_provider.resources.network.api_types_bare_metal import RESOURCES, SERVERS

_BY = {r.api.type_name: r for r in RESOURCES}
_SERVER = {"bare_metal_server": Lookup("bare_metal_server")}
_NIC = {**_SERVER, "network_interface": Lookup("network_interface")}
DATA_SOURCES = [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_bare_metal_server", _BY["ibm_is_bare_metal_server"], Lookup("identifier", "name")),
    ApiData("ibm_is_bare_metal_servers", _BY["ibm_is_bare_metal_server"], list_attr="servers"),
    ApiData("ibm_is_bare_metal_server_disk", None, Lookup("disk"), parents=_SERVER,
            path=SERVERS + "/{bare_metal_server}/disks", key="disks"),
    ApiData("ibm_is_bare_metal_server_disks", None, list_attr="disks", parents=_SERVER,
            path=SERVERS + "/{bare_metal_server}/disks", key="disks"),
    ApiData("ibm_is_bare_metal_server_network_interface", None, Lookup("network_interface"), parents=_SERVER,
            path=SERVERS + "/{bare_metal_server}/network_interfaces", key="network_interfaces"),
    ApiData("ibm_is_bare_metal_server_network_interfaces", None, list_attr="network_interfaces", parents=_SERVER,
            path=SERVERS + "/{bare_metal_server}/network_interfaces", key="network_interfaces"),
    ApiData("ibm_is_bare_metal_server_network_attachment", None, Lookup("network_attachment"), parents=_SERVER,
            path=SERVERS + "/{bare_metal_server}/network_attachments", key="network_attachments"),
    ApiData("ibm_is_bare_metal_server_network_attachments", None, list_attr="network_attachments",
            parents=_SERVER, path=SERVERS + "/{bare_metal_server}/network_attachments", key="network_attachments"),
    ApiData("ibm_is_bare_metal_server_network_interface_floating_ip", None, Lookup("floating_ip"), parents=_NIC,
            path=SERVERS + "/{bare_metal_server}/network_interfaces/{network_interface}/floating_ips",
            key="floating_ips"),
    ApiData("ibm_is_bare_metal_server_network_interface_floating_ips", None, list_attr="floating_ips",
            parents=_NIC, path=SERVERS + "/{bare_metal_server}/network_interfaces/{network_interface}/floating_ips",
            key="floating_ips"),
    ApiData("ibm_is_bare_metal_server_network_interface_reserved_ip", None, Lookup("reserved_ip"), parents=_NIC,
            path=SERVERS + "/{bare_metal_server}/network_interfaces/{network_interface}/ips", key="ips"),
    ApiData("ibm_is_bare_metal_server_network_interface_reserved_ips", None, list_attr="reserved_ips", parents=_NIC,
            path=SERVERS + "/{bare_metal_server}/network_interfaces/{network_interface}/ips", key="ips"),
    ApiData("ibm_is_bare_metal_server_profile", None, Lookup("name"), path="/bare_metal_server/profiles",
            key="profiles"),
    ApiData("ibm_is_bare_metal_server_profiles", None, list_attr="profiles", path="/bare_metal_server/profiles",
            key="profiles"),
    ApiData("ibm_is_image_bare_metal_server_profiles", None, list_attr="bare_metal_server_profiles",
            parents={"identifier": Lookup("identifier")}, path="/images/{identifier}/bare_metal_server_profiles",
            key="bare_metal_server_profiles"),
    ApiData("ibm_is_bare_metal_server_initialization", None, Lookup(None, None), parents=_SERVER,
            path=SERVERS + "/{bare_metal_server}/initialization", key="initialization",
            extra=lambda doc: {"image": (doc.get("image") or {}).get("id"),
                               "keys": [k.get("id") for k in doc.get("keys") or []]}),
)]
