"""The IBM provider's schemas, imported from the reference as declarations, lower to exactly the
protocol schema the IBM provider 2.5.0 serves: every one of its 490 types, compared whole
(attributes, types, flags, nesting, min/max items, id, timeouts); descriptions aside.

`fixtures/expected-protocol-schema.json` is the reference's `expected-protocol-schema.json`;
`ibm_schemas/` is what `provider-schema/tools/import_ibm_schemas.py` made of the reference.
"""

import json
from pathlib import Path

import pytest

from vpcmock_provider import generate, ibm_schema
from vpcmock_provider.environment import SCHEMA_VERSION, VERSIONS

EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "expected-protocol-schema.json").read_text())[
    "provider_schemas"]["registry.terraform.io/ibm-cloud/ibm"]
KINDS = {"resource": "resource_schemas", "data": "data_source_schemas"}


def without_descriptions(value):
    """The reference leaves descriptions out; the served schema has them where the mock says more."""
    if isinstance(value, dict):
        drop = ("description", "description_kind") if "description_kind" in value else ()
        return {k: without_descriptions(v) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [without_descriptions(v) for v in value]
    return value


def lowered(name: str, kind: str) -> dict:
    return without_descriptions(generate.type_json(ibm_schema.declaration(name, kind)))


def protocol_block(name: str, kind: str) -> dict:
    return lowered(name, kind)["block"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_imported_schemas_hold_every_type_of_the_ibm_provider(kind):
    assert ibm_schema.type_names(kind) == sorted(EXPECTED[KINDS[kind]])


@pytest.mark.parametrize("kind", KINDS)
def test_every_imported_type_lowers_to_the_ibm_providers_protocol_schema(kind):
    different = [name for name in ibm_schema.type_names(kind)
                 if lowered(name, kind) != EXPECTED[KINDS[kind]][name]]
    assert different == []


def test_a_computed_only_nested_list_is_an_attribute_of_objects():
    plans = protocol_block("ibm_is_backup_policy_plans", "data")["attributes"]["plans"]
    assert plans["type"][0] == "list" and plans["type"][1][0] == "object"
    assert plans["computed"] is True


def test_a_required_block_without_min_items_needs_one():
    block = protocol_block("ibm_dns_glb_pool", "resource")["block_types"]["origins"]
    assert (block["nesting_mode"], block["min_items"], "max_items" in block) == ("set", 1, False)


def test_timeouts_are_a_single_block_of_the_configured_operations():
    timeouts = protocol_block("ibm_is_volume", "resource")["block_types"]["timeouts"]
    assert timeouts == {"nesting_mode": "single", "block": {"attributes": {
        "create": {"type": "string", "optional": True}, "delete": {"type": "string", "optional": True}}}}


def test_the_mirror_offers_every_released_version_up_to_the_schema_version():
    assert (VERSIONS[0], VERSIONS[-1], len(VERSIONS)) == ("1.0.0", SCHEMA_VERSION, 190)
