"""Listing a bucket's keys as S3 does (ListObjects and ListObjectsV2): in UTF-8 byte order,
from after a marker, the keys under `prefix`, those holding `delimiter` after the prefix rolled
up into one common prefix each, at most `max_keys` entries (keys and common prefixes together)."""

from __future__ import annotations

import base64
import binascii

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cos import objects
from vpcmock.engine.platform.cos.errors import invalid_argument

MAX_KEYS = 1000  # S3's default and ceiling


def max_keys(text: str | None) -> int:
    if text is None or text == "":
        return MAX_KEYS
    try:
        value = int(text)
    except ValueError:
        raise invalid_argument("Provided max-keys not an integer or within integer range", "max-keys", text) from None
    if value < 0:
        raise invalid_argument("Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", text)
    return min(value, MAX_KEYS)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def page(ctx: Ctx, bucket: str, *, prefix: str = "", delimiter: str = "", after: str = "",
         limit: int = MAX_KEYS) -> dict:
    """{"contents": [object docs], "prefixes": [common prefixes], "truncated": bool, "last": the
    last entry listed (key or common prefix: where the next page starts)}."""
    objects.bucket_or_error(ctx, bucket)
    start = _utf8(after)
    contents, prefixes, last, truncated = [], [], None, False
    for doc in objects.objects_of(ctx, bucket):
        key = doc["key"]
        if not key.startswith(prefix) or _utf8(key) <= start:
            continue
        entry = key
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                entry = key[:cut + len(delimiter)]
                if entry == last or _utf8(entry) <= start:
                    continue  # rolled up already, on this page or a previous one
        if len(contents) + len(prefixes) >= limit:
            truncated = True
            break
        if entry is key:
            contents.append(doc)
        else:
            prefixes.append(entry)
        last = entry
    return {"contents": contents, "prefixes": prefixes, "truncated": truncated, "last": last}


def token_of(key: str) -> str:
    """A continuation token: opaque to clients (S3's are), here the key to list after."""
    return base64.urlsafe_b64encode(_utf8(key)).decode("ascii")


def key_of_token(token: str) -> str:
    try:
        return base64.b64decode(token.encode("ascii"), altchars=b"-_", validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeError):
        raise invalid_argument("The continuation token provided is incorrect", "continuation-token", token) from None
