"""Key Protect's KMIP adapters and client certificates through the official `keyprotect` SDK
(IbmKeyProtectApiV2) against a mock on loopback: an adapter on a root key of the instance, named
or named by KP, read by id or name, listed by root key; a PEM certificate kept and answered
whole by GET, without it in listings; KP's error shape for a standard key, a missing key, a
taken name, a certificate that is not one; KMIP objects (none: no KMIP client reaches the mock)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import ResourceControllerV2, ResourceManagerV2
from keyprotect import IbmKeyProtectApiV2
from keyprotect import ibm_key_protect_api_v2 as models

from test_key_protect import instance, kp, server  # noqa: F401  (the Key Protect fixtures: one mock, an instance)

KEY = "application/vnd.ibm.kms.key+json"
ADAPTER = "application/vnd.ibm.kms.kmip_adapter+json"
CERT = "application/vnd.ibm.kms.kmip_client_certificate+json"


def certificate(common_name: str = "kmip-client") -> str:
    """A self-signed PEM X.509 certificate, as a KMIP client presents."""
    private = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(timezone.utc)
    made = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(private.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + timedelta(days=30)).sign(private, hashes.SHA256()))
    return made.public_bytes(serialization.Encoding.PEM).decode()


def key(kp, instance, extractable: bool = False, **extra) -> str:
    body = {"metadata": {"collectionType": KEY, "collectionTotal": 1},
            "resources": [{"type": KEY, "name": "kmip-root", "extractable": extractable, **extra}]}
    return kp.create_key(bluemix_instance=instance, key_create_body=json.dumps(body)).get_result()["resources"][0]["id"]


def adapter(kp, instance, crk_id: str, **fields) -> dict:
    made = kp.create_kmip_adapter(
        bluemix_instance=instance, metadata={"collectionType": ADAPTER, "collectionTotal": 1},
        resources=[{"profile": "native_1.0", "profile_data": {"crk_id": crk_id}, **fields}]).get_result()
    models.ListKMIPAdapters.from_dict(made)
    return made["resources"][0]


def add_cert(kp, instance, adapter_id: str, pem: str, **fields) -> dict:
    made = kp.add_kmip_client_certificate(
        adapter_id=adapter_id, bluemix_instance=instance, metadata={"collectionType": CERT, "collectionTotal": 1},
        resources=[{"certificate": pem, **fields}]).get_result()
    models.ListKMIPClientCertificates.from_dict(made)
    return made["resources"][0]


def reason(exc: ApiException) -> tuple[int, str]:
    error = exc.http_response.json()["resources"][0]
    return exc.status_code, error["reasons"][0]["code"]


def test_an_adapter_on_a_root_key_answers_its_profile_and_the_key_id(kp, instance):
    root = key(kp, instance)
    made = adapter(kp, instance, root, name="vmware-adapter", description="vSphere encryption")
    assert made["name"] == "vmware-adapter"
    assert made["description"] == "vSphere encryption"
    assert made["profile"] == "native_1.0"
    assert made["profile_data"] == {"crk_id": root}
    assert made["created_at"] == made["updated_at"]
    assert made["created_by"] == made["updated_by"] and made["created_by"]


def test_an_adapter_made_without_a_name_is_named_by_kp(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    assert re.fullmatch(r"kmip_adapter_[0-9a-f]{8}", made["name"])


def test_an_adapter_is_read_by_id_and_by_name(kp, instance):
    made = adapter(kp, instance, key(kp, instance), name="by-name")
    by_id = kp.get_kmip_adapter(id=made["id"], bluemix_instance=instance).get_result()["resources"][0]
    by_name = kp.get_kmip_adapter(id="by-name", bluemix_instance=instance).get_result()["resources"][0]
    assert by_id == made and by_name == made


def test_an_adapter_on_a_standard_key_is_refused_with_key_root_req_err(kp, instance):
    with pytest.raises(ApiException) as raised:
        adapter(kp, instance, key(kp, instance, extractable=True))
    assert reason(raised.value) == (400, "KEY_ROOT_REQ_ERR")


def test_an_adapter_on_a_key_the_instance_does_not_hold_is_refused_with_key_not_found(kp, instance):
    with pytest.raises(ApiException) as raised:
        adapter(kp, instance, "0f1e2d3c-4b5a-4968-8776-655443322110")
    assert reason(raised.value) == (404, "KEY_NOT_FOUND_ERR")


def test_an_adapter_without_crk_id_is_refused_naming_the_field(kp, instance):
    with pytest.raises(ApiException) as raised:
        kp.create_kmip_adapter(bluemix_instance=instance, metadata={"collectionType": ADAPTER, "collectionTotal": 1},
                               resources=[{"profile": "native_1.0", "profile_data": {}}])
    assert reason(raised.value) == (400, "INVALID_FIELD_ERR")
    assert raised.value.http_response.json()["resources"][0]["reasons"][0]["target"] == \
        {"type": "field", "name": "profile_data.crk_id"}


def test_an_expiring_root_key_needs_allow_expiring_key(kp, instance):
    expiring = key(kp, instance, expirationDate="2099-01-01T00:00:00Z")
    with pytest.raises(ApiException) as raised:
        adapter(kp, instance, expiring)
    assert reason(raised.value) == (400, "KEY_EXPIRATION_DATE_ERR")
    made = kp.create_kmip_adapter(bluemix_instance=instance, allow_expiring_key=True,
                                  metadata={"collectionType": ADAPTER, "collectionTotal": 1},
                                  resources=[{"profile": "native_1.0", "profile_data": {"crk_id": expiring}}])
    assert made.get_status_code() == 201


def test_a_second_adapter_of_the_same_name_is_refused_with_409(kp, instance):
    root = key(kp, instance)
    adapter(kp, instance, root, name="twice")
    with pytest.raises(ApiException) as raised:
        adapter(kp, instance, root, name="twice")
    assert reason(raised.value) == (409, "KMIP_ADAPTER_NAME_CONFLICT_ERR")


def test_adapters_are_listed_by_root_key_with_their_total(kp, instance):
    first, second = key(kp, instance), key(kp, instance)
    a = adapter(kp, instance, first, name="first")
    adapter(kp, instance, second, name="second")
    listed = kp.get_kmip_adapters(bluemix_instance=instance, crk_id=first, total_count=True).get_result()
    models.ListKMIPAdaptersWithTotalCount.from_dict(listed)
    assert [r["id"] for r in listed["resources"]] == [a["id"]]
    assert listed["metadata"] == {"collectionType": ADAPTER, "collectionTotal": 1, "totalCount": 1}
    every = kp.get_kmip_adapters(bluemix_instance=instance, limit=1, total_count=True).get_result()
    assert every["metadata"]["collectionTotal"] == 1 and every["metadata"]["totalCount"] == 2


def test_a_client_certificate_is_kept_and_answered_whole_by_get(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    pem = certificate()
    cert = add_cert(kp, instance, made["id"], pem, name="esxi-1")
    assert cert["certificate"] == pem and cert["name"] == "esxi-1"
    got = kp.get_kmip_client_certificate(adapter_id=made["id"], id=cert["id"],
                                         bluemix_instance=instance).get_result()["resources"][0]
    assert got == cert


def test_listed_client_certificates_leave_the_certificate_out(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    cert = add_cert(kp, instance, made["name"], certificate(), name="esxi-2")
    listed = kp.get_kmip_client_certificates(adapter_id=made["id"], bluemix_instance=instance).get_result()
    models.ListKMIPPartialClientCertificatesWithTotalCount.from_dict(listed)
    assert listed["resources"] == [{k: v for k, v in cert.items() if k != "certificate"}]


def test_a_certificate_that_is_not_pem_is_refused_naming_the_field(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    with pytest.raises(ApiException) as raised:
        add_cert(kp, instance, made["id"], "not a certificate")
    assert reason(raised.value) == (400, "INVALID_FIELD_ERR")
    assert raised.value.http_response.json()["resources"][0]["reasons"][0]["target"]["name"] == "certificate"


def test_the_same_certificate_twice_in_an_adapter_is_refused_with_409(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    pem = certificate()
    add_cert(kp, instance, made["id"], pem)
    with pytest.raises(ApiException) as raised:
        add_cert(kp, instance, made["id"], pem)
    assert reason(raised.value) == (409, "KMIP_CERT_DUPLICATE_ERR")


def test_a_deleted_adapter_takes_its_certificates_with_it(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    cert = add_cert(kp, instance, made["id"], certificate())
    assert kp.delete_kmip_adapter(id=made["id"], bluemix_instance=instance).get_status_code() == 204
    with pytest.raises(ApiException) as raised:
        kp.get_kmip_adapter(id=made["id"], bluemix_instance=instance)
    assert reason(raised.value) == (404, "KMIP_ADAPTER_NOT_FOUND_ERR")
    assert kp.get_kmip_adapters(bluemix_instance=instance).get_result()["resources"] == []
    with pytest.raises(ApiException) as raised:
        kp.get_kmip_client_certificate(adapter_id=made["id"], id=cert["id"], bluemix_instance=instance)
    assert raised.value.status_code == 404


def test_a_deleted_certificate_reads_as_404(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    cert = add_cert(kp, instance, made["id"], certificate())
    kp.delete_kmip_client_certificate(adapter_id=made["id"], id=cert["id"], bluemix_instance=instance)
    with pytest.raises(ApiException) as raised:
        kp.get_kmip_client_certificate(adapter_id=made["id"], id=cert["id"], bluemix_instance=instance)
    assert reason(raised.value) == (404, "KMIP_CERT_NOT_FOUND_ERR")


def test_an_adapter_holds_no_kmip_objects_as_no_kmip_client_reaches_the_mock(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    listed = kp.get_kmip_objects(adapter_id=made["id"], bluemix_instance=instance, total_count=True).get_result()
    models.ListKMIPObjectsWithTotalCount.from_dict(listed)
    assert listed == {"metadata": {"collectionType": "application/vnd.ibm.kms.kmip_object+json",
                                   "collectionTotal": 0, "totalCount": 0}, "resources": []}


def test_kmip_objects_listed_by_a_state_kmip_lacks_are_refused(kp, instance):
    made = adapter(kp, instance, key(kp, instance))
    with pytest.raises(ApiException) as raised:
        kp.get_kmip_objects(adapter_id=made["id"], bluemix_instance=instance, state=[9])
    assert reason(raised.value) == (400, "INVALID_FIELD_ERR")


def test_an_adapter_of_another_instance_is_not_found(kp, instance, server):
    made = adapter(kp, instance, key(kp, instance))
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]["id"]
    controller = ResourceControllerV2(authenticator=IAMAuthenticator("kp-test", url=server.url))
    controller.set_service_url(server.url + "/resource-controller")
    other = controller.create_resource_instance(name="other", target="us-south", resource_group=group,
                                                resource_plan_id="eedd3585-90c6-4c8f-be3d-062069e99fc3"
                                                ).get_result()["guid"]
    with pytest.raises(ApiException) as raised:
        kp.get_kmip_adapter(id=made["id"], bluemix_instance=other)
    assert reason(raised.value) == (404, "KMIP_ADAPTER_NOT_FOUND_ERR")


def test_the_root_key_of_an_adapter_is_not_deleted_even_with_force(kp, instance):
    root = key(kp, instance)
    adapter(kp, instance, root, name="holds-the-key")
    with pytest.raises(ApiException) as raised:
        kp.delete_key(id=root, bluemix_instance=instance, force=True)
    assert reason(raised.value) == (409, "KMIP_ADAPTER_IN_USE_ERR")
