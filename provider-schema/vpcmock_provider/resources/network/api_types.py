"""The IBM types served through the VPC API (api_backed.py), each with only what differs from the
convention, read from the IBM provider's create and read functions (resource_ibm_is_*.go)."""

from __future__ import annotations

import hashlib
import ipaddress

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.mapping import all_pages
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType
from vpcmock_provider.resources.platform.identity import api_id
from vpcmock_provider.resources.platform.stored_data import _project


# --- ibm_is_floating_ip: by zone or by target (an interface); zone and target read back.

def _fip_body(planned: dict) -> dict:
    if planned.get("target"):
        return {"target": {"id": planned["target"]}}
    return {"zone": {"name": planned["zone"]}} if planned.get("zone") else {}


FLOATING_IP = ApiType("ibm_is_floating_ip", "/floating_ips", "floating_ips", sends=("name", "resource_group"),
                      patches=("name", "target"), renames={"target_list": "target"},
                      console="network/floatingIPs", body=_fip_body)


# --- ibm_is_public_gateway: its floating IP (a map of id and address), given or made.

def _pgw_body(planned: dict) -> dict:
    fip = planned.get("floating_ip") or {}
    if fip.get("id"):
        return {"floating_ip": {"id": fip["id"]}}
    return {"floating_ip": {"address": fip["address"]}} if fip.get("address") else {}


def _pgw_state(doc: dict, state: dict, prior: dict) -> dict:
    fip = doc.get("floating_ip") or {}
    return {"floating_ip": {"id": fip.get("id"), "address": fip.get("address")} if fip else None}


PUBLIC_GATEWAY = ApiType("ibm_is_public_gateway", "/public_gateways", "public_gateways",
                         sends=("name", "vpc", "zone", "resource_group"), patches=("name",),
                         console="network/publicGateways", body=_pgw_body, state=_pgw_state)


# --- ibm_is_security_group and its rules: tcp/udp/icmp blocks <-> protocol and ports; remote and
# local an address, a CIDR block or (remote) a security group's id.

def _remote(value: str) -> dict:
    if "/" in value:
        return {"cidr_block": value}
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return {"id": value}
    return {"address": value}


def _remote_value(remote: dict | None) -> str | None:
    remote = remote or {}
    return remote.get("address") or remote.get("cidr_block") or remote.get("id") or remote.get("name")


def rule_view(rule: dict) -> dict:
    """A rule as the IBM provider reads it: protocol, ports or ICMP type and code, both at the top
    and in the protocol's block; remote and local as their address, CIDR block or id."""
    protocol = rule.get("protocol")
    view = {"direction": rule.get("direction"), "ip_version": rule.get("ip_version"), "name": rule.get("name"),
            "protocol": protocol, "remote": _remote_value(rule.get("remote")),
            "local": _remote_value(rule.get("local"))}
    for proto in ("tcp", "udp"):
        view[proto] = [{"port_min": rule.get("port_min"), "port_max": rule.get("port_max")}] \
            if protocol == proto else []
    view["icmp"] = [{"type": rule.get("type"), "code": rule.get("code")}] if protocol == "icmp" else []
    if protocol in ("tcp", "udp"):
        view.update(port_min=rule.get("port_min"), port_max=rule.get("port_max"))
    if protocol == "icmp":
        view.update(type=rule.get("type"), code=rule.get("code"))
    return view


def _rule_body(planned: dict) -> dict:
    body = {"direction": planned["direction"], "ip_version": planned.get("ip_version") or "ipv4"}
    if planned.get("name"):
        body["name"] = planned["name"]
    for side in ("remote", "local"):
        if planned.get(side):
            body[side] = _remote(planned[side])
    protocol = next((p for p in ("tcp", "udp", "icmp") if planned.get(p)), None) or planned.get("protocol") \
        or "icmp_tcp_udp"
    body["protocol"] = protocol
    block = (planned.get(protocol) or [{}])[0] if protocol in ("tcp", "udp", "icmp") else {}
    keys = ("port_min", "port_max") if protocol in ("tcp", "udp") else ("type", "code") if protocol == "icmp" else ()
    for key in keys:
        value = block.get(key) if block.get(key) is not None else planned.get(key)
        if value is not None:
            body[key] = value
    return body


