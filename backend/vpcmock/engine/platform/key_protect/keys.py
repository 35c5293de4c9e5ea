"""Keys of a Key Protect instance, their versions and actions.

A key is a root key (`extractable: false`: it never leaves the service, it wraps and unwraps
data encryption keys) or a standard key (`extractable: true`: its material, `payload`, is
returned on GET). Its material is generated (256 bits) or imported (`payload`, base64; `imported:
true`). Each rotation of a root key adds a key version with new material (a given payload for
an imported key, which must then be given again); wraps use the latest version, unwraps the
version that wrapped (crypto.py).

States (KP's): 1 active, 2 suspended (disabled), 3 deactivated (its `expirationDate` passed),
5 destroyed (deleted: kept, still readable and restorable for 30 days, purgeable 4 hours after
deletion). Actions and what they need, from KP's error-messages page:

- wrap, unwrap, rewrap, rotate, disable, enable are root-key actions (400 KEY_ROOT_REQ_ERR on a
  standard key); each but enable needs state 1 (409 KEY_ACTION_INVALID_STATE_ERR), enable
  state 2; a root key rotates at most once an hour (409 KEY_ROTATION_NOT_PERMITTED);
- any destroyed key is restored within 30 days of its deletion (an imported one with its
  material given again);
- setting a key for deletion needs its dual-authorization policy (409 NOT_DUAL_AUTH_ERR), and a
  key with that policy is deleted only by another user than the one who set it for deletion,
  within 7 days (409 AUTHORIZATIONS_NOT_MET);
- a key protecting a resource (a registration: here, a VPC volume or snapshot encrypted with it)
  is not deleted without `force` (409 PROTECTED_RESOURCE_ERR).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import timedelta

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.key_protect import crypto, instance_policies, query
from vpcmock.engine.platform.key_protect.errors import (KpError, bad_body, deleted, invalid_field, invalid_state,
                                                         not_found, root_required)
from vpcmock.engine.platform.key_protect.instances import Instance
from vpcmock.timeutil import parse_rfc3339, rfc3339

TABLE = "kp_keys"
KEY_TYPE = "application/vnd.ibm.kms.key+json"
ACTIVE, SUSPENDED, DEACTIVATED, DESTROYED = 1, 2, 3, 5
ROTATION_INTERVAL = timedelta(hours=1)
RESTORE_WINDOW = timedelta(days=30)
PURGE_DELAY = timedelta(hours=4)
NAME_LENGTH = (2, 90)  # KP: "2 - 90 characters"
CREATE_FIELDS = ("type", "name", "description", "extractable", "payload", "encryptedNonce", "iv", "expirationDate",
                 "aliases")


def _now(ctx: Ctx) -> str:
    return rfc3339(ctx.now)


def crn_of(instance: Instance, key_id: str) -> str:
    return f"crn:v1:bluemix:public:kms:{instance.region}:a/{instance.account}:{instance.guid}:key:{key_id}"


def _material_of(payload, root: bool, what: str) -> str:
    """A given payload, checked: base64; a root key's is an AES key (16, 24 or 32 bytes)."""
    if not isinstance(payload, str) or not payload:
        raise invalid_field(what, "payload", "a base64 encoded key material")
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise invalid_field(what, "payload", "a base64 encoded key material") from None
    if root and len(raw) not in (16, 24, 32):
        raise invalid_field(what, "payload", "a base64 encoded key material of 128, 192 or 256 bits")
    return payload


