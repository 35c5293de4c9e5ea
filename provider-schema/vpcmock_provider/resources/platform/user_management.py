"""The users of the account through User Management (IBMCLOUD_USER_MANAGEMENT_ENDPOINT), as the
IBM provider's resource_ibm_iam_user_invite.go, resource_ibm_iam_user_settings.go and
resource_ibm_iam_user_policy.go drive it:

- a user is named by its email; its IAM id is found in the account's user list
  (flex.GetIBMUniqueId: `GET /v2/accounts/<account>/users`, the email compared case-blind);
- ibm_iam_user_invite: `POST /v2/accounts/<account>/users` of the emails (role MEMBER), the
  access groups and IAM policies given; id the time of the invitation (Go's
  `time.Now().UTC().String()`); read lists the account's users: `number_of_invited_users` is
  their count less the owner, `invited_users` each user's email, access policies and access
  groups (by the user's membership); an update invites the emails added and removes those taken
  out, a destroy removes them all;
- ibm_iam_user_settings: `PATCH .../users/<iam id>/settings` of `allowed_ip_addresses` joined by
  commas; id the email; destroy sends an empty change, as the IBM provider does (the settings
  stay);
- ibm_iam_user_policy: an IAM access policy (iam_access_policy.py) whose subject is the user's
  IAM id; id `<email>/<policy id>`.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.api_backed import IAM
from vpcmock_provider.resources.platform.iam_access_policy import AccessPolicy, Subject, _attributes, _RESOURCE
from vpcmock_provider.resources.platform.iam_authorization_policy import role_id

USER_MANAGEMENT = "IBMCLOUD_USER_MANAGEMENT_ENDPOINT"


def users(client: Client) -> list[dict]:
    """Every user of the caller's account, page after page (`next_url`'s `_start`)."""
    from urllib.parse import parse_qsl, urlsplit

    found, params = [], {}
    account = client.account()
    for _ in range(1000):
        page, _ = client.service(USER_MANAGEMENT, "GET", f"/v2/accounts/{quote(account, safe='')}/users", params=params)
        found += page.get("resources") or []
        following = page.get("next_url")
        if not following:
            return found
        params = dict(parse_qsl(urlsplit(following).query))
    return found


def iam_id_of(client: Client, email: str) -> str:
    """The user's IAM id by its email (flex.GetIBMUniqueId), or the IBM provider's error."""
    for user in users(client):
        if str(user.get("email", "")).lower() == email.lower():
            return user["iam_id"]
    raise ProviderError(f"User {email} is not found under account {client.account()}")


def _now_id() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%d %H:%M:%S.%f000 +0000 UTC")


def _invite_policy(client: Client, policy: dict) -> dict:
    block = (policy.get("resources") or [None])[0] or {}
    service = block.get("service") or "iam"
    return {"type": "access", "roles": [{"role_id": role_id(r, service)} for r in policy.get("roles") or []],
            "resources": [{"attributes": [{"name": a["name"], "value": a["value"]}
                                          for a in _attributes(policy, client.account())]}]}


def _flatten_resources(policy: dict) -> list[dict]:
    """A policy's resource as flex.FlattenPolicyResource reads it."""
    known = {api: name for name, api in _RESOURCE}
    block, extra = {}, {}
    for attribute in (policy.get("resources") or [{}])[0].get("attributes") or []:
        if attribute["name"] == "accountId":
            continue
        if attribute["name"] in known:
            block[known[attribute["name"]]] = attribute["value"]
        else:
            extra[attribute["name"]] = attribute["value"]
    if extra:
        block["attributes"] = extra
    return [block]


