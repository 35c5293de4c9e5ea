"""Regressions of the robustness issue: each input that once made the mock answer 500, stop
saving or do nothing, and what it answers now."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from vpcmock.store import Store
from vpcmock.store.storage import AtomicJSONStorage, open_database

from conftest import Http, start_server
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue

SDP_VOLUME = {"name": "vol", "capacity": 10, "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
              "user_tags": ["t"]}


def raw(http: Http, method: str, path: str, data: bytes | str, *, prefix="/v1", params=None):
    """A request whose body is sent as given (json= would refuse or re-encode it)."""
    query = {"version": "2026-10-06", "generation": "2", **(params or {})}
    return http.session.request(method, f"{http.url}{prefix}{path}", params=query, data=data,
                                headers={"Content-Type": "application/json"})


def error_of(response) -> tuple[int, str]:
    return response.status_code, response.json()["errors"][0]["code"]


# -- a failed save --------------------------------------------------------------------------------

class FailingOnce(AtomicJSONStorage):
    def __init__(self, path):
        super().__init__(path)
        self.fail_next = False

    def write(self, data):
        if self.fail_next:
            self.fail_next = False
            raise OSError(28, "No space left on device")
        super().write(data)


def test_a_failed_save_rolls_the_transaction_back(tmp_path):
    storage = FailingOnce(tmp_path / "state.json")
    store = Store(storage)
    with store.transaction():
        store.put("volumes", {"id": "kept", "_account": "a", "_region": "r"})
    storage.fail_next = True
    with pytest.raises(OSError):
        with store.transaction():
            store.put("volumes", {"id": "lost", "_account": "a", "_region": "r"})
            store.delete("volumes", "kept")
    assert sorted(store.all("volumes")) == ["kept"]


def test_the_store_saves_again_after_a_failed_save(tmp_path):
    storage = FailingOnce(tmp_path / "state.json")
    store = Store(storage)
    storage.fail_next = True
    with pytest.raises(OSError):
        with store.transaction():
            store.put("volumes", {"id": "lost", "_account": "a", "_region": "r"})
    with store.transaction():
        store.put("volumes", {"id": "saved", "_account": "a", "_region": "r"})
    assert [doc["id"] for doc in open_database(tmp_path / "state.json").table("volumes").all()] == ["saved"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    state = tmp_path_factory.mktemp("robust") / "state.json"
    srv = start_server(state, scheduler=False)
    srv.state_path = state
    yield srv
    srv.close()


@pytest.fixture
def fresh(server) -> Http:
    requests.post(f"{server.url}/mock/reset").raise_for_status()
    requests.post(f"{server.url}/mock/clock", json={"to": "2030-01-01T00:00:00Z", "frozen": True})
    return Http(server.url)


def test_a_lone_surrogate_in_a_stored_field_is_refused_and_saving_goes_on(fresh, server):
    body = ('{"match_resource_type":"volume","match_user_tags":["t"],"name":"w","plans":[{"cron_spec":"0 4 * * *",'
            '"remote_region_policies":[{"region":{"name":"us-east"},"encryption_key":{"crn":"\\ud800"}}]}]}')
    response = raw(fresh, "POST", "/backup_policies", body)
    assert error_of(response) == (400, "invalid_body")
    assert "surrogate" in response.json()["errors"][0]["message"]
    created = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    assert [d["id"] for d in open_database(server.state_path).table("volumes").all()] == [created["id"]]
    assert fresh.call("GET", "/backup_policies").json()["backup_policies"] == []


def test_a_lone_surrogate_tag_is_refused_by_the_tagging_api(fresh):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    response = fresh.session.post(f"{fresh.url}/v3/tags/attach", headers={"Content-Type": "application/json"},
                                  data='{"resources":[{"resource_id":"%s"}],"tag_names":["\\ud800"]}' % volume["crn"])
    assert error_of(response) == (400, "invalid_body")
    assert fresh.call("GET", f"/volumes/{volume['id']}").json()["user_tags"] == ["t"]


# -- paging tokens --------------------------------------------------------------------------------

def _token(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("token", ["WyJ4Il0", _token([None]), _token([{}]), _token([[1]]), _token([True]),
                                   _token([[[[[[1]]]]]]), base64.urlsafe_b64encode(b"[" * 5000).decode()])
@pytest.mark.parametrize("path", ["/volumes", "/snapshots", "/backup_policies", "/instances", "/shares"])
def test_a_start_token_not_issued_by_the_service_is_invalid_start(fresh, token, path):
    fresh.call("POST", "/volumes", SDP_VOLUME)
    response = fresh.call("GET", path, params={"start": token})
    assert error_of(response) == (400, "invalid_start")


def test_a_start_token_for_a_name_sort_is_refused_on_the_default_sort(fresh):
    fresh.call("POST", "/volumes", SDP_VOLUME)
    response = fresh.call("GET", "/snapshots", params={"start": _token(["a", 1])})
    assert error_of(response) == (400, "invalid_start")


# -- bodies ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/backup_policies", "/volumes", "/shares", "/instances"])
def test_a_deeply_nested_body_is_invalid_body(fresh, path):
    assert error_of(raw(fresh, "POST", path, "[" * 100000)) == (400, "invalid_body")


def test_a_body_nested_past_32_levels_is_refused_even_when_well_formed(fresh):
    response = raw(fresh, "POST", "/volumes", '{"name": ' + "[" * 40 + "]" * 40 + "}")
    assert error_of(response) == (400, "invalid_body")
    assert "nested more than 32 levels" in response.json()["errors"][0]["message"]


def test_a_deeply_nested_admin_body_is_invalid_body(fresh):
    response = requests.post(f"{fresh.url}/mock/clock", data="[" * 100000, headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, "invalid_body")


@pytest.mark.parametrize("text", ['{"capacity": NaN}', '{"capacity": Infinity}', '{"capacity": 1e400}'])
def test_non_finite_numbers_are_invalid_body(fresh, text):
    assert error_of(raw(fresh, "POST", "/volumes", text)) == (400, "invalid_body")


@pytest.mark.parametrize("path,body,target", [
    ("/volumes", {**SDP_VOLUME, "profile": {}}, "profile.name"),
    ("/shares", {"size": 10, "profile": {}, "zone": {"name": "us-south-1"}}, "profile.name"),
    ("/shares", {"size": 10, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"},
                 "replica_share": {"profile": {}, "zone": {"name": "us-south-2"}, "replication_cron_spec": "0 * * * *"}},
     "replica_share.profile.name"),
    ("/instances", {"profile": {}, "zone": {"name": "us-south-1"}}, "profile.name"),
    ("/instances", {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                    "boot_volume_attachment": {"volume": {"profile": {}}}}, "boot_volume_attachment.volume.profile.name"),
    ("/instances", {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                    "volume_attachments": [{"volume": {"capacity": 10, "profile": {}}}]},
     "volume_attachments[0].volume.profile.name"),
])
def test_a_profile_without_a_name_is_missing_field(fresh, path, body, target):
    response = fresh.call("POST", path, body)
    assert error_of(response) == (400, "missing_field")
    assert response.json()["errors"][0]["target"]["name"] == target


def test_an_attachment_volume_profile_without_a_name_is_missing_field(fresh):
    instance = fresh.call("POST", "/instances", {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                                 "image": {"id": UBUNTU}}).json()
    response = fresh.call("POST", f"/instances/{instance['id']}/volume_attachments",
                          {"volume": {"capacity": 10, "profile": {}}})
    assert error_of(response) == (400, "missing_field")


@pytest.mark.parametrize("iops,code", [(2 ** 64, "invalid_body"), (-5, "volume_iops_invalid"),
                                       (99, "volume_iops_invalid"), (64001, "volume_iops_invalid")])
def test_volume_iops_out_of_range_is_refused(fresh, iops, code):
    response = raw(fresh, "POST", "/volumes", json.dumps({**SDP_VOLUME, "iops": iops}))
    assert error_of(response) == (400, code)


def test_volume_iops_out_of_range_is_refused_on_update(fresh):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    response = raw(fresh, "PATCH", f"/volumes/{volume['id']}", json.dumps({"iops": 2 ** 64}))
    assert error_of(response) == (400, "invalid_body")
    assert error_of(fresh.call("PATCH", f"/volumes/{volume['id']}", {"iops": -1})) == (400, "volume_iops_invalid")


def test_share_iops_out_of_range_is_refused(fresh):
    body = {"size": 10, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"}, "iops": -1}
    assert error_of(fresh.call("POST", "/shares", body)) == (400, "share_iops_invalid")


@pytest.mark.parametrize("path,body", [
    ("/backup_policies", {"match_resource_type": "volume", "match_user_tags": ["t"],
                          "plans": [{"cron_spec": "0 4 * * *", "remote_region_policies": [
                              {"region": {"name": "us-east"}, "encryption_key": {"crn": "\ud800"}}]}]}),
    ("/instances", {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"}, "image": {"id": "\ud800"}}),
    ("/instances", {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"}, "vpc": {"id": "\ud800"}}),
])
def test_an_echoed_lone_surrogate_is_invalid_body(fresh, path, body):
    assert error_of(fresh.call("POST", path, body)) == (400, "invalid_body")


def test_a_replication_cron_spec_that_is_not_cron_is_refused(fresh):
    body = {"size": 10, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"},
            "replica_share": {"profile": {"name": "dp2"}, "zone": {"name": "us-south-2"},
                              "replication_cron_spec": "not a cron"}}
    response = fresh.call("POST", "/shares", body)
    assert error_of(response) == (400, "share_replication_cron_spec_invalid")
    assert response.json()["errors"][0]["target"]["name"] == "replica_share.replication_cron_spec"
    assert fresh.call("GET", "/shares").json()["shares"] == []


def test_a_replication_more_often_than_every_15_minutes_is_refused(fresh):
    body = {"size": 10, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"},
            "replica_share": {"profile": {"name": "dp2"}, "zone": {"name": "us-south-2"},
                              "replication_cron_spec": "*/10 * * * *"}}
    response = fresh.call("POST", "/shares", body)
    assert response.json()["errors"][0]["message"] == ("replication_cron_spec '*/10 * * * *' runs more often than "
                                                       "once every 15 minutes")
    assert error_of(fresh.call("POST", "/shares", body)) == (400, "share_replication_cron_spec_invalid")


def test_an_oversized_value_is_echoed_truncated(fresh):
    response = fresh.call("POST", "/volumes", {**SDP_VOLUME, "user_tags": ["x" * 5_000_000]})
    target = response.json()["errors"][0]["target"]
    assert error_of(response) == (400, "invalid_user_tag")
    assert len(target["value"]) == 259 and target["value"].endswith("...")
    assert len(response.content) < 2000


# -- the tagging API ------------------------------------------------------------------------------

@pytest.mark.parametrize("body,code", [
    ({"resources": [{"resource_id": "crn"}], "tag_names": "t"}, "invalid_field_type"),
    ({"resources": [{"resource_id": "crn"}], "tag_names": 5}, "invalid_field_type"),
    ({"resources": [{"resource_id": "crn"}], "tag_names": {"a": 1}}, "invalid_field_type"),
    ({"resources": ["x"], "tag_names": ["t"]}, "invalid_field_type"),
    ({"resources": 5, "tag_names": ["t"]}, "invalid_field_type"),
    ({"resources": [{"resource_id": 5}], "tag_names": ["t"]}, "invalid_field_type"),
    ({"resources": [{"resource_id": "crn"}], "tag_names": ["no/slash"]}, "invalid_user_tag"),
    ({"resources": [{"resource_id": "crn"}], "tag_names": ["x" * 129]}, "invalid_user_tag"),
])
def test_the_tagging_api_refuses_malformed_operations(fresh, body, code):
    response = fresh.session.post(f"{fresh.url}/v3/tags/attach", json=body)
    assert error_of(response) == (400, code)


def test_a_tag_refused_by_the_pattern_is_not_attached(fresh):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    fresh.session.post(f"{fresh.url}/v3/tags/attach",
                       json={"resources": [{"resource_id": volume["crn"]}], "tag_names": ["bad/tag"]})
    assert fresh.call("GET", f"/volumes/{volume['id']}").json()["user_tags"] == ["t"]


# -- the admin API --------------------------------------------------------------------------------

def admin(server, method: str, path: str, body=None, **kwargs):
    return requests.request(method, f"{server.url}/mock{path}", json=body, **kwargs)


@pytest.mark.parametrize("text", ['{"advance_seconds": NaN}', '{"advance_seconds": Infinity}'])
def test_a_clock_advance_that_is_not_a_number_is_invalid_body(fresh, server, text):
    response = admin(server, "POST", "/clock", data=text, headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, "invalid_body")


@pytest.mark.parametrize("seconds", [1e20, 2 ** 40])  # (2 ** 62 is past any integer a body holds: invalid_body)
def test_a_clock_advance_past_the_year_9000_is_refused(fresh, server, seconds):
    response = admin(server, "POST", "/clock", {"advance_seconds": seconds})
    assert error_of(response) == (400, "invalid_field_value")
    assert admin(server, "GET", "/clock").json()["now"] == "2030-01-01T00:00:00Z"


@pytest.mark.parametrize("to", [["2030-01-02T00:00:00Z"], 5, None, "tomorrow", "9999-12-31T23:59:59Z"])
def test_a_clock_target_that_is_not_an_instant_is_refused(fresh, server, to):
    response = admin(server, "POST", "/clock", {"to": to})
    assert error_of(response) == (400, "invalid_field_value")
    assert response.json()["errors"][0]["target"]["name"] == "to"


@pytest.mark.parametrize("body,name", [({"set": "2031-01-01T00:00:00Z"}, "set"), ({"advance_secs": 3600}, "advance_secs")])
def test_an_unknown_clock_field_is_refused_by_name(fresh, server, body, name):
    response = admin(server, "POST", "/clock", body)
    assert error_of(response) == (400, "unknown_field")
    assert response.json()["errors"][0]["target"]["name"] == name
    assert admin(server, "GET", "/clock").json()["now"] == "2030-01-01T00:00:00Z"


def test_advancing_a_running_clock_by_zero_is_not_backwards(fresh, server):
    admin(server, "POST", "/clock", {"frozen": False})
    try:
        for _ in range(20):
            assert admin(server, "POST", "/clock", {"advance_seconds": 0}).status_code == 200
    finally:
        admin(server, "POST", "/clock", {"frozen": True})


@pytest.mark.parametrize("text,code", [('{"daily_gb": NaN}', "invalid_body"), ('{"daily_gb": 1e400}', "invalid_body"),
                                       ('{"daily_gb": 11}', "invalid_field_value")])
def test_a_change_rate_that_is_not_a_usable_number_is_refused(fresh, server, text, code):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    response = admin(server, "PUT", f"/volumes/{volume['id']}/change_rate", data=text,
                     headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, code)
    assert admin(server, "GET", f"/volumes/{volume['id']}/blocks").status_code == 200


def test_a_change_rate_of_zero_keeps_the_blocks_readable(fresh, server):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    assert admin(server, "PUT", f"/volumes/{volume['id']}/change_rate", {"daily_gb": 0}).status_code == 200
    admin(server, "POST", "/clock", {"advance_seconds": 3 * 86400})
    blocks = admin(server, "GET", f"/volumes/{volume['id']}/blocks").json()
    assert blocks["daily_change_gb"] == 0


@pytest.mark.parametrize("index", ["²", "⁹", "9" * 5000, "-1", "01", "10"])
def test_a_write_to_a_block_that_is_not_the_volumes_is_block_index_invalid(fresh, server, index):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    response = admin(server, "POST", f"/volumes/{volume['id']}/writes", {"blocks": {index: "x"}})
    assert error_of(response) == (400, "block_index_invalid")


def test_a_write_of_null_gb_is_refused(fresh, server):
    volume = fresh.call("POST", "/volumes", SDP_VOLUME).json()
    response = admin(server, "POST", f"/volumes/{volume['id']}/writes", {"gb": None})
    assert error_of(response) == (400, "invalid_field_value")
    assert admin(server, "GET", f"/volumes/{volume['id']}/blocks").json()["daily_change_gb"] == 0.2


def test_an_events_limit_of_5000_digits_is_refused(fresh, server):
    response = admin(server, "GET", "/events", params={"limit": "9" * 5000})
    assert error_of(response) == (400, "invalid_parameter_value")


def test_an_events_since_that_is_not_an_instant_is_refused(fresh, server):
    response = admin(server, "GET", "/events", params={"since": "yesterday"})
    assert error_of(response) == (400, "invalid_parameter_value")
    assert response.json()["errors"][0]["target"]["name"] == "since"


def test_an_unknown_events_filter_is_refused(fresh, server):
    assert error_of(admin(server, "GET", "/events", params={"actoin": "x"})) == (400, "invalid_parameter")


def test_a_webhook_url_that_does_not_parse_is_invalid_webhook_url(fresh, server):
    response = admin(server, "PUT", "/events/webhook", {"url": "http://[::1"})
    assert error_of(response) == (400, "invalid_webhook_url")


@pytest.mark.parametrize("document", [{"accounts": {"a": 5}}, {"enterprise": 5}, {"accounts": {"a": {"api_keys": [["k"]]}}},
                                      {"enterprise": {"id": "e", "account": "a", "child_accounts": "b"}}])
def test_a_malformed_iam_document_is_invalid_iam_configuration(fresh, server, document):
    before = admin(server, "GET", "/iam").json()
    response = admin(server, "PUT", "/iam", document)
    assert error_of(response) == (400, "invalid_iam_configuration")
    assert admin(server, "GET", "/iam").json() == before


# -- finding one's way in -------------------------------------------------------------------------

def test_the_root_says_what_is_served_and_where(server):
    body = requests.get(f"{server.url}/").json()
    assert body["service"] == "vpcmock"
    assert body["health"]["status"] == "ok"
    assert body["endpoints"]["vpc"] == f"{server.url}/v1"
    assert body["endpoints"]["iam_token"] == f"{server.url}/identity/token"
    assert "eu-de" in body["regions"]


def test_the_root_names_the_console_the_api_docs_and_the_openapi_document(server):
    endpoints = requests.get(f"{server.url}/").json()["endpoints"]
    assert (endpoints["console"], endpoints["api_docs"], endpoints["openapi"]) == (
        f"{server.url}/console", f"{server.url}/docs", f"{server.url}/openapi.json")


def test_nothing_static_is_served(server):
    response = requests.get(f"{server.url}/static/x")
    assert error_of(response) == (404, "not_found")
