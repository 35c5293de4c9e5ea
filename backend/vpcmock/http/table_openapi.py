"""The operations the generic engine serves in /openapi.json, written from the API tables.

The VPC API: the one rule that serves them (routes/generic.py) is documented as every operation
it serves. The platform services of engine/generic/service.py SERVICES (context-based
restrictions, Resource Controller, IAM Identity and Access Groups, DNS Services, Transit
Gateway, Activity Tracker, and any service registered there later), which
routes/platform_generic.py serves each under its mount: every operation served there (the
generic engine's and the hand-written ones beside it) at `<mount><base path><SDK path>`, tagged
by its service. Each operation with its path, query and header parameters, body and answer as
its table's models say (component schemas named `table.<Model>` for the VPC's,
`<service>.<Model>` for another table's, with the properties the model requires; a polymorphic
model as any of the models it may be, each with its own properties and required ones, as IBM's
API defines it; an integer, whose range the SDKs do not state, in int64's range).

Operation ids are the SDKs' names. Where two tables name two documented operations alike (the
VPC's `create_load_balancer` and DNS Services' global load balancer's), the platform one is
`<name>_in_<service>` (`create_load_balancer_in_dns_svcs`), as a regional VPC operation is
`<name>_in_region`: a document's operation ids are unique.
"""

from __future__ import annotations

import re

from vpcmock import api_table
from vpcmock.engine.generic import models, service
from vpcmock.http.body import INT32, INT64

TAG = ("VPC API (generic engine)", "Every other operation of the VPC API, served by the generic engine from the "
       "API table of the ibm-vpc SDK: its collections, sub-collections and singletons, with their references, "
       "addresses and behaviours.")
_PREFIX = "table."
_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean", "object": "object",
          "array": "array"}
# The name /docs shows each platform service under (its tag); a service registered later
# without one here is shown by its table's name.
SERVICE_TAGS = {
    "context_based_restrictions": "Context-based restrictions", "resource_controller": "Resource Controller",
    "iam_identity": "IAM Identity", "iam_access_groups": "IAM Access Groups", "dns_svcs": "DNS Services",
    "transit_gateway": "Transit Gateway", "atracker": "Activity Tracker Event Routing",
    "key_protect": "Key Protect", "cos_config": "Cloud Object Storage configuration",
    "hpcs_uko": "Hyper Protect Crypto Services: Unified Key Orchestrator",
    "user_management": "User Management", "iam_policy_management": "IAM Policy Management",
}
# Headers a client library sets itself, which IBM's rules keep out of the parameters.
_LIBRARY_HEADERS = {"accept", "content-type", "authorization"}
_TEMPLATE = re.compile(r"{[^}]+}")


def add(spec, paths: dict, rule, base, served: dict[str, tuple]) -> None:
    """Add to `paths` each VPC operation the generic rule `rule` serves; `base(method, op_id)` is
    the operation the rest of the document would write for the rule (security, version, errors)."""
    prefix = rule.rule[: -len("/<path:rest>")].replace("<region>", "{region}")
    writer = _Writer(spec, api_table.DEFAULT, _PREFIX)
    for op_id in sorted(served):
        operation = writer.operation(op_id, base, TAG[0], headers=False)
        op = api_table.operation(op_id)
        paths.setdefault(prefix + op["path"], {})[op["method"].lower()] = operation
    writer.components()


def add_service(spec, paths: dict, name: str, mount: str, op_ids, base) -> None:
    """Add to `paths` each operation of service `name`'s table in `op_ids`, served at
    `mount` + the table's base path; one not reachable there (an earlier service of the same
    mount answers its method and path) is left out."""
    taken = {(method, _TEMPLATE.sub("{}", path)) for path, ops in paths.items() for method in ops}
    prefix = mount + service.base_path(name)
    writer = _Writer(spec, name, name + ".", platform=True)
    for op_id in sorted(op_ids):
        op = api_table.operation(op_id, name)
        path, method = prefix + _TEMPLATE.sub(lambda m: _snake(m.group(0)), op["path"]), op["method"].lower()
        if (method, _TEMPLATE.sub("{}", path)) in taken:
            continue
        paths.setdefault(path, {})[method] = writer.operation(op_id, base, tag_of(name))
    _etags(paths, prefix)
    writer.components()