def _rule_patch(prior: dict, planned: dict) -> dict:
    before, after = _rule_body(prior), _rule_body(planned)
    return _without_protocol({k: v for k, v in after.items() if before.get(k) != v}, "security group rule")


def _without_protocol(patch: dict, kind: str) -> dict:
    """A rule's protocol is set at creation; the IBM provider refuses to change it."""
    if "protocol" in patch:
        raise ApiError(400, "protocol_immutable", "updating 'protocol' is not supported after creation. Please "
                       f"recreate the {kind} to change the protocol", "protocol")
    return patch


def _rule_state(doc: dict, state: dict, prior: dict) -> dict:
    view = rule_view(doc)
    view["rule_id"] = doc["id"]
    return {name: value for name, value in view.items() if value not in (None, [])
            or name in ("tcp", "udp", "icmp")}


def _sg_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"rules": [{k: v for k, v in rule_view(rule).items() if k not in ("tcp", "udp", "icmp")}
                      for rule in doc.get("rules") or []]}


SECURITY_GROUP = ApiType("ibm_is_security_group", "/security_groups", "security_groups",
                         sends=("name", "vpc", "resource_group"), patches=("name",),
                         console="network/securityGroups", state=_sg_state)
SECURITY_GROUP_RULE = ApiType("ibm_is_security_group_rule", "/security_groups/{group}/rules", "rules",
                              body=_rule_body, patch=_rule_patch, state=_rule_state,
                              related_crn="/security_groups/{group}")


# --- ibm_is_subnet_public_gateway_attachment: the subnet's public gateway (PUT, GET, DELETE of
# /subnets/{id}/public_gateway); its id is the subnet's, and it reads the gateway.

def restore_default(client: Client, path: str, subnet_id: str, kind: str) -> None:
    """An attachment of a subnet's `kind` (network_acl, routing_table) deleted as the IBM
    provider deletes it: the subnet gets its VPC's default back (PUT `path`) unless it is gone
    or has it already."""
    try:
        subnet, _ = client.call("GET", f"/subnets/{subnet_id}")
    except ApiError as exc:
        if exc.status == 404:
            return
        raise
    default, _ = client.call("GET", f"/vpcs/{subnet['vpc']['id']}/default_{kind}")
    if default["id"] != (subnet.get(kind) or {}).get("id"):
        client.call("PUT", path, {"id": default["id"]})


