"""/vpcs, address prefixes and /subnets through the ibm-vpc SDK."""

import pytest
from ibm_cloud_sdk_core import ApiException

from conftest import api_error


def test_a_vpc_gets_default_groups_and_one_prefix_per_zone(vpc):
    created = vpc.create_vpc(name="app").get_result()
    assert (created["status"], created["classic_access"]) == ("available", False)
    assert {"default_network_acl", "default_security_group", "default_routing_table"} <= set(created)
    prefixes = vpc.list_vpc_address_prefixes(vpc_id=created["id"]).get_result()["address_prefixes"]
    assert [(p["zone"]["name"], p["cidr"], p["is_default"]) for p in prefixes] == [
        ("us-south-1", "10.240.0.0/18", True), ("us-south-2", "10.240.64.0/18", True),
        ("us-south-3", "10.240.128.0/18", True)]


def test_a_manual_vpc_has_no_prefixes_until_given_one(vpc):
    created = vpc.create_vpc(name="manual", address_prefix_management="manual").get_result()
    assert vpc.list_vpc_address_prefixes(vpc_id=created["id"]).get_result()["address_prefixes"] == []
    prefix = vpc.create_vpc_address_prefix(vpc_id=created["id"], cidr="172.16.0.0/16",
                                           zone={"name": "us-south-2"}, name="p").get_result()
    assert (prefix["cidr"], prefix["has_subnets"]) == ("172.16.0.0/16", False)


def test_an_overlapping_prefix_is_refused(vpc):
    created = vpc.create_vpc(name="app").get_result()
    with pytest.raises(ApiException) as raised:
        vpc.create_vpc_address_prefix(vpc_id=created["id"], cidr="10.240.8.0/24", zone={"name": "us-south-1"})
    assert api_error(raised.value) == (409, "address_prefix_overlap")


def test_renaming_a_prefix_to_another_prefixs_name_is_refused(vpc):
    created = vpc.create_vpc(name="renames", address_prefix_management="manual").get_result()
    first, second = (vpc.create_vpc_address_prefix(vpc_id=created["id"], cidr=cidr, zone={"name": "us-south-1"},
                                                   name=name).get_result()
                     for cidr, name in (("172.16.0.0/16", "first"), ("172.17.0.0/16", "second")))
    with pytest.raises(ApiException) as raised:
        vpc.update_vpc_address_prefix(vpc_id=created["id"], id=second["id"], address_prefix_patch={"name": "first"})
    assert (api_error(raised.value), vpc.get_vpc_address_prefix(vpc_id=created["id"], id=second["id"])
            .get_result()["name"]) == ((409, "address_prefix_name_duplicate"), "second")


def test_a_subnet_by_cidr_counts_its_available_addresses(vpc):
    created = vpc.create_vpc(name="app").get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": "web", "vpc": {"id": created["id"]},
                                                 "zone": {"name": "us-south-1"},
                                                 "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    assert (subnet["total_ipv4_address_count"], subnet["available_ipv4_address_count"]) == (256, 251)


def test_a_subnet_by_count_takes_the_first_free_block_of_its_zone(vpc):
    created = vpc.create_vpc(name="app").get_result()
    prototype = {"vpc": {"id": created["id"]}, "zone": {"name": "us-south-2"}, "total_ipv4_address_count": 256}
    first = vpc.create_subnet(subnet_prototype={**prototype, "name": "a"}).get_result()
    second = vpc.create_subnet(subnet_prototype={**prototype, "name": "b"}).get_result()
    assert (first["ipv4_cidr_block"], second["ipv4_cidr_block"]) == ("10.240.64.0/24", "10.240.65.0/24")


@pytest.mark.parametrize("cidr, code", [("10.240.0.0/24", "subnet_cidr_overlap"),
                                        ("192.168.0.0/24", "subnet_cidr_not_in_address_prefix"),
                                        ("10.240.0.1/24", "invalid_cidr")])
