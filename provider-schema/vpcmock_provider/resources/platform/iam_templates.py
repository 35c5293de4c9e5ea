"""IAM templates, their versions and their assignments through the IAM APIs (IAM Identity's
/v1/profile_templates and /v1/account_settings_templates, Access Groups' /v1/group_templates,
Policy Management's /v1/policy_templates, /v1/role_templates and /v1/action_control_templates,
and each one's assignments), as the IBM provider's resource_ibm_iam_*template*.go and
resource_ibm_iam_*assignment.go go through them:

- a template resource makes a template (or, where `template_id` is configured on a trusted
  profile or account settings template, the next version of that template); a version resource
  the next version of the template it names. Both are `<template id>/<version>`, the version as
  the API numbers it. `committed = true` commits the version: IAM Identity and Access Groups by
  their commit operation after the create or update (Access Groups with the version's ETag),
  Policy Management by `committed` in the body. An update replaces the version (PUT, with the
  ETag of a read just before); the API refuses it once committed (422), as IBM does. A template
  resource's delete removes the whole template (Policy Management, Access Groups) or its version
  (IAM Identity: DeleteProfileTemplateVersion); a version resource's its version.
- an assignment applies a template version to a target (`Account` or `AccountGroup`): the id
  is the assignment's (for Policy Management, the first of the collection its create answers);
  create and update wait until its status is `succeeded` (waitForAssignment: while `accepted` or
  `in_progress`), failing on `failed`. An update moves it to another version (PATCH
  `template_version` with its ETag); nothing else of an assignment changes in place.
- a policy template's `policy` block is IBM's Terraform shape, mapped to the API's
  TemplatePolicy: `roles` (role names) to `control.grant.roles` role CRNs (the platform roles
  `crn:v1:bluemix:public:iam::::role:<name>`, the others the service role of the policy's
  `serviceName`), `role_template_references` to `control.grant`'s, `rule_conditions` and
  `rule_operator` to `rule`, `resource` and `subject` to their attribute lists; read back the
  other way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.fields import MISSING
from vpcmock_provider.resources.platform.api_backed import IAM, PlatformResource, PlatformType, etag_of

POLICY_API_VERSION = "1.0"   # the `version` query every policy assignment call carries
WAIT_READS = 20              # an assignment's status moves on each read (template_assignments.py)
_PLATFORM_ROLES = ("Viewer", "Operator", "Editor", "Administrator")


@dataclass(frozen=True)
class Template:
    type_name: str
    path: str                       # `/v1/profile_templates`
    sends: tuple[str, ...]
    objects: frozenset[str] = frozenset()
    of: str | None = None           # a version resource: the attribute naming its template
    own_id: str | None = None       # the attribute holding the template id (`role_template_id`)
    commit_op: bool = True          # committed by the commit operation (else by the body)
    commit_etag: bool = False       # the commit carries the version's ETag (Access Groups)
    account_id: bool = True         # create sends the caller's account
    delete_all: bool = True         # delete removes the whole template (else its version)
    next_version_of: str | None = None  # an optional attribute naming a template to add a version to


class TemplateResource(PlatformResource):
    """A template or template version, `<template id>/<version>`."""

    def __init__(self, spec: Template):
        key = spec.path.rsplit("/", 1)[-1]
        super().__init__(PlatformType(spec.type_name, IAM, spec.path, key, sends=spec.sends, objects=spec.objects,
                                      if_match=True, update="PUT"))
        self.spec = spec
        self.parents = ()

    def split(self, ident: str) -> tuple[dict, str]:
        template, _, version = ident.rpartition("/")
        if not template or not version.isdigit():
            raise ApiError(400, "invalid_import_id", f"The id of {self.spec.type_name} is <template id>/<version>, "
                           f"got {ident!r}")
        return {"template": template}, version

    def item(self, parents: dict, own: str) -> str:
        return f"{self.spec.path}/{parents['template']}/versions/{own}"

    def ident(self, parents: dict, doc: dict) -> str:
        return f"{doc['id']}/{doc['version']}"

    def body(self, planned: dict, replacing: bool = False) -> dict:
        body = self.to_body(planned, self.spec.sends)
        if not self.spec.commit_op and planned.get("committed"):
            body["committed"] = True
        if isinstance(body.get("role"), dict) and (replacing or self.spec.of):
            # A version's role (TemplateRole) carries no name: the template's first version named it.
            body["role"].pop("name", None)
        return body

    def _commit(self, client: Client, template: str, version: str, planned: dict, prior: dict | None) -> None:
        if not self.spec.commit_op or not planned.get("committed") or (prior or {}).get("committed"):
            return
        etag = None
        if self.spec.commit_etag:
            _, headers = self.call(client, "GET", self.item({"template": template}, version))
            etag = etag_of(headers)
        self.call(client, "POST", f"{self.item({'template': template}, version)}/commit", if_match=etag)

    def create(self, client: Client, planned: dict) -> dict:
        body = self.body(planned)
        parent = planned.get(self.spec.of) if self.spec.of else planned.get(self.spec.next_version_of or "")
        if parent:
            doc, _ = self.call(client, "POST", f"{self.spec.path}/{str(parent).split('/')[0]}/versions", body)
        else:
            if self.spec.account_id:
                body["account_id"] = planned.get("account_id") or client.account()
            doc, _ = self.call(client, "POST", self.spec.path, body)
        self._commit(client, doc["id"], str(doc["version"]), planned, None)
        return self._read(client, {"template": doc["id"]}, str(doc["version"]), planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        parents, own = self.split(prior["id"])
        found = self.get(client, parents, own)
        if found is None:
            raise ApiError(404, "not_found", f"{self.spec.type_name} {prior['id']} no longer exists")
        doc, headers = found
        sent = self.spec.sends + (() if self.spec.commit_op else ("committed",))  # committed by the body
        changed = any(planned.get(name) != prior.get(name) for name in sent)
        if changed:
            body = self.body(planned, replacing=True)
            if not self.spec.commit_op and doc.get("committed"):
                body["committed"] = True
            self.call(client, "PUT", self.item(parents, own), body, if_match=etag_of(headers))
        self._commit(client, parents["template"], own, planned, prior)
        return self._read(client, parents, own, planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        parents, own = self.split(state["id"])
        path = f"{self.spec.path}/{parents['template']}" if self.spec.delete_all and not self.spec.of \
            else self.item(parents, own)
        try:
            self.call(client, "DELETE", path)
        except ApiError as exc:
            if exc.status != 404:
                raise

    def to_state(self, doc, headers, parents, prior, importing):
        state = super().to_state(_from_api(self.spec, doc), headers, parents, prior, importing)
        state.pop("template", None)  # the id's part, no attribute
        state["id"] = self.ident(parents, doc)
        if self.spec.own_id:
            state[self.spec.own_id] = doc["id"]
        if self.spec.of:
            state[self.spec.of] = prior.get(self.spec.of) if str(prior.get(self.spec.of) or "").split("/")[0] \
                == doc["id"] else doc["id"]
        if self.spec.next_version_of and prior.get(self.spec.next_version_of):
            state[self.spec.next_version_of] = prior[self.spec.next_version_of]
        return state

    def to_body(self, planned: dict, names: tuple[str, ...]) -> dict:
        body = super().to_body(planned, names)
        if "policy" in body:
            body["policy"] = policy_to_api(planned["policy"][0])
        for identity in (body.get("profile") or {}).get("identities") or []:
            identity.pop("iam_id", None)  # IAM forms it (the IBM provider sends none, reads it back)
        return body


# -- a policy template's `policy` block and the API's TemplatePolicy ------------------------------

def _attributes(items) -> list[dict]:
    return [{k: v for k, v in item.items() if v not in (None, "")} for item in items or [] if isinstance(item, dict)]


def _role_crn(name: str, policy: dict) -> str:
    if name.startswith("crn:"):
        return name
    if name in _PLATFORM_ROLES:
        return f"crn:v1:bluemix:public:iam::::role:{name}"
    service = next((a.get("value") for a in ((policy.get("resource") or [{}])[0] or {}).get("attributes") or []
                    if a.get("key") == "serviceName"), "iam")
    return f"crn:v1:bluemix:public:{service}::serviceRole:{name}"


def policy_to_api(block: dict) -> dict:
    out = {"type": block["type"]}
    for name in ("description", "pattern"):
        if block.get(name):
            out[name] = block[name]
    resource = (block.get("resource") or [None])[0]
    if resource:
        out["resource"] = {k: _attributes(resource.get(k)) for k in ("attributes", "tags") if resource.get(k)}
    subject = (block.get("subject") or [None])[0]
    if subject and subject.get("attributes"):
        out["subject"] = {"attributes": _attributes(subject["attributes"])}
    grant = {}
    if block.get("roles"):
        grant["roles"] = [{"role_id": _role_crn(name, block)} for name in block["roles"]]
    if block.get("role_template_references"):
        grant["role_template_references"] = _attributes(block["role_template_references"])
    if grant:
        out["control"] = {"grant": grant}
    conditions = _attributes(block.get("rule_conditions"))
    for condition in conditions:
        if condition.get("conditions"):
            condition["conditions"] = _attributes(condition["conditions"])
    if conditions:
        out["rule"] = {"operator": block.get("rule_operator") or "and", "conditions": conditions} \
            if len(conditions) > 1 or block.get("rule_operator") else conditions[0]
    return out


def policy_from_api(policy: dict) -> dict:
    grant = (policy.get("control") or {}).get("grant") or {}
    out = {"type": policy.get("type"), "description": policy.get("description"), "pattern": policy.get("pattern"),
           "resource": [policy["resource"]] if policy.get("resource") else None,
           "subject": [policy["subject"]] if policy.get("subject") else None,
           "roles": [r["role_id"].rsplit(":", 1)[-1] for r in grant.get("roles") or []] or None,
           "role_template_references": grant.get("role_template_references") or None}
    rule = policy.get("rule") or {}
    if rule.get("conditions"):
        out["rule_conditions"], out["rule_operator"] = rule["conditions"], rule.get("operator")
    elif rule:
        out["rule_conditions"] = [rule]
    return {k: v for k, v in out.items() if v is not None}


def _from_api(spec: Template, doc: dict) -> dict:
    if isinstance(doc.get("policy"), dict):
        return {**doc, "policy": policy_from_api(doc["policy"])}
    return doc


# -- assignments ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Assignment:
    type_name: str
    path: str
    flat: bool = True                  # template_id, template_version, target, target_type (else target, templates)
    target_block: bool = False         # `target` a block (ibm_iam_role_assignment) rather than a map
    query: dict = field(default_factory=dict)


class AssignmentResource:
    """An assignment of a template version, waited for until `succeeded`."""

    def __init__(self, spec: Assignment):
        self.spec = spec
        self.DECLARATION = ibm_schema.declaration(spec.type_name, "resource")
        self.reader = PlatformResource(PlatformType(spec.type_name, IAM, spec.path.rstrip("/"), "assignments"))

    def _call(self, client: Client, method: str, path: str, body=None, if_match=None):
        return client.service(IAM, method, path, body, params=self.spec.query or None, if_match=if_match)

    def _item(self, ident: str) -> str:
        return f"{self.spec.path.rstrip('/')}/{ident}"

    def _target(self, planned: dict) -> dict:
        target = planned["target"]
        return dict(target[0]) if isinstance(target, list) else dict(target)

    def _wait(self, client: Client, ident: str) -> tuple[dict, dict]:
        for _ in range(WAIT_READS):
            doc, headers = self._call(client, "GET", self._item(ident))
            if doc.get("status") == "succeeded":
                return doc, headers
            if doc.get("status") in ("failed", "failure"):
                raise ApiError(400, "assignment_failed", f"The assignment {ident} did not complete successfully "
                               "and has a 'failed' status")
        raise ApiError(504, "assignment_timeout", f"The assignment {ident} did not complete")

    def create(self, client: Client, planned: dict) -> dict:
        if self.spec.flat:
            body = {name: planned[name] for name in ("template_id", "template_version", "target", "target_type")}
            doc, _ = self._call(client, "POST", self.spec.path, body)
        else:
            template = planned["templates"][0]
            body = {"target": self._target(planned), "templates": [{"id": template["id"],
                                                                    "version": str(template["version"])}]}
            answer, _ = self._call(client, "POST", self.spec.path, body)
            doc = answer["assignments"][0]
        self._wait(client, doc["id"])
        return self._read(client, doc["id"], planned, False) or {}

    def _read(self, client: Client, ident: str, prior: dict, importing: bool) -> dict | None:
        try:
            doc, headers = self._call(client, "GET", self._item(ident))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return self.to_state(doc, headers, prior, importing)

    def to_state(self, doc: dict, headers: dict, prior: dict, importing: bool) -> dict:
        view = dict(doc)
        template = doc.get("template") or {}
        if not self.spec.flat:
            view["target"] = [doc["target"]] if self.spec.target_block else doc["target"]
            configured = (prior.get("templates") or [None])[0]
            version = configured["version"] if configured and configured.get("id") == template.get("id") \
                else template.get("version")
            view["templates"] = [{"id": template.get("id"), "version": version}]
            view["template_version"] = template.get("version")
        state = self.reader.to_state(view, headers, {}, prior, True)
        state["id"] = doc["id"]
        for name in ("version", "accept_language", "transaction_id"):  # sent, never answered
            if prior.get(name) is not None:
                state[name] = prior[name]
        if self.spec.query and "version" in {f.name for f in self.DECLARATION.fields}:
            state.setdefault("version", self.spec.query.get("version"))
        for fld in self.DECLARATION.fields:  # sent only (`accept_language`): its default on import
            if fld.default is not MISSING and state.get(fld.name) is None:
                state[fld.name] = fld.default
        return state

    def read(self, client: Client, state: dict) -> dict | None:
        return self._read(client, state["id"], state, False)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        fixed = ("template_id", "target", "target_type") if self.spec.flat else ("target",)
        for name in fixed:
            if planned.get(name) != prior.get(name):
                raise ApiError(400, "not_updatable", f"{name} of an assignment does not change in place; only its "
                               "template version does (replace the resource)", name)
        if self.spec.flat:
            version = planned.get("template_version")
        else:
            configured = (planned.get("templates") or [{}])[0]
            if configured.get("id") != ((prior.get("templates") or [{}])[0]).get("id"):
                raise ApiError(400, "not_updatable", "templates.id of an assignment does not change in place",
                               "templates")
            version = planned.get("template_version") if planned.get("template_version") not in (
                None, prior.get("template_version")) else configured.get("version")
        current, headers = self._call(client, "GET", self._item(prior["id"]))
        actual = current.get("template_version") or (current.get("template") or {}).get("version")
        if str(version) != str(actual):
            self._call(client, "PATCH", self._item(prior["id"]), {"template_version": version},
                       if_match=etag_of(headers))
            self._wait(client, prior["id"])
        return self._read(client, prior["id"], planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        try:
            self._call(client, "DELETE", self._item(state["id"]))
        except ApiError as exc:
            if exc.status != 404:
                raise

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._read(client, ident, {}, True)


# -- the types -----------------------------------------------------------------------------------

_PROFILE = ("name", "description", "profile", "policy_template_references")
_GROUP = ("name", "description", "group", "policy_template_references")
_GROUP_OBJECTS = frozenset({"group", "members", "assertions", "action_controls", "access"})
TEMPLATES = [
    Template("ibm_iam_trusted_profile_template", "/v1/profile_templates", _PROFILE, frozenset({"profile"}),
             delete_all=False, next_version_of="template_id"),
    Template("ibm_iam_account_settings_template", "/v1/account_settings_templates",
             ("name", "description", "account_settings"), frozenset({"account_settings", "restrict_user_domains"}),
             delete_all=False, next_version_of="template_id"),
    Template("ibm_iam_access_group_template", "/v1/group_templates", _GROUP, _GROUP_OBJECTS, own_id="template_id",
             commit_etag=True),
    Template("ibm_iam_access_group_template_version", "/v1/group_templates", _GROUP, _GROUP_OBJECTS,
             of="template_id", commit_etag=True),
    Template("ibm_iam_policy_template", "/v1/policy_templates", ("name", "description", "policy"),
             own_id="template_id", commit_op=False),
    Template("ibm_iam_policy_template_version", "/v1/policy_templates", ("name", "description", "policy"),
             of="template_id", commit_op=False),
    Template("ibm_iam_role_template", "/v1/role_templates", ("name", "description", "role"), frozenset({"role"}),
             own_id="role_template_id", commit_op=False),
    Template("ibm_iam_role_template_version", "/v1/role_templates", ("name", "description", "role"),
             frozenset({"role"}), of="role_template_id", commit_op=False),
    Template("ibm_iam_action_control_template", "/v1/action_control_templates",
             ("name", "description", "action_control"), frozenset({"action_control"}),
             own_id="action_control_template_id", commit_op=False),
    Template("ibm_iam_action_control_template_version", "/v1/action_control_templates",
             ("name", "description", "action_control"), frozenset({"action_control"}),
             of="action_control_template_id", commit_op=False),
]
ASSIGNMENTS = [
    Assignment("ibm_iam_trusted_profile_template_assignment", "/v1/profile_assignments/"),
    Assignment("ibm_iam_account_settings_template_assignment", "/v1/account_settings_assignments/"),
    Assignment("ibm_iam_access_group_template_assignment", "/v1/group_assignments"),
    Assignment("ibm_iam_policy_assignment", "/v1/policy_assignments", flat=False,
               query={"version": POLICY_API_VERSION}),
    Assignment("ibm_iam_role_assignment", "/v1/role_assignments", flat=False, target_block=True),
    Assignment("ibm_iam_action_control_assignment", "/v1/action_control_assignments", flat=False),
]

RESOURCES = [TemplateResource(t) for t in TEMPLATES] + [AssignmentResource(a) for a in ASSIGNMENTS]
