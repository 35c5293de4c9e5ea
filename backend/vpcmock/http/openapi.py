"""``GET /openapi.json``: an OpenAPI 3.1 document of every route the app serves, generated.

Nothing here is written per route. The document is read off the app itself:
- the paths and methods from Flask's URL map (so a new route appears without a word here);
- what each route takes and answers from its view's own code: the marshmallow schema it loads
  the body with (``load(SCHEMA, json_body())``), the one it answers with and the status
  (``respond(view, SCHEMA, 201)``, ``respond_page(page, "key", SCHEMA)``, ``respond_all``,
  ``respond_empty(202)``), and the query parameters it reads (``request.args.get("name")``,
  ``query_choice("status", CHOICES)``, ``query_list``, ``query_int``, ``page_args()``);
  those of the same-module helpers it answers through are read too; an admin body without a
  shape by the names its view takes (``refuse_unknown_fields(body, NAMES)``), a platform one
  (Resource Manager, IAM policies) by its operation in the service's API table;
- the schemas themselves converted by apispec's marshmallow plugin; an integer's bounds from its
  Range validator (schemas/base.py's Int always has one) and its format from those bounds;
- each operation's summary from the first line of its view's docstring (the rest is its
  description), its tag from the service its path belongs to (TAGS, each declared once), and its
  operationId from the API table (the SDK's name: list_volumes), else from the view's name;
- the operations the generic engine serves from the API tables (the VPC API's, and each platform
  service's of engine/generic/service.py SERVICES under its mount, with its tag) as table_openapi.py
  writes them from the tables; so too the routes of a blueprint serving a table of its own
  (_TABLE_BLUEPRINTS: Key Protect, COS configuration), as the table's operations they match.
Every JSON answer goes through a declared shape (http/common.py `dump`), the document's own
too, and tests/test_openapi.py keeps it so. IBM's API-definition ruleset passes over the
document with no errors (tests/test_openapi_ruleset.py, tools/openapi-lint/).
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from functools import lru_cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import Schema

from vpcmock import __version__, api_table
from vpcmock.engine.generic import service
from vpcmock.engine.core.listing import DEFAULT_LIMIT, MAX_LIMIT
from vpcmock.http import table_openapi
from vpcmock.http import generic_served as generic
from vpcmock.http.common import GENERATION
from vpcmock.http.routes.index import API_VERSION
from vpcmock.http.body import INT32

# Paths that take no IAM token: the token endpoint, the admin API, the index, these docs and the
# public Global Catalog (routes/platform/global_catalog.py).
UNAUTHENTICATED = ("/identity", "/mock", "/openapi.json", "/docs", "/console", "/globalcatalog")
_CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")

ERROR = {
    "type": "object",
    "description": "An IBM Cloud error: each error's code names the problem; target names the field, "
                   "parameter or header at fault.",
    "required": ["errors", "trace", "status_code"],
    "properties": {
        "errors": {"type": "array", "items": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                           "more_info": {"type": "string"},
                           "target": {"type": "object", "required": ["name", "type"], "properties": {
                               "name": {"type": "string"},
                               "type": {"type": "string", "enum": ["field", "parameter", "header"]},
                               "value": {}}}}}},
        "trace": {"type": "string"},
        "status_code": {"type": "integer", "format": "int32", "minimum": 400, "maximum": 599},
    },
}


# Key Protect answers errors in its collection envelope, as the real one does (engine/platform/
# key_protect/errors.py writes it).
KP_ERROR = {
    "type": "object",
    "description": "A Key Protect error: a collection of one error resource, each reason naming the problem.",
    "required": ["metadata", "resources"],
    "properties": {
        "metadata": {"type": "object", "required": ["collectionType", "collectionTotal"], "properties": {
            "collectionType": {"type": "string"},
            "collectionTotal": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1}}},
        "resources": {"type": "array", "items": {
            "type": "object", "required": ["errorMsg"], "properties": {
                "errorMsg": {"type": "string"},
                "reasons": {"type": "array", "items": {
                    "type": "object", "required": ["code", "message", "status", "moreInfo"], "properties": {
                        "code": {"type": "string"}, "message": {"type": "string"},
                        "status": {"type": "integer", "format": "int32", "minimum": 400, "maximum": 599},
                        "moreInfo": {"type": "string"},
                        "target": {"type": "object", "required": ["type", "name"], "properties": {
                            "type": {"type": "string"}, "name": {"type": "string"}}}}}}}}},
    },
}


# IAM's token endpoint answers errors in IAM's own shape, as the real one does.
IAM_ERROR = {
    "type": "object",
    "description": "An IAM error (the token endpoint's own shape).",
    "required": ["errorCode", "errorMessage"],
    "properties": {"errorCode": {"type": "string"}, "errorMessage": {"type": "string"},
                   "context": {"type": "object", "properties": {"requestId": {"type": "string"}}}},
}


ADMIN = "Admin (vpcmock)"
ABOUT = "Index, docs and console (vpcmock)"
# Every tag, in the order /docs shows them: (name, description).
TAGS = (
    ("Backup policies", "Backup policies, their plans (schedules, retention, copies, fast restore) and the "
                        "jobs their plans start."),
    ("Volumes", "Block storage volumes: what volume backup policies back up, and what a restore creates."),
    ("Instances", "Virtual server instances, their volume attachments, actions and initialization."),
    ("Snapshots", "Snapshots (backups among them), their fast-restore clones, and snapshot consistency "
                  "groups (instance backups)."),
    ("Shares", "File shares, their mount targets and snapshots (share backups)."),
    ("VPCs", "VPCs and their address prefixes."),
    ("Subnets", "Subnets of a VPC, inside its address prefixes."),
    ("Keys", "SSH public keys for instances."),
    ("Regions and zones", "The regions and zones of the catalogue."),
    ("Images and profiles", "The catalogue's stock images (and the account's own images), instance, volume and "
                            "share profiles."),
    ("Stored resources (vpcmock)", "The mock's own store of every IBM provider type it does not emulate in "
                                   "depth."),
    ("Global Tagging", "Attach, detach and list user and access tags by CRN."),
    ("Resource Manager", "Resource groups of an account."),
    ("IAM", "IAM access tokens, and IAM policies (service-to-service authorizations among them)."),
    ("Global Catalog", "The public catalog of services, their plans and each plan's deployments (no token)."),
    (ADMIN, "The mock's own admin API (no token): clock, state, snapshots, faults, data, accounts and "
            "activity events."),
    (ABOUT, "What this mock serves and where, this document and Swagger UI, and the console."),
)
# The tag of each VPC collection (the path segment after /v1), and of each other blueprint.
_COLLECTION_TAGS = {
    "backup_policies": "Backup policies", "volumes": "Volumes", "instances": "Instances",
    "snapshots": "Snapshots", "snapshot_consistency_groups": "Snapshots", "shares": "Shares", "vpcs": "VPCs",
    "subnets": "Subnets", "keys": "Keys", "regions": "Regions and zones", "images": "Images and profiles",
    "instance": "Images and profiles", "volume": "Images and profiles", "share": "Images and profiles",
    "stored_resources": "Stored resources (vpcmock)",
}
_BLUEPRINT_TAGS = {
    "tagging": "Global Tagging", "resource_manager": "Resource Manager", "iam": "IAM", "iam_policies": "IAM",
    "global_catalog": "Global Catalog", "admin": ADMIN, "faults": ADMIN, "mock_state": ADMIN, "index": ABOUT, "console": ABOUT,
    "vpn_clients": ADMIN,
}


@lru_cache(maxsize=8)
def document(app: Flask) -> dict:
    """The whole document (computed once per app: the routes do not change while it runs)."""
    plugin = MarshmallowPlugin(schema_name_resolver=_schema_name)
    spec = APISpec(title="vpcmock", version=__version__, openapi_version="3.1.0", plugins=[plugin],
                   info={"description": "A local emulator of IBM Cloud Backup for VPC: the VPC API (at /v1 and "
                                        "/{region}/v1), IAM tokens, Global Tagging, Resource Manager, IAM "
                                        "policies, the platform services served from their SDKs' API tables "
                                        "(each under its mount: /cbr, /resource-controller, /iam, /dns-svcs/v1, "
                                        "/transit/v1, ...), and the mock's own admin API (/mock)."})
    plugin.converter.add_attribute_function(_integer_format)
    plugin.converter.add_attribute_function(_null_as_type_list)
    for name, description in TAGS:
        spec.tag({"name": name, "description": description})
    table_openapi.tag(spec)
    spec.components.schema("Error", ERROR)
    spec.components.schema("IamError", IAM_ERROR)
    spec.components.schema("KeyProtectError", KP_ERROR)
    spec.components.security_scheme("iam", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                                            "description": "An IAM access token from POST /identity/token"})
    paths: dict[str, dict] = {}
    platform: list = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        blueprint = rule.endpoint.split(".")[0]
        if blueprint in _UNDOCUMENTED:
            continue
        if blueprint == "platform_generic" or blueprint in _TABLE_BLUEPRINTS:  # documented per service, below
            platform.append(rule)
            continue
        view = app.view_functions[rule.endpoint]
        facts = _facts(view)
        if rule.endpoint.endswith("." + generic.ENDPOINT):  # the generic engine's rule: each operation it serves
            table_openapi.add(spec, paths, rule, lambda method, op_id, rule=rule, facts=facts: _operation(
                rule, method, facts, ("vpc", op_id)), generic.served(app))
            continue
        path = _CONVERTER.sub(r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = _operation(rule, method, facts, _table_operation(rule, method, path))
            paths.setdefault(path, {})[method.lower()] = operation
    _platform(spec, paths, platform)
    table_openapi.complete(spec, paths)
    ids = [op["operationId"] for operations in paths.values() for op in operations.values()]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise LookupError(f"operation ids given twice: {', '.join(twice)}: see openapi.py's _operation_id")
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _platform(spec, paths: dict, rules: list) -> None:
    """The platform services served from their API tables, each under its mount: every operation
    served there (table_openapi.add_service), tagged by its service. Those of SERVICES as
    platform_generic.py routes them; those with routes of their own (_TABLE_BLUEPRINTS) as the
    table's operations their routes match. An operation id another documented operation has
    already is `<id>_in_<service>` (table_openapi's docstring)."""
    from vpcmock.http.routes import platform_generic  # (it imports the routes this module reads)

    by_mount = {rule.rule.removesuffix("/<path:rest>"): rule for rule in rules
                if rule.endpoint.startswith("platform_generic.")}
    # (service, mount, {operation id: the rule serving it})
    found = [(name, mount, {op: by_mount[mount] for op in platform_generic.served_operations(name)})
             for mount, names in service.MOUNTS.items() for name in names]
    for blueprint, name in _TABLE_BLUEPRINTS.items():
        matched = [_table_route(rule, method, name) for rule in rules if rule.endpoint.startswith(blueprint + ".")
                   for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
        # a route no operation of the table matches: say so, rather than leave it out (but for a
        # catch-all of the mount, which answers the table's unserved operations 404 in its shape)
        unmatched = [m for m in matched if m[1] is None and "<path:" not in m[2].rule]
        matched = [m for m in matched if m[1] is not None]
        if unmatched:
            raise LookupError(f"no operation of the {name} table is served by {unmatched[0][2].rule}")
        if matched:
            found.append((name, matched[0][0], {op_id: rule for _, op_id, rule in matched}))
    for name, mount, ops in found:
        table_openapi.tag_service(spec, name, mount)
        taken = {op["operationId"] for operations in paths.values() for op in operations.values()}

        def base(method, op_id, name=name, taken=taken, ops=ops):
            operation = _operation(ops[op_id], method, _NO_FACTS,
                                   (name, op_id if op_id not in taken else f"{op_id}_in_{name}"))
            if name in _ERRORS:
                operation["responses"]["default"]["content"]["application/json"]["schema"] = {
                    "$ref": "#/components/schemas/" + _ERRORS[name]}
            return operation
        table_openapi.add_service(spec, paths, name, mount, set(ops), base)


def _table_route(rule, method: str, name: str) -> tuple[str | None, str | None, object]:
    """(mount, operation id, rule) of the operation of `name`'s table a route serves (its path
    is a mount, the table's base path and the operation's path); (None, None, rule) for none."""
    sample = _CONVERTER.sub("x", rule.rule)
    base = service.base_path(name)
    for cut in [i for i, char in enumerate(sample) if char == "/"]:
        mount, rest = sample[:cut], sample[cut:]
        if not rest.startswith(base + "/"):
            continue
        found = api_table.match(method, rest[len(base):], name)
        if found:
            return mount, found.operation_id, rule
    return None, None, rule


# Blueprints serving a table's operations with routes of their own: blueprint -> table.
_TABLE_BLUEPRINTS = {"key_protect": "key_protect", "cos_config": "cos_config"}
# Blueprints the document leaves out, and why.
_UNDOCUMENTED = {
    "cos_s3": "Cloud Object Storage's S3 API speaks XML, with operations told apart by query flags on one path "
              "(?versioning, ?lifecycle): not an API OpenAPI describes; IBM documents it by the S3 model (api_table/"
              "cos_s3.json).",
}
# The error shape of a table whose service answers errors in a shape of its own.
_ERRORS = {"key_protect": "KeyProtectError"}


# What a platform route's view says of itself: nothing (its service's table says it all).
_NO_FACTS = {"view": None, "body": None, "schema": None, "shape": "one", "status": 200, "key": None, "query": {},
             "form": [], "fields": None}


def path_parameter(name: str) -> dict:
    """A path parameter, described by its name (`policy_id`: the policy's id)."""
    head, _, tail = name.rpartition("_")
    said = f"the {head.replace('_', ' ')}'s {tail}" if head else ("its id" if name in ("id", "ident") else f"the {name}")
    return {"name": name, "in": "path", "required": True, "description": said[0].upper() + said[1:],
            "schema": {"type": "string"}}


def integer(low: int, high: int, **more) -> dict:
    """An integer schema bounded by `low` and `high`, in the narrowest format holding them."""
    return {"type": "integer", "format": _format(low, high), "minimum": low, "maximum": high, **more}


def _format(low, high) -> str:
    return "int32" if low is not None and high is not None and INT32[0] <= low and high <= INT32[1] else "int64"


def _integer_format(self, field, ret, **kwargs) -> dict:
    """An integer field's format, from the bounds its Range validator gave (schemas/base.py's
    Int always has one)."""
    types = ret.get("type") if isinstance(ret.get("type"), list) else [ret.get("type")]
    return {"format": _format(ret.get("minimum"), ret.get("maximum"))} if "integer" in types else {}


def _null_as_type_list(self, field, ret, **kwargs) -> dict:
    """A nullable object written `anyOf: [{$ref}, {type: [null]}]`: the same schema as apispec's
    `{type: null}`, in the form IBM's rules read (they take `null` inside a type list only)."""
    if "anyOf" not in ret:
        return {}
    return {"anyOf": [{"type": ["null"]} if item == {"type": "null"} else item for item in ret["anyOf"]]}


def _schema_name(schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__
    return name[:-6] if name.endswith("Schema") and len(name) > 6 else name


# The API table of each platform blueprint: its routes take their operation ids (and the bodies
# their views do not declare a shape for) from it.
_BLUEPRINT_TABLES = {"tagging": "global_tagging", "resource_manager": "resource_manager",
                     "iam_policies": "iam_policy_management"}
# The mock's own operations, which no API table has, are named by their views after a prefix
# saying whose they are (mock_get_clock, vpcmock_openapi_document, iam_token).
_ID_PREFIXES = {"admin": "mock_", "faults": "mock_", "mock_state": "mock_", "index": "vpcmock_",
                "console": "console_", "iam": "iam_", "vpn_clients": "mock_vpn_"}


def _table_operation(rule, method: str, path: str) -> tuple[str, str] | None:
    """(API table, operation id) of the operation a route serves, as api_table.match finds it."""
    blueprint = rule.endpoint.split(".")[0]
    if blueprint.startswith("api_"):
        found = api_table.match(method, path.split("/v1", 1)[1])
        return ("vpc", found.operation_id) if found else None
    service = _BLUEPRINT_TABLES.get(blueprint)
    found = api_table.match(method, path, service) if service else None
    return (service, found.operation_id) if found else None


def _operation_id(rule, table_op: tuple[str, str] | None) -> str:
    """The SDK's name of the operation (list_volumes, create_backup_policy), else the view's
    with its prefix; `_in_region` after it on the regional paths (/{region}/v1/...)."""
    blueprint, view = rule.endpoint.split(".", 1)
    name = table_op[1] if table_op else _ID_PREFIXES.get(blueprint, "") + view
    return f"{name}_in_region" if blueprint == "api_regional" else name


def _operation(rule, method: str, facts: dict, table_op: tuple[str, str] | None = None) -> dict:
    vpc = rule.endpoint.startswith("api_")
    parameters = [path_parameter(name) for name in sorted(rule.arguments)]
    if vpc:
        parameters += [
            {"name": "version", "in": "query", "required": True, "example": API_VERSION,
             "description": f"The API version, a date (YYYY-MM-DD): {API_VERSION} is the one the ibm-vpc SDK sends",
             "schema": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "default": API_VERSION}},
            {"name": "generation", "in": "query", "required": True, "description": "The API generation",
             "schema": integer(GENERATION, GENERATION, enum=[GENERATION], default=GENERATION)}]
    parameters += [{"name": name, "in": "query", "required": False, "schema": schema}
                   for name, schema in facts["query"].items()]
    operation: dict = {
        "operationId": _operation_id(rule, table_op),
        "tags": [_tag(rule)],
        "parameters": parameters,
        "responses": {**_success(facts),
                      "default": {"description": "An error", "content": {"application/json": {"schema": {
                          "$ref": "#/components/schemas/" + ("IamError" if rule.rule.startswith("/identity")
                                                             else "Error")}}}}},
    }
    summary, _, description = ((inspect.getdoc(facts["view"]) if facts["view"] else "") or "").partition("\n\n")
    if summary:
        operation["summary"] = summary.replace("\n", " ").removesuffix(".")
    if description:
        operation["description"] = description
    if vpc or not (rule.rule == "/" or rule.rule.startswith(UNAUTHENTICATED)):
        operation["security"] = [{"iam": []}]
    if facts["form"]:
        operation["requestBody"] = {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "properties": {name: {"type": "string"} for name in facts["form"]}}}}}
    elif method in ("POST", "PUT", "PATCH") and facts["body"] is not None:
        schema = facts["body"]
        if schema == "object" and facts["fields"] is not None:  # the names `refuse_unknown_fields` takes
            schema = {"type": "object", "properties": {name: {} for name in facts["fields"]},
                      "additionalProperties": False} if facts["fields"] else None
        elif schema == "object" and table_op and table_op[0] == "vpc" \
                and (api_table.operation(table_op[1]).get("body") or {}).get("model"):
            # a VPC route checking its body against the table's model (validation.body): that model
            schema = table_openapi.model_ref(api_table.operation(table_op[1])["body"]["model"])
        elif schema == "object" and table_op and table_op[0] != "vpc":
            schema = _table_body(api_table.operation(table_op[1], table_op[0]))
        elif schema == "object":
            schema = {"type": "object"}
        if schema is not None:
            content_types = ["application/json"] + (["application/merge-patch+json"] if method == "PATCH" else [])
            operation["requestBody"] = {"required": True, "content": {c: {"schema": schema} for c in content_types}}
    return operation


