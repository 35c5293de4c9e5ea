"""VPCs, their address prefixes, and subnets (/vpcs, /vpcs/{id}/address_prefixes, /subnets).

A VPC is created with a default security group, network ACL and routing table (references:
the mock does not model their rules), and, unless `address_prefix_management` is `manual`, one
default /18 address prefix per zone (10.<240 + region index>.<0|64|128>.0/18, the shape of
IBM's defaults). A subnet takes `ipv4_cidr_block` inside a prefix of its zone, or
`total_ipv4_address_count` (a power of two), placed at the first free aligned block of the
zone's prefixes; subnets of a VPC never overlap. Five addresses of each subnet are reserved,
as in IBM Cloud. A VPC with subnets, and a prefix holding subnets, cannot be deleted.
"""

from __future__ import annotations

import ipaddress

from vpcmock import ids
from vpcmock.catalog import REGIONS, zones_of
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, resolve_zone, without_private, zone_ref
from vpcmock.engine.generic import addresses as generic_addresses
from vpcmock.engine.platform import resource_groups, tags
from vpcmock.errors import ApiError, bad_field, conflict, echo, field, not_found
from vpcmock.timeutil import rfc3339

VPCS, PREFIXES, SUBNETS = "vpcs", "address_prefixes", "subnets"
RESERVED_ADDRESSES = 5  # network, gateway, two IBM-reserved and broadcast addresses


def _network(text, target: str) -> ipaddress.IPv4Network:
    try:
        network = ipaddress.IPv4Network(text, strict=True)
    except (ValueError, TypeError):
        raise bad_field("invalid_cidr", f"{echo(text)} is not an IPv4 CIDR block such as 10.240.0.0/24",
                        target, text) from None
    if not 8 <= network.prefixlen <= 29:
        raise bad_field("invalid_cidr", "A CIDR block has a prefix length from 8 to 29", target, text)
    return network


def _ref(ctx: Ctx, kind: str, collection: str, ident: str, name: str) -> dict:
    return {"crn": ids.crn(ctx.region, ctx.account, kind, ident), "href": f"/{ctx.region}/v1/{collection}/{ident}",
            "id": ident, "name": name}


# -- VPCs ------------------------------------------------------------------------------------------

def create_vpc(ctx: Ctx, proto: dict) -> dict:
    name = name_for_new(ctx.partition(VPCS).values(), proto.get("name"), "vpc_name_duplicate",
                        "A VPC named {name!r} already exists")
    management = check_management(proto.get("address_prefix_management", "auto"))
    ident = ids.new_id(ctx.region)
    vpc = ctx.stamp({
        "id": ident, "crn": ids.crn(ctx.region, ctx.account, "vpc", ident), "href": f"/{ctx.region}/v1/vpcs/{ident}",
        "name": name, "created_at": rfc3339(ctx.now), "classic_access": bool(proto.get("classic_access", False)),
        "status": "available", "health_state": "ok", "health_reasons": [], "resource_type": "vpc",
        "resource_group": resource_groups.of_prototype(ctx, proto),
        "default_network_acl": _ref(ctx, "network-acl", "network_acls", ids.new_id(ctx.region), f"{name}-acl"),
        "default_security_group": _ref(ctx, "security-group", "security_groups", ids.new_id(ctx.region),
                                       f"{name}-sg"),
        "default_routing_table": {**_ref(ctx, "routing-table", "routing_tables", ids.new_id(ctx.region),
                                         f"{name}-rt"), "resource_type": "routing_table"},
        "cse_source_ips": [{"ip": {"address": f"10.16.{i}.{10 + REGIONS.index(ctx.region)}"}, "zone": zone_ref(z)}
                           for i, z in enumerate(zones_of(ctx.region))],
        "dns": dns_of_prototype(ctx, proto.get("dns")),
        "_address_prefix_management": management, "_etag": ids.new_etag(),
    })
    ctx.store.put(VPCS, vpc)
    if management == "auto":
        second = 240 + REGIONS.index(ctx.region)
        for index, zone in enumerate(zones_of(ctx.region)):
            _put_prefix(ctx, vpc, f"10.{second}.{index * 64}.0/18", zone, f"{name}-{zone}", is_default=True)
    from vpcmock.engine.generic.vpc import vpc_defaults  # the default security group, ACL and routing table
    vpc_defaults.create_for(ctx, vpc)
    return vpc


