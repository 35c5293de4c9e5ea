"""Backup policy jobs: the records of what the service did for a policy.

A `creation` job is opened for each source a plan fires on (``running``) and closes when its
backups are captured (``succeeded``) or, for a source that cannot be backed up, a few seconds
later with the reason (``failed``). A `deletion` job records each backup retention removes.
A closed job record disappears ``auto_delete_after`` days after it completes.

Storage: a job is stored without what its policy and plan give back (its href, the constant
`auto_delete` fields, the plan reference but for the plan's name); `present_job` rebuilds the
API view. Expiry is exact for every reader (a record past its `_expires_at` is neither listed
nor found), while removing the records is batched: one `sweep_jobs` event per policy and day
removes what has expired, instead of one clock event per record (a year of an hourly plan over
100 volumes made 1.6 million of them, most of the time of that simulation).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import region_ref
from vpcmock.errors import not_found
from vpcmock.timeutil import rfc3339

# The API documents `auto_delete` as always true; its examples show 30 and 90 days.
AUTO_DELETE_AFTER_DAYS = 30
AUTO_DELETE_AFTER = timedelta(days=AUTO_DELETE_AFTER_DAYS)
# How long a creation job that cannot run stays `running` before it reports `failed`.
FAILURE_REPORT_SECONDS = 5

DELETED = {"more_info": "https://cloud.ibm.com/apidocs/vpc#deleted-resources"}

STATUS_MESSAGES = {
    "source_volume_unavailable": "The source volume is not attached to a running virtual server instance",
    "snapshot_volume_limit": "The source volume has reached its maximum number of snapshots",
    "snapshot_share_limit": "The source share has reached its maximum number of snapshots",
    "source_volume_too_large": "The first backup of this volume profile cannot exceed 10 TB",
    "snapshot_source_unsupported": "Snapshots are not supported for shares with access_control_mode 'vpc'",
    "snapshot_pending": "The backup is still being captured and cannot be deleted yet",
    "internal_error": "The Backup service is not authorized to act on this source: its service-to-service "
                      "authorization policies are missing (see the policy's health_reasons)",
    "snapshot_encryption_key_invalid": "The backup is encrypted with a customer key and its remote region policy "
                                       "gives no encryption_key for the copy",
    # engine/backup/restrictions.py: reported as `internal_error` (REPORTED_AS)
    "context_based_restrictions_denied": "The Backup service's private call was denied by a context-based "
                                         "restrictions rule: a rule covering this source or its backups must "
                                         "allow the private endpoint type",
}
# Failures the mock records under a code of their own that the API reports as one of its codes
# (the job status reason's enum has none for context-based restrictions: the service's failures
# for want of access are `internal_error`).
REPORTED_AS = {"context_based_restrictions_denied": "internal_error"}


# How often a policy's expired job records are removed (they are hidden from the moment they expire).
SWEEP_INTERVAL = timedelta(days=1)


def jobs_of(ctx: Ctx, policy_id: str) -> dict[str, dict]:
    """A policy's job records in creation order, without those expired since the last sweep."""
    rows = ctx.store.indexed("jobs", "_policy_id", policy_id)
    expired = _expired(rows, ctx.now)
    if not expired:
        return rows
    return {ident: job for ident, job in rows.items() if ident not in expired}


def _expired(rows: dict[str, dict], now) -> set[str]:
    """The ids of expired records among `rows` (creation order). Only a job created more than
    auto_delete_after days ago can have expired, so the scan stops at the first younger one."""
    horizon = rfc3339(now - timedelta(days=AUTO_DELETE_AFTER_DAYS))
    instant = rfc3339(now)
    expired = set()
    for ident, job in rows.items():
        if job["created_at"] > horizon:
            break
        if _has_expired(job, instant):
            expired.add(ident)
    return expired


def _has_expired(job: dict, instant: str) -> bool:
    """Whether a job record is past its expiry at `instant` (RFC 3339); a running job never is."""
    return job.get("_expires_at", "~") <= instant


def get_job(ctx: Ctx, policy: dict, job_id: str) -> dict:
    job = ctx.store.get("jobs", job_id)
    if job is None or job["_policy_id"] != policy["id"] or _has_expired(job, rfc3339(ctx.now)):
        raise not_found("backup_policy_job", job_id)
    return job


def new_job_id(ctx: Ctx) -> str:
    """An id for a job about to be opened (its backups name it before it is stored)."""
    return ids.new_id(ctx.region)


def new_job_draw() -> int:
    """The draw of a job's id whose text may never be needed (a creation job whose record a
    sweep of the running clock move removes unstored): `job_id_text` makes it."""
    return ids.draw()


