"""What an instance's prototype and patch carry beyond its settings, through the ibm-vpc SDK
against a mock on loopback: secondary network interfaces (`network_interfaces`), each
interface's security groups, and the errors for what the instance cannot take."""

from __future__ import annotations

import pytest
import requests
from ibm_vpc.vpc_v1 import Instance, InstanceInitialization, NetworkInterface

from conftest import UBUNTU, sdk_error

ZONE = "us-south-1"


@pytest.fixture
def net(vpc):
    """A VPC with two subnets in us-south-1 and one in us-south-2."""
    made = vpc.create_vpc(name="net").get_result()
    subnets = [vpc.create_subnet({"name": name, "vpc": {"id": made["id"]}, "zone": {"name": zone},
                                  "ipv4_cidr_block": cidr}).get_result()
               for name, zone, cidr in (("front", ZONE, "10.240.0.0/24"), ("back", ZONE, "10.240.1.0/24"),
                                        ("far", "us-south-2", "10.240.64.0/24"))]
    return made, subnets


def make(vpc, net, *, primary: dict | None = None, secondaries=(), profile: str = "bx2-2x8", **extra) -> dict:
    return vpc.create_instance({"name": "vm", "profile": {"name": profile}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU},
                                "primary_network_interface": {"subnet": {"id": net[1][0]["id"]}, **(primary or {})},
                                "network_interfaces": list(secondaries), **extra}).get_result()


def interface(vpc, instance: dict, nic_id: str) -> dict:
    got = vpc.get_instance_network_interface(instance["id"], nic_id).get_result()
    NetworkInterface.from_dict(got)
    return got


def group(vpc, net, name: str) -> dict:
    return vpc.create_security_group({"id": net[0]["id"]}, name=name).get_result()


# -- secondary network interfaces ---------------------------------------------------------------

def test_an_instance_lists_its_secondary_interfaces_after_the_primary_in_the_order_asked(vpc, net):
    instance = make(vpc, net, secondaries=[{"name": "eth1", "subnet": {"id": net[1][1]["id"]}},
                                           {"name": "eth2", "subnet": {"id": net[1][0]["id"]}}])
    Instance.from_dict(instance)
    assert [(n["name"], n["subnet"]["name"], n["primary_ip"]["address"]) for n in instance["network_interfaces"]] == [
        ("eth0", "front", "10.240.0.4"), ("eth1", "back", "10.240.1.4"), ("eth2", "front", "10.240.0.5")]


def test_an_instance_read_again_shows_its_secondary_interfaces(vpc, net):
    instance = make(vpc, net, secondaries=[{"name": "eth1", "subnet": {"id": net[1][1]["id"]}}])
    again = vpc.get_instance(instance["id"]).get_result()
    assert [n["id"] for n in again["network_interfaces"]] == [n["id"] for n in instance["network_interfaces"]]


def test_a_secondary_interface_is_read_under_the_instance_as_secondary(vpc, net):
    instance = make(vpc, net, secondaries=[{"name": "eth1", "subnet": {"id": net[1][1]["id"]},
                                            "allow_ip_spoofing": True}])
    got = interface(vpc, instance, instance["network_interfaces"][1]["id"])
    assert (got["name"], got["type"], got["allow_ip_spoofing"], got["subnet"]["id"], got["primary_ip"]["address"],
            got["status"]) == ("eth1", "secondary", True, net[1][1]["id"], "10.240.1.4", "available")


def test_a_secondary_interface_without_a_name_gets_a_generated_one(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]}}])
    name = instance["network_interfaces"][1]["name"]
    assert name not in ("", "eth0") and interface(vpc, instance, instance["network_interfaces"][1]["id"])[
        "name"] == name


def test_a_secondary_interface_takes_the_address_and_reserved_ip_name_asked(vpc, net):
    instance = make(vpc, net, secondaries=[{"name": "eth1", "subnet": {"id": net[1][1]["id"]},
                                            "primary_ip": {"address": "10.240.1.20", "name": "db-ip"}}])
    nic = instance["network_interfaces"][1]
    reserved = vpc.get_subnet_reserved_ip(net[1][1]["id"], nic["primary_ip"]["id"]).get_result()
    assert (nic["primary_ip"]["address"], nic["primary_ip"]["name"], reserved["address"], reserved["name"],
            reserved["target"]["id"]) == ("10.240.1.20", "db-ip", "10.240.1.20", "db-ip", nic["id"])


