"""The success status of each operation of the platform APIs (every table but the VPC API's, whose
rule is in ``api_statuses``): a convention by method and by whether the SDK declares a response
body, and the operations the API defines otherwise, listed by name.

Source of each list: IBM's generated SDK unit tests, which mock every operation's answer with the
success status of the API definition (``responses.add(responses.POST, url, ..., status=201)`` in
Python, ``res.WriteHeader(201)`` in Go). With these lists each table agrees with its tests for every
operation they cover; the operations newer than the tests follow the convention (named in each
source). ``unit_test_statuses.py`` reads such a test file and reports any disagreement.
"""

from __future__ import annotations

from api_statuses import StatusRule

# (method, the SDK declares a response body) -> status: what the platform APIs answer unless listed
CONVENTION = {
    ("GET", True): 200,
    ("GET", False): 200,
    ("HEAD", True): 200,
    ("HEAD", False): 200,
    ("PATCH", True): 200,  # updated, answered with the resource
    ("PATCH", False): 204,
    ("POST", True): 201,  # creates a resource, answered with it
    ("POST", False): 204,  # an action with nothing to answer
    ("PUT", True): 200,  # replaces, answered with the result
    ("PUT", False): 204,
    ("DELETE", True): 200,  # deleted, answered with a report
    ("DELETE", False): 204,
}

_PLATFORM = "IBM/platform-services-python-sdk test/unit/test_{}.py (0.76.0, commit 26da700)"
_NETWORKING = "IBM/networking-python-sdk test/unit/test_{}.py (0.34.0, commit 6d05600)"

RULES = {
    "iam_identity": StatusRule(
        _PLATFORM.format("iam_identity_v1") + "; the 17 identity provider, login settings and consumer "
        "account operations newer than it follow the convention", CONVENTION, {
            # answered with what they made, without creating it anew
            **dict.fromkeys(["bulk_list_account_entity_consumption", "set_profile_identity"], 200),
            # accepted: assignments and reports run asynchronously
            **dict.fromkeys([
                "create_account_settings_assignment", "create_mfa_report", "create_report",
                "create_trusted_profile_assignment", "delete_account_settings_assignment",
                "delete_trusted_profile_assignment",
            ], 202),
        }),
    "iam_policy_management": StatusRule(_PLATFORM.format("iam_policy_management_v1"), CONVENTION, {}),
    "iam_access_groups": StatusRule(_PLATFORM.format("iam_access_groups_v2"), CONVENTION, {
        "update_template_version": 201,
        # accepted: template assignments run asynchronously
        **dict.fromkeys(["create_assignment", "delete_assignment", "update_assignment"], 202),
        # a membership check: 204 when a member (404 when not)
        "is_member_of_access_group": 204,
        # multi-status: one status per member or group in the answer
        **dict.fromkeys([
            "add_member_to_multiple_access_groups", "add_members_to_access_group",
            "remove_member_from_all_access_groups", "remove_members_from_access_group",
        ], 207),
    }),
    "resource_controller": StatusRule(_PLATFORM.format("resource_controller_v2"), CONVENTION, {
        # actions on an instance, answered with it
        **dict.fromkeys(["lock_resource_instance", "run_reclamation_action"], 200),
        # deprovisioning runs asynchronously
        "delete_resource_instance": 202,
    }),
    "resource_manager": StatusRule(_PLATFORM.format("resource_manager_v2"), CONVENTION, {}),
    "global_tagging": StatusRule(_PLATFORM.format("global_tagging_v1"), CONVENTION, {
        # answered with a result per resource or tag, creating no resource of their own
        **dict.fromkeys(["attach_tag", "create_tag", "detach_tag"], 200),
    }),
    "context_based_restrictions": StatusRule(_PLATFORM.format("context_based_restrictions_v1"), CONVENTION, {}),
    "user_management": StatusRule(_PLATFORM.format("user_management_v1"), CONVENTION, {
        # invitations are sent asynchronously; a v3 removal is accepted, then carried out
        **dict.fromkeys(["invite_users", "accept", "v3_remove_user"], 202),
    }),
    "dns_svcs": StatusRule(
        _NETWORKING.format("dns_svcs_v1") + "; DNS Services answers its creations 200",
        {**CONVENTION, ("POST", True): 200}, {
            # permitted networks are removed asynchronously
            **dict.fromkeys(["delete_lz_permitted_network", "delete_permitted_network"], 202),
        }),
    "transit_gateway": StatusRule(
        _NETWORKING.format("transit_gateway_apis_v1") + "; the 3 redundancy group operations newer than it "
        "follow the convention", CONVENTION, {
            # a route report is made asynchronously
            "create_transit_gateway_route_report": 202,
        }),
    "cos_config": StatusRule(
        "IBM/ibm-cos-sdk-go-config v2/resourceconfigurationv1/resource_configuration_v1_test.go (2.3.0, commit "
        "bfa24a2): the Go SDK of the same API definition, its tests writing each status with res.WriteHeader",
        CONVENTION, {
            # updated, with nothing to answer
            "update_bucket_config": 200,
        }),
    "key_protect": StatusRule(
        "test/unit/test_unit_ibm_key_protect_api_v2.py of the keyprotect 3.0.1 sdist (the version pinned)",
        CONVENTION, {
            # actions answered with their result, creating no resource
            **dict.fromkeys([
                "action_on_key", "create_key_alias", "post_import_token", "rewrap_key", "unwrap_key", "wrap_key",
            ], 200),
            # created, with nothing to answer
            "create_key_ring": 201,
        }),
}