def create(ctx: Ctx, instance: Instance, proto: dict, ring: str) -> dict:
    what = "Key could not be created"
    unknown = [name for name in proto if name not in CREATE_FIELDS]
    if unknown:
        raise bad_body(what, f'json: unknown field "{unknown[0]}"')
    name = proto.get("name")
    if not isinstance(name, str) or not NAME_LENGTH[0] <= len(name) <= NAME_LENGTH[1]:
        raise invalid_field(what, "name", f"a string of {NAME_LENGTH[0]} to {NAME_LENGTH[1]} characters")
    if proto.get("type", KEY_TYPE) != KEY_TYPE:
        raise invalid_field(what, "type", KEY_TYPE)
    extractable = proto.get("extractable", False)
    if not isinstance(extractable, bool):
        raise invalid_field(what, "extractable", "a boolean")
    description = proto.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > 240):
        raise invalid_field(what, "description", "a string of at most 240 characters")
    expiration = proto.get("expirationDate")
    if expiration is not None:
        try:
            when = parse_rfc3339(expiration)
        except (TypeError, ValueError):
            raise invalid_field(what, "expirationDate", "a date-time (RFC 3339)") from None
        if when <= ctx.now:
            raise invalid_field(what, "expirationDate", "a date-time in the future")
    aliases = proto.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and 2 <= len(a) <= 90 for a in aliases):
        raise invalid_field(what, "aliases", "a list of strings of 2 to 90 characters")
    held = {a for k in _partition(ctx, instance) for a in k.get("aliases") or ()}
    taken = next((a for a in aliases if a in held), None)
    if taken:
        raise KpError(409, what, "KEY_ALIAS_NOT_UNIQUE_ERR", f"The alias {taken!r} is already used by another key "
                      "of this instance", {"type": "field", "name": "aliases"})
    imported = "payload" in proto and proto["payload"] is not None
    instance_policies.check_create(ctx, instance, not extractable, imported)
    material = _material_of(proto["payload"], not extractable, what) if imported else crypto.new_material()
    key_id, version, now = str(uuid.uuid4()), str(uuid.uuid4()), _now(ctx)
    doc = ctx.stamp({
        "id": key_id, "type": KEY_TYPE, "name": name, "state": ACTIVE, "extractable": extractable,
        "imported": imported, "crn": crn_of(instance, key_id), "createdBy": _creator(ctx), "creationDate": now,
        "lastUpdateDate": now, "algorithmType": "AES", "algorithmBitSize": 8 * len(base64.b64decode(material))
        if not extractable else 256, "algorithmMode": "Deprecated",
        "algorithmMetadata": {"bitLength": str(8 * len(base64.b64decode(material)) if not extractable else 256),
                              "mode": "Deprecated"},
        "keyVersion": {"id": version, "creationDate": now}, "keyRingID": ring, "deleted": False,
        "dualAuthDelete": {"enabled": False}, "aliases": list(aliases),
        "_instance": instance.guid, "_versions": [{"id": version, "creationDate": now, "material": material}],
    })
    if instance_policies.enabled(ctx, instance, "dualAuthDelete") is not None:  # the instance's, for new keys
        doc["dualAuthDelete"] = {"enabled": True}
    rotation = instance_policies.enabled(ctx, instance, "rotation")
    if rotation is not None and not extractable:
        doc["rotation"] = {"enabled": True, "interval_month": rotation["interval_month"]}
    if description is not None:
        doc["description"] = description
    if expiration is not None:
        doc["expirationDate"] = expiration
    if proto.get("encryptedNonce") is not None:
        doc["_encryptedNonce"], doc["_iv"] = proto["encryptedNonce"], proto.get("iv")
    return ctx.store.put(TABLE, doc)


def create_with_policies(ctx: Ctx, instance: Instance, proto: dict, ring: str) -> dict:
    """A key made with its own `rotation` and `dualAuthDelete` policies (KP's
    `/keys_with_policy_overrides`, overriding the instance's)."""
    given = {kind: proto[kind] for kind in ("rotation", "dualAuthDelete") if kind in proto}
    for kind, data in given.items():
        if not isinstance(data, dict):
            raise invalid_field("Key could not be created", kind, "an object")
    doc = create(ctx, instance, {k: v for k, v in proto.items() if k not in given}, ring)
    for kind, data in given.items():
        doc = set_policy(ctx, doc, kind, data)
    return doc


def _creator(ctx: Ctx) -> str:
    return (ctx.initiator or {}).get("id") or "IBMid-mock"


def _partition(ctx: Ctx, instance: Instance) -> list[dict]:
    return [k for k in ctx.partition(TABLE).values() if k["_instance"] == instance.guid]


def state_of(ctx: Ctx, doc: dict) -> int:
    """The key's state now: an expired key not deleted reads as deactivated (3)."""
    if doc["state"] in (ACTIVE, SUSPENDED) and doc.get("expirationDate") and \
            parse_rfc3339(doc["expirationDate"]) <= ctx.now:
        return DEACTIVATED
    return doc["state"]


