"""ibm_iam_authorization_policy ↔ IAM /v1/policies (type authorization): POST then GET, DELETE.
Every configurable attribute forces a new policy (ForceNew), except `roles` and `description`,
which the IBM provider changes by replacing the policy's document; here by delete and create."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.platform.iam_authorization_policy import DECLARATION  # noqa: F401

PLATFORM_ROLES = ("Viewer", "Operator", "Editor", "Administrator")
_SUBJECT = (("serviceName", "source_service_name"), ("serviceInstance", "source_resource_instance_id"),
            ("resourceGroupId", "source_resource_group_id"), ("resourceType", "source_resource_type"),
            ("accountId", "source_service_account"))
_TARGET = (("serviceName", "target_service_name"), ("serviceInstance", "target_resource_instance_id"),
           ("resourceGroupId", "target_resource_group_id"), ("resourceType", "target_resource_type"))


def role_id(name: str, service: str) -> str:
    """The role CRN the IBM provider finds for a role name: platform roles are `role:`, the
    others service roles of the target service."""
    if name in PLATFORM_ROLES:
        return f"crn:v1:bluemix:public:iam::::role:{name}"
    if name in ("Reader", "Writer", "Manager"):
        return f"crn:v1:bluemix:public:iam::::serviceRole:{name}"
    return f"crn:v1:bluemix:public:{service}::::serviceRole:{name.replace(' ', '')}"


def _url(client: Client, ident: str = "") -> str:
    return f"{client.iam_url}/v1/policies" + (f"/{ident}" if ident else "")


def _attributes(planned: dict, pairs, block: str, account: str | None) -> list[dict]:
    if planned.get(block):
        return [{"name": a["name"], "value": a["value"], **({"operator": a["operator"]} if a.get("operator") else {})}
                for a in planned[block]]
    found = [{"name": name, "value": planned[key]} for name, key in pairs if planned.get(key)]
    if account and not any(a["name"] == "accountId" for a in found):
        found.insert(0, {"name": "accountId", "value": account})
    return found


def to_state(policy: dict, prior: dict) -> dict:
    subject = {a["name"]: a["value"] for a in policy["subjects"][0].get("attributes", [])}
    target = {a["name"]: a["value"] for a in policy["resources"][0].get("attributes", [])}
    state = {"id": policy["id"], "roles": [r["display_name"] for r in policy["roles"]],
             "description": policy.get("description"), "version": policy.get("_etag") or prior.get("version"),
             "transaction_id": prior.get("transaction_id")}
    for name, key in _SUBJECT:
        state[key] = subject.get(name)
    for name, key in _TARGET:
        state[key] = target.get(name)
    state["subject_attributes"] = [{"name": k, "value": v, "operator": None} for k, v in subject.items()]
    state["resource_attributes"] = [{"name": k, "value": v, "operator": "stringEquals"} for k, v in target.items()]
    return state


def create(client: Client, planned: dict) -> dict:
    service = planned.get("target_service_name") or "iam"
    body = {"type": "authorization", "description": planned.get("description"),
            "subjects": [{"attributes": _attributes(planned, _SUBJECT, "subject_attributes", None)}],
            "resources": [{"attributes": _attributes(planned, _TARGET, "resource_attributes", None)}],
            "roles": [{"role_id": role_id(name, service), "display_name": name} for name in planned["roles"]]}
    created = client.platform("POST", _url(client), body)
    return to_state(created, planned)


def read(client: Client, state: dict) -> dict | None:
    try:
        return to_state(client.platform("GET", _url(client, state["id"])), state)
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


def update(client: Client, prior: dict, planned: dict) -> dict:
    if sorted(planned["roles"]) == sorted(prior["roles"]) and planned.get("description") == prior.get("description"):
        return read(client, prior)
    delete(client, prior)
    return create(client, {**prior, **{k: v for k, v in planned.items() if v is not None}})


def delete(client: Client, state: dict) -> None:
    client.platform("DELETE", _url(client, state["id"]))


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})
