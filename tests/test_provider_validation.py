"""The provider's validation of a configuration holding values unknown at validate (a module's
variables, other resources' attributes), without Terraform: terraform-plugin-sdk v2's rules,
so a configuration valid once its values are known is not refused before."""

from tf.types import Unknown

from vpcmock_provider import ibm_schema, states

FLOATING_IP = ibm_schema.fields_of("ibm_is_floating_ip", "resource")


def problems(type_name: str | tuple, config: dict) -> list[tuple[str, str]]:
    fields = ibm_schema.fields_of(type_name, "resource") if isinstance(type_name, str) else type_name
    return [(summary, detail) for summary, detail, _ in states.check_config(fields, config)]


# -- ExactlyOneOf -------------------------------------------------------------------------------

def test_exactly_one_of_with_every_member_unknown_passes():
    assert problems(FLOATING_IP, {"name": "ip", "zone": Unknown, "target": Unknown}) == []


def test_exactly_one_of_with_one_member_known_and_another_unknown_passes():
    assert problems(FLOATING_IP, {"name": "ip", "zone": "us-south-1", "target": Unknown}) == []


def test_exactly_one_of_with_an_unknown_member_and_none_given_is_not_missing():
    assert problems(FLOATING_IP, {"name": "ip", "zone": Unknown}) == []


def test_exactly_one_of_with_two_known_members_given_fails_whatever_else_is_unknown():
    config = {"pool": "p", "lb": "l", "port": 80, "target_address": "10.0.0.4", "target_id": "0717-abc",
              "target_fqdn": Unknown}
    assert ("Invalid combination of arguments", '"target_address": only one of `target_address,target_id,'
            'target_fqdn` can be specified, but `target_address,target_id` were specified.') in \
        problems("ibm_is_lb_pool_member", config)


# -- ConflictsWith ------------------------------------------------------------------------------

def test_a_known_value_does_not_conflict_with_an_unknown_one():
    config = {"name": "p", "match_resource_type": "volume", "match_resource_types": Unknown, "match_user_tags": ["t"]}
    assert problems("ibm_is_backup_policy", config) == []


def test_a_set_holding_an_unknown_is_checked_for_conflicts_only_from_the_other_side():
    config = {"name": "p", "match_resource_types": [Unknown], "match_resource_type": "volume",
              "match_user_tags": ["t"]}
    assert problems("ibm_is_backup_policy", config) == [
        ("Conflicting configuration arguments", '"match_resource_type": conflicts with match_resource_types')]


# -- AtLeastOneOf -------------------------------------------------------------------------------

def test_at_least_one_of_is_met_by_an_unknown_member():
    config = {"roles": ["Reader"], "target_service_name": "is", "source_service_name": Unknown}
    assert problems("ibm_iam_authorization_policy", config) == []


def test_at_least_one_of_without_any_member_is_missing():
    config = {"roles": ["Reader"], "target_service_name": "is"}
    assert problems("ibm_iam_authorization_policy", config) == [
        ("Missing required argument", '"source_service_name": one of '
         "`source_service_name,source_resource_group_id,subject_attributes` must be specified")]


# -- RequiredWith -------------------------------------------------------------------------------

def test_required_with_is_met_by_an_unknown_value():
    config = {"bucket_crn": "crn", "bucket_location": "us-south", "key": "k",
              "object_lock_mode": "COMPLIANCE", "object_lock_retain_until_date": Unknown}
    assert problems("ibm_cos_bucket_object", config) == []


def test_an_unknown_value_still_requires_what_it_is_required_with():
    config = {"bucket_crn": "crn", "bucket_location": "us-south", "key": "k", "object_lock_mode": Unknown}
    assert problems("ibm_cos_bucket_object", config) == [
        ("Missing required argument", '"object_lock_mode": all of `object_lock_retain_until_date` must be specified')]


# -- value checks, MaxItems, MinItems -----------------------------------------------------------

def test_the_known_items_of_a_set_holding_an_unknown_are_checked_once_all_are_known():
    config = {"instance": "i", "volume": Unknown, "tags": ["not a tag!", Unknown]}
    assert problems("ibm_is_instance_volume_attachment", config) == []


def test_a_list_attribute_longer_than_its_max_items_is_refused():
    config = {"name": "ike", "ike_version": 2, "dh_group": 14, "encryption_algorithm": "aes256",
              "authentication_algorithms": ["sha256", "sha384", "sha512", "sha256"]}
    assert problems("ibm_is_ike_policy", config) == [
        ("Too many list items", "Attribute authentication_algorithms supports 3 item maximum, but config has 4 "
         "declared.")]


def test_the_length_of_a_list_attribute_holding_an_unknown_is_checked_once_all_is_known():
    config = {"name": "ike", "ike_version": 2, "dh_group": 14, "encryption_algorithm": "aes256",
              "authentication_algorithms": ["sha256", "sha384", "sha512", Unknown]}
    assert problems("ibm_is_ike_policy", config) == []


def test_an_empty_set_shorter_than_its_min_items_is_refused():
    assert problems("ibm_is_lb", {"name": "lb", "subnets": []}) == [
        ("Not enough list items", "Attribute subnets requires 1 item minimum, but config has only 0 declared.")]


def test_a_block_holding_an_unknown_is_checked_once_all_of_it_is_known():
    rule = {"enable": True, "days": 0}
    assert problems("ibm_cos_bucket", {"bucket_name": "b", "expire_rule": [{**rule, "rule_id": Unknown}]}) == []
    assert problems("ibm_cos_bucket", {"bucket_name": "b", "expire_rule": [{**rule, "rule_id": "r"}]}) == [
        ("Invalid value for days", "days must be from 1 to 3650, got 0")]