def _snake(name: str) -> str:
    """A path parameter's name in the document (`{profile-id}` -> `{profile_id}`): the name is
    the document's, never sent, and IBM's rules take snake_case ones."""
    return name.replace("-", "_")


def _etags(paths: dict, prefix: str) -> None:
    """The ETag a read answers where a write of the same path takes it back in If-Match (the
    generic engine answers every document's ETag: platform_generic.py `_answer`)."""
    for path, operations in paths.items():
        read = operations.get("get")
        if not path.startswith(prefix) or read is None or not any(
                p["in"] == "header" and p["name"].lower() == "if-match"
                for op in operations.values() for p in op["parameters"]):
            continue
        for status, answer in read["responses"].items():
            if status.startswith("2"):
                answer["headers"] = {"ETag": {"description": "The resource's entity tag, for If-Match",
                                              "schema": {"type": "string"}}}


def model_ref(model: str) -> dict:
    """A reference to the VPC table's `model` (`complete` writes its schema)."""
    return {"$ref": f"#/components/schemas/{_PREFIX}{model}"}


def complete(spec, paths: dict) -> None:
    """Write the VPC table's models the document's other operations refer to (model_ref) and no
    generic operation did."""
    writer = _Writer(spec, api_table.DEFAULT, _PREFIX)
    names = {ref.removeprefix("#/components/schemas/") for ref in _refs(paths)}
    writer.wanted = {name.removeprefix(_PREFIX) for name in names
                     if name.startswith(_PREFIX) and name not in spec.components.schemas}
    writer.components()


def _refs(value):
    """Every `$ref` string in `value` (dicts and lists, walked)."""
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def tag_of(name: str) -> str:
    return SERVICE_TAGS.get(name, name)


def tag(spec) -> None:
    spec.tag({"name": TAG[0], "description": TAG[1]})


def tag_service(spec, name: str, mount: str) -> None:
    sdk = api_table.table(name)["sdk"]
    spec.tag({"name": tag_of(name), "description": (
        f"{tag_of(name)}: the operations of the {sdk['package']} SDK's {sdk['service']} served at "
        f"{mount}{service.base_path(name)}, from its API table (api_table/{name}.json).")})


