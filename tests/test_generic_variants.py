"""Which variant of a polymorphic model a value is (engine/generic/models.pick), and the VPC
API's polymorphic prototypes the SDK sends told apart: a route-mode VPN gateway is not taken
for a policy-mode one."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import VPNGatewayZonalAvailabilityModeVPNGatewayRouteMode

from vpcmock import api_table
from vpcmock.engine.generic import models

ZONE = "us-south-1"


def minimal_value(leaf: str) -> dict:
    """The least a client sends for `leaf`: its required properties and single-valued enums."""
    value = {}
    for name, schema in models.properties(leaf).items():
        enum = schema.get("enum") or ()
        if len(enum) == 1:
            value[name] = enum[0]
        elif schema.get("required"):
            value[name] = enum[0] if enum else {"string": "x", "object": {}, "array": [], "boolean": True}.get(
                schema["type"], 1)
    return {**value, **models.discriminated(leaf)}


def test_every_variant_of_every_polymorphic_vpc_model_is_picked_from_its_minimal_value():
    """Variants taking the same keys (an identity `{"id"}` of a network interface or of a
    bare metal server's) are told apart by what the id names, not here (Builder.reference)."""
    wrong = []
    for name, model in api_table.models("vpc").items():
        if not model.get("variants") or model.get("variant_of"):
            continue
        for leaf in models.leaves(name):
            picked = models.pick(name, minimal_value(leaf))
            if picked != leaf and (picked is None or models.required(picked) != models.required(leaf)):
                wrong.append((name, leaf, picked))
    assert wrong == []


def test_a_value_whose_enum_only_another_variant_allows_is_that_variant():
    route = models.pick("VPNGatewayPrototype", {"mode": "route", "subnet": {"id": "x"}})
    assert route.endswith("BySubnetVPNGatewayRouteModePrototype")


@pytest.fixture
def subnet(vpc):
    created = vpc.create_vpc(name="net").get_result()
    return vpc.create_subnet({"name": "net-1", "vpc": {"id": created["id"]}, "zone": {"name": ZONE},
                              "ipv4_cidr_block": "10.240.0.0/24"}).get_result()


def test_a_route_mode_vpn_gateway_is_created_and_read_back(vpc, subnet):
    gateway = vpc.create_vpn_gateway({"name": "vpn", "mode": "route", "subnet": {"id": subnet["id"]}}).get_result()
    got = vpc.get_vpn_gateway(gateway["id"]).get_result()
    VPNGatewayZonalAvailabilityModeVPNGatewayRouteMode.from_dict(got)
    assert (got["mode"], got["subnet"]["id"], got["advertised_cidrs"], len(got["members"])) == (
        "route", subnet["id"], [], 2)


def test_a_vpn_gateway_without_a_mode_is_a_route_mode_one(vpc, subnet):
    """IBM's API: `mode` defaults to `route` (the SDK's VPNGatewayRouteModePrototype)."""
    gateway = vpc.create_vpn_gateway({"name": "vpn", "subnet": {"id": subnet["id"]}}).get_result()
    assert gateway["mode"] == "route"


def test_a_policy_mode_vpn_gateway_stays_policy_mode(vpc, subnet):
    gateway = vpc.create_vpn_gateway({"name": "vpn", "mode": "policy", "subnet": {"id": subnet["id"]}}).get_result()
    assert (gateway["mode"], "advertised_cidrs" in gateway) == ("policy", False)


def test_a_vpn_gateway_mode_no_variant_allows_is_refused_naming_the_allowed_modes(vpc, subnet):
    with pytest.raises(ApiException) as raised:
        vpc.create_vpn_gateway({"name": "vpn", "mode": "sideways", "subnet": {"id": subnet["id"]}})
    error = raised.value.http_response.json()["errors"][0]
    assert (raised.value.status_code, error["code"], error["target"]["name"], error["message"]) == (
        400, "invalid_field_value", "mode", "mode: Must be one of: policy, route")


def test_a_spread_create_argument_outside_the_answers_enum_is_refused(vpc, subnet):
    """The SDK's create_virtual_network_interface spreads its body into arguments that carry no
    enums; the answer's model (VirtualNetworkInterface) has them."""
    with pytest.raises(ApiException) as raised:
        vpc.create_virtual_network_interface(subnet={"id": subnet["id"]}, protocol_state_filtering_mode="sometimes")
    error = raised.value.http_response.json()["errors"][0]
    assert (raised.value.status_code, error["code"], error["target"]["name"]) == (
        400, "invalid_field_value", "protocol_state_filtering_mode")


def test_a_load_balancer_pool_algorithm_outside_the_enum_is_refused(vpc, subnet):
    balancer = vpc.create_load_balancer(is_public=False, subnets=[{"id": subnet["id"]}]).get_result()
    with pytest.raises(ApiException) as raised:
        vpc.create_load_balancer_pool(balancer["id"], algorithm="fastest", health_monitor={
            "delay": 5, "max_retries": 2, "timeout": 2, "type": "http"}, protocol="http")
    assert raised.value.http_response.json()["errors"][0]["target"]["name"] == "algorithm"
