"""The users of an account (IBM Cloud User Management, the ibm-platform-services
UserManagementV1 SDK): invited, listed, read, changed, given settings and removed.

Choices where IBM's reference is silent or needs a person (written here, tested):

- every account has its owner among its users, ACTIVE from the start (IBM lists the owner; the
  IBM provider's ibm_iam_user_invite counts the invited users as the listing less one): IAM id
  `IBMid-<10 characters derived from the account>`, email `owner@<account>.example.com`;
- an invited user is PENDING, with a new IAM id of IBM's user form (`IBMid-` and 10 upper-case
  letters and digits; the id a policy names it by and an access group member is), realm IBMid,
  `user_id` its email; the invitation is accepted by `POST /v2/users/accept` (IBM: the invitee's
  call; the mock has no invitee to call it, so a call to accept stands for the account's
  invitees accepting), which makes every PENDING user of the account ACTIVE;
- an invitation names access groups the users join and IAM policies they get (IAM access
  policies whose subject is the user's IAM id, as the SDK's InviteUserIamPolicy describes);
  inviting an email the account already has is refused (409 `user_exists`);
- removing a user takes it out of every access group; its policies stay (IBM removes a user's
  access with the user; the mock leaves the policies for the caller to delete, as the IBM
  provider's ibm_iam_user_policy does on destroy). The owner cannot be removed (400).
- a user's settings answer IBM's unset values until changed: empty `language`,
  `notification_language` and `allowed_ip_addresses`, `self_manage` false.
"""

from __future__ import annotations

import hashlib
import random
import string
import uuid

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import access_group_members, activity, iam_policies
from vpcmock.errors import ApiError, conflict, echo, field, parameter
from vpcmock.timeutil import rfc3339

TABLE = "users"
STATES = ("PROCESSING", "PENDING", "ACTIVE", "DISABLED_CLASSIC_INFRASTRUCTURE", "VPN_ONLY")
PROFILE = ("firstname", "lastname", "state", "email", "phonenumber", "altphonenumber", "photo")
SETTINGS = {"language": "", "notification_language": "", "allowed_ip_addresses": "", "self_manage": False}
# What a search may name (the SDK's list_users `search`: `<field>:<value>`), and the property it is.
SEARCHABLE = {"firstname": "firstname", "lastname": "lastname", "email": "email", "state": "state",
              "ibmUniqueId": "iam_id", "userId": "user_id"}


def _owner_iam_id(account: str) -> str:
    digest = hashlib.sha256(account.encode()).hexdigest().upper()
    return f"IBMid-{digest[:10]}"


def _new_iam_id() -> str:
    return "IBMid-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=10))


def _doc_id(ctx: Ctx, iam_id: str) -> str:
    return f"{ctx.account}/{iam_id}"


def _check_account(ctx: Ctx, account: str) -> None:
    if account != ctx.account:
        raise ApiError(403, "forbidden", f"The token's account is not account {echo(account)}",
                       parameter("account_id", account))


def _new(ctx: Ctx, email: str, iam_id: str, state: str, **more) -> dict:
    doc = ctx.stamp({"id": _doc_id(ctx, iam_id), "user_guid": uuid.uuid4().hex, "iam_id": iam_id, "realm": "IBMid",
                     "user_id": email, "email": email, "firstname": "", "lastname": "", "state": state,
                     "phonenumber": "", "altphonenumber": "", "photo": "", "account_id": ctx.account,
                     "added_on": rfc3339(ctx.now), "_seq": ctx.store.next_seq(), "_settings": dict(SETTINGS), **more})
    ctx.store.put(TABLE, doc)
    return doc


def users(ctx: Ctx, account: str) -> list[dict]:
    """The account's users, its owner first, then in the order invited."""
    _check_account(ctx, account)
    owner = ctx.owned(ctx.store.get(TABLE, _doc_id(ctx, _owner_iam_id(ctx.account))))
    if owner is None:
        _new(ctx, f"owner@{ctx.account}.example.com", _owner_iam_id(ctx.account), "ACTIVE", _owner=True)
    return sorted(ctx.partition(TABLE).values(), key=lambda d: d["_seq"])


def user(ctx: Ctx, account: str, iam_id: str) -> dict:
    users(ctx, account)
    doc = ctx.owned(ctx.store.get(TABLE, _doc_id(ctx, iam_id)))
    if doc is None:
        raise ApiError(404, "user_not_found", f"User {echo(iam_id)} is not in account {echo(account)}",
                       parameter("iam_id", iam_id))
    return doc


def search(docs: list[dict], text: str | None, user_id: str | None) -> list[dict]:
    """The users matching `user_id` and every `<field>:<value>` of `search` (comma-separated)."""
    if user_id is not None:
        docs = [d for d in docs if d["user_id"].lower() == user_id.lower()]
    for term in filter(None, (text or "").split(",")):
        name, sep, value = term.partition(":")
        if not sep or name.strip() not in SEARCHABLE:
            raise ApiError(400, "invalid_search", f"search term {echo(term)} is not <field>:<value> with a field of "
                           f"{', '.join(SEARCHABLE)}", parameter("search", text))
        prop = SEARCHABLE[name.strip()]
        docs = [d for d in docs if str(d.get(prop, "")).lower() == value.strip().lower()]
    return docs