class UserInvite:
    TYPE = "ibm_iam_user_invite"
    kept = False  # its state holds what was configured: nothing to keep beside

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration(self.TYPE, "resource")

    def _path(self, client: Client) -> str:
        return f"/v2/accounts/{quote(client.account(), safe='')}/users"

    def _invite(self, client: Client, emails: list[str], planned: dict) -> None:
        for name in ("classic_infra_roles", "cloud_foundry_roles"):
            if planned.get(name):
                raise ProviderError(f"{self.TYPE}: {name} are classic infrastructure and Cloud Foundry roles, which "
                                    "this mock's User Management does not serve")
        if not emails:
            raise ProviderError("[ERROR] Users email not provided")
        body = {"users": [{"email": e, "account_role": "Member"} for e in emails]}
        if planned.get("access_groups"):
            body["access_groups"] = list(planned["access_groups"])
        if planned.get("iam_policy"):
            body["iam_policy"] = [_invite_policy(client, p) for p in planned["iam_policy"]]
        client.service(USER_MANAGEMENT, "POST", self._path(client), body)

    def _remove(self, client: Client, emails: list[str]) -> None:
        for email in emails:
            try:
                iam_id = iam_id_of(client, email)
            except ProviderError:
                continue  # gone already
            client.service(USER_MANAGEMENT, "DELETE", f"{self._path(client)}/{quote(iam_id, safe='')}")

    def create(self, client: Client, planned: dict) -> dict:
        self._invite(client, sorted(planned.get("users") or []), planned)
        return self._state(client, _now_id(), planned)

    def _state(self, client: Client, ident: str, prior: dict) -> dict:
        listed = users(client)
        policies, _ = client.service(IAM, "GET", "/v1/policies", params={"account_id": client.account(),
                                                                         "type": "access"})
        groups, _ = client.service(IAM, "GET", "/v2/groups", params={"account_id": client.account()})
        invited = []
        for user in listed:
            mine = [p for p in policies.get("policies") or []
                    if any(a.get("name") == "iam_id" and a.get("value") == user["iam_id"]
                           for s in p.get("subjects") or [] for a in s.get("attributes") or [])]
            member_of = [g for g in groups.get("groups") or [] if self._is_member(client, g["id"], user["iam_id"])]
            invited.append({
                "user_id": user.get("email"),
                "user_policies": [{"id": p["id"], "roles": [r.get("display_name") for r in p.get("roles") or []],
                                   "resources": _flatten_resources(p)} for p in mine],
                # the IBM provider asks for the policies of the access group whose id is the user's
                # IAM id (ListPolicies AccessGroupID: user.IamID), which IAM answers with none
                "access_groups": [{"name": g["name"], "policies": []} for g in member_of]})
        state = {k: prior.get(k) for k in ("users", "access_groups", "iam_policy", "classic_infra_roles",
                                           "cloud_foundry_roles") if prior.get(k) is not None}
        return {**state, "id": ident, "number_of_invited_users": len(listed) - 1, "invited_users": invited}

    def _is_member(self, client: Client, group: str, iam_id: str) -> bool:
        try:
            client.service(IAM, "HEAD", f"/v2/groups/{quote(group, safe='')}/members/{quote(iam_id, safe='')}")
        except ApiError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def read(self, client: Client, state: dict) -> dict | None:
        emails = {u["email"].lower() for u in users(client)}
        if not any(e.lower() in emails for e in state.get("users") or []):
            return None  # resourceIBMIAMGetUserProfileExists: none of its users is in the account
        return self._state(client, state["id"], state)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        before, after = set(prior.get("users") or []), set(planned.get("users") or [])
        if after - before:
            self._invite(client, sorted(after - before), planned)
        self._remove(client, sorted(before - after))
        return self._state(client, prior["id"], planned)

    def delete(self, client: Client, state: dict) -> None:
        self._remove(client, sorted(state.get("users") or []))

    def import_(self, client: Client, ident: str) -> dict | None:
        raise ProviderError(f"{self.TYPE} cannot be imported")


class UserSettings:
    TYPE = "ibm_iam_user_settings"

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration(self.TYPE, "resource")

    def _path(self, client: Client, email: str) -> str:
        return (f"/v2/accounts/{quote(client.account(), safe='')}/users/"
                f"{quote(iam_id_of(client, email), safe='')}/settings")

    def _patch(self, client: Client, email: str, body: dict) -> None:
        client.service(USER_MANAGEMENT, "PATCH", self._path(client, email), body)

    def create(self, client: Client, planned: dict) -> dict:
        ips = planned.get("allowed_ip_addresses") or []
        self._patch(client, planned["iam_id"], {"allowed_ip_addresses": ",".join(ips)} if ips else {})
        return self._read(client, planned["iam_id"]) or {}

    def _read(self, client: Client, email: str) -> dict | None:
        try:
            settings, _ = client.service(USER_MANAGEMENT, "GET", self._path(client, email))
        except ProviderError:
            return None  # no longer a user of the account
        ips = [ip for ip in (settings.get("allowed_ip_addresses") or "").split(",") if ip]
        # An empty list reads as unset (Go's strings.Split gives [""], which no configuration holds).
        return {"id": email, "iam_id": email, **({"allowed_ip_addresses": ips} if ips else {})}

    def read(self, client: Client, state: dict) -> dict | None:
        return self._read(client, state["id"])

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if planned.get("allowed_ip_addresses") != prior.get("allowed_ip_addresses"):
            self._patch(client, prior["id"], {"allowed_ip_addresses": ",".join(planned.get("allowed_ip_addresses")
                                                                               or [])})
        return self._read(client, prior["id"]) or {}

    def delete(self, client: Client, state: dict) -> None:
        try:
            self._patch(client, state["id"], {})  # the IBM provider's empty UserSettingOptions
        except ProviderError:
            return

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._read(client, ident)


class UserPolicy(AccessPolicy):
    """ibm_iam_user_policy: the subject is the IAM id of the user whose email `ibm_id` is."""

    def __init__(self):
        super().__init__(Subject("ibm_iam_user_policy", "ibm_id"))

    def _iam_id(self, client: Client, planned: dict) -> str:
        return iam_id_of(client, planned["ibm_id"])

    def update(self, client, prior, planned):
        owner, _ = self._owner_and_id(prior["id"])
        return super().update(client, {**prior, "iam_id": iam_id_of(client, owner)}, planned)

    def to_state(self, policy, headers, owner, prior, importing):
        state = super().to_state(policy, headers, owner, prior, importing)
        state.pop("iam_id", None)
        state["ibm_id"] = owner
        return state


RESOURCES = [UserInvite(), UserSettings(), UserPolicy()]
