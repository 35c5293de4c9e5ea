"""The operations: one per method of ``VpcV1`` that prepares a request. What each sends is read
from the method's body as the SDK writes it:

    params = {'version': ..., 'generation': ..., 'resource_group.id': resource_group_id, ...}
    headers = {'If-Match': if_match}
    data = json.dumps(volume_patch)             # or data = {'name': name, ...}: a flattened body
    headers['content-type'] = 'application/merge-patch+json'
    path_param_keys = ['vpc_id', 'id']
    url = '/vpcs/{vpc_id}/address_prefixes/{id}'.format(**path_param_dict)
    request = self.prepare_request(method='GET', ...)

and the answer's model from the docstring's ``:rtype: ... representing a `VPC` object``.
"""

from __future__ import annotations

import ast
import re

import api_statuses
from sdk_source import Sdk, arguments, assignments, camel, enum_values, is_enum, methods, schema_of, \
    subscript_assignments, with_enum

COMMON_QUERY = ("version", "generation")  # sent on every request from the client's settings
LIMIT = {"minimum": 1, "maximum": 100, "default": 50}  # the VPC API's page size bounds, by convention
_RESPONSE_MODEL = re.compile(r":rtype: DetailedResponse with `dict` result representing a `(\w+)` object")
_TEXT_RESULT = ":rtype: DetailedResponse with `str` result"
_ENUMS_DOC = re.compile(r"Enums for (\w+) parameters\.")


def read_operations(sdk: Sdk) -> dict[str, dict]:
    enums = _parameter_enums(sdk)
    pages = _pagination(sdk)
    operations = {}
    for name, function in methods(sdk.service).items():
        if _prepare_request(function) is not None:
            operations[name] = _operation(name, function, enums.get(name, {}), pages.get(name))
    return operations


def _prepare_request(function: ast.FunctionDef) -> ast.Call | None:
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "self.prepare_request":
            return node
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr:
    return next(k.value for k in call.keywords if k.arg == name)


def _operation(name: str, function: ast.FunctionDef, enums: dict[str, list[str]], pagination: dict | None) -> dict:
    args = {arg: (annotation, required) for arg, annotation, required in arguments(function)}
    used: set[str] = set()

    def parameter(wire: str, arg: str) -> dict:
        used.add(arg)
        annotation, required = args[arg]
        schema = schema_of(annotation)
        if arg in enums:
            schema = with_enum(schema, enums[arg])
        return {"name": wire, "required": required, **schema}

    method = _keyword(_prepare_request(function), "method").value
    path = _path_template(assignments(function, "url")[0])
    path_params = [parameter(wire, arg) for wire, arg in _path_arguments(function)]
    if [p["name"] for p in path_params] != re.findall(r"{(\w+)}", path):
        raise ValueError(f"{name}: path parameters {path_params} do not match {path}")

    query = _query(function, parameter)
    headers = [{k: v for k, v in parameter(key, value.id).items() if k != "type"}  # headers are strings
               for key, value in _dict_items(assignments(function, "headers")[0])]
    sent = dict(subscript_assignments(function, "headers"))
    body = _body(function, sent, args, used)
    response = _response(ast.get_docstring(function) or "", sent)

    unread = set(args) - used
    if unread:
        raise ValueError(f"{name}: arguments {sorted(unread)} are sent nowhere the reader knows")
    code, rule = api_statuses.status(name, method, response is not None)
    operation = {"method": method, "path": path, "path_params": path_params, "query": query, "headers": headers,
                 "body": body, "response": response, "status": code, "status_rule": rule}
    if pagination:
        operation["pagination"] = pagination
    return operation


def _query(function: ast.FunctionDef, parameter) -> list[dict]:
    query = []
    for key, value in _dict_items(assignments(function, "params")[0]):
        if key in COMMON_QUERY:
            continue
        if isinstance(value, ast.Call):  # convert_list(x): a list sent comma-separated
            query.append({**parameter(key, value.args[0].id), "explode": False})
        else:
            query.append(parameter(key, value.id))
        if key == "limit":
            query[-1].update(LIMIT)
    return query


def _response(doc: str, sent: dict[str, ast.expr]) -> dict | None:
    if match := _RESPONSE_MODEL.search(doc):
        return {"content_type": sent["Accept"].value, "model": match.group(1)}
    if _TEXT_RESULT in doc:
        return {"content_type": sent["Accept"].value, "type": "string"}
    return None


def _path_template(url: ast.expr) -> str:
    if isinstance(url, ast.Constant):
        return url.value
    return url.func.value.value  # '/vpcs/{id}'.format(**path_param_dict)


def _path_arguments(function: ast.FunctionDef) -> list[tuple[str, str]]:
    keys = assignments(function, "path_param_keys")
    if not keys:
        return []
    values = assignments(function, "path_param_values")[0]  # self.encode_path_vars(vpc_id, id)
    return list(zip([k.value for k in keys[0].elts], [v.id for v in values.args]))


def _dict_items(node: ast.expr) -> list[tuple[str, ast.expr]]:
    return [(key.value, value) for key, value in zip(node.keys, node.values)]


def _body(function: ast.FunctionDef, sent: dict[str, ast.expr], args: dict, used: set[str]) -> dict | None:
    data = assignments(function, "data")
    if not data:
        return None
    content_type = sent["content-type"].value
    if isinstance(data[0], ast.Call):  # data = json.dumps(volume_patch): the argument is the body
        arg = data[0].args[0].id
        used.add(arg)
        annotation, required = args[arg]
        return {"content_type": content_type, "required": required, **schema_of(annotation)}
    properties = {}  # data = {'name': name, ...}: the body's properties are the method's arguments
    for key, value in _dict_items(data[0]):
        used.add(value.id)
        annotation, required = args[value.id]
        properties[key] = {**schema_of(annotation), "required": required}
    return {"content_type": content_type, "required": True, "type": "object", "properties": properties}


def _parameter_enums(sdk: Sdk) -> dict[str, dict[str, list[str]]]:
    """operation id -> argument -> values, from the ``ListXxxEnums`` classes (one nested Enum per
    argument, named after it: ``sort`` -> ``Sort``)."""
    found: dict[str, dict[str, list[str]]] = {}
    service_methods = methods(sdk.service)
    for cls in sdk.classes.values():
        match = _ENUMS_DOC.search(ast.get_docstring(cls) or "")
        if not match:
            continue
        operation = match.group(1)
        by_class = {camel(arg): arg for arg, _, _ in arguments(service_methods[operation])}
        for node in cls.body:
            if is_enum(node):
                found.setdefault(operation, {})[by_class[node.name]] = enum_values(node)
    return found


def _pagination(sdk: Sdk) -> dict[str, dict]:
    """operation id -> {"items", "token"}, from the SDK's pagers: a pager calls one list operation,
    follows ``next.href``'s ``start`` and returns the page's ``result.get('<items>')``."""
    found = {}
    for cls in sdk.classes.values():
        get_next = methods(cls).get("get_next")
        if get_next is None:
            continue
        call = next(node for node in ast.walk(get_next) if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "self._client")
        returned = [node.value for node in ast.walk(get_next) if isinstance(node, ast.Return)][-1]
        found[call.func.attr] = {"items": returned.args[0].value, "token": "start"}
    return found
