"""What the SDK leaves implicit, derived from the operations and models read:

- each model's usage: sent in requests, answered in responses (reached from an operation's body
  or response through properties, items and variants), both or neither;
- each property's read-only flag (see READONLY_RULE);
- a discriminator for the polymorphic bases the SDK does not dispatch on, where the variants'
  enums tell them apart (see DISCRIMINATOR_RULE).
"""

from __future__ import annotations

READONLY_RULE = (
    "true: the model is only ever answered (used in responses, in no request) and no request model of the "
    "same resource (<Model>Prototype..., <Model>Patch..., and those of the base it is a variant of) "
    "carries the property; false: the model is sent in requests, or such a request model carries it; "
    "null: no operation reaches the model")
DISCRIMINATOR_RULE = (
    "source sdk: the property and values the SDK's from_dict dispatches on; source variants: a base with "
    "two or more variants, each requiring one same property whose enum values no other variant has; "
    "null: neither (the variants differ by which properties they require)")


def annotate(operations: dict[str, dict], models: dict[str, dict]) -> None:
    """Adds `usage`, each property's `readonly` and inferred discriminators to `models`, in place."""
    request = _reach(models, [_models_of(op["body"]) for op in operations.values() if op["body"]])
    response = _reach(models, [_models_of(op["response"]) for op in operations.values() if op["response"]])
    for name, model in models.items():
        model["usage"] = [side for side, reached in (("request", request), ("response", response)) if name in reached]
    requested = sorted(name for name, model in models.items() if "request" in model["usage"])
    for name, model in models.items():
        sendable = _sendable(name, models, requested)
        for wire, prop in model["properties"].items():
            if not model["usage"]:
                prop["readonly"] = None
            else:
                prop["readonly"] = model["usage"] == ["response"] and wire not in sendable
        if "variants" in model and model["discriminator"] is None:
            model["discriminator"] = _inferred_discriminator(model, models)
        elif "variants" in model:
            model["discriminator"]["source"] = "sdk"


def _models_of(schema: dict) -> list[str]:
    """The models a schema names directly (itself, its items, a flattened body's properties)."""
    found = []
    if "model" in schema:
        found.append(schema["model"])
    if "items" in schema:
        found += _models_of(schema["items"])
    for prop in schema.get("properties", {}).values():
        found += _models_of(prop)
    return found


def _reach(models: dict[str, dict], roots: list[list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [name for names in roots for name in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        model = models[name]
        todo += model.get("variants", [])
        for prop in model["properties"].values():
            todo += _models_of(prop)
    return seen


def _sendable(name: str, models: dict[str, dict], requested: list[str]) -> set[str]:
    """The properties the request models of the same resource carry."""
    stems = [name] + ([models[name]["variant_of"]] if "variant_of" in models[name] else [])
    prefixes = tuple(stem + suffix for stem in stems for suffix in ("Prototype", "Patch"))
    counterparts = [other for other in requested if other.startswith(prefixes)]
    return {wire for other in counterparts for wire in models[other]["properties"]}


def _inferred_discriminator(model: dict, models: dict[str, dict]) -> dict | None:
    variants = [models[v]["properties"] for v in model["variants"]]
    if len(variants) < 2:
        return None
    candidates = []
    for wire in variants[0]:
        values = [v[wire].get("enum") if wire in v and v[wire]["required"] else None for v in variants]
        if all(values):
            flat = [value for vs in values for value in vs]
            if len(flat) == len(set(flat)):
                candidates.append((wire, values))
    if len(candidates) != 1:
        return None
    wire, values = candidates[0]
    mapping = {value: variant for variant, vs in zip(model["variants"], values) for value in vs}
    return {"property": wire, "mapping": dict(sorted(mapping.items())), "source": "variants"}
