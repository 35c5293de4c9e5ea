"""The table's models as the generic engine reads them: a model's properties, its variants, and
which variant a value is (by the discriminator the table records, else by the required
properties the value has)."""

from __future__ import annotations

import re

from vpcmock import api_table
from vpcmock.engine.generic.service import current, per_service

_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """`NetworkACLRule` -> `network_acl_rule`, `FloatingIP` -> `floating_ip`."""
    return _WORD.sub("_", name).lower()


def exists(name: str | None) -> bool:
    return bool(name) and name in api_table.models(current())


def properties(name: str) -> dict[str, dict]:
    return api_table.model(name, current())["properties"]


def variants(name: str) -> list[str]:
    return api_table.model(name, current()).get("variants") or []


@per_service
def leaves(name: str) -> tuple[str, ...]:
    """The concrete models a value of `name` may be: itself when it has no variants, else the
    leaves of its variants (a variant may have variants of its own)."""
    found = variants(name)
    if not found:
        return (name,)
    out: list[str] = []
    for variant in found:
        out += [leaf for leaf in leaves(variant) if leaf not in out]
    return tuple(out)


@per_service
def every_property(name: str) -> frozenset[str]:
    """Every property any variant of `name` may carry (what an answer of it may hold)."""
    names = set(properties(name))
    for leaf in leaves(name):
        names |= set(properties(leaf))
    return frozenset(names)


@per_service
def required(name: str) -> frozenset[str]:
    return frozenset(key for key, schema in properties(name).items() if schema.get("required"))


def schema_of(name: str, prop: str) -> dict | None:
    """The schema of `prop` in `name` or, for a base, in the first variant that has it."""
    found = properties(name).get(prop)
    if found is not None:
        return found
    for leaf in leaves(name):
        found = properties(leaf).get(prop)
        if found is not None:
            return found
    return None


def pick(name: str, value: dict) -> str | None:
    """The leaf of `name` that `value` is: the discriminator's mapping when the table has one,
    else the leaf whose required properties the value has (the most of them), preferring one
    that knows every property the value holds. None: no leaf fits."""
    if not variants(name):
        return name
    discriminator = api_table.model(name, current()).get("discriminator")
    if discriminator and discriminator.get("property") in value:
        target = discriminator["mapping"].get(str(value[discriminator["property"]]))
        if target is not None:
            return pick(target, value) if variants(target) else target
        return None
    best, best_score = None, None
    for leaf in leaves(name):
        needs = required(leaf)
        if not needs <= value.keys() or conflicts(leaf, value):
            continue
        known = all(key in properties(leaf) for key in value)
        score = (known, len(needs))
        if best_score is None or score > best_score:
            best, best_score = leaf, score
    return best


def conflicts(leaf: str, value: dict) -> str | None:
    """The first property of `value` whose value `leaf`'s enum for it does not allow (a VPN
    gateway's `mode: route` against the policy-mode variant, which takes only `policy`): a
    variant without a discriminator is told apart by such single-valued enums too."""
    props = properties(leaf)
    for key, item in value.items():
        enum = (props.get(key) or {}).get("enum")
        if enum and isinstance(item, (str, int, float, bool)) and item not in enum:
            return key
    return None


@per_service
def discriminated(leaf: str) -> dict[str, str]:
    """The discriminator values that select `leaf` at each level above it (a static route-mode
    VPN connection's `mode` is `route`, its `routing_protocol` `none`)."""
    found: dict[str, str] = {}
    here = leaf
    while True:
        base = api_table.model(here, current()).get("variant_of")
        if not base:
            return found
        discriminator = api_table.model(base, current()).get("discriminator")
        if discriminator:
            value = next((value for value, target in sorted(discriminator["mapping"].items())
                          if target == leaf or leaf in leaves(target)), None)
            if value is not None:
                found.setdefault(discriminator["property"], value)
        here = base


def reference_model(name: str) -> str | None:
    """`SecurityGroup` -> `SecurityGroupReference` when the table has one."""
    candidate = f"{name}Reference"
    return candidate if exists(candidate) else None


def enum_of(schema: dict) -> list | None:
    return schema.get("enum") or (schema.get("items") or {}).get("enum")


def model(name: str) -> dict:
    """The table's entry for `name` (of the service being served)."""
    return api_table.model(name, current())
