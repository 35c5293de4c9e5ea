"""The VPC API's version-dated names (engine/generic/api_versions.py) through the official SDK:
a load balancer listener policy's `forward_to_pool` is `forward` to a client on a `version`
before 2025-04-08 (IBM's 2025-04-08 migration guide for application load balancers)."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import LoadBalancerListenerPolicy

from conftest import sdk_client

ZONE = "us-south-1"
OLD = "2025-04-07"
NEW = "2025-04-08"


def at_version(mock, version: str):
    client = sdk_client(mock.url)
    client.version = version
    return client


@pytest.fixture
def balancer(vpc):
    """An application load balancer with an http listener and a pool `web`: (id, listener id, pool id)."""
    net = vpc.create_vpc(name="net").get_result()
    subnet = vpc.create_subnet({"name": "net-1", "vpc": {"id": net["id"]}, "zone": {"name": ZONE},
                                "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
    made = vpc.create_load_balancer(
        is_public=False, subnets=[{"id": subnet["id"]}], name="front",
        pools=[{"name": "web", "algorithm": "round_robin", "protocol": "http",
                "health_monitor": {"delay": 5, "max_retries": 2, "timeout": 2, "type": "http"}}],
        listeners=[{"protocol": "http", "port": 80, "default_pool": {"name": "web"}}]).get_result()
    return made["id"], made["listeners"][0]["id"], made["pools"][0]["id"]


def status_and_code(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]


def test_a_client_before_2025_04_08_forwards_with_forward_and_reads_forward(mock, balancer):
    lb, listener, pool = balancer
    old = at_version(mock, OLD)
    made = old.create_load_balancer_listener_policy(lb, listener, action="forward", priority=1,
                                                    target={"id": pool}).get_result()
    got = old.get_load_balancer_listener_policy(lb, listener, made["id"]).get_result()
    listed = old.list_load_balancer_listener_policies(lb, listener).get_result()["policies"]
    assert (made["action"], got["action"], [p["action"] for p in listed], got["target"]["id"]) == (
        "forward", "forward", ["forward"], pool)


def test_a_policy_made_with_forward_is_forward_to_pool_from_2025_04_08(mock, balancer):
    lb, listener, pool = balancer
    made = at_version(mock, OLD).create_load_balancer_listener_policy(lb, listener, action="forward", priority=1,
                                                                      target={"id": pool}).get_result()
    got = at_version(mock, NEW).get_load_balancer_listener_policy(lb, listener, made["id"]).get_result()
    LoadBalancerListenerPolicy.from_dict(got)
    assert (got["action"], got["target"]["id"]) == ("forward_to_pool", pool)


def test_forward_is_refused_from_2025_04_08(mock, balancer):
    lb, listener, pool = balancer
    new = at_version(mock, NEW)
    assert status_and_code(lambda: new.create_load_balancer_listener_policy(
        lb, listener, action="forward", priority=1, target={"id": pool})) == (400, "invalid_field_value")
    assert new.list_load_balancer_listener_policies(lb, listener).get_result()["policies"] == []


def test_forward_to_pool_is_refused_before_2025_04_08(mock, balancer):
    lb, listener, pool = balancer
    old = at_version(mock, OLD)
    assert status_and_code(lambda: old.create_load_balancer_listener_policy(
        lb, listener, action="forward_to_pool", priority=1, target={"id": pool})) == (400, "invalid_field_value")


def test_a_forward_to_pool_policy_from_2025_04_08_is_forward_to_pool(mock, balancer):
    lb, listener, pool = balancer
    made = at_version(mock, NEW).create_load_balancer_listener_policy(lb, listener, action="forward_to_pool",
                                                                      priority=1, target={"id": pool}).get_result()
    LoadBalancerListenerPolicy.from_dict(made)
    assert made["action"] == "forward_to_pool"
