"""Key Protect's API (`/api/v2/...`, the `key_protect` table of the `keyprotect` SDK) served
at `<mock>/kms`: where `vpcmock env` points IBMCLOUD_KP_API_ENDPOINT (the IBM provider's
variable and endpoints-file key for Key Protect, conns/config.go), and the URL an
`IbmKeyProtectApiV2` client sets (`set_service_url(<mock>/kms)`).

This layer parses KP's requests (the `Bluemix-Instance` header, the collection envelope
`{"metadata": {"collectionType", "collectionTotal"}, "resources": [...]}` of key and policy
bodies, KP's `application/vnd.ibm.kms.*+json` content types) and writes its answers in the same
envelope, each checked against its model of the table; engine/platform/key_protect decides.
Every error, an IAM one too, is answered in KP's shape (errors.py). Operations of the table not
served here (import tokens, the allowed IP port) answer 404 in KP's shape. KMIP adapters, their
client certificates and objects are served on this blueprint by key_protect_kmip.py.
"""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, g, request

from vpcmock.engine.generic import service
from vpcmock.engine.platform.key_protect import errors, instance_policies, instances, keys, kmip, registrations, rings
from vpcmock.engine.platform.key_protect.errors import KpError, bad_body
from vpcmock.errors import ApiError
from vpcmock.http import auth, table_shapes
from vpcmock.http.common import ctx, runtime, transactional

MOUNT = "/kms"
ENV = "IBMCLOUD_KP_API_ENDPOINT"
TABLE = "key_protect"
bp = Blueprint("key_protect", __name__, url_prefix=MOUNT + "/api/v2")
KEY_TYPE = "application/vnd.ibm.kms.key+json"
POLICY_TYPE = "application/vnd.ibm.kms.policy+json"
MAX_LIMIT = 5000  # KP's `limit`: 1 to 5000, 200 by default
DEFAULT_LIMIT = 200


@bp.before_request
def _authenticate():
    """A valid IAM bearer token, as every call; KP is regional, but its keys live in the
    default region's partition of the account with the Resource Controller instances that
    scope them (each key's CRN carries its instance's region)."""
    g.region = runtime().settings.default_region
    g.account, g.subject = auth.authenticate(runtime().token_secret)
    auth.authorize(runtime().store, g.subject, g.account)


@bp.errorhandler(ApiError)
def error_response(error: ApiError):
    """Any error under /kms in KP's envelope (app.py sends the router's 404 and 405 here too)."""
    response = Response(orjson.dumps(errors.body(error)), status=error.status, mimetype="application/json")
    response.headers.update(error.headers)
    return response


def _instance(c) -> instances.Instance:
    instance = instances.find(c, request.headers.get(instances.HEADER), runtime().settings.default_region)
    instance_policies.check_address(c, instance, request.remote_addr)  # its allowedIP policy
    return instance


def _ring() -> str:
    return request.headers.get("X-Kms-Key-Ring") or rings.DEFAULT


def _body(what: str, required: bool = True) -> dict:
    """The JSON object of the body (any JSON content type: KP's SDK sends its own
    `application/vnd.ibm.kms.*+json`, the Go client `application/json`)."""
    raw = request.get_data()
    if not raw.strip():
        if required:
            raise KpError(400, what, "NO_BODY_ERR", "Missing body in request")
        return {}
    mimetype = (request.mimetype or "application/json").lower()
    if not (mimetype == "application/json" or (mimetype.startswith("application/vnd.ibm.kms.")
                                               and mimetype.endswith("+json"))):
        raise KpError(415, what, "BAD_BODY_ERR", f"Content-Type {mimetype!r} is not JSON")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise bad_body(what, str(exc)) from None
    if not isinstance(body, dict):
        raise bad_body(what, "the body must be a JSON object")
    return body


def _resources(body: dict, collection_type: str, what: str) -> list[dict]:
    """The `resources` of an envelope, checked as KP checks it (its error-messages page)."""
    metadata = body.get("metadata")
    items = body.get("resources")
    if not isinstance(metadata, dict) or not isinstance(items, list) or not items or \
            not all(isinstance(i, dict) for i in items):
        raise bad_body(what, "metadata and resources are required")
    unknown = [n for n in body if n not in ("metadata", "resources")]
    if unknown:
        raise bad_body(what, f'json: unknown field "{unknown[0]}"')
    if metadata.get("collectionType") != collection_type:
        raise errors.invalid_field(what, "metadata.collectionType", collection_type)
    if metadata.get("collectionTotal") != len(items):
        raise KpError(400, what, "COLLECTION_TOTAL_MISMATCH_ERR", "Collection total does not match number of resources")
    return items


