"""Everything generated from the declarations: the plugin-protocol schema, the JSON that
``terraform providers schema -json`` prints, and a markdown page per type.

Like every terraform-plugin-sdk v2 provider (the IBM one is), each type also gets the implicit
``id`` attribute (optional and computed for resources, computed for data sources).
"""

from __future__ import annotations

import json
from pathlib import Path

from vpcmock_provider.fields import BLOCK, BOOL, INT, LIST_OF_STRINGS, MISSING, SET_OF_STRINGS, STRING, Declaration, Field

PROVIDER_ADDRESS = "registry.terraform.io/ibm-cloud/ibm"
_JSON_TYPES = {STRING: "string", INT: "number", BOOL: "bool",
               SET_OF_STRINGS: ["set", "string"], LIST_OF_STRINGS: ["list", "string"]}
SCHEMA_VERSION = {"resource": 0, "data_source": 0}


def as_attribute(fld: Field) -> bool:
    """terraform-plugin-sdk v2 serves a Computed-and-not-Optional nested block as an attribute of
    type list(object), which Terraform can plan as unknown (a data source read during apply)."""
    return fld.is_block and fld.computed and not (fld.optional or fld.required)


def type_of(fld: Field):
    """The cty type of an attribute, in the JSON form of the plugin protocol."""
    if fld.is_block:
        return ["list", ["object", {child.name: type_of(child) for child in fld.fields}]]
    return _JSON_TYPES[fld.kind]


def _id_field(declaration: Declaration) -> Field:
    if declaration.kind == "resource":
        return Field("id", STRING, optional=True, computed=True)
    return Field("id", STRING, computed=True)


def all_fields(declaration: Declaration) -> tuple[Field, ...]:
    if any(fld.name == "id" for fld in declaration.fields):
        return declaration.fields
    return declaration.fields + (_id_field(declaration),)


def description_of(fld: Field) -> str:
    text = fld.description
    if fld.default is not MISSING:
        text += f" (default: {json.dumps(fld.default)})"
    if fld.check is not None:
        text += f" ({fld.check.describe})"
    return text.strip()


# -- JSON, in the shape of `terraform providers schema -json` ------------------------------------

def block_json(fields: tuple[Field, ...], description: str = "") -> dict:
    attributes, block_types = {}, {}
    for fld in sorted(fields, key=lambda x: x.name):
        if fld.is_block and not as_attribute(fld):
            nested = {"nesting_mode": "list", "block": block_json(fld.fields, fld.description)}
            if fld.max_items is not None:
                nested["max_items"] = fld.max_items
            block_types[fld.name] = nested
            continue
        entry = {"type": type_of(fld), "description_kind": "plain"}
        if description_of(fld):
            entry["description"] = description_of(fld)
        for flag in ("required", "optional", "computed"):
            if getattr(fld, flag):
                entry[flag] = True
        if fld.deprecated:
            entry["deprecated"] = True
        attributes[fld.name] = entry
    out = {}
    if attributes:
        out["attributes"] = attributes
    if block_types:
        out["block_types"] = block_types
    if description:
        out["description"] = description
    out["description_kind"] = "plain"
    return out


def provider_json(provider_fields, resources: dict, data_sources: dict) -> dict:
    return {"format_version": "1.0", "provider_schemas": {PROVIDER_ADDRESS: {
        "provider": {"version": 0, "block": block_json(tuple(provider_fields))},
        "resource_schemas": {name: {"version": SCHEMA_VERSION["resource"],
                                    "block": block_json(all_fields(d), d.description)}
                             for name, d in sorted(resources.items())},
        "data_source_schemas": {name: {"version": SCHEMA_VERSION["data_source"],
                                       "block": block_json(all_fields(d), d.description)}
                                for name, d in sorted(data_sources.items())},
    }}}


# -- the plugin protocol (tfplugin6) -------------------------------------------------------------

def schema_pb(fields: tuple[Field, ...], version: int, description: str = ""):
    from tf.gen import tfplugin_pb2 as pb
    return pb.Schema(version=version, block=_block_pb(pb, fields, description))


