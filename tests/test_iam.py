"""The IAM token endpoint answers what the SDK cores and the Terraform provider read."""

import jwt
import requests

from conftest import sdk_client, start_server

APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey"


def test_api_key_grant_returns_a_bearer_jwt_with_the_claims_clients_read(mock):
    body = requests.post(f"{mock.url}/identity/token", data={"grant_type": APIKEY_GRANT, "apikey": "k",
                                                             "response_type": "cloud_iam"}).json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert isinstance(claims["id"], str) and claims["iss"] == "https://iam.cloud.ibm.com/identity"
    assert claims["account"]["bss"] == "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    assert claims["exp"] == body["expiration"] == claims["iat"] + 3600


def test_refresh_token_grant_returns_a_new_access_token(mock):
    first = requests.post(f"{mock.url}/identity/token", data={"grant_type": APIKEY_GRANT, "apikey": "k"}).json()
    second = requests.post(f"{mock.url}/identity/token", data={"grant_type": "refresh_token",
                                                               "refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    assert jwt.decode(second.json()["access_token"], options={"verify_signature": False})["account"]["bss"] == \
        "a1b2c3d4e5f60718293a4b5c6d7e8f90"


def test_refresh_token_is_not_accepted_as_an_access_token(mock):
    first = requests.post(f"{mock.url}/identity/token", data={"grant_type": APIKEY_GRANT, "apikey": "k"}).json()
    response = requests.get(f"{mock.url}/v1/backup_policies?version=2026-10-06&generation=2",
                            headers={"Authorization": f"Bearer {first['refresh_token']}"})
    assert response.status_code == 401


def test_unknown_grant_type_is_400_in_iam_shape(mock):
    response = requests.post(f"{mock.url}/identity/token", data={"grant_type": "password"})
    assert response.status_code == 400
    assert response.json()["errorCode"] == "BXNIM0109E"


def test_configured_keys_map_to_distinct_isolated_accounts():
    server = start_server(api_keys={"key-a": "a" * 32, "key-b": "b" * 32})
    try:
        alice, bob = sdk_client(server.url, "key-a"), sdk_client(server.url, "key-b")
        policy = alice.create_backup_policy(backup_policy_prototype={
            "match_resource_type": "volume", "match_user_tags": ["t"], "name": "mine"}).get_result()
        assert policy["crn"].split(":")[6] == "a/" + "a" * 32
        assert bob.list_backup_policies().get_result()["total_count"] == 0
        unknown = requests.post(f"{server.url}/identity/token", data={"grant_type": APIKEY_GRANT, "apikey": "other"})
        assert (unknown.status_code, unknown.json()["errorCode"]) == (400, "BXNIM0415E")
    finally:
        server.close()
