"""The Activity Tracker Event Routing table (backend/vpcmock/api_table/atracker.json), read by
backend/tools/api_table/go_sdk.py from the API's only official SDK in a language the generator
reads: the Go SDK's atrackerv2 (github.com/IBM/platform-services-go-sdk). No package registry
carries that source (CI installs from registries only), so the stale check runs where a clone of
the SDK is (VPCMOCK_GO_SDK_ATRACKER, or where the search tool's fetch puts it) and skips, saying
so, elsewhere; the committed table is what the server serves either way."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from vpcmock import api_table

TOOLS = Path(__file__).resolve().parents[1] / "backend" / "tools" / "api_table"


def load_tool(name: str):
    sys.path.insert(0, str(TOOLS))
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return load_tool("generate")


@pytest.fixture(scope="module")
def go_source(generate):
    go_sdk = sys.modules["go_sdk"]
    try:
        return go_sdk.GoSource.locate(go_sdk.ATRACKER)
    except go_sdk.SourceUnavailable as missing:
        pytest.skip(f"the Go SDK's source is not on this machine, so atracker.json cannot be regenerated here: "
                    f"{missing}")


def test_the_committed_table_is_what_the_go_sdk_gives(generate, go_source):
    go_sdk = sys.modules["go_sdk"]
    fresh = generate.render(go_sdk.build_table(go_sdk.ATRACKER, go_source))
    assert fresh == generate.path("atracker").read_text(encoding="utf-8"), (
        "atracker.json is stale: run .venv/bin/python backend/tools/api_table/generate.py atracker")


def test_the_generator_skips_the_table_when_the_source_is_missing(generate, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VPCMOCK_GO_SDK_ATRACKER", str(tmp_path / "absent"))
    assert generate.main(["--check", "atracker"]) == 0
    assert "atracker.json skipped, its SDK source is not here" in capsys.readouterr().err


def test_the_table_records_the_go_sdk_it_was_read_from():
    sdk = api_table.table("atracker")["sdk"]
    assert {k: sdk[k] for k in ("package", "version", "module", "service", "language")} == {
        "package": "github.com/IBM/platform-services-go-sdk", "version": "0.101.0",
        "module": "atrackerv2/atracker_v2.go", "service": "AtrackerV2", "language": "go"}
    assert len(sdk["commit"]) == 40


def test_the_table_holds_every_operation_and_model_of_the_sdk():
    assert sorted(api_table.operations("atracker")) == [
        "create_route", "create_target", "delete_route", "delete_target", "get_route", "get_settings", "get_target",
        "list_routes", "list_targets", "put_settings", "replace_route", "replace_target", "validate_target"]
    assert len(api_table.models("atracker")) == 18


def test_statuses_are_those_the_sdks_unit_test_answers():
    statuses = {op: spec["status"] for op, spec in api_table.operations("atracker").items()}
    assert statuses == {"create_route": 201, "create_target": 201, "delete_route": 204, "delete_target": 200,
                        "get_route": 200, "get_settings": 200, "get_target": 200, "list_routes": 200,
                        "list_targets": 200, "put_settings": 201, "replace_route": 200, "replace_target": 200,
                        "validate_target": 200}


def test_create_target_posts_a_flattened_body_with_the_target_types_as_enum():
    op = api_table.operation("create_target", "atracker")
    props = op["body"]["properties"]
    assert (op["method"], op["path"], sorted(n for n, p in props.items() if p["required"]),
            props["target_type"]["enum"]) == (
        "POST", "/api/v2/targets", ["name", "target_type"],
        ["app_config", "cloud_logs", "cloud_object_storage", "event_streams"])


def test_a_cos_endpoint_prototype_requires_endpoint_crn_and_bucket_and_the_answer_hides_the_key():
    proto = api_table.model("CosEndpointPrototype", "atracker")["properties"]
    answer = api_table.model("CosEndpoint", "atracker")["properties"]
    assert sorted(n for n, p in proto.items() if p["required"]) == ["bucket", "endpoint", "target_crn"]
    assert "api_key" in proto and "api_key" not in answer


def test_the_endpoint_is_regional_with_a_private_url_per_region():
    endpoint = api_table.table("atracker")["endpoint"]
    assert (endpoint["url"], endpoint["base_path"], endpoint["url_template"],
            endpoint["regional_urls"]["private.eu-de"]) == (
        "https://us-south.atracker.cloud.ibm.com", "", "https://{region}.atracker.cloud.ibm.com",
        "https://private.eu-de.atracker.cloud.ibm.com")
