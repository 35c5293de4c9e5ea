"""/keys: SSH keys (engine/network/keys.py)."""

from vpcmock.engine.core.listing import paginate
from vpcmock.engine.network import keys
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, respond, respond_empty, respond_page,
                                 transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas.backup_policies import ById
from vpcmock.http.schemas.base import Obj, RequestSchema, Str, load, name_rule
from vpcmock.http.schemas.network import KEY


class KeyPrototype(RequestSchema):
    name = Str(validate=name_rule("key_name_invalid"))
    public_key = Str(required=True)
    type = Str()
    resource_group = Obj(ById)


class KeyPatch(RequestSchema):
    name = Str(validate=name_rule("key_name_invalid"))


PROTOTYPE, PATCH = KeyPrototype(), KeyPatch()


@api.get("/keys")
@transactional
def list_keys():
    """List all keys."""
    page = paginate(ctx().partition(keys.TABLE), **page_args())
    page.items = [keys.present(k) for k in page.items]
    return respond_page(page, "keys", KEY)


@api.post("/keys")
@transactional
def create_key():
    """Create a key."""
    key = keys.create(ctx(), load(PROTOTYPE, json_body()))
    return respond(keys.present(key), KEY, 201, key["_etag"])


@api.get("/keys/<ident>")
@transactional
def get_key(ident):
    """Retrieve a key."""
    key = keys.get(ctx(), ident)
    return respond(keys.present(key), KEY, 200, key["_etag"])


@api.patch("/keys/<ident>")
@transactional
def update_key(ident):
    """Update a key."""
    c = ctx()
    key = keys.get(c, ident)
    check_if_match(key)
    patch = load(PATCH, json_body())
    if "name" in patch:
        key = keys.rename(c, key, patch["name"])
    return respond(keys.present(key), KEY, 200, key["_etag"])


@api.delete("/keys/<ident>")
@transactional
def delete_key(ident):
    """Delete a key."""
    c = ctx()
    key = keys.get(c, ident)
    check_if_match(key)
    keys.delete(c, key)
    return respond_empty(204)
