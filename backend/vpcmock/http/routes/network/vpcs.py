"""/vpcs, /vpcs/{id}/address_prefixes and /subnets (engine/network/vpcs.py)."""

from flask import request
from marshmallow.fields import Raw

from vpcmock.engine.core.listing import paginate
from vpcmock.engine.network import vpcs
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, respond, respond_all, respond_empty,
                                 respond_page, transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas.backup_policies import ById, ByName
from vpcmock.http.schemas.storage import AnyIdentity
from vpcmock.http.schemas.base import Bool, Int, ListOf, Obj, RequestSchema, Str, load, name_rule, one_of
from vpcmock.http.schemas import network as shapes


class DnsServerPrototype(RequestSchema):
    address = Str(required=True)
    zone_affinity = Obj(ByName)


class DnsResolverPrototype(RequestSchema):
    """VPCDNSResolverPrototype: system, or manual with its servers (a VPC delegates by update)."""
    type = Str(validate=one_of("vpc_dns_resolver_type_invalid", ("manual", "system")))
    manual_servers = ListOf(Obj(DnsServerPrototype))


class DnsPrototype(RequestSchema):
    enable_hub = Bool()
    resolver = Obj(DnsResolverPrototype)


class DnsResolverPatch(RequestSchema):
    """VPCDNSResolverPatch: `manual_servers` and `vpc` may be null (leaving manual, delegated)."""
    type = Str(validate=one_of("vpc_dns_resolver_type_invalid", ("delegated", "manual", "system")))
    manual_servers = ListOf(Obj(DnsServerPrototype), allow_none=True)
    vpc = Obj(AnyIdentity, allow_none=True)


class DnsPatch(RequestSchema):
    enable_hub = Bool()
    resolver = Obj(DnsResolverPatch)


class VpcPrototype(RequestSchema):
    name = Str(validate=name_rule("vpc_name_invalid"))
    address_prefix_management = Str()
    classic_access = Bool()
    resource_group = Obj(ById)
    dns = Obj(DnsPrototype)


class NamePatch(RequestSchema):
    name = Str(validate=name_rule("name_invalid"))


class VpcPatch(NamePatch):
    dns = Obj(DnsPatch)


class BindingPrototype(RequestSchema):
    name = Str(validate=name_rule("vpc_dns_resolution_binding_name_invalid"))
    vpc = Obj(AnyIdentity, required=True)


class SubnetPatch(NamePatch):
    # Checked against the table's identity models and applied by the generic engine's singletons
    # (engine/network/vpcs.py LINKS); null unsets the public gateway.
    network_acl = Raw(allow_none=True)
    public_gateway = Raw(allow_none=True)
    routing_table = Raw(allow_none=True)


class PrefixPrototype(RequestSchema):
    name = Str(validate=name_rule("address_prefix_name_invalid"))
    cidr = Str(required=True)
    zone = Obj(ByName, required=True)
    is_default = Bool()


class PrefixPatch(RequestSchema):
    name = Str(validate=name_rule("address_prefix_name_invalid"))
    is_default = Bool()


class SubnetPrototype(RequestSchema):
    network_acl = Raw()  # as SubnetPatch's
    public_gateway = Raw()
    routing_table = Raw()
    name = Str(validate=name_rule("subnet_name_invalid"))
    vpc = Obj(AnyIdentity, required=True)
    zone = Obj(ByName, required=True)
    ipv4_cidr_block = Str()
    total_ipv4_address_count = Int()
    ip_version = Str()
    resource_group = Obj(ById)


VPC, VPC_PATCH, PREFIX, PREFIX_PATCH, SUBNET = (VpcPrototype(), VpcPatch(), PrefixPrototype(), PrefixPatch(),
                                                 SubnetPrototype())
SUBNET_PATCH = SubnetPatch()
BINDING, BINDING_PATCH = BindingPrototype(), NamePatch()


def _page(table: str, match=None, present=None):
    c = ctx()
    page = paginate(c.partition(table), match=match, **page_args())
    page.items = [present(d) if present else vpcs.present(d, c) for d in page.items]
    return page


@api.get("/vpcs")
@transactional
def list_vpcs():
    """List all VPCs."""
    group = request.args.get("resource_group.id")
    return respond_page(_page(vpcs.VPCS, (lambda v: v["resource_group"]["id"] == group) if group else None),
                        "vpcs", shapes.VPC)


@api.post("/vpcs")
@transactional
def create_vpc():
    """Create a VPC."""
    c = ctx()
    vpc = vpcs.create_vpc(c, load(VPC, json_body()))
    return respond(vpcs.present(vpc, c), shapes.VPC, 201, vpc["_etag"])


@api.get("/vpcs/<ident>")
@transactional
def get_vpc(ident):
    """Retrieve a VPC."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    return respond(vpcs.present(vpc, c), shapes.VPC, 200, vpc["_etag"])


@api.patch("/vpcs/<ident>")
@transactional
def update_vpc(ident):
    """Update a VPC."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    check_if_match(vpc)
    vpc = vpcs.update_vpc(c, vpc, load(VPC_PATCH, json_body()))
    return respond(vpcs.present(vpc, c), shapes.VPC, 200, vpc["_etag"])


@api.delete("/vpcs/<ident>")
@transactional
def delete_vpc(ident):
    """Delete a VPC."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    check_if_match(vpc)
    vpcs.delete_vpc(c, vpc)
    return respond_empty(204)


@api.get("/vpcs/<ident>/dns_resolution_bindings")
@transactional
def list_bindings(ident):
    """List all DNS resolution bindings for a VPC."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    page = paginate({b["id"]: b for b in vpcs.bindings_of(c, vpc)}, **page_args())
    page.items = [vpcs.present_binding(c, b) for b in page.items]
    return respond_page(page, "dns_resolution_bindings", shapes.DNS_RESOLUTION_BINDING)


