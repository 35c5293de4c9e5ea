"""Objects of a bucket: written, read, copied, deleted and listed.

An object's body lives in the state (base64 in its document), so it survives a restart, up to
MAX_OBJECT_BYTES: a larger upload fails with S3's `EntityTooLarge` (400). The mock's limit is
16 MiB per object (IBM COS takes 5 GiB in one PUT and 10 TiB in parts, but every byte here is
journalled and kept in memory; 16 MiB takes a multipart upload of three minimum-size parts).

`put_object` and `find_bucket` are the entry points other parts of the mock use (Activity
Tracker delivers its events into a bucket with them).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cos.errors import S3Error, no_such_bucket, no_such_key

BUCKETS = "cos_buckets"
OBJECTS = "cos_objects"
UPLOADS = "cos_uploads"
GLOBAL = "global"
MAX_OBJECT_BYTES = 16 * 1024 * 1024
MAX_KEY_BYTES = 1024  # S3: a key is at most 1,024 bytes of UTF-8
# The headers S3 keeps with an object and sends back on GET and HEAD.
STORED_HEADERS = ("Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires",
                  "Website-Redirect-Location")


def iso_millis(moment: datetime) -> str:
    """S3's timestamps in XML: ISO 8601 with milliseconds (`2026-12-03T12:00:00.000Z`)."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def find_bucket(ctx: Ctx, bucket: str) -> dict | None:
    """The bucket named `bucket` of ctx.account, or None (none of that name, or another account's)."""
    doc = ctx.store.get(BUCKETS, bucket) if isinstance(bucket, str) else None
    return doc if doc is not None and doc.get("_account") == ctx.account else None


def bucket_or_error(ctx: Ctx, bucket: str) -> dict:
    doc = find_bucket(ctx, bucket)
    if doc is None:
        if ctx.store.get(BUCKETS, bucket) is not None:
            # S3 answers a bucket of another account with AccessDenied, not NoSuchBucket.
            raise S3Error(403, "AccessDenied", "Access Denied", f"/{bucket}")
        raise no_such_bucket(bucket)
    return doc


def object_id(bucket: str, key: str) -> str:
    return f"{bucket}/{key}"  # bucket names hold no "/", so this names one object


def check_key(bucket: str, key: str) -> None:
    if not key:
        raise S3Error(400, "InvalidArgument", "Object key must not be empty.", f"/{bucket}/")
    if len(key.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise S3Error(400, "KeyTooLongError", "Your key is too long", f"/{bucket}/{key[:64]}")


def check_size(bucket: str, key: str, size: int) -> None:
    if size > MAX_OBJECT_BYTES:
        raise S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
                      f"/{bucket}/{key}", ProposedSize=str(size), MaxSizeAllowed=str(MAX_OBJECT_BYTES))


def md5_etag(body: bytes) -> str:
    return f'"{hashlib.md5(body).hexdigest()}"'


def view(doc: dict) -> dict:
    """What an engine caller gets of an object (its body aside: `body_of`)."""
    return {"bucket": doc["_bucket"], "key": doc["key"], "etag": doc["etag"], "size": doc["size"],
            "last_modified": doc["last_modified"], "content_type": doc["content_type"],
            "metadata": dict(doc.get("metadata", {}))}


def body_of(doc: dict) -> bytes:
    return base64.b64decode(doc["body"])


def store_object(ctx: Ctx, bucket_doc: dict, key: str, body: bytes, content_type: str,
                 metadata: dict | None = None, headers: dict | None = None, etag: str | None = None) -> dict:
    """Write (or overwrite) an object; `etag` is given for a multipart upload's (not the MD5)."""
    from vpcmock.engine.platform.cos import locks  # (it imports this module)

    name = bucket_doc["id"]
    check_key(name, key)
    check_size(name, key, len(body))
    locks.check_removable(ctx, name, key)
    doc = {"id": object_id(name, key), "_account": bucket_doc["_account"], "_region": GLOBAL, "_bucket": name,
           "key": key, "body": base64.b64encode(body).decode("ascii"), "size": len(body),
           "etag": etag or md5_etag(body), "last_modified": iso_millis(ctx.now),
           "content_type": content_type or "application/octet-stream", "metadata": dict(metadata or {}),
           "headers": dict(headers or {}), "storage_class": "STANDARD"}
    with ctx.store.transaction():
        ctx.store.put(OBJECTS, doc)
    return doc


def put_object(ctx: Ctx, bucket: str, key: str, body: bytes, content_type: str = "application/octet-stream") -> dict:
    """Write `body` as object `key` of ctx.account's bucket `bucket` (replacing any object of
    that key), as a PUT Object does; the object's view (bucket, key, etag: the quoted MD5, size,
    last_modified from the mock's clock, content_type, metadata). Raises an ApiError (S3Error:
    NoSuchBucket 404, EntityTooLarge 400, ...) when it cannot."""
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError("put_object takes the body as bytes")
    return view(store_object(ctx, bucket_or_error(ctx, bucket), key, bytes(body), content_type))


def get_object(ctx: Ctx, bucket: str, key: str) -> dict:
    bucket_or_error(ctx, bucket)
    doc = ctx.store.get(OBJECTS, object_id(bucket, key))
    if doc is None:
        raise no_such_key(bucket, key)
    return doc


def delete_object(ctx: Ctx, bucket: str, key: str, bypass_governance: bool = False) -> bool:
    """Remove an object; S3 answers a delete of a missing key as a success, so does this (False).
    A locked object is refused (locks.py)."""
    from vpcmock.engine.platform.cos import locks

    bucket_or_error(ctx, bucket)
    locks.check_removable(ctx, bucket, key, bypass_governance)
    with ctx.store.transaction():
        return ctx.store.delete(OBJECTS, object_id(bucket, key)) is not None


def objects_of(ctx: Ctx, bucket: str) -> list[dict]:
    """The bucket's objects in S3's order: by key, as UTF-8 bytes compare."""
    docs = ctx.store.indexed(OBJECTS, "_bucket", bucket).values()
    return sorted(docs, key=lambda d: d["key"].encode("utf-8", "surrogatepass"))


def count(ctx: Ctx, bucket: str) -> int:
    return len(ctx.store.indexed(OBJECTS, "_bucket", bucket))
