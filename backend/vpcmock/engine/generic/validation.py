"""A request body checked against its model of the API table: each property's type, the
required ones, enums, nested models and arrays, and for a polymorphic model the variant the
value is (its discriminator, else the variant whose required properties it has).

Errors are the project's (http/schemas/base.py uses the same codes): 400 ``missing_field``,
``invalid_field_type``, ``invalid_field_value`` (an enum), and ``bad_field`` for a property the
model does not have: IBM's API Handbook says an unrecognized property should be an error, not
ignored (see RequestSchema), and here the model is the SDK's complete one. The target is the
property's dotted path (``rules[0].remote.cidr_block``).
"""

from __future__ import annotations

from vpcmock.engine.generic import models
from vpcmock.errors import ApiError, field

_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "object": (dict,),
          "array": (list,)}
_NAMES = {"string": "a string", "integer": "an integer", "number": "a number", "boolean": "a boolean",
          "object": "an object", "array": "an array"}
_ENUM_SHOWN = 12  # an error lists at most so many allowed values


def _error(code: str, path: str, text: str, value=None) -> ApiError:
    shown = value if isinstance(value, (str, int, float, bool)) else None
    return ApiError(400, code, f"{path or 'body'}: {text}", field(path or "body", shown))


def _join(path: str, name) -> str:
    return f"{path}[{name}]" if isinstance(name, int) else (f"{path}.{name}" if path else name)


def body(value, schema: dict, *, patch: bool = False, answer: str | None = None) -> dict:
    """Check a whole body against an operation's body schema (a model, or spread properties).
    `answer`: the model the resource is answered as, whose enums a spread property lacks (the
    SDK's method arguments carry none: a pool's `algorithm`, an interface's
    `protocol_state_filtering_mode`)."""
    if not isinstance(value, dict):
        raise ApiError(400, "invalid_body", "The request body must be a JSON object")
    if schema.get("model"):
        return obj(value, schema["model"], "", patch=patch)
    props = schema.get("properties") or {}
    if answer and models.exists(answer):
        props = {name: _with_enum(prop, models.schema_of(answer, name)) for name, prop in props.items()}
    return _properties(value, props, "", patch=patch)


def _with_enum(prop: dict, answered: dict | None) -> dict:
    enum = (answered or {}).get("enum")
    if not enum or prop.get("enum") or prop.get("type") != (answered or {}).get("type"):
        return prop
    return {**prop, "enum": enum}


def obj(value, model: str, path: str, *, patch: bool = False) -> dict:
    """`value` as an object of `model` (its variant picked); raises the first problem."""
    if not isinstance(value, dict):
        raise _error("invalid_field_type", path, "Expected an object", value)
    leaf = models.pick(model, value)
    if leaf is None:
        raise _variant_error(model, value, path)
    return _properties(value, models.properties(leaf), path, patch=patch)


def _variant_error(model: str, value: dict, path: str) -> ApiError:
    discriminator = models.model(model).get("discriminator")
    if discriminator and discriminator.get("property") in value:
        name = discriminator["property"]
        return _enum_error(_join(path, name), value[name], sorted(discriminator["mapping"]))
    # A value with every property some variant requires, whose enum refuses one of its values
    # (`mode: "sideways"`): that property, with what the variants allow there.
    for leaf in models.leaves(model):
        name = models.conflicts(leaf, value) if models.required(leaf) <= value.keys() else None
        if name is not None:
            allowed = sorted({v for other in models.leaves(model)
                              for v in (models.properties(other).get(name) or {}).get("enum") or ()}, key=str)
            return _enum_error(_join(path, name), value[name], allowed)
    # The variant closest to the value names the first required property it lacks.
    candidates = sorted(models.leaves(model), key=lambda leaf: (-len(models.required(leaf) & value.keys()),
                                                                 len(models.required(leaf))))
    for leaf in candidates:
        missing = sorted(models.required(leaf) - value.keys())
        if missing:
            others = sorted({name for other in models.leaves(model) for name in models.required(other)} - value.keys())
            text = "This field is required" + (f" (or one of: {', '.join(others)})" if len(others) > 1 else "")
            return _error("missing_field", _join(path, missing[0]), text)
    unknown = sorted(value.keys() - models.every_property(model))
    return _error("bad_field", _join(path, unknown[0] if unknown else ""), "not a property of this request body")


def _properties(value: dict, props: dict[str, dict], path: str, *, patch: bool) -> dict:
    for name in value:
        if name not in props:
            raise _error("bad_field", _join(path, name), "not a property of this request body")
    if not patch:
        for name, schema in props.items():
            if schema.get("required") and name not in value:
                raise _error("missing_field", _join(path, name), "This field is required")
    for name, item in value.items():
        check(item, props[name], _join(path, name), patch=patch)
    return value


def check(value, schema: dict, path: str, *, patch: bool = False) -> None:
    if value is None:
        if patch:
            return  # merge-patch: null removes the property (resources.update decides whether it may)
        raise _error("invalid_field_value", path, "This field cannot be null")
    kind = schema.get("type")
    types = _TYPES.get(kind)
    if types is not None and (not isinstance(value, types) or (kind != "boolean" and isinstance(value, bool))):
        raise _error("invalid_field_type", path, f"Expected {_NAMES[kind]}", value)
    if schema.get("enum") and value not in schema["enum"]:
        raise _enum_error(path, value, schema["enum"])
    if kind == "object" and schema.get("model"):
        obj(value, schema["model"], path, patch=False)
    elif kind == "array":
        items = schema.get("items") or {}
        for index, item in enumerate(value):
            check(item, items, _join(path, index))


def _enum_error(path: str, value, allowed) -> ApiError:
    listed = ", ".join(map(str, allowed[:_ENUM_SHOWN])) + (", ..." if len(allowed) > _ENUM_SHOWN else "")
    return _error("invalid_field_value", path, f"Must be one of: {listed}", value)