def listing(ctx: Ctx, instance: Instance, states: list[int] | None = None, extractable: bool | None = None,
            ring: str | None = None, search: str | None = None, sort: str | None = None,
            filter_: str | None = None) -> list[dict]:
    """The instance's keys (query.py: search, sort, filter), by id unless sorted otherwise; by
    default those not destroyed (KP's default `state` filter is 0, 1, 2, 3)."""
    terms = query.parse_filter(filter_) if filter_ else {}
    query.conflicting(terms, states is not None, extractable is not None)
    if "state" not in terms:
        wanted = set(states) if states else {0, ACTIVE, SUSPENDED, DEACTIVATED}
        terms["state"] = [(None, wanted)]
    found = [k for k in _partition(ctx, instance) if (extractable is None or k["extractable"] == extractable)
             and (ring is None or k["keyRingID"] == ring)]
    found = query.apply_filter(found, terms, lambda k: state_of(ctx, k))
    found = query.sort(found, sort)
    return query.search(found, search) if search else found


def get(ctx: Ctx, instance: Instance, ident: str, what: str = "Key could not be retrieved") -> dict:
    """A key by id or alias (KP takes either in the path)."""
    doc = ctx.store.get(TABLE, ident)
    if doc is None or doc.get("_account") != ctx.account or doc["_instance"] != instance.guid:
        doc = next((k for k in _partition(ctx, instance) if ident in (k.get("aliases") or ())), None)
    if doc is None:
        raise not_found(what)
    return doc


def view(ctx: Ctx, doc: dict, with_payload: bool = False) -> dict:
    """What KP answers of a key: its metadata, and a standard key's material on GET."""
    out = {k: v for k, v in doc.items() if not k.startswith("_") and v is not None}
    out["state"] = state_of(ctx, doc)
    if out["state"] == DEACTIVATED and doc["state"] != DEACTIVATED:
        out["nonactiveStateReason"] = 1  # KP: 1, the key expired
    if doc.get("_purge_from"):
        out["purgeAllowedFrom"] = doc["_purge_from"]
        out["purgeAllowed"] = ctx.now >= parse_rfc3339(doc["_purge_from"])
        restore_until = parse_rfc3339(doc["deletionDate"]) + RESTORE_WINDOW
        out["restoreExpirationDate"] = rfc3339(restore_until)
        out["restoreAllowed"] = ctx.now < restore_until
    if with_payload and doc["extractable"] and out["state"] != DESTROYED:
        out["payload"] = doc["_versions"][-1]["material"]
    return out


def versions(doc: dict) -> list[dict]:
    return [{"id": v["id"], "creationDate": v["creationDate"]} for v in reversed(doc["_versions"])]


def patch(ctx: Ctx, instance: Instance, doc: dict, body: dict, rings: set[str]) -> dict:
    """Moves a key to another key ring of the instance (the only property KP patches)."""
    what = "Key could not be updated"
    unknown = [n for n in body if n != "keyRingID"]
    if unknown or "keyRingID" not in body:
        raise bad_body(what, f'json: unknown field "{unknown[0]}"' if unknown else "keyRingID is required")
    if body["keyRingID"] not in rings:
        raise KpError(404, what, "KEY_RING_NOT_FOUND_ERR", f"Key ring {body['keyRingID']!r} does not exist")
    if doc["state"] == DESTROYED:
        raise deleted(what)
    return ctx.store.replace(TABLE, doc, keyRingID=body["keyRingID"], lastUpdateDate=_now(ctx))


# -- deletion ----------------------------------------------------------------------------------

def delete(ctx: Ctx, doc: dict, force: bool, protecting: list[dict]) -> dict:
    what = "Key could not be deleted"
    if doc["state"] == DESTROYED:
        raise deleted(what)
    if doc["dualAuthDelete"]["enabled"] and not _second_authorization(ctx, doc):
        raise KpError(409, what, "AUTHORIZATIONS_NOT_MET",
                      "The key cannot be deleted because it failed the dual authorization request.")
    if protecting and not force:
        raise KpError(409, what, "PROTECTED_RESOURCE_ERR",
                      "The key cannot be deleted because the key has one or more associated resources.")
    now = _now(ctx)
    return ctx.store.replace(TABLE, doc, state=DESTROYED, deleted=True, deletionDate=now, deletedBy=_creator(ctx),
                             lastUpdateDate=now, _purge_from=rfc3339(ctx.now + PURGE_DELAY), _set_for_deletion=None)


