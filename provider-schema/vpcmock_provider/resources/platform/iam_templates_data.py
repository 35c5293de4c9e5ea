"""Data sources of IAM templates and assignments, read through the IAM APIs their resources go
through (iam_templates.py), with the arguments of the IBM provider's
data_source_ibm_iam_*template*.go and data_source_ibm_iam_*assignment*.go:

- a template version by its template's id (`template_id`, `policy_template_id`,
  `role_template_id`, `action_control_template_id`) and `version` (the latest where `version`
  is optional and not given), `include_history` asking for its history;
- an assignment by `assignment_id`;
- a template kind's assignments (`assignments`), of `template_id` and `template_version` when
  given (the listing's own query); the account's policy, role and action control templates
  (IBM's singular-named ibm_iam_policy_template, ... list them), an access group template's
  versions and the account's access group template assignments likewise.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform.api_backed import IAM, project
from vpcmock_provider.resources.platform.iam_templates import POLICY_API_VERSION, policy_from_api


def _api_view(doc: dict) -> dict:
    """An API answer as the Terraform attributes read it: a policy in IBM's Terraform shape."""
    view = dict(doc)
    if isinstance(view.get("policy"), dict):
        view["policy"] = policy_from_api(view["policy"])
    return view


def _blocks(fields, view: dict) -> dict:
    """An assignment's `target` and `template` objects as one-element blocks where the schema has
    blocks (`project` reads maps from objects, blocks from lists)."""
    for fld in fields:
        if fld.is_block and isinstance(view.get(fld.name), dict):
            view[fld.name] = [view[fld.name]]
    return view


class TemplateVersion:
    def __init__(self, type_name: str, path: str, template_arg: str):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.path, self.template_arg = path, template_arg

    def read(self, client: Client, config: dict) -> dict:
        template = str(config[self.template_arg]).split("/")[0]
        version = config.get("version")
        path = f"{self.path}/{template}/versions/{version}" if version else f"{self.path}/{template}"
        params = {"include_history": "true"} if config.get("include_history") else None
        try:
            doc, _ = client.service(IAM, "GET", path, params=params)
        except ApiError as exc:
            if exc.status == 404:
                raise ApiError(404, "not_found", f"No template {template!r} version {version or 'latest'} found",
                               self.template_arg) from None
            raise
        view = _blocks(self.DECLARATION.fields, _api_view(doc))
        out = project(self.DECLARATION.fields, view, config)
        out.update({self.template_arg: config[self.template_arg], "id": f"{doc['id']}/{doc['version']}"})
        if config.get("version") is not None:
            out["version"] = config["version"]
        return out


class AssignmentData:
    def __init__(self, type_name: str, path: str, query: dict | None = None):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.path, self.query = path.rstrip("/"), query or {}

    def read(self, client: Client, config: dict) -> dict:
        ident = str(config["assignment_id"])
        params = dict(self.query)
        if config.get("version"):
            params["version"] = config["version"]
        if config.get("include_history"):
            params["include_history"] = "true"
        try:
            doc, _ = client.service(IAM, "GET", f"{self.path}/{ident}", params=params or None)
        except ApiError as exc:
            if exc.status == 404:
                raise ApiError(404, "not_found", f"No assignment {ident!r} found", "assignment_id") from None
            raise
        view = _blocks(self.DECLARATION.fields, _api_view(doc))
        return {**project(self.DECLARATION.fields, view, config), "assignment_id": ident, "id": doc["id"]}