def _answer(model: str, payload: dict, status: int = 200, headers: dict | None = None) -> Response:
    with service.serving(TABLE):
        table_shapes.check(payload, model)
    response = Response(orjson.dumps(payload), status=status, mimetype="application/json")
    response.headers.update(headers or {})
    return response


def _page(model: str, found: list, collection_type: str | None = None) -> Response:
    """One page of `found` (`offset`, `limit` 1 to MAX_LIMIT), counted whole when `totalCount`
    is asked for, in KP's envelope."""
    offset = _int("offset", 0, 0, 2**31 - 1)
    limit = _int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    total = len(found) if _flag("totalCount") else None
    extra = {"collection_type": collection_type} if collection_type else {}
    return _collection(model, found[offset:offset + limit], total=total, **extra)


def _collection(model: str, items: list[dict], collection_type: str = KEY_TYPE, status: int = 200,
                total: int | None = None) -> Response:
    metadata = {"collectionType": collection_type, "collectionTotal": len(items)}
    if total is not None:
        metadata["totalCount"] = total
    return _answer(model, {"metadata": metadata, "resources": items}, status)


def _flag(name: str) -> bool | None:
    raw = request.args.get(name)
    if not raw:
        return None
    if raw.lower() not in ("true", "false"):
        raise errors.invalid_field("Request could not be processed", name, "true or false")
    return raw.lower() == "true"


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise errors.invalid_field("Request could not be processed", name, f"an integer from {low} to {high}")
    return value


KEY_STATES = (0, 1, 2, 3, 5)


def _states(allowed: tuple[int, ...] = KEY_STATES, what: str = "Keys could not be listed",
            expected: str = "a comma-separated list of 0, 1, 2, 3, 5") -> list[int] | None:
    """The `state` filter of a listing: None when not given (the SDK sends `state=` then), else
    the states it lists, each one of `allowed` (KP's 400 otherwise)."""
    raw = request.args.get("state")
    if not raw:
        return None
    try:
        states = [int(s) for s in raw.split(",") if s.strip()]
    except ValueError:
        states = []
    if not states or any(s not in allowed for s in states):
        raise errors.invalid_field(what, "state", expected)
    return states


def _representation() -> bool:
    """KP's `Prefer` header: `return=representation` answers the resource, `return=minimal` none."""
    return (request.headers.get("Prefer") or "").replace(" ", "").lower() == "return=representation"


# -- keys --------------------------------------------------------------------------------------

@bp.route("/keys", methods=["POST"])
@transactional
def create_key():
    return _create(keys.create)


@bp.route("/keys_with_policy_overrides", methods=["POST"])
@transactional
def create_key_with_policies_overrides():
    return _create(keys.create_with_policies)


def _create(make):
    what = "Key could not be created"
    c = ctx()
    instance = _instance(c)
    items = _resources(_body(what), KEY_TYPE, what)
    if len(items) != 1:
        raise bad_body(what, "exactly one resource is required")
    ring = _ring()
    if ring not in rings.ids(c, instance):
        raise KpError(404, what, "KEY_RING_NOT_FOUND_ERR", f"Key ring {ring!r} does not exist")
    doc = make(c, instance, items[0], ring)
    if (request.headers.get("Prefer") or "").replace(" ", "").lower() == "return=minimal":
        return _collection("Key", [{"id": doc["id"]}], status=201)
    return _collection("Key", [keys.view(c, doc, with_payload=True)], status=201)


@bp.route("/keys", methods=["GET", "HEAD"])
@transactional
def get_keys():
    c = ctx()
    instance = _instance(c)
    found = keys.listing(c, instance, _states(), _flag("extractable"), request.headers.get("X-Kms-Key-Ring"),
                         request.args.get("search") or None, request.args.get("sort") or None,
                         request.args.get("filter") or None)
    if request.method == "HEAD":  # get_key_collection_metadata: the count in `Key-Total`
        return Response(status=200, headers={"Key-Total": str(len(found))})
    offset = _int("offset", 0, 0, 2**31 - 1)
    limit = _int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    page = found[offset:offset + limit]
    return _collection("ListKeys", [keys.view(c, k) for k in page])


