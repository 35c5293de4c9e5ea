"""The checked-in schema and docs are what the declarations generate (regenerate with
`python -m vpcmock_provider.generate`)."""

import json
from pathlib import Path

from vpcmock_provider import generate
from vpcmock_provider.provider_config import PROVIDER_FIELDS
from vpcmock_provider.registry import data_source_declarations, resource_declarations

RESOURCE_DECLARATIONS, DATA_SOURCE_DECLARATIONS = resource_declarations(), data_source_declarations()

ROOT = Path(__file__).resolve().parent.parent / "provider-schema"


def test_checked_in_schema_json_is_what_the_declarations_generate():
    expected = generate.provider_json(PROVIDER_FIELDS, RESOURCE_DECLARATIONS, DATA_SOURCE_DECLARATIONS)
    assert json.loads((ROOT / "schema.json").read_text()) == expected


def test_checked_in_docs_are_what_the_declarations_generate():
    for folder, declarations in (("resources", RESOURCE_DECLARATIONS), ("data-sources", DATA_SOURCE_DECLARATIONS)):
        for name, declaration in declarations.items():
            page = ROOT / "docs" / folder / f"{name.removeprefix('ibm_')}.md"
            assert page.read_text() == generate.markdown(declaration), f"{page} is stale"


def test_every_type_gets_the_implicit_id_attribute():
    schema = generate.provider_json(PROVIDER_FIELDS, RESOURCE_DECLARATIONS, DATA_SOURCE_DECLARATIONS)
    provider = schema["provider_schemas"][generate.PROVIDER_ADDRESS]
    assert provider["resource_schemas"]["ibm_is_backup_policy"]["block"]["attributes"]["id"] == {
        "type": "string", "description_kind": "plain", "optional": True, "computed": True}
    assert provider["data_source_schemas"]["ibm_is_backup_policy"]["block"]["attributes"]["id"] == {
        "type": "string", "description_kind": "plain", "optional": True, "computed": True}


def test_checked_in_protocol_schema_is_what_the_declarations_generate():
    """provider_schema.pb, which each provider start serves, is fresh."""
    from tf.gen import tfplugin_pb2 as pb
    checked_in = pb.GetProviderSchema.Response.FromString(generate.SCHEMA_PB.read_bytes())
    assert checked_in == generate.provider_schema_response()


def test_checked_in_types_table_is_what_the_registry_says():
    assert (ROOT / "docs" / "TYPES.md").read_text() == generate.types_table()
