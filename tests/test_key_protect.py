"""Key Protect through the official `keyprotect` SDK (IbmKeyProtectApiV2) against a mock on
loopback: keys of an instance made through Resource Controller, root and standard, generated and
imported; wrap and unwrap round trips; rotation, disabling, dual-authorization deletion, soft
deletion and restore; registrations of encrypted volumes; KP's error shape."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import ResourceControllerV2, ResourceManagerV2
from keyprotect import IbmKeyProtectApiV2
from keyprotect import ibm_key_protect_api_v2 as models

from conftest import Http, start_server
from vpcmock_provider.environment import exports

KEY = "application/vnd.ibm.kms.key+json"
POLICY = "application/vnd.ibm.kms.policy+json"


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def kp(server) -> IbmKeyProtectApiV2:
    client = IbmKeyProtectApiV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    client.set_service_url(server.url + "/kms")
    return client


@pytest.fixture
def instance(server) -> str:
    """A new Key Protect instance (its guid), made through Resource Controller."""
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]["id"]
    controller = ResourceControllerV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    controller.set_service_url(server.url + "/resource-controller")
    return controller.create_resource_instance(name="keys", target="us-south", resource_group=group,
                                               resource_plan_id="eedd3585-90c6-4c8f-be3d-062069e99fc3").get_result()["guid"]


def envelope(resource: dict, collection_type: str = KEY) -> str:
    return json.dumps({"metadata": {"collectionType": collection_type, "collectionTotal": 1},
                       "resources": [resource]})


def create(kp, instance, name="root-1", **resource) -> dict:
    body = envelope({"type": KEY, "name": name, "extractable": False, **resource})
    made = kp.create_key(bluemix_instance=instance, key_create_body=body).get_result()
    models.Key.from_dict(made)
    return made["resources"][0]


def reason(exc: ApiException) -> tuple[int, str]:
    error = exc.http_response.json()["resources"][0]
    return exc.status_code, error["reasons"][0]["code"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_a_root_key_has_a_uuid_and_a_crn_of_its_instance_and_no_material(kp, instance):
    key = create(kp, instance, description="backups")
    account = key["crn"].split(":")[6]
    assert key["crn"] == f"crn:v1:bluemix:public:kms:us-south:{account}:{instance}:key:{key['id']}"
    assert len(key["id"]) == 36 and key["id"].count("-") == 4
    got = kp.get_key(id=key["id"], bluemix_instance=instance).get_result()
    models.GetKey.from_dict(got)
    assert got["metadata"] == {"collectionType": KEY, "collectionTotal": 1}
    shown = got["resources"][0]
    assert (shown["state"], shown["extractable"], shown["imported"], shown["description"]) == (1, False, False,
                                                                                                "backups")
    assert "payload" not in shown


def test_an_imported_standard_key_returns_its_exact_material(kp, instance):
    material = b64(b"standard-key-material-0123456789")
    key = create(kp, instance, name="std", extractable=True, payload=material)
    shown = kp.get_key(id=key["id"], bluemix_instance=instance).get_result()["resources"][0]
    assert (shown["payload"], shown["imported"], shown["extractable"]) == (material, True, True)
    metadata = kp.get_key_metadata(id=key["id"], bluemix_instance=instance).get_result()["resources"][0]
    assert "payload" not in metadata


def test_keys_are_listed_per_instance_and_counted_by_head(kp, instance, server):
    create(kp, instance, name="a-key")
    create(kp, instance, name="b-key", extractable=True)
    listed = kp.get_keys(bluemix_instance=instance).get_result()
    models.ListKeys.from_dict(listed)
    assert [k["name"] for k in listed["resources"]] == [k["name"] for k in sorted(listed["resources"],
                                                                                   key=lambda k: k["id"])]
    assert {k["name"] for k in listed["resources"]} == {"a-key", "b-key"}  # by id, KP's default order
    assert listed["metadata"]["collectionTotal"] == 2
    roots = kp.get_keys(bluemix_instance=instance, extractable=False).get_result()["resources"]
    assert [k["name"] for k in roots] == ["a-key"]
    head = kp.get_key_collection_metadata(bluemix_instance=instance)
    assert head.get_headers()["Key-Total"] == "2"


def test_keys_are_searched_sorted_and_filtered_as_kp_documents(kp, instance, server):
    first = create(kp, instance, name="backup-volumes")
    second = create(kp, instance, name="backup-shares", extractable=True)
    create(kp, instance, name="logs")
    kp.create_key_alias(id=second["id"], alias="nightly", bluemix_instance=instance)

    def names(**query) -> list[str]:
        return [k["name"] for k in kp.get_keys(bluemix_instance=instance, **query).get_result()["resources"]]

    assert sorted(names(search="BACKUP")) == ["backup-shares", "backup-volumes"]
    assert names(search="alias:nightly") == ["backup-shares"]
    assert names(search="not:backup") == ["logs"]
    assert names(search="exact:backup") == []
    assert names(sort="-id") == list(reversed(names(sort="id"))) == list(reversed(names()))
    assert names(sort="extractable,id")[-1] == "backup-shares"
    assert names(filter="extractable=true") == ["backup-shares"]
    kp.disable_key(id=first["id"], bluemix_instance=instance)
    assert names(filter="state=2") == ["backup-volumes"]
    with pytest.raises(ApiException) as raised:
        kp.get_keys(bluemix_instance=instance, filter="state=2", state=[1])
    assert raised.value.status_code == 400
    with pytest.raises(ApiException) as raised:
        kp.get_keys(bluemix_instance=instance, sort="name")
    assert reason(raised.value) == (400, "INVALID_FIELD_ERR")


def test_wrap_then_unwrap_gives_back_the_exact_plaintext(kp, instance):
    key = create(kp, instance)
    dek = b64(b"a data encryption key of 32 byte")
    wrapped = kp.wrap_key(id=key["id"], bluemix_instance=instance,
                          key_action_wrap_body=json.dumps({"plaintext": dek, "aad": ["volume-1"]})).get_result()
    models.WrapKeyResponseBody.from_dict(wrapped)
    assert "plaintext" not in wrapped and wrapped["ciphertext"] != dek
    opened = kp.unwrap_key(id=key["id"], bluemix_instance=instance, key_action_unwrap_body=json.dumps(
        {"ciphertext": wrapped["ciphertext"], "aad": ["volume-1"]})).get_result()
    assert (opened["plaintext"], opened["keyVersion"]) == (dek, wrapped["keyVersion"])


def test_a_wrap_without_plaintext_generates_a_256_bit_key_and_wraps_it(kp, instance):
    key = create(kp, instance)
    wrapped = kp.wrap_key(id=key["id"], bluemix_instance=instance, key_action_wrap_body="{}").get_result()
    assert len(base64.b64decode(wrapped["plaintext"])) == 32
    opened = kp.unwrap_key(id=key["id"], bluemix_instance=instance,
                           key_action_unwrap_body=json.dumps({"ciphertext": wrapped["ciphertext"]})).get_result()
    assert opened["plaintext"] == wrapped["plaintext"]


def test_unwrap_with_other_aad_or_another_keys_ciphertext_is_unprocessable(kp, instance):
    key, other = create(kp, instance), create(kp, instance, name="other")
    wrapped = kp.wrap_key(id=key["id"], bluemix_instance=instance,
                          key_action_wrap_body=json.dumps({"plaintext": b64(b"x" * 32), "aad": ["a"]})).get_result()
    for ident, aad in ((key["id"], ["b"]), (other["id"], ["a"])):
        with pytest.raises(ApiException) as raised:
            kp.unwrap_key(id=ident, bluemix_instance=instance, key_action_unwrap_body=json.dumps(
                {"ciphertext": wrapped["ciphertext"], "aad": aad}))
        assert reason(raised.value) == (422, "UNPROCESSABLE_CIPHERTEXT_ERR")


def test_a_ciphertext_that_is_not_base64_is_an_invalid_field(kp, instance):
    key = create(kp, instance)
    with pytest.raises(ApiException) as raised:
        kp.unwrap_key(id=key["id"], bluemix_instance=instance,
                      key_action_unwrap_body=json.dumps({"ciphertext": "not base64!"}))
    assert reason(raised.value) == (400, "INVALID_FIELD_ERR")
    assert raised.value.http_response.json()["resources"][0]["reasons"][0]["target"] == {
        "type": "field", "name": "ciphertext"}


def test_a_rotated_key_unwraps_old_ciphertext_and_rewraps_it_under_the_new_version(kp, instance):
    key = create(kp, instance)
    dek = b64(b"k" * 32)
    old = kp.wrap_key(id=key["id"], bluemix_instance=instance,
                      key_action_wrap_body=json.dumps({"plaintext": dek})).get_result()
    assert kp.rotate_key(id=key["id"], bluemix_instance=instance).get_status_code() == 204
    versions = kp.get_key_versions(id=key["id"], bluemix_instance=instance).get_result()["resources"]
    assert len(versions) == 2 and versions[1]["id"] == old["keyVersion"]["id"]
    opened = kp.unwrap_key(id=key["id"], bluemix_instance=instance,
                           key_action_unwrap_body=json.dumps({"ciphertext": old["ciphertext"]})).get_result()
    assert (opened["plaintext"], opened["rewrappedKeyVersion"]["id"]) == (dek, versions[0]["id"])
    rewrapped = kp.rewrap_key(id=key["id"], bluemix_instance=instance,
                              key_action_rewrap_body=json.dumps({"ciphertext": old["ciphertext"]})).get_result()
    assert rewrapped["rewrappedKeyVersion"]["id"] == versions[0]["id"]
    again = kp.unwrap_key(id=key["id"], bluemix_instance=instance,
                          key_action_unwrap_body=json.dumps({"ciphertext": rewrapped["ciphertext"]})).get_result()
    assert (again["plaintext"], again["keyVersion"]["id"]) == (dek, versions[0]["id"])


def test_a_key_rotates_at_most_once_an_hour(kp, instance, server):
    key = create(kp, instance)
    kp.rotate_key(id=key["id"], bluemix_instance=instance)
    with pytest.raises(ApiException) as raised:
        kp.rotate_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "KEY_ROTATION_NOT_PERMITTED")
    requests.post(f"{server.url}/mock/clock", json={"advance_seconds": 3600}).raise_for_status()
    assert kp.rotate_key(id=key["id"], bluemix_instance=instance).get_status_code() == 204


def test_a_disabled_key_refuses_to_wrap_until_enabled(kp, instance):
    key = create(kp, instance)
    kp.disable_key(id=key["id"], bluemix_instance=instance)
    assert kp.get_key(id=key["id"], bluemix_instance=instance).get_result()["resources"][0]["state"] == 2
    with pytest.raises(ApiException) as raised:
        kp.wrap_key(id=key["id"], bluemix_instance=instance, key_action_wrap_body="{}")
    assert reason(raised.value) == (409, "KEY_ACTION_INVALID_STATE_ERR")
    assert raised.value.http_response.json()["resources"][0]["errorMsg"].startswith("Conflict: ")
    kp.enable_key(id=key["id"], bluemix_instance=instance)
    assert kp.wrap_key(id=key["id"], bluemix_instance=instance, key_action_wrap_body="{}").get_status_code() == 200


def test_a_standard_key_cannot_wrap(kp, instance):
    key = create(kp, instance, name="std", extractable=True)
    with pytest.raises(ApiException) as raised:
        kp.wrap_key(id=key["id"], bluemix_instance=instance, key_action_wrap_body="{}")
    assert reason(raised.value) == (400, "KEY_ROOT_REQ_ERR")


def test_a_deleted_key_is_destroyed_not_listed_and_not_deleted_twice(kp, instance):
    key = create(kp, instance)
    deleted = kp.delete_key(id=key["id"], bluemix_instance=instance, prefer="return=representation").get_result()
    models.DeleteKey.from_dict(deleted)
    assert (deleted["resources"][0]["state"], deleted["resources"][0]["deleted"]) == (5, True)
    assert kp.get_keys(bluemix_instance=instance).get_result()["resources"] == []
    assert [k["id"] for k in kp.get_keys(bluemix_instance=instance, state=[5]).get_result()["resources"]] == \
        [key["id"]]
    with pytest.raises(ApiException) as raised:
        kp.delete_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (410, "KEY_DELETED_ERR")
    restored = kp.restore_key(id=key["id"], bluemix_instance=instance)
    assert restored.get_status_code() == 201
    assert kp.get_key(id=key["id"], bluemix_instance=instance).get_result()["resources"][0]["state"] == 1


def test_a_key_protecting_a_volume_is_deleted_only_with_force(kp, instance, server):
    key = create(kp, instance)
    volume = Http(server.url).call("POST", "/volumes", {"name": "enc", "profile": {"name": "sdp"}, "capacity": 10,
                                                        "zone": {"name": "us-south-1"},
                                                        "encryption_key": {"crn": key["crn"]}}).json()
    registered = kp.get_registrations(id=key["id"], bluemix_instance=instance).get_result()
    models.RegistrationWithTotalCount.from_dict(registered)
    assert [r["resourceCrn"] for r in registered["resources"]] == [volume["crn"]]
    with pytest.raises(ApiException) as raised:
        kp.delete_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "PROTECTED_RESOURCE_ERR")
    assert kp.delete_key(id=key["id"], bluemix_instance=instance, force=True).get_status_code() == 204


def test_dual_authorization_needs_the_policy_and_a_second_user_to_delete(kp, instance, server):
    key = create(kp, instance)
    with pytest.raises(ApiException) as raised:
        kp.set_key_for_deletion(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "NOT_DUAL_AUTH_ERR")
    kp.put_policy(id=key["id"], bluemix_instance=instance, policy="dualAuthDelete", key_policy_put_body={
        "metadata": {"collectionType": POLICY, "collectionTotal": 1},
        "resources": [{"type": POLICY, "dualAuthDelete": {"enabled": True}}]})
    with pytest.raises(ApiException) as raised:
        kp.delete_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "AUTHORIZATIONS_NOT_MET")
    kp.set_key_for_deletion(id=key["id"], bluemix_instance=instance)
    with pytest.raises(ApiException) as raised:  # the user who authorized cannot also delete
        kp.delete_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "AUTHORIZATIONS_NOT_MET")
    second = IbmKeyProtectApiV2(authenticator=IAMAuthenticator("kp-second-user", url=server.url))
    second.set_service_url(server.url + "/kms")
    assert second.delete_key(id=key["id"], bluemix_instance=instance).get_status_code() == 204


def test_a_request_without_the_instance_header_or_naming_no_instance_is_refused(server):
    http = Http(server.url)
    missing = http.session.get(f"{server.url}/kms/api/v2/keys")
    assert missing.status_code == 400
    assert missing.json()["metadata"]["collectionType"] == "application/vnd.ibm.kms.error+json"
    unknown = http.session.get(f"{server.url}/kms/api/v2/keys", headers={"Bluemix-Instance": "no-such-instance"})
    assert (unknown.status_code, unknown.json()["resources"]) == (
        401, [{"errorMsg": "Unauthorized: The user does not have access to the specified resource"}])


def test_a_collection_total_that_does_not_match_the_resources_is_refused(kp, instance):
    body = json.dumps({"metadata": {"collectionType": KEY, "collectionTotal": 2},
                       "resources": [{"type": KEY, "name": "k1", "extractable": False}]})
    with pytest.raises(ApiException) as raised:
        kp.create_key(bluemix_instance=instance, key_create_body=body)
    assert reason(raised.value) == (400, "COLLECTION_TOTAL_MISMATCH_ERR")
    assert kp.get_keys(bluemix_instance=instance).get_result()["resources"] == []


def test_a_key_is_found_by_its_alias(kp, instance):
    key = create(kp, instance)
    kp.create_key_alias(id=key["id"], alias="backup-root", bluemix_instance=instance)
    assert kp.get_key(id="backup-root", bluemix_instance=instance).get_result()["resources"][0]["id"] == key["id"]


def test_a_key_ring_holding_a_key_cannot_be_deleted(kp, instance):
    kp.create_key_ring(key_ring_id="ring-a", bluemix_instance=instance)
    body = envelope({"type": KEY, "name": "in-ring", "extractable": False})
    made = kp.create_key(bluemix_instance=instance, key_create_body=body, x_kms_key_ring="ring-a").get_result()
    assert made["resources"][0]["keyRingID"] == "ring-a"
    assert [r["id"] for r in kp.list_key_rings(bluemix_instance=instance).get_result()["resources"]] == \
        ["default", "ring-a"]
    with pytest.raises(ApiException) as raised:
        kp.delete_key_ring(key_ring_id="ring-a", bluemix_instance=instance)
    assert reason(raised.value) == (409, "KEY_RING_KEYS_NOT_DELETED")


def volume_with_key(server, crn: str, name: str) -> requests.Response:
    return Http(server.url).call("POST", "/volumes", {"name": name, "profile": {"name": "sdp"}, "capacity": 10,
                                                      "zone": {"name": "us-south-1"}, "encryption_key": {"crn": crn}})


def test_a_volume_takes_an_active_root_key_of_the_account(kp, instance, server):
    key = create(kp, instance)
    made = volume_with_key(server, key["crn"], "with-root-key")
    assert (made.status_code, made.json()["encryption"], made.json()["encryption_key"]) == (
        201, "user_managed", {"crn": key["crn"]})


def test_a_volume_is_refused_a_key_its_instance_does_not_hold(kp, instance, server):
    key = create(kp, instance)
    missing = key["crn"].rsplit(":", 1)[0] + ":00000000-0000-4000-8000-000000000000"
    refused = volume_with_key(server, missing, "no-such-key")
    assert (refused.status_code, refused.json()["errors"][0]["code"]) == (400, "encryption_key_not_found")
    assert refused.json()["errors"][0]["target"]["name"] == "encryption_key.crn"


def test_a_volume_is_refused_a_disabled_or_a_standard_key(kp, instance, server):
    disabled, standard = create(kp, instance), create(kp, instance, name="std", extractable=True)
    kp.disable_key(id=disabled["id"], bluemix_instance=instance)
    for key in (disabled, standard):
        refused = volume_with_key(server, key["crn"], f"refused-{key['name']}")
        assert (refused.status_code, refused.json()["errors"][0]["code"]) == (400, "encryption_key_invalid")


def test_a_key_of_an_instance_the_mock_does_not_hold_is_accepted_unchecked(server):
    crn = ("crn:v1:bluemix:public:kms:us-south:a/a1b2c3d4e5f60718293a4b5c6d7e8f90:"
           "11111111-2222-4333-8444-555555555555:key:66666666-7777-4888-8999-000000000000")
    assert volume_with_key(server, crn, "outside-key").status_code == 201


def test_vpcmock_env_points_the_ibm_provider_and_the_sdk_at_kms(tmp_path):
    url = "http://127.0.0.1:9999"
    seen = exports(url, tmp_path / "tf")
    endpoints = json.loads(open(seen["IBMCLOUD_ENDPOINTS_FILE_PATH"]).read())
    assert (seen["IBMCLOUD_KP_API_ENDPOINT"], seen["VPCMOCK_KP_URL"]) == (f"{url}/kms", f"{url}/kms")
    for visibility in ("public", "private"):
        assert set(endpoints["IBMCLOUD_KP_API_ENDPOINT"][visibility].values()) == {f"{url}/kms"}
        assert "eu-de" in endpoints["IBMCLOUD_KP_API_ENDPOINT"][visibility]


def test_an_instance_of_another_service_is_not_a_key_protect_instance(kp, server):
    controller = ResourceControllerV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    controller.set_service_url(server.url + "/resource-controller")
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]["id"]

    def made(plan: str, target: str) -> str:
        return controller.create_resource_instance(name="other", target=target, resource_group=group,
                                                   resource_plan_id=plan).get_result()["guid"]

    cos = made("744bfc56-d12c-4866-88d5-dac9139e0e5d", "global")  # Cloud Object Storage, standard
    kms = made("eedd3585-90c6-4c8f-be3d-062069e99fc3", "us-east")  # Key Protect, tiered-pricing
    with pytest.raises(ApiException) as raised:
        kp.get_keys(bluemix_instance=cos)
    assert raised.value.status_code == 401
    key = create(kp, kms, name="in-us-east")
    assert key["crn"].split(":")[5:8] == ["us-east", key["crn"].split(":")[6], kms]


def test_a_key_past_its_expiration_date_is_deactivated_and_refuses_to_wrap(kp, instance, server):
    requests.post(f"{server.url}/mock/clock", json={"frozen": True}).raise_for_status()
    try:
        now = requests.get(f"{server.url}/mock/clock").json()["now"]
        expires = (datetime.fromisoformat(now.replace("Z", "+00:00")) + timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        key = create(kp, instance, name="expiring", expirationDate=expires)
        requests.post(f"{server.url}/mock/clock", json={"advance_seconds": 3601}).raise_for_status()
        assert kp.get_key(id=key["id"], bluemix_instance=instance).get_result()["resources"][0]["state"] == 3
        with pytest.raises(ApiException) as raised:
            kp.wrap_key(id=key["id"], bluemix_instance=instance, key_action_wrap_body="{}")
        assert reason(raised.value) == (400, "KEY_EXPIRED_ERR")
    finally:
        requests.post(f"{server.url}/mock/clock", json={"frozen": False}).raise_for_status()


def test_an_imported_root_key_needs_an_aes_key_and_its_material_again_to_rotate(kp, instance):
    with pytest.raises(ApiException) as raised:
        create(kp, instance, name="bad-import", payload=b64(b"seven b"))
    assert reason(raised.value) == (400, "INVALID_FIELD_ERR")
    key = create(kp, instance, name="imported", payload=b64(b"r" * 32))
    assert key["imported"] is True
    with pytest.raises(ApiException) as raised:
        kp.rotate_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (400, "KEY_PAYLOAD_REQ_ERR")
    new_material = json.dumps({"payload": b64(b"s" * 32)})
    kp.rotate_key(id=key["id"], bluemix_instance=instance, key_action_rotate_body=new_material)
    versions = kp.get_key_versions(id=key["id"], bluemix_instance=instance).get_result()["resources"]
    assert len(versions) == 2


def test_a_deleted_key_is_purged_only_4_hours_after_its_deletion(kp, instance, server):
    key = create(kp, instance)
    kp.delete_key(id=key["id"], bluemix_instance=instance)
    with pytest.raises(ApiException) as raised:
        kp.purge_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "REQ_TOO_EARLY_ERR")
    requests.post(f"{server.url}/mock/clock", json={"advance_seconds": 4 * 3600}).raise_for_status()
    purged = kp.purge_key(id=key["id"], bluemix_instance=instance).get_result()
    assert purged["resources"][0]["id"] == key["id"]
    with pytest.raises(ApiException) as raised:
        kp.get_key(id=key["id"], bluemix_instance=instance)
    assert reason(raised.value) == (404, "KEY_NOT_FOUND_ERR")


def instance_policy(kp, instance, policy_type: str, enabled: bool, **attributes) -> None:
    data = {"enabled": enabled, **({"attributes": attributes} if attributes else {})}
    kp.put_instance_policy(bluemix_instance=instance, policy=policy_type, instance_policy_put_body={
        "metadata": {"collectionType": POLICY, "collectionTotal": 1},
        "resources": [{"policy_type": policy_type, "policy_data": data}]})


def test_instance_policies_read_back_and_new_root_keys_take_the_rotation_policy(kp, instance):
    instance_policy(kp, instance, "rotation", True, interval_month=6)
    read = kp.get_instance_policy(bluemix_instance=instance, policy="rotation").get_result()
    assert [(p["policy_type"], p["policy_data"]) for p in read["resources"]] == [
        ("rotation", {"enabled": True, "attributes": {"interval_month": 6}})]
    key = create(kp, instance)
    assert key["rotation"] == {"enabled": True, "interval_month": 6}
    assert "rotation" not in create(kp, instance, name="std", extractable=True)


def test_the_instance_dual_authorization_policy_applies_to_keys_made_after_it(kp, instance):
    before = create(kp, instance, name="before")
    instance_policy(kp, instance, "dualAuthDelete", True)
    after = create(kp, instance, name="after")
    with pytest.raises(ApiException) as raised:
        kp.delete_key(id=after["id"], bluemix_instance=instance)
    assert reason(raised.value) == (409, "AUTHORIZATIONS_NOT_MET")
    assert kp.delete_key(id=before["id"], bluemix_instance=instance).get_status_code() == 204


def test_key_create_import_access_refuses_the_keys_it_does_not_allow(kp, instance):
    instance_policy(kp, instance, "keyCreateImportAccess", True, create_standard_key=False)
    with pytest.raises(ApiException) as raised:
        create(kp, instance, name="std", extractable=True)
    assert reason(raised.value) == (409, "KEY_CREATE_IMPORT_ACCESS_ERR")
    assert create(kp, instance, name="root")["extractable"] is False


def test_an_allowed_ip_policy_refuses_addresses_outside_it(kp, instance):
    instance_policy(kp, instance, "allowedIP", True, allowed_ip=["127.0.0.0/8"])
    assert kp.get_keys(bluemix_instance=instance).get_status_code() == 200
    instance_policy(kp, instance, "allowedIP", True, allowed_ip=["10.0.0.0/8"])
    with pytest.raises(ApiException) as raised:
        kp.get_keys(bluemix_instance=instance)
    assert (raised.value.status_code, raised.value.http_response.json()["resources"]) == (
        401, [{"errorMsg": "Unauthorized: The user does not have access to the specified resource"}])


def test_a_policy_query_naming_another_type_than_the_body_is_refused(kp, instance):
    with pytest.raises(ApiException) as raised:
        kp.put_instance_policy(bluemix_instance=instance, policy="rotation", instance_policy_put_body={
            "metadata": {"collectionType": POLICY, "collectionTotal": 1},
            "resources": [{"policy_type": "dualAuthDelete", "policy_data": {"enabled": True}}]})
    assert reason(raised.value) == (400, "BODY_QUERY_PARAM_MISMATCH_ERR")
    assert kp.get_instance_policy(bluemix_instance=instance).get_result()["resources"] == []
