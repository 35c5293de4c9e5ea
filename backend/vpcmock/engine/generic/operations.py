"""Operations of the VPC API that are neither a collection's CRUD, a singleton nor a state-change
action (behaviours.ACTIONS), each a small handler on the generic engine's documents:

- a VPN gateway's advertised CIDRs and a policy-mode connection's local and peer CIDRs, listed,
  checked, added and removed one by one (`/vpn_gateways/{id}/advertised_cidrs/{cidr}`);
- a load balancer's statistics (a mock carries no traffic: zeros);
- a load balancer pool's members replaced as a whole (PUT `.../pools/{id}/members`);
- console access tokens of a bare metal server and of an instance;
- a bare metal server's firmware update and its initialization (read and replaced);
- an instance group's load balancer removed;
- an account's access to a private path service gateway revoked;
- a VPN server's client configuration (an OpenVPN profile);
- a VPN gateway member's private IP replaced.

What IBM documents of each is beside its handler. Each takes the (parameter, value) pairs of
its path, the validated body (or None) and the query, and answers the payload of the
operation's response model (a dict, a text, or None for an empty answer). OPERATIONS maps
operation ids to handlers; http/generic_served.py serves them.
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import timedelta

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, documents, models, references, relations, resources
from vpcmock.errors import ApiError, conflict, field, parameter
from vpcmock.timeutil import rfc3339

# A console access token is short-lived; IBM's docs give no lifetime in the API reference, the
# console's own use is immediate. The mock's choice: one minute.
CONSOLE_TOKEN_LIFETIME = timedelta(minutes=1)


def _item(ctx: Ctx, key: str, path: list[tuple[str, str]]) -> dict:
    """The item of collection `key` a path ends with (each ancestor checked)."""
    return resources.parent_of(ctx, collections.collection(key), path, itself=True)


def _store(ctx: Ctx, key: str, doc: dict, changed: dict) -> dict:
    return resources.store_change(ctx, collections.collection(key), doc, changed)


# -- CIDR lists --------------------------------------------------------------------------------

def _cidr(text: str, name: str = "cidr") -> str:
    try:
        return str(ipaddress.ip_network(text, strict=True))
    except ValueError:
        raise ApiError(400, "invalid_cidr", f"{name}: {text!r} is not a CIDR block (network address and prefix "
                       "length)", parameter(name, text)) from None


class _CidrList:
    """A list of CIDRs kept in a property of a document (`advertised_cidrs`, `local.cidrs`)."""

    def __init__(self, key: str, prop: tuple[str, ...], kind_check, answer_key: str):
        self.key, self.prop, self.kind_check, self.answer_key = key, prop, kind_check, answer_key

    def _doc(self, ctx: Ctx, path: list[tuple[str, str]]) -> dict:
        """`path`: the owner's (parameter, value) pairs, without the CIDR."""
        doc = _item(ctx, self.key, path)
        self.kind_check(doc)
        return doc

    def _values(self, doc: dict) -> list[str]:
        value = doc
        for step in self.prop:
            value = (value or {}).get(step)
        return list(value or [])

    def _set(self, ctx: Ctx, doc: dict, cidrs: list[str]) -> None:
        if len(self.prop) == 1:
            _store(ctx, self.key, doc, {self.prop[0]: cidrs})
        else:
            outer = dict(doc.get(self.prop[0]) or {})
            outer[self.prop[1]] = cidrs
            _store(ctx, self.key, doc, {self.prop[0]: outer})

    def list(self, ctx, path, body, query):
        return {self.answer_key: self._values(self._doc(ctx, path))}

    def check(self, ctx, path, body, query):
        doc = self._doc(ctx, path[:-1])
        cidr = _cidr(path[-1][1])
        if cidr not in self._values(doc):
            raise ApiError(404, "cidr_not_found", f"{cidr} is not among the {'.'.join(self.prop)} of {doc['id']}",
                           parameter("cidr", path[-1][1]))
        return None

    def add(self, ctx, path, body, query):
        doc = self._doc(ctx, path[:-1])
        cidr = _cidr(path[-1][1])
        values = self._values(doc)
        if cidr not in values:
            self._set(ctx, doc, values + [cidr])
        return None

    def remove(self, ctx, path, body, query):
        doc = self._doc(ctx, path[:-1])
        cidr = _cidr(path[-1][1])
        values = self._values(doc)
        if cidr not in values:
            raise ApiError(404, "cidr_not_found", f"{cidr} is not among the {'.'.join(self.prop)} of {doc['id']}",
                           parameter("cidr", path[-1][1]))
        self._set(ctx, doc, [v for v in values if v != cidr])
        return None


