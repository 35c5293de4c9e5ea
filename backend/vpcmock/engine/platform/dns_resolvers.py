"""DNS Services custom resolvers: their locations in VPC subnets and their health.

A custom resolver (`/instances/{instance}/custom_resolvers`, served by the generic engine) runs
a DNS server in each of its locations, each a subnet of the account named by its CRN; what is
decided here, beside the generic engine's documents:

- a location (a member of the sub-collection `instances.custom_resolvers.locations` the generic
  engine keeps, listed in its resolver's `locations` in the order kept) names a subnet the
  account holds (404 `subnet_not_found` otherwise); a resolver has at most three locations (the
  IBM provider refuses more before asking: "A custom resolver can have a maximum of three
  locations"; the mock answers 400 `custom_resolver_too_many_locations`);
- each location's DNS server takes an address of its subnet (`dns_server_ip`), the subnet's
  next free one, counted as the generic engine's resources' addresses are (addresses.py): a
  small document per location in the subnet's account and region (`ADDRESSES`), gone with the
  location; so a subnet a location is in cannot be deleted (409 `subnet_in_use`);
- a resolver is made disabled (the create request has no `enabled`; the IBM provider enables a
  resolver by a PATCH after making it) and is enabled only with at least one enabled location
  (the IBM provider refuses it before asking: "The Custom resolver cannot be enabled. There
  should be atleast one enabled location"; the mock answers 400
  `custom_resolver_no_enabled_location`); an enabled resolver is disabled before it is deleted
  (as the IBM provider does before its DELETE: 409 `custom_resolver_enabled` otherwise); a
  location whose subnet changes takes an address of its new subnet;
- health. No DNS server fails in a mock, so a location is `healthy` while it serves: its
  resolver and itself enabled. The resolver's `health` (HEALTHY, DEGRADED, CRITICAL in the
  SDK's enum) is HEALTHY when enabled with at least one serving location, else CRITICAL (a
  disabled or location-less resolver answers no query); DEGRADED (some locations failing) never
  arises, as nothing fails. The mock's choice; the error codes are the mock's too.
"""

from __future__ import annotations

from vpcmock import ids
from vpcmock.catalog import region_of_zone
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import addresses, collections, relations
from vpcmock.engine.generic import values as generic_values
from vpcmock.engine.generic.collections import TABLE_PREFIX
from vpcmock.engine.network import vpcs
from vpcmock.errors import ApiError, conflict, field, parameter

MAX_LOCATIONS = 3
# The addresses the locations' DNS servers hold, one document per location, in the subnet's
# account and region: {"id": location id, "_resolver": resolver id, "_ips": [[subnet, address]]}.
ADDRESSES = TABLE_PREFIX + "dns_svcs/custom_resolver_addresses"
RESOLVERS = "instances.custom_resolvers"
LOCATIONS = "instances.custom_resolvers.locations"


def subnet_of(ctx: Ctx, crn: object, where: str) -> dict:
    """The subnet a location's `subnet_crn` names: a VPC subnet of this account (its zone in the
    CRN's location segment)."""
    parts = crn.split(":") if isinstance(crn, str) else []
    region = region_of_zone(parts[5]) if len(parts) == 10 else None
    if region is None or parts[4] != "is" or parts[8] != "subnet":
        raise ApiError(400, "invalid_subnet_crn", f"{where}: {crn!r} is not the CRN of a VPC subnet",
                       field(where, crn))
    doc = ctx.at(ctx.account, region).owned(ctx.store.get("subnets", parts[9]))
    if doc is None or doc.get("crn") != crn:
        raise ApiError(404, "subnet_not_found", f"{where}: no subnet {crn!r} in this account", field(where, crn))
    return doc


def _take_address(ctx: Ctx, location_id: str, resolver_id: str, subnet: dict) -> str:
    region = region_of_zone(subnet["zone"]["name"])
    at = ctx.at(ctx.account, region)
    address = vpcs.allocate_address(at, subnet)
    ctx.store.put(ADDRESSES, at.stamp({"id": location_id, "_resolver": resolver_id,
                                       "_ips": [[subnet["id"], address]]}))
    addresses.holding(ADDRESSES)
    return address


def free_address(ctx: Ctx, location_id: str) -> None:
    if ctx.store.get(ADDRESSES, location_id) is not None:
        ctx.store.delete(ADDRESSES, location_id)


def locations(ctx: Ctx, resolver: dict) -> list[dict]:
    """The resolver's locations, in their order."""
    return list(relations.children(ctx, collections.collection(LOCATIONS), resolver["id"]).values())


def check_count(count: int, where: str) -> None:
    if count > MAX_LOCATIONS:
        raise ApiError(400, "custom_resolver_too_many_locations", f"A custom resolver has at most {MAX_LOCATIONS} "
                       f"locations, {count} asked for", field(where))


def check_new_locations(ctx: Ctx, protos: list[dict]) -> None:
    """Before anything is made: the count and each location's subnet."""
    check_count(len(protos), "locations")
    for index, proto in enumerate(protos):
        subnet_of(ctx, proto.get("subnet_crn"), f"locations[{index}].subnet_crn")


