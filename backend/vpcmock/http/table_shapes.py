"""An answer checked against its model of the API table before it is sent: a property the
model does not declare fails the request (500, naming it by its path) rather than reach a
client, as `common.dump` does for the hand-declared shapes of http/schemas/."""

from __future__ import annotations

from vpcmock.engine.generic import models
from vpcmock.engine.generic.service import per_service
from vpcmock.errors import ApiError


def check(value, model: str, path: str = "") -> None:
    if not isinstance(value, dict):
        return
    known, inner = _plan(model)
    for name, item in value.items():
        if name not in known:
            raise ApiError(500, "internal_error", f"The answer has a property its model {model} lacks: "
                           f"{path + '.' if path else ''}{name}")
        nested = inner.get(name)
        if nested is None or not isinstance(item, (dict, list)):
            continue
        where = f"{path + '.' if path else ''}{name}"
        if isinstance(item, list):
            for index, element in enumerate(item):
                check(element, nested, f"{where}[{index}]")
        else:
            check(item, nested, where)


@per_service
def _plan(model: str) -> tuple[frozenset[str], dict[str, str]]:
    """(the properties `model` may carry, the model of each that holds objects)."""
    inner = {}
    for name in models.every_property(model):
        schema = models.schema_of(model, name) or {}
        found = schema.get("model") or (schema.get("items") or {}).get("model")
        if found:
            inner[name] = found
    return models.every_property(model), inner
