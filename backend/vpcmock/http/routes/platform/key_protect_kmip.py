"""Key Protect's KMIP adapters, their client certificates and KMIP objects
(`/kms/api/v2/kmip_adapters...`), on KP's blueprint (key_protect.py): parsed and answered in
KP's envelope, each answer checked against its model of the `key_protect` table;
engine/platform/key_protect/kmip.py decides."""

from __future__ import annotations

from flask import Response, request

from vpcmock.engine.platform.key_protect import kmip
from vpcmock.engine.platform.key_protect.errors import bad_body
from vpcmock.http.common import ctx, transactional
from vpcmock.http.routes.platform.key_protect import _body, _collection, _flag, _instance, _page, _resources, _states, bp

ADAPTER_TYPE = "application/vnd.ibm.kms.kmip_adapter+json"
CERT_TYPE = "application/vnd.ibm.kms.kmip_client_certificate+json"
OBJECT_TYPE = "application/vnd.ibm.kms.kmip_object+json"
KMIP_STATES = (1, 2, 3, 4, 5, 6)  # KMIP's object states: pre-active ... destroyed-compromised


def _one(what: str, collection_type: str) -> dict:
    items = _resources(_body(what), collection_type, what)
    if len(items) != 1:
        raise bad_body(what, "exactly one resource is required")
    return items[0]


@bp.route("/kmip_adapters", methods=["POST"])
@transactional
def create_kmip_adapter():
    what = "KMIP adapter could not be created"
    c = ctx()
    instance = _instance(c)
    doc = kmip.create_adapter(c, instance, _one(what, ADAPTER_TYPE), bool(_flag("allowExpiringKey")))
    return _collection("ListKMIPAdapters", [kmip.adapter_view(doc)], collection_type=ADAPTER_TYPE, status=201)


@bp.route("/kmip_adapters", methods=["GET"])
@transactional
def get_kmip_adapters():
    c = ctx()
    found = kmip.adapter_listing(c, _instance(c), request.args.get("crk_id") or None)
    return _page("ListKMIPAdaptersWithTotalCount", [kmip.adapter_view(a) for a in found], ADAPTER_TYPE)


@bp.route("/kmip_adapters/<ident>", methods=["GET"])
@transactional
def get_kmip_adapter(ident):
    c = ctx()
    doc = kmip.get_adapter(c, _instance(c), ident)
    return _collection("ListKMIPAdapters", [kmip.adapter_view(doc)], collection_type=ADAPTER_TYPE)


@bp.route("/kmip_adapters/<ident>", methods=["DELETE"])
@transactional
def delete_kmip_adapter(ident):
    c = ctx()
    kmip.delete_adapter(c, _instance(c), ident)
    return Response(status=204)


def _adapter(c, ident: str, what: str) -> dict:
    return kmip.get_adapter(c, _instance(c), ident, what)


@bp.route("/kmip_adapters/<adapter>/certificates", methods=["POST"])
@transactional
def add_kmip_client_certificate(adapter):
    what = "KMIP client certificate could not be created"
    c = ctx()
    doc = kmip.add_certificate(c, _adapter(c, adapter, what), _one(what, CERT_TYPE))
    return _collection("ListKMIPClientCertificates", [kmip.certificate_view(doc)], collection_type=CERT_TYPE,
                       status=201)


@bp.route("/kmip_adapters/<adapter>/certificates", methods=["GET"])
@transactional
def get_kmip_client_certificates(adapter):
    c = ctx()
    found = kmip.certificates(c, _adapter(c, adapter, "KMIP client certificates could not be listed"))
    return _page("ListKMIPPartialClientCertificatesWithTotalCount",
                 [kmip.certificate_view(d, whole=False) for d in found], CERT_TYPE)


@bp.route("/kmip_adapters/<adapter>/certificates/<ident>", methods=["GET"])
@transactional
def get_kmip_client_certificate(adapter, ident):
    what = "KMIP client certificate could not be retrieved"
    c = ctx()
    doc = kmip.get_certificate(c, _adapter(c, adapter, what), ident)
    return _collection("ListKMIPClientCertificates", [kmip.certificate_view(doc)], collection_type=CERT_TYPE)


@bp.route("/kmip_adapters/<adapter>/certificates/<ident>", methods=["DELETE"])
@transactional
def delete_kmip_client_certificate(adapter, ident):
    what = "KMIP client certificate could not be deleted"
    c = ctx()
    kmip.delete_certificate(c, _adapter(c, adapter, what), ident)
    return Response(status=204)


@bp.route("/kmip_adapters/<adapter>/kmip_objects", methods=["GET"])
@transactional
def get_kmip_objects(adapter):
    what = "KMIP objects could not be listed"
    c = ctx()
    states = _states(KMIP_STATES, what, "a comma-separated list of KMIP object states, 1 to 6")
    found = kmip.objects(c, _adapter(c, adapter, what), states)
    return _page("ListKMIPObjectsWithTotalCount", found, OBJECT_TYPE)


@bp.route("/kmip_adapters/<adapter>/kmip_objects/<ident>", methods=["GET"])
@transactional
def get_kmip_object(adapter, ident):
    what = "KMIP object could not be retrieved"
    c = ctx()
    found = kmip.get_object(c, _adapter(c, adapter, what), ident)
    return _collection("ListKMIPObjectsWithTotalCount", [found], collection_type=OBJECT_TYPE, total=1)


@bp.route("/kmip_adapters/<adapter>/kmip_objects/<ident>", methods=["DELETE"])
@transactional
def delete_kmip_object(adapter, ident):
    what = "KMIP object could not be deleted"
    c = ctx()
    _flag("force")
    kmip.get_object(c, _adapter(c, adapter, what), ident, what)
    return Response(status=204)
