"""The provider's handling of IBM declarations without Terraform: validations as the IBM
provider states them, planning, replacement, ids, and which handler serves each type."""

import pytest
from tf.types import Unknown

from vpcmock_provider import ibm_schema, registry, states
from vpcmock_provider.resources.platform.identity import api_id, plausible, terraform_id
from vpcmock_provider.resources.kept import KeptResource
from vpcmock_provider.resources.platform.stored import StoredResource
from vpcmock_provider.resources.platform.stored_data import ApiDataSource, StoredDataSource

INSTANCE = ibm_schema.fields_of("ibm_is_instance", "resource")
VOLUME = ibm_schema.fields_of("ibm_is_volume", "resource")


def problems(fields, config):
    return [(summary, detail) for summary, detail, _ in states.check_config(fields, config)]


def test_exactly_one_of_reports_neither_given():
    found = problems(INSTANCE, {"name": "vsi", "image": "i", "zone": "z", "vpc": "v", "profile": "p"})
    assert ("Missing required argument", '"primary_network_attachment": one of '
            "`primary_network_attachment,primary_network_interface` must be specified") in found


def test_conflicts_with_names_the_other_attribute_by_its_ibm_address():
    config = {"name": "vsi", "image": "i", "zone": "z", "vpc": "v", "profile": "p",
              "primary_network_interface": [{"subnet": "s"}], "boot_volume": [{"snapshot": "snap"}]}
    assert ("Conflicting configuration arguments", '"image": conflicts with boot_volume.0.snapshot') in \
        problems(INSTANCE, config)


def test_an_unknown_value_conflicts_with_nothing():
    config = {"name": "vsi", "image": Unknown, "zone": "z", "vpc": "v", "profile": "p",
              "primary_network_interface": [{"subnet": "s"}], "boot_volume": [{"snapshot": "snap"}]}
    assert [p for p in problems(INSTANCE, config) if p[0] == "Conflicting configuration arguments"] == []


def test_required_with_needs_every_named_attribute():
    config = {"name": "vsi", "image": "i", "primary_network_interface": [{"subnet": "s"}]}
    assert ("Missing required argument", '"image": all of `zone,vpc,profile` must be specified') in \
        problems(INSTANCE, config)


def test_an_allowed_values_validator_of_the_reference_is_applied():
    fields = ibm_schema.fields_of("ibm_is_ssh_key", "resource")
    assert problems(fields, {"name": "k", "public_key": "x", "type": "dsa"}) == [
        ("Invalid value for type", "type must be one of ed25519, rsa, got 'dsa'")]


def test_a_vpc_name_follows_the_vpc_name_rule():
    fields = ibm_schema.fields_of("ibm_is_vpc", "resource")
    assert problems(fields, {"name": "Bad_Name"})[0][0] == "Invalid value for name"
    assert problems(fields, {"name": "good-name"}) == []


def test_defaults_are_planned_and_computed_attributes_are_unknown_on_create():
    planned = states.plan_values(INSTANCE, {"name": "vsi"}, None)
    assert (planned["wait_before_delete"], planned["force_action"], planned["crn"]) == (True, False, Unknown)


def test_a_change_inside_a_force_new_attribute_replaces():
    assert states.forces_replacement(VOLUME, ("zone",)) is True
    assert states.forces_replacement(VOLUME, ("name",)) is False
    assert states.forces_replacement(INSTANCE, ("primary_network_interface", 0, "primary_ip", 0, "address")) is True


def test_a_set_of_blocks_in_another_order_is_no_change():
    fields = ibm_schema.fields_of("ibm_dns_glb_pool", "resource")
    prior = {"origins": [{"name": "a", "address": "1"}, {"name": "b", "address": "2"}]}
    planned = {"origins": [{"name": "b", "address": "2"}, {"name": "a", "address": "1"}]}
    assert [p for p in states.changed(fields, prior, planned) if p[0] == "origins"] == []


@pytest.mark.parametrize("type_name, attributes, expected", [
    ("ibm_is_security_group_rule", {"group": "r006-g"}, "r006-g.r006-x"),
    ("ibm_dns_resource_record", {"instance_id": "i", "zone_id": "z"}, "i/z/r006-x"),
    ("ibm_is_vpc", {}, "r006-x"),
])
def test_the_terraform_id_is_composed_as_the_ibm_provider_composes_it(type_name, attributes, expected):
    assert terraform_id(type_name, {"id": "r006-x", "crn": "crn:v1:x"}, attributes) == expected


def test_the_api_id_is_the_last_part_of_a_composite_id_or_crn():
    assert api_id("i/z/r006-x") == "r006-x"
    assert api_id("r006-g.r006-x") == "r006-x"
    assert api_id("crn:v1:bluemix:public:dns-svcs:global:a/acct:guid-1::") == "guid-1"


def test_a_computed_own_id_attribute_is_the_api_id():
    declaration = ibm_schema.declaration("ibm_dns_zone")
    zone_id = next(f for f in declaration.fields if f.name == "zone_id")
    record = {"id": "z-1", "crn": "crn:v1:bluemix:public:dns-svcs:us-south:a/acct::zone:z-1", "href": "/h",
              "created_at": "2026-01-01T00:00:00Z", "resource_group": {"id": "g", "name": "Default"}}
    assert plausible(declaration, record, zone_id) == "z-1"


