"""Terraform values shaped by the declarations: complete objects, defaults, unknowns, checks.

A state is a dict with every attribute of its type (None when null); a nested collection of
objects is a list of such dicts (lists and sets alike: sets travel as lists); a map is a dict;
``timeouts`` (the single block terraform-plugin-sdk adds) is a dict or None.
"""

from __future__ import annotations

import json
from typing import Any

from tf.types import Unknown

from vpcmock_provider.fields import MISSING, Field

TIMEOUTS = Field("timeouts", "timeouts", optional=True)  # the SDK's single block, kept as given


def with_timeouts(fields: tuple[Field, ...], timeouts: tuple[str, ...]) -> tuple[Field, ...]:
    return fields + (TIMEOUTS,) if timeouts else fields


def complete(fields: tuple[Field, ...], values: dict | None) -> dict:
    """`values` with every field present: missing attributes None, missing blocks []."""
    values = values or {}
    out = {}
    for fld in fields:
        value = values.get(fld.name)
        if fld.is_block:
            out[fld.name] = value if value is Unknown else [complete(fld.fields, item) for item in (value or [])]
        elif value in ([], {}) and fld.is_collection and (fld.optional or fld.required):
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
        if fld.is_block and not fld.as_attribute:
            if configured is Unknown:
                out[fld.name] = Unknown
            elif configured:
                earlier = previous if isinstance(previous, list) else []
                out[fld.name] = [item if item is Unknown else
                                 plan_values(fld.fields, item, earlier[i] if i < len(earlier) else None)
                                 for i, item in enumerate(configured)]
            elif fld.computed:
                out[fld.name] = Unknown if prior is None or previous is Unknown else (previous or [])
            else:
                out[fld.name] = []
        elif configured is not None:
            suppressed = prior is not None and (previous is not None or fld.diff_suppress in _OLD_MAY_BE_NULL) \
                and configured is not Unknown and suppresses(fld.diff_suppress, previous, configured)
            out[fld.name] = previous if suppressed else configured
        elif fld.default is not MISSING:
            out[fld.name] = fld.default
        elif fld.computed:
            out[fld.name] = Unknown if prior is None else previous
        else:
            out[fld.name] = None
    return out


def _public_key(text) -> list:
    return str(text).split()[:2]


# The IBM provider's DiffSuppressFuncs the mock applies, by name: (prior, configured) -> same?
_SUPPRESSORS = {
    "suppressPublicKeyDiff": lambda old, new: _public_key(old) == _public_key(new),  # the comment aside
    "caseDiffSuppress": lambda old, new: str(old).lower() == str(new).lower(),
    "flex.ApplyOnce": lambda old, new: True,  # set at creation only: later changes are ignored
    "flex.ApplyOnlyOnce": lambda old, new: True,
    # ibm_is_vpc's dns.resolver: "null" configured where nothing is set clears nothing.
    "suppressNullVPC": lambda old, new: new == "null" and old in (None, ""),
    "suppressNullDnsBindingName": lambda old, new: new == "null" and old in (None, ""),
    # ibm_is_lb_listener's default_pool: the pool's id read back, `<lb>/<pool>` configured.
    "<func-literal@resource_ibm_is_lb_listener.go:233>":
        lambda old, new: bool(old) and (old == new or str(new).partition("/")[2] == old),
}
# Suppressors that judge a prior value of null too (an unset string reads "" in the IBM provider).
_OLD_MAY_BE_NULL = frozenset({"suppressNullVPC", "suppressNullDnsBindingName"})


def suppresses(name: str | None, old, new) -> bool:
    """Whether the IBM provider's DiffSuppressFunc `name` says `new` is no change from `old`."""
    test = _SUPPRESSORS.get(name or "")
    return bool(test and test(old, new))


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
            elif fld.is_set:
                if sorted(map(_canonical, before or [])) != sorted(map(_canonical, after or [])):
                    paths.append(path + (fld.name,))
            else:
                for index, (b, a) in enumerate(zip(before or [], after or [])):
                    paths += changed(fld.fields, b or {}, a or {}, path + (fld.name, index))
        elif _normal(before, fld) != _normal(after, fld):
            paths.append(path + (fld.name,))
    return paths


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _normal(value: Any, fld: Field) -> Any:
    if value in ([], {}) and fld.is_collection:
        return None
    if isinstance(value, list) and fld.is_set:
        return sorted(value, key=_canonical)
    return value


def forces_replacement(fields: tuple[Field, ...], path: tuple) -> bool:
    """Whether a change at `path` replaces the resource: a ForceNew attribute, or one inside a
    ForceNew block, as terraform-plugin-sdk decides."""
    scope = fields
    for step in path:
        if isinstance(step, int):
            continue
        fld = next((x for x in scope if x.name == step), None)
        if fld is None:
            return False
        if fld.force_new:
            return True
        scope = fld.fields
    return False


def _at(root: dict, dotted: str) -> Any:
    """The configured value at an IBM schema address such as `boot_volume.0.snapshot`, as
    terraform-plugin-sdk's ResourceConfig reads it: an address through an unknown value (a
    block made by a dynamic block whose for_each is unknown) reads as not configured."""
    value: Any = root
    for part in dotted.split("."):
        if value is None or value is Unknown:
            return None
        if part.isdigit():
            value = value[int(part)] if isinstance(value, list) and int(part) < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def _is_set(value: Any) -> bool:
    return value is Unknown or (value is not None and value != [] and value != {})


