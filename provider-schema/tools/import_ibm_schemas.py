"""Import the IBM provider's schemas (reference/ibm-provider-schemas/*.txt) as the attribute part
of the provider's declarations: one JSON file per type name under
``vpcmock_provider/ibm_schemas/``, plus the list of released versions.

Run from the repository root after the reference changes:

    python provider-schema/tools/import_ibm_schemas.py ../shared/reference

Each file holds ``{"resource": SECTION?, "data": SECTION?}``; a section is
``{"attributes": [ATTRIBUTE, ...], "timeouts": {op: duration}, "schema_version": N,
"deprecated": text?, "source": go file}`` and an attribute
``{"name", "type", "flags": {Flag: value}, "attributes": [nested, for block elements]}``,
with the flags as the reference spells them (Go syntax: ``"true"``, ``"30"``,
``'"volume"'``, ``'[]string{"a", "b"}'``). Nothing here interprets them: see ibm_schema.py.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "vpcmock_provider" / "ibm_schemas"
VERSIONS_OUT = Path(__file__).resolve().parent.parent / "vpcmock_provider" / "ibm_provider_versions.txt"
_HEADER = re.compile(r"^=== (resource|data) (\S+)\s+\(.*?, (\S+)\)\s*$")
_CLOSE = {"(": ")", "{": "}", "[": "]"}


def split_flags(text: str) -> list[str]:
    """Split `Flag=value Flag=value` at the spaces outside quotes and brackets."""
    tokens, current, stack, quoted, escaped = [], "", [], False, False
    for char in text:
        if quoted:
            current += char
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char in _CLOSE:
            stack.append(_CLOSE[char])
        elif stack and char == stack[-1]:
            stack.pop()
        elif char.isspace() and not stack:
            if current:
                tokens.append(current)
            current = ""
            continue
        current += char
    if current:
        tokens.append(current)
    return tokens


def parse_line(line: str) -> tuple[str, str, dict]:
    path, kind, rest = (line.split(None, 2) + [""])[:3]
    flags = {}
    for token in split_flags(rest):
        name, _, value = token.partition("=")
        flags[name] = value
    return path, kind, flags


def parse_file(text: str) -> dict:
    sections, current, by_path = {}, None, {}
    for line in text.splitlines():
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            kind, _, source = header.groups()
            current = sections[kind] = {"attributes": [], "timeouts": {}, "schema_version": 0, "source": source}
            by_path = {}
            continue
        if line.startswith("timeouts:"):
            current["timeouts"] = dict(part.split("=", 1) for part in line.split()[1:])
        elif line.startswith("schema_version:"):
            current["schema_version"] = int(line.split()[1])
        elif line.startswith("deprecated:"):
            current["deprecated"] = json.loads(line.split(":", 1)[1].strip())
        else:
            path, kind, flags = parse_line(line)
            parent, _, name = path.rpartition(".")
            attribute = {"name": name, "type": kind, "flags": flags}
            if kind.endswith("[block]"):
                attribute["attributes"] = []
            (by_path[parent]["attributes"] if parent else current["attributes"]).append(attribute)
            by_path[path] = attribute
    return sections


def main(reference: Path) -> None:
    schemas = reference / "ibm-provider-schemas"
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    count, index = 0, {"resource": [], "data": []}
    for path in sorted(schemas.glob("ibm_*.txt")):
        sections = parse_file(path.read_text())
        (OUT / f"{path.stem}.json").write_text(json.dumps(sections, indent=1, sort_keys=True) + "\n")
        count += len(sections)
        for kind in sections:
            index[kind].append(path.stem)
    # The type names by kind, so a provider start need not open 445 files to list them.
    (OUT / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    lines = (reference / "ibm-provider-versions.txt").read_text().splitlines()
    versions = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    VERSIONS_OUT.write_text("\n".join(versions) + "\n")
    print(f"{count} types from {schemas}, {len(versions)} versions")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
