"""Network interfaces of emulated resources, kept as the generic engine's documents so that the
generic API sees them: an emulated instance's primary network interface
(`/instances/{id}/network_interfaces/{nic}`, a floating IP's target, its `floating_ips`) and a
share mount target's virtual network interface (`/virtual_network_interfaces/{id}`, its `ips`,
its `target`).

The emulated engine calls these when it creates or deletes its resource (as it calls
vpc_defaults.py for a VPC's defaults); the documents keep the ids, names and addresses the
emulated resource shows. Each records its holder (`_held_by`: the emulated table and id), so
the generic engine refuses to delete it on its own (resources.delete): IBM's API refuses to
delete an instance's primary network interface, and a virtual network interface "required by
another resource, such as ... a share mount target" (the SDK's delete_virtual_network_interfaces).

Deleting the holder: "Any floating IPs associated with instance network interfaces are
implicitly disassociated" (the SDK's delete_instance), and a virtual network interface made
with its mount target (`auto_delete` true) is deleted with it, one given by id is kept with
its `target` removed.
"""

from __future__ import annotations

from vpcmock import api_table, ids, images
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import identity_id
from vpcmock.engine.generic import addresses, collections, models, references, relations, resources, validation
from vpcmock.engine.network import vpcs
from vpcmock.errors import ApiError, echo, field

NICS = "instances.network_interfaces"
VNIS = "virtual_network_interfaces"
RESERVED_IPS = "subnets.reserved_ips"


def _props(key: str) -> dict[str, dict]:
    body = api_table.operation(collections.collection(key).ops["create"])["body"]
    return models.properties(body["model"]) if body.get("model") else body["properties"]


def _default_groups(ctx: Ctx, vpc_id: str | None) -> list[dict]:
    """The VPC's default security group: what an interface made without groups is in (IBM's docs:
    "If unspecified, the VPC's default security group is used")."""
    vpc = ctx.owned(ctx.store.get("vpcs", vpc_id or ""))
    group = (vpc or {}).get("default_security_group") or {}
    c = collections.collection("security_groups")
    return [{"id": group["id"]}] if group.get("id") and ctx.owned(ctx.store.get(c.table, group["id"])) else []


def _ip_ref(subnet_ref: dict, ip: dict) -> dict:
    return {"address": ip["address"], "href": ip.get("href") or f"{subnet_ref['href']}/reserved_ips/{ip['id']}",
            "id": ip["id"], "name": ip["name"], "resource_type": "subnet_reserved_ip"}


def _hold(ctx: Ctx, c, doc: dict, fixed: dict, holder: tuple[str, str], *, reserve: bool = True,
          proto: dict | None = None) -> dict:
    new = {**doc, **fixed, "_held_by": list(holder)}
    new["_refs"] = sorted(resources.named_ids(new, new["id"]))
    ctx.store.put(c.table, new)
    if "primary_ip" in fixed and reserve:
        primary_ip_reserved(ctx, c, new, proto)
    return new


# -- an interface's primary IP as a reserved IP of its subnet ------------------------------------

def primary_ip_reserved(ctx: Ctx, c, doc: dict, proto: dict | None = None) -> None:
    """An interface's primary address is a reserved IP of its subnet whose `target` is the
    interface (as IBM's API shows it in `/subnets/{id}/reserved_ips` and in a virtual network
    interface's `ips`; `owner` "user"), deleted with the interface unless the prototype's
    `primary_ip.auto_delete` was false (then it stays, unbound: owned_reserved_ips). An existing
    reserved IP the interface was given is bound instead; when the interface goes it stays,
    unbound, unless its own `auto_delete` is true (owned_reserved_ips).
    Idempotent: called again once an emulated resource's interface has its own primary IP."""
    ip = doc.get("primary_ip") or {}
    subnet = ctx.owned(ctx.store.get("subnets", (doc.get("subnet") or {}).get("id", "")))
    if subnet is None or not ip.get("id"):
        return
    ip_proto = (proto or {}).get("primary_ip") or {}
    auto_delete = ip_proto.get("auto_delete", True) if isinstance(ip_proto, dict) else True
    ips_c = collections.collection(RESERVED_IPS)
    for _, old in _made_ips(ctx, c, doc):
        if old["id"] != ip["id"]:
            ctx.store.delete(ips_c.table, old["id"])
    target = references.project(ctx, doc, _target_leaf(doc.get("resource_type") or c.resource_type))
    existing = ctx.owned(ctx.store.get(ips_c.table, ip["id"]))
    if existing is not None:
        resources.store_change(ctx, ips_c, existing, {"target": target})
        return
    made = resources.create(ctx, ips_c, subnet, {"name": ip.get("name") or f"{doc.get('name')}-ip",
                                                   "address": ip["address"], "auto_delete": auto_delete,
                                                   _HELD: True}, _props(RESERVED_IPS), ident=ip["id"])
    # It holds its address too (`_ips`: engine/generic/addresses.py), so one kept after its
    # interface goes keeps the address taken.
    new = {**made, "target": target, "owner": "user", "_owner": doc["id"],
           "_held_by": [doc.get("resource_type") or c.singular, doc["id"]], "_ips": [[subnet["id"], ip["address"]]]}
    new["_refs"] = sorted(resources.named_ids(new, new["id"]))
    ctx.store.put(ips_c.table, new)
    addresses.holding(ips_c.table)


