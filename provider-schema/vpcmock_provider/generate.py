"""Everything generated from the declarations: the plugin-protocol schema, the JSON that
``terraform providers schema -json`` prints, and a markdown page per type.

Like every terraform-plugin-sdk v2 provider (the IBM one is), each type also gets the implicit
``id`` attribute (optional and computed for resources, computed for data sources).
"""

from __future__ import annotations

import json
from pathlib import Path

from vpcmock_provider.fields import MISSING, Declaration, Field

PROVIDER_ADDRESS = "registry.terraform.io/ibm-cloud/ibm"
_SCALARS = {"TypeString": "string", "TypeInt": "number", "TypeFloat": "number", "TypeBool": "bool"}
_COLLECTIONS = {"TypeList": "list", "TypeSet": "set", "TypeMap": "map"}


def type_of(fld: Field):
    """The cty type of an attribute, in the JSON form of the plugin protocol. A map is of
    strings whatever its element says, as terraform-plugin-sdk v2 serves it."""
    if fld.kind in _SCALARS:
        return _SCALARS[fld.kind]
    outer, _, inner = fld.kind.partition("[")
    inner = inner.rstrip("]")
    collection = _COLLECTIONS[outer]
    if collection == "map":
        return ["map", "string" if inner == "block" else _SCALARS[inner]]
    if inner == "block":
        return [collection, ["object", {child.name: type_of(child) for child in fld.fields}]]
    return [collection, _SCALARS[inner]]


def _id_field(declaration: Declaration) -> Field:
    # terraform-plugin-sdk v2 serves the implicit id as optional and computed for every type.
    return Field("id", "TypeString", optional=True, computed=True)


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


def _min_items(fld: Field) -> int:
    """Only a Required nested block keeps MinItems, and Required means at least one."""
    return max(fld.min_items or 0, 1) if fld.required else 0


# -- JSON, in the shape of `terraform providers schema -json` ------------------------------------

def block_json(fields: tuple[Field, ...], description: str = "", timeouts: tuple[str, ...] = (),
               deprecated: bool = False) -> dict:
    attributes, block_types = {}, {}
    for fld in sorted(fields, key=lambda x: x.name):
        if fld.is_block and not fld.as_attribute:
            nested = {"nesting_mode": "set" if fld.is_set else "list",
                      "block": block_json(fld.fields, fld.description, deprecated=bool(fld.deprecated))}
            if _min_items(fld):
                nested["min_items"] = _min_items(fld)
            if fld.max_items is not None:
                nested["max_items"] = fld.max_items
            block_types[fld.name] = nested
            continue
        entry = {"type": type_of(fld), "description_kind": "plain"}
        if description_of(fld):
            entry["description"] = description_of(fld)
        for flag, on in (("required", fld.served_required), ("optional", fld.served_optional),
                         ("computed", fld.computed), ("deprecated", bool(fld.deprecated)),
                         ("sensitive", fld.sensitive)):
            if on:
                entry[flag] = True
        attributes[fld.name] = entry
    if timeouts:
        block_types["timeouts"] = {"nesting_mode": "single", "block": {"attributes": {
            operation: {"type": "string", "description_kind": "plain", "optional": True} for operation in timeouts},
            "description_kind": "plain"}}
    out = {}
    if attributes:
        out["attributes"] = attributes
    if block_types:
        out["block_types"] = block_types
    if description:
        out["description"] = description
    out["description_kind"] = "plain"
    if deprecated:
        out["deprecated"] = True
    return out


def type_json(declaration: Declaration) -> dict:
    return {"version": declaration.schema_version,
            "block": block_json(all_fields(declaration), declaration.description, declaration.timeouts,
                                bool(declaration.deprecated))}


def provider_json(provider_fields, resources: dict, data_sources: dict) -> dict:
    return {"format_version": "1.0", "provider_schemas": {PROVIDER_ADDRESS: {
        "provider": {"version": 0, "block": block_json(tuple(provider_fields))},
        "resource_schemas": {name: type_json(d) for name, d in sorted(resources.items())},
        "data_source_schemas": {name: type_json(d) for name, d in sorted(data_sources.items())},
    }}}


# -- the plugin protocol (tfplugin6) -------------------------------------------------------------

def schema_pb(declaration: Declaration):
    from tf.gen import tfplugin_pb2 as pb
    return pb.Schema(version=declaration.schema_version, block=_block_pb(
        pb, all_fields(declaration), declaration.description, declaration.timeouts, bool(declaration.deprecated)))


def provider_schema_pb(fields):
    from tf.gen import tfplugin_pb2 as pb
    return pb.Schema(version=0, block=_block_pb(pb, tuple(fields), ""))


