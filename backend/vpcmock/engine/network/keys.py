"""SSH keys (/keys): OpenSSH RSA and Ed25519 public keys, parsed as the VPC API parses them.

The fingerprint is what the API shows: `SHA256:` and the unpadded base64 of the SHA-256 of the
key blob (what `ssh-keygen -l` prints). `length` is the RSA modulus in bits, 256 for Ed25519.
RSA keys shorter than 2048 bits, blobs that do not parse, a `type` that is not the key's, a
name or a key (same fingerprint) already in the region are refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.platform import resource_groups, tags
from vpcmock.errors import ApiError, conflict, echo, field, not_found
from vpcmock.timeutil import rfc3339
from vpcmock.engine.core.refs import without_private

TABLE = "keys"
_TYPES = {"ssh-rsa": "rsa", "ssh-ed25519": "ed25519"}


def _invalid(message: str, value=None) -> ApiError:
    return ApiError(400, "key_invalid_public_key", f"public_key: {message}", field("public_key", value))


def _fields(blob: bytes) -> list[bytes]:
    parts, at = [], 0
    while at < len(blob):
        if at + 4 > len(blob):
            raise ValueError("truncated length")
        (size,) = struct.unpack(">I", blob[at:at + 4])
        if at + 4 + size > len(blob):
            raise ValueError("truncated field")
        parts.append(blob[at + 4:at + 4 + size])
        at += 4 + size
    return parts


def parse(public_key) -> tuple[str, int, str, str]:
    """(type, length, fingerprint, normalised key) of an OpenSSH public key line."""
    if not isinstance(public_key, str):
        raise _invalid("must be a string", public_key)
    words = public_key.strip().split()
    if len(words) < 2 or words[0] not in _TYPES:
        raise _invalid("must be an OpenSSH line `ssh-rsa AAAA...` or `ssh-ed25519 AAAA...`", public_key[:64])
    try:
        blob = base64.b64decode(words[1], validate=True)
        parts = _fields(blob)
    except (binascii.Error, ValueError):
        raise _invalid("the key data is not valid base64 of an SSH key", public_key[:64]) from None
    if not parts or parts[0].decode(errors="replace") != words[0]:
        raise _invalid("the key data does not match its type", public_key[:64])
    kind = _TYPES[words[0]]
    if kind == "rsa":
        if len(parts) != 3:
            raise _invalid("an RSA key holds an exponent and a modulus", public_key[:64])
        length = int.from_bytes(parts[2], "big").bit_length()
        if length < 2048:
            raise _invalid(f"an RSA key must have at least 2048 bits, not {length}", public_key[:64])
    else:
        if len(parts) != 2 or len(parts[1]) != 32:
            raise _invalid("an Ed25519 key is 32 bytes", public_key[:64])
        length = 256
    fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return kind, length, fingerprint, " ".join(words[:2])


def create(ctx: Ctx, proto: dict) -> dict:
    kind, length, fingerprint, key = parse(proto.get("public_key"))
    if proto.get("type") not in (None, kind):
        raise ApiError(400, "key_type_mismatch", f"type {echo(proto['type'])} is not the key's type ({kind})",
                       field("type", proto["type"]))
    existing = ctx.partition(TABLE).values()
    name = name_for_new(existing, proto.get("name"), "key_name_duplicate", "A key named {name!r} already exists")
    if any(k["fingerprint"] == fingerprint for k in existing):
        raise conflict("key_duplicate", f"A key with fingerprint {fingerprint} already exists",
                       field("public_key", fingerprint))
    ident = ids.new_id(ctx.region)
    return ctx.store.put(TABLE, ctx.stamp({
        "id": ident, "crn": ids.crn(ctx.region, ctx.account, "key", ident), "href": f"/{ctx.region}/v1/keys/{ident}",
        "name": name, "created_at": rfc3339(ctx.now), "fingerprint": fingerprint, "length": length,
        "public_key": key, "type": kind, "resource_group": resource_groups.of_prototype(ctx, proto),
        "_etag": ids.new_etag(),
    }))


def get(ctx: Ctx, ident: str) -> dict:
    found = ctx.owned(ctx.store.get(TABLE, ident))
    if found is None:
        raise not_found("key", ident)
    return found


def rename(ctx: Ctx, key: dict, name: str) -> dict:
    check_rename(ctx.partition(TABLE).values(), key, name, "key_name_duplicate", "A key named {name!r} already exists")
    return ctx.store.replace(TABLE, key, name=name, _etag=ids.new_etag())


def delete(ctx: Ctx, key: dict) -> None:
    ctx.store.delete(TABLE, key["id"])


def present(key: dict) -> dict:
    """A key as the API shows it: its user tags are Global Tagging's alone (platform/tags.py)."""
    return tags.without_user_tags(without_private(key))
