"""Backup policies and their plans: creation, change and deletion rules.

Input is already shaped by the HTTP layer's schemas (types, enums, ranges, patterns); what
is decided here needs the state or more than one field: uniqueness, quotas, which options a
policy's resource type allows, remote regions and zones, plan spacing.
"""

from __future__ import annotations

import copy

from vpcmock import ids
from vpcmock.catalog import NO_CROSS_REGION_COPY
from vpcmock.engine.backup import fires, retention
from vpcmock.engine.platform import accounts, activity, tags
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import region_ref, resolve_region, resolve_zone, zone_ref
from vpcmock.engine.backup.schedule import ScheduleError, check_plan_schedule
from vpcmock.errors import ApiError, bad_field, not_found
from vpcmock.timeutil import rfc3339

MAX_POLICIES_PER_REGION = 10
MAX_PLANS_PER_POLICY = 4
DEFAULT_DELETE_AFTER = 30
DEFAULT_CLONE_MAX_SNAPSHOTS = 5
DEFAULT_REMOTE_DELETE_OVER_COUNT = 5
# The API reference believes `active` defaults to false and `copy_user_tags` to true.
DEFAULT_ACTIVE = False
DEFAULT_COPY_USER_TAGS = True
INCLUDED_CONTENT_DEFAULT = ["boot_volume", "data_volumes"]


# -- policies --------------------------------------------------------------------------------

def get_policy(ctx: Ctx, policy_id: str) -> dict:
    policy = ctx.owned(ctx.store.get("backup_policies", policy_id))
    if policy is None:
        raise not_found("backup_policy", policy_id)
    return policy


def create_policy(ctx: Ctx, proto: dict, resource_groups: dict[str, dict]) -> dict:
    policies = ctx.partition("backup_policies")
    if len(policies) >= MAX_POLICIES_PER_REGION:
        # Unverified upstream: status and code. The limit is per account and region (seed).
        raise ApiError(400, "backup_policy_quota_exceeded",
                       f"An account can have at most {MAX_POLICIES_PER_REGION} backup policies in a region")
    name = name_for_new(policies.values(), proto.get("name"), "backup_policy_name_duplicate",
                        "A backup policy named {name!r} already exists")
    resource_type = proto["match_resource_type"]
    included = proto.get("included_content")
    if resource_type == "instance":
        included = included or list(INCLUDED_CONTENT_DEFAULT)
    elif included is not None:
        raise bad_field("backup_policy_included_content_invalid",
                        "included_content applies only to policies with match_resource_type 'instance'",
                        "included_content")
    group_id = (proto.get("resource_group") or {}).get("id")
    if group_id is not None and group_id not in resource_groups:
        raise bad_field("resource_group_not_found", f"Resource group {group_id!r} not found",
                        "resource_group.id", group_id)
    group = resource_groups[group_id] if group_id else ids.default_resource_group(ctx.account)
    scope = _scope(ctx, proto.get("scope"))

    policy_id = ids.new_id(ctx.region)
    policy = ctx.stamp({
        "id": policy_id,
        "crn": ids.crn(ctx.region, ctx.account, "backup-policy", policy_id),
        "href": f"/{ctx.region}/v1/backup_policies/{policy_id}",
        "name": name,
        "created_at": rfc3339(ctx.now),
        "match_resource_type": resource_type,
        "match_user_tags": _unique(proto["match_user_tags"]),
        "resource_group": group,
        "scope": scope,
        "lifecycle_state": "stable",
        "health_state": "ok",
        "health_reasons": [],
        "resource_type": "backup_policy",
        "_etag": ids.new_etag(),
    })
    if included is not None:
        policy["included_content"] = _unique(included)
    ctx.store.put("backup_policies", policy)
    activity.record(ctx, "is.backup-policy.backup-policy.create", policy["crn"], target_name=name)
    for index, plan_proto in enumerate(proto.get("plans") or []):
        create_plan(ctx, policy, plan_proto, target_prefix=f"plans[{index}].")
    return policy


def _scope(ctx: Ctx, proto: dict | None) -> dict:
    crn = (proto or {}).get("crn")
    if not crn:
        return {"id": ctx.account, "resource_type": "account"}
    enterprise = accounts.enterprise(ctx.store)
    if enterprise is None or enterprise["account"] != ctx.account:
        raise bad_field("backup_policy_scope_invalid",
                        f"Account {ctx.account} is not an enterprise account: scope {crn!r} cannot be used",
                        "scope.crn", crn)
    if crn != enterprise["crn"]:
        raise bad_field("backup_policy_scope_invalid", f"scope.crn must be this account's enterprise CRN "
                        f"{enterprise['crn']!r}", "scope.crn", crn)
    return {"crn": crn, "id": enterprise["id"], "resource_type": "enterprise"}


