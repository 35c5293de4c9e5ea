"""Stored resources: the IBM types the mock keeps as given, without behaviour of their own.

Every IBM provider type that has no in-depth emulation (security groups, load balancers, DNS
zones, IAM access groups, Key Protect keys, ...) is kept here: its attributes as the provider
sends them, plus what the real service would add (an id in the family's format, a CRN, an
href, the creation time, the account's default resource group). The types with in-depth
emulation keep here the attributes their API does not carry (the IBM provider's client-side
settings such as `delete_all_snapshots` or `timeouts`), under the id of the API resource.

References between resources are checked as the real APIs check them: a resource names only
resources that exist in its account (404 `not_found` otherwise), and one still named by another
cannot be deleted (409 `<kind>_in_use`).
"""

from __future__ import annotations

import os

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.network import vpcs
from vpcmock.engine.platform import resource_groups
from vpcmock.errors import ApiError, echo, field
from vpcmock.timeutil import rfc3339

TABLE = "stored_resources"

# The CRN service name of each family of types.
_SERVICES = (("ibm_is_", "is"), ("ibm_iam_", "iam-access-management"), ("ibm_dns_", "dns-svcs"),
             ("ibm_kms_", "kms"), ("ibm_resource_", "resource-controller"))
# Tables of the in-depth emulation a stored resource may name.
DEEP_TABLES = ("volumes", "instances", "snapshots", "shares", "backup_policies", "snapshot_consistency_groups", "vpcs",
               "subnets", "keys", "address_prefixes")


def service_of(type_name: str) -> str:
    return next((service for prefix, service in _SERVICES if type_name.startswith(prefix)), "is")


def kind_of(type_name: str) -> str:
    """`ibm_is_security_group` -> `security-group`: the resource kind of its CRN."""
    for prefix, _ in _SERVICES:
        if type_name.startswith(prefix):
            return type_name.removeprefix(prefix).replace("_", "-") or type_name
    return type_name.removeprefix("ibm_").replace("_", "-")


def new_ident(ctx: Ctx, type_name: str) -> str:
    """An id in the format of the type's family: VPC ids carry the region's prefix, resource
    groups are 32 hexadecimal digits, the others are UUIDs."""
    if type_name.startswith("ibm_is_"):
        return ids.new_id(ctx.region)
    if type_name == "ibm_resource_group":
        return os.urandom(16).hex()
    return ids._uuid4()


def check_type(type_name) -> str:
    if not isinstance(type_name, str) or not type_name.startswith("ibm_") or not type_name.replace("_", "").isalnum():
        raise ApiError(400, "invalid_field_value", f"type {echo(type_name)} is not an IBM provider type name",
                       field("type", type_name))
    return type_name


def _exists(ctx: Ctx, ident: str) -> bool:
    if ctx.owned(ctx.store.get(TABLE, ident)) is not None or resource_groups.reference(ctx, ident) is not None:
        return True
    if any(ctx.owned(ctx.store.get(table, ident)) is not None for table in DEEP_TABLES):
        return True
    # A resource the generic engine serves (a security group, a load balancer, ...), named by a
    # stored type (`ibm_is_security_group_target`'s `security_group`).
    from vpcmock.engine.generic import collections
    if any(ctx.owned(ctx.store.get(c.table, ident)) is not None for c in collections.api().collections.values()):
        return True
    return _served_by_a_platform_service(ctx, ident)


def _served_by_a_platform_service(ctx: Ctx, ident: str) -> bool:
    """A resource a platform service serves (a resource instance by its guid, as a DNS zone's
    `instance_id` names it; a transit gateway), in the account: platform services are global, so
    whatever region the stored type is in."""
    from vpcmock.engine.generic import collections, service

    for name, spec in service.SERVICES.items():
        with service.serving(name):
            for c in collections.api().collections.values():
                doc = ctx.store.get(c.table, ident)
                if doc is not None and doc.get("_account") == ctx.account:
                    return True
                if spec.slash_ids and any(d.get("_account") == ctx.account and d.get("guid") == ident
                                          for d in ctx.store.all(c.table).values()):
                    return True
    return False


