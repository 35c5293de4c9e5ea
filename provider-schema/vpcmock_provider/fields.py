"""The one way a Terraform field is declared: its type, flags and validation, its API mapping.

Everything else is generated from these declarations: the plugin-protocol schema Terraform
receives, ``provider-schema/schema.json``, the markdown docs, and the translation between HCL
state and API bodies. The flags are those of the IBM provider (terraform-plugin-sdk v2), so a
declaration reads like the IBM schema it mirrors: ``Required``, ``Optional``, ``Computed``,
``ForceNew``, ``Default``, ``MaxItems``, ``Deprecated``, ``ConflictsWith``, ``ExactlyOneOf``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable

MISSING = object()

# Field kinds, named as the IBM schema listing names them.
STRING, INT, BOOL = "TypeString", "TypeInt", "TypeBool"
SET_OF_STRINGS, LIST_OF_STRINGS = "TypeSet[TypeString]", "TypeList[TypeString]"
BLOCK = "TypeList[block]"


@dataclass(frozen=True)
class Check:
    """A validation: `test(value)` answers an error message or None."""
    describe: str
    test: Callable[[Any], str | None]


def one_of(*values: str) -> Check:
    return Check(f"one of: {', '.join(values)}",
                 lambda v: None if v in values else f"must be one of {', '.join(values)}, got {v!r}")


def int_between(low: int, high: int) -> Check:
    return Check(f"from {low} to {high}",
                 lambda v: None if low <= int(v) <= high else f"must be from {low} to {high}, got {v}")


def matches(pattern: str, meaning: str) -> Check:
    compiled = re.compile(pattern)
    return Check(meaning, lambda v: None if compiled.fullmatch(v) else f"must be {meaning}, got {v!r}")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = False
    optional: bool = False
    computed: bool = False
    force_new: bool = False
    default: Any = MISSING
    max_items: int | None = None
    deprecated: str | None = None
    conflicts_with: tuple[str, ...] = ()
    exactly_one_of: tuple[str, ...] = ()
    check: Check | None = None
    check_items: Check | None = None  # for sets and lists of strings: each element
    description: str = ""
    fields: tuple["Field", ...] = ()  # the attributes of a block
    api: str | None = None  # the API field it maps to, when it is not `name`

    @property
    def is_block(self) -> bool:
        return self.kind == BLOCK

    @property
    def api_name(self) -> str:
        return self.api or self.name


def f(name: str, kind: str, *flags: str, description: str = "", fields=(), **options) -> Field:
    """Shorthand: ``f("name", STRING, "Required", check=...)``; flags as the IBM listing spells them."""
    known = {"Required": "required", "Optional": "optional", "Computed": "computed", "ForceNew": "force_new"}
    values = {known[flag]: True for flag in flags}
    return Field(name, kind, description=description, fields=tuple(fields), **values, **options)


def computed(name: str, kind: str = STRING, description: str = "", fields=(), **options) -> Field:
    return f(name, kind, "Computed", description=description, fields=fields, **options)


@dataclass(frozen=True)
class Declaration:
    """A resource or data source type: its fields and what it is."""
    type_name: str
    description: str
    fields: tuple[Field, ...]
    kind: str = "resource"  # or "data_source"
    example: str = ""
    import_id: str | None = None  # how `terraform import` names one (resources)
    extra: dict = dc_field(default_factory=dict)

    def field(self, dotted: str) -> Field:
        scope, found = self.fields, None
        for part in dotted.split("."):
            found = next(x for x in scope if x.name == part)
            scope = found.fields
        return found
