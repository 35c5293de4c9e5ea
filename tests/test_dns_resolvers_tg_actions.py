"""DNS Services custom resolvers (their locations in VPC subnets, DNS server addresses and
health) and Transit Gateway's connection actions and GRE tunnels, through the official SDKs
(ibm-cloud-networking-services) on a real server, each answer parsed by the SDK's model."""

from __future__ import annotations

import pytest
from ibm_cloud_networking_services import DnsSvcsV1, TransitGatewayApisV1
from ibm_cloud_networking_services.dns_svcs_v1 import (CustomResolver, CustomResolverList, ForwardingRuleList,
                                                       Location, LocationInput, SecondaryZoneList)
from ibm_cloud_networking_services.transit_gateway_apis_v1 import (TransitGatewayConnectionCust,
                                                                   TransitGatewayTunnel,
                                                                   TransitGatewayTunnelCollection)
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator

from conftest import api_error, sdk_client
from vpcmock.engine.generic import service

INSTANCE = "5a3b1c2d-0000-4000-8000-00000000d115"
OTHER_ACCOUNT = "0123456789abcdef0123456789abcdef"


def client(cls, url: str, name: str, **kwargs):
    made = cls(authenticator=IAMAuthenticator("test-key", url=url), **kwargs)
    made.set_service_url(service.sdk_url(url, name))
    return made


@pytest.fixture
def dns(mock) -> DnsSvcsV1:
    return client(DnsSvcsV1, mock.url, "dns_svcs")


@pytest.fixture
def tg(mock) -> TransitGatewayApisV1:
    return client(TransitGatewayApisV1, mock.url, "transit_gateway", version="2024-07-08")


@pytest.fixture
def subnets(mock) -> tuple[dict, dict]:
    """Two subnets of one VPC, in two zones."""
    vpc = sdk_client(mock.url)
    made = vpc.create_vpc(name="resolver-vpc").get_result()
    return tuple(vpc.create_subnet({"vpc": {"id": made["id"]}, "name": f"resolver-{zone}", "ipv4_cidr_block": cidr,
                                    "zone": {"name": f"us-south-{zone}"}}).get_result()
                 for zone, cidr in ((1, "10.240.0.0/24"), (2, "10.240.64.0/24")))


def available(mock, subnet: dict) -> int:
    return sdk_client(mock.url).get_subnet(subnet["id"]).get_result()["available_ipv4_address_count"]


def resolver(dns, *locations: tuple[dict, bool]) -> dict:
    made = dns.create_custom_resolver(INSTANCE, name="hub-resolver", locations=[
        LocationInput(subnet_crn=subnet["crn"], enabled=enabled) for subnet, enabled in locations]).get_result()
    return CustomResolver.from_dict(made).to_dict()


# -- custom resolvers ---------------------------------------------------------------------------------

def test_a_resolver_is_made_disabled_and_critical_its_locations_holding_an_address_of_their_subnet(dns, subnets):
    made = resolver(dns, (subnets[0], True), (subnets[1], False))
    assert (made["enabled"], made["health"]) == (False, "CRITICAL")
    assert [(loc["subnet_crn"], loc["enabled"], loc["healthy"], loc["dns_server_ip"]) for loc in made["locations"]] == [
        (subnets[0]["crn"], True, False, "10.240.0.4"), (subnets[1]["crn"], False, False, "10.240.64.4")]


def test_a_location_takes_an_address_of_its_subnet_and_gives_it_back_when_deleted(mock, dns, subnets):
    before = available(mock, subnets[0])
    made = resolver(dns, (subnets[0], True), (subnets[1], False))
    assert available(mock, subnets[0]) == before - 1
    dns.delete_custom_resolver_location(INSTANCE, made["id"], made["locations"][0]["id"])
    assert available(mock, subnets[0]) == before


def test_a_subnet_a_location_is_in_cannot_be_deleted(mock, dns, subnets):
    resolver(dns, (subnets[0], True))
    with pytest.raises(ApiException) as raised:
        sdk_client(mock.url).delete_subnet(subnets[0]["id"])
    assert api_error(raised.value) == (409, "subnet_in_use")


