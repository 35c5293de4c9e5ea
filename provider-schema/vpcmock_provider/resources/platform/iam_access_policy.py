"""ibm_iam_access_group_policy, ibm_iam_service_policy and ibm_iam_trusted_profile_policy ↔ IAM
Policy Management's `/v1/policies` (type `access`), as resource_ibm_iam_*_policy.go build them
(flex.GeneratePolicyOptions):

- create: `POST /v1/policies`, the subject the access group (`access_group_id`), the service ID
  or trusted profile (`iam_id`: the one given, else the IAM ID of `iam_service_id` / `profile_id`
  read from IAM Identity), the resource the `resources` block's attributes (`service` ->
  `serviceName`, `resource_instance_id` -> `serviceInstance`, `region`, `resource_type` ->
  `resourceType`, `resource`, `resource_group_id` -> `resourceGroupId`, `service_type` ->
  `serviceType`, `service_group_id`, each `attributes` entry) or `resource_attributes`, and
  `account_management` (`serviceType` `platform_service`), with the caller's `accountId`;
  the id is `<access group, service ID, profile or IAM ID>/<policy id>`;
- read: `GET /v1/policies/<id>` (the IBM provider reads the same policy as `/v2/policies/<id>`,
  which the mock does not serve; the document is the same). `roles` by name, `version` the ETag,
  `resources` / `resource_attributes` only where configured (or imported), as the IBM provider;
- update: `PUT /v1/policies/<id>` with the ETag of a read just before (ReplacePolicy);
- delete: `DELETE /v1/policies/<id>`.

Not served: the v2 policies a `rule_conditions` or `pattern` makes, and `resource_tags`; a
configuration setting them fails with an error naming them, not silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.api_backed import IAM, etag_of
from vpcmock_provider.resources.platform.iam_authorization_policy import role_id

# The `resources` block's attributes and the policy attribute each is (flex.GeneratePolicyOptions).
_RESOURCE = (("service", "serviceName"), ("service_group_id", "service_group_id"),
             ("resource_instance_id", "serviceInstance"), ("region", "region"), ("resource_type", "resourceType"),
             ("resource", "resource"), ("resource_group_id", "resourceGroupId"), ("service_type", "serviceType"))
_NOT_SERVED = ("rule_conditions", "rule_operator", "pattern", "resource_tags")


@dataclass(frozen=True)
class Subject:
    type_name: str
    owner: str                   # the attribute naming the subject (first part of the id)
    lookup: str | None = None    # IAM Identity's collection whose item's iam_id is the subject


def _attributes(planned: dict, account: str | None) -> list[dict]:
    found = []
    if planned.get("resource_attributes"):
        found = [{"name": a["name"], "value": a["value"], "operator": a.get("operator") or "stringEquals"}
                 for a in planned["resource_attributes"]]
    else:
        block = (planned.get("resources") or [None])[0] or {}
        for name, api in _RESOURCE:
            if block.get(name):
                found.append({"name": api, "value": block[name], "operator": "stringEquals"})
        for name, value in sorted((block.get("attributes") or {}).items()):
            found.append({"name": name, "value": value, "operator": "stringEquals"})
        if planned.get("account_management"):
            found.append({"name": "serviceType", "value": "platform_service", "operator": "stringEquals"})
    return found + [{"name": "accountId", "value": account, "operator": "stringEquals"}]


def _role_service(planned: dict) -> str:
    block = (planned.get("resources") or [None])[0] or {}
    named = {a["name"]: a["value"] for a in planned.get("resource_attributes") or []}
    return block.get("service") or named.get("serviceName") or "iam"


def _role_names(policy: dict, prior: dict) -> list[str]:
    """The role names (flex.GetRoleNamesFromPolicyResponse): a configured name whose CRN the policy
    holds keeps its spelling, else the role's display name."""
    service = _role_service(prior)
    by_crn = {role_id(name, service): name for name in prior.get("roles") or []}
    return [by_crn.get(r["role_id"]) or r.get("display_name") or r["role_id"].rsplit(":", 1)[-1]
            for r in policy["roles"]]


