"""The platform services the generic engine serves from their API tables (context-based
restrictions, Resource Controller, IAM Identity and Access Groups, DNS Services, Transit
Gateway): each under a path prefix of the mock's root, one per endpoint the IBM provider
configures.

Routing. IBM serves these services on hosts of their own (cbr.cloud.ibm.com,
resource-controller.cloud.ibm.com, iam.cloud.ibm.com, ...) whose paths collide (IAM Identity's
`/v1/serviceids` and the VPC API's `/v1/...`; DNS Services' `/v1/instances/...` and the VPC's
`/v1/instances`). One mock serves them all by giving each host a prefix: a service is reached
at `<mock>/<prefix>` + its SDK's paths. The prefixes follow the IBM provider's endpoint
variables (the keys of its endpoints file, conns/config.go `fileFallBack` and `EnvFallBack`),
one prefix per variable, so `vpcmock env` points each variable, and each SDK's service URL, at
`<mock>/<prefix>` (plus the base path the SDK's URL carries, `/v1` for DNS Services and
Transit Gateway) and nothing else changes for a client:

    IBMCLOUD_IAM_API_ENDPOINT                      /iam   (IAM Identity, Access Groups; and the
                                                            token and policies, below)
    IBMCLOUD_CONTEXT_BASED_RESTRICTIONS_ENDPOINT   /cbr
    IBMCLOUD_RESOURCE_CONTROLLER_API_ENDPOINT      /resource-controller
    IBMCLOUD_PRIVATE_DNS_API_ENDPOINT              /dns-svcs   (SDK URL /dns-svcs/v1)
    IBMCLOUD_TG_API_ENDPOINT                       /transit    (SDK URL /transit/v1)
    IBMCLOUD_USER_MANAGEMENT_ENDPOINT              /user-management

(engine/generic/service.py SERVICES records them.) The emulated IAM token (`/identity/token`)
and IAM policies (`/v1/policies`) stay at the root, where they always were, and are reached
under `/iam` too (`IamMount`, a rewrite of the path before routing), since IBM serves all of
IAM on one host and the provider derives every IAM URL from one variable. Global Tagging and
Resource Manager stay at the root.

Each request is authenticated as a VPC call is (the same IAM bearer token); the generic
engine then serves the operation with the service's table (service.serving), its documents in
tables `generic/<service>/<collection>` of the same store, account partitions, ETags and
activity log. Errors are in the platform services' shape, the VPC's:
`{"errors": [{"code", "message", "more_info", "target"}], "trace", "status_code"}`.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from flask import Blueprint, g, request

from vpcmock import api_table
from vpcmock.engine.generic import collections, models, references, relations, resources, service, validation
from vpcmock.engine.generic import values as generic_values
from vpcmock.engine.platform import resource_groups
from vpcmock.errors import ApiError, field
from vpcmock.http import auth, table_shapes
from vpcmock.http.common import (DEFAULT_LIMIT, MAX_LIMIT, check_if_match, ctx, json_body, json_response, query_int,
                                 respond_empty, runtime, transactional)
from vpcmock.http.routes.platform import atracker as atracker_routes
from vpcmock.http.routes import generic as vpc_generic
from vpcmock.http.routes.platform import access_group_members, resource_controller
from vpcmock.http.routes.platform import dns_resolvers, item_actions
from vpcmock.http.routes.platform import hpcs_uko
from vpcmock.http.routes import platform_keyed
from vpcmock.http.routes.platform import iam_roles, reclamations, user_management
from vpcmock.http.routes.platform import iam_templates

bp = Blueprint("platform_generic", __name__)
# Operations whose behaviour is hand-written beside the generic engine's, per service: op id ->
# view(op, path values, the generic engine's answer as a callable).
HAND_WRITTEN: dict[str, dict] = {"atracker": atracker_routes.HANDLERS, "resource_controller": resource_controller.HANDLERS,
                               "iam_access_groups": access_group_members.HANDLERS,
                               "iam_identity": access_group_members.IDENTITY_HANDLERS,
                               "dns_svcs": dns_resolvers.HANDLERS, "transit_gateway": item_actions.TRANSIT_HANDLERS,
                               "hpcs_uko": hpcs_uko.HANDLERS}
HAND_WRITTEN["user_management"] = user_management.HANDLERS  # every operation (platform/user_management.py)
# IAM custom roles (platform/iam_roles.py), beside Policy Management's templates.
HAND_WRITTEN["iam_policy_management"] = {**HAND_WRITTEN.get("iam_policy_management", {}), **iam_roles.HANDLERS}
# Resource Controller's reclamations of deleted instances (platform/reclamations.py).
HAND_WRITTEN["resource_controller"] = {**HAND_WRITTEN.get("resource_controller", {}), **reclamations.HANDLERS}
ENDPOINT = "platform"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
MAX_LISTED = 10_000
_SERVICE_OF_MOUNT = {mount: names for mount, names in service.MOUNTS.items()}

# The root routes reached under /iam too: IBM serves the token and policies on the IAM host.
_IAM_ROOT_PATHS = ("/identity/", "/v1/policies")


class IamMount:
    """WSGI middleware joining the root and `/iam`, as IBM serves all of IAM on one host:
    `/iam/identity/...` and `/iam/v1/policies...` are the root's routes, and the root's paths
    of IAM Identity and Access Groups (`/v1/serviceids`, `/v2/groups`, ...; every first segment
    of their tables that is not a VPC collection's) are served as under `/iam`. So
    IBMCLOUD_IAM_API_ENDPOINT may be the mock's root (as `vpcmock env` sets it) or `<mock>/iam`."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/iam/"):
            rest = path[4:]
            if any(rest.startswith(prefix) for prefix in _IAM_ROOT_PATHS):
                environ["PATH_INFO"] = rest
        elif "/".join(path.split("/", 3)[:3]) in _iam_at_root():
            environ["PATH_INFO"] = "/iam" + path
        return self.app(environ, start_response)


@cache
def _iam_at_root() -> frozenset[str]:
    """`/<version>/<first segment>` of every IAM Identity and Access Groups path that the VPC
    API (at /v1) does not also have."""
    vpc = {op["path"].split("/")[1] for op in api_table.operations().values()}
    found = set()
    for name in _SERVICE_OF_MOUNT["/iam"]:
        for op in api_table.operations(name).values():
            parts = (service.base_path(name) + op["path"]).split("/")
            emulated = any(f"/{parts[1]}/{parts[2]}".startswith(p.rstrip("/")) for p in _IAM_ROOT_PATHS)
            if len(parts) > 2 and not (parts[1] == "v1" and parts[2] in vpc) and not emulated:
                found.add(f"/{parts[1]}/{parts[2]}")
    return frozenset(found)


@bp.before_request
def _authenticate():
    """Every platform call: a valid bearer token; platform services are global, so the
    documents live in the default region's partition."""
    g.region = runtime().settings.default_region
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)


