"""ibm_iam_authorization_policy ↔ IAM /v1/policies (type authorization): POST then GET, DELETE.
Every configurable attribute forces a new policy (ForceNew), except `roles` and `description`,
which the IBM provider changes by replacing the policy's document; here by delete and create."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client, ProviderError
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


def _given(items: list[dict], subject: bool) -> list[dict]:
    """`subject_attributes` or `resource_attributes` as the IBM provider sends them: an operator
    of `stringExists` takes the value true or false; a subject's `resourceGroupId` of `*` with no
    operator is any group (`stringExists` true); a subject attribute's operator defaults to
    `stringEquals`."""
    found = []
    for item in items:
        name, value, operator = item["name"], item["value"], item.get("operator") or ""
        if subject and not operator and value == "*" and name == "resourceGroupId":
            value, operator = True, "stringExists"
        elif operator == "stringExists":
            if value not in ("true", "false"):
                raise ProviderError(f'[ERROR] Only values "true" and "false" are allowed when operator is '
                                    f'"stringExists". Received {value}.')
            value = value == "true"
        elif subject and not operator:
            operator = "stringEquals"
        found.append({"name": name, "value": value, **({"operator": operator} if operator else {})})
    return found


def _subject(planned: dict, account: str | None) -> list[dict]:
    """The subject: the configured `subject_attributes`, else the source arguments with the
    account (`source_service_account`, or the caller's), as resource_ibm_iam_authorization_policy.go
    builds it."""
    if planned.get("subject_attributes"):
        return _given(planned["subject_attributes"], subject=True)
    found = [{"name": "serviceName", "value": planned["source_service_name"], "operator": "stringEquals"}] \
        if planned.get("source_service_name") else []
    found.append({"name": "accountId", "value": planned.get("source_service_account") or account,
                  "operator": "stringEquals"})
    for name, key in (("serviceInstance", "source_resource_instance_id"), ("resourceType", "source_resource_type")):
        if planned.get(key):
            found.append({"name": name, "value": planned[key], "operator": "stringEquals"})
    group = planned.get("source_resource_group_id")
    if group:
        found.append({"name": "resourceGroupId", "value": True, "operator": "stringExists"} if group == "*" else
                     {"name": "resourceGroupId", "value": group, "operator": "stringEquals"})
    return found


def _resource(planned: dict, account: str | None) -> list[dict]:
    """The target: the configured `resource_attributes`, else the target arguments with the
    caller's account."""
    if planned.get("resource_attributes"):
        return _given(planned["resource_attributes"], subject=False)
    found = [{"name": "serviceName", "value": planned["target_service_name"], "operator": "stringEquals"}] \
        if planned.get("target_service_name") else []
    found.append({"name": "accountId", "value": account, "operator": "stringEquals"})
    for name, key in (("serviceInstance", "target_resource_instance_id"), ("resourceType", "target_resource_type"),
                      ("resourceGroupId", "target_resource_group_id")):
        if planned.get(key):
            found.append({"name": name, "value": planned[key], "operator": "stringEquals"})
    return found


def _text(value) -> str:
    """An attribute's value as the IBM provider prints it (Go's %v: true, false, the string)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _equal(attributes: list[dict], name: str) -> str | None:
    """The value of attribute `name` compared with stringEquals or stringMatch (flex's
    GetV2PolicySubjectAttribute): a `stringExists` one reads as none."""
    return next((a["value"] for a in attributes if a["name"] == name
                 and (a.get("operator") or "stringEquals") in ("stringEquals", "stringMatch")), None)


def to_state(policy: dict, prior: dict) -> dict:
    """What resource_ibm_iam_authorization_policy.go reads: every target attribute as
    `resource_attributes`, the source and target arguments from the attributes compared by
    equality, and `subject_attributes` only where the configuration gave them."""
    subject = policy["subjects"][0].get("attributes", [])
    target = policy["resources"][0].get("attributes", [])
    state = {"id": policy["id"], "roles": [r["display_name"] for r in policy["roles"]],
             "description": policy.get("description"), "version": policy.get("_etag") or prior.get("version"),
             "transaction_id": prior.get("transaction_id")}
    for name, key in _SUBJECT:
        state[key] = _equal(subject, name)
    for name, key in _TARGET:
        state[key] = _equal(target, name)
    state["resource_attributes"] = [{"name": a["name"], "value": _text(a["value"]), "operator": a.get("operator")}
                                    for a in target]
    configured = prior.get("subject_attributes") or []
    if configured:
        operators = [item.get("operator") for item in configured]
        state["subject_attributes"] = [
            {"name": a["name"], "value": "*" if a["value"] is True and a.get("operator") == "stringExists"
             and not (operators[i] if i < len(operators) else None) else _text(a["value"]),
             "operator": (operators[i] if i < len(operators) else None) and a.get("operator")}
            for i, a in enumerate(subject)]
    else:
        state["subject_attributes"] = []
    return state


def _role_service(planned: dict) -> str:
    """The service whose roles the role names are looked up in (ListRoles' service_name): the
    target's service, `resource-controller` for a target named by resource type alone."""
    if planned.get("resource_attributes"):
        named = {a["name"]: a["value"] for a in planned["resource_attributes"]}
        return named.get("serviceName") or ("resource-controller" if "resourceType" in named else "iam")
    return planned.get("target_service_name") or ("resource-controller" if planned.get("target_resource_type")
                                                  else "iam")


def create(client: Client, planned: dict) -> dict:
    service, account = _role_service(planned), client.account()
    body = {"type": "authorization", "description": planned.get("description"),
            "subjects": [{"attributes": _subject(planned, account)}],
            "resources": [{"attributes": _resource(planned, account)}],
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
