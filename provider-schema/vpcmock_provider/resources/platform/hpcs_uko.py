"""ibm_hpcs_vault, ibm_hpcs_key_template, ibm_hpcs_keystore and ibm_hpcs_managed_key, and their
data sources ↔ HPCS's Unified Key Orchestrator API (`<IBMCLOUD_HPCS_UKO_URL>/api/v4`), as the IBM
provider's resource_ibm_hpcs_*.go call it through the ukov4 Go SDK:

- the UKO URL: the IBM provider's getUkoUrl takes IBMCLOUD_HPCS_UKO_URL when set (which `vpcmock
  env` points at the mock's /hpcs/uko), else asks the HPCS broker for the instance's; so, as
  there, `instance_id` and `region` only compose ids (the IBM provider takes a value without
  `https://` as a host and prefixes it; a full URL, the mock's `http://`, is taken as is here);
- ids: a vault `<region>/<instance_id>/<vault id>`, the others
  `<region>/<instance_id>/<uko_vault>/<id>`; every call on them sends the vault in the `UKO-Vault`
  header, every change and deletion the ETag read last (`etag`, or a template's `version`) in
  `If-Match`;
- a managed key's `state` changes by its actions (active -> deactivated -> destroyed, back to
  active from deactivated or pre_activation), and the IBM provider deletes only a destroyed key
  ("Cannot delete key that is not destroyed"); its create does not act on a configured `state`;
- where the IBM provider's update cannot work (a template's key and keystores: a nil model it
  writes into; a key's tags: "TODO"), the changes are sent as UKO's PATCH takes them, so a
  configuration converges (a choice, written beside each);
- dates as the IBM provider writes them: flex.DateTimeToString (`2027-01-31T10:00:00.000Z`),
  a managed key's dates flex.DateToString (`2027-02-28`).
"""

from __future__ import annotations

import json
import urllib.parse

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.mapping import go_time

UKO = "IBMCLOUD_HPCS_UKO_URL"


def call(client: Client, method: str, path: str, *, vault: str | None = None, etag: str | None = None,
         body=None, params: dict | None = None) -> tuple[dict, str | None]:
    """(JSON answer, ETag) of a UKO call as the Go SDK makes it."""
    import urllib.request

    query = "?" + urllib.parse.urlencode(params) if params else ""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {client._bearer()}", "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if vault is not None:
        headers["UKO-Vault"] = vault
    if etag is not None:
        headers["If-Match"] = etag
    request = urllib.request.Request(f"{client.endpoints[UKO]}/api/v4{path}{query}", data=data, method=method,
                                     headers=headers)
    answer, got = client._send(request)
    return answer, next((v for k, v in got.items() if k.lower() == "etag"), None)


def _failed(what: str, exc: ApiError) -> ApiError:
    return ApiError(exc.status, exc.code, f"{what} failed {exc.message}", exc.target)


def _get(client: Client, path: str, vault: str | None, what: str) -> tuple[dict | None, str | None]:
    try:
        return call(client, "GET", path, vault=vault)
    except ApiError as exc:
        if exc.status == 404:
            return None, None
        raise _failed(what, exc) from None


def _parts(ident: str, count: int, form: str) -> list[str]:
    parts = ident.split("/")
    if len(parts) != count or not all(parts):
        raise ProviderError(f"{ident!r} is not an id of the form {form}")
    return parts


def _text(value):
    """An optional string as the IBM provider's d.Set leaves it: "" is unset."""
    return value if value not in ("", None) else None


