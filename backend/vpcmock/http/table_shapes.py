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
        if not nested or not isinstance(item, (dict, list)):
            continue
        where = f"{path + '.' if path else ''}{name}"
        for element, at in ([(e, f"{where}[{i}]") for i, e in enumerate(item)] if isinstance(item, list)
                            else [(item, where)]):
            _check_any(element, nested, at)


def _check_any(value, candidates: tuple[str, ...], path: str) -> None:
    """`value` fits one of the models its property has in the variants of the model holding it
    (a policy-mode VPN connection's `peer` has `cidrs`, a static route-mode one's has not)."""
    first = None
    for candidate in candidates:
        try:
            check(value, candidate, path)
            return
        except ApiError as error:
            first = first or error
    raise first


@per_service
def _plan(model: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(the properties `model` may carry, the models of each that holds objects: one per
    variant of `model` that has it)."""
    inner: dict[str, list[str]] = {}
    for leaf in (model,) + models.leaves(model):
        for name, schema in models.properties(leaf).items():
            found = schema.get("model") or (schema.get("items") or {}).get("model")
            if found and found not in inner.setdefault(name, []):
                inner[name].append(found)
    return models.every_property(model), {name: tuple(found) for name, found in inner.items()}


def answer(op: dict, payload: dict, etag: str | None = None):
    """A platform operation's answer: checked against its response model, sent with its status."""
    from vpcmock.http.common import json_response
    check(payload, op["response"]["model"])
    return json_response(payload, op["status"], etag)