def placed(ctx: Ctx, resolver: dict, location: dict, where: str = "") -> dict:
    """A new location (made by the generic engine) with its DNS server's address and `enabled`
    as given (false when not: LocationInput's default)."""
    subnet = subnet_of(ctx, location.get("subnet_crn"), f"{where}subnet_crn")
    done = {**location, "enabled": bool(location.get("enabled", False)), "healthy": False,
            "dns_server_ip": _take_address(ctx, location["id"], resolver["id"], subnet)}
    ctx.store.put(collections.collection(LOCATIONS).table, done)
    return done


def settle(ctx: Ctx, resolver: dict, *, touched: bool = True) -> dict:
    """The resolver's locations' `healthy` and its `health` as they follow from what is
    enabled, stored; `touched`: its `modified_on` moves."""
    enabled = bool(resolver.get("enabled"))
    loc_table = collections.collection(LOCATIONS).table
    healthy = False
    for loc in locations(ctx, resolver):
        serving = enabled and bool(loc.get("enabled"))
        healthy = healthy or serving
        if loc.get("healthy") != serving:
            ctx.store.put(loc_table, {**loc, "healthy": serving})
    done = {**resolver, "enabled": enabled, "health": "HEALTHY" if healthy else "CRITICAL"}
    if touched:
        done.update(modified_on=generic_values.now(ctx), _etag=ids.new_etag())
    ctx.store.put(collections.collection(RESOLVERS).table, done)
    return done


def check_enable(ctx: Ctx, resolver: dict, wanted: dict) -> None:
    """Enabling needs an enabled location."""
    if wanted.get("enabled") and not any(loc.get("enabled") for loc in locations(ctx, resolver)):
        raise ApiError(400, "custom_resolver_no_enabled_location", f"Custom resolver {resolver['id']} cannot be "
                       "enabled: it has no enabled location", field("enabled", True))


def check_deletable(resolver: dict) -> None:
    if resolver.get("enabled"):
        raise conflict("custom_resolver_enabled", f"Custom resolver {resolver['id']} is enabled; disable it before "
                       "deleting it", parameter("resolver_id", resolver["id"]))


def location(ctx: Ctx, resolver: dict, location_id: str) -> dict:
    found = relations.children(ctx, collections.collection(LOCATIONS), resolver["id"]).get(location_id)
    if found is None:
        raise ApiError(404, "location_not_found", f"Location not found: {location_id}",
                       parameter("location_id", location_id))
    return found


def change_location(ctx: Ctx, resolver: dict, location_id: str, patch: dict) -> dict:
    """The location patched (a new subnet gives it an address there, the old one freed); the
    resolver settled."""
    old = location(ctx, resolver, location_id)
    new = dict(old)
    if patch.get("enabled") is not None:
        new["enabled"] = bool(patch["enabled"])
    if patch.get("subnet_crn") and patch["subnet_crn"] != old.get("subnet_crn"):
        subnet = subnet_of(ctx, patch["subnet_crn"], "subnet_crn")
        free_address(ctx, location_id)
        new["subnet_crn"] = patch["subnet_crn"]
        new["dns_server_ip"] = _take_address(ctx, location_id, resolver["id"], subnet)
    new["_etag"] = ids.new_etag()
    ctx.store.put(collections.collection(LOCATIONS).table, new)
    settle(ctx, resolver)
    return location(ctx, resolver, location_id)


def remove_location(ctx: Ctx, resolver: dict, location_id: str) -> dict:
    """The resolver without the location (its address freed). An enabled resolver left with no
    enabled location stays enabled and reports CRITICAL (the IBM provider disables and deletes
    locations of an enabled resolver one by one while it replaces them)."""
    location(ctx, resolver, location_id)
    ctx.store.delete(collections.collection(LOCATIONS).table, location_id)
    free_address(ctx, location_id)
    return settle(ctx, resolver)


def reorder(ctx: Ctx, resolver: dict, order: list) -> dict:
    """The resolver's locations in the order of `order` (every location id, once each): kept
    again in that order, as the resolver lists them in the order kept."""
    by_id = {loc["id"]: loc for loc in locations(ctx, resolver)}
    if sorted(order) != sorted(by_id) or len(set(order)) != len(order):
        raise ApiError(400, "invalid_locations_order", "locations: must name each location of the custom resolver "
                       f"once ({', '.join(sorted(by_id)) or 'none'})", field("locations", order))
    table = collections.collection(LOCATIONS).table
    for ident in order:
        ctx.store.delete(table, ident)
    for ident in order:  # numbered anew: the store keeps documents in `_seq` order
        ctx.store.put(table, {k: v for k, v in by_id[ident].items() if k != "_seq"})
    return settle(ctx, resolver)


def release_all(ctx: Ctx, resolver: dict) -> None:
    for loc in locations(ctx, resolver):
        free_address(ctx, loc["id"])