def _table_body(op: dict) -> dict:
    """A platform operation's body as its API table gives it: its properties, their types (an
    object of the table's models as an object), which are required."""
    def schema(spec: dict) -> dict:
        if spec.get("type") == "array":
            return {"type": "array", "items": schema(spec.get("items") or {})}
        found = {"type": spec["type"]} if spec.get("type") in ("string", "integer", "number", "boolean", "object") \
            else {}
        if spec.get("model"):
            found["description"] = f"A {spec['model']} (the SDK's model)"
        return found
    properties = (op.get("body") or {}).get("properties") or {}
    body = {"type": "object", "properties": {name: schema(spec) for name, spec in properties.items()}}
    required = sorted(name for name, spec in properties.items() if spec.get("required"))
    return {**body, "required": required} if required else body


def _tag(rule) -> str:
    """The service a route belongs to: a VPC route by its collection, any other by its blueprint."""
    blueprint = rule.endpoint.split(".")[0]
    if rule.endpoint.endswith("." + generic.ENDPOINT) or blueprint == "platform_generic" \
            or blueprint in _TABLE_BLUEPRINTS:
        return table_openapi.TAG[0]  # (each operation's own tag replaces it: table_openapi)
    if blueprint.startswith("api_"):
        collection = rule.rule.split("/v1/", 1)[1].split("/")[0]
        tag = _COLLECTION_TAGS.get(collection)
    else:
        tag = _BLUEPRINT_TAGS.get(blueprint)
    if tag is None:
        raise LookupError(f"no tag for {rule.rule} ({rule.endpoint}): add it to openapi.py's tag tables")
    return tag