def test_emulated_types_keep_their_module_and_the_others_are_stored():
    assert isinstance(registry.resource("ibm_is_volume"), KeptResource)
    # Classic DNS (SoftLayer), which no API of the mock serves, stays stored.
    assert isinstance(registry.resource("ibm_dns_domain"), StoredResource)
    assert isinstance(registry.data_source("ibm_dns_domain"), StoredDataSource)
    assert registry.data_source("ibm_dns_domain").resource_type == "ibm_dns_domain"
    # Served through the API the generic engine serves, what it lacks kept beside.
    assert isinstance(registry.resource("ibm_is_security_group"), KeptResource)
    assert isinstance(registry.data_source("ibm_is_security_groups"), ApiDataSource)
    assert isinstance(registry.data_source("ibm_is_vpcs"), ApiDataSource)
    assert isinstance(registry.data_source("ibm_is_subnets"), ApiDataSource)
    assert (len(registry.RESOURCE_TYPES), len(registry.DATA_SOURCE_TYPES)) == (192, 298)


def test_an_overlay_naming_an_attribute_the_ibm_schema_lacks_is_refused():
    with pytest.raises(ValueError, match="does not have"):
        ibm_schema.declaration("ibm_is_volume", overlay={"no_such_attribute": {"description": "x"}})


def test_a_public_key_differing_only_in_its_comment_plans_no_change():
    fields = ibm_schema.fields_of("ibm_is_ssh_key", "resource")
    prior = {"name": "k", "public_key": "ssh-ed25519 AAAAkey"}
    planned = states.plan_values(fields, {"name": "k", "public_key": "ssh-ed25519 AAAAkey user@host"}, prior)
    assert planned["public_key"] == "ssh-ed25519 AAAAkey"


def test_an_apply_once_attribute_ignores_later_changes():
    assert states.suppresses("flex.ApplyOnce", "old", "new") is True
    assert states.suppresses(None, "old", "new") is False


def test_volume_reasons_read_as_the_ibm_provider_sets_them_more_info_being_the_message():
    from vpcmock_provider.resources.mapping import volume_reasons

    api = [{"code": "initializing_from_snapshot", "message": "Performance will be degraded",
            "more_info": "https://cloud.ibm.com/docs/vpc"},
           {"code": "no_link", "message": "Without a link"}, {"code": "no_message"}]
    assert volume_reasons(api) == [
        {"code": "initializing_from_snapshot", "message": "Performance will be degraded",
         "more_info": "Performance will be degraded"},
        {"code": "no_link", "message": "Without a link", "more_info": None}]


def test_timestamps_read_as_go_writes_them_in_utc_with_milliseconds():
    from vpcmock_provider.resources.mapping import go_time

    assert (go_time("2026-11-25T23:26:44Z"), go_time("2026-11-25T23:26:44.123456+01:00"), go_time(None)) == (
        "2026-11-25T23:26:44.000Z", "2026-11-25T22:26:44.123Z", None)


def test_no_data_source_of_an_api_backed_resource_echoes_its_lookup():
    """A data source whose resource is served through an API, or emulated in depth, reads that
    API: the echoing StoredDataSource finds nothing Terraform made (registry.data_source raises
    for one without a reader, so listing every declaration fails first)."""
    echoing = []
    for name in registry.DATA_SOURCE_TYPES:
        handler = registry.data_source(name)
        lists = [fld.name for fld in handler.DECLARATION.fields if fld.as_attribute]
        backing = name if name in registry.RESOURCE_TYPES else registry._singular(name) if lists else None
        if type(handler) is StoredDataSource and handler.resource_type is None \
                and (backing in registry.API_RESOURCES or backing in registry.DEEP_RESOURCES):
            echoing.append(name)
    assert echoing == []


def test_a_data_source_of_an_api_backed_resource_without_a_reader_fails_at_registry_build(monkeypatch):
    monkeypatch.delitem(registry.DEEP_DATA_SOURCES, "ibm_dns_glb_pools")
    registry.data_source.cache_clear()
    try:
        with pytest.raises(LookupError, match="ibm_dns_glb_pools: its resource ibm_dns_glb_pool is served through"):
            registry.data_source("ibm_dns_glb_pools")
    finally:
        monkeypatch.undo()
        registry.data_source.cache_clear()


def test_a_data_source_of_a_deep_resource_without_a_reader_fails_at_registry_build(monkeypatch):
    monkeypatch.delitem(registry.DEEP_DATA_SOURCES, "ibm_is_share_mount_targets")
    registry.data_source.cache_clear()
    try:
        with pytest.raises(LookupError, match="ibm_is_share_mount_targets: its resource ibm_is_share_mount_target "
                                              "is served through"):
            registry.data_source("ibm_is_share_mount_targets")
    finally:
        monkeypatch.undo()
        registry.data_source.cache_clear()
