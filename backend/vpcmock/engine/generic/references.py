"""References between resources: an identity in a request (`{"id"}`, `{"crn"}`, `{"href"}`,
`{"name"}`, a key's `{"fingerprint"}`...) resolved to what the account holds, and a resource
answered in a reference's shape.

What an identity names comes from its model's name: `VPCIdentityById` names a VPC,
`FloatingIPTargetPrototypeNetworkInterfaceIdentity` a network interface (the longest tail of
the name before `Identity` that is a collection's model). Where the named resource lives:
the emulated engine's table for the emulated types (EMULATED_TABLES), the catalogue for
images and profiles, the generic engine's table for the rest. A name the account does not hold
is a 404 `<type>_not_found` naming the property.
"""

from __future__ import annotations

import re

from vpcmock import images
from vpcmock.catalog import region_of_zone
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import resolve_region, resolve_zone, zone_ref
from vpcmock.engine.generic import catalogue_served, collections, models
from vpcmock.engine.generic.service import per_service
from vpcmock.engine.platform import resource_groups
from vpcmock.errors import ApiError, echo, field

# The emulated engine's tables, by the collection of the API table they hold.
EMULATED_TABLES = {
    "vpcs": "vpcs", "subnets": "subnets", "instances": "instances", "volumes": "volumes", "snapshots": "snapshots",
    "keys": "keys", "shares": "shares", "shares.snapshots": "share_snapshots", "backup_policies": "backup_policies",
    "backup_policies.plans": "plans", "backup_policies.jobs": "jobs",
    "snapshot_consistency_groups": "snapshot_consistency_groups", "vpcs.address_prefixes": "address_prefixes",
}
# Emulated tables whose documents may name a generic resource (a subnet's network ACL, a VPC's
# default security group): scanned when one is deleted.
EMULATED_REFERRERS = ("vpcs", "subnets", "instances", "shares")
_SPECIAL = {"Zone", "Region", "ResourceGroup"}
# Identities of what another service holds, whose last words name a model of this API: a
# certificate instance (a Secrets Manager certificate's CRN, for VPN servers and load balancer
# listeners) is no VPC `Instance`.
_OUTSIDE = ("CertificateInstanceIdentity",)
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|[A-Z][a-z0-9]*|[a-z0-9]+")


@per_service
def target_of(model: str) -> str | None:
    """The model of what an identity model names (`VPCIdentityById` -> `VPC`), or None when
    `model` is not an identity of a resource of this API (a KMS key's CRN, an IKE identity)."""
    if "Identity" not in model or model.startswith(_OUTSIDE):
        return None
    words = _WORDS.findall(model[:model.rfind("Identity")])
    for start in range(len(words)):
        candidate = "".join(words[start:])
        if candidate in _SPECIAL or collections.api().by_model.get(candidate):
            return candidate
    return None


@per_service
def referenced_by(model: str) -> str | None:
    """The model a reference model shows (`SecurityGroupReference` -> `SecurityGroup`,
    `SecurityGroupTargetReferenceLoadBalancerReference` -> `LoadBalancer`)."""
    if "Reference" not in model:
        return None
    words = _WORDS.findall(model[:model.rfind("Reference")])
    for start in range(len(words)):
        candidate = "".join(words[start:])
        if candidate in _SPECIAL or collections.api().by_model.get(candidate):
            return candidate
    return None


def not_found(kind: str, path: str, value) -> ApiError:
    return ApiError(404, f"{kind}_not_found", f"{path}: no {kind.replace('_', ' ')} {echo(value)} in this account "
                    f"and region", field(path, value))


def table_of(c: collections.Collection) -> str:
    return EMULATED_TABLES.get(c.key, c.table)


def is_catalogue(c: collections.Collection) -> bool:
    """A collection the account does not make (profiles, operating systems): read, never created."""
    return c.key not in EMULATED_TABLES and not c.creatable and "put" not in c.ops and c.parent is None


def lookup(ctx: Ctx, c: collections.Collection, ident: str) -> dict | None:
    """A document of `c` by id, in this account and region."""
    if c.key == "images":
        return images.find_image(ctx, ident)  # a stock image, or the account's own
    return ctx.owned(ctx.store.get(table_of(c), ident))


