"""The API table (backend/vpcmock/api_table/vpc.json): every operation and every model of the VPC
API, generated from the official SDK (ibm-vpc) by backend/tools/api_table/read_ibm_vpc.py."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from vpcmock import api_table

GENERATOR = Path(__file__).resolve().parents[1] / "backend" / "tools" / "api_table" / "read_ibm_vpc.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("read_ibm_vpc", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stale_entries(fresh: dict, committed: dict) -> list[str]:
    """The top-level keys, operations and models that differ."""
    differing = [key for key in sorted(set(fresh) | set(committed))
                 if key not in ("operations", "models") and fresh.get(key) != committed.get(key)]
    for section in ("operations", "models"):
        new, old = fresh.get(section, {}), committed.get(section, {})
        differing += [f"{section}.{name}" for name in sorted(set(new) | set(old)) if new.get(name) != old.get(name)]
    return differing


# -- generated, and not stale ---------------------------------------------------------------------

def test_the_committed_table_is_what_the_installed_sdk_gives():
    generator = load_generator()
    table = generator.build_table()
    committed = api_table.TABLE.read_text(encoding="utf-8")
    stale = generator.render(table) != committed
    assert not stale, (f"vpc.json is stale ({stale_entries(table, json.loads(committed))[:20]}): "
                       f"run .venv/bin/python backend/tools/api_table/read_ibm_vpc.py")


def test_the_table_names_the_sdk_it_was_read_from():
    assert api_table.table()["sdk"] == {"module": "ibm_vpc/vpc_v1.py", "package": "ibm-vpc", "service": "VpcV1",
                                        "version": "0.36.0"}


def test_the_table_holds_every_operation_of_the_sdk():
    assert len(api_table.operations()) == 478


# -- operations -----------------------------------------------------------------------------------

def test_list_vpcs_is_a_get_of_vpcs_with_its_filters_and_page_bounds():
    assert api_table.operation("list_vpcs") == {
        "method": "GET", "path": "/vpcs", "path_params": [], "headers": [], "body": None,
        "query": [
            {"name": "start", "required": False, "type": "string"},
            {"name": "limit", "required": False, "type": "integer", "minimum": 1, "maximum": 100, "default": 50},
            {"name": "resource_group.id", "required": False, "type": "string"},
            {"name": "classic_access", "required": False, "type": "boolean"},
        ],
        "response": {"content_type": "application/json", "model": "VPCCollection"},
        "status": 200, "status_rule": "convention",
        "pagination": {"items": "vpcs", "token": "start", "next": "next.href?start"},
    }


def test_create_backup_policy_plan_posts_to_the_policy_and_is_answered_201_with_the_plan():
    op = api_table.operation("create_backup_policy_plan")
    assert (op["method"], op["path"], op["path_params"], op["status"], op["response"]) == (
        "POST", "/backup_policies/{backup_policy_id}/plans",
        [{"name": "backup_policy_id", "required": True, "type": "string"}],
        201, {"content_type": "application/json", "model": "BackupPolicyPlan"})


def test_a_body_the_sdk_flattens_into_arguments_lists_them_as_properties():
    body = api_table.operation("create_backup_policy_plan")["body"]
    assert body == {"content_type": "application/json", "required": True, "type": "object", "properties": {
        "active": {"required": False, "type": "boolean"},
        "attach_user_tags": {"required": False, "type": "array", "items": {"type": "string"}},
        "clone_policy": {"required": False, "type": "object", "model": "BackupPolicyPlanClonePolicyPrototype"},
        "copy_user_tags": {"required": False, "type": "boolean"},
        "cron_spec": {"required": True, "type": "string"},
        "deletion_trigger": {"required": False, "type": "object", "model": "BackupPolicyPlanDeletionTriggerPrototype"},
        "name": {"required": False, "type": "string"},
        "remote_region_policies": {"required": False, "type": "array",
                                   "items": {"type": "object", "model": "BackupPolicyPlanRemoteRegionPolicyPrototype"}},
    }}


def test_update_volume_is_a_merge_patch_with_an_optional_if_match():
    op = api_table.operation("update_volume")
    assert (op["method"], op["path"], op["headers"], op["body"]) == (
        "PATCH", "/volumes/{id}", [{"name": "If-Match", "required": False}],
        {"content_type": "application/merge-patch+json", "required": True, "type": "object", "model": "VolumePatch"})


def test_delete_snapshots_requires_the_source_volume_id_in_the_query():
    op = api_table.operation("delete_snapshots")
    assert (op["method"], op["path"], op["query"]) == (
        "DELETE", "/snapshots", [{"name": "source_volume.id", "required": True, "type": "string"}])


def test_a_status_the_api_defines_off_the_convention_is_listed():
    op = api_table.operation("delete_vpn_gateway")
    assert (op["response"], op["status"], op["status_rule"]) == (None, 202, "listed")


def test_a_deletion_with_nothing_to_answer_is_204_by_convention():
    op = api_table.operation("delete_vpc")
    assert (op["response"], op["status"], op["status_rule"]) == (None, 204, "convention")


def test_a_query_parameter_takes_the_values_of_its_sdk_enum():
    query = {p["name"]: p for p in api_table.operation("list_backup_policy_jobs")["query"]}
    assert (query["status"]["enum"], query["sort"]["enum"]) == (["failed", "running", "succeeded"],
                                                                ["created_at", "name"])


def test_a_list_query_parameter_is_sent_comma_separated():
    status = next(p for p in api_table.operation("list_images")["query"] if p["name"] == "status")
    assert status == {"name": "status", "required": False, "type": "array", "explode": False, "items": {
        "type": "string",
        "enum": ["available", "deleting", "deprecated", "failed", "obsolete", "partially_available", "pending",
                 "unusable"]}}


def test_a_text_answer_has_no_model():
    assert api_table.operation("get_vpn_server_client_configuration")["response"] == {
        "content_type": "text/plain", "type": "string"}


# -- models ---------------------------------------------------------------------------------------

def test_vpc_requires_what_every_answer_carries():
    required = sorted(name for name, prop in api_table.model("VPC")["properties"].items() if prop["required"])
    assert required == ["classic_access", "created_at", "crn", "cse_source_ips", "default_network_acl",
                        "default_routing_table", "default_security_group", "dns", "health_reasons", "health_state",
                        "href", "id", "name", "public_address_ranges", "resource_group", "resource_type", "status"]


def test_a_property_takes_the_values_of_its_model_enum():
    assert api_table.model("Volume")["properties"]["status"] == {
        "type": "string", "required": True, "readonly": True,
        "enum": ["available", "failed", "pending", "pending_deletion", "unusable", "updating"]}


def test_a_property_no_request_model_carries_is_read_only():
    props = api_table.model("Volume")["properties"]
    assert (props["status"]["readonly"], props["crn"]["readonly"], props["name"]["readonly"],
            props["capacity"]["readonly"]) == (True, True, False, False)


def test_volume_prototype_is_polymorphic_over_its_variants_without_a_discriminator():
    model = api_table.model("VolumePrototype")
    assert (model["variants"], model["discriminator"]) == (
        ["VolumePrototypeVolumeByCapacity", "VolumePrototypeVolumeBySourceSnapshot"], None)


def test_a_variant_names_its_base_and_requires_what_sets_it_apart():
    variant = api_table.model("VolumePrototypeVolumeByCapacity")
    required = sorted(name for name, prop in variant["properties"].items() if prop["required"])
    assert (variant["variant_of"], required) == ("VolumePrototype", ["capacity", "profile", "zone"])


def test_a_discriminator_the_sdk_dispatches_on_is_recorded_with_its_values():
    discriminator = api_table.model("NetworkACLRule")["discriminator"]
    assert (discriminator["property"], discriminator["source"], discriminator["mapping"]["icmp"],
            discriminator["mapping"]["any"]) == (
        "protocol", "sdk", "NetworkACLRuleNetworkACLRuleProtocolICMP", "NetworkACLRuleNetworkACLRuleProtocolAny")


def test_a_discriminator_is_inferred_where_each_variant_has_its_own_enum_values():
    assert api_table.model("BackupPolicyPrototype")["discriminator"] == {
        "property": "match_resource_type", "source": "variants", "mapping": {
            "instance": "BackupPolicyPrototypeBackupPolicyMatchResourceTypeInstancePrototype",
            "share": "BackupPolicyPrototypeBackupPolicyMatchResourceTypeSharePrototype",
            "volume": "BackupPolicyPrototypeBackupPolicyMatchResourceTypeVolumePrototype"}}


# -- matching a request to its operation ----------------------------------------------------------

def test_a_method_and_path_match_their_operation_and_its_path_parameters():
    assert api_table.match("GET", "/vpcs/r006-abc/address_prefixes/r006-def") == (
        "get_vpc_address_prefix", {"vpc_id": "r006-abc", "id": "r006-def"})


def test_a_path_of_no_operation_matches_nothing():
    assert api_table.match("GET", "/vpcs/r006-abc/nowhere") is None


def test_a_method_the_path_does_not_take_matches_nothing():
    assert api_table.match("PUT", "/vpcs/r006-abc") is None
