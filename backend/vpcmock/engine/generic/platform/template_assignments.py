"""Assignments of IAM templates (template_kinds.py): a committed template version applied to a
target, an account (`Account`, its 32-hex-digit id) or an account group of the enterprise
(`AccountGroup`, `AccountGroup-<32 hex digits>`, as IAM names them: terraform-provider-ibm issue
#6164). Documents of table `templates/<service>/<kind>_assignment`.

- Only a committed version is assigned (409 `template_not_committed`); a target holds one
  assignment of a template (409 `assignment_exists`: update it to another version instead).
- `status` moves as IAM's does, asynchronously: a new or updated assignment is `accepted`; each
  read of it (GET, the way the SDKs and the IBM provider poll it) moves it one step, to
  `in_progress` and then `succeeded`. The mock's choice of "when" is the next reads, so a
  client that polls (the IBM provider's waitForAssignment, resource_ibm_iam_policy_assignment.go,
  waits while `accepted` or `in_progress`) sees each state once and nothing depends on time.
  Listings show the status without moving it.
- `resources` lists, once `succeeded`, what the assignment made in the target per component of
  the template (the trusted profile, the account settings, the access group, the policy, the
  custom role, the action control, and one policy per policy template reference), each with the
  id made; while in progress it is empty, as IAM answers ("IAM resources are only included ...
  providing the assignment is not in progress", the provider's schema description).
- An update (PATCH, If-Match the assignment's ETag) moves it to another committed version of
  the same template: `accepted` again, operation `update`, the resources made kept (updated in
  place). A delete removes it at once.
"""

from __future__ import annotations

import re
import uuid

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import models
from vpcmock.engine.generic.platform import templates
from vpcmock.engine.generic.platform.template_kinds import Kind
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, conflict, field, parameter
from vpcmock.timeutil import rfc3339

TARGETS = {"Account": re.compile(r"[0-9a-f]{32}"), "AccountGroup": re.compile(r"AccountGroup-[0-9a-f]{32}")}
STEPS = ("accepted", "in_progress", "succeeded")


def not_found(kind: Kind, ident: str) -> ApiError:
    return ApiError(404, "assignment_not_found", f"{kind.singular.replace('_', ' ').capitalize()} assignment not "
                    f"found: {ident}", parameter("assignment_id", ident))


def get(ctx: Ctx, kind: Kind, ident: str) -> dict:
    doc = ctx.owned(ctx.store.get(kind.assignment_table, ident))
    if doc is None:
        raise not_found(kind, ident)
    return doc


def listing(ctx: Ctx, kind: Kind) -> list[dict]:
    return list(ctx.partition(kind.assignment_table).values())


def refuse_if_assigned(ctx: Ctx, kind: Kind, template_id: str, version: int | None) -> None:
    """A template (or one version) an assignment applies is not deleted."""
    for doc in listing(ctx, kind):
        if doc["template_id"] == template_id and version in (None, doc["template_version"]):
            raise conflict("template_in_use", f"{kind.singular.replace('_', ' ').capitalize()} {template_id} "
                           f"version {doc['template_version']} is assigned to {doc['target']} by {doc['id']}; "
                           "remove the assignment first", parameter("template_id", template_id))


def _committed_version(ctx: Ctx, kind: Kind, template_id: str, version, where: str) -> tuple[dict, dict]:
    try:
        doc = templates.template(ctx, kind, template_id)
    except ApiError as exc:
        raise ApiError(404, exc.code, exc.message, field(f"{where}template_id", template_id)) from None
    number = templates.version_number(kind, template_id, str(version))
    record = templates.version(kind, doc, number)
    if not record["committed"]:
        raise conflict("template_not_committed", f"{kind.singular.replace('_', ' ').capitalize()} {template_id} "
                       f"version {number} is not committed; commit it before assigning it",
                       field(f"{where}template_version", str(version)))
    return doc, record