def test_a_subnet_outside_its_zones_prefixes_or_overlapping_is_refused(vpc, cidr, code):
    created = vpc.create_vpc(name="app").get_result()
    vpc.create_subnet(subnet_prototype={"name": "first", "vpc": {"id": created["id"]}, "zone": {"name": "us-south-1"},
                                        "ipv4_cidr_block": "10.240.0.0/24"})
    with pytest.raises(ApiException) as raised:
        vpc.create_subnet(subnet_prototype={"name": "second", "vpc": {"id": created["id"]},
                                            "zone": {"name": "us-south-1"}, "ipv4_cidr_block": cidr})
    assert api_error(raised.value)[1] == code


def test_a_vpc_with_subnets_cannot_be_deleted(vpc):
    created = vpc.create_vpc(name="app").get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": "web", "vpc": {"id": created["id"]},
                                                 "zone": {"name": "us-south-1"},
                                                 "total_ipv4_address_count": 64}).get_result()
    with pytest.raises(ApiException) as raised:
        vpc.delete_vpc(id=created["id"])
    assert api_error(raised.value) == (409, "vpc_in_use")
    vpc.delete_subnet(id=subnet["id"])
    vpc.delete_vpc(id=created["id"])
    assert vpc.list_vpcs().get_result()["vpcs"] == []


def test_a_subnet_in_an_unknown_vpc_is_refused(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.create_subnet(subnet_prototype={"vpc": {"id": "r006-nope"}, "zone": {"name": "us-south-1"},
                                            "total_ipv4_address_count": 64})
    assert api_error(raised.value) == (400, "vpc_not_found")


def network(vpc, zone="us-south-1"):
    created = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": "net", "vpc": {"id": created["id"]}, "zone": {"name": zone},
                                                 "ipv4_cidr_block": "10.240.0.0/28"}).get_result()
    return created, subnet


def instance(vpc, subnet_id, name="vsi", zone="us-south-1"):
    from conftest import UBUNTU
    return vpc.create_instance({"name": name, "profile": {"name": "bx2-2x8"}, "zone": {"name": zone},
                                "image": {"id": UBUNTU},
                                "primary_network_interface": {"subnet": {"id": subnet_id}}}).get_result()


def test_an_instance_takes_the_next_free_address_of_its_subnet_and_its_vpc(vpc):
    created, subnet = network(vpc)
    first, second = instance(vpc, subnet["id"], "a"), instance(vpc, subnet["id"], "b")
    assert [i["primary_network_interface"]["primary_ip"]["address"] for i in (first, second)] == [
        "10.240.0.4", "10.240.0.5"]
    assert first["vpc"]["id"] == created["id"]
    assert vpc.get_subnet(id=subnet["id"]).get_result()["available_ipv4_address_count"] == 16 - 5 - 2


def test_a_subnet_with_an_instance_cannot_be_deleted_until_the_instance_goes(vpc):
    _, subnet = network(vpc)
    vsi = instance(vpc, subnet["id"])
    with pytest.raises(ApiException) as raised:
        vpc.delete_subnet(id=subnet["id"])
    assert api_error(raised.value) == (409, "subnet_in_use")
    vpc.delete_instance(id=vsi["id"])
    vpc.delete_subnet(id=subnet["id"])


def test_an_instance_in_an_unknown_subnet_or_another_zone_is_refused(vpc):
    _, subnet = network(vpc)
    with pytest.raises(ApiException) as raised:
        instance(vpc, "0717-nope")
    assert api_error(raised.value) == (404, "subnet_not_found")
    with pytest.raises(ApiException) as raised:
        instance(vpc, subnet["id"], zone="us-south-2")
    assert api_error(raised.value) == (400, "subnet_zone_mismatch")


