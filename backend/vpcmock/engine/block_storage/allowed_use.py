"""`allowed_use`: the usage constraints an image hands to the boot volume made from it, the
volume to its snapshots and a snapshot to the volumes restored from it (ibm-vpc SDK:
VolumeAllowedUse, SnapshotAllowedUse and their Prototype and Patch models).

Each of `instance` and `bare_metal_server` is an expression of the Common Expression Language
"without built-in functions and macros" over the variables the SDK lists; `api_version` is a
date from 2019-01-01 to today. The mock parses an expression (literals, the listed variables,
`!`, `&&`, `||`, comparisons, `in` a list, integer arithmetic, parentheses), checks its types
and that it is boolean, and refuses anything else with a 400 naming the property. It evaluates
one against an instance profile to list the profiles a bootable resource is compatible with,
and against an instance being made from an image or a bootable snapshot (instances.py refuses
one the expression does not allow).
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from vpcmock.errors import bad_field

EARLIEST_API_VERSION = "2019-01-01"
# The variables each expression may name, and their types (the SDK's docstrings).
INSTANCE_VARIABLES = {
    "enable_secure_boot": bool, "gpu.count": int, "gpu.manufacturer": str, "gpu.memory": int, "gpu.model": str,
    "metadata_service.enabled": bool, "metadata_service.protocol": str, "vcpu.count": int}
BARE_METAL_VARIABLES = {"enable_secure_boot": bool}
# What an instance chooses itself, not its profile: a profile is compatible when some choice of
# these satisfies the expression (the instance is then made with that choice).
_CHOSEN = {"metadata_service.enabled": (False, True), "metadata_service.protocol": ("http", "https")}

_TOKEN = re.compile(r"""\s*(?:(?P<num>\d+)|(?P<str>"[^"\\]*"|'[^'\\]*')
                        |(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
                        |(?P<op>&&|\|\||==|!=|<=|>=|[<>!()\[\],+\-*/%]))""", re.VERBOSE)
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")


class _Invalid(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, object]]:
    found, at = [], 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _TOKEN.match(text, at)
        if match is None:
            raise _Invalid(f"unexpected character {text[at:].strip()[0]!r}")
        at = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "num":
            found.append(("lit", int(value)))
        elif kind == "str":
            found.append(("lit", value[1:-1]))
        elif kind == "name" and value in ("true", "false"):
            found.append(("lit", value == "true"))
        elif kind == "name" and value == "in":
            found.append(("op", "in"))
        else:
            found.append((kind, value))
    return found


class _Parser:
    """Recursive descent over CEL's precedence: || < && < comparison and `in` < + - < * / % < unary."""

    def __init__(self, tokens, variables: dict):
        self.tokens, self.at, self.variables = tokens, 0, variables

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", None)

    def take(self, value=None):
        token = self.peek()
        if value is not None and token[1] != value:
            raise _Invalid(f"expected {value!r}" + (" at the end" if token[0] == "end" else f", not {token[1]!r}"))
        self.at += 1
        return token

    def parse(self):
        node = self.disjunction()
        if self.peek()[0] != "end":
            raise _Invalid(f"unexpected {self.peek()[1]!r}")
        if node[0] is not bool:
            raise _Invalid("the expression must be boolean")
        return node

    def _logical(self, op, operand):
        node = operand()
        while self.peek() == ("op", op):
            self.take()
            right = operand()
            if node[0] is not bool or right[0] is not bool:
                raise _Invalid(f"{op} needs boolean operands")
            node = (bool, op, node, right)
        return node

    def disjunction(self):
        return self._logical("||", self.conjunction)

    def conjunction(self):
        return self._logical("&&", self.relation)

    def relation(self):
        node = self.additive()
        token = self.peek()
        if token[0] == "op" and token[1] in _COMPARE:
            self.take()
            right = self.additive()
            if node[0] is not right[0]:
                raise _Invalid(f"{token[1]} compares a {node[0].__name__} with a {right[0].__name__}")
            if token[1] not in ("==", "!=") and node[0] is bool:
                raise _Invalid(f"{token[1]} does not order booleans")
            return (bool, token[1], node, right)
        if token == ("op", "in"):
            self.take()
            self.take("[")
            items = []
            while self.peek() != ("op", "]"):
                if items:
                    self.take(",")
                item = self.additive()
                if item[0] is not node[0]:
                    raise _Invalid(f"in: a {item[0].__name__} in a list of {node[0].__name__}")
                items.append(item)
            self.take("]")
            return (bool, "in", node, items)
        return node

    def _arithmetic(self, ops, operand):
        node = operand()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            right = operand()
            if node[0] is not int or right[0] is not int:
                raise _Invalid(f"{op} needs integer operands")
            node = (int, op, node, right)
        return node

    def additive(self):
        return self._arithmetic("+-", self.multiplicative)

    def multiplicative(self):
        return self._arithmetic("*/%", self.unary)

    def unary(self):
        token = self.peek()
        if token == ("op", "!"):
            self.take()
            node = self.unary()
            if node[0] is not bool:
                raise _Invalid("! needs a boolean operand")
            return (bool, "!", node)
        if token == ("op", "-"):
            self.take()
            node = self.unary()
            if node[0] is not int:
                raise _Invalid("- needs an integer operand")
            return (int, "neg", node)
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if kind == "lit":
            return (type(value), "lit", value)
        if kind == "name":
            if self.peek() == ("op", "("):
                raise _Invalid(f"functions are not supported ({value})")
            if value not in self.variables:
                raise _Invalid(f"unknown variable {value!r} (supported: {', '.join(self.variables)})")
            return (self.variables[value], "var", value)
        if (kind, value) == ("op", "("):
            node = self.disjunction()
            self.take(")")
            return node
        raise _Invalid("unexpected end" if kind == "end" else f"unexpected {value!r}")


def parse(text: str, variables: dict):
    return _Parser(_tokens(text), variables).parse()


def evaluate(node, env: dict):
    op = node[1]
    if op == "lit":
        return node[2]
    if op == "var":
        return env[node[2]]
    if op == "!":
        return not evaluate(node[2], env)
    if op == "neg":
        return -evaluate(node[2], env)
    if op == "&&":
        return evaluate(node[2], env) and evaluate(node[3], env)
    if op == "||":
        return evaluate(node[2], env) or evaluate(node[3], env)
    if op == "in":
        left = evaluate(node[2], env)
        return any(left == evaluate(item, env) for item in node[3])
    left, right = evaluate(node[2], env), evaluate(node[3], env)
    if op in ("/", "%") and right == 0:
        return 0  # CEL raises an error; an expression that errs matches nothing (see satisfiable)
    return {"==": lambda: left == right, "!=": lambda: left != right, "<": lambda: left < right,
            "<=": lambda: left <= right, ">": lambda: left > right, ">=": lambda: left >= right,
            "+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
            "/": lambda: int(left / right), "%": lambda: left - right * int(left / right)}[op]()


def check(value: dict, ctx, target: str, *, partial: bool = False) -> dict:
    """The allowed_use of a prototype (or, `partial`, a patch), checked: each expression parses
    to a boolean over its variables, and api_version is a date from 2019-01-01 to today (the
    mock's clock). A prototype's missing expressions are `true` (the SDK's Prototype models)."""
    checked = dict(value)
    for key, variables in (("instance", INSTANCE_VARIABLES), ("bare_metal_server", BARE_METAL_VARIABLES)):
        if key not in checked:
            if not partial:
                checked[key] = "true"
            continue
        try:
            parse(checked[key], variables)
        except _Invalid as exc:
            raise bad_field("allowed_use_expression_invalid", f"allowed_use.{key} is not a valid expression: {exc}",
                            f"{target}.{key}", checked[key]) from None
    version = checked.get("api_version")
    if version is not None:
        today = ctx.now.date().isoformat()
        try:
            date.fromisoformat(version)
            valid = len(version) == 10 and EARLIEST_API_VERSION <= version <= today
        except ValueError:
            valid = False
        if not valid:
            raise bad_field("allowed_use_api_version_invalid",
                            f"allowed_use.api_version must be a date from {EARLIEST_API_VERSION} to today ({today})",
                            f"{target}.api_version", version)
    return checked


def _profile_variables(profile: dict, vcpu_count: int | None = None) -> dict:
    """What `profile` (an InstanceProfile view) fixes of an instance: its vCPUs (`vcpu_count`
    when the caller knows the instance's) and GPUs (none: a count and memory of 0, an empty
    manufacturer and model)."""
    return {"vcpu.count": vcpu_count if vcpu_count is not None else (profile.get("vcpu_count") or {}).get("value", 0),
            "gpu.count": (profile.get("gpu_count") or {}).get("value", 0),
            "gpu.memory": (profile.get("gpu_memory") or {}).get("value", 0),
            "gpu.manufacturer": ((profile.get("gpu_manufacturer") or {}).get("values") or [""])[0],
            "gpu.model": ((profile.get("gpu_model") or {}).get("values") or [""])[0]}


def satisfiable(expression: str, profile: dict) -> bool:
    """Whether an instance of `profile` (an InstanceProfile view) can satisfy `expression`: the
    profile fixes vCPUs and GPUs (none: a count and memory of 0, an empty manufacturer and
    model), its secure boot modes bound enable_secure_boot, and the instance chooses its
    metadata service. An expression that cannot be read (stored before it was checked) allows none."""
    try:
        node = parse(expression, INSTANCE_VARIABLES)
    except _Invalid:
        return False
    fixed = _profile_variables(profile)
    choices = {"enable_secure_boot": tuple(profile["secure_boot_modes"]["values"]), **_CHOSEN}
    names = list(choices)
    return any(evaluate(node, {**fixed, **dict(zip(names, combo))})
               for combo in itertools.product(*(choices[n] for n in names)))


def instance_variables(profile: dict, vcpu_count: int, settings: dict) -> dict:
    """The variables of an instance being made (the SDK's ImageAllowedUse.instance: "the
    properties of a virtual server instance provisioned using this image"): what its profile
    fixes (an InstanceProfile view; `vcpu_count` its vCPUs) and what its settings chose
    (`enable_secure_boot`, `metadata_service` as the instance will have them, defaults applied)."""
    metadata = settings.get("metadata_service") or {}
    return {**_profile_variables(profile, vcpu_count), "enable_secure_boot": bool(settings.get("enable_secure_boot")),
            "metadata_service.enabled": bool(metadata.get("enabled")),
            "metadata_service.protocol": str(metadata.get("protocol") or "http")}


def allows(expression: str, variables: dict) -> bool:
    """Whether `expression` holds for an instance of `variables` (instance_variables). One that
    cannot be read (stored before it was checked) allows none, as in satisfiable."""
    try:
        node = parse(expression, INSTANCE_VARIABLES)
    except _Invalid:
        return False
    return evaluate(node, variables) is True
