"""ibm_is_backup_policy ↔ /backup_policies (reference §7.3): POST then GET; PATCH of the
changed fields with If-Match = version; DELETE with If-Match; no waiting for `stable`."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.backup.backup_policy import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.mapping import get_or_none, go_time, reasons



def to_state(policy: dict, etag: str | None) -> dict:
    scope = policy.get("scope") or {}
    return {
        "id": policy["id"], "name": policy["name"],
        "match_resource_type": policy["match_resource_type"], "match_resource_types": [policy["match_resource_type"]],
        "match_user_tags": policy.get("match_user_tags") or [],
        "included_content": policy.get("included_content"),
        "resource_group": (policy.get("resource_group") or {}).get("id"),
        "created_at": go_time(policy.get("created_at")), "crn": policy.get("crn"), "href": policy.get("href"),
        "last_job_completed_at": go_time(policy.get("last_job_completed_at")),
        "lifecycle_state": policy.get("lifecycle_state"), "resource_type": policy.get("resource_type"),
        "version": etag, "health_reasons": reasons(policy.get("health_reasons")),
        "health_state": policy.get("health_state"),
        "scope": [{"crn": scope.get("crn"), "id": scope.get("id"), "resource_type": scope.get("resource_type")}],
    }


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "match_user_tags": sorted(planned["match_user_tags"] or [])}
    resource_type = planned.get("match_resource_type") or next(iter(planned.get("match_resource_types") or []), None)
    body["match_resource_type"] = resource_type or "volume"
    if planned.get("included_content"):
        body["included_content"] = sorted(planned["included_content"])
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    scope = (planned.get("scope") or [None])[0] if isinstance(planned.get("scope"), list) else None
    if scope and scope.get("crn"):
        body["scope"] = {"crn": scope["crn"]}
    created, _ = client.call("POST", "/backup_policies", body)
    return read(client, {"id": created["id"]}) or to_state(created, None)


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/backup_policies/{state['id']}")
    return None if found is None else to_state(*found)


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = {}
    if planned["name"] != prior["name"]:
        patch["name"] = planned["name"]
    if sorted(planned["match_user_tags"] or []) != sorted(prior["match_user_tags"] or []):
        patch["match_user_tags"] = sorted(planned["match_user_tags"] or [])
    if planned.get("included_content") and sorted(planned["included_content"]) != sorted(prior.get("included_content") or []):
        patch["included_content"] = sorted(planned["included_content"])
    if patch:
        client.call("PATCH", f"/backup_policies/{prior['id']}", patch, if_match=prior.get("version"), merge_patch=True)
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/backup_policies/{state['id']}", if_match=state.get("version"))


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
