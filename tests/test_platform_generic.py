"""The platform services the generic engine serves from their API tables, through their official
SDKs on a real server: each under the prefix `vpcmock env` points the SDK and the IBM provider
at (context-based restrictions at /cbr, Resource Controller at /resource-controller, IAM
Identity and Access Groups at the root and /iam, DNS Services at /dns-svcs/v1, Transit Gateway
at /transit/v1), answers parsed by the SDKs' models."""

import re

import pytest
from ibm_cloud_networking_services import DnsSvcsV1, TransitGatewayApisV1
from ibm_cloud_networking_services.dns_svcs_v1 import Dnszone, ListDnszones
from ibm_cloud_networking_services.transit_gateway_apis_v1 import TransitGateway, TransitGatewayCollection
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamAccessGroupsV2, IamIdentityV1, ResourceControllerV2, ResourceManagerV2
from ibm_platform_services.context_based_restrictions_v1 import (ContextBasedRestrictionsV1, Rule, RuleList, Zone,
                                                                 ZoneList)
from ibm_platform_services.iam_access_groups_v2 import Group, GroupsList
from ibm_platform_services.iam_identity_v1 import ApiKey, ServiceId, ServiceIdList, TrustedProfile
from ibm_platform_services.resource_controller_v2 import ResourceInstance, ResourceInstancesList, ResourceKey

from conftest import start_server
from vpcmock.engine.generic import service

