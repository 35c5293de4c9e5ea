"""IBM Cloud User Management (UserManagementV1 of ibm-platform-services; the IBM provider's
IBMCLOUD_USER_MANAGEMENT_ENDPOINT, `vpcmock env` pointing it at `<mock>/user-management`):
every operation of its table, hand-written beside the generic engine (platform_generic.HAND_WRITTEN).
This module parses and answers; who the users are is the engine's (engine/platform/users.py).

`include_settings` and `include_activity` are accepted and change nothing: the answer's models
(UserProfile) have no place for settings or activity.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from vpcmock.engine.generic import validation
from vpcmock.engine.platform import users as engine
from vpcmock.http import table_shapes
from vpcmock.http.common import MAX_LIMIT, ctx, json_body, query_int, respond_empty


def _body(op: dict) -> dict:
    body = json_body()
    validation.body(body, op["body"])
    return body


def profile(doc: dict) -> dict:
    """A user as UserProfile answers it: `id` the user's own (not the IAM id)."""
    shown = {name: doc.get(name) for name in ("iam_id", "realm", "user_id", "firstname", "lastname", "state",
                                             "email", "phonenumber", "altphonenumber", "photo", "account_id",
                                             "added_on")}
    return {"id": doc["user_guid"], **shown}


def list_users(op: dict, values: list[str], generic):
    """A page of the account's users (`limit` 1..100, 100 by default as IBM's; `_start` the
    index of the page's first user, the token of `next_url`)."""
    docs = engine.search(engine.users(ctx(), values[0]), request.args.get("search"), request.args.get("user_id"))
    start = query_int("_start", 0, 0, 2**31 - 1) if request.args.get("_start") else 0
    limit = query_int("limit", MAX_LIMIT, 1, MAX_LIMIT)
    payload = {"total_results": len(docs), "limit": limit, "first_url": _url(0),
               "resources": [profile(d) for d in docs[start:start + limit]]}
    if start + limit < len(docs):
        payload["next_url"] = _url(start + limit)
    return table_shapes.answer(op, payload)


def _url(start: int) -> str:
    params = [(k, v) for k, v in request.args.items(multi=True) if k != "_start"]
    query = urlencode(params + ([("_start", start)] if start else []))
    return request.path + (f"?{query}" if query else "")


def invite_users(op: dict, values: list[str], generic):
    made = engine.invite(ctx(), values[0], _body(op))
    return table_shapes.answer(op, {"resources": [{"email": d["email"], "id": d["iam_id"], "state": d["state"]} for d in made]})


def accept(op: dict, values: list[str], generic):
    body = _body(op)
    engine.accept(ctx(), body.get("account_id") or ctx().account)
    return respond_empty(op["status"])


def get_user_profile(op: dict, values: list[str], generic):
    return table_shapes.answer(op, profile(engine.user(ctx(), values[0], values[1])))


def update_user_profile(op: dict, values: list[str], generic):
    engine.update_profile(ctx(), values[0], values[1], _body(op))
    return respond_empty(op["status"])


def get_user_settings(op: dict, values: list[str], generic):
    return table_shapes.answer(op, engine.settings(ctx(), values[0], values[1]))


def update_user_settings(op: dict, values: list[str], generic):
    engine.update_settings(ctx(), values[0], values[1], _body(op))
    return respond_empty(op["status"])


def remove_user(op: dict, values: list[str], generic):
    engine.remove(ctx(), values[0], values[1])
    return respond_empty(op["status"])


HANDLERS = {"list_users": list_users, "invite_users": invite_users, "accept": accept,
            "get_user_profile": get_user_profile, "update_user_profile": update_user_profile,
            "get_user_settings": get_user_settings, "update_user_settings": update_user_settings,
            "remove_user": remove_user, "v3_remove_user": remove_user}