def _view(rest: str, mount: str):
    full = "/" + rest.rstrip("/")
    for name in _SERVICE_OF_MOUNT[mount]:
        base = service.base_path(name)
        path = full[len(base):] if full.startswith(base + "/") else full
        with service.serving(name):
            found = collections.match(request.method, path)
            hand = HAND_WRITTEN.get(name, {}).get(found[0]) if found is not None else None
            if found is not None and hand is None:  # an action on an item (engine/generic/platform/platform_actions.py)
                hand = item_actions.handler(name, found[0])
            if found is not None and (found[0] in served(name) or hand is not None):
                op_id, params = found
                op = api_table.operation(op_id, name)
                values = [params[p] for p in collections.params_of(op["path"])]
                with service.serving(name, values):
                    if hand is not None:
                        return hand(op, values, lambda: _dispatch(op, served(name)[op_id], values))
                    return _dispatch(op, served(name)[op_id], values)
    for name in _SERVICE_OF_MOUNT[mount]:
        base = service.base_path(name)
        path = full[len(base):] if full.startswith(base + "/") else full
        with service.serving(name):
            if any(collections.match(method, path) for method in METHODS):
                raise ApiError(405, "method_not_allowed", f"{request.method} is not served on {request.path}")
    raise ApiError(404, "not_found", f"No operation is served at {request.path}")