class SubnetPublicGatewayAttachment(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_subnet_public_gateway_attachment", "/subnets", "subnets",
                                 state=_pgw_state))

    def split(self, ident: str) -> tuple[dict, str]:
        return {}, ident

    def _path(self, subnet: str) -> str:
        return f"/subnets/{api_id(subnet)}/public_gateway"

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        try:
            doc, _ = client.call("GET", self._path(own))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        state = self.to_state({**doc, "id": own}, {}, prior, importing)
        return {**state, "subnet": prior.get("subnet") or own, "public_gateway": doc["id"],
                "resource_type": doc.get("resource_type")}

    def create(self, client: Client, planned: dict) -> dict:
        client.call("PUT", self._path(planned["subnet"]), {"id": api_id(planned["public_gateway"])})
        return self._read(client, {}, api_id(planned["subnet"]), planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if planned.get("public_gateway") != prior.get("public_gateway"):
            client.call("PUT", self._path(prior["id"]), {"id": api_id(planned["public_gateway"])})
        return self._read(client, {}, prior["id"], planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        try:
            client.call("DELETE", self._path(state["id"]))
        except ApiError as exc:
            if exc.status != 404:
                raise


# --- ibm_is_instance_template: its interfaces as blocks of subnet, name and security group ids.

def _interface_body(block: dict) -> dict:
    body = {"subnet": {"id": block["subnet"]}}
    if block.get("name"):
        body["name"] = block["name"]
    if block.get("security_groups"):
        body["security_groups"] = [{"id": g} for g in sorted(block["security_groups"])]
    if block.get("allow_ip_spoofing") is not None:
        body["allow_ip_spoofing"] = block["allow_ip_spoofing"]
    address = block.get("primary_ipv4_address") or ((block.get("primary_ip") or [{}])[0] or {}).get("address")
    if address:
        body["primary_ip"] = {"address": address}
    return body


def _interface_view(interface: dict) -> dict:
    view = {"subnet": (interface.get("subnet") or {}).get("id"), "name": interface.get("name"),
            "security_groups": sorted(g["id"] for g in interface.get("security_groups") or []),
            "primary_ipv4_address": (interface.get("primary_ip") or {}).get("address") or "",
            "primary_ip": [{"address": (interface.get("primary_ip") or {}).get("address") or "",
                            "reserved_ip": (interface.get("primary_ip") or {}).get("id") or ""}]}
    view["allow_ip_spoofing"] = interface.get("allow_ip_spoofing", False)
    return view


def _template_body(planned: dict) -> dict:
    body = {}
    for name in ("primary_network_interface", "network_interfaces"):
        if planned.get(name):
            interfaces = [_interface_body(block) for block in planned[name]]
            body[name] = interfaces[0] if name == "primary_network_interface" else interfaces
    return body


def _template_state(doc: dict, state: dict, prior: dict) -> dict:
    out = {"boot_volume": None, "primary_network_interface": None, "network_interfaces": None}
    for name in ("primary_network_interface", "network_interfaces"):
        configured = prior.get(name) or []
        if not configured and not doc.get(name):
            continue
        interfaces = doc.get(name) or []
        interfaces = [interfaces] if isinstance(interfaces, dict) else interfaces
        out[name] = [_interface_view(interface) for interface in interfaces]
    return out


INSTANCE_TEMPLATE = ApiType("ibm_is_instance_template", "/instance/templates", "templates",
                            sends=("name", "vpc", "zone", "profile", "keys", "image", "resource_group", "user_data"),
                            patches=("name",), body=_template_body, state=_template_state)


# --- ibm_is_instance_group: `instance_count` is the API's membership_count (and `instances`
# reads it too); deleting scales to none first, as the IBM provider does.

def _group_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"instances": doc.get("membership_count"), "managers": [m["id"] for m in doc.get("managers") or []],
            "load_balancer": None}


class InstanceGroup(ApiResource):
    def delete(self, client: Client, state: dict) -> None:
        path = f"/instance_groups/{state['id']}"
        try:
            group, _ = client.call("GET", path)
            if group.get("membership_count"):
                client.call("PATCH", path, {"membership_count": 0}, merge_patch=True)
        except ApiError as exc:
            if exc.status != 404:
                raise
        super().delete(client, state)


INSTANCE_GROUP = ApiType("ibm_is_instance_group", "/instance_groups", "instance_groups",
                         sends=("name", "instance_template", "instance_count", "subnets", "application_port",
                                "load_balancer", "load_balancer_pool", "resource_group"),
                         patches=("name", "instance_template", "instance_count", "subnets", "application_port",
                                  "load_balancer", "load_balancer_pool"),
                         renames={"instance_count": "membership_count"}, state=_group_state)


# --- ibm_is_instance_group_manager: an autoscale manager (its membership bounds, window and
# cooldown) or a scheduled one; `enable_manager` is the API's management_enabled.

def _manager_body(planned: dict) -> dict:
    body = {"manager_type": planned.get("manager_type") or "autoscale"}
    if body["manager_type"] == "autoscale":
        body.update({key: planned[key] for key in ("aggregation_window", "cooldown", "max_membership_count",
                                                   "min_membership_count") if planned.get(key) is not None})
    return body


def _manager_patch(prior: dict, planned: dict) -> dict:
    before, after = _manager_body(prior), _manager_body(planned)
    return {k: v for k, v in after.items() if before.get(k) != v and k != "manager_type"}


def _manager_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"manager_id": doc["id"], "policies": [p["id"] for p in doc.get("policies") or []],
            "actions": [{"instance_group_manager_action": a.get("id"), "instance_group_manager_action_name":
                         a.get("name"), "resource_type": a.get("resource_type")} for a in doc.get("actions") or []]}