def _route_mode_gateway(doc: dict) -> None:
    """Advertised CIDRs are a route-mode gateway's (the SDK's VPNGatewayRouteMode has them, the
    policy mode's has none)."""
    if doc.get("mode") != "route":
        raise ApiError(400, "vpn_gateway_mode_invalid", f"VPN gateway {doc['id']} is in {doc.get('mode')} mode; "
                       "only a route-mode gateway advertises CIDRs", parameter("vpn_gateway_id", doc["id"]))


def _policy_mode_connection(doc: dict) -> None:
    """Local and peer CIDRs are a policy-mode connection's (VPNGatewayConnectionPolicyMode)."""
    if doc.get("mode") != "policy":
        raise ApiError(400, "vpn_gateway_connection_mode_invalid", f"VPN gateway connection {doc['id']} is in "
                       f"{doc.get('mode')} mode; only a policy-mode connection has local and peer CIDRs",
                       parameter("id", doc["id"]))


_ADVERTISED = _CidrList("vpn_gateways", ("advertised_cidrs",), _route_mode_gateway, "advertised_cidrs")
_LOCAL = _CidrList("vpn_gateways.connections", ("local", "cidrs"), _policy_mode_connection, "cidrs")
_PEER = _CidrList("vpn_gateways.connections", ("peer", "cidrs"), _policy_mode_connection, "cidrs")


# -- load balancers --------------------------------------------------------------------------------

def load_balancer_statistics(ctx, path, body, query):
    """No traffic reaches a mock's load balancer: every statistic is zero."""
    _item(ctx, "load_balancers", path)
    return {"active_connections": 0, "connection_rate": 0, "data_processed_this_month": 0, "throughput": 0}


def replace_pool_members(ctx, path, body, query):
    """The pool's members become those given (IBM: "replaces the existing members ... with the
    specified members"); each checked as a new member is."""
    members_c = collections.collection("load_balancers.pools.members")
    pool = _item(ctx, "load_balancers.pools", path)
    for member in list(relations.children(ctx, members_c, pool["id"]).values()):
        resources.delete(ctx, members_c, member)
    item_model = "LoadBalancerPoolMemberPrototype"
    made = []
    for index, proto in enumerate(body["members"]):
        props = models.properties(models.pick(item_model, proto) or item_model)
        doc = resources.create(ctx, members_c, pool, proto, props, path=f"members[{index}]")
        made.append(resources.view(ctx, members_c, doc))
    return {"members": made}


# -- consoles, firmware and initialization ----------------------------------------------------------

def _console_token(ctx: Ctx, doc: dict, body: dict, kind: str) -> dict:
    """A console access token: the server must be running (IBM: "the ... must have a status of
    running"); `force` is echoed (it would end another session)."""
    if doc.get("status") != "running":
        raise conflict(f"{kind}_not_running", f"{kind.replace('_', ' ').capitalize()} {doc['id']} is "
                       f"{doc.get('status')}; a console is opened on a running one", parameter("id", doc["id"]))
    if body["console_type"] not in ("serial", "vnc"):
        raise ApiError(400, "invalid_field_value", "console_type: Must be one of: serial, vnc",
                       field("console_type", body["console_type"]))
    token = hashlib.sha256(f"{doc['id']}:{ctx.now.isoformat()}:{ids.new_etag()}".encode()).hexdigest()
    collection = "bare_metal_servers" if kind == "bare_metal_server" else "instances"
    return {"access_token": token, "console_type": body["console_type"], "created_at": rfc3339(ctx.now),
            "expires_at": rfc3339(ctx.now + CONSOLE_TOKEN_LIFETIME), "force": bool(body.get("force", False)),
            "href": f"wss://{ctx.region}.iaas.cloud.ibm.com/v1/{collection}/{doc['id']}/console?"
                    f"access_token={token}"}


def bare_metal_console_token(ctx, path, body, query):
    return _console_token(ctx, _item(ctx, "bare_metal_servers", path), body, "bare_metal_server")