def _second_authorization(ctx: Ctx, doc: dict) -> bool:
    """KP's dual authorization: one user sets the key for deletion, another deletes it within
    the authorization's 7 days."""
    setter = doc.get("_set_for_deletion")
    expires = doc["dualAuthDelete"].get("authExpiration")
    return bool(setter) and setter != _creator(ctx) and expires is not None and ctx.now < parse_rfc3339(expires)


def purge(ctx: Ctx, doc: dict) -> dict:
    what = "Key could not be purged"
    if doc["state"] != DESTROYED:
        raise invalid_state(what)
    if ctx.now < parse_rfc3339(doc["_purge_from"]):
        raise KpError(409, what, "REQ_TOO_EARLY_ERR", "The key was deleted less than 4 hours ago: Please wait and "
                      "try again")
    ctx.store.delete(TABLE, doc["id"])
    return doc


def restore(ctx: Ctx, doc: dict, payload=None) -> dict:
    what = "Key could not be restored"
    if doc["state"] != DESTROYED:  # KP restores root and standard keys alike
        raise invalid_state(what)
    if ctx.now >= parse_rfc3339(doc["deletionDate"]) + RESTORE_WINDOW:
        raise KpError(400, what, "KEY_RESTORE_EXPIRED", "Key restoration has expired")
    if doc["imported"]:  # KP needs the material of an imported key back to restore it
        if payload is None:
            raise KpError(400, what, "KEY_PAYLOAD_REQ_ERR", "Key material is required to restore an imported key")
        if _material_of(payload, True, what) != doc["_versions"][-1]["material"]:
            raise invalid_field(what, "payload", "the key material the key was imported with")
    return ctx.store.replace(TABLE, doc, state=ACTIVE, deleted=False, deletionDate=None, deletedBy=None,
                             lastUpdateDate=_now(ctx), _purge_from=None)


# -- actions -----------------------------------------------------------------------------------

def _usable_root(ctx: Ctx, doc: dict, what: str) -> None:
    if doc["extractable"]:
        raise root_required(what)
    state = state_of(ctx, doc)
    if state == DEACTIVATED and doc.get("expirationDate"):
        raise KpError(400, what, "KEY_EXPIRED_ERR", "The action could not be performed on the key because the key is "
                      "expired")
    if state != ACTIVE:
        raise invalid_state(what)


def _aad(body: dict, what: str) -> list[str]:
    aad = body.get("aad") or []
    if not isinstance(aad, list) or not all(isinstance(a, str) for a in aad):
        raise invalid_field(what, "aad", "a list of strings")
    return aad


def wrap(ctx: Ctx, doc: dict, body: dict) -> dict:
    """Wraps the given plaintext (base64) or, with none, a new 256-bit data encryption key,
    answered too (KP's "generate and wrap")."""
    what = "Wrap with key could not be performed"
    _usable_root(ctx, doc, what)
    aad = _aad(body, what)
    given = body.get("plaintext")
    if given is None:
        plaintext = crypto.new_dek()
    else:
        try:
            plaintext = base64.b64decode(given, validate=True) if isinstance(given, str) else None
        except (binascii.Error, ValueError):
            plaintext = None
        if not plaintext:
            raise invalid_field(what, "plaintext", "a base64 encoded key material")
    latest = doc["_versions"][-1]
    out = {"ciphertext": crypto.wrap(latest["material"], latest["id"], plaintext, aad),
           "keyVersion": {"id": latest["id"]}}
    if given is None:
        out["plaintext"] = base64.b64encode(plaintext).decode()
    return out


def _opened(doc: dict, body: dict, what: str) -> tuple[bytes, dict]:
    """(the plaintext of the body's ciphertext, the version that wrapped it)."""
    if not body:
        raise KpError(400, what, "NO_BODY_ERR", "Missing body in request")
    aad = _aad(body, what)
    ciphertext = body.get("ciphertext")
    try:
        if not isinstance(ciphertext, str):
            raise ValueError
        version_id, envelope = crypto.version_of(ciphertext)
    except ValueError:
        raise invalid_field(what, "ciphertext", "the original base64 encoded ciphertext from the wrap operation") \
            from None
    version = next((v for v in doc["_versions"] if v["id"] == version_id), None)
    try:
        if version is None:
            raise crypto.Corrupt("another key's ciphertext")
        return crypto.unwrap(version["material"], envelope, aad), version
    except crypto.Corrupt:
        raise KpError(422, what, "UNPROCESSABLE_CIPHERTEXT_ERR", "The provided ciphertext is invalid or corrupted") \
            from None


