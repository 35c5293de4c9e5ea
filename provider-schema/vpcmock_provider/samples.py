"""A minimal configuration of any resource type, generated from its declaration.

It sets every required attribute (and the one attribute an ExactlyOneOf or AtLeastOneOf group
needs, and what a RequiredWith names), with values that pass the type's checks: the first
allowed value, the low end of a range, a VPC-style name. Attributes that name another resource
(`identity.REFERENCES`) are given a reference expression chosen by the caller, so the generated
blocks form a graph Terraform can apply. Used by the generated test over every stored type.
"""

from __future__ import annotations

import re
from typing import Callable

from vpcmock_provider.fields import MISSING, Declaration, Field
from vpcmock_provider.resources.platform.identity import REFERENCES, short_name

# What a reference attribute names, by default: the resource type that provides such ids.
REFERENCED_TYPES = {
    "vpc": "ibm_is_vpc", "subnet": "ibm_is_subnet", "group": "ibm_is_security_group",
    "security_group": "ibm_is_security_group", "network_acl": "ibm_is_network_acl",
    "public_gateway": "ibm_is_public_gateway", "routing_table": "ibm_is_vpc_routing_table",
    "lb": "ibm_is_lb", "pool": "ibm_is_lb_pool", "listener": "ibm_is_lb_listener",
    "policy": "ibm_is_lb_listener_policy", "instance": "ibm_is_instance", "volume": "ibm_is_volume",
    "source_volume": "ibm_is_volume", "instance_group": "ibm_is_instance_group",
    "instance_group_manager": "ibm_is_instance_group_manager", "instance_template": "ibm_is_instance_template",
    "vpn_gateway": "ibm_is_vpn_gateway", "instance_id": "ibm_resource_instance", "zone_id": "ibm_dns_zone",
    "resolver_id": "ibm_dns_custom_resolver", "access_group_id": "ibm_iam_access_group",
    "backup_policy_id": "ibm_is_backup_policy", "resource_group": "ibm_resource_group",
    "resource_group_id": "ibm_resource_group",
}

Reference = Callable[[str, str], str]  # (type name, attribute name) -> an HCL expression


def _scalar(type_name: str, fld: Field, kind: str):
    if kind == "TypeBool":
        return True
    example = fld.check.example if fld.check else None
    if kind in ("TypeInt", "TypeFloat"):
        return example if isinstance(example, int) else 1
    if isinstance(example, str):
        return example
    short = short_name(type_name).replace("_", "-")
    value = f"{short}-{fld.name.replace('_', '-')}"[:63].rstrip("-")
    if fld.check and fld.check.test(value) is not None:
        value = "sample"
    return value


def _value(type_name: str, fld: Field, reference: Reference, address: str):
    if address.count(".") == 2 and fld.name in REFERENCES and fld.kind == "TypeString":
        return Expression(reference(type_name, fld.name))
    if fld.is_block:
        return [attributes(type_name, fld.fields, reference, address)] * max(1, fld.min_items or 1)
    if fld.is_map:
        return {"key": "value"}
    if fld.is_collection:
        element = re.search(r"\[(\w+)\]", fld.kind).group(1)
        return [_scalar(type_name, fld, element) if fld.check_items is None else "sample"]
    return _scalar(type_name, fld, fld.kind)


def attributes(type_name: str, fields: tuple[Field, ...], reference: Reference, prefix: str = "") -> dict:
    """The attributes to set: the required ones, then what the groups and RequiredWith ask for.
    Groups name IBM addresses (`primary_ip.0.id`); `prefix` is the address of `fields`' block."""
    by_name = {fld.name: fld for fld in fields if fld.required or fld.optional}

    def here(addresses: tuple[str, ...]) -> list[str]:
        names = [a.removeprefix(prefix) for a in addresses if a.startswith(prefix)]
        return [name for name in names if name in by_name]

    chosen = {fld.name for fld in fields if fld.served_required}
    for fld in fields:
        members = here(fld.exactly_one_of or fld.at_least_one_of)
        if members and not chosen & set(members):
            # A plain attribute rather than a block, then the first by name.
            chosen.add(min(members, key=lambda name: (by_name[name].is_block, name)))
    for name in sorted(chosen):
        chosen.update(here(by_name[name].required_with))
    return {name: _value(type_name, by_name[name], reference, f"{prefix}{name}.0.") for name in sorted(chosen)}


