"""The IBM provider's schemas (imported by tools/import_ibm_schemas.py into ibm_schemas/) as
declarations (``fields_of``): every attribute with its flags, defaults, conflicts and the
validations the reference states. ``generate`` lowers them to the plugin protocol as
terraform-plugin-sdk v2 (helper/schema/core_schema.go) serves them.

The lowering rules: a nested Resource element is a nested block (list or set), unless it is Computed and
not Optional, when it is an attribute of type list/set of object; MaxItems gives max_items;
MinItems gives min_items only when Required (Required with MinItems 0 gives 1); TypeMap is
map(string) whatever its element; TypeInt and TypeFloat are numbers; Required with a DefaultFunc
is optional; every type gets an optional+computed ``id`` unless it declares one; timeouts add a
``timeouts`` block (nesting single) with an optional string per configured operation.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from vpcmock_provider import validators
from vpcmock_provider.fields import MISSING, Declaration, Field

SCHEMAS = Path(__file__).parent / "ibm_schemas"


@lru_cache(maxsize=None)
def section(type_name: str, kind: str) -> dict | None:
    """The IBM schema of a resource (`kind` "resource") or data source ("data"), or None."""
    path = SCHEMAS / f"{type_name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text()).get(kind)


@lru_cache(maxsize=None)
def _index() -> dict[str, list[str]]:
    return json.loads((SCHEMAS / "index.json").read_text())


def type_names(kind: str) -> list[str]:
    """The resource ("resource") or data source ("data") type names, from the import's index."""
    return sorted(_index()[kind])


def _strings(go: str) -> tuple[str, ...]:
    """`[]string{"a", "b"}` as ("a", "b")."""
    return tuple(re.findall(r'"((?:[^"\\]|\\.)*)"', go))


def _default(kind: str, text: str):
    if kind == "TypeBool":
        return text == "true"
    if kind == "TypeInt":
        return int(text)
    if kind == "TypeFloat":
        return float(text)
    return json.loads(text) if text.startswith('"') else text


def _field(attribute: dict, type_name: str) -> Field:
    flags = attribute["flags"]
    on = lambda flag: flags.get(flag) == "true"  # noqa: E731
    children = tuple(_field(child, type_name) for child in attribute.get("attributes", ()))
    mode = flags.get("ConfigMode", "")
    return Field(
        name=attribute["name"], kind=attribute["type"],
        required=on("Required"), optional=on("Optional"), computed=on("Computed"), force_new=on("ForceNew"),
        sensitive=on("Sensitive"),
        default=_default(attribute["type"], flags["Default"]) if "Default" in flags else MISSING,
        max_items=int(flags["MaxItems"]) if "MaxItems" in flags else None,
        min_items=int(flags["MinItems"]) if "MinItems" in flags else None,
        deprecated=json.loads(flags["Deprecated"]) if flags.get("Deprecated", "").startswith('"') else
        flags.get("Deprecated"),
        conflicts_with=_strings(flags.get("ConflictsWith", "")),
        exactly_one_of=_strings(flags.get("ExactlyOneOf", "")),
        at_least_one_of=_strings(flags.get("AtLeastOneOf", "")),
        required_with=_strings(flags.get("RequiredWith", "")),
        config_mode=("Attr" if mode.endswith("Attr") else "Block" if mode.endswith("Block") else None),
        default_func="DefaultFunc" in flags,
        diff_suppress=flags.get("DiffSuppressFunc"),
        check=validators.check_of(flags.get("ValidateFunc"), attribute["name"]),
        check_items=validators.check_of(flags.get("elem_validate"), attribute["name"]),
        fields=children,
    )


@lru_cache(maxsize=None)
def fields_of(type_name: str, kind: str) -> tuple[Field, ...]:
    """The IBM provider's attributes of a type as declarations, every flag kept."""
    return tuple(_field(attribute, type_name) for attribute in section(type_name, kind)["attributes"])


def timeouts_of(type_name: str, kind: str) -> tuple[str, ...]:
    return tuple(section(type_name, kind)["timeouts"] or ())


def schema_version_of(type_name: str, kind: str) -> int:
    return int(section(type_name, kind)["schema_version"] or 0)


def _overlaid(fields: tuple[Field, ...], overlay: dict[str, dict], prefix: str = "") -> tuple[Field, ...]:
    out = []
    for fld in fields:
        path = prefix + fld.name
        changes = dict(overlay.get(path, {}))
        if fld.fields:
            changes["fields"] = _overlaid(fld.fields, overlay, path + ".")
        out.append(replace(fld, **changes) if changes else fld)
    return tuple(out)


def declaration(type_name: str, kind: str = "resource", *, description: str = "", example: str = "",
                import_id: str | None = None, overlay: dict[str, dict] | None = None) -> Declaration:
    """The declaration of an IBM type: the reference's attributes with every flag, plus what is
    written by hand (`overlay`: per dotted path, an API name, a check or a description)."""
    overlay = overlay or {}
    known = _paths(fields_of(type_name, kind))
    unknown = sorted(set(overlay) - known)
    if unknown:
        raise ValueError(f"{type_name}: the overlay names attributes the IBM schema does not have: {unknown}")
    found = section(type_name, kind)
    return Declaration(
        type_name=type_name, kind="resource" if kind == "resource" else "data_source",
        description=description, example=example, import_id=import_id,
        fields=_overlaid(fields_of(type_name, kind), overlay),
        timeouts=timeouts_of(type_name, kind), schema_version=schema_version_of(type_name, kind),
        deprecated=found.get("deprecated"))


def _paths(fields: tuple[Field, ...], prefix: str = "") -> set[str]:
    paths = set()
    for fld in fields:
        paths.add(prefix + fld.name)
        paths |= _paths(fld.fields, prefix + fld.name + ".")
    return paths
