"""API shapes to HCL state shapes, shared by the backup resources and data sources."""

from __future__ import annotations

from datetime import datetime, timezone

from vpcmock_provider.client import ApiError, Client


def get_or_none(client: Client, path: str) -> tuple[dict, str] | None:
    """(resource, ETag) of a GET, or None when the API answers 404 (deleted outside Terraform)."""
    try:
        body, headers = client.call("GET", path)
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise
    return body, headers.get("ETag") or headers.get("Etag")


def document_or_none(client: Client, path: str) -> dict | None:
    """The resource a GET answers, or None when the API answers 404."""
    got = get_or_none(client, path)
    return got[0] if got is not None else None


def sdk_call(client: Client, operation: str, method: str, path: str, *args, **kwargs):
    """`client.call`, an error of which reads as the IBM provider reports a failed call of the Go
    SDK: `<operation>WithContext failed: <the API's message>` (GetImage, GetShare, ...)."""
    try:
        return client.call(method, path, *args, **kwargs)
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"{operation}WithContext failed: {exc.message}", exc.target) from None


_TIMES = ("created_at", "captured_at", "completed_at", "started_at", "last_sync_at", "updated_at")


def api_view(fields, doc: dict) -> dict:
    """An API document under a data source's schema, as IBM's generated data sources map one:
    a nested object (or list of them) as a block of its fields; a reference where the schema has
    a string as its id (`resource_group`), CRN (`encryption_key`, `*_crn`) or name (`profile`,
    `zone`); timestamps in IBM's format. What does not fit is left out."""
    out = {}
    for fld in fields:
        value = doc.get(fld.name)
        if value is None:
            continue
        if fld.is_block:
            items = value if isinstance(value, list) else [value]
            if all(isinstance(item, dict) for item in items):
                out[fld.name] = [api_view(fld.fields, item) for item in items]
        elif fld.is_map or fld.is_collection:
            if isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value):
                out[fld.name] = value
            elif isinstance(value, dict) and fld.is_map:
                out[fld.name] = value
        elif isinstance(value, dict):
            key = "crn" if fld.name == "encryption_key" or fld.name.endswith("crn") else \
                "id" if fld.name in ("resource_group", "vpc", "subnet") or fld.name.endswith("_id") else "name"
            if isinstance(value.get(key), str):
                out[fld.name] = value[key]
        elif fld.kind == "TypeString" and isinstance(value, str):
            out[fld.name] = go_time(value) if fld.name in _TIMES else value
        elif fld.kind == "TypeInt" and isinstance(value, int) and not isinstance(value, bool):
            out[fld.name] = value
        elif fld.kind == "TypeBool" and isinstance(value, bool):
            out[fld.name] = value
        elif fld.kind == "TypeFloat" and isinstance(value, (int, float)) and not isinstance(value, bool):
            out[fld.name] = value
    return out


def go_time(value: str | None) -> str | None:
    """A timestamp as the IBM provider writes it in state: Go's strfmt.DateTime String()
    (flex.DateTimeToString), RFC 3339 in UTC with milliseconds (`2026-11-25T23:26:44.000Z`),
    where the API answers `2026-11-25T23:26:44Z`."""
    if not value:
        return value
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def resource_fields(doc: dict, console_path: str) -> dict:
    """The attributes the IBM provider sets on every VPC resource it reads (flex.ResourceName
    and the others): the resource's own CRN, name, status and group again, and its page in the
    IBM Cloud console (`<controller>/vpc-ext/<console_path>`, the public controller)."""
    group = doc.get("resource_group") or {}
    return {"crn": doc.get("crn"), "resource_crn": doc.get("crn"), "resource_name": doc["name"],
            "resource_status": doc.get("status"), "status": doc.get("status"), "resource_group": group.get("id"),
            "resource_group_name": group.get("name"),
            "resource_controller_url": f"https://cloud.ibm.com/vpc-ext/{console_path}"}


def reasons(items: list[dict] | None, *, complete_only: bool = False) -> list[dict]:
    """Reasons (`status_reasons`, `health_reasons`, `lifecycle_reasons`, ...) as the API gives
    them; with `complete_only`, only those with a code and a message, as the instance read
    keeps them."""
    return [{"code": r.get("code"), "message": r.get("message"), "more_info": r.get("more_info")}
            for r in items or [] if not complete_only or (r.get("code") is not None and r.get("message") is not None)]


def volume_reasons(items: list[dict] | None) -> list[dict]:
    """`status_reasons` or `health_reasons` as the IBM provider's volume read sets them: only
    reasons with a code and a message, and `more_info` set to the message, not the API's link
    (resource_ibm_is_volume.go does so; a configuration reading it sees the same)."""
    return [{**reason, "more_info": reason["message"] if reason["more_info"] is not None else None}
            for reason in reasons(items, complete_only=True)]


def tags_changed(prior: dict, planned: dict) -> bool:
    """Whether the plan sets `tags` to another set than the state holds."""
    return planned.get("tags") is not None and sorted(planned["tags"]) != sorted(prior.get("tags") or [])


def patch_of(prior: dict, planned: dict, keys: tuple[str, ...]) -> dict:
    """The merge-patch body for what the plan changes: each of `keys` under its own name (when
    planned), and `tags` as the API's `user_tags`."""
    patch = {key: planned[key] for key in keys if planned.get(key) is not None and planned[key] != prior.get(key)}
    if tags_changed(prior, planned):
        patch["user_tags"] = sorted(planned["tags"])
    return patch


def split_id(ident: str, expected: str) -> tuple[str, str]:
    """(parent id, own id) of a Terraform id `<parent>/<own>`; an id without its own part is
    refused with `expected` (such as "A share snapshot is <share id>/<snapshot id>")."""
    parent, _, own = ident.partition("/")
    if not own:
        raise ApiError(400, "invalid_import_id", f"{expected}, got {ident!r}")
    return parent, own


