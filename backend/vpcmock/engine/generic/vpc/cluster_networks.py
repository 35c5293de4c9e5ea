"""Cluster networks as the VPC API serves them, beyond the generic: a cluster network is in a zone
its profile offers and has subnet prefixes; its subnets take a CIDR block from them (given, or
allocated by `total_ipv4_address_count`); a subnet's reserved IPs and interfaces take addresses
from its block; an instance reaches the network through its cluster network attachments, each
with an interface made with it or named.

The collections (`cluster_networks`, `.subnets`, `.subnets.reserved_ips`, `.interfaces`,
`instances.cluster_network_attachments`) are the generic engine's documents; behaviours.py
registers the hooks below on them, and the emulated instance (block_storage/instances.py)
calls `attach_at_create`, `instance_cluster_network` and `release_instance`.

What the reference is silent on is the mock's choice, each noted where it is made:
- a cluster network made without `subnet_prefixes` has one, 10.0.0.0/9 with allocation
  policy `auto` (IBM's docs, "IP address range and prefix considerations" for cluster networks,
  give 10.0.0.0/9 as the default range);
- five addresses of each cluster network subnet are reserved (network, gateway, two for IBM
  and broadcast), as of a VPC subnet (engine/network/vpcs.py RESERVED_ADDRESSES);
- error codes the reference does not name are named after what they concern.
"""

from __future__ import annotations

import hashlib
import ipaddress

from vpcmock import api_table, images
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, models, references, relations, validation
from vpcmock.engine.network.vpcs import RESERVED_ADDRESSES
from vpcmock.errors import ApiError, conflict, field

NETWORKS = "cluster_networks"
SUBNETS = "cluster_networks.subnets"
IPS = "cluster_networks.subnets.reserved_ips"
INTERFACES = "cluster_networks.interfaces"
ATTACHMENTS = "instances.cluster_network_attachments"
DEFAULT_PREFIX = "10.0.0.0/9"
# The SDK's ClusterNetworkSubnetPrototype: a subnet's prefix length is from /8 to /29.
SHORTEST, LONGEST = 8, 29
# The SDK's ClusterNetworkSubnetByIPv4CIDRBlockPrototype: ranges a subnet must not overlap.
_FORBIDDEN = tuple(ipaddress.IPv4Network(c) for c in ("127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4"))


def _c(key: str):
    return collections.collection(key)


def _get(ctx: Ctx, key: str, ident: str) -> dict | None:
    return ctx.owned(ctx.store.get(_c(key).table, ident or ""))


def _ident(identity: dict) -> str:
    return identity.get("id") or (identity.get("href") or "").rstrip("/").rpartition("/")[2]


def _create_props(key: str) -> dict[str, dict]:
    """The properties a create of `key` takes (its body's model, or the SDK's spread arguments)."""
    body = api_table.operation(_c(key).ops["create"])["body"]
    return models.properties(body["model"]) if body.get("model") else body["properties"]


def _bad(code: str, message: str, name: str, value=None) -> ApiError:
    return ApiError(400, code, message, field(name, value))


def _store(ctx: Ctx, key: str, doc: dict, changed: dict, *, unnamed: tuple[str, ...] = ()) -> dict:
    """`doc` with `changed`, stored; `unnamed`: ids its `_refs` leave out (a `target` that names
    it back: deleting the target must not be refused because of it)."""
    from vpcmock.engine.generic import resources
    new = {**doc, **changed}
    new["_refs"] = sorted(resources.named_ids(new, new["id"]) - set(unnamed))
    ctx.store.put(_c(key).table, new)
    return new


# -- cluster networks ----------------------------------------------------------------------------

