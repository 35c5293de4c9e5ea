"""IBM types served through the VPC API (api_backed.py): cluster networks, their subnets, reserved
IPs and interfaces, an instance's cluster network attachments and its network attachments, and
the data sources of each (with the cluster network profiles). Each says only what differs from
the convention, read from the IBM provider's resource_ibm_is_cluster_network*.go,
resource_ibm_is_instance_cluster_network_attachment.go and
resource_ibm_is_instance_network_attachment.go: the ids are `<cluster network>/<subnet>`,
`<cluster network>/<subnet>/<reserved IP>`, `<cluster network>/<interface>`,
`<instance>/<attachment>`; none of them waits (the attachment waits for `stable`, which the
mock answers at once)."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType
from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource, Lookup
from vpcmock_provider.resources.platform.identity import api_id


def _first(value) -> dict:
    return (value or [None])[0] or {}


# --- ibm_is_cluster_network: the VPC a block (its id sent), subnet prefixes sent as configured.

def _network_body(planned: dict) -> dict:
    body = {"vpc": {"id": api_id(_first(planned.get("vpc"))["id"])}}
    if planned.get("subnet_prefixes"):
        body["subnet_prefixes"] = [{"cidr": p["cidr"]} for p in planned["subnet_prefixes"] if p.get("cidr")]
    return body


CLUSTER_NETWORK = ApiType("ibm_is_cluster_network", "/cluster_networks", "cluster_networks",
                          sends=("name", "profile", "zone", "resource_group"), patches=("name",), body=_network_body)


# --- ibm_is_cluster_network_subnet: `<cluster network>/<subnet>`, by CIDR block or count.

CLUSTER_NETWORK_SUBNET = ApiType(
    "ibm_is_cluster_network_subnet", "/cluster_networks/{cluster_network_id}/subnets", "subnets",
    sends=("name", "ip_version", "ipv4_cidr_block", "total_ipv4_address_count"), patches=("name",),
    state=lambda doc, state, prior: {"cluster_network_subnet_id": doc["id"]})


# --- ibm_is_cluster_network_subnet_reserved_ip: `<cluster network>/<subnet>/<reserved IP>`.
# The API's create takes no `auto_delete`: the IBM update patches it. The IBM create leaves a
# configured one to the next apply; this one patches it at once, so the first apply reads back
# what was planned (Terraform refuses a computed attribute read back other than configured).

class ClusterNetworkSubnetReservedIP(ApiResource):
    def create(self, client: Client, planned: dict) -> dict:
        parents = {p: api_id(str(planned[p])) for p in self.parents}
        doc, _ = client.call("POST", self._collection(parents), self.to_body(planned))
        if planned.get("auto_delete") is not None and planned["auto_delete"] != doc.get("auto_delete"):
            client.call("PATCH", f"{self._collection(parents)}/{doc['id']}", {"auto_delete": planned["auto_delete"]},
                        merge_patch=True)
        return self._read(client, parents, doc["id"], planned, False) or {}


CLUSTER_NETWORK_SUBNET_RESERVED_IP = ApiType(
    "ibm_is_cluster_network_subnet_reserved_ip",
    "/cluster_networks/{cluster_network_id}/subnets/{cluster_network_subnet_id}/reserved_ips", "reserved_ips",
    sends=("address", "name"), patches=("name", "auto_delete"),
    state=lambda doc, state, prior: {"cluster_network_subnet_reserved_ip_id": doc["id"]})


# --- ibm_is_cluster_network_interface: `<cluster network>/<interface>`; its subnet and primary IP
# blocks sent as the IBM create maps them (a reserved IP by id or href, else a new one's address,
# name and auto_delete).

def _primary_ip_prototype(block: dict) -> dict | None:
    if block.get("id") or block.get("href"):
        return {"id": api_id(block["id"])} if block.get("id") else {"href": block["href"]}
    found = {k: block[k] for k in ("address", "name") if block.get(k)}
    if block.get("auto_delete") is not None:
        found["auto_delete"] = block["auto_delete"]
    return found or None


def _interface_body(planned: dict) -> dict:
    body = {}
    subnet = _first(planned.get("subnet"))
    if subnet.get("id") or subnet.get("href"):
        body["subnet"] = {"id": api_id(subnet["id"])} if subnet.get("id") else {"href": subnet["href"]}
    ip = _primary_ip_prototype(_first(planned.get("primary_ip")))
    if ip:
        body["primary_ip"] = ip
    return body


def _interface_state(doc: dict, state: dict, prior: dict) -> dict:
    out = {"cluster_network_interface_id": doc["id"]}
    # The API's reference to the primary IP has no auto_delete: the IBM read sets the block without
    # it; the configured value is kept so a configuration that sets it plans clean.
    configured = _first(prior.get("primary_ip")).get("auto_delete")
    if state.get("primary_ip") and configured is not None:
        out["primary_ip"] = [{**state["primary_ip"][0], "auto_delete": configured}]
    return out


CLUSTER_NETWORK_INTERFACE = ApiType(
    "ibm_is_cluster_network_interface", "/cluster_networks/{cluster_network_id}/interfaces", "interfaces",
    sends=("name",), patches=("name",), body=_interface_body, state=_interface_state)


# --- ibm_is_instance_cluster_network_attachment: `<instance>/<attachment>`; its interface a new
# one (name, subnet, primary IP) or an existing one by id; `before` an attachment of the instance.

def _attachment_interface(block: dict) -> dict:
    """The IBM create's InstanceClusterNetworkAttachmentPrototypeClusterNetworkInterface."""
    if block.get("id") and not _first(block.get("subnet")):
        return {"id": api_id(block["id"])}
    prototype = {k: block[k] for k in ("name",) if block.get(k)}
    if block.get("auto_delete") is not None:
        prototype["auto_delete"] = block["auto_delete"]
    subnet = _first(block.get("subnet"))
    if subnet.get("id"):
        prototype["subnet"] = {"id": api_id(subnet["id"])}
    ip = _first(block.get("primary_ip"))
    if ip:
        prototype["primary_ip"] = _primary_ip_prototype(ip) or {}
    return prototype


