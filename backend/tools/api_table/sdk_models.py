"""The models: one per model class of the SDK module (pagers, the service and the containers of
query-parameter enums aside). What each carries is read from the class as the SDK writes it:

    def __init__(self, profile: 'VolumeProfileIdentity', zone: 'ZoneIdentity', *, name: Optional[str] = None)
        -> properties and their types; the ones before `*` are required
    from_dict: if (x := _dict.get('wire_name')) is not None: args['python_name'] = ...
        -> the wire name of each property
    class StatusEnum(str, Enum): AVAILABLE = 'available'
        -> the values of the property `status`
    __init__ raising "Cannot instantiate base class ... subclasses: ['A', 'B']"
        -> a polymorphic base and its variants (``class A(Base)``)
    _get_class_by_discriminator: mapping['pci'] = 'A'; _dict.get('interface_type')
        -> the property telling the variants apart, and each variant's values
"""

from __future__ import annotations

import ast

from sdk_source import Sdk, arguments, assignments, camel, constant_strings, enum_values, is_enum, methods, \
    schema_of, subscript_assignments, with_enum


def read_models(sdk: Sdk) -> dict[str, dict]:
    classes = {name: cls for name, cls in sdk.classes.items() if _is_model(cls)}
    models = {name: _model(cls) for name, cls in classes.items()}
    for name, cls in classes.items():
        for base in cls.bases:
            models[name]["variant_of"] = base.id
    for name, model in models.items():
        for variant in model.get("variants", []):
            if models[variant].get("variant_of") != name:
                raise ValueError(f"{variant} is listed as a variant of {name} but does not subclass it")
        _check_references(name, model, models)
    return models


def _is_model(cls: ast.ClassDef) -> bool:
    own = methods(cls)
    if "__init__" not in own or "get_next" in own:  # query-parameter enum containers; pagers
        return False
    return not any(isinstance(base, ast.Name) and base.id == "BaseService" for base in cls.bases)


def _model(cls: ast.ClassDef) -> dict:
    own = methods(cls)
    init = own["__init__"]
    wire = _wire_names(own.get("from_dict"))
    enums = {node.name: enum_values(node) for node in cls.body if is_enum(node)}
    properties = {}
    for arg, annotation, required in arguments(init):
        schema = schema_of(annotation)
        values = enums.pop(camel(arg) + "Enum", None)
        if values is not None:
            schema = with_enum(schema, values)
        properties[wire.get(arg, arg)] = {**schema, "required": required}
    if enums:
        raise ValueError(f"{cls.name}: enums {sorted(enums)} name no property")
    model = {"properties": properties}
    variants = _variants(init)
    if variants is not None:
        model["variants"] = variants
        model["discriminator"] = _discriminator(own.get("_get_class_by_discriminator"))
    return model


def _wire_names(from_dict: ast.FunctionDef | None) -> dict[str, str]:
    """python name -> wire name, from ``if (x := _dict.get('wire')) is not None: args['x'] = ...``
    (or, as older generators write it, ``if 'wire' in _dict: args['x'] = _dict.get('wire')``)."""
    if from_dict is None:
        return {}
    names = {}
    for node in ast.walk(from_dict):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            if isinstance(node.test.left, ast.NamedExpr):
                wire = node.test.left.value.args[0].value  # _dict.get('wire')
            elif isinstance(node.test.left, ast.Constant) and isinstance(node.test.ops[0], ast.In):
                wire = node.test.left.value  # 'wire' in _dict
            else:
                continue
            for key, _ in subscript_assignments(node, "args"):
                names[key] = wire
    return names


def _variants(init: ast.FunctionDef) -> list[str] | None:
    """The subclasses a base class's __init__ names as the ones to instantiate, or None."""
    if not any(isinstance(node, ast.Raise) for node in init.body):
        return None
    joined = next(node for node in ast.walk(init)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join")
    return constant_strings(joined.args[0])


def _discriminator(dispatch: ast.FunctionDef | None) -> dict | None:
    if dispatch is None:
        return None
    mapping = {key: value.value for key, value in subscript_assignments(dispatch, "mapping")}
    got = assignments(dispatch, "disc_value")[0]  # _dict.get('interface_type')
    return {"property": got.args[0].value, "mapping": mapping}


def _check_references(name: str, model: dict, models: dict) -> None:
    def walk(schema: dict) -> None:
        if "model" in schema and schema["model"] not in models:
            raise ValueError(f"{name} refers to an unknown model {schema['model']}")
        if "items" in schema:
            walk(schema["items"])
    for schema in model["properties"].values():
        walk(schema)
