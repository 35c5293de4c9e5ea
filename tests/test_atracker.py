"""Activity Tracker Event Routing (API v2) on a real server, at /atracker where `vpcmock env`
points IBMCLOUD_ATRACKER_API_ENDPOINT: targets, routes and settings as the API keeps and checks
them.

The API's only official SDKs are Go's (github.com/IBM/platform-services-go-sdk atrackerv2, what
the IBM provider uses) and Node's; neither can be the client of a Python test, so the client here
is plain HTTP (`requests`) with the IAM token an SDK would send, and every answer is checked
against the model the table (read from the Go SDK) gives the operation: each required property
there, no property the model lacks, each value of its type and enum."""

from __future__ import annotations

import re

import pytest
import requests

from conftest import start_server
from vpcmock import api_table
from vpcmock.engine.generic import service

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COS = {"endpoint": "s3.private.us-south.cloud-object-storage.appdomain.cloud",
       "target_crn": "crn:v1:bluemix:public:cloud-object-storage:global:a/a1b2:inst::", "bucket": "audit-bucket",
       "api_key": "a-writer-key"}
_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict, "number": (int, float)}


def conforms(value, model: str, path: str = "") -> None:
    """`value` is a `model` of the atracker table: required properties present, none unknown,
    each of its type (and enum)."""
    props = api_table.model(model, "atracker")["properties"]
    assert set(value) <= set(props), f"{path}: {sorted(set(value) - set(props))} not in {model}"
    for name, schema in props.items():
        if schema["required"]:
            assert name in value, f"{path}.{name} required by {model}"
        if name in value and value[name] is not None:
            _conforms_schema(value[name], schema, f"{path}.{name}")


def _conforms_schema(value, schema: dict, path: str) -> None:
    assert isinstance(value, _TYPES[schema["type"]]), f"{path}: {value!r} is not {schema['type']}"
    if "enum" in schema:
        assert value in schema["enum"], f"{path}: {value!r} not in {schema['enum']}"
    if "model" in schema:
        conforms(value, schema["model"], path)
    if schema["type"] == "array":
        for index, item in enumerate(value):
            _conforms_schema(item, schema["items"], f"{path}[{index}]")


class Client:
    """What an SDK client of the API does: a bearer token from the mock's IAM, the service URL."""

    def __init__(self, url: str):
        token = requests.post(f"{url}/identity/token", data={
            "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "atracker-key"}).json()["access_token"]
        self.base = service.sdk_url(url, "atracker")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, operation: str, body: dict | None = None, *, status: int | None = None, **path) -> dict | None:
        """Run `operation` of the table; the answer, checked against the operation's status and
        response model (or, with `status`, an error of that status)."""
        op = api_table.operation(operation, "atracker")
        query = {k: path.pop(k) for k in list(path) if k in {q["name"] for q in op["query"]}}
        answer = self.session.request(op["method"], self.base + op["path"].format(**path), json=body, params=query)
        if status is not None:
            assert answer.status_code == status, answer.text
            return answer.json()
        assert answer.status_code == op["status"], answer.text
        if op["response"] is None:
            assert answer.content == b""
            return None
        payload = answer.json()
        conforms(payload, op["response"]["model"], operation)
        return payload


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def at(server):
    return Client(server.url)


def cos_target(at: Client, name: str, **extra) -> dict:
    return at.call("create_target", {"name": name, "target_type": "cloud_object_storage", "cos_endpoint": COS, **extra})


def delete_everything(at: Client) -> None:
    at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False})
    for route in at.call("list_routes")["routes"]:
        at.call("delete_route", id=route["id"])
    for target in at.call("list_targets")["targets"]:
        at.call("delete_target", id=target["id"])


@pytest.fixture
def clean(at):
    delete_everything(at)
    yield
    delete_everything(at)


# -- targets ------------------------------------------------------------------------------------------