def test_a_secondary_interface_binds_a_reserved_ip_named_by_id(vpc, net):
    kept = vpc.create_subnet_reserved_ip(net[1][1]["id"], name="kept", address="10.240.1.30").get_result()
    instance = make(vpc, net, secondaries=[{"name": "eth1", "subnet": {"id": net[1][1]["id"]},
                                            "primary_ip": {"id": kept["id"]}}])
    nic = instance["network_interfaces"][1]
    assert (nic["primary_ip"]["id"], nic["primary_ip"]["address"],
            vpc.get_subnet_reserved_ip(net[1][1]["id"], kept["id"]).get_result()["target"]["id"]) == (
        kept["id"], "10.240.1.30", nic["id"])


def test_a_secondary_interface_refuses_an_address_in_use(vpc, net):
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": net[1][0]["id"]},
                                                         "primary_ip": {"address": "10.240.0.4"}}])) == (
        409, "reserved_ip_address_in_use", "network_interfaces[0].primary_ip.address")


def test_a_secondary_interface_refuses_an_address_outside_its_subnet(vpc, net):
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]},
                                                         "primary_ip": {"address": "10.240.0.9"}}])) == (
        400, "reserved_ip_address_invalid", "network_interfaces[0].primary_ip.address")


def test_a_secondary_interface_in_an_unknown_subnet_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": "no-such-subnet"}}])) == (
        404, "subnet_not_found", "network_interfaces[0].subnet.id")


def test_a_secondary_interface_in_another_zone_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": net[1][2]["id"]}}])) == (
        400, "subnet_zone_mismatch", "network_interfaces[0].subnet.id")


def test_a_secondary_interface_in_another_vpc_is_refused(vpc, net):
    other = vpc.create_vpc(name="other").get_result()
    subnet = vpc.create_subnet({"name": "elsewhere", "vpc": {"id": other["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": subnet["id"]}}])) == (
        400, "vpc_subnet_mismatch", "network_interfaces[0].subnet.id")


def test_a_refused_secondary_interface_leaves_no_instance_behind(vpc, net):
    sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": net[1][2]["id"]}}]))
    assert (vpc.list_instances().get_result()["instances"],
            [ip["address"] for ip in vpc.list_subnet_reserved_ips(net[1][0]["id"]).get_result()["reserved_ips"]]) == (
        [], [])


def test_more_interfaces_than_the_profile_allows_are_refused(vpc, net):
    # bx2-2x8 (2 vCPUs) takes 5 network interfaces, the primary included.
    five = [{"subnet": {"id": net[1][1]["id"]}} for _ in range(5)]
    assert sdk_error(lambda: make(vpc, net, secondaries=five)) == (
        400, "instance_network_interfaces_too_many", "network_interfaces")


def test_as_many_interfaces_as_the_profile_allows_are_made(vpc, net):
    four = [{"subnet": {"id": net[1][1]["id"]}} for _ in range(4)]
    assert len(make(vpc, net, secondaries=four)["network_interfaces"]) == 5


def test_an_interface_added_beyond_the_profiles_count_is_refused(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]}} for _ in range(4)])
    assert sdk_error(lambda: vpc.create_instance_network_interface(instance["id"], {"id": net[1][1]["id"]})) == (
        409, "instance_network_interfaces_too_many", None)


def test_an_interface_added_later_in_another_vpc_is_refused(vpc, net):
    instance = make(vpc, net)
    other = vpc.create_vpc(name="other").get_result()
    subnet = vpc.create_subnet({"name": "elsewhere", "vpc": {"id": other["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    assert sdk_error(lambda: vpc.create_instance_network_interface(instance["id"], {"id": subnet["id"]})) == (
        400, "vpc_subnet_mismatch", "subnet.id")


def test_an_interface_added_later_is_listed_by_the_instance_as_secondary(vpc, net):
    instance = make(vpc, net)
    added = vpc.create_instance_network_interface(instance["id"], {"id": net[1][1]["id"]}, name="late").get_result()
    again = vpc.get_instance(instance["id"]).get_result()
    assert (added["type"], [n["name"] for n in again["network_interfaces"]]) == ("secondary", ["eth0", "late"])


def test_network_interfaces_without_a_primary_interface_are_refused(vpc, net):
    body = {"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE}, "image": {"id": UBUNTU},
            "network_interfaces": [{"subnet": {"id": net[1][1]["id"]}}]}
    assert sdk_error(lambda: vpc.create_instance(body)) == (400, "missing_field", "primary_network_interface")


def test_deleting_the_instance_frees_its_secondary_interfaces_addresses(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]}}])
    vpc.delete_instance(instance["id"])
    assert vpc.list_subnet_reserved_ips(net[1][1]["id"]).get_result()["reserved_ips"] == []