def all_pages(client: Client, path: str, key: str, params: dict | None = None) -> list[dict]:
    items, start = [], None
    while True:
        query = dict(params or {}, limit=100, **({"start": start} if start else {}))
        page, _ = client.call("GET", path, params=query)
        items += page.get(key, [])
        next_href = (page.get("next") or {}).get("href")
        if not next_href or "start=" not in next_href:
            return items
        start = next_href.split("start=")[1].split("&")[0]


def deleted(ref: dict) -> list[dict]:
    return [{"more_info": ref["deleted"].get("more_info")}] if ref.get("deleted") else []


def remote_region(ref: dict) -> list[dict]:
    region = (ref.get("remote") or {}).get("region")
    return [{"href": region.get("href"), "name": region.get("name")}] if region else []


REFERENCE_KEYS = ("crn", "href", "id", "name", "resource_type")


def reference_block(reference: dict | None, keys: tuple[str, ...] = REFERENCE_KEYS, remote: bool = False) -> list[dict]:
    """A reference as the IBM provider sets it: a list of at most one, with `deleted` (and
    `remote`, for a reference to another region's resource) as lists of at most one."""
    if not reference:
        return []
    block = {**{key: reference.get(key) for key in keys}, "deleted": deleted(reference)}
    if remote:
        block["remote"] = remote_region(reference)
    return [block]


def policy_fields(policy: dict) -> dict:
    """The computed view of a policy shared by the policy data sources."""
    return {
        "created_at": go_time(policy.get("created_at")), "crn": policy.get("crn"), "href": policy.get("href"),
        "last_job_completed_at": go_time(policy.get("last_job_completed_at")),
        "lifecycle_state": policy.get("lifecycle_state"),
        "match_resource_types": [policy["match_resource_type"]],
        "match_resource_type": policy.get("match_resource_type"),
        "included_content": policy.get("included_content") or [],
        "match_user_tags": policy.get("match_user_tags") or [],
        "name": policy.get("name"),
        "plans": [block for plan in policy.get("plans", [])
                  for block in reference_block(plan, ("href", "id", "name", "resource_type"))],
        "resource_group": [{k: policy["resource_group"].get(k) for k in ("href", "id", "name")}],
        "resource_type": policy.get("resource_type"),
        "health_reasons": reasons(policy.get("health_reasons")),
        "health_state": policy.get("health_state"),
        "scope": [{"crn": policy["scope"].get("crn"), "id": policy["scope"].get("id"),
                   "resource_type": policy["scope"].get("resource_type")}],
    }


def plan_fields(plan: dict) -> dict:
    """The computed view of a plan shared by the plan data sources (delete_over_count a number)."""
    trigger = plan.get("deletion_trigger") or {}
    return {
        "active": plan.get("active"), "attach_user_tags": plan.get("attach_user_tags") or [],
        "copy_user_tags": plan.get("copy_user_tags"), "created_at": go_time(plan.get("created_at")),
        "cron_spec": plan.get("cron_spec"),
        "deletion_trigger": [{"delete_after": trigger.get("delete_after"),
                              "delete_over_count": trigger.get("delete_over_count")}],
        "href": plan.get("href"), "lifecycle_state": plan.get("lifecycle_state"),
        "clone_policy": clone_policy(plan),
        "remote_region_policy": remote_region_policies(plan),
        "name": plan.get("name"), "resource_type": plan.get("resource_type"),
    }


def clone_policy(plan: dict) -> list[dict]:
    clone = plan.get("clone_policy") or {}
    return [{"max_snapshots": clone.get("max_snapshots"), "zones": [z["name"] for z in clone.get("zones", [])]}]


def remote_region_policies(plan: dict) -> list[dict]:
    return [{"delete_over_count": r.get("delete_over_count"),
             "encryption_key": (r.get("encryption_key") or {}).get("crn"),
             "region": r["region"]["name"]} for r in plan.get("remote_region_policies", [])]


def job_fields(job: dict) -> dict:
    plan = job.get("backup_policy_plan") or {}
    source = job.get("source") or {}
    kind = source.get("resource_type") or ("instance" if ":instance:" in source.get("crn", "") else "share")

    def source_block(name):
        if kind != name:
            return []
        block = {"crn": source.get("crn"), "deleted": deleted(source), "href": source.get("href"),
                 "id": source.get("id"), "name": source.get("name")}
        if name == "volume":
            block.update(remote=remote_region(source), resource_type=source.get("resource_type"))
        return [block]

    return {
        "auto_delete": job.get("auto_delete"), "auto_delete_after": job.get("auto_delete_after"),
        "backup_policy_plan": [{"deleted": deleted(plan), "href": plan.get("href"), "id": plan.get("id"),
                                "name": plan.get("name"), "remote": remote_region(plan),
                                "resource_type": plan.get("resource_type")}],
        "completed_at": go_time(job.get("completed_at")), "created_at": go_time(job.get("created_at")),
        "href": job.get("href"),
        "job_type": job.get("job_type"), "resource_type": job.get("resource_type"),
        "source_volume": source_block("volume"), "source_instance": source_block("instance"),
        "source_share": source_block("share"),
        "status": job.get("status"),
        "status_reasons": reasons(job.get("status_reasons")),
        "target_snapshot": [{"crn": t.get("crn"), "deleted": deleted(t), "href": t.get("href"), "id": t.get("id"),
                             "name": t.get("name"), "remote": [], "resource_type": t.get("resource_type")}
                            for t in job.get("target_snapshots", [])],
    }
