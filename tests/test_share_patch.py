"""A share's PATCH through the official SDK: every property of SharePatch is applied or refused
by the rules its SDK text and IBM's file share profile documentation give, never dropped."""

from __future__ import annotations

from conftest import sdk_error

ZONE = "us-south-1"


def new_share(vpc, size=200, **extra):
    return vpc.create_share({"name": "files", "profile": {"name": "dp2"}, "zone": {"name": ZONE}, "size": size,
                             **extra}).get_result()


def test_patching_a_share_to_its_own_profile_keeps_it(vpc):
    share = new_share(vpc)
    assert vpc.update_share(share["id"], {"profile": {"name": "dp2"}}).get_result()["profile"]["name"] == "dp2"


def test_a_zonal_share_cannot_become_regional(vpc):
    share = new_share(vpc)
    assert sdk_error(lambda: vpc.update_share(share["id"], {"profile": {"name": "rfs"}})) == (
        400, "share_profile_invalid", "profile")
    assert vpc.get_share(share["id"]).get_result()["profile"]["name"] == "dp2"


def test_a_profile_the_catalogue_lacks_is_not_found(vpc):
    share = new_share(vpc)
    assert sdk_error(lambda: vpc.update_share(share["id"], {"profile": {"name": "tier-3iops"}})) == (
        400, "share_profile_not_found", "profile.name")


def test_a_profile_named_by_href_is_read_from_its_last_segment(vpc):
    share = new_share(vpc)
    href = share["profile"]["href"].replace("dp2", "rfs")
    assert sdk_error(lambda: vpc.update_share(share["id"], {"profile": {"href": href}}))[1] == "share_profile_invalid"


def test_allowed_access_protocols_are_applied_and_must_be_nfs4(vpc):
    share = new_share(vpc)
    assert vpc.update_share(share["id"], {"allowed_access_protocols": ["nfs4"]}).get_result()[
        "allowed_access_protocols"] == ["nfs4"]
    assert sdk_error(lambda: vpc.update_share(share["id"], {"allowed_access_protocols": ["smb"]})) == (
        400, "share_access_protocol_invalid", "allowed_access_protocols")


def test_dp2_iops_within_1_to_100_per_gb_are_applied(vpc):
    share = new_share(vpc, size=200)
    assert vpc.update_share(share["id"], {"iops": 20000}).get_result()["iops"] == 20000


def test_dp2_iops_above_100_per_gb_of_the_size_are_refused(vpc):
    share = new_share(vpc, size=200)
    assert sdk_error(lambda: vpc.update_share(share["id"], {"iops": 20001})) == (400, "share_iops_invalid", "iops")


def test_dp2_iops_may_grow_with_the_size_in_one_patch(vpc):
    share = new_share(vpc, size=200)
    patched = vpc.update_share(share["id"], {"size": 400, "iops": 40000}).get_result()
    assert (patched["size"], patched["iops"]) == (400, 40000)


def test_a_size_above_what_the_iops_support_is_refused(vpc):
    share = new_share(vpc, size=200, iops=1000)
    assert sdk_error(lambda: vpc.update_share(share["id"], {"size": 1001})) == (400, "share_size_invalid", "size")


def test_a_regional_shares_fixed_iops_cannot_change(vpc):
    share = vpc.create_share({"name": "regional", "profile": {"name": "rfs"}, "size": 10}).get_result()
    assert sdk_error(lambda: vpc.update_share(share["id"], {"iops": 5000})) == (400, "share_iops_invalid", "iops")


def test_the_access_control_mode_cannot_change_while_the_share_has_mount_targets(vpc):
    share = new_share(vpc, access_control_mode="vpc")
    network = vpc.create_vpc(name="net").get_result()
    vpc.create_share_mount_target(share["id"], {"name": "mt", "vpc": {"id": network["id"]}})
    assert sdk_error(lambda: vpc.update_share(share["id"], {"access_control_mode": "security_group"}))[:2] == (
        409, "share_has_mount_targets")


def test_the_access_control_mode_changes_on_a_share_without_mount_targets(vpc):
    share = new_share(vpc, access_control_mode="vpc")
    assert vpc.update_share(share["id"], {"access_control_mode": "security_group"}).get_result()[
        "access_control_mode"] == "security_group"


def test_transit_modes_must_keep_those_the_mount_targets_use(vpc):
    share = new_share(vpc, allowed_transit_encryption_modes=["none", "ipsec"])
    network = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet({"name": "s", "vpc": {"id": network["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    vpc.create_share_mount_target(share["id"], {"name": "mt", "transit_encryption": "ipsec",
                                                "virtual_network_interface": {"subnet": {"id": subnet["id"]}}})
    assert sdk_error(lambda: vpc.update_share(share["id"], {"allowed_transit_encryption_modes": ["none"]})) == (
        400, "share_allowed_transit_encryption_modes_invalid", "allowed_transit_encryption_modes")


def test_an_accessor_share_cannot_change_its_size(vpc):
    origin = new_share(vpc)
    accessor = vpc.create_share({"name": "accessor", "origin_share": {"id": origin["id"]}}).get_result()
    assert sdk_error(lambda: vpc.update_share(accessor["id"], {"size": 300})) == (400, "share_size_invalid", "size")


def test_a_replica_cannot_change_its_size(vpc):
    source = new_share(vpc)
    replica = vpc.create_share({"name": "copy", "profile": {"name": "dp2"}, "zone": {"name": "us-south-2"},
                                "source_share": {"id": source["id"]},
                                "replication_cron_spec": "0 */5 * * *"}).get_result()
    assert sdk_error(lambda: vpc.update_share(replica["id"], {"size": 300})) == (400, "share_size_invalid", "size")
