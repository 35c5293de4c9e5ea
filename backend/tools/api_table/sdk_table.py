"""The table of one service of a generated SDK (``services.Service``): its operations and models
read from the module with ``ast`` (the SDK's code is never run), what they leave implicit derived,
and the endpoint and the query the client sends on every request.

Operation: ``{"method", "path", "path_params", "query", "headers", "body", "response", "status",
"status_rule", "pagination"?}``; a parameter ``{"name" (as sent), "required", "type", "format"?,
"enum"?, "items"?, "explode": false (a list sent comma-separated)?, "minimum"?, "maximum"?,
"default"?}``; a body ``{"content_type", "required", "type": "object", "model"}``, or where the SDK
flattens it into arguments (or sends a multipart form) ``{..., "properties": {wire: schema}}``, or
``{..., "type": "string", "format": "binary"}`` where the SDK sends what it is given as it is; a
response ``{"content_type", "model"}`` or ``{"content_type", "type"}`` (no model). Pagination:
``{"items" (the answer's list), "token" (the query parameter carrying the page token), "next" (where
the answer gives the next token: ``next.start`` the token itself, ``next.href?start`` a URL whose
query parameter carries it)}``.

Model: ``{"properties": {wire: schema + "required" + "readonly"}, "usage", "variants"?,
"discriminator"?, "variant_of"?}``; a schema is ``{"type", "format"?, "model"?, "items"?, "enum"?}``,
its type one of JSON's or ``any`` (the SDK's ``object``: any JSON value).
"""

from __future__ import annotations

import ast
import re
from urllib.parse import urlsplit

import api_derived
import sdk_models
import sdk_operations
from sdk_source import Sdk, methods, schema_of
from services import Service

REQUIRED = ("an operation's argument or a model's property is required when the SDK's signature has it before "
            "`*` (a model's from_dict refuses a dict without it); the rest are optional")
DATE_FORMAT = "YYYY-MM-DD"  # a client setting documented as a date in this format is sent as one


def build_table(service: Service, sdk: Sdk | None = None) -> dict:
    """The table of `service`, read from `sdk` (the installed module by default)."""
    sdk = sdk or Sdk.installed(service.package, service.module, service.service_class)
    operations = sdk_operations.read_operations(sdk, service.statuses.status, service.limit)
    models = sdk_models.read_models(sdk)
    api_derived.annotate(operations, models)
    common = common_query(sdk)
    return {
        "sdk": {"package": sdk.package, "version": sdk.version, "module": sdk.module, "service": sdk.service_class},
        "endpoint": endpoint(sdk),
        "common_query": common,
        "conventions": {"status": service.statuses.describe(), "readonly": api_derived.READONLY_RULE,
                        "discriminator": api_derived.DISCRIMINATOR_RULE, "bounds": service.bounds,
                        "required": REQUIRED, "common_query": _common_query_rule(common)},
        "operations": operations,
        "models": models,
    }


def endpoint(sdk: Sdk) -> dict:
    """Where the SDK sends its requests by default (``DEFAULT_SERVICE_URL``): the URL, its host and
    base path (the operations' paths follow it), and the other URLs the class names: one per
    region (``REGIONAL_ENDPOINTS``) or a template (``PARAMETERIZED_SERVICE_URL``)."""
    url = sdk.constant("DEFAULT_SERVICE_URL")
    parts = urlsplit(url)
    found = {"url": url, "host": parts.netloc, "base_path": parts.path.rstrip("/")}
    if regional := sdk.constant("REGIONAL_ENDPOINTS"):
        found["regional_urls"] = regional
    if template := sdk.constant("PARAMETERIZED_SERVICE_URL"):
        found["url_template"] = template
    return found


def common_query(sdk: Sdk) -> list[dict]:
    """The query parameters every request carries from the client's settings, typed by the
    constructor's argument, with its default (required when it has none)."""
    init = methods(sdk.service)["__init__"]
    args = init.args.args[1:]
    defaults = dict(zip([a.arg for a in args[len(args) - len(init.args.defaults):]], init.args.defaults))
    doc = ast.get_docstring(init) or ""
    found = []
    for wire, attr in sdk_operations.common_query(sdk):
        annotation = next(a.annotation for a in args if a.arg == attr)
        param = {"name": wire, **schema_of(annotation)}
        if DATE_FORMAT in _param_doc(doc, attr):
            param["format"] = "date"
        default = defaults.get(attr)
        param["required"] = default is None
        if default is not None:
            param["default"] = default.value
        found.append(param)
    return found


def _param_doc(doc: str, name: str) -> str:
    """The text of ``:param <type> <name>:`` in a docstring, up to the next field."""
    match = re.search(rf":param \w+ {name}:(.*?)(?=\n\s*:|\Z)", doc, re.DOTALL)
    return match.group(1) if match else ""


def _common_query_rule(common: list[dict]) -> str:
    if not common:
        return "none: the SDK sends no query parameter of its own on every request"
    names = " and ".join(p["name"] for p in common)
    return f"the SDK sends {names} on every request, from the client's settings"
