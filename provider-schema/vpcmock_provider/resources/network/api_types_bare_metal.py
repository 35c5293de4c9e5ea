"""Bare metal servers through the VPC API (api_backed.py): the server (its initialization read
from `/bare_metal_servers/{id}/initialization`, its interfaces and attachments from their
sub-collections), its disks (renamed), its actions (start, stop, restart), its network
interfaces (floating ones too) and their floating IPs, its network attachments, its
reinitialization (their data sources: api_data_bare_metal.py).
Each says only what differs from the convention, read from the IBM provider's create, read,
update and delete functions (resource_ibm_is_bare_metal_server*.go): a PCI interface or
attachment is added and removed with the server stopped (stopped, then started again, as the
IBM provider does), a server is stopped before it is deleted."""

from __future__ import annotations

import contextlib

from vpcmock_provider.client import Client
from vpcmock_provider.resources.mapping import all_pages, document_or_none
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType, BoundResource
from vpcmock_provider.resources.platform.identity import api_id

SERVERS = "/bare_metal_servers"


def _set_status(client: Client, server: str, action: str, stop_type: str = "hard") -> None:
    """Start, stop or restart a server (the mock's actions complete at once: nothing to wait for)."""
    body = {"type": stop_type} if action == "stop" else None
    client.call("POST", f"{SERVERS}/{server}/{action}", body)


class _Stopped:
    """The server stopped for what a PCI change needs, started again after if it was running
    (the IBM provider's resourceStopServerIfRunning / resourceStartServerIfStopped)."""

    def __init__(self, client: Client, server: str, hard: bool = True):
        self.client, self.server, self.hard = client, server, hard

    def __enter__(self):
        doc = document_or_none(self.client, f"{SERVERS}/{self.server}") or {}
        self.was_running = doc.get("status") == "running"
        if self.was_running:
            _set_status(self.client, self.server, "stop", "hard" if self.hard else "soft")
        return self

    def __exit__(self, *exc):
        if self.was_running:
            _set_status(self.client, self.server, "start")
        return False


# --- blocks: an interface, a reserved IP, an attachment, as the IBM read sets them

def _reserved_ip(client: Client, ref: dict, subnet: str | None) -> dict:
    view = {"address": ref.get("address"), "href": ref.get("href"), "name": ref.get("name"),
            "reserved_ip": ref.get("id"), "resource_type": ref.get("resource_type")}
    if subnet and ref.get("id"):
        found = document_or_none(client, f"/subnets/{subnet}/reserved_ips/{ref['id']}") or {}
        view["auto_delete"] = found.get("auto_delete")
    return view


def _nic_block(client: Client, nic: dict) -> dict:
    subnet = (nic.get("subnet") or {}).get("id")
    block = {"id": nic["id"], "name": nic.get("name"), "href": nic.get("href"), "subnet": subnet,
             "allow_ip_spoofing": nic.get("allow_ip_spoofing"),
             "enable_infrastructure_nat": nic.get("enable_infrastructure_nat"),
             "port_speed": nic.get("port_speed"), "interface_type": nic.get("interface_type"),
             "security_groups": sorted(g["id"] for g in nic.get("security_groups") or []),
             "allowed_vlans": sorted(nic.get("allowed_vlans") or []) or None,
             "primary_ip": [_reserved_ip(client, nic["primary_ip"], subnet)] if nic.get("primary_ip") else None}
    if nic.get("interface_type") == "vlan":
        block.update(vlan=nic.get("vlan"), allow_interface_to_float=nic.get("allow_interface_to_float"))
    return block


def _vni_block(client: Client, ref: dict) -> list[dict]:
    vni = document_or_none(client, f"/virtual_network_interfaces/{ref['id']}") if ref.get("id") else None
    if vni is None:
        return []
    primary = vni.get("primary_ip") or {}
    return [{"id": vni["id"], "crn": vni.get("crn"), "name": vni.get("name"),
             "allow_ip_spoofing": vni.get("allow_ip_spoofing"), "auto_delete": vni.get("auto_delete"),
             "enable_infrastructure_nat": vni.get("enable_infrastructure_nat"),
             "protocol_state_filtering_mode": vni.get("protocol_state_filtering_mode"),
             "resource_group": (vni.get("resource_group") or {}).get("id"), "resource_type": vni.get("resource_type"),
             "security_groups": sorted(g["id"] for g in vni.get("security_groups") or []),
             "subnet": (vni.get("subnet") or {}).get("id"),
             "primary_ip": [{"address": primary.get("address"), "href": primary.get("href"),
                             "name": primary.get("name"), "reserved_ip": primary.get("id"),
                             "resource_type": primary.get("resource_type")}] if primary else [],
             "ips": [{"address": ip.get("address"), "href": ip.get("href"), "name": ip.get("name"),
                      "reserved_ip": ip.get("id"), "resource_type": ip.get("resource_type"),
                      "auto_delete": ip.get("auto_delete")}
                     for ip in vni.get("ips") or [] if ip.get("id") != primary.get("id")]}]


