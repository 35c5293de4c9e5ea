"""Generated from the API table `key_protect`: every operation of the `keyprotect` SDK
(IbmKeyProtectApiV2) called through the SDK on a real server. A served operation answers its
table status and, where the table names a response model, an answer the SDK's model parses
(`from_dict`); an operation the mock does not serve answers 404 in KP's error shape. A new
operation in the table fails the test until it is placed in ORDER or NOT_SERVED.

Arguments come from the SDK's signature: the instance (`bluemix_instance`), the key, key ring
and alias made before (ORDER makes what an operation needs first), and a body by the table's
content type of the operation (a key envelope, a wrap, the ciphertext of the wrap to unwrap).
"""

from __future__ import annotations

import base64
import inspect
import json

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import ResourceControllerV2, ResourceManagerV2
from keyprotect import IbmKeyProtectApiV2
from keyprotect import ibm_key_protect_api_v2 as models

from conftest import start_server
from vpcmock import api_table

TABLE = "key_protect"
KEY = "application/vnd.ibm.kms.key+json"
POLICY = "application/vnd.ibm.kms.policy+json"
# The order of the calls: what an operation names is made by an earlier one. Each runs on the
# key named after it (`overrides`: the key made with a dual-authorization policy).
ORDER = [
    ("create_key_ring", None), ("create_key", "key"), ("create_key_with_policies_overrides", "overrides"),
    ("create_key_alias", "key"), ("get_keys", None), ("get_key_collection_metadata", None),
    ("get_key", "key"), ("get_key_metadata", "key"), ("get_key_versions", "key"), ("list_key_rings", None),
    ("patch_key", "key"), ("put_policy", "key"), ("get_policy", "key"), ("wrap_key", "key"),
    ("unwrap_key", "key"), ("rewrap_key", "key"), ("action_on_key", "key"), ("rotate_key", "key"),
    ("disable_key", "key"), ("enable_key", "key"), ("create_kmip_adapter", "key"), ("get_kmip_adapters", None),
    ("get_kmip_adapter", None), ("add_kmip_client_certificate", None), ("get_kmip_client_certificates", None),
    ("get_kmip_client_certificate", None), ("get_kmip_objects", None), ("delete_kmip_client_certificate", None),
    ("delete_kmip_adapter", None), ("set_key_for_deletion", "overrides"),
    ("unset_key_for_deletion", "overrides"), ("get_registrations", "key"), ("get_registrations_all_keys", None),
    ("sync_associated_resources", "key"), ("put_instance_policy", None), ("get_instance_policy", None),
    ("delete_key_alias", "key"), ("delete_key", "key"),
    ("restore_key", "key"), ("purge_key", "key"), ("delete_key_ring", None),
]
NOT_SERVED = {  # import tokens (secure import), the allowed IP port
    "get_import_token", "post_import_token", "get_allowed_ip_port",
}
# KMIP objects are made by KMIP clients over the KMIP protocol, which the mock does not serve: an
# adapter holds none, so naming one answers 404 (KMIP_OBJECT_NOT_FOUND_ERR) in KP's shape.
NO_OBJECT = {"get_kmip_object", "delete_kmip_object"}
ADAPTER_TYPE = "application/vnd.ibm.kms.kmip_adapter+json"
CERT_TYPE = "application/vnd.ibm.kms.kmip_client_certificate+json"
CERTIFICATE = ("-----BEGIN CERTIFICATE-----\n" + base64.b64encode(b"\x30\x82\x01\x0a" + b"\x01" * 266).decode()
               + "\n-----END CERTIFICATE-----\n")
RING = "ring-every-op"
ALIAS = "every-op-alias"


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def instance(server) -> str:
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("every-op", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]["id"]
    controller = ResourceControllerV2(authenticator=IAMAuthenticator("every-op", url=server.url))
    controller.set_service_url(server.url + "/resource-controller")
    return controller.create_resource_instance(name="every-op", target="us-south", resource_group=group,
                                               resource_plan_id="eedd3585-90c6-4c8f-be3d-062069e99fc3").get_result()["guid"]


def envelope(kind: str, resource: dict) -> dict:
    return {"metadata": {"collectionType": kind, "collectionTotal": 1}, "resources": [resource]}