INSTANCE_GROUP_MANAGER = ApiType("ibm_is_instance_group_manager", "/instance_groups/{instance_group}/managers",
                                 "managers", sends=("name", "enable_manager"), patches=("name", "enable_manager"),
                                 renames={"enable_manager": "management_enabled"}, body=_manager_body,
                                 patch=_manager_patch, state=_manager_state)


# --- ibm_is_lb and its listeners, pools and members.

def _lb_body(planned: dict) -> dict:
    body = {"is_public": planned.get("type", "public") == "public"}
    if planned.get("type") == "private_path":
        body["is_private_path"] = True
    if planned.get("logging"):
        body["logging"] = {"datapath": {"active": True}}
    dns = (planned.get("dns") or [None])[0]
    if dns:
        body["dns"] = {"instance": {"crn": dns["instance_crn"]}, "zone": {"id": dns["zone_id"]}}
    return body


def _lb_state(doc: dict, state: dict, prior: dict) -> dict:
    private = [ip for ip in doc.get("private_ips") or []]
    dns = doc.get("dns") or {}
    return {
        "type": "public" if doc.get("is_public") else "private_path" if doc.get("is_private_path") else "private",
        "status": doc.get("provisioning_status"),
        "public_ips": [ip["address"] for ip in doc.get("public_ips") or []],
        "private_ips": [ip["address"] for ip in private],
        "private_ip": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                        "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type")} for ip in private],
        "logging": ((doc.get("logging") or {}).get("datapath") or {}).get("active", False),
        "security_group_supported": bool(doc.get("security_groups")),
        "dns": [{"instance_crn": dns["instance"]["crn"], "zone_id": dns["zone"]["id"]}] if dns else None,
        "version": None,
    }


LB = ApiType("ibm_is_lb", "/load_balancers", "load_balancers",
             sends=("name", "subnets", "security_groups", "profile", "resource_group", "route_mode"),
             patches=("name",), console="network/loadBalancers", body=_lb_body, state=_lb_state)

LB_LISTENER = ApiType("ibm_is_lb_listener", "/load_balancers/{lb}/listeners", "listeners",
                      sends=("port", "port_min", "port_max", "protocol", "connection_limit", "accept_proxy_protocol",
                             "idle_connection_timeout", "default_pool"),
                      patches=("port", "port_min", "port_max", "protocol", "connection_limit", "accept_proxy_protocol",
                               "idle_connection_timeout", "default_pool"),
                      state=lambda doc, state, prior: {"listener_id": doc["id"],
                                                       "status": doc.get("provisioning_status")},
                      related_crn="/load_balancers/{lb}")


def _health_monitor(planned: dict) -> dict:
    monitor = {"delay": planned["health_delay"], "max_retries": planned["health_retries"],
               "timeout": planned["health_timeout"], "type": planned["health_type"]}
    if planned.get("health_monitor_url"):
        monitor["url_path"] = planned["health_monitor_url"]
    if planned.get("health_monitor_port"):
        monitor["port"] = planned["health_monitor_port"]
    return monitor


def _pool_body(planned: dict) -> dict:
    body = {"health_monitor": _health_monitor(planned)}
    if planned.get("session_persistence_type"):
        body["session_persistence"] = {"type": planned["session_persistence_type"]}
        if planned.get("session_persistence_app_cookie_name"):
            body["session_persistence"]["cookie_name"] = planned["session_persistence_app_cookie_name"]
    return body