def test_a_share_is_mounted_through_an_interface_in_a_subnet(vpc):
    _, subnet = network(vpc)
    share = vpc.create_share({"name": "files", "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"},
                              "size": 100}).get_result()
    target = vpc.create_share_mount_target(share_id=share["id"], share_mount_target_prototype={
        "name": "app", "virtual_network_interface": {"subnet": {"id": subnet["id"]}}}).get_result()
    assert (target["mount_path"], target["lifecycle_state"]) == (f"10.240.0.4:/{share['id']}", "stable")
    assert [t["name"] for t in vpc.get_share(id=share["id"]).get_result()["mount_targets"]] == ["app"]
    with pytest.raises(ApiException) as raised:
        vpc.delete_subnet(id=subnet["id"])
    assert api_error(raised.value) == (409, "subnet_in_use")
    vpc.delete_share_mount_target(share_id=share["id"], id=target["id"])
    vpc.delete_subnet(id=subnet["id"])


def test_vpcs_are_listed_a_page_at_a_time_with_a_next_link(http):
    for name in ("a", "b", "c"):
        http.call("POST", "/vpcs", {"name": name})
    first = http.call("GET", "/vpcs", params={"limit": 2}).json()
    start = first["next"]["href"].split("start=")[1].split("&")[0]
    second = http.call("GET", "/vpcs", params={"limit": 2, "start": start}).json()
    assert ([v["name"] for v in first["vpcs"]], [v["name"] for v in second["vpcs"]], "next" in second) == (
        ["c", "b"], ["a"], False)


# -- DNS: resolvers and resolution bindings --------------------------------------------------------

SYSTEM_SERVERS = [{"address": "161.26.0.10"}, {"address": "161.26.0.11"}]


def test_a_vpc_created_as_a_dns_hub_resolves_with_the_system_resolvers(vpc):
    created = vpc.create_vpc(name="hub", dns={"enable_hub": True}).get_result()
    assert created["dns"] == {"enable_hub": True, "resolution_binding_count": 0, "resolver": {
        "servers": SYSTEM_SERVERS, "type": "system", "configuration": "default"}}


def test_a_manual_resolver_resolves_with_the_servers_it_names(vpc):
    created = vpc.create_vpc(name="manual", dns={"resolver": {
        "type": "manual", "manual_servers": [{"address": "192.168.3.4"}]}}).get_result()
    assert created["dns"]["resolver"] == {"servers": [{"address": "192.168.3.4"}], "type": "manual",
                                          "manual_servers": [{"address": "192.168.3.4"}]}


def test_manual_servers_with_a_zone_affinity_name_each_zone_of_the_region_once(vpc):
    servers = [{"address": f"192.168.{i}.4", "zone_affinity": {"name": f"us-south-{i}"}} for i in (1, 2)]
    with pytest.raises(ApiException) as raised:
        vpc.create_vpc(name="zones", dns={"resolver": {"type": "manual", "manual_servers": servers}})
    assert api_error(raised.value) == (400, "vpc_dns_invalid")


def hub_and_spoke(vpc):
    hub = vpc.create_vpc(name="hub", dns={"enable_hub": True}).get_result()
    spoke = vpc.create_vpc(name="spoke").get_result()
    return hub, spoke


def test_a_vpc_delegates_its_resolver_to_the_hub_it_is_bound_to(vpc):
    hub, spoke = hub_and_spoke(vpc)
    binding = vpc.create_vpc_dns_resolution_binding(vpc_id=spoke["id"], vpc={"id": hub["id"]},
                                                    name="to-hub").get_result()
    delegated = vpc.update_vpc(id=spoke["id"], vpc_patch={"dns": {"resolver": {
        "type": "delegated", "vpc": {"id": hub["id"]}}}}).get_result()["dns"]
    assert (binding["vpc"]["id"], delegated["resolution_binding_count"], delegated["resolver"]["type"],
            delegated["resolver"]["vpc"]["id"], delegated["resolver"]["servers"]) == (
        hub["id"], 1, "delegated", hub["id"], SYSTEM_SERVERS)
    assert vpc.get_vpc(id=hub["id"]).get_result()["dns"]["resolution_binding_count"] == 1


