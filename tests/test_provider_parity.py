"""Every backup resource and data source declaration matches the IBM provider's schema flags."""

import re
from pathlib import Path

import pytest

from vpcmock_provider.registry import DATA_SOURCE_DECLARATIONS as DATA_SOURCES
from vpcmock_provider.registry import RESOURCE_DECLARATIONS as RESOURCES
from vpcmock_provider.fields import MISSING

LISTING = Path(__file__).parent / "fixtures" / "ibm-provider-backup-schemas.txt"
_FILE_TYPES = {"resource_": RESOURCES, "data_source_": DATA_SOURCES}


def ibm_listing() -> dict[tuple[str, str], dict[str, dict]]:
    """{(kind, type name): {dotted path: {"kind", flag: value}}} from the IBM listing."""
    result, current = {}, None
    for line in LISTING.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        header = re.match(r"=== (resource_|data_source_)(ibm_\w+)\.go", line)
        if header:
            current = result.setdefault((header.group(1), header.group(2)), {})
            continue
        path, kind, flags = re.match(r"(\S+)\s+(\S+)\s*(.*)$", line).groups()
        parsed = {"kind": kind}
        for name, value in re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\[\]string\{[^}]*\}|\S+)', flags):
            parsed[name] = value
        current[path] = parsed
    return result


def our_flags(declaration) -> dict[str, dict]:
    flags = {}

    def walk(fields, prefix):
        for field in fields:
            entry = {"kind": field.kind}
            for flag, on in (("Required", field.required), ("Optional", field.optional),
                             ("Computed", field.computed), ("ForceNew", field.force_new)):
                if on:
                    entry[flag] = "true"
            if field.default is not MISSING:
                entry["Default"] = f'"{field.default}"' if isinstance(field.default, str) else str(field.default).lower()
            if field.max_items is not None:
                entry["MaxItems"] = str(field.max_items)
            if field.deprecated:
                entry["Deprecated"] = f'"{field.deprecated}"'
            for flag, names in (("ConflictsWith", field.conflicts_with), ("ExactlyOneOf", field.exactly_one_of)):
                if names:
                    entry[flag] = "[]string{" + ", ".join(f'"{n}"' for n in names) + "}"
            if field.check is not None:
                entry["validated"] = True
            if field.check_items is not None:
                entry["items_validated"] = True
            flags[prefix + field.name] = entry
            walk(field.fields, prefix + field.name + ".")

    walk(declaration.fields, "")
    return flags


def comparable(ibm: dict) -> dict:
    entry = {k: v for k, v in ibm.items() if k in ("kind", "Required", "Optional", "Computed", "ForceNew", "Default",
                                                   "MaxItems", "Deprecated", "ConflictsWith", "ExactlyOneOf")}
    if "ValidateFunc" in ibm:
        entry["validated"] = True
    if "elem_validate" in ibm:
        entry["items_validated"] = True
    return entry


CASES = sorted(ibm_listing().items())


@pytest.mark.parametrize("key, ibm", CASES, ids=[f"{k[0]}{k[1]}" for k, _ in CASES])
def test_declaration_has_exactly_the_ibm_fields_and_flags(key, ibm):
    declaration = _FILE_TYPES[key[0]][key[1]]
    ours = our_flags(declaration)
    assert sorted(ours) == sorted(ibm)
    assert {path: ours[path] for path in ibm} == {path: comparable(flags) for path, flags in ibm.items()}


def test_every_declared_backup_type_is_in_the_ibm_listing():
    listed = {name for _, name in ibm_listing()}
    backup_types = {name for name in set(RESOURCES) | set(DATA_SOURCES) if name.startswith(("ibm_is_backup_polic"))}
    assert backup_types == listed