def update_policy(ctx: Ctx, policy: dict, patch: dict) -> dict:
    changes = {}
    if "name" in patch:
        check_rename(ctx.partition("backup_policies").values(), policy, patch["name"], "backup_policy_name_duplicate",
                     "A backup policy named {name!r} already exists")
        changes["name"] = patch["name"]
    if "match_user_tags" in patch:
        changes["match_user_tags"] = _unique(patch["match_user_tags"])
    if "included_content" in patch:
        if policy["match_resource_type"] != "instance":
            raise bad_field("backup_policy_included_content_invalid",
                            "included_content applies only to policies with match_resource_type 'instance'",
                            "included_content")
        changes["included_content"] = _unique(patch["included_content"])
    if not changes:
        return policy
    policy = ctx.store.replace("backup_policies", policy, **changes, _etag=ids.new_etag())
    activity.record(ctx, "is.backup-policy.backup-policy.update", policy["crn"], target_name=policy["name"])
    return policy


def delete_policy(ctx: Ctx, policy: dict) -> dict:
    """Delete a policy, its plans and its job records; existing backups stay (seed). Answer its
    last state, as `present_policy` shows it. Job records are read only through their policy, so
    they go with it (our choice: the API documents no way to reach them afterwards)."""
    for plan in list(plans_of(ctx, policy["id"]).values()):
        ctx.store.delete("plans", plan["id"])
    for job in list(ctx.store.indexed("jobs", "_policy_id", policy["id"]).values()):
        ctx.store.delete("jobs", job["id"])
    ctx.store.delete("backup_policies", policy["id"])
    activity.record(ctx, "is.backup-policy.backup-policy.delete", policy["crn"], target_name=policy["name"])
    return {**present_policy(ctx, policy), "lifecycle_state": "deleting", "health_state": "inapplicable",
            "health_reasons": []}


def present_policy(ctx: Ctx, policy: dict) -> dict:
    """The API view of a policy: the document plus references to its plans (its user tags are
    Global Tagging's alone, platform/tags.py)."""
    view = tags.without_user_tags(policy)
    view["plans"] = [plan_reference(plan) for plan in plans_of(ctx, policy["id"]).values()]
    return view


# -- plans -----------------------------------------------------------------------------------

def plans_of(ctx: Ctx, policy_id: str) -> dict[str, dict]:
    return ctx.store.indexed("plans", "_policy_id", policy_id)


def plan_reference(plan: dict) -> dict:
    return {"href": plan["href"], "id": plan["id"], "name": plan["name"], "resource_type": "backup_policy_plan"}


def get_plan(ctx: Ctx, policy: dict, plan_id: str) -> dict:
    plan = ctx.owned(ctx.store.get("plans", plan_id))
    if plan is None or plan["_policy_id"] != policy["id"]:
        raise not_found("backup_policy_plan", plan_id)
    return plan


def create_plan(ctx: Ctx, policy: dict, proto: dict, target_prefix: str = "") -> dict:
    siblings = plans_of(ctx, policy["id"])
    if len(siblings) >= MAX_PLANS_PER_POLICY:
        raise ApiError(400, "backup_policy_plan_quota_exceeded",
                       f"A backup policy can have at most {MAX_PLANS_PER_POLICY} plans")
    name = name_for_new(siblings.values(), proto.get("name"), "backup_policy_plan_name_duplicate",
                        "The backup policy already has a plan named {name!r}", target_prefix + "name")
    _check_cron(proto["cron_spec"], target_prefix)
    trigger = proto.get("deletion_trigger") or {}
    plan_id = ids.new_id(ctx.region)
    plan = ctx.stamp({
        "id": plan_id,
        "href": f"{policy['href']}/plans/{plan_id}",
        "name": name,
        "cron_spec": proto["cron_spec"],
        "active": proto.get("active", DEFAULT_ACTIVE),
        "attach_user_tags": _unique(proto.get("attach_user_tags") or []),
        "copy_user_tags": proto.get("copy_user_tags", DEFAULT_COPY_USER_TAGS),
        "deletion_trigger": _deletion_trigger(trigger.get("delete_after", DEFAULT_DELETE_AFTER),
                                              trigger.get("delete_over_count")),
        "clone_policy": _clone_policy(ctx, policy, proto.get("clone_policy"), None, target_prefix),
        "remote_region_policies": _remote_policies(ctx, policy, proto.get("remote_region_policies"), target_prefix),
        "created_at": rfc3339(ctx.now),
        "lifecycle_state": "stable",
        "resource_type": "backup_policy_plan",
        "_policy_id": policy["id"],
        "_etag": ids.new_etag(),
    })
    activity.record(ctx, "is.backup-policy.backup-policy-plan.create", activity.plan_crn(policy, plan),
                    target_name=plan["name"])
    return fires.schedule_next(ctx, ctx.store.put("plans", plan))


