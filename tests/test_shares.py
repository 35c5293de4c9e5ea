"""File shares through the ibm-vpc SDK: replicas made from a source share, accessor shares of an
origin share, sizes and transit encryption by profile, mount targets given with the share, and
what deleting a share or a share snapshot needs."""

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import Share, ShareAccessorBindingCollection, ShareMountTarget

from conftest import api_error


def new_share(vpc, name="files", **extra):
    prototype = {"name": name, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"}, "size": 200, **extra}
    return vpc.create_share(prototype).get_result()


def test_a_share_made_from_a_source_share_is_its_replica(vpc):
    source = new_share(vpc)
    replica = vpc.create_share({"name": "copy", "profile": {"name": "dp2"}, "zone": {"name": "us-south-2"},
                                "source_share": {"id": source["id"]},
                                "replication_cron_spec": "0 */5 * * *"}).get_result()
    assert (replica["replication_role"], replica["source_share"]["id"], replica["size"]) == (
        "replica", source["id"], 200)
    assert vpc.get_share(id=source["id"]).get_result()["replication_role"] == "source"



def test_an_accessor_share_reaches_its_origin_and_the_origin_lists_its_binding(vpc):
    origin = new_share(vpc, allowed_transit_encryption_modes=["ipsec"])
    accessor = vpc.create_share({"name": "accessor", "origin_share": {"crn": origin["crn"]}}).get_result()
    Share.from_dict(accessor)
    assert (accessor["accessor_binding_role"], accessor["origin_share"]["id"], accessor["zone"]["name"],
            accessor["size"], accessor["allowed_transit_encryption_modes"]) == (
        "accessor", origin["id"], "us-south-1", 200, ["ipsec"])
    bindings = vpc.list_share_accessor_bindings(id=origin["id"]).get_result()
    ShareAccessorBindingCollection.from_dict(bindings)
    assert [b["accessor"]["id"] for b in bindings["accessor_bindings"]] == [accessor["id"]]
    assert vpc.get_share(id=origin["id"]).get_result()["accessor_binding_role"] == "origin"


def test_an_origin_share_cannot_be_deleted_while_an_accessor_is_bound_to_it(vpc):
    origin = new_share(vpc)
    accessor = vpc.create_share({"name": "accessor", "origin_share": {"id": origin["id"]}}).get_result()
    with pytest.raises(ApiException) as raised:
        vpc.delete_share(id=origin["id"])
    assert api_error(raised.value) == (409, "share_has_accessor_bindings")
    vpc.delete_share(id=accessor["id"])
    assert vpc.get_share(id=origin["id"]).get_result()["accessor_binding_role"] == "none"


def test_a_regional_share_may_be_1_gb_with_the_bandwidth_asked_for(vpc):
    regional = vpc.create_share({"name": "regional", "profile": {"name": "rfs"}, "size": 1, "bandwidth": 900,
                                 "allowed_transit_encryption_modes": ["stunnel"]}).get_result()
    assert (regional["size"], regional["bandwidth"], regional["allowed_transit_encryption_modes"]) == (
        1, 900, ["stunnel"])



def test_a_mount_target_encrypts_in_transit_with_ipsec_not_user_managed(vpc):
    share = new_share(vpc)
    with pytest.raises(ApiException) as raised:
        vpc.create_share_mount_target(share_id=share["id"], share_mount_target_prototype={
            "name": "app", "transit_encryption": "user_managed", "virtual_network_interface": {"subnet": {"id": "x"}}})
    assert api_error(raised.value) == (400, "share_mount_target_transit_encryption_invalid")


def test_a_share_given_mount_targets_in_vpcs_is_a_vpc_mode_share_mounted_in_each(vpc):
    first, second = (vpc.create_vpc(name=name).get_result() for name in ("first", "second"))
    share = new_share(vpc, mount_targets=[{"name": "a", "vpc": {"id": first["id"]}},
                                          {"name": "b", "vpc": {"id": second["id"]}}])
    targets = vpc.list_share_mount_targets(share_id=share["id"]).get_result()["mount_targets"]
    assert (share["access_control_mode"], [(t["name"], t["vpc"]["id"]) for t in targets]) == (
        "vpc", [("a", first["id"]), ("b", second["id"])])


def test_the_mount_targets_of_a_share_are_listed_by_name(vpc):
    first, second = (vpc.create_vpc(name=name).get_result() for name in ("named-a", "named-b"))
    share = new_share(vpc, mount_targets=[{"name": "a", "vpc": {"id": first["id"]}},
                                          {"name": "b", "vpc": {"id": second["id"]}}])
    named = vpc.list_share_mount_targets(share_id=share["id"], name="b").get_result()["mount_targets"]
    assert [(t["name"], t["vpc"]["id"]) for t in named] == [("b", second["id"])]


def test_a_mount_target_interface_takes_the_primary_ip_name_given(vpc):
    created = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": "net", "vpc": {"id": created["id"]},
                                                 "zone": {"name": "us-south-1"},
                                                 "ipv4_cidr_block": "10.240.0.0/28"}).get_result()
    target = vpc.create_share_mount_target(share_id=new_share(vpc)["id"], share_mount_target_prototype={
        "name": "app", "transit_encryption": "ipsec", "virtual_network_interface": {
            "subnet": {"id": subnet["id"]}, "primary_ip": {"name": "app-ip"}}}).get_result()
    ShareMountTarget.from_dict(target)
    assert (target["primary_ip"]["name"], target["subnet"]["id"], target["transit_encryption"]) == (
        "app-ip", subnet["id"], "ipsec")


