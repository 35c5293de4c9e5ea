"""IAM templates and their versions, one mechanism for the six kinds of template_kinds.py (trusted
profile, account settings, access group, policy, role and action control templates).

A template is a document of table `templates/<service>/<kind>` holding its versions
(`_versions`: number -> record) and the number the next version gets (`_next`):

- create makes the template and its version 1; create_version adds the next number (numbers
  are never reused: a deleted version 2 leaves the next one 3, so an assignment's
  `template_version` never comes to mean other content);
- a read of the template is its latest version; listing templates lists each one's latest;
- a version is changed (PUT: its content replaced; `name` and `account_id` kept where the
  request leaves them out) until it is committed. `commit` makes it read-only: an update, or a
  second commit, gets 422 `template_committed`: IAM Identity answers an update of a committed
  version with 422 "Template in committed state." (terraform-provider-ibm issue #6164), and the
  mock answers the same for every kind and for a second commit, as the version is in that state;
- the policy management kinds take `committed: true` in a create (their SDKs' bodies carry it);
- deleting a version, or the template (every version), is refused (409 `template_in_use`) while
  an assignment applies it;
- each version has its ETag (`entity_tag` where the model carries one): an update carries it as
  If-Match (required, the SDKs say), a stale one is 412;
- a template names the policy templates it uses (`policy_template_references`): each must be a
  version the account has (404 `policy_template_not_found`), checked on create and update;
- a template's name is unique among the account's templates of its kind (409
  `template_name_conflict`), as IAM requires of templates in an enterprise account.

Answers are built from the API table's response model of the operation: the stored content
with what IAM computes (id, version as the model types it, committed, account, who and when,
CRN, href, ETag, state, counts), projected on the model (`answer`).
"""

from __future__ import annotations

import uuid

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import models, values
from vpcmock.engine.generic.platform.template_kinds import KINDS, Kind, of_template_id
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, conflict, field, parameter
from vpcmock.timeutil import rfc3339

# IBM documents per-account limits for policy templates; the mock reports its own in `counts`
# (PolicyTemplateLimitData) and enforces them: templates of a kind per account, versions of one.
TEMPLATE_LIMIT = 200
VERSION_LIMIT = 100


def committed_error(kind: Kind, ident: str, version: int) -> ApiError:
    return ApiError(422, "template_committed", f"Template in committed state: {kind.singular.replace('_', ' ')} "
                    f"{ident} version {version} is read-only; create a new version to change it",
                    parameter("version", str(version)))


def not_found(kind: Kind, ident: str) -> ApiError:
    return ApiError(404, f"{kind.singular}_not_found", f"{kind.singular.replace('_', ' ').capitalize()} not found: "
                    f"{ident}", parameter("template_id", ident))


def version_not_found(kind: Kind, ident: str, version) -> ApiError:
    return ApiError(404, f"{kind.singular}_version_not_found", f"{kind.singular.replace('_', ' ').capitalize()} "
                    f"{ident} has no version {version}", parameter("version", str(version)))


def version_number(kind: Kind, ident: str, raw: str) -> int:
    """A version path parameter: a positive integer (the SDKs send it as a string)."""
    if not str(raw).isdigit() or int(raw) < 1:
        raise ApiError(400, "invalid_version", f"version must be a positive integer, not {raw!r}",
                       parameter("version", raw))
    return int(raw)


def template(ctx: Ctx, kind: Kind, ident: str) -> dict:
    doc = ctx.owned(ctx.store.get(kind.table, ident))
    if doc is None:
        raise not_found(kind, ident)
    return doc


def latest(doc: dict) -> dict:
    return doc["_versions"][str(max(int(n) for n in doc["_versions"]))]


def version(kind: Kind, doc: dict, number: int) -> dict:
    found = doc["_versions"].get(str(number))
    if found is None:
        raise version_not_found(kind, doc["id"], number)
    return found


