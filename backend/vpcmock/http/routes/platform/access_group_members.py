"""IAM Access Groups' membership operations (IamAccessGroupsV2: add_members_to_access_group,
list_access_group_members, is_member_of_access_group, remove_member_from_access_group,
remove_members_from_access_group, add_member_to_multiple_access_groups,
remove_member_from_all_access_groups), beside the generic engine's groups and rules
(platform_generic.HAND_WRITTEN). The HTTP layer parses and answers; what a membership is and
who may be a member is the engine's (engine/platform/access_group_members.py)."""

from __future__ import annotations

from flask import request

from vpcmock.engine.generic import validation
from vpcmock.engine.platform import access_group_members as engine
from vpcmock.errors import ApiError, parameter
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body, offset_page, respond_empty


def _body(op: dict) -> dict:
    body = json_body()
    validation.body(body, op["body"])
    return body


def _check_account() -> None:
    account = request.args.get("account_id")
    if account is not None and account != ctx().account:
        raise ApiError(403, "forbidden", "The token's account is not the account_id asked for",
                       parameter("account_id", account))


def add_members(op: dict, values: list[str], generic):
    members = _body(op).get("members") or []
    wanted = [(m.get("iam_id"), m.get("type")) for m in members]
    return table_shapes.answer(op, {"members": engine.add(ctx(), values[0], wanted)})


def list_members(op: dict, values: list[str], generic):
    """A page of the group's members (`offset`, `limit` 1..100, 50 by default), of one `type`
    when asked; `membership_type` static (the default) or all: the mock's members are all
    static (dynamic members come from rules, which add none in the mock)."""
    held = engine.members(engine.group(ctx(), values[0]))
    kind = request.args.get("type")
    if kind is not None:
        if kind not in engine.TYPES:
            raise ApiError(400, "invalid_member_type", f"type {kind!r} is not one of {', '.join(engine.TYPES)}",
                           parameter("type", kind))
        held = [m for m in held if m["type"] == kind]
    if request.args.get("membership_type", "static") == "dynamic":
        held = []
    payload = offset_page("members", held)
    page = [{**m, "membership_type": "static"} for m in payload["members"]]
    verbose = request.args.get("verbose", "false").lower() == "true"
    if not verbose:  # without `verbose`, IAM leaves out the details it looks up
        page = [{k: v for k, v in m.items() if k not in ("name", "email", "description")} for m in page]
    payload["members"] = page
    return table_shapes.answer(op, payload)


def is_member(op: dict, values: list[str], generic):
    if not engine.is_member(ctx(), values[0], values[1]):
        raise ApiError(404, "member_not_found", f"{values[1]} is not a member of {values[0]}")
    return respond_empty(op["status"])


def remove_member(op: dict, values: list[str], generic):
    engine.remove_one(ctx(), values[0], values[1])
    return respond_empty(op["status"])


def remove_members(op: dict, values: list[str], generic):
    iam_ids = _body(op).get("members") or []
    return table_shapes.answer(op, {"access_group_id": values[0], "members": engine.remove(ctx(), values[0], iam_ids)})


def add_to_groups(op: dict, values: list[str], generic):
    _check_account()
    body = _body(op)
    return table_shapes.answer(op, {"iam_id": values[0], "groups": engine.add_to_groups(ctx(), values[0], body.get("type"),
                                                                            body.get("groups") or [])})


def remove_from_all(op: dict, values: list[str], generic):
    _check_account()
    return table_shapes.answer(op, {"iam_id": values[0], "groups": engine.remove_from_all(ctx(), values[0])})


HANDLERS = {"add_members_to_access_group": add_members, "list_access_group_members": list_members,
            "is_member_of_access_group": is_member, "remove_member_from_access_group": remove_member,
            "remove_members_from_access_group": remove_members,
            "add_member_to_multiple_access_groups": add_to_groups,
            "remove_member_from_all_access_groups": remove_from_all}


def _leaving(kind: str):
    """IAM Identity's delete of a service ID or trusted profile: it leaves its groups first."""
    def view(op: dict, values: list[str], generic):
        engine.forget(ctx(), kind, values[-1])
        return generic()
    return view


# IAM Identity's operations whose effect reaches the groups (platform_generic.HAND_WRITTEN).
IDENTITY_HANDLERS = {"delete_service_id": _leaving("service"), "delete_profile": _leaving("profile")}
