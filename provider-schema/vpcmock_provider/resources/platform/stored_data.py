"""Data sources of the IBM types kept as stored resources (see stored.py).

A singular data source (`data "ibm_is_vpc" { name = ... }`) finds the stored resource of the
same type whose attributes match every argument given (`identifier`, `id` or `<type>_id` match
its id), and reads its attributes under the data source's schema. A plural one
(`data "ibm_is_vpcs" {}`) lists them in its list attribute. A data source with no resource type
behind it (a catalogue such as images or profiles, which the mock does not hold yet) answers
the lookup it was given with plausible computed values, and plural ones list nothing.

A data source whose IBM read takes no argument reads the caller's account (AccountDataSource):
its settings, the session's tokens, or what the account holds of a type.
"""

from __future__ import annotations

import hashlib

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.fields import Declaration, Field
from vpcmock_provider.resources.mapping import all_pages, sdk_call
from vpcmock_provider.resources.platform.identity import api_id, plausible, terraform_id

PATH = "/stored_resources"
_ID_ARGUMENTS = ("identifier", "id")


def _fits(fld: Field, value) -> bool:
    if value is None:
        return True
    if fld.is_block:
        return isinstance(value, list) and all(isinstance(item, dict) for item in value)
    if fld.is_map:
        return isinstance(value, dict)
    if fld.is_collection:
        return isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value)
    return {"TypeString": str, "TypeBool": bool, "TypeInt": int, "TypeFloat": (int, float)}[fld.kind] == type(value) \
        or (fld.kind == "TypeFloat" and isinstance(value, (int, float)) and not isinstance(value, bool))


def _project(fields: tuple[Field, ...], values: dict) -> dict:
    """`values` under `fields`: what fits each attribute, recursively; the rest left out."""
    out = {}
    for fld in fields:
        value = values.get(fld.name)
        if value is None or not _fits(fld, value):
            continue
        out[fld.name] = [_project(fld.fields, item) for item in value] if fld.is_block else value
    return out


def all_records(client: Client, type_name: str) -> list[dict]:
    return all_pages(client, PATH, "stored_resources", {"type": type_name})


class StoredDataSource:
    def __init__(self, declaration: Declaration, resource_type: str | None, list_field: Field | None = None):
        self.DECLARATION = declaration
        self.resource_type = resource_type
        self.list_field = list_field

    def _arguments(self, config: dict) -> dict:
        return {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})}

    def _view(self, fields: tuple[Field, ...], record: dict) -> dict:
        attributes = record["attributes"]
        view = _project(fields, attributes)
        view["id"] = attributes.get("id") or terraform_id(record["type"], record, attributes)
        for fld in fields:
            if fld.name not in view and fld.computed:
                view[fld.name] = plausible(self.DECLARATION, record, fld)
        return view

    def read(self, client: Client, config: dict) -> dict:
        arguments = self._arguments(config)
        if self.list_field is not None:
            records = all_records(client, self.resource_type) if self.resource_type else []
            items = [self._view(self.list_field.fields, r) for r in records]
            return {**arguments, "id": hashlib.sha256(repr(sorted(arguments.items())).encode()).hexdigest()[:32],
                    self.list_field.name: items}
        if self.resource_type is None:
            return self._answer_for(arguments)
        records = [r for r in all_records(client, self.resource_type) if self._matches(r, arguments)]
        if not records:
            asked = ", ".join(f"{k} {v!r}" for k, v in sorted(arguments.items())) or "no arguments"
            raise ApiError(404, "not_found", f"No {self.resource_type} found with {asked}",
                           next(iter(sorted(arguments)), None))
        return {**self._view(self.DECLARATION.fields, records[0]), **arguments}

    def _matches(self, record: dict, arguments: dict) -> bool:
        attributes = record["attributes"]
        own_ids = {record["id"], attributes.get("id")}
        short = self.resource_type.split("_")[-1]
        for name, value in arguments.items():
            if name in _ID_ARGUMENTS or name == f"{short}_id":
                if value not in own_ids and api_id(str(value)) not in own_ids:
                    return False
            elif name in attributes and attributes[name] != value:
                return False
        return True

    def _answer_for(self, arguments: dict) -> dict:
        """No resource type behind this data source: the lookup answered as asked (documented)."""
        digest = hashlib.sha256(f"{self.DECLARATION.type_name}:{sorted(arguments.items())}".encode()).hexdigest()
        ident = f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"
        record = {"id": ident, "crn": f"crn:v1:bluemix:public:is:global:a/::{self.DECLARATION.type_name}:{ident}",
                  "href": f"/v1/{self.DECLARATION.type_name}/{ident}", "created_at": "2020-01-01T00:00:00Z",
                  "resource_group": {"id": None, "name": None}}
        view = {fld.name: plausible(self.DECLARATION, record, fld) for fld in self.DECLARATION.fields if fld.computed}
        return {**view, **arguments, "id": ident}


