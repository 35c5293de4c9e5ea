"""A resource's name, unique in its scope (a region's volumes, a policy's plans, a share's mount
targets), as the API keeps names: one place for the rule and its 409."""

from __future__ import annotations

from collections.abc import Iterable

from vpcmock import ids
from vpcmock.errors import conflict, field


def name_for_new(scope: Iterable[dict], asked: str | None, code: str, message: str, target: str = "name") -> str:
    """The name of a resource being created in `scope`: `asked`, refused with a 409 `code` and
    `message` (formatted with `name`) when a member has it; without one, a random free name."""
    taken = {member["name"] for member in scope}
    name = asked or ids.random_name(taken)
    if name in taken:
        raise conflict(code, message.format(name=name), field(target, name))
    return name


def check_rename(scope: Iterable[dict], resource: dict, name: str, code: str, message: str,
                 target: str = "name") -> None:
    """A 409 `code` when a member of `scope` other than `resource` has `name` already."""
    if any(member["name"] == name and member["id"] != resource["id"] for member in scope):
        raise conflict(code, message.format(name=name), field(target, name))