class Listing:
    """A listing of the API into the data source's list attribute: `arguments` sent as the
    listing's query (data source argument -> query parameter), every page (`next.start`,
    `next.href`'s offset), each item projected on the list's attributes; the listing's own
    computed attributes (`limit`, `offset`, `total_count`, `first`, `last`) from its first page."""

    def __init__(self, type_name: str, path: str, list_attr: str, query: dict | None = None,
                 arguments: tuple[str, ...] = ("template_id", "template_version"), account: bool = True):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.path, self.query, self.arguments, self.account = path, query or {}, arguments, account
        self.list_field = next(f for f in self.DECLARATION.fields if f.name == list_attr)

    def read(self, client: Client, config: dict) -> dict:
        from urllib.parse import parse_qsl, urlsplit
        params = {**self.query, **({"account_id": client.account()} if self.account else {})}
        if config.get("version"):
            params["version"] = config["version"]
        for name in self.arguments:
            if config.get(name) not in (None, ""):
                params[name] = str(config[name])
        path = self.path.format(**{k: str(v).split("/")[0] for k, v in config.items() if isinstance(v, str)})
        items, first, query = [], None, dict(params)
        for _ in range(1000):
            page, _ = client.service(IAM, "GET", path, params=query)
            first = first or page
            items += page.get(self.list_field.name) or []
            following = page.get("next") or {}
            start = following.get("start") if isinstance(following, dict) else None
            href = following.get("href") if isinstance(following, dict) else following
            if start:
                query = {**params, "start": start}
            elif href:
                query = {**params, **dict(parse_qsl(urlsplit(href).query))}
            else:
                break
        found = []
        for doc in items:
            item = project(self.list_field.fields, _blocks(self.list_field.fields, _api_view(doc)), {})
            if "id" in {f.name for f in self.list_field.fields} and doc.get("id"):
                item["id"] = doc["id"]
            found.append(item)
        given = {f.name: config[f.name] for f in self.DECLARATION.fields
                 if (f.optional or f.required) and config.get(f.name) not in (None, "")}
        own = {f.name: v for f in self.DECLARATION.fields if f.computed and f.name != self.list_field.name
               for v in [first.get(f.name) if first else None] if v is not None}
        page_view = project([f for f in self.DECLARATION.fields if f.name in own], {
            k: ([v] if isinstance(v, dict) else v) for k, v in own.items()}, {})
        ident = "/".join(str(v) for _, v in sorted(given.items())) or client.account()
        return {**page_view, **given, "id": ident, self.list_field.name: found}


_POLICY_QUERY = {"version": POLICY_API_VERSION}
DATA_SOURCES = [
    TemplateVersion("ibm_iam_trusted_profile_template", "/v1/profile_templates", "template_id"),
    TemplateVersion("ibm_iam_account_settings_template", "/v1/account_settings_templates", "template_id"),
    TemplateVersion("ibm_iam_policy_template_version", "/v1/policy_templates", "policy_template_id"),
    TemplateVersion("ibm_iam_role_template_version", "/v1/role_templates", "role_template_id"),
    TemplateVersion("ibm_iam_action_control_template_version", "/v1/action_control_templates",
                    "action_control_template_id"),
    AssignmentData("ibm_iam_trusted_profile_template_assignment", "/v1/profile_assignments"),
    AssignmentData("ibm_iam_account_settings_template_assignment", "/v1/account_settings_assignments"),
    AssignmentData("ibm_iam_policy_assignment", "/v1/policy_assignments", _POLICY_QUERY),
    AssignmentData("ibm_iam_role_assignment", "/v1/role_assignments"),
    AssignmentData("ibm_iam_action_control_assignment", "/v1/action_control_assignments"),
    Listing("ibm_iam_policy_assignments", "/v1/policy_assignments", "assignments", _POLICY_QUERY),
    Listing("ibm_iam_role_assignments", "/v1/role_assignments", "assignments"),
    Listing("ibm_iam_action_control_assignments", "/v1/action_control_assignments", "assignments"),
    # IBM's singular-named data sources that list the account's templates (DataSourceIBMPolicyTemplate ...)
    Listing("ibm_iam_policy_template", "/v1/policy_templates", "policy_templates", arguments=()),
    Listing("ibm_iam_role_template", "/v1/role_templates", "role_templates", arguments=()),
    Listing("ibm_iam_action_control_template", "/v1/action_control_templates", "action_control_templates",
            arguments=()),
    Listing("ibm_iam_access_group_template_assignment", "/v1/group_assignments", "assignments",
            arguments=("template_id", "template_version", "target", "status")),
    Listing("ibm_iam_access_group_template_versions", "/v1/group_templates/{template_id}/versions",
            "group_template_versions", arguments=(), account=False),
]