def test_a_secondary_interfaces_reserved_ip_shows_the_auto_delete_asked(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]}, "primary_ip": {"auto_delete": False}}])
    nic = instance["network_interfaces"][1]
    assert vpc.get_subnet_reserved_ip(net[1][1]["id"], nic["primary_ip"]["id"]).get_result()["auto_delete"] is False


def test_a_reserved_ip_made_with_auto_delete_false_stays_unbound_when_the_instance_goes(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]},
                                            "primary_ip": {"address": "10.240.1.40", "auto_delete": False}}])
    vpc.delete_instance(instance["id"])
    kept = vpc.list_subnet_reserved_ips(net[1][1]["id"]).get_result()["reserved_ips"]
    assert [(ip["address"], ip["auto_delete"], "target" in ip) for ip in kept] == [("10.240.1.40", False, False)]


def test_a_kept_reserved_ips_address_stays_taken(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]},
                                            "primary_ip": {"address": "10.240.1.40", "auto_delete": False}}])
    vpc.delete_instance(instance["id"])
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]},
                                                         "primary_ip": {"address": "10.240.1.40"}}])) == (
        409, "reserved_ip_address_in_use", "network_interfaces[0].primary_ip.address")


def test_a_primary_interfaces_reserved_ip_shows_the_auto_delete_asked(vpc, net):
    instance = make(vpc, net, primary={"primary_ip": {"auto_delete": False}})
    ip = instance["primary_network_interface"]["primary_ip"]
    assert vpc.get_subnet_reserved_ip(net[1][0]["id"], ip["id"]).get_result()["auto_delete"] is False


# -- security groups ----------------------------------------------------------------------------

def test_a_primary_interface_is_in_the_security_groups_asked(vpc, net):
    web, ssh = group(vpc, net, "web"), group(vpc, net, "ssh")
    instance = make(vpc, net, primary={"security_groups": [{"id": web["id"]}, {"id": ssh["id"]}]})
    got = interface(vpc, instance, instance["primary_network_interface"]["id"])
    assert [g["name"] for g in got["security_groups"]] == ["web", "ssh"]


def test_a_primary_interface_without_security_groups_is_in_the_vpcs_default_one(vpc, net):
    instance = make(vpc, net)
    got = interface(vpc, instance, instance["primary_network_interface"]["id"])
    assert [g["id"] for g in got["security_groups"]] == [net[0]["default_security_group"]["id"]]


def test_a_secondary_interface_is_in_the_security_groups_asked(vpc, net):
    web = group(vpc, net, "web")
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]}, "security_groups": [{"id": web["id"]}]}])
    got = interface(vpc, instance, instance["network_interfaces"][1]["id"])
    assert [g["name"] for g in got["security_groups"]] == ["web"]


def test_a_secondary_interface_without_security_groups_is_in_the_vpcs_default_one(vpc, net):
    instance = make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]}}])
    got = interface(vpc, instance, instance["network_interfaces"][1]["id"])
    assert [g["id"] for g in got["security_groups"]] == [net[0]["default_security_group"]["id"]]


def test_a_security_group_lists_the_interfaces_in_it(vpc, net):
    web = group(vpc, net, "web")
    instance = make(vpc, net, primary={"security_groups": [{"id": web["id"]}]})
    targets = vpc.list_security_group_targets(web["id"]).get_result()["targets"]
    assert [t["id"] for t in targets] == [instance["primary_network_interface"]["id"]]


def test_an_unknown_security_group_on_the_primary_interface_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, primary={"security_groups": [{"id": "no-such-group"}]})) == (
        404, "security_group_not_found", "primary_network_interface.security_groups[0].id")


def test_an_unknown_security_group_on_a_secondary_interface_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, secondaries=[{"subnet": {"id": net[1][1]["id"]},
                                                         "security_groups": [{"id": "no-such-group"}]}])) == (
        404, "security_group_not_found", "network_interfaces[0].security_groups[0].id")


