"""/backup_policies, their plans and jobs (API reference §2, rows 1 to 12)."""

from flask import request

from vpcmock.engine.backup import backup_policies as policies
from vpcmock.engine.backup import jobs
from vpcmock.engine.core.listing import paginate
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, query_choice, query_list, respond,
                                 respond_all, respond_page, transactional)
from vpcmock.engine.platform import resource_groups
from vpcmock.http.routes import api
from vpcmock.http.schemas import backup_policies as shapes
from vpcmock.http.schemas.base import load

POLICY = shapes.Policy()
PLAN = shapes.Plan()
JOB = shapes.Job()
POLICY_PROTOTYPE = shapes.PolicyPrototype()
POLICY_PATCH = shapes.PolicyPatch()
PLAN_PROTOTYPE = shapes.PlanPrototype()
PLAN_PATCH = shapes.PlanPatch()


def _has_array(patch: dict) -> bool:
    return any(isinstance(value, list) or (isinstance(value, dict) and _has_array(value)) for value in patch.values())


@api.get("/backup_policies")
@transactional
def list_policies():
    """List all backup policies."""
    c = ctx()
    name, tag, group = request.args.get("name"), request.args.get("tag"), request.args.get("resource_group.id")
    filters = []
    if name is not None:
        filters.append(lambda p: p["name"] == name)
    if tag is not None:
        filters.append(lambda p: tag in p["match_user_tags"])
    if group is not None:
        filters.append(lambda p: p["resource_group"]["id"] == group)
    match = (lambda p: all(f(p) for f in filters)) if filters else None
    page = paginate(c.partition("backup_policies"), match=match, **page_args())
    page.items = [policies.present_policy(c, p) for p in page.items]
    return respond_page(page, "backup_policies", POLICY)


@api.post("/backup_policies")
@transactional
def create_policy():
    """Create a backup policy."""
    c = ctx()
    proto = load(POLICY_PROTOTYPE, json_body())
    policy = policies.create_policy(c, proto, resource_groups=resource_groups.references(c))
    return respond(policies.present_policy(c, policy), POLICY, 201)


@api.get("/backup_policies/<policy_id>")
@transactional
def get_policy(policy_id):
    """Retrieve a backup policy."""
    c = ctx()
    return respond(policies.present_policy(c, policies.get_policy(c, policy_id)), POLICY)


@api.patch("/backup_policies/<policy_id>")
@transactional
def update_policy(policy_id):
    """Update a backup policy."""
    c = ctx()
    policy = policies.get_policy(c, policy_id)
    body = json_body()
    check_if_match(policy, required=_has_array(body))
    policy = policies.update_policy(c, policy, load(POLICY_PATCH, body))
    return respond(policies.present_policy(c, policy), POLICY)


@api.delete("/backup_policies/<policy_id>")
@transactional
def delete_policy(policy_id):
    """Delete a backup policy."""
    c = ctx()
    policy = policies.get_policy(c, policy_id)
    check_if_match(policy)
    view = policies.present_policy(c, policy)
    return respond({**view, **policies.delete_policy(c, policy), "plans": view["plans"]}, POLICY, 202)


@api.get("/backup_policies/<policy_id>/plans")
@transactional
def list_plans(policy_id):
    """List all plans for a backup policy."""
    c = ctx()
    policy = policies.get_policy(c, policy_id)
    name = request.args.get("name")
    plans = [p for p in policies.plans_of(c, policy["id"]).values() if name is None or p["name"] == name]
    return respond_all(plans, "plans", PLAN)


@api.post("/backup_policies/<policy_id>/plans")
@transactional
def create_plan(policy_id):
    """Create a plan for a backup policy."""
    c = ctx()
    policy = policies.get_policy(c, policy_id)
    plan = policies.create_plan(c, policy, load(PLAN_PROTOTYPE, json_body()))
    return respond(plan, PLAN, 201)


@api.get("/backup_policies/<policy_id>/plans/<plan_id>")
@transactional
def get_plan(policy_id, plan_id):
    """Retrieve a backup policy plan."""
    c = ctx()
    return respond(policies.get_plan(c, policies.get_policy(c, policy_id), plan_id), PLAN)


@api.patch("/backup_policies/<policy_id>/plans/<plan_id>")
@transactional
def update_plan(policy_id, plan_id):
    """Update a backup policy plan."""
    c = ctx()
    policy = policies.get_policy(c, policy_id)
    plan = policies.get_plan(c, policy, plan_id)
    body = json_body()
    check_if_match(plan, required=_has_array(body))
    return respond(policies.update_plan(c, policy, plan, load(PLAN_PATCH, body)), PLAN)


@api.delete("/backup_policies/<policy_id>/plans/<plan_id>")
@transactional
def delete_plan(policy_id, plan_id):
    """Delete a backup policy plan."""
    c = ctx()
    plan = policies.get_plan(c, policies.get_policy(c, policy_id), plan_id)
    check_if_match(plan)
    return respond(policies.delete_plan(c, plan), PLAN, 202)


@api.get("/backup_policies/<policy_id>/jobs")
@transactional
def list_jobs(policy_id):
    """List all jobs for a backup policy."""
    c = ctx()
    policy = policies.get_policy(c, policy_id)
    status = query_choice("status", shapes.JOB_STATUSES)
    sort = query_choice("sort", shapes.JOB_SORTS)
    match = jobs.job_filter(status=status, plan_id=request.args.get("backup_policy_plan.id"),
                            source_id=request.args.get("source.id"),
                            snapshot_ids=query_list("target_snapshots[].id"),
                            snapshot_crns=query_list("target_snapshots[].crn"))
    page = paginate(jobs.jobs_of(c, policy["id"]), match=match, sort=sort, **page_args())
    page.items = [jobs.present_job(c, job) for job in page.items]
    return respond_page(page, "jobs", JOB)


@api.get("/backup_policies/<policy_id>/jobs/<job_id>")
@transactional
def get_job(policy_id, job_id):
    """Retrieve a backup policy job."""
    c = ctx()
    return respond(jobs.present_job(c, jobs.get_job(c, policies.get_policy(c, policy_id), job_id)), JOB)