def _cluster_attachment_body(planned: dict) -> dict:
    body = {"cluster_network_interface": _attachment_interface(_first(planned.get("cluster_network_interface")))}
    if _first(planned.get("before")).get("id"):
        body["before"] = {"id": api_id(_first(planned["before"])["id"])}
    return body


def _cluster_attachment_state(doc: dict, state: dict, prior: dict) -> dict:
    """`before` (optional, not computed) only where configured: the API shows the attachment this
    one is now before, which changes as others are added after it; the IBM read sets it whenever
    present, a difference no configuration asked about (the mock's choice: plans stay empty)."""
    return {"instance_cluster_network_attachment_id": doc["id"],
            "before": state.get("before") if _first(prior.get("before")).get("id") else None}


CLUSTER_ATTACHMENT = ApiType(
    "ibm_is_instance_cluster_network_attachment", "/instances/{instance_id}/cluster_network_attachments",
    "cluster_network_attachments", sends=("name",), patches=("name",), body=_cluster_attachment_body,
    state=_cluster_attachment_state)


# --- ibm_is_instance_network_attachment: `<instance>/<attachment>`; its virtual network interface
# a new one or an existing one by id, read back from /virtual_network_interfaces/{id} as the IBM
# read does (the primary IP's auto_delete as configured, true by default).

