"""/openapi.json: an OpenAPI 3.1 document of every route, generated from the app; /docs shows it."""

from __future__ import annotations

import re

import pytest
import requests
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def document(quiet_server):
    return requests.get(f"{quiet_server.url}/openapi.json").json()


def operations(document):
    return {(path, method): op for path, ops in document["paths"].items() for method, op in ops.items()}


def test_the_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_route_of_the_app_is_in_the_document(quiet_server, document):
    from vpcmock.http.openapi import _TABLE_BLUEPRINTS, _UNDOCUMENTED
    app = quiet_server.app
    expected = {(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule), method.lower())
                for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}
                # documented as the operations they serve (below)
                if not rule.endpoint.endswith(".generic") and not rule.endpoint.startswith("platform_generic.")
                and rule.endpoint.split(".")[0] not in {*_TABLE_BLUEPRINTS, *_UNDOCUMENTED}}
    assert expected - set(operations(document)) == set()


# -- the platform services served from their API tables -----------------------------------------------

def _platform_path(name, op_id):
    from vpcmock import api_table
    from vpcmock.engine.generic import service
    op = api_table.operation(op_id, name)
    path = re.sub(r"{([^}]+)}", lambda m: "{" + m.group(1).replace("-", "_") + "}", op["path"])
    return service.SERVICES[name].mount + service.base_path(name) + path, op["method"].lower()


def test_every_served_platform_operation_is_documented_under_its_mount_with_the_sdks_operation_id(document):
    from vpcmock.engine.generic import service
    from vpcmock.http.routes.platform_generic import served_operations
    ids = [op["operationId"] for op in operations(document).values()]
    wrong = []
    for name in service.SERVICES:
        for op_id in sorted(served_operations(name)):
            found = operations(document).get(_platform_path(name, op_id))
            # the SDK's name; `<name>_in_<service>` where another documented operation has it
            if found is None or found["operationId"] not in (op_id, f"{op_id}_in_{name}") or (
                    found["operationId"] != op_id and op_id not in ids):
                wrong.append((name, op_id, found and found["operationId"]))
    assert wrong == []
    assert sum(len(served_operations(name)) for name in service.SERVICES) > 150


def test_each_platform_service_is_a_tag_and_its_operations_take_an_iam_token(document):
    create = document["paths"]["/cbr/v1/rules"]["post"]
    listing = document["paths"]["/transit/v1/transit_gateways"]["get"]
    assert (create["tags"], create["security"], listing["tags"], listing["security"]) == (
        ["Context-based restrictions"], [{"iam": []}], ["Transit Gateway"], [{"iam": []}])
    declared = {tag["name"] for tag in document["tags"]}
    assert {"Context-based restrictions", "Resource Controller", "IAM Identity", "IAM Access Groups",
            "DNS Services", "Transit Gateway"} <= declared


