"""The platform API tables (backend/vpcmock/api_table/<service>.json beside vpc.json): the IAM,
Resource Controller, Resource Manager, Global Tagging, CBR, DNS Services, Transit Gateway, COS
resource configuration and Key Protect APIs read from their generated SDKs, and COS's S3 API from
its botocore model, by backend/tools/api_table/generate.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from vpcmock import api_table

TOOLS = Path(__file__).resolve().parents[1] / "backend" / "tools" / "api_table"
PLATFORM = ["context_based_restrictions", "cos_config", "cos_s3", "dns_svcs", "global_tagging", "iam_access_groups",
            "iam_identity", "iam_policy_management", "key_protect", "resource_controller", "resource_manager",
            "transit_gateway", "user_management"]


def load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return load_tool("generate")


# -- generated, and not stale ---------------------------------------------------------------------

@pytest.mark.parametrize("name", PLATFORM)
def test_the_committed_table_is_what_the_installed_sdk_gives(generate, name):
    fresh = generate.render(generate.BUILDERS[name]())
    assert fresh == generate.path(name).read_text(encoding="utf-8"), (
        f"{name}.json is stale: run .venv/bin/python backend/tools/api_table/generate.py {name}")


def test_the_generator_writes_one_table_per_service(generate):
    # the Go-only ones: atracker (test_api_table_atracker), hpcs_uko (test_hpcs_uko_api)
    assert sorted(generate.BUILDERS) == sorted([*PLATFORM, "vpc", "atracker", "hpcs_uko"])


def test_the_loader_lists_every_table():
    assert api_table.services() == sorted(["atracker", "hpcs_uko", *PLATFORM, "vpc"])


def test_each_table_holds_every_operation_and_model_of_its_sdk():
    assert {name: (len(api_table.operations(name)), len(api_table.models(name))) for name in PLATFORM} == {
        "context_based_restrictions": (14, 27), "cos_config": (17, 23), "cos_s3": (81, 500), "dns_svcs": (62, 54),
        "global_tagging": (6, 12), "iam_access_groups": (34, 43), "iam_identity": (103, 113),
        "iam_policy_management": (63, 96), "key_protect": (46, 126), "resource_controller": (28, 15),
        "resource_manager": (7, 6), "transit_gateway": (31, 40), "user_management": (9, 10)}


def test_a_table_names_the_sdk_it_was_read_from():
    assert api_table.table("iam_identity")["sdk"] == {
        "package": "ibm-platform-services", "version": "0.77.1", "module": "ibm_platform_services/iam_identity_v1.py",
        "service": "IamIdentityV1"}


def test_each_table_records_the_url_its_sdk_calls_by_default():
    assert {name: api_table.table(name)["endpoint"]["url"] for name in PLATFORM} == {
        "context_based_restrictions": "https://cbr.cloud.ibm.com",
        "cos_config": "https://config.cloud-object-storage.cloud.ibm.com/v1",
        "cos_s3": "https://s3.us-south.cloud-object-storage.appdomain.cloud",
        "dns_svcs": "https://api.dns-svcs.cloud.ibm.com/v1",
        "global_tagging": "https://tags.global-search-tagging.cloud.ibm.com",
        "iam_access_groups": "https://iam.cloud.ibm.com",
        "iam_identity": "https://iam.cloud.ibm.com",
        "iam_policy_management": "https://iam.cloud.ibm.com",
        "key_protect": "https://us-south.kms.cloud.ibm.com",
        "resource_controller": "https://resource-controller.cloud.ibm.com",
        "resource_manager": "https://resource-controller.cloud.ibm.com",
        "transit_gateway": "https://transit.cloud.ibm.com/v1",
        "user_management": "https://user-management.cloud.ibm.com",
    }


def test_an_endpoint_splits_into_host_and_the_base_path_operations_follow():
    assert api_table.table("dns_svcs")["endpoint"] == {
        "url": "https://api.dns-svcs.cloud.ibm.com/v1", "host": "api.dns-svcs.cloud.ibm.com", "base_path": "/v1"}


def test_a_regional_service_records_its_url_template():
    assert api_table.table("key_protect")["endpoint"]["url_template"] == "https://{region}.kms.cloud.ibm.com"


# -- operations of the generated SDKs -------------------------------------------------------------

def test_create_service_id_posts_a_flattened_body_and_is_answered_201():
    op = api_table.operation("create_service_id", "iam_identity")
    required = sorted(name for name, prop in op["body"]["properties"].items() if prop["required"])
    assert (op["method"], op["path"], op["status"], op["response"]["model"], required) == (
        "POST", "/v1/serviceids/", 201, "ServiceId", ["account_id", "name"])


def test_create_resource_instance_is_answered_201_with_the_instance():
    op = api_table.operation("create_resource_instance", "resource_controller")
    assert (op["method"], op["path"], op["status"], op["status_rule"], op["response"]["model"]) == (
        "POST", "/v2/resource_instances", 201, "convention", "ResourceInstance")


def test_deleting_a_resource_instance_is_accepted_as_the_sdk_tests_list():
    op = api_table.operation("delete_resource_instance", "resource_controller")
    assert (op["method"], op["path"], op["status"], op["status_rule"]) == (
        "DELETE", "/v2/resource_instances/{id}", 202, "listed")


def test_create_rule_posts_to_v1_rules():
    op = api_table.operation("create_rule", "context_based_restrictions")
    assert (op["method"], op["path"], op["status"], op["response"]["model"]) == ("POST", "/v1/rules", 201, "Rule")


def test_list_dnszones_is_a_get_under_the_instance_paged_by_offset():
    op = api_table.operation("list_dnszones", "dns_svcs")
    assert (op["method"], op["path"], op["path_params"], [q["name"] for q in op["query"]], op["status"]) == (
        "GET", "/instances/{instance_id}/dnszones", [{"name": "instance_id", "required": True, "type": "string"}],
        ["offset", "limit", "vpc_id"], 200)


def test_dns_services_answers_its_creations_200():
    assert api_table.operation("create_dnszone", "dns_svcs")["status"] == 200


def test_create_transit_gateway_posts_to_transit_gateways():
    op = api_table.operation("create_transit_gateway", "transit_gateway")
    assert (op["method"], op["path"], op["status"], op["response"]["model"]) == (
        "POST", "/transit_gateways", 201, "TransitGateway")


def test_transit_gateway_requires_the_version_date_on_every_request():
    assert api_table.table("transit_gateway")["common_query"] == [
        {"name": "version", "type": "string", "format": "date", "required": True}]


def test_attach_tag_is_answered_200_as_the_sdk_tests_list():
    op = api_table.operation("attach_tag", "global_tagging")
    assert (op["method"], op["path"], op["status"], op["status_rule"]) == ("POST", "/v3/tags/attach", 200, "listed")


def test_create_key_names_the_key_protect_instance_in_a_header():
    op = api_table.operation("create_key", "key_protect")
    assert (op["method"], op["path"], op["headers"][0], op["body"]["content_type"], op["status"]) == (
        "POST", "/api/v2/keys", {"name": "Bluemix-Instance", "required": True},
        "application/vnd.ibm.kms.key+json", 201)


def test_a_body_the_sdk_sends_as_given_is_binary():
    assert api_table.operation("create_key", "key_protect")["body"] == {
        "content_type": "application/vnd.ibm.kms.key+json", "required": True, "type": "string", "format": "binary"}


def test_a_multipart_upload_lists_its_parts():
    assert api_table.operation("import_resource_records", "dns_svcs")["body"] == {
        "content_type": "multipart/form-data", "required": False, "type": "object", "properties": {
            "file": {"type": "string", "format": "binary", "required": False,
                     "content_type": "application/octet-stream"}}}


def test_update_bucket_config_is_a_merge_patch_of_the_bucket():
    op = api_table.operation("update_bucket_config", "cos_config")
    assert (op["method"], op["path"], op["body"]["content_type"], op["body"]["model"], op["status"]) == (
        "PATCH", "/b/{bucket}", "application/merge-patch+json", "BucketPatch", 200)


def test_a_pager_following_a_next_url_records_where_the_token_is():
    assert api_table.operation("list_resource_instances", "resource_controller")["pagination"] == {
        "items": "resources", "token": "start", "next": "next_url?start"}


def test_a_pager_reading_the_token_itself_records_it():
    assert api_table.operation("list_transit_gateways", "transit_gateway")["pagination"] == {
        "items": "transit_gateways", "token": "start", "next": "next.start"}


def test_a_path_parameter_keeps_its_hyphen():
    assert api_table.operation("get_profile", "iam_identity")["path_params"] == [
        {"name": "profile-id", "required": True, "type": "string"}]


# -- COS S3, from the botocore model --------------------------------------------------------------

def test_create_bucket_puts_the_bucket_with_its_key_protect_headers():
    op = api_table.operation("CreateBucket", "cos_s3")
    headers = {h["name"]: h["member"] for h in op["headers"] if h["name"].startswith("ibm-")}
    assert (op["method"], op["path"], op["status"], headers) == ("PUT", "/{Bucket}", 200, {
        "ibm-service-instance-id": "IBMServiceInstanceId",
        "ibm-sse-kp-encryption-algorithm": "IBMSSEKPEncryptionAlgorithm",
        "ibm-sse-kp-customer-root-key-crn": "IBMSSEKPCustomerRootKeyCrn"})


def test_a_bucket_configuration_is_an_xml_payload_named_by_a_query_flag():
    op = api_table.operation("PutBucketVersioning", "cos_s3")
    assert (op["method"], op["uri"], op["query_flags"], op["body"]) == (
        "PUT", "/{Bucket}?versioning", {"versioning": None}, {
            "member": "VersioningConfiguration", "shape": "VersioningConfiguration",
            "xml_name": "VersioningConfiguration", "xml_namespace": "http://s3.amazonaws.com/doc/2006-03-01/"})


def test_an_object_key_takes_the_rest_of_the_path_and_its_body_streams():
    op = api_table.operation("PutObject", "cos_s3")
    assert ([(p["name"], p["greedy"]) for p in op["uri_params"]], op["body"]) == (
        [("Bucket", False), ("Key", True)], {"member": "Body", "shape": "Body", "type": "blob", "streaming": True})


def test_a_status_the_model_gives_is_kept():
    assert api_table.operation("DeleteBucketCors", "cos_s3")["status"] == 204


def test_an_error_shape_keeps_its_http_status():
    assert api_table.model("NoSuchBucket", "cos_s3") == {
        "type": "structure", "members": {}, "error": {"httpStatusCode": 404}, "exception": True}


def test_the_s3_table_carries_none_of_the_models_prose():
    text = api_table.TABLES_DIR.joinpath("cos_s3.json").read_text(encoding="utf-8")
    assert ('"documentation"' in text, '"documentationUrl"' in text) == (False, False)


# -- the loader -----------------------------------------------------------------------------------

def test_the_loader_reads_the_vpc_table_by_default():
    assert api_table.operations() is api_table.operations("vpc")


def test_a_platform_path_matches_its_operation():
    assert api_table.match("POST", "/v2/resource_instances", "resource_controller") == (
        "create_resource_instance", {})


def test_a_hyphenated_path_parameter_is_matched_by_its_name():
    assert api_table.match("GET", "/v1/profiles/Profile-1", "iam_identity") == (
        "get_profile", {"profile-id": "Profile-1"})


def test_a_query_flag_tells_s3_operations_on_one_path_apart():
    assert (api_table.match("PUT", "/b1", "cos_s3"), api_table.match("PUT", "/b1", "cos_s3", query=["versioning"])) == (
        ("CreateBucket", {"Bucket": "b1"}), ("PutBucketVersioning", {"Bucket": "b1"}))


def test_an_object_key_with_slashes_is_matched_whole():
    assert api_table.match("GET", "/b1/logs/2026/a.txt", "cos_s3") == (
        "GetObject", {"Bucket": "b1", "Key": "logs/2026/a.txt"})


# -- statuses against the SDKs' unit tests --------------------------------------------------------

def test_the_status_tool_reads_what_a_python_unit_test_mocks():
    source = ("def test_create_x_all_params():\n"
              "    responses.add(responses.POST, url, body='{}', status=201)\n"
              "    _service.create_x(name)\n")
    assert load_tool("unit_test_statuses").python_statuses(source) == {"create_x": {201}}


def test_the_status_tool_reads_what_a_go_unit_test_writes():
    source = ("\tDescribe(`UpdateBucketConfig(updateBucketConfigOptions *UpdateBucketConfigOptions)`, func() {\n"
              "\t\t\t\t\tres.WriteHeader(200)\n")
    assert load_tool("unit_test_statuses").go_statuses(source) == {"update_bucket_config": {200}}