HEX32 = re.compile(r"[0-9a-f]{32}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


def client(cls, server, name, **kwargs):
    sdk = cls(authenticator=IAMAuthenticator("platform-key", url=server.url), **kwargs)
    sdk.set_service_url(service.sdk_url(server.url, name))
    return sdk


@pytest.fixture(scope="module")
def cbr(server):
    return client(ContextBasedRestrictionsV1, server, "context_based_restrictions")


@pytest.fixture(scope="module")
def account(server):
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("platform-key", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]
    return {"id": group["account_id"], "group": group["id"]}


def not_found(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    assert caught.value.status_code == 404
    return caught.value


def test_cbr_zones_and_rules_are_created_read_listed_replaced_and_deleted(cbr, account):
    created = cbr.create_zone(name="office", account_id=account["id"], description="the office",
                              addresses=[{"type": "ipAddress", "value": "169.23.56.234"},
                                         {"type": "ipRange", "value": "169.23.22.0-169.23.22.255"}])
    assert created.get_status_code() == 201
    zone = Zone.from_dict(created.get_result())
    assert HEX32.fullmatch(zone.id) and zone.address_count == 2
    assert zone.crn.startswith(f"crn:v1:bluemix:public:context-based-restrictions:global:a/{account['id']}:")
    assert zone.href.endswith(f"/cbr/v1/zones/{zone.id}")
    read = cbr.get_zone(zone_id=zone.id)
    assert Zone.from_dict(read.get_result()).name == "office"
    listed = ZoneList.from_dict(cbr.list_zones(account_id=account["id"]).get_result())
    assert [z.id for z in listed.zones] == [zone.id] and listed.count == 1
    replaced = cbr.replace_zone(zone_id=zone.id, if_match=read.get_headers()["ETag"], name="office-2",
                                account_id=account["id"], addresses=[{"type": "ipAddress", "value": "10.0.0.1"}])
    replaced = Zone.from_dict(replaced.get_result())
    # a replacement: what it leaves out goes (a zone's description is required, so emptied)
    assert (replaced.name, replaced.address_count, replaced.description) == ("office-2", 1, "")

    rule = Rule.from_dict(cbr.create_rule(
        description="only the office", enforcement_mode="report",
        contexts=[{"attributes": [{"name": "networkZoneId", "value": zone.id}]}],
        resources=[{"attributes": [{"name": "accountId", "value": account["id"]},
                                   {"name": "serviceName", "value": "is"}]}]).get_result())
    assert HEX32.fullmatch(rule.id) and rule.contexts[0].attributes[0].value == zone.id
    assert [r.id for r in RuleList.from_dict(cbr.list_rules(account_id=account["id"]).get_result()).rules] == [rule.id]
    cbr.delete_rule(rule_id=rule.id)
    not_found(lambda: cbr.get_rule(rule_id=rule.id))
    assert cbr.delete_zone(zone_id=zone.id).get_status_code() == 204
    not_found(lambda: cbr.get_zone(zone_id=zone.id))


def test_a_cbr_rule_naming_a_zone_the_account_lacks_is_404(cbr):
    error = not_found(lambda: cbr.create_rule(contexts=[{"attributes": [{"name": "networkZoneId",
                                                                          "value": "0" * 32}]}]))
    assert error.http_response.json()["errors"][0]["code"] == "zone_not_found"


def test_cbr_replace_with_a_stale_etag_is_412(cbr, account):
    zone = cbr.create_zone(name="z", account_id=account["id"], addresses=[{"type": "ipAddress", "value": "1.2.3.4"}])
    with pytest.raises(ApiException) as caught:
        cbr.replace_zone(zone_id=zone.get_result()["id"], if_match='W/"stale"', name="z",
                         account_id=account["id"], addresses=[{"type": "ipAddress", "value": "1.2.3.4"}])
    assert caught.value.status_code == 412


def test_resource_instances_and_keys_by_crn(server, account):
    rc = client(ResourceControllerV2, server, "resource_controller")
    instance = ResourceInstance.from_dict(rc.create_resource_instance(
        name="kms", target="us-south", resource_group=account["group"], resource_plan_id="eedd3585-90c6-4c8f-be3d-062069e99fc3").get_result())
    assert instance.id == instance.crn and UUID.fullmatch(instance.guid) and instance.id.endswith(f":{instance.guid}::")
    assert instance.resource_group_id == account["group"] and instance.account_id == account["id"]
    assert ResourceInstance.from_dict(rc.get_resource_instance(id=instance.id).get_result()).name == "kms"
    assert rc.get_resource_instance(id=instance.guid).get_result()["id"] == instance.id  # by guid too
    assert instance.state == "active"  # what the IBM provider waits for
    listed = ResourceInstancesList.from_dict(rc.list_resource_instances().get_result())
    assert instance.id in [r.id for r in listed.resources]
    renamed = rc.update_resource_instance(id=instance.id, name="kms-2").get_result()
    assert ResourceInstance.from_dict(renamed).name == "kms-2"

    key = ResourceKey.from_dict(rc.create_resource_key(name="creds", source=instance.guid).get_result())
    assert key.source_crn == instance.crn
    not_found(lambda: rc.create_resource_key(name="creds", source="no-such-instance"))
    not_found(lambda: rc.create_resource_instance(name="x", target="us-south", resource_group="0" * 32,
                                                  resource_plan_id="eedd3585-90c6-4c8f-be3d-062069e99fc3"))
    rc.delete_resource_key(id=key.id)
    rc.delete_resource_instance(id=instance.id)
    not_found(lambda: rc.get_resource_instance(id=instance.id))


@pytest.mark.parametrize("mount", ["", "/iam"])
def test_iam_identity_service_ids_api_keys_and_trusted_profiles(server, account, mount):
    """At the root, as iam.cloud.ibm.com (where the token and policies are), and under /iam."""
    iam = IamIdentityV1(authenticator=IAMAuthenticator("platform-key", url=server.url + mount))
    iam.set_service_url(server.url + mount)
    sid = ServiceId.from_dict(iam.create_service_id(account_id=account["id"], name="ci").get_result())
    assert sid.id.startswith("ServiceId-") and UUID.fullmatch(sid.id.removeprefix("ServiceId-"))
    assert sid.iam_id == f"iam-{sid.id}" and sid.entity_tag
    read = iam.get_service_id(id=sid.id)
    assert ServiceId.from_dict(read.get_result()).name == "ci"
    assert sid.id in [s.id for s in ServiceIdList.from_dict(iam.list_service_ids(account_id=account["id"])
                                                            .get_result()).serviceids]
    key = ApiKey.from_dict(iam.create_api_key(name="k", iam_id=sid.iam_id, account_id=account["id"]).get_result())
    assert key.id.startswith("ApiKey-") and key.apikey
    profile = TrustedProfile.from_dict(iam.create_profile(name="p", account_id=account["id"]).get_result())
    assert profile.id.startswith("Profile-")
    iam.delete_api_key(id=key.id)
    iam.delete_service_id(id=sid.id)
    not_found(lambda: iam.get_service_id(id=sid.id))


def test_access_groups(server, account):
    groups = IamAccessGroupsV2(authenticator=IAMAuthenticator("platform-key", url=server.url))
    groups.set_service_url(server.url)
    group = Group.from_dict(groups.create_access_group(account_id=account["id"], name="ops").get_result())
    assert group.id.startswith("AccessGroupId-")
    read = groups.get_access_group(access_group_id=group.id)
    assert Group.from_dict(read.get_result()).name == "ops"
    listed = GroupsList.from_dict(groups.list_access_groups(account_id=account["id"]).get_result())
    assert group.id in [g.id for g in listed.groups]
    changed = groups.update_access_group(access_group_id=group.id, if_match=read.get_headers()["ETag"],
                                         description="on call").get_result()
    assert Group.from_dict(changed).description == "on call"
    groups.delete_access_group(access_group_id=group.id)
    not_found(lambda: groups.get_access_group(access_group_id=group.id))


def test_dns_zones_belong_to_their_instance(server):
    dns = client(DnsSvcsV1, server, "dns_svcs")
    zone = Dnszone.from_dict(dns.create_dnszone(instance_id="inst-1", name="example.com").get_result())
    assert UUID.fullmatch(zone.id) and zone.instance_id == "inst-1" and zone.state == "active"
    read = dns.get_dnszone(instance_id="inst-1", dnszone_id=zone.id).get_result()
    assert Dnszone.from_dict(read).name == "example.com"
    listed = ListDnszones.from_dict(dns.list_dnszones(instance_id="inst-1").get_result())
    assert [z.id for z in listed.dnszones] == [zone.id]
    assert ListDnszones.from_dict(dns.list_dnszones(instance_id="inst-2").get_result()).dnszones == []
    not_found(lambda: dns.get_dnszone(instance_id="inst-2", dnszone_id=zone.id))
    dns.update_dnszone(instance_id="inst-1", dnszone_id=zone.id, description="zone")
    dns.delete_dnszone(instance_id="inst-1", dnszone_id=zone.id)
    not_found(lambda: dns.get_dnszone(instance_id="inst-1", dnszone_id=zone.id))


def test_transit_gateways_and_a_wrong_resource_group(server, account):
    tg = client(TransitGatewayApisV1, server, "transit_gateway", version="2024-07-08")
    gateway = TransitGateway.from_dict(tg.create_transit_gateway(
        location="us-south", name="tg", resource_group={"id": account["group"]}).get_result())
    assert UUID.fullmatch(gateway.id) and gateway.resource_group.id == account["group"]
    assert gateway.crn.endswith(f":transit-gateway:{gateway.id}")
    listed = TransitGatewayCollection.from_dict(tg.list_transit_gateways().get_result())
    assert [g.id for g in listed.transit_gateways] == [gateway.id]
    assert TransitGateway.from_dict(tg.update_transit_gateway(id=gateway.id, name="tg-2").get_result()).name == "tg-2"
    error = not_found(lambda: tg.create_transit_gateway(location="us-south", name="x",
                                                        resource_group={"id": "0" * 32}))
    assert error.http_response.json()["errors"][0]["code"] == "resource_group_not_found"
    tg.delete_transit_gateway(id=gateway.id)
    not_found(lambda: tg.get_transit_gateway(id=gateway.id))


def test_platform_calls_need_a_token(server):
    import requests
    answer = requests.get(f"{server.url}/cbr/v1/zones")
    assert answer.status_code == 401 and answer.json()["errors"][0]["code"] == "not_authorized"


def test_listings_page_as_each_sdk_pager_follows_them(server, account):
    """Resource Controller pages by `start` and `next_url`, Access Groups by `offset` and
    `next.href`, Transit Gateway by `start` and `next.start`: each SDK's pager reads them all."""
    from ibm_platform_services.iam_access_groups_v2 import AccessGroupsPager
    from ibm_platform_services.resource_controller_v2 import ResourceInstancesPager

    rc = client(ResourceControllerV2, server, "resource_controller")
    made = {rc.create_resource_instance(name=f"paged-{n}", target="global", resource_group=account["group"],
                                        resource_plan_id="2fdf0c08-2d32-4f46-84b5-32e0c92fffd8").get_result()["id"] for n in range(5)}
    first = rc.list_resource_instances(limit=2).get_result()
    assert len(first["resources"]) == 2 and first["rows_count"] == 2
    assert first["next_url"].startswith("/resource-controller/v2/resource_instances?") and "start=2" in first["next_url"]
    assert made <= {r["id"] for r in ResourceInstancesPager(client=rc, limit=2).get_all()}

    groups = IamAccessGroupsV2(authenticator=IAMAuthenticator("platform-key", url=server.url))
    groups.set_service_url(server.url)
    made = {groups.create_access_group(account_id=account["id"], name=f"paged-{n}").get_result()["id"]
            for n in range(3)}
    page = groups.list_access_groups(account_id=account["id"], limit=1).get_result()
    assert len(page["groups"]) == 1 and page["next"]["href"].endswith("offset=1")
    assert made <= {g["id"] for g in AccessGroupsPager(client=groups, account_id=account["id"], limit=1).get_all()}

    tg = client(TransitGatewayApisV1, server, "transit_gateway", version="2024-07-08")
    for n in range(3):
        tg.create_transit_gateway(location="us-south", name=f"paged-{n}")
    page = tg.list_transit_gateways(limit=2).get_result()
    assert len(page["transit_gateways"]) == 2 and page["limit"] == 2 and page["next"]["start"] == "2"
    rest = tg.list_transit_gateways(limit=2, start=page["next"]["start"]).get_result()
    assert "next" not in rest and len(rest["transit_gateways"]) >= 1