def test_a_security_group_of_another_vpc_is_refused(vpc, net):
    other = vpc.create_vpc(name="other").get_result()
    theirs = vpc.create_security_group({"id": other["id"]}, name="theirs").get_result()
    assert sdk_error(lambda: make(vpc, net, primary={"security_groups": [{"id": theirs["id"]}]})) == (
        400, "security_group_vpc_mismatch", "primary_network_interface.security_groups[0].id")


# -- placement target ---------------------------------------------------------------------------

@pytest.fixture
def hosts(vpc):
    """A dedicated host group of class bx2 in us-south-1 with one host, and a placement group."""
    made = vpc.create_dedicated_host_group(class_="bx2", family="balanced", zone={"name": ZONE}, name="grp").get_result()
    host = vpc.create_dedicated_host({"profile": {"name": "bx2-host-152x608"}, "group": {"id": made["id"]},
                                      "name": "host-1"}).get_result()
    spread = vpc.create_placement_group(strategy="host_spread", name="spread").get_result()
    return made, host, spread


def test_an_instance_placed_on_a_dedicated_host_shows_it_as_its_placement_target(vpc, net, hosts):
    instance = make(vpc, net, placement_target={"id": hosts[1]["id"]})
    Instance.from_dict(instance)
    assert (instance["placement_target"]["id"], instance["placement_target"]["name"],
            instance["placement_target"]["resource_type"]) == (hosts[1]["id"], "host-1", "dedicated_host")


def test_an_instance_placed_in_a_placement_group_by_crn_shows_it(vpc, net, hosts):
    instance = make(vpc, net, placement_target={"crn": hosts[2]["crn"]})
    again = vpc.get_instance(instance["id"]).get_result()
    assert (again["placement_target"]["id"], again["placement_target"]["resource_type"]) == (
        hosts[2]["id"], "placement_group")


def test_an_instance_without_a_placement_target_shows_none(vpc, net):
    assert "placement_target" not in make(vpc, net)


def test_an_unknown_placement_target_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, placement_target={"id": "no-such-host"})) == (
        404, "placement_target_not_found", "placement_target.id")


def test_a_dedicated_host_of_another_zone_is_refused(vpc, net, hosts):
    far = vpc.create_dedicated_host({"profile": {"name": "bx2-host-152x608"}, "zone": {"name": "us-south-2"},
                                     "name": "far-host"}).get_result()
    assert sdk_error(lambda: make(vpc, net, placement_target={"id": far["id"]})) == (
        400, "placement_target_zone_mismatch", "placement_target.id")


def test_a_dedicated_host_refuses_a_profile_it_does_not_run(vpc, net, hosts):
    assert sdk_error(lambda: make(vpc, net, profile="cx2-2x4", placement_target={"id": hosts[1]["id"]})) == (
        400, "instance_profile_not_supported", "placement_target")


def test_a_dedicated_host_refuses_an_instance_below_full_vcpu_percentage(vpc, net, hosts):
    assert sdk_error(lambda: make(vpc, net, profile="bxf-2x8", vcpu={"percentage": 50},
                                 placement_target={"id": hosts[1]["id"]})) == (
        400, "instance_placement_target_invalid", "placement_target")


def test_a_new_dedicated_host_has_instance_placement_enabled(vpc, hosts):
    assert vpc.get_dedicated_host(hosts[1]["id"]).get_result()["instance_placement_enabled"] is True


def test_a_dedicated_host_with_instance_placement_disabled_refuses_an_instance(vpc, net, hosts):
    vpc.update_dedicated_host(hosts[1]["id"], {"instance_placement_enabled": False})
    assert sdk_error(lambda: make(vpc, net, placement_target={"id": hosts[1]["id"]})) == (
        409, "dedicated_host_instance_placement_disabled", "placement_target.id")


def test_a_placement_target_with_a_reservation_policy_other_than_disabled_is_refused(vpc, net, hosts):
    assert sdk_error(lambda: make(vpc, net, placement_target={"id": hosts[1]["id"]},
                                 reservation_affinity={"policy": "automatic"})) == (
        400, "reservation_affinity_policy_invalid", "reservation_affinity.policy")


def test_a_running_instance_is_not_moved_to_a_dedicated_host(vpc, net, hosts):
    instance = make(vpc, net)
    assert sdk_error(lambda: vpc.update_instance(instance["id"], {
        "placement_target": {"id": hosts[0]["id"]}, "reservation_affinity": {"policy": "disabled"}})) == (
        409, "instance_not_stopped", "placement_target")


