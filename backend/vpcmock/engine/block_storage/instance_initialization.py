"""What an instance is made from beside its settings: the instance template whose properties
are the defaults of those its prototype leaves out (`source_template`), the SSH keys it is
initialized with (by id, crn, href or fingerprint) and its default trusted profile (both shown by
GET /instances/{id}/initialization)."""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import identity_id
from vpcmock.engine.generic import collections, models, references, service
from vpcmock.errors import ApiError, bad_field, echo, field

# What an instance takes from its template: the prototype's properties (the SDK's
# InstancePrototype variants) but the instance's own name and resource group (the template's
# are the template's) and the template's identity.
_NOT_FROM_TEMPLATE = {"name", "resource_group", "source_template"}
# Properties of which an instance takes one way or the other (network interfaces or network
# attachments; an image or a catalog offering).
_EXCLUSIVE = (({"primary_network_interface", "network_interfaces"}, {"primary_network_attachment", "network_attachments"}),
              ({"image"}, {"catalog_offering"}))


def from_template(ctx: Ctx, proto: dict) -> dict:
    """The prototype with the template's properties as defaults of those it leaves out (each
    property whole: a prototype's `boot_volume_attachment` replaces the template's). The template
    is the generic engine's document, its properties checked against the API table's model when
    it was made."""
    given = {key: value for key, value in proto["source_template"].items() if key in ("id", "crn", "href") and value}
    if not given:
        raise bad_field("missing_field", "source_template: a template is named by id, crn or href", "source_template")
    _, template = references.resolve(ctx, "InstanceTemplateIdentity", dict([next(iter(given.items()))]),
                                     "source_template")
    allowed = {name for leaf in models.leaves("InstancePrototype") for name in models.properties(leaf)}
    defaults = {key: value for key, value in template.items()
                if key in allowed and key not in _NOT_FROM_TEMPLATE and value is not None}
    for one, other in _EXCLUSIVE:  # a prototype choosing one way leaves the template's other out
        for mine, theirs in ((one, other), (other, one)):
            if mine & set(proto):
                defaults = {key: value for key, value in defaults.items() if key not in theirs}
    return {**defaults, **{key: value for key, value in proto.items() if value is not None}}


def key(ctx: Ctx, identity: dict, where: str) -> dict:
    """The SSH key an identity names: by id, crn or href, or by its fingerprint
    (KeyIdentityByFingerprint)."""
    if identity.get("fingerprint") and not identity_id(identity):
        fingerprint = identity["fingerprint"]
        key = next((k for k in ctx.partition("keys").values() if k.get("fingerprint") == fingerprint), None)
        if key is None:
            raise ApiError(404, "key_not_found", f"No key with fingerprint {echo(fingerprint)}",
                           field(f"{where}.fingerprint", fingerprint))
        return key
    key = ctx.owned(ctx.store.get("keys", identity_id(identity)))
    if key is None:
        raise ApiError(404, "key_not_found", f"Key {echo(identity_id(identity))} not found",
                       field(f"{where}.id", identity_id(identity)))
    return key


def trusted_profile(ctx: Ctx, proto: dict | None) -> dict | None:
    """The default trusted profile the instance initialization shows: the account's IAM trusted
    profile named by id or crn (404 `trusted_profile_not_found`), with `auto_link` (true unless
    given: the default IBM's API reference states for InstanceDefaultTrustedProfilePrototype)."""
    if not proto:
        return None
    target = proto.get("target") or {}
    ident, crn = target.get("id"), target.get("crn")
    if not ident and not crn:
        raise bad_field("missing_field", "default_trusted_profile.target: a trusted profile is named by id or crn",
                        "default_trusted_profile.target")
    with service.serving("iam_identity"):
        table = collections.collection("v1.profiles").table
    found = next((doc for doc in ctx.store.all(table).values() if doc.get("_account") == ctx.account
                  and ((ident and doc.get("id") == ident) or (crn and doc.get("crn") == crn))), None)
    if found is None:
        where = "default_trusted_profile.target." + ("id" if ident else "crn")
        raise ApiError(404, "trusted_profile_not_found", f"No trusted profile {echo(ident or crn)} in this account",
                       field(where, ident or crn))
    return {"auto_link": proto.get("auto_link", True),
            "target": {"crn": found.get("crn"), "id": found["id"], "resource_type": "trusted_profile"}}
