"""ibm_iam_access_group_members through IAM Access Groups' membership operations, as the IBM
provider manages it (resource_ibm_iam_access_group_members.go): the configured users
(`ibm_ids`), service IDs (`iam_service_ids`) and trusted profiles (`iam_profile_ids`) are
resolved to IAM ids and added with one `PUT /v2/groups/{id}/members`; an update adds what is new
and removes (`DELETE /v2/groups/{id}/members/{iam_id}`) what went; a read lists the group's
members (100 a page) and answers them by kind; delete removes the configured ones. The id is
`<group id>/<creation time>`, as the IBM provider sets it (the time in RFC 3339).

Users. The IBM provider turns a user's login (`ibm_ids`, an email) into the user's IAM id
through the User Management API, which the mock does not serve: here a login's IAM id is
`IBMid-` and the login in base32 (RFC 4648, no padding; letters and digits, an IAM id of IBM's
user form the mock's IAM takes), so a read names the users it added by their logins again. A
user member added otherwise (an SDK adding `IBMid-50ABCDEFGH`) reads as its IAM id."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timezone

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform.api_backed import IAM

TYPE = "ibm_iam_access_group_members"
KINDS = (("ibm_ids", "user"), ("iam_service_ids", "service"), ("iam_profile_ids", "profile"))


def user_iam_id(login: str) -> str:
    if login.startswith("IBMid-"):
        return login
    return "IBMid-" + base64.b32encode(login.encode()).decode().rstrip("=")


def login_of(iam_id: str) -> str:
    encoded = iam_id.removeprefix("IBMid-")
    try:
        login = base64.b32decode(encoded + "=" * (-len(encoded) % 8)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return iam_id
    return login if "@" in login and login.isprintable() else iam_id


def _identity_iam_id(client: Client, collection: str, ident: str, argument: str) -> str:
    """A service ID's or trusted profile's IAM id (the IBM provider's GetServiceID)."""
    from urllib.parse import quote
    try:
        found, _ = client.service(IAM, "GET", f"/v1/{collection}/{quote(ident, safe='')}")
    except ApiError as exc:
        if exc.status == 404:
            raise ApiError(404, "not_found", f"Error Getting {collection} {ident!r}: not found", argument) from None
        raise
    return found["iam_id"]


def iam_ids(client: Client, values: dict) -> list[tuple[str, str]]:
    """(IAM id, type) of each configured member."""
    found = [(user_iam_id(login), "user") for login in values.get("ibm_ids") or []]
    found += [(_identity_iam_id(client, "serviceids", i, "iam_service_ids"), "service")
              for i in values.get("iam_service_ids") or []]
    found += [(_identity_iam_id(client, "profiles", i, "iam_profile_ids"), "profile")
              for i in values.get("iam_profile_ids") or []]
    return found


def configured_id(kind: str, iam_id: str) -> str:
    """What a member of `kind` is named by in the configuration: a user's login, a service ID's
    or profile's id (its IAM id without `iam-`)."""
    return login_of(iam_id) if kind == "user" else iam_id.removeprefix("iam-")


def list_members(client: Client, group: str) -> list[dict] | None:
    """Every member of the group, 100 a page; None if the group is gone."""
    members, offset = [], 0
    while True:
        try:
            page, _ = client.service(IAM, "GET", f"/v2/groups/{group}/members",
                                     params={"limit": 100, "offset": offset})
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        members += page.get("members") or []
        offset += 100
        if offset >= (page.get("total_count") or 0):
            return members


def by_kind(members: list[dict]) -> dict[str, list[str]]:
    return {name: sorted(configured_id(kind, m["iam_id"]) for m in members if m.get("type") == kind)
            for name, kind in KINDS}


class AccessGroupMembers:
    DECLARATION = ibm_schema.declaration(TYPE, "resource")

    def __init__(self):
        self.fields = {fld.name: fld for fld in self.DECLARATION.fields}

    @staticmethod
    def _group(state: dict) -> str:
        return str(state.get("access_group_id") or state["id"]).split("/")[0]

    def _add(self, client: Client, group: str, members: list[tuple[str, str]]) -> None:
        if not members:
            return
        answer, _ = client.service(IAM, "PUT", f"/v2/groups/{group}/members",
                                   {"members": [{"iam_id": i, "type": t} for i, t in members]})
        failed = [m for m in answer.get("members") or [] if (m.get("status_code") or 200) >= 400]
        if failed:
            error = (failed[0].get("errors") or [{}])[0]
            raise ApiError(failed[0]["status_code"], error.get("code") or "member_not_added",
                           f"Error adding members to group({group}): {failed[0].get('iam_id')}: "
                           f"{error.get('message')}", "access_group_id")

    def _remove(self, client: Client, group: str, members: list[tuple[str, str]]) -> None:
        for iam_id, _ in members:
            try:
                client.service(IAM, "DELETE", f"/v2/groups/{group}/members/{iam_id}")
            except ApiError as exc:
                if exc.status != 404:
                    raise

    def _state(self, client: Client, ident: str, prior: dict) -> dict | None:
        group = ident.split("/")[0]
        members = list_members(client, group)
        if members is None:
            return None
        state = {"id": ident, "access_group_id": prior.get("access_group_id") or group,
                 "members": [{"iam_id": m["iam_id"], "type": m.get("type")} for m in members]}
        for name, values in by_kind(members).items():
            if values or prior.get(name) is not None:
                state[name] = values
        return state

    def create(self, client: Client, planned: dict) -> dict:
        group = self._group(planned)
        if not any(planned.get(name) for name, _ in KINDS):
            raise ApiError(400, "no_members", "Provide either `ibm_ids`, `iam_service_ids` or `iam_profile_ids`",
                           "ibm_ids")
        self._add(client, group, iam_ids(client, planned))
        # The IBM provider's second part is Go's time.String() of now, which nothing reads back
        # (only the group id is); written without its spaces, as it travels in URLs here.
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return self._state(client, f"{group}/{stamp}", planned) or {}

    def read(self, client: Client, state: dict) -> dict | None:
        return self._state(client, state["id"], state)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        group = self._group(prior)
        before, after = set(iam_ids(client, prior)), set(iam_ids(client, planned))
        self._add(client, group, sorted(after - before))
        self._remove(client, group, sorted(before - after))
        return self._state(client, prior["id"], planned) or {}

    def delete(self, client: Client, state: dict) -> None:
        """Remove the configured members (as listed: a service ID deleted meanwhile is gone)."""
        members = list_members(client, self._group(state)) or []
        configured = by_kind(members)
        wanted = {(name, value) for name, _ in KINDS for value in state.get(name) or []}
        self._remove(client, self._group(state), [(m["iam_id"], m.get("type")) for m in members
                                                  if (next(n for n, k in KINDS if k == m.get("type")),
                                                      configured_id(m.get("type"), m["iam_id"])) in wanted])

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._state(client, ident if "/" in ident else f"{ident}/imported", {})