# The Go SDK operation whose failure an IBM data source reports when its GET by id fails, by
# API collection; and the argument naming the id where it is not `identifier` (ibm_is_share's `share`).
_GET_OPERATIONS = {"volumes": "GetVolume", "snapshots": "GetSnapshot", "shares": "GetShare", "instances": "GetInstance",
                   "backup_policies": "GetBackupPolicy", "vpcs": "GetVPC", "subnets": "GetSubnet",
                   "snapshot_consistency_groups": "GetSnapshotConsistencyGroup"}
_OWN_ID = {"shares": "share", "network_acls": "network_acl"}


class ApiDataSource:
    """A data source of a type emulated in depth that has no hand-written module: it finds the
    API resources (by `identifier`/id, or by the other arguments among the listed ones) and reads
    each as its resource does, under the data source's schema."""

    def __init__(self, declaration: Declaration, resource, list_path: str, key: str, list_field: Field | None = None):
        self.DECLARATION = declaration
        self.resource = resource
        self.list_path, self.key, self.list_field = list_path, key, list_field

    def _states(self, client: Client, arguments: dict) -> list[dict]:
        ident = next((arguments[name] for name in _ID_ARGUMENTS + (_OWN_ID.get(self.key, ""),) if name in arguments),
                     None)
        if ident is not None:
            # A miss by id fails as the IBM data source's GET fails ("GetShareWithContext failed: ...").
            sdk_call(client, _GET_OPERATIONS.get(self.key, "Get"), "GET", f"{self.list_path}/{ident}")
            state = self.resource.import_(client, str(ident))
            return [state] if state is not None else []
        params = {"name": arguments["name"]} if isinstance(arguments.get("name"), str) else {}
        states = [self.resource.read(client, {"id": item["id"]}) for item in all_pages(client, self.list_path,
                                                                                       self.key, params)]
        return [s for s in states if s is not None and all(
            s.get(name) == value for name, value in arguments.items() if name in s and not isinstance(value, list))]

    def read(self, client: Client, config: dict) -> dict:
        arguments = {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})}
        states = self._states(client, arguments if self.list_field is None else {})
        if self.list_field is not None:
            return {**arguments, "id": hashlib.sha256(repr(sorted(arguments.items())).encode()).hexdigest()[:32],
                    self.list_field.name: [{**_project(self.list_field.fields, s), "id": s["id"]} for s in states]}
        if not states:
            asked = ", ".join(f"{k} {v!r}" for k, v in sorted(arguments.items())) or "no arguments"
            raise ApiError(404, "not_found", f"No {self.DECLARATION.type_name.removeprefix('ibm_is_')} found with "
                           f"{asked}", next(iter(sorted(arguments)), None))
        return {**_project(self.DECLARATION.fields, states[0]), **arguments, "id": states[0]["id"]}


# What IAM Identity answers for the settings of an account that never changed them.
# Data sources named for one object whose IBM read lists the account's objects of the type into a
# list attribute (the arguments given filter it), and the attribute.
ACCOUNT_LISTS = {
    "ibm_iam_policy_template": "policy_templates",
    "ibm_iam_role_template": "role_templates", "ibm_iam_action_control_template": "action_control_templates",
    "ibm_iam_access_group_template_assignment": "assignments",
}
# ibm_iam_account_settings, ibm_iam_users and ibm_iam_user_profile read IAM Identity and User
# Management (iam_more_data.py).
ACCOUNT_DATA_SOURCES = frozenset({"ibm_iam_auth_token", *ACCOUNT_LISTS})


class AccountDataSource(StoredDataSource):
    """A data source whose IBM read takes no argument: it reads the caller's account (the account
    of the IAM token, where the IBM provider's BluemixUserDetails finds it), and the account id is
    its id. ibm_iam_auth_token answers the session's IAM tokens; the others (ACCOUNT_LISTS) list
    the account's objects of their type."""

    def __init__(self, declaration: Declaration, resource_type: str | None):
        name = ACCOUNT_LISTS.get(declaration.type_name)
        super().__init__(declaration, resource_type, next((f for f in declaration.fields if f.name == name), None))

    def read(self, client: Client, config: dict) -> dict:
        arguments = self._arguments(config)
        account = client.account() or self._answer_for({})["id"]  # a token not IAM's names none
        type_name = self.DECLARATION.type_name
        if type_name == "ibm_iam_auth_token":
            access, refresh = client.tokens()
            return {"id": account, "iam_access_token": f"Bearer {access}", "iam_refresh_token": refresh or "",
                    "uaa_access_token": "", "uaa_refresh_token": ""}
        records = all_records(client, self.resource_type) if self.resource_type else []
        found = [self._view(self.list_field.fields, r) for r in records if self._matches(r, arguments)]
        extra = {"limit": 50, "offset": 0, "total_count": len(found)} \
            if type_name == "ibm_iam_access_group_template_assignment" else {}
        return {**arguments, **extra, "id": account, self.list_field.name: found}

