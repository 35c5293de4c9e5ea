"""A standalone virtual network interface's primary IP (POST /virtual_network_interfaces with
`primary_ip`), through the official SDK: it is a reserved IP of the interface's subnet, made with
the address asked (which must be free and the subnet's) or an existing unbound one named by id;
the answer shows it as a full reference, the reserved IP shows the interface as its `target`,
and deleting the interface frees the address (`auto_delete`, the default) or leaves the reserved
IP unbound. The SDK's create_virtual_network_interface: "If a reserved IP identity is provided,
the specified reserved IP must be unbound. If a reserved IP prototype object with an address is
provided, the address must be available on the virtual network interface's subnet."""

from __future__ import annotations

from ibm_vpc.vpc_v1 import ReservedIP, VirtualNetworkInterface

from conftest import sdk_error

ZONE = "us-south-1"


def interface(vpc, subnet: dict | None, vni_name: str = "vni", **primary_ip) -> dict:
    extra = {"subnet": {"id": subnet["id"]}} if subnet is not None else {}
    return vpc.create_virtual_network_interface(name=vni_name, primary_ip=primary_ip, **extra).get_result()


def test_the_address_asked_is_answered_as_a_full_reserved_ip_reference(vpc, subnet):
    made = interface(vpc, subnet, address="10.240.0.20", name="vni-ip")
    VirtualNetworkInterface.from_dict(made)
    ip = made["primary_ip"]
    assert (ip["address"], ip["name"], ip["resource_type"], ip["href"]) == (
        "10.240.0.20", "vni-ip", "subnet_reserved_ip", f"{subnet['href']}/reserved_ips/{ip['id']}")


def test_the_address_asked_is_a_reserved_ip_targeting_the_interface(vpc, subnet):
    made = interface(vpc, subnet, address="10.240.0.20")
    got = vpc.get_subnet_reserved_ip(subnet["id"], made["primary_ip"]["id"]).get_result()
    ReservedIP.from_dict(got)
    assert (got["address"], got["target"]["id"], got["target"]["resource_type"]) == (
        "10.240.0.20", made["id"], "virtual_network_interface")


def test_an_interface_with_no_address_asked_gets_the_subnets_next_free_one(vpc, subnet):
    made = interface(vpc, subnet, name="named")
    ip = made["primary_ip"]
    got = vpc.get_subnet_reserved_ip(subnet["id"], ip["id"]).get_result()
    assert (ip["address"], ip["name"], got["target"]["id"]) == ("10.240.0.4", "named", made["id"])


def test_an_address_another_interface_holds_is_refused(vpc, subnet):
    interface(vpc, subnet, vni_name="first", address="10.240.0.20")
    assert sdk_error(lambda: interface(vpc, subnet, vni_name="second", address="10.240.0.20")) == (
        409, "reserved_ip_address_in_use", "primary_ip.address")


def test_an_address_a_reserved_ip_holds_is_refused(vpc, subnet):
    vpc.create_subnet_reserved_ip(subnet["id"], address="10.240.0.20")
    assert sdk_error(lambda: interface(vpc, subnet, address="10.240.0.20")) == (
        409, "reserved_ip_address_in_use", "primary_ip.address")


def test_an_address_outside_the_subnet_is_refused(vpc, subnet):
    assert sdk_error(lambda: interface(vpc, subnet, address="10.241.0.20")) == (
        400, "reserved_ip_address_invalid", "primary_ip.address")


def test_a_refused_address_makes_no_interface(vpc, subnet):
    sdk_error(lambda: interface(vpc, subnet, address="10.241.0.20"))
    listed = vpc.list_virtual_network_interfaces().get_result()["virtual_network_interfaces"]
    assert listed == []


def test_a_reserved_ip_named_by_id_is_the_interfaces_primary_ip(vpc, subnet):
    kept = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", address="10.240.0.30").get_result()
    made = interface(vpc, None, id=kept["id"])
    assert (made["primary_ip"]["id"], made["primary_ip"]["address"], made["subnet"]["id"]) == (
        kept["id"], "10.240.0.30", subnet["id"])