def _check_target(target: str, target_type: str, where: str) -> None:
    pattern = TARGETS.get(target_type)
    if pattern is None:
        raise ApiError(400, "invalid_field_value", f"{where}type: must be one of {', '.join(TARGETS)}, not "
                       f"{target_type!r}", field(f"{where}type", target_type))
    if not pattern.fullmatch(target):
        form = "a 32-hex-digit account id" if target_type == "Account" else "AccountGroup-<32 hex digits>"
        raise ApiError(400, "invalid_target", f"{where}: an {target_type} target is {form}, not {target!r}",
                       field(where.rstrip("._") or "target", target))


def assign(ctx: Ctx, kind: Kind, template_id: str, version, target: str, target_type: str, where: str = "") -> dict:
    """A new assignment of `template_id` at `version` to `target`; `where`: the request path
    prefix of the template's id (`templates[0].`)."""
    _check_target(target, target_type, "target_" if not where else "target.")
    doc, record = _committed_version(ctx, kind, template_id, version, where)
    for other in listing(ctx, kind):
        if other["template_id"] == template_id and other["target"] == target:
            raise conflict("assignment_exists", f"{template_id} is already assigned to {target} by {other['id']}; "
                           "update that assignment to change the version", field("target", target))
    now = rfc3339(ctx.now)
    who = templates.who(ctx)
    assignment = ctx.stamp({
        "id": f"{kind.assignment_prefix}-{uuid.uuid4()}", "template_id": template_id,
        "template_version": record["version"], "target": target, "target_type": target_type, "status": STEPS[0],
        "operation": "assign", "created_at": now, "created_by_id": who, "last_modified_at": now,
        "last_modified_by_id": who, "_etag": ids.new_etag(), "_made": _made(kind, record),
        "history": [templates.history_entry(ctx, "assign", f"version {record['version']} assigned to {target}")]})
    ctx.store.put(kind.assignment_table, assignment)
    _log(ctx, kind, assignment, "create")
    return assignment


def _made(kind: Kind, record: dict, before: dict | None = None) -> dict:
    """The ids of what the assignment makes in its target: the component's (kept across
    updates: the same profile, group or policy is brought to the new version) and one policy
    per policy template reference."""
    before = before or {}
    prefix = {"profile": "Profile-", "group": "AccessGroupId-"}.get(kind.component, "")
    made = {"component": before.get("component") or (prefix + str(uuid.uuid4())), "policies": {}}
    for ref in record["body"].get("policy_template_references") or []:
        key = ref.get("id") or ""
        made["policies"][key] = before.get("policies", {}).get(key) or str(uuid.uuid4())
    return made


def advance(ctx: Ctx, kind: Kind, doc: dict) -> dict:
    """One read of the assignment: its status moves one step toward `succeeded`."""
    if doc["status"] == STEPS[-1]:
        return doc
    doc = {**doc, "status": STEPS[STEPS.index(doc["status"]) + 1], "_etag": ids.new_etag()}
    ctx.store.put(kind.assignment_table, doc)
    return doc


def update(ctx: Ctx, kind: Kind, ident: str, version, if_match: str | None) -> dict:
    doc = get(ctx, kind, ident)
    templates.check_etag(doc, if_match)
    _, record = _committed_version(ctx, kind, doc["template_id"], version, "")
    doc = {**doc, "template_version": record["version"], "status": STEPS[0], "operation": "update",
           "last_modified_at": rfc3339(ctx.now), "last_modified_by_id": templates.who(ctx),
           "_etag": ids.new_etag(), "_made": _made(kind, record, doc.get("_made")),
           "history": doc["history"] + [templates.history_entry(ctx, "update", f"moved to version {record['version']}")]}
    ctx.store.put(kind.assignment_table, doc)
    _log(ctx, kind, doc, "update")
    return doc


def delete(ctx: Ctx, kind: Kind, ident: str) -> None:
    doc = get(ctx, kind, ident)
    ctx.store.delete(kind.assignment_table, ident)
    _log(ctx, kind, doc, "delete")