def _key(c, ident: str, what: str = "Key could not be retrieved"):
    instance = _instance(c)
    return instance, keys.get(c, instance, ident, what)


@bp.route("/keys/<ident>", methods=["GET"])
@transactional
def get_key(ident):
    c = ctx()
    _, doc = _key(c, ident)
    return _collection("GetKey", [keys.view(c, doc, with_payload=True)])


@bp.route("/keys/<ident>/metadata", methods=["GET"])
@transactional
def get_key_metadata(ident):
    c = ctx()
    _, doc = _key(c, ident)
    return _collection("GetKeyMetadata", [keys.view(c, doc)])


@bp.route("/keys/<ident>", methods=["PATCH"])
@transactional
def patch_key(ident):
    what = "Key could not be updated"
    c = ctx()
    instance, doc = _key(c, ident, what)
    body = _body(what)
    # The SDK sends the patch bare (`{"keyRingID": ...}`); accept KP's envelope too.
    if "resources" in body:
        body = _resources(body, KEY_TYPE, what)[0]
    doc = keys.patch(c, instance, doc, body, rings.ids(c, instance))
    return _collection("PatchKeyResponseBody", [keys.view(c, doc)])


@bp.route("/keys/<ident>", methods=["DELETE"])
@transactional
def delete_key(ident):
    what = "Key could not be deleted"
    c = ctx()
    instance, doc = _key(c, ident, what)
    kmip.check_key_unused(c, instance, doc, what)
    doc = keys.delete(c, doc, bool(_flag("force")), registrations.of_key(c, doc))
    if not _representation():
        return Response(status=204)
    return _collection("DeleteKey", [keys.view(c, doc)])


@bp.route("/keys/<ident>/purge", methods=["DELETE"])
@transactional
def purge_key(ident):
    c = ctx()
    _, doc = _key(c, ident, "Key could not be purged")
    doc = keys.purge(c, doc)
    return _collection("PurgeKey", [keys.view(c, doc)])


@bp.route("/keys/<ident>/restore", methods=["POST"])
@transactional
def restore_key(ident):
    what = "Key could not be restored"
    c = ctx()
    _, doc = _key(c, ident, what)
    body = _body(what, required=False)
    payload = _resources(body, KEY_TYPE, what)[0].get("payload") if body else None
    doc = keys.restore(c, doc, payload)
    return _collection("Key", [keys.view(c, doc)], status=201)


@bp.route("/keys/<ident>/versions", methods=["GET"])
@transactional
def get_key_versions(ident):
    c = ctx()
    _, doc = _key(c, ident)
    found = keys.versions(doc)
    return _page("ListKeyVersions", found)


# -- actions -----------------------------------------------------------------------------------

_ANSWERED = {"wrap": "WrapKeyResponseBody", "unwrap": "UnwrapKeyResponseBody", "rewrap": "RewrapKeyResponseBody"}
_ACTIONS = ("wrap", "unwrap", "rewrap", "rotate", "disable", "enable", "setKeyForDeletion", "unsetKeyForDeletion",
            "restore")


def _act(c, doc: dict, action: str, body: dict):
    if action == "wrap":
        return keys.wrap(c, doc, body)
    if action == "unwrap":
        return keys.unwrap(c, doc, body)
    if action == "rewrap":
        return keys.rewrap(c, doc, body)
    if action == "rotate":
        keys.rotate(c, doc, body)
    elif action == "disable":
        keys.disable(c, doc)
    elif action == "enable":
        keys.enable(c, doc)
    elif action in ("setKeyForDeletion", "unsetKeyForDeletion"):
        keys.set_for_deletion(c, doc, action == "setKeyForDeletion")
    return None


def _action(ident: str, action: str, model: str | None):
    what = f"Key action {action} could not be performed"
    c = ctx()
    _, doc = _key(c, ident, what)
    body = _body(what, required=action in ("unwrap", "rewrap"))
    if action == "rotate" and "resources" in body:  # an imported key's new payload, in KP's envelope
        body = _resources(body, KEY_TYPE, what)[0]
    if action == "restore":
        payload = _resources(body, KEY_TYPE, what)[0].get("payload") if body else None
        return _collection("Key", [keys.view(c, keys.restore(c, doc, payload))], status=201)
    answer = _act(c, doc, action, body)
    if answer is None:
        return Response(status=204)
    return _answer(model or _ANSWERED[action], answer)