def check_references(ctx: Ctx, references: dict[str, str]) -> None:
    for name, ident in sorted(references.items()):
        if not _exists(ctx, ident):
            raise ApiError(404, "not_found", f"{name} {echo(ident)} does not exist in this account and region",
                           field(name, ident))


def create(ctx: Ctx, type_name: str, attributes: dict, references: dict[str, str],
           ident: str | None = None) -> dict:
    check_references(ctx, references)
    ident = ident or new_ident(ctx, type_name)
    if ctx.store.get(TABLE, ident) is not None:
        raise ApiError(409, "conflict", f"a stored resource with id {echo(ident)} exists", field("id", ident))
    kind = kind_of(type_name)
    address = _address_in_subnet(ctx, references)
    doc = ctx.stamp({
        "id": ident, "type": type_name, "attributes": attributes, "references": references,
        "crn": f"crn:v1:bluemix:public:{service_of(type_name)}:{ctx.region}:a/{ctx.account}::{kind}:{ident}",
        "href": f"/{ctx.region}/v1/stored_resources/{ident}",
        "created_at": rfc3339(ctx.now),
        "resource_group": ids.default_resource_group(ctx.account),
        "_etag": ids.new_etag(),
    })
    if address:
        doc["address"] = address  # an address of the referenced subnet, counted as used there
    return ctx.store.put(TABLE, doc)


def _address_in_subnet(ctx: Ctx, references: dict[str, str]) -> str | None:
    """A stored resource that names a subnet (a reserved IP, a load balancer, a VPN gateway)
    takes the subnet's next free address, as the real one would."""
    subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, references.get("subnet", "")))
    return vpcs.allocate_address(ctx, subnet) if subnet is not None else None


def builtin(ctx: Ctx, type_name: str) -> list[dict]:
    """What every account has without creating it: its default resource group."""
    if type_name != "ibm_resource_group":
        return []
    group = ids.default_resource_group(ctx.account)
    return [{"id": group["id"], "type": type_name, "references": {},
             "attributes": {"name": group["name"], "default": True, "state": "ACTIVE"},
             "crn": f"crn:v1:bluemix:public:resource-controller::a/{ctx.account}::resource-group:{group['id']}",
             "href": group["href"], "created_at": "2020-01-01T00:00:00Z", "resource_group": group,
             "_seq": 0}]


def get(ctx: Ctx, ident: str) -> dict:
    doc = ctx.owned(ctx.store.get(TABLE, ident)) or next(
        (d for d in builtin(ctx, "ibm_resource_group") if d["id"] == ident), None)
    if doc is None:
        raise ApiError(404, "not_found", f"Stored resource {echo(ident)} not found", field("id", ident))
    return doc


def update(ctx: Ctx, doc: dict, attributes: dict, references: dict[str, str]) -> dict:
    if doc.get("_seq") == 0:
        raise ApiError(403, "forbidden", "The default resource group cannot be changed")
    check_references(ctx, references)
    return ctx.store.replace(TABLE, doc, attributes=attributes, references=references, _etag=ids.new_etag())


def referrers(ctx: Ctx, ident: str) -> list[dict]:
    return [d for d in ctx.partition(TABLE).values() if ident in d.get("references", {}).values()]


def delete(ctx: Ctx, doc: dict) -> None:
    if doc.get("_seq") == 0:
        raise ApiError(403, "forbidden", "The default resource group cannot be deleted")
    held = [d for d in referrers(ctx, doc["id"]) if d["id"] != doc["id"]]
    if held:
        names = ", ".join(f"{d['type']} {d['id']}" for d in held[:3])
        raise ApiError(409, f"{kind_of(doc['type']).replace('-', '_')}_in_use",
                       f"{doc['type']} {doc['id']} is still referenced by {names}", field("id", doc["id"]))
    ctx.store.delete(TABLE, doc["id"])


def matcher(type_name: str | None, filters: dict[str, str]):
    """A listing filter: the type, and attributes equal to the given values (`name=...`)."""
    def match(doc: dict) -> bool:
        if type_name and doc["type"] != type_name:
            return False
        attributes = doc["attributes"]
        return all(str(attributes.get(key)) == value if key != "id" else doc["id"] == value
                   for key, value in filters.items())
    return match