def _log(ctx: Ctx, kind: Kind, doc: dict, action: str) -> None:
    crn = f"crn:v1:bluemix:public:{kind.crn_service}::a/{ctx.account}::{kind.singular.replace('_', '-')}-assignment:" \
          f"{doc['id']}"
    activity.record(ctx, f"{kind.crn_service}.{kind.singular.replace('_', '-')}-assignment.{action}", crn)


# -- answers ------------------------------------------------------------------------------------

def answer(ctx: Ctx, kind: Kind, doc: dict, model: str, href_base: str, *, resources: bool = True,
           history: bool = False) -> dict:
    """An assignment as `model` answers it (a variant picked where the model has them: policy
    assignments answer the `PolicyAssignmentV1` one, the version the SDK asks for)."""
    leaf = next((v for v in models.leaves(model) if "template" in models.properties(v)), model) \
        if models.variants(model) else model
    props = models.properties(leaf)
    target_object = (props.get("target") or {}).get("type") == "object"
    version_integer = (props.get("template_version") or {}).get("type") == "integer"
    template_doc = ctx.owned(ctx.store.get(kind.table, doc["template_id"]))
    record = (template_doc or {}).get("_versions", {}).get(str(doc["template_version"])) or {"body": {}}
    target = {"id": doc["target"], "type": doc["target_type"]} if target_object else doc["target"]
    full = {**{k: v for k, v in doc.items() if not k.startswith("_")}, "account_id": ctx.account,
            "target": target, "entity_tag": doc["_etag"],
            "template_version": doc["template_version"] if version_integer else str(doc["template_version"]),
            "template": {"id": doc["template_id"], "version": str(doc["template_version"])},
            "href": f"{href_base}{kind.assignments.rstrip('/')}/{doc['id']}",
            "operation": _operation(props, doc["operation"]),
            "resources": _resources(kind, doc, record, target) if resources and doc["status"] == STEPS[-1] else []}
    if not history:
        full.pop("history", None)
    if "resources" in props and not resources and not (props["resources"].get("required")):
        full.pop("resources")
    return templates.project(full, leaf)


def _operation(props: dict, operation: str) -> str:
    """Access groups name a first assignment `assign`; policy management's role and action
    control assignments `create` (their models' enums)."""
    enum = (props.get("operation") or {}).get("enum") or ()
    if operation == "assign" and enum and "assign" not in enum:
        return "create"
    return operation


def _resources(kind: Kind, doc: dict, record: dict, target) -> list[dict]:
    made = doc.get("_made") or {"component": "", "policies": {}}
    version = str(doc["template_version"])
    done = {"status": "succeeded"}
    refs = [{"id": ref.get("id"), "version": str(ref.get("version")), "status": "succeeded",
             "resource_created": {"id": made["policies"].get(ref.get("id") or "", "")}}
            for ref in record["body"].get("policy_template_references") or []]
    component = made["component"]
    if kind.component == "profile":
        return [{"target": doc["target"], "profile": {"id": component, "version": version,
                                                     "resource_created": {"id": component}, **done},
                 "policy_template_references": refs}]
    if kind.component == "account_settings":
        return [{"target": doc["target"], "account_settings": {"id": doc["target"], "version": version,
                                                              "resource_created": {"id": doc["target"]}, **done}}]
    if kind.component == "group":
        group = record["body"].get("group") or {}
        entry = {"id": component, "name": group.get("name") or record["body"].get("name", ""), "version": version,
                 "resource": component, "operation": doc["operation"], "error": "", **done}
        return [{"target": doc["target"], "group": {"group": entry, "members": [], "rules": []},
                 "policy_template_references": [{"id": r["id"], "version": r["version"], "resource": r[
                     "resource_created"]["id"], "status": "succeeded", "error": ""} for r in refs]}]
    return [{"target": target, kind.component: {"resource_created": {"id": component}, **done}}]
