"""Access management tags (Global Tagging with `tag_type=access`): tags an account creates, to be
named by IAM policies and attached to resources by CRN, beside the user tags of tags.py.

IBM's rules (Global Tagging API reference and "Working with tags"): an access tag is
`key:value`, at most 128 characters of letters, digits, spaces, `_`, `.`, `-` and one `:`;
attaching one that does not exist creates it; one still attached to a resource cannot be deleted
(its result is an error, as IBM answers). Choices where the reference is silent: creating a tag
the account has is no error (the result says it exists as wanted), and deleting one it has not
is 404 `tag_not_found`.

Created tags are documents of table `access_tags` (id `<account>/<name>`), in creation order;
a resource keeps its attached access tags in `_access_tags`.
"""

from __future__ import annotations

import re

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.errors import ApiError, echo, parameter

TABLE = "access_tags"
KEY = "_access_tags"
_TAG = re.compile(r"[A-Za-z0-9_ .-]+:[A-Za-z0-9_ .-]+")


def check(names: list[str]) -> list[str]:
    if not names:
        raise ApiError(400, "tag_names_missing", "tag_names must list at least one tag")
    cleaned = []
    for name in names:
        text = name.strip().lower() if isinstance(name, str) else name
        if not isinstance(text, str) or len(text) > 128 or not _TAG.fullmatch(text):
            raise ApiError(400, "invalid_tag_name", f"Access tag {echo(name)} is not key:value of at most 128 "
                           "letters, digits, spaces, _ . -", parameter("tag_names", name))
        cleaned.append(text)
    return cleaned


def _ident(ctx: Ctx, name: str) -> str:
    return f"{ctx.account}/{name}"


def exists(ctx: Ctx, name: str) -> bool:
    return ctx.owned(ctx.store.get(TABLE, _ident(ctx, name))) is not None


def create(ctx: Ctx, names: list[str]) -> list[dict]:
    """Each tag made (or already there): its result."""
    results = []
    for name in check(names):
        if not exists(ctx, name):
            ctx.store.put(TABLE, ctx.stamp({"id": _ident(ctx, name), "name": name, "_seq": ctx.store.next_seq()}))
            activity.record(ctx, "global-search-tagging.tag.create", f"crn:v1:bluemix:public:global-search-tagging::"
                            f"a/{ctx.account}::tag:{name}", target_name=name)
        results.append({"tag_name": name, "is_error": False})
    return results


def attached_anywhere(ctx: Ctx, name: str, tables) -> bool:
    return any(name in (doc.get(KEY) or []) for table in tables for doc in ctx.store.all(table).values()
               if doc.get("_account") == ctx.account)


def delete(ctx: Ctx, name: str, tables) -> list[dict]:
    """The tag deleted, or its error result while a resource has it."""
    name = name.strip().lower()
    if not exists(ctx, name):
        raise ApiError(404, "tag_not_found", f"The account has no access tag {echo(name)}", parameter("tag_name", name))
    if attached_anywhere(ctx, name, tables):
        return [{"is_error": True, "provider": "ghost"}]
    ctx.store.delete(TABLE, _ident(ctx, name))
    activity.record(ctx, "global-search-tagging.tag.delete", f"crn:v1:bluemix:public:global-search-tagging::"
                    f"a/{ctx.account}::tag:{name}", target_name=name)
    return [{"is_error": False, "provider": "ghost"}]


def names(ctx: Ctx) -> list[str]:
    return [d["name"] for d in sorted(ctx.partition(TABLE).values(), key=lambda d: d["_seq"])]


def attach(ctx: Ctx, table: str, doc: dict, tag_names: list[str]) -> str | None:
    tags = check(tag_names)
    create(ctx, [t for t in tags if not exists(ctx, t)] or tags)
    ctx.store.replace(table, doc, **{KEY: list(dict.fromkeys((doc.get(KEY) or []) + tags))})
    return None


def detach(ctx: Ctx, table: str, doc: dict, tag_names: list[str]) -> None:
    gone = set(check(tag_names))
    ctx.store.replace(table, doc, **{KEY: [t for t in doc.get(KEY) or [] if t not in gone]})


def of(doc: dict) -> list[str]:
    return list(doc.get(KEY) or [])