def test_a_vpc_delegates_only_to_a_vpc_it_is_bound_to(vpc):
    hub, spoke = hub_and_spoke(vpc)
    with pytest.raises(ApiException) as raised:
        vpc.update_vpc(id=spoke["id"], vpc_patch={"dns": {"resolver": {"type": "delegated", "vpc": {"id": hub["id"]}}}})
    assert api_error(raised.value) == (400, "vpc_dns_invalid")


def test_a_vpc_is_bound_only_to_a_dns_hub(vpc):
    first, second = (vpc.create_vpc(name=name).get_result() for name in ("first", "second"))
    with pytest.raises(ApiException) as raised:
        vpc.create_vpc_dns_resolution_binding(vpc_id=second["id"], vpc={"id": first["id"]})
    assert api_error(raised.value) == (400, "vpc_dns_resolution_binding_invalid")


def test_a_binding_stays_while_its_vpc_delegates_and_goes_once_it_resolves_otherwise(vpc):
    hub, spoke = hub_and_spoke(vpc)
    binding = vpc.create_vpc_dns_resolution_binding(vpc_id=spoke["id"], vpc={"id": hub["id"]}).get_result()
    vpc.update_vpc(id=spoke["id"], vpc_patch={"dns": {"resolver": {"type": "delegated", "vpc": {"id": hub["id"]}}}})
    with pytest.raises(ApiException) as raised:
        vpc.delete_vpc_dns_resolution_binding(vpc_id=spoke["id"], id=binding["id"])
    assert api_error(raised.value) == (409, "vpc_dns_resolver_delegated")
    vpc.update_vpc(id=spoke["id"], vpc_patch={"dns": {"resolver": {"type": "system", "vpc": None}}})
    vpc.delete_vpc_dns_resolution_binding(vpc_id=spoke["id"], id=binding["id"])
    assert vpc.get_vpc(id=hub["id"]).get_result()["dns"]["resolution_binding_count"] == 0


def test_a_hub_resolving_for_another_vpc_cannot_be_deleted(vpc):
    hub, spoke = hub_and_spoke(vpc)
    vpc.create_vpc_dns_resolution_binding(vpc_id=spoke["id"], vpc={"id": hub["id"]})
    vpc.update_vpc(id=spoke["id"], vpc_patch={"dns": {"resolver": {"type": "delegated", "vpc": {"id": hub["id"]}}}})
    with pytest.raises(ApiException) as raised:
        vpc.delete_vpc(id=hub["id"])
    assert api_error(raised.value) == (409, "vpc_dns_resolution_in_use")


@pytest.mark.parametrize("cidr", ["127.0.0.0/8", "161.26.0.0/16", "166.9.0.0/16", "169.254.0.0/16", "224.0.0.0/8"])
def test_an_address_prefix_overlapping_a_reserved_range_is_refused(vpc, cidr):
    created = vpc.create_vpc(name="manual", address_prefix_management="manual").get_result()
    with pytest.raises(ApiException) as raised:
        vpc.create_vpc_address_prefix(vpc_id=created["id"], cidr=cidr, zone={"name": "us-south-1"})
    assert api_error(raised.value) == (400, "address_prefix_reserved_range")
    assert "the request is overlapping with reserved address ranges" in raised.value.message


def test_a_vpc_names_its_default_security_group_as_it_is_now_called(vpc, http):
    created = vpc.create_vpc(name="app").get_result()
    http.call("PATCH", f"/security_groups/{created['default_security_group']['id']}", {"name": "app-sg-renamed"})
    assert vpc.get_vpc(id=created["id"]).get_result()["default_security_group"]["name"] == "app-sg-renamed"


def test_a_zone_names_its_data_center_and_its_universal_name(vpc):
    zone = vpc.get_region_zone(region_name="us-south", name="us-south-1").get_result()
    assert (zone["data_center"], zone["universal_name"]) == ("DAL10", "us-south-dal10-a")