def _success(facts: dict) -> dict:
    status, shape, schema, key = facts["status"], facts["shape"], facts["schema"], facts["key"]
    if shape == "empty":
        return {str(status): {"description": "Done; no content"}}
    if shape == "raw":
        return {str(status): {"description": "A page or a file of the API documentation",
                              "content": {"*/*": {"schema": {}}}}}
    if schema is None:
        return {str(status): {"description": "A JSON object", "content": {"application/json": {
            "schema": {"type": "object"}}}}}
    if shape == "one":
        body = schema
    else:
        link = {"type": "object", "required": ["href"], "properties": {"href": {"type": "string", "format": "url"}}}
        body = {"type": "object", "required": [key, "first", "limit"],
                "properties": {key: {"type": "array", "items": schema}, "first": link,
                               # a page holds up to MAX_LIMIT; an unpaged list's limit is its length
                               "limit": integer(1, MAX_LIMIT if shape == "page" else INT32[1]),
                               "total_count": integer(0, INT32[1]),
                               **({"next": link} if shape == "page" else {})}}
    return {str(status): {"description": "Success", "content": {"application/json": {"schema": body}}}}


def _facts(view) -> dict:
    """What a view's code says it takes and answers (see the module's docstring), reading also
    the helpers of its own module it calls (a route that answers through `_operation(...)`)."""
    function = inspect.unwrap(view)
    facts = {"view": function, "body": None, "schema": None, "shape": "one", "status": 200, "key": None,
             "query": {}, "form": [], "fields": None}
    _read(function, facts, depth=0)
    return facts