def unwrap(ctx: Ctx, doc: dict, body: dict) -> dict:
    what = "Unwrap with key could not be performed"
    _usable_root(ctx, doc, what)
    plaintext, version = _opened(doc, body, what)
    out = {"plaintext": base64.b64encode(plaintext).decode(), "keyVersion": {"id": version["id"]}}
    latest = doc["_versions"][-1]
    if latest["id"] != version["id"]:  # KP: the ciphertext should be rewrapped with the latest version
        out["rewrappedKeyVersion"] = {"id": latest["id"]}
    return out


def rewrap(ctx: Ctx, doc: dict, body: dict) -> dict:
    what = "Rewrap with key could not be performed"
    _usable_root(ctx, doc, what)
    plaintext, version = _opened(doc, body, what)
    latest = doc["_versions"][-1]
    return {"ciphertext": crypto.wrap(latest["material"], latest["id"], plaintext, _aad(body, what)),
            "keyVersion": {"id": version["id"]}, "rewrappedKeyVersion": {"id": latest["id"]}}


def rotate(ctx: Ctx, doc: dict, body: dict) -> dict:
    what = "Key could not be rotated"
    _usable_root(ctx, doc, what)
    last = parse_rfc3339(doc.get("lastRotateDate") or doc["creationDate"])
    if doc.get("lastRotateDate") and ctx.now < last + ROTATION_INTERVAL:
        raise KpError(409, what, "KEY_ROTATION_NOT_PERMITTED", "This root key has been rotated within the last hour: "
                      "Only one 'rotate' action per hour is permitted")
    payload = (body or {}).get("payload")
    if doc["imported"] and payload is None:
        raise KpError(400, what, "KEY_PAYLOAD_REQ_ERR", "This root key was created with user-supplied key material: "
                      "Key material is required to perform a 'rotate' action")
    if not doc["imported"] and payload is not None:
        raise invalid_field(what, "payload", "absent: the key's material is generated by Key Protect")
    material = _material_of(payload, True, what) if payload is not None else crypto.new_material()
    now, version = _now(ctx), str(uuid.uuid4())
    return ctx.store.replace(TABLE, doc, _versions=[*doc["_versions"], {"id": version, "creationDate": now,
                                                                        "material": material}],
                             keyVersion={"id": version, "creationDate": now}, lastRotateDate=now, lastUpdateDate=now)


def disable(ctx: Ctx, doc: dict) -> dict:
    what = "Key could not be disabled"
    _usable_root(ctx, doc, what)
    return ctx.store.replace(TABLE, doc, state=SUSPENDED, lastUpdateDate=_now(ctx))


def enable(ctx: Ctx, doc: dict) -> dict:
    what = "Key could not be enabled"
    if doc["extractable"]:
        raise root_required(what)
    if state_of(ctx, doc) != SUSPENDED:
        raise invalid_state(what)
    return ctx.store.replace(TABLE, doc, state=ACTIVE, lastUpdateDate=_now(ctx))


def set_for_deletion(ctx: Ctx, doc: dict, set_: bool) -> dict:
    what = "Key could not be set for deletion" if set_ else "Key could not be unset for deletion"
    if state_of(ctx, doc) != ACTIVE:
        raise invalid_state(what)
    if not doc["dualAuthDelete"]["enabled"]:
        raise KpError(409, what, "NOT_DUAL_AUTH_ERR", "The key is not dual auth enabled and cannot be set for deletion")
    if set_:
        expires = rfc3339(ctx.now + timedelta(days=7))  # KP: an authorization lasts 7 days
        return ctx.store.replace(TABLE, doc, _set_for_deletion=_creator(ctx),
                                 dualAuthDelete={"enabled": True, "keySetForDeletion": True,
                                                 "authExpiration": expires})
    return ctx.store.replace(TABLE, doc, _set_for_deletion=None,
                             dualAuthDelete={"enabled": True, "keySetForDeletion": False})