class Expression(str):
    """An HCL expression, written unquoted."""


def _hcl(value, indent: str) -> str:
    if isinstance(value, Expression):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, dict):
        inner = "".join(f"{indent}  {key} = {_hcl(item, indent + '  ')}\n" for key, item in value.items())
        return "{\n" + inner + indent + "}"
    return "[" + ", ".join(_hcl(item, indent) for item in value) + "]"


def _body(fields: tuple[Field, ...], values: dict, indent: str) -> list[str]:
    by_name = {fld.name: fld for fld in fields}
    lines = []
    for name, value in values.items():
        fld = by_name[name]
        if fld.is_block and not fld.as_attribute:
            for element in value:
                lines.append(f"{indent}{name} {{")
                lines.extend(_body(fld.fields, element, indent + "  "))
                lines.append(f"{indent}}}")
        else:
            lines.append(f"{indent}{name} = " + _hcl(value, indent))
    return lines


def block(declaration: Declaration, label: str, reference: Reference) -> str:
    """`resource "<type>" "<label>" { ... }` setting what a minimal configuration needs."""
    values = attributes(declaration.type_name, declaration.fields, reference)
    lines = [f'resource "{declaration.type_name}" "{label}" {{', *_body(declaration.fields, values, "  "), "}"]
    return "\n".join(lines) + "\n"


# -- every argument ---------------------------------------------------------------------------------

OMIT = object()  # in `values`: leave this argument out (an alternative another block sets)


def every_argument(declaration: Declaration, label: str, values: dict, reference: Reference) -> str:
    """`resource "<type>" "<label>" { ... }` setting every argument the type takes: each required
    and optional attribute and block, nested ones too, unless it conflicts with one set before it
    (ConflictsWith, ExactlyOneOf; in declaration order, deprecated ones last). `values` gives
    arguments by name: a value, OMIT, or for a block a list of such dicts (what they leave out is
    generated too). The others get a value that passes the type's checks, as `block` gives them
    (top-level references: `reference`)."""
    chosen: set[str] = set()  # IBM addresses (`boot_volume.0.snapshot`)
    excluded: set[str] = set()

    def pick(fields: tuple[Field, ...], prefix: str, given: dict) -> dict:
        settable = [fld for fld in fields if fld.required or fld.optional]
        picked = {}
        for fld in sorted(settable, key=lambda fld: fld.deprecated is not None):
            address, value = prefix + fld.name, given.get(fld.name, MISSING)
            rivals = set(fld.conflicts_with) | (set(fld.exactly_one_of) - {address})
            if value is OMIT or address in excluded or rivals & chosen:
                continue
            chosen.add(address)
            excluded.update(rivals)
            if fld.is_block and not fld.as_attribute:
                picked[fld.name] = [pick(fld.fields, f"{address}.0.", element)
                                    for element in ([{}] if value is MISSING else value)]
            elif value is not MISSING:
                picked[fld.name] = value
            elif prefix == "" and fld.name in REFERENCES and fld.kind == "TypeString":
                picked[fld.name] = Expression(reference(declaration.type_name, fld.name))
            else:
                picked[fld.name] = _value(declaration.type_name, fld, reference, f"{address}.0.")
        return {fld.name: picked[fld.name] for fld in fields if fld.name in picked}

    body = pick(declaration.fields, "", values)
    timeouts = [f"    {operation} = \"15m\"" for operation in declaration.timeouts]
    lines = [f'resource "{declaration.type_name}" "{label}" {{', *_body(declaration.fields, body, "  "),
             *(["  timeouts {", *timeouts, "  }"] if timeouts else []), "}"]
    return "\n".join(lines) + "\n"
