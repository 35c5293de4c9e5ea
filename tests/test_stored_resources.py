"""/stored_resources: the IBM types kept as given, scoped by account and region, with their
references checked on create and on delete."""

import re

from conftest import Http, start_server


def create(http: Http, type_name: str, attributes: dict, references=None, prefix="/v1"):
    body = {"type": type_name, "attributes": attributes}
    if references is not None:
        body["references"] = references
    return http.call("POST", "/stored_resources", body, prefix=prefix)


def test_a_created_resource_keeps_its_attributes_and_gets_an_ibm_identity(http):
    answer = create(http, "ibm_is_security_group", {"name": "web", "rules": [{"direction": "inbound"}]})
    assert answer.status_code == 201
    doc = answer.json()
    assert re.fullmatch(r"r006-[0-9a-f-]{36}", doc["id"])
    assert doc["attributes"] == {"name": "web", "rules": [{"direction": "inbound"}]}
    assert doc["crn"].startswith("crn:v1:bluemix:public:is:us-south:a/")
    assert doc["crn"].endswith(f"::security-group:{doc['id']}")
    assert doc["href"].endswith(f"/us-south/v1/stored_resources/{doc['id']}")
    assert doc["resource_group"]["name"] == "Default"


def test_a_resource_group_id_is_32_hex_digits_and_other_families_get_uuids(http):
    group = create(http, "ibm_resource_group", {"name": "backups"}).json()
    zone = create(http, "ibm_dns_zone", {"name": "example.com"}).json()
    assert re.fullmatch(r"[0-9a-f]{32}", group["id"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", zone["id"])
    assert zone["crn"].split(":")[4] == "dns-svcs"


def test_a_read_returns_what_was_stored(http):
    created = create(http, "ibm_is_vpc", {"name": "app", "classic_access": False}).json()
    read = http.call("GET", f"/stored_resources/{created['id']}").json()
    assert read == created


def test_an_update_replaces_the_attributes(http):
    created = create(http, "ibm_is_vpc", {"name": "app", "classic_access": False}).json()
    answer = http.call("PATCH", f"/stored_resources/{created['id']}", {"attributes": {"name": "app-2"}})
    assert (answer.status_code, answer.json()["attributes"]) == (200, {"name": "app-2"})


def test_a_reference_to_a_missing_resource_is_not_found(http):
    answer = create(http, "ibm_is_security_group_rule", {"direction": "inbound"},
                    references={"group": "r006-00000000-0000-4000-8000-000000000000"})
    error = answer.json()["errors"][0]
    assert (answer.status_code, error["code"], error["target"]["name"]) == (404, "not_found", "group")


def test_a_resource_still_referenced_cannot_be_deleted(http):
    group = create(http, "ibm_is_security_group", {"name": "web"}).json()
    rule = create(http, "ibm_is_security_group_rule", {"direction": "inbound"}, references={"group": group["id"]})
    assert rule.status_code == 201
    refused = http.call("DELETE", f"/stored_resources/{group['id']}")
    assert (refused.status_code, refused.json()["errors"][0]["code"]) == (409, "security_group_in_use")
    assert http.call("DELETE", f"/stored_resources/{rule.json()['id']}").status_code == 204
    assert http.call("DELETE", f"/stored_resources/{group['id']}").status_code == 204
    assert http.call("GET", f"/stored_resources/{group['id']}").status_code == 404


def test_a_reference_may_name_a_volume_of_the_api(http):
    volume = http.call("POST", "/volumes", {"name": "data", "profile": {"name": "general-purpose"},
                                            "zone": {"name": "us-south-1"}, "capacity": 10}).json()
    answer = create(http, "ibm_is_instance_volume_attachment", {"name": "x"}, references={"volume": volume["id"]})
    assert answer.status_code == 201


def test_resources_are_scoped_by_region(http):
    created = create(http, "ibm_is_vpc", {"name": "app"}, prefix="/eu-de/v1").json()
    assert created["id"].startswith("r010-") or created["crn"].split(":")[5] == "eu-de"
    assert http.call("GET", f"/stored_resources/{created['id']}").status_code == 404
    assert http.call("GET", f"/stored_resources/{created['id']}", prefix="/eu-de/v1").status_code == 200


def test_resources_are_scoped_by_account():
    server = start_server(iam={"accounts": {"a" * 32: {"api_keys": ["key-a"]}, "b" * 32: {"api_keys": ["key-b"]}}},
                          scheduler=False)
    try:
        created = create(Http(server.url, api_key="key-a"), "ibm_is_vpc", {"name": "app"}).json()
        other = Http(server.url, api_key="key-b")
        assert other.call("GET", f"/stored_resources/{created['id']}").status_code == 404
        assert other.call("GET", "/stored_resources", params={"type": "ibm_is_vpc"}).json()["total_count"] == 0
    finally:
        server.close()


def test_a_listing_filters_by_type_and_attribute(http):
    create(http, "ibm_is_vpc", {"name": "a"})
    create(http, "ibm_is_vpc", {"name": "b"})
    create(http, "ibm_is_subnet", {"name": "a"})
    found = http.call("GET", "/stored_resources", params={"type": "ibm_is_vpc", "name": "a"}).json()
    assert [(d["type"], d["attributes"]["name"]) for d in found["stored_resources"]] == [("ibm_is_vpc", "a")]


def test_every_account_has_its_default_resource_group(http):
    found = http.call("GET", "/stored_resources", params={"type": "ibm_resource_group", "name": "Default"}).json()
    assert [d["attributes"]["name"] for d in found["stored_resources"]] == ["Default"]
    refused = http.call("DELETE", f"/stored_resources/{found['stored_resources'][0]['id']}")
    assert refused.status_code == 403


def test_a_put_keeps_attributes_under_the_id_given(http):
    answer = http.call("PUT", "/stored_resources/r006-abc", {"type": "ibm_is_volume",
                                                             "attributes": {"delete_all_snapshots": True}})
    assert (answer.status_code, answer.json()["id"]) == (201, "r006-abc")
    again = http.call("PUT", "/stored_resources/r006-abc", {"type": "ibm_is_volume", "attributes": {}})
    assert (again.status_code, again.json()["attributes"]) == (200, {})


def test_a_type_that_is_not_an_ibm_type_name_is_refused(http):
    answer = create(http, "aws_instance", {})
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "invalid_field_value")


def test_attributes_must_be_an_object(http):
    answer = http.call("POST", "/stored_resources", {"type": "ibm_is_vpc", "attributes": [1]})
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "invalid_field_type")


def test_a_reset_removes_stored_resources(http, mock):
    import requests
    created = create(http, "ibm_is_vpc", {"name": "app"}).json()
    requests.post(f"{mock.url}/mock/reset").raise_for_status()
    assert http.call("GET", f"/stored_resources/{created['id']}").status_code == 404
