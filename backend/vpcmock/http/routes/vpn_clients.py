"""/mock/vpn_servers/{id}/clients: a VPN client connecting to a VPN server, simulated (no
OpenVPN client reaches a mock; engine/generic/vpc/vpn_clients.py). The client is then the VPC API's:
listed, read, disconnected and deleted under /v1/vpn_servers/{id}/clients."""

from __future__ import annotations

from flask import Blueprint

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections
from vpcmock.engine.generic.vpc import vpn_clients
from vpcmock.errors import not_found
from vpcmock.http.common import json_body, refuse_unknown_fields, respond, runtime, transactional
from vpcmock.http.schemas.base import output_schema

bp = Blueprint("vpn_clients", __name__, url_prefix="/mock/vpn_servers")

FIELDS = vpn_clients.FIELDS
CLIENT = output_schema("SimulatedVpnServerClient", "client_ip common_name created_at href id remote_ip remote_port "
                                                   "resource_type status username")


@bp.post("/<vpn_server_id>/clients")
@transactional
def connect(vpn_server_id):
    """Connect a simulated VPN client to a VPN server.

    ``{"remote_ip", "remote_port", "common_name", "username"}``, each optional: where the client
    connects from and the name it authenticates with. Answers the client as the VPC API shows it."""
    rt = runtime()
    server = rt.store.get(collections.collection("vpn_servers").table, vpn_server_id)
    if server is None:
        raise not_found("vpn_server", vpn_server_id)
    ctx = Ctx(rt.store, server["_account"], server["_region"], rt.clock.now(), rt.agenda)
    body = json_body() if _has_body() else {}
    refuse_unknown_fields(body, FIELDS)
    return respond(vpn_clients.connect(ctx, server, body), CLIENT, 201)


def _has_body() -> bool:
    from flask import request
    return bool(request.get_data())