def listing(ctx: Ctx, kind: Kind) -> list[dict]:
    """The account's templates of `kind`, oldest first."""
    return list(ctx.partition(kind.table).values())


def who(ctx: Ctx) -> str:
    return (ctx.initiator or {}).get("id") or "iam-ServiceId-vpcmock"


def history_entry(ctx: Ctx, action: str, message: str) -> dict:
    return {"action": action, "iam_id": who(ctx), "iam_id_account": ctx.account, "message": message, "params": [],
            "timestamp": rfc3339(ctx.now)}


def _record(ctx: Ctx, kind: Kind, number: int, body: dict) -> dict:
    committed = bool(body.pop("committed", False))
    return {"version": number, "committed": committed, "body": body, "_etag": ids.new_etag(),
            "created_at": rfc3339(ctx.now), "created_by_id": who(ctx), "last_modified_at": rfc3339(ctx.now),
            "last_modified_by_id": who(ctx),
            "history": [history_entry(ctx, "create", f"version {number} created")]
            + ([history_entry(ctx, "commit", f"version {number} committed")] if committed else [])}


def _check_account(ctx: Ctx, body: dict) -> None:
    given = body.get("account_id")
    if given is not None and given != ctx.account:
        raise ApiError(403, "forbidden", "account_id: a template is made in the caller's own account, "
                       f"{ctx.account}, not {given}", field("account_id", given))


def check_references(ctx: Ctx, body: dict, path: str = "policy_template_references") -> None:
    """Each policy template reference names a version of a policy template of the account."""
    refs = body.get("policy_template_references") or []
    policy = next(k for k in KINDS if k.singular == "policy_template")
    for index, ref in enumerate(refs):
        ident, number = ref.get("id"), ref.get("version")
        if not ident or number is None:
            continue  # the access groups' PolicyTemplates makes both optional
        where = f"{path}[{index}]"
        doc = ctx.owned(ctx.store.get(policy.table, ident)) if of_template_id(ident) in (policy, None) else None
        if doc is None or str(number) not in doc["_versions"]:
            raise ApiError(404, "policy_template_not_found", f"{where}: no policy template {ident} version {number} "
                           "in this account", field(f"{where}.id", ident))


def _check_name(ctx: Ctx, kind: Kind, name, own: str | None = None) -> None:
    if not name:
        return
    for doc in listing(ctx, kind):
        if doc["id"] != own and latest(doc)["body"].get("name") == name:
            raise conflict("template_name_conflict", f"A {kind.singular.replace('_', ' ')} named {name!r} exists in "
                           f"this account: {doc['id']}", field("name", name))


def create(ctx: Ctx, kind: Kind, body: dict) -> tuple[dict, dict]:
    """A new template with its version 1: (template, version record)."""
    body = dict(body)
    _check_account(ctx, body)
    if not body.get("name"):  # IAM: "Required field when creating a new template"
        raise ApiError(400, "missing_field", "name: a new template needs a name", field("name"))
    _check_name(ctx, kind, body["name"])
    check_references(ctx, body)
    if len(listing(ctx, kind)) >= TEMPLATE_LIMIT:
        raise ApiError(400, "template_limit_reached", f"The account has {TEMPLATE_LIMIT} "
                       f"{kind.singular.replace('_', ' ')}s, the most it may have")
    body.setdefault("account_id", ctx.account)
    ident = f"{kind.id_prefix}-{uuid.uuid4()}"
    doc = ctx.stamp({"id": ident, "_next": 2, "_versions": {"1": _record(ctx, kind, 1, body)}})
    ctx.store.put(kind.table, doc)
    _log(ctx, kind, doc, "create")
    return doc, doc["_versions"]["1"]