def test_a_share_with_mount_targets_cannot_be_deleted(vpc):
    created = vpc.create_vpc(name="net").get_result()
    share = new_share(vpc, mount_targets=[{"name": "a", "vpc": {"id": created["id"]}}])
    with pytest.raises(ApiException) as raised:
        vpc.delete_share(id=share["id"])
    assert api_error(raised.value) == (409, "share_has_mount_targets")


def test_a_share_snapshot_still_being_captured_can_be_deleted(vpc):
    share = new_share(vpc)
    snapshot = vpc.create_share_snapshot(share_id=share["id"], name="now").get_result()
    assert snapshot["lifecycle_state"] == "pending"
    assert vpc.delete_share_snapshot(share_id=share["id"], id=snapshot["id"]).get_status_code() == 202
    assert vpc.list_share_snapshots(share_id=share["id"]).get_result()["snapshots"] == []


def test_deleting_an_accessor_binding_unbinds_the_origin_and_leaves_the_accessor(vpc):
    origin = new_share(vpc)
    accessor = vpc.create_share({"name": "accessor", "origin_share": {"id": origin["id"]}}).get_result()
    (binding,) = vpc.list_share_accessor_bindings(id=origin["id"]).get_result()["accessor_bindings"]
    vpc.delete_share_accessor_binding(share_id=origin["id"], id=binding["id"])
    assert (vpc.get_share(id=origin["id"]).get_result()["accessor_bindings"],
            vpc.get_share(id=accessor["id"]).get_result()["accessor_binding_role"]) == ([], "accessor")


def test_a_mount_target_on_an_existing_interface_takes_its_subnet_and_address(vpc, http):
    created = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": "net", "vpc": {"id": created["id"]},
                                                 "zone": {"name": "us-south-1"},
                                                 "ipv4_cidr_block": "10.240.0.0/28"}).get_result()
    interface = http.call("POST", "/stored_resources", {"type": "ibm_is_virtual_network_interface", "attributes": {
        "name": "existing", "subnet": subnet["id"]}, "references": {"subnet": subnet["id"]}}).json()
    target = vpc.create_share_mount_target(share_id=new_share(vpc)["id"], share_mount_target_prototype={
        "name": "app", "virtual_network_interface": {"id": interface["id"]}}).get_result()
    assert (target["virtual_network_interface"]["id"], target["virtual_network_interface"]["name"],
            target["subnet"]["id"], target["primary_ip"]["address"]) == (
        interface["id"], "existing", subnet["id"], interface["address"])