def vni_prototype(block: dict) -> dict:
    """A network attachment's virtual network interface as the IBM create maps it."""
    if block.get("id"):
        return {"id": api_id(block["id"])}
    prototype = {k: block[k] for k in ("name", "protocol_state_filtering_mode") if block.get(k)}
    for key in ("allow_ip_spoofing", "auto_delete", "enable_infrastructure_nat"):
        if block.get(key) is not None:
            prototype[key] = block[key]
    if block.get("subnet"):
        prototype["subnet"] = {"id": api_id(block["subnet"])}
    if block.get("resource_group"):
        prototype["resource_group"] = {"id": block["resource_group"]}
    if block.get("security_groups"):
        prototype["security_groups"] = [{"id": api_id(g)} for g in sorted(block["security_groups"])]
    if block.get("ips"):
        prototype["ips"] = [{"id": api_id(ip["reserved_ip"])} for ip in block["ips"] if ip.get("reserved_ip")]
    ip = _first(block.get("primary_ip"))
    if ip.get("reserved_ip"):
        prototype["primary_ip"] = {"id": api_id(ip["reserved_ip"])}
    elif ip:
        found = {k: ip[k] for k in ("address", "name") if ip.get(k)}
        if ip.get("auto_delete") is not None:
            found["auto_delete"] = ip["auto_delete"]
        if found:
            prototype["primary_ip"] = found
    return prototype


def _reserved_ip_view(ip: dict, auto_delete) -> dict:
    return {"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
            "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"), "auto_delete": auto_delete}


def vni_block(client: Client, attachment: dict, prior_block: dict) -> list[dict]:
    """The `virtual_network_interface` block the IBM read sets from the attachment and its interface."""
    vni, _ = client.call("GET", f"/virtual_network_interfaces/{attachment['virtual_network_interface']['id']}")
    primary = attachment.get("primary_ip") or {}
    configured = _first(prior_block.get("primary_ip")).get("auto_delete")
    return [{
        "id": vni["id"], "crn": vni.get("crn"), "name": vni.get("name"), "resource_type": vni.get("resource_type"),
        "allow_ip_spoofing": vni.get("allow_ip_spoofing"), "auto_delete": vni.get("auto_delete"),
        "enable_infrastructure_nat": vni.get("enable_infrastructure_nat"),
        "protocol_state_filtering_mode": vni.get("protocol_state_filtering_mode"),
        "resource_group": (vni.get("resource_group") or {}).get("id"),
        "security_groups": [g["id"] for g in vni.get("security_groups") or []],
        "ips": [{k: v for k, v in _reserved_ip_view(ip, True).items() if k != "auto_delete"}
                for ip in vni.get("ips") or [] if ip.get("id") != primary.get("id")],
        "primary_ip": [_reserved_ip_view(primary, True if configured is None else configured)],
        "subnet": (attachment.get("subnet") or {}).get("id")}]


class InstanceNetworkAttachment(ApiResource):
    """Its interface read from /virtual_network_interfaces; a change of the interface's own
    settings patched there (the IBM update's PATCH of the virtual network interface)."""

    _VNI_PATCHES = ("name", "auto_delete", "allow_ip_spoofing", "enable_infrastructure_nat",
                    "protocol_state_filtering_mode")

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        doc, _ = client.call("GET", f"{self._collection(parents)}/{own}")
        state["virtual_network_interface"] = vni_block(client, doc, _first(prior.get("virtual_network_interface")))
        return state

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        before, after = _first(prior.get("virtual_network_interface")), _first(planned.get("virtual_network_interface"))
        patch = {k: after[k] for k in self._VNI_PATCHES if after.get(k) is not None and after[k] != before.get(k)}
        if patch and before.get("id"):
            client.call("PATCH", f"/virtual_network_interfaces/{before['id']}", patch, merge_patch=True)
        return super().update(client, prior, planned)


INSTANCE_NETWORK_ATTACHMENT = ApiType(
    "ibm_is_instance_network_attachment", "/instances/{instance}/network_attachments", "network_attachments",
    sends=("name",), patches=("name",),
    body=lambda planned: {"virtual_network_interface": vni_prototype(_first(planned.get("virtual_network_interface")))},
    state=lambda doc, state, prior: {"network_attachment": doc["id"]})


