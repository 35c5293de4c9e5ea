"""Who may do what: accounts, API keys and their roles, an optional enterprise, and each
account's service-to-service authorizations for the Backup service.

The *directory* (keys, roles, enterprise) comes from the configuration file or the admin API
and is kept in the state (meta ``iam``), so it survives restarts and the engine can read it.
Its document shape, in both places::

    {"accounts": {"<account id>": {"api_keys": {"<key>": "Viewer", ...}}},   # or a list: Administrators
     "enterprise": {"id": "<enterprise id>", "account": "<account id>", "child_accounts": ["<id>", ...]}}

With no keys configured, any API key is an Administrator of the default account.

Roles (IBM platform/service roles as the VPC uses them): Viewer reads; Operator reads and
runs instance actions; Editor and Administrator also create, change and delete.
"""

from __future__ import annotations

import uuid

from vpcmock.config import DEFAULT_ACCOUNT, ConfigError

ROLES = ("Viewer", "Operator", "Editor", "Administrator")
WRITERS = frozenset({"Editor", "Administrator"})
OPERATORS = WRITERS | {"Operator"}

# Service-to-service authorizations Backup for VPC needs, by what a policy backs up.
SERVICES = ("block_storage", "snapshots", "virtual_servers", "file_storage")
NEEDED = {
    "volume": ("block_storage", "snapshots"),
    "instance": ("block_storage", "snapshots", "virtual_servers"),
    "share": ("file_storage",),
}
SERVICE_NAMES = {"block_storage": "Block Storage for VPC", "snapshots": "Snapshots for VPC",
                 "virtual_servers": "Virtual Server for VPC", "file_storage": "File Storage for VPC"}

IAM_META = "iam"
AUTHORIZATIONS_META = "authorizations"


def subject_of(api_key: str) -> str:
    """The IAM id a key's tokens carry (stable, and not the key itself)."""
    return f"iam-ServiceId-{uuid.uuid5(uuid.NAMESPACE_OID, api_key)}"


def parse_directory(document: dict) -> dict:
    """Validate a directory document; answers its stored form (keys by subject, enterprise)."""
    if not isinstance(document, dict):
        raise ConfigError("the IAM configuration must be a JSON object")
    keys: dict[str, dict] = {}
    strict: list[str] = []
    accounts = document.get("accounts") or {}
    if not isinstance(accounts, dict):
        raise ConfigError("accounts must map account ids to {\"api_keys\": ...}")
    for account, spec in accounts.items():
        if spec is not None and not isinstance(spec, dict):
            raise ConfigError(f"accounts.{account} must be an object with api_keys")
        given = (spec or {}).get("api_keys", {})
        if not isinstance((spec or {}).get("strict", False), bool):
            raise ConfigError(f"accounts.{account}.strict must be true or false")
        if (spec or {}).get("strict"):
            strict.append(account)
        if isinstance(given, list):
            if not all(isinstance(key, str) and key for key in given):
                raise ConfigError(f"accounts.{account}.api_keys must list keys as non-empty strings")
            given = {key: "Administrator" for key in given}
        if not isinstance(given, dict):
            raise ConfigError(f"accounts.{account}.api_keys must be a list of keys or a map of key to role")
        for key, role in given.items():
            if not key:
                raise ConfigError(f"accounts.{account}.api_keys: an API key cannot be empty")
            if role not in ROLES:
                raise ConfigError(f"accounts.{account}.api_keys.{key}: role {role!r} is not one of {', '.join(ROLES)}")
            if key in keys:
                raise ConfigError(f"API key {key!r} is given to two accounts; a key belongs to one account")
            keys[key] = {"account": account, "role": role}
    enterprise = document.get("enterprise")
    if enterprise is not None:
        if not isinstance(enterprise, dict):
            raise ConfigError("enterprise must be an object with id, account and child_accounts")
        missing = [f for f in ("id", "account", "child_accounts") if f not in enterprise]
        if missing:
            raise ConfigError(f"enterprise needs {', '.join(missing)}")
        children = enterprise["child_accounts"]
        if not all(isinstance(enterprise[f], str) and enterprise[f] for f in ("id", "account")):
            raise ConfigError("enterprise id and account must be non-empty strings")
        if not isinstance(children, list) or not all(isinstance(c, str) and c for c in children):
            raise ConfigError("enterprise child_accounts must be a list of account ids")
        if enterprise["account"] in children:
            raise ConfigError("the enterprise account cannot be its own child account")
        enterprise = {"id": enterprise["id"], "account": enterprise["account"],
                      "child_accounts": list(children),
                      "crn": f"crn:v1:bluemix:public:enterprise::a/{enterprise['account']}::enterprise:{enterprise['id']}"}
    return {"keys": keys, "subjects": {subject_of(k): v for k, v in keys.items()}, "enterprise": enterprise,
            "strict": sorted(strict)}


def directory_document(store) -> dict:
    """The directory in its document shape (as given to the config file or the admin API)."""
    directory = _directory(store)
    by_account: dict[str, dict] = {}
    for key, entry in directory["keys"].items():
        by_account.setdefault(entry["account"], {"api_keys": {}})["api_keys"][key] = entry["role"]
    for account in directory.get("strict", []):
        by_account.setdefault(account, {"api_keys": {}})["strict"] = True
    document = {"accounts": by_account}
    if directory["enterprise"]:
        document["enterprise"] = directory["enterprise"]
    return document


def _directory(store) -> dict:
    return store.meta(IAM_META) or {"keys": {}, "subjects": {}, "enterprise": None}


def account_for_key(store, api_key: str) -> str | None:
    """The account an API key belongs to, or None if keys are configured and this is not one."""
    keys = _directory(store)["keys"]
    if not keys:
        return DEFAULT_ACCOUNT
    entry = keys.get(api_key)
    return entry["account"] if entry else None


def role_of(store, subject: str, account: str) -> str | None:
    directory = _directory(store)
    if not directory["keys"]:
        return "Administrator"
    entry = directory["subjects"].get(subject)
    return entry["role"] if entry and entry["account"] == account else None


def enterprise(store) -> dict | None:
    return _directory(store)["enterprise"]


def child_accounts(store, account: str) -> list[str]:
    """The child accounts an enterprise account's enterprise-scoped policies act in."""
    found = enterprise(store)
    return list(found["child_accounts"]) if found and found["account"] == account else []


def is_strict(store, account: str) -> bool:
    """A `strict` account (configuration) holds only the authorizations its IAM policies grant."""
    return account in _directory(store).get("strict", [])


def authorizations(store, account: str) -> dict[str, bool]:
    """What Backup for VPC may use in `account`: what the admin API set, else what the account's
    IAM authorization policies grant (engine/platform/iam_policies.py), else everything."""
    from vpcmock.engine.platform.iam_policies import granted as granted_by_policies

    overrides = (store.meta(AUTHORIZATIONS_META) or {}).get(account, {})
    by_policies = granted_by_policies(store, account)
    return {service: overrides.get(service, True if by_policies is None else by_policies[service])
            for service in SERVICES}


def set_authorization(store, account: str, service: str, granted: bool) -> dict[str, bool]:
    if service not in SERVICES:
        raise KeyError(service)
    table = dict(store.meta(AUTHORIZATIONS_META) or {})
    table[account] = {**table.get(account, {}), service: granted}
    store.set_meta(AUTHORIZATIONS_META, table)
    return authorizations(store, account)


def missing_for(store, account: str, resource_type: str) -> list[str]:
    """The authorizations a policy of `resource_type` needs in `account` and lacks."""
    granted = authorizations(store, account)
    return [service for service in NEEDED[resource_type] if not granted[service]]
