"""IAM policies (IAM Policy Management, /v1/policies), authorization policies in particular:
the service-to-service authorizations that decide a backup policy's health.

An authorization from source `is`/`backup-policy` to target `is` volumes, snapshots, instances
or shares grants Backup for VPC the matching service (engine/platform/accounts.py). How an
account's grants are judged (the reference is silent; chosen and written here):

- an account that has never held such a policy is granted everything implicitly, so
  configurations written before authorizations were modelled keep working;
- once it creates one (or when the configuration marks the account `strict`), only what its
  policies grant counts: deleting them (`terraform destroy` of the ibm_iam_authorization_policy)
  degrades its backup policies at their next fire.
"""

from __future__ import annotations

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, echo, field
from vpcmock.timeutil import rfc3339
from vpcmock.engine.core.refs import without_private

TABLE = "iam_policies"
GLOBAL = "global"
MANAGED_META = "authorizations_managed"
# Target resource types of service `is`, and the authorization each grants Backup for VPC.
GRANTS = {"volume": "block_storage", "snapshot": "snapshots", "instance": "virtual_servers", "share": "file_storage"}
ROLE_NAMES = ("Reader", "Viewer", "Operator", "Editor", "Administrator", "Manager", "Writer",
              "Snapshot Remote Account Creator", "Snapshot Remote Account Operator")


def _attributes(entry: dict) -> dict[str, str]:
    return {a.get("name"): a.get("value") for a in entry.get("attributes") or [] if isinstance(a, dict)}


def _role(role: dict) -> dict:
    crn = role.get("role_id") if isinstance(role, dict) else None
    if not isinstance(crn, str) or not crn.startswith("crn:v1:bluemix:public:"):
        raise ApiError(400, "invalid_role", f"role_id {echo(crn)} is not a role CRN", field("roles.role_id", crn))
    shown = role.get("display_name")
    return {"role_id": crn, "display_name": shown if isinstance(shown, str) and shown else crn.rsplit(":", 1)[-1]}


def _check(body: dict) -> tuple[str, list[dict], list[dict], list[dict]]:
    kind = body.get("type")
    if kind not in ("authorization", "access"):
        raise ApiError(400, "invalid_type", "type must be authorization or access", field("type", kind))
    subjects, resources, roles = body.get("subjects"), body.get("resources"), body.get("roles")
    for name, value in (("subjects", subjects), ("resources", resources), ("roles", roles)):
        if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
            raise ApiError(400, "missing_field", f"{name} must list at least one object", field(name, value))
    # An authorization's source is a service (serviceName), or every service of a resource group
    # (resourceGroupId, a group's id or, with operator stringExists, any group); its target a
    # service or a resource type (resourceType, such as resource-group).
    source, target = _attributes(subjects[0]), _attributes(resources[0])
    if kind == "authorization" and not (source.get("serviceName") or source.get("resourceGroupId")):
        raise ApiError(400, "invalid_subject", "An authorization's subject names a serviceName or a "
                       "resourceGroupId", field("subjects", subjects))
    if kind == "authorization" and not (target.get("serviceName") or target.get("resourceType")):
        raise ApiError(400, "invalid_resource", "An authorization's resource names a serviceName or a "
                       "resourceType", field("resources", resources))
    return kind, subjects, resources, [_role(r) for r in roles]


def _same(doc: dict, kind: str, subjects: list, resources: list, roles: list) -> bool:
    return (doc["type"] == kind and [_attributes(s) for s in doc["subjects"]] == [_attributes(s) for s in subjects]
            and [_attributes(r) for r in doc["resources"]] == [_attributes(r) for r in resources]
            and sorted(r["role_id"] for r in doc["roles"]) == sorted(r["role_id"] for r in roles))


def _global(ctx: Ctx) -> Ctx:
    return ctx.at(ctx.account, GLOBAL)


def policies(ctx: Ctx, kind: str | None = None) -> list[dict]:
    return [d for d in _global(ctx).partition(TABLE).values() if kind is None or d["type"] == kind]


def create(ctx: Ctx, body: dict, creator: str) -> dict:
    kind, subjects, resources, roles = _check(body)
    if any(_same(d, kind, subjects, resources, roles) for d in policies(ctx)):
        raise ApiError(409, "policy_conflict_error", "Failed to create policy: an identical policy exists")
    now = rfc3339(ctx.now)
    ident = ids._uuid4()
    doc = _global(ctx).stamp({
        "id": ident, "type": kind, "subjects": subjects, "roles": roles, "resources": resources,
        "description": body.get("description") if isinstance(body.get("description"), str) else None,
        "href": f"/v1/policies/{ident}", "created_at": now, "created_by_id": creator,
        "last_modified_at": now, "last_modified_by_id": creator, "state": "active", "_etag": ids.new_etag(),
    })
    ctx.store.put(TABLE, doc)
    if kind == "authorization" and _grant_of(doc):
        managed = set(ctx.store.meta(MANAGED_META) or [])
        if ctx.account not in managed:
            ctx.store.set_meta(MANAGED_META, sorted(managed | {ctx.account}))
    return doc


def replace(ctx: Ctx, doc: dict, body: dict, modifier: str) -> dict:
    """Replaces a policy's document (IAM's `PUT /v1/policies/{id}`, the SDK's replace_policy, as
    the IBM provider updates an access policy's roles, resources or description). Its type stays
    what it was: IAM answers 400 for a change of type (the SDK's docs: the type cannot change)."""
    kind, subjects, resources, roles = _check(body)
    if kind != doc["type"]:
        raise ApiError(400, "invalid_type", f"A policy's type cannot change from {doc['type']} to {kind}",
                       field("type", kind))
    if any(d["id"] != doc["id"] and _same(d, kind, subjects, resources, roles) for d in policies(ctx)):
        raise ApiError(409, "policy_conflict_error", "Failed to update policy: an identical policy exists")
    return ctx.store.replace(TABLE, doc, subjects=subjects, resources=resources, roles=roles,
                             description=body.get("description") if isinstance(body.get("description"), str)
                             else None, last_modified_at=rfc3339(ctx.now), last_modified_by_id=modifier,
                             _etag=ids.new_etag())


def get(ctx: Ctx, ident: str) -> dict:
    doc = _global(ctx).owned(ctx.store.get(TABLE, ident))
    if doc is None:
        raise ApiError(404, "policy_not_found", f"Policy {echo(ident)} was not found", field("policy_id", ident))
    return doc


def delete(ctx: Ctx, ident: str) -> None:
    ctx.store.delete(TABLE, get(ctx, ident)["id"])


def _grant_of(doc: dict) -> str | None:
    """The Backup for VPC authorization a policy grants, if it is one."""
    source, target = _attributes(doc["subjects"][0]), _attributes(doc["resources"][0])
    if (source.get("serviceName"), source.get("resourceType")) != ("is", "backup-policy"):
        return None
    if target.get("serviceName") != "is":
        return None
    return GRANTS.get(target.get("resourceType"))


def granted(store, account: str) -> dict[str, bool] | None:
    """The services an account's authorization policies grant, or None while the account is
    implicitly granted everything (it never held one and is not strict)."""
    from vpcmock.engine.platform.accounts import SERVICES, is_strict

    if account not in set(store.meta(MANAGED_META) or []) and not is_strict(store, account):
        return None
    found = {service: False for service in SERVICES}
    for doc in store.partition(TABLE, account, GLOBAL).values():
        grant = doc["type"] == "authorization" and _grant_of(doc)
        if grant:
            found[grant] = True
    return found


def view(doc: dict) -> dict:
    return {key: value for key, value in without_private(doc).items() if value is not None}
