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
from vpcmock.engine.platform import resource_groups
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
        "dns": {"enable_hub": False, "resolution_binding_count": 0,
                "resolver": {"servers": [], "type": "system", "configuration": "default"}},
        "_address_prefix_management": management, "_etag": ids.new_etag(),
    })
    ctx.store.put(VPCS, vpc)
    if management == "auto":
        second = 240 + REGIONS.index(ctx.region)
        for index, zone in enumerate(zones_of(ctx.region)):
            _put_prefix(ctx, vpc, f"10.{second}.{index * 64}.0/18", zone, f"{name}-{zone}", is_default=True)
    return vpc


def get_vpc(ctx: Ctx, ident: str) -> dict:
    found = ctx.owned(ctx.store.get(VPCS, ident))
    if found is None:
        raise not_found("vpc", ident)
    return found


def update_vpc(ctx: Ctx, vpc: dict, patch: dict) -> dict:
    if "name" in patch and patch["name"] != vpc["name"]:
        check_rename(ctx.partition(VPCS).values(), vpc, patch["name"], "vpc_name_duplicate",
                     "A VPC named {name!r} already exists")
        vpc = ctx.store.replace(VPCS, vpc, name=patch["name"], _etag=ids.new_etag())
    return vpc


def delete_vpc(ctx: Ctx, vpc: dict) -> None:
    held = [s for s in ctx.partition(SUBNETS).values() if s["vpc"]["id"] == vpc["id"]]
    if held:
        raise conflict("vpc_in_use", f"VPC {vpc['id']} still has {len(held)} subnets; delete them first")
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


def create_prefix(ctx: Ctx, vpc: dict, proto: dict) -> dict:
    network = _network(proto.get("cidr"), "cidr")
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
    return ctx.store.put(SUBNETS, ctx.stamp({
        "id": ident, "crn": ids.crn(zone, ctx.account, "subnet", ident), "href": f"/{ctx.region}/v1/subnets/{ident}",
        "name": name, "created_at": rfc3339(ctx.now), "ip_version": "ipv4", "ipv4_cidr_block": str(network),
        "total_ipv4_address_count": network.num_addresses,
        "network_acl": vpc["default_network_acl"], "routing_table": vpc["default_routing_table"],
        "resource_group": resource_groups.of_prototype(ctx, proto), "resource_type": "subnet",
        "status": "available", "vpc": {k: vpc[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "vpc"},
        "zone": zone_ref(zone), "_etag": ids.new_etag(),
    }))


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
    return subnet


def _addresses_used(ctx: Ctx, subnet: dict) -> list[str]:
    """Addresses taken in the subnet: instance interfaces, share mount targets, and stored
    resources that name the subnet (reserved IPs, ...)."""
    used = [i["_nic"]["address"] for i in ctx.partition("instances").values()
            if (i.get("_nic") or {}).get("subnet", {}).get("id") == subnet["id"]]
    for share in ctx.partition("shares").values():
        used += [t["_address"] for t in share.get("mount_targets") or [] if t.get("_subnet_id") == subnet["id"]]
    used += [d["address"] for d in ctx.partition("stored_resources").values()
             if d.get("address") and (d.get("references") or {}).get("subnet") == subnet["id"]]
    return used


def allocate_address(ctx: Ctx, subnet: dict) -> str:
    """The next free address: the first four and the last of a subnet are reserved."""
    network = ipaddress.IPv4Network(subnet["ipv4_cidr_block"])
    used = set(_addresses_used(ctx, subnet))
    for offset in range(4, network.num_addresses - 1):
        address = str(network.network_address + offset)
        if address not in used:
            return address
    raise conflict("subnet_full", f"Subnet {subnet['name']} has no free address", field("subnet.id", subnet["id"]))


def delete_subnet(ctx: Ctx, subnet: dict) -> None:
    if _addresses_used(ctx, subnet):
        raise conflict("subnet_in_use", f"Subnet {subnet['id']} has network interfaces; delete the instances first")
    ctx.store.delete(SUBNETS, subnet["id"])


def present(doc: dict) -> dict:
    return without_private(doc)


def present_subnet(ctx: Ctx, subnet: dict) -> dict:
    """A subnet as the API shows it, its available addresses counted from what uses them."""
    return {**without_private(subnet), "available_ipv4_address_count": (
        subnet["total_ipv4_address_count"] - RESERVED_ADDRESSES - len(_addresses_used(ctx, subnet)))}


def check_management(value) -> str:
    if value not in ("auto", "manual"):
        raise ApiError(400, "invalid_address_prefix_management", "address_prefix_management is auto or manual",
                       field("address_prefix_management", value))
    return value
