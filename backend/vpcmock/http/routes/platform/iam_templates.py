"""IAM templates and assignments over HTTP (IAM Identity's trusted profile and account settings
templates, Access Groups' group templates, Policy Management's policy, role and action control
templates), beside the generic engine's collections (platform_generic.HAND_WRITTEN): each
operation of engine/generic/platform/template_kinds.py parsed here (body checked against the table,
path parameters, If-Match, the listing's query and paging) and answered in the operation's
response model; the engine (engine/generic/platform/templates.py, template_assignments.py) decides.

Listings page as their service does: IAM Identity by `pagetoken` (the next page's URL in
`next`), Access Groups by `offset` (`next.href`, `first`, `last`, `total_count`), Policy
Management by `start` (`next.start`); `limit` 1 to 100, 20 by default (IAM's documented default).
Access Groups' `verbose` and `Transaction-Id` change nothing the mock answers (its answers are the
verbose ones). A listing's query parameters filter it where they name a property of its items (`account_id`,
`template_id`, `target`, `status`, `name`, ...; a policy template's `policy_type` and
`policy_service_*` its policy's type and resource attributes, a role template's `role_name`
and `role_service_name` its role's).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request

from vpcmock.engine.generic import models, service, validation

from vpcmock.engine.generic.platform import template_assignments, templates
from vpcmock.engine.generic.platform.template_kinds import operations
from vpcmock.errors import ApiError, parameter
from vpcmock.http import table_shapes
from vpcmock.http.common import ctx, json_body, query_int, required_if_match, respond_empty

DEFAULT_PAGE = 20
_PAGING = ("pagetoken", "start", "offset")
_NOT_FILTERS = frozenset(_PAGING + ("limit", "sort", "order", "include_history", "verbose", "version", "state"))


def _href_base(kind) -> str:
    return service.SERVICES[kind.service].mount if kind.service in service.SERVICES else "/iam"


def _body(op: dict) -> dict:
    body = json_body()
    validation.body(body, op["body"])
    return body


def _required_query(op: dict) -> None:
    for spec in op["query"]:
        if spec.get("required") and spec["name"] not in request.args:
            raise ApiError(400, "missing_parameter", f"The query parameter {spec['name']} is required",
                           parameter(spec["name"]))


def _flag(name: str) -> bool:
    return request.args.get(name, "false").lower() == "true"


def _version_view(op, kind, doc, record, model=None):
    return templates.answer(ctx(), kind, doc, record, model or op["response"]["model"], _href_base(kind),
                            history=_flag("include_history"))


# -- listings -----------------------------------------------------------------------------------

def _list_key(model: str) -> tuple[str, str | None]:
    """The array of a listing model and the model of its items."""
    for name, schema in models.properties(model).items():
        if schema["type"] == "array" and schema.get("required"):
            return name, (schema.get("items") or {}).get("model")
    raise ApiError(500, "internal_error", f"{model} has no list")


def _attribute(view: dict, name: str):
    for attr in ((view.get("policy") or {}).get("resource") or {}).get("attributes") or []:
        if attr.get("key") == name:
            return attr.get("value")
    return None


_FILTERS = {
    # every item is of the caller's account (its partition), whether or not its model says so
    "account_id": lambda v: v.get("account_id") or ctx().account,
    "policy_type": lambda v: (v.get("policy") or {}).get("type"),
    "policy_service_type": lambda v: _attribute(v, "serviceType"),
    "policy_service_name": lambda v: _attribute(v, "serviceName"),
    "policy_service_group_id": lambda v: _attribute(v, "service_group_id"),
    "role_name": lambda v: (v.get("role") or {}).get("name"),
    "role_service_name": lambda v: (v.get("role") or {}).get("service_name"),
    "template_id": lambda v: v.get("template_id") or (v.get("template") or {}).get("id"),
    "template_version": lambda v: str(v.get("template_version") or (v.get("template") or {}).get("version")),
    "target": lambda v: v["target"]["id"] if isinstance(v.get("target"), dict) else v.get("target"),
}


def _filtered(op: dict, items: list[dict]) -> list[dict]:
    for spec in op["query"]:
        name = spec["name"]
        if name in _NOT_FILTERS or name not in request.args:
            continue
        wanted = request.args[name]
        read = _FILTERS.get(name, lambda v, name=name: v.get(name))
        items = [item for item in items if str(read(item)) == wanted]
    sort = request.args.get("sort")
    if sort:
        allowed = next((q.get("enum") for q in op["query"] if q["name"] == "sort"), None) or ()
        if sort not in allowed:
            raise ApiError(400, "invalid_sort", f"sort must be one of {', '.join(allowed)}", parameter("sort", sort))
        items = sorted(items, key=lambda v: str(v.get(sort) or ""), reverse=request.args.get("order") == "desc")
    return items


def _url(token: str, value: int | None) -> str:
    params = [(k, v) for k, v in request.args.items(multi=True) if k != token]
    return f"{request.base_url}?{urlencode(params + ([(token, value)] if value is not None else []))}"


def _page(op: dict, items: list[dict]):
    model = op["response"]["model"]
    key, _ = _list_key(model)
    items = _filtered(op, items)
    names = {q["name"] for q in op["query"]}
    token = next((t for t in _PAGING if t in names), None)
    offset = query_int(token, 0, 0, 2**31 - 1) if token and token in request.args else 0
    limit = query_int("limit", DEFAULT_PAGE, 1, 100) if "limit" in names else len(items) or 1
    total = len(items)
    payload: dict = {key: items[offset:offset + limit]}
    props = models.properties(model)

    def link(value: int | None, name: str):
        url = _url(token, value) if token else request.base_url
        schema = props[name]
        if schema["type"] == "string":
            return url
        if "start" in models.properties(schema["model"]) and value is not None:
            return {"href": url, "start": str(value)}
        return {"href": url}

    if "next" in props and token and offset + limit < total:
        payload["next"] = link(offset + limit, "next")
    if "previous" in props and token and offset > 0:
        payload["previous"] = link(max(0, offset - limit), "previous")
    if "first" in props:
        payload["first"] = link(None, "first")
    if "last" in props:
        payload["last"] = link(max(0, (total - 1) // limit * limit), "last")
    for name, value in (("limit", limit), ("offset", offset), ("total_count", total)):
        if name in props:
            payload[name] = value
    return table_shapes.answer(op, templates.project(payload, model))


# -- templates ----------------------------------------------------------------------------------

def _deleted_asked(op: dict) -> bool:
    """Policy Management's `state` query: `active` (the default) or `deleted`; the mock keeps no
    deleted template (a delete removes it), so asking for deleted ones finds none."""
    state = request.args.get("state")
    allowed = next((q.get("enum") for q in op["query"] if q["name"] == "state"), None) or ("active", "deleted")
    if state is not None and state not in allowed:
        raise ApiError(400, "invalid_parameter", f"state must be one of {', '.join(allowed)}",
                       parameter("state", state))
    return state == "deleted"


def _template_view(op: dict, values: list[str], kind, verb: str):
    c = ctx()
    if _deleted_asked(op):
        if verb in ("list", "versions"):
            return _page(op, [])
        raise templates.not_found(kind, values[0])
    if verb == "list":
        _, item_model = _list_key(op["response"]["model"])
        docs = templates.listing(c, kind)
        return _page(op, [templates.answer(c, kind, d, templates.latest(d), item_model, _href_base(kind),
                                           history=_flag("include_history")) for d in docs])
    if verb == "create":
        doc, record = templates.create(c, kind, _body(op))
        return table_shapes.answer(op, _version_view(op, kind, doc, record), record["_etag"])
    ident = values[0]
    if verb == "latest":
        doc = templates.template(c, kind, ident)
        record = templates.latest(doc)
        return table_shapes.answer(op, _version_view(op, kind, doc, record), record["_etag"])
    if verb == "delete_all":
        templates.delete(c, kind, ident)
        return respond_empty(op["status"])
    if verb == "versions":
        _, item_model = _list_key(op["response"]["model"])
        doc = templates.template(c, kind, ident)
        records = [doc["_versions"][n] for n in sorted(doc["_versions"], key=int)]
        return _page(op, [templates.answer(c, kind, doc, r, item_model, _href_base(kind),
                                           history=_flag("include_history")) for r in records])
    if verb == "create_version":
        doc, record = templates.create_version(c, kind, ident, _body(op))
        return table_shapes.answer(op, _version_view(op, kind, doc, record), record["_etag"])
    number = templates.version_number(kind, ident, values[1])
    if verb == "get":
        doc = templates.template(c, kind, ident)
        record = templates.version(kind, doc, number)
        return table_shapes.answer(op, _version_view(op, kind, doc, record), record["_etag"])
    if verb == "update":
        body = _body(op)
        doc, record = templates.update(c, kind, ident, number, body, required_if_match(op))
        return table_shapes.answer(op, _version_view(op, kind, doc, record), record["_etag"])
    if verb == "delete":
        templates.delete_version(c, kind, ident, number)
        return respond_empty(op["status"])
    templates.commit(c, kind, ident, number, required_if_match(op))  # commit
    return respond_empty(op["status"])


# -- assignments --------------------------------------------------------------------------------

def _assignment_view(op: dict, kind, doc: dict, model: str | None = None, *, resources: bool = True):
    return template_assignments.answer(ctx(), kind, doc, model or op["response"]["model"], _href_base(kind),
                                       resources=resources, history=_flag("include_history"))


def _assign(op: dict, kind):
    c = ctx()
    body = _body(op)
    if "templates" in body:  # policy management: one assignment per template, to one target
        target = body["target"]
        made = [template_assignments.assign(c, kind, t["id"], t["version"], target["id"], target["type"],
                                            where=f"templates[{i}].") for i, t in enumerate(body["templates"])]
        key, item_model = _list_key(op["response"]["model"])
        payload = {key: [_assignment_view(op, kind, doc, item_model) for doc in made]}
        return table_shapes.answer(op, templates.project(payload, op["response"]["model"]))
    doc = template_assignments.assign(c, kind, body["template_id"], body["template_version"], body["target"],
                                      body["target_type"])
    return table_shapes.answer(op, _assignment_view(op, kind, doc), doc["_etag"])


def _assignment_op(op: dict, values: list[str], kind, verb: str):
    c = ctx()
    _required_query(op)
    if verb == "list_assignments":
        _, item_model = _list_key(op["response"]["model"])
        return _page(op, [_assignment_view(op, kind, d, item_model, resources=False)
                          for d in template_assignments.listing(c, kind)])
    if verb == "assign":
        return _assign(op, kind)
    ident = values[0]
    if verb == "get_assignment":
        doc = template_assignments.advance(c, kind, template_assignments.get(c, kind, ident))
        return table_shapes.answer(op, _assignment_view(op, kind, doc), doc["_etag"])
    if verb == "update_assignment":
        body = _body(op)
        doc = template_assignments.update(c, kind, ident, body["template_version"], required_if_match(op))
        return table_shapes.answer(op, _assignment_view(op, kind, doc), doc["_etag"])
    template_assignments.delete(c, kind, ident)  # unassign
    if (op.get("response") or {}).get("model"):
        # IAM Identity answers a removal with 202 and its ExceptionResponse model: no errors.
        return table_shapes.answer(op, templates.project({"errors": [], "status_code": str(op["status"])},
                                             op["response"]["model"]))
    return respond_empty(op["status"])


def _handler(kind, verb: str):
    def view(op: dict, values: list[str], generic):
        if verb in ("list_assignments", "assign", "get_assignment", "update_assignment", "unassign"):
            return _assignment_op(op, values, kind, verb)
        _required_query(op)
        return _template_view(op, values, kind, verb)
    return view


HANDLERS: dict[str, dict] = {name: {op_id: _handler(kind, verb) for op_id, (kind, verb) in ops.items()}
                             for name, ops in operations().items()}