def test_a_stopped_instance_moves_to_a_dedicated_host_group(vpc, net, hosts):
    instance = make(vpc, net)
    vpc.create_instance_action(instance["id"], "stop")
    moved = vpc.update_instance(instance["id"], {"placement_target": {"id": hosts[0]["id"]},
                                                 "reservation_affinity": {"policy": "disabled"}}).get_result()
    assert (moved["placement_target"]["id"], moved["placement_target"]["resource_type"],
            moved["reservation_affinity"]) == (hosts[0]["id"], "dedicated_host_group", {"policy": "disabled",
                                                                                      "pool": []})


def test_a_patch_does_not_move_an_instance_into_a_placement_group(vpc, net, hosts):
    instance = make(vpc, net)
    vpc.create_instance_action(instance["id"], "stop")
    assert sdk_error(lambda: vpc.update_instance(instance["id"], {
        "placement_target": {"id": hosts[2]["id"]}, "reservation_affinity": {"policy": "disabled"}})) == (
        404, "placement_target_not_found", "placement_target.id")


def test_the_list_filters_the_instances_on_a_dedicated_host(vpc, net, hosts):
    placed = make(vpc, net, placement_target={"id": hosts[1]["id"]})
    vpc.create_instance({"name": "elsewhere", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                         "image": {"id": UBUNTU}, "primary_network_interface": {"subnet": {"id": net[1][0]["id"]}}})
    listed = vpc.list_instances(dedicated_host_name="host-1").get_result()["instances"]
    assert [i["id"] for i in listed] == [placed["id"]]


def test_the_list_filters_the_instances_of_a_placement_group(vpc, net, hosts):
    placed = make(vpc, net, placement_target={"id": hosts[2]["id"]})
    assert [i["id"] for i in vpc.list_instances(placement_group_id=hosts[2]["id"]).get_result()["instances"]] == [
        placed["id"]]


# -- reservation affinity -----------------------------------------------------------------------

def reserve(vpc, name: str):
    """A reservation of one bx2-2x8 instance in us-south-1 (inactive until activated)."""
    return vpc.create_reservation({"total": 1}, {"term": "one_year"},
                                  {"name": "bx2-2x8", "resource_type": "instance_profile"}, {"name": ZONE}, name=name)


@pytest.fixture
def reservation(vpc):
    """An active reservation of bx2-2x8 in us-south-1."""
    made = reserve(vpc, "reserved").get_result()
    vpc.activate_reservation(made["id"])
    return made


def test_an_instance_that_can_use_reservations_defaults_to_the_automatic_policy(vpc, net):
    assert make(vpc, net)["reservation_affinity"] == {"policy": "automatic", "pool": []}


def test_an_instance_below_full_vcpu_percentage_defaults_to_the_disabled_policy(vpc, net):
    instance = make(vpc, net, profile="bxf-2x8", vcpu={"percentage": 50})
    assert instance["reservation_affinity"] == {"policy": "disabled", "pool": []}


def test_an_instance_keeps_the_reservation_policy_asked(vpc, net):
    instance = make(vpc, net, reservation_affinity={"policy": "disabled"})
    assert vpc.get_instance(instance["id"]).get_result()["reservation_affinity"] == {"policy": "disabled",
                                                                                      "pool": []}


def test_a_pool_of_one_active_reservation_makes_the_manual_policy(vpc, net, reservation):
    instance = make(vpc, net, reservation_affinity={"pool": [{"id": reservation["id"]}]})
    affinity = instance["reservation_affinity"]
    assert (affinity["policy"], [(r["id"], r["name"], r["resource_type"]) for r in affinity["pool"]]) == (
        "manual", [(reservation["id"], "reserved", "reservation")])


def test_the_manual_policy_without_a_reservation_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, reservation_affinity={"policy": "manual"})) == (
        400, "reservation_affinity_pool_invalid", "reservation_affinity.pool")


def test_a_reservation_of_another_profile_is_refused(vpc, net, reservation):
    assert sdk_error(lambda: make(vpc, net, profile="bx2-4x16", reservation_affinity={
        "pool": [{"id": reservation["id"]}]})) == (400, "reservation_mismatch", "reservation_affinity.pool[0].id")