def _read(function, facts: dict, depth: int, bound: dict | None = None) -> None:
    """`bound`: what the caller passed a helper for its parameters (`shape` -> VOLUME_PROFILE)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return
    scope = {**function.__globals__, **(bound or {})}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and depth < 2:
            helper = scope.get(node.func.id)
            if inspect.isfunction(helper) and helper.__module__ == function.__module__ and helper is not function:
                _read(helper, facts, depth + 1, _arguments(helper, node, scope))
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        args = node.args
        if name == "load" and args:
            facts["body"] = _schema(args[0], scope) or "object"
        elif name == "json_body" and facts["body"] is None:
            facts["body"] = "object"
        elif name == "refuse_unknown_fields" and len(args) > 1:
            known = _value(args[1], scope)
            if isinstance(known, (tuple, list)) and all(isinstance(n, str) for n in known):
                facts["fields"] = tuple(known)
        elif name == "respond" and len(args) >= 2:
            facts.update(schema=_schema(args[1], scope), shape="one", status=_int(args, 2, facts["status"]))
        elif name in ("respond_page", "respond_all") and len(args) >= 2:
            facts.update(schema=_schema(args[2], scope) if len(args) > 2 else None, key=_str(args[1]),
                         shape="page" if name == "respond_page" else "all")
        elif name == "respond_empty":
            facts.update(shape="empty", status=_int(args, 0, 204))
        elif name in ("Response", "send_from_directory", "packaged_file"):
            facts.update(shape="raw")
        elif name in ("args.get", "query_list", "query_int", "query_choice") and args and _str(args[0]):
            facts["query"][_str(args[0])] = _query_schema(name, args, scope)
        elif name == "form.get" and args and _str(args[0]):
            facts["form"].append(_str(args[0]))
        elif name == "page_args":
            facts["query"]["start"] = {"type": "string", "description": "A page token from a `next` link"}
            facts["query"]["limit"] = integer(1, MAX_LIMIT, default=DEFAULT_LIMIT)


def _arguments(helper, call: ast.Call, scope) -> dict:
    """The values a call passes the helper's parameters, by name, as far as they are known."""
    try:
        names = list(inspect.signature(helper).parameters)
    except (TypeError, ValueError):
        return {}
    passed = dict(zip(names, call.args)) | {k.arg: k.value for k in call.keywords if k.arg}
    values = {name: _value(node, scope) for name, node in passed.items()}
    return {name: value for name, value in values.items() if value is not None}


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.attr if isinstance(func.value, ast.Attribute) else getattr(func.value, "id", "")
        return f"{owner}.{func.attr}"
    return ""


