"""/stored_resources: vpcmock's own route for the IBM types kept as given (see engine/platform/stored.py).
Scoped like every VPC route: by the token's account and the URL's region."""

from flask import request

from vpcmock.engine.platform import stored
from vpcmock.engine.core.listing import paginate
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, respond, respond_empty, respond_page,
                                 transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas import stored as shapes
from vpcmock.http.schemas.base import load
from vpcmock.errors import ApiError, parameter

PROTOTYPE, PATCH = shapes.StoredPrototype(), shapes.StoredPatch()
_PAGING = ("start", "limit", "version", "generation", "type")


@api.get("/stored_resources")
@transactional
def list_stored():
    """List all stored resources."""
    c = ctx()
    type_name = request.args.get("type")
    if type_name is not None:
        stored.check_type(type_name)
    filters = {key: value for key, value in request.args.items() if key not in _PAGING}
    rows = {d["id"]: d for d in stored.builtin(c, type_name or "")}
    rows.update(c.partition(stored.TABLE))
    page = paginate(rows, match=stored.matcher(type_name, filters), **page_args())
    page.items = [shapes.present(d) for d in page.items]
    return respond_page(page, "stored_resources", shapes.STORED)


@api.post("/stored_resources")
@transactional
def create_stored():
    """Create a stored resource."""
    c = ctx()
    body = load(PROTOTYPE, json_body())
    doc = stored.create(c, body["type"], body["attributes"], body["references"])
    return respond(shapes.present(doc), shapes.STORED, 201, doc["_etag"])


@api.put("/stored_resources/<ident>")
@transactional
def put_stored(ident):
    """Create or replace a stored resource.

    Create with the id given (the provider keeps there the client-side attributes of an API
    resource, under that resource's id), or replace the attributes of an existing one."""
    c = ctx()
    body = load(PROTOTYPE, json_body())
    existing = c.owned(c.store.get(stored.TABLE, ident))
    if existing is None:
        if len(ident) > 256:
            raise ApiError(400, "invalid_id", "An id has at most 256 characters", parameter("id", ident))
        doc = stored.create(c, body["type"], body["attributes"], body["references"], ident=ident)
        return respond(shapes.present(doc), shapes.STORED, 201, doc["_etag"])
    if existing["type"] != body["type"]:
        raise ApiError(409, "conflict", f"{ident} is a {existing['type']}, not a {body['type']}",
                       parameter("id", ident))
    check_if_match(existing)
    doc = stored.update(c, existing, body["attributes"], body["references"])
    return respond(shapes.present(doc), shapes.STORED, 200, doc["_etag"])


@api.get("/stored_resources/<ident>")
@transactional
def get_stored(ident):
    """Retrieve a stored resource."""
    doc = stored.get(ctx(), ident)
    return respond(shapes.present(doc), shapes.STORED, 200, doc.get("_etag"))


@api.patch("/stored_resources/<ident>")
@transactional
def update_stored(ident):
    """Update a stored resource."""
    c = ctx()
    doc = stored.get(c, ident)
    check_if_match(doc)
    body = load(PATCH, json_body())
    doc = stored.update(c, doc, body["attributes"], body["references"])
    return respond(shapes.present(doc), shapes.STORED, 200, doc["_etag"])


@api.delete("/stored_resources/<ident>")
@transactional
def delete_stored(ident):
    """Delete a stored resource."""
    c = ctx()
    doc = stored.get(c, ident)
    check_if_match(doc)
    stored.delete(c, doc)
    return respond_empty(204)