def _quote(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


# -- vaults ----------------------------------------------------------------------------------------

def vault_attributes(doc: dict) -> dict:
    return {"vault_id": doc["id"], "name": doc.get("name"), "description": _text(doc.get("description")),
            "created_at": go_time(doc.get("created_at")), "updated_at": go_time(doc.get("updated_at")),
            "created_by": doc.get("created_by"), "updated_by": doc.get("updated_by"), "href": doc.get("href")}


class Vault:
    """ibm_hpcs_vault."""

    DECLARATION = ibm_schema.declaration("ibm_hpcs_vault", "resource")
    FORM = "<region>/<instance_id>/<vault id>"

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        body = {"name": planned["name"]}
        if planned.get("description"):
            body["description"] = planned["description"]
        try:
            made, _ = call(client, "POST", "/vaults", body=body)
        except ApiError as exc:
            raise _failed("CreateVaultWithContext", exc) from None
        return Vault.read(client, {"id": f"{planned['region']}/{planned['instance_id']}/{made['id']}"}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        region, instance, vault_id = _parts(state["id"], 3, Vault.FORM)
        doc, etag = _get(client, f"/vaults/{_quote(vault_id)}", None, "GetVaultWithContext")
        if doc is None:
            return None
        return {"id": state["id"], "region": region, "instance_id": instance, "etag": etag,
                **vault_attributes(doc)}

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        _, _, vault_id = _parts(prior["id"], 3, Vault.FORM)
        body = {name: planned.get(name) or "" for name in ("name", "description") if planned.get(name) != prior.get(name)}
        if body:
            try:
                call(client, "PATCH", f"/vaults/{_quote(vault_id)}", etag=prior.get("etag"), body=body)
            except ApiError as exc:
                raise _failed("UpdateVaultWithContext", exc) from None
        return Vault.read(client, {"id": prior["id"]}) or {}

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        _, _, vault_id = _parts(state["id"], 3, Vault.FORM)
        try:
            call(client, "DELETE", f"/vaults/{_quote(vault_id)}", etag=state.get("etag"))
        except ApiError as exc:
            if exc.status != 404:
                raise _failed("DeleteVaultWithContext", exc) from None

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return Vault.read(client, {"id": ident})


# -- what the others share: an item of a vault -----------------------------------------------------

class InVault:
    """A UKO item of a vault: id `<region>/<instance_id>/<uko_vault>/<id>`, the vault in the
    `UKO-Vault` header of every call, the ETag in `etag_name` (If-Match of changes)."""

    type_name = ""
    path = ""          # `/templates`
    id_name = ""       # the attribute of the item's own id (`key_id`), or None
    etag_name = "etag"
    what = ""          # the Go SDK's method stem (`KeyTemplate`)
    FORM = "<region>/<instance_id>/<uko_vault>/<id>"

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration(self.type_name, "resource")

    def create_body(self, planned: dict) -> dict:
        raise NotImplementedError

    def attributes(self, doc: dict, prior: dict) -> dict:
        raise NotImplementedError

    def create(self, client: Client, planned: dict) -> dict:
        vault = planned["uko_vault"]
        try:
            made, _ = call(client, "POST", self.path, vault=vault, body=self.create_body(planned),
                           params=self.create_params(planned))
        except ApiError as exc:
            raise _failed(f"Create{self.what}WithContext", exc) from None
        ident = f"{planned['region']}/{planned['instance_id']}/{vault}/{made['id']}"
        return self.read(client, {**planned, "id": ident}) or {}

    def create_params(self, planned: dict) -> dict | None:
        return None

    def read(self, client: Client, state: dict) -> dict | None:
        region, instance, vault, own = _parts(state["id"], 4, self.FORM)
        doc, etag = _get(client, f"{self.path}/{_quote(own)}", vault, f"Get{self.what}WithContext")
        if doc is None:
            return None
        out = {"id": state["id"], "region": region, "instance_id": instance, "uko_vault": vault,
               self.etag_name: etag, "vault": [{"id": (doc.get("vault") or {}).get("id")}],
               **self.attributes(doc, state)}
        if self.id_name:
            out[self.id_name] = doc["id"]
        return {k: v for k, v in out.items() if v is not None}

    def patch(self, client: Client, prior: dict, body: dict, etag: str | None) -> str | None:
        _, _, vault, own = _parts(prior["id"], 4, self.FORM)
        try:
            _, etag = call(client, "PATCH", f"{self.path}/{_quote(own)}", vault=vault, etag=etag, body=body)
        except ApiError as exc:
            raise _failed(f"Update{self.what}WithContext", exc) from None
        return etag

    def delete(self, client: Client, state: dict) -> None:
        _, _, vault, own = _parts(state["id"], 4, self.FORM)
        try:
            call(client, "DELETE", f"{self.path}/{_quote(own)}", vault=vault, etag=state.get(self.etag_name))
        except ApiError as exc:
            if exc.status != 404:
                raise _failed(f"Delete{self.what}WithContext", exc) from None

    def import_(self, client: Client, ident: str) -> dict | None:
        return self.read(client, {"id": ident})


# -- key templates ---------------------------------------------------------------------------------

_KEY = ("size", "algorithm", "activation_date", "expiration_date", "state")
_GOOGLE = ("google_key_protection_level", "google_key_purpose", "google_kms_algorithm")


def _keystores(planned: dict) -> list[dict]:
    return [{k: v for k, v in item.items() if k in ("group", "type", *_GOOGLE) and v not in (None, "")}
            for item in planned.get("keystores") or []]


class KeyTemplate(InVault):
    """ibm_hpcs_key_template: its ETag in `version`, as the IBM provider keeps it."""

    type_name, path, what, etag_name = "ibm_hpcs_key_template", "/templates", "KeyTemplate", "version"

    def create_body(self, planned):
        body = {"vault": {"id": planned["vault"][0]["id"]}, "name": planned["name"],
                "key": {k: planned["key"][0][k] for k in _KEY}, "keystores": _keystores(planned)}
        if planned.get("description"):
            body["description"] = planned["description"]
        return body

    def attributes(self, doc, prior):
        return {"name": doc.get("name"), "key": [{k: (doc.get("key") or {}).get(k) for k in _KEY}],
                "keystores": [{k: v for k, v in item.items() if k in ("group", "type", *_GOOGLE)}
                              for item in doc.get("keystores") or []],
                "description": _text(doc.get("description")), "created_at": go_time(doc.get("created_at")),
                "updated_at": go_time(doc.get("updated_at")), "created_by": doc.get("created_by"),
                "updated_by": doc.get("updated_by"), "href": doc.get("href")}

    def update(self, client, prior, planned):
        body = {}
        if planned.get("key") != prior.get("key"):  # all but the algorithm (KeyPropertiesUpdate)
            body["key"] = {k: planned["key"][0][k] for k in _KEY if k != "algorithm"}
        if planned.get("keystores") != prior.get("keystores"):
            body["keystores"] = _keystores(planned)
        if planned.get("description") != prior.get("description"):
            body["description"] = planned.get("description") or ""
        if body:
            self.patch(client, prior, body, prior.get("version"))
        return self.read(client, {**planned, "id": prior["id"]}) or {}


# -- keystores -------------------------------------------------------------------------------------

_KEYSTORE = ("google_credentials", "google_location", "google_project_id", "google_private_key_id",
             "google_key_ring", "aws_region", "aws_access_key_id", "aws_secret_access_key", "azure_service_name",
             "azure_resource_group", "azure_location", "azure_service_principal_client_id",
             "azure_service_principal_password", "azure_tenant", "azure_subscription_id", "azure_environment",
             "ibm_variant", "ibm_api_endpoint", "ibm_iam_endpoint", "ibm_api_key", "ibm_instance_id", "ibm_key_ring")
_SECRETS = ("google_credentials", "aws_access_key_id", "aws_secret_access_key", "azure_service_principal_password",
            "ibm_api_key")


class Keystore(InVault):
    """ibm_hpcs_keystore: the keystore's own arguments by its type; `dry_run` is a query flag
    of the creation (tested, not kept by UKO), kept beside as configured."""

    type_name, path, what = "ibm_hpcs_keystore", "/keystores", "Keystore"

    def create_body(self, planned):
        body = {"vault": {"id": planned["vault"][0]["id"]}, "type": planned["type"]}
        for name in ("name", "description", *_KEYSTORE):
            if planned.get(name) not in (None, ""):
                body[name] = planned[name]
        if planned.get("groups"):
            body["groups"] = list(planned["groups"])
        return body

    def create_params(self, planned):
        return {"dry_run": "true"} if planned.get("dry_run") else None

    def attributes(self, doc, prior):
        out = {"name": _text(doc.get("name")), "description": _text(doc.get("description")),
               "groups": list(doc.get("groups") or []) or None, "type": doc.get("type"),
               "location": doc.get("location") or "", "created_at": go_time(doc.get("created_at")),
               "updated_at": go_time(doc.get("updated_at")), "created_by": doc.get("created_by"),
               "updated_by": doc.get("updated_by"), "href": doc.get("href")}
        for name in _KEYSTORE:
            value = _text(doc.get(name))
            # A secret the configuration gave stays as given (after an import, as answered).
            out[name] = prior.get(name) if name in _SECRETS and prior.get(name) else value
        return out

    def update(self, client, prior, planned):
        body = {}
        for name in ("name", "description", "groups", *_KEYSTORE):
            if planned.get(name) != prior.get(name):
                body[name] = list(planned.get(name) or []) if name == "groups" else (planned.get(name) or "")
        if body:
            self.patch(client, prior, body, prior.get("etag"))
        return self.read(client, {**planned, "id": prior["id"]}) or {}


# -- managed keys ----------------------------------------------------------------------------------

def key_attributes(doc: dict) -> dict:
    return {"label": doc.get("label"), "description": _text(doc.get("description")),
            "tags": [{"name": t.get("name"), "value": t.get("value")} for t in doc.get("tags") or []],
            "template": [{k: v for k, v in (doc.get("template") or {}).items() if k in ("id", "name", "href")}],
            "state": doc.get("state"), "size": doc.get("size"), "algorithm": doc.get("algorithm"),
            "verification_patterns": [{"method": p.get("method"), "value": p.get("value")}
                                      for p in doc.get("verification_patterns") or []],
            "activation_date": doc.get("activation_date") or "", "expiration_date": doc.get("expiration_date") or "",
            "created_at": go_time(doc.get("created_at")), "updated_at": go_time(doc.get("updated_at")),
            "created_by": doc.get("created_by"), "updated_by": doc.get("updated_by"),
            "referenced_keystores": [{k: r.get(k) for k in ("id", "name", "type", "href")}
                                     for r in doc.get("referenced_keystores") or []],
            "instances": [{"id": i.get("id"), "label_in_keystore": i.get("label_in_keystore"), "type": i.get("type"),
                           "keystore": [dict(i.get("keystore") or {})],
                           **{g: i[g] for g in _GOOGLE if i.get(g)}} for i in doc.get("instances") or []],
            "href": doc.get("href")}


# The IBM provider's state changes (ResourceIbmManagedKeyUpdate): new state -> (states it acts
# from, action); any other change of state is its error.
_STATE_CHANGES = {"deactivated": (("active",), "deactivate"), "destroyed": (("deactivated",), "destroy"),
                  "active": (("deactivated", "pre_activation"), "activate")}


class ManagedKey(InVault):
    """ibm_hpcs_managed_key."""

    type_name, path, what, id_name = "ibm_hpcs_managed_key", "/managed_keys", "ManagedKey", "key_id"

    def create_body(self, planned):
        body = {"vault": {"id": planned["vault"][0]["id"]}, "template_name": planned["template_name"],
                "label": planned["label"]}
        if planned.get("tags"):
            body["tags"] = [{"name": t["name"], "value": t["value"]} for t in planned["tags"]]
        if planned.get("description"):
            body["description"] = planned["description"]
        return body

    def attributes(self, doc, prior):
        out = key_attributes(doc)
        out["template_name"] = prior.get("template_name") or (doc.get("template") or {}).get("name")
        return out

    def update(self, client, prior, planned):
        etag = prior.get("etag")
        body = {}
        if planned.get("label") != prior.get("label"):
            body["label"] = planned["label"]
        if planned.get("description") != prior.get("description"):
            body["description"] = planned.get("description") or ""
        if (planned.get("tags") or []) != (prior.get("tags") or []):  # sent, where the IBM provider has a TODO
            body["tags"] = [{"name": t["name"], "value": t["value"]} for t in planned.get("tags") or []]
        if body:
            etag = self.patch(client, prior, body, etag)
        wanted, before = planned.get("state"), prior.get("state")
        if wanted and wanted != before and wanted in _STATE_CHANGES:
            starts, action = _STATE_CHANGES[wanted]
            if before not in starts:
                raise ProviderError(f"{action.capitalize()} managed key failed: Cannot {action} key not in "
                                    f"{' or '.join(starts)} state")
            _, _, vault, own = _parts(prior["id"], 4, self.FORM)
            try:
                call(client, "POST", f"{self.path}/{_quote(own)}/{action}", vault=vault, etag=etag)
            except ApiError as exc:
                raise _failed(f"{action.capitalize()}ManagedKeyWithContext", exc) from None
        return self.read(client, {**planned, "id": prior["id"]}) or {}

    def delete(self, client, state):
        if state.get("state") != "destroyed":
            raise ProviderError("Delete Key failed: Cannot delete key that is not destroyed")
        super().delete(client, state)


# -- data sources ----------------------------------------------------------------------------------

class _ItemData:
    """A data source reading one UKO item by its id (and vault)."""

    def __init__(self, type_name: str, path: str, own: str, what: str, attributes):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.path, self.own, self.what, self.attributes = path, own, what, attributes

    def read(self, client: Client, config: dict) -> dict:
        vault = config.get("uko_vault")
        try:
            doc, _ = call(client, "GET", f"{self.path}/{_quote(config[self.own])}", vault=vault)
        except ApiError as exc:
            raise _failed(f"Get{self.what}WithContext", exc) from None
        out = {**config, "id": doc["id"], **self.attributes(doc)}
        if "vault" in {f.name for f in self.DECLARATION.fields} and doc.get("vault"):
            out["vault"] = [{k: doc["vault"].get(k) for k in ("id", "name", "href")}]
        return {k: v for k, v in out.items() if v is not None}


def _template_data(doc: dict) -> dict:
    found = KeyTemplate().attributes(doc, {})
    return {**found, "version": doc.get("version")}


def _keystore_data(doc: dict) -> dict:
    return Keystore().attributes(doc, {})


DATA_SOURCES = (
    _ItemData("ibm_hpcs_vault", "/vaults", "vault_id", "Vault", vault_attributes),
    _ItemData("ibm_hpcs_key_template", "/templates", "template_id", "KeyTemplate", _template_data),
    _ItemData("ibm_hpcs_keystore", "/keystores", "keystore_id", "Keystore", _keystore_data),
    _ItemData("ibm_hpcs_managed_key", "/managed_keys", "key_id", "ManagedKey", key_attributes),
)
RESOURCES = (Vault, KeyTemplate(), Keystore(), ManagedKey())
