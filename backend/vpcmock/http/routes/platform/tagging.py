"""A minimal Global Tagging API: /v3/tags/attach, /v3/tags/detach, GET /v3/tags?attached_to=CRN."""

from flask import Blueprint, g, request

from vpcmock.engine.platform import tags
from vpcmock.errors import ApiError
from vpcmock.http import auth
from vpcmock.http.common import ctx, json_body, respond, runtime, transactional
from vpcmock.http.schemas import platform as shapes
from vpcmock.http.schemas.base import load
from vpcmock.http.schemas.tagging import TagOperation

bp = Blueprint("tagging", __name__, url_prefix="/v3/tags")


@bp.before_request
def _authenticate():
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)
    g.region = runtime().settings.default_region


def _operation(apply):
    body = load(TagOperation(), json_body())
    names = body.get("tag_names") or ([body["tag_name"]] if body.get("tag_name") else [])
    if request.args.get("tag_type", "user") != "user":
        raise ApiError(400, "tag_type_unsupported", "Only user tags are supported")
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
    return _operation(tags.attach)


@bp.post("/detach")
@transactional
def detach():
    """Detach tags from resources."""
    return _operation(lambda c, table, doc, names: tags.detach(c, table, doc, names))


@bp.get("")
@transactional
def list_tags():
    """List tags."""
    c = ctx()
    crn = request.args.get("attached_to")
    if crn:
        found = tags.find_by_crn(c, crn)
        names = tags.tags_of(*found) if found else []
    else:
        tables = tags.TAGGED_TABLES + (tags.STORED,) + tags.platform_tables()
        names = sorted({t for table in tables for doc in runtime().store.all(table).values()
                        if doc.get("_account") == c.account for t in tags.tags_of(table, doc)})
    return respond({"total_count": len(names), "offset": 0, "limit": len(names),
                    "items": [{"name": n} for n in names]}, shapes.TAG_LIST)