# Marks the prototype of a reserved IP made for an address its interface holds already (above):
# no request can carry it (a request body's unknown properties are refused: validation.py).
_HELD = "_address_held"


def before_reserved_ip_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """A reserved IP asked for with an `address` (POST /subnets/{id}/reserved_ips) gets that
    address and holds it (`_ips`: engine/generic/addresses.py), so nothing else in the subnet
    is given it. The SDK's create_subnet_reserved_ip: "If the provided prototype object includes
    an `address`, the address must not already be reserved"; one the subnet cannot give (outside
    its block, or one of the five it reserves) is refused as an interface's would be
    (vpcs.reserve_address: 400 `reserved_ip_address_invalid`, 409 `reserved_ip_address_in_use`,
    the mock's choice of codes; the reference names none)."""
    if proto.get("address") is None or proto.get(_HELD):
        return
    subnet = builder.parent if builder.parent is not None else ctx.owned(
        ctx.store.get("subnets", doc.get("_parent") or ""))
    if subnet is None:
        return
    address = vpcs.reserve_address(ctx, subnet, proto["address"], "address")
    doc["address"] = address
    builder.ips.append([subnet["id"], address])
    addresses.holding(c.table)


def _target_leaf(kind: str) -> str:
    for leaf in models.leaves("ReservedIPTarget"):
        if kind in (models.properties(leaf).get("resource_type") or {}).get("enum", ()):
            return leaf
    return "ReservedIPTarget"


def _made_ips(ctx: Ctx, c, doc: dict) -> list:
    """The reserved IPs made for `doc`'s primary address."""
    ips_c = collections.collection(RESERVED_IPS)
    subnet_id = (doc.get("subnet") or {}).get("id", "")
    return [(ips_c, ip) for ip in relations.children(ctx, ips_c, subnet_id).values() if ip.get("_owner") == doc["id"]]


def owned_reserved_ips(ctx: Ctx, c, doc: dict) -> list:
    """As `doc` goes: the reserved IPs of its primary address (made for it, or an existing one
    it was given, which targets it) that go with it. One with `auto_delete` false stays (IBM's
    ReservedIP.auto_delete: "Indicates whether this reserved IP member will be automatically
    deleted when either `target` is deleted, or the reserved IP is unbound"), unbound here."""
    going = []
    ips_c = collections.collection(RESERVED_IPS)
    subnet_id = (doc.get("subnet") or {}).get("id", "")
    bound = [(ips_c, ip) for ip in relations.children(ctx, ips_c, subnet_id).values()
             if ip.get("_owner") != doc["id"] and (ip.get("target") or {}).get("id") == doc["id"]]
    for ips_c, ip in _made_ips(ctx, c, doc) + bound:
        if ip.get("auto_delete") is False:
            kept = {key: value for key, value in ip.items() if key not in ("target", "_owner", "_held_by")}
            resources.store_change(ctx, ips_c, kept, {})
        else:
            going.append((ips_c, ip))
    return going