def test_an_inactive_reservation_is_refused(vpc, net):
    made = reserve(vpc, "inactive").get_result()
    assert sdk_error(lambda: make(vpc, net, reservation_affinity={"pool": [{"id": made["id"]}]})) == (
        409, "reservation_not_active", "reservation_affinity.pool[0].id")


def test_an_unknown_reservation_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, reservation_affinity={"pool": [{"id": "no-such-reservation"}]})) == (
        404, "reservation_not_found", "reservation_affinity.pool[0].id")


def test_the_list_filters_by_reservation_policy(vpc, net):
    make(vpc, net)
    disabled = vpc.create_instance({"name": "no-reservations", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                    "image": {"id": UBUNTU}, "reservation_affinity": {"policy": "disabled"},
                                    "primary_network_interface": {"subnet": {"id": net[1][0]["id"]}}}).get_result()
    listed = vpc.list_instances(reservation_affinity_policy="disabled").get_result()["instances"]
    assert [i["id"] for i in listed] == [disabled["id"]]


def test_a_patch_sets_the_reservation_policy(vpc, net):
    instance = make(vpc, net)
    patched = vpc.update_instance(instance["id"], {"reservation_affinity": {"policy": "disabled"}}).get_result()
    assert patched["reservation_affinity"] == {"policy": "disabled", "pool": []}


def test_a_patch_with_a_null_pool_detaches_the_reservation(vpc, net, reservation):
    """As the IBM provider's update sends it: a merge patch's null removes the pool."""
    instance = make(vpc, net, reservation_affinity={"pool": [{"id": reservation["id"]}]})
    patched = vpc.update_instance(instance["id"], {"reservation_affinity": {"policy": "disabled", "pool": None}})
    assert patched.get_result()["reservation_affinity"] == {"policy": "disabled", "pool": []}


# -- initialization: keys by fingerprint, default trusted profile, user data --------------------

SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s proto"


def test_a_key_named_by_its_fingerprint_initializes_the_instance(vpc, net):
    key = vpc.create_key(public_key=SSH_KEY, name="by-print").get_result()
    instance = make(vpc, net, keys=[{"fingerprint": key["fingerprint"]}])
    assert [k["id"] for k in vpc.get_instance_initialization(instance["id"]).get_result()["keys"]] == [key["id"]]


def test_an_unknown_fingerprint_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, keys=[{"fingerprint": "SHA256:nothing"}])) == (
        404, "key_not_found", "keys[0].fingerprint")


@pytest.fixture
def trusted_profile(mock):
    """A trusted profile of the account, made through the IAM Identity SDK."""
    from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
    from ibm_platform_services import IamIdentityV1, ResourceManagerV2
    from vpcmock.engine.generic import service
    iam = IamIdentityV1(authenticator=IAMAuthenticator("test-key", url=mock.url))
    iam.set_service_url(service.sdk_url(mock.url, "iam_identity"))
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("test-key", url=mock.url))
    manager.set_service_url(mock.url)
    account = manager.list_resource_groups(default=True).get_result()["resources"][0]["account_id"]
    return iam.create_profile(name="vsi-profile", account_id=account).get_result()


def test_the_initialization_shows_the_default_trusted_profile(vpc, net, trusted_profile):
    instance = make(vpc, net, default_trusted_profile={"target": {"id": trusted_profile["id"]}})
    found = vpc.get_instance_initialization(instance["id"]).get_result()
    InstanceInitialization.from_dict(found)
    assert found["default_trusted_profile"] == {"auto_link": True, "target": {
        "crn": trusted_profile["crn"], "id": trusted_profile["id"], "resource_type": "trusted_profile"}}


def test_the_default_trusted_profile_keeps_auto_link_false(vpc, net, trusted_profile):
    instance = make(vpc, net, default_trusted_profile={"auto_link": False, "target": {"crn": trusted_profile["crn"]}})
    assert vpc.get_instance_initialization(instance["id"]).get_result()["default_trusted_profile"][
        "auto_link"] is False


def test_an_unknown_trusted_profile_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, default_trusted_profile={"target": {"id": "Profile-none"}})) == (
        404, "trusted_profile_not_found", "default_trusted_profile.target.id")


def test_an_instance_without_a_trusted_profile_initializes_without_one(vpc, net):
    instance = make(vpc, net)
    assert "default_trusted_profile" not in vpc.get_instance_initialization(instance["id"]).get_result()