def get_vpc(ctx: Ctx, ident: str) -> dict:
    found = ctx.owned(ctx.store.get(VPCS, ident))
    if found is None:
        raise not_found("vpc", ident)
    return found


def update_vpc(ctx: Ctx, vpc: dict, patch: dict) -> dict:
    changes = {}
    if "name" in patch and patch["name"] != vpc["name"]:
        check_rename(ctx.partition(VPCS).values(), vpc, patch["name"], "vpc_name_duplicate",
                     "A VPC named {name!r} already exists")
        changes["name"] = patch["name"]
    if patch.get("dns") is not None:
        changes["dns"] = dns_of_patch(ctx, vpc, patch["dns"])
    if changes:
        vpc = ctx.store.replace(VPCS, vpc, **changes, _etag=ids.new_etag())
    return vpc


def delete_vpc(ctx: Ctx, vpc: dict) -> None:
    held = [s for s in ctx.partition(SUBNETS).values() if s["vpc"]["id"] == vpc["id"]]
    if held:
        raise conflict("vpc_in_use", f"VPC {vpc['id']} still has {len(held)} subnets; delete them first")
    served = [v for v in ctx.partition(VPCS).values() if (_resolver(v).get("vpc") or {}).get("id") == vpc["id"]]
    if served:
        raise conflict("vpc_dns_resolution_in_use", f"VPC {vpc['id']} provides DNS resolution for VPC "
                       f"{served[0]['id']}; change that VPC's dns.resolver first")
    bound = [b for b in ctx.partition(BINDINGS).values() if b["vpc"]["id"] == vpc["id"]]
    if _dns(vpc).get("enable_hub") and bound:
        raise conflict("vpc_dns_resolution_bindings_exist", f"VPC {vpc['id']} is a DNS hub with "
                       f"{len(bound)} DNS resolution bindings to it; delete them first")
    for binding in bindings_of(ctx, vpc):
        ctx.store.delete(BINDINGS, binding["id"])
    from vpcmock.engine.generic.vpc import vpc_defaults
    vpc_defaults.release(ctx, vpc)
    for prefix in list(prefixes_of(ctx, vpc)):
        ctx.store.delete(PREFIXES, prefix["id"])
    ctx.store.delete(VPCS, vpc["id"])


# -- address prefixes --------------------------------------------------------------------------

def prefixes_of(ctx: Ctx, vpc: dict) -> list[dict]:
    return [p for p in ctx.partition(PREFIXES).values() if p["_vpc_id"] == vpc["id"]]


def _put_prefix(ctx: Ctx, vpc: dict, cidr: str, zone: str, name: str, is_default: bool) -> dict:
    ident = ids.new_id(ctx.region)
    return ctx.store.put(PREFIXES, ctx.stamp({
        "id": ident, "href": f"{vpc['href']}/address_prefixes/{ident}", "name": name, "cidr": cidr,
        "zone": zone_ref(zone), "is_default": is_default, "created_at": rfc3339(ctx.now), "_vpc_id": vpc["id"],
    }))


