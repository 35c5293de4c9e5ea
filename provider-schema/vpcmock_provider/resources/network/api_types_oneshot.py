"""The VPC's one-shot operation types through the VPC API: each calls one operation of the API
(a disconnect, a revocation, a permit or deny, a failover) instead of making a resource, as the
IBM provider's resource_ibm_is_*.go do, and reads its effect back where the IBM provider reads
nothing (its read is a no-op or repeats the call), so a plan after apply, and after an import
where the IBM provider has an importer, is empty while the effect holds and plans the call
again once it no longer does:

- ibm_is_vpn_server_client: disconnects a client of a VPN server (POST
  `/vpn_servers/<server>/clients/<client>/disconnect`), or deletes it with `delete = true`
  (DELETE). Id `<server>/<client>/202` for a disconnect, `<server>/<client>` for a delete, as
  the IBM provider composes them; `status_code` 202 and the IBM provider's `description`. Read
  back: a disconnected client (status `disconnected`), or, deleted, its absence from a server
  that exists. Deleting it deletes the client if it is still there (the IBM provider's delete).
  No client connects to a mock: the admin API simulates one (POST /mock/vpn_servers/<id>/clients).
- ibm_is_private_path_service_gateway_revoke_account: revokes an account's access (POST
  `.../revoke_account`), id the gateway's; read back: the account's policy on the gateway is
  `deny`. A changed `account` is revoked in turn (the IBM provider's update does nothing). No
  importer (the IBM provider has none, and the id does not name the account).
- ibm_is_private_path_service_gateway_endpoint_gateway_binding_operations: permits or denies a
  binding (POST `.../endpoint_gateway_bindings/<binding>/permit|deny`), id
  `<gateway>/<binding>`; read back from the binding's status (`permitted` -> `permit`, `denied`
  -> `deny`); a changed `access_policy` is applied in place, as the IBM provider's update does.
- ibm_is_share_delete_accessor_binding: deletes an accessor binding of a share (DELETE
  `/shares/<share>/accessor_bindings/<binding>`), id the share's; read back: the binding is no
  longer among the share's.
- ibm_is_share_replica_operations: fails a replica over to be the source (POST
  `/shares/<replica>/failover`, `fallback_policy` and `timeout`), or with `split_share` splits it
  from its source (DELETE `/shares/<replica>/source`), id the share's; read back: the share's
  `replication_role` is `source` after a failover, `none` after a split.

- ibm_is_instance_disk_management, ibm_is_dedicated_host_disk_management: name the local disks
  of an instance or a dedicated host (DiskManagement below); ibm_is_instance_software_attachment
  renames an instance's software attachment, with its data sources. A dedicated host and an
  instance have their `d` profile's disks (engine/generic/vpc/host_disks.py); the mock's instances
  have no software attachments (IBM attaches licensed software of catalog images, which the mock
  does not sell), so the API answers 404 for any one named, as IBM's does for an instance without.

Deleting any of the others only forgets it (the operation is done), as the IBM provider's delete.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.mapping import document_or_none
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType
from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource, Lookup

ACCEPTED = 202
DISCONNECTED = "The VPN client disconnection request was accepted."


def _parts(type_name: str, ident: str, form: str, counts: tuple[int, ...]) -> list[str]:
    parts = ident.split("/")
    if len(parts) not in counts or not all(parts):
        raise ApiError(400, "invalid_import_id", f"The id of {type_name} is {form}, got {ident!r}")
    return parts


class OneShot:
    """A type whose create calls one operation and whose delete forgets it."""

    TYPE = ""
    IMPORTABLE = True

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration(self.TYPE, "resource")

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.read(client, {**planned, "id": prior["id"]}) or {}

    def delete(self, client: Client, state: dict) -> None:
        return None

    def import_(self, client: Client, ident: str) -> dict | None:
        if not self.IMPORTABLE:
            raise ApiError(400, "not_importable", f"{self.TYPE} cannot be imported: the IBM provider has no "
                           "importer for it")
        return self.read(client, {"id": ident})


class VpnServerClient(OneShot):
    TYPE = "ibm_is_vpn_server_client"

    @staticmethod
    def _path(server: str, client_id: str) -> str:
        return f"/vpn_servers/{server}/clients/{client_id}"

    def create(self, client: Client, planned: dict) -> dict:
        server, client_id = planned["vpn_server"], planned["vpn_client"]
        if planned.get("delete"):
            client.call("DELETE", self._path(server, client_id))
            ident = f"{server}/{client_id}"
        else:
            client.call("POST", f"{self._path(server, client_id)}/disconnect")
            ident = f"{server}/{client_id}/{ACCEPTED}"
        return self.read(client, {"id": ident}) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.create(client, planned)  # `delete` changed: the IBM provider calls again

    def read(self, client: Client, state: dict) -> dict | None:
        parts = _parts(self.TYPE, state["id"], "<vpn server>/<client>[/<status code>]", (2, 3))
        server, client_id, deleted = parts[0], parts[1], len(parts) == 2
        found = document_or_none(client, self._path(server, client_id))
        if deleted:
            if found is not None or document_or_none(client, f"/vpn_servers/{server}") is None:
                return None
        elif found is None or found.get("status") != "disconnected":
            return None
        return {"id": state["id"], "vpn_server": server, "vpn_client": client_id, "delete": deleted,
                "status_code": ACCEPTED, "description": DISCONNECTED}

    def delete(self, client: Client, state: dict) -> None:
        server, client_id = state["id"].split("/")[:2]
        try:
            client.call("DELETE", self._path(server, client_id))
        except ApiError as exc:
            if exc.status != 404:
                raise


class RevokeAccount(OneShot):
    TYPE = "ibm_is_private_path_service_gateway_revoke_account"
    IMPORTABLE = False

    def create(self, client: Client, planned: dict) -> dict:
        gateway = planned["private_path_service_gateway"]
        client.call("POST", f"/private_path_service_gateways/{gateway}/revoke_account",
                    {"account": {"id": planned["account"]}})
        return self.read(client, {**planned, "id": gateway}) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.create(client, planned)

    def read(self, client: Client, state: dict) -> dict | None:
        gateway, account = state["id"], state.get("account")
        found = document_or_none(client, f"/private_path_service_gateways/{gateway}/account_policies")
        if found is None:
            return None
        denied = any((p.get("account") or {}).get("id") == account and p.get("access_policy") == "deny"
                     for p in found.get("account_policies") or [])
        return {"id": gateway, "private_path_service_gateway": gateway, "account": account} if denied else None


class BindingOperations(OneShot):
    TYPE = "ibm_is_private_path_service_gateway_endpoint_gateway_binding_operations"
    _STATUS = {"permitted": "permit", "denied": "deny"}

    def create(self, client: Client, planned: dict) -> dict:
        gateway, binding = planned["private_path_service_gateway"], planned["endpoint_gateway_binding"]
        if planned["access_policy"] not in ("permit", "deny"):
            raise ApiError(400, "invalid_value", f"access_policy must be one of permit, deny, got "
                           f"{planned['access_policy']!r}", "access_policy")
        client.call("POST", f"/private_path_service_gateways/{gateway}/endpoint_gateway_bindings/{binding}/"
                            f"{planned['access_policy']}", {})  # no account policy set (the IBM provider sets none)
        return self.read(client, {"id": f"{gateway}/{binding}"}) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.create(client, planned)

    def read(self, client: Client, state: dict) -> dict | None:
        gateway, binding = _parts(self.TYPE, state["id"], "<gateway>/<binding>", (2,))
        found = document_or_none(client, f"/private_path_service_gateways/{gateway}/endpoint_gateway_bindings/{binding}")
        policy = self._STATUS.get((found or {}).get("status"))
        if policy is None:
            return None
        return {"id": state["id"], "private_path_service_gateway": gateway, "endpoint_gateway_binding": binding,
                "access_policy": policy}


class ShareDeleteAccessorBinding(OneShot):
    TYPE = "ibm_is_share_delete_accessor_binding"
    IMPORTABLE = False

    def create(self, client: Client, planned: dict) -> dict:
        share, binding = planned["share"], planned["accessor_binding"]
        client.call("DELETE", f"/shares/{share}/accessor_bindings/{binding}")
        return self.read(client, {**planned, "id": share}) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.create(client, planned)  # another binding named: deleted in turn

    def read(self, client: Client, state: dict) -> dict | None:
        share = document_or_none(client, f"/shares/{state['id']}")
        binding = state.get("accessor_binding")
        if share is None or any(b.get("id") == binding for b in share.get("accessor_bindings") or []):
            return None
        return {"id": state["id"], "share": state["id"], "accessor_binding": binding}


class ShareReplicaOperations(OneShot):
    TYPE = "ibm_is_share_replica_operations"
    IMPORTABLE = False

    def create(self, client: Client, planned: dict) -> dict:
        share = planned["share_replica"]
        if planned.get("split_share"):
            client.call("DELETE", f"/shares/{share}/source")
        else:
            body = {"fallback_policy": planned.get("fallback_policy") or "fail"}
            if planned.get("timeout"):
                body["timeout"] = planned["timeout"]
            client.call("POST", f"/shares/{share}/failover", body)
        return self.read(client, {**planned, "id": share}) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return {**prior, "timeout": planned.get("timeout")}  # only `timeout` is not ForceNew: a setting of the call

    def read(self, client: Client, state: dict) -> dict | None:
        share = document_or_none(client, f"/shares/{state['id']}")
        split = bool(state.get("split_share"))
        if share is None or share.get("replication_role") != ("none" if split else "source"):
            return None
        found = {"id": state["id"], "share_replica": state["id"], "split_share": split,
                 "fallback_policy": state.get("fallback_policy") or "fail"}
        if state.get("timeout") is not None:
            found["timeout"] = state["timeout"]
        return found


class DiskManagement(OneShot):
    """Names the local disks of an instance or a dedicated host (PATCH `<owner>/disks/<disk>` with
    each configured disk's name), id the owner's. Read back: each configured disk's name as the
    owner's disks now have it (renamed behind Terraform's back: a change; gone: removed from the
    state, as a disk the owner no longer has cannot be named); imported, every disk of the owner."""

    def __init__(self, type_name: str, owner: str, collection: str):
        self.TYPE, self.owner, self.collection = type_name, owner, collection
        super().__init__()

    def _rename(self, client: Client, owner: str, disks: list[dict], prior: list[dict]) -> None:
        before = {d.get("id"): d.get("name") for d in prior}
        for disk in disks:
            if before.get(disk["id"]) != disk["name"]:
                client.call("PATCH", f"/{self.collection}/{owner}/disks/{disk['id']}", {"name": disk["name"]},
                            merge_patch=True)

    def create(self, client: Client, planned: dict) -> dict:
        owner = planned[self.owner]
        self._rename(client, owner, planned.get("disks") or [], [])
        return self.read(client, {**planned, "id": owner}) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        self._rename(client, prior["id"], planned.get("disks") or [], prior.get("disks") or [])
        return self.read(client, {**planned, "id": prior["id"]}) or {}

    def read(self, client: Client, state: dict) -> dict | None:
        found = document_or_none(client, f"/{self.collection}/{state['id']}/disks")
        if found is None:
            return None
        names = {d["id"]: d.get("name") for d in found.get("disks") or []}
        wanted = state.get("disks")
        disks = [{"id": d["id"], "name": names[d["id"]]} for d in wanted if d.get("id") in names] \
            if wanted is not None else [{"id": ident, "name": name} for ident, name in names.items()]
        return {"id": state["id"], self.owner: state["id"], "disks": disks}


SOFTWARE_ATTACHMENT = ApiType("ibm_is_instance_software_attachment", "/instances/{instance_id}/software_attachments",
                              "software_attachments", patches=("name",),
                              state=lambda doc, state, prior: {"instance_software_attachment_id": doc["id"]})


class SoftwareAttachment(ApiResource):
    """ibm_is_instance_software_attachment: an instance's software attachment (made with the
    instance, from its image's catalog offering), renamed (PATCH `name`), id
    `<instance>/<attachment>`; deleting it only forgets it, as the IBM provider's delete."""

    def __init__(self):
        super().__init__(SOFTWARE_ATTACHMENT)

    def create(self, client: Client, planned: dict) -> dict:
        instance, own = planned["instance_id"], planned["instance_software_attachment_id"]
        if planned.get("name"):
            client.call("PATCH", f"/instances/{instance}/software_attachments/{own}", {"name": planned["name"]},
                        merge_patch=True)
        found = self._read(client, {"instance_id": instance}, own, planned, False)
        if found is None:
            raise ApiError(404, "not_found", f"Instance {instance} has no software attachment {own}",
                           "instance_software_attachment_id")
        return found

    def delete(self, client: Client, state: dict) -> None:
        return None


RESOURCES = [VpnServerClient(), RevokeAccount(), BindingOperations(), ShareDeleteAccessorBinding(),
             ShareReplicaOperations(), SoftwareAttachment(),
             DiskManagement("ibm_is_instance_disk_management", "instance", "instances"),
             DiskManagement("ibm_is_dedicated_host_disk_management", "dedicated_host", "dedicated_hosts")]

_CLIENTS = "/vpn_servers/{vpn_server}/clients"
_ATTACHMENTS = RESOURCES[5]
DATA_SOURCES = [
    ApiDataSource(ApiData("ibm_is_vpn_server_client", None, own=Lookup("identifier"), path=_CLIENTS, key="clients")),
    ApiDataSource(ApiData("ibm_is_vpn_server_clients", None, list_attr="clients", path=_CLIENTS, key="clients")),
    ApiDataSource(ApiData("ibm_is_instance_software_attachment", _ATTACHMENTS,
                          own=Lookup("instance_software_attachment_id"))),
    ApiDataSource(ApiData("ibm_is_instance_software_attachments", _ATTACHMENTS, list_attr="software_attachments")),
]