def test_user_data_is_kept_and_never_answered(vpc, net, mock):
    instance = make(vpc, net, user_data="#cloud-config\nruncmd: [echo hi]\n")
    rows = requests.get(f"{mock.url}/mock/state", params={"table": "instances"}).json()["tables"]["instances"]
    stored = next(row for row in (rows.values() if isinstance(rows, dict) else rows) if row["id"] == instance["id"])
    answers = [vpc.get_instance(instance["id"]).get_result(),
               vpc.get_instance_initialization(instance["id"]).get_result()]
    assert (stored["_user_data"], ["user_data" in a for a in answers]) == (
        "#cloud-config\nruncmd: [echo hi]\n", [False, False])


def test_user_data_that_is_not_a_string_is_refused(vpc, net):
    assert sdk_error(lambda: make(vpc, net, user_data=42)) == (400, "invalid_field_type", "user_data")


# -- an instance made from an instance template ------------------------------------------------

@pytest.fixture
def template(vpc, net):
    """A template of a bx2-4x16 instance with a named primary interface, a secondary one, a
    150 GB boot volume, a data volume and user data."""
    return vpc.create_instance_template({
        "name": "tpl", "profile": {"name": "bx2-4x16"}, "zone": {"name": ZONE}, "image": {"id": UBUNTU},
        "vpc": {"id": net[0]["id"]}, "user_data": "#cloud-config\n", "metadata_service": {"enabled": True},
        "primary_network_interface": {"subnet": {"id": net[1][0]["id"]}, "name": "tpl-eth0"},
        "network_interfaces": [{"subnet": {"id": net[1][1]["id"]}, "name": "tpl-eth1"}],
        "boot_volume_attachment": {"volume": {"profile": {"name": "general-purpose"}, "capacity": 150}},
        "volume_attachments": [{"volume": {"profile": {"name": "general-purpose"}, "capacity": 20}}]}).get_result()


def test_an_instance_from_a_template_takes_the_templates_fields(vpc, template):
    instance = vpc.create_instance({"name": "from-tpl", "source_template": {"id": template["id"]}}).get_result()
    boot = vpc.get_volume(instance["boot_volume_attachment"]["volume"]["id"]).get_result()
    assert (instance["name"], instance["profile"]["name"], instance["zone"]["name"],
            [n["name"] for n in instance["network_interfaces"]], boot["capacity"], len(instance["volume_attachments"]),
            instance["metadata_service"]["enabled"]) == (
        "from-tpl", "bx2-4x16", ZONE, ["tpl-eth0", "tpl-eth1"], 150, 2, True)


def test_the_prototypes_fields_override_the_templates(vpc, template):
    instance = vpc.create_instance({"name": "smaller", "source_template": {"crn": template["crn"]},
                                    "profile": {"name": "bx2-2x8"}, "metadata_service": {"enabled": False}}).get_result()
    assert (instance["profile"]["name"], instance["metadata_service"]["enabled"]) == ("bx2-2x8", False)


def test_an_unknown_template_is_refused(vpc, net):
    assert sdk_error(lambda: vpc.create_instance({"name": "x", "source_template": {"id": "no-such-template"}})) == (
        404, "instance_template_not_found", "source_template.id")


def test_an_instance_without_a_template_needs_a_profile(vpc, net):
    body = {"name": "x", "zone": {"name": ZONE}, "image": {"id": UBUNTU},
            "primary_network_interface": {"subnet": {"id": net[1][0]["id"]}}}
    assert sdk_error(lambda: vpc.create_instance(body)) == (400, "missing_field", "profile")


# -- through the real Terraform: an ibm_is_instance with secondary interfaces and security groups --

TF_CONFIG = '''
terraform {
  required_providers {
    ibm = { source = "IBM-Cloud/ibm" }
  }
}

provider "ibm" {}

resource "ibm_is_vpc" "vpc" {
  name = "tf-vpc"
}

resource "ibm_is_subnet" "front" {
  name            = "tf-front"
  vpc             = ibm_is_vpc.vpc.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.0.0/24"
}

resource "ibm_is_subnet" "back" {
  name            = "tf-back"
  vpc             = ibm_is_vpc.vpc.id
  zone            = "us-south-1"
  ipv4_cidr_block = "10.240.1.0/24"
}

resource "ibm_is_security_group" "web" {
  name = "tf-web"
  vpc  = ibm_is_vpc.vpc.id
}

resource "ibm_is_security_group" "db" {
  name = "tf-db"
  vpc  = ibm_is_vpc.vpc.id
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_instance" "vsi" {
  name    = "tf-vsi"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.vpc.id
  zone    = "us-south-1"
  primary_network_interface {
    subnet          = ibm_is_subnet.front.id
    security_groups = [ibm_is_security_group.web.id]
  }
  network_interfaces {
    name            = "%(db_name)s"
    subnet          = ibm_is_subnet.back.id
    security_groups = [%(db_groups)s]
    primary_ip {
      address = "10.240.1.20"
    }
  }
  network_interfaces {
    subnet            = ibm_is_subnet.back.id
    allow_ip_spoofing = true
  }
}
'''