def _pool_patch(prior: dict, planned: dict) -> dict:
    before, after = _health_monitor(prior), _health_monitor(planned)
    return {"health_monitor": after} if before != after else {}


def _pool_state(doc: dict, state: dict, prior: dict) -> dict:
    monitor = doc.get("health_monitor") or {}
    persistence = doc.get("session_persistence") or {}
    return {"health_delay": monitor.get("delay"), "health_retries": monitor.get("max_retries"),
            "health_timeout": monitor.get("timeout"), "health_type": monitor.get("type"),
            "health_monitor_url": monitor.get("url_path"), "health_monitor_port": monitor.get("port"),
            "health_monitor": None, "session_persistence_type": persistence.get("type"),
            "pool_id": doc["id"], "provisioning_status": doc.get("provisioning_status")}


LB_POOL = ApiType("ibm_is_lb_pool", "/load_balancers/{lb}/pools", "pools",
                  sends=("name", "algorithm", "protocol", "proxy_protocol"),
                  patches=("name", "algorithm", "protocol", "proxy_protocol"),
                  body=_pool_body, patch=_pool_patch, state=_pool_state, related_crn="/load_balancers/{lb}")


def _member_target(planned: dict) -> dict:
    if planned.get("target_id"):
        return {"target": {"id": planned["target_id"]}}
    if planned.get("target_fqdn"):
        return {"target": {"fqdn": planned["target_fqdn"]}}
    return {"target": {"address": planned["target_address"]}} if planned.get("target_address") else {}


def _member_patch(prior: dict, planned: dict) -> dict:
    target = _member_target(planned)
    return target if target != _member_target(prior) else {}


def _member_state(doc: dict, state: dict, prior: dict) -> dict:
    target = doc.get("target") or {}
    return {"target_address": target.get("address"), "target_id": target.get("id"), "target_fqdn": target.get("fqdn"),
            "provisioning_status": doc.get("provisioning_status")}


LB_POOL_MEMBER = ApiType("ibm_is_lb_pool_member", "/load_balancers/{lb}/pools/{pool}/members", "members",
                         sends=("port", "weight"), patches=("port", "weight"), body=_member_target,
                         patch=_member_patch, state=_member_state, related_crn="/load_balancers/{lb}")


# --- ibm_is_subnet_reserved_ip: its address from the subnet's free range.

SUBNET_RESERVED_IP = ApiType("ibm_is_subnet_reserved_ip", "/subnets/{subnet}/reserved_ips", "reserved_ips",
                             sends=("name", "address", "auto_delete", "target"),
                             patches=("name", "auto_delete", "target"),
                             state=lambda doc, state, prior: {"reserved_ip": doc["id"]})


# --- ibm_is_network_acl (rules inline) and ibm_is_network_acl_rule: tcp/udp/icmp blocks <->
# protocol, destination and source ports, ICMP type and code.

_ACL_PORTS = (("port_min", "destination_port_min"), ("port_max", "destination_port_max"),
              ("source_port_min", "source_port_min"), ("source_port_max", "source_port_max"))


def acl_rule_body(planned: dict) -> dict:
    body = {key: planned[key] for key in ("name", "action", "source", "destination", "direction")
            if planned.get(key) is not None}
    protocol = next((p for p in ("tcp", "udp", "icmp") if planned.get(p)), None) or planned.get("protocol") \
        or "icmp_tcp_udp"
    body["protocol"] = protocol
    block = (planned.get(protocol) or [{}])[0] or {} if protocol in ("tcp", "udp", "icmp") else {}
    pairs = _ACL_PORTS if protocol in ("tcp", "udp") else (("type", "type"), ("code", "code")) \
        if protocol == "icmp" else ()
    for ours, theirs in pairs:
        value = block.get(ours) if block.get(ours) is not None else planned.get(ours)
        if value is not None:
            body[theirs] = value
    if planned.get("before"):
        body["before"] = {"id": api_id(planned["before"])}
    return body