def wholly_known(value: Any) -> bool:
    """Whether a value holds no unknown at any depth (terraform-plugin-sdk's isWhollyKnown)."""
    if value is Unknown:
        return False
    if isinstance(value, list):
        return all(wholly_known(item) for item in value)
    if isinstance(value, dict):
        return all(wholly_known(item) for item in value.values())
    return True


def check_config(fields: tuple[Field, ...], config: dict | None) -> list[tuple[str, str, list]]:
    """(summary, detail, attribute path) of every problem in a configuration, with the IBM
    provider's messages: value checks, MaxItems and MinItems, ConflictsWith, ExactlyOneOf,
    AtLeastOneOf and RequiredWith (addresses from the root, as terraform-plugin-sdk reads them).

    Terraform validates a configuration before its values are known (a module's variables,
    other resources' attributes) and again at plan, once they are. What an unknown value does
    is terraform-plugin-sdk v2's rule (helper/schema validate): it is not checked (nor, for a
    list or block holding one, its length or anything inside it) and conflicts with nothing;
    it counts as given for AtLeastOneOf and for the RequiredWith of others, and still needs
    its own RequiredWith; an ExactlyOneOf group with an unknown member and no known one given
    passes, and two known ones given still fail."""
    root = config or {}
    groups: dict[tuple, list] = {}
    problems = _check(fields, root, (), root, groups)
    # ExactlyOneOf and AtLeastOneOf name a group of addresses; each group is checked once, at its
    # first declaring attribute, when the block holding that attribute is configured.
    for (names, exactly), where in groups.items():
        values = [(name, _at(root, name)) for name in names]
        unknown = [name for name, value in values if not wholly_known(value)]
        chosen = [name for name, value in values if wholly_known(value) and _is_set(value)]
        listed = ",".join(names)
        if exactly and len(chosen) > 1:
            problems.append(("Invalid combination of arguments", f'"{_address(where)}": only one of '
                             f'`{listed}` can be specified, but `{",".join(chosen)}` were specified.', where))
        elif not chosen and not unknown:
            problems.append(("Missing required argument", f'"{_address(where)}": one of `{listed}` must be '
                             "specified", where))
    return problems


def _check(fields: tuple[Field, ...], config: dict, path: tuple, root: dict, groups: dict) -> list:
    problems = []
    for fld in fields:
        value = config.get(fld.name)
        where = list(path) + [fld.name]
        for names, exactly in ((fld.exactly_one_of, True), (fld.at_least_one_of, False)):
            if names and (names, exactly) not in groups:
                groups[(names, exactly)] = where
        if value is None:
            continue
        if _is_set(value):  # given, known or not: what it requires must be given too
            missing = [name for name in fld.required_with if not _is_set(_at(root, name))]
            if missing:
                problems.append(("Missing required argument", f'"{_address(where)}": all of '
                                 f'`{",".join(fld.required_with)}` must be specified', where))
        if not wholly_known(value):  # checked at plan, once known
            continue
        if _is_set(value):
            for other in fld.conflicts_with:
                found = _at(root, other)
                if _is_set(found) and found is not Unknown:  # an unknown one may yet be null
                    problems.append(("Conflicting configuration arguments",
                                     f'"{_address(where)}": conflicts with {other}', where))
        if fld.is_block:
            if fld.max_items is not None and len(value) > fld.max_items:
                problems.append((f"Too many {fld.name} blocks", f"No more than {fld.max_items} \"{fld.name}\" "
                                 "blocks are allowed", where))
            for index, item in enumerate(value):
                problems += _check(fld.fields, item, tuple(where) + ((index,),), root, groups)
            continue
        if isinstance(value, list):
            if fld.max_items and len(value) > fld.max_items:
                problems.append(("Too many list items", f"Attribute {_address(where)} supports {fld.max_items} "
                                 f"item maximum, but config has {len(value)} declared.", where))
            if fld.min_items and len(value) < fld.min_items:
                problems.append(("Not enough list items", f"Attribute {_address(where)} requires {fld.min_items} "
                                 f"item minimum, but config has only {len(value)} declared.", where))
            if fld.check_items is not None:
                for item in value:
                    if message := fld.check_items.test(item):
                        problems.append((f"Invalid value in {fld.name}", f"each item of {fld.name} {message}", where))
        elif fld.check is not None and not fld.is_collection:
            message = fld.check.test(value)
            if message:
                problems.append((f"Invalid value for {fld.name}", f"{fld.name} {message}", where))
    return problems


def _address(where: list) -> str:
    return ".".join(str(step[0]) if isinstance(step, tuple) else step for step in where)


def known(value: Any) -> Any:
    """`value` with every unknown replaced by None: what resource code works with on apply."""
    if value is Unknown:
        return None
    if isinstance(value, dict):
        return {k: known(v) for k, v in value.items()}
    if isinstance(value, list):
        return [known(v) for v in value]
    return value
