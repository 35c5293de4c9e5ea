"""Every operation of the API table that no emulated route serves, served by the generic
engine (engine/generic): one rule under /v1 and /<region>/v1 (the VPC blueprint, so the same
token, region, version and generation checks apply) that Flask tries after every specific
rule. The request's method and path name the operation; the table says
its body, query, status and answer; the answer is checked against its model (table_shapes).
(The match is `api_table.match`'s, looked for among the operations under the path's first
segment: collections.match.)

Which operations are the generic engine's: http/generic_served.py.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlencode

from flask import Response, current_app, request

from vpcmock import api_table
from vpcmock.engine.generic import (api_versions, collections, models, operations, references, relations, resources,
                                    validation)
from vpcmock.errors import ApiError, parameter
from vpcmock.http import table_shapes
from vpcmock.http.common import (check_if_match, ctx, json_body, json_response, page_args, requested_version,
                                 respond_empty, transactional)
from vpcmock.http.generic_served import ENDPOINT, NOT_EMULATED, served
from vpcmock.http.routes import api

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_PAGING = ("start", "limit", "sort")
MAX_LISTED = 10_000  # an unpaginated collection is answered whole (IBM caps them far lower: rules, members)


@api.route("/<path:rest>", methods=list(METHODS), endpoint=ENDPOINT)
@transactional
def generic(rest):
    """Any other operation of the VPC API (generic engine)."""
    path = _cidr_joined("/" + rest.rstrip("/"))
    found = collections.match(request.method, path)
    if found is not None and found[0] not in served(current_app) and found[0] in NOT_EMULATED:
        raise ApiError(501, "operation_not_emulated", f"{request.method} {request.path} ({found[0]}) is an "
                       f"operation of the VPC API the mock does not emulate: {NOT_EMULATED[found[0]]}")
    if found is None or found[0] not in served(current_app):
        if found or any(collections.match(method, path) for method in METHODS if method != request.method):
            raise ApiError(405, "method_not_allowed", f"{request.method} is not served on {request.path}")
        raise ApiError(404, "not_found", f"No operation is served at {request.path}")
    op_id, path_params = found
    op = api_table.operation(op_id)
    values = [path_params[name] for name in collections.params_of(op["path"])]
    kind = served(current_app)[op_id]
    if kind[0] == "collection":
        return _collection_op(op, kind[1], kind[2], values)
    if kind[0] == "action":
        return _action_op(op, kind[1], kind[2], values)
    if kind[0] == "operation":
        return _operation_op(op, kind[1], [unquote(v) for v in values])
    return _singleton_op(op, kind[1], kind[2], values)


# A CIDR in a path (`/vpn_gateways/{id}/advertised_cidrs/{cidr}`): the SDK sends its "/" as
# %2F, which the server decodes before routing; the last two segments are the CIDR again.
_CIDR_TAIL = re.compile(r"^(.*/cidrs|.*/advertised_cidrs)/([0-9A-Fa-f:.]+)/([0-9]{1,3})$")


def _cidr_joined(path: str) -> str:
    found = _CIDR_TAIL.match(path)
    return f"{found[1]}/{quote(found[2] + '/' + found[3], safe='')}" if found else path


def _operation_op(op: dict, op_id: str, values: list[str]):
    """An operation of engine/generic/operations.py: its body checked against the table, its
    answer the operation's model (or text, or empty)."""
    body = None
    if op["body"]:
        body = json_body()
        validation.body(body, op["body"])
    path = list(zip(collections.params_of(op["path"]), values))
    payload = operations.OPERATIONS[op_id](ctx(), path, body, dict(request.args))
    response = op.get("response") or {}
    if payload is None:
        return respond_empty(op["status"])
    if isinstance(payload, str):
        return Response(payload, status=op["status"], mimetype=response.get("content_type") or "text/plain")
    return _answer(op, payload, None)


def _action_op(op: dict, key: str, action: str, values: list[str]):
    c = ctx()
    coll = collections.collection(key)
    doc = resources.parent_of(c, coll, list(zip(collections.params_of(op["path"]), values)), itself=True)
    if op["body"]:
        validation.body(json_body(), op["body"])
    doc = resources.act(c, coll, doc, action)
    if not (op.get("response") or {}).get("model"):
        return respond_empty(op["status"])
    return _answer(op, resources.view(c, coll, doc), doc["_etag"])


