"""The Unified Key Orchestrator's rules beside the generic engine, which keeps UKO's documents
(tables `generic/hpcs_uko/api.v4.<collection>`, ETags, activity events). IBM's UKO API reference
and the ukov4 Go SDK are the sources; where they are silent, the choice is written beside it.

- Vaults hold everything else: a key template, keystore or managed key is in one vault (its
  `vault.id`, given at creation) and is reached only with that vault named by the `UKO-Vault`
  header (another vault's item is not found). A vault that still holds any is not deleted (409
  `vault_not_empty`, a choice: UKO documents that a vault must be empty to be deleted).
- A key template's name is unique in its vault (409); its `key` gives a managed key's algorithm,
  size, state (`active` or `pre_activation`) and its activation and expiration dates as ISO 8601
  periods (`P1Y2M1W4D`): activation counted from the key's creation, expiration from its
  activation date; its `keystores` name the keystore groups and
  types the key goes to. Every change of a template counts a new `version`.
- A managed key is made from a template of its vault (`template_name`) and distributed to the
  vault's keystores whose type and groups the template names (`referenced_keystores`; a key
  instance in each while the key is active or deactivated: a pre-active key is in no keystore,
  a destroyed one is removed from them). Its state follows its actions: activate
  (pre_activation or deactivated -> active: a deactivated key is activated again, as the IBM
  provider's update does), deactivate (active -> deactivated), destroy (pre_activation or
  deactivated -> destroyed); only a destroyed key is deleted (the SDK: "A key must be in a
  'destroyed' state for it to be eligible for deletion"). Any other transition is a 409
  `managed_key_state_invalid`.
- A template another managed key (not destroyed) was made from, or a keystore one is in, is not
  deleted (409 `key_template_in_use`, `keystore_in_use`: the mock's choice, as a resource in use
  is elsewhere).
"""

from __future__ import annotations

import calendar
import re
import uuid
from datetime import date, timedelta

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections, resources
from vpcmock.errors import ApiError, bad_field, conflict, field, header, parameter

VAULTS, TEMPLATES, KEYSTORES, KEYS = "api.v4.vaults", "api.v4.templates", "api.v4.keystores", "api.v4.managed_keys"
VAULT_HEADER = "UKO-Vault"
PRE_ACTIVE, ACTIVE, DEACTIVATED, DESTROYED = "pre_activation", "active", "deactivated", "destroyed"
# Each action: the states it starts from and the state it leaves.
ACTIONS = {"activate": ((PRE_ACTIVE, DEACTIVATED), ACTIVE), "deactivate": ((ACTIVE,), DEACTIVATED),
           "destroy": ((PRE_ACTIVE, DEACTIVATED), DESTROYED)}
# Key sizes UKO's key templates take per algorithm (its "Creating key templates" page: AES 128,
# 192 or 256 bits; RSA 2048, 3072 or 4096; EC curves by size 256, 384 or 521; HMAC 256).
SIZES = {"aes": ("128", "192", "256"), "rsa": ("2048", "3072", "4096"), "ec": ("256", "384", "521"),
         "hmac": ("256",)}
