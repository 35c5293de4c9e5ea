"""More IAM and account types through their APIs, each as the IBM provider's Go source drives it:

- ibm_iam_trusted_profile_identity (resource_ibm_iam_trusted_profile_identity.go): `POST
  /v1/profiles/<profile>/identities/<type>`; id `<profile>|<type>|<identifier>`; every argument
  forces a new one; read `GET .../identities/<type>/<identifier>`;
- ibm_iam_trusted_profile_identities: the profile's whole list, `PUT /v1/profiles/<profile>/identities`
  with If-Match `*` on create and the `if_match` read (the listing's ETag) on update; id the
  profile; destroy sets the list empty;
- ibm_iam_account_settings: the account's IAM Identity settings (`/v1/accounts/<account>/settings/identity`):
  create reads them and updates what is configured, with `if_match` (`*` by default); id the
  account; destroy changes nothing (the settings stay, as the IBM provider leaves them);
- ibm_iam_identity_preference: `PUT /v1/preferences/accounts/<account>/identities/<iam id>/<service>/<preference>`,
  id those four joined by `/`;
- ibm_iam_idp: an identity provider of IAM Identity (`/v1/idps`);
- ibm_iam_idp_account_setting: `POST /v2/loginsettings/<account>/idps/<idp>` then `PUT` of what
  changed; id `<account>/<idp>`;
- ibm_iam_access_group_account_settings: `PATCH /v2/groups/settings?account_id=<account>`; id the
  account; destroy changes nothing;
- ibm_iam_custom_role: `/v2/roles` (IAM Policy Management), replaced with the ETag of a read;
- ibm_iam_access_tag: Global Tagging's `POST /v3/tags?tag_type=access`, read from the account's
  access tags, deleted with `DELETE /v3/tags/<name>?tag_type=access`; id the name;
- ibm_iam_authorization_policy_detach: deletes the authorization policy named (`DELETE
  /v1/policies/<id>`) at create; id the time of it, as Go's `time.Now().UTC().String()`; read and
  destroy change nothing;
- ibm_resource_reclamation_delete: runs `reclaim` on the reclamation named (Resource Controller's
  `POST /v1/reclamations/<id>/actions/reclaim`), keeps what the answer says; id the reclamation's.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.api_backed import IAM, RESOURCE_CONTROLLER, etag_of, read_value

GT = "IBMCLOUD_GT_API_ENDPOINT"


def _q(value: str) -> str:
    return quote(str(value), safe="")


def _gone(call):
    """The answer of `call`, or None where the API answers 404."""
    try:
        return call()
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


class Handler:
    """What every resource handler here shares: its declaration and calls to one service."""

    TYPE = ""
    ENDPOINT = IAM

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration(self.TYPE, "resource")
        self.fields = {f.name: f for f in self.DECLARATION.fields}

    def call(self, client: Client, method: str, path: str, body=None, **kwargs) -> tuple[dict, dict]:
        return client.service(self.ENDPOINT, method, path, body, **kwargs)

    def read_as(self, name: str, value):
        return read_value(self.fields[name], value) if name in self.fields else value

    def read(self, client: Client, state: dict) -> dict | None:
        return self._read(client, state["id"], state)

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._read(client, ident, {})

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        raise ProviderError(f"{self.TYPE}: every argument forces a new resource")


def _parts(ident: str, count: int, sep: str, form: str, type_name: str) -> list[str]:
    parts = ident.split(sep, count - 1)
    if len(parts) != count or not all(parts):
        raise ApiError(400, "invalid_import_id", f"The id of {type_name} is {form}, got {ident!r}")
    return parts


# --- trusted profile identities

class TrustedProfileIdentity(Handler):
    TYPE = "ibm_iam_trusted_profile_identity"

    def create(self, client, planned):
        body = {"identifier": planned["identifier"], "type": planned["type"]}
        if planned.get("accounts"):
            body["accounts"] = list(planned["accounts"])
        if planned.get("description"):
            body["description"] = planned["description"]
        made, _ = self.call(client, "POST", f"/v1/profiles/{_q(planned['profile_id'])}/identities/"
                            f"{_q(planned['identity_type'])}", body)
        ident = f"{planned['profile_id']}|{planned['identity_type']}|{made['identifier']}"
        return self._read(client, ident, planned) or {}

    def _split(self, ident: str) -> list[str]:
        sep = "|" if "|" in ident else "/"  # `/` as the IBM provider still reads it
        return _parts(ident, 3, sep, "<profile id>|<identity type>|<identifier>", self.TYPE)

    def _read(self, client, ident, prior):
        profile, kind, identifier = self._split(ident)
        found = _gone(lambda: self.call(client, "GET", f"/v1/profiles/{_q(profile)}/identities/{_q(kind)}/"
                                        f"{_q(identifier)}"))
        if found is None:
            return None
        doc = found[0]
        state = {"id": f"{profile}|{kind}|{identifier}", "profile_id": profile, "identity_type": kind,
                 "identifier": doc.get("identifier"), "type": doc.get("type"),
                 "accounts": doc.get("accounts"), "description": doc.get("description")}
        return {k: v for k, v in state.items() if v is not None}

    def delete(self, client, state):
        profile, kind, identifier = self._split(state["id"])
        _gone(lambda: self.call(client, "DELETE", f"/v1/profiles/{_q(profile)}/identities/{_q(kind)}/"
                                f"{_q(identifier)}"))


def _identity_request(item: dict) -> dict:
    body = {"identifier": item["identifier"], "type": item["type"]}
    if item.get("accounts"):
        body["accounts"] = list(item["accounts"])
    if item.get("description"):
        body["description"] = item["description"]
    return body


class TrustedProfileIdentities(Handler):
    TYPE = "ibm_iam_trusted_profile_identities"

    def _set(self, client, profile: str, identities: list, if_match: str):
        self.call(client, "PUT", f"/v1/profiles/{_q(profile)}/identities",
                  {"identities": [_identity_request(i) for i in identities]}, if_match=if_match)

    def create(self, client, planned):
        self._set(client, planned["profile_id"], planned.get("identities") or [], "*")
        return self._read(client, planned["profile_id"], planned) or {}

    def _read(self, client, ident, prior):
        found = _gone(lambda: self.call(client, "GET", f"/v1/profiles/{_q(ident)}/identities"))
        if found is None:
            return None
        doc, headers = found
        items = [{k: v for k, v in {"iam_id": i.get("iam_id"), "identifier": i.get("identifier"), "type": i.get("type"),
                                    "accounts": i.get("accounts"), "description": i.get("description")}.items()
                  if v is not None} for i in doc.get("identities") or []]
        return {"id": ident, "profile_id": ident, "identities": items,
                "if_match": etag_of(headers) or doc.get("entity_tag")}

    def update(self, client, prior, planned):
        current = self._read(client, prior["id"], prior) or {}
        self._set(client, prior["id"], planned.get("identities") or [], current.get("if_match") or "*")
        return self._read(client, prior["id"], planned) or {}

    def delete(self, client, state):
        current = self._read(client, state["id"], state)
        if current is not None:
            self._set(client, state["id"], [], current.get("if_match") or "*")


# --- IAM Identity's account settings

_SETTINGS = ("allowed_ip_addresses", "restrict_create_service_id", "restrict_create_platform_apikey",
             "restrict_user_list_visibility", "mfa", "session_expiration_in_seconds", "session_invalidation_in_seconds",
             "max_sessions_per_identity", "system_access_token_expiration_in_seconds",
             "system_refresh_token_expiration_in_seconds")


class AccountSettings(Handler):
    TYPE = "ibm_iam_account_settings"

    def _path(self, account: str) -> str:
        return f"/v1/accounts/{_q(account)}/settings/identity"

    def create(self, client, planned):
        account = client.account()
        return self._write(client, account, {}, planned)

    def _write(self, client, account: str, prior: dict, planned: dict) -> dict:
        body = {name: planned[name] for name in _SETTINGS
                if planned.get(name) is not None and planned.get(name) != prior.get(name)}
        for block in ("restrict_user_domains", "user_mfa"):
            if planned.get(block) is not None and planned.get(block) != prior.get(block):
                fields = {"restrict_user_domains": ("realm_id", "invitation_email_allow_patterns",
                                                    "restrict_invitation"), "user_mfa": ("iam_id", "mfa")}[block]
                body[block] = [{k: item[k] for k in fields if item.get(k) not in (None, [])}
                               for item in planned[block] or []]
        if body:
            self.call(client, "PUT", self._path(account), body, if_match=planned.get("if_match") or "*")
        return self._read(client, account, planned) or {}

    def _read(self, client, ident, prior):
        params = {"include_history": "true" if prior.get("include_history") else "false"}
        if prior.get("resolve_user_mfa"):
            params["resolve_user_mfa"] = "true"
        found = _gone(lambda: self.call(client, "GET", self._path(ident), params=params))
        if found is None:
            return None
        doc = found[0]
        state = {"id": doc["account_id"], "entity_tag": doc.get("entity_tag"),
                 "include_history": bool(prior.get("include_history")),
                 "resolve_user_mfa": bool(prior.get("resolve_user_mfa")), "if_match": prior.get("if_match") or "*"}
        state.update({name: doc.get(name) for name in _SETTINGS})
        state["restrict_user_domains"] = [{k: v for k, v in item.items() if k in ("realm_id",
                                           "invitation_email_allow_patterns", "restrict_invitation")}
                                          for item in doc.get("restrict_user_domains") or []]
        state["user_mfa"] = [{k: v for k, v in item.items() if k in ("iam_id", "mfa", "name", "user_name", "email",
                                                                       "description")}
                             for item in doc.get("user_mfa") or []]
        state["history"] = [dict(item) for item in doc.get("history") or []] if prior.get("include_history") else []
        if state["allowed_ip_addresses"] == "" and prior.get("allowed_ip_addresses") is None:
            state["allowed_ip_addresses"] = None  # an Optional string read empty is unset (terraform-plugin-sdk)
        return {k: v for k, v in state.items() if v is not None}

    def update(self, client, prior, planned):
        return self._write(client, prior["id"], prior, planned)

    def delete(self, client, state):
        return None  # the IBM provider leaves the account's settings as they are


# --- identity preferences

class IdentityPreference(Handler):
    TYPE = "ibm_iam_identity_preference"
    KEYS = ("account_id", "iam_id", "service", "preference_id")

    def _path(self, parts) -> str:
        account, iam_id, service, preference = parts
        return f"/v1/preferences/accounts/{_q(account)}/identities/{_q(iam_id)}/{_q(service)}/{_q(preference)}"

    def _put(self, client, parts, planned):
        body = {}
        if planned.get("value_string"):
            body["value_string"] = planned["value_string"]
        if planned.get("value_list_of_strings"):
            body["value_list_of_strings"] = list(planned["value_list_of_strings"])
        self.call(client, "PUT", self._path(parts), body)

    def create(self, client, planned):
        parts = [planned[k] for k in self.KEYS]
        self._put(client, parts, planned)
        return self._read(client, "/".join(parts), planned) or {}

    def _read(self, client, ident, prior):
        parts = _parts(ident, 4, "/", "<account>/<iam id>/<service>/<preference id>", self.TYPE)
        found = _gone(lambda: self.call(client, "GET", self._path(parts)))
        if found is None:
            return None
        doc = found[0]
        state = {"id": ident, **dict(zip(self.KEYS, parts)), "scope": doc.get("scope"),
                 "value_string": doc.get("value_string"), "value_list_of_strings": doc.get("value_list_of_strings")}
        return {k: v for k, v in state.items() if v is not None}

    def update(self, client, prior, planned):
        parts = _parts(prior["id"], 4, "/", "<account>/<iam id>/<service>/<preference id>", self.TYPE)
        self._put(client, parts, planned)
        return self._read(client, prior["id"], planned) or {}

    def delete(self, client, state):
        parts = _parts(state["id"], 4, "/", "<account>/<iam id>/<service>/<preference id>", self.TYPE)
        _gone(lambda: self.call(client, "DELETE", self._path(parts)))


# --- IdP settings of an account

class IdpAccountSetting(Handler):
    TYPE = "ibm_iam_idp_account_setting"

    def _path(self, account, idp) -> str:
        return f"/v2/loginsettings/{_q(account)}/idps/{_q(idp)}"

    def create(self, client, planned):
        body = {k: planned[k] for k in ("active", "cloud_user_strategy", "ui_default")}
        made, _ = self.call(client, "POST", self._path(planned["account_id"], planned["idp_id"]), body)
        return self._read(client, f"{planned['account_id']}/{made.get('idp_id') or planned['idp_id']}", planned) or {}

    def _read(self, client, ident, prior):
        account, idp = _parts(ident, 2, "/", "<account>/<idp id>", self.TYPE)
        found = _gone(lambda: self.call(client, "GET", self._path(account, idp)))
        if found is None:
            return None
        doc = found[0]
        state = {"id": ident, "account_id": account, "idp_id": idp, "active": bool(doc.get("active")),
                 "ui_default": bool(doc.get("ui_default")), "cloud_user_strategy": doc.get("cloud_user_strategy"),
                 "owner_account": doc.get("owner_account"), "owner_account_name": doc.get("owner_account_name"),
                 "idp_name": doc.get("idp_name"), "idp_type": doc.get("idp_type")}
        return {k: v for k, v in state.items() if v is not None}

    def update(self, client, prior, planned):
        account, idp = _parts(prior["id"], 2, "/", "<account>/<idp id>", self.TYPE)
        body = {k: planned[k] for k in ("active", "cloud_user_strategy", "ui_default")
                if planned.get(k) != prior.get(k)}
        if body:
            self.call(client, "PUT", self._path(account, idp), body)
        return self._read(client, prior["id"], planned) or {}

    def delete(self, client, state):
        account, idp = _parts(state["id"], 2, "/", "<account>/<idp id>", self.TYPE)
        _gone(lambda: self.call(client, "DELETE", self._path(account, idp)))


# --- Access Groups' account settings

class AccessGroupAccountSettings(Handler):
    TYPE = "ibm_iam_access_group_account_settings"

    def _patch(self, client, account, planned):
        self.call(client, "PATCH", "/v2/groups/settings", {"public_access_enabled": planned["public_access_enabled"]},
                  params={"account_id": account})
        return self._read(client, account, planned) or {}

    def create(self, client, planned):
        return self._patch(client, client.account(), planned)

    def _read(self, client, ident, prior):
        found = _gone(lambda: self.call(client, "GET", "/v2/groups/settings", params={"account_id": ident}))
        if found is None:
            return None
        doc = found[0]
        return {"id": doc["account_id"], "account_id": doc["account_id"],
                "public_access_enabled": bool(doc.get("public_access_enabled"))}

    def update(self, client, prior, planned):
        return self._patch(client, prior["id"], planned)

    def delete(self, client, state):
        return None  # the IBM provider leaves the setting as it is


# --- custom roles

class CustomRole(Handler):
    TYPE = "ibm_iam_custom_role"

    def create(self, client, planned):
        body = {"display_name": planned["display_name"], "name": planned["name"], "account_id": client.account(),
                "service_name": planned["service"], "actions": list(planned["actions"])}
        if planned.get("description"):
            body["description"] = planned["description"]
        made, _ = self.call(client, "POST", "/v2/roles", body)
        return self._read(client, made["id"], planned) or {}

    def _read(self, client, ident, prior):
        found = _gone(lambda: self.call(client, "GET", f"/v2/roles/{_q(ident)}"))
        if found is None:
            return None
        doc = found[0]
        state = {"id": doc["id"], "display_name": doc.get("display_name"), "name": doc.get("name"),
                 "description": doc.get("description") or None, "service": doc.get("service_name"),
                 "actions": doc.get("actions"), "crn": doc.get("crn"), "resource_name": doc.get("name"),
                 "resource_crn": doc.get("crn"), "resource_controller_url": "https://cloud.ibm.com/iam/roles"}
        return {k: v for k, v in state.items() if v is not None}

    def update(self, client, prior, planned):
        _, headers = self.call(client, "GET", f"/v2/roles/{_q(prior['id'])}")
        body = {"display_name": planned["display_name"], "actions": list(planned["actions"])}
        if planned.get("description"):
            body["description"] = planned["description"]
        self.call(client, "PUT", f"/v2/roles/{_q(prior['id'])}", body, if_match=etag_of(headers))
        return self._read(client, prior["id"], planned) or {}

    def delete(self, client, state):
        _gone(lambda: self.call(client, "DELETE", f"/v2/roles/{_q(state['id'])}"))


# --- access tags

def access_tags(client: Client) -> list[str]:
    listed, _ = client.service(GT, "GET", "/v3/tags", params={"tag_type": "access"})
    return [item["name"] for item in listed.get("items") or []]


class AccessTag(Handler):
    TYPE = "ibm_iam_access_tag"
    ENDPOINT = GT

    def create(self, client, planned):
        made, _ = self.call(client, "POST", "/v3/tags", {"tag_names": [planned["name"]]}, params={"tag_type": "access"})
        failed = [r for r in made.get("results") or [] if r.get("is_error")]
        if failed:
            raise ProviderError(f"Error while creating access tag({planned['name']}) : {failed}")
        return {"id": planned["name"], "name": planned["name"], "tag_type": "access"}

    def _read(self, client, ident, prior):
        if ident not in access_tags(client):
            return None
        return {"id": ident, "name": ident, "tag_type": "access"}

    def delete(self, client, state):
        name = state.get("name") or state["id"]
        answer = _gone(lambda: self.call(client, "DELETE", f"/v3/tags/{_q(name)}", params={"tag_type": "access"}))
        failed = [r for r in ((answer or ({}, {}))[0].get("results") or []) if r.get("is_error")]
        if failed:
            raise ProviderError(f"Error while deleting access tag in results ({state['id']}) : {failed}")


# --- one-shot operations

class AuthorizationPolicyDetach(Handler):
    TYPE = "ibm_iam_authorization_policy_detach"
    kept = False  # every attribute is in its state: nothing to keep beside

    def create(self, client, planned):
        self.call(client, "DELETE", f"/v1/policies/{_q(planned['authorization_policy_id'])}")
        # the id the IBM provider gives it: the time of the detach, Go's time.Time.String() in UTC
        now = datetime.datetime.now(datetime.timezone.utc)
        return {"id": now.strftime("%Y-%m-%d %H:%M:%S.%f000 +0000 UTC"),
                "authorization_policy_id": planned["authorization_policy_id"]}

    def read(self, client, state):
        return dict(state)  # the IBM provider's read changes nothing

    def import_(self, client, ident):
        raise ProviderError(f"{self.TYPE} cannot be imported")

    def delete(self, client, state):
        return None


_RECLAMATION = ("entity_id", "entity_type_id", "entity_crn", "resource_instance_id", "resource_group_id",
                "account_id", "policy_id", "state", "target_time", "created_at", "created_by", "updated_at",
                "updated_by")


class ReclamationDelete(Handler):
    TYPE = "ibm_resource_reclamation_delete"
    ENDPOINT = RESOURCE_CONTROLLER
    kept = False  # every attribute is in its state: nothing to keep beside

    def create(self, client, planned):
        body = {k: planned[k] for k in ("request_by", "comment") if planned.get(k)}
        done, _ = self.call(client, "POST", f"/v1/reclamations/{_q(planned['reclamation_id'])}/actions/reclaim", body)
        state = {"id": done["id"], **{k: planned.get(k) for k in ("reclamation_id", "request_by", "comment")}}
        state.update({name: self.read_as(name, done.get(name)) for name in _RECLAMATION})
        state["custom_properties"] = {k: str(v) for k, v in (done.get("custom_properties") or {}).items()}
        return {k: v for k, v in state.items() if v is not None}

    def read(self, client, state):
        return dict(state)  # reclaimed for good: what the action answered is all there is

    def import_(self, client, ident):
        raise ProviderError(f"{self.TYPE} cannot be imported")

    def delete(self, client, state):
        return None


# --- IAM Policy Management's account settings: external identities' interaction

_IDENTITY_TYPES = ("user", "service_id", "service")


def interaction_blocks(doc: dict, wanted=_IDENTITY_TYPES) -> list[dict]:
    """The settings as flex.FlattenAMSettingsExternalIdentityInteraction nests them (a block per
    identity type, inside `identity_types`), for the identity types `wanted`."""
    types = ((doc.get("external_account_identity_interaction") or {}).get("identity_types") or {})
    block = {name: [{"state": types[name].get("state"),
                     "external_allowed_accounts": list(types[name].get("external_allowed_accounts") or [])}]
             for name in wanted if types.get(name)}
    return [{"identity_types": [block]}]


class ExternalInteraction(Handler):
    """ibm_iam_account_settings_external_interaction (resource_ibm_iam_access_management_account_settings.go):
    `PATCH /v1/accounts/<account>/settings/access_management` with the ETag of a read just before;
    id the account; destroy sets every identity type back to `enabled` with no account allowed, as
    the IBM provider does. Read back: the identity types configured (all of them on import), so a
    type left out of the configuration is no change."""
    TYPE = "ibm_iam_account_settings_external_interaction"

    def _path(self, account: str) -> str:
        return f"/v1/accounts/{_q(account)}/settings/access_management"

    def _patch(self, client, account: str, types: dict) -> None:
        _, headers = self.call(client, "GET", self._path(account))
        self.call(client, "PATCH", self._path(account),
                  {"external_account_identity_interaction": {"identity_types": types}}, if_match=etag_of(headers))

    def _types(self, planned: dict) -> dict:
        outer = (planned.get("external_account_identity_interaction") or [{}])[0] or {}
        inner = (outer.get("identity_types") or [{}])[0] or {}
        return {name: {"state": block[0]["state"], "external_allowed_accounts": list(block[0].get(
            "external_allowed_accounts") or [])} for name, block in inner.items() if block}

    def create(self, client, planned):
        self._patch(client, planned["account_id"], self._types(planned))
        return self._read(client, planned["account_id"], planned) or {}

    def _read(self, client, ident, prior):
        found = _gone(lambda: self.call(client, "GET", self._path(ident)))
        if found is None:
            return None
        wanted = tuple(self._types(prior)) or _IDENTITY_TYPES
        return {"id": ident, "account_id": ident, "accept_language": prior.get("accept_language") or "default",
                "external_account_identity_interaction": interaction_blocks(found[0], wanted)}

    def update(self, client, prior, planned):
        self._patch(client, prior["id"], self._types(planned))
        return self._read(client, prior["id"], planned) or {}

    def delete(self, client, state):
        self._patch(client, state["id"], {name: {"state": "enabled", "external_allowed_accounts": []}
                                          for name in _IDENTITY_TYPES})


# --- identity providers

def _objects(value):
    """Terraform's MaxItems=1 blocks as the API's objects, empty values left out."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        value = value[0]
    if isinstance(value, dict):
        found = {k: _objects(v) for k, v in value.items()}
        return {k: v for k, v in found.items() if v not in (None, "", [], {})}
    return value