def test_enabling_a_resolver_makes_it_healthy_where_its_locations_are_enabled(dns, subnets):
    made = resolver(dns, (subnets[0], True), (subnets[1], False))
    enabled = CustomResolver.from_dict(dns.update_custom_resolver(INSTANCE, made["id"], enabled=True)
                                       .get_result()).to_dict()
    assert (enabled["enabled"], enabled["health"]) == (True, "HEALTHY")
    assert [loc["healthy"] for loc in enabled["locations"]] == [True, False]
    assert dns.get_custom_resolver(INSTANCE, made["id"]).get_result()["health"] == "HEALTHY"


def test_a_resolver_without_an_enabled_location_cannot_be_enabled(dns, subnets):
    made = resolver(dns, (subnets[0], False))
    with pytest.raises(ApiException) as raised:
        dns.update_custom_resolver(INSTANCE, made["id"], enabled=True)
    assert api_error(raised.value) == (400, "custom_resolver_no_enabled_location")
    assert dns.get_custom_resolver(INSTANCE, made["id"]).get_result()["enabled"] is False


def test_a_location_naming_a_subnet_the_account_lacks_is_404_and_makes_nothing(dns, subnets):
    crn = subnets[0]["crn"].rsplit(":", 1)[0] + ":0717-00000000-0000-4000-8000-000000000000"
    with pytest.raises(ApiException) as raised:
        dns.create_custom_resolver(INSTANCE, name="lost", locations=[LocationInput(subnet_crn=crn)])
    assert api_error(raised.value) == (404, "subnet_not_found")
    assert dns.list_custom_resolvers(INSTANCE).get_result()["custom_resolvers"] == []


def test_a_subnet_crn_that_is_no_vpc_subnet_is_400(dns, subnets):
    with pytest.raises(ApiException) as raised:
        dns.create_custom_resolver(INSTANCE, name="odd", locations=[LocationInput(subnet_crn="not-a-crn")])
    assert api_error(raised.value) == (400, "invalid_subnet_crn")


def test_a_resolver_has_at_most_three_locations(dns, subnets):
    made = resolver(dns, (subnets[0], True), (subnets[0], False), (subnets[1], False))
    with pytest.raises(ApiException) as raised:
        dns.add_custom_resolver_location(INSTANCE, made["id"], subnet_crn=subnets[1]["crn"])
    assert api_error(raised.value) == (400, "custom_resolver_too_many_locations")
    assert len(dns.get_custom_resolver(INSTANCE, made["id"]).get_result()["locations"]) == 3


def test_an_added_location_is_listed_last_with_the_next_free_address(dns, subnets):
    made = resolver(dns, (subnets[0], True))
    added = Location.from_dict(dns.add_custom_resolver_location(
        INSTANCE, made["id"], subnet_crn=subnets[0]["crn"], enabled=False).get_result()).to_dict()
    assert (added["subnet_crn"], added["enabled"], added["healthy"], added["dns_server_ip"]) == (
        subnets[0]["crn"], False, False, "10.240.0.5")
    listed = dns.get_custom_resolver(INSTANCE, made["id"]).get_result()["locations"]
    assert [loc["id"] for loc in listed] == [made["locations"][0]["id"], added["id"]]


def test_a_location_moved_to_another_subnet_takes_an_address_there(mock, dns, subnets):
    made = resolver(dns, (subnets[0], True))
    before = available(mock, subnets[0]), available(mock, subnets[1])
    moved = Location.from_dict(dns.update_custom_resolver_location(
        INSTANCE, made["id"], made["locations"][0]["id"], subnet_crn=subnets[1]["crn"]).get_result()).to_dict()
    assert (moved["subnet_crn"], moved["dns_server_ip"]) == (subnets[1]["crn"], "10.240.64.4")
    assert (available(mock, subnets[0]), available(mock, subnets[1])) == (before[0] + 1, before[1] - 1)