def job_id_text(ctx: Ctx, job_id: str | int | None) -> str:
    """A job's id: as given, made from its draw (`new_job_draw`), or new."""
    if type(job_id) is int:
        return ids.id_for(ctx.region, job_id)
    return job_id or new_job_id(ctx)


def open_job(ctx: Ctx, policy: dict, plan: dict, job_type: str, source: dict, source_type: str, *,
             targets: list[dict] = (), job_id: str | int | None = None, failure: str | None = None,
             done: bool = False, closed_at: datetime | None = None) -> dict:
    """A new `running` job of `plan` acting on `source` (a volume, instance or share, or its reference).

    A creation job with `targets` succeeds when the last of them is captured; one with a
    `failure` code reports it after FAILURE_REPORT_SECONDS. With `done` the job is stored
    already succeeded (a deletion, which completes in the instant it starts); with `closed_at`,
    succeeded at that later instant (its backup was settled ahead, engine/core/ahead.py), the
    record being what it is once opened and then closed. Answers the stored record, or None
    for a closed job whose record a sweep of the running clock move removes (_unstored).
    `job_id`: its id, the draw that makes it (new_job_draw), or None for a new one.
    """
    if (done or closed_at is not None) and failure is None:
        return _open_closed(ctx, policy, plan, job_type, source, source_type, targets, job_id, closed_at)
    job_id = job_id_text(ctx, job_id)
    job = ctx.stamp({**_record(ctx, policy, plan, job_type, source, source_type, targets, job_id, "running"),
                     "_pending": len(targets)})
    if failure is not None:
        job["_failure"] = failure
        job["_events"] = {"report_failure": rfc3339(ctx.now + timedelta(seconds=FAILURE_REPORT_SECONDS))}
    if done:
        return complete(ctx, job, "succeeded")
    if closed_at is not None:
        job["_seq"] = ctx.store.next_seq()  # where storing it open would have put it
        return complete(ctx.at(ctx.account, ctx.region, closed_at), job, "succeeded")
    job = ctx.store.put("jobs", job)
    ctx.agenda.track("jobs", job)
    return job


def _record(ctx: Ctx, policy: dict, plan: dict, job_type: str, source: dict, source_type: str,
            targets: list[dict], job_id: str, status: str) -> dict:
    """A job record's fields, in their stored order, as opened (running) or opened closed."""
    return {
        "id": job_id,
        "created_at": rfc3339(ctx.now),
        "job_type": job_type,
        "source": _source_fields(ctx, source),  # href: present_job
        "status": status,
        "status_reasons": [],
        "target_snapshots": [target_reference(t) for t in targets],
        "_policy_id": policy["id"],
        "_plan_id": plan["id"],
        "_plan_name": plan["name"],
        "_source_table": source_type + "s",
    }


def _source_fields(ctx: Ctx, source: dict) -> dict:
    """What a job record keeps of its source; in a clock run, made once for the very document
    (a run's own copy of a volume is one document all year, engine/core/context.Run.own)."""
    if ctx.run is None:
        return _fields_of_source(source)
    return ctx.run.remembered("job source", source, lambda: _fields_of_source(source))


def _fields_of_source(source: dict) -> dict:
    return {"crn": source["crn"], "id": source["id"], "name": source["name"]}


def _open_closed(ctx: Ctx, policy: dict, plan: dict, job_type: str, source: dict, source_type: str,
                 targets: list[dict], job_id: str | int | None, closed_at: datetime | None) -> dict | None:
    """open_job's `done` and `closed_at`: the succeeded record built and stored in one write,
    the very document (fields and their order) that storing it running and then completing it
    leaves, or None when a sweep of the running clock move removes it (_unstored). A `done`
    record is numbered when stored (after its other fields), a `closed_at` one where storing it
    open would have numbered it (before them). A new id is drawn for it (`job_id` None), its text
    made only for a record stored."""
    now = closed_at or ctx.now
    expiry = now + AUTO_DELETE_AFTER
    current = ctx.store.get("backup_policies", policy["id"])
    if _unstored(ctx, current, expiry):
        if job_id is None:
            ids.draw()  # the draw its id would have taken
        ctx.store.next_seq()  # numbered as storing it would have been
        _close_unstored(ctx, current, now, expiry)
        return None
    job = _record(ctx, policy, plan, job_type, source, source_type, targets, job_id_text(ctx, job_id), "succeeded")
    job["_account"], job["_region"] = ctx.account, ctx.region
    if closed_at is not None:
        job["_seq"] = ctx.store.next_seq()
    job["completed_at"] = rfc3339(now)
    job["_expires_at"] = _policy_closes(ctx, current, now, expiry) if current is not None else rfc3339(expiry)
    return ctx.store.put("jobs", job)