class Idp(Handler):
    """ibm_iam_idp (resource_ibm_iam_idp.go): `POST /v1/idps`, id the `idp_id`; `properties` and
    `secrets` are sent, not read back (kept beside, as the IBM provider keeps them in state)."""
    TYPE = "ibm_iam_idp"

    def create(self, client, planned):
        body = {k: planned[k] for k in ("account_id", "name", "type") if planned.get(k) is not None}
        if planned.get("active") is not None:
            body["active"] = planned["active"]
        if planned.get("share_scope"):
            body["share_scope"] = [_objects(item) for item in planned["share_scope"]]
        for name in ("properties", "secrets"):
            if _objects(planned.get(name)):
                body[name] = _objects(planned[name])
        made, _ = self.call(client, "POST", "/v1/idps", body)
        return self._read(client, made["idp_id"], planned) or {}

    def _read(self, client, ident, prior):
        found = _gone(lambda: self.call(client, "GET", f"/v1/idps/{_q(ident)}"))
        if found is None:
            return None
        doc = found[0]
        state = {"id": doc["idp_id"], "idp_id": doc["idp_id"], "account_id": doc.get("account_id"),
                 "name": doc.get("name"), "type": doc.get("type"), "active": doc.get("active"),
                 "entity_tag": doc.get("entity_tag"), "created_at": self.read_as("created_at", doc.get("created_at")),
                 "modified_at": self.read_as("modified_at", doc.get("modified_at")),
                 "share_scope": [{k: v for k, v in item.items() if k in ("id", "type")}
                                 for item in doc.get("share_scope") or []]}
        return {k: v for k, v in state.items() if v is not None}

    def update(self, client, prior, planned):
        body = {}
        for name in ("name", "active"):
            if planned.get(name) != prior.get(name) and planned.get(name) is not None:
                body[name] = planned[name]
        if planned.get("share_scope") != prior.get("share_scope"):
            body["share_scope"] = [_objects(item) for item in planned.get("share_scope") or []]
        for name in ("properties", "secrets"):
            if planned.get(name) != prior.get(name) and _objects(planned.get(name)):
                body[name] = _objects(planned[name])
        if body:
            self.call(client, "PUT", f"/v1/idps/{_q(prior['id'])}", body)
        return self._read(client, prior["id"], planned) or {}

    def delete(self, client, state):
        _gone(lambda: self.call(client, "DELETE", f"/v1/idps/{_q(state['id'])}"))

RESOURCES = [TrustedProfileIdentity(), TrustedProfileIdentities(), AccountSettings(), IdentityPreference(),
             IdpAccountSetting(), AccessGroupAccountSettings(), CustomRole(), AccessTag(), AuthorizationPolicyDetach(),
             ReclamationDelete(), Idp(), ExternalInteraction()]