def _block_pb(pb, fields, description: str, timeouts: tuple[str, ...] = (), deprecated: bool = False):
    attributes, blocks = [], []
    for fld in sorted(fields, key=lambda x: x.name):
        if fld.is_block and not fld.as_attribute:
            nesting = pb.Schema.NestedBlock.NestingMode.SET if fld.is_set else pb.Schema.NestedBlock.NestingMode.LIST
            blocks.append(pb.Schema.NestedBlock(
                type_name=fld.name, block=_block_pb(pb, fld.fields, fld.description, deprecated=bool(fld.deprecated)),
                nesting=nesting, min_items=_min_items(fld), max_items=fld.max_items or 0))
            continue
        attributes.append(pb.Schema.Attribute(
            name=fld.name, type=json.dumps(type_of(fld)).encode(), description=description_of(fld),
            required=fld.served_required, optional=fld.served_optional, computed=fld.computed,
            sensitive=fld.sensitive, deprecated=bool(fld.deprecated), description_kind=pb.StringKind.PLAIN))
    if timeouts:
        blocks.append(pb.Schema.NestedBlock(
            type_name="timeouts", nesting=pb.Schema.NestedBlock.NestingMode.SINGLE,
            block=pb.Schema.Block(attributes=[pb.Schema.Attribute(
                name=operation, type=b'"string"', optional=True, description_kind=pb.StringKind.PLAIN)
                for operation in timeouts], description_kind=pb.StringKind.PLAIN)))
    return pb.Schema.Block(attributes=attributes, block_types=blocks, description=description,
                           description_kind=pb.StringKind.PLAIN, deprecated=deprecated)


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
        kind = "list of objects" if fld.as_attribute else "block" if fld.is_block else _type_words(fld.kind)
        lines.append(f"{'  ' * depth}- `{fld.name}` ({kind}; {', '.join(flags)}): {description_of(fld)}".rstrip(": "))
        lines += _field_lines(fld.fields, depth + 1)
    return lines


def _type_words(kind: str) -> str:
    words = {"TypeString": "string", "TypeInt": "number", "TypeFloat": "number", "TypeBool": "bool",
             "TypeList": "list of", "TypeSet": "set of", "TypeMap": "map of"}
    outer, _, inner = kind.partition("[")
    return words[outer] + (f" {words[inner.rstrip(']')]}s" if inner else "")


SCHEMA_PB = Path(__file__).parent / "provider_schema.pb"


def provider_schema_response():
    """The GetProviderSchema answer, built from the declarations (what provider_schema.pb holds)."""
    from tf.gen import tfplugin_pb2 as pb

    from vpcmock_provider import registry
    from vpcmock_provider.provider_config import PROVIDER_FIELDS

    return pb.GetProviderSchema.Response(
        provider=provider_schema_pb(PROVIDER_FIELDS),
        resource_schemas={n: schema_pb(registry.resource(n).DECLARATION) for n in registry.RESOURCE_TYPES},
        data_source_schemas={n: schema_pb(registry.data_source(n).DECLARATION) for n in registry.DATA_SOURCE_TYPES},
        server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True))


def types_table() -> str:
    """docs/TYPES.md: every served type with its depth, so nobody mistakes a stored type for an
    emulated one."""
    from vpcmock_provider import registry
    from vpcmock_provider.resources.platform.stored import StoredResource
    from vpcmock_provider.resources.platform.stored_data import AccountDataSource, StoredDataSource

    lines = ["# Types served and their depth", "",
             "Every type of the IBM provider 2.5.0 is served with its exact protocol schema. *In depth*: the",
             "mock emulates its API and behaviour. *Stored*: the mock keeps what Terraform sends (with an",
             "IBM-format id, a CRN, creation time and ready statuses), checks the resources it names and keeps",
             "a resource still named from deletion, and nothing more: no traffic flows through a load balancer",
             "or gateway, no DNS name resolves, no key encrypts or decrypts, no IAM policy other than the",
             "Backup for VPC authorizations grants or denies anything.", "",
             "*Through the API*: the generic engine serves the type's API (the VPC API, or a platform",
             "service's: context-based restrictions, Resource Controller, IAM Identity and Access Groups, DNS",
             "Services, Transit Gateway; the SDK creates, gets and lists it; references, addresses and statuses",
             "are checked and computed there), and the provider",
             "creates, reads, updates, deletes and imports it through that API as the IBM provider does; what",
             "the API does not carry (`tags`, `access_tags`, `timeouts`, ...) is kept beside it. Its data",
             "sources read the API.", "",
             "| kind | type | depth |", "|---|---|---|"]
    api_backed = set(registry.API_RESOURCES)
    for name in registry.RESOURCE_TYPES:
        depth = "stored" if isinstance(registry.resource(name), StoredResource) else \
            "through the API" if name in api_backed else "in depth"
        lines.append(f"| resource | `{name}` | {depth} |")
    for name in registry.DATA_SOURCE_TYPES:
        source = registry.data_source(name)
        through_api = getattr(getattr(source, "resource", None), "DECLARATION", None) is not None and \
            source.resource.DECLARATION.type_name in api_backed or name in registry.API_DATA_SOURCES
        depth = "through the API" if through_api else "in depth" if not isinstance(source, StoredDataSource) else \
            "reads the caller's account" if isinstance(source, AccountDataSource) else \
            "stored" if source.resource_type else "answers the lookup given (no catalogue yet)"
        lines.append(f"| data source | `{name}` | {depth} |")
    return "\n".join(lines) + "\n"


def write_all(root: Path) -> list[Path]:
    """Write schema.json and docs/ under `root` (provider-schema/); answers the files written."""
    from vpcmock_provider.provider_config import PROVIDER_FIELDS
    from vpcmock_provider.registry import data_source_declarations, resource_declarations

    RESOURCES, DATA_SOURCES = resource_declarations(), data_source_declarations()

    written = [root / "schema.json", SCHEMA_PB]
    # Built once here, read by each provider start: building 490 schemas costs about 200 ms,
    # and Terraform starts the provider 3 or 4 times per command.
    SCHEMA_PB.write_bytes(provider_schema_response().SerializeToString(deterministic=True))
    written[0].write_text(json.dumps(provider_json(PROVIDER_FIELDS, RESOURCES, DATA_SOURCES), indent=2) + "\n")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "TYPES.md").write_text(types_table())
    written.append(root / "docs" / "TYPES.md")
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