TF_FIRST = {"db_name": "db", "db_groups": "ibm_is_security_group.db.id"}
# The first interface renamed and moved into both groups: the IBM update's bindings and patch.
TF_CHANGED = {"db_name": "db-renamed",
              "db_groups": "ibm_is_security_group.db.id, ibm_is_security_group.web.id"}


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """The configuration applied, then changed and applied again, each followed by a plan:
    each step's resource values and the plan's exit code, and what the SDK reads at the end."""
    import os

    from conftest import sdk_client, start_server
    from vpcmock.pytest_plugin import Terraform
    from vpcmock_provider import template
    from vpcmock_provider.environment import exports

    server = start_server(scheduler=False)
    provider_template = template.start(server.url)
    work = tmp_path_factory.mktemp("instance-interfaces")
    env = {**os.environ, "HOME": str(work / ".home"), **exports(server.url, work / ".tf")}
    env.pop("TF_DATA_DIR", None)
    tf = Terraform(work, env, timeout=300)
    found = {}
    try:
        for step, values in (("first", TF_FIRST), ("changed", TF_CHANGED)):
            (work / "main.tf").write_text(TF_CONFIG % values)
            if step == "first":
                tf.init()
            tf.apply()
            found[step] = (tf.values(), tf.plan().returncode)
        sdk = sdk_client(server.url)
        vsi = found["changed"][0]["ibm_is_instance.vsi"]
        made = sdk.get_instance(vsi["id"]).get_result()
        found["sdk"] = (made, {n["id"]: sdk.get_instance_network_interface(vsi["id"], n["id"]).get_result()
                               for n in made["network_interfaces"]})
        yield found
    finally:
        provider_template.close()
        server.close()


def test_terraform_plans_no_changes_after_each_apply(applied):
    assert [applied[step][1] for step in ("first", "changed")] == [0, 0]


def test_terraform_reads_the_secondary_interfaces_in_order(applied):
    values = applied["first"][0]
    nics = values["ibm_is_instance.vsi"]["network_interfaces"]
    assert [(n["name"], n["subnet"], n["primary_ip"][0]["address"], n["allow_ip_spoofing"]) for n in nics] == [
        ("db", values["ibm_is_subnet.back"]["id"], "10.240.1.20", False),
        (nics[1]["name"], values["ibm_is_subnet.back"]["id"], "10.240.1.4", True)]


def test_terraform_reads_each_interfaces_security_groups(applied):
    values = applied["first"][0]
    vsi, vpc_id = values["ibm_is_instance.vsi"], values["ibm_is_vpc.vpc"]["id"]
    default_group = values["ibm_is_vpc.vpc"]["default_security_group"]
    assert (vsi["primary_network_interface"][0]["security_groups"],
            [n["security_groups"] for n in vsi["network_interfaces"]]) == (
        [values["ibm_is_security_group.web"]["id"]], [[values["ibm_is_security_group.db"]["id"]], [default_group]])
    assert vpc_id == vsi["vpc"]


def test_the_sdk_sees_the_interfaces_terraform_made_and_changed(applied):
    values = applied["changed"][0]
    made, nics = applied["sdk"]
    groups = {values[f"ibm_is_security_group.{name}"]["id"]: name for name in ("web", "db")}
    shown = [(n["name"], nics[n["id"]]["type"], sorted(groups.get(g["id"], "default") for g in nics[n["id"]]["security_groups"]))
             for n in made["network_interfaces"]]
    unnamed = values["ibm_is_instance.vsi"]["network_interfaces"][1]["name"]
    assert shown == [("eth0", "primary", ["web"]), ("db-renamed", "secondary", ["db", "web"]),
                     (unnamed, "secondary", ["default"])]