def _attachment_block(client: Client, attachment: dict) -> dict:
    return {"id": attachment["id"], "href": attachment.get("href"), "name": attachment.get("name"),
            "resource_type": attachment.get("resource_type"), "interface_type": attachment.get("interface_type"),
            "allowed_vlans": sorted(attachment.get("allowed_vlans") or []) or None,
            "vlan": attachment.get("vlan"), "allow_to_float": attachment.get("allow_to_float"),
            "virtual_network_interface": _vni_block(client, attachment.get("virtual_network_interface") or {})}


# --- what create sends: the interfaces and attachments as the IBM create builds them

def _primary_ip(block: dict) -> dict | None:
    primary = (block.get("primary_ip") or [None])[0] or {}
    if primary.get("reserved_ip"):
        return {"id": api_id(primary["reserved_ip"])}
    found = {k: primary[k] for k in ("address", "name", "auto_delete") if primary.get(k) not in (None, "")}
    return found or None


def _nic_body(block: dict) -> dict:
    body = {"subnet": {"id": api_id(block["subnet"])}}
    for name in ("name", "allow_ip_spoofing", "enable_infrastructure_nat", "interface_type", "vlan",
                 "allow_interface_to_float"):
        if block.get(name) not in (None, ""):
            body[name] = block[name]
    if block.get("security_groups"):
        body["security_groups"] = [{"id": api_id(g)} for g in sorted(block["security_groups"])]
    if block.get("allowed_vlans"):
        body["allowed_vlans"] = sorted(block["allowed_vlans"])
    if _primary_ip(block):
        body["primary_ip"] = _primary_ip(block)
    return body


def _vni_body(block: dict) -> dict:
    if block.get("id"):
        return {"id": api_id(block["id"])}
    body = {}
    for name in ("name", "allow_ip_spoofing", "auto_delete", "enable_infrastructure_nat",
                 "protocol_state_filtering_mode"):
        if block.get(name) not in (None, ""):
            body[name] = block[name]
    if block.get("subnet"):
        body["subnet"] = {"id": api_id(block["subnet"])}
    if block.get("resource_group"):
        body["resource_group"] = {"id": block["resource_group"]}
    if block.get("security_groups"):
        body["security_groups"] = [{"id": api_id(g)} for g in sorted(block["security_groups"])]
    if _primary_ip(block):
        body["primary_ip"] = _primary_ip(block)
    if block.get("ips"):
        body["ips"] = [{"id": api_id(ip["reserved_ip"])} for ip in block["ips"]]
    return body


def _attachment_body(block: dict) -> dict:
    body = {"interface_type": block.get("interface_type") or ("vlan" if block.get("vlan") else "pci")}
    for name in ("name", "vlan", "allow_to_float"):
        if block.get(name) not in (None, ""):
            body[name] = block[name]
    if block.get("allowed_vlans"):
        body["allowed_vlans"] = sorted(block["allowed_vlans"])
    vni = (block.get("virtual_network_interface") or [None])[0]
    if vni:
        body["virtual_network_interface"] = _vni_body(vni)
    return body


# --- ibm_is_bare_metal_server

def _server_body(planned: dict) -> dict:
    body = {"initialization": {"image": {"id": api_id(planned["image"])},
                               "keys": [{"id": api_id(k)} for k in sorted(planned.get("keys") or [])]}}
    if planned.get("user_data"):
        body["initialization"]["user_data"] = planned["user_data"]
    tpm = (planned.get("trusted_platform_module") or [None])[0]
    if tpm and tpm.get("mode"):
        body["trusted_platform_module"] = {"mode": tpm["mode"]}
    metadata = (planned.get("metadata_service") or [None])[0]
    if metadata:
        body["metadata_service"] = {k: metadata[k] for k in ("enabled", "protocol") if metadata.get(k) is not None}
    if planned.get("primary_network_interface"):
        body["primary_network_interface"] = _nic_body(planned["primary_network_interface"][0])
        if planned.get("network_interfaces"):
            body["network_interfaces"] = [_nic_body(b) for b in planned["network_interfaces"]]
    if planned.get("primary_network_attachment"):
        body["primary_network_attachment"] = _attachment_body(planned["primary_network_attachment"][0])
        if planned.get("network_attachments"):
            body["network_attachments"] = [_attachment_body(b) for b in planned["network_attachments"]]
    return body