def target_reference(snapshot: dict) -> dict:
    ref = {"crn": snapshot["crn"], "href": snapshot["href"], "id": snapshot["id"], "name": snapshot["name"],
           "resource_type": snapshot["resource_type"]}
    if "_copy_of" in snapshot:
        ref["remote"] = {"region": region_ref(snapshot["_region"])}
    return ref


def add_targets(ctx: Ctx, job_id: str, targets: list[dict], failure: str | None) -> None:
    """A running creation job also waits for `targets` (a backup's copies); a `failure` (a copy
    that could not start) makes it end `failed` once the rest is done."""
    job = ctx.store.get("jobs", job_id)
    if job is None or job["status"] != "running" or not (targets or failure):
        return
    changes = {"target_snapshots": job["target_snapshots"] + [target_reference(t) for t in targets],
               "_pending": job.get("_pending", 1) + len(targets)}
    if failure is not None:
        changes["_target_failure"] = failure
    ctx.store.replace("jobs", job, **changes)


def on_report_failure(ctx: Ctx, job: dict) -> dict:
    return complete(ctx, job, "failed", job["_failure"])


def target_done(ctx: Ctx, job_id: str) -> None:
    """One of a creation job's backups is captured; the job succeeds with its last one."""
    job = ctx.store.get("jobs", job_id)
    if job is None or job["status"] != "running":
        return
    pending = job.get("_pending", 1) - 1
    if pending > 0:
        ctx.store.replace("jobs", job, _pending=pending)
    elif job.get("_target_failure"):
        complete(ctx, job, "failed", job["_target_failure"])
    else:
        complete(ctx, job, "succeeded")


def complete(ctx: Ctx, job: dict, status: str, code: str | None = None) -> dict:
    """Close a job now; the policy's `last_job_completed_at` moves; the record's expiry is set."""
    reasons = []
    if code is not None:
        reasons.append({"code": REPORTED_AS.get(code, code), "message": STATUS_MESSAGES.get(code, code),
                        "more_info": "https://cloud.ibm.com/docs/vpc?topic=vpc-backup-service-about"})
    expiry = ctx.now + AUTO_DELETE_AFTER
    policy = ctx.store.get("backup_policies", job["_policy_id"])
    if _unstored(ctx, policy, expiry):
        if "_seq" not in job:
            ctx.store.next_seq()  # numbered as storing it would have been
        elif ctx.store.get("jobs", job["id"]) is not None:
            ctx.store.delete("jobs", job["id"])  # its running record
        _close_unstored(ctx, policy, ctx.now, expiry)
        return job
    job = dict(job)
    job.pop("_pending", None)
    job.pop("_failure", None)
    job.pop("_target_failure", None)
    job.pop("_events", None)
    job.update(status=status, status_reasons=reasons, completed_at=rfc3339(ctx.now), _expires_at=rfc3339(expiry))
    job = ctx.store.put("jobs", job)
    if policy is not None:
        _closed(ctx, policy, job["completed_at"], expiry, job["_expires_at"])
    return job


def _unstored(ctx: Ctx, policy: dict | None, expiry: datetime) -> bool:
    """Whether a record closing now, to expire at `expiry`, need not be stored: in a clock move
    that a sweep of its policy removes it in, before anyone can read it. (Its policy sweeps by
    its expiry at the latest, see _closed, then daily while records remain: within a day of it.)"""
    run = ctx.run
    return run is not None and policy is not None and expiry + SWEEP_INTERVAL <= run.until


# (policy document, closed at, expiry, expiry's text) of the latest two _policy_closes: a fire
# closes its creation jobs at their captures' end and its deletion jobs at once, in turn.
_last_closes: list = [None, None]


def _close_unstored(ctx: Ctx, policy: dict, now: datetime, expiry: datetime) -> None:
    """A record closed at `now` and never stored: the sweep that would have removed it counts it
    (on_sweep)."""
    ctx.run.closing[(policy["id"], _policy_closes(ctx, policy, now, expiry))] += 1


def _policy_closes(ctx: Ctx, policy: dict, now: datetime, expiry: datetime) -> str:
    """`_closed` for a job of `policy` closing at `now` to expire at `expiry`; answers the
    expiry's text. The jobs of one fire close at a few instants: after the first at an instant,
    the policy's document (as that left it: documents are never changed in place) already says
    all `_closed` would, which is only worked out again for another document or instant."""
    for last in _last_closes:
        if last is not None and last[0] is policy and last[1] == now and last[2] == expiry:
            return last[3]
    expires_at = rfc3339(expiry)
    _closed(ctx, policy, rfc3339(now), expiry, expires_at)
    _last_closes[1] = _last_closes[0]
    _last_closes[0] = (ctx.store.get("backup_policies", policy["id"]), now, expiry, expires_at)
    return expires_at


