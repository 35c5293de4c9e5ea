"""An SDK module as data: its syntax tree, its service class and default URL, and the translation of
a Python annotation (``Optional[List['VolumeReference']]``) into a JSON-schema-like type.

Nothing here imports the SDK's code; ``ast`` reads the installed file.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

# Python annotation -> wire type (string formats as OpenAPI names them)
_SCALARS = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "bytes": {"type": "string", "format": "byte"},  # the SDK base64-encodes these
    "dict": {"type": "object"},  # free-form object
    "object": {"type": "any"},  # any JSON value (a string, number, boolean, array or object)
    "BinaryIO": {"type": "string", "format": "binary"},  # sent as is (a file, raw bytes)
}
_BINARY = {"BinaryIO", "TextIO", "str"}  # Union[BinaryIO, str, TextIO]: a file or its text


@dataclass(frozen=True)
class Sdk:
    """An installed SDK module: its distribution and version, where the module is, the service
    class it defines, and the module's syntax tree."""

    package: str
    module: str
    service_class: str
    path: Path
    version: str

    @classmethod
    def installed(cls, package: str, module: str, service_class: str) -> "Sdk":
        dist = metadata.distribution(package)
        return cls(package, module, service_class, Path(dist.locate_file(module)), dist.version)

    @cached_property
    def tree(self) -> ast.Module:
        with warnings.catch_warnings():  # the SDK's own invalid escapes in docstrings ('\:') are its business
            warnings.simplefilter("ignore", (DeprecationWarning, SyntaxWarning))
            return ast.parse(self.path.read_text(encoding="utf-8"))

    @cached_property
    def classes(self) -> dict[str, ast.ClassDef]:
        return {node.name: node for node in self.tree.body if isinstance(node, ast.ClassDef)}

    @property
    def service(self) -> ast.ClassDef:
        return self.classes[self.service_class]

    def constant(self, name: str):
        """A literal the service class sets (``DEFAULT_SERVICE_URL = '...'``, ``REGIONAL_ENDPOINTS =
        {...}``); None when it sets none."""
        for node in self.service.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id == name):
                return ast.literal_eval(node.value)
        return None


def methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in cls.body if isinstance(node, ast.FunctionDef)}


def arguments(function: ast.FunctionDef) -> list[tuple[str, ast.expr, bool]]:
    """(name, annotation, required) of each argument but self and **kwargs; the ones before
    ``*`` are required, the keyword-only ones optional, as the SDK's signatures have them."""
    positional = [(a.arg, a.annotation, True) for a in function.args.args[1:]]
    return positional + [(a.arg, a.annotation, False) for a in function.args.kwonlyargs]


def assignments(function: ast.AST, target: str) -> list[ast.expr]:
    """The values assigned to the plain name `target` inside `function`, in source order."""
    found = [node for node in ast.walk(function)
             if isinstance(node, ast.Assign) and len(node.targets) == 1
             and isinstance(node.targets[0], ast.Name) and node.targets[0].id == target]
    return [node.value for node in sorted(found, key=lambda node: node.lineno)]


def subscript_assignments(function: ast.AST, target: str) -> list[tuple[str, ast.expr]]:
    """``target['key'] = value`` statements inside `function`: (key, value), in source order."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            sub = node.targets[0]
            if (isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == target
                    and isinstance(sub.slice, ast.Constant)):
                found.append((node.lineno, sub.slice.value, node.value))
    return [(key, value) for _, key, value in sorted(found, key=lambda item: item[0])]


def constant_strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def schema_of(annotation: ast.expr) -> dict:
    """The wire type of an annotation: ``{"type", "format"?, "model"?, "items"?}``.
    ``Optional`` is dropped (whether a value is required is the signature's business)."""
    if isinstance(annotation, ast.Subscript):
        wrapper = annotation.value.id  # type: ignore[attr-defined]
        if wrapper == "Optional":
            return schema_of(annotation.slice)
        if wrapper == "List":
            return {"type": "array", "items": schema_of(annotation.slice)}
        if wrapper == "Union" and {ast.unparse(e) for e in annotation.slice.elts} <= _BINARY:
            return dict(_SCALARS["BinaryIO"])
        raise ValueError(f"unknown annotation {ast.unparse(annotation)}")
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return {"type": "object", "model": annotation.value}  # a forward reference to a model class
    if isinstance(annotation, ast.Name) and annotation.id in _SCALARS:
        return dict(_SCALARS[annotation.id])
    raise ValueError(f"unknown annotation {ast.unparse(annotation)}")


def camel(snake: str) -> str:
    """``availability_class`` -> ``AvailabilityClass``: how the SDK names an argument's Enum class."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def enum_values(enum_class: ast.ClassDef) -> list[str]:
    """The values of a ``class XEnum(str, Enum)``, in the SDK's order."""
    return [node.value.value for node in enum_class.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)]


def is_enum(node: ast.AST) -> bool:
    return isinstance(node, ast.ClassDef) and any(
        isinstance(base, ast.Name) and base.id == "Enum" for base in node.bases)


def with_enum(schema: dict, values: list[str]) -> dict:
    """`schema` restricted to `values`; for an array, its items are."""
    if schema["type"] == "array":
        return {**schema, "items": with_enum(schema["items"], values)}
    return {**schema, "enum": values}