def test_a_cos_target_is_created_in_the_endpoint_region_with_a_successful_write_status(at, clean):
    target = cos_target(at, "audit")
    assert UUID.fullmatch(target["id"])
    assert target["crn"].startswith("crn:v1:bluemix:public:atracker:us-south:a/")
    assert target["crn"].endswith(f"::target:{target['id']}")
    assert (target["region"], target["target_type"], target["api_version"], target["managed_by"],
            target["write_status"]) == ("us-south", "cloud_object_storage", 2, "account", {"status": "success"})


def test_a_cos_targets_api_key_is_never_answered(at, clean):
    target = cos_target(at, "audit")
    assert target["cos_endpoint"] == {"endpoint": COS["endpoint"], "target_crn": COS["target_crn"],
                                      "bucket": "audit-bucket", "service_to_service_enabled": False}
    assert "api_key" not in at.call("get_target", id=target["id"])["cos_endpoint"]


def test_a_cos_endpoint_with_service_to_service_needs_no_api_key(at, clean):
    endpoint = {k: v for k, v in COS.items() if k != "api_key"}
    target = at.call("create_target", {"name": "s2s", "target_type": "cloud_object_storage",
                                       "cos_endpoint": {**endpoint, "service_to_service_enabled": True}})
    assert target["cos_endpoint"]["service_to_service_enabled"] is True


def test_a_cos_endpoint_without_api_key_or_service_to_service_is_refused(at, clean):
    endpoint = {k: v for k, v in COS.items() if k != "api_key"}
    error = at.call("create_target", {"name": "nokey", "target_type": "cloud_object_storage",
                                      "cos_endpoint": endpoint}, status=400)
    assert (error["errors"][0]["code"], error["errors"][0]["target"]["name"]) == ("bad_request", "cos_endpoint.api_key")


def test_a_target_without_the_endpoint_its_type_needs_is_refused(at, clean):
    error = at.call("create_target", {"name": "es", "target_type": "event_streams"}, status=400)
    assert error["errors"][0]["message"] == "a event_streams target requires eventstreams_endpoint"


def test_a_target_of_an_unknown_type_is_refused(at, clean):
    error = at.call("create_target", {"name": "x", "target_type": "logdna"}, status=400)
    assert error["errors"][0]["message"] == (
        "target_type: Must be one of: app_config, cloud_logs, cloud_object_storage, event_streams")


def test_event_streams_cloud_logs_and_app_config_targets_are_kept_and_returned(at, clean):
    crn = "crn:v1:bluemix:public:logs:us-south:a/a1b2:inst::"
    logs = at.call("create_target", {"name": "logs", "target_type": "cloud_logs",
                                     "cloudlogs_endpoint": {"target_crn": crn}})
    streams = at.call("create_target", {"name": "es", "target_type": "event_streams", "eventstreams_endpoint": {
        "target_crn": crn, "brokers": ["kafka-0:9093"], "topic": "audit", "api_key": "k"}})
    assert at.call("get_target", id=logs["id"])["cloudlogs_endpoint"] == {"target_crn": crn}
    assert at.call("get_target", id=streams["id"])["eventstreams_endpoint"]["brokers"] == ["kafka-0:9093"]


def test_a_target_in_another_region_is_created_there_and_listed_by_region(at, clean):
    cos_target(at, "here")
    there = cos_target(at, "there", region="eu-de")
    assert there["region"] == "eu-de"
    assert [t["name"] for t in at.call("list_targets", region="eu-de")["targets"]] == ["there"]
    assert sorted(t["name"] for t in at.call("list_targets")["targets"]) == ["here", "there"]


def test_a_target_in_a_region_activity_tracker_does_not_serve_is_refused(at, clean):
    error = at.call(
        "create_target", {"name": "moon", "target_type": "cloud_object_storage", "cos_endpoint": COS,
                          "region": "moon-1"}, status=400)
    assert error["errors"][0]["target"] == {"name": "region", "type": "field", "value": "moon-1"}