def _schema(node, scope):
    """The marshmallow schema instance (or class) a name in the view's module refers to."""
    value = _schema(node.func, scope) if isinstance(node, ast.Call) else _value(node, scope)
    if isinstance(value, Schema) or (isinstance(value, type) and issubclass(value, Schema)):
        return value
    return None


def _value(node, scope):
    """What a literal, a name of the view's module or an attribute of one (`shapes.POLICY`) is."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return getattr(scope.get(node.value.id), node.attr, None)
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None


def _str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _int(args, index: int, default: int) -> int:
    if len(args) > index and isinstance(args[index], ast.Constant) and isinstance(args[index].value, int):
        return args[index].value
    return default


def _query_schema(name: str, args, scope) -> dict:
    if name == "query_int":  # query_int(name, default, low, high)
        default, low, high = (_value(arg, scope) for arg in (list(args[1:4]) + [None] * 3)[:3])
        if all(isinstance(v, int) for v in (default, low, high)):
            return integer(low, high, default=default)
        return integer(*INT32)
    if name == "query_list":
        return {"type": "string", "description": "One value, or several joined with commas"}
    if name == "query_choice" and len(args) > 1:
        choices = _value(args[1], scope)
        if isinstance(choices, (tuple, list, frozenset, set)) and all(isinstance(c, str) for c in choices):
            return _choice(choices)
    return {"type": "string"}


def _choice(choices) -> dict:
    """One of `choices`: an enum; a sort order (each property, with `-` before it for descending)
    as the pattern it is, since IBM's rules take snake_case enum values only."""
    bases = sorted({choice.removeprefix("-") for choice in choices})
    if set(choices) == set(bases) | {"-" + base for base in bases} and all(re.fullmatch(r"[a-z0-9_.]+", base)
                                                                          for base in bases):
        return {"type": "string", "pattern": rf"^-?({'|'.join(re.escape(b) for b in bases)})$",
                "description": f"Sort by {', '.join(bases)}; a `-` before it sorts in descending order"}
    return {"type": "string", "enum": sorted(choices)}
