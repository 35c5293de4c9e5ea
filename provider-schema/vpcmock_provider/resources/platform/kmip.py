"""ibm_kms_kmip_adapter and ibm_kms_kmip_client_cert, and the data sources ibm_kms_kmip_adapter(s),
ibm_kms_kmip_client_cert(s) and ibm_kms_kmip_object(s) ↔ Key Protect's KMIP API
(`<IBMCLOUD_KP_API_ENDPOINT>/api/v2/kmip_adapters`, kp_key.call), as the IBM provider's
resource_ibm_kms_kmip_*.go and data_source_ibm_kms_kmip_*.go call it through the
keyprotect-go-client:

- every call first reads the instance from Resource Controller (populateKPClient, kms.instance_crn);
- an adapter: `POST /kmip_adapters` with its profile, `profile_data` (`crk_id`), name and
  description; id `<instance guid>/<adapter id>`, `adapter_id` the adapter's id; every argument
  forces a new adapter; delete first deletes the adapter's KMIP objects, then the adapter;
- a client certificate: `POST /kmip_adapters/<adapter_id>/certificates` (the adapter by id or
  name, as configured); id `<instance guid>/<adapter_id>/<cert id>`, `cert_id` the certificate's
  id; read `GET .../certificates/<id>` (the PEM answered whole, so it plans clean); import takes
  the id of three UUIDs, as splitCertID checks it;
- dates as the IBM provider writes them: Go's time.Time String() (`2026-12-03 13:57:52 +0000 UTC`).

A KP 404 on read means the object is gone (the IBM provider's Exists).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.kms import endpoint_type, go_time_string, instance_crn, instance_id
from vpcmock_provider.resources.platform.kp_key import call

ADAPTER_TYPE = "application/vnd.ibm.kms.kmip_adapter+json"
CERT_TYPE = "application/vnd.ibm.kms.kmip_client_certificate+json"
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _q(value: str) -> str:
    return quote(str(value), safe="")


def _envelope(kind: str, resource: dict) -> dict:
    return {"metadata": {"collectionType": kind, "collectionTotal": 1}, "resources": [resource]}


def _configured_instance(state: dict, guid: str) -> str:
    """The instance as configured (its guid or CRN) when it names `guid`, else the guid."""
    given = state.get("instance_id")
    return given if given and instance_id(given) == guid else guid


def _get(client: Client, path: str, guid: str) -> dict | None:
    try:
        return call(client, "GET", path, guid)["resources"][0]
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


def adapter_attributes(adapter: dict) -> dict:
    """dataSourceIBMKMSKmipAdapterToMap / populateKMIPAdapterSchemaDataFromStruct."""
    out = {"adapter_id": adapter["id"], "name": adapter["name"], "description": adapter.get("description"),
           "profile": adapter["profile"], "profile_data": dict(adapter.get("profile_data") or {}),
           "created_at": go_time_string(adapter["created_at"]), "created_by": adapter["created_by"],
           "updated_at": go_time_string(adapter["updated_at"]), "updated_by": adapter["updated_by"]}
    return {k: v for k, v in out.items() if v is not None}


class KmipAdapter:
    """ibm_kms_kmip_adapter."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_adapter", "resource")

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        guid = instance_id(planned["instance_id"])
        instance_crn(client, guid)
        resource = {"profile": planned["profile"], "profile_data": dict(planned.get("profile_data") or {})}
        for name in ("name", "description"):
            if planned.get(name):
                resource[name] = planned[name]
        try:
            made = call(client, "POST", "/kmip_adapters", guid, _envelope(ADAPTER_TYPE, resource))
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"[ERROR] Error while creating KMIP adapter: {exc.message}",
                           exc.target) from None
        adapter = made["resources"][0]
        return KmipAdapter.read(client, {**planned, "id": f"{guid}/{adapter['id']}"}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        guid, _, adapter_id = state["id"].partition("/")
        if not adapter_id:
            raise ProviderError(f"{state['id']!r} is not an adapter id (<instance guid>/<adapter id>)")
        instance_crn(client, guid)
        adapter = _get(client, f"/kmip_adapters/{_q(adapter_id)}", guid)
        if adapter is None:
            return None
        return {"id": f"{guid}/{adapter['id']}", "instance_id": _configured_instance(state, guid),
                "endpoint_type": endpoint_type(client), **adapter_attributes(adapter)}

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        # Every argument but endpoint_type (the client's own setting) forces a new adapter.
        current = KmipAdapter.read(client, {**planned, "id": prior["id"]})
        if current is None:
            raise ApiError(404, "KMIP_ADAPTER_NOT_FOUND_ERR", f"KMIP adapter {prior['id']} is gone")
        return current

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        guid, _, adapter_id = state["id"].partition("/")
        try:
            listed = call(client, "GET", f"/kmip_adapters/{_q(adapter_id)}/kmip_objects", guid)
            for item in listed.get("resources") or []:
                try:
                    call(client, "DELETE", f"/kmip_adapters/{_q(adapter_id)}/kmip_objects/{_q(item['id'])}", guid)
                except ApiError as exc:
                    raise ApiError(exc.status, exc.code, "[ERROR] Failed to delete KMIP object associated with "
                                   f"adapter ({adapter_id}): {exc.message}", exc.target) from None
            call(client, "DELETE", f"/kmip_adapters/{_q(adapter_id)}", guid)
        except ApiError as exc:
            if exc.status != 404:
                raise

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return KmipAdapter.read(client, {"id": ident})


def _cert_parts(ident: str) -> tuple[str, str, str]:
    parts = ident.split("/")
    if len(parts) != 3 or not all(parts):
        raise ProviderError(f"[ERROR] The given id {ident} does not contain all expected sections, should be of "
                            "format instance_id/adapter_id/cert_id")
    return parts[0], parts[1], parts[2]


def cert_attributes(cert: dict) -> dict:
    out = {"cert_id": cert["id"], "name": cert["name"], "certificate": cert.get("certificate"),
           "created_at": go_time_string(cert.get("created_at")), "created_by": cert.get("created_by")}
    return {k: v for k, v in out.items() if v is not None}


class KmipClientCert:
    """ibm_kms_kmip_client_cert."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_client_cert", "resource")

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        guid = instance_id(planned["instance_id"])
        instance_crn(client, guid)
        adapter = planned.get("adapter_id")
        if not adapter:
            raise ProviderError("ibm_kms_kmip_client_cert: adapter_id names the KMIP adapter of the certificate")
        resource = {"certificate": planned["certificate"]}
        if planned.get("name"):
            resource["name"] = planned["name"]
        try:
            made = call(client, "POST", f"/kmip_adapters/{_q(adapter)}/certificates", guid,
                        _envelope(CERT_TYPE, resource))
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, "[ERROR] Error while creating KMIP client certificate: "
                           f"{exc.message}", exc.target) from None
        cert = made["resources"][0]
        return KmipClientCert.read(client, {**planned, "id": f"{guid}/{adapter}/{cert['id']}"}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        guid, adapter, cert_id = _cert_parts(state["id"])
        instance_crn(client, guid)
        cert = _get(client, f"/kmip_adapters/{_q(adapter)}/certificates/{_q(cert_id)}", guid)
        if cert is None:
            return None
        return {"id": state["id"], "instance_id": _configured_instance(state, guid), "adapter_id": adapter,
                "endpoint_type": endpoint_type(client), **cert_attributes(cert)}

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        current = KmipClientCert.read(client, {**planned, "id": prior["id"]})
        if current is None:
            raise ApiError(404, "KMIP_CERT_NOT_FOUND_ERR", f"KMIP client certificate {prior['id']} is gone")
        return current

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        guid, adapter, cert_id = _cert_parts(state["id"])
        try:
            call(client, "DELETE", f"/kmip_adapters/{_q(adapter)}/certificates/{_q(cert_id)}", guid)
        except ApiError as exc:
            if exc.status != 404:
                raise

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        for index, part in enumerate(_cert_parts(ident)):
            if not _UUID.match(part):  # splitCertID: each section a UUID
                raise ProviderError(f"[ERROR] The given id {part} at index {index} of "
                                    "instance_id/adapter_id/cert_id is not a valid UUID")
        return KmipClientCert.read(client, {"id": ident})


# -- data sources ---------------------------------------------------------------------------------

def _guid(client: Client, config: dict) -> str:
    guid = instance_id(config["instance_id"])
    instance_crn(client, guid)
    return guid


def _paging(config: dict) -> dict:
    params = {}
    if config.get("limit"):
        params["limit"] = config["limit"]
    if config.get("offset"):
        params["offset"] = config["offset"]
    if config.get("show_total_count"):
        params["totalCount"] = "true"
    return params


def _adapter_named(client: Client, guid: str, config: dict) -> dict:
    named = config.get("adapter_id") or config.get("adapter_name")
    if not named:
        raise ProviderError("one of adapter_id or adapter_name is required")
    try:
        return call(client, "GET", f"/kmip_adapters/{_q(named)}", guid)["resources"][0]
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"[ERROR] Error while retrieving KMIP adapter: {exc.message}",
                       exc.target) from None


class AdapterData:
    """ibm_kms_kmip_adapter (data): the adapter named by `adapter_id` or `name`."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_adapter", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = _guid(client, config)
        named = config.get("adapter_id") or config.get("name")
        if not named:
            raise ProviderError("one of adapter_id or name is required")
        adapter = call(client, "GET", f"/kmip_adapters/{_q(named)}", guid)["resources"][0]
        return {**config, "id": f"{guid}/{adapter['id']}", "instance_id": guid,
                "endpoint_type": endpoint_type(client), **adapter_attributes(adapter)}


class AdaptersData:
    """ibm_kms_kmip_adapters (data): one page of the instance's adapters; id the instance's guid."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_adapters", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = _guid(client, config)
        try:
            listed = call(client, "GET", "/kmip_adapters", guid, params=_paging(config) or None)
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"[ERROR] Error listing KMIP adapters: {exc.message}",
                           exc.target) from None
        out = {**config, "id": guid, "instance_id": guid, "endpoint_type": endpoint_type(client),
               "adapters": [adapter_attributes(a) for a in listed.get("resources") or []]}
        if config.get("show_total_count"):
            out["total_count"] = listed["metadata"].get("totalCount")
        return out


class ClientCertData:
    """ibm_kms_kmip_client_cert (data): the certificate named by `cert_id` or `name` of the
    adapter named by `adapter_id` or `adapter_name`."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_client_cert", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = _guid(client, config)
        adapter = _adapter_named(client, guid, config)
        named = config.get("cert_id") or config.get("name")
        if not named:
            raise ProviderError("one of cert_id or name is required")
        cert = call(client, "GET", f"/kmip_adapters/{adapter['id']}/certificates/{_q(named)}", guid)["resources"][0]
        return {**config, "id": f"{guid}/{adapter['id']}/{cert['id']}", "instance_id": guid,
                "adapter_id": adapter["id"], "adapter_name": adapter["name"],
                "endpoint_type": endpoint_type(client), **cert_attributes(cert)}


class ClientCertsData:
    """ibm_kms_kmip_client_certs (data): one page of an adapter's certificates (listed without
    their PEM, as KP lists them)."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_client_certs", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = _guid(client, config)
        adapter = _adapter_named(client, guid, config)
        listed = call(client, "GET", f"/kmip_adapters/{adapter['id']}/certificates", guid,
                      params=_paging(config) or None)
        out = {**config, "id": f"{guid}/{adapter['id']}", "instance_id": guid, "adapter_id": adapter["id"],
               "adapter_name": adapter["name"], "endpoint_type": endpoint_type(client),
               "certificates": [cert_attributes(c) for c in listed.get("resources") or []]}
        if config.get("show_total_count"):
            out["total_count"] = listed["metadata"].get("totalCount")
        return out


def object_attributes(item: dict) -> dict:
    out = {"object_id": item["id"], "object_type": item.get("kmip_object_type"), "object_state": item.get("state"),
           "created_by": item.get("created_by"), "created_at": go_time_string(item.get("created_at")),
           "created_by_cert_id": item.get("created_by_kmip_client_cert_id"), "updated_by": item.get("updated_by"),
           "updated_at": go_time_string(item.get("updated_at")),
           "updated_by_cert_id": item.get("updated_by_kmip_client_cert_id"),
           "destroyed_by": item.get("destroyed_by"), "destroyed_at": go_time_string(item.get("destroyed_at")),
           "destroyed_by_cert_id": item.get("destroyed_by_kmip_client_cert_id")}
    return {k: v for k, v in out.items() if v is not None}


class ObjectsData:
    """ibm_kms_kmip_objects (data): one page of an adapter's KMIP objects, by `object_state_filter`."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_objects", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = _guid(client, config)
        adapter = _adapter_named(client, guid, config)
        params = _paging(config)
        if config.get("object_state_filter"):
            params["state"] = ",".join(str(s) for s in config["object_state_filter"])
        listed = call(client, "GET", f"/kmip_adapters/{adapter['id']}/kmip_objects", guid, params=params or None)
        out = {**config, "id": f"{guid}/{adapter['id']}", "instance_id": guid, "adapter_id": adapter["id"],
               "adapter_name": adapter["name"], "endpoint_type": endpoint_type(client),
               "objects": [object_attributes(o) for o in listed.get("resources") or []]}
        if config.get("show_total_count"):
            out["total_count"] = listed["metadata"].get("totalCount")
        return out


class ObjectData:
    """ibm_kms_kmip_object (data): one KMIP object of an adapter."""

    DECLARATION = ibm_schema.declaration("ibm_kms_kmip_object", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = _guid(client, config)
        adapter = _adapter_named(client, guid, config)
        item = call(client, "GET", f"/kmip_adapters/{adapter['id']}/kmip_objects/{_q(config['object_id'])}",
                    guid)["resources"][0]
        return {**config, "id": f"{guid}/{adapter['id']}/{item['id']}", "instance_id": guid,
                "adapter_id": adapter["id"], "adapter_name": adapter["name"], "endpoint_type": endpoint_type(client),
                **object_attributes(item)}


RESOURCES = (KmipAdapter, KmipClientCert)
DATA_SOURCES = (AdapterData, AdaptersData, ClientCertData, ClientCertsData, ObjectsData, ObjectData)