def acl_rule_view(rule: dict) -> dict:
    protocol = rule.get("protocol")
    view = {key: rule.get(key) for key in ("name", "action", "ip_version", "source", "destination", "direction")}
    view["protocol"] = protocol
    ports = {ours: rule.get(theirs) for ours, theirs in _ACL_PORTS}
    for proto in ("tcp", "udp"):
        view[proto] = [ports] if protocol == proto else []
    view["icmp"] = [{"type": rule.get("type"), "code": rule.get("code")}] if protocol == "icmp" else []
    if protocol in ("tcp", "udp"):
        view.update(ports)
    if protocol == "icmp":
        view.update(type=rule.get("type"), code=rule.get("code"))
    return view


def _acl_rule_patch(prior: dict, planned: dict) -> dict:
    before, after = acl_rule_body(prior), acl_rule_body(planned)
    return _without_protocol({k: v for k, v in after.items() if before.get(k) != v and k != "before"},
                             "network ACL rule")


def _acl_rule_state(doc: dict, state: dict, prior: dict) -> dict:
    view = acl_rule_view(doc)
    if prior and prior.get("name") is None:
        view["name"] = None  # not configured: the name the API gave is not a change
    view.update(rule_id=doc["id"], href=doc.get("href"), before=(doc.get("before") or {}).get("id"))
    return {k: v for k, v in view.items() if v is not None or k in ("tcp", "udp", "icmp")}


NETWORK_ACL_RULE = ApiType("ibm_is_network_acl_rule", "/network_acls/{network_acl}/rules", "rules",
                           body=acl_rule_body, patch=_acl_rule_patch, state=_acl_rule_state)


def _acl_body(planned: dict) -> dict:
    return {"rules": [acl_rule_body(rule) for rule in planned.get("rules") or []]}


def _acl_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"rules": [{**acl_rule_view(rule), "id": rule["id"], "subnets": len(doc.get("subnets") or [])}
                      for rule in doc.get("rules") or []]}


class NetworkAcl(ApiResource):
    """Rules are created with the ACL; a change of them replaces the ACL's rules one by one, as
    the IBM provider's update does (delete the old ones, create the new ones in order)."""

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if [acl_rule_body(r) for r in planned.get("rules") or []] != \
                [acl_rule_body(r) for r in prior.get("rules") or []]:
            path = f"/network_acls/{prior['id']}/rules"
            for rule in all_pages(client, path, "rules"):
                client.call("DELETE", f"{path}/{rule['id']}")
            for rule in planned.get("rules") or []:
                client.call("POST", path, acl_rule_body(rule))
        return super().update(client, prior, planned)


NETWORK_ACL = ApiType("ibm_is_network_acl", "/network_acls", "network_acls",
                      sends=("name", "vpc", "resource_group"), patches=("name",), console="network/acl",
                      body=_acl_body, state=_acl_state)


# --- ibm_is_placement_group, ibm_is_vpc_routing_table.

PLACEMENT_GROUP = ApiType("ibm_is_placement_group", "/placement_groups", "placement_groups",
                          sends=("name", "strategy", "resource_group"), patches=("name",))


def _routing_body(planned: dict) -> dict:
    return {"accept_routes_from": [{"resource_type": t} for t in sorted(planned.get("accept_routes_from_resource_type")
                                                                        or [])]} \
        if planned.get("accept_routes_from_resource_type") else {}


def _routing_patch(prior: dict, planned: dict) -> dict:
    body, before = _routing_body(planned), _routing_body(prior)
    return body if body != before else {}


def _routing_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"routing_table": doc["id"],
            "accept_routes_from_resource_type": sorted(a.get("resource_type") for a in doc.get("accept_routes_from")
                                                       or [])}


_ROUTING_FLAGS = ("route_direct_link_ingress", "route_internet_ingress", "route_transit_gateway_ingress",
                  "route_vpc_zone_ingress")