@api.post("/vpcs/<ident>/dns_resolution_bindings")
@transactional
def create_binding(ident):
    """Create a DNS resolution binding."""
    c = ctx()
    binding = vpcs.create_binding(c, vpcs.get_vpc(c, ident), load(BINDING, json_body()))
    return respond(vpcs.present_binding(c, binding), shapes.DNS_RESOLUTION_BINDING, 201, binding["_etag"])


@api.get("/vpcs/<ident>/dns_resolution_bindings/<binding_id>")
@transactional
def get_binding(ident, binding_id):
    """Retrieve a DNS resolution binding."""
    c = ctx()
    binding = vpcs.get_binding(c, vpcs.get_vpc(c, ident), binding_id)
    return respond(vpcs.present_binding(c, binding), shapes.DNS_RESOLUTION_BINDING, 200, binding["_etag"])


@api.patch("/vpcs/<ident>/dns_resolution_bindings/<binding_id>")
@transactional
def update_binding(ident, binding_id):
    """Update a DNS resolution binding."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    binding = vpcs.get_binding(c, vpc, binding_id)
    patch = load(BINDING_PATCH, json_body())
    if "name" in patch:
        binding = vpcs.rename_binding(c, vpc, binding, patch["name"])
    return respond(vpcs.present_binding(c, binding), shapes.DNS_RESOLUTION_BINDING, 200, binding["_etag"])


@api.delete("/vpcs/<ident>/dns_resolution_bindings/<binding_id>")
@transactional
def delete_binding(ident, binding_id):
    """Delete a DNS resolution binding."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    binding = vpcs.get_binding(c, vpc, binding_id)
    vpcs.delete_binding(c, vpc, binding)
    return respond({**vpcs.present_binding(c, binding), "lifecycle_state": "deleting"},
                   shapes.DNS_RESOLUTION_BINDING, 202)


@api.get("/vpcs/<ident>/address_prefixes")
@transactional
def list_prefixes(ident):
    """List all address prefixes of a VPC."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    found = [vpcs.present_prefix(c, vpc, p) for p in vpcs.prefixes_of(c, vpc)]
    return respond_all(found, "address_prefixes", shapes.ADDRESS_PREFIX)


@api.post("/vpcs/<ident>/address_prefixes")
@transactional
def create_prefix(ident):
    """Create an address prefix for a VPC."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    prefix = vpcs.create_prefix(c, vpc, load(PREFIX, json_body()))
    return respond(vpcs.present_prefix(c, vpc, prefix), shapes.ADDRESS_PREFIX, 201)


@api.get("/vpcs/<ident>/address_prefixes/<prefix_id>")
@transactional
def get_prefix(ident, prefix_id):
    """Retrieve an address prefix."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    return respond(vpcs.present_prefix(c, vpc, vpcs.get_prefix(c, vpc, prefix_id)), shapes.ADDRESS_PREFIX, 200)


@api.patch("/vpcs/<ident>/address_prefixes/<prefix_id>")
@transactional
def update_prefix(ident, prefix_id):
    """Update an address prefix."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    prefix = vpcs.update_prefix(c, vpc, vpcs.get_prefix(c, vpc, prefix_id), load(PREFIX_PATCH, json_body()))
    return respond(vpcs.present_prefix(c, vpc, prefix), shapes.ADDRESS_PREFIX, 200)


@api.delete("/vpcs/<ident>/address_prefixes/<prefix_id>")
@transactional
def delete_prefix(ident, prefix_id):
    """Delete an address prefix."""
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    vpcs.delete_prefix(c, vpc, vpcs.get_prefix(c, vpc, prefix_id))
    return respond_empty(204)


@api.get("/subnets")
@transactional
def list_subnets():
    """List all subnets."""
    vpc_id, zone = request.args.get("vpc.id"), request.args.get("zone.name")
    c = ctx()
    page = _page(vpcs.SUBNETS, lambda s: (vpc_id is None or s["vpc"]["id"] == vpc_id)
                 and (zone is None or s["zone"]["name"] == zone), present=lambda d: vpcs.present_subnet(c, d))
    return respond_page(page, "subnets", shapes.SUBNET)


@api.post("/subnets")
@transactional
def create_subnet():
    """Create a subnet."""
    c = ctx()
    subnet = vpcs.create_subnet(c, load(SUBNET, json_body()))
    return respond(vpcs.present_subnet(c, subnet), shapes.SUBNET, 201, subnet["_etag"])


@api.get("/subnets/<ident>")
@transactional
def get_subnet(ident):
    """Retrieve a subnet."""
    c = ctx()
    subnet = vpcs.get_subnet(c, ident)
    return respond(vpcs.present_subnet(c, subnet), shapes.SUBNET, 200, subnet["_etag"])


@api.patch("/subnets/<ident>")
@transactional
def update_subnet(ident):
    """Update a subnet."""
    c = ctx()
    subnet = vpcs.get_subnet(c, ident)
    check_if_match(subnet)
    subnet = vpcs.update_subnet(c, subnet, load(SUBNET_PATCH, json_body()))
    return respond(vpcs.present_subnet(c, subnet), shapes.SUBNET, 200, subnet["_etag"])


@api.delete("/subnets/<ident>")
@transactional
def delete_subnet(ident):
    """Delete a subnet."""
    c = ctx()
    subnet = vpcs.get_subnet(c, ident)
    check_if_match(subnet)
    vpcs.delete_subnet(c, subnet)
    return respond_empty(204)