def test_disabling_the_enabled_location_of_an_enabled_resolver_makes_it_critical(dns, subnets):
    made = resolver(dns, (subnets[0], True))
    dns.update_custom_resolver(INSTANCE, made["id"], enabled=True)
    dns.update_custom_resolver_location(INSTANCE, made["id"], made["locations"][0]["id"], enabled=False)
    got = dns.get_custom_resolver(INSTANCE, made["id"]).get_result()
    assert (got["enabled"], got["health"], got["locations"][0]["healthy"]) == (True, "CRITICAL", False)


def test_locations_are_listed_in_the_order_given(dns, subnets):
    made = resolver(dns, (subnets[0], True), (subnets[1], True))
    order = [loc["id"] for loc in made["locations"]][::-1]
    answered = dns.update_cr_locations_order(INSTANCE, made["id"], locations=order).get_result()
    assert [loc["id"] for loc in answered["locations"]] == order
    assert [loc["id"] for loc in dns.get_custom_resolver(INSTANCE, made["id"]).get_result()["locations"]] == order


def test_an_order_that_leaves_out_a_location_is_400(dns, subnets):
    made = resolver(dns, (subnets[0], True), (subnets[1], True))
    with pytest.raises(ApiException) as raised:
        dns.update_cr_locations_order(INSTANCE, made["id"], locations=[made["locations"][0]["id"]])
    assert api_error(raised.value) == (400, "invalid_locations_order")


def test_an_enabled_resolver_is_disabled_before_it_is_deleted(mock, dns, subnets):
    before = available(mock, subnets[0])
    made = resolver(dns, (subnets[0], True))
    dns.update_custom_resolver(INSTANCE, made["id"], enabled=True)
    with pytest.raises(ApiException) as raised:
        dns.delete_custom_resolver(INSTANCE, made["id"])
    assert api_error(raised.value) == (409, "custom_resolver_enabled")
    dns.update_custom_resolver(INSTANCE, made["id"], enabled=False)
    assert dns.delete_custom_resolver(INSTANCE, made["id"]).get_status_code() == 204
    assert CustomResolverList.from_dict(dns.list_custom_resolvers(INSTANCE).get_result()).custom_resolvers == []
    assert available(mock, subnets[0]) == before


def test_a_resolver_of_another_instance_is_not_found(dns, subnets):
    made = resolver(dns, (subnets[0], True))
    with pytest.raises(ApiException) as raised:
        dns.add_custom_resolver_location("another-instance", made["id"], subnet_crn=subnets[0]["crn"])
    assert api_error(raised.value) == (404, "custom_resolver_not_found")


def test_forwarding_rules_and_secondary_zones_belong_to_their_resolver(dns, subnets):
    made = resolver(dns, (subnets[0], True))
    dns.create_forwarding_rule(INSTANCE, made["id"], type="zone", match="corp.example.com", forward_to=["10.0.0.53"])
    dns.create_secondary_zone(INSTANCE, made["id"], zone="example.org", transfer_from=["10.0.0.8"], enabled=True)
    rules = ForwardingRuleList.from_dict(dns.list_forwarding_rules(INSTANCE, made["id"]).get_result()).to_dict()
    assert [(r["type"], r["match"], r["forward_to"]) for r in rules["forwarding_rules"]] == [
        ("zone", "corp.example.com", ["10.0.0.53"])]
    zones = SecondaryZoneList.from_dict(dns.list_secondary_zones(INSTANCE, made["id"]).get_result()).to_dict()
    assert [(z["zone"], z["transfer_from"], z["enabled"]) for z in zones["secondary_zones"]] == [
        ("example.org", ["10.0.0.8"], True)]


# -- Transit Gateway: connection actions and GRE tunnels ----------------------------------------------

def gateway(tg) -> dict:
    return tg.create_transit_gateway(location="us-south", name="hub").get_result()


def partner(tg, gw: dict) -> dict:
    made = tg.create_transit_gateway_connection(
        gw["id"], network_type="vpc", name="partner", network_account_id=OTHER_ACCOUNT,
        network_id=f"crn:v1:bluemix:public:is:us-south:a/{OTHER_ACCOUNT}::vpc:r006-partner").get_result()
    return TransitGatewayConnectionCust.from_dict(made).to_dict()