def instance_console_token(ctx, path, body, query):
    return _console_token(ctx, _item(ctx, "instances", path), body, "instance")


def _stopped(doc: dict, what: str) -> None:
    if doc.get("status") != "stopped":
        raise conflict("bare_metal_server_not_stopped", f"Bare metal server {doc['id']} is {doc.get('status')}; "
                       f"{what} needs it stopped", parameter("id", doc["id"]))


def bare_metal_firmware_update(ctx, path, body, query):
    """The server's firmware is brought up to date: it must be stopped (IBM: "the bare metal
    server `status` must be `stopped`") and afterwards reports no update; with `auto_start` it
    is started once updated."""
    doc = _item(ctx, "bare_metal_servers", path)
    _stopped(doc, "a firmware update")
    changed = {"firmware": {**(doc.get("firmware") or {}), "update": "none"}}
    if (body or {}).get("auto_start"):
        changed["status"] = "running"
    _store(ctx, "bare_metal_servers", doc, changed)
    return None


def _initialization(ctx: Ctx, doc: dict) -> dict:
    found = doc.get("_initialization")
    if found:
        return found
    return {"image": {}, "keys": [], "user_accounts": []}


def get_bare_metal_initialization(ctx, path, body, query):
    return _initialization(ctx, _item(ctx, "bare_metal_servers", path))


def initialization_of(ctx: Ctx, proto: dict, where: str) -> dict:
    """A bare metal server's initialization from what its prototype (or a replacement) names:
    the image and keys resolved, the user account the image's OS makes with the first key."""
    image_c, image = references.resolve(ctx, "ImageIdentity", proto.get("image") or {}, f"{where}image")
    keys = []
    for index, identity in enumerate(proto.get("keys") or []):
        _, key = references.resolve(ctx, "KeyIdentity", identity, f"{where}keys[{index}]")
        keys.append(references.project(ctx, key, "KeyReference"))
    image_ref = references.project(ctx, {**image, "resource_type": "image"}, "ImageReference")
    accounts = []
    if keys:
        accounts.append({"encrypted_password": "", "encryption_key": keys[0], "resource_type": "host_user_account",
                         "username": "root"})
    found = {"image": image_ref, "keys": keys, "user_accounts": accounts}
    if proto.get("default_trusted_profile"):
        found["default_trusted_profile"] = proto["default_trusted_profile"]
    return found


def replace_bare_metal_initialization(ctx, path, body, query):
    """Reinitialize a stopped server with another image and keys (IBM: "the bare metal server
    `status` must be `stopped`")."""
    doc = _item(ctx, "bare_metal_servers", path)
    _stopped(doc, "reinitialization")
    found = initialization_of(ctx, body, "")
    _store(ctx, "bare_metal_servers", doc, {"_initialization": found})
    return found


# -- instance groups, private path service gateways, VPN servers and gateways -----------------------

def delete_instance_group_load_balancer(ctx, path, body, query):
    """The group stops naming its load balancer pool and application port."""
    doc = _item(ctx, "instance_groups", path)
    if not doc.get("load_balancer_pool"):
        raise ApiError(404, "load_balancer_pool_not_found", f"Instance group {doc['id']} has no load balancer",
                       parameter("instance_group_id", doc["id"]))
    kept = {k: v for k, v in doc.items() if k not in ("load_balancer_pool", "application_port")}
    _store(ctx, "instance_groups", kept, {})
    return None


def revoke_account(ctx, path, body, query):
    """IBM: revoking an account denies it access: its account policy becomes `deny` (made if it
    had none) and its endpoint gateway bindings are `denied`."""
    gateway = _item(ctx, "private_path_service_gateways", path)
    account = (body.get("account") or {}).get("id") or ""
    policies_c = collections.collection("private_path_service_gateways.account_policies")
    policy = next((p for p in relations.children(ctx, policies_c, gateway["id"]).values()
                   if (p.get("account") or {}).get("id") == account), None)
    if policy is None:
        body_model = "PrivatePathServiceGatewayAccountPolicyPrototype" if models.exists(
            "PrivatePathServiceGatewayAccountPolicyPrototype") else None
        proto = {"access_policy": "deny", "account": {"id": account}}
        props = models.properties(body_model) if body_model else {
            "access_policy": {"type": "string"}, "account": {"type": "object", "model": "AccountIdentity"}}
        resources.create(ctx, policies_c, gateway, proto, props)
    else:
        resources.store_change(ctx, policies_c, policy, {"access_policy": "deny"})
    bindings_c = collections.collection("private_path_service_gateways.endpoint_gateway_bindings")
    for binding in list(relations.children(ctx, bindings_c, gateway["id"]).values()):
        if (binding.get("account") or {}).get("id") == account:
            resources.store_change(ctx, bindings_c, binding, {"status": "denied"})
    return None