@bp.route("/keys/<ident>/actions/sync", methods=["POST"])
@transactional
def sync_associated_resources(ident):
    """Asks the services a key protects to report their registrations again. Registrations here
    are read from the VPC as they are (registrations.py), so there is nothing to wait for: 204."""
    c = ctx()
    _key(c, ident, "Key action sync could not be performed")
    return Response(status=204)


for _name in ("wrap", "unwrap", "rewrap", "rotate", "disable", "enable", "setKeyForDeletion", "unsetKeyForDeletion"):
    bp.add_url_rule(f"/keys/<ident>/actions/{_name}", endpoint=f"action_{_name}",
                    view_func=transactional(lambda ident, _name=_name: _action(ident, _name, None)),
                    methods=["POST"])


@bp.route("/keys/<ident>", methods=["POST"])
@transactional
def action_on_key(ident):
    """The older form, `POST /keys/{id}?action=<action>` (the SDK's action_on_key)."""
    action = request.args.get("action")
    if action not in _ACTIONS:
        raise errors.invalid_field("Key action could not be performed", "action", ", ".join(_ACTIONS))
    variant = _ANSWERED.get(action)  # the oneOf's variant of the action's answer
    return _action(ident, action, f"KeyActionOneOfResponse{variant}" if variant else None)


# -- policies, aliases, registrations -----------------------------------------------------------

def _policy_view(doc: dict, kind: str) -> dict:
    kept = keys.policies(doc).get(kind)
    if kept is None:
        return None
    data = {k: v for k, v in kept.items() if k not in ("createdBy", "creationDate", "updatedBy", "lastUpdateDate")}
    return {"id": f"{doc['id']}-{kind}", "crn": doc["crn"], "type": POLICY_TYPE, kind: data,
            **{k: kept[k] for k in ("createdBy", "creationDate", "updatedBy", "lastUpdateDate")}}


def _policies(doc: dict, kind: str | None) -> Response:
    """The oneOf's variant answered: one policy's (`?policy=`), or every policy of the key in one
    resource (GetMultipleKeyPolicies)."""
    if kind:
        found = [v for v in (_policy_view(doc, kind),) if v is not None]
        variant = {"rotation": "GetKeyPolicyRotation", "dualAuthDelete": "GetKeyPolicyDualAuthDelete"}[kind]
        return _collection(f"GetKeyPoliciesOneOf{variant}", found, collection_type=POLICY_TYPE)
    views = [v for v in (_policy_view(doc, k) for k in ("rotation", "dualAuthDelete")) if v is not None]
    merged = {}
    for view in views:
        merged.update({k: v for k, v in view.items() if k != "type"})
    if merged:
        merged["id"] = doc["id"]
    return _collection("GetKeyPoliciesOneOfGetMultipleKeyPolicies", [merged] if merged else [],
                       collection_type=POLICY_TYPE)


def _policy_kind() -> str | None:
    kind = request.args.get("policy")
    if kind not in (None, "rotation", "dualAuthDelete"):
        raise errors.invalid_field("Key policy could not be processed", "policy", "rotation or dualAuthDelete")
    return kind


@bp.route("/keys/<ident>/policies", methods=["GET"])
@transactional
def get_policy(ident):
    c = ctx()
    _, doc = _key(c, ident)
    return _policies(doc, _policy_kind())


@bp.route("/keys/<ident>/policies", methods=["PUT"])
@transactional
def put_policy(ident):
    what = "Key policy could not be set"
    c = ctx()
    _, doc = _key(c, ident, what)
    kind = _policy_kind()
    items = _resources(_body(what), POLICY_TYPE, what)
    for item in items:
        unknown = [n for n in item if n not in ("type", "rotation", "dualAuthDelete")]
        if unknown:
            raise bad_body(what, f'json: unknown field "{unknown[0]}"')
        given = [k for k in ("rotation", "dualAuthDelete") if k in item]
        if len(given) != 1 or not isinstance(item[given[0]], dict):
            raise bad_body(what, "each resource sets one policy: rotation or dualAuthDelete")
        if kind and given[0] != kind:
            raise KpError(400, what, "BODY_QUERY_PARAM_MISMATCH_ERR",
                          "Data in body does not match data required by query parameter")
        doc = keys.set_policy(c, doc, given[0], item[given[0]])
    return _policies(doc, kind)


