"""Shapes of the stored resources route (vpcmock's own: the Terraform provider keeps there the
IBM types without in-depth emulation, and the client-side attributes of those with one)."""

from marshmallow import fields, validate

from vpcmock.http.schemas.base import RequestSchema, Str, output_schema

TYPE_PATTERN = r"^ibm_[a-z0-9_]{1,100}$"


class Attributes(fields.Dict):
    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "invalid_field_type|Expected an object",
                                             "required": "missing_field|This field is required",
                                             "null": "invalid_field_value|This field cannot be null"})
        super().__init__(keys=fields.String(), **kwargs)


class References(fields.Dict):
    """{attribute: id}: the resources this one names, checked to exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": "invalid_field_type|Expected an object of ids"})
        super().__init__(keys=fields.String(validate=validate.Length(1, 256)),
                         values=Str(validate=validate.Length(1, 256, error="invalid_field_value|An id has 1 to 256 "
                                                                            "characters")), **kwargs)


class StoredPrototype(RequestSchema):
    type = Str(required=True, validate=validate.Regexp(TYPE_PATTERN, error="invalid_field_value|type must be an IBM "
                                                                          "provider type name such as ibm_is_vpc"))
    attributes = Attributes(required=True)
    references = References(load_default=dict)


class StoredPatch(RequestSchema):
    attributes = Attributes(required=True)
    references = References(load_default=dict)


STORED_KEYS = ("id", "type", "crn", "href", "created_at", "resource_group", "attributes", "references", "address")
STORED = output_schema("StoredResource", " ".join(STORED_KEYS))


def present(doc: dict) -> dict:
    return {key: doc[key] for key in STORED_KEYS if key in doc}