def _collection_op(op: dict, key: str, verb: str, values: list[str]):
    c = ctx()
    coll = collections.collection(key)
    names = collections.params_of(op["path"])
    item_verb = verb in ("get", "update", "delete", "put")
    ancestors = list(zip(names, values))[:-1] if item_verb else list(zip(names, values))
    parent = resources.parent_of(c, coll, ancestors)
    if verb == "list":
        limit_args = page_args() if op.get("pagination") else {"start": None, "limit": MAX_LISTED}
        filters = _filters(op)
        sort = _sort(op)
        return _page(coll, resources.listing(c, coll, parent, filters, sort=sort, **limit_args), op)
    if verb == "create":
        body = api_versions.request(coll.key, json_body(), requested_version())
        schema = op["body"]
        validation.body(body, schema, answer=coll.model)
        props = _props(schema, body)
        doc = resources.create(c, coll, parent, body, props)
        return _answer(op, resources.view(c, coll, doc), doc.get("_etag"), coll.key)
    if verb == "delete_all":
        resources.delete_all(c, coll, parent)
        return respond_empty(op["status"])
    ident = values[-1]
    if verb == "put":
        source, doc = resources.bind(c, coll, parent, ident)
        shaped = references.project(c, resources.view(c, source, doc), op["response"]["model"])
        return _answer(op, shaped, None)
    if verb == "delete" and not coll.creatable and relations.sources(coll.key):
        resources.unbind(c, coll, parent, ident)
        return respond_empty(op["status"])
    doc = resources.get(c, coll, parent, ident)
    if verb == "get":
        return _answer(op, resources.member_view(c, coll, doc), doc.get("_etag"), coll.key)
    check_if_match(doc)
    if verb == "update":
        body = api_versions.request(coll.key, json_body(), requested_version())
        schema = op["body"]
        validation.body(body, schema, patch=True, answer=coll.model)
        doc = resources.update(c, coll, doc, body, _props(schema, body))
        return _answer(op, resources.view(c, coll, doc), doc["_etag"], coll.key)
    resources.delete(c, coll, doc)
    return respond_empty(op["status"])


def _singleton_op(op: dict, parent_key: str, name: str, values: list[str]):
    c = ctx()
    parent_c = collections.collection(parent_key)
    parent = resources.parent_of(c, parent_c, list(zip(collections.params_of(op["path"]), values)), itself=True)
    singular = models.snake(op["response"]["model"]) if op.get("response") else name
    if request.method == "GET":
        target_c, doc = resources.singleton_target(c, parent, name, name.removeprefix("default_"))
    elif request.method == "PUT":
        body = json_body()
        validation.body(body, op["body"])
        target_c, doc = resources.set_singleton(c, parent_c, parent, name, op["body"]["model"], body)
    else:
        resources.unset_singleton(c, parent_c, parent, name, singular)
        return respond_empty(op["status"])
    shaped = references.project(c, resources.view(c, target_c, doc), op["response"]["model"])
    return _answer(op, shaped, doc.get("_etag"))


def _answer(op: dict, payload: dict, etag: str | None, key: str = ""):
    """`key`: the collection of `payload`, named as the request's `version` reads it (api_versions)."""
    table_shapes.check(payload, op["response"]["model"])
    return json_response(api_versions.answer(key, payload, requested_version()), op["status"], etag)


def _props(schema: dict, body: dict) -> dict[str, dict]:
    """The properties of the body's model (of the variant the body is), or its spread ones."""
    if not schema.get("model"):
        return schema.get("properties") or {}
    return models.properties(models.pick(schema["model"], body) or schema["model"])


def _filters(op: dict) -> dict[str, list[str]]:
    found = {}
    for spec in op["query"]:
        name = spec["name"]
        if name in _PAGING or name not in request.args:
            continue
        raw = request.args[name]
        several = spec.get("type") == "array" or spec.get("explode") is False  # sent comma-joined
        wanted = [part for part in raw.split(",") if part] if several else [raw]
        allowed = spec.get("enum") or (spec.get("items") or {}).get("enum")
        for value in wanted:
            if allowed and value not in allowed:
                raise ApiError(400, f"invalid_{name.replace('.', '_')}", f"{name} must be one of: {', '.join(allowed)}",
                               parameter(name, value))
        found[name] = wanted
    return found


def _sort(op: dict) -> str | None:
    spec = next((q for q in op["query"] if q["name"] == "sort"), None)
    raw = request.args.get("sort")
    if spec is None or raw is None:
        return None
    allowed = spec.get("enum") or []
    if allowed and raw not in allowed:
        raise ApiError(400, "invalid_sort", f"sort must be one of: {', '.join(allowed)}", parameter("sort", raw))
    return raw


def _page(coll, page, op: dict):
    """A page with the links, limit and count its collection model declares (an unpaginated
    collection's model declares none of them: `_collection_op` lists it whole)."""
    collection_model = op["response"]["model"]
    declared = models.properties(collection_model)
    params = [(k, v) for k, v in request.args.items(multi=True) if k not in ("start", "limit")]
    base = request.base_url
    payload = {coll.items: page.items}
    if "first" in declared:
        payload["first"] = {"href": f"{base}?{urlencode(params + [('limit', page.limit)])}"}
    if "limit" in declared:
        payload["limit"] = page.limit
    if page.next_start and "next" in declared:
        payload["next"] = {"href": f"{base}?{urlencode(params + [('start', page.next_start), ('limit', page.limit)])}"}
    if "total_count" in declared:
        payload["total_count"] = page.total
    table_shapes.check(payload, collection_model)
    version = requested_version()  # named as the request's version reads it (api_versions)
    payload[coll.items] = [api_versions.answer(coll.key, item, version) for item in page.items]
    return json_response(payload, op["status"])
