"""The wrapping scheme: real, reversible, keyed by the key version's material, from the
standard library alone.

A wrap is encrypt-then-MAC: a keystream of HMAC-SHA256(enc key, iv || counter) blocks XORed
with the plaintext, and a tag HMAC-SHA256(mac key, iv || aad || ciphertext), the two keys
derived from the version's 256-bit material by HMAC. Unwrapping recomputes the tag (the same
material and the same additional authenticated data, `aad`, or it fails) and XORs the keystream
back. The ciphertext KP hands out is base64 of a JSON envelope naming the key version it was
made with (KP's is too: base64 of `{"ciphertext": ..., "handle": ...}`), so a rotated key
still unwraps what an older version wrapped, and rewraps it under the latest.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os

DEK_BYTES = 32  # the data encryption key KP generates when a wrap gives no plaintext
IV_BYTES = 12
ENVELOPE_VERSION = "4.0.0"


class Corrupt(ValueError):
    """A ciphertext this key did not make, altered, or unwrapped with other `aad`."""


def new_material() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def new_dek() -> bytes:
    return os.urandom(DEK_BYTES)


def _keys(material: str) -> tuple[bytes, bytes]:
    raw = base64.b64decode(material)
    return (hmac.new(raw, b"kp-wrap-encryption", hashlib.sha256).digest(),
            hmac.new(raw, b"kp-wrap-authentication", hashlib.sha256).digest())


def _stream(key: bytes, iv: bytes, length: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hmac.new(key, iv + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return bytes(out[:length])


def _tag(key: bytes, iv: bytes, aad: list[str], sealed: bytes) -> bytes:
    joined = b"".join(len(a.encode()).to_bytes(4, "big") + a.encode() for a in aad)
    return hmac.new(key, iv + len(aad).to_bytes(4, "big") + joined + sealed, hashlib.sha256).digest()


def wrap(material: str, version_id: str, plaintext: bytes, aad: list[str]) -> str:
    enc, mac = _keys(material)
    iv = os.urandom(IV_BYTES)
    sealed = bytes(a ^ b for a, b in zip(plaintext, _stream(enc, iv, len(plaintext))))
    envelope = {"ciphertext": base64.b64encode(sealed).decode(), "iv": base64.b64encode(iv).decode(),
                "tag": base64.b64encode(_tag(mac, iv, aad, sealed)).decode(), "version": ENVELOPE_VERSION,
                "handle": version_id}
    return base64.b64encode(json.dumps(envelope, separators=(",", ":")).encode()).decode()


def version_of(ciphertext: str) -> tuple[str, dict]:
    """(the key version that made `ciphertext`, its envelope); ValueError when it is no
    ciphertext of KP's form (not base64, not an envelope)."""
    try:
        envelope = json.loads(base64.b64decode(ciphertext, validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError("not base64 of a wrapped key envelope") from None
    if not isinstance(envelope, dict) or not all(isinstance(envelope.get(k), str)
                                                 for k in ("ciphertext", "iv", "tag", "handle")):
        raise ValueError("not a wrapped key envelope")
    return envelope["handle"], envelope


def unwrap(material: str, envelope: dict, aad: list[str]) -> bytes:
    enc, mac = _keys(material)
    try:
        iv, sealed, tag = (base64.b64decode(envelope[k], validate=True) for k in ("iv", "ciphertext", "tag"))
    except (binascii.Error, ValueError):
        raise Corrupt("undecodable envelope") from None
    if not hmac.compare_digest(tag, _tag(mac, iv, aad, sealed)):
        raise Corrupt("authentication failed")
    return bytes(a ^ b for a, b in zip(sealed, _stream(enc, iv, len(sealed))))