def invite(ctx: Ctx, account: str, body: dict) -> list[dict]:
    """Invite each user of the body (PENDING), add them to the access groups named and give them
    the policies named; answers the invited users."""
    existing = {d["email"].lower() for d in users(ctx, account)}
    wanted = body.get("users") or []
    if not wanted:
        raise ApiError(400, "missing_field", "users must list at least one user to invite", field("users", wanted))
    emails = []
    for index, item in enumerate(wanted):
        email = item.get("email")
        if not isinstance(email, str) or "@" not in email.strip("@"):
            raise ApiError(400, "invalid_email", f"users[{index}].email {echo(email)} is not an email address",
                           field(f"users[{index}].email", email))
        if email.lower() in existing or email.lower() in (e.lower() for e in emails):
            raise conflict("user_exists", f"{echo(email)} is already a user of account {echo(account)}",
                           field(f"users[{index}].email", email))
        emails.append(email)
    groups = body.get("access_groups") or []
    for group_id in groups:
        access_group_members.group(ctx, group_id)  # 404 before anything is made
    policies = [_policy_body(p, index) for index, p in enumerate(body.get("iam_policy") or [])]
    made = []
    for email in emails:
        doc = _new(ctx, email, _new_iam_id(), "PENDING")
        for group_id in groups:
            access_group_members.add(ctx, group_id, [(doc["iam_id"], "user")])
        for policy in policies:
            subject = [{"attributes": [{"name": "iam_id", "value": doc["iam_id"]}]}]
            iam_policies.create(ctx, {**policy, "subjects": subject}, _who(ctx))
        activity.record(ctx, "user-management.user.create", _crn(ctx, doc), target_name=email)
        made.append(doc)
    return made


def _policy_body(policy: dict, index: int) -> dict:
    if policy.get("type") not in ("access", "authorization"):
        raise ApiError(400, "invalid_type", f"iam_policy[{index}].type must be access",
                       field(f"iam_policy[{index}].type", policy.get("type")))
    return {"type": policy["type"], "roles": policy.get("roles") or [], "resources": policy.get("resources") or []}


def _who(ctx: Ctx) -> str:
    return (ctx.initiator or {}).get("id") or f"iam-ServiceId-{ctx.account}"


def _crn(ctx: Ctx, doc: dict) -> str:
    return f"crn:v1:bluemix:public:user-management::a/{ctx.account}::user:{doc['iam_id']}"


def accept(ctx: Ctx, account: str) -> list[dict]:
    """The account's invitees accept: PENDING users become ACTIVE."""
    accepted = []
    for doc in users(ctx, account):
        if doc["state"] == "PENDING":
            accepted.append(ctx.store.replace(TABLE, doc, state="ACTIVE"))
    return accepted


def update_profile(ctx: Ctx, account: str, iam_id: str, patch: dict) -> dict:
    doc = user(ctx, account, iam_id)
    if "state" in patch and patch["state"] not in STATES:
        raise ApiError(400, "invalid_state", f"state {echo(patch['state'])} is not one of {', '.join(STATES)}",
                       field("state", patch["state"]))
    changes = {k: v for k, v in patch.items() if k in PROFILE and v is not None}
    doc = ctx.store.replace(TABLE, doc, **changes)
    activity.record(ctx, "user-management.user.update", _crn(ctx, doc), target_name=doc["email"])
    return doc


def settings(ctx: Ctx, account: str, iam_id: str) -> dict:
    return dict(user(ctx, account, iam_id)["_settings"])


def update_settings(ctx: Ctx, account: str, iam_id: str, patch: dict) -> dict:
    doc = user(ctx, account, iam_id)
    merged = {**doc["_settings"], **{k: v for k, v in patch.items() if k in SETTINGS and v is not None}}
    ctx.store.replace(TABLE, doc, _settings=merged)
    return merged


def remove(ctx: Ctx, account: str, iam_id: str) -> None:
    doc = user(ctx, account, iam_id)
    if doc.get("_owner"):
        raise ApiError(400, "cannot_remove_owner", f"{echo(iam_id)} owns account {echo(account)} and cannot be removed",
                       parameter("iam_id", iam_id))
    try:
        access_group_members.remove_from_all(ctx, iam_id)
    except ApiError as exc:
        if exc.status != 404:  # a member of no group: nothing to leave
            raise
    ctx.store.delete(TABLE, doc["id"])
    activity.record(ctx, "user-management.user.delete", _crn(ctx, doc), target_name=doc["email"])


def iam_id_of_email(ctx: Ctx, email: str) -> str | None:
    """The IAM id of the account's user of that email (the IBM provider's lookup of a user)."""
    found = search(users(ctx, ctx.account), None, email)
    return found[0]["iam_id"] if found else None
