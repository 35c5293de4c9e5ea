"""A minimal Global Tagging API: /v3/tags/attach, /v3/tags/detach, GET /v3/tags?attached_to=CRN, of
user tags (tags.py) and access management tags (`tag_type=access`, access_tags.py, which are
also created with POST /v3/tags and deleted with DELETE /v3/tags/<name>)."""

from flask import Blueprint, g, request

from vpcmock.engine.platform import access_tags, tags
from vpcmock.errors import ApiError
from vpcmock.http import auth
from vpcmock.http.common import ctx, json_body, respond, runtime, transactional
from vpcmock.http.schemas import platform as shapes
from vpcmock.http.schemas.base import load
from vpcmock.http.schemas.tagging import TagCreation, TagOperation

bp = Blueprint("tagging", __name__, url_prefix="/v3/tags")


@bp.before_request
def _authenticate():
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)
    g.region = runtime().settings.default_region


def _tag_type(allowed=("user", "access")) -> str:
    kind = request.args.get("tag_type", "user")
    if kind not in allowed:
        raise ApiError(400, "tag_type_unsupported", f"tag_type {kind!r} is not one of {', '.join(allowed)}")
    return kind


def _operation(apply, access_apply=None):
    body = load(TagOperation(), json_body())
    names = body.get("tag_names") or ([body["tag_name"]] if body.get("tag_name") else [])
    if _tag_type() == "access":
        apply = access_apply
        access_tags.check(names)
    tags.check_operation(names)
    c = ctx()
    results = []
    for item in body["resources"]:
        crn = item["resource_id"]
        found = tags.find_by_crn(c, crn)
        if found is None:
            results.append({"resource_id": crn, "is_error": True, "message": "resource not found"})
            continue
        message = apply(c, found[0], found[1], names)
        results.append({"resource_id": crn, "is_error": bool(message), **({"message": message} if message else {})})
    return respond({"results": results}, shapes.TAG_RESULTS)


@bp.post("/attach")
@transactional
def attach():
    """Attach tags to resources."""
    return _operation(tags.attach, access_tags.attach)


@bp.post("/detach")
@transactional
def detach():
    """Detach tags from resources."""
    return _operation(lambda c, table, doc, names: tags.detach(c, table, doc, names), access_tags.detach)


@bp.post("")
@transactional
def create_tag():
    """Create access management tags.

    `tag_type=access`: the only type created so (user tags are made by attaching them)."""
    _tag_type(("access",))
    body = load(TagCreation(), json_body())
    return respond({"results": access_tags.create(ctx(), body["tag_names"])}, shapes.CREATE_TAG_RESULTS)


@bp.delete("/<path:tag_name>")
@transactional
def delete_tag(tag_name: str):
    """Delete an access management tag no resource has."""
    _tag_type(("access",))
    return respond({"results": access_tags.delete(ctx(), tag_name, _tagged_tables())}, shapes.DELETE_TAG_RESULTS)


def _tagged_tables() -> tuple[str, ...]:
    return tags.TAGGED_TABLES + (tags.STORED,) + tags.platform_tables()


@bp.get("")
@transactional
def list_tags():
    """List tags."""
    c = ctx()
    crn = request.args.get("attached_to")
    if _tag_type() == "access":
        found = tags.find_by_crn(c, crn) if crn else None
        names = access_tags.of(found[1]) if found else [] if crn else access_tags.names(c)
    elif crn:
        found = tags.find_by_crn(c, crn)
        names = tags.tags_of(*found) if found else []
    else:
        tables = tags.TAGGED_TABLES + (tags.STORED,) + tags.platform_tables()
        names = sorted({t for table in tables for doc in runtime().store.all(table).values()
                        if doc.get("_account") == c.account for t in tags.tags_of(table, doc)})
    return respond({"total_count": len(names), "offset": 0, "limit": len(names),
                    "items": [{"name": n} for n in names]}, shapes.TAG_LIST)
