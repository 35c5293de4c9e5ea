"""The IBM provider's schemas (imported by tools/import_ibm_schemas.py into ibm_schemas/) and
their lowering to the plugin protocol, as terraform-plugin-sdk v2 (helper/schema/core_schema.go)
serves them. ``protocol_block`` gives the block in the shape ``terraform providers schema -json``
prints (descriptions aside), which the tests compare with the reference's expected schema.

The rules: a nested Resource element is a nested block (list or set), unless it is Computed and
not Optional, when it is an attribute of type list/set of object; MaxItems gives max_items;
MinItems gives min_items only when Required (Required with MinItems 0 gives 1); TypeMap is
map(string) whatever its element; TypeInt and TypeFloat are numbers; Required with a DefaultFunc
is optional; every type gets an optional+computed ``id`` unless it declares one; timeouts add a
``timeouts`` block (nesting single) with an optional string per configured operation.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SCHEMAS = Path(__file__).parent / "ibm_schemas"
_SCALARS = {"TypeString": "string", "TypeInt": "number", "TypeFloat": "number", "TypeBool": "bool"}
_COLLECTIONS = {"TypeList": "list", "TypeSet": "set", "TypeMap": "map"}


@lru_cache(maxsize=None)
def section(type_name: str, kind: str) -> dict | None:
    """The IBM schema of a resource (`kind` "resource") or data source ("data"), or None."""
    path = SCHEMAS / f"{type_name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text()).get(kind)


def type_names(kind: str) -> list[str]:
    return sorted(p.stem for p in SCHEMAS.glob("ibm_*.json") if section(p.stem, kind) is not None)


def is_on(attribute: dict, flag: str) -> bool:
    return attribute["flags"].get(flag) == "true"


def is_nested(attribute: dict) -> bool:
    return attribute["type"].endswith("[block]")


def as_block(attribute: dict) -> bool:
    """A nested element served as a block; the others are attributes."""
    mode = attribute["flags"].get("ConfigMode", "")
    if mode.endswith("Attr"):
        return False
    if mode.endswith("Block"):
        return is_nested(attribute)
    return (is_nested(attribute) and not attribute["type"].startswith("TypeMap")
            and not (is_on(attribute, "Computed") and not is_on(attribute, "Optional")))


def cty_type(attribute: dict):
    kind = attribute["type"]
    if kind in _SCALARS:
        return _SCALARS[kind]
    outer, _, inner = kind.partition("[")
    inner = inner.rstrip("]")
    collection = _COLLECTIONS[outer]
    if collection == "map":
        return ["map", "string" if inner == "block" else _SCALARS[inner]]
    if inner == "block":
        return [collection, ["object", {child["name"]: cty_type(child) for child in attribute["attributes"]}]]
    return [collection, _SCALARS[inner]]


def _attribute_json(attribute: dict) -> dict:
    flags = attribute["flags"]
    entry = {"type": cty_type(attribute)}
    required = is_on(attribute, "Required") and "DefaultFunc" not in flags
    if required:
        entry["required"] = True
    if is_on(attribute, "Optional") or (is_on(attribute, "Required") and not required):
        entry["optional"] = True
    if is_on(attribute, "Computed"):
        entry["computed"] = True
    if "Deprecated" in flags:
        entry["deprecated"] = True
    if is_on(attribute, "Sensitive"):
        entry["sensitive"] = True
    return entry


def _nested_json(attribute: dict) -> dict:
    flags = attribute["flags"]
    nested = {"nesting_mode": "set" if attribute["type"].startswith("TypeSet") else "list",
              "block": _block_json(attribute["attributes"])}
    if is_on(attribute, "Required"):
        nested["min_items"] = max(int(flags.get("MinItems", "0")), 1)
    if "MaxItems" in flags:
        nested["max_items"] = int(flags["MaxItems"])
    if "Deprecated" in flags:
        nested["block"]["deprecated"] = True
    return nested


def _block_json(attributes: list[dict]) -> dict:
    out: dict = {}
    for attribute in attributes:
        if as_block(attribute):
            out.setdefault("block_types", {})[attribute["name"]] = _nested_json(attribute)
        else:
            out.setdefault("attributes", {})[attribute["name"]] = _attribute_json(attribute)
    return out


def protocol_block(type_name: str, kind: str) -> dict:
    """The block Terraform is served for a type, in the JSON form of `providers schema -json`."""
    found = section(type_name, kind)
    block = _block_json(found["attributes"])
    attributes = block.setdefault("attributes", {})
    attributes.setdefault("id", {"type": "string", "optional": True, "computed": True})
    if found["timeouts"]:
        block.setdefault("block_types", {})["timeouts"] = {"nesting_mode": "single", "block": {"attributes": {
            operation: {"type": "string", "optional": True} for operation in found["timeouts"]}}}
    return block


def protocol_schema(type_name: str, kind: str) -> dict:
    return {"version": section(type_name, kind)["schema_version"], "block": protocol_block(type_name, kind)}