VPC_ROUTING_TABLE = ApiType("ibm_is_vpc_routing_table", "/vpcs/{vpc}/routing_tables", "routing_tables",
                            sends=("name", "advertise_routes_to") + _ROUTING_FLAGS,
                            patches=("name", "advertise_routes_to") + _ROUTING_FLAGS,
                            body=_routing_body, patch=_routing_patch, state=_routing_state)


# --- ibm_is_vpc_routing_table_route: next_hop an address (or a VPN connection's id).

def _next_hop(planned: dict) -> dict:
    hop = planned.get("next_hop")
    if not hop:
        return {}
    try:
        ipaddress.ip_address(hop)
    except ValueError:
        return {"next_hop": {"id": hop}}
    return {"next_hop": {"address": hop}}


def _route_state(doc: dict, state: dict, prior: dict) -> dict:
    hop = doc.get("next_hop") or {}
    return {"next_hop": hop.get("address") or hop.get("id"), "route_id": doc["id"]}


VPC_ROUTING_TABLE_ROUTE = ApiType("ibm_is_vpc_routing_table_route",
                                  "/vpcs/{vpc}/routing_tables/{routing_table}/routes", "routes",
                                  sends=("destination", "zone", "action", "advertise", "name", "priority"),
                                  patches=("name", "advertise", "priority"), body=_next_hop,
                                  patch=lambda prior, planned: _next_hop(planned)
                                  if planned.get("next_hop") != prior.get("next_hop") else {},
                                  state=_route_state)


# --- ibm_is_security_group_target: a target (a load balancer, an interface) bound to the group
# by PUT /security_groups/{id}/targets/{target id}.

class SecurityGroupTarget(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_security_group_target", "/security_groups/{security_group}/targets",
                                 "targets"))

    def create(self, client: Client, planned: dict) -> dict:
        group, target = api_id(planned["security_group"]), api_id(planned["target"])
        client.call("PUT", f"/security_groups/{group}/targets/{target}")
        return self._read(client, {"security_group": group}, target, planned, False) or {}

    def to_state(self, doc: dict, parents: dict, prior: dict, importing: bool) -> dict:
        return {**super().to_state(doc, parents, prior, importing),
                "target": prior.get("target") if api_id(str(prior.get("target") or "")) == doc["id"] else doc["id"]}


# --- ibm_is_subnet_network_acl_attachment: the subnet's network ACL (PUT and GET of
# /subnets/{id}/network_acl); deleting it gives the subnet its VPC's default ACL back.

class SubnetNetworkAclAttachment(SubnetPublicGatewayAttachment):
    def __init__(self):
        ApiResource.__init__(self, ApiType("ibm_is_subnet_network_acl_attachment", "/subnets", "subnets",
                                           state=lambda doc, state, prior: {"rules": [
                                               {**acl_rule_view(r), "id": r["id"]} for r in doc.get("rules") or []]}))

    def _path(self, subnet: str) -> str:
        return f"/subnets/{api_id(subnet)}/network_acl"

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is not None:
            state["network_acl"] = state.pop("public_gateway")
            state.pop("resource_type", None)
        return state

    def create(self, client: Client, planned: dict) -> dict:
        return super().create(client, {**planned, "public_gateway": planned["network_acl"]})

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return super().update(client, {**prior, "public_gateway": prior.get("network_acl")},
                              {**planned, "public_gateway": planned["network_acl"]})

    def delete(self, client: Client, state: dict) -> None:
        restore_default(client, self._path(state["id"]), api_id(state["id"]), "network_acl")


RESOURCES = [ApiResource(t) for t in (
    FLOATING_IP, PUBLIC_GATEWAY, SECURITY_GROUP, SECURITY_GROUP_RULE, NETWORK_ACL_RULE, INSTANCE_TEMPLATE,
    INSTANCE_GROUP_MANAGER, LB, LB_LISTENER, LB_POOL, LB_POOL_MEMBER, SUBNET_RESERVED_IP, PLACEMENT_GROUP,
    VPC_ROUTING_TABLE, VPC_ROUTING_TABLE_ROUTE)] + [
    SecurityGroupTarget(), SubnetPublicGatewayAttachment(), SubnetNetworkAclAttachment(), NetworkAcl(NETWORK_ACL),
    InstanceGroup(INSTANCE_GROUP)]