def vpn_server_client_configuration(ctx, path, body, query):
    """The OpenVPN client profile of the server: its hostname, port and protocol, and the
    client authentication it asks for (IBM documents this as the `.ovpn` file clients import)."""
    server = _item(ctx, "vpn_servers", path)
    methods = {a.get("method") for a in server.get("client_authentication") or []}
    lines = ["client", "dev tun", f"proto {server.get('protocol') or 'udp'}",
             f"remote {server.get('hostname') or server['id']} {server.get('port') or 443}",
             "resolv-retry infinite", "nobind", "persist-key", "persist-tun", "remote-cert-tls server",
             "cipher AES-256-GCM", "verb 3"]
    if "username" in methods:
        lines.append("auth-user-pass")
    lines += ["<ca>", f"# the server certificate's CA ({(server.get('certificate') or {}).get('crn', 'none')})",
              "</ca>"]
    return "\n".join(lines) + "\n"


def replace_vpn_gateway_member(ctx, path, body, query):
    """The member takes a new private IP in the subnet named (of the gateway's VPC), the
    address it held freed."""
    members_c = collections.collection("vpn_gateways.members")
    gateway = _item(ctx, "vpn_gateways", path[:-1])
    member = resources.get(ctx, members_c, gateway, path[-1][1])
    _, subnet = references.resolve(ctx, "SubnetIdentity", body["private_ip"]["subnet"], "private_ip.subnet")
    if (gateway.get("vpc") or {}).get("id") != subnet["vpc"]["id"]:
        raise ApiError(400, "subnet_vpc_mismatch", f"Subnet {subnet['id']} is not in the VPN gateway's VPC",
                       field("private_ip.subnet.id", subnet["id"]))
    builder = documents.Builder(ctx, members_c, member["id"], gateway)
    model = models.properties("VPNGatewayMember")["private_ip"]["model"]
    ref = builder.reserved_ip(subnet, f"{gateway.get('name')}-{member.get('role')}", model, 1)
    member = _store(ctx, "vpn_gateways.members", member, {"private_ip": ref, "_ips": builder.ips})
    return resources.view(ctx, members_c, member)


OPERATIONS = {
    "list_vpn_gateway_advertised_cidrs": _ADVERTISED.list, "check_vpn_gateway_advertised_cidr": _ADVERTISED.check,
    "add_vpn_gateway_advertised_cidr": _ADVERTISED.add, "remove_vpn_gateway_advertised_cidr": _ADVERTISED.remove,
    "list_vpn_gateway_connections_local_cidrs": _LOCAL.list,
    "check_vpn_gateway_connections_local_cidr": _LOCAL.check,
    "add_vpn_gateway_connections_local_cidr": _LOCAL.add,
    "remove_vpn_gateway_connections_local_cidr": _LOCAL.remove,
    "list_vpn_gateway_connections_peer_cidrs": _PEER.list, "check_vpn_gateway_connections_peer_cidr": _PEER.check,
    "add_vpn_gateway_connections_peer_cidr": _PEER.add, "remove_vpn_gateway_connections_peer_cidr": _PEER.remove,
    "get_load_balancer_statistics": load_balancer_statistics,
    "replace_load_balancer_pool_members": replace_pool_members,
    "create_bare_metal_server_console_access_token": bare_metal_console_token,
    "create_instance_console_access_token": instance_console_token,
    "update_firmware_for_bare_metal_server": bare_metal_firmware_update,
    "get_bare_metal_server_initialization": get_bare_metal_initialization,
    "replace_bare_metal_server_initialization": replace_bare_metal_initialization,
    "delete_instance_group_load_balancer": delete_instance_group_load_balancer,
    "revoke_account_for_private_path_service_gateway": revoke_account,
    "get_vpn_server_client_configuration": vpn_server_client_configuration,
    "replace_vpn_gateway_member": replace_vpn_gateway_member,
}
