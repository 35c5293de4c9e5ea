"""The generic engine's operations in /openapi.json, written from the API table: the one rule
that serves them (routes/generic.py) is documented as every operation it serves, each with
its path and query parameters, body and answer as the table's models say (component schemas
named `table.<Model>`, a polymorphic model as the union of its variants' properties).
"""

from __future__ import annotations

from vpcmock import api_table
from vpcmock.engine.generic import models

TAG = ("VPC API (generic engine)", "Every other operation of the VPC API, served by the generic engine from the "
       "API table of the ibm-vpc SDK: its collections, sub-collections and singletons, with their references, "
       "addresses and behaviours.")
_PREFIX = "table."
_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "object": "object",
          "array": "array"}


def add(spec, paths: dict, rule, base, served: dict[str, tuple]) -> None:
    """Add to `paths` each operation the generic rule `rule` serves; `base(method)` is the
    operation the rest of the document would write for the rule (security, version, errors)."""
    prefix = rule.rule[: -len("/<path:rest>")].replace("<region>", "{region}")
    wanted: set[str] = set()
    for op_id in sorted(served):
        op = api_table.operation(op_id)
        operation = base(op["method"])
        kept = [p for p in operation["parameters"] if (p["in"] == "path" and p["name"] != "rest")
                or p["name"] in ("version", "generation")]
        operation["parameters"] = kept + [
            {"name": p["name"], "in": "path", "required": True, "schema": {"type": "string"}}
            for p in op["path_params"]] + [_query(q) for q in op["query"]]
        operation["operationId"] = f"{rule.endpoint.split('.')[0]}_{op_id}"
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
    if schema.get("enum"):
        found["enum"] = schema["enum"]
    return found


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
        properties = {name: _schema(models.schema_of(model, name) or {}, inner)
                      for name in sorted(models.every_property(model))}
        spec.components.schema(_PREFIX + model, {"type": "object", "properties": properties})
        pending += sorted(inner - {m for m in inner if _PREFIX + m in done})


def tag(spec) -> None:
    spec.tag({"name": TAG[0], "description": TAG[1]})