def before_network_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """The zone must be one the profile lists (the SDK's create_cluster_network: "The zone must
    be listed as supported on the specified cluster network profile"); the subnet prefixes are
    those given (each at least 8 addresses), else the default one."""
    profile = next(p for p in images.cluster_network_profiles(ctx) if p["name"] == doc["profile"]["name"])
    zone = doc["zone"]["name"]
    if zone not in [z["name"] for z in profile["zones"]]:
        raise _bad("cluster_network_profile_zone_unsupported", f"Cluster network profile {profile['name']} is not "
                   f"offered in zone {zone} (it is in {', '.join(z['name'] for z in profile['zones'])})",
                   "zone.name", zone)
    prefixes = []
    for index, given in enumerate(proto.get("subnet_prefixes") or [{"cidr": DEFAULT_PREFIX}]):
        where = f"subnet_prefixes[{index}].cidr"
        cidr = _network(given.get("cidr") or DEFAULT_PREFIX, where)
        if cidr.prefixlen >= LONGEST:
            raise _bad("cluster_network_subnet_prefix_invalid", f"{cidr}: a subnet prefix's length must be less "
                       f"than /{LONGEST}", where, str(cidr))
        if any(cidr.overlaps(other) for other in _FORBIDDEN):
            raise _bad("cluster_network_subnet_prefix_invalid", f"{cidr} overlaps a reserved address range",
                       where, str(cidr))
        if any(cidr.overlaps(ipaddress.IPv4Network(p["cidr"])) for p in prefixes):
            raise _bad("cluster_network_subnet_prefix_overlap", f"{cidr} overlaps another subnet prefix", where,
                       str(cidr))
        prefixes.append({"allocation_policy": "auto", "cidr": str(cidr)})
    doc["subnet_prefixes"] = prefixes
    doc["lifecycle_state"] = "stable"


def _network(text, where: str) -> ipaddress.IPv4Network:
    try:
        return ipaddress.IPv4Network(text)
    except (ValueError, TypeError):
        raise _bad("invalid_cidr", f"{text!r} is not an IPv4 CIDR block (its host bits zero)", where, text) from None


# -- subnets: a CIDR block from the network's prefixes -------------------------------------------

def before_subnet_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    network = _get(ctx, NETWORKS, doc["_parent"])
    prefixes = [ipaddress.IPv4Network(p["cidr"]) for p in network.get("subnet_prefixes") or []]
    taken = [ipaddress.IPv4Network(s["ipv4_cidr_block"]) for s in relations.children(ctx, c, network["id"]).values()
             if s.get("ipv4_cidr_block")]
    if proto.get("ipv4_cidr_block") is not None:
        block = _network(proto["ipv4_cidr_block"], "ipv4_cidr_block")
        if not SHORTEST <= block.prefixlen <= LONGEST:
            raise _bad("cluster_network_subnet_cidr_invalid", f"{block}: a cluster network subnet's prefix length "
                       f"is from /{SHORTEST} to /{LONGEST}", "ipv4_cidr_block", str(block))
        if not any(block.subnet_of(p) for p in prefixes):
            raise _bad("cluster_network_subnet_cidr_outside_prefixes", f"{block} is not within the cluster network's "
                       f"subnet prefixes ({', '.join(map(str, prefixes))})", "ipv4_cidr_block", str(block))
        clash = next((t for t in taken if block.overlaps(t)), None)
        if clash is not None:
            raise conflict("cluster_network_subnet_cidr_overlap", f"{block} overlaps subnet {clash} of the cluster "
                           "network", field("ipv4_cidr_block", str(block)))
    else:
        count = proto.get("total_ipv4_address_count")
        if count is None or count < 2 ** (32 - LONGEST) or count > 2 ** (32 - SHORTEST) or count & (count - 1):
            raise _bad("cluster_network_subnet_total_count_invalid", f"total_ipv4_address_count {count} must be a "
                       f"power of 2 from {2 ** (32 - LONGEST)} to {2 ** (32 - SHORTEST)}",
                       "total_ipv4_address_count", count)
        block = _free_block(prefixes, taken, 32 - (count.bit_length() - 1))
        if block is None:
            raise conflict("cluster_network_subnet_prefixes_exhausted", f"No subnet prefix of the cluster network "
                           f"has {count} free addresses", field("total_ipv4_address_count", count))
    doc.update(ipv4_cidr_block=str(block), total_ipv4_address_count=block.num_addresses, ip_version="ipv4",
               lifecycle_state="stable")


