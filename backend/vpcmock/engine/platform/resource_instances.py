"""Resource Controller instances of the catalogue's services (resource_catalogue.py), as IBM's
are: made of a known plan (`resource_plan_id`) deployed where `target` says, and named after
their service and location.

What a created instance answers (a real Cloud Object Storage instance's, the catalogue's
sources): `crn` and `id` `crn:v1:bluemix:public:<service>:<location>:a/<account>:<guid>::`
(`global` for a global service), `resource_id` the service's catalog id, `target_crn` the
deployment's catalog CRN, `region_id` the location, `type` `service_instance`, `url` and the
sub-collection URLs by guid, `plan_history` its plans. A key's CRN is its instance's followed by
`resource-key:<guid>`.

Refused, as Resource Controller refuses them (400; the codes are the mock's, RC's own are not
published): a plan id the catalogue does not hold, a target where the plan is not deployed (or a
deployment of another plan), and an update to a plan of another service.
"""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import resource_catalogue as catalogue
from vpcmock.errors import ApiError, field

INSTANCES = "v2.resource_instances"
KEYS = "v2.resource_keys"


def instance_crn(service: str, location: str, account: str, guid: str) -> str:
    return f"crn:v1:bluemix:public:{service}:{location}:a/{account}:{guid}::"


def known_plan(plan_id) -> catalogue.Plan:
    found = catalogue.plan(plan_id) if isinstance(plan_id, str) else None
    if found is None:
        raise ApiError(400, "invalid_resource_plan_id", f"resource_plan_id {plan_id!r} is not the id of a plan "
                       "in the catalog", field("resource_plan_id", plan_id))
    return found


def _location(plan: catalogue.Plan, target: str) -> str:
    named = catalogue.plan_of_target(target)
    if named is not None and named != plan.id:
        raise ApiError(400, "invalid_target", f"target {target!r} is a deployment of another plan than "
                       f"resource_plan_id {plan.id!r}", field("target", target))
    location = catalogue.location_of_target(target)
    if location not in plan.service.locations():
        raise ApiError(400, "invalid_target", f"target {target!r}: the plan {plan.name!r} of {plan.service.name} is "
                       f"deployed in {', '.join(plan.service.locations())}", field("target", target))
    return location


def before_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    plan = known_plan(proto.get("resource_plan_id"))
    location = _location(plan, proto.get("target") or "")
    guid = doc["guid"]
    crn = instance_crn(plan.service.name, location, ctx.account, guid)
    doc.update({"id": crn, "crn": crn, "resource_id": plan.service.id, "resource_plan_id": plan.id,
                "target_crn": catalogue.deployment_crn(plan.id, location), "region_id": location,
                "type": "service_instance", "url": f"/v2/resource_instances/{guid}",
                "resource_keys_url": f"/v2/resource_instances/{guid}/resource_keys",
                "resource_aliases_url": f"/v2/resource_instances/{guid}/resource_aliases",
                "resource_bindings_url": f"/v2/resource_instances/{guid}/resource_bindings",
                "plan_history": [{"resource_plan_id": plan.id, "start_date": doc.get("created_at")}]})
    group = proto.get("resource_group")
    if isinstance(group, str) and group:  # the account's group (checked by the reference check)
        doc["resource_group_crn"] = f"crn:v1:bluemix:public:resource-controller::a/{ctx.account}::resource-group:{group}"


def check_update(doc: dict, body: dict) -> None:
    """A plan change stays within the instance's service."""
    if "resource_plan_id" not in body or body["resource_plan_id"] is None:
        return
    plan = known_plan(body["resource_plan_id"])
    current = catalogue.plan(doc.get("resource_plan_id") or "")
    if current is not None and plan.service is not current.service:
        raise ApiError(400, "invalid_resource_plan_id", f"resource_plan_id {plan.id!r} is a plan of "
                       f"{plan.service.name}, the instance is of {current.service.name}",
                       field("resource_plan_id", plan.id))


def after_update(ctx: Ctx, c, before: dict, after: dict, patch: dict) -> None:
    """A new plan: the deployment it targets and the plan history follow."""
    new = patch.get("resource_plan_id")
    if not new or new == before.get("resource_plan_id"):
        return
    changed = {**after, "target_crn": catalogue.deployment_crn(new, after.get("region_id") or "global"),
               "plan_history": [*(after.get("plan_history") or []),
                                {"resource_plan_id": new, "start_date": after.get("updated_at")}]}
    ctx.store.put(c.table, changed)
    after.update(changed)


def key_before_create(ctx: Ctx, c, doc: dict, proto: dict, builder) -> None:
    """A key of an instance is named under its instance's CRN (`...:<instance guid>:resource-key:<guid>`)."""
    from vpcmock.engine.generic import collections
    source = proto.get("source")
    instances = collections.collection(INSTANCES)
    found = next((d for d in ctx.partition(instances.table).values()
                  if source in (d.get("id"), d.get("guid"), d.get("crn"))), None) if isinstance(source, str) else None
    if found is None or not found.get("crn", "").endswith("::"):
        return  # an alias's key, or a source the reference check refuses
    crn = f"{found['crn'][:-2]}:resource-key:{doc['guid']}"
    doc.update({"id": crn, "crn": crn, "resource_id": found.get("resource_id"),
                "url": f"/v2/resource_keys/{doc['guid']}",
                "resource_instance_url": f"/v2/resource_instances/{found.get('guid')}"})
