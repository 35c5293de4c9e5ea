"""/mock/faults: fault and latency injection rules (vpcmock/faults.py), and the hook that
applies them to every request outside /mock."""

from __future__ import annotations

import time

from flask import Blueprint, Response, g, request

from vpcmock.engine.backup import injected_failures
from vpcmock.engine.block_storage import copy_stalls
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, not_found
from vpcmock.faults import FIELDS
from vpcmock.http import auth
from vpcmock.http.common import json_body, refuse_unknown_fields, respond, runtime
from vpcmock.http.schemas import admin as shapes

bp = Blueprint("faults", __name__, url_prefix="/mock/faults")



@bp.get("")
def list_faults():
    """List all fault rules."""
    rules = [rule.describe() for rule in runtime().faults.all()]
    return respond({"faults": rules, "total_count": len(rules)}, shapes.FAULTS)


@bp.post("")
def add_fault():
    """Create a fault rule."""
    body = json_body()
    refuse_unknown_fields(body, FIELDS)
    rule = runtime().faults.add(body)
    return respond(rule.describe(), shapes.FAULT, 201)


@bp.delete("")
def clear_faults():
    """Delete every fault rule, job failure and copy stall."""
    rt = runtime()
    rt.faults.clear()
    with rt.store.transaction():
        injected_failures.clear(rt.store)
        copy_stalls.clear(_admin_ctx())
    return Response(status=204)


@bp.delete("/<rule_id>")
def delete_fault(rule_id):
    """Delete a fault rule."""
    if not runtime().faults.remove(rule_id):
        raise not_found("fault", rule_id)
    return Response(status=204)


@bp.get("/jobs")
def list_job_failures():
    """List the job failures to come."""
    rt = runtime()
    with rt.store.transaction():
        held = injected_failures.all(rt.store)
    return respond({"job_failures": held}, shapes.JOB_FAILURES)


@bp.post("/jobs")
def add_job_failures():
    """Fail the next backup jobs.

    ``{"plan_id": ..., "count": 2, "reason": "source_volume_unavailable"}``: the next `count`
    creation jobs of that plan (of any plan without plan_id) fail with that reason."""
    body = json_body()
    refuse_unknown_fields(body, ("plan_id", "count", "reason"))
    rt = runtime()
    with rt.store.transaction():
        added = injected_failures.add(rt.store, body.get("plan_id"), body.get("count", 1), body.get("reason"))
    return respond(added, shapes.JOB_FAILURE, 201)


@bp.get("/copies")
def list_copy_stalls():
    """List copy stalls and the copies they hold."""
    rt = runtime()
    with rt.store.transaction():
        return respond(copy_stalls.describe(rt.store), shapes.COPY_STALLS)


@bp.post("/copies")
def add_copy_stalls():
    """Stall the next cross-region copies.

    ``{"region": "us-east", "count": 1}``: the next `count` cross-region copies into that
    region (into any region without one) stay `pending` until released."""
    body = json_body()
    refuse_unknown_fields(body, ("region", "count"))
    rt = runtime()
    with rt.store.transaction():
        added = copy_stalls.add(rt.store, body.get("region"), body.get("count", 1))
    return respond(added, shapes.COPY_STALL_RULE, 201)


@bp.post("/copies/release")
def release_copies():
    """Release the stalled copies.

    Every stalled copy goes on; each completes its transfer time from now."""
    rt = runtime()
    with rt.store.transaction():
        released = copy_stalls.release(_admin_ctx())
    return respond({"released": released}, shapes.COPIES_RELEASED)


def _admin_ctx() -> Ctx:
    rt = runtime()
    return Ctx(rt.store, "", rt.settings.default_region, rt.clock.now(), rt.agenda)


def _account() -> str | None:
    try:
        return auth.authenticate(runtime().token_secret)[0]
    except ApiError:
        return None


def inject():
    """Before every request outside /mock: apply the first fault rule that fires."""
    rt = runtime()
    if not rt.faults or request.path.startswith("/mock"):
        return None
    region = g.get("region") or (rt.settings.default_region if request.path.startswith("/v1") else None)
    account = _account()
    rule = rt.faults.firing(request.method, request.path, region, account)
    if rule is None:
        return None
    error = rule.error()
    with rt.store.transaction():
        ctx = Ctx(rt.store, account or "", region or "", rt.clock.now(), rt.agenda)
        activity.record(ctx, activity.FAULT_ACTION, None, target_name=f"{request.method} {request.path} ({rule.id})",
                        outcome="failure" if error else "success",
                        reason=(error.code if error else "latency"))
    if rule.latency_ms:
        time.sleep(rule.latency_ms / 1000)
    if error is not None:
        raise error
    return None
