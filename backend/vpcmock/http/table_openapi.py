"""The generic engine's operations in /openapi.json, written from the API table: the one rule
that serves them (routes/generic.py) is documented as every operation it serves, each with
its path and query parameters, body and answer as the table's models say (component schemas
named `table.<Model>` with the properties the model requires; a polymorphic model as any of
the models it may be, each with its own properties and required ones, as IBM's API defines it;
an integer, whose range the SDKs do not state, in int64's range).
"""

from __future__ import annotations

from vpcmock import api_table
from vpcmock.engine.generic import models
from vpcmock.http.body import INT32, INT64

TAG = ("VPC API (generic engine)", "Every other operation of the VPC API, served by the generic engine from the "
       "API table of the ibm-vpc SDK: its collections, sub-collections and singletons, with their references, "
       "addresses and behaviours.")
_PREFIX = "table."
_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "object": "object",
          "array": "array"}


def add(spec, paths: dict, rule, base, served: dict[str, tuple]) -> None:
    """Add to `paths` each operation the generic rule `rule` serves; `base(method, op_id)` is the
    operation the rest of the document would write for the rule (security, version, errors)."""
    from vpcmock.http.openapi import path_parameter  # (openapi.py imports this module)

    prefix = rule.rule[: -len("/<path:rest>")].replace("<region>", "{region}")
    wanted: set[str] = set()
    for op_id in sorted(served):
        op = api_table.operation(op_id)
        operation = base(op["method"], op_id)  # its operationId the SDK's name of the operation
        kept = [p for p in operation["parameters"] if (p["in"] == "path" and p["name"] != "rest")
                or p["name"] in ("version", "generation")]
        operation["parameters"] = kept + [
            path_parameter(p["name"]) for p in op["path_params"]] + [_query(q) for q in op["query"]]
        operation["tags"] = [TAG[0]]
        operation["summary"] = op_id.replace("_", " ").capitalize()
        operation.pop("description", None)
        operation.pop("requestBody", None)
        if op["body"]:
            schema = _ref(op["body"]["model"], wanted) if op["body"].get("model") else _inline(op["body"], wanted)
            types = [op["body"]["content_type"]] + (["application/json"] if op["method"] == "PATCH" else [])
            content = {content_type: {"schema": schema} for content_type in dict.fromkeys(types)}
            operation["requestBody"] = {"required": True, "content": content}
        response = op.get("response") or {}
        answer = {"description": "Success"}
        if response.get("model"):
            answer["content"] = {"application/json": {"schema": _ref(response["model"], wanted)}}
        operation["responses"] = {str(op["status"]): answer, "default": operation["responses"]["default"]}
        paths.setdefault(prefix + op["path"], {})[op["method"].lower()] = operation
    _components(spec, wanted)


def _query(spec: dict) -> dict:
    schema = {"type": _TYPES.get(spec.get("type"), "string")}
    for key in ("enum", "minimum", "maximum", "default"):
        if key in spec:
            schema[key] = spec[key]
    if schema["type"] == "integer":
        schema = {**_integer(), **schema}
        schema["format"] = "int32" if INT32[0] <= schema["minimum"] and schema["maximum"] <= INT32[1] else "int64"
    if schema["type"] == "array":
        schema["items"] = {"type": (spec.get("items") or {}).get("type", "string")}
    return {"name": spec["name"], "in": "query", "required": bool(spec.get("required")), "schema": schema}


def _ref(model: str, wanted: set[str]) -> dict:
    wanted.add(model)
    return {"$ref": f"#/components/schemas/{_PREFIX}{model}"}


def _inline(body: dict, wanted: set[str]) -> dict:
    return {"type": "object", "properties": {name: _schema(s, wanted) for name, s in body["properties"].items()},
            "required": sorted(name for name, s in body["properties"].items() if s.get("required"))}


def _schema(schema: dict, wanted: set[str]) -> dict:
    kind = schema.get("type")
    if kind == "object" and schema.get("model"):
        return _ref(schema["model"], wanted)
    if kind == "array":
        return {"type": "array", "items": _schema(schema.get("items") or {}, wanted)}
    found = {"type": _TYPES[kind]} if kind in _TYPES else {}
    if kind == "integer":
        found = _integer()
    if schema.get("enum"):
        found["enum"] = schema["enum"]
    return found


def _integer() -> dict:
    """An integer of the table, whose range the SDKs do not state: int64's, as a body may hold
    it (http/body.py)."""
    return {"type": "integer", "format": "int64", "minimum": INT64[0], "maximum": INT64[1]}


def _components(spec, wanted: set[str]) -> None:
    """Every model the operations name, and the models those name, once each."""
    done = set(spec.components.schemas)
    pending = sorted(wanted)
    while pending:
        model = pending.pop()
        if _PREFIX + model in done:
            continue
        done.add(_PREFIX + model)
        inner: set[str] = set()
        leaves = models.leaves(model)
        if leaves != (model,):  # polymorphic: any of the models it may be, each with its own properties
            spec.components.schema(_PREFIX + model, {"anyOf": [_ref(leaf, inner) for leaf in leaves]})
        else:
            properties = {name: _schema(models.schema_of(model, name) or {}, inner)
                          for name in sorted(models.properties(model))}
            required = sorted(models.required(model))
            spec.components.schema(_PREFIX + model, {"type": "object", "properties": properties,
                                                     **({"required": required} if required else {})})
        pending += sorted(inner - {m for m in inner if _PREFIX + m in done})


def tag(spec) -> None:
    spec.tag({"name": TAG[0], "description": TAG[1]})
