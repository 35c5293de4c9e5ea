"""More IBM types served through the VPC API (api_backed.py): VPN gateways, their connections and
IKE/IPsec policies; endpoint gateways, virtual network interfaces and their bindings; flow log
collectors. Each says only what differs from the convention, read from the IBM provider's create
and read functions (resource_ibm_is_*.go)."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType, BoundResource
from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource, Lookup
from vpcmock_provider.resources.platform.identity import api_id


# --- ibm_is_ike_policy, ibm_is_ipsec_policy: the connections using them read as vpn_connections.

_CONNECTIONS = {"vpn_connections": "connections"}
_ALGORITHMS = ("name", "authentication_algorithm", "authentication_algorithms", "encryption_algorithm",
               "encryption_algorithms", "key_lifetime")
IKE_POLICY = ApiType("ibm_is_ike_policy", "/ike_policies", "ike_policies",
                     sends=_ALGORITHMS + ("dh_group", "dh_groups", "ike_version", "resource_group"),
                     patches=_ALGORITHMS + ("dh_group", "dh_groups", "ike_version"),
                     renames=_CONNECTIONS, console="network/ikepolicies")
IPSEC_POLICY = ApiType("ibm_is_ipsec_policy", "/ipsec_policies", "ipsec_policies",
                       sends=_ALGORITHMS + ("pfs", "pfs_groups", "resource_group"),
                       patches=_ALGORITHMS + ("pfs", "pfs_groups"),
                       renames=_CONNECTIONS, console="network/ipsecpolicies")


# --- ibm_is_vpn_gateway: its members' public and private addresses, first and second.

def _vpn_gateway_state(doc: dict, state: dict, prior: dict) -> dict:
    members = doc.get("members") or []
    out = {"members": [{"address": (m.get("public_ip") or {}).get("address"), "role": m.get("role"),
                        "private_address": (m.get("private_ip") or {}).get("address")}
                       for m in members if m.get("public_ip")]}
    for index, suffix in ((0, ""), (1, "2")):
        if len(members) > index:
            out[f"public_ip_address{suffix}"] = (members[index].get("public_ip") or {}).get("address")
            out[f"private_ip_address{suffix}"] = (members[index].get("private_ip") or {}).get("address")
    return out


VPN_GATEWAY = ApiType("ibm_is_vpn_gateway", "/vpn_gateways", "vpn_gateways",
                      sends=("name", "subnet", "mode", "local_asn", "resource_group"), patches=("name", "local_asn"),
                      console="network/vpngateways", state=_vpn_gateway_state)


# --- ibm_is_vpn_gateway_connection: preshared_key is psk, action/interval/timeout the dead
# peer detection; local and peer either as blocks or (deprecated) local_cidrs, peer_address and
# peer_cidrs, both read back; the policies by id.

def _local_peer(planned: dict) -> dict:
    body = {}
    local = (planned.get("local") or [None])[0]
    if local:
        body["local"] = {k: v for k, v in (("cidrs", sorted(local.get("cidrs") or [])),
                                           ("ike_identities", local.get("ike_identities"))) if v}
    elif planned.get("local_cidrs"):
        body["local"] = {"cidrs": sorted(planned["local_cidrs"])}
    peer = (planned.get("peer") or [None])[0]
    if peer:
        body["peer"] = {k: v for k, v in peer.items() if k in ("address", "fqdn", "asn") and v not in (None, "", 0)}
        if peer.get("cidrs"):
            body["peer"]["cidrs"] = sorted(peer["cidrs"])
        if peer.get("ike_identity"):
            body["peer"]["ike_identity"] = {k: v for k, v in peer["ike_identity"][0].items() if v}
    elif planned.get("peer_address") or planned.get("peer_cidrs"):
        body["peer"] = {k: v for k, v in (("address", planned.get("peer_address")),
                                          ("cidrs", sorted(planned.get("peer_cidrs") or []))) if v}
    return body


def _dpd(planned: dict) -> dict:
    return {"action": planned.get("action") or "restart", "interval": planned.get("interval") or 2,
            "timeout": planned.get("timeout") or 10}


def _connection_body(planned: dict) -> dict:
    body = {"psk": planned["preshared_key"], "dead_peer_detection": _dpd(planned), **_local_peer(planned)}
    if planned.get("admin_state_up") is not None:
        body["admin_state_up"] = planned["admin_state_up"]
    if planned.get("routing_protocol"):
        body["routing_protocol"] = planned["routing_protocol"]
    if planned.get("distribute_traffic"):  # route mode only; the IBM provider sends it only then
        body["distribute_traffic"] = True
    if planned.get("tunnel"):
        body["tunnels"] = [{"neighbor_ip": {"address": t["neighbor_ip"]},
                            "tunnel_interface_ip": {"address": t["tunnel_interface_ip"]}} for t in planned["tunnel"]]
    return body


def _connection_patch(prior: dict, planned: dict) -> dict:
    before, after = _connection_body(prior), _connection_body(planned)
    patch = {k: v for k, v in after.items()
             if before.get(k) != v and k not in ("local", "tunnels", "routing_protocol", "admin_state_up")}
    if "peer" in patch:  # a connection's peer changes in place only by its address or FQDN (the IBM patch)
        patch["peer"] = {k: v for k, v in patch["peer"].items() if k in ("address", "fqdn", "ike_identity")}
    for name in ("ike_policy", "ipsec_policy"):  # removed from the configuration: detached
        if prior.get(name) and not planned.get(name):
            patch[name] = None
    return patch


def _connection_state(doc: dict, state: dict, prior: dict) -> dict:
    dpd = doc.get("dead_peer_detection") or {}
    local, peer = doc.get("local") or {}, doc.get("peer") or {}
    return {"preshared_key": doc.get("psk"), "action": dpd.get("action"), "interval": dpd.get("interval"),
            "timeout": dpd.get("timeout"), "gateway_connection": doc["id"],
            "local_cidrs": sorted(local.get("cidrs") or []) or None, "peer_address": peer.get("address"),
            "peer_cidrs": sorted(peer.get("cidrs") or []) or None,
            "tunnels": [{"address": (t.get("public_ip") or {}).get("address"), "status": t.get("status")}
                        for t in doc.get("tunnels") or []],
            "tunnel": prior.get("tunnel") or None}


VPN_GATEWAY_CONNECTION = ApiType("ibm_is_vpn_gateway_connection", "/vpn_gateways/{vpn_gateway}/connections",
                                 "connections", sends=("name", "establish_mode", "ike_policy", "ipsec_policy"),
                                 patches=("name", "admin_state_up", "establish_mode", "ike_policy", "ipsec_policy"),
                                 body=_connection_body, patch=_connection_patch, state=_connection_state,
                                 related_crn="/vpn_gateways/{vpn_gateway}")


# --- ibm_is_virtual_endpoint_gateway: its target (a provider service by CRN or name), its
# reserved IPs (by id, or made in a subnet) with the subnet read from the IP's href.

def _endpoint_body(planned: dict) -> dict:
    target = (planned.get("target") or [{}])[0]
    body = {"target": {k: target[k] for k in ("crn", "name", "resource_type") if target.get(k)}}
    ips = []
    for ip in planned.get("ips") or []:
        if ip.get("id"):
            ips.append({"id": api_id(ip["id"])})
        elif ip.get("subnet"):
            ips.append({k: v for k, v in (("subnet", {"id": api_id(ip["subnet"])}), ("name", ip.get("name"))) if v})
    if ips:
        body["ips"] = ips
    return body


def _subnet_of(href: str | None) -> str | None:
    parts = (href or "").split("/")
    return parts[parts.index("subnets") + 1] if "subnets" in parts[:-1] else None


def _endpoint_state(doc: dict, state: dict, prior: dict) -> dict:
    target = doc.get("target") or {}
    out = {"target": [{k: target[k] for k in ("name", "crn", "resource_type") if target.get(k)}],
           "ips": [{"id": ip.get("id"), "name": ip.get("name"), "resource_type": ip.get("resource_type"),
                    "address": ip.get("address"), "subnet": _subnet_of(ip.get("href"))}
                   for ip in doc.get("ips") or []],
           "allow_dns_resolution_binding": (doc.get("dns_resolution_binding_mode") or "disabled") != "disabled"}
    return out


VIRTUAL_ENDPOINT_GATEWAY = ApiType("ibm_is_virtual_endpoint_gateway", "/endpoint_gateways", "endpoint_gateways",
                                   sends=("name", "vpc", "security_groups", "resource_group",
                                          "allow_dns_resolution_binding"),
                                   patches=("name", "allow_dns_resolution_binding"),
                                   body=_endpoint_body, state=_endpoint_state)
def _target_ref(doc: dict, keys=("id", "name", "resource_type")) -> list | None:
    """What a reserved IP or interface is bound to, as the block the IBM read sets."""
    target = doc.get("target")
    return [{k: target.get(k) for k in keys}] if target else None


VIRTUAL_ENDPOINT_GATEWAY_IP = ApiType("ibm_is_virtual_endpoint_gateway_ip", "/endpoint_gateways/{gateway}/ips",
                                      "ips", state=lambda doc, state, prior: {"target": _target_ref(doc)})


# --- ibm_is_virtual_endpoint_gateway_resource_binding: a resource (a COS bucket) bound to the
# gateway by CRN, `<gateway>/<binding>`.

ENDPOINT_GATEWAY_RESOURCE_BINDING = ApiType(
    "ibm_is_virtual_endpoint_gateway_resource_binding", "/endpoint_gateways/{endpoint_gateway_id}/resource_bindings",
    "resource_bindings", sends=("name",), patches=("name",),
    body=lambda planned: {"target": {"crn": planned["target"][0]["crn"]}},
    state=lambda doc, state, prior: {"endpoint_gateway_resource_binding_id": doc["id"]})


# --- ibm_is_subnet_reserved_ip_patch: an existing reserved IP's name and auto_delete, set by
# PATCH; deleting it leaves the reserved IP (the IBM delete only forgets it).

class ReservedIpPatch(ApiResource):
    def create(self, client: Client, planned: dict) -> dict:
        parents, own = {"subnet": api_id(planned["subnet"])}, api_id(planned["reserved_ip"])
        patch = {k: planned[k] for k in ("name", "auto_delete") if planned.get(k) is not None}
        client.call("PATCH", f"{self._collection(parents)}/{own}", patch, merge_patch=True)
        return self._read(client, parents, own, planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        return None


def _patched_ip_state(doc: dict, state: dict, prior: dict) -> dict:
    target = doc.get("target") or {}
    return {"reserved_ip": prior.get("reserved_ip") if api_id(str(prior.get("reserved_ip") or "")) == doc["id"]
            else doc["id"], "target": target.get("id"), "target_crn": target.get("crn")}


SUBNET_RESERVED_IP_PATCH = ApiType("ibm_is_subnet_reserved_ip_patch", "/subnets/{subnet}/reserved_ips",
                                   "reserved_ips", patches=("name", "auto_delete"), state=_patched_ip_state)


# --- ibm_is_virtual_network_interface: primary_ip a block (given by address or reserved IP),
# ips the other reserved IPs bound, security groups and subnet by id.

def _vni_body(planned: dict) -> dict:
    body = {}
    primary = (planned.get("primary_ip") or [None])[0]
    if primary:
        if primary.get("reserved_ip"):
            body["primary_ip"] = {"id": api_id(primary["reserved_ip"])}
        elif primary.get("address"):
            body["primary_ip"] = {k: v for k, v in (("address", primary["address"]), ("name", primary.get("name")),
                                                    ("auto_delete", primary.get("auto_delete"))) if v is not None}
    if planned.get("ips"):
        body["ips"] = [{"id": api_id(ip["reserved_ip"])} for ip in planned["ips"]]
    return body


def _reserved_view(ip: dict) -> dict:
    return {"address": ip.get("address"), "href": ip.get("href"), "reserved_ip": ip.get("id"),
            "name": ip.get("name"), "resource_type": ip.get("resource_type"), "auto_delete": ip.get("auto_delete")}


def _vni_state(doc: dict, state: dict, prior: dict) -> dict:
    primary = doc.get("primary_ip") or {}
    view = _reserved_view(primary)
    configured = ((prior.get("primary_ip") or [None])[0] or {}).get("auto_delete")
    view["auto_delete"] = configured  # the IBM read keeps it only where configured
    ips = [_reserved_view(ip) for ip in doc.get("ips") or [] if ip.get("id") != primary.get("id")]
    return {"primary_ip": [view] if primary else None,
            "ips": [{k: v for k, v in ip.items() if k != "auto_delete"} for ip in ips],
            "target": _target_ref(doc, ("href", "id", "name", "resource_type"))}


VIRTUAL_NETWORK_INTERFACE = ApiType("ibm_is_virtual_network_interface", "/virtual_network_interfaces",
                                    "virtual_network_interfaces",
                                    sends=("name", "subnet", "security_groups", "allow_ip_spoofing", "auto_delete",
                                           "enable_infrastructure_nat", "protocol_state_filtering_mode",
                                           "resource_group"),
                                    patches=("name", "allow_ip_spoofing", "auto_delete", "enable_infrastructure_nat",
                                             "protocol_state_filtering_mode"),
                                    body=_vni_body, state=_vni_state)
VIRTUAL_NETWORK_INTERFACE_IP = ApiType("ibm_is_virtual_network_interface_ip",
                                       "/virtual_network_interfaces/{virtual_network_interface}/ips", "ips")
VIRTUAL_NETWORK_INTERFACE_FLOATING_IP = ApiType("ibm_is_virtual_network_interface_floating_ip",
                                                "/virtual_network_interfaces/{virtual_network_interface}/floating_ips",
                                                "floating_ips")


# --- ibm_is_flow_log: its bucket by name, its target (a VPC, subnet, interface) by id.

def _flow_log_body(planned: dict) -> dict:
    return {"storage_bucket": {"name": planned["storage_bucket"]}}


FLOW_LOG = ApiType("ibm_is_flow_log", "/flow_log_collectors", "flow_log_collectors",
                   sends=("name", "target", "active", "resource_group"), patches=("name", "active"),
                   console="network/flowLogs", body=_flow_log_body,
                   state=lambda doc, state, prior: {"storage_bucket": (doc.get("storage_bucket") or {}).get("name")})


RESOURCES = [ApiResource(t) for t in (
    IKE_POLICY, IPSEC_POLICY, VPN_GATEWAY, VPN_GATEWAY_CONNECTION, VIRTUAL_ENDPOINT_GATEWAY,
    ENDPOINT_GATEWAY_RESOURCE_BINDING, VIRTUAL_NETWORK_INTERFACE, FLOW_LOG)] + [
    ReservedIpPatch(SUBNET_RESERVED_IP_PATCH),
    BoundResource(VIRTUAL_ENDPOINT_GATEWAY_IP, "reserved_ip"),
    BoundResource(VIRTUAL_NETWORK_INTERFACE_IP, "reserved_ip"),
    BoundResource(VIRTUAL_NETWORK_INTERFACE_FLOATING_IP, "floating_ip")]


# --- Their data sources (api_data.py).

def _gateway_members(doc: dict) -> dict:
    return {"members": [{"public_ip_address": (m.get("public_ip") or {}).get("address"),
                         "private_ip_address": (m.get("private_ip") or {}).get("address"), "role": m.get("role"),
                         "status": m.get("lifecycle_state")} for m in doc.get("members") or []]}


_BY = {r.api.type_name: r for r in RESOURCES}
_GATEWAY = Lookup("vpn_gateway", "vpn_gateway_name")
_VNI = {"virtual_network_interface": Lookup("virtual_network_interface")}
_BINDING, _EGW = _BY["ibm_is_virtual_endpoint_gateway_resource_binding"], {"endpoint_gateway_id": Lookup(
    "endpoint_gateway_id")}
DATA_SOURCES = [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_vpn_gateway", _BY["ibm_is_vpn_gateway"], _GATEWAY, extra=_gateway_members),
    ApiData("ibm_is_vpn_gateways", _BY["ibm_is_vpn_gateway"], list_attr="vpn_gateways",
            filters=("resource_group", "mode")),
    ApiData("ibm_is_vpn_gateway_connection", _BY["ibm_is_vpn_gateway_connection"],
            Lookup("vpn_gateway_connection", "vpn_gateway_connection_name"), parents={"vpn_gateway": _GATEWAY}),
    ApiData("ibm_is_vpn_gateway_connections", _BY["ibm_is_vpn_gateway_connection"], list_attr="connections",
            parents={"vpn_gateway": Lookup("vpn_gateway")}, filters=("status",)),
    ApiData("ibm_is_ike_policy", _BY["ibm_is_ike_policy"], Lookup("ike_policy", "name")),
    ApiData("ibm_is_ike_policies", _BY["ibm_is_ike_policy"], list_attr="ike_policies"),
    ApiData("ibm_is_ipsec_policy", _BY["ibm_is_ipsec_policy"], Lookup("ipsec_policy", "name")),
    ApiData("ibm_is_ipsec_policies", _BY["ibm_is_ipsec_policy"], list_attr="ipsec_policies"),
    ApiData("ibm_is_virtual_endpoint_gateway", _BY["ibm_is_virtual_endpoint_gateway"], Lookup(None, "name")),
    ApiData("ibm_is_virtual_endpoint_gateways", _BY["ibm_is_virtual_endpoint_gateway"],
            list_attr="virtual_endpoint_gateways", filters=("resource_group", "name")),
    ApiData("ibm_is_virtual_endpoint_gateway_ips", _BY["ibm_is_virtual_endpoint_gateway_ip"], list_attr="ips",
            parents={"gateway": Lookup("gateway")}),
    ApiData("ibm_is_virtual_endpoint_gateway_resource_binding", _BINDING, Lookup("endpoint_gateway_resource_binding_id"),
            parents=_EGW),
    ApiData("ibm_is_virtual_endpoint_gateway_resource_bindings", _BINDING, list_attr="resource_bindings",
            parents=_EGW),
    ApiData("ibm_is_virtual_network_interface", _BY["ibm_is_virtual_network_interface"],
            Lookup("virtual_network_interface")),
    ApiData("ibm_is_virtual_network_interfaces", _BY["ibm_is_virtual_network_interface"],
            list_attr="virtual_network_interfaces", filters=("resource_group",)),
    ApiData("ibm_is_virtual_network_interface_floating_ip", _BY["ibm_is_virtual_network_interface_floating_ip"],
            Lookup("floating_ip"), parents=_VNI),
    ApiData("ibm_is_virtual_network_interface_floating_ips", _BY["ibm_is_virtual_network_interface_floating_ip"],
            list_attr="floating_ips", parents=_VNI),
    ApiData("ibm_is_virtual_network_interface_ip", _BY["ibm_is_virtual_network_interface_ip"], Lookup("reserved_ip"),
            parents=_VNI),
    ApiData("ibm_is_virtual_network_interface_ips", _BY["ibm_is_virtual_network_interface_ip"],
            list_attr="reserved_ips", parents=_VNI),
    ApiData("ibm_is_flow_log", _BY["ibm_is_flow_log"], Lookup("identifier", "name")),
    ApiData("ibm_is_flow_logs", _BY["ibm_is_flow_log"], list_attr="flow_log_collectors",
            filters=("resource_group", "name", "vpc", "target")),
)]
