"""A bare metal server as the generic engine makes it, beyond the generic (behaviours.py hooks):

- its hardware is its profile's (bare_metal_profiles.py): CPU cores, sockets and threads,
  memory, the disks (made as members of `/bare_metal_servers/{id}/disks`, the first its boot
  target) and a bandwidth among those the profile allows (its total by default);
- it is in its primary interface's VPC (the subnet of its primary network interface or of its
  primary network attachment's virtual network interface), and that subnet is in its zone;
- its trusted platform module offers the profile's modes;
- PCI interfaces and attachments are added and removed while it is stopped (IBM's docs,
  bare_metal_server_manage_nic.md: "PCI interfaces can be created or deleted only when the
  bare metal server is Stopped"), the primary ones never on their own;
- a VLAN interface or attachment names a VLAN in the `allowed_vlans` of one of its PCI ones; it
  has at most 8 PCI ones; none is a `hipersocket` one (s390x only, every profile is amd64);
- it uses network interfaces or network attachments, never both; on attachments, each shows as
  a read-only network interface (its primary one as the server's `primary_network_interface`);
- a renamed disk, interface or attachment shows its new name where the server names it;
- deleting it, or one of its interfaces, disassociates the floating IPs bound to them (the
  SDK's delete_bare_metal_server and delete_bare_metal_server_network_interface: "Any floating
  IPs associated ... are implicitly disassociated").
"""

from __future__ import annotations

from vpcmock import bare_metal_profiles, ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, models, references, relations, values
from vpcmock.engine.generic.collections import Collection
from vpcmock.errors import ApiError, conflict, field, parameter

SERVERS = "bare_metal_servers"
DISKS = "bare_metal_servers.disks"
NICS = "bare_metal_servers.network_interfaces"
ATTACHMENTS = "bare_metal_servers.network_attachments"


# -- the server ---------------------------------------------------------------------------------