def _server_patch(prior: dict, planned: dict) -> dict:
    patch = {}
    for name in ("trusted_platform_module", "metadata_service"):
        after = (planned.get(name) or [None])[0]
        if after and after != (prior.get(name) or [None])[0]:
            keep = ("mode",) if name == "trusted_platform_module" else ("enabled", "protocol")
            patch[name] = {k: after[k] for k in keep if after.get(k) is not None}
    return patch


def _server_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"firmware_update_type_available": (doc.get("firmware") or {}).get("update"),
            # not the API's: kept as configured, the IBM default where not (an import)
            "delete_type": prior.get("delete_type") or "hard"}


class BareMetalServer(ApiResource):
    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        """The configured `action` run when it changes; secure boot and the TPM mode changed
        with the server stopped, started again after (the IBM update's resourceStopServerIfRunning)."""
        own = api_id(prior["id"])
        action = planned.get("action")
        if action and action != prior.get("action"):
            _set_status(client, own, action)
        tpm = [((state.get("trusted_platform_module") or [None])[0] or {}).get("mode") for state in (prior, planned)]
        secure = planned.get("enable_secure_boot") is not None and \
            planned["enable_secure_boot"] != prior.get("enable_secure_boot")
        if secure or (tpm[1] and tpm[1] != tpm[0]):
            with _Stopped(client, own):
                super().update(client, prior, planned)
            return self._read(client, {}, own, planned, False) or {}
        return super().update(client, prior, planned)

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        doc = document_or_none(client, f"{SERVERS}/{own}") or {}
        init = document_or_none(client, f"{SERVERS}/{own}/initialization") or {}
        state["image"] = (init.get("image") or {}).get("id")
        keys = [k["id"] for k in init.get("keys") or []]
        configured = {api_id(k): k for k in prior.get("keys") or []}
        state["keys"] = sorted(configured.get(k, k) for k in keys)
        primary = doc.get("primary_network_interface") or {}
        nics = [document_or_none(client, f"{SERVERS}/{own}/network_interfaces/{n['id']}") for n in
                doc.get("network_interfaces") or []]
        if primary.get("id"):
            state["primary_network_interface"] = [_nic_block(client, n) for n in nics if n and n["id"] == primary["id"]]
            state["network_interfaces"] = [_nic_block(client, n) for n in nics
                                           if n and n["id"] != primary["id"] and not n.get("allow_interface_to_float")]
        else:
            state["primary_network_interface"] = None
            state["network_interfaces"] = None
        primary_attachment = doc.get("primary_network_attachment") or {}
        attachments = [document_or_none(client, f"{SERVERS}/{own}/network_attachments/{a['id']}")
                       for a in doc.get("network_attachments") or []]
        state["primary_network_attachment"] = [_attachment_block(client, a) for a in attachments
                                               if a and a["id"] == primary_attachment.get("id")] or None
        state["network_attachments"] = [_attachment_block(client, a) for a in attachments
                                        if a and a["id"] != primary_attachment.get("id")] or None
        if not prior.get("action"):
            state.pop("action", None)
        return {k: v for k, v in state.items() if v is not None}

    def delete(self, client: Client, state: dict) -> None:
        own = api_id(state["id"])
        doc = document_or_none(client, f"{SERVERS}/{own}")
        if doc is None:
            return
        if doc.get("status") != "stopped":  # the IBM delete stops it first, `delete_type` its kind
            _set_status(client, own, "stop", state.get("delete_type") or "hard")
        super().delete(client, state)


BARE_METAL_SERVER = ApiType(
    "ibm_is_bare_metal_server", SERVERS, "bare_metal_servers",
    sends=("name", "profile", "zone", "vpc", "resource_group", "bandwidth", "enable_secure_boot"),
    patches=("name", "bandwidth", "enable_secure_boot"), console="compute/bareMetalServers",
    body=_server_body, patch=_server_patch, state=_server_state)