RESOURCES = [ApiResource(api) for api in (CLUSTER_NETWORK, CLUSTER_NETWORK_SUBNET, CLUSTER_NETWORK_INTERFACE,
                                          CLUSTER_ATTACHMENT)] + [
    ClusterNetworkSubnetReservedIP(CLUSTER_NETWORK_SUBNET_RESERVED_IP),
    InstanceNetworkAttachment(INSTANCE_NETWORK_ATTACHMENT)]


# --- Data sources: each the API object as the IBM data source (generated from the API) sets it.

_NETWORK = {"cluster_network_id": Lookup("cluster_network_id")}
_SUBNET = {**_NETWORK, "cluster_network_subnet_id": Lookup("cluster_network_subnet_id")}
_NAMED = {"name": "name", "sort": "sort"}
DATA_SOURCES = [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_cluster_network", None, Lookup("cluster_network_id"), path="/cluster_networks",
            key="cluster_networks"),
    ApiData("ibm_is_cluster_networks", None, list_attr="cluster_networks", path="/cluster_networks",
            key="cluster_networks", query={**_NAMED, "resource_group_id": "resource_group.id", "vpc_id": "vpc.id",
                                           "vpc_crn": "vpc.crn", "vpc_name": "vpc.name"}),
    ApiData("ibm_is_cluster_network_subnet", None, Lookup("cluster_network_subnet_id"), parents=_NETWORK,
            path=CLUSTER_NETWORK_SUBNET.path, key="subnets"),
    ApiData("ibm_is_cluster_network_subnets", None, list_attr="subnets", parents=_NETWORK,
            path=CLUSTER_NETWORK_SUBNET.path, key="subnets", query=_NAMED),
    ApiData("ibm_is_cluster_network_subnet_reserved_ip", None, Lookup("cluster_network_subnet_reserved_ip_id"),
            parents=_SUBNET, path=CLUSTER_NETWORK_SUBNET_RESERVED_IP.path, key="reserved_ips"),
    ApiData("ibm_is_cluster_network_subnet_reserved_ips", None, list_attr="reserved_ips", parents=_SUBNET,
            path=CLUSTER_NETWORK_SUBNET_RESERVED_IP.path, key="reserved_ips", query=_NAMED),
    ApiData("ibm_is_cluster_network_interface", None, Lookup("cluster_network_interface_id"), parents=_NETWORK,
            path=CLUSTER_NETWORK_INTERFACE.path, key="interfaces"),
    ApiData("ibm_is_cluster_network_interfaces", None, list_attr="interfaces", parents=_NETWORK,
            path=CLUSTER_NETWORK_INTERFACE.path, key="interfaces", query=_NAMED),
    ApiData("ibm_is_cluster_network_profile", None, Lookup("name"), path="/cluster_network/profiles",
            key="profiles"),
    ApiData("ibm_is_cluster_network_profiles", None, list_attr="profiles", path="/cluster_network/profiles",
            key="profiles"),
    ApiData("ibm_is_instance_cluster_network_attachment", None, Lookup("instance_cluster_network_attachment_id"),
            parents={"instance_id": Lookup("instance_id")}, path=CLUSTER_ATTACHMENT.path,
            key="cluster_network_attachments"),
    ApiData("ibm_is_instance_cluster_network_attachments", None, list_attr="cluster_network_attachments",
            parents={"instance_id": Lookup("instance_id")}, path=CLUSTER_ATTACHMENT.path,
            key="cluster_network_attachments"),
    ApiData("ibm_is_instance_network_attachment", None, Lookup("network_attachment"),
            parents={"instance": Lookup("instance")}, path=INSTANCE_NETWORK_ATTACHMENT.path,
            key="network_attachments"),
    ApiData("ibm_is_instance_network_attachments", None, list_attr="network_attachments",
            parents={"instance": Lookup("instance")}, path=INSTANCE_NETWORK_ATTACHMENT.path,
            key="network_attachments"),
)]
