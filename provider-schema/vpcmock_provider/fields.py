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

# Field kinds, named as the IBM schema listing names them: a scalar, or a collection of
# scalars or of nested objects (`block`): TypeList[...], TypeSet[...], TypeMap[...].
STRING, INT, BOOL, FLOAT = "TypeString", "TypeInt", "TypeBool", "TypeFloat"
SET_OF_STRINGS, LIST_OF_STRINGS = "TypeSet[TypeString]", "TypeList[TypeString]"
BLOCK, SET_BLOCK = "TypeList[block]", "TypeSet[block]"


@dataclass(frozen=True)
class Check:
    """A validation: `test(value)` answers an error message or None; `example` is a value it
    accepts, where one follows from the rule (the first allowed value, the low end of a range)."""
    describe: str
    test: Callable[[Any], str | None]
    example: Any = None


def one_of(*values: str) -> Check:
    return Check(f"one of: {', '.join(values)}",
                 lambda v: None if v in values else f"must be one of {', '.join(values)}, got {v!r}",
                 values[0] if values else None)


def int_between(low: int, high: int) -> Check:
    return Check(f"from {low} to {high}",
                 lambda v: None if low <= int(v) <= high else f"must be from {low} to {high}, got {v}", low)


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
    min_items: int | None = None
    sensitive: bool = False
    config_mode: str | None = None  # SchemaConfigModeAttr / SchemaConfigModeBlock, when set
    default_func: bool = False  # a DefaultFunc gives a value: Required is then served optional
    at_least_one_of: tuple[str, ...] = ()
    required_with: tuple[str, ...] = ()
    diff_suppress: str | None = None  # the IBM DiffSuppressFunc's name

    @property
    def is_block(self) -> bool:
        """A collection of nested objects (list or set); a map of objects is a map of strings."""
        return self.kind.endswith("[block]") and not self.kind.startswith("TypeMap")

    @property
    def is_set(self) -> bool:
        return self.kind.startswith("TypeSet")

    @property
    def is_map(self) -> bool:
        return self.kind.startswith("TypeMap")

    @property
    def is_collection(self) -> bool:
        return "[" in self.kind

    @property
    def as_attribute(self) -> bool:
        """Whether a nested collection is served as an attribute of type list/set(object): as
        terraform-plugin-sdk v2 does when it is Computed and not Optional (which Terraform can
        plan as unknown), unless ConfigMode says otherwise."""
        if not self.is_block:
            return False
        if self.config_mode:
            return self.config_mode.endswith("Attr")
        return self.computed and not self.optional

    @property
    def served_required(self) -> bool:
        return self.required and not self.default_func

    @property
    def served_optional(self) -> bool:
        return self.optional or (self.required and self.default_func)

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
    timeouts: tuple[str, ...] = ()  # operations of the `timeouts` block, when the type has one
    schema_version: int = 0
    deprecated: str | None = None

    def field(self, dotted: str) -> Field:
        scope, found = self.fields, None
        for part in dotted.split("."):
            found = next(x for x in scope if x.name == part)
            scope = found.fields
        return found