# What a key of each algorithm is in a keystore (KeyInstance.type).
INSTANCE_TYPES = {"aes": "secret_key", "hmac": "secret_key", "rsa": "key_pair", "ec": "key_pair"}
_PERIOD = re.compile(r"^P(?=\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def collection(key: str) -> collections.Collection:
    return collections.collection(key)


def vault(ctx: Ctx, vault_id: str | None, where: dict | None = None) -> dict:
    """The account's vault `vault_id` names; 404 `vault_not_found` naming `where` (the header)."""
    found = ctx.owned(ctx.store.get(collection(VAULTS).table, vault_id)) if vault_id else None
    if found is None:
        raise ApiError(404, "vault_not_found", f"Vault not found: {vault_id!r}", where or header(VAULT_HEADER))
    return found


def named_vault(ctx: Ctx, value: str | None) -> dict:
    """The vault the `UKO-Vault` header names (required where the SDK sends it)."""
    if not value:
        raise ApiError(400, "missing_header", f"The {VAULT_HEADER} header is required: it names the vault of the "
                       "resource", header(VAULT_HEADER))
    return vault(ctx, value)


def vault_reference(ctx: Ctx, vault_id: str) -> dict:
    """`{id, name, href}` of the vault as it is now (a renamed vault shows its new name)."""
    found = ctx.store.get(collection(VAULTS).table, vault_id) or {}
    return {"id": vault_id, "name": found.get("name", ""), "href": f"{_base()}/vaults/{vault_id}"}


def _base() -> str:
    from vpcmock.engine.generic import service
    return service.SERVICES["hpcs_uko"].mount + "/api/v4"


def in_vault(doc: dict, vault_doc: dict) -> bool:
    return (doc.get("vault") or {}).get("id") == vault_doc["id"]


def created_in(body: dict, vault_doc: dict) -> None:
    """The body's `vault.id` is the vault the header names (a choice: the header scopes the call,
    so an item is not made in another vault than the one the call is made in)."""
    given = (body.get("vault") or {}).get("id")
    if given != vault_doc["id"]:
        raise bad_field("vault_mismatch", f"vault.id {given!r} is not the vault the {VAULT_HEADER} header names "
                        f"({vault_doc['id']})", "vault.id", given)


def members(ctx: Ctx, key: str, vault_doc: dict | None = None) -> list[dict]:
    docs = sorted(ctx.partition(collection(key).table).values(), key=lambda d: (d.get("created_at") or "", d["id"]))
    return [d for d in docs if vault_doc is None or in_vault(d, vault_doc)]


def item(ctx: Ctx, key: str, ident: str, vault_doc: dict) -> dict:
    """An item of `key` in the vault the header names; another vault's is not found."""
    coll = collection(key)
    doc = resources.get(ctx, coll, None, ident)
    if not in_vault(doc, vault_doc):
        raise resources.item_not_found(coll, ident)
    return doc


def check_vault_empty(ctx: Ctx, vault_doc: dict) -> None:
    held = {key: len(members(ctx, key, vault_doc)) for key in (TEMPLATES, KEYSTORES, KEYS)}
    if any(held.values()):
        raise conflict("vault_not_empty", f"Vault {vault_doc['id']} still holds {held[TEMPLATES]} key templates, "
                       f"{held[KEYSTORES]} keystores and {held[KEYS]} managed keys: delete them first",
                       parameter("id", vault_doc["id"]))


# -- key templates ---------------------------------------------------------------------------------

def period(value, name: str) -> tuple[int, int, int, int]:
    """An ISO 8601 period of years, months, weeks and days (`P1Y2M1W4D`)."""
    found = _PERIOD.match(value) if isinstance(value, str) else None
    if found is None:
        raise bad_field("invalid_field_value", f"{name}: an ISO 8601 period such as P1Y2M1W4D", name, value)
    return tuple(int(part or 0) for part in found.groups())


def after(start: date, value: str, name: str) -> date:
    years, months, weeks, days = period(value, name)
    month = start.month - 1 + months
    year, month = start.year + years + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(weeks=weeks, days=days)


def check_key(key: dict | None, where: str = "key") -> None:
    """A template's `key`: the size its algorithm takes, its dates as periods."""
    if not isinstance(key, dict):
        return
    algorithm, size = key.get("algorithm"), key.get("size")
    if algorithm in SIZES and size is not None and size not in SIZES[algorithm]:
        raise bad_field("invalid_field_value", f"{where}.size: {algorithm} keys are {', '.join(SIZES[algorithm])} "
                        "bits", f"{where}.size", size)
    for name in ("activation_date", "expiration_date"):
        if key.get(name) is not None:
            period(key[name], f"{where}.{name}")


def check_template_name(ctx: Ctx, vault_doc: dict, name: str | None, own: str | None = None) -> None:
    if name and any(t.get("name") == name and t["id"] != own for t in members(ctx, TEMPLATES, vault_doc)):
        raise conflict("key_template_name_conflict", f"A key template named {name!r} already exists in vault "
                       f"{vault_doc['id']}", field("name", name))


def template_named(ctx: Ctx, vault_doc: dict, name) -> dict:
    found = next((t for t in members(ctx, TEMPLATES, vault_doc) if t.get("name") == name), None)
    if found is None:
        raise ApiError(404, "key_template_not_found", f"No key template named {name!r} in vault {vault_doc['id']}",
                       field("template_name", name))
    return found


def template_reference(doc: dict) -> dict:
    return {"id": doc["id"], "name": doc.get("name", ""), "href": f"{_base()}/templates/{doc['id']}"}


def check_template_unused(ctx: Ctx, template: dict) -> None:
    using = [k["id"] for k in members(ctx, KEYS) if (k.get("template") or {}).get("id") == template["id"]
             and k.get("state") != DESTROYED]
    if using:
        raise conflict("key_template_in_use", f"Key template {template['id']} is the template of managed keys "
                       f"{', '.join(using)}", parameter("id", template["id"]))


# -- keystores -------------------------------------------------------------------------------------

def keystore_reference(doc: dict) -> dict:
    return {"id": doc["id"], "name": doc.get("name", ""), "type": doc["type"],
            "href": f"{_base()}/keystores/{doc['id']}"}


def targets(ctx: Ctx, vault_doc: dict, template: dict) -> list[tuple[dict, str]]:
    """The vault's keystores a template's key goes to, each with the template's group it is in:
    those of a type the template names whose groups hold that group."""
    found = []
    for wanted in template.get("keystores") or ():
        for keystore in members(ctx, KEYSTORES, vault_doc):
            if keystore.get("type") == wanted.get("type") and wanted.get("group") in (keystore.get("groups") or ()) \
                    and all(keystore["id"] != k["id"] for k, _ in found):
                found.append((keystore, wanted["group"]))
    return found


def check_keystore_unused(ctx: Ctx, keystore: dict) -> None:
    using = [k["id"] for k in members(ctx, KEYS) if k.get("state") != DESTROYED
             and any(r.get("id") == keystore["id"] for r in k.get("referenced_keystores") or ())]
    if using:
        raise conflict("keystore_in_use", f"Keystore {keystore['id']} holds managed keys {', '.join(using)}",
                       parameter("id", keystore["id"]))


# -- managed keys ----------------------------------------------------------------------------------

def from_template(ctx: Ctx, vault_doc: dict, template: dict) -> dict:
    """What a new managed key takes from its template and the vault's keystores (its placement,
    which names the key's id, follows once it is made)."""
    spec = template.get("key") or {}
    created = ctx.now.date()
    made = {"algorithm": spec.get("algorithm"), "size": spec.get("size"), "state": spec.get("state") or PRE_ACTIVE,
            "template": template_reference(template), "vault": vault_reference(ctx, vault_doc["id"])}
    if spec.get("activation_date"):
        made["activation_date"] = after(created, spec["activation_date"], "key.activation_date").isoformat()
    if spec.get("expiration_date"):  # counted from the activation date, when the template gives one (a choice)
        start = date.fromisoformat(made["activation_date"]) if made.get("activation_date") else created
        made["expiration_date"] = after(start, spec["expiration_date"], "key.expiration_date").isoformat()
    made["_targets"] = [{"keystore": k["id"], "group": group} for k, group in targets(ctx, vault_doc, template)]
    return made


def placement(ctx: Ctx, key: dict) -> dict:
    """`referenced_keystores` and `instances` of a key in its state: an instance in each target
    keystore while active or deactivated, none before activation nor once destroyed."""
    table = collection(KEYSTORES).table
    present = [(ctx.store.get(table, t["keystore"]), t["group"]) for t in key.get("_targets") or ()]
    present = [(k, g) for k, g in present if k is not None]
    placed = key.get("state") in (ACTIVE, DEACTIVATED)
    instances = []
    for keystore, group in present if placed else ():
        instances.append({"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key.get('id')}/{keystore['id']}")),
                          "label_in_keystore": key.get("label", ""),
                          "type": INSTANCE_TYPES.get(key.get("algorithm"), "secret_key"),
                          "keystore": {"group": group, "type": keystore["type"]}})
    return {"referenced_keystores": [keystore_reference(k) for k, _ in present], "instances": instances}