# --- Data sources read through the API.

class InstanceGroupMemberships:
    """data "ibm_is_instance_group_memberships": the group's memberships, listed through the API."""

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration("ibm_is_instance_group_memberships", "data")

    def read(self, client: Client, config: dict) -> dict:
        group = api_id(config["instance_group"])
        memberships = all_pages(client, f"/instance_groups/{group}/memberships", "memberships")
        return {"id": group, "instance_group": config["instance_group"],
                "memberships": [membership_view(m) for m in memberships]}


def membership_view(membership: dict) -> dict:
    instance = membership.get("instance") or {}
    template = membership.get("instance_template") or {}
    return {"delete_instance_on_membership_delete": membership.get("delete_instance_on_membership_delete"),
            "instance_group_membership": membership["id"], "name": membership.get("name"),
            "status": membership.get("status"),
            "load_balancer_pool_member": (membership.get("pool_member") or {}).get("id"),
            "instance": [{"crn": instance.get("crn"), "virtual_server_instance": instance.get("id"),
                          "name": instance.get("name")}] if instance else [],
            "instance_template": [{"crn": template.get("crn"), "instance_template": template.get("id"),
                                   "name": template.get("name")}] if template else []}


DATA_SOURCES = [InstanceGroupMemberships()]


class SubCollectionDataSource:
    """A data source of a type in a sub-collection (`ibm_is_lb_listener(s)`, `..._reserved_ip(s)`,
    `ibm_is_security_group_rule(s)`, ...): its parents named by the data source's arguments, the
    items listed through the API and read as the resource reads them; a singular one picks the
    item by its id argument or name."""

    PARENT_ARGUMENTS = {"group": "security_group"}

    def __init__(self, declaration, resource: ApiResource, list_field=None):
        self.DECLARATION = declaration
        self.resource = resource
        self.list_field = list_field

    def read(self, client: Client, config: dict) -> dict:
        arguments = {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})}
        parents = {p: api_id(str(arguments[self.PARENT_ARGUMENTS.get(p, p)])) for p in self.resource.parents}
        docs = all_pages(client, self.resource._collection(parents), self.resource.api.key)
        states = [self.resource.to_state(doc, parents, {}, True) | {"_api_id": doc["id"]} for doc in docs]
        if self.list_field is not None:
            filters = {name: value for name, value in arguments.items()
                       if name not in self.PARENT_ARGUMENTS.values() and name not in parents}
            states = [s for s in states if all(s.get(name, value) == value for name, value in filters.items())]
            return {**arguments, "id": hashlib.sha256(repr(sorted(arguments.items())).encode()).hexdigest()[:32],
                    self.list_field.name: [{**_project(self.list_field.fields, s), **(
                        {"id": s["_api_id"]} if any(f.name == "id" for f in self.list_field.fields) else {})}
                        for s in states]}
        own = [name for name in arguments if name not in parents.keys()
               and name not in self.PARENT_ARGUMENTS.values() and name != "name"]
        found = [s for s in states
                 if all(s["_api_id"] == api_id(str(arguments[name])) for name in own)
                 and (arguments.get("name") is None or s.get("name") == arguments["name"])]
        if not found:
            asked = ", ".join(f"{k} {v!r}" for k, v in sorted(arguments.items()))
            raise ApiError(404, "not_found", f"No {self.DECLARATION.type_name.removeprefix('ibm_is_')} found with "
                           f"{asked}", next(iter(sorted(arguments)), None))
        return {**_project(self.DECLARATION.fields, found[0]), **arguments, "id": found[0]["id"]}