def test_a_target_outside_the_permitted_target_regions_is_refused(at, clean):
    at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False,
                             "permitted_target_regions": ["us-south", "us-east"]})
    error = at.call("create_target", {"name": "far", "target_type": "cloud_object_storage", "cos_endpoint": COS,
                                      "region": "eu-de"}, status=400)
    assert error["errors"][0]["message"] == (
        "targets may only be defined in the permitted target regions (us-south, us-east)")


def test_an_account_holds_at_most_16_targets(at, clean):
    for index in range(16):
        cos_target(at, f"t{index}")
    error = at.call("create_target", {"name": "t16", "target_type": "cloud_object_storage", "cos_endpoint": COS},
                    status=400)
    assert error["errors"][0]["message"] == "an account holds at most 16 targets"


def test_replacing_a_target_changes_its_endpoint_and_keeps_its_region_and_type(at, clean):
    target = cos_target(at, "audit", region="us-east")
    replaced = at.call("replace_target", {"name": "audit-2", "cos_endpoint": {**COS, "bucket": "other"}},
                       id=target["id"])
    assert (replaced["name"], replaced["cos_endpoint"]["bucket"], replaced["region"], replaced["target_type"],
            replaced["created_at"]) == ("audit-2", "other", "us-east", "cloud_object_storage", target["created_at"])


def test_a_targets_type_cannot_change(at, clean):
    target = cos_target(at, "audit")
    at.call("replace_target", {"name": "audit", "target_type": "cloud_logs",
                               "cloudlogs_endpoint": {"target_crn": "crn:v1:x"}}, id=target["id"], status=400)


def test_a_missing_target_is_404(at, clean):
    at.call("get_target", id="00000000-0000-4000-8000-000000000000", status=404)


def test_validating_a_target_whose_bucket_does_not_exist_shows_the_failed_write(at, clean):
    target = cos_target(at, "audit", cos_endpoint={**COS, "bucket": "no-such-bucket"})
    validated = at.call("validate_target", id=target["id"])
    status = validated["write_status"]
    assert (status["status"], status["reason_for_last_failure"]) == (
        "failed", "NoSuchBucket: The bucket no-such-bucket does not exist in the target's COS instance")
    assert at.call("get_target", id=target["id"])["write_status"] == status


def test_deleting_an_unused_target_answers_a_report_without_warnings(at, clean):
    target = cos_target(at, "audit")
    assert at.call("delete_target", id=target["id"]) == {"status_code": 200, "warnings": []}
    at.call("get_target", id=target["id"], status=404)


def test_a_target_a_route_names_cannot_be_deleted(at, clean):
    target = cos_target(at, "audit")
    route = at.call("create_route", {"name": "all", "rules": [{"target_ids": [target["id"]], "locations": ["*"]}]})
    error = at.call("delete_target", id=target["id"], status=409)
    assert error["errors"][0]["code"] == "target_in_use"
    at.call("delete_route", id=route["id"])
    at.call("delete_target", id=target["id"])


def test_a_default_target_cannot_be_deleted(at, clean):
    target = cos_target(at, "audit")
    at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False,
                             "default_targets": [target["id"]]})
    assert at.call("delete_target", id=target["id"], status=409)["errors"][0]["code"] == "target_in_use"


# -- routes ----------------------------------------------------------------------------------------------

def test_a_route_is_created_with_its_rules_and_version_0(at, clean):
    target = cos_target(at, "audit")
    route = at.call("create_route", {"name": "regional", "rules": [
        {"target_ids": [target["id"]], "locations": ["us-south", "global"]}]})
    assert (route["rules"], route["version"], route["api_version"]) == (
        [{"target_ids": [target["id"]], "locations": ["us-south", "global"]}], 0, 2)
    assert route["crn"].endswith(f"::route:{route['id']}")
    assert [r["id"] for r in at.call("list_routes")["routes"]] == [route["id"]]


