"""Compare a table's statuses with an SDK's unit tests, which mock each operation's answer with the
success status of the API definition: the source of ``platform_statuses``. The tests are not
installed with the SDKs: take them from the SDK's repository or sdist (see each rule's source).

    .venv/bin/python backend/tools/api_table/unit_test_statuses.py iam_identity test_iam_identity_v1.py
    .venv/bin/python backend/tools/api_table/unit_test_statuses.py cos_config resource_configuration_v1_test.go

Python tests (``responses.add(responses.POST, url, ..., status=201)`` then ``_service.<operation>(...)``
in one test function) are read with ``ast``; Go tests (``Describe(`CreateBucket(...)`` ... ``res.WriteHeader(201)``)
line by line. Prints each operation whose status differs, and those the tests do not cover.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

TABLES = Path(__file__).resolve().parents[2] / "vpcmock" / "api_table"
_GO_DESCRIBE = re.compile(r"^\tDescribe\(`(\w+)\(")
_GO_STATUS = re.compile(r"res\.WriteHeader\((\d+)\)")


def python_statuses(source: str) -> dict[str, set[int]]:
    """operation id -> the success statuses its tests mock."""
    found: dict[str, set[int]] = {}
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        codes, operations = set(), set()
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "responses.add":
                codes |= {k.value.value for k in node.keywords if k.arg == "status"}
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and ast.unparse(node.func.value) == "_service"):
                operations.add(node.func.attr)
        for operation in operations - {"enable_retries", "disable_retries", "set_service_url"}:
            found.setdefault(operation, set()).update(code for code in codes if code < 400)
    return found


def go_statuses(source: str) -> dict[str, set[int]]:
    """operation id (the Go name in snake case) -> the success statuses its tests write."""
    found: dict[str, set[int]] = {}
    operation = None
    for line in source.splitlines():
        if match := _GO_DESCRIBE.match(line):
            operation = re.sub(r"(?<!^)(?=[A-Z])", "_", match.group(1)).lower()
        elif operation and (match := _GO_STATUS.search(line)) and int(match.group(1)) < 400:
            found.setdefault(operation, set()).add(int(match.group(1)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", help="the table's name, as backend/vpcmock/api_table/<table>.json")
    parser.add_argument("tests", type=Path, help="the SDK's unit test file (.py or .go)")
    args = parser.parse_args(argv)
    source = args.tests.read_text(encoding="utf-8")
    tested = go_statuses(source) if args.tests.suffix == ".go" else python_statuses(source)
    operations = json.loads((TABLES / f"{args.table}.json").read_text(encoding="utf-8"))["operations"]
    differing = {op: (operations[op]["status"], sorted(codes)) for op, codes in tested.items()
                 if op in operations and codes != {operations[op]["status"]}}
    untested = sorted(set(operations) - set(tested))
    for op, (table, tests) in sorted(differing.items()):
        print(f"{op}: table {table}, tests {tests}")
    print(f"{len(tested)} operations tested, {len(differing)} differing; untested: {', '.join(untested) or 'none'}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