def test_a_reserved_ip_named_by_id_targets_the_interface(vpc, subnet):
    kept = vpc.create_subnet_reserved_ip(subnet["id"], name="kept").get_result()
    made = interface(vpc, subnet, id=kept["id"])
    got = vpc.get_subnet_reserved_ip(subnet["id"], kept["id"]).get_result()
    assert got["target"]["id"] == made["id"]


def test_a_bound_reserved_ip_is_refused(vpc, subnet):
    kept = vpc.create_subnet_reserved_ip(subnet["id"], name="kept").get_result()
    interface(vpc, subnet, vni_name="first", id=kept["id"])
    assert sdk_error(lambda: interface(vpc, subnet, vni_name="second", id=kept["id"])) == (
        409, "reserved_ip_in_use", "primary_ip.id")


def test_a_reserved_ip_of_another_subnet_is_refused(vpc, subnet):
    other = vpc.create_subnet({"name": "net-2", "vpc": {"id": subnet["vpc"]["id"]}, "zone": {"name": ZONE},
                               "ipv4_cidr_block": "10.240.1.0/24"}).get_result()
    kept = vpc.create_subnet_reserved_ip(other["id"], name="kept").get_result()
    assert sdk_error(lambda: interface(vpc, subnet, id=kept["id"])) == (404, "reserved_ip_not_found", "primary_ip.id")


def test_deleting_the_interface_deletes_its_reserved_ip_by_default(vpc, subnet):
    made = interface(vpc, subnet, address="10.240.0.20")
    vpc.delete_virtual_network_interfaces(made["id"])
    assert vpc.list_subnet_reserved_ips(subnet["id"]).get_result()["reserved_ips"] == []


def test_deleting_the_interface_frees_its_address(vpc, subnet):
    made = interface(vpc, subnet, vni_name="first", address="10.240.0.20")
    vpc.delete_virtual_network_interfaces(made["id"])
    again = interface(vpc, subnet, vni_name="second", address="10.240.0.20")
    assert again["primary_ip"]["address"] == "10.240.0.20"


def test_a_primary_ip_made_with_auto_delete_false_stays_unbound(vpc, subnet):
    made = interface(vpc, subnet, address="10.240.0.20", auto_delete=False)
    vpc.delete_virtual_network_interfaces(made["id"])
    got = vpc.get_subnet_reserved_ip(subnet["id"], made["primary_ip"]["id"]).get_result()
    assert (got["address"], got["auto_delete"], "target" in got) == ("10.240.0.20", False, False)


def test_a_primary_ip_kept_unbound_keeps_its_address(vpc, subnet):
    made = interface(vpc, subnet, vni_name="first", address="10.240.0.20", auto_delete=False)
    vpc.delete_virtual_network_interfaces(made["id"])
    assert sdk_error(lambda: interface(vpc, subnet, vni_name="second", address="10.240.0.20")) == (
        409, "reserved_ip_address_in_use", "primary_ip.address")


def test_deleting_the_interface_unbinds_a_reserved_ip_named_by_id(vpc, subnet):
    kept = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", auto_delete=False).get_result()
    made = interface(vpc, subnet, id=kept["id"])
    vpc.delete_virtual_network_interfaces(made["id"])
    got = vpc.get_subnet_reserved_ip(subnet["id"], kept["id"]).get_result()
    assert (got["id"], "target" in got) == (kept["id"], False)


def test_deleting_the_interface_deletes_a_named_reserved_ip_made_to_auto_delete(vpc, subnet):
    kept = vpc.create_subnet_reserved_ip(subnet["id"], name="kept", auto_delete=True).get_result()
    made = interface(vpc, subnet, id=kept["id"])
    vpc.delete_virtual_network_interfaces(made["id"])
    assert vpc.list_subnet_reserved_ips(subnet["id"]).get_result()["reserved_ips"] == []
