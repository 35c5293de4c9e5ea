"""The operations: one per method of the service class (``VpcV1``, ``IamIdentityV1``, ...) that
prepares a request. What each sends is read from the method's body as IBM's SDK generator writes it:

    params = {'version': self.version, 'resource_group.id': resource_group_id, ...}  # self.x: common
    headers = {'If-Match': if_match}
    data = json.dumps(volume_patch)             # or data = {'name': name, ...}: a flattened body
                                                # or data = body: sent as it is given (bytes, a file)
    form_data.append(('file', (None, file, ...)))  # or a multipart form
    headers['content-type'] = 'application/merge-patch+json'
    path_param_keys = ['vpc_id', 'id']
    url = '/vpcs/{vpc_id}/address_prefixes/{id}'.format(**path_param_dict)
    request = self.prepare_request(method='GET', ...)

and the answer from the docstring's ``:rtype: ... representing a `VPC` object`` (or a `dict`, `str`
or `BinaryIO` result with no model).
"""

from __future__ import annotations

import ast
import re
from typing import Callable

from sdk_source import Sdk, arguments, assignments, camel, enum_values, is_enum, methods, schema_of, \
    subscript_assignments, with_enum

_RESPONSE_MODEL = re.compile(r":rtype: DetailedResponse with `dict` result representing a `(\w+)` object")
_RESULTS = {  # :rtype: DetailedResponse with `<type>` result, with no model
    "str": {"type": "string"},
    "dict": {"type": "object"},
    "BinaryIO": {"type": "string", "format": "binary"},
}
_RESULT = re.compile(r":rtype: DetailedResponse with `(\w+)` result\s*$", re.MULTILINE)
_ENUMS_DOC = re.compile(r"Enums for (\w+) parameters\.")

Status = Callable[[str, str, bool], "tuple[int, str]"]  # (operation id, method, has response) -> (code, rule)


def read_operations(sdk: Sdk, status: Status, limit: dict | None = None) -> dict[str, dict]:
    """Every operation of `sdk`'s service; `status` gives each its success status, `limit` the
    bounds of a ``limit`` query parameter where the API has a convention for them."""
    enums = _parameter_enums(sdk)
    pages = _pagination(sdk)
    operations = {}
    for name, function in methods(sdk.service).items():
        if _prepare_request(function) is not None:
            operations[name] = _operation(name, function, enums.get(name, {}), pages.get(name), status, limit)
    return operations


def common_query(sdk: Sdk) -> list[tuple[str, str]]:
    """The query parameters the operations send from the client's settings (``'version':
    self.version``), as (wire name, the client's attribute), in the order first sent."""
    found: dict[str, str] = {}
    for function in methods(sdk.service).values():
        for params in assignments(function, "params")[:1]:
            for key, value in _dict_items(params):
                if _is_setting(value):
                    found.setdefault(key, value.attr)
    return list(found.items())


def _is_setting(value: ast.expr) -> bool:
    return isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "self"


def _prepare_request(function: ast.FunctionDef) -> ast.Call | None:
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "self.prepare_request":
            return node
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr:
    return next(k.value for k in call.keywords if k.arg == name)


def _operation(name: str, function: ast.FunctionDef, enums: dict[str, list[str]], pagination: dict | None,
               status: Status, limit: dict | None) -> dict:
    args = {arg: (annotation, required) for arg, annotation, required in arguments(function)}
    used: set[str] = set()
    wires: dict[str, str] = {}

    def parameter(wire: str, arg: str) -> dict:
        used.add(arg)
        wires[arg] = wire
        annotation, required = args[arg]
        schema = schema_of(annotation)
        if arg in enums:
            schema = with_enum(schema, enums[arg])
        return {"name": wire, "required": required, **schema}

    method = _keyword(_prepare_request(function), "method").value
    path = _path_template(assignments(function, "url")[0])
    path_params = [parameter(wire, arg) for wire, arg in _path_arguments(function)]
    if [p["name"] for p in path_params] != re.findall(r"{([\w-]+)}", path):
        raise ValueError(f"{name}: path parameters {path_params} do not match {path}")

    query = _query(function, parameter, limit)
    headers = [{k: v for k, v in parameter(key, value.id).items() if k != "type"}  # headers are strings
               for key, value in _dict_items(assignments(function, "headers")[0])]
    sent = dict(subscript_assignments(function, "headers"))
    body = _body(function, sent, args, used)
    response = _response(ast.get_docstring(function) or "", sent)

    unread = set(args) - used
    if unread:
        raise ValueError(f"{name}: arguments {sorted(unread)} are sent nowhere the reader knows")
    code, rule = status(name, method, response is not None)
    operation = {"method": method, "path": path, "path_params": path_params, "query": query, "headers": headers,
                 "body": body, "response": response, "status": code, "status_rule": rule}
    if pagination:
        operation["pagination"] = {**pagination, "token": wires[pagination["token"]]}
    return operation