def transition(ctx: Ctx, doc: dict, action: str) -> dict:
    """The key after `action` (ACTIONS), its instances placed as its new state says."""
    starts, ends = ACTIONS[action]
    if doc.get("state") not in starts:
        raise conflict("managed_key_state_invalid", f"Managed key {doc['id']} is {doc.get('state')}: {action} needs "
                       f"a key that is {' or '.join(starts)}", parameter("id", doc["id"]))
    changed = {"state": ends}
    if action == "activate" and not doc.get("activation_date"):
        changed["activation_date"] = ctx.now.date().isoformat()
    moved = {**doc, **changed}
    return resources.store_change(ctx, collection(KEYS), doc, {**changed, **placement(ctx, moved)})


def check_deletable(doc: dict) -> None:
    if doc.get("state") != DESTROYED:
        raise conflict("managed_key_state_invalid", f"Managed key {doc['id']} is {doc.get('state')}: only a "
                       "destroyed key is deleted", parameter("id", doc["id"]))


def status_in_keystores(ctx: Ctx, key: dict) -> list[dict]:
    """The key's status in each keystore it is distributed to, as its state expects it there."""
    expected = {ACTIVE: ("active", "active_key_is_active_in_keystore"),
                DEACTIVATED: ("not_active", "deactivated_key_is_deactivated_in_keystore"),
                PRE_ACTIVE: ("not_present", "pre_active_key_is_not_present_in_keystore"),
                DESTROYED: ("not_present", "destroyed_key_is_not_present_in_keystore")}
    status, detail = expected[key.get("state", PRE_ACTIVE)]
    by_keystore = {i["keystore"]["type"] + "/" + i["keystore"]["group"]: i for i in key.get("instances") or ()}
    found = []
    for reference, target in zip(key.get("referenced_keystores") or (), key.get("_targets") or ()):
        entry = {"keystore": reference, "status": status, "keystore_sync_flag": "ok",
                 "keystore_sync_flag_detail": detail}
        instance = by_keystore.get(f"{reference['type']}/{target['group']}")
        if instance is not None:
            entry["key_id_in_keystore"] = instance["id"]
        found.append(entry)
    return found