def _closed(ctx: Ctx, policy: dict, completed_at: str, expiry: datetime, expires_at: str) -> None:
    """What a job closing at `completed_at` changes on its policy: the latest completion, and a
    sweep of its job records by the earliest expiry (`expiry`, written `expires_at`). Step by
    step, completions come in time order and these are simply the newest and the first; a job
    closed ahead of the clock (open_job's `closed_at`) may come before a job that completes
    earlier."""
    if (policy.get("last_job_completed_at") or "") < completed_at:
        policy = ctx.store.replace("backup_policies", policy, last_job_completed_at=completed_at)
    sweep = (policy.get("_events") or {}).get("sweep_jobs")
    if sweep is None or sweep > expires_at:
        ctx.agenda.schedule(ctx.store, "backup_policies", policy, "sweep_jobs", expiry)


def on_sweep(ctx: Ctx, policy: dict) -> int:
    """Remove the policy's expired job records; sweep again in a day while records remain.
    Answers how many were removed (the clock reports each as a `job_record_expired`)."""
    rows = ctx.store.indexed("jobs", "_policy_id", policy["id"])
    expired = _expired(rows, ctx.now)
    for ident in expired:
        ctx.store.delete("jobs", ident)
    removed = len(expired)
    run = ctx.run
    if run is not None:  # records complete() left unstored for this run's sweeps
        removed += run.sweep_unstored(policy["id"], rfc3339(ctx.now))
    remaining = bool(ctx.store.indexed("jobs", "_policy_id", policy["id"])) or (
        run is not None and run.unstored_left(policy["id"]))
    ctx.agenda.schedule(ctx.store, "backup_policies", policy, "sweep_jobs",
                        ctx.now + SWEEP_INTERVAL if remaining else None)
    return removed


def on_expire(ctx: Ctx, job: dict) -> None:
    """A record's own expiry event (states written before sweeps were batched carry them)."""
    ctx.store.delete("jobs", job["id"])


def plan_reference(job: dict) -> dict:
    return {"href": f"/{job['_region']}/v1/backup_policies/{job['_policy_id']}/plans/{job['_plan_id']}",
            "id": job["_plan_id"], "name": job["_plan_name"], "resource_type": "backup_policy_plan"}


def source_reference(job: dict) -> dict:
    """A volume, instance or share: each a top-level collection of the job's region."""
    source = job["source"]
    ref = {"crn": source["crn"], "href": f"/{job['_region']}/v1/{job['_source_table']}/{source['id']}",
           "id": source["id"], "name": source["name"]}
    if job["_source_table"] != "instances":
        ref["resource_type"] = job["_source_table"][:-1]
    return ref


def present_job(ctx: Ctx, job: dict) -> dict:
    """The API view: what storage leaves out rebuilt, and references to what has since been
    deleted marked `deleted` (a plan that still exists shows its current name)."""
    compact = "_plan_name" in job  # records stored before they were kept compact hold the whole view
    view = dict(job)
    if compact:
        view = {"id": job["id"],
                "href": f"/{job['_region']}/v1/backup_policies/{job['_policy_id']}/jobs/{job['id']}",
                "auto_delete": True, "auto_delete_after": AUTO_DELETE_AFTER_DAYS, "resource_type": "backup_policy_job",
                **job, "backup_policy_plan": plan_reference(job), "source": source_reference(job)}
    plan = ctx.store.get("plans", job["_plan_id"])
    if plan is None:
        view["backup_policy_plan"] = {**view["backup_policy_plan"], "deleted": DELETED}
    elif compact:
        view["backup_policy_plan"]["name"] = plan["name"]
    if ctx.store.get(job["_source_table"], job["source"]["id"]) is None:
        view["source"] = {**view["source"], "deleted": DELETED}
    targets = []
    for target in job["target_snapshots"]:
        table = "share_snapshots" if target["resource_type"] == "share_snapshot" else "snapshots"
        targets.append(target if ctx.store.get(table, target["id"]) is not None else {**target, "deleted": DELETED})
    view["target_snapshots"] = targets
    return view


def job_filter(*, status=None, plan_id=None, source_id=None, snapshot_ids=None,
               snapshot_crns=None) -> Callable[[dict], bool] | None:
    tests = []
    if status is not None:
        tests.append(lambda j: j["status"] == status)
    if plan_id is not None:
        tests.append(lambda j: j["_plan_id"] == plan_id)
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
