"""Multipart uploads: started, given parts (each kept in the state, table `cos_parts`),
completed into one object (its ETag S3's: the MD5 of the parts' MD5s, `-<part count>`), or
aborted. Parts are numbered 1 to 10,000; all but the last must hold 5 MiB (S3's rule, checked
at completion); the whole stays within MAX_OBJECT_BYTES."""

from __future__ import annotations

import base64
import hashlib
import uuid

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cos import objects
from vpcmock.engine.platform.cos.errors import S3Error, invalid_argument
from vpcmock.engine.platform.cos.objects import GLOBAL, UPLOADS, iso_millis

PARTS = "cos_parts"
MIN_PART_BYTES = 5 * 1024 * 1024
MAX_PART_NUMBER = 10_000


def start(ctx: Ctx, bucket: str, key: str, content_type: str, metadata: dict, headers: dict) -> dict:
    doc = objects.bucket_or_error(ctx, bucket)
    objects.check_key(bucket, key)
    return ctx.store.put(UPLOADS, {
        "id": uuid.uuid4().hex, "_account": doc["_account"], "_region": GLOBAL, "_bucket": bucket, "key": key,
        "initiated": iso_millis(ctx.now), "content_type": content_type, "metadata": metadata, "headers": headers,
        "parts": {}})


def find(ctx: Ctx, bucket: str, key: str, upload_id: str) -> dict:
    objects.bucket_or_error(ctx, bucket)
    doc = ctx.store.get(UPLOADS, upload_id)
    if doc is None or doc["_bucket"] != bucket or doc["key"] != key:
        raise S3Error(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or "
                      "the upload may have been aborted or completed.", f"/{bucket}/{key}", UploadId=upload_id)
    return doc


def part_number(text: str | None) -> int:
    try:
        number = int(text or "")
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_PART_NUMBER:
        raise invalid_argument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                               text or "")
    return number


def put_part(ctx: Ctx, bucket: str, key: str, upload_id: str, number: int, body: bytes) -> dict:
    upload = find(ctx, bucket, key, upload_id)
    others = sum(p["size"] for n, p in upload["parts"].items() if n != str(number))
    objects.check_size(bucket, key, others + len(body))
    etag = objects.md5_etag(body)
    part_id = f"{upload_id}:{number:05d}"
    ctx.store.put(PARTS, {"id": part_id, "body": base64.b64encode(body).decode("ascii")})
    parts = {**upload["parts"], str(number): {"etag": etag, "size": len(body), "last_modified": iso_millis(ctx.now)}}
    ctx.store.put(UPLOADS, {**upload, "parts": parts})
    return {"etag": etag}


def complete(ctx: Ctx, bucket: str, key: str, upload_id: str, listed: list[tuple[int, str]]) -> dict:
    upload = find(ctx, bucket, key, upload_id)
    resource = f"/{bucket}/{key}"
    if not listed:
        raise S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against "
                      "our published schema.", resource)
    numbers = [n for n, _ in listed]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        raise S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be "
                      "specified in order by part number.", resource)
    chunks, digests = [], b""
    for position, (number, etag) in enumerate(listed):
        part = upload["parts"].get(str(number))
        if part is None or part["etag"].strip('"') != etag.strip('"'):
            raise S3Error(400, "InvalidPart", "One or more of the specified parts could not be found. The part might "
                          "not have been uploaded, or the specified entity tag might not have matched the part's "
                          "entity tag.", resource, PartNumber=str(number), ETag=etag)
        if position < len(listed) - 1 and part["size"] < MIN_PART_BYTES:
            raise S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object "
                          "size.", resource, PartNumber=str(number), ProposedSize=str(part["size"]),
                          MinSizeAllowed=str(MIN_PART_BYTES))
        chunks.append(base64.b64decode(ctx.store.get(PARTS, f"{upload_id}:{number:05d}")["body"]))
        digests += bytes.fromhex(part["etag"].strip('"'))
    etag = f'"{hashlib.md5(digests).hexdigest()}-{len(listed)}"'
    bucket_doc = objects.bucket_or_error(ctx, bucket)
    doc = objects.store_object(ctx, bucket_doc, key, b"".join(chunks), upload["content_type"], upload["metadata"],
                               upload["headers"], etag=etag)
    abort(ctx, bucket, key, upload_id)
    return doc


def abort(ctx: Ctx, bucket: str, key: str, upload_id: str) -> None:
    upload = find(ctx, bucket, key, upload_id)
    for number in upload["parts"]:
        ctx.store.delete(PARTS, f"{upload_id}:{int(number):05d}")
    ctx.store.delete(UPLOADS, upload_id)


def uploads_of(ctx: Ctx, bucket: str) -> list[dict]:
    return sorted(ctx.store.indexed(UPLOADS, "_bucket", bucket).values(), key=lambda u: (u["key"], u["initiated"]))
