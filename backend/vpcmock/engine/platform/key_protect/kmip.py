"""KMIP adapters of a Key Protect instance and their client certificates (KP's
`/api/v2/kmip_adapters`, the keyprotect SDK's *_kmip_* operations).

An adapter lets KMIP clients use a root key of the instance: profile `native_1.0`, whose
`profile_data.crk_id` names that root key (by id; an alias is taken too, as KP takes either
wherever a key is named, and stored as the key's id). Its name is unique in the instance (KP
generates `kmip_adapter_<8 hex>` when none is given); adapters are named by id or name in paths.
A client certificate is a PEM X.509 certificate a KMIP client authenticates with; it is kept as
given and answered whole by GET, without it in listings (the partial model).

KMIP objects are what KMIP clients make over the KMIP protocol (port 5696), which the mock does
not serve: an adapter holds none, so its objects list empty and any object id answers 404.
Choices where KP's documentation is silent: the reason codes (KMIP_ADAPTER_NOT_FOUND_ERR,
KMIP_CERT_NOT_FOUND_ERR, KMIP_OBJECT_NOT_FOUND_ERR, KMIP_ADAPTER_NAME_CONFLICT_ERR,
KMIP_CERT_NAME_CONFLICT_ERR, KMIP_CERT_DUPLICATE_ERR, KEY_EXPIRATION_DATE_ERR,
KMIP_ADAPTER_IN_USE_ERR); a key given as `crk_id` must be a root key (KEY_ROOT_REQ_ERR, as KP's
other root-key operations) that is active (409 KEY_ACTION_INVALID_STATE_ERR), and one with an
expiration date needs `allowExpiringKey=true` (the SDK's documented flag); names of 1 to 40
letters, digits, `-` and `_`; an adapter with certificates deletes with them (KP's console
warns and deletes them with it); the root key of an adapter is not deleted while the adapter is,
`force` or not; the same certificate is not added twice to an adapter.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import uuid

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.key_protect import keys
from vpcmock.engine.platform.key_protect.errors import KpError, bad_body, invalid_field, invalid_state, root_required
from vpcmock.engine.platform.key_protect.instances import Instance
from vpcmock.timeutil import rfc3339

ADAPTERS = "kp_kmip_adapters"
CERTIFICATES = "kp_kmip_certificates"
PROFILE = "native_1.0"
ADAPTER_FIELDS = ("name", "description", "profile", "profile_data")
CERT_FIELDS = ("name", "certificate")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")  # KP: up to 40 characters, letters, digits, - and _
DESCRIPTION_LENGTH = 240
_PEM = re.compile(r"^\s*-----BEGIN CERTIFICATE-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END CERTIFICATE-----\s*$")


def _creator(ctx: Ctx) -> str:
    return (ctx.initiator or {}).get("id") or "IBMid-mock"


def _adapters(ctx: Ctx, instance: Instance) -> list[dict]:
    return sorted((d for d in ctx.partition(ADAPTERS).values() if d["_instance"] == instance.guid),
                  key=lambda d: (d["created_at"], d["id"]))


def _name(value, what: str, field: str) -> str:
    if not isinstance(value, str) or not NAME.match(value):
        raise invalid_field(what, field, "1 to 40 characters: letters, digits, '-' and '_', starting with a letter "
                            "or digit")
    return value


def _new_name(proto: dict, prefix: str, held: list[dict], what: str, conflict: str, message: str) -> str:
    """The name of a new adapter or certificate: the one given (checked, unique among `held`),
    or `<prefix>_<8 hex digits>` as KP names one given none."""
    name = proto.get("name")
    if name is None or name == "":
        name = f"{prefix}_{secrets.token_hex(4)}"
    _name(name, what, "name")
    if any(item["name"] == name for item in held):
        raise KpError(409, what, conflict, message.format(name))
    return name


def create_adapter(ctx: Ctx, instance: Instance, proto: dict, allow_expiring: bool) -> dict:
    what = "KMIP adapter could not be created"
    unknown = [n for n in proto if n not in ADAPTER_FIELDS]
    if unknown:
        raise bad_body(what, f'json: unknown field "{unknown[0]}"')
    if proto.get("profile") != PROFILE:
        raise invalid_field(what, "profile", PROFILE)
    data = proto.get("profile_data")
    if not isinstance(data, dict) or not isinstance(data.get("crk_id"), str) or not data["crk_id"]:
        raise invalid_field(what, "profile_data.crk_id", "the id of a root key of the instance")
    if [n for n in data if n != "crk_id"]:
        raise bad_body(what, f'json: unknown field "profile_data.{next(n for n in data if n != "crk_id")}"')
    key = keys.get(ctx, instance, data["crk_id"], what)
    if key["extractable"]:
        raise root_required(what)
    if keys.state_of(ctx, key) != keys.ACTIVE:
        raise invalid_state(what)
    if key.get("expirationDate") and not allow_expiring:
        raise KpError(400, what, "KEY_EXPIRATION_DATE_ERR", "The root key has an expiration date: set "
                      "allowExpiringKey to true to use it with a KMIP adapter")
    held = _adapters(ctx, instance)
    name = _new_name(proto, "kmip_adapter", held, what, "KMIP_ADAPTER_NAME_CONFLICT_ERR",
                     "A KMIP adapter named {!r} already exists in this instance")
    description = proto.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > DESCRIPTION_LENGTH):
        raise invalid_field(what, "description", f"a string of at most {DESCRIPTION_LENGTH} characters")
    now = rfc3339(ctx.now)
    doc = ctx.stamp({"id": str(uuid.uuid4()), "name": name, "profile": PROFILE,
                     "profile_data": {"crk_id": key["id"]}, "created_at": now, "created_by": _creator(ctx),
                     "updated_at": now, "updated_by": _creator(ctx), "_instance": instance.guid})
    if description:
        doc["description"] = description
    return ctx.store.put(ADAPTERS, doc)


def adapter_listing(ctx: Ctx, instance: Instance, crk_id: str | None = None) -> list[dict]:
    found = _adapters(ctx, instance)
    if crk_id:
        found = [a for a in found if a["profile_data"]["crk_id"] == crk_id]
    return found


def get_adapter(ctx: Ctx, instance: Instance, ident: str, what: str = "KMIP adapter could not be retrieved") -> dict:
    """An adapter by id or name (KP takes either in the path)."""
    doc = ctx.store.get(ADAPTERS, ident)
    if doc is None or doc.get("_account") != ctx.account or doc["_instance"] != instance.guid:
        doc = next((a for a in _adapters(ctx, instance) if a["name"] == ident), None)
    if doc is None:
        raise KpError(404, what, "KMIP_ADAPTER_NOT_FOUND_ERR", "KMIP adapter does not exist")
    return doc


def delete_adapter(ctx: Ctx, instance: Instance, ident: str) -> None:
    doc = get_adapter(ctx, instance, ident, "KMIP adapter could not be deleted")
    for cert in certificates(ctx, doc):
        ctx.store.delete(CERTIFICATES, cert["id"])
    ctx.store.delete(ADAPTERS, doc["id"])


def check_key_unused(ctx: Ctx, instance: Instance, key: dict, what: str) -> None:
    """A root key a KMIP adapter uses is not deleted, `force` or not (KMIP clients would lose it
    unseen): 409 KMIP_ADAPTER_IN_USE_ERR naming the adapters (the mock's choice of code)."""
    using = [a["name"] for a in adapter_listing(ctx, instance, key["id"])]
    if using:
        raise KpError(409, what, "KMIP_ADAPTER_IN_USE_ERR", f"The key is the root key of KMIP adapters "
                      f"{', '.join(using)}: delete them first")


def adapter_view(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


# -- client certificates ------------------------------------------------------------------------

def _der(certificate, what: str) -> bytes:
    """The DER of a PEM certificate: one BEGIN/END CERTIFICATE block of base64 holding an ASN.1
    SEQUENCE (an X.509 certificate's outer structure)."""
    found = _PEM.match(certificate) if isinstance(certificate, str) else None
    try:
        der = base64.b64decode("".join(found.group(1).split()), validate=True) if found else b""
    except (binascii.Error, ValueError):
        der = b""
    if len(der) < 2 or der[0] != 0x30:
        raise invalid_field(what, "certificate", "a PEM encoded X.509 certificate")
    return der


def certificates(ctx: Ctx, adapter: dict) -> list[dict]:
    return sorted((d for d in ctx.partition(CERTIFICATES).values() if d["_adapter"] == adapter["id"]),
                  key=lambda d: (d["created_at"], d["id"]))


def add_certificate(ctx: Ctx, adapter: dict, proto: dict) -> dict:
    what = "KMIP client certificate could not be created"
    unknown = [n for n in proto if n not in CERT_FIELDS]
    if unknown:
        raise bad_body(what, f'json: unknown field "{unknown[0]}"')
    der = _der(proto.get("certificate"), what)
    held = certificates(ctx, adapter)
    if any(c["_der"] == base64.b64encode(der).decode() for c in held):
        raise KpError(409, what, "KMIP_CERT_DUPLICATE_ERR", "This certificate is already registered with the adapter")
    name = _new_name(proto, "kmip_cert", held, what, "KMIP_CERT_NAME_CONFLICT_ERR",
                     "A client certificate named {!r} already exists in this adapter")
    doc = ctx.stamp({"id": str(uuid.uuid4()), "name": name, "certificate": proto["certificate"],
                     "created_at": rfc3339(ctx.now), "created_by": _creator(ctx), "_adapter": adapter["id"],
                     "_instance": adapter["_instance"], "_der": base64.b64encode(der).decode()})
    return ctx.store.put(CERTIFICATES, doc)


def get_certificate(ctx: Ctx, adapter: dict, ident: str,
                    what: str = "KMIP client certificate could not be retrieved") -> dict:
    """A certificate of the adapter by id or name."""
    doc = next((c for c in certificates(ctx, adapter) if ident in (c["id"], c["name"])), None)
    if doc is None:
        raise KpError(404, what, "KMIP_CERT_NOT_FOUND_ERR", "KMIP client certificate does not exist")
    return doc


def delete_certificate(ctx: Ctx, adapter: dict, ident: str) -> None:
    doc = get_certificate(ctx, adapter, ident, "KMIP client certificate could not be deleted")
    ctx.store.delete(CERTIFICATES, doc["id"])


def certificate_view(doc: dict, whole: bool = True) -> dict:
    view = {k: v for k, v in doc.items() if not k.startswith("_")}
    if not whole:
        view.pop("certificate")
    return view


# -- KMIP objects ---------------------------------------------------------------------------------

def objects(ctx: Ctx, adapter: dict, states: list[int] | None = None) -> list[dict]:
    """The adapter's KMIP objects: none, as no KMIP client can reach the mock (module docstring)."""
    return []


def get_object(ctx: Ctx, adapter: dict, ident: str, what: str = "KMIP object could not be retrieved") -> dict:
    found = next((o for o in objects(ctx, adapter) if o["id"] == ident), None)
    if found is None:
        raise KpError(404, what, "KMIP_OBJECT_NOT_FOUND_ERR", "KMIP object does not exist")
    return found
