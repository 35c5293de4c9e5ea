"""Data sources of the types of iam_more.py and user_management.py, each reading the API its
resource goes through, with the arguments and id of the IBM provider's data_source_ibm_*.go."""

from __future__ import annotations

from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform import iam_more, user_management
from vpcmock_provider.resources.platform.api_backed import IAM, read_value
from vpcmock_provider.resources.platform.api_data_more import AccessPolicies


def _q(value) -> str:
    return quote(str(value), safe="")


def _get(client: Client, path: str, argument: str, kind: str, params: dict | None = None) -> dict:
    try:
        doc, _ = client.service(IAM, "GET", path, params=params)
    except ApiError as exc:
        if exc.status == 404:
            raise ApiError(404, "not_found", f"No {kind} found at {path}", argument) from None
        raise
    return doc


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


class DataSource:
    TYPE = ""

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration(self.TYPE, "data")
        self.fields = {f.name: f for f in self.DECLARATION.fields}

    def pick(self, doc: dict, names) -> dict:
        return {n: read_value(self.fields[n], doc.get(n)) if n in self.fields else doc.get(n) for n in names
                if doc.get(n) is not None}


class TrustedProfileIdentity(DataSource):
    TYPE = "ibm_iam_trusted_profile_identity"

    def read(self, client, config):
        profile, kind, identifier = config["profile_id"], config["identity_type"], config["identifier_id"]
        doc = _get(client, f"/v1/profiles/{_q(profile)}/identities/{_q(kind)}/{_q(identifier)}", "identifier_id",
                   "trusted profile identity")
        return {**config, "id": f"{profile}|{kind}|{identifier}",
                **self.pick(doc, ("iam_id", "identifier", "type", "accounts", "description"))}


class TrustedProfileIdentities(DataSource):
    TYPE = "ibm_iam_trusted_profile_identities"

    def read(self, client, config):
        doc = _get(client, f"/v1/profiles/{_q(config['profile_id'])}/identities", "profile_id", "trusted profile")
        return {"id": config["profile_id"], "profile_id": config["profile_id"], "entity_tag": doc.get("entity_tag"),
                "identities": [_clean({k: i.get(k) for k in ("iam_id", "identifier", "type", "accounts",
                                                             "description")}) for i in doc.get("identities") or []]}


class ExternalInteraction(DataSource):
    TYPE = "ibm_iam_account_settings_external_interaction"

    def read(self, client, config):
        doc = _get(client, f"/v1/accounts/{_q(config['account_id'])}/settings/access_management", "account_id",
                   "account settings")
        return {"id": config["account_id"], "account_id": config["account_id"],
                "accept_language": config.get("accept_language") or "default",
                "external_account_identity_interaction": iam_more.interaction_blocks(doc)}


_PREFERENCE = ("account_id", "iam_id", "service", "preference_id")


class IdentityPreference(DataSource):
    TYPE = "ibm_iam_identity_preference"

    def read(self, client, config):
        path = "/v1/preferences/accounts/{}/identities/{}/{}/{}".format(*(_q(config[k]) for k in _PREFERENCE))
        doc = _get(client, path, "preference_id", "identity preference")
        return {**{k: config[k] for k in _PREFERENCE}, "id": "/".join(config[k] for k in _PREFERENCE),
                **self.pick(doc, ("scope", "value_string", "value_list_of_strings"))}


class IdentityPreferences(DataSource):
    TYPE = "ibm_iam_identity_preferences"

    def read(self, client, config):
        doc = _get(client, f"/v1/preferences/accounts/{_q(config['account_id'])}/identities/{_q(config['iam_id'])}",
                   "iam_id", "identity")
        return {"id": f"{config['account_id']}/{config['iam_id']}", "account_id": config["account_id"],
                "iam_id": config["iam_id"],
                "preferences": [_clean({k: p.get(k) for k in ("service", "id", "account_id", "scope", "value_string",
                                                             "value_list_of_strings")})
                                for p in doc.get("preferences") or []]}


_IDP = ("account_id", "name", "type", "active", "entity_tag", "created_at", "modified_at")


def _idp_view(data: DataSource, doc: dict, fields) -> dict:
    view = {k: read_value(fields[k], doc.get(k)) for k in _IDP if k in fields and doc.get(k) is not None}
    view["share_scope"] = [{k: v for k, v in item.items() if k in ("id", "type")} for item in doc.get("share_scope")
                           or []]
    return view