def test_a_connection_to_another_accounts_network_waits_pending(tg):
    made = partner(tg, gateway(tg))
    assert (made["status"], made["request_status"]) == ("pending", "pending")


def test_a_connection_to_the_callers_own_network_is_attached_at_once(tg, mock):
    vpc = sdk_client(mock.url).create_vpc(name="own").get_result()
    made = tg.create_transit_gateway_connection(gateway(tg)["id"], network_type="vpc", network_id=vpc["crn"],
                                                name="own").get_result()
    assert (made["status"], made["request_status"]) == ("attached", "approved")


def test_approving_a_pending_connection_attaches_it(tg):
    gw = gateway(tg)
    made = partner(tg, gw)
    assert tg.create_transit_gateway_connection_actions(gw["id"], made["id"], action="approve").get_status_code() == 204
    got = tg.get_transit_gateway_connection(gw["id"], made["id"]).get_result()
    assert (got["status"], got["request_status"]) == ("attached", "approved")


def test_rejecting_a_pending_connection_leaves_it_detached_and_rejected(tg):
    gw = gateway(tg)
    made = partner(tg, gw)
    tg.create_transit_gateway_connection_actions(gw["id"], made["id"], action="reject")
    got = tg.get_transit_gateway_connection(gw["id"], made["id"]).get_result()
    assert (got["status"], got["request_status"]) == ("detached", "rejected")


def test_an_action_on_a_connection_no_longer_pending_is_409_and_changes_nothing(tg):
    gw = gateway(tg)
    made = partner(tg, gw)
    tg.create_transit_gateway_connection_actions(gw["id"], made["id"], action="approve")
    with pytest.raises(ApiException) as raised:
        tg.create_transit_gateway_connection_actions(gw["id"], made["id"], action="reject")
    assert api_error(raised.value) == (409, "transit_gateway_connection_cust_not_pending")
    assert tg.get_transit_gateway_connection(gw["id"], made["id"]).get_result()["request_status"] == "approved"


def test_an_action_the_api_does_not_know_is_400(tg):
    gw = gateway(tg)
    made = partner(tg, gw)
    with pytest.raises(ApiException) as raised:
        tg.create_transit_gateway_connection_actions(gw["id"], made["id"], action="accept")
    assert api_error(raised.value) == (400, "invalid_field_value")
    assert tg.get_transit_gateway_connection(gw["id"], made["id"]).get_result()["status"] == "pending"


def test_an_action_on_a_connection_of_another_gateway_is_404(tg):
    made = partner(tg, gateway(tg))
    with pytest.raises(ApiException) as raised:
        tg.create_transit_gateway_connection_actions(gateway(tg)["id"], made["id"], action="approve")
    assert raised.value.status_code == 404


def test_a_gre_tunnel_is_listed_under_its_connection_and_shown_in_it(tg):
    gw = gateway(tg)
    gre = tg.create_transit_gateway_connection(gw["id"], network_type="redundant_gre", base_network_type="classic",
                                               name="gre").get_result()
    made = TransitGatewayTunnel.from_dict(tg.create_transit_gateway_gre_tunnel(
        gw["id"], gre["id"], name="tunnel-1", local_gateway_ip="192.168.100.1", local_tunnel_ip="192.168.101.1",
        remote_gateway_ip="10.242.63.12", remote_tunnel_ip="192.168.101.2", zone={"name": "us-south-1"},
        remote_bgp_asn=65010).get_result()).to_dict()
    assert (made["name"], made["zone"], made["remote_bgp_asn"], made["status"]) == (
        "tunnel-1", {"name": "us-south-1"}, 65010, "attached")
    listed = TransitGatewayTunnelCollection.from_dict(
        tg.list_transit_gateway_gre_tunnel(gw["id"], gre["id"]).get_result()).to_dict()
    assert [t["id"] for t in listed["tunnels"]] == [made["id"]]
    shown = tg.get_transit_gateway_connection(gw["id"], gre["id"]).get_result()["tunnels"]
    assert [t["id"] for t in shown] == [made["id"]]