def before_interface_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """A virtual network interface is in a subnet: the one given, else the one of the reserved
    IP its `primary_ip` names (IBM: `subnet` is "required if `primary_ip` does not specify a
    reserved IP"); then its default security group."""
    if c.key == VNIS and not proto.get("subnet"):
        ip_id = ((proto.get("primary_ip") or {}).get("id") or
                 ((proto.get("primary_ip") or {}).get("href") or "").rstrip("/").rpartition("/")[2])
        reserved = ctx.owned(ctx.store.get(collections.collection(RESERVED_IPS).table, ip_id)) if ip_id else None
        subnet = ctx.owned(ctx.store.get("subnets", (reserved or {}).get("_parent", "")))
        if subnet is None:
            raise ApiError(400, "missing_field", "subnet: required unless primary_ip names a reserved IP",
                           field("subnet"))
        doc["subnet"] = references.project(ctx, subnet, "SubnetReference")
        doc["vpc"] = references.project(ctx, subnet["vpc"], "VPCReference")
        doc["zone"] = {k: v for k, v in subnet["zone"].items()}
    if c.key == VNIS and not proto.get(_HELD):
        _interface_primary_ip(ctx, c, doc, proto, builder)
    if c.key == NICS:
        _instance_interface(ctx, c, doc, proto, builder)
    default_security_groups(ctx, c, doc, proto, builder)


def _interface_primary_ip(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """A virtual network interface's `primary_ip` (the SDK's VirtualNetworkInterfacePrimaryIPPrototype)
    is a reserved IP of its subnet: one named by id or href, which "must be unbound" and of that
    subnet (404 `reserved_ip_not_found` and 409 `reserved_ip_in_use`, as an instance's interface
    refuses them: check_instance_interface; the reference names no code), or a new one with the
    `address` asked ("must be available on the virtual network interface's subnet":
    vpcs.reserve_address, 400 `reserved_ip_address_invalid` / 409 `reserved_ip_address_in_use`)
    or the subnet's next free one, named as asked or, unnamed, with the random words the builder
    gave it (the SDK: "a hyphenated list of randomly-selected words"). The interface holds the
    address (`_ips`); primary_ip_reserved then makes the reserved IP targeting it. With no
    `primary_ip` the builder made the whole reference already (documents.py)."""
    ip = proto.get("primary_ip")
    subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, (doc.get("subnet") or {}).get("id", "")))
    if not isinstance(ip, dict) or subnet is None:
        return
    if ip.get("id") or ip.get("href"):
        where = "primary_ip.id" if ip.get("id") else "primary_ip.href"
        ident = (doc.get("primary_ip") or {}).get("id") or identity_id(ip)
        reserved = ctx.owned(ctx.store.get(collections.collection(RESERVED_IPS).table, ident or ""))
        if reserved is None or reserved.get("_parent") != subnet["id"]:
            raise ApiError(404, "reserved_ip_not_found", f"Reserved IP {echo(ident)} not found in subnet "
                           f"{subnet['name']}", field(where, ip.get("id") or ip.get("href")))
        if reserved.get("target"):
            raise ApiError(409, "reserved_ip_in_use", f"Reserved IP {reserved['id']} is bound to "
                           f"{reserved['target'].get('resource_type')} {reserved['target'].get('id')}",
                           field(where, ip.get("id") or ip.get("href")))
        return
    shown = doc.get("primary_ip") or {}
    mine = {address for sid, address in builder.ips if sid == subnet["id"]}
    if ip.get("address") is not None:
        address = vpcs.reserve_address(ctx, subnet, ip["address"], "primary_ip.address")
    elif shown.get("address") in mine:  # the builder took it in this subnet
        address = shown["address"]
    else:  # (the builder, not seeing the subnet yet, gave no address of it)
        address = vpcs.allocate_address(ctx, subnet, also_taken=mine)
    if [subnet["id"], address] not in builder.ips:
        builder.ips.append([subnet["id"], address])
        addresses.holding(c.table)
    ident = ids.new_id(ctx.region)
    doc["primary_ip"] = {"address": address, "href": f"{subnet['href']}/reserved_ips/{ident}", "id": ident,
                         "name": ip.get("name") or shown.get("name") or f"{doc.get('name')}-ip-1",
                         "resource_type": "subnet_reserved_ip"}