def create_version(ctx: Ctx, kind: Kind, ident: str, body: dict) -> tuple[dict, dict]:
    doc = template(ctx, kind, ident)
    body = dict(body)
    _check_account(ctx, body)
    check_references(ctx, body)
    if len(doc["_versions"]) >= VERSION_LIMIT:
        raise ApiError(400, "version_limit_reached", f"{ident} has {VERSION_LIMIT} versions, the most a template "
                       "may have", parameter("template_id", ident))
    previous = latest(doc)["body"]
    for name in ("name", "account_id"):  # what identifies the template stays unless given anew
        if name in previous:
            body.setdefault(name, previous[name])
    _keep_role_name(body, previous)
    number = doc["_next"]
    record = _record(ctx, kind, number, body)
    doc = {**doc, "_next": number + 1, "_versions": {**doc["_versions"], str(number): record}}
    ctx.store.put(kind.table, doc)
    _log(ctx, kind, doc, "update")
    return doc, record


def update(ctx: Ctx, kind: Kind, ident: str, number: int, body: dict, if_match: str | None) -> tuple[dict, dict]:
    """Replace an uncommitted version's content (PUT)."""
    doc = template(ctx, kind, ident)
    record = version(kind, doc, number)
    check_etag(record, if_match)
    if record["committed"]:
        raise committed_error(kind, ident, number)
    body = dict(body)
    _check_account(ctx, body)
    check_references(ctx, body)
    if body.get("name") and body["name"] != record["body"].get("name"):
        _check_name(ctx, kind, body["name"], own=ident)
    for name in ("name", "account_id"):
        if name in record["body"]:
            body.setdefault(name, record["body"][name])
    _keep_role_name(body, record["body"])
    committed = bool(body.pop("committed", False))
    changed = {**record, "body": body, "_etag": ids.new_etag(), "last_modified_at": rfc3339(ctx.now),
               "last_modified_by_id": who(ctx),
               "history": record["history"] + [history_entry(ctx, "update", f"version {number} updated")]}
    if committed:
        changed = _committed(ctx, changed)
    doc = {**doc, "_versions": {**doc["_versions"], str(number): changed}}
    ctx.store.put(kind.table, doc)
    _log(ctx, kind, doc, "update")
    return doc, changed


def _keep_role_name(body: dict, previous: dict) -> None:
    """A role template's role keeps the name its first version gave it: a version's and a
    replacement's role (TemplateRole) carry none, as the role's name does not change."""
    if isinstance(body.get("role"), dict) and "name" not in body["role"] and \
            isinstance(previous.get("role"), dict) and previous["role"].get("name"):
        body["role"] = {**body["role"], "name": previous["role"]["name"]}


def _committed(ctx: Ctx, record: dict) -> dict:
    return {**record, "committed": True, "_etag": ids.new_etag(),
            "history": record["history"] + [history_entry(ctx, "commit", f"version {record['version']} committed")]}


def commit(ctx: Ctx, kind: Kind, ident: str, number: int, if_match: str | None) -> None:
    doc = template(ctx, kind, ident)
    record = version(kind, doc, number)
    check_etag(record, if_match)
    if record["committed"]:
        raise committed_error(kind, ident, number)
    doc = {**doc, "_versions": {**doc["_versions"], str(number): _committed(ctx, record)}}
    ctx.store.put(kind.table, doc)
    _log(ctx, kind, doc, "commit")


def check_etag(record: dict, if_match: str | None) -> None:
    """If-Match against the version's ETag (`*` matches any; absent: no condition, as the SDKs
    send it whenever they require it)."""
    if not if_match:
        return
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" not in tags and record["_etag"] not in tags and record["_etag"].removeprefix("W/") not in tags:
        raise ApiError(412, "if_match_mismatch", "If-Match does not match the version's ETag; read it again",
                       parameter("If-Match", if_match))


def delete_version(ctx: Ctx, kind: Kind, ident: str, number: int) -> None:
    from vpcmock.engine.generic.platform import template_assignments
    doc = template(ctx, kind, ident)
    version(kind, doc, number)
    template_assignments.refuse_if_assigned(ctx, kind, ident, number)
    remaining = {n: r for n, r in doc["_versions"].items() if n != str(number)}
    if remaining:
        ctx.store.put(kind.table, {**doc, "_versions": remaining})
        _log(ctx, kind, doc, "update")
    else:
        ctx.store.delete(kind.table, ident)
        _log(ctx, kind, doc, "delete")