def test_a_platform_operation_takes_its_tables_body_and_answers_its_model(document):
    create = document["paths"]["/cbr/v1/rules"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert (sorted(body["properties"]), body["properties"]["contexts"],
            create["responses"]["201"]["content"]["application/json"]["schema"]) == (
        ["contexts", "description", "enforcement_mode", "operations", "resources"],
        {"type": "array", "items": {"$ref": "#/components/schemas/context_based_restrictions.RuleContext"}},
        {"$ref": "#/components/schemas/context_based_restrictions.Rule"})
    rule = document["components"]["schemas"]["context_based_restrictions.Rule"]
    assert {"id", "crn", "contexts", "resources"} <= set(rule["required"])


def test_a_platform_operation_takes_its_tables_query_and_header_parameters(document):
    listing = {p["name"]: p for p in document["paths"]["/transit/v1/transit_gateways"]["get"]["parameters"]}
    replace = {p["name"]: p for p in document["paths"]["/cbr/v1/rules/{rule_id}"]["put"]["parameters"]}
    assert (listing["version"]["in"], listing["version"]["required"], sorted(listing)) == (
        "query", True, ["limit", "redundancy_group", "start", "version"])  # TG's SDK sends version on each call
    assert (replace["rule_id"]["in"], replace["If-Match"]["in"], replace["If-Match"]["required"]) == (
        "path", "header", True)


def test_a_platform_path_parameter_is_named_in_snake_case(document):
    read = document["paths"]["/iam/v1/profiles/{profile_id}"]["get"]
    assert [p["name"] for p in read["parameters"] if p["in"] == "path"] == ["profile_id"]


def test_a_read_of_what_is_written_with_if_match_answers_its_etag(document):
    answer = document["paths"]["/cbr/v1/rules/{rule_id}"]["get"]["responses"]["200"]
    assert answer["headers"]["ETag"]["schema"] == {"type": "string"}


def test_an_operation_id_of_two_tables_names_the_platform_one_by_its_service(document):
    assert (document["paths"]["/v1/load_balancers"]["get"]["operationId"],
            document["paths"]["/dns-svcs/v1/instances/{instance_id}/dnszones/{dnszone_id}/load_balancers"]["get"][
                "operationId"]) == ("list_load_balancers", "list_load_balancers_in_dns_svcs")


def test_two_services_of_one_mount_are_both_documented_under_it(document):
    # (IAM Identity's path as its SDK writes it, the trailing slash too)
    assert (document["paths"]["/iam/v1/serviceids/"]["post"]["operationId"],
            document["paths"]["/iam/v2/groups"]["post"]["operationId"]) == ("create_service_id", "create_access_group")


def test_a_blueprint_serving_a_table_is_documented_as_the_table_operations_its_routes_serve(quiet_server, document):
    from vpcmock.http.openapi import _TABLE_BLUEPRINTS, _table_route
    served = {(name, _table_route(rule, method, name)[1]) for rule in quiet_server.app.url_map.iter_rules()
              for blueprint, name in _TABLE_BLUEPRINTS.items() if rule.endpoint.startswith(blueprint + ".")
              and "<path:" not in rule.rule for method in rule.methods - {"HEAD", "OPTIONS"}}
    ids = {op["operationId"] for op in operations(document).values()}
    assert {(name, op_id) for name, op_id in served if op_id not in ids and f"{op_id}_in_{name}" not in ids} == set()
    assert ("key_protect", "get_keys") in served


def test_key_protect_answers_errors_in_its_own_documented_shape(document):
    listing = document["paths"]["/kms/api/v2/keys"]["get"]
    assert (listing["operationId"], listing["tags"], listing["responses"]["default"]["content"]["application/json"][
        "schema"]) == ("get_keys", ["Key Protect"], {"$ref": "#/components/schemas/KeyProtectError"})
    assert {p["name"]: p["required"] for p in listing["parameters"] if p["in"] == "header"}["Bluemix-Instance"] is True


def test_the_s3_xml_api_is_left_out(quiet_server, document):
    assert not any(path == "/cos" or path.startswith("/cos/") for path in document["paths"])


def test_a_documented_platform_path_is_served_there(quiet_server, document, platform_token):
    """The document's path and the served one are the same: create at the documented path, read
    back at the documented item path."""
    created = requests.post(f"{quiet_server.url}/cbr/v1/zones", headers=platform_token,
                            json={"name": "documented", "account_id": "", "addresses": [
                                {"type": "ipAddress", "value": "169.23.56.234"}]})
    assert created.status_code == 201, created.text
    read = requests.get(f"{quiet_server.url}/cbr/v1/zones/{created.json()['id']}", headers=platform_token)
    assert (read.status_code, read.json()["name"], read.headers["ETag"] != "") == (200, "documented", True)
    assert ("/cbr/v1/zones", "post") in operations(document) and ("/cbr/v1/zones/{zone_id}", "get") in operations(
        document)


@pytest.fixture(scope="module")
def platform_token(quiet_server):
    token = requests.post(f"{quiet_server.url}/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "openapi"}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_the_generic_engines_rule_is_documented_as_each_operation_it_serves(quiet_server, document):
    from vpcmock import api_table
    from vpcmock.http.generic_served import served
    expected = {(prefix + api_table.operation(op)["path"], api_table.operation(op)["method"].lower())
                for op in served(quiet_server.app) for prefix in ("/v1", "/{region}/v1")}
    assert expected - set(operations(document)) == set()
    create = document["paths"]["/v1/security_groups/{security_group_id}/rules"]["post"]
    assert (create["requestBody"]["content"]["application/json"]["schema"],
            create["responses"]["201"]["content"]["application/json"]["schema"], create["tags"]) == (
        {"$ref": "#/components/schemas/table.SecurityGroupRulePrototype"},
        {"$ref": "#/components/schemas/table.SecurityGroupRule"}, ["VPC API (generic engine)"])


def test_policy_create_takes_a_prototype_and_answers_201_with_the_policy(document):
    create = document["paths"]["/v1/backup_policies"]["post"]
    assert (create["requestBody"]["content"]["application/json"]["schema"],
            create["responses"]["201"]["content"]["application/json"]["schema"],
            create["security"]) == ({"$ref": "#/components/schemas/PolicyPrototype"},
                                    {"$ref": "#/components/schemas/Policy"}, [{"iam": []}])


def test_job_listing_is_a_page_of_jobs_with_its_filters(document):
    listing = document["paths"]["/{region}/v1/backup_policies/{policy_id}/jobs"]["get"]
    body = listing["responses"]["200"]["content"]["application/json"]["schema"]
    query = {p["name"]: p["schema"] for p in listing["parameters"] if p["in"] == "query"}
    assert body["properties"]["jobs"] == {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}
    assert sorted(query) == ["backup_policy_plan.id", "generation", "limit", "sort", "source.id", "start",
                             "status", "target_snapshots[].crn", "target_snapshots[].id", "version"]
    assert query["status"] == {"type": "string", "enum": ["failed", "running", "succeeded"]}


def test_errors_are_documented_in_the_ibm_shape(document):
    error = document["components"]["schemas"]["Error"]
    delete = document["paths"]["/v1/backup_policies/{policy_id}"]["delete"]
    assert delete["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    assert error["required"] == ["errors", "trace", "status_code"]


def test_admin_routes_take_no_token(document):
    assert "security" not in document["paths"]["/mock/clock"]["post"]


def test_swagger_ui_is_served_from_the_package(quiet_server):
    page = requests.get(f"{quiet_server.url}/docs")
    assets = re.findall(r'(?:src|href)="(docs/assets/[^"]+)"', page.text)
    statuses = {asset: requests.get(f"{quiet_server.url}/{asset}").status_code for asset in assets}
    assert (page.status_code, "openapi.json" in page.text, len(assets), set(statuses.values())) == (
        200, True, 4, {200})


def test_every_schema_gets_its_own_name_in_the_document():
    import warnings

    from vpcmock.config import Settings
    from vpcmock.http.app import create_app
    from vpcmock.http.openapi import document
    from vpcmock.runtime import Runtime

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # apispec warns when two schemas resolve to one name
        document(create_app(Runtime.open(Settings(state_path=None, scheduler=False))))


def test_a_catalogue_answer_is_documented_with_its_fields(document):
    region = document["components"]["schemas"]["Region"]
    assert sorted(region["properties"]) == ["cross_region_copy", "endpoint", "href", "name", "status"]


def test_every_json_answer_has_a_declared_schema(document):
    untyped = sorted((path, method) for (path, method), op in operations(document).items()
                     for status, answer in op["responses"].items()
                     if status != "default" and answer.get("content", {}).get("application/json", {}).get("schema")
                     == {"type": "object"})
    assert untyped == []
    assert document["paths"]["/openapi.json"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/OpenApiDocument"}


def test_every_request_body_has_a_declared_schema(document):
    """A body a route checks against the API table's model (validation.body) is documented as that
    model (POST /v1/instances/{id}/reinitialize takes an InstanceReinitializePrototype)."""
    untyped = sorted((path, method) for (path, method), op in operations(document).items()
                     for content in op.get("requestBody", {}).get("content", {}).values()
                     if content["schema"] == {"type": "object"})
    assert untyped == []


# -- what a reader of /docs sees --------------------------------------------------------------------

def test_every_operation_has_a_one_line_summary(document):
    missing = sorted(f"{method.upper()} {path}" for (path, method), op in operations(document).items()
                     if not op.get("summary") or "\n" in op["summary"] or len(op["summary"]) > 60)
    assert missing == []


def test_operations_are_summarized_as_the_api_reference_words_them(document):
    assert [document["paths"][path][method]["summary"] for path, method in (
        ("/v1/volumes", "get"), ("/v1/backup_policies", "post"), ("/{region}/v1/backup_policies/{policy_id}/plans/{plan_id}",
                                                                   "patch"))] == [
        "List all volumes", "Create a backup policy", "Update a backup policy plan"]


def test_no_tag_is_a_path_segment(document):
    segments = {segment for path in document["paths"] for segment in path.split("/") if segment}
    tags = {tag for op in operations(document).values() for tag in op["tags"]}
    assert tags & segments == set()


def test_every_tag_used_is_declared_once_with_a_description(document):
    declared = [tag["name"] for tag in document["tags"] if tag.get("description")]
    used = {tag for op in operations(document).values() for tag in op["tags"]}
    assert (len(declared) == len(set(declared)), sorted(used - set(declared))) == (True, [])


def test_operations_are_tagged_by_service(document):
    assert [document["paths"][path]["get"]["tags"] for path in (
        "/v1/volumes", "/{region}/v1/instances", "/v1/instance/profiles", "/v1/snapshot_consistency_groups",
        "/v2/resource_groups", "/v1/policies", "/mock/clock")] == [
        ["Volumes"], ["Instances"], ["Images and profiles"], ["Snapshots"], ["Resource Manager"], ["IAM"],
        ["Admin (vpcmock)"]]


def test_version_defaults_to_the_date_the_ibm_vpc_sdk_sends(document):
    import inspect

    from ibm_vpc import VpcV1

    sent = inspect.signature(VpcV1.__init__).parameters["version"].default
    query = {p["name"]: p for p in document["paths"]["/v1/volumes"]["get"]["parameters"]}
    assert (query["version"]["schema"]["default"], query["version"]["example"]) == (sent, sent)


def test_generation_defaults_to_2(document):
    query = {p["name"]: p for p in document["paths"]["/v1/volumes"]["get"]["parameters"]}
    assert query["generation"]["schema"] == {"type": "integer", "format": "int32", "minimum": 2, "maximum": 2,
                                             "enum": [2], "default": 2}


def test_limit_is_declared_with_the_bounds_and_default_the_server_applies(document):
    from vpcmock.engine.core.listing import DEFAULT_LIMIT, MAX_LIMIT

    query = {p["name"]: p for p in document["paths"]["/v1/volumes"]["get"]["parameters"]}
    assert query["limit"]["schema"] == {"type": "integer", "format": "int32", "minimum": 1, "maximum": MAX_LIMIT,
                                        "default": DEFAULT_LIMIT}
    assert (MAX_LIMIT, DEFAULT_LIMIT) == (100, 50)


# -- what IBM's API-definition rules ask (tests/test_openapi_ruleset.py runs them all) ----------------

def test_operation_ids_are_the_sdks_names_and_the_mocks_own_are_named_by_their_views(document):
    assert [document["paths"][path][method]["operationId"] for path, method in (
        ("/v1/volumes", "get"), ("/{region}/v1/volumes", "get"), ("/v1/backup_policies", "post"),
        ("/v1/backup_policies/{policy_id}/jobs", "get"), ("/v1/security_groups/{security_group_id}/rules", "post"),
        ("/v2/resource_groups", "get"), ("/v1/policies", "post"), ("/v3/tags/attach", "post"),
        ("/mock/clock", "post"), ("/mock/state/snapshots", "get"), ("/identity/token", "post"),
        ("/openapi.json", "get"))] == [
        "list_volumes", "list_volumes_in_region", "create_backup_policy", "list_backup_policy_jobs",
        "create_security_group_rule", "list_resource_groups", "create_policy", "attach_tag",
        "mock_move_clock", "mock_list_snapshots", "iam_token", "vpcmock_openapi_document"]


def test_every_integer_is_bounded_by_its_validator_in_the_format_holding_the_bounds(document):
    schemas = document["components"]["schemas"]
    assert [schemas[model]["properties"][name] for model, name in (
        ("VolumePrototype", "capacity"), ("VolumePatch", "iops"), ("DeletionTriggerPrototype", "delete_after"),
        ("InitialOwner", "uid"), ("SharePrototype", "size"), ("InstancePrototype", "threads_per_core"),
        ("Job", "auto_delete_after"))] == [
        {"type": "integer", "format": "int32", "minimum": 10, "maximum": 32000},
        {"type": "integer", "format": "int32", "minimum": 100, "maximum": 64000},
        {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000},
        {"type": "integer", "format": "int64", "minimum": 0, "maximum": 4294967295},
        {"type": "integer", "format": "int32", "minimum": 1, "maximum": 32000},
        {"type": "integer", "format": "int32", "minimum": -2147483648, "maximum": 2147483647},
        {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000}]
    # the API table's integers, whose range the SDKs do not state: int64's, as a body may hold it
    assert schemas["table.SecurityGroupRulePrototypeSecurityGroupRuleProtocolTCPUDP"]["properties"]["port_max"] == {
        "type": "integer", "format": "int64", "minimum": -(2 ** 53 - 1), "maximum": 2 ** 53 - 1}
    jobs = document["paths"]["/v1/backup_policies/{policy_id}/jobs"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]["properties"]
    assert (jobs["limit"], jobs["total_count"]) == (
        {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100},
        {"type": "integer", "format": "int32", "minimum": 0, "maximum": 2147483647})


@pytest.mark.parametrize("capacity,code", [(40000, "volume_capacity_invalid"), (9, "volume_capacity_invalid"),
                                           (2 ** 53, "invalid_body")])
def test_an_integer_outside_its_documented_range_is_refused(http, capacity, code):
    response = http.call("POST", "/volumes", {"capacity": capacity, "profile": {"name": "sdp"},
                                              "zone": {"name": "us-south-1"}})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, code)


def test_a_sort_order_is_a_pattern_of_the_properties_it_sorts_by(document):
    query = {p["name"]: p["schema"] for p in document["paths"]["/v1/backup_policies/{policy_id}/jobs"]["get"][
        "parameters"]}
    assert query["sort"] == {"type": "string", "pattern": "^-?(created_at|name)$",
                             "description": "Sort by created_at, name; a `-` before it sorts in descending order"}


def test_an_admin_body_is_documented_by_the_names_its_view_takes(document):
    from vpcmock.faults import FIELDS

    def body(path, method):
        return document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    assert body("/mock/clock", "post") == {"type": "object", "additionalProperties": False, "properties": {
        "advance_seconds": {}, "to": {}, "frozen": {}}}
    assert sorted(body("/mock/faults", "post")["properties"]) == sorted(FIELDS)
    assert sorted(body("/mock/iam", "put")["properties"]) == ["accounts", "enterprise"]
    assert "requestBody" not in document["paths"]["/mock/reset"]["post"]  # it takes no field


def test_a_platform_body_is_documented_from_its_api_table(document):
    create = document["paths"]["/v2/resource_groups"]["post"]["requestBody"]["content"]["application/json"]
    assert create["schema"] == {"type": "object", "properties": {"account_id": {"type": "string"},
                                                                 "name": {"type": "string"}}}
