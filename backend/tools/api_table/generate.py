"""Write the API tables, backend/vpcmock/api_table/<service>.json, from the installed official SDKs
(pinned in pyproject.toml's ``test`` extra; Activity Tracker's from a clone of its Go SDK, ``go_sdk``): one table per service that ``services`` lists, read
from its generated SDK module by ``sdk_table``, and COS's S3 API from its botocore model by ``cos_s3``.

    .venv/bin/python backend/tools/api_table/generate.py                  # write every table
    .venv/bin/python backend/tools/api_table/generate.py --check          # exit 1 if any is stale
    .venv/bin/python backend/tools/api_table/generate.py vpc iam_identity # only these

The shapes of a table are described in ``sdk_table`` (generated SDKs) and ``cos_s3`` (S3).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules, when loaded by path

import cos_s3  # noqa: E402
import go_sdk  # noqa: E402
import sdk_table  # noqa: E402
import services  # noqa: E402

TABLES_DIR = Path(__file__).resolve().parents[2] / "vpcmock" / "api_table"
_LINE_PER_ENTRY = ("models", "operations", "shapes")

BUILDERS: dict[str, Callable[[], dict]] = {
    **{service.name: (lambda service=service: sdk_table.build_table(service)) for service in services.GENERATED},
    cos_s3.NAME: cos_s3.build_table,
    # Go-only SDKs (Activity Tracker): read from a clone of the Go SDK, skipped where there is none
    **{service.name: (lambda service=service: go_sdk.build_table(service)) for service in go_sdk.SERVICES},
}


def path(name: str) -> Path:
    return TABLES_DIR / f"{name}.json"


def render(table: dict) -> str:
    """Deterministic JSON: sorted keys, one line per operation, model and shape, no timestamps."""
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
    parser.add_argument("--check", action="store_true", help="exit 1 when a committed table is stale")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"the tables to write or check (all by default): {', '.join(BUILDERS)}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BUILDERS))
    if unknown:
        parser.error(f"no table named {', '.join(unknown)}")
    stale = []
    for name in args.names or BUILDERS:
        try:
            text = render(BUILDERS[name]())
        except go_sdk.SourceUnavailable as missing:
            print(f"{path(name)} skipped, its SDK source is not here: {missing}", file=sys.stderr)
            continue
        target = path(name)
        if args.check:
            if target.exists() and target.read_text(encoding="utf-8") == text:
                print(f"{target} is up to date")
            else:
                stale.append(name)
                print(f"{target} is stale: run {Path(__file__).name} {name}", file=sys.stderr)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target} ({len(text):,} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