def _query(function: ast.FunctionDef, parameter, limit: dict | None) -> list[dict]:
    query = []
    for params in assignments(function, "params")[:1]:  # no params: the operation has no query
        for key, value in _dict_items(params):
            if _is_setting(value):  # sent on every request: the table's common_query
                continue
            if isinstance(value, ast.Call):  # convert_list(x): a list sent comma-separated
                query.append({**parameter(key, _list_argument(value)), "explode": False})
            else:
                query.append(parameter(key, value.id))
            if key == "limit" and limit:
                query[-1].update(limit)
    return query


def _list_argument(call: ast.Call) -> str:
    """The argument ``convert_list(x)`` sends: ``x``, also where the SDK converts its items first
    (``convert_list([str(i) for i in (x or [])])``)."""
    inner = call.args[0]
    if isinstance(inner, ast.ListComp):
        inner = inner.generators[0].iter
        inner = inner.values[0] if isinstance(inner, ast.BoolOp) else inner
    return inner.id


def _response(doc: str, sent: dict[str, ast.expr]) -> dict | None:
    if match := _RESPONSE_MODEL.search(doc):
        return {"content_type": sent["Accept"].value, "model": match.group(1)}
    if (match := _RESULT.search(doc)) and match.group(1) in _RESULTS:
        return {"content_type": sent["Accept"].value, **_RESULTS[match.group(1)]}
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
        return _form(function, args, used)
    content_type = sent["content-type"].value
    if isinstance(data[0], (ast.Call, ast.Name)):  # data = json.dumps(volume_patch) or data = body: the argument
        arg = (data[0].args[0] if isinstance(data[0], ast.Call) else data[0]).id
        used.add(arg)
        annotation, required = args[arg]
        return {"content_type": content_type, "required": required, **schema_of(annotation)}
    properties = {}  # data = {'name': name, ...}: the body's properties are the method's arguments
    for key, value in _dict_items(data[0]):
        used.add(value.id)
        annotation, required = args[value.id]
        properties[key] = {**schema_of(annotation), "required": required}
    return {"content_type": content_type, "required": True, "type": "object", "properties": properties}


def _form(function: ast.FunctionDef, args: dict, used: set[str]) -> dict | None:
    """A multipart form: ``form_data.append(('file', (None, file, file_content_type or '...')))``,
    each part named, with its content type sent beside it as ``<part>_content_type`` or the default."""
    parts = {}
    for node in ast.walk(function):
        if (isinstance(node, ast.Call) and ast.unparse(node.func) == "form_data.append"):
            name, (_, value, content_type) = node.args[0].elts[0].value, node.args[0].elts[1].elts
            annotation, required = args[value.id]
            used.add(value.id)
            part = {**schema_of(annotation), "required": required}
            if isinstance(content_type, ast.BoolOp):  # file_content_type or 'application/octet-stream'
                used.add(content_type.values[0].id)
                part["content_type"] = content_type.values[1].value
            parts[name] = part
    if not parts:
        return None
    return {"content_type": "multipart/form-data", "required": any(p["required"] for p in parts.values()),
            "type": "object", "properties": parts}


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
    """operation id -> {"items", "token", "next"}, from the SDK's pagers. A pager calls one list
    operation with the page token as one argument (``start=self._page_context.get('next')``), reads
    the next token from the answer and returns the page's ``result.get('<items>')``:

        next_page_link = result.get('next')
        next = get_query_param(next_page_link.get('href'), 'start')  # "next": "next.href?start"
        next = next_page_link.get('start')                           # "next": "next.start"
        next = get_query_param(next_page_link, 'start')  (of 'next_url')  # "next": "next_url?start"
    """
    found = {}
    for cls in sdk.classes.values():
        get_next = methods(cls).get("get_next")
        if get_next is None:
            continue
        call = next(node for node in ast.walk(get_next) if isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "self._client")
        token = next(k.arg for k in call.keywords if "_page_context" in ast.unparse(k.value))
        returned = [node.value for node in ast.walk(get_next) if isinstance(node, ast.Return)][-1]
        found[call.func.attr] = {"items": returned.args[0].value, "token": token, "next": _next_token(get_next)}
    return found


def _next_token(get_next: ast.FunctionDef) -> str:
    link = assignments(get_next, "next_page_link")[0].args[0].value  # result.get('next')
    value = assignments(get_next, "next")[-1]
    if ast.unparse(value.func) == "get_query_param":  # a URL carrying the token in its query
        url, param = value.args
        where = link if isinstance(url, ast.Name) else f"{link}.{url.args[0].value}"
        return f"{where}?{param.value}"
    return f"{link}.{value.args[0].value}"  # next_page_link.get('start'): the token itself