def update_plan(ctx: Ctx, policy: dict, plan: dict, patch: dict) -> dict:
    changes = {}
    if "name" in patch:
        check_rename(plans_of(ctx, policy["id"]).values(), plan, patch["name"], "backup_policy_plan_name_duplicate",
                     "The backup policy already has a plan named {name!r}")
        changes["name"] = patch["name"]
    if "cron_spec" in patch:
        _check_cron(patch["cron_spec"], "")
        changes["cron_spec"] = patch["cron_spec"]
    for key in ("active", "copy_user_tags"):
        if key in patch:
            changes[key] = patch[key]
    if "attach_user_tags" in patch:
        changes["attach_user_tags"] = _unique(patch["attach_user_tags"])
    if "deletion_trigger" in patch:
        current = plan["deletion_trigger"]
        merged = patch["deletion_trigger"]
        delete_after = merged.get("delete_after", current["delete_after"])
        # JSON merge-patch: an explicit null removes the count limit.
        count = merged["delete_over_count"] if "delete_over_count" in merged else current.get("delete_over_count")
        changes["deletion_trigger"] = _deletion_trigger(delete_after, count)
    if "clone_policy" in patch:
        changes["clone_policy"] = _clone_policy(ctx, policy, patch["clone_policy"], plan["clone_policy"], "")
    if "remote_region_policies" in patch:
        changes["remote_region_policies"] = _remote_policies(ctx, policy, patch["remote_region_policies"], "")
    if not changes:
        return plan
    updated = ctx.store.replace("plans", plan, **changes, _etag=ids.new_etag())
    activity.record(ctx, "is.backup-policy.backup-policy-plan.update", activity.plan_crn(policy, updated),
                    target_name=updated["name"])
    if updated["active"] != plan["active"] or updated["cron_spec"] != plan["cron_spec"]:
        updated = fires.schedule_next(ctx, updated)
    reactivated = updated["active"] and not plan["active"]
    if reactivated or updated["deletion_trigger"]["delete_after"] != plan["deletion_trigger"]["delete_after"]:
        retention.reschedule_plan(ctx, updated)
    return updated


def delete_plan(ctx: Ctx, plan: dict) -> dict:
    """Delete a plan; its backups stay but are no longer subject to its deletion trigger."""
    ctx.store.delete("plans", plan["id"])
    policy = ctx.store.get("backup_policies", plan["_policy_id"])
    activity.record(ctx, "is.backup-policy.backup-policy-plan.delete", activity.plan_crn(policy, plan),
                    target_name=plan["name"])
    return {**plan, "lifecycle_state": "deleting"}


def _check_cron(spec_text: str, prefix: str) -> None:
    try:
        check_plan_schedule(spec_text)
    except ScheduleError as exc:
        raise bad_field(exc.code, str(exc), prefix + "cron_spec", spec_text) from None


def _deletion_trigger(delete_after: int, delete_over_count: int | None) -> dict:
    trigger = {"delete_after": delete_after}
    if delete_over_count is not None:
        trigger["delete_over_count"] = delete_over_count
    return trigger


def _clone_policy(ctx: Ctx, policy: dict, proto: dict | None, current: dict | None, prefix: str) -> dict:
    current = current or {"max_snapshots": DEFAULT_CLONE_MAX_SNAPSHOTS, "zones": []}
    if proto is None:
        return copy.deepcopy(current)
    if policy["match_resource_type"] != "volume":
        raise bad_field("backup_policy_plan_clone_policy_unsupported",
                        "Fast restore (clone_policy) is supported only for policies that back up volumes",
                        prefix + "clone_policy")
    zones = current["zones"]
    if proto.get("zones") is not None:
        names = [resolve_zone(z, ctx.region, f"{prefix}clone_policy.zones[{i}]") for i, z in enumerate(proto["zones"])]
        zones = [zone_ref(name) for name in _unique(names)]
    return {"max_snapshots": proto.get("max_snapshots") or current["max_snapshots"], "zones": zones}


def _remote_policies(ctx: Ctx, policy: dict, protos: list | None, prefix: str) -> list[dict]:
    if not protos:
        return []
    if policy["match_resource_type"] != "volume":
        raise bad_field("backup_policy_plan_remote_region_policy_unsupported",
                        "Cross-region copies (remote_region_policies) are supported only for policies that back up volumes",
                        prefix + "remote_region_policies")
    if ctx.region in NO_CROSS_REGION_COPY:
        raise bad_field("backup_policy_plan_remote_region_invalid",
                        f"Cross-region copies are not supported from region {ctx.region}",
                        prefix + "remote_region_policies")
    seen = set()
    result = []
    for index, proto in enumerate(protos):
        target = f"{prefix}remote_region_policies[{index}].region"
        region = resolve_region(proto["region"], target)
        if region == ctx.region:
            raise bad_field("backup_policy_plan_remote_region_invalid",
                            "A cross-region copy cannot target the policy's own region", target, region)
        if region in NO_CROSS_REGION_COPY:
            raise bad_field("backup_policy_plan_remote_region_invalid",
                            f"Cross-region copies are not supported to region {region}", target, region)
        if region in seen:
            raise bad_field("backup_policy_plan_remote_region_duplicate",
                            f"Only one remote region policy per region: {region} is listed twice", target, region)
        seen.add(region)
        item = {
            "delete_over_count": proto.get("delete_over_count") or DEFAULT_REMOTE_DELETE_OVER_COUNT,
            "region": region_ref(region),
        }
        if proto.get("encryption_key"):
            item["encryption_key"] = {"crn": proto["encryption_key"]["crn"]}
        result.append(item)
    return result


def _unique(values: list) -> list:
    return list(dict.fromkeys(values))