def resolve(ctx: Ctx, model: str, identity: dict, path: str, scope: dict | None = None):
    """What `identity` (a value of the identity model `model`) names: (kind, document) where
    kind is a Collection, or "Zone", "Region", "ResourceGroup" with their reference as the
    document. `scope` is the parent a sibling named by name must share."""
    target = target_of(model)
    if target == "Zone":
        return "Zone", zone_ref(resolve_zone(identity, ctx.region, path + ".name"))
    if target == "Region":
        name = resolve_region(identity, path + ".name")
        return "Region", {"href": f"/{name}/v1/regions/{name}", "name": name}
    if target == "ResourceGroup":
        ident = identity.get("id") or ""
        found = resource_groups.reference(ctx, ident)
        if found is None:
            raise not_found("resource_group", path + ".id", ident)
        return "ResourceGroup", found
    key, value = next(iter(identity.items()))
    ident = _ident(key, value)
    candidates = collections.for_model(target)
    for c in candidates:
        if is_catalogue(c) or c.key == "instance.profiles":
            return c, _catalogue_entry(ctx, c, identity, f"{path}.{key}" if path else key)
        if ident is not None:
            doc = lookup(ctx, c, ident)
        else:
            doc = _find_by(ctx, c, key, value, scope)
        if doc is not None:
            return c, doc
    kind = candidates[0].singular if candidates else models.snake(target)
    raise not_found(kind, f"{path}.{key}" if path else key, value)


def _ident(key: str, value) -> str | None:
    if not isinstance(value, str):
        return None
    if key == "id":
        return value
    if key == "crn":
        return value.rpartition(":")[2]
    if key == "href":
        return value.rstrip("/").rpartition("/")[2]
    return None


def _find_by(ctx: Ctx, c: collections.Collection, key: str, value, scope: dict | None) -> dict | None:
    """The member of `c` whose `key` is `value` (a name, a fingerprint, an address); a
    sub-collection's member is looked for among the children of `scope`."""
    if c.parent and scope is not None:
        rows = ctx.store.indexed(table_of(c), "_parent", scope["id"]).values()
    else:
        rows = ctx.partition(table_of(c)).values()
    return next((doc for doc in rows if doc.get(key) == value), None)


def _catalogue_entry(ctx: Ctx, c: collections.Collection, identity: dict, path: str) -> dict:
    """A catalogue entry (a profile, an operating system) named by name or href: the mock holds
    no list of them yet, so the name is taken as given."""
    name = identity.get("name") or (identity.get("href") or "").rstrip("/").rpartition("/")[2]
    if c.key == "instance.profiles" and name not in images.INSTANCE_PROFILES:
        raise not_found("instance_profile", path, name)
    if catalogue_served.served(c):
        if name not in catalogue_served.members(ctx, c):
            raise not_found(c.singular, path, name)
        return catalogue_served.members(ctx, c)[name]
    href = f"/{ctx.region}/v1/{c.path.strip('/')}/{name}"
    entry = {"name": name, "href": href}
    if c.resource_type:
        entry["resource_type"] = c.resource_type
    return entry


def project(ctx: Ctx, doc: dict, model: str) -> dict:
    """`doc` in the shape of `model` (a reference): the properties the model has, the
    variant matching the document's resource type for a polymorphic one, and what a required
    property lacks filled from the model (a resource type's single value)."""
    leaf = _leaf_for(model, doc)
    props = models.properties(leaf)
    shaped = {}
    for name, schema in props.items():
        if name in doc and not name.startswith("_"):
            value = doc[name]
            if schema["type"] == "object" and schema.get("model") and isinstance(value, dict):
                value = project(ctx, value, schema["model"])
            shaped[name] = value
        elif schema.get("required"):
            if name == "resource_type" and schema.get("enum"):
                shaped[name] = schema["enum"][0]
            elif name == "name":
                shaped[name] = doc.get("id") or ""
            elif name == "href" and "id" in doc:
                shaped[name] = f"/{ctx.region}/v1/{doc['id']}"
            elif name == "deleted":
                continue
            elif schema["type"] == "object" and schema.get("model"):
                shaped[name] = project(ctx, {}, schema["model"])
            else:
                shaped[name] = {"string": "", "integer": 0, "boolean": False, "array": [], "number": 0}.get(
                    schema["type"], {})
    return shaped


def _leaf_for(model: str, doc: dict) -> str:
    leaves = models.leaves(model)
    if len(leaves) == 1:
        return leaves[0]
    kind = doc.get("resource_type")
    for leaf in leaves:
        allowed = (models.properties(leaf).get("resource_type") or {}).get("enum") or ()
        if kind in allowed:
            return leaf
    return models.pick(model, doc) or leaves[0]


def zone_of(doc: dict) -> str | None:
    zone = doc.get("zone")
    return zone.get("name") if isinstance(zone, dict) and region_of_zone(zone.get("name") or "") else None