class _Writer:
    """The operations and component schemas of one table."""

    def __init__(self, spec, name: str, prefix: str, platform: bool = False):
        self.spec, self.name, self.prefix, self.wanted, self.platform = spec, name, prefix, set(), platform

    def operation(self, op_id: str, base, tag: str, headers: bool = True) -> dict:
        op = api_table.operation(op_id, self.name)
        operation = base(op["method"], op_id)  # its operationId the SDK's name of the operation
        # the VPC's region, version and generation as the rest of the document writes them; a
        # platform route's own parameters (`rest`, a hand-written route's) none: the table's are
        kept = [] if self.platform else [p for p in operation["parameters"] if (
            p["in"] == "path" and p["name"] != "rest") or p["name"] in ("version", "generation")]
        common = api_table.table(self.name)["common_query"] if self.platform else []
        operation["parameters"] = kept + [path_parameter(_snake(p["name"])) for p in op["path_params"]] + [
            _query(q, self.platform) for q in [*common, *op["query"]]] + [
            _header(h) for h in op["headers"] if headers and h["name"].lower() not in _LIBRARY_HEADERS]
        operation["tags"] = [tag]
        operation["summary"] = op_id.replace("_", " ").capitalize()
        operation.pop("description", None)
        operation.pop("requestBody", None)
        if op["body"]:
            body = op["body"]
            schema = self.ref(body["model"]) if body.get("model") else self.inline(body) if "properties" in body \
                else {"type": body.get("type", "string"), **({"format": body["format"]} if "format" in body else {})}
            structured = "properties" in body or bool(body.get("model"))  # (KP's bodies are bytes to its SDK)
            types = [body["content_type"]] + (["application/json"] if op["method"] == "PATCH" and structured else [])
            content = {content_type: {"schema": schema} for content_type in dict.fromkeys(types)}
            operation["requestBody"] = {"required": body.get("required", True) is not False, "content": content}
        response = op.get("response") or {}
        answer = {"description": "Success"}
        if response.get("model"):  # a JSON answer, in its own media type where it has one (KP's)
            media = response.get("content_type") if (response.get("content_type") or "").endswith("json") \
                else "application/json"
            answer["content"] = {media: {"schema": self.ref(response["model"])}}
        operation["responses"] = {str(op["status"]): answer, "default": operation["responses"]["default"]}
        return operation

    def ref(self, model: str) -> dict:
        self.wanted.add(model)
        return {"$ref": f"#/components/schemas/{self.prefix}{model}"}

    def inline(self, body: dict) -> dict:
        return {"type": "object", "properties": {name: self.schema(s) for name, s in body["properties"].items()},
                "required": sorted(name for name, s in body["properties"].items() if s.get("required"))}

    def schema(self, schema: dict) -> dict:
        kind = schema.get("type")
        if kind == "object" and schema.get("model"):
            return self.ref(schema["model"])
        if kind == "array":
            return {"type": "array", "items": self.schema(schema.get("items") or {})}
        found = {"type": _TYPES[kind]} if kind in _TYPES else {}
        if kind == "integer":
            found = _integer()
        if schema.get("enum"):
            found["enum"] = schema["enum"]
        return found

    def components(self) -> None:
        """Every model the operations name, and the models those name, once each (the models
        as the table's service defines them: service.serving)."""
        with service.serving(self.name):
            done = set(self.spec.components.schemas)
            pending = sorted(self.wanted)
            while pending:
                model = pending.pop()
                if self.prefix + model in done:
                    continue
                done.add(self.prefix + model)
                self.wanted = set()
                leaves = models.leaves(model)
                if leaves != (model,):  # polymorphic: any of the models it may be, each with its own properties
                    self.spec.components.schema(self.prefix + model, {"anyOf": [self.ref(leaf) for leaf in leaves]})
                else:
                    properties = {name: self.schema(models.schema_of(model, name) or {})
                                  for name in sorted(models.properties(model))}
                    required = sorted(models.required(model))
                    self.spec.components.schema(self.prefix + model, {
                        "type": "object", "properties": properties, **({"required": required} if required else {})})
                pending += sorted(m for m in self.wanted if self.prefix + m not in done)


def path_parameter(name: str) -> dict:
    from vpcmock.http.openapi import path_parameter as described  # (openapi.py imports this module)
    return described(name)


def _query(spec: dict, platform: bool = False) -> dict:
    schema = {"type": _TYPES.get(spec.get("type"), "string")}
    for key in ("enum", "minimum", "maximum", "default") + (("format",) if platform else ()):
        if key in spec:
            schema[key] = spec[key]
    if schema["type"] == "integer":
        schema = {**_integer(), **schema}
        schema["format"] = "int32" if INT32[0] <= schema["minimum"] and schema["maximum"] <= INT32[1] else "int64"
    if schema["type"] == "array":
        item = (spec.get("items") or {}).get("type", "string")
        schema["items"] = _integer() if item == "integer" else {"type": _TYPES.get(item, "string")}
    return {"name": spec["name"], "in": "query", "required": bool(spec.get("required")), "schema": schema}


def _header(spec: dict) -> dict:
    return {"name": spec["name"], "in": "header", "required": bool(spec.get("required")),
            "schema": {"type": _TYPES.get(spec.get("type"), "string")}}


def _integer() -> dict:
    """An integer of the table, whose range the SDKs do not state: int64's, as a body may hold
    it (http/body.py)."""
    return {"type": "integer", "format": "int64", "minimum": INT64[0], "maximum": INT64[1]}
