"""Backup policy jobs: read-only records of what the service did for a policy."""

from __future__ import annotations

from typing import Callable

from vpcmock.engine.context import Ctx
from vpcmock.errors import not_found


def jobs_of(ctx: Ctx, policy_id: str) -> dict[str, dict]:
    return ctx.store.indexed("jobs", "_policy_id", policy_id)


def get_job(ctx: Ctx, policy: dict, job_id: str) -> dict:
    job = ctx.store.get("jobs", job_id)
    if job is None or job["_policy_id"] != policy["id"]:
        raise not_found("backup_policy_job", job_id)
    return job


def job_filter(*, status=None, plan_id=None, source_id=None, snapshot_ids=None,
               snapshot_crns=None) -> Callable[[dict], bool] | None:
    tests = []
    if status is not None:
        tests.append(lambda j: j["status"] == status)
    if plan_id is not None:
        tests.append(lambda j: j["backup_policy_plan"]["id"] == plan_id)
    if source_id is not None:
        tests.append(lambda j: j["source"]["id"] == source_id)
    if snapshot_ids is not None:
        wanted_ids = set(snapshot_ids)
        tests.append(lambda j: any(t["id"] in wanted_ids for t in j["target_snapshots"]))
    if snapshot_crns is not None:
        wanted_crns = set(snapshot_crns)
        tests.append(lambda j: any(t.get("crn") in wanted_crns for t in j["target_snapshots"]))
    if not tests:
        return None
    return lambda job: all(test(job) for test in tests)
