"""VPN clients of a VPN server, as a connection makes them.

The VPC API lists, reads, disconnects and deletes a VPN server's clients
(`/vpn_servers/{id}/clients`, the generic engine's sub-collection `vpn_servers.clients`) but
makes none: a client exists once an OpenVPN client connects. No client connects to a mock, so
the mock's admin API simulates one (POST /mock/vpn_servers/{id}/clients,
http/routes/vpn_clients.py), and the client is what IBM's API reference describes of a connected
one (VPNServerClient):

- `client_ip`: the next address of the server's `client_ip_pool` no other client of the server
  holds (the pool's first address is the server's own, as OpenVPN's `server` directive takes it);
- `remote_ip` and `remote_port`: where the client connects from, as given (else 203.0.113.<n>,
  TEST-NET-3, and port 1194, OpenVPN's);
- `common_name` when the server authenticates clients by certificate, `username` when by
  username (the name given, else `client-<n>`);
- `status` `connected`, `created_at` now.

Once made, it is the generic engine's: disconnected (`status` `disconnected`), read, listed and
deleted through the API.
"""

from __future__ import annotations

import ipaddress

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, relations, resources
from vpcmock.engine.generic import values as generic_values
from vpcmock.errors import ApiError, conflict, field

KEY = "vpn_servers.clients"
DEFAULT_PORT = 1194
FIELDS = ("remote_ip", "remote_port", "common_name", "username")


def _client_ip(server: dict, taken: set[str]) -> str:
    pool = ipaddress.ip_network(server.get("client_ip_pool") or "172.16.0.0/16", strict=False)
    for offset, address in enumerate(pool.hosts()):
        if offset and str(address) not in taken:
            return str(address)
    raise conflict("vpn_server_client_ip_pool_exhausted", f"The client IP pool {pool} of VPN server {server['id']} "
                   "has no free address", field("client_ip_pool", str(pool)))


def _checked(body: dict) -> dict:
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise ApiError(400, "unknown_field", f"Unknown field {unknown[0]!r}; one of {', '.join(FIELDS)}",
                       field(unknown[0]))
    if "remote_ip" in body:
        try:
            ipaddress.IPv4Address(body["remote_ip"])
        except (ValueError, TypeError):
            raise ApiError(400, "invalid_field_value", "remote_ip: not an IPv4 address",
                           field("remote_ip", body["remote_ip"])) from None
    port = body.get("remote_port", DEFAULT_PORT)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ApiError(400, "invalid_field_value", "remote_port: a port number, 1 to 65535", field("remote_port", port))
    for name in ("common_name", "username"):
        if name in body and (not isinstance(body[name], str) or not body[name]):
            raise ApiError(400, "invalid_field_value", f"{name}: a non-empty string", field(name, body[name]))
    return body


def connect(ctx: Ctx, server: dict, body: dict) -> dict:
    """A client connected to `server` (a document of the generic engine's `vpn_servers`)."""
    body = _checked(body)
    coll = collections.collection(KEY)
    clients = relations.children(ctx, coll, server["id"]).values()
    number = len(clients) + 1
    methods = {a.get("method") for a in server.get("client_authentication") or []}
    ident = ids.new_id(ctx.region)
    doc = {"id": ident, "href": f"{server['href']}/clients/{ident}", "resource_type": "vpn_server_client",
           "status": "connected", "created_at": generic_values.now(ctx),
           "client_ip": {"address": _client_ip(server, {c["client_ip"]["address"] for c in clients})},
           "remote_ip": {"address": body.get("remote_ip") or f"203.0.113.{number % 254 + 1}"},
           "remote_port": body.get("remote_port", DEFAULT_PORT), "_parent": server["id"], "_model": coll.model,
           "_etag": ids.new_etag()}
    name = body.get("common_name") or body.get("username") or f"client-{number}"
    if "certificate" in methods:
        doc["common_name"] = body.get("common_name") or name
    if "username" in methods:
        doc["username"] = body.get("username") or name
    ctx.store.put(coll.table, ctx.stamp(doc))
    return resources.view(ctx, coll, doc)
