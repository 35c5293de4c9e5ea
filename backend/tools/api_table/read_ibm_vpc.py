"""Write the API table, backend/vpcmock/api_table/vpc.json, from the installed official SDK
(ibm-vpc, pinned in pyproject.toml): every operation of ``VpcV1`` and every model, read from
``ibm_vpc/vpc_v1.py`` with ``ast`` (its code is never run).

    .venv/bin/python backend/tools/api_table/read_ibm_vpc.py          # write the table
    .venv/bin/python backend/tools/api_table/read_ibm_vpc.py --check  # exit 1 if it is stale

Operation: ``{"method", "path", "path_params", "query", "headers", "body", "response", "status",
"status_rule", "pagination"?}``; a parameter ``{"name" (as sent), "required", "type", "format"?,
"enum"?, "items"?, "explode": false (a list sent comma-separated)?, "minimum"?, "maximum"?,
"default"?}``; a body ``{"content_type", "required", "type": "object", "model"}`` or, where the SDK
flattens it into arguments, ``{..., "properties": {wire: schema}}``; a response
``{"content_type", "model"}`` or ``{"content_type", "type": "string"}``.

Model: ``{"properties": {wire: schema + "required" + "readonly"}, "usage", "variants"?,
"discriminator"?, "variant_of"?}``; a schema is ``{"type", "format"?, "model"?, "items"?, "enum"?}``.
What the SDK does not carry is derived by the rules written into the table's ``conventions``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules, when loaded by path

import api_derived  # noqa: E402
import api_statuses  # noqa: E402
import sdk_models  # noqa: E402
import sdk_operations  # noqa: E402
from sdk_source import MODULE, PACKAGE, SERVICE_CLASS, Sdk, methods  # noqa: E402

TABLE = Path(__file__).resolve().parents[2] / "vpcmock" / "api_table" / "vpc.json"
_LINE_PER_ENTRY = ("models", "operations")

BOUNDS = ("limit: 1..100, default 50 (the VPC API's page size convention). The SDK carries no other bounds "
          "(string lengths and patterns, integer ranges such as a volume's capacity, array sizes): unknown here.")
REQUIRED = ("an operation's argument or a model's property is required when the SDK's signature has it before "
            "`*` (a model's from_dict refuses a dict without it); the rest are optional")
COMMON_QUERY = "the SDK sends version and generation on every request, from the client's settings"


def build_table(sdk: Sdk | None = None) -> dict:
    """The table, read from `sdk` (the installed one by default)."""
    sdk = sdk or Sdk.installed()
    operations = sdk_operations.read_operations(sdk)
    models = sdk_models.read_models(sdk)
    api_derived.annotate(operations, models)
    return {
        "sdk": {"package": PACKAGE, "version": sdk.version, "module": MODULE, "service": SERVICE_CLASS},
        "common_query": _common_query(sdk),
        "conventions": {"status": api_statuses.describe(), "readonly": api_derived.READONLY_RULE,
                        "discriminator": api_derived.DISCRIMINATOR_RULE, "bounds": BOUNDS, "required": REQUIRED,
                        "common_query": COMMON_QUERY},
        "operations": operations,
        "models": models,
    }


def _common_query(sdk: Sdk) -> list[dict]:
    init = methods(sdk.service)["__init__"]
    defaults = dict(zip([a.arg for a in init.args.args[-len(init.args.defaults):]], init.args.defaults))
    return [{"name": "version", "type": "string", "format": "date", "default": defaults["version"].value},
            {"name": "generation", "type": "integer", "default": defaults["generation"].value}]


def render(table: dict) -> str:
    """Deterministic JSON: sorted keys, one line per operation and per model, no timestamps."""
    parts = []
    for key in sorted(table):
        value = table[key]
        if key in _LINE_PER_ENTRY:
            entries = ",\n".join(f"{json.dumps(name)}: {_compact(value[name])}" for name in sorted(value))
            parts.append(f"{json.dumps(key)}: {{\n{entries}\n}}")
        else:
            parts.append(f"{json.dumps(key)}: {_compact(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _compact(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed table is stale")
    args = parser.parse_args(argv)
    text = render(build_table())
    if args.check:
        if TABLE.exists() and TABLE.read_text(encoding="utf-8") == text:
            print(f"{TABLE} is up to date")
            return 0
        print(f"{TABLE} is stale: run {Path(__file__).name} without --check", file=sys.stderr)
        return 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
