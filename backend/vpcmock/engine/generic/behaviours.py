"""Behaviour beyond the generic, per collection, each hook small:

- a public gateway without a floating IP gets one (a floating IP of its zone, targeting it),
  deleted with it;
- a load balancer takes a private address in each of its subnets, and public ones when public;
- an instance group has `membership_count` memberships (made and removed as the count changes);
- a VPN gateway has its two members (active and standby), each with a private address in the
  gateway's subnet and a public one;
- a subnet's public gateway must be in the subnet's VPC and zone.

Hooks are looked up by collection key; the engine calls them at fixed points of an operation
(resources.py, which they call back for what they create, importing it where they use it).
Anything not listed here behaves as the generic engine makes it.
"""

from __future__ import annotations

import copy

from vpcmock import catalog
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import addresses, collections, models, references, relations
from vpcmock.engine.generic.vpc import bare_metal
from vpcmock.engine.generic.collections import Collection
from vpcmock.engine.platform import resource_instances
from vpcmock.engine.platform.atracker import config as atracker
from vpcmock.errors import ApiError, field
from vpcmock.timeutil import rfc3339


# What IBM documents as a property's default where the generic fill (values.zero) would mislead.
DEFAULTS = {
    "security_groups.rules": {"local": {"cidr_block": "0.0.0.0/0"}, "remote": {"cidr_block": "0.0.0.0/0"},
                              "ip_version": "ipv4"},
    "network_acls.rules": {"ip_version": "ipv4"},
    "load_balancers": {"profile": {"family": "application", "href": "/load_balancer/profiles/dynamic",
                                   "name": "dynamic"}},
}


def default(c: Collection, name: str, ctx: Ctx):
    value = DEFAULTS.get(c.key, {}).get(name)
    if isinstance(value, dict) and "href" in value:
        value = {**value, "href": f"/{ctx.region}/v1{value['href']}"}
    return copy.deepcopy(value)


# -- public gateways ---------------------------------------------------------------------------