class Idp(DataSource):
    TYPE = "ibm_iam_idp"

    def read(self, client, config):
        doc = _get(client, f"/v1/idps/{_q(config['idp_id'])}", "idp_id", "identity provider")
        return {"id": doc["idp_id"], "idp_id": doc["idp_id"], **_idp_view(self, doc, self.fields)}


class Idps(DataSource):
    TYPE = "ibm_iam_idps"

    def read(self, client, config):
        doc = _get(client, "/v1/idps", "account_id", "account", params={"account_id": config["account_id"]})
        item_fields = {f.name: f for f in self.fields["idps"].fields}
        return {"id": config["account_id"], "account_id": config["account_id"],
                "idps": [{"idp_id": d["idp_id"], **_idp_view(self, d, item_fields)} for d in doc.get("idps") or []]}


class IdpAccountSettings(DataSource):
    TYPE = "ibm_iam_idp_account_settings"

    def read(self, client, config):
        doc = _get(client, f"/v2/loginsettings/{_q(config['account_id'])}/idps", "account_id", "account",
                   params={"type": config["type"]})
        names = ("idp_id", "owner_account", "owner_account_name", "idp_name", "idp_type", "cloud_user_strategy",
                 "active", "ui_default")
        return {"id": f"{config['account_id']}/{config['type']}", "account_id": config["account_id"],
                "type": config["type"], "idps": [_clean({k: s.get(k) for k in names}) for s in doc.get("idps") or []]}


class AccessTag(DataSource):
    TYPE = "ibm_iam_access_tag"

    def read(self, client, config):
        if config["name"] not in iam_more.access_tags(client):
            raise ProviderError(f"Error while getting access tag {config['name']}: the account has no such access tag")
        return {"id": config["name"], "name": config["name"], "tag_type": "access"}


class AccountSettings(DataSource):
    """ibm_iam_account_settings: the caller's account's IAM Identity settings, read as the
    ibm_iam_account_settings resource reads them (iam_more.AccountSettings)."""
    TYPE = "ibm_iam_account_settings"

    def read(self, client, config):
        state = iam_more.AccountSettings()._read(client, client.account(), config) or {}
        names = set(self.fields)
        found = {k: v for k, v in state.items() if k in names and k not in ("include_history", "resolve_user_mfa")}
        return {**found, "include_history": bool(config.get("include_history")),
                "resolve_user_mfa": bool(config.get("resolve_user_mfa")), "id": state.get("id"),
                "account_id": state.get("id"), "allowed_ip_addresses": state.get("allowed_ip_addresses") or ""}


class Users(DataSource):
    """ibm_iam_users: the caller's account's users (User Management's listing)."""
    TYPE = "ibm_iam_users"

    def read(self, client, config):
        names = {"first_name": "firstname", "last_name": "lastname", "alt_phonenumber": "altphonenumber"}
        fields = [f.name for f in self.fields["users"].fields]
        return {"id": client.account(), "users": [_clean({k: u.get(names.get(k, k)) for k in fields})
                                                  for u in user_management.users(client)]}


class UserProfile(DataSource):
    """ibm_iam_user_profile: a user of the account by its email (`iam_id`, as the IBM provider
    names the argument), with its profile and allowed IP addresses."""
    TYPE = "ibm_iam_user_profile"

    def read(self, client, config):
        email = config["iam_id"]
        iam_id = user_management.iam_id_of(client, email)
        base = f"/v2/accounts/{_q(client.account())}/users/{_q(iam_id)}"
        profile, _ = client.service(user_management.USER_MANAGEMENT, "GET", base)
        settings, _ = client.service(user_management.USER_MANAGEMENT, "GET", f"{base}/settings")
        found = {k: profile.get(k) for k in ("user_id", "firstname", "lastname", "state", "email", "phonenumber",
                                             "altphonenumber", "account_id")}
        return {**_clean(found), "id": email, "iam_id": email, "ibm_id": profile.get("iam_id"),
                "allowed_ip_addresses": (settings.get("allowed_ip_addresses") or "").split(",")}


DATA_SOURCES = [AccountSettings(), Users(), UserProfile(), TrustedProfileIdentity(), TrustedProfileIdentities(),
                ExternalInteraction(), IdentityPreference(),
                IdentityPreferences(), Idp(), Idps(), IdpAccountSettings(), AccessTag(),
                AccessPolicies(user_management.UserPolicy(), "ibm_iam_user_policy")]