# --- ibm_is_bare_metal_server_disk: a disk the server has, renamed; its Terraform id the
# disk's (the IBM provider's SetId(disk.ID)), the server read from the state.

class BareMetalServerDisk(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_bare_metal_server_disk", SERVERS + "/{bare_metal_server}/disks", "disks",
                                 patches=("name",),
                                 state=lambda doc, state, prior: {"disk": doc["id"], "id": doc["id"]}))
        self.parents, self.sep = (), "/"

    def _server(self, client: Client, state: dict) -> str | None:
        if state.get("bare_metal_server"):
            return api_id(state["bare_metal_server"])
        for server in all_pages(client, SERVERS, "bare_metal_servers"):  # an import by the disk's id
            if any(d["id"] == api_id(state["id"]) for d in server.get("disks") or []):
                return server["id"]
        return None

    def _at(self, client: Client, server: str, disk: str, prior: dict, importing: bool) -> dict | None:
        doc = document_or_none(client, f"{SERVERS}/{server}/disks/{disk}")
        if doc is None:
            return None
        state = self.to_state(doc, {"bare_metal_server": server}, prior, importing)
        named = prior.get("bare_metal_server")
        state["bare_metal_server"] = named if named and api_id(named) == server else server
        return state

    def create(self, client: Client, planned: dict) -> dict:
        server, disk = api_id(planned["bare_metal_server"]), api_id(planned["disk"])
        if planned.get("name"):
            client.call("PATCH", f"{SERVERS}/{server}/disks/{disk}", {"name": planned["name"]}, merge_patch=True)
        return self._at(client, server, disk, planned, False) or {}

    def read(self, client: Client, state: dict) -> dict | None:
        server = self._server(client, state)
        return self._at(client, server, api_id(state["id"]), state, False) if server else None

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        server = self._server(client, prior)
        if planned.get("name") and planned["name"] != prior.get("name"):
            client.call("PATCH", f"{SERVERS}/{server}/disks/{api_id(prior['id'])}", {"name": planned["name"]},
                        merge_patch=True)
        return self._at(client, server, api_id(prior["id"]), planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        """A disk goes with its server: forgetting it changes nothing (as the IBM delete)."""

    def import_(self, client: Client, ident: str) -> dict | None:
        server = self._server(client, {"id": ident})
        return self._at(client, server, api_id(ident), {}, True) if server else None


# --- ibm_is_bare_metal_server_action: start, stop or restart; its id the server's. `action`
# is not the API's: read back as configured, and on import from the status (running: start,
# stopped: stop; the mock's choice, so that an import plans clean).

class BareMetalServerAction(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_bare_metal_server_action", SERVERS, "bare_metal_servers"))

    def _state(self, client: Client, server: str, prior: dict) -> dict | None:
        doc = document_or_none(client, f"{SERVERS}/{server}")
        if doc is None:
            return None
        action = prior.get("action") or {"running": "start", "stopped": "stop"}.get(doc.get("status"))
        named = prior.get("bare_metal_server")
        return {"id": doc["id"], "bare_metal_server": named if named and api_id(named) == doc["id"] else doc["id"],
                "action": action, "stop_type": prior.get("stop_type") or "hard", "status": doc.get("status"),
                "status_reasons": [{k: r.get(k) for k in ("code", "message", "more_info")}
                                   for r in doc.get("status_reasons") or []]}

    def create(self, client: Client, planned: dict) -> dict:
        server = api_id(planned["bare_metal_server"])
        _set_status(client, server, planned["action"], planned.get("stop_type") or "hard")
        return self._state(client, server, planned) or {}

    def read(self, client: Client, state: dict) -> dict | None:
        return self._state(client, api_id(state["id"]), state)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if planned.get("action") != prior.get("action"):
            _set_status(client, api_id(prior["id"]), planned["action"], planned.get("stop_type") or "hard")
        return self._state(client, api_id(prior["id"]), planned) or {}

    def delete(self, client: Client, state: dict) -> None:
        """The server keeps the status the action gave it (the IBM delete only forgets it)."""

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._state(client, api_id(ident), {})


# --- ibm_is_bare_metal_server_network_interface: `<server>/<interface>`; a PCI one made and
# deleted with the server stopped (`hard_stop`), started again after.

def _bms_nic_state(doc: dict, state: dict, prior: dict) -> dict:
    primary = doc.get("primary_ip") or {}
    return {"network_interface": doc["id"], "hard_stop": prior.get("hard_stop", True),
            "floating_ips": [{"id": f.get("id"), "address": f.get("address")} for f in doc.get("floating_ips") or []],
            "allowed_vlans": sorted(doc.get("allowed_vlans") or []),
            "primary_ip": [{"address": primary.get("address"), "href": primary.get("href"),
                            "name": primary.get("name"), "reserved_ip": primary.get("id"),
                            "resource_type": primary.get("resource_type"),
                            "auto_delete": ((prior.get("primary_ip") or [None])[0] or {}).get("auto_delete")}]
            if primary else None}


class _MadeStoppedWhenPci(ApiResource):
    """A server's interface or attachment: a PCI one is made and deleted with the server stopped
    (`hard_stop`) and started again after, as the IBM provider does; others as they are."""

    def body(self, planned: dict) -> dict:
        raise NotImplementedError

    def create(self, client: Client, planned: dict) -> dict:
        server = api_id(planned["bare_metal_server"])
        body = self.body(planned)
        with _stopped_if(body["interface_type"] == "pci", client, server, planned.get("hard_stop", True)):
            doc, _ = client.call("POST", self._collection({"bare_metal_server": server}), body)
        return self._read(client, {"bare_metal_server": server}, doc["id"], planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        parents, own = self.split(state["id"])
        doc = document_or_none(client, f"{self._collection(parents)}/{own}")
        if doc is None:
            return
        with _stopped_if(doc.get("interface_type") == "pci", client, parents["bare_metal_server"],
                         state.get("hard_stop", True)):
            super().delete(client, state)


def _stopped_if(pci: bool, client: Client, server: str, hard: bool):
    return _Stopped(client, server, hard) if pci else contextlib.nullcontext()


class BareMetalServerNetworkInterface(_MadeStoppedWhenPci):
    def body(self, planned: dict) -> dict:
        return {**self.to_body(planned), "interface_type": planned.get("interface_type") or "pci"}


BARE_METAL_SERVER_NETWORK_INTERFACE = ApiType(
    "ibm_is_bare_metal_server_network_interface", SERVERS + "/{bare_metal_server}/network_interfaces",
    "network_interfaces",
    sends=("name", "subnet", "allow_ip_spoofing", "enable_infrastructure_nat", "security_groups", "vlan",
           "allow_interface_to_float", "allowed_vlans"),
    patches=("name", "allow_ip_spoofing", "enable_infrastructure_nat", "allowed_vlans"),
    body=lambda planned: {"primary_ip": _primary_ip(planned)} if _primary_ip(planned) else {},
    state=_bms_nic_state)

# --- ibm_is_bare_metal_server_network_interface_floating_ip: `<server>/<interface>/<floating IP>`,
# bound by PUT and unbound by DELETE of the interface's floating_ips/<id>.

BARE_METAL_SERVER_NETWORK_INTERFACE_FLOATING_IP = ApiType(
    "ibm_is_bare_metal_server_network_interface_floating_ip",
    SERVERS + "/{bare_metal_server}/network_interfaces/{network_interface}/floating_ips", "floating_ips",
    state=lambda doc, state, prior: {"target": (doc.get("target") or {}).get("id")})


# --- ibm_is_bare_metal_server_network_attachment: `<server>/<attachment>`; its interface made
# with it or named by id; a PCI one made and deleted with the server stopped.

def _attachment_state(doc: dict, state: dict, prior: dict) -> dict:
    vni = doc.get("virtual_network_interface") or {}
    # `allow_to_float` (optional, not computed, forcing a new attachment): false reads as unset
    # unless configured, so an import of an attachment that does not float plans clean.
    floats = doc.get("allow_to_float")
    return {"network_attachment": doc["id"], "virtual_network_interface_id": vni.get("id"),
            "hard_stop": prior.get("hard_stop", True), "virtual_network_interface": None,
            "allow_to_float": floats if floats or prior.get("allow_to_float") is not None else None}


class BareMetalServerNetworkAttachment(_MadeStoppedWhenPci):
    def body(self, planned: dict) -> dict:
        return _attachment_body(planned)

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        doc = document_or_none(client, f"{self._collection(parents)}/{own}") or {}
        state["virtual_network_interface"] = _vni_block(client, doc.get("virtual_network_interface") or {})
        state["allowed_vlans"] = sorted(doc.get("allowed_vlans") or []) or None
        return {k: v for k, v in state.items() if v is not None}


BARE_METAL_SERVER_NETWORK_ATTACHMENT = ApiType(
    "ibm_is_bare_metal_server_network_attachment", SERVERS + "/{bare_metal_server}/network_attachments",
    "network_attachments", patches=("name", "allowed_vlans"), state=_attachment_state)


# --- ibm_is_bare_metal_server_network_interface_allow_float: a VLAN interface that may float to
# another server of its resource group (`allow_interface_to_float` true); `<server>/<interface>`.
# A mock's interface never floats: `floating_bare_metal_server` is the server it was made on.

class BareMetalServerNetworkInterfaceAllowFloat(ApiResource):
    def __init__(self):
        super().__init__(ApiType(
            "ibm_is_bare_metal_server_network_interface_allow_float",
            SERVERS + "/{bare_metal_server}/network_interfaces", "network_interfaces",
            sends=("name", "subnet", "allow_ip_spoofing", "enable_infrastructure_nat", "security_groups", "vlan"),
            patches=("name", "allow_ip_spoofing", "enable_infrastructure_nat"),
            body=lambda planned: {"interface_type": "vlan", "allow_interface_to_float": True,
                                  **({"primary_ip": _primary_ip(planned)} if _primary_ip(planned) else {})},
            state=lambda doc, state, prior: {
                **{k: v for k, v in _bms_nic_state(doc, state, prior).items()
                   if k not in ("hard_stop", "allowed_vlans")},
                "floating_bare_metal_server": state["bare_metal_server"]}))


# --- ibm_is_bare_metal_server_initialization: the server reinitialized (PUT of its
# initialization: image, keys, user data, trusted profile), stopped for it and started again if
# it was running; its id the server's. Read back from GET .../initialization (image and keys:
# the IBM read sets only the server; the mock reads them too, so an import plans clean).

class BareMetalServerInitialization(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_bare_metal_server_initialization", SERVERS, "bare_metal_servers"))

    def _state(self, client: Client, server: str, prior: dict) -> dict | None:
        init = document_or_none(client, f"{SERVERS}/{server}/initialization")
        if init is None:
            return None
        named = prior.get("bare_metal_server")
        keys = [k["id"] for k in init.get("keys") or []]
        configured = {api_id(k): k for k in prior.get("keys") or []}
        image = (init.get("image") or {}).get("id")
        state = {"id": server, "bare_metal_server": named if named and api_id(named) == server else server,
                 "image": prior.get("image") if api_id(prior.get("image") or "") == image else image,
                 "keys": sorted(configured.get(k, k) for k in keys)}
        for name in ("user_data", "default_trusted_profile"):  # not in the API's answer: as configured
            if prior.get(name) is not None:
                state[name] = prior[name]
        return state

    def create(self, client: Client, planned: dict) -> dict:
        server = api_id(planned["bare_metal_server"])
        body = {"image": {"id": api_id(planned["image"])},
                "keys": [{"id": api_id(k)} for k in sorted(planned.get("keys") or [])]}
        if planned.get("user_data"):
            body["user_data"] = planned["user_data"]
        profile = (planned.get("default_trusted_profile") or [None])[0]
        if profile:
            target = (profile.get("target") or [None])[0] or {}
            body["default_trusted_profile"] = {
                **({"auto_link": profile["auto_link"]} if profile.get("auto_link") is not None else {}),
                **({"target": {"crn": target["crn"]} if target.get("crn") else {"id": target["id"]}}
                   if target.get("crn") or target.get("id") else {})}
        with _Stopped(client, server):
            client.call("PUT", f"{SERVERS}/{server}/initialization", body)
        return self._state(client, server, planned) or {}

    def read(self, client: Client, state: dict) -> dict | None:
        return self._state(client, api_id(state["id"]), state)

    def delete(self, client: Client, state: dict) -> None:
        """The server keeps its initialization (the IBM delete only forgets it)."""

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._state(client, api_id(ident), {})


RESOURCES = [BareMetalServer(BARE_METAL_SERVER), BareMetalServerDisk(), BareMetalServerAction(),
             BareMetalServerNetworkInterface(BARE_METAL_SERVER_NETWORK_INTERFACE),
             BoundResource(BARE_METAL_SERVER_NETWORK_INTERFACE_FLOATING_IP, "floating_ip"),
             BareMetalServerNetworkAttachment(BARE_METAL_SERVER_NETWORK_ATTACHMENT),
             BareMetalServerNetworkInterfaceAllowFloat(), BareMetalServerInitialization()]
