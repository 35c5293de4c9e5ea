"""How the IBM provider names resources it does not emulate in depth: the Terraform id of each
type (composite for sub-resources, as the IBM provider composes it, which is also the import
id), the attributes that name other resources, and plausible values for computed attributes.

The composite formats come from the IBM provider's Go source (e.g. a security group rule is
`<group id>.<rule id>`, a load balancer listener `<lb id>/<listener id>`, a DNS record
`<instance id>/<zone id>/<record id>`). A type not listed has the API id as its Terraform id.
"""

from __future__ import annotations

import hashlib
import re
import uuid

from vpcmock_provider.fields import Declaration, Field

# Terraform id = the parents' attribute values and the resource's own id, joined by `sep`.
COMPOSITE_IDS: dict[str, tuple[tuple[str, ...], str]] = {
    "ibm_is_security_group_rule": (("group",), "."),
    "ibm_is_security_group_target": (("security_group",), "/"),
    "ibm_is_network_acl_rule": (("network_acl",), "/"),
    "ibm_is_lb_listener": (("lb",), "/"),
    "ibm_is_lb_pool": (("lb",), "/"),
    "ibm_is_lb_pool_member": (("lb", "pool"), "/"),
    "ibm_is_lb_listener_policy": (("lb", "listener"), "/"),
    "ibm_is_lb_listener_policy_rule": (("lb", "listener", "policy"), "/"),
    "ibm_is_vpc_address_prefix": (("vpc",), "/"),
    "ibm_is_vpc_routing_table": (("vpc",), "/"),
    "ibm_is_vpc_routing_table_route": (("vpc", "routing_table"), "/"),
    "ibm_is_subnet_reserved_ip": (("subnet",), "/"),
    "ibm_is_instance_group_manager": (("instance_group",), "/"),
    "ibm_is_instance_group_manager_policy": (("instance_group", "instance_group_manager"), "/"),
    "ibm_is_instance_group_manager_action": (("instance_group", "instance_group_manager"), "/"),
    "ibm_is_instance_network_interface": (("instance",), "/"),
    "ibm_is_vpn_gateway_connection": (("vpn_gateway",), "/"),
    "ibm_dns_zone": (("instance_id",), "/"),
    "ibm_dns_resource_record": (("instance_id", "zone_id"), "/"),
    "ibm_dns_permitted_network": (("instance_id", "zone_id"), "/"),
    "ibm_dns_glb": (("instance_id", "zone_id"), "/"),
    "ibm_dns_glb_pool": (("instance_id",), "/"),
    "ibm_dns_glb_monitor": (("instance_id",), "/"),
    "ibm_dns_custom_resolver": (("instance_id",), ":"),
    "ibm_dns_custom_resolver_forwarding_rule": (("instance_id", "resolver_id"), ":"),
}
# Types whose Terraform id is their CRN (resource controller instances and keys, Key Protect keys).
CRN_IDS = frozenset({"ibm_resource_instance", "ibm_resource_key", "ibm_kms_key"})

# Attribute names that hold the id of another resource the mock keeps; checked to exist.
REFERENCES = frozenset({
    "vpc", "subnet", "group", "security_group", "network_acl", "public_gateway", "routing_table", "lb",
    "pool", "listener", "policy", "instance", "volume", "instance_group", "instance_group_manager",
    "instance_template", "vpn_gateway", "instance_id", "zone_id", "resolver_id", "access_group_id",
    "resource_group", "resource_group_id", "source_volume", "backup_policy_id",
})


def terraform_id(type_name: str, record: dict, attributes: dict) -> str:
    if type_name in CRN_IDS:
        return record["crn"]
    parents, sep = COMPOSITE_IDS.get(type_name, ((), "/"))
    parts = [api_id(str(attributes.get(name) or "")) for name in parents]
    return sep.join(parts + [record["id"]])


def api_id(terraform_id_: str) -> str:
    """The API id inside a Terraform id: the last part of a composite id, the last field of a CRN."""
    if terraform_id_.startswith("crn:"):
        return terraform_id_.rstrip(":").split(":")[-1]
    return re.split(r"[/.:]", terraform_id_)[-1]


def references(declaration: Declaration, attributes: dict) -> dict[str, str]:
    found = {}
    for fld in declaration.fields:
        value = attributes.get(fld.name)
        if fld.name in REFERENCES and fld.kind == "TypeString" and isinstance(value, str) and value:
            found[fld.name] = api_id(value)
    return found


def short_name(type_name: str) -> str:
    """`ibm_is_lb_pool` -> `lb_pool`: the type without its provider and family prefix."""
    return re.sub(r"^ibm_(is_|iam_|dns_|kms_|resource_)?", "", type_name)


def _derived_id(seed: str, name: str, record: dict) -> str:
    digest = uuid.UUID(hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:32], version=4)
    prefix = record["id"].split("-", 1)[0] if re.match(r"r\d{3}-", record["id"]) else ""
    return f"{prefix}-{digest}" if prefix else str(digest)


def plausible(declaration: Declaration, record: dict, fld: Field):
    """A value for a computed attribute left unknown at create, from what the mock assigned:
    identity (crn, href, dates, own id), status words that say ready, the default resource
    group; empty collections; null where nothing plausible is known."""
    name, type_name = fld.name, declaration.type_name
    if fld.is_block or fld.kind.startswith(("TypeList", "TypeSet")):
        return []
    if fld.is_map:
        return {}
    if fld.kind != "TypeString":
        return None
    short = short_name(type_name)
    words = short.split("_")
    account = record["crn"].split(":")[6].removeprefix("a/") if record.get("crn") else None
    if name in ("address", "primary_ipv4_address", "ip_address") and record.get("address"):
        return record["address"]
    if name in ("crn", "resource_crn"):
        return record["crn"]
    if name == "href":
        return record["href"]
    if name in ("created_at", "created_on", "creation_date", "updated_at", "updated_on", "modified_on",
                "last_modified_date", "creation_time"):
        return record["created_at"]
    if name in ("guid",) or name in {"_".join(words[i:]) + "_id" for i in range(len(words))}:
        return record["id"]
    if name == "status":
        return "active" if type_name.startswith(("ibm_resource_", "ibm_kms_", "ibm_iam_")) else "available"
    if name == "resource_status":
        return "active" if type_name.startswith("ibm_resource_") else "available"
    if name == "lifecycle_state":
        return "stable"
    if name == "state":
        return "active"
    if name == "resource_type":
        return short
    if name in ("resource_group", "resource_group_id"):
        return record["resource_group"]["id"]
    if name == "resource_group_name":
        return record["resource_group"]["name"]
    if name == "account_id":
        return account
    if name == "resource_name":
        return None
    if name == "hostname" and type_name == "ibm_is_lb" and record.get("crn"):
        # IBM's form: the first 8 hex digits of an id, the region, the load balancer domain.
        region = record["crn"].split(":")[5]
        return f"{_derived_id(record['id'], name, {'id': ''})[:8]}-{region}.lb.appdomain.cloud"
    if name.startswith("default_") and name not in ("default_value",):
        return _derived_id(record["id"], name, record)
    return None