def default_security_groups(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """An interface made without `security_groups` is in its VPC's default security group."""
    if proto.get("security_groups") is not None or "security_groups" not in doc:
        return
    vpc_id = (doc.get("vpc") or {}).get("id")
    if vpc_id is None:
        subnet = ctx.owned(ctx.store.get("subnets", (doc.get("subnet") or {}).get("id", "")))
        vpc_id = (subnet or {}).get("vpc", {}).get("id")
    groups_c = collections.collection("security_groups")
    found = [ctx.owned(ctx.store.get(groups_c.table, ident["id"])) for ident in _default_groups(ctx, vpc_id)]
    doc["security_groups"] = [references.project(ctx, group, "SecurityGroupReference") for group in found if group]


def attachment_interfaces(ctx: Ctx, c, doc: dict) -> list:
    """Deleting a network attachment: its interface goes with it when `auto_delete`, else it
    stays, no longer targeting it."""
    vnis = collections.collection(VNIS)
    ref = doc.get("virtual_network_interface") or {}
    vni = ctx.owned(ctx.store.get(vnis.table, ref.get("id", "")))
    shown = _representation(ctx, doc) if c.key == ATTACHMENTS else []
    if vni is None or (vni.get("target") or {}).get("id") != doc["id"]:
        return shown
    if vni.get("auto_delete"):
        return shown + [(vnis, vni)] + owned_reserved_ips(ctx, vnis, vni)
    resources.store_change(ctx, vnis, {k: v for k, v in vni.items() if k != "target"}, {})
    return shown


# -- an emulated instance's primary network interface ------------------------------------------

def add_instance_interface(ctx: Ctx, instance: dict, nic_view: dict, security_groups: list[dict] | None = None,
                           where: str = "primary_network_interface") -> dict | None:
    """The generic document of `instance`'s primary network interface, as `nic_view` (the
    instance's `primary_network_interface`) shows it, in `security_groups` (identities checked
    by check_security_groups; the VPC's default one when None). None for an instance without a
    subnet."""
    subnet = ctx.owned(ctx.store.get("subnets", (nic_view.get("subnet") or {}).get("id", "")))
    if subnet is None:
        return None
    c = collections.collection(NICS)
    groups = _default_groups(ctx, subnet["vpc"]["id"]) if security_groups is None else security_groups
    proto = {"name": nic_view["name"], "subnet": {"id": subnet["id"]},
             "allow_ip_spoofing": bool(nic_view.get("allow_ip_spoofing")),
             "primary_ip": {"address": nic_view["primary_ip"]["address"],
                            "auto_delete": (instance.get("_nic") or {}).get("auto_delete", True)},
             "security_groups": groups}
    doc = resources.create(ctx, c, instance, proto, _props(NICS), ident=nic_view["id"], path=where)
    return _hold(ctx, c, doc, {"primary_ip": _ip_ref(nic_view["subnet"], nic_view["primary_ip"]),
                               "type": "primary", "status": "available", "port_speed": 1000},
                 ("instances", instance["id"]), proto=proto)


# -- an emulated instance's secondary network interfaces ----------------------------------------
#
# Made with the instance (its prototype's `network_interfaces`) or later through
# POST /instances/{id}/network_interfaces: either way a generic document of NICS under the
# instance, checked here against the instance (its VPC, its zone, its profile's interface
# count) and given its own primary IP (a reserved IP of its subnet).

def add_secondary_interface(ctx: Ctx, instance: dict, proto: dict, where: str) -> dict:
    """A secondary network interface of `instance` made from `proto` (a NetworkInterfacePrototype)
    at `where` in the request (`network_interfaces[1]`), for errors."""
    check_instance_interface(ctx, instance, proto, where + ".")
    return resources.create(ctx, collections.collection(NICS), instance, proto, _props(NICS), path=where)


def interface_limit(ctx: Ctx, profile_name: str) -> int | None:
    """How many network interfaces an instance of the profile may have, the primary included
    (the profile's `network_interface_count` maximum); None for a profile the catalogue no
    longer has."""
    catalogue = images.catalogue_of(ctx)
    if profile_name not in catalogue.profiles:
        return None
    return images.profile(catalogue, ctx.region, profile_name)["network_interface_count"]["max"]


def check_security_groups(ctx: Ctx, vpc_id: str, groups: list[dict], where: str) -> None:
    """Each security group an interface names exists (404 `security_group_not_found`) and is one
    of the interface's VPC (400 `security_group_vpc_mismatch`: IBM's docs say an interface's
    security groups are its VPC's, "The security groups must be in the same VPC"; the code is
    the mock's choice)."""
    table = collections.collection("security_groups").table
    for index, identity in enumerate(groups):
        path = f"{where}security_groups[{index}].id"
        ident = identity_id(identity or {})
        group = ctx.owned(ctx.store.get(table, ident)) if ident else None
        if group is None:
            raise references.not_found("security_group", path, ident)
        if (group.get("vpc") or {}).get("id") != vpc_id:
            raise ApiError(400, "security_group_vpc_mismatch", f"{path}: security group {group['name']} is not in "
                           f"the instance's VPC", field(path, ident))


def check_instance_interface(ctx: Ctx, instance: dict, proto: dict, where: str) -> dict:
    """A secondary interface's prototype checked against `instance`: its subnet exists (404)
    and is in the instance's zone and VPC (400, the codes of the primary's checks:
    instances.py), its primary IP is an address the subnet can give or a free reserved IP of
    that subnet, its security groups are the VPC's, and the instance's profile takes one more
    interface (409 `instance_network_interfaces_too_many` when it is added to an instance that
    has its profile's maximum: the reference names no code; the mock's choice). Returns the
    subnet."""
    subnet_id = identity_id(proto.get("subnet") or {})
    subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, subnet_id)) if subnet_id else None
    if subnet is None:
        raise ApiError(404, "subnet_not_found", f"Subnet {echo(subnet_id)} not found", field(f"{where}subnet.id",
                                                                                            subnet_id))
    zone = instance["zone"]["name"]
    if subnet["zone"]["name"] != zone:
        raise ApiError(400, "subnet_zone_mismatch", f"Subnet {subnet['name']} is in zone {subnet['zone']['name']}, "
                       f"not the instance's zone {zone}", field(f"{where}subnet.id", subnet_id))
    if subnet["vpc"]["id"] != (instance.get("vpc") or {}).get("id"):
        raise ApiError(400, "vpc_subnet_mismatch", f"Subnet {subnet['name']} is not in the instance's VPC "
                       f"{(instance.get('vpc') or {}).get('name')}", field(f"{where}subnet.id", subnet_id))
    ip = proto.get("primary_ip") or {}
    if ip.get("id") or ip.get("href"):
        reserved = ctx.owned(ctx.store.get(collections.collection(RESERVED_IPS).table, identity_id(ip)))
        if reserved is None or reserved.get("_parent") != subnet["id"]:
            raise ApiError(404, "reserved_ip_not_found", f"Reserved IP {echo(identity_id(ip))} not found in subnet "
                           f"{subnet['name']}", field(f"{where}primary_ip.id", identity_id(ip)))
        if reserved.get("target"):
            raise ApiError(409, "reserved_ip_in_use", f"Reserved IP {reserved['id']} is bound to "
                           f"{reserved['target'].get('resource_type')} {reserved['target'].get('id')}",
                           field(f"{where}primary_ip.id", reserved["id"]))
    elif ip.get("address") is not None:
        vpcs.reserve_address(ctx, subnet, ip["address"], f"{where}primary_ip.address")
    check_security_groups(ctx, subnet["vpc"]["id"], proto.get("security_groups") or [], where)
    limit = interface_limit(ctx, instance["profile"]["name"])
    if limit is not None and len(instance_interfaces(ctx, instance["id"])) >= limit:
        raise ApiError(409, "instance_network_interfaces_too_many", f"Instance {instance['name']} has the "
                       f"{limit} network interfaces its profile {instance['profile']['name']} allows")
    return subnet