# -- policies ----------------------------------------------------------------------------------

def policies(doc: dict) -> dict:
    return doc.get("_policies") or {}


def set_policy(ctx: Ctx, doc: dict, kind: str, data: dict) -> dict:
    """Sets the key's `rotation` ({"enabled", "interval_month": 1..12}) or `dualAuthDelete`
    ({"enabled"}) policy; answers the key."""
    what = "Key policy could not be set"
    if doc["state"] == DESTROYED:
        raise deleted(what)
    if kind == "rotation":
        interval = data.get("interval_month")
        if "enabled" in data and not isinstance(data["enabled"], bool):
            raise invalid_field(what, "rotation.enabled", "a boolean")
        if interval is not None and (not isinstance(interval, int) or isinstance(interval, bool)
                                     or not 1 <= interval <= 12):
            raise invalid_field(what, "rotation.interval_month", "an integer from 1 to 12")
        if doc["extractable"]:
            raise root_required(what)
        kept = {"enabled": data.get("enabled", True), **({"interval_month": interval} if interval else {})}
        changes = {"rotation": kept}
    elif kind == "dualAuthDelete":
        if not isinstance(data.get("enabled"), bool):
            raise invalid_field(what, "dualAuthDelete.enabled", "a boolean")
        changes = {"dualAuthDelete": {"enabled": data["enabled"]}}
    else:
        raise invalid_field(what, "policy", "rotation or dualAuthDelete")
    now = _now(ctx)
    kept_policies = {**policies(doc), kind: {**changes[kind], "createdBy": _creator(ctx), "creationDate": now,
                                             "updatedBy": _creator(ctx), "lastUpdateDate": now}}
    extra = {"dualAuthDelete": changes["dualAuthDelete"]} if kind == "dualAuthDelete" else \
        {"rotation": {"enabled": changes["rotation"]["enabled"],
                      **({"interval_month": changes["rotation"]["interval_month"]}
                         if "interval_month" in changes["rotation"] else {})}}
    return ctx.store.replace(TABLE, doc, _policies=kept_policies, lastUpdateDate=now, **extra)


def instance_keys(ctx: Ctx, instance: Instance) -> list[dict]:
    return _partition(ctx, instance)


# -- aliases -----------------------------------------------------------------------------------

MAX_ALIASES = 5  # KP: up to five aliases per key


def add_alias(ctx: Ctx, instance: Instance, doc: dict, alias: str) -> dict:
    what = "Key alias could not be created"
    if not 2 <= len(alias) <= 90 or alias.replace("-", "").replace("_", "").isalnum() is False:
        raise invalid_field(what, "alias", "2 to 90 characters: letters, digits, '-' and '_'")
    if doc["state"] == DESTROYED:
        raise deleted(what)
    holder = next((k for k in _partition(ctx, instance) if alias in (k.get("aliases") or ())), None)
    if holder is not None and holder["id"] != doc["id"]:
        raise KpError(409, what, "KEY_ALIAS_NOT_UNIQUE_ERR", f"The alias {alias!r} is already used by another key "
                      "of this instance")
    if holder is None:
        if len(doc.get("aliases") or ()) >= MAX_ALIASES:
            raise KpError(400, what, "KEY_ALIAS_QUOTA_ERR", f"A key has at most {MAX_ALIASES} aliases")
        doc = ctx.store.replace(TABLE, doc, aliases=[*(doc.get("aliases") or ()), alias],
                                _alias_dates={**(doc.get("_alias_dates") or {}), alias: _now(ctx)})
    return {"alias": alias, "keyId": doc["id"], "createdBy": _creator(ctx),
            "creationDate": (doc.get("_alias_dates") or {}).get(alias, _now(ctx))}


def remove_alias(ctx: Ctx, doc: dict, alias: str) -> None:
    if alias not in (doc.get("aliases") or ()):
        raise KpError(404, "Key alias could not be deleted", "KEY_ALIAS_NOT_FOUND_ERR",
                      f"The key has no alias {alias!r}")
    ctx.store.replace(TABLE, doc, aliases=[a for a in doc["aliases"] if a != alias],
                      _alias_dates={k: v for k, v in (doc.get("_alias_dates") or {}).items() if k != alias})