class AccessPolicy:
    def __init__(self, subject: Subject):
        self.subject = subject
        self.DECLARATION = ibm_schema.declaration(subject.type_name, "resource")

    # --- calls

    def _call(self, client: Client, method: str, path: str, body=None, **kwargs) -> tuple[dict, dict]:
        return client.service(IAM, method, path, body, **kwargs)

    def _iam_id(self, client: Client, planned: dict) -> str:
        if planned.get("iam_id") or not self.subject.lookup:
            return planned.get("iam_id") or planned[self.subject.owner]
        owner = planned.get(self.subject.owner)
        if not owner:
            raise ProviderError(f"{self.subject.type_name}: one of {self.subject.owner} or iam_id is required")
        found, _ = self._call(client, "GET", f"{self.subject.lookup}/{quote(owner, safe='')}")
        return found["iam_id"]

    def _body(self, client: Client, planned: dict, subject_value: str) -> dict:
        given = [name for name in _NOT_SERVED if planned.get(name) not in (None, "", [], {})]
        if given:
            raise ProviderError(f"{self.subject.type_name}: {', '.join(given)} make an IAM v2 policy, which this "
                                "mock does not serve (/v2/policies)")
        name = "access_group_id" if self.subject.owner == "access_group_id" else "iam_id"
        service = _role_service(planned)
        body = {"type": "access", "subjects": [{"attributes": [{"name": name, "value": subject_value}]}],
                "roles": [{"role_id": role_id(r, service), "display_name": r} for r in planned["roles"]],
                "resources": [{"attributes": _attributes(planned, client.account())}]}
        if planned.get("description"):
            body["description"] = planned["description"]
        return body

    # --- mapping

    def to_state(self, policy: dict, headers: dict, owner: str, prior: dict, importing: bool) -> dict:
        subject = {a["name"]: a["value"] for a in policy["subjects"][0].get("attributes") or []}
        state = {"id": f"{owner}/{policy['id']}", "roles": _role_names(policy, prior),
                 "description": policy.get("description"), "transaction_id": prior.get("transaction_id")}
        if self.subject.owner == "access_group_id":
            if subject.get("access_group_id") != owner:
                raise ProviderError(f"Policy {policy['id']} does not belong to access group {owner}, "
                                    f"retrievedAttr: {subject.get('access_group_id')}")
            state["access_group_id"] = owner
            state["version"] = etag_of(headers)
        else:
            state["iam_id"] = subject.get("iam_id")
            # the service ID or profile when the policy was made (or is imported) by it, not by iam_id
            if prior.get(self.subject.owner) or (importing and owner != subject.get("iam_id")):
                state[self.subject.owner] = owner
        attributes = [a for a in policy["resources"][0].get("attributes") or [] if a["name"] != "accountId"]
        # `account_management` is `serviceType: platform_service`; it reads into the block only
        # where the block set it
        configured_type = ((prior.get("resources") or [None])[0] or {}).get("service_type")
        in_block = [a for a in attributes if configured_type or
                    (a["name"], a["value"]) != ("serviceType", "platform_service")]
        if prior.get("resources") or (importing and in_block):
            block, extra = {}, {}
            known = dict((api, name) for name, api in _RESOURCE)
            for a in in_block:
                if a["name"] in known:
                    block[known[a["name"]]] = a["value"]
                else:
                    extra[a["name"]] = a["value"]
            if extra:
                block["attributes"] = extra
            state["resources"] = [block]
        if prior.get("resource_attributes"):
            state["resource_attributes"] = [{"name": a["name"], "value": a["value"], "operator": a.get("operator")}
                                            for a in attributes]
        service_type = next((a["value"] for a in attributes if a["name"] == "serviceType"), None)
        if service_type in ("service", "platform_service"):
            state["account_management"] = service_type == "platform_service"
        return {k: v for k, v in state.items() if v is not None}

    def _owner_and_id(self, ident: str) -> tuple[str, str]:
        parts = ident.split("/")
        if len(parts) != 2 or not all(parts):
            raise ApiError(400, "invalid_import_id",
                           f"The id of {self.subject.type_name} is <{self.subject.owner}>/<policy id>, got {ident!r}")
        return parts[0], parts[1]

    # --- operations

    def create(self, client: Client, planned: dict) -> dict:
        subject_value = self._iam_id(client, planned)
        made, _ = self._call(client, "POST", "/v1/policies", self._body(client, planned, subject_value))
        owner = planned.get(self.subject.owner) or subject_value
        return self._read(client, owner, made["id"], planned, False) or {}

    def _read(self, client: Client, owner: str, policy_id: str, prior: dict, importing: bool) -> dict | None:
        try:
            policy, headers = self._call(client, "GET", f"/v1/policies/{quote(policy_id, safe='')}")
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        if policy.get("state") == "deleted":
            return None
        return self.to_state(policy, headers, owner, prior, importing)

    def read(self, client: Client, state: dict) -> dict | None:
        owner, policy_id = self._owner_and_id(state["id"])
        return self._read(client, owner, policy_id, state, False)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        owner, policy_id = self._owner_and_id(prior["id"])
        path = f"/v1/policies/{quote(policy_id, safe='')}"
        _, headers = self._call(client, "GET", path)
        subject_value = prior.get("access_group_id") or prior.get("iam_id") or owner
        self._call(client, "PUT", path, self._body(client, planned, subject_value), if_match=etag_of(headers))
        return self._read(client, owner, policy_id, planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        _, policy_id = self._owner_and_id(state["id"])
        try:
            self._call(client, "DELETE", f"/v1/policies/{quote(policy_id, safe='')}")
        except ApiError as exc:
            if exc.status != 404:
                raise

    def import_(self, client: Client, ident: str) -> dict | None:
        owner, policy_id = self._owner_and_id(ident)
        return self._read(client, owner, policy_id, {}, True)


RESOURCES = (AccessPolicy(Subject("ibm_iam_access_group_policy", "access_group_id")),
             AccessPolicy(Subject("ibm_iam_service_policy", "iam_service_id", "/v1/serviceids")),
             AccessPolicy(Subject("ibm_iam_trusted_profile_policy", "profile_id", "/v1/profiles")))