def _instance_interface(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """An instance's secondary interface (one the emulated engine's primary is not, nor an
    attachment's representation): checked against its instance, shown as `secondary`, its primary
    IP a reserved IP of its own (an address given is taken as this interface's; a reserved IP
    named keeps its own id and name)."""
    instance = ctx.owned(ctx.store.get("instances", doc.get("_parent") or ""))
    if instance is None or doc["id"] == (instance.get("_nic") or {}).get("id") \
            or instance_attachments(ctx, instance["id"]):
        return
    subnet = check_instance_interface(ctx, instance, proto, "")
    doc["type"], doc["status"], doc["port_speed"] = "secondary", "available", 1000  # as the primary's (_hold)
    ip = proto.get("primary_ip") or {}
    if not ip or ip.get("id") or ip.get("href"):
        return  # the builder made or resolved it
    address = doc["primary_ip"]["address"]
    if ip.get("address") is not None:  # the builder took no address for it: this interface holds it
        builder.ips.append([subnet["id"], address])
        addresses.holding(c.table)
    ident = ids.new_id(ctx.region)
    doc["primary_ip"] = {"address": address, "href": f"{subnet['href']}/reserved_ips/{ident}", "id": ident,
                         "name": ip.get("name") or f"{doc['name']}-ip-1", "resource_type": "subnet_reserved_ip"}


ATTACHMENTS = "instances.network_attachments"
_ATTACHMENT_MODEL = "InstanceNetworkAttachmentPrototype"


def attachment_vpc(ctx: Ctx, proto: dict, zone: str, where: str) -> dict:
    """The VPC (reference) an instance's primary network attachment puts it in: its interface's
    subnet's, the subnet in the instance's zone. The prototype is checked against the table."""
    validation.obj(proto, _ATTACHMENT_MODEL, where)
    interface = proto["virtual_network_interface"]
    if any(key in interface for key in ("id", "crn", "href")):
        _, vni = references.resolve(ctx, "VirtualNetworkInterfaceIdentity", interface,
                                    f"{where}.virtual_network_interface")
        if vni.get("target"):
            raise ApiError(409, "virtual_network_interface_in_use", f"Virtual network interface {vni['id']} already "
                           f"targets {vni['target'].get('resource_type')} {vni['target'].get('id')}",
                           field(f"{where}.virtual_network_interface.id", vni["id"]))
        subnet_ref = vni["subnet"]
    else:
        subnet_ref = interface.get("subnet") or {}
        if not subnet_ref:
            raise ApiError(400, "missing_field", f"{where}.virtual_network_interface.subnet: a new interface names "
                           "its subnet", field(f"{where}.virtual_network_interface.subnet"))
    _, subnet = references.resolve(ctx, "SubnetIdentity", subnet_ref, f"{where}.virtual_network_interface.subnet")
    if subnet["zone"]["name"] != zone:
        raise ApiError(400, "subnet_zone_mismatch", f"Subnet {subnet['name']} is in zone {subnet['zone']['name']}, "
                       f"not {zone}", field(f"{where}.virtual_network_interface.subnet.id", subnet["id"]))
    return subnet["vpc"]


def add_instance_attachments(ctx: Ctx, instance: dict, primary: dict, others: list[dict]) -> None:
    """An instance's network attachments, made as the generic engine's (each with its interface,
    made or named): the primary one held by the instance (deleted with it, never alone)."""
    c = collections.collection(ATTACHMENTS)
    for index, proto in enumerate([primary] + list(others)):
        where = "primary_network_attachment" if index == 0 else f"network_attachments[{index - 1}]"
        if index:
            attachment_vpc(ctx, proto, instance["zone"]["name"], where)
        existing = proto["virtual_network_interface"]
        doc = resources.create(ctx, c, instance, proto, models.properties(_ATTACHMENT_MODEL), path=where)
        if any(key in existing for key in ("id", "crn", "href")):  # a named interface now targets it
            vnis = collections.collection(VNIS)
            vni = ctx.owned(ctx.store.get(vnis.table, doc["virtual_network_interface"]["id"]))
            leaf = _target_leaf_of(VNIS, "instance_network_attachment")
            resources.store_change(ctx, vnis, vni, {"target": references.project(ctx, doc, leaf)})
        if index == 0:
            _hold(ctx, c, doc, {"type": "primary"}, ("instances", instance["id"]))
            nics = collections.collection(NICS)
            shown = ctx.owned(ctx.store.get(nics.table, doc["id"]))  # its interface representation
            if shown is not None:
                ctx.store.put(nics.table, {**shown, "type": "primary"})


def _target_leaf_of(key: str, kind: str) -> str:
    model = models.properties(collections.collection(key).model)["target"]["model"]
    for leaf in models.leaves(model):
        if kind in (models.properties(leaf).get("resource_type") or {}).get("enum", ()):
            return leaf
    return model


def instance_attachments(ctx: Ctx, instance_id: str) -> list[dict]:
    return list(relations.children(ctx, collections.collection(ATTACHMENTS), instance_id).values())


def instance_interfaces(ctx: Ctx, instance_id: str) -> list[dict]:
    return list(relations.children(ctx, collections.collection(NICS), instance_id).values())


def release_instance(ctx: Ctx, instance: dict) -> None:
    """Before `instance` is deleted: its floating IPs are disassociated, its network attachments
    deleted (an attachment's interface with it when `auto_delete`), then its interfaces."""
    nics = collections.collection(NICS)
    attachments = instance_attachments(ctx, instance["id"])
    gone = {doc["id"] for doc in instance_interfaces(ctx, instance["id"])} | {
        (doc.get("virtual_network_interface") or {}).get("id") for doc in attachments}
    fips = collections.collection("floating_ips")
    for fip in list(ctx.partition(fips.table).values()):
        if (fip.get("target") or {}).get("id") in gone:
            kept = {key: value for key, value in fip.items() if key != "target"}
            resources.store_change(ctx, fips, kept, {})
    attachments_c = collections.collection(ATTACHMENTS)
    for doc in attachments:
        resources.delete(ctx, attachments_c, {k: v for k, v in doc.items() if k != "_held_by"})
    for doc in instance_interfaces(ctx, instance["id"]):
        for ips_c, ip in owned_reserved_ips(ctx, nics, doc):
            ctx.store.delete(ips_c.table, ip["id"])
        ctx.store.delete(nics.table, doc["id"])


# -- an instance network attachment's network interface representation -------------------------

def represent_attachment(ctx: Ctx, c, doc: dict, proto: dict | None = None) -> None:
    """An instance on network attachments shows each as a read-only network interface ("a
    read-only representation of its corresponding network attachment and its attached virtual
    network interface", the SDK's Instance.network_interfaces), served under
    /instances/{id}/network_interfaces/{attachment id}: a document held by the attachment, its
    primary IP the interface's own (not bound anew)."""
    if c.key != ATTACHMENTS or not doc.get("_parent"):
        return
    instance = ctx.owned(ctx.store.get("instances", doc["_parent"]))
    subnet = ctx.owned(ctx.store.get("subnets", (doc.get("subnet") or {}).get("id", "")))
    if instance is None or subnet is None:  # (an interface made with no subnet has nothing to show)
        return
    nics = collections.collection(NICS)
    vni = ctx.owned(ctx.store.get(collections.collection(VNIS).table,
                                  (doc.get("virtual_network_interface") or {}).get("id", ""))) or {}
    proto = {"name": doc["name"], "subnet": {"id": doc["subnet"]["id"]},
             "allow_ip_spoofing": bool(vni.get("allow_ip_spoofing")),
             "primary_ip": {"address": doc["primary_ip"]["address"]},
             "security_groups": [{"id": g["id"]} for g in vni.get("security_groups") or []]}
    made = resources.create(ctx, nics, instance, proto, _props(NICS), ident=doc["id"])
    for ips_c, ip in _made_ips(ctx, nics, made):
        ctx.store.delete(ips_c.table, ip["id"])
    _hold(ctx, nics, made, {"primary_ip": doc["primary_ip"], "type": doc.get("type") or "secondary",
                            "status": "available", "port_speed": 1000}, (ATTACHMENTS, doc["id"]), reserve=False)


def rename_representation(ctx: Ctx, c, before: dict, after: dict, patch: dict) -> None:
    nics = collections.collection(NICS)
    found = ctx.owned(ctx.store.get(nics.table, after["id"]))
    if found is not None and "name" in patch and found.get("_held_by", [None])[0] == ATTACHMENTS:
        ctx.store.put(nics.table, {**found, "name": after["name"]})


def _representation(ctx: Ctx, doc: dict) -> list:
    nics = collections.collection(NICS)
    found = ctx.owned(ctx.store.get(nics.table, doc["id"]))
    return [(nics, found)] if found is not None and found.get("_held_by", [None])[0] == ATTACHMENTS else []


# -- a share mount target's virtual network interface ------------------------------------------

def add_mount_target_interface(ctx: Ctx, share: dict, target: dict, subnet: dict, *, made: bool,
                               settings: dict, where: str) -> dict:
    """The generic document of `target`'s virtual network interface: made with the mount target
    (`made`, with the interface's own `settings`: security groups, `auto_delete`,
    `protocol_state_filtering_mode`..., checked against the table's model), or an existing one
    (generic) now targeting it. `where`: the interface's place in the request, for errors."""
    c = collections.collection(VNIS)
    props = _props(VNIS)
    ref = target["virtual_network_interface"]
    if not made and settings:  # ShareMountTargetVirtualNetworkInterfacePrototype: an identity carries no settings
        name = sorted(settings)[0]
        raise ApiError(400, "bad_field", f"{where}.{name}: an existing virtual network interface is named by id, "
                       "crn or href alone", field(f"{where}.{name}"))
    answered = models.properties(collections.collection(VNIS).model)
    for name, value in settings.items():
        # The SDK's spread create arguments carry no enums; the answer's model does.
        enum = (answered.get(name) or {}).get("enum")
        validation.check(value, {**props[name], **({"enum": enum} if enum else {})}, f"{where}.{name}")
    target_ref = references.project(ctx, {**target, "resource_type": "share_mount_target"},
                                     "VirtualNetworkInterfaceTarget")
    existing = ctx.owned(ctx.store.get(c.table, ref["id"]))
    if existing is not None:
        if existing.get("target"):
            raise ApiError(409, "virtual_network_interface_in_use", f"Virtual network interface {ref['id']} already "
                           f"targets {existing['target'].get('resource_type')} {existing['target'].get('id')}",
                           field(f"{where}.id", ref["id"]))
        return _hold(ctx, c, existing, {"target": target_ref}, ("shares", share["id"]))
    if not made:
        return {}  # an interface Terraform keeps as a stored resource: nothing generic to show
    # A mount target's new interface is deleted with it unless asked otherwise (the SDK's
    # ShareMountTargetVirtualNetworkInterfacePrototype: `auto_delete` defaults to true).
    # `_HELD`: the mount target holds this address already (engine/file_storage), so the interface
    # does not take it again (_interface_primary_ip); _hold binds its reserved IP.
    proto = {"auto_delete": True, "security_groups": _default_groups(ctx, subnet["vpc"]["id"]), **settings,
             "name": ref["name"], "subnet": {"id": subnet["id"]},
             "primary_ip": {"address": target["primary_ip"]["address"]}, _HELD: True}
    if proto.get("ips"):
        raise ApiError(400, "bad_field", f"{where}.ips: a mount target's interface takes no secondary addresses",
                       field(f"{where}.ips"))  # the mock's choice: a mount target serves on its primary IP
    doc = resources.create(ctx, c, None, proto, props, ident=ref["id"], path=where)
    primary = _ip_ref(target["subnet"], target["primary_ip"])
    return _hold(ctx, c, doc, {"primary_ip": primary, "ips": [primary], "target": target_ref,
                               "crn": ref["crn"], "lifecycle_state": "stable"}, ("shares", share["id"]))


def renamed_interface(ctx: Ctx, c, before: dict, after: dict, patch: dict) -> None:
    """A mount target's interface renamed through /virtual_network_interfaces: the mount target
    shows the new name (its share's document holds the reference)."""
    held = after.get("_held_by") or []
    if c.key != VNIS or "name" not in patch or not held or held[0] != "shares":
        return
    share = ctx.owned(ctx.store.get("shares", held[1]))
    if share is None:
        return
    targets = [{**t, "virtual_network_interface": {**t["virtual_network_interface"], "name": after["name"]}}
               if (t.get("virtual_network_interface") or {}).get("id") == after["id"] else t
               for t in share.get("mount_targets") or []]
    ctx.store.put("shares", {**share, "mount_targets": targets})


def rename_mount_target(ctx: Ctx, target: dict) -> None:
    """The interface's `target` shows the mount target's new name."""
    c = collections.collection(VNIS)
    doc = ctx.owned(ctx.store.get(c.table, (target.get("virtual_network_interface") or {}).get("id", "")))
    if doc is not None and (doc.get("target") or {}).get("id") == target["id"]:
        ctx.store.put(c.table, {**doc, "target": {**doc["target"], "name": target["name"]}})


def release_mount_target(ctx: Ctx, target: dict) -> None:
    """Before `target` is deleted: its interface goes with it when it was made with it
    (`auto_delete`), else it stays with no target."""
    c = collections.collection(VNIS)
    doc = ctx.owned(ctx.store.get(c.table, (target.get("virtual_network_interface") or {}).get("id", "")))
    if doc is None or (doc.get("target") or {}).get("id") != target["id"]:
        return
    if doc.get("auto_delete"):
        for ips_c, ip in owned_reserved_ips(ctx, c, doc):
            ctx.store.delete(ips_c.table, ip["id"])
        ctx.store.delete(c.table, doc["id"])
        return
    kept = {key: value for key, value in doc.items() if key not in ("target", "_held_by")}
    resources.store_change(ctx, c, kept, {})


def holder_of(doc: dict) -> tuple[str, str] | None:
    held = doc.get("_held_by")
    return (held[0], held[1]) if held else None


def refuse_text(c, doc: dict) -> str:
    table, ident = holder_of(doc)
    kind = {"instances": "instance", "shares": "share"}.get(table, table).replace("_", " ")
    return (f"{c.singular.replace('_', ' ').capitalize()} {doc['id']} belongs to {kind} {ident}; it is deleted "
            f"with what holds it")
