"""Transit Gateway's connection actions and redundant GRE tunnels through its API (api_backed.py),
read from the IBM provider's resource_ibm_tg_gateway_connection_action.go and
resource_ibm_tg_gateway_connection_tunnel.go:

- ibm_tg_connection_action: approves or rejects a connection to a network of another account
  (`POST /transit_gateways/<gateway>/connections/<connection>/actions` with `action`), id
  `<gateway>/<connection>`; every argument forces a new one, and deleting it only forgets it
  (the action is done). The IBM provider's read calls nothing and keeps `action` as configured;
  this provider reads the effect back instead, so an import plans clean too: the connection's
  `request_status` `approved` reads as `approve`, `rejected` as `reject` (still `pending`: no
  action, which plans the action again); a connection gone is the action gone.
- ibm_tg_connection_rgre_tunnel: a tunnel of a redundant GRE connection, id
  `<gateway>/<connection>/<tunnel>`, `zone` sent and read as `{"name": ...}`; only its name is
  patched, every other argument forces a new one.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.kept import KeptResource
from vpcmock_provider.resources.platform.api_backed import TRANSIT, PlatformResource, PlatformType

_ACTIONS = {"approved": "approve", "rejected": "reject"}


class ConnectionAction:
    """ibm_tg_connection_action."""

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration("ibm_tg_connection_action", "resource")

    @staticmethod
    def _path(gateway: str, connection: str) -> str:
        return f"/transit_gateways/{gateway}/connections/{connection}"

    def create(self, client: Client, planned: dict) -> dict:
        gateway, connection = planned["gateway"], planned["connection_id"]
        if planned["action"] not in ("approve", "reject"):
            raise ApiError(400, "invalid_value", f"action must be one of approve, reject, got {planned['action']!r}",
                           "action")
        client.service(TRANSIT, "POST", f"{self._path(gateway, connection)}/actions", {"action": planned["action"]})
        return self.read(client, {"id": f"{gateway}/{connection}"}) or {}

    def read(self, client: Client, state: dict) -> dict | None:
        gateway, _, connection = state["id"].partition("/")
        if not gateway or not connection or "/" in connection:
            raise ApiError(400, "invalid_import_id", f"The id of ibm_tg_connection_action is <gateway>/<connection>, "
                           f"got {state['id']!r}")
        try:
            doc, _ = client.service(TRANSIT, "GET", self._path(gateway, connection))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        found = {"id": state["id"], "gateway": gateway, "connection_id": connection}
        action = _ACTIONS.get(doc.get("request_status"))
        if action:
            found["action"] = action
        return found

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.read(client, prior) or {}  # every argument forces a new one: nothing to update

    def delete(self, client: Client, state: dict) -> None:
        return None  # an action done stays done; the IBM provider's delete only forgets it

    def import_(self, client: Client, ident: str) -> dict | None:
        return self.read(client, {"id": ident})


def _tunnel_body(planned: dict) -> dict:
    return {"zone": {"name": planned["zone"]}} if planned.get("zone") else {}


RGRE_TUNNEL = PlatformType(
    "ibm_tg_connection_rgre_tunnel", TRANSIT, "/transit_gateways/{gateway}/connections/{connection_id}/tunnels",
    "tunnels", sends=("name", "local_gateway_ip", "local_tunnel_ip", "remote_bgp_asn", "remote_gateway_ip",
                      "remote_tunnel_ip"),
    updates=("name",), body=_tunnel_body,
    state=lambda doc, state, prior: {"tunnel_id": doc["id"], "zone": (doc.get("zone") or {}).get("name")})

RESOURCES = [ConnectionAction(), KeptResource(PlatformResource(RGRE_TUNNEL))]