class Caller:
    def __init__(self, server, instance):
        self.sdk = IbmKeyProtectApiV2(authenticator=IAMAuthenticator("every-op", url=server.url))
        self.sdk.set_service_url(server.url + "/kms")
        self.server, self.instance, self.keys, self.wrapped = server, instance, {}, None
        self.adapter, self.certificate = "no-adapter", "no-certificate"

    def body(self, op_id: str, name: str):
        """A body for `op_id`'s parameter `name`, by the operation's content type."""
        content = (api_table.operation(op_id, TABLE)["body"] or {}).get("content_type", "")
        if op_id == "create_key_with_policies_overrides":
            return json.dumps(envelope(KEY, {"type": KEY, "name": "with-policies", "extractable": False,
                                             "dualAuthDelete": {"enabled": True}}))
        if content.endswith("kms.key+json"):
            if op_id == "patch_key":
                return json.dumps({"keyRingID": RING})
            return json.dumps(envelope(KEY, {"type": KEY, "name": "every-op", "extractable": False}))
        if op_id == "put_instance_policy":
            return {"metadata": {"collectionType": POLICY, "collectionTotal": 2}, "resources": [
                {"policy_type": "dualAuthDelete", "policy_data": {"enabled": False}},
                {"policy_type": "rotation", "policy_data": {"enabled": True, "attributes": {"interval_month": 6}}}]}
        if op_id == "put_policy":
            return envelope(POLICY, {"type": POLICY, "rotation": {"enabled": True, "interval_month": 3}})
        if content.endswith(("unwrap+json", "rewrap+json")):
            return json.dumps({"ciphertext": self.wrapped})
        return json.dumps({"plaintext": base64.b64encode(b"d" * 32).decode()}) if "wrap" in content else "{}"

    def args(self, op_id: str, key: str | None) -> dict:
        method = getattr(self.sdk, op_id)
        kwargs = {}
        for param in inspect.signature(method).parameters.values():
            if param.kind is param.VAR_KEYWORD or (param.default is not param.empty
                                                   and not param.name.endswith("_body")):
                continue  # optional, but a body the operation's table entry has
            name = param.name
            kwargs[name] = {"bluemix_instance": self.instance, "id": self.keys.get(key or "key", "no-key"),
                            "key_ring_id": RING, "alias": ALIAS, "action": "wrap", "adapter_id": self.adapter,
                            "metadata": {}, "resources": []}.get(name) or self.body(op_id, name)
        if "kmip" in op_id:
            kwargs.update(self.kmip_args(op_id, kwargs))
        if op_id in ("delete_key", "restore_key"):
            kwargs["prefer"] = "return=representation"
        return kwargs

    def kmip_args(self, op_id: str, kwargs: dict) -> dict:
        """The adapter (on the key `create_kmip_adapter` names), its certificate and their envelopes."""
        if op_id == "create_kmip_adapter":
            return {"metadata": {"collectionType": ADAPTER_TYPE, "collectionTotal": 1}, "resources": [
                {"profile": "native_1.0", "profile_data": {"crk_id": self.keys["key"]}}]}
        if op_id == "add_kmip_client_certificate":
            return {"metadata": {"collectionType": CERT_TYPE, "collectionTotal": 1},
                    "resources": [{"certificate": CERTIFICATE, "name": "every-op-cert"}]}
        if op_id in ("get_kmip_adapter", "delete_kmip_adapter"):
            return {"id": self.adapter}
        if op_id in ("get_kmip_client_certificate", "delete_kmip_client_certificate"):
            return {"id": self.certificate}
        if op_id in NO_OBJECT:
            return {"id": "00000000-0000-4000-8000-000000000000"}
        return {}

    def call(self, op_id: str, key: str | None):
        op = api_table.operation(op_id, TABLE)
        if op_id == "purge_key":  # KP purges a key 4 hours after its deletion
            self.sdk.delete_key(id=self.keys["key"], bluemix_instance=self.instance)
            requests.post(f"{self.server.url}/mock/clock", json={"advance_seconds": 4 * 3600}).raise_for_status()
        if op_id == "rotate_key":  # a key rotates once an hour: let the hour after create pass
            requests.post(f"{self.server.url}/mock/clock", json={"advance_seconds": 3600}).raise_for_status()
        answer = getattr(self.sdk, op_id)(**self.args(op_id, key))
        assert answer.get_status_code() == op["status"], op_id
        result = answer.get_result()
        model = (op.get("response") or {}).get("model")
        if model:
            assert parsed(model, result), (op_id, model)
        if op_id in ("create_key", "create_key_with_policies_overrides"):
            self.keys[key] = result["resources"][0]["id"]
        if op_id == "wrap_key":
            self.wrapped = result["ciphertext"]
        if op_id == "create_kmip_adapter":
            self.adapter = result["resources"][0]["id"]
        if op_id == "add_kmip_client_certificate":
            self.certificate = result["resources"][0]["id"]
        return result


def parsed(model: str, result: dict) -> bool:
    """Whether the SDK's model parses `result`: a oneOf (no from_dict of its own) by one of its
    variants, as the table lists them."""
    sdk_model = getattr(models, model)
    if hasattr(sdk_model, "from_dict"):
        return sdk_model.from_dict(result) is not None
    for variant in api_table.model(model, TABLE).get("variants") or ():
        try:
            if getattr(models, variant).from_dict(result) is not None:
                return True
        except ValueError:
            continue
    return False


def test_the_table_operations_are_each_served_or_listed_as_not_served():
    table = set(api_table.table(TABLE)["operations"])
    assert {op for op, _ in ORDER} | NOT_SERVED | NO_OBJECT == table
    assert not {op for op, _ in ORDER} & (NOT_SERVED | NO_OBJECT)


def test_every_served_operation_answers_what_the_sdk_parses(server, instance):
    caller = Caller(server, instance)
    for op_id, key in ORDER:
        caller.call(op_id, key)


@pytest.mark.parametrize("op_id", sorted(NOT_SERVED))
def test_an_operation_not_served_answers_404_in_kps_shape(server, instance, op_id):
    caller = Caller(server, instance)
    with pytest.raises(ApiException) as raised:
        getattr(caller.sdk, op_id)(**caller.args(op_id, None))
    assert raised.value.status_code == 404
    assert raised.value.http_response.json()["metadata"]["collectionType"] == "application/vnd.ibm.kms.error+json"


@pytest.mark.parametrize("op_id", sorted(NO_OBJECT))
def test_naming_a_kmip_object_answers_404_kmip_object_not_found(server, instance, op_id):
    caller = Caller(server, instance)
    caller.call("create_key", "key")
    caller.call("create_kmip_adapter", "key")
    with pytest.raises(ApiException) as raised:
        getattr(caller.sdk, op_id)(**caller.args(op_id, None))
    assert raised.value.status_code == 404
    assert raised.value.http_response.json()["resources"][0]["reasons"][0]["code"] == "KMIP_OBJECT_NOT_FOUND_ERR"
