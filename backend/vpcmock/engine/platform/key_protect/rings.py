"""Key rings of a Key Protect instance: `default` always, others made by id (KP: 2 to 100
characters, letters, digits and `-`), deleted only when they hold no key that is not
destroyed (409 KEY_RING_KEYS_NOT_DELETED, or with `force`, destroyed keys move to `default`)."""

from __future__ import annotations

import re

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.key_protect import keys
from vpcmock.engine.platform.key_protect.errors import KpError, invalid_field
from vpcmock.engine.platform.key_protect.instances import Instance
from vpcmock.timeutil import rfc3339

TABLE = "kp_key_rings"
DEFAULT = "default"
_ID = re.compile(r"^[A-Za-z0-9-]{2,100}$")


def _doc_id(instance: Instance, ring: str) -> str:
    return f"{instance.guid}/{ring}"


def listing(ctx: Ctx, instance: Instance) -> list[dict]:
    made = sorted((d for d in ctx.partition(TABLE).values() if d["_instance"] == instance.guid),
                  key=lambda d: d.get("_seq", 0))
    default = {"id": DEFAULT, "creationDate": "2020-01-01T00:00:00Z", "createdBy": "IBM"}
    return [default] + [{"id": d["ring"], "creationDate": d["creationDate"], "createdBy": d["createdBy"]}
                        for d in made]


def ids(ctx: Ctx, instance: Instance) -> set[str]:
    return {r["id"] for r in listing(ctx, instance)}


def create(ctx: Ctx, instance: Instance, ring: str) -> None:
    what = "Key ring could not be created"
    if not _ID.match(ring):
        raise invalid_field(what, "key_ring_id", "2 to 100 characters: letters, digits and '-'")
    if ring in ids(ctx, instance):
        raise KpError(409, what, "KEY_RING_CONFLICT_ERR", f"Key ring {ring!r} already exists")
    ctx.store.put(TABLE, ctx.stamp({"id": _doc_id(instance, ring), "ring": ring, "_instance": instance.guid,
                                    "creationDate": rfc3339(ctx.now),
                                    "createdBy": (ctx.initiator or {}).get("id") or "IBMid-mock"}))


def delete(ctx: Ctx, instance: Instance, ring: str, force: bool) -> None:
    what = "Key ring could not be deleted"
    if ring == DEFAULT:
        raise KpError(400, what, "KEY_RING_DEFAULT_DELETE_ERR", "The default key ring cannot be deleted")
    doc = ctx.owned(ctx.store.get(TABLE, _doc_id(instance, ring)))
    if doc is None:
        raise KpError(404, what, "KEY_RING_NOT_FOUND_ERR", f"Key ring {ring!r} does not exist")
    held = [k for k in keys.instance_keys(ctx, instance) if k["keyRingID"] == ring]
    if any(k["state"] != keys.DESTROYED for k in held):
        raise KpError(409, what, "KEY_RING_KEYS_NOT_DELETED", "The key ring holds keys that are not deleted")
    if held and not force:
        raise KpError(409, what, "KEY_RING_KEYS_NOT_DELETED", "The key ring holds deleted keys: delete it with force")
    for key in held:
        ctx.store.replace(keys.TABLE, key, keyRingID=DEFAULT)
    ctx.store.delete(TABLE, doc["id"])
