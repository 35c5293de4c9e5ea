"""Context-based restrictions enforced on VPC API requests: zones and rules made with the
official CBR SDK (ContextBasedRestrictionsV1), requests made with the official VPC SDK from
loopback addresses of our choosing (all of 127.0.0.0/8 is this machine: a client bound to
127.0.0.2 stands for another network), over the public endpoint or the private one
(`<mock>/private/...`)."""

import ipaddress
import json
from pathlib import Path

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services.context_based_restrictions_v1 import ContextBasedRestrictionsV1
from ibm_vpc import VpcV1
from requests.adapters import HTTPAdapter

from conftest import start_server
from vpcmock.config import DEFAULT_ACCOUNT
from vpcmock.engine.generic import service
from vpcmock.engine.platform.cbr import decision, targets
from vpcmock.engine.platform.cbr.zones import Caller

OTHER_ACCOUNT = "0123456789abcdef0123456789abcdef"
ALL_API_TYPES = "crn:v1:bluemix:public:context-based-restrictions::::api-type:"


class SourceAddress(HTTPAdapter):
    """Connections from a given local address (a loopback address other than 127.0.0.1)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture
def mock(server):
    requests.post(f"{server.url}/mock/reset").raise_for_status()
    return server


@pytest.fixture
def cbr(mock):
    client = ContextBasedRestrictionsV1(authenticator=IAMAuthenticator("test-key", url=mock.url))
    client.set_service_url(service.sdk_url(mock.url, "context_based_restrictions"))
    return client


def vpc_from(server, address: str = "127.0.0.1", *, private: bool = False, api_key: str = "test-key") -> VpcV1:
    client = VpcV1(authenticator=IAMAuthenticator(api_key, url=server.url))
    client.set_service_url(f"{server.url}{'/private' if private else ''}/v1")
    client.get_http_client().mount("http://", SourceAddress(address))
    return client


def zone(cbr, *addresses, excluded=()) -> str:
    return cbr.create_zone(name="zone", account_id=DEFAULT_ACCOUNT, addresses=list(addresses),
                           excluded=list(excluded)).get_result()["id"]


def ip(value: str) -> dict:
    return {"type": "ipAddress", "value": value}


def rule(cbr, contexts, *, mode="enabled", resource_type="volume", account=DEFAULT_ACCOUNT, service_name="is",
         extra=(), tags=None, operations=None) -> dict:
    attributes = [{"name": "accountId", "value": account}, {"name": "serviceName", "value": service_name}]
    if resource_type:
        attributes.append({"name": "resourceType", "value": resource_type})
    resource = {"attributes": attributes + list(extra)}
    if tags:
        resource["tags"] = tags
    kwargs = {"operations": operations} if operations else {}
    return cbr.create_rule(contexts=contexts, resources=[resource], enforcement_mode=mode, **kwargs).get_result()


def in_zones(*zone_ids, endpoint_types=None) -> dict:
    attributes = [{"name": "networkZoneId", "value": ",".join(zone_ids)}]
    if endpoint_types:
        attributes.append({"name": "endpointType", "value": endpoint_types})
    return {"attributes": attributes}


def volume(client: VpcV1, name: str = "data", tags=()) -> dict:
    return client.create_volume({"name": name, "capacity": 10, "profile": {"name": "general-purpose"},
                                 "zone": {"name": "us-south-1"}, "user_tags": list(tags)}).get_result()


def refused(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    return caught.value


def events(server, **filters) -> list[dict]:
    return requests.get(f"{server.url}/mock/events", params=filters).json()["events"]


def test_a_rule_admitting_only_127_0_0_2_denies_a_request_from_127_0_0_1_with_ibms_403(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))])
    error = refused(lambda: vpc_from(mock, "127.0.0.1").get_volume(id=made["id"]))
    body = error.http_response.json()
    assert error.status_code == 403
    assert body["errors"] == [{"code": "not_authorized", "message": "The request is not authorized: it is restricted "
                               "by context-based restrictions", "more_info":
                               "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages#not_authorized"}]
    assert body["status_code"] == 403 and body["trace"]


def test_the_same_request_from_127_0_0_2_is_allowed(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))])
    assert vpc_from(mock, "127.0.0.2").get_volume(id=made["id"]).get_result()["id"] == made["id"]


def test_listing_and_creating_the_covered_type_are_denied_too(mock, cbr):
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))])
    outside = vpc_from(mock, "127.0.0.9")
    assert refused(lambda: outside.list_volumes()).status_code == 403
    assert refused(lambda: volume(outside)).status_code == 403
    assert [v["name"] for v in vpc_from(mock, "127.0.0.2").list_volumes().get_result()["volumes"]] == []


def test_ranges_subnets_and_exclusions_of_a_zone(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, {"type": "ipRange", "value": "127.0.0.2-127.0.0.5"},
                             {"type": "subnet", "value": "127.0.1.0/24"}, excluded=[ip("127.0.0.3")]))])
    allowed = {address: _status(lambda a=address: vpc_from(mock, a).get_volume(id=made["id"]))
               for address in ("127.0.0.2", "127.0.0.3", "127.0.0.5", "127.0.0.6", "127.0.1.7")}
    assert allowed == {"127.0.0.2": 200, "127.0.0.3": 403, "127.0.0.5": 200, "127.0.0.6": 403, "127.0.1.7": 200}


def _status(call) -> int:
    try:
        return call().get_status_code()
    except ApiException as error:
        return error.status_code


def test_a_vpc_zone_admits_addresses_of_the_vpcs_subnets(mock, cbr):
    """The VPC API refuses loopback prefixes (127.0.0.0/8 is reserved), so no request over
    loopback can come from a VPC's subnet: the engine is asked directly, for callers at
    addresses of the VPC's subnet and beside it, on the server's own store."""
    client = vpc_from(mock)
    vpc = client.create_vpc(name="office").get_result()
    subnet = client.create_subnet({"name": "s", "vpc": {"id": vpc["id"]}, "total_ipv4_address_count": 256,
                                   "zone": {"name": "us-south-1"}}).get_result()
    made = volume(client)
    rule(cbr, [in_zones(zone(cbr, {"type": "vpc", "value": vpc["crn"]}))])
    network = ipaddress.ip_network(subnet["ipv4_cidr_block"])
    store = mock.runtime.store
    target = targets.vpc_target(store, DEFAULT_ACCOUNT, "us-south", f"/volumes/{made['id']}")
    inside, beside = Caller(network[9], "public"), Caller(network.broadcast_address + 1, "public")
    assert decision.judge(store, inside, target) is None
    assert decision.judge(store, beside, target).denied


def test_endpoint_type_private_admits_only_requests_to_the_private_endpoint(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [{"attributes": [{"name": "endpointType", "value": "private"}]}])
    assert _status(lambda: vpc_from(mock).get_volume(id=made["id"])) == 403
    assert _status(lambda: vpc_from(mock, private=True).get_volume(id=made["id"])) == 200


def test_the_private_endpoint_serves_every_api_under_private(mock):
    private = vpc_from(mock, private=True)
    made = volume(private, name="via-private")
    assert [v["id"] for v in vpc_from(mock).list_volumes().get_result()["volumes"]] == [made["id"]]
    token = requests.post(f"{mock.url}/private/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "test-key"})
    assert token.status_code == 200 and token.json()["access_token"]


def test_a_rule_in_report_mode_denies_nothing_and_records_what_it_would_have_denied(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], mode="report")
    assert _status(lambda: vpc_from(mock, "127.0.0.9").get_volume(id=made["id"])) == 200
    (event,) = events(mock, action="context-based-restrictions.policy.eval")
    assert (event["outcome"], event["reason"], event["target"]) == (
        "success", {"code": "context_based_restrictions_report_only"}, {"crn": made["crn"], "name": "data"})


def test_a_denial_is_recorded_as_a_failure_event(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))])
    refused(lambda: vpc_from(mock, "127.0.0.9").delete_volume(id=made["id"]))
    (event,) = events(mock, action="context-based-restrictions.policy.eval")
    assert (event["outcome"], event["reason"], event["target"]["crn"]) == (
        "failure", {"code": "context_based_restrictions_denied"}, made["crn"])
    assert vpc_from(mock, "127.0.0.2").get_volume(id=made["id"]).get_result()["id"] == made["id"]  # not deleted


def test_a_disabled_rule_denies_nothing(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], mode="disabled")
    assert _status(lambda: vpc_from(mock, "127.0.0.9").get_volume(id=made["id"])) == 200
    assert events(mock, action="context-based-restrictions.policy.eval") == []


def test_a_rule_on_volumes_does_not_cover_other_resource_types(mock, cbr):
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))])
    outside = vpc_from(mock, "127.0.0.9")
    assert outside.list_snapshots().get_status_code() == 200
    assert outside.list_backup_policies().get_status_code() == 200


def test_a_rule_on_another_service_does_not_cover_the_vpc_api(mock, cbr):
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], service_name="cloud-object-storage", resource_type=None)
    assert vpc_from(mock, "127.0.0.9").list_volumes().get_status_code() == 200


def test_a_rule_of_one_account_does_not_cover_another_accounts_requests(mock, cbr):
    before = requests.get(f"{mock.url}/mock/iam").json()
    accounts = {DEFAULT_ACCOUNT: {"api_keys": {"test-key": "Administrator"}},
                OTHER_ACCOUNT: {"api_keys": {"other-key": "Administrator"}}}
    requests.put(f"{mock.url}/mock/iam", json={"accounts": accounts}).raise_for_status()
    try:
        _one_account_only(mock, cbr)
    finally:
        requests.put(f"{mock.url}/mock/iam", json=before).raise_for_status()


def _one_account_only(mock, cbr):
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], resource_type=None)
    assert _status(lambda: vpc_from(mock, "127.0.0.9").list_volumes()) == 403
    assert _status(lambda: vpc_from(mock, "127.0.0.9", api_key="other-key").list_volumes()) == 200


def test_a_rule_naming_one_resource_covers_it_and_not_its_siblings(mock, cbr):
    client = vpc_from(mock)
    first, second = volume(client, "first"), volume(client, "second")
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], extra=[{"name": "resource", "value": first["id"]}])
    outside = vpc_from(mock, "127.0.0.9")
    assert _status(lambda: outside.get_volume(id=first["id"])) == 403
    assert _status(lambda: outside.get_volume(id=second["id"])) == 200
    assert _status(lambda: outside.list_volumes()) == 200  # a listing names no resource


def test_a_rule_with_tags_covers_only_resources_carrying_them(mock, cbr):
    client = vpc_from(mock)
    prod, dev = volume(client, "prod", tags=["env:prod"]), volume(client, "dev", tags=["env:dev"])
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], tags=[{"name": "env", "value": "prod"}])
    outside = vpc_from(mock, "127.0.0.9")
    assert _status(lambda: outside.get_volume(id=prod["id"])) == 403
    assert _status(lambda: outside.get_volume(id=dev["id"])) == 200


def test_string_match_resource_attributes(mock, cbr):
    made = volume(vpc_from(mock))
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], resource_type=None,
         extra=[{"name": "resourceType", "value": "vol*", "operator": "stringMatch"}])
    assert _status(lambda: vpc_from(mock, "127.0.0.9").get_volume(id=made["id"])) == 403
    assert _status(lambda: vpc_from(mock, "127.0.0.9").list_snapshots()) == 200


def test_a_rule_naming_another_api_type_does_not_cover_the_vpc_api(mock, cbr):
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))],
         operations={"api_types": [{"api_type_id": "crn:v1:bluemix:public:containers-kubernetes::::api-type:cluster"}]})
    assert _status(lambda: vpc_from(mock, "127.0.0.9").list_volumes()) == 200
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], operations={"api_types": [{"api_type_id": ALL_API_TYPES}]})
    assert _status(lambda: vpc_from(mock, "127.0.0.9").list_volumes()) == 403


def test_a_context_asking_for_mfa_admits_no_token_of_the_mock(mock, cbr):
    rule(cbr, [{"attributes": [{"name": "mfa", "value": "LEVEL1"}]}])
    assert _status(lambda: vpc_from(mock, "127.0.0.2").list_volumes()) == 403


def test_deleting_the_rule_lifts_the_restriction(mock, cbr):
    made = rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))])
    assert _status(lambda: vpc_from(mock, "127.0.0.9").list_volumes()) == 403
    cbr.delete_rule(rule_id=made["id"])
    assert _status(lambda: vpc_from(mock, "127.0.0.9").list_volumes()) == 200


def test_vpcmock_env_private_points_every_client_at_the_private_endpoint(tmp_path):
    from vpcmock_provider.environment import exports

    url = "http://127.0.0.1:9999"
    seen = exports(url, tmp_path / "tf", private=True)
    endpoints = json.loads(Path(seen["IBMCLOUD_ENDPOINTS_FILE_PATH"]).read_text())
    assert (seen["VPCMOCK_URL"], seen["VPCMOCK_API_URL"]) == (url, f"{url}/private")  # admin calls stay at the root
    assert endpoints["IBMCLOUD_IS_NG_API_ENDPOINT"]["public"]["eu-de"] == f"{url}/private/eu-de/v1"
    assert seen["IBMCLOUD_IAM_API_ENDPOINT"] == f"{url}/private"
    assert (seen["IBMCLOUD_CONTEXT_BASED_RESTRICTIONS_ENDPOINT"], seen["VPCMOCK_CBR_URL"]) == (
        f"{url}/private/cbr", f"{url}/private/cbr")
    assert exports(url, tmp_path / "tf")["VPCMOCK_API_URL"] == url  # public by default


def test_a_client_set_up_by_vpcmock_env_private_passes_a_private_only_rule(mock, cbr, tmp_path):
    from vpcmock_provider.environment import exports

    seen = exports(mock.url, tmp_path / "tf", private=True)
    client = VpcV1(authenticator=IAMAuthenticator("test-key", url=seen["IBMCLOUD_IAM_API_ENDPOINT"]))
    client.set_service_url(seen["VPCMOCK_API_URL"] + "/v1")
    rule(cbr, [{"attributes": [{"name": "endpointType", "value": "private"}]}])
    assert client.list_volumes().get_status_code() == 200
    assert _status(lambda: vpc_from(mock).list_volumes()) == 403


def test_a_rule_naming_a_region_covers_requests_to_that_regions_endpoint_only(mock, cbr):
    rule(cbr, [in_zones(zone(cbr, ip("127.0.0.2")))], extra=[{"name": "region", "value": "us-east"}])
    east, south = vpc_from(mock, "127.0.0.9"), vpc_from(mock, "127.0.0.9")
    east.set_service_url(f"{mock.url}/us-east/v1")
    south.set_service_url(f"{mock.url}/us-south/v1")
    assert (_status(lambda: east.list_volumes()), _status(lambda: south.list_volumes())) == (403, 200)
