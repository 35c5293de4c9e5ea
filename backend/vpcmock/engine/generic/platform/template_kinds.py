"""The IAM template APIs and what each says of itself, for engine/generic/platform/templates.py and
template_assignments.py: six kinds of template over three API tables, all versioned, committed
and assigned the same way.

    iam_identity           /v1/profile_templates          /v1/profile_assignments/
                           /v1/account_settings_templates /v1/account_settings_assignments/
    iam_access_groups      /v1/group_templates            /v1/group_assignments
    iam_policy_management  /v1/policy_templates           /v1/policy_assignments
                           /v1/role_templates             /v1/role_assignments
                           /v1/action_control_templates   /v1/action_control_assignments

Everything else (the operations of each kind, which path parameter is the version, the models
answered, the listing keys, whether a version is an integer or a string) is read from the API
table by `operations()`. What the table cannot say is here: the id formats (IBM's, as its
answers and the IBM provider's acceptance tests show them: `ProfileTemplate-<uuid>`,
`TemplateAssignment-<uuid>` in terraform-provider-ibm issue #6164's plan output; the others in
the same `<Kind>-<uuid>` style), the CRN kind, and what an assignment makes in its target
(`component`, its answer built by template_assignments.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from vpcmock import api_table

_PARAM = re.compile(r"{[\w-]+}")


@dataclass(frozen=True)
class Kind:
    service: str          # the API table
    path: str             # the templates' collection path
    singular: str         # `profile_template`: error codes, CRN kind, activity actions
    id_prefix: str        # `ProfileTemplate`: ids `ProfileTemplate-<uuid>`
    assignments: str      # the assignments' collection path
    assignment_prefix: str
    component: str        # what an assignment applies: profile, account_settings, group, policy, role, action_control

    @property
    def table(self) -> str:
        return f"templates/{self.service}/{self.singular}"

    @property
    def assignment_table(self) -> str:
        return f"templates/{self.service}/{self.singular}_assignment"

    @property
    def crn_service(self) -> str:
        return {"iam_identity": "iam-identity", "iam_access_groups": "iam-groups"}.get(self.service,
                                                                                       "iam-access-management")


KINDS: tuple[Kind, ...] = (
    Kind("iam_identity", "/v1/profile_templates", "profile_template", "ProfileTemplate",
         "/v1/profile_assignments/", "TemplateAssignment", "profile"),
    Kind("iam_identity", "/v1/account_settings_templates", "account_settings_template", "AccountSettingsTemplate",
         "/v1/account_settings_assignments/", "TemplateAssignment", "account_settings"),
    Kind("iam_access_groups", "/v1/group_templates", "group_template", "AccessGroupTemplateId",
         "/v1/group_assignments", "AccessGroupAssignment", "group"),
    Kind("iam_policy_management", "/v1/policy_templates", "policy_template", "policyTemplate",
         "/v1/policy_assignments", "policyAssignment", "policy"),
    Kind("iam_policy_management", "/v1/role_templates", "role_template", "roleTemplate",
         "/v1/role_assignments", "roleAssignment", "role"),
    Kind("iam_policy_management", "/v1/action_control_templates", "action_control_template",
         "actionControlTemplate", "/v1/action_control_assignments", "actionControlAssignment", "action_control"),
)

# Verbs of the template operations by the normalized path under the kind's path and the method.
_TEMPLATE_VERBS = {("", "GET"): "list", ("", "POST"): "create", ("/{}", "GET"): "latest",
                   ("/{}", "DELETE"): "delete_all", ("/{}/versions", "GET"): "versions",
                   ("/{}/versions", "POST"): "create_version", ("/{}/versions/{}", "GET"): "get",
                   ("/{}/versions/{}", "PUT"): "update", ("/{}/versions/{}", "DELETE"): "delete",
                   ("/{}/versions/{}/commit", "POST"): "commit"}
_ASSIGNMENT_VERBS = {("", "GET"): "list_assignments", ("", "POST"): "assign", ("/{}", "GET"): "get_assignment",
                     ("/{}", "PATCH"): "update_assignment", ("/{}", "DELETE"): "unassign"}


@functools.cache
def operations() -> dict[str, dict[str, tuple[Kind, str]]]:
    """service -> op id -> (kind, verb) for every template and assignment operation of the
    tables (a test checks that each of the tables' template operations is here)."""
    found: dict[str, dict[str, tuple[Kind, str]]] = {}
    for kind in KINDS:
        for op_id, op in api_table.operations(kind.service).items():
            path = _PARAM.sub("{}", op["path"]).rstrip("/")
            for base, verbs in ((kind.path.rstrip("/"), _TEMPLATE_VERBS), (kind.assignments.rstrip("/"),
                                                                           _ASSIGNMENT_VERBS)):
                if path == base or path.startswith(base + "/"):
                    verb = verbs.get((path[len(base):], op["method"]))
                    if verb:
                        found.setdefault(kind.service, {})[op_id] = (kind, verb)
    return found


def of_template_id(ident: str) -> Kind | None:
    """The kind a template id names by its prefix (a profile template's policy template
    references name policy templates)."""
    return next((k for k in KINDS if ident.startswith(k.id_prefix + "-")), None)


def by_singular(singular: str) -> Kind:
    return next(k for k in KINDS if k.singular == singular)