@bp.route("/keys/<ident>/aliases/<alias>", methods=["POST"])
@transactional
def create_key_alias(ident, alias):
    c = ctx()
    instance, doc = _key(c, ident, "Key alias could not be created")
    made = keys.add_alias(c, instance, doc, alias)
    return _collection("KeyAlias", [made], collection_type="application/vnd.ibm.kms.alias+json")


@bp.route("/keys/<ident>/aliases/<alias>", methods=["DELETE"])
@transactional
def delete_key_alias(ident, alias):
    c = ctx()
    _, doc = _key(c, ident, "Key alias could not be deleted")
    keys.remove_alias(c, doc, alias)
    return Response(status=204)


def _registrations(found: list[dict]) -> Response:
    crn = request.args.get("urlEncodedResourceCRNQuery")
    if crn:  # KP matches the CRN given, `*` ending a prefix
        found = [r for r in found if (r["resourceCrn"].startswith(crn[:-1]) if crn.endswith("*")
                                      else r["resourceCrn"] == crn)]
    prevent = _flag("preventKeyDeletion")
    if prevent is not None:
        found = [r for r in found if r["preventKeyDeletion"] == prevent]
    return _page("RegistrationWithTotalCount", found, "application/vnd.ibm.kms.registration+json")


@bp.route("/keys/<ident>/registrations", methods=["GET"])
@transactional
def get_registrations(ident):
    c = ctx()
    _, doc = _key(c, ident)
    return _registrations(registrations.of_key(c, doc))


@bp.route("/keys/registrations", methods=["GET"])
@transactional
def get_registrations_all_keys():
    c = ctx()
    instance = _instance(c)
    return _registrations([r for k in keys.instance_keys(c, instance) for r in registrations.of_key(c, k)])


# -- instance policies -------------------------------------------------------------------------

def _instance_policy_kind() -> str | None:
    kind = request.args.get("policy") or None
    if kind not in (None, *instance_policies.TYPES):
        raise errors.invalid_field("Instance policy could not be processed", "policy",
                                   ", ".join(instance_policies.TYPES))
    return kind


@bp.route("/instance/policies", methods=["GET"])
@transactional
def get_instance_policy():
    c = ctx()
    kind = _instance_policy_kind()
    found = instance_policies.listing(c, _instance(c), kind)
    variant = f"GetInstancePolicy{kind[0].upper()}{kind[1:]}" if kind else "GetMultipleInstancePolicies"
    return _collection(f"GetInstancePoliciesOneOf{variant}", found, collection_type=POLICY_TYPE)


@bp.route("/instance/policies", methods=["PUT"])
@transactional
def put_instance_policy():
    what = instance_policies.WHAT
    c = ctx()
    instance = _instance(c)
    instance_policies.put(c, instance, _resources(_body(what), POLICY_TYPE, what), _instance_policy_kind())
    return Response(status=204)


# -- key rings ---------------------------------------------------------------------------------

@bp.route("/key_rings", methods=["GET"])
@transactional
def list_key_rings():
    c = ctx()
    found = rings.listing(c, _instance(c))
    return _page("ListKeyRingsWithTotalCount", found, "application/vnd.ibm.kms.key_ring+json")


@bp.route("/key_rings/<ring>", methods=["POST"])
@transactional
def create_key_ring(ring):
    c = ctx()
    rings.create(c, _instance(c), ring)
    return Response(status=201)


@bp.route("/key_rings/<ring>", methods=["DELETE"])
@transactional
def delete_key_ring(ring):
    c = ctx()
    rings.delete(c, _instance(c), ring, bool(_flag("force")))
    return Response(status=204)


@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
def not_served(rest):
    raise KpError(404, f"/api/v2/{rest} is not served by this mock (import tokens and the allowed IP port are "
                  "not emulated)")


from vpcmock.http.routes.platform import key_protect_kmip  # noqa: E402,F401  (its routes, on bp)
