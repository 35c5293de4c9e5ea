"""CBR rules and zones, compiled once per change and kept per store and account.

A rule is kept in the partition of the account that made it; it covers a target when one of
its `resources` matches it (every attribute and tag, below), its `operations` name one of the
target's API types (or it has none), and its `enforcement_mode` is not `disabled`.

Resource attributes compare with the target's (targets.py): `accountId`, `serviceName`,
`serviceType`, `region`, `resourceType`, `resource`, `resourceGroupId`, and the VPC's IAM-style
id attributes (`volumeId`, `backupPolicyId`, ...). An attribute the target does not have makes
the resource not match: a rule naming one resource (`resource`) does not cover listing or
creating. `operator` is `stringEquals` (the default) or `stringMatch` (`*` any run of characters,
`?` one), as the CBR API documents for resource attributes and tags. A tag `name`/`value`
matches a user tag `name:value` of the resource.

Contexts: a context's attributes are `networkZoneId` (zone ids, comma-separated: the caller is
in one of them), `endpointType` (comma-separated `public`, `private`, `direct`: the request's
endpoint type is one of them; the mock serves `public` and `private`, http/endpoints.py, and
no `direct` endpoint, so a context admitting only `direct` admits no request) and `mfa`. All
of a context's attributes must hold. The mock's IAM tokens carry no MFA level, so a context
asking for `mfa` never holds, nor does one with an attribute CBR does not define (the CBR API
refuses those; a stored one admits nothing). A rule with no context admits nothing.

Caching: the compiled rules of an account are reused while the stored rule and zone documents
are the very same objects (the store never changes a document in place: a change stores a new
one), so a request reads the rules once and compiles nothing when they have not changed, and an
account without rules costs one dictionary lookup.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cache

from vpcmock.catalog import REGIONS
from vpcmock.engine.platform.cbr import zones as zone_rules

SERVICE = "context_based_restrictions"
# The API type every CBR rule's `operations` may name to cover all of a service's operations
# (the CBR API's `api_type_id` for "all", as IBM's docs and provider examples write it).
ALL_API_TYPES = "crn:v1:bluemix:public:context-based-restrictions::::api-type:"


@dataclass(frozen=True)
class Condition:
    name: str
    value: str
    operator: str

    def matches(self, actual) -> bool:
        if actual is None:
            return False
        if self.operator == "stringMatch":
            return _pattern(self.value).fullmatch(str(actual)) is not None
        return str(actual) == self.value


@dataclass(frozen=True)
class Resource:
    attributes: tuple[Condition, ...]
    tags: tuple[Condition, ...]


@dataclass(frozen=True)
class Context:
    zones: tuple[zone_rules.Zone, ...] | None  # None: any network
    endpoint_types: frozenset[str] | None      # None: any endpoint type
    satisfiable: bool = True

    def admits(self, caller: zone_rules.Caller, subnets) -> bool:
        if not self.satisfiable:
            return False
        if self.endpoint_types is not None and caller.endpoint_type not in self.endpoint_types:
            return False
        return self.zones is None or any(zone.holds(caller, subnets) for zone in self.zones)


@dataclass(frozen=True)
class Rule:
    id: str
    crn: str
    mode: str  # enabled, report or disabled
    resources: tuple[Resource, ...]
    contexts: tuple[Context, ...]
    api_types: frozenset[str] | None

    def covers(self, target) -> bool:
        if self.mode == "disabled":
            return False
        if self.api_types is not None and not (self.api_types & target.api_types):
            return False
        return any(_resource_matches(resource, target) for resource in self.resources)

    def admits(self, caller: zone_rules.Caller, subnets) -> bool:
        return any(context.admits(caller, subnets) for context in self.contexts)


def _resource_matches(resource: Resource, target) -> bool:
    if not all(condition.matches(target.attribute(condition.name)) for condition in resource.attributes):
        return False
    if resource.tags:
        tags = target.user_tags()
        return all(any(condition.matches(tag) for tag in tags) for condition in resource.tags)
    return True


@cache
def tables() -> tuple[str, str]:
    """The generic engine's tables of CBR rules and zones."""
    from vpcmock.engine.generic import collections, service

    with service.serving(SERVICE):
        return collections.collection("v1.rules").table, collections.collection("v1.zones").table


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def account_rules(store, account: str) -> tuple[Rule, ...]:
    """The compiled rules `account` holds; empty at the cost of one lookup while no account
    holds any. (Platform documents live in the mock's default region's partition; CBR is global,
    so every region's partition of the account is read.)"""
    rule_table, zone_table = tables()
    if not store.all(rule_table):
        return ()
    rule_docs = _of_account(store, rule_table, account)
    if not rule_docs:
        return ()
    key = (rule_docs, _of_account(store, zone_table, account))
    per_store = _CACHE.get(store)
    if per_store is None:
        per_store = _CACHE[store] = {}
    held = per_store.get(account)
    if held is not None and _same(held[0], key):
        return held[1]
    zones = {doc["id"]: zone_rules.compile_zone(doc) for doc in key[1]}
    compiled = tuple(compile_rule(doc, zones) for doc in key[0])
    per_store[account] = (key, compiled)
    return compiled


def _of_account(store, table: str, account: str) -> tuple[dict, ...]:
    found = ()
    for region in REGIONS:
        rows = store.partition(table, account, region)
        if rows:
            found += tuple(rows.values())
    return found


def _same(held: tuple, key: tuple) -> bool:
    return all(len(a) == len(b) and all(x is y for x, y in zip(a, b)) for a, b in zip(held, key))


def compile_rule(doc: dict, zones: dict) -> Rule:
    resources = tuple(
        Resource(tuple(_condition(a) for a in resource.get("attributes") or ()),
                 tuple(_tag(t) for t in resource.get("tags") or ()))
        for resource in doc.get("resources") or ())
    contexts = tuple(_context(context, zones) for context in doc.get("contexts") or ())
    api_types = None
    operations = doc.get("operations") or {}
    if operations.get("api_types"):
        api_types = frozenset(t.get("api_type_id") for t in operations["api_types"])
    return Rule(doc["id"], doc.get("crn", ""), doc.get("enforcement_mode") or "enabled", resources, contexts,
                api_types)


def _condition(attribute: dict) -> Condition:
    return Condition(attribute.get("name", ""), str(attribute.get("value", "")),
                     attribute.get("operator") or "stringEquals")


def _tag(tag: dict) -> Condition:
    """A tag condition compares the whole user tag, `name:value` (stringMatch: `*` and `?` in
    the value match within it)."""
    operator = tag.get("operator") or "stringEquals"
    value = str(tag.get("value", ""))
    return Condition("tag", f"{tag.get('name', '')}:{value}", operator)


def _context(context: dict, zones: dict) -> Context:
    found_zones, endpoint_types, satisfiable = None, None, True
    for attribute in context.get("attributes") or ():
        name, values = attribute.get("name"), _split(attribute.get("value"))
        if name == "networkZoneId":
            found_zones = (found_zones or ()) + tuple(zones[z] for z in values if z in zones)
        elif name == "endpointType":
            endpoint_types = (endpoint_types or frozenset()) | frozenset(values)
        else:  # mfa (no token of the mock carries an MFA level) or an attribute CBR does not define
            satisfiable = False
    return Context(found_zones, endpoint_types, satisfiable)


def _split(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


@cache
def _pattern(value: str) -> re.Pattern:
    """stringMatch: `*` any run of characters, `?` one; everything else literal."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value), re.S)

