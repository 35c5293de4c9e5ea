"""ibm_is_backup_policy_plan ↔ /backup_policies/{id}/plans (reference §7.4). The resource id
is `<policy id>/<plan id>`, which is also its import id."""

from __future__ import annotations

from tf.types import Unknown

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.backup.backup_policy_plan import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import clone_policy, get_or_none, go_time, remote_region_policies


def to_state(plan: dict, policy_id: str, etag: str | None) -> dict:
    trigger = plan.get("deletion_trigger") or {}
    count = trigger.get("delete_over_count")
    return {
        "id": f"{policy_id}/{plan['id']}", "backup_policy_id": policy_id, "backup_policy_plan_id": plan["id"],
        "cron_spec": plan["cron_spec"], "active": plan.get("active"),
        "attach_user_tags": plan.get("attach_user_tags") or [], "copy_user_tags": plan.get("copy_user_tags"),
        # The IBM provider keeps the count as a string, "null" when the API has none.
        "deletion_trigger": [{"delete_after": trigger.get("delete_after"),
                              "delete_over_count": "null" if count is None else str(count)}],
        "clone_policy": clone_policy(plan), "name": plan.get("name"), "created_at": go_time(plan.get("created_at")),
        "href": plan.get("href"), "lifecycle_state": plan.get("lifecycle_state"),
        "remote_region_policy": remote_region_policies(plan), "resource_type": plan.get("resource_type"),
        "version": etag,
    }


def _count(text, target_path: str):
    """The API value of the string `delete_over_count`: None for empty or "null"."""
    if text in (None, "", "null") or text is Unknown:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, "invalid_delete_over_count", f"delete_over_count must be a whole number, got {text!r}",
                       target_path) from None
    if value < 0:
        raise ApiError(400, "invalid_delete_over_count", "delete_over_count cannot be negative", target_path)
    return value


def _known_block(planned: dict, name: str) -> dict | None:
    value = planned.get(name)
    return value[0] if isinstance(value, list) and value else None


def _remote(planned: dict) -> list[dict]:
    result = []
    for item in planned.get("remote_region_policy") or []:
        entry = {"region": {"name": item["region"]}}
        if item.get("delete_over_count") not in (None, 0) and item["delete_over_count"] is not Unknown:
            entry["delete_over_count"] = item["delete_over_count"]
        if item.get("encryption_key") and item["encryption_key"] is not Unknown:
            entry["encryption_key"] = {"crn": item["encryption_key"]}
        result.append(entry)
    return result


def _clone(block: dict | None) -> dict | None:
    if not block:
        return None
    clone = {}
    if block.get("max_snapshots") not in (None, Unknown):
        clone["max_snapshots"] = block["max_snapshots"]
    if block.get("zones") not in (None, Unknown) and block["zones"]:
        clone["zones"] = [{"name": z} for z in sorted(block["zones"])]
    return clone or None


def create(client: Client, planned: dict) -> dict:
    policy_id = planned["backup_policy_id"]
    body = {"cron_spec": planned["cron_spec"]}
    for key in ("name",):
        if planned.get(key):
            body[key] = planned[key]
    if planned.get("active") is True:
        body["active"] = True
    if planned.get("attach_user_tags"):
        body["attach_user_tags"] = sorted(planned["attach_user_tags"])
    if planned.get("copy_user_tags") is not None:
        body["copy_user_tags"] = planned["copy_user_tags"]
    trigger = _known_block(planned, "deletion_trigger")
    if trigger:
        # Sent as configured, 0 included, so that the API's 1..1000 rule reports it (the IBM
        # provider's GetOk would drop a 0 and silently keep 30 days).
        delete_after = trigger.get("delete_after")
        body["deletion_trigger"] = {"delete_after": 30 if delete_after is None else delete_after}
        count = _count(trigger.get("delete_over_count"), "deletion_trigger.delete_over_count")
        if count is not None:
            body["deletion_trigger"]["delete_over_count"] = count
    clone = _clone(_known_block(planned, "clone_policy"))
    if clone:
        body["clone_policy"] = clone
    remote = _remote(planned)
    if remote:
        body["remote_region_policies"] = remote
    created, _ = client.call("POST", f"/backup_policies/{policy_id}/plans", body)
    return read(client, {"id": f"{policy_id}/{created['id']}"})


def read(client: Client, state: dict) -> dict | None:
    policy_id, _, plan_id = state["id"].partition("/")
    found = get_or_none(client, f"/backup_policies/{policy_id}/plans/{plan_id}")
    return None if found is None else to_state(found[0], policy_id, found[1])


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = {}
    for key in ("name", "cron_spec", "active", "copy_user_tags"):
        if planned.get(key) is not None and planned[key] is not Unknown and planned[key] != prior.get(key):
            patch[key] = planned[key]
    if sorted(planned.get("attach_user_tags") or []) != sorted(prior.get("attach_user_tags") or []):
        patch["attach_user_tags"] = sorted(planned.get("attach_user_tags") or [])
    trigger, before = _known_block(planned, "deletion_trigger"), _known_block(prior, "deletion_trigger") or {}
    if trigger:
        change = {}
        if trigger.get("delete_after") not in (None, Unknown) and trigger["delete_after"] != before.get("delete_after"):
            change["delete_after"] = trigger["delete_after"]
        if trigger.get("delete_over_count") is not Unknown and trigger.get("delete_over_count") != before.get("delete_over_count"):
            change["delete_over_count"] = _count(trigger.get("delete_over_count"), "deletion_trigger.delete_over_count")
        if change:
            patch["deletion_trigger"] = change
    clone, clone_before = _known_block(planned, "clone_policy"), _known_block(prior, "clone_policy")
    if clone and clone != clone_before:
        patch["clone_policy"] = _clone(clone) or {}
    if planned.get("remote_region_policy") != prior.get("remote_region_policy"):
        patch["remote_region_policies"] = _remote(planned)
    policy_id, _, plan_id = prior["id"].partition("/")
    if patch:
        client.call("PATCH", f"/backup_policies/{policy_id}/plans/{plan_id}", patch, if_match=prior.get("version"),
                    merge_patch=True)
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    policy_id, _, plan_id = state["id"].partition("/")
    client.call("DELETE", f"/backup_policies/{policy_id}/plans/{plan_id}", if_match=state.get("version"))


def import_(client: Client, ident: str) -> dict | None:
    if ident.count("/") != 1 or not all(ident.split("/")):
        raise ApiError(400, "invalid_import_id", f"Import a plan as <backup policy id>/<plan id>, got {ident!r}")
    return read(client, {"id": ident})