for _mount in _SERVICE_OF_MOUNT:
    bp.add_url_rule(f"{_mount}/<path:rest>", endpoint=f"{ENDPOINT}_{_mount.strip('/').replace('-', '_')}",
                    view_func=transactional(lambda rest, _mount=_mount: _view(rest, _mount)), methods=list(METHODS))


def served(name: str) -> dict[str, tuple[str, str]]:
    """The operations of `name`'s table served: op id -> (collection key, verb). A collection
    is served when its items have a model and, for a creatable one, its listing an array."""
    cached = _SERVED.get(name)
    if cached is None:
        with service.serving(name):
            cached = _SERVED[name] = _served()
    return cached


_SERVED: dict[str, dict] = {}


def served_operations(name: str) -> set[str]:
    """Every operation of `name`'s table answered at its mount (what `_view` routes): the
    generic engine's and the hand-written ones (HAND_WRITTEN). /openapi.json documents them."""
    return set(served(name)) | (set(HAND_WRITTEN.get(name, {})) & set(api_table.operations(name))) | \
        item_actions.platform_actions.served(name)


def _served() -> dict[str, tuple[str, str]]:
    found = {}
    if not service.spec().generic:
        return found
    for coll in collections.api().collections.values():
        if not coll.model or not coll.creatable or not coll.items:
            continue
        create = api_table.operation(coll.ops["create"], service.current())
        if not (create.get("response") or {}).get("model"):
            continue  # nothing made through the API: none of its operations could find anything
        for verb, op_id in coll.ops.items():
            op = api_table.operation(op_id, service.current())
            if verb in ("list", "get", "update", "put") and not (op.get("response") or {}).get("model"):
                continue
            if verb in ("delete_all", "replace_all"):
                continue
            found[op_id] = (coll.key, verb)
    return found


def _dispatch(op: dict, kind: tuple[str, str], values: list[str]):
    c = ctx()
    key, verb = kind
    coll = collections.collection(key)
    names = collections.params_of(op["path"])
    item_verb = verb in ("get", "update", "delete", "put")
    ancestors = list(zip(names, values))[:-1] if item_verb else list(zip(names, values))
    # Path parameters naming no collection of this table (DNS Services' instance id) are scope,
    # not ancestors: only the trailing ones that name the ancestry are checked.
    depth = len(collections.ancestry(coll))
    parent = resources.parent_of(c, coll, ancestors[len(ancestors) - depth:] if depth else [])
    if verb == "list":
        rows = (relations.members(c, coll, parent["id"]) if parent is not None else c.partition(coll.table)).values()
        item_model = _item_model(op, coll)
        return _page(coll, op, [references.project(c, _view_of(c, coll, row), item_model) if item_model
                                else _view_of(c, coll, row)
                                for row in rows if _in_scope(row, values, depth, item_verb=False)])
    if verb == "create":
        body = json_body() if op["body"] else {}  # a route report is asked for with no body
        if op["body"]:
            validation.body(body, op["body"])
        kept = _check_references(c, coll, body)
        doc = resources.create(c, coll, parent, body, vpc_generic._props(op["body"], body) if op["body"] else {})
        if kept:
            doc = {**doc, **kept}
            c.store.put(coll.table, doc)
        doc = _scoped(c, coll, _counted(c, coll, doc), values, depth)
        return table_shapes.answer(op, _view_of(c, coll, doc), doc.get("_etag"))
    try:
        doc = resources.get(c, coll, parent, values[-1])
    except ApiError:  # Resource Controller takes a guid where it takes a CRN
        doc = _find(c, coll, values[-1]) if service.spec().slash_ids else None
        if doc is None:
            raise
    if not _in_scope(doc, values, depth, item_verb=True):
        raise resources.item_not_found(coll, values[-1])
    if verb == "get":
        return table_shapes.answer(op, _view_of(c, coll, doc), doc.get("_etag"))
    check_if_match(doc)
    if verb in ("update", "put"):  # a PATCH merges; a PUT replaces (CBR's replace_zone)
        body = json_body()
        validation.body(body, op["body"], patch=verb == "update")
        _check_references(c, coll, body)
        if verb == "put":  # what the request may set and leaves out goes: null, or its zero where required
            for name in vpc_generic._props(op["body"], body):
                answered = models.schema_of(coll.model, name) or {}
                if name not in body and name in doc:
                    body[name] = generic_values.zero(answered) if answered.get("required") else None
        doc = _counted(c, coll, resources.update(c, coll, doc, body, vpc_generic._props(op["body"], body)))
        return table_shapes.answer(op, _view_of(c, coll, doc), doc["_etag"])
    answer = _view_of(c, coll, doc) if (op.get("response") or {}).get("model") else None
    resources.delete(c, coll, doc)
    if answer is None:
        return respond_empty(op["status"])
    return table_shapes.answer(op, references.project(c, answer, op["response"]["model"]), None)  # what was deleted


