"""Terraform values shaped by the declarations: complete objects, defaults, unknowns, checks.

A state is a dict with every attribute of its type (None when null); a block is a list of
such dicts (list nesting, as terraform-plugin-sdk blocks are).
"""

from __future__ import annotations

from typing import Any

from tf.types import Unknown

from vpcmock_provider.fields import LIST_OF_STRINGS, MISSING, SET_OF_STRINGS, Field


def complete(fields: tuple[Field, ...], values: dict | None) -> dict:
    """`values` with every field present: missing attributes None, missing blocks []."""
    values = values or {}
    out = {}
    for fld in fields:
        value = values.get(fld.name)
        if fld.is_block:
            out[fld.name] = value if value is Unknown else [complete(fld.fields, item) for item in (value or [])]
        elif value == [] and fld.kind in (SET_OF_STRINGS, LIST_OF_STRINGS) and (fld.optional or fld.required):
            # terraform-plugin-sdk keeps an empty configurable collection as null; a computed-only
            # one (a data source's attach_user_tags) reads back as the empty list it was set to.
            out[fld.name] = None
        else:
            out[fld.name] = value
    return out


def plan_values(fields: tuple[Field, ...], config: dict | None, prior: dict | None) -> dict:
    """The planned value of a resource from its configuration and prior state, as
    terraform-plugin-sdk plans: configured values; else an attribute's default; else, for
    computed fields, the prior value (or unknown on create); else null."""
    out = {}
    for fld in fields:
        configured = (config or {}).get(fld.name)
        previous = None if prior is None else prior.get(fld.name)
        if fld.is_block:
            if configured is Unknown:
                out[fld.name] = Unknown
            elif configured:
                earlier = previous if isinstance(previous, list) else []
                out[fld.name] = [plan_values(fld.fields, item, earlier[i] if i < len(earlier) else None)
                                 for i, item in enumerate(configured)]
            elif fld.computed:
                out[fld.name] = Unknown if prior is None or previous is Unknown else (previous or [])
            else:
                out[fld.name] = []
        elif configured is not None:
            out[fld.name] = configured
        elif fld.default is not MISSING:
            out[fld.name] = fld.default
        elif fld.computed:
            out[fld.name] = Unknown if prior is None else previous
        else:
            out[fld.name] = None
    return out


def changed(fields: tuple[Field, ...], prior: dict, planned: dict, path=()) -> list[tuple]:
    """Paths of configurable fields whose planned value differs from the prior one."""
    paths = []
    for fld in fields:
        if not (fld.optional or fld.required):
            continue
        before, after = prior.get(fld.name), planned.get(fld.name)
        if after is Unknown:  # set from something not known yet: it may change
            paths.append(path + (fld.name,))
            continue
        if fld.is_block:
            if len(before or []) != len(after or []):
                paths.append(path + (fld.name,))
                continue
            for index, (b, a) in enumerate(zip(before or [], after or [])):
                paths += changed(fld.fields, b or {}, a or {}, path + (fld.name, index))
        elif _normal(before, fld) != _normal(after, fld):
            paths.append(path + (fld.name,))
    return paths


def _normal(value: Any, fld: Field) -> Any:
    if isinstance(value, list) and fld.kind.startswith("TypeSet"):
        return sorted(value)
    return value


def check_config(fields: tuple[Field, ...], config: dict | None, path=()) -> list[tuple[str, str, list]]:
    """(summary, detail, attribute path) of every problem in a configuration."""
    problems = []
    config = config or {}

    def is_set(name):
        value = config.get(name)
        return value is not None and value != []

    for fld in fields:
        value = config.get(fld.name)
        where = list(path) + [fld.name]
        if value is None or value is Unknown:
            pass
        elif fld.is_block:
            if fld.max_items is not None and len(value) > fld.max_items:
                problems.append((f"Too many {fld.name} blocks", f"No more than {fld.max_items} allowed", where))
            for index, item in enumerate(value):
                if item is not Unknown:
                    problems += check_config(fld.fields, item, tuple(where) + ((index,),))
        else:
            if fld.check is not None:
                message = fld.check.test(value)
                if message:
                    problems.append((f"Invalid value for {fld.name}", f"{fld.name} {message}", where))
            if fld.check_items is not None:
                for item in value:
                    if item is not Unknown and (message := fld.check_items.test(item)):
                        problems.append((f"Invalid value in {fld.name}", f"each item of {fld.name} {message}", where))
        for other in fld.conflicts_with:
            if is_set(fld.name) and is_set(other) and fld.name < other:
                problems.append((f'"{fld.name}": conflicts with {other}',
                                 f"Only one of {fld.name} and {other} can be set", where))
        if fld.exactly_one_of and fld.name == fld.exactly_one_of[0]:
            chosen = [name for name in fld.exactly_one_of if is_set(name) or config.get(name) is Unknown]
            if len(chosen) != 1:
                names = ", ".join(f"`{n}`" for n in fld.exactly_one_of)
                problems.append((f'Invalid combination of arguments: "{fld.name}": one of {names} must be specified',
                                 f"Exactly one of {names} must be set", list(path) + [chosen[-1] if chosen else fld.name]))
    return problems


def known(value: Any) -> Any:
    """`value` with every unknown replaced by None: what resource code works with on apply."""
    if value is Unknown:
        return None
    if isinstance(value, dict):
        return {k: known(v) for k, v in value.items()}
    if isinstance(value, list):
        return [known(v) for v in value]
    return value