def hardware(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """CPU, memory, bandwidth and TPM modes from the profile (which the generic engine already
    required to be one of the catalogue's); the VPC of the primary interface's subnet."""
    # The interfaces made with it are PCI unless said otherwise (the SDK's
    # BareMetalServerPrimaryNetworkInterfacePrototype: `interface_type` defaults to `pci`); the
    # prototype's items are those the engine makes them from.
    for nic in [proto.get("primary_network_interface")] + list(proto.get("network_interfaces") or []):
        if isinstance(nic, dict):
            nic.setdefault("interface_type", "pci")
    _interface_rules(proto)
    spec = bare_metal_profiles.entry((doc.get("profile") or {}).get("name", ""))
    if spec is None:
        return
    allowed = bare_metal_profiles.bandwidths(spec)
    bandwidth = proto.get("bandwidth", spec["bandwidth"])
    if bandwidth not in allowed:
        raise ApiError(400, "invalid_bandwidth", f"bandwidth {bandwidth} is not one the profile {spec['name']} "
                       f"allows: {', '.join(map(str, allowed))}", field("bandwidth", bandwidth))
    mode = (proto.get("trusted_platform_module") or {}).get("mode") or "disabled"
    doc.update(bandwidth=bandwidth, memory=spec["memory"],
               cpu={"architecture": "amd64", "core_count": bare_metal_profiles.core_count(spec),
                    "socket_count": spec["socket_count"], "threads_per_core": bare_metal_profiles.THREADS_PER_CORE},
               trusted_platform_module={"enabled": mode == "tpm_2", "mode": mode,
                                        "supported_modes": list(bare_metal_profiles.TPM_MODES)})
    _primary_vpc(ctx, doc, proto)
    doc["_making"] = True  # its interfaces made with it need it not stopped (before_interface)


def _primary_subnet(ctx: Ctx, proto: dict) -> tuple[dict | None, str]:
    """The subnet the primary interface is in, and where the request names it."""
    nic = proto.get("primary_network_interface")
    if isinstance(nic, dict) and nic.get("subnet"):
        _, subnet = references.resolve(ctx, "SubnetIdentity", nic["subnet"], "primary_network_interface.subnet")
        return subnet, "primary_network_interface.subnet"
    interface = (proto.get("primary_network_attachment") or {}).get("virtual_network_interface") or {}
    where = "primary_network_attachment.virtual_network_interface"
    if interface.get("subnet"):
        _, subnet = references.resolve(ctx, "SubnetIdentity", interface["subnet"], f"{where}.subnet")
        return subnet, f"{where}.subnet"
    if any(key in interface for key in ("id", "crn", "href")):
        _, vni = references.resolve(ctx, "VirtualNetworkInterfaceIdentity", interface, where)
        return ctx.owned(ctx.store.get("subnets", (vni.get("subnet") or {}).get("id", ""))), where
    return None, ""


def _primary_vpc(ctx: Ctx, doc: dict, proto: dict) -> None:
    subnet, where = _primary_subnet(ctx, proto)
    if subnet is None:
        return
    if subnet["zone"]["name"] != (doc.get("zone") or {}).get("name"):
        raise ApiError(400, "subnet_zone_mismatch", f"Subnet {subnet['id']} is in zone {subnet['zone']['name']}, "
                       f"the bare metal server in {(doc.get('zone') or {}).get('name')}", field(where, subnet["id"]))
    given = (proto.get("vpc") or {})
    if given and doc.get("vpc", {}).get("id") != subnet["vpc"]["id"]:
        raise ApiError(400, "subnet_vpc_mismatch", f"Subnet {subnet['id']} is not in VPC {doc['vpc'].get('id')}",
                       field(where, subnet["id"]))
    vpc = ctx.owned(ctx.store.get("vpcs", subnet["vpc"]["id"])) or subnet["vpc"]
    doc["vpc"] = references.project(ctx, vpc, models.properties("BareMetalServer")["vpc"]["model"])


def made(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    """Once made with its interfaces or attachments: its disks, and on attachments the primary
    one's interface representation as its `primary_network_interface`."""
    server = {k: v for k, v in ctx.store.get(c.table, doc["id"]).items() if k != "_making"}
    ctx.store.put(c.table, server)
    _primary_representation(ctx, c, server)
    _disks(ctx, c, ctx.store.get(c.table, doc["id"]))


def _disks(ctx: Ctx, c: Collection, doc: dict) -> None:
    """The profile's disks, members of the server's `disks`; the first (the boot disk, as the
    docs' example shows it) its `boot_target`."""
    spec = bare_metal_profiles.entry((doc.get("profile") or {}).get("name", ""))
    if spec is None:
        return
    disks_c = collections.collection(DISKS)
    taken: set[str] = set()
    disks = []
    for quantity, size, interface in spec["disks"]:
        for _ in range(quantity):
            ident = values.new_id(ctx, disks_c)
            name = values.name(taken)
            taken.add(name)
            disk = {"id": ident, "name": name, "href": f"{doc['href']}/disks/{ident}", "size": size,
                    "interface_type": interface, "resource_type": "bare_metal_server_disk",
                    "created_at": values.now(ctx), "_parent": doc["id"], "_model": disks_c.model,
                    "_etag": ids.new_etag(), "_refs": []}
            ctx.stamp(disk)
            ctx.store.put(disks_c.table, disk)
            disks.append(disk)
    boot = references.project(ctx, disks[0], "BareMetalServerBootTargetBareMetalServerDiskReference")
    ctx.store.put(c.table, {**doc, "boot_target": boot})


# -- a server on network attachments: each shown as a read-only network interface -------------------

def represent(ctx: Ctx, c: Collection, doc: dict, proto: dict | None = None) -> None:
    """A server on network attachments shows each as a network interface, "a read-only
    representation of its corresponding network attachment and its attached virtual network
    interface" (the SDK's BareMetalServer.network_interfaces), served under
    `/bare_metal_servers/{id}/network_interfaces/{attachment id}`: a document held by the
    attachment (deleted with it, never alone), its primary IP the interface's own."""
    server = _server(ctx, doc)
    nics = collections.collection(NICS)
    if server is None or not doc.get("subnet"):
        return
    vni = ctx.owned(ctx.store.get(collections.collection("virtual_network_interfaces").table,
                                  (doc.get("virtual_network_interface") or {}).get("id", ""))) or {}
    kind = doc.get("interface_type") or "pci"
    shown = {"id": doc["id"], "name": doc["name"], "href": f"{server['href']}/network_interfaces/{doc['id']}",
             "interface_type": kind, "type": doc.get("type") or "secondary", "status": "available",
             "port_speed": port_speed(server), "mac_address": _mac(doc["id"]),
             "resource_type": "network_interface", "created_at": doc.get("created_at") or values.now(ctx),
             "subnet": doc["subnet"], "primary_ip": doc.get("primary_ip") or {},
             "allow_ip_spoofing": bool(vni.get("allow_ip_spoofing")),
             "enable_infrastructure_nat": vni.get("enable_infrastructure_nat", True),
             "security_groups": list(vni.get("security_groups") or []),
             "_parent": server["id"], "_held_by": [ATTACHMENTS, doc["id"]], "_etag": ids.new_etag()}
    if kind == "vlan":
        shown.update(vlan=doc.get("vlan"), allow_interface_to_float=bool(doc.get("allow_to_float")))
        shown["_model"] = "BareMetalServerNetworkInterfaceByVLAN"
    else:
        shown.update(allowed_vlans=list(doc.get("allowed_vlans") or []))
        shown["_model"] = "BareMetalServerNetworkInterfaceByPCI"
    shown["_refs"] = sorted(references_in(shown))
    ctx.stamp(shown)
    ctx.store.put(nics.table, shown)


def references_in(doc: dict) -> set[str]:
    from vpcmock.engine.generic import resources
    return resources.named_ids(doc, doc["id"])


def _primary_representation(ctx: Ctx, c: Collection, server: dict) -> None:
    attachment = server.get("primary_network_attachment") or {}
    nics = collections.collection(NICS)
    shown = ctx.owned(ctx.store.get(nics.table, attachment.get("id", "")))
    if shown is None:
        return
    shown = {**shown, "type": "primary"}
    ctx.store.put(nics.table, shown)
    ref_model = models.properties("BareMetalServer")["primary_network_interface"]["model"]
    ctx.store.put(c.table, {**server, "primary_network_interface": references.project(ctx, shown, ref_model)})


def representation(ctx: Ctx, c: Collection, doc: dict) -> list[tuple[Collection, dict]]:
    """What goes with an attachment: its interface representation, and its virtual network
    interface when that goes with it (interfaces.attachment_interfaces)."""
    from vpcmock.engine.generic.vpc import interfaces
    nics = collections.collection(NICS)
    shown = ctx.owned(ctx.store.get(nics.table, doc["id"]))
    held = shown is not None and (shown.get("_held_by") or [None])[0] == ATTACHMENTS
    return ([(nics, shown)] if held else []) + interfaces.attachment_interfaces(ctx, c, doc)


def patched(ctx: Ctx, c: Collection, before: dict, after: dict, patch: dict) -> None:
    """A new bandwidth is one the profile allows; secure boot and the TPM mode change while the
    server is stopped (the SDK's BareMetalServerPatch: "For `enable_secure_boot` to be changed,
    the bare metal server `status` must be `stopped`", the same of the TPM mode); a refusal rolls
    the request's changes back. A TPM mode set shows as enabled or not."""
    spec = bare_metal_profiles.entry((after.get("profile") or {}).get("name", ""))
    changed = {}
    if spec is not None and "bandwidth" in patch and patch["bandwidth"] not in bare_metal_profiles.bandwidths(spec):
        raise ApiError(400, "invalid_bandwidth", f"bandwidth {patch['bandwidth']} is not one the profile "
                       f"{spec['name']} allows: {', '.join(map(str, bare_metal_profiles.bandwidths(spec)))}",
                       field("bandwidth", patch["bandwidth"]))
    tpm = after.get("trusted_platform_module") or {}
    changing = [name for name, old, new in (
        ("enable_secure_boot", before.get("enable_secure_boot"), after.get("enable_secure_boot")),
        ("trusted_platform_module.mode", (before.get("trusted_platform_module") or {}).get("mode"), tpm.get("mode")))
        if old != new]
    if changing and before.get("status") != "stopped":  # the SDK's BareMetalServerPatch and ...TPMPatch
        raise conflict("bare_metal_server_not_stopped", f"Bare metal server {before['id']} is "
                       f"{before.get('status')}; changing {changing[0]} needs it stopped", field(changing[0]))
    if "trusted_platform_module" in patch and tpm.get("enabled") != (tpm.get("mode") == "tpm_2"):
        changed["trusted_platform_module"] = {**tpm, "enabled": tpm.get("mode") == "tpm_2"}
    if changed:
        ctx.store.put(c.table, {**after, **changed})


# What a server shows of its own members by a reference kept in its document.
_SHOWN = {DISKS: "boot_target", NICS: "primary_network_interface", ATTACHMENTS: "primary_network_attachment"}


def member_renamed(ctx: Ctx, c: Collection, before: dict, after: dict, patch: dict) -> None:
    """A disk, interface or attachment renamed: the server's reference to it (its boot target,
    its primary interface or attachment) shows the new name."""
    servers = collections.collection(SERVERS)
    server = ctx.owned(ctx.store.get(servers.table, after.get("_parent", "")))
    name = _SHOWN[c.key]
    if "name" not in patch:
        return
    if server is not None and (server.get(name) or {}).get("id") == after["id"]:
        server = {**server, name: {**server[name], "name": after["name"]}}
    nics = collections.collection(NICS)
    shown = ctx.owned(ctx.store.get(nics.table, after["id"])) if c.key == ATTACHMENTS else None
    if shown is not None and shown.get("_held_by"):  # its representation, and the server's reference to it
        ctx.store.put(nics.table, {**shown, "name": after["name"]})
        if server is not None and (server.get("primary_network_interface") or {}).get("id") == after["id"]:
            server = {**server, "primary_network_interface": {**server["primary_network_interface"],
                                                              "name": after["name"]}}
    if server is not None:
        ctx.store.put(servers.table, server)


# -- interfaces and attachments -------------------------------------------------------------------

def _server(ctx: Ctx, doc: dict) -> dict | None:
    return ctx.owned(ctx.store.get(collections.collection(SERVERS).table, doc.get("_parent", "")))


def _while_stopped(ctx: Ctx, doc: dict, what: str) -> None:
    server = _server(ctx, doc)
    if server is not None and server.get("status") != "stopped":
        raise conflict("bare_metal_server_not_stopped", f"Bare metal server {server['id']} is {server.get('status')}; "
                       f"{what} needs it stopped", parameter("bare_metal_server_id", server["id"]))


def before_interface(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A PCI interface or attachment added to a server once made needs it stopped; one made
    with the server (its primary, its others) does not (the server is not running yet). Each
    has the port speed of the server's profile; an interface a MAC address and is available."""
    server = _server(ctx, doc)
    made_with_server = server is None or server.get("_making")
    _not_hipersocket(doc.get("interface_type"), "interface_type")
    if server is not None and not made_with_server:
        _one_kind(ctx, c, server)
        _fits_server(ctx, c, server, doc)
    if doc.get("interface_type", "pci") == "pci" and not made_with_server:
        _while_stopped(ctx, doc, f"adding a PCI {'attachment' if c.key == ATTACHMENTS else 'interface'}")
    doc["port_speed"] = port_speed(server)
    if c.key == NICS:
        doc["mac_address"] = doc.get("mac_address") or _mac(doc["id"])
        doc["status"] = "available"


# -- the interface rules: hipersocket never, at most 8 PCI ones, a VLAN one's VLAN allowed ----------

def _not_hipersocket(kind, where: str) -> None:
    """A `hipersocket` interface is "a virtual device that provides high-speed TCP/IP
    connectivity within a `s390x` based system" (the SDK's BareMetalServerNetworkInterface
    `interface_type`); every profile of the mock is amd64 (bare_metal_profiles.py), so none
    has one: 400 (the code is the mock's)."""
    if kind == "hipersocket":
        raise ApiError(400, "bare_metal_server_interface_type_not_supported", "interface_type hipersocket is "
                       "only for bare metal servers with a cpu.architecture of s390x; every profile here is amd64",
                       field(where, kind))


def _pci_too_many(server_id: str, status: int, where: str = "") -> ApiError:
    """More PCI interfaces or attachments than a server has (IBM's docs,
    bare_metal_server_manage_nic.md: "The maximum number of PCI interfaces per bare metal
    server is eight", bare_metal_profiles.MAX_PCI_INTERFACES; the search tool did not surface
    the page again, the number is the one the catalogue module cites). The code is the mock's,
    as an instance's (`instance_network_interfaces_too_many`); 400 when the server's own
    prototype asks for too many, 409 when one more is posted to a server that has them all
    (its state, as the instance's limit)."""
    limit = bare_metal_profiles.MAX_PCI_INTERFACES
    return ApiError(status, "bare_metal_server_pci_interfaces_too_many", f"A bare metal server has at most {limit} "
                    f"PCI interfaces or network attachments{f'; {server_id} has {limit}' if server_id else ''}",
                    parameter("bare_metal_server_id", server_id) if server_id else field(where))


def _vlan_not_allowed(vlan, allowed: set, where: str) -> ApiError:
    """A VLAN interface or attachment is "a virtual device, used through a `pci` device that
    has the `vlan` in its array of `allowed_vlans`" (the SDK's BareMetalServerNetworkInterface
    `interface_type`; its ByVLAN attachment prototype: the PCI one "with `allowed_vlans`
    including this network attachment's `vlan`"): a VLAN no PCI interface of the server
    allows is refused, 400 (the code is the mock's)."""
    return ApiError(400, "bare_metal_server_vlan_not_allowed", f"VLAN {vlan} is not in the allowed_vlans of any "
                    f"PCI interface of the bare metal server (allowed: {sorted(allowed) or 'none'})", field(where, vlan))


def _interface_rules(proto: dict) -> None:
    """A server's prototype: no hipersocket interface, at most 8 PCI ones, each VLAN one's VLAN
    allowed by one of its PCI ones (made with it)."""
    items: list[tuple[str, dict]] = []
    for one, many in (("primary_network_interface", "network_interfaces"),
                      ("primary_network_attachment", "network_attachments")):
        if isinstance(proto.get(one), dict):
            items.append((one, proto[one]))
        items += [(f"{many}[{i}]", item) for i, item in enumerate(proto.get(many) or []) if isinstance(item, dict)]
    for where, item in items:
        _not_hipersocket(item.get("interface_type"), f"{where}.interface_type")
    pci = [(where, item) for where, item in items if (item.get("interface_type") or "pci") == "pci"]
    if len(pci) > bare_metal_profiles.MAX_PCI_INTERFACES:
        raise _pci_too_many("", 400, pci[bare_metal_profiles.MAX_PCI_INTERFACES][0])
    allowed = _allowed(item for _, item in pci)
    for where, item in items:
        if item.get("interface_type") == "vlan" and not _in(item.get("vlan"), allowed):
            raise _vlan_not_allowed(item.get("vlan"), allowed, f"{where}.vlan")


def _allowed(pcis) -> set[int]:
    """The VLANs some of these PCI interfaces or attachments allow (integers only: anything
    else the engine's validation refuses first)."""
    return {vlan for item in pcis for vlan in (item.get("allowed_vlans") or []) if isinstance(vlan, int)}


def _in(vlan, allowed: set[int]) -> bool:
    return isinstance(vlan, int) and not isinstance(vlan, bool) and vlan in allowed


def _fits_server(ctx: Ctx, c: Collection, server: dict, doc: dict) -> None:
    """One interface or attachment posted to a server: a PCI one while it has fewer than 8
    (checked before its being stopped: this request can never succeed), a VLAN one on a VLAN
    one of its PCI ones allows."""
    own = [d for d in relations.children(ctx, c, server["id"]).values()
           if not d.get("_held_by") and d.get("id") != doc.get("id")]
    pci = [d for d in own if (d.get("interface_type") or "pci") == "pci"]
    kind = doc.get("interface_type") or "pci"
    if kind == "pci" and len(pci) >= bare_metal_profiles.MAX_PCI_INTERFACES:
        raise _pci_too_many(server["id"], 409)
    if kind == "vlan":
        allowed = _allowed(pci)
        if not _in(doc.get("vlan"), allowed):
            raise _vlan_not_allowed(doc.get("vlan"), allowed, "vlan")


def _one_kind(ctx: Ctx, c: Collection, server: dict) -> None:
    """A server uses network attachments or network interfaces, never both (the SDK's
    create_bare_metal_server_network_interface: on a server with network attachments "new
    network interfaces are not allowed to be created"; the codes are the mock's, as an
    instance's)."""
    other = ATTACHMENTS if c.key == NICS else NICS
    own = [d for d in relations.children(ctx, collections.collection(other), server["id"]).values()
           if not d.get("_held_by")]  # (an attachment's representation is not an interface of its own)
    if own:
        kind = "network_attachments" if other == ATTACHMENTS else "network_interfaces"
        raise conflict(f"bare_metal_server_{kind}_in_use", f"Bare metal server {server['id']} uses "
                       f"{kind.replace('_', ' ')}: it cannot have {c.segment.replace('_', ' ')}",
                       parameter("bare_metal_server_id", server["id"]))


def port_speed(server: dict | None) -> int:
    """An interface's port speed (Mbps): its profile's total network bandwidth (IBM's bare metal
    FAQ: "Every interface can take advantage of the 100 Gbps bandwidth", the total shared)."""
    spec = bare_metal_profiles.entry(((server or {}).get("profile") or {}).get("name", ""))
    return (spec or {}).get("bandwidth") or 100000


def _mac(ident: str) -> str:
    """A stable, locally administered MAC address from the interface's id (IBM's start 02:00)."""
    digits = "".join(ch for ch in ident if ch in "0123456789abcdef")[-8:].rjust(8, "0")
    return "02:00:" + ":".join(digits[i:i + 2] for i in range(0, 8, 2))


def refuse_primary(ctx: Ctx, c: Collection, doc: dict) -> None:
    """The primary interface or attachment goes with its server only (the SDK's
    delete_bare_metal_server_network_interface: "The primary ... is not allowed to be
    deleted"; the code is the mock's); a PCI one goes while the server is stopped."""
    if doc.get("type") == "primary":
        raise conflict(f"{c.singular}_primary", f"{c.singular.replace('_', ' ').capitalize()} {doc['id']} is the "
                       "server's primary one; it is deleted with the server", parameter("id", doc["id"]))
    if doc.get("interface_type") == "pci":
        _while_stopped(ctx, doc, "removing a PCI interface")


def bound_floating_ips(ctx: Ctx, c: Collection, doc: dict, inside: set[str]) -> list[tuple[Collection, dict, str]]:
    """The floating IPs targeting an interface among `inside` (what a deletion takes away),
    with the property naming it."""
    fips = collections.collection("floating_ips")
    return [(fips, fip, "target") for fip in ctx.partition(fips.table).values()
            if (fip.get("target") or {}).get("id") in inside]


def interfaces_of(ctx: Ctx, server_id: str) -> list[dict]:
    return list(relations.children(ctx, collections.collection(NICS), server_id).values())
