"""Where an instance runs and which reservations it may use: its `placement_target` (a
dedicated host, a dedicated host group or a placement group: the generic engine's documents,
resolved through engine/generic/references.py) and its `reservation_affinity` (reservations of
the generic engine), from its prototype and its patch, under the rules the SDK's
InstancePrototype, InstancePatch and InstanceReservationAffinity* state:

- a placement target is in the instance's zone (a placement group is regional);
- on a dedicated host or group the instance has two or more vCPUs at `vcpu.percentage` 100, its
  profile is one the host runs (`supported_instance_profiles`), and the host (of a group: one of
  its hosts) has `instance_placement_enabled` true (409 otherwise);
- with a placement target, `reservation_affinity.policy` is `disabled`;
- a patch moves an instance only to a dedicated host or group, and only while it is stopped
  (checked by instances.update_instance with the other stopped-only changes);
- the affinity's policy defaults to `manual` with a pool, `disabled` with a placement target or
  an instance that cannot use reservations (fewer than two vCPUs, or a percentage below 100),
  else `automatic`; `manual` takes one reservation, the others none; each reservation is
  `active`, of the instance's profile and zone.

The error codes are the mock's (the reference names none for these refusals).
"""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, references
from vpcmock.errors import ApiError, bad_field, echo, field

_ANY_TARGET = ("DedicatedHostIdentity", "DedicatedHostGroupIdentity", "PlacementGroupIdentity")
_HOSTS = ("DedicatedHostIdentity", "DedicatedHostGroupIdentity")
_HOST_KINDS = ("dedicated_host", "dedicated_host_group")


def resolve_target(ctx: Ctx, identity: dict, zone: str, where: str, *, patch: bool = False) -> dict:
    """The placement target an identity names ({id}, {crn} or {href}), in the reference's shape
    (InstancePlacementTarget); a patch names only a dedicated host or group."""
    given = {key: value for key, value in (identity or {}).items() if key in ("id", "crn", "href") and value}
    if not given:
        raise bad_field("missing_field", f"{where}: a placement target is named by id, crn or href", where)
    key, value = next(iter(given.items()))
    for model in (_HOSTS if patch else _ANY_TARGET):
        try:
            _, doc = references.resolve(ctx, model, {key: value}, where)
        except ApiError as error:
            if error.status == 404:
                continue
            raise
        doc_zone = (doc.get("zone") or {}).get("name")
        if doc_zone and doc_zone != zone:
            raise bad_field("placement_target_zone_mismatch", f"{where}: {doc['resource_type'].replace('_', ' ')} "
                            f"{doc['name']} is in zone {doc_zone}, not the instance's zone {zone}",
                            f"{where}.{key}", value)
        return references.project(ctx, doc, "InstancePlacementTarget")
    kinds = "dedicated host or dedicated host group" if patch else "dedicated host, dedicated host group or placement group"
    raise ApiError(404, "placement_target_not_found", f"{where}: no {kinds} {echo(value)} in this account and region",
                   field(f"{where}.{key}", value))


def check_target(ctx: Ctx, target: dict | None, profile: str, vcpu: dict, where: str) -> None:
    """A dedicated host or group takes instances of two or more vCPUs at 100%, of a profile the
    host runs (a group: one its hosts run)."""
    if not target or target.get("resource_type") not in _HOST_KINDS:
        return
    if vcpu.get("count", 0) < 2 or vcpu.get("percentage", 100) != 100:
        raise bad_field("instance_placement_target_invalid", f"{where}: an instance on a dedicated host has two or "
                        "more vCPUs at vcpu.percentage 100", where)
    _check_placement_enabled(ctx, target, where)
    supported = _supported_profiles(ctx, target)
    if supported is not None and profile not in supported:
        raise bad_field("instance_profile_not_supported", f"{where}: {target['resource_type'].replace('_', ' ')} "
                        f"{target['name']} does not run profile {profile}", where)