def _view_of(c, coll, doc: dict) -> dict:
    """The answer's view of `doc`; a model naming its id after the path parameter (IAM's
    identity provider `idp_id`) shows the id under that name."""
    view = resources.view(c, coll, doc)
    name = id_property(coll)
    if name != "id" and name not in view:
        view[name] = doc["id"]
    return view


def id_property(coll) -> str:
    """The property a member of `coll` shows its id as: `id`, else its item path parameter's name
    when the model has it (`idp_id`)."""
    props = models.every_property(coll.model)
    if "id" in props or "get" not in coll.ops:
        return "id"
    param = collections.params_of(api_table.operation(coll.ops["get"], service.current())["path"])[-1]
    return param if param in props else "id"


def _check_references(c, coll, body: dict) -> dict:
    """Each plain-string reference of the body (service.REFERENCES) names something the account
    holds (else 404 `<type>_not_found`); answers what the document keeps of them (a resource
    instance's `resource_group_id`)."""
    kept = {}
    props = models.every_property(coll.model)
    for where, (target, keep) in service.REFERENCES.get(service.current(), {}).get(coll.key, {}).items():
        if target is None:
            continue
        for path, value in _values_at(body, where):
            if target == "resource_group":
                found = resource_groups.reference(c, value)
                kind = "resource_group"
            else:
                target_c = collections.collection(target)
                found = _find(c, target_c, value)
                kind = target_c.singular
            if found is None:
                raise ApiError(404, f"{kind}_not_found", f"{path}: no {kind.replace('_', ' ')} {value!r} in this "
                               "account", field(path, value))
            if keep and keep in props:
                kept[keep] = found.get("crn") or found.get("id") if keep.endswith("_crn") else found["id"]
    return kept


def _find(c, target_c, value: str) -> dict | None:
    """A member of `target_c` by id, or by guid or CRN (Resource Controller takes either)."""
    doc = c.owned(c.store.get(target_c.table, value))
    if doc is None:
        doc = next((d for d in c.partition(target_c.table).values() if value in (d.get("guid"), d.get("crn"))), None)
    return doc


def _values_at(body, where: str):
    """(path, value) of each string at `where` in `body`: `source`, `contexts[].attributes[<name>]`."""
    head, _, rest = where.partition(".")
    if head.endswith("[]"):
        name = head[:-2]
        for index, item in enumerate(body.get(name) or () if isinstance(body, dict) else ()):
            for path, value in _values_at(item, rest):
                yield f"{name}[{index}].{path}", value
    elif "[" in head:  # attributes[networkZoneId]: the value of the attribute of that name
        name, _, wanted = head[:-1].partition("[")
        for index, item in enumerate(body.get(name) or () if isinstance(body, dict) else ()):
            if isinstance(item, dict) and item.get("name") == wanted and isinstance(item.get("value"), str):
                yield f"{name}[{index}].value", item["value"]
    elif isinstance(body, dict) and isinstance(body.get(head), str):
        yield head, body[head]