def _public_gateway_floating_ip(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    given = proto.get("floating_ip") or {}
    if any(key in given for key in ("id", "crn", "href", "address")):
        return  # an existing floating IP, resolved by the generic engine
    from vpcmock.engine.generic import resources
    fips = collections.collection("floating_ips")
    target = models.leaves("FloatingIPTarget")
    leaf = next(m for m in target if "PublicGateway" in m)
    fip_proto = {"name": given.get("name") or f"{doc['name']}-fip", "zone": {"name": doc["zone"]["name"]}}
    if given.get("resource_group"):
        fip_proto["resource_group"] = given["resource_group"]
    fip = resources.create(ctx, fips, None, fip_proto, models.properties("FloatingIPPrototypeFloatingIPByZone"))
    ctx.store.put(fips.table, {**fip, "target": references.project(ctx, doc, leaf), "_refs": [doc["id"]],
                               "_owner": doc["id"]})
    doc["floating_ip"] = references.project(ctx, fip, models.properties("PublicGateway")["floating_ip"]["model"])


def _owned_floating_ips(ctx: Ctx, c: Collection, doc: dict) -> list[tuple[Collection, dict]]:
    fips = collections.collection("floating_ips")
    return [(fips, fip) for fip in ctx.partition(fips.table).values() if fip.get("_owner") == doc["id"]]


# -- load balancers ------------------------------------------------------------------------------

def _load_balancer_public_ips(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A public load balancer answers on two public addresses; a private one on none."""
    doc["public_ips"] = [{"address": addresses.public(doc["id"], i)} for i in range(2)] if doc.get("is_public") else []


# -- public address ranges ---------------------------------------------------------------------

def _public_address_range_cidr(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A public address range is a block of `ipv4_address_count` public addresses. IBM's API
    reference: the count "must be a power of 2" (and the range a CIDR block of that size)."""
    count = doc.get("ipv4_address_count")
    if not isinstance(count, int) or count < 1 or count > 65536 or count & (count - 1):
        raise ApiError(400, "invalid_ipv4_address_count", f"ipv4_address_count must be a power of 2 from 1 to "
                       f"65536, got {count}", field("ipv4_address_count", count))
    doc["cidr"] = addresses.public_range(doc["id"], count)


# -- instance groups -----------------------------------------------------------------------------

def _memberships(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    _scale(ctx, doc, doc.get("membership_count") or 0)


def _scale(ctx: Ctx, group: dict, count: int) -> None:
    from vpcmock.engine.generic import resources
    members_c = collections.collection("instance_groups.memberships")
    current = list(relations.children(ctx, members_c, group["id"]).values())
    for index in range(len(current), count):
        resources.create(ctx, members_c, group, {"name": f"{group['name']}-member-{index + 1}"},
                         {"name": {"type": "string"}})
    for member in current[count:][::-1]:
        ctx.store.delete(members_c.table, member["id"])


def _rescale(ctx: Ctx, c: Collection, before: dict, after: dict, patch: dict) -> None:
    if "membership_count" in patch and patch["membership_count"] is not None:
        _scale(ctx, after, patch["membership_count"])


# -- VPN gateways ---------------------------------------------------------------------------------

def _vpn_members(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    from vpcmock.engine.generic import resources
    members_c = collections.collection("vpn_gateways.members")
    for role in ("active", "standby"):
        resources.create(ctx, members_c, doc, {"role": role}, {"role": {"type": "string"}})


# -- private path service gateways ------------------------------------------------------------

def _private_path_vpc(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A private path service gateway is in its load balancer's VPC (the VPC of its subnets)."""
    balancers = collections.collection("load_balancers").table
    balancer = ctx.owned(ctx.store.get(balancers, (doc.get("load_balancer") or {}).get("id", "")))
    subnet_id = ((balancer or {}).get("subnets") or [{}])[0].get("id", "")
    subnet = ctx.owned(ctx.store.get("subnets", subnet_id))
    if subnet is not None:
        doc["vpc"] = references.project(ctx, subnet["vpc"], models.properties(c.model)["vpc"]["model"])


# -- dedicated hosts ---------------------------------------------------------------------------

def _dedicated_host_capacity(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A dedicated host has its profile's vCPUs, memory and sockets (the catalogue's dedicated
    host profiles, which the generic engine already required the profile to be one of), all
    available while no instance runs on it; it runs the instance profiles of its profile's class,
    and joins only a group of that class (IBM's docs: every instance on a host, and every host
    of a group, is of one family and class; the error code is the mock's)."""
    from vpcmock import images
    if (proto or {}).get("instance_placement_enabled") is None:  # the SDK's DedicatedHostPrototype: "default: true"
        doc["instance_placement_enabled"] = True
    name = (doc.get("profile") or {}).get("name")
    entry = catalog.DEDICATED_HOST_PROFILES.get(name)
    if entry is None:
        return
    group = ctx.owned(ctx.store.get(collections.collection("dedicated_host.groups").table,
                                    (doc.get("group") or {}).get("id", "")))
    if group is not None and group.get("class") and group["class"] != entry["class"]:
        raise ApiError(400, "dedicated_host_profile_group_mismatch", f"Dedicated host profile {name} is of class "
                       f"{entry['class']}, the group {group['id']} of class {group['class']}", field("profile.name", name))
    vcpu = {"architecture": "amd64", "count": entry["vcpu"], "manufacturer": entry["vcpu_manufacturer"]}
    view = images.dedicated_host_profile(images.catalogue_of(ctx), ctx.region, name)
    doc.update(vcpu=vcpu, available_vcpu=dict(vcpu), memory=entry["memory"], available_memory=entry["memory"],
               socket_count=entry["socket_count"], supported_instance_profiles=view["supported_instance_profiles"])


def _dedicated_host_group_class(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A dedicated host group's `class` and `family` are those of a dedicated host profile
    (IBM's docs: the group's hosts and instances are of that family and class; the error code
    is the mock's)."""
    families = {entry["class"]: entry["family"] for entry in catalog.DEDICATED_HOST_PROFILES.values()}
    klass, family = doc.get("class"), doc.get("family")
    if families.get(klass) != family:
        raise ApiError(400, "dedicated_host_group_class_not_found", f"No dedicated host profile of class {klass} "
                       f"in family {family}; classes: {', '.join(sorted(families))}", field("class", klass))


# -- image export jobs ---------------------------------------------------------------------------

def _export_storage_href(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """Where an image export job writes: IBM's API reference gives `storage_href` as
    `cos://<region>/<bucket>/<object>` (the object named `<object>.<format>` is the mock's choice)."""
    bucket = (doc.get("storage_bucket") or {}).get("name")
    name = (doc.get("storage_object") or {}).get("name")
    if bucket and name:
        doc["storage_href"] = f"cos://{ctx.region}/{bucket}/{name}.{doc.get('format') or 'qcow2'}"


# -- a subnet's public gateway ---------------------------------------------------------------------

def check_same_vpc(ctx: Ctx, parent_c: Collection, parent: dict, name: str, kind, doc: dict) -> None:
    """A subnet's network ACL and routing table are of its own VPC (IBM's API refuses another's;
    the code is the mock's, on the pattern of `public_gateway_vpc_mismatch`)."""
    if parent_c.key != "subnets" or name not in ("network_acl", "routing_table"):
        return
    vpc_id = (doc.get("vpc") or {}).get("id") or (doc.get("_parent") if name == "routing_table" else None)
    if vpc_id != parent["vpc"]["id"]:
        raise ApiError(400, f"{name}_vpc_mismatch", f"{name.replace('_', ' ').capitalize()} {doc['id']} is not in "
                       f"the subnet's VPC {parent['vpc']['id']}", field(f"{name}.id", doc["id"]))


def check_subnet_public_gateway(ctx: Ctx, parent_c: Collection, subnet: dict, name: str, kind, gateway: dict) -> None:
    check_same_vpc(ctx, parent_c, subnet, name, kind, gateway)
    if parent_c.key != "subnets" or name != "public_gateway":
        return
    if gateway.get("vpc", {}).get("id") != subnet["vpc"]["id"]:
        raise ApiError(400, "public_gateway_vpc_mismatch", f"Public gateway {gateway['id']} is not in the subnet's "
                       f"VPC {subnet['vpc']['id']}", field("id", gateway["id"]))
    if gateway.get("zone", {}).get("name") != subnet["zone"]["name"]:
        raise ApiError(400, "public_gateway_zone_mismatch", f"Public gateway {gateway['id']} is in zone "
                       f"{gateway.get('zone', {}).get('name')}, the subnet in {subnet['zone']['name']}",
                       field("id", gateway["id"]))


# -- actions -----------------------------------------------------------------------------------------

# What an action (POST `/<collection>/{id}/<action>`) changes on its resource, as later reads show it.
ACTIONS = {"start": {"status": "running"}, "stop": {"status": "stopped"}, "restart": {"status": "running"},
           "activate": {"status": "active"}, "publish": {"published": True}, "unpublish": {"published": False},
           "deny": {"status": "denied"}, "permit": {"status": "permitted"}, "cancel": {"status": "canceled"},
           "disconnect": {"status": "disconnected"}}


# The property an action stamps with the instant it acts, where the model has it: a VPN client
# disconnected shows when (VPNServerClient `disconnected_at`).
ACTION_TIMES = {"disconnect": "disconnected_at"}


def action_times(ctx: Ctx, c: Collection, action: str) -> dict:
    name = ACTION_TIMES.get(action)
    if name is None or not c.model or models.schema_of(c.model, name) is None:
        return {}
    return {name: rfc3339(ctx.now)}


def action_changes(c: Collection, action: str) -> dict | None:
    """The changes `action` makes on a member of `c`, if the model has those properties (and
    those values in their enums); None: not an action the engine knows."""
    changes = ACTIONS.get(action)
    if changes is None or not c.model:
        return None
    for name, value in changes.items():
        schema = models.schema_of(c.model, name)
        if schema is None or (schema.get("enum") and value not in schema["enum"]):
            return None
    return changes


# -- the registry ---------------------------------------------------------------------------------

# -- Activity Tracker targets and routes (engine/platform/atracker/config.py) ----------------------

def _atracker(fill):
    return lambda ctx, c, doc, proto, builder=None: fill(ctx, doc, proto)


BEFORE_CREATE = {"public_gateways": _public_gateway_floating_ip, "load_balancers": _load_balancer_public_ips,
                 "api.v2.targets": _atracker(atracker.fill_target), "api.v2.routes": _atracker(atracker.fill_route)}
AFTER_CREATE = {"instance_groups": _memberships, "vpn_gateways": _vpn_members}
AFTER_UPDATE = {"instance_groups": _rescale, "api.v2.targets": atracker.refill_target_hook,
                "api.v2.routes": atracker.refill_route_hook}
OWNED = {"public_gateways": _owned_floating_ips}


def _interface_hook(name: str):
    """A hook of interfaces.py (imported when called: it calls resources, which imports this)."""
    def hook(*args):
        from vpcmock.engine.generic.vpc import interfaces
        return getattr(interfaces, name)(*args)
    return hook


def _bare_metal_initialization(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A bare metal server keeps the image and keys it was initialized with (GET
    /bare_metal_servers/{id}/initialization, operations.py): its model has no such property."""
    from vpcmock.engine.generic import operations
    doc["_initialization"] = operations.initialization_of(ctx, proto.get("initialization") or {}, "initialization.")
    bare_metal.hardware(ctx, c, doc, proto, builder)


BEFORE_CREATE["bare_metal_servers"] = _bare_metal_initialization
# A bare metal server's hardware and disks are its profile's, its PCI interfaces change while it
# is stopped, its primary ones go with it, floating IPs let go of what it takes away (bare_metal.py).
AFTER_CREATE["bare_metal_servers"] = bare_metal.made
AFTER_UPDATE["bare_metal_servers"] = bare_metal.patched
for _key in (bare_metal.DISKS, bare_metal.NICS, bare_metal.ATTACHMENTS):
    AFTER_UPDATE[_key] = bare_metal.member_renamed
BEFORE_DELETE = {bare_metal.NICS: bare_metal.refuse_primary, bare_metal.ATTACHMENTS: bare_metal.refuse_primary}
RELEASED = {key: bare_metal.bound_floating_ips for key in (bare_metal.SERVERS, bare_metal.NICS, bare_metal.ATTACHMENTS)}
BEFORE_CREATE["public_address_ranges"] = _public_address_range_cidr
BEFORE_CREATE["private_path_service_gateways"] = _private_path_vpc
BEFORE_CREATE["images.export_jobs"] = _export_storage_href
BEFORE_CREATE["dedicated_hosts"] = _dedicated_host_capacity
BEFORE_CREATE["dedicated_host.groups"] = _dedicated_host_group_class


# Resource Controller instances and keys named after their catalog service (resource_instances.py).
BEFORE_CREATE["v2.resource_instances"] = resource_instances.before_create
BEFORE_CREATE["v2.resource_keys"] = resource_instances.key_before_create
AFTER_UPDATE["v2.resource_instances"] = resource_instances.after_update
# An interface's primary IP is a reserved IP of its subnet targeting it, and an interface made
# without security groups is in its VPC's default one (interfaces.py).
for _key in ("virtual_network_interfaces", "instances.network_interfaces", "bare_metal_servers.network_interfaces"):
    AFTER_CREATE[_key] = _interface_hook("primary_ip_reserved")
    OWNED[_key] = _interface_hook("owned_reserved_ips")
    BEFORE_CREATE[_key] = _interface_hook("before_interface_create")
# A reserved IP asked for with an address holds it (interfaces.py).
BEFORE_CREATE["subnets.reserved_ips"] = _interface_hook("before_reserved_ip_create")
# A network attachment made on its own is a secondary one (the primary comes with its server);
# its interface made with it goes with it (interfaces.py).
for _key in ("instances.network_attachments", "bare_metal_servers.network_attachments"):
    DEFAULTS[_key] = {"type": "secondary"}
    OWNED[_key] = _interface_hook("attachment_interfaces")
AFTER_CREATE["instances.network_attachments"] = _interface_hook("represent_attachment")
BEFORE_CREATE["bare_metal_servers.network_attachments"] = bare_metal.before_interface
AFTER_CREATE["bare_metal_servers.network_attachments"] = bare_metal.represent
OWNED["bare_metal_servers.network_attachments"] = bare_metal.representation
# An interface made on its own is a secondary one (the primary comes with its server).
DEFAULTS[bare_metal.NICS] = {"type": "secondary"}


def _bare_metal_interface(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """A bare metal server's interface: in its VPC's default security group unless given
    (interfaces.py), then as its server allows (bare_metal.py)."""
    _interface_hook("before_interface_create")(ctx, c, doc, proto, builder)
    bare_metal.before_interface(ctx, c, doc, proto, builder)


BEFORE_CREATE[bare_metal.NICS] = _bare_metal_interface


def _attachments_only_with_attachments(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    """An instance uses network attachments or network interfaces, never both (the SDK's
    InstancePrototype: `primary_network_interface` "must not be specified" with
    `primary_network_attachment`): one made with interfaces gets no attachment."""
    from vpcmock.engine.generic.vpc import interfaces
    instance = doc.get("_parent", "")
    if not interfaces.instance_attachments(ctx, instance) and interfaces.instance_interfaces(ctx, instance):
        raise ApiError(409, "instance_network_interfaces_in_use", f"Instance {instance} uses network interfaces: "
                       "it cannot have network attachments")


BEFORE_CREATE["instances.network_attachments"] = _attachments_only_with_attachments

def _private_path_hook(name: str):
    """A hook of private_path_bindings.py (imported when called, as interfaces.py's)."""
    def hook(*args):
        from vpcmock.engine.generic.vpc import private_path_bindings
        return getattr(private_path_bindings, name)(*args)
    return hook


# An endpoint gateway targeting a private path service gateway is bound to it (private_path_bindings.py).
AFTER_CREATE["endpoint_gateways"] = _private_path_hook("bind")
OWNED["endpoint_gateways"] = _private_path_hook("owned")


def _host_disks(*args):
    """A dedicated host's disks, from its profile (host_disks.py)."""
    from vpcmock.engine.generic.vpc import host_disks
    host_disks.make(*args)


AFTER_CREATE["dedicated_hosts"] = _host_disks
AFTER_UPDATE["virtual_network_interfaces"] = _interface_hook("renamed_interface")
AFTER_UPDATE["instances.network_attachments"] = _interface_hook("rename_representation")
# IBM's API reference: `protocol_state_filtering_mode` defaults to `auto`.
DEFAULTS["virtual_network_interfaces"] = {"protocol_state_filtering_mode": "auto"}
# IBM's API reference: a reservation is made `inactive` and becomes `active` by
# POST /reservations/{id}/activate (ACTIONS above).
DEFAULTS["reservations"] = {"status": "inactive"}
# IBM's API reference (VPNServerPrototype): `port` 443, `protocol` udp, `client_idle_timeout` 600 s.
DEFAULTS["vpn_servers"] = {"port": 443, "protocol": "udp", "client_idle_timeout": 600}
# IBM's VPC API reference (IKEPolicyPrototype, IPsecPolicyPrototype; the IBM provider's
# ibm_is_ike_policy and ibm_is_ipsec_policy default the same): `key_lifetime` is 28800 s for an
# IKE policy and 3600 s for an IPsec policy when the client omits it.
DEFAULTS["ike_policies"] = {"key_lifetime": 28800}
DEFAULTS["ipsec_policies"] = {"key_lifetime": 3600}


def _cluster_hook(name: str):
    """A hook of cluster_networks.py (imported when called, as _interface_hook)."""
    def hook(*args):
        from vpcmock.engine.generic.vpc import cluster_networks
        return getattr(cluster_networks, name)(*args)
    return hook


# Cluster networks: a zone the profile offers, subnets with blocks from the network's prefixes,
# reserved IPs and interfaces with addresses from their subnet's block, instance attachments
# with their interfaces (cluster_networks.py).
AFTER_DELETE: dict = {}
COMPUTED_VIEW: dict = {}
BEFORE_CREATE["cluster_networks"] = _cluster_hook("before_network_create")
BEFORE_CREATE["cluster_networks.subnets"] = _cluster_hook("before_subnet_create")
COMPUTED_VIEW["cluster_networks.subnets"] = _cluster_hook("subnet_view")
BEFORE_CREATE["cluster_networks.subnets.reserved_ips"] = _cluster_hook("before_reserved_ip_create")
BEFORE_CREATE["cluster_networks.interfaces"] = _cluster_hook("before_interface_create")
AFTER_CREATE["cluster_networks.interfaces"] = _cluster_hook("after_interface_create")
AFTER_UPDATE["cluster_networks.interfaces"] = _cluster_hook("renamed_interface")
OWNED["cluster_networks.interfaces"] = _cluster_hook("owned_by_interface")
AFTER_DELETE["cluster_networks.interfaces"] = _cluster_hook("after_interface_delete")
BEFORE_CREATE["instances.cluster_network_attachments"] = _cluster_hook("before_attachment_create")
AFTER_CREATE["instances.cluster_network_attachments"] = _cluster_hook("after_attachment_create")
AFTER_UPDATE["instances.cluster_network_attachments"] = _cluster_hook("renamed_attachment")
OWNED["instances.cluster_network_attachments"] = _cluster_hook("owned_by_attachment")
AFTER_DELETE["instances.cluster_network_attachments"] = _cluster_hook("after_attachment_delete")
COMPUTED_VIEW["instances.cluster_network_attachments"] = _cluster_hook("attachment_view")


def after_delete(ctx: Ctx, c: Collection, doc: dict) -> None:
    hook = AFTER_DELETE.get(c.key)
    if hook:
        hook(ctx, c, doc)


def computed_view(ctx: Ctx, c: Collection, doc: dict, out: dict) -> None:
    """What an answer shows that is computed when it is read (a subnet's free addresses)."""
    hook = COMPUTED_VIEW.get(c.key)
    if hook:
        hook(ctx, c, doc, out)


def before_create(ctx: Ctx, c: Collection, doc: dict, proto: dict, builder) -> None:
    hook = BEFORE_CREATE.get(c.key)
    if hook:
        hook(ctx, c, doc, proto, builder)


def after_create(ctx: Ctx, c: Collection, doc: dict, proto: dict) -> None:
    hook = AFTER_CREATE.get(c.key)
    if hook:
        hook(ctx, c, doc, proto)


def after_update(ctx: Ctx, c: Collection, before: dict, after: dict, patch: dict) -> None:
    hook = AFTER_UPDATE.get(c.key)
    if hook:
        hook(ctx, c, before, after, patch)


def before_delete(ctx: Ctx, c: Collection, doc: dict) -> None:
    """A deletion refused for what the resource is (a bare metal server's primary interface)."""
    hook = BEFORE_DELETE.get(c.key)
    if hook:
        hook(ctx, c, doc)


def released(ctx: Ctx, c: Collection, doc: dict, inside: set[str]) -> list[tuple[Collection, dict, str]]:
    """What lets go of the resources a deletion takes away (`inside`) instead of holding them:
    (collection, document, the property naming one of them)."""
    hook = RELEASED.get(c.key)
    return hook(ctx, c, doc, inside) if hook else []


def owned(ctx: Ctx, c: Collection, doc: dict) -> list[tuple[Collection, dict]]:
    """What goes with `doc` when it is deleted, beside its sub-collections' members."""
    hook = OWNED.get(c.key)
    return hook(ctx, c, doc) if hook else []


def before_singleton(ctx: Ctx, parent_c: Collection, parent: dict, name: str, kind, doc: dict) -> None:
    check_subnet_public_gateway(ctx, parent_c, parent, name, kind, doc)