def _block_pb(pb, fields, description: str):
    attributes, blocks = [], []
    for fld in sorted(fields, key=lambda x: x.name):
        if fld.is_block and not as_attribute(fld):
            blocks.append(pb.Schema.NestedBlock(
                type_name=fld.name, block=_block_pb(pb, fld.fields, fld.description),
                nesting=pb.Schema.NestedBlock.NestingMode.LIST, max_items=fld.max_items or 0))
            continue
        attributes.append(pb.Schema.Attribute(
            name=fld.name, type=json.dumps(type_of(fld)).encode(), description=description_of(fld),
            required=fld.required, optional=fld.optional, computed=fld.computed,
            deprecated=bool(fld.deprecated), description_kind=pb.StringKind.PLAIN))
    return pb.Schema.Block(attributes=attributes, block_types=blocks, description=description,
                           description_kind=pb.StringKind.PLAIN)


# -- markdown docs -------------------------------------------------------------------------------

def markdown(declaration: Declaration) -> str:
    kind = "Resource" if declaration.kind == "resource" else "Data source"
    lines = [f"# {kind}: `{declaration.type_name}`", "", declaration.description, ""]
    if declaration.example:
        lines += ["## Example", "", "```hcl", declaration.example, "```", ""]
    arguments = [x for x in declaration.fields if x.required or x.optional]
    attributes = [x for x in all_fields(declaration) if x.computed and not (x.required or x.optional)]
    lines += ["## Arguments", ""] + (_field_lines(arguments, 0) or ["None."]) + [""]
    lines += ["## Attributes", ""] + (_field_lines(attributes, 0) or ["None."]) + [""]
    if declaration.import_id:
        lines += ["## Import", "", "```", f"terraform import {declaration.type_name}.example {declaration.import_id}",
                  "```", ""]
    return "\n".join(lines)


def _field_lines(fields, depth: int) -> list[str]:
    lines = []
    for fld in fields:
        flags = [flag for flag, on in (("required", fld.required), ("optional", fld.optional),
                                       ("computed", fld.computed), ("forces replacement", fld.force_new)) if on]
        if fld.max_items:
            flags.append(f"at most {fld.max_items}")
        if fld.deprecated:
            flags.append("deprecated")
        kind = "list of objects" if as_attribute(fld) else "block" if fld.is_block else _type_words(fld.kind)
        lines.append(f"{'  ' * depth}- `{fld.name}` ({kind}; {', '.join(flags)}): {description_of(fld)}".rstrip(": "))
        lines += _field_lines(fld.fields, depth + 1)
    return lines


def _type_words(kind: str) -> str:
    return {STRING: "string", INT: "number", BOOL: "bool", SET_OF_STRINGS: "set of strings",
            LIST_OF_STRINGS: "list of strings", BLOCK: "block"}[kind]


def write_all(root: Path) -> list[Path]:
    """Write schema.json and docs/ under `root` (provider-schema/); answers the files written."""
    from vpcmock_provider.registry import DATA_SOURCE_DECLARATIONS as DATA_SOURCES
    from vpcmock_provider.registry import RESOURCE_DECLARATIONS as RESOURCES
    from vpcmock_provider.provider_config import PROVIDER_FIELDS

    written = [root / "schema.json"]
    written[0].write_text(json.dumps(provider_json(PROVIDER_FIELDS, RESOURCES, DATA_SOURCES), indent=2) + "\n")
    for folder, declarations in (("resources", RESOURCES), ("data-sources", DATA_SOURCES)):
        (root / "docs" / folder).mkdir(parents=True, exist_ok=True)
        for name, declaration in declarations.items():
            page = root / "docs" / folder / f"{name.removeprefix('ibm_')}.md"
            page.write_text(markdown(declaration))
            written.append(page)
    return written


if __name__ == "__main__":
    for path in write_all(Path(__file__).resolve().parent.parent):
        print(path)