# Ranges no address prefix may overlap: loopback, link-local, multicast and the reserved class E,
# "this network", and IBM's own service networks (161.26.0.0/16, the private network of IBM
# services such as DNS and NTP; 166.8.0.0/14, the cloud service endpoints).
RESERVED_RANGES = tuple(ipaddress.IPv4Network(cidr) for cidr in (
    "0.0.0.0/8", "127.0.0.0/8", "161.26.0.0/16", "166.8.0.0/14", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"))


def create_prefix(ctx: Ctx, vpc: dict, proto: dict) -> dict:
    network = _network(proto.get("cidr"), "cidr")
    reserved = next((r for r in RESERVED_RANGES if network.overlaps(r)), None)
    if reserved is not None:
        # The message is the one IBM's acceptance tests expect of the service; the code is the mock's.
        raise bad_field("address_prefix_reserved_range", f"{network}: the request is overlapping with reserved "
                        f"address ranges ({reserved})", "cidr", str(network))
    zone = resolve_zone(proto.get("zone") or {}, ctx.region, "zone")
    for other in prefixes_of(ctx, vpc):
        if network.overlaps(ipaddress.IPv4Network(other["cidr"])):
            raise conflict("address_prefix_overlap", f"{network} overlaps address prefix {other['name']} "
                           f"({other['cidr']})", field("cidr", str(network)))
    name = name_for_new(prefixes_of(ctx, vpc), proto.get("name"), "address_prefix_name_duplicate",
                        "An address prefix named {name!r} exists in this VPC")
    return _put_prefix(ctx, vpc, str(network), zone, name, bool(proto.get("is_default", False)))


def get_prefix(ctx: Ctx, vpc: dict, ident: str) -> dict:
    found = ctx.owned(ctx.store.get(PREFIXES, ident))
    if found is None or found["_vpc_id"] != vpc["id"]:
        raise not_found("address_prefix", ident)
    return found


def update_prefix(ctx: Ctx, vpc: dict, prefix: dict, patch: dict) -> dict:
    changes = {key: patch[key] for key in ("name", "is_default") if key in patch}
    if "name" in changes:
        check_rename(prefixes_of(ctx, vpc), prefix, changes["name"], "address_prefix_name_duplicate",
                     "An address prefix named {name!r} exists in this VPC")
    return ctx.store.replace(PREFIXES, prefix, **changes) if changes else prefix


def delete_prefix(ctx: Ctx, vpc: dict, prefix: dict) -> None:
    if _subnets_in(ctx, vpc, prefix):
        raise conflict("address_prefix_in_use", f"Address prefix {prefix['id']} holds subnets; delete them first")
    ctx.store.delete(PREFIXES, prefix["id"])


def _subnets_in(ctx: Ctx, vpc: dict, prefix: dict) -> list[dict]:
    network = ipaddress.IPv4Network(prefix["cidr"])
    return [s for s in ctx.partition(SUBNETS).values()
            if s["vpc"]["id"] == vpc["id"] and ipaddress.IPv4Network(s["ipv4_cidr_block"]).subnet_of(network)]


def present_prefix(ctx: Ctx, vpc: dict, prefix: dict) -> dict:
    view = without_private(prefix)
    view["has_subnets"] = bool(_subnets_in(ctx, vpc, prefix))
    return view


# -- subnets ---------------------------------------------------------------------------------------

def _place(ctx: Ctx, vpc: dict, zone: str, count) -> ipaddress.IPv4Network:
    if not isinstance(count, int) or isinstance(count, bool) or count < 8 or count & (count - 1):
        raise bad_field("invalid_total_ipv4_address_count", "total_ipv4_address_count must be a power of two, "
                        "8 or more", "total_ipv4_address_count", count)
    length = 32 - (count.bit_length() - 1)
    taken = [ipaddress.IPv4Network(s["ipv4_cidr_block"]) for s in ctx.partition(SUBNETS).values()
             if s["vpc"]["id"] == vpc["id"]]
    for prefix in sorted(prefixes_of(ctx, vpc), key=lambda p: p["cidr"]):
        if prefix["zone"]["name"] != zone:
            continue
        network = ipaddress.IPv4Network(prefix["cidr"])
        if length < network.prefixlen:
            continue
        for candidate in network.subnets(new_prefix=length):
            if not any(candidate.overlaps(other) for other in taken):
                return candidate
    raise conflict("subnet_no_free_block", f"No free block of {count} addresses in the address prefixes of "
                   f"zone {zone}", field("total_ipv4_address_count", count))


def create_subnet(ctx: Ctx, proto: dict) -> dict:
    vpc_id = identity_id(proto.get("vpc") or {})
    vpc = ctx.owned(ctx.store.get(VPCS, vpc_id))
    if vpc is None:
        raise bad_field("vpc_not_found", f"VPC {echo(vpc_id)} not found", "vpc.id", vpc_id)
    zone = resolve_zone(proto.get("zone") or {}, ctx.region, "zone")
    if proto.get("ipv4_cidr_block") is not None:
        network = _network(proto["ipv4_cidr_block"], "ipv4_cidr_block")
        if not any(p["zone"]["name"] == zone and network.subnet_of(ipaddress.IPv4Network(p["cidr"]))
                   for p in prefixes_of(ctx, vpc)):
            raise bad_field("subnet_cidr_not_in_address_prefix", f"{network} is not inside an address prefix of "
                            f"zone {zone} in this VPC", "ipv4_cidr_block", str(network))
        for other in ctx.partition(SUBNETS).values():
            if other["vpc"]["id"] == vpc["id"] and network.overlaps(ipaddress.IPv4Network(other["ipv4_cidr_block"])):
                raise conflict("subnet_cidr_overlap", f"{network} overlaps subnet {other['name']} "
                               f"({other['ipv4_cidr_block']})", field("ipv4_cidr_block", str(network)))
    elif proto.get("total_ipv4_address_count") is not None:
        network = _place(ctx, vpc, zone, proto["total_ipv4_address_count"])
    else:
        raise bad_field("missing_field", "A subnet needs ipv4_cidr_block or total_ipv4_address_count",
                        "ipv4_cidr_block")
    name = name_for_new(ctx.partition(SUBNETS).values(), proto.get("name"), "subnet_name_duplicate",
                        "A subnet named {name!r} already exists")
    ident = f"07{zone[-1]}7-{ids.new_id(ctx.region).split('-', 1)[1]}"  # zonal ids carry the zone, as IBM's
    subnet = ctx.store.put(SUBNETS, ctx.stamp({
        "id": ident, "crn": ids.crn(zone, ctx.account, "subnet", ident), "href": f"/{ctx.region}/v1/subnets/{ident}",
        "name": name, "created_at": rfc3339(ctx.now), "ip_version": "ipv4", "ipv4_cidr_block": str(network),
        "total_ipv4_address_count": network.num_addresses,
        "network_acl": vpc["default_network_acl"], "routing_table": vpc["default_routing_table"],
        "resource_group": resource_groups.of_prototype(ctx, proto), "resource_type": "subnet",
        "status": "available", "vpc": {k: vpc[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "vpc"},
        "zone": zone_ref(zone), "_etag": ids.new_etag(),
    }))
    return _linked(ctx, subnet, {name: proto[name] for name in LINKS if proto.get(name) is not None})


# What a subnet names that the generic engine holds, set by its prototype or PATCH as by
# PUT /subnets/{id}/<name> (the same checks: same VPC, the gateway's zone).
LINKS = ("network_acl", "public_gateway", "routing_table")


def _linked(ctx: Ctx, subnet: dict, given: dict) -> dict:
    from vpcmock.engine.generic import resources as generic_resources
    for name, identity in given.items():
        subnet = generic_resources.set_named(ctx, "subnets", subnet, name, identity)
    return subnet


def get_subnet(ctx: Ctx, ident: str) -> dict:
    found = ctx.owned(ctx.store.get(SUBNETS, ident))
    if found is None:
        raise not_found("subnet", ident)
    return found


def update_subnet(ctx: Ctx, subnet: dict, patch: dict) -> dict:
    if "name" in patch and patch["name"] != subnet["name"]:
        check_rename(ctx.partition(SUBNETS).values(), subnet, patch["name"], "subnet_name_duplicate",
                     "A subnet named {name!r} already exists")
        subnet = ctx.store.replace(SUBNETS, subnet, name=patch["name"], _etag=ids.new_etag())
    return _linked(ctx, subnet, {name: patch[name] for name in LINKS if name in patch})


def _addresses_used(ctx: Ctx, subnet: dict) -> list[str]:
    """Addresses taken in the subnet: instance interfaces, share mount targets, and stored
    resources that name the subnet (reserved IPs, ...)."""
    used = [i["_nic"]["address"] for i in ctx.partition("instances").values()
            if (i.get("_nic") or {}).get("subnet", {}).get("id") == subnet["id"]]
    for share in ctx.partition("shares").values():
        used += [t["_address"] for t in share.get("mount_targets") or [] if t.get("_subnet_id") == subnet["id"]]
    used += [d["address"] for d in ctx.partition("stored_resources").values()
             if d.get("address") and (d.get("references") or {}).get("subnet") == subnet["id"]]
    return used + generic_addresses.used_in(ctx, subnet["id"])  # reserved IPs, interfaces, load balancers...


def allocate_address(ctx: Ctx, subnet: dict, also_taken=frozenset()) -> str:
    """The next free address: the first four and the last of a subnet are reserved (and
    `also_taken`, what the caller took already)."""
    network = ipaddress.IPv4Network(subnet["ipv4_cidr_block"])
    used = set(_addresses_used(ctx, subnet)) | set(also_taken)
    for offset in range(4, network.num_addresses - 1):
        address = str(network.network_address + offset)
        if address not in used:
            return address
    raise conflict("subnet_full", f"Subnet {subnet['name']} has no free address", field("subnet.id", subnet["id"]))


def reserve_address(ctx: Ctx, subnet: dict, address, target: str) -> str:
    """`address` when the subnet can give it: one of its own (not the four first nor the last,
    which the subnet reserves) that nothing uses. The API reference names no error code for
    these two refusals; `reserved_ip_address_invalid` (400) and `reserved_ip_address_in_use`
    (409) are the mock's choice, after the reserved IP they concern."""
    network = ipaddress.IPv4Network(subnet["ipv4_cidr_block"])
    try:
        wanted = ipaddress.IPv4Address(address)
    except ValueError:
        wanted = None
    if wanted is None or wanted not in network or not 4 <= int(wanted) - int(network.network_address) \
            < network.num_addresses - 1:
        raise bad_field("reserved_ip_address_invalid", f"{echo(address)} is not an address subnet "
                        f"{subnet['name']} ({subnet['ipv4_cidr_block']}) can give", target, address)
    if str(wanted) in set(_addresses_used(ctx, subnet)):
        raise conflict("reserved_ip_address_in_use", f"Address {wanted} of subnet {subnet['name']} is in use",
                       field(target, address))
    return str(wanted)


def delete_subnet(ctx: Ctx, subnet: dict) -> None:
    if _addresses_used(ctx, subnet):
        raise conflict("subnet_in_use", f"Subnet {subnet['id']} has network interfaces; delete the instances first")
    ctx.store.delete(SUBNETS, subnet["id"])


# The tables of the generic engine holding a VPC's default security group, network ACL and
# routing table (engine/generic/vpc/vpc_defaults.py), by the VPC's reference to each.
_DEFAULTS = (("default_security_group", "generic/security_groups"), ("default_network_acl", "generic/network_acls"),
             ("default_routing_table", "generic/vpcs.routing_tables"))


def present(doc: dict, ctx: Ctx | None = None) -> dict:
    """A VPC as the API shows it: its user tags are Global Tagging's alone (platform/tags.py);
    with `ctx`, its DNS configuration with the servers it resolves with and its binding count,
    and its default security group, network ACL and routing table under their current names
    (they are renamed through their own collections)."""
    view = tags.without_user_tags(without_private(doc))
    if ctx is not None:
        view["dns"] = present_dns(ctx, doc)
        for key, table in _DEFAULTS:
            current = ctx.store.get(table, (doc.get(key) or {}).get("id", ""))
            if current is not None and current.get("name") and current["name"] != doc[key]["name"]:
                view[key] = {**doc[key], "name": current["name"]}
    return view


# -- DNS: resolvers and resolution bindings ------------------------------------------------------
#
# A VPC resolves names with the system's resolvers (IBM's 161.26.0.10 and 161.26.0.11), with DNS
# servers it names (`manual`), or with another VPC's resolver (`delegated`). It delegates only to
# a VPC it is bound to: a DNS resolution binding (/vpcs/{id}/dns_resolution_bindings) from a VPC
# that is not a hub (`dns.enable_hub` false) to one that is. A VPC holds at most one binding;
# `dns.resolution_binding_count` counts the bindings from it and to it. The rules are those of
# the VPC API reference (ibm-vpc's VPCDNSPatch, VPCDNSResolverPatch, create and delete of a
# binding, delete of a VPC). Not modelled: that the hub must have a DNS Services custom resolver,
# and endpoint gateways' DNS sharing (a binding lists none).

BINDINGS = "dns_resolution_bindings"
SYSTEM_DNS_SERVERS = ("161.26.0.10", "161.26.0.11")  # IBM Cloud's private DNS resolvers


def _dns(vpc: dict) -> dict:
    return vpc.get("dns") or {}


def _resolver(vpc: dict) -> dict:
    return _dns(vpc).get("resolver") or {"type": "system"}


def _invalid_dns(message: str, target: str, value=None) -> ApiError:
    return bad_field("vpc_dns_invalid", message, target, value)


def _dns_servers(ctx: Ctx, servers, target: str) -> list[dict]:
    """Manual DNS servers: IPv4 addresses, each with a zone of the region (`zone_affinity`) or
    none; with zones, one server for each zone of the region."""
    found = []
    for index, server in enumerate(servers):
        where = f"{target}[{index}]"
        try:
            address = str(ipaddress.IPv4Address(server["address"]))
        except (ValueError, TypeError):
            raise _invalid_dns(f"{echo(server['address'])} is not an IPv4 address", f"{where}.address",
                               server["address"]) from None
        entry = {"address": address}
        if server.get("zone_affinity"):
            entry["zone_affinity"] = zone_ref(resolve_zone(server["zone_affinity"], ctx.region,
                                                           f"{where}.zone_affinity"))
        found.append(entry)
    zones = [s["zone_affinity"]["name"] for s in found if "zone_affinity" in s]
    if zones and (len(zones) != len(found) or sorted(zones) != sorted(zones_of(ctx.region))):
        raise _invalid_dns("DNS servers with a zone_affinity name each zone of the region exactly once, and all of "
                           "them name one", target)
    if not zones and len({s["address"] for s in found}) != len(found):
        raise _invalid_dns("The DNS servers are all different", target)
    return found


def _vpc_named(ctx: Ctx, identity: dict, target: str) -> dict:
    ident = identity_id(identity)
    found = ctx.owned(ctx.store.get(VPCS, ident or ""))
    if found is None and identity.get("crn"):
        found = next((v for v in ctx.partition(VPCS).values() if v["crn"] == identity["crn"]), None)
    if found is None:
        raise ApiError(404, "vpc_not_found", f"VPC {echo(ident or identity.get('crn'))} not found",
                       field(target, ident or identity.get("crn")))
    return found


def _vpc_ref(vpc: dict) -> dict:
    return {key: vpc[key] for key in ("crn", "href", "id", "name")} | {"resource_type": "vpc"}


def dns_of_prototype(ctx: Ctx, proto: dict | None) -> dict:
    """The DNS configuration of a new VPC (VPCDNSPrototype): a hub or not, and a system or
    manual resolver (a VPC delegates once bound, by update)."""
    proto = proto or {}
    resolver = proto.get("resolver") or {}
    servers = resolver.get("manual_servers")
    kind = resolver.get("type") or ("manual" if servers else "system")
    stored = {"type": kind}
    if kind == "manual":
        if not servers:
            raise _invalid_dns("A manual resolver names its manual_servers", "dns.resolver.manual_servers")
        stored["manual_servers"] = _dns_servers(ctx, servers, "dns.resolver.manual_servers")
    elif servers:
        raise _invalid_dns("manual_servers are given only with type manual", "dns.resolver.manual_servers")
    return {"enable_hub": bool(proto.get("enable_hub", False)), "resolver": stored}


def dns_of_patch(ctx: Ctx, vpc: dict, patch: dict) -> dict:
    """The DNS configuration after a VPCDNSPatch."""
    current, resolver = _dns(vpc), dict(_resolver(vpc))
    hub = bool(current.get("enable_hub"))
    if "enable_hub" in patch and bool(patch["enable_hub"]) != hub:
        if resolution_binding_count(ctx, vpc):
            raise conflict("vpc_dns_resolution_bindings_exist", "dns.enable_hub changes only while "
                           "dns.resolution_binding_count is zero", field("dns.enable_hub", patch["enable_hub"]))
        hub = bool(patch["enable_hub"])
    changes = patch.get("resolver")
    if changes is not None:
        before = resolver.get("type", "system")
        kind = changes.get("type") or before
        if before == "manual" and kind != "manual" and changes.get("manual_servers"):
            raise _invalid_dns("Leaving type manual, manual_servers is given as null", "dns.resolver.manual_servers")
        if before == "manual" and kind != "manual" and "manual_servers" not in changes:
            raise _invalid_dns("Updating from type manual requires dns.resolver.manual_servers to be null",
                               "dns.resolver.manual_servers")
        if before == "delegated" and kind != "delegated" and ("vpc" not in changes or changes["vpc"]):
            raise _invalid_dns("Updating from type delegated requires dns.resolver.vpc to be null",
                               "dns.resolver.vpc")
        resolver = {"type": kind}
        if kind == "manual":
            if changes.get("manual_servers"):  # replacing the servers
                resolver["manual_servers"] = _dns_servers(ctx, changes["manual_servers"], "dns.resolver.manual_servers")
            elif before == "manual" and "manual_servers" not in changes:  # keeping them
                resolver["manual_servers"] = _resolver(vpc).get("manual_servers") or []
            else:
                raise _invalid_dns("Type manual requires dns.resolver.manual_servers, not empty",
                                   "dns.resolver.manual_servers")
        elif changes.get("manual_servers"):
            raise _invalid_dns("manual_servers are given only with type manual", "dns.resolver.manual_servers")
        if kind == "delegated":
            identity = changes["vpc"] if changes.get("vpc") else (_resolver(vpc).get("vpc") if before == "delegated"
                                                                   else None)
            if not identity:
                raise _invalid_dns("Type delegated requires dns.resolver.vpc", "dns.resolver.vpc")
            if hub:
                raise _invalid_dns("A DNS hub (dns.enable_hub true) cannot delegate its resolver", "dns.resolver.type",
                                   kind)
            target = _vpc_named(ctx, identity, "dns.resolver.vpc")
            if not any(b["vpc"]["id"] == target["id"] for b in bindings_of(ctx, vpc)):
                raise _invalid_dns(f"VPC {target['id']} is not in one of this VPC's DNS resolution bindings",
                                   "dns.resolver.vpc", target["id"])
            resolver["vpc"] = _vpc_ref(target)
        elif changes.get("vpc"):
            raise _invalid_dns("dns.resolver.vpc is given only with type delegated", "dns.resolver.vpc")
    elif hub and resolver.get("type") == "delegated":
        raise _invalid_dns("A DNS hub (dns.enable_hub true) cannot delegate its resolver", "dns.enable_hub", hub)
    return {"enable_hub": hub, "resolver": resolver}


def _servers(ctx: Ctx, vpc: dict, seen: tuple = ()) -> list[dict]:
    resolver = _resolver(vpc)
    if resolver.get("type") == "manual":
        return [dict(s) for s in resolver.get("manual_servers") or []]
    if resolver.get("type") == "delegated":
        hub = ctx.store.get(VPCS, (resolver.get("vpc") or {}).get("id", ""))
        return _servers(ctx, hub, seen + (vpc["id"],)) if hub is not None and hub["id"] not in seen else []
    return [{"address": address} for address in SYSTEM_DNS_SERVERS]


def present_dns(ctx: Ctx, vpc: dict) -> dict:
    """VPC.dns: whether it is a hub, its binding count, and its resolver (VPCDNSResolverTypeSystem,
    ...TypeManual or ...TypeDelegated, with the servers it resolves with)."""
    resolver = _resolver(vpc)
    kind = resolver.get("type", "system")
    shown = {"servers": _servers(ctx, vpc), "type": kind}
    if kind == "system":
        shown["configuration"] = "default"
    elif kind == "manual":
        shown["manual_servers"] = [dict(s) for s in resolver.get("manual_servers") or []]
    else:
        target = ctx.store.get(VPCS, resolver["vpc"]["id"])
        shown["vpc"] = _vpc_ref(target) if target is not None else \
            {**resolver["vpc"], "deleted": {"more_info": "https://cloud.ibm.com/apidocs/vpc#deleted-resources"}}
    return {"enable_hub": bool(_dns(vpc).get("enable_hub")), "resolution_binding_count": resolution_binding_count(
        ctx, vpc), "resolver": shown}


def bindings_of(ctx: Ctx, vpc: dict) -> list[dict]:
    return [b for b in ctx.partition(BINDINGS).values() if b["_vpc_id"] == vpc["id"]]


def resolution_binding_count(ctx: Ctx, vpc: dict) -> int:
    """The bindings of this VPC (at most one) and those binding other VPCs to it."""
    return sum(1 for b in ctx.partition(BINDINGS).values() if vpc["id"] in (b["_vpc_id"], b["vpc"]["id"]))


def create_binding(ctx: Ctx, vpc: dict, proto: dict) -> dict:
    target = _vpc_named(ctx, proto["vpc"], "vpc")
    if target["id"] == vpc["id"]:
        raise bad_field("vpc_dns_resolution_binding_invalid", "A VPC cannot be bound to itself", "vpc.id",
                        target["id"])
    if not _dns(target).get("enable_hub"):
        raise bad_field("vpc_dns_resolution_binding_invalid", f"VPC {target['id']} is not a DNS hub "
                        "(dns.enable_hub false)", "vpc.id", target["id"])
    if _dns(vpc).get("enable_hub"):
        raise bad_field("vpc_dns_resolution_binding_invalid", f"VPC {vpc['id']} is a DNS hub (dns.enable_hub true); "
                        "only a VPC that is not one can be bound", "vpc_id", vpc["id"])
    if resolution_binding_count(ctx, vpc):
        raise bad_field("vpc_dns_resolution_binding_invalid", "This VPC already contains DNS Resolution Bindings",
                        "vpc_id", vpc["id"])
    name = name_for_new(bindings_of(ctx, vpc), proto.get("name"), "vpc_dns_resolution_binding_name_duplicate",
                        "A DNS resolution binding named {name!r} exists in this VPC")
    ident = ids.new_id(ctx.region)
    return ctx.store.put(BINDINGS, ctx.stamp({
        "id": ident, "href": f"{vpc['href']}/dns_resolution_bindings/{ident}", "name": name,
        "created_at": rfc3339(ctx.now), "endpoint_gateways": [], "health_reasons": [], "health_state": "ok",
        "lifecycle_state": "stable", "resource_type": "vpc_dns_resolution_binding", "vpc": _vpc_ref(target),
        "_vpc_id": vpc["id"], "_etag": ids.new_etag(),
    }))


def get_binding(ctx: Ctx, vpc: dict, ident: str) -> dict:
    found = ctx.owned(ctx.store.get(BINDINGS, ident))
    if found is None or found["_vpc_id"] != vpc["id"]:
        raise not_found("vpc_dns_resolution_binding", ident)
    return found


def rename_binding(ctx: Ctx, vpc: dict, binding: dict, name: str) -> dict:
    check_rename(bindings_of(ctx, vpc), binding, name, "vpc_dns_resolution_binding_name_duplicate",
                 "A DNS resolution binding named {name!r} exists in this VPC")
    return ctx.store.replace(BINDINGS, binding, name=name, _etag=ids.new_etag())


def delete_binding(ctx: Ctx, vpc: dict, binding: dict) -> None:
    if _resolver(vpc).get("type") == "delegated":
        raise conflict("vpc_dns_resolver_delegated", f"VPC {vpc['id']} delegates its DNS resolver; set "
                       "dns.resolver.type to system or manual first")
    ctx.store.delete(BINDINGS, binding["id"])


def present_binding(ctx: Ctx, binding: dict) -> dict:
    view = without_private(binding)
    target = ctx.store.get(VPCS, binding["vpc"]["id"])
    view["vpc"] = _vpc_ref(target) if target is not None else binding["vpc"]
    return view


def present_subnet(ctx: Ctx, subnet: dict) -> dict:
    """A subnet as the API shows it, its available addresses counted from what uses them."""
    return {**tags.without_user_tags(without_private(subnet)), "available_ipv4_address_count": (
        subnet["total_ipv4_address_count"] - RESERVED_ADDRESSES - len(set(_addresses_used(ctx, subnet))))}


def check_management(value) -> str:
    if value not in ("auto", "manual"):
        raise ApiError(400, "invalid_address_prefix_management", "address_prefix_management is auto or manual",
                       field("address_prefix_management", value))
    return value