def delete(ctx: Ctx, kind: Kind, ident: str) -> None:
    from vpcmock.engine.generic.platform import template_assignments
    doc = template(ctx, kind, ident)
    template_assignments.refuse_if_assigned(ctx, kind, ident, None)
    ctx.store.delete(kind.table, ident)
    _log(ctx, kind, doc, "delete")


def crn(ctx: Ctx, kind: Kind, ident: str) -> str:
    return f"crn:v1:bluemix:public:{kind.crn_service}::a/{ctx.account}::{kind.singular.replace('_', '-')}:{ident}"


def _log(ctx: Ctx, kind: Kind, doc: dict, action: str) -> None:
    activity.record(ctx, f"{kind.crn_service}.{kind.singular.replace('_', '-')}.{action}", crn(ctx, kind, doc["id"]),
                    target_name=latest(doc)["body"].get("name") if doc.get("_versions") else None)


# -- answers ------------------------------------------------------------------------------------

def answer(ctx: Ctx, kind: Kind, doc: dict, record: dict, model: str, href_base: str, *,
           history: bool = False) -> dict:
    """A version as `model` answers it."""
    props = models.properties(model)
    number = record["version"]
    computed = {"id": doc["id"], "committed": record["committed"],
                "version": number if (props.get("version") or {}).get("type") == "integer" else str(number),
                "created_at": record["created_at"], "created_by_id": record["created_by_id"],
                "last_modified_at": record["last_modified_at"], "last_modified_by_id": record["last_modified_by_id"],
                "entity_tag": record["_etag"], "crn": crn(ctx, kind, doc["id"]),
                "href": f"{href_base}{kind.path}/{doc['id']}/versions/{number}", "state": "active",
                "counts": {"template": {"current": len(listing(ctx, kind)), "limit": TEMPLATE_LIMIT},
                           "version": {"current": len(doc["_versions"]), "limit": VERSION_LIMIT}}}
    if history:
        computed["history"] = record["history"]
    content = dict(record["body"])
    if isinstance(content.get("profile"), dict) and content["profile"].get("identities"):
        content["profile"] = {**content["profile"], "identities": [
            {**i, "iam_id": iam_id_of(i)} for i in content["profile"]["identities"]]}
    return project({**content, **computed}, model)


# IAM ids by identity type, as IAM forms them: a user's is its IBMid, a service ID's `iam-` and its
# id, a CRN identity's `crn-` and the CRN (ProfileIdentityResponse.iam_id; the request has none).
_IAM_ID_PREFIX = {"user": "", "serviceid": "iam-", "crn": "crn-"}


def iam_id_of(identity: dict) -> str:
    identifier = identity.get("identifier") or ""
    prefix = _IAM_ID_PREFIX.get(identity.get("type") or "", "")
    return identifier if identifier.startswith(prefix) else prefix + identifier


def project(value, model: str | None):
    """`value` with only what `model` declares, at every depth, and each required property
    present (its zero when the content has none: an access group template made without a
    `group` answers one named as the template)."""
    if not isinstance(value, dict) or not model or not models.exists(model):
        return value
    props = models.properties(models.pick(model, value) or model) if models.variants(model) else \
        models.properties(model)
    out = {}
    for name, schema in props.items():
        if name in value and value[name] is not None:
            item = value[name]
            inner = schema.get("model") or (schema.get("items") or {}).get("model")
            if isinstance(item, list):
                out[name] = [project(i, inner) for i in item]
            else:
                out[name] = project(item, inner)
        elif schema.get("required"):
            out[name] = _filled(schema, value)
    return out


def _filled(schema: dict, around: dict):
    if schema.get("type") == "object" and schema.get("model"):
        return project({"name": around.get("name", "")}, schema["model"])
    return values.zero(schema)