def _counted(c, coll, doc: dict) -> dict:
    counted = generic_values.counts(doc, models.properties(doc.get("_model") or coll.model))
    if counted is not doc:
        c.store.put(coll.table, counted)
    return counted


def _scoped(c, coll, doc: dict, values: list[str], depth: int) -> dict:
    """Record the path values that name no ancestor (a DNS zone's instance id) on the document."""
    scope = values[:len(values) - depth] if depth else list(values)
    if scope:
        doc = {**doc, "_scope": scope}
        c.store.put(coll.table, doc)
    return doc


def _in_scope(doc: dict, values: list[str], depth: int, *, item_verb: bool) -> bool:
    path_values = values[:-1] if item_verb else values
    scope = path_values[:len(path_values) - depth] if depth else list(path_values)
    return not scope or doc.get("_scope", scope) == scope


def _item_model(op: dict, coll) -> str | None:
    """The model a listing answers each item as (CBR's `ZoneSummary`), when not the item's own."""
    schema = models.properties(op["response"]["model"]).get(coll.items) or {}
    found = (schema.get("items") or {}).get("model")
    return found if found and found != coll.model else None


def _page(coll, op: dict, items: list[dict]):
    """A listing, with the counts and links its collection model requires. Where the table
    records the operation's paging (`pagination`: the token parameter and where the next
    page's link goes: Resource Controller's `next_url?start`, Transit Gateway's `next.start`,
    Access Groups' `next.href?offset`), one page of `limit` (1 to 100, 50 by default) from
    the token (the index of the page's first item, in creation order); else all of it."""
    collection_model = op["response"]["model"]
    paging = op.get("pagination")
    total, offset, limit, following = len(items), 0, MAX_LISTED, None
    if paging:
        offset = query_int(paging["token"], 0, 0, 2**31 - 1) if paging["token"] in request.args else 0
        limit = query_int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT) if any(q["name"] == "limit" for q in op["query"]) \
            else DEFAULT_LIMIT
        if offset + limit < total:
            following = offset + limit
        items = items[offset:offset + limit]
    payload = {coll.items: items}
    if following is not None:
        where, _, token = paging["next"].partition("?")
        head, _, tail = where.partition(".")
        href = _url_with(paging["token"], following)
        if head.endswith("_url"):  # Resource Controller: a path with its query
            payload[head] = href[len(request.host_url.rstrip("/")):]
        elif tail == "start":
            payload[head] = {"href": href, "start": str(following)}
        else:
            payload[head] = {"href": href}
    for name, schema in models.properties(collection_model).items():
        if name in payload or not (schema.get("required") or (paging and name in _PAGE_FIELDS)):
            continue
        if schema["type"] == "integer":
            payload[name] = {"offset": offset, "start": offset, "limit": limit, "rows_count": len(items)}.get(
                name, total)
        elif schema["type"] == "object" and schema.get("model") and name != "next":
            payload[name] = {"href": _url_with(paging["token"], 0) if paging else request.base_url}
        elif name == "next_url":
            payload[name] = ""  # the last page: the SDK's model refuses null, its pager stops at ""
        elif schema["type"] == "string":
            payload[name] = request.base_url if "url" in name or "href" in name else ""
    table_shapes.check(payload, collection_model)
    return json_response(payload, op["status"])


_PAGE_FIELDS = ("limit", "offset", "total_count", "rows_count", "first")


def _url_with(token: str, value: int) -> str:
    params = [(k, v) for k, v in request.args.items(multi=True) if k != token]
    return f"{request.base_url}?{urlencode(params + [(token, value)])}"


# Items named by path parameters and singletons per account or parent (a trusted profile's
# identities, IAM Identity's and Access Groups' account settings: http/routes/platform_keyed.py).
# IAM templates and their assignments (http/routes/platform/iam_templates.py), before the keyed ones.
for _name, _views in iam_templates.HANDLERS.items():
    HAND_WRITTEN[_name] = {**HAND_WRITTEN.get(_name, {}), **_views}
platform_keyed.register(HAND_WRITTEN, served)
