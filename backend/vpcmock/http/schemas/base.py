"""Marshmallow building blocks whose validation errors carry IBM error codes.

A message of the form ``"<code>|<text>"`` becomes an error with that code; the field path
(``plans[0].cron_spec``) becomes the error's target.
"""

from __future__ import annotations


from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate
from marshmallow.schema import SchemaMeta

from vpcmock.errors import ApiError, field as field_target
from vpcmock.http.body import INT32

# The VPC name pattern (1 to 63 characters).
NAME_PATTERN = r"^-?([a-z]|[a-z][-a-z0-9]*[a-z0-9]|[0-9][-a-z0-9]*([a-z]|[-a-z][-a-z0-9]*[a-z0-9]))$"
TAG_PATTERN = r"^[A-Za-z0-9:_ .-]+$"

_MESSAGES = {
    "required": "missing_field|This field is required",
    "null": "invalid_field_value|This field cannot be null",
}


def _messages(type_name: str) -> dict:
    return {**_MESSAGES, "invalid": f"invalid_field_type|Expected {type_name}"}


class Str(fields.String):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", _messages("a string"))
        super().__init__(**kwargs)


class Int(fields.Integer):
    """A JSON integer (not 1.0, not "1"), always bounded: by its `validate=in_range(...)` where
    the API states a range, else by the int32 format's range. /openapi.json documents the bounds
    and the format (int32 when the range fits it, else int64) from that validator."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", _messages("an integer"))
        super().__init__(strict=True, **kwargs)
        if not any(isinstance(v, validate.Range) for v in self.validators):
            self.validators.append(in_range("invalid_field_value", *INT32))


class Bool(fields.Boolean):
    """Only JSON true and false (marshmallow's Boolean would also take "yes" and 1)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", _messages("a boolean"))
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class ListOf(fields.List):
    def __init__(self, inner, **kwargs):
        kwargs.setdefault("error_messages", _messages("an array"))
        super().__init__(inner, **kwargs)


class Obj(fields.Nested):
    def __init__(self, nested, **kwargs):
        kwargs.setdefault("error_messages", {**_messages("an object"), "type": "invalid_field_type|Expected an object"})
        super().__init__(nested, **kwargs)


def one_of(code: str, choices) -> validate.OneOf:
    return validate.OneOf(choices, error=f"{code}|Must be one of: {', '.join(choices)}")


def in_range(code: str, low: int, high: int) -> validate.Range:
    return validate.Range(low, high, error=f"{code}|Must be between {low} and {high}")


def name_rule(code: str) -> list:
    return [
        validate.Length(1, 63, error=f"{code}|A name has 1 to 63 characters"),
        validate.Regexp(NAME_PATTERN, error=f"{code}|A name must match {NAME_PATTERN}"),
    ]


def tag_rule() -> list:
    return [
        validate.Length(1, 128, error="invalid_user_tag|A tag has 1 to 128 characters"),
        validate.Regexp(TAG_PATTERN, error=f"invalid_user_tag|A tag must match {TAG_PATTERN}"),
    ]


def non_empty(code: str) -> validate.Length:
    return validate.Length(min=1, error=f"{code}|Must not be empty")


class _RequestShape(SchemaMeta):
    """Declares each name of a request shape's `unmodelled` as a field taking any value, so it is
    accepted (and documented in /openapi.json as accepted and not emulated)."""

    @classmethod
    def get_declared_fields(mcs, klass, cls_fields, inherited_fields, dict_cls=dict):
        declared = super().get_declared_fields(klass, cls_fields, inherited_fields, dict_cls)
        # A name the shape also declares as a field of its own is emulated: it is loaded, not dropped.
        klass.ignored = tuple(name for name in getattr(klass, "unmodelled", ())
                              if name not in declared or getattr(declared[name], "metadata", {}).get("unmodelled"))
        for name in klass.ignored:
            declared[name] = fields.Raw(allow_none=True, load_only=True, metadata={
                "unmodelled": True,
                "description": "Accepted, as the VPC API takes it; not emulated by the mock (ignored)."})
        return declared


class RequestSchema(Schema, metaclass=_RequestShape):
    """A request body, or an object nested in one.

    A property the body does not have is refused (400 ``bad_field``, the property's path as
    target), at any depth: ``plans[0].colour`` as much as ``colour``. The VPC API reference does
    not say what the service does with one; IBM's API Handbook, which the VPC API follows,
    says an unrecognized property in a JSON request body should not be ignored and should be an
    error (Robustness, "Extraneous input": cloud.ibm.com/docs/api-handbook?topic=api-handbook-robustness),
    so a typo (``"activ": true``) does not pass silently. The code is ``bad_field`` with a field
    target: the one the VPC API's error list gives for a request holding something wrong (the
    target names it), and the one it was seen answering for a body its decoder refused
    (``"Invalid json payload provided"``, target ``{"name": <path>, "type": "field"}``). The
    message is the mock's own.

    `unmodelled` names the properties IBM's API has in this body that the mock does not emulate
    (the ibm-vpc SDK's model of it has them): those are accepted and dropped, as before, since a
    client sending them is right to, and refusing them as unknown would be false.
    """
    # A nested schema handed a non-object (["x"] where [{...}] is expected) fails at its root.
    error_messages = {"type": "invalid_field_type|Expected an object",
                      "unknown": "bad_field|not a property of this request body"}
    unmodelled: tuple[str, ...] = ()

    class Meta:
        unknown = RAISE

    ignored: tuple[str, ...] = ()  # the `unmodelled` names not declared as fields (set by _RequestShape)

    @post_load
    def _drop_unmodelled(self, data, **kwargs):
        if not self.ignored:
            return data
        return {name: value for name, value in data.items() if name not in self.ignored}


def load(schema: Schema, data) -> dict:
    """Validate `data` with `schema`; raise the first problem as an IBM-shaped 400."""
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_body", "The request body must be a JSON object")
    try:
        return schema.load(data)
    except ValidationError as exc:
        path, message = _first_error(exc.messages)
        code, _, text = message.partition("|") if "|" in message else ("invalid_field_value", "", message)
        value = _value_at(data, path)
        raise ApiError(400, code, f"{_dotted(path)}: {text}", field_target(_dotted(path), value)) from None


def _first_error(messages, path=()):
    if isinstance(messages, dict):
        key = sorted(messages, key=lambda k: (isinstance(k, str), str(k)))[0]
        return _first_error(messages[key], path + (key,))
    if isinstance(messages, list):
        if messages and isinstance(messages[0], (dict, list)):
            return _first_error(messages[0], path)
        return path, str(messages[0]) if messages else "invalid"
    return path, str(messages)


def _dotted(path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part != "_schema":
            text += ("." if text else "") + str(part)
    return text or "body"


def _value_at(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, (str, int, float, bool)) else None


def output_schema(name: str, names: str) -> Schema:
    """A response shape: the fields an answer carries, each sent as the engine made it (nested
    values whole). Declared once, it serializes the answer (a field it lacks fails the request,
    see http/common.py, rather than vanish) and documents it (/openapi.json)."""
    return Schema.from_dict({n: fields.Raw() for n in names.split()}, name=name)()


def collection_schema(name: str, key: str, item: Schema, *, counted: bool = False) -> Schema:
    """A collection answered whole (`{key: [...]}`), with `counted` also its total_count."""
    declared = {key: fields.List(fields.Nested(item), required=True)}
    if counted:
        declared["total_count"] = Int(required=True, validate=validate.Range(0, INT32[1]))
    return Schema.from_dict(declared, name=name)()