def _check_placement_enabled(ctx: Ctx, target: dict, where: str) -> None:
    """A dedicated host takes new instances only while its `instance_placement_enabled` is true
    (the SDK's DedicatedHost: "If set to true, instances can be placed on this dedicated host");
    a group, while one of its hosts does (a group without hosts: nothing says, allowed). The
    refusal is a 409 (the host's state, not the request, is in the way: as the API's other
    conflicts of state); its code is the mock's, the reference names none."""
    hosts = collections.collection("dedicated_hosts")
    if target["resource_type"] == "dedicated_host":
        found = [doc for doc in [ctx.owned(ctx.store.get(hosts.table, target["id"]))] if doc]
    else:
        found = [doc for doc in ctx.partition(hosts.table).values()
                 if (doc.get("group") or {}).get("id") == target["id"]]
    if found and not any(doc.get("instance_placement_enabled", True) is not False for doc in found):
        raise ApiError(409, "dedicated_host_instance_placement_disabled",
                       f"{where}: {target['resource_type'].replace('_', ' ')} {target['name']} has instance "
                       "placement disabled (instance_placement_enabled is false)", field(f"{where}.id", target["id"]))


def _supported_profiles(ctx: Ctx, target: dict) -> set[str] | None:
    """The profiles a dedicated host runs, or those any host of a group runs; None when nothing
    says (a group without hosts)."""
    hosts = collections.collection("dedicated_hosts")
    if target["resource_type"] == "dedicated_host":
        found = [ctx.owned(ctx.store.get(hosts.table, target["id"]))]
    else:
        found = [doc for doc in ctx.partition(hosts.table).values()
                 if (doc.get("group") or {}).get("id") == target["id"]]
    names = {p.get("name") for doc in found if doc for p in doc.get("supported_instance_profiles") or []}
    return names or None


def affinity(ctx: Ctx, given: dict | None, current: dict | None, *, profile: str, zone: str, vcpu: dict,
             placed: bool, where: str = "reservation_affinity") -> dict:
    """The reservation affinity of an instance: `given` (a prototype's or a patch's, a patch's
    pool replacing the current one) over `current`, checked; the default policy as above."""
    given = given or {}
    if current is None:  # a prototype
        pool, policy = given.get("pool") or [], given.get("policy")
    elif "pool" in given:  # a patch naming the pool: the new one (null, as a merge patch removes: none)
        pool, policy = given["pool"] or [], given.get("policy") or current.get("policy")
    else:  # a patch leaving the pool: the current one
        pool = [{"id": ref["id"]} for ref in current.get("pool") or []]
        policy = given.get("policy") or current.get("policy")
    if policy is None:
        restricted = placed or vcpu.get("count", 0) < 2 or vcpu.get("percentage", 100) != 100
        policy = "manual" if pool else "disabled" if restricted else "automatic"
    if placed and policy != "disabled":
        raise bad_field("reservation_affinity_policy_invalid", f"{where}.policy: an instance with a placement "
                        "target uses no reservation (policy disabled)", f"{where}.policy", policy)
    if policy == "manual" and len(pool) != 1:
        raise bad_field("reservation_affinity_pool_invalid", f"{where}.pool: policy manual takes one reservation",
                        f"{where}.pool")
    if policy != "manual" and pool:
        raise bad_field("reservation_affinity_pool_invalid", f"{where}.pool: policy {policy} takes no reservation",
                        f"{where}.pool")
    refs = [_reservation(ctx, identity, profile, zone, f"{where}.pool[{index}]") for index, identity in enumerate(pool)]
    return {"policy": policy, "pool": refs}


def _reservation(ctx: Ctx, identity: dict, profile: str, zone: str, where: str) -> dict:
    given = {key: value for key, value in (identity or {}).items() if key in ("id", "crn", "href") and value}
    if not given:
        raise bad_field("missing_field", f"{where}: a reservation is named by id, crn or href", where)
    _, doc = references.resolve(ctx, "ReservationIdentity", dict([next(iter(given.items()))]), where)
    if doc.get("status") != "active":
        raise ApiError(409, "reservation_not_active", f"{where}: reservation {doc['name']} is {doc.get('status')}, "
                       "not active", field(f"{where}.id", doc["id"]))
    reserved_profile = (doc.get("profile") or {}).get("name")
    reserved_zone = (doc.get("zone") or {}).get("name")
    if reserved_profile != profile or reserved_zone != zone:
        raise bad_field("reservation_mismatch", f"{where}: reservation {doc['name']} is for profile "
                        f"{reserved_profile} in {reserved_zone}, not {profile} in {zone}", f"{where}.id", doc["id"])
    return references.project(ctx, doc, "ReservationReference")
