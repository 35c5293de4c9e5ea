"""`GET /keys`'s `search`, `sort` and `filter`, as the keyprotect SDK documents them.

- search: a substring of the name or an alias, case-insensitive; options `not:` (inverts),
  `exact:` (whole value), `escape:` (the rest is literal); scopes `name:` and `alias:` (both
  by default, either matching). A full key id or an alias scope also finds that key, first.
- sort: comma-separated properties (id, state, extractable, imported, creationDate,
  lastUpdateDate, lastRotateDate, deletionDate, expirationDate), `-` for descending; by id
  when none is given. Keys without the property sort first ascending.
- filter: space-separated `<property>=<value>` or `<property>=<op>:<value>` (ops lt, lte, gt,
  gte on dates; dates in double quotes; `none` for keys without the date), up to three per
  property; `state=<list>` and `extractable=<bool>`, not together with the standalone
  `state`/`extractable` parameters (400).
"""

from __future__ import annotations

import re

from vpcmock.engine.platform.key_protect.errors import KpError, invalid_field
from vpcmock.timeutil import parse_rfc3339

WHAT = "Keys could not be listed"
SORTABLE = ("id", "state", "extractable", "imported", "creationDate", "lastUpdateDate", "lastRotateDate",
            "deletionDate", "expirationDate")
DATES = ("creationDate", "deletionDate", "expirationDate", "lastRotateDate", "lastUpdateDate")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TERM = re.compile(r'(\w+)=((?:lte|lt|gte|gt):)?("[^"]*"|\S+)')


def search(keys: list[dict], query: str) -> list[dict]:
    rest, negate, exact, scopes = query, False, False, set()
    while True:
        head, sep, tail = rest.partition(":")
        if not sep or head not in ("not", "exact", "escape", "name", "alias"):
            break
        rest = tail
        if head == "escape":
            break
        negate |= head == "not"
        exact |= head == "exact"
        if head in ("name", "alias"):
            scopes.add(head)
    scopes = scopes or {"name", "alias"}
    wanted = rest.lower()

    def hit(value: str) -> bool:
        return value.lower() == wanted if exact else wanted in value.lower()

    def matches(key: dict) -> bool:
        found = ("name" in scopes and hit(key["name"])) or \
            ("alias" in scopes and any(hit(a) for a in key.get("aliases") or ()))
        return found != negate

    found = [k for k in keys if matches(k)]
    lookup = next((k for k in keys if (_UUID.match(rest) and k["id"] == rest)
                   or ("alias" in scopes and rest in (k.get("aliases") or ()))), None)
    if lookup is not None and not negate:  # the key the id or alias names, first
        found = [lookup] + [k for k in found if k is not lookup]
    return found


def sort(keys: list[dict], spec: str | None) -> list[dict]:
    terms = [t for t in (spec or "id").split(",") if t]
    for term in reversed(terms):  # stable sorts, last term first
        name = term.lstrip("-")
        if name not in SORTABLE:
            raise invalid_field(WHAT, "sort", f"a comma-separated list of {', '.join(SORTABLE)}, each with an "
                                "optional '-'")
        keys = sorted(keys, key=lambda k: (k.get(name) is not None, k.get(name) if k.get(name) is not None else 0),
                      reverse=term.startswith("-"))
    return keys


def parse_filter(text: str) -> dict[str, list[tuple[str | None, object]]]:
    """{property: [(operator or None, value)]}; a 400 naming `filter` for what it cannot read."""
    terms: dict[str, list] = {}
    consumed = _TERM.sub("", text).strip()
    if consumed:
        raise invalid_field(WHAT, "filter", "space-separated <property>=<value> or <property>=<op>:<value> terms")
    for name, op, raw in _TERM.findall(text):
        op = op.rstrip(":") or None
        if name in DATES:
            value = raw.strip('"')
            if value.lower() == "none" and op is None:
                parsed = None
            else:
                try:
                    parsed = parse_rfc3339(value)
                except ValueError:
                    raise invalid_field(WHAT, "filter", f"{name}: a date in RFC 3339 format in double quotes") \
                        from None
        elif name == "state" and op is None:
            try:
                parsed = [int(s) for s in raw.split(",")]
            except ValueError:
                parsed = [-1]
            if any(s not in (0, 1, 2, 3, 5) for s in parsed):
                raise invalid_field(WHAT, "filter", "state: comma-separated integers among 0, 1, 2, 3, 5")
        elif name == "extractable" and op is None and raw.lower() in ("true", "false"):
            parsed = raw.lower() == "true"
        else:
            raise invalid_field(WHAT, "filter", f"{name}={op + ':' if op else ''}{raw} is not a filter Key Protect "
                                "takes")
        terms.setdefault(name, []).append((op, parsed))
        if len(terms[name]) > 3:
            raise invalid_field(WHAT, "filter", f"at most three terms on {name}")
    return terms


def apply_filter(keys: list[dict], terms: dict, state_of) -> list[dict]:
    def passes(key: dict) -> bool:
        for name, conditions in terms.items():
            for op, value in conditions:
                if name == "state":
                    if state_of(key) not in value:
                        return False
                elif name == "extractable":
                    if key["extractable"] != value:
                        return False
                else:
                    have = parse_rfc3339(key[name]) if key.get(name) else None
                    if value is None:
                        if have is not None:
                            return False
                    elif have is None or not {None: have == value, "lt": have < value, "lte": have <= value,
                                               "gt": have > value, "gte": have >= value}[op]:
                        return False
        return True
    return [k for k in keys if passes(k)]


def conflicting(terms: dict, state_given: bool, extractable_given: bool) -> None:
    if ("state" in terms and state_given) or ("extractable" in terms and extractable_given):
        raise KpError(400, WHAT, "INVALID_QUERY_PARAM_ERR", "state and extractable are given either in filter or as "
                      "their own query parameters, not both")