def _free_block(prefixes, taken, length: int) -> ipaddress.IPv4Network | None:
    """The first block of prefix `length` within an `auto` prefix that overlaps no subnet."""
    for prefix in prefixes:
        if prefix.prefixlen > length:
            continue
        step = 2 ** (32 - length)
        start = int(prefix.network_address)
        while start < int(prefix.broadcast_address):
            block = ipaddress.IPv4Network((start, length))
            clash = next((t for t in taken if block.overlaps(t)), None)
            if clash is None:
                return block
            start = max(start + step, (int(clash.broadcast_address) + 1 + step - 1) // step * step)
    return None


def subnet_view(ctx: Ctx, c, doc: dict, out: dict) -> None:
    """`available_ipv4_address_count`: the block's addresses less the five reserved and those
    its reserved IPs (an interface's primary IP among them) hold."""
    used = len(relations.children(ctx, _c(IPS), doc["id"]))
    out["available_ipv4_address_count"] = max(0, doc.get("total_ipv4_address_count", 0) - RESERVED_ADDRESSES - used)


# -- reserved IPs: an address of the subnet's block ----------------------------------------------

def before_reserved_ip_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    subnet = _get(ctx, SUBNETS, doc["_parent"])
    block = ipaddress.IPv4Network(subnet["ipv4_cidr_block"])
    used = {ip["address"] for ip in relations.children(ctx, c, subnet["id"]).values()}
    first, last = int(block.network_address) + 4, int(block.broadcast_address) - 1
    if proto.get("address") is not None:
        try:
            wanted = ipaddress.IPv4Address(proto["address"])
        except (ValueError, TypeError):
            raise _bad("cluster_network_subnet_reserved_ip_address_invalid", f"{proto['address']!r} is not an IPv4 "
                       "address", "address", proto["address"]) from None
        if not first <= int(wanted) <= last:
            raise _bad("cluster_network_subnet_reserved_ip_address_invalid", f"{wanted} is not an address subnet "
                       f"{subnet['name']} ({block}) can reserve", "address", str(wanted))
        if str(wanted) in used:
            raise conflict("cluster_network_subnet_reserved_ip_address_in_use", f"Address {wanted} of cluster "
                           f"network subnet {subnet['name']} is in use", field("address", str(wanted)))
        address = str(wanted)
    else:
        address = next((str(ipaddress.IPv4Address(n)) for n in range(first, last + 1)
                        if str(ipaddress.IPv4Address(n)) not in used), None)
        if address is None:
            raise conflict("cluster_network_subnet_full", f"Cluster network subnet {subnet['name']} has no free "
                           "address", field("cluster_network_subnet_id", subnet["id"]))
    # One a user reserves is the user's and kept when unbound unless asked (the SDK's
    # ClusterNetworkSubnetReservedIP: `owner` user, `auto_delete` as given).
    doc.update(address=address, owner="user", auto_delete=bool(proto.get("auto_delete", False)),
               lifecycle_state="stable")
    doc.pop("target", None)


def owned_by_interface(ctx: Ctx, c, doc: dict) -> list:
    """Deleting an interface: its reserved IPs that go with their target (`auto_delete`)."""
    ips_c = _c(IPS)
    subnet_id = (doc.get("subnet") or {}).get("id", "")
    return [(ips_c, ip) for ip in relations.children(ctx, ips_c, subnet_id).values()
            if (ip.get("target") or {}).get("id") == doc["id"] and ip.get("auto_delete")]


def after_interface_delete(ctx: Ctx, c, doc: dict) -> None:
    """A reserved IP the interface was given and that stays is unbound."""
    ips_c = _c(IPS)
    for ip in relations.children(ctx, ips_c, (doc.get("subnet") or {}).get("id", "")).values():
        if (ip.get("target") or {}).get("id") == doc["id"]:
            _store(ctx, IPS, {k: v for k, v in ip.items() if k != "target"}, {})


# -- interfaces: a primary IP in a subnet of the network -----------------------------------------

def before_interface_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """The interface's primary IP: a reserved IP named (unbound, in a subnet of this network) or
    one made in the subnet given (the SDK's create_cluster_network_interface: `subnet` is
    "Required if `primary_ip` does not specify a cluster network subnet reserved IP identity")."""
    from vpcmock.engine.generic import resources
    network = _get(ctx, NETWORKS, doc["_parent"])
    builder.nested[:] = [item for item in builder.nested if item[0] != "primary_ip"]
    ip_proto = proto.get("primary_ip") or {}
    ips_c, subnets_c = _c(IPS), _c(SUBNETS)
    if ip_proto.get("id") or ip_proto.get("href"):
        ip = ctx.owned(ctx.store.get(ips_c.table, _ident(ip_proto)))
        subnet = _get(ctx, SUBNETS, (ip or {}).get("_parent", ""))
        if ip is None or subnet is None or subnet.get("_parent") != network["id"]:
            raise ApiError(404, "cluster_network_subnet_reserved_ip_not_found", f"Reserved IP {_ident(ip_proto)} "
                           f"not found in cluster network {network['name']}", field("primary_ip.id", _ident(ip_proto)))
        if ip.get("target"):
            raise conflict("cluster_network_subnet_reserved_ip_in_use", f"Reserved IP {ip['id']} is bound to "
                           f"{ip['target'].get('resource_type')} {ip['target'].get('id')}",
                           field("primary_ip.id", ip["id"]))
        if proto.get("subnet") and _ident(proto["subnet"]) != subnet["id"]:
            raise _bad("cluster_network_subnet_reserved_ip_subnet_mismatch", f"Reserved IP {ip['id']} is not in "
                       f"cluster network subnet {_ident(proto['subnet'])}", "subnet.id", _ident(proto["subnet"]))
    else:
        subnet = _get(ctx, SUBNETS, _ident(proto.get("subnet") or {}))
        if not proto.get("subnet"):
            raise _bad("missing_field", "subnet: required unless primary_ip names a reserved IP", "subnet")
        if subnet is None or subnet.get("_parent") != network["id"]:
            raise ApiError(404, "cluster_network_subnet_not_found", f"Cluster network subnet {_ident(proto['subnet'])} "
                           f"not found in cluster network {network['name']}", field("subnet.id",
                                                                                    _ident(proto["subnet"])))
        made = {"name": ip_proto.get("name") or f"{doc['name']}-ip",
                **({"address": ip_proto["address"]} if ip_proto.get("address") is not None else {})}
        ip = resources.create(ctx, ips_c, subnet, made, _create_props(IPS), path="primary_ip")
        # A reserved IP made with its interface goes with it unless asked otherwise (as an
        # instance network interface's: the SDK's prototypes default `auto_delete` to true).
        ip = _store(ctx, IPS, ip, {"auto_delete": ip_proto.get("auto_delete", True)})
    doc.update(primary_ip=references.project(ctx, ip, "ClusterNetworkSubnetReservedIPReference"),
               subnet=references.project(ctx, subnet, "ClusterNetworkSubnetReference"),
               vpc=network["vpc"], zone=network["zone"], allow_ip_spoofing=False, enable_infrastructure_nat=False,
               mac_address=_mac(doc["id"]), lifecycle_state="stable")
    doc.setdefault("auto_delete", False)
    doc.pop("target", None)


def _mac(ident: str) -> str:
    digest = hashlib.sha256(ident.encode()).digest()
    return ":".join(f"{b:02x}" for b in (0x02, 0x00) + tuple(digest[:4]))


def after_interface_create(ctx: Ctx, c, doc: dict, proto: dict) -> None:
    """Its primary reserved IP now targets it."""
    ip = _get(ctx, IPS, doc["primary_ip"]["id"])
    if ip is not None:
        leaf = _leaf("ClusterNetworkSubnetReservedIPTarget", "cluster_network_interface")
        target = references.project(ctx, doc, leaf)
        _store(ctx, IPS, ip, {"target": target}, unnamed=(doc["id"],))


def _leaf(model: str, kind: str) -> str:
    for leaf in models.leaves(model):
        if kind in (models.properties(leaf).get("resource_type") or {}).get("enum", ()):
            return leaf
    return model


def renamed_interface(ctx: Ctx, c, before: dict, after: dict, patch: dict) -> None:
    """What names the interface shows its new name (its reserved IP's target, its attachment)."""
    if "name" not in patch:
        return
    ip = _get(ctx, IPS, after["primary_ip"]["id"])
    if ip is not None and (ip.get("target") or {}).get("id") == after["id"]:
        _store(ctx, IPS, ip, {"target": {**ip["target"], "name": after["name"]}}, unnamed=(after["id"],))
    attachment = _get(ctx, ATTACHMENTS, (after.get("target") or {}).get("id", ""))
    if attachment is not None:
        _store(ctx, ATTACHMENTS, attachment, {"cluster_network_interface": {
            **attachment["cluster_network_interface"], "name": after["name"]}})


# -- an instance's cluster network attachments ---------------------------------------------------

_CREATING: set[str] = set()  # instances being created: their attachments come with them


def attach_at_create(ctx: Ctx, instance: dict, prototypes: list[dict]) -> None:
    """The attachments an instance is created with (each checked as one added later)."""
    from vpcmock.engine.generic import resources
    c = _c(ATTACHMENTS)
    model = "InstanceClusterNetworkAttachmentPrototypeInstanceContext"
    for index, proto in enumerate(prototypes):
        validation.obj(proto, model, f"cluster_network_attachments[{index}]")
    _CREATING.add(instance["id"])
    try:
        for index, proto in enumerate(prototypes):
            resources.create(ctx, c, instance, proto, models.properties(model),
                             path=f"cluster_network_attachments[{index}]")
    finally:
        _CREATING.discard(instance["id"])


def before_attachment_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """An attachment is added while the instance is stopped (IBM's docs: "Cluster network
    attachments can be set only when the instance is stopped or created"); its interface, made
    or named, is in the cluster network of the instance's other attachments, in its VPC and
    zone, and the network's profile supports the instance's profile."""
    from vpcmock.engine.generic import resources
    instance = ctx.owned(ctx.store.get("instances", doc["_parent"]))
    if instance["id"] not in _CREATING and instance.get("status") not in ("stopped", "stopping"):
        raise conflict("instance_not_stopped", f"Instance {instance['id']} must be stopped to change its cluster "
                       "network attachments", field("instance_id", instance["id"]))
    builder.nested[:] = []
    given = proto.get("cluster_network_interface") or {}
    where = "cluster_network_interface"
    ifaces_c = _c(INTERFACES)
    if given.get("id") or given.get("href"):
        interface = ctx.owned(ctx.store.get(ifaces_c.table, _ident(given)))
        if interface is None:
            raise ApiError(404, "cluster_network_interface_not_found", f"Cluster network interface {_ident(given)} "
                           "not found", field(f"{where}.id", _ident(given)))
        if interface.get("target"):
            raise conflict("cluster_network_interface_in_use", f"Cluster network interface {interface['id']} is "
                           f"attached to {interface['target'].get('resource_type')} {interface['target'].get('id')}",
                           field(f"{where}.id", interface["id"]))
        network = _get(ctx, NETWORKS, interface["_parent"])
    else:
        # A new interface is in the subnet given, else in the one of the reserved IP it names (the
        # SDK: `subnet` is "Required if `primary_ip` does not specify a cluster network subnet
        # reserved IP identity").
        named_ip = _ident(given.get("primary_ip") or {})
        if not given.get("subnet") and not named_ip:
            raise _bad("missing_field", f"{where}.subnet: required unless primary_ip names a reserved IP",
                       f"{where}.subnet")
        if given.get("subnet"):
            subnet = _get(ctx, SUBNETS, _ident(given["subnet"]))
            if subnet is None:
                named = _ident(given["subnet"])
                raise ApiError(404, "cluster_network_subnet_not_found", f"Cluster network subnet {named} not found",
                               field(f"{where}.subnet.id", named))
        else:
            ip = _get(ctx, IPS, named_ip)
            subnet = _get(ctx, SUBNETS, (ip or {}).get("_parent", ""))
            if subnet is None:
                raise ApiError(404, "cluster_network_subnet_reserved_ip_not_found", f"Reserved IP {named_ip} not "
                               "found", field(f"{where}.primary_ip.id", named_ip))
        network = _get(ctx, NETWORKS, subnet["_parent"])
        interface = None
    _check_network(ctx, instance, network, doc["id"], where)
    if interface is None:
        made = {key: given[key] for key in ("name", "primary_ip", "subnet") if given.get(key) is not None}
        made.setdefault("subnet", {"id": subnet["id"]})
        interface = resources.create(ctx, ifaces_c, network, made, _create_props(INTERFACES), path=where)
        # An interface made with its attachment goes with it unless asked otherwise (the SDK's
        # InstanceClusterNetworkInterfacePrototypeInstanceClusterNetworkAttachment.auto_delete).
        interface = _store(ctx, INTERFACES, interface, {"auto_delete": given.get("auto_delete", True)})
    doc.update(cluster_network_interface=references.project(ctx, interface, "ClusterNetworkInterfaceReference"),
               lifecycle_state="stable", lifecycle_reasons=[])
    doc["_interface"] = interface["id"]
    doc["_order"] = _place(ctx, instance["id"], doc.pop("before", None))


def _place(ctx: Ctx, instance_id: str, before: dict | None) -> float:
    """Where a new attachment goes among the instance's: immediately before the one `before`
    names (the SDK's InstanceClusterNetworkAttachmentBeforePrototype), else last."""
    ordered = instance_attachments(ctx, instance_id)
    orders = [a["_order"] for a in ordered]
    if not before:
        return (orders[-1] + 1) if orders else 0.0
    index = next((i for i, a in enumerate(ordered) if a["id"] == before.get("id")), None)
    if index is None:
        raise ApiError(404, "instance_cluster_network_attachment_not_found", f"Cluster network attachment "
                       f"{before.get('id')} not found on instance {instance_id}", field("before.id", before.get("id")))
    return orders[index] - 1 if index == 0 else (orders[index - 1] + orders[index]) / 2


def _check_network(ctx: Ctx, instance: dict, network: dict, own: str, where: str) -> None:
    others = [a for a in relations.children(ctx, _c(ATTACHMENTS), instance["id"]).values() if a["id"] != own]
    current = instance_cluster_network(ctx, instance["id"], others)
    if current is not None and current["id"] != network["id"]:
        raise _bad("instance_cluster_network_mismatch", f"Instance {instance['id']} is attached to cluster network "
                   f"{current['name']}; every attachment is in one cluster network", f"{where}.id")
    if network["vpc"]["id"] != instance["vpc"]["id"]:
        raise _bad("instance_cluster_network_vpc_mismatch", f"Cluster network {network['name']} is in VPC "
                   f"{network['vpc']['name']}, not the instance's", f"{where}.id")
    if network["zone"]["name"] != instance["zone"]["name"]:
        raise _bad("instance_cluster_network_zone_mismatch", f"Cluster network {network['name']} is in zone "
                   f"{network['zone']['name']}, not {instance['zone']['name']}", f"{where}.id")
    _check_supported(ctx, network, instance["profile"]["name"])


def _check_supported(ctx: Ctx, network: dict, instance_profile: str) -> None:
    profile = next((p for p in images.cluster_network_profiles(ctx) if p["name"] == network["profile"]["name"]), None)
    supported = [p["name"] for p in (profile or {}).get("supported_instance_profiles", [])]
    if instance_profile not in supported:
        raise _bad("instance_profile_cluster_network_unsupported", f"Instance profile {instance_profile} is not "
                   f"supported by cluster network profile {network['profile']['name']} ({', '.join(supported)})",
                   "profile.name", instance_profile)


def check_profile(ctx: Ctx, instance: dict, profile: str) -> None:
    """A new profile of an instance with cluster network attachments: one their network supports."""
    current = instance_cluster_network(ctx, instance["id"])
    network = _get(ctx, NETWORKS, (current or {}).get("id", ""))
    if network is not None:
        _check_supported(ctx, network, profile)


def after_attachment_create(ctx: Ctx, c, doc: dict, proto: dict) -> None:
    """Its interface now targets it."""
    interface = _get(ctx, INTERFACES, doc["_interface"])
    target = references.project(ctx, doc, _leaf("ClusterNetworkInterfaceTarget", "instance_cluster_network_attachment"))
    _store(ctx, INTERFACES, interface, {"target": target}, unnamed=(doc["id"],))


def owned_by_attachment(ctx: Ctx, c, doc: dict) -> list:
    """Deleting an attachment: refused while the instance runs; its interface goes with it when
    `auto_delete` (with its reserved IPs that do too)."""
    instance = ctx.owned(ctx.store.get("instances", doc.get("_parent", "")))
    if instance is not None and instance.get("status") not in ("stopped", "stopping") and \
            instance["id"] not in _RELEASING:
        raise conflict("instance_not_stopped", f"Instance {instance['id']} must be stopped to change its cluster "
                       "network attachments", field("instance_id", instance["id"]))
    interface = _get(ctx, INTERFACES, doc.get("_interface", ""))
    if interface is None or not interface.get("auto_delete"):
        return []
    return [(_c(INTERFACES), interface)] + owned_by_interface(ctx, _c(INTERFACES), interface)


def after_attachment_delete(ctx: Ctx, c, doc: dict) -> None:
    interface = _get(ctx, INTERFACES, doc.get("_interface", ""))
    if interface is not None:
        _store(ctx, INTERFACES, {k: v for k, v in interface.items() if k != "target"}, {})
    else:
        after_interface_delete(ctx, _c(INTERFACES), {"id": doc.get("_interface"), "subnet": (
            doc.get("cluster_network_interface") or {}).get("subnet")})


def renamed_attachment(ctx: Ctx, c, before: dict, after: dict, patch: dict) -> None:
    interface = _get(ctx, INTERFACES, after.get("_interface", ""))
    if interface is not None and "name" in patch:
        _store(ctx, INTERFACES, interface, {"target": {**interface["target"], "name": after["name"]}},
               unnamed=(after["id"],))


def instance_attachments(ctx: Ctx, instance_id: str) -> list[dict]:
    """The instance's cluster network attachments, in their order."""
    found = relations.children(ctx, _c(ATTACHMENTS), instance_id).values()
    return sorted(found, key=lambda a: a.get("_order", 0.0))


def attachment_view(ctx: Ctx, c, doc: dict, out: dict) -> None:
    """`before`: the attachment this one is immediately before (none for the last)."""
    ordered = instance_attachments(ctx, doc.get("_parent", ""))
    index = next((i for i, a in enumerate(ordered) if a["id"] == doc["id"]), None)
    out.pop("before", None)
    if index is not None and index + 1 < len(ordered):
        out["before"] = references.project(ctx, ordered[index + 1], "InstanceClusterNetworkAttachmentBefore")


def instance_cluster_network(ctx: Ctx, instance_id: str, attachments: list[dict] | None = None) -> dict | None:
    """The ClusterNetworkReference of the network the instance's attachments reach (None without)."""
    for attachment in instance_attachments(ctx, instance_id) if attachments is None else attachments:
        interface = _get(ctx, INTERFACES, attachment.get("_interface", ""))
        network = _get(ctx, NETWORKS, (interface or {}).get("_parent", ""))
        if network is not None:
            return references.project(ctx, network, "ClusterNetworkReference")
    return None


_RELEASING: set[str] = set()  # instances being deleted: their attachments go whatever their status


def release_instance(ctx: Ctx, instance: dict) -> None:
    """Before `instance` is deleted: its attachments go, each interface with it when `auto_delete`."""
    from vpcmock.engine.generic import resources
    c = _c(ATTACHMENTS)
    _RELEASING.add(instance["id"])
    try:
        for attachment in instance_attachments(ctx, instance["id"]):
            resources.delete(ctx, c, attachment)
    finally:
        _RELEASING.discard(instance["id"])
