"""The operations of the platform tables on items named by path parameters and on singletons
(engine/generic/platform/keyed.py: a trusted profile's identities, identity preferences, IdP settings of
an account, IAM Identity's and Access Groups' account settings), answered beside the generic
engine's collections (platform_generic.HAND_WRITTEN). This module parses and answers; what an
item or a singleton is, the engine decides.

ETags: a singleton's ETag is its `entity_tag` (IAM Identity's update_account_settings takes it
as If-Match, required); a listing replaced whole (set_profile_identities) takes its listing's
`entity_tag` as If-Match.
"""

from __future__ import annotations

from flask import request

from vpcmock import api_table
from vpcmock.engine.generic.platform import keyed as engine
from vpcmock.engine.generic import service, validation
from vpcmock.errors import ApiError, parameter
from vpcmock.http import table_shapes
from vpcmock.http.common import check_if_match, ctx, json_body, required_if_match, respond_empty


_DERIVED: dict[str, dict] = {}


def register(hand_written: dict[str, dict], served) -> None:
    """Add the keyed operations of every platform service to `hand_written` (without replacing
    a hand-written one); `served(name)`: the operations the generic engine serves there."""
    for name in service.SERVICES:
        if name not in api_table.services():
            continue
        excluded = set(served(name)) | set(hand_written.get(name, {}))
        with service.serving(name):
            _DERIVED[name] = engine.derive(frozenset(excluded))
        views = {op_id: _bound(keyed, verb) for op_id, (keyed, verb) in _DERIVED[name].items()}
        hand_written[name] = {**views, **hand_written.get(name, {})}


def _bound(keyed: engine.Keyed, verb: str):
    return lambda op, values, generic: _serve(keyed, verb, op, values)


def _check_query(op: dict) -> None:
    for q in op.get("query") or ():
        value = request.args.get(q["name"])
        if value is None:
            if q.get("required"):
                raise ApiError(400, "missing_parameter", f"{q['name']} is required", parameter(q["name"], None))
        elif q.get("enum") and value not in q["enum"]:
            raise ApiError(400, "invalid_parameter", f"{q['name']} {value!r} is not one of {', '.join(q['enum'])}",
                           parameter(q["name"], value))
    account = request.args.get("account_id")
    if account is not None and account != ctx().account:
        raise ApiError(403, "forbidden", "The token's account is not the account_id asked for",
                       parameter("account_id", account))


def _body(op: dict, *, patch: bool = False) -> dict:
    """The request's body, checked against the operation's, with the enums of the answer's model
    (the SDK types IAM's `mfa` as a string; the answer lists its values)."""
    body = json_body()
    validation.body(body, op["body"], patch=patch, answer=(op.get("response") or {}).get("model"))
    return body


def _serve(keyed: engine.Keyed, verb: str, op: dict, values: list[str]):
    c = ctx()
    _check_query(op)
    if keyed.kind == "singleton":
        doc = engine.read_singleton(c, keyed, op, values)
        if verb == "get":
            return table_shapes.answer(op, engine.answer_of(doc), doc["_etag"])
        required_if_match(op)
        check_if_match(doc)
        doc = engine.write_singleton(c, keyed, doc, _body(op, patch=verb == "patch"))
        return table_shapes.answer(op, engine.answer_of(doc), doc["_etag"])
    if verb == "list":
        docs = engine.list_items(c, keyed, op, values)
        payload = {keyed.list_array: [engine.answer_of(d) for d in docs]}
        if "entity_tag" in _props(op):
            payload["entity_tag"] = engine.list_etag(c, keyed, values)
        return table_shapes.answer(op, payload)
    if verb == "replace_all":
        required_if_match(op)
        current = engine.list_etag(c, keyed, values)
        check_if_match({"_etag": current})
        body = _body(op)
        docs = engine.replace_all(c, keyed, op, values, body.get(keyed.list_array) or [])
        payload = {keyed.list_array: [engine.answer_of(d) for d in docs]}
        if "entity_tag" in _props(op):
            payload["entity_tag"] = engine.list_etag(c, keyed, values)
        return table_shapes.answer(op, payload)
    if verb == "get":
        doc = engine.get_item(c, keyed, op, values)
        return table_shapes.answer(op, engine.answer_of(doc), doc["_etag"])
    if verb == "delete":
        engine.delete_item(c, keyed, op, values)
        return respond_empty(op["status"])
    body = _body(op)  # create (POST) or put (PUT)
    full = engine.item_values(keyed, op, values, body)
    # A POST where a PUT replaces only makes one (add_id_p_setting: 409 when it is there); a
    # POST that is the only way to write (set_profile_identity) sets it, made or replaced.
    # A PUT beside such a POST changes what it names (update_id_p_setting, every property
    # optional where add_id_p_setting requires them); a PUT that is the only way to write
    # (update_preference_on_scope_account) replaces.
    doc = engine.put_item(c, keyed, op, full, body, create_only=verb == "create" and "put" in keyed.ops,
                          merge=verb == "put" and "create" in keyed.ops)
    engine.changed(c, keyed, full)
    return table_shapes.answer(op, engine.answer_of(doc), doc["_etag"])


def _props(op: dict) -> dict:
    from vpcmock.engine.generic import models
    return models.properties(op["response"]["model"]) if (op.get("response") or {}).get("model") else {}
