"""/vpcs, /vpcs/{id}/address_prefixes and /subnets (engine/network/vpcs.py)."""

from flask import request

from vpcmock.engine.core.listing import paginate
from vpcmock.engine.network import vpcs
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, respond, respond_all, respond_empty,
                                 respond_page, transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas.backup_policies import ById, ByName
from vpcmock.http.schemas.storage import AnyIdentity
from vpcmock.http.schemas.base import Bool, Int, Obj, RequestSchema, Str, load, name_rule
from vpcmock.http.schemas import network as shapes


class VpcPrototype(RequestSchema):
    name = Str(validate=name_rule("vpc_name_invalid"))
    address_prefix_management = Str()
    classic_access = Bool()
    resource_group = Obj(ById)


class NamePatch(RequestSchema):
    name = Str(validate=name_rule("name_invalid"))


class PrefixPrototype(RequestSchema):
    name = Str(validate=name_rule("address_prefix_name_invalid"))
    cidr = Str(required=True)
    zone = Obj(ByName, required=True)
    is_default = Bool()


class PrefixPatch(RequestSchema):
    name = Str(validate=name_rule("address_prefix_name_invalid"))
    is_default = Bool()


class SubnetPrototype(RequestSchema):
    name = Str(validate=name_rule("subnet_name_invalid"))
    vpc = Obj(AnyIdentity, required=True)
    zone = Obj(ByName, required=True)
    ipv4_cidr_block = Str()
    total_ipv4_address_count = Int()
    ip_version = Str()
    resource_group = Obj(ById)


VPC, NAME_PATCH, PREFIX, PREFIX_PATCH, SUBNET = (VpcPrototype(), NamePatch(), PrefixPrototype(), PrefixPatch(),
                                                  SubnetPrototype())


def _page(table: str, match=None, present=vpcs.present):
    page = paginate(ctx().partition(table), match=match, **page_args())
    page.items = [present(d) for d in page.items]
    return page


@api.get("/vpcs")
@transactional
def list_vpcs():
    group = request.args.get("resource_group.id")
    return respond_page(_page(vpcs.VPCS, (lambda v: v["resource_group"]["id"] == group) if group else None),
                        "vpcs", shapes.VPC)


@api.post("/vpcs")
@transactional
def create_vpc():
    vpc = vpcs.create_vpc(ctx(), load(VPC, json_body()))
    return respond(vpcs.present(vpc), shapes.VPC, 201, vpc["_etag"])


@api.get("/vpcs/<ident>")
@transactional
def get_vpc(ident):
    vpc = vpcs.get_vpc(ctx(), ident)
    return respond(vpcs.present(vpc), shapes.VPC, 200, vpc["_etag"])


@api.patch("/vpcs/<ident>")
@transactional
def update_vpc(ident):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    check_if_match(vpc)
    vpc = vpcs.update_vpc(c, vpc, load(NAME_PATCH, json_body()))
    return respond(vpcs.present(vpc), shapes.VPC, 200, vpc["_etag"])


@api.delete("/vpcs/<ident>")
@transactional
def delete_vpc(ident):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    check_if_match(vpc)
    vpcs.delete_vpc(c, vpc)
    return respond_empty(204)


@api.get("/vpcs/<ident>/address_prefixes")
@transactional
def list_prefixes(ident):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    found = [vpcs.present_prefix(c, vpc, p) for p in vpcs.prefixes_of(c, vpc)]
    return respond_all(found, "address_prefixes", shapes.ADDRESS_PREFIX)


@api.post("/vpcs/<ident>/address_prefixes")
@transactional
def create_prefix(ident):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    prefix = vpcs.create_prefix(c, vpc, load(PREFIX, json_body()))
    return respond(vpcs.present_prefix(c, vpc, prefix), shapes.ADDRESS_PREFIX, 201)


@api.get("/vpcs/<ident>/address_prefixes/<prefix_id>")
@transactional
def get_prefix(ident, prefix_id):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    return respond(vpcs.present_prefix(c, vpc, vpcs.get_prefix(c, vpc, prefix_id)), shapes.ADDRESS_PREFIX, 200)


@api.patch("/vpcs/<ident>/address_prefixes/<prefix_id>")
@transactional
def update_prefix(ident, prefix_id):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    prefix = vpcs.update_prefix(c, vpc, vpcs.get_prefix(c, vpc, prefix_id), load(PREFIX_PATCH, json_body()))
    return respond(vpcs.present_prefix(c, vpc, prefix), shapes.ADDRESS_PREFIX, 200)


@api.delete("/vpcs/<ident>/address_prefixes/<prefix_id>")
@transactional
def delete_prefix(ident, prefix_id):
    c = ctx()
    vpc = vpcs.get_vpc(c, ident)
    vpcs.delete_prefix(c, vpc, vpcs.get_prefix(c, vpc, prefix_id))
    return respond_empty(204)


@api.get("/subnets")
@transactional
def list_subnets():
    vpc_id, zone = request.args.get("vpc.id"), request.args.get("zone.name")
    c = ctx()
    page = _page(vpcs.SUBNETS, lambda s: (vpc_id is None or s["vpc"]["id"] == vpc_id)
                 and (zone is None or s["zone"]["name"] == zone), present=lambda d: vpcs.present_subnet(c, d))
    return respond_page(page, "subnets", shapes.SUBNET)


@api.post("/subnets")
@transactional
def create_subnet():
    c = ctx()
    subnet = vpcs.create_subnet(c, load(SUBNET, json_body()))
    return respond(vpcs.present_subnet(c, subnet), shapes.SUBNET, 201, subnet["_etag"])


@api.get("/subnets/<ident>")
@transactional
def get_subnet(ident):
    c = ctx()
    subnet = vpcs.get_subnet(c, ident)
    return respond(vpcs.present_subnet(c, subnet), shapes.SUBNET, 200, subnet["_etag"])


@api.patch("/subnets/<ident>")
@transactional
def update_subnet(ident):
    c = ctx()
    subnet = vpcs.get_subnet(c, ident)
    check_if_match(subnet)
    subnet = vpcs.update_subnet(c, subnet, load(NAME_PATCH, json_body()))
    return respond(vpcs.present_subnet(c, subnet), shapes.SUBNET, 200, subnet["_etag"])


@api.delete("/subnets/<ident>")
@transactional
def delete_subnet(ident):
    c = ctx()
    subnet = vpcs.get_subnet(c, ident)
    check_if_match(subnet)
    vpcs.delete_subnet(c, subnet)
    return respond_empty(204)