def test_replacing_a_route_replaces_its_rules_and_counts_its_version(at, clean):
    target = cos_target(at, "audit")
    route = at.call("create_route", {"name": "r", "rules": [{"target_ids": [target["id"]], "locations": ["us-south"]}]})
    replaced = at.call("replace_route", {"name": "r2", "rules": [{"target_ids": [target["id"]], "locations": ["*"]}]},
                       id=route["id"])
    assert (replaced["name"], replaced["rules"][0]["locations"], replaced["version"]) == ("r2", ["*"], 1)


def test_a_route_naming_an_unknown_target_is_refused(at, clean):
    error = at.call("create_route", {"name": "r", "rules": [{"target_ids": ["no-such-target"], "locations": ["*"]}]},
                    status=400)
    assert error["errors"][0]["target"] == {"name": "rules[0].target_ids", "type": "field", "value": "no-such-target"}


def test_a_route_location_that_is_no_region_global_or_star_is_refused(at, clean):
    target = cos_target(at, "audit")
    error = at.call("create_route", {"name": "r", "rules": [{"target_ids": [target["id"]], "locations": ["mars"]}]},
                    status=400)
    assert error["errors"][0]["message"] == "'mars' is not a location: a region, global or *"


def test_deleting_a_route_answers_204(at, clean):
    target = cos_target(at, "audit")
    route = at.call("create_route", {"name": "r", "rules": [{"target_ids": [target["id"]], "locations": ["*"]}]})
    assert at.call("delete_route", id=route["id"]) is None
    at.call("get_route", id=route["id"], status=404)


# -- settings -------------------------------------------------------------------------------------------

def test_settings_before_any_put_are_the_defaults(at, clean):
    assert at.call("get_settings") == {"default_targets": [], "permitted_target_regions": [],
                                       "metadata_region_primary": "us-south", "private_api_endpoint_only": False,
                                       "api_version": 2}


def test_put_settings_is_answered_201_and_read_back(at, clean):
    target = cos_target(at, "audit")
    wanted = {"default_targets": [target["id"]], "permitted_target_regions": ["us-south"],
              "metadata_region_primary": "us-south", "metadata_region_backup": "us-east",
              "private_api_endpoint_only": False}
    assert api_table.operation("put_settings", "atracker")["status"] == 201
    assert at.call("put_settings", wanted) == {**wanted, "api_version": 2}
    assert at.call("get_settings") == {**wanted, "api_version": 2}


def test_a_default_target_that_does_not_exist_is_refused(at, clean):
    at.call("put_settings", {"metadata_region_primary": "us-south", "private_api_endpoint_only": False,
                             "default_targets": ["no-such-target"]}, status=400)


def test_settings_without_their_required_properties_are_refused(at, clean):
    at.call("put_settings", {"default_targets": []}, status=400)


def test_a_metadata_region_that_activity_tracker_does_not_serve_is_refused(at, clean):
    at.call("put_settings", {"metadata_region_primary": "moon-1", "private_api_endpoint_only": False}, status=400)


# -- where clients find it ----------------------------------------------------------------------------------

def test_the_provider_variable_points_at_the_mount():
    assert (service.SERVICES["atracker"].env, service.sdk_url("http://127.0.0.1:8080", "atracker")) == (
        "IBMCLOUD_ATRACKER_API_ENDPOINT", "http://127.0.0.1:8080/atracker")


def test_vpcmock_env_exports_the_variable_and_the_endpoints_file_entry(tmp_path):
    import json
    from pathlib import Path

    from vpcmock_provider.environment import exports
    url = "http://127.0.0.1:9999"
    seen = exports(url, tmp_path / "tf")
    endpoints = json.loads(Path(seen["IBMCLOUD_ENDPOINTS_FILE_PATH"]).read_text())["IBMCLOUD_ATRACKER_API_ENDPOINT"]
    assert seen["IBMCLOUD_ATRACKER_API_ENDPOINT"] == f"{url}/atracker"
    assert set(endpoints["public"].values()) == set(endpoints["private"].values()) == {f"{url}/atracker"}
