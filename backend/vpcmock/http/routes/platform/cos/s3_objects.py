"""S3 object operations: PutObject, CopyObject (`x-amz-copy-source`), GetObject (with Range
and the If-Match / If-None-Match preconditions), HeadObject, DeleteObject, the multipart
upload's (`?uploads`, `?partNumber&uploadId`, `?uploadId`), and an object's tags."""

from __future__ import annotations

import base64
import hashlib
import re
from email.utils import format_datetime
from urllib.parse import unquote

from flask import Response, request

from vpcmock.engine.platform.cos import locks, multipart, objects
from vpcmock.engine.platform.cos.errors import S3Error, invalid_argument, malformed_xml
from vpcmock.http import s3_xml
from vpcmock.http.common import ctx
from vpcmock.timeutil import parse_rfc3339

META = "x-amz-meta-"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def dispatch(bucket: str, key: str):
    method, args = request.method, request.args
    if "tagging" in args:
        return tagging(bucket, key)
    if "retention" in args or "legal-hold" in args:
        return lock(bucket, key, "retention" if "retention" in args else "legal-hold")
    if method == "POST" and "uploads" in args:
        return start_upload(bucket, key)
    if "uploadId" in args:
        upload_id = args["uploadId"]
        if method == "PUT":
            return upload_part(bucket, key, upload_id)
        if method == "POST":
            return complete_upload(bucket, key, upload_id)
        if method == "DELETE":
            multipart.abort(ctx(), bucket, key, upload_id)
            return Response(status=204)
        if method == "GET":
            return list_parts(bucket, key, upload_id)
    if method == "PUT":
        if "x-amz-copy-source" in request.headers:
            return copy(bucket, key)
        return put(bucket, key)
    if method in ("GET", "HEAD"):
        return read(bucket, key, head=method == "HEAD")
    if method == "DELETE":
        objects.delete_object(ctx(), bucket, key, _bypass())
        return Response(status=204)
    raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
                  f"/{bucket}/{key}")


def _metadata() -> dict:
    return {name[len(META):].lower(): value for name, value in request.headers.items()
            if name.lower().startswith(META)}


def _stored_headers() -> dict:
    kept = {}
    for name in objects.STORED_HEADERS:
        value = request.headers.get(name) or request.headers.get(f"x-amz-{name.lower()}")
        if name == "Content-Encoding" and value:
            value = ",".join(v for v in (p.strip() for p in value.split(",")) if v and v != "aws-chunked") or None
        if value:
            kept[name] = value
    return kept


def _body(bucket: str, key: str) -> bytes:
    """The request's payload: aws-chunked framing (SigV4 streaming, with or without trailing
    checksums) undone; Content-MD5 checked as S3 checks it (BadDigest)."""
    declared = request.headers.get("x-amz-decoded-content-length") or request.content_length or 0
    try:
        declared = int(declared)
    except ValueError:
        raise invalid_argument("x-amz-decoded-content-length must be a number of bytes",
                               "x-amz-decoded-content-length", str(declared)) from None
    objects.check_size(bucket, key, declared)
    data = request.get_data()
    sha = request.headers.get("x-amz-content-sha256", "")
    if "aws-chunked" in request.headers.get("Content-Encoding", "") or sha.startswith("STREAMING-"):
        data = _dechunk(data, bucket, key)
    objects.check_size(bucket, key, len(data))
    md5 = request.headers.get("Content-MD5")
    if md5 is not None:
        try:
            expected = base64.b64decode(md5, validate=True)
        except ValueError:
            expected = b""
        if len(expected) != 16:
            raise S3Error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.", f"/{bucket}/{key}")
        if hashlib.md5(data).digest() != expected:
            raise S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
                          f"/{bucket}/{key}")
    return data


def _dechunk(data: bytes, bucket: str, key: str) -> bytes:
    out, position = [], 0
    while True:
        end = data.find(b"\r\n", position)
        if end < 0:
            raise S3Error(400, "IncompleteBody", "You did not provide the number of bytes specified by the "
                          "Content-Length HTTP header", f"/{bucket}/{key}")
        try:
            size = int(data[position:end].split(b";", 1)[0], 16)
        except ValueError:
            raise S3Error(400, "IncompleteBody", "The chunked body is not valid.", f"/{bucket}/{key}") from None
        position = end + 2
        if size == 0:
            return b"".join(out)  # trailing checksum headers, if any, follow; the mock does not check them
        out.append(data[position:position + size])
        position += size + 2


def put(bucket: str, key: str):
    c = ctx()
    bucket_doc = objects.bucket_or_error(c, bucket)
    body = _body(bucket, key)
    doc = objects.store_object(c, bucket_doc, key, body, request.headers.get("Content-Type") or "binary/octet-stream",
                               _metadata(), _stored_headers())
    return Response(status=200, headers={"ETag": doc["etag"]})


def _http_date(iso: str) -> str:
    return format_datetime(parse_rfc3339(iso), usegmt=True)


def _object_headers(doc: dict) -> dict:
    headers = {"ETag": doc["etag"], "Last-Modified": _http_date(doc["last_modified"]),
               "Content-Type": doc["content_type"], "Accept-Ranges": "bytes"}
    headers.update(doc.get("headers", {}))
    headers.update({f"{META}{name}": value for name, value in doc.get("metadata", {}).items()})
    if doc.get("retention"):
        headers["x-amz-object-lock-mode"] = doc["retention"]["mode"]
        headers["x-amz-object-lock-retain-until-date"] = doc["retention"]["until"]
    if doc.get("legal_hold"):
        headers["x-amz-object-lock-legal-hold"] = doc["legal_hold"]
    return headers


def _preconditions(doc: dict, resource: str) -> Response | None:
    etag = doc["etag"]
    match = request.headers.get("If-Match")
    if match is not None and match.strip() != "*" and etag not in {t.strip() for t in match.split(",")}:
        raise S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                      resource, Condition="If-Match")
    none_match = request.headers.get("If-None-Match")
    if none_match is not None and (none_match.strip() == "*" or etag in {t.strip() for t in none_match.split(",")}):
        return Response(status=304, headers={"ETag": etag, "Last-Modified": _http_date(doc["last_modified"])})
    return None


def read(bucket: str, key: str, head: bool):
    c = ctx()
    doc = objects.get_object(c, bucket, key)
    resource = f"/{bucket}/{key}"
    unchanged = _preconditions(doc, resource)
    if unchanged is not None:
        return unchanged
    headers = _object_headers(doc)
    size = doc["size"]
    wanted = request.headers.get("Range")
    span = _range(wanted, size, resource) if wanted else None
    if span is None:
        if head:
            return Response(status=200, headers={**headers, "Content-Length": str(size)})
        return Response(objects.body_of(doc), status=200, headers=headers)
    first, last = span
    headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    if head:
        return Response(status=206, headers={**headers, "Content-Length": str(last - first + 1)})
    return Response(objects.body_of(doc)[first:last + 1], status=206, headers=headers)


def _range(header: str, size: int, resource: str) -> tuple[int, int] | None:
    """(first, last) byte of a single `bytes=` range; None where S3 ignores the header and sends
    the whole object (not a bytes range, several ranges); 416 InvalidRange when it lies wholly
    past the end."""
    found = _RANGE.fullmatch(header.strip())
    if found is None:
        return None
    start, end = found.groups()
    if start == "" and end == "":
        return None
    if start == "":
        length = int(end)
        if length == 0:
            raise _invalid_range(size, resource)
        return max(size - length, 0), size - 1
    first = int(start)
    last = min(int(end), size - 1) if end else size - 1
    if end and int(end) < first:
        return None  # an invalid range is ignored, as HTTP says
    if first >= size:
        raise _invalid_range(size, resource)
    return first, last


def _invalid_range(size: int, resource: str) -> S3Error:
    return S3Error(416, "InvalidRange", "The requested range is not satisfiable", resource,
                   RangeRequested=request.headers.get("Range", ""), ActualObjectSize=str(size))


def _copy_source() -> tuple[str, str]:
    source = unquote(request.headers["x-amz-copy-source"]).split("?versionId=", 1)[0].lstrip("/")
    bucket, _, key = source.partition("/")
    if not bucket or not key:
        raise invalid_argument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                               "x-amz-copy-source", request.headers["x-amz-copy-source"])
    return bucket, key


def copy(bucket: str, key: str):
    c = ctx()
    target = objects.bucket_or_error(c, bucket)
    source_bucket, source_key = _copy_source()
    source = objects.get_object(c, source_bucket, source_key)
    directive = request.headers.get("x-amz-metadata-directive", "COPY").upper()
    if directive not in ("COPY", "REPLACE"):
        raise invalid_argument("Unknown metadata directive.", "x-amz-metadata-directive", directive)
    if (source_bucket, source_key) == (bucket, key) and directive == "COPY":
        raise S3Error(400, "InvalidRequest", "This copy request is illegal because it is trying to copy an object to "
                      "itself without changing the object's metadata, storage class, website redirect location or "
                      "encryption attributes.", f"/{bucket}/{key}")
    match = request.headers.get("x-amz-copy-source-if-match")
    if match is not None and source["etag"] not in {t.strip() for t in match.split(",")} and match.strip() != "*":
        raise S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                      f"/{bucket}/{key}", Condition="x-amz-copy-source-If-Match")
    if directive == "REPLACE":
        content_type = request.headers.get("Content-Type") or "binary/octet-stream"
        metadata, headers = _metadata(), _stored_headers()
    else:
        content_type, metadata, headers = source["content_type"], source["metadata"], source.get("headers", {})
    # A copy's ETag is the MD5 of its content, a copied multipart object's included (as S3 does
    # for a copy in one request).
    doc = objects.store_object(c, target, key, objects.body_of(source), content_type, metadata, headers)
    return s3_xml.respond("CopyObjectResult", [("LastModified", doc["last_modified"]), ("ETag", doc["etag"])])


def start_upload(bucket: str, key: str):
    c = ctx()
    upload = multipart.start(c, bucket, key, request.headers.get("Content-Type") or "binary/octet-stream",
                             _metadata(), _stored_headers())
    return s3_xml.respond("InitiateMultipartUploadResult", [("Bucket", bucket), ("Key", key),
                                                            ("UploadId", upload["id"])])


def upload_part(bucket: str, key: str, upload_id: str):
    c = ctx()
    number = multipart.part_number(request.args.get("partNumber"))
    if "x-amz-copy-source" in request.headers:
        source_bucket, source_key = _copy_source()
        body = objects.body_of(objects.get_object(c, source_bucket, source_key))
        copied = request.headers.get("x-amz-copy-source-range")
        if copied:
            span = _range(copied, len(body), f"/{source_bucket}/{source_key}")
            if span is not None:
                body = body[span[0]:span[1] + 1]
        part = multipart.put_part(c, bucket, key, upload_id, number, body)
        return s3_xml.respond("CopyPartResult", [("LastModified", objects.iso_millis(c.now)), ("ETag", part["etag"])])
    part = multipart.put_part(c, bucket, key, upload_id, number, _body(bucket, key))
    return Response(status=200, headers={"ETag": part["etag"]})


def complete_upload(bucket: str, key: str, upload_id: str):
    c = ctx()
    node = s3_xml.parse(request.get_data(), "CompleteMultipartUpload")
    if node is None:
        raise malformed_xml(f"/{bucket}/{key}")
    listed = []
    for part in s3_xml.children(node, "Part"):
        number, etag = s3_xml.text(part, "PartNumber"), s3_xml.text(part, "ETag")
        if number is None or etag is None or not number.strip().isdigit():
            raise malformed_xml(f"/{bucket}/{key}")
        listed.append((int(number), etag.strip()))
    doc = multipart.complete(c, bucket, key, upload_id, listed)
    return s3_xml.respond("CompleteMultipartUploadResult", [
        ("Location", f"{request.host_url.rstrip('/')}/cos/{bucket}/{key}"), ("Bucket", bucket), ("Key", key),
        ("ETag", doc["etag"])])


def list_parts(bucket: str, key: str, upload_id: str):
    c = ctx()
    upload = multipart.find(c, bucket, key, upload_id)
    me = [("ID", c.account), ("DisplayName", c.account)]
    parts = sorted(upload["parts"].items(), key=lambda item: int(item[0]))
    return s3_xml.respond("ListPartsResult", [
        ("Bucket", bucket), ("Key", key), ("UploadId", upload_id), ("Initiator", me), ("Owner", me),
        ("StorageClass", "STANDARD"), ("PartNumberMarker", 0),
        ("NextPartNumberMarker", int(parts[-1][0]) if parts else 0), ("MaxParts", 1000), ("IsTruncated", False),
        *[("Part", [("PartNumber", int(n)), ("LastModified", p["last_modified"]), ("ETag", p["etag"]),
                    ("Size", p["size"])]) for n, p in parts]])


MAX_TAGS = 10  # S3: at most 10 tags per object


def tagging(bucket: str, key: str):
    c = ctx()
    doc = objects.get_object(c, bucket, key)
    resource = f"/{bucket}/{key}"
    if request.method == "GET":
        return s3_xml.respond("Tagging", [("TagSet", [("Tag", [("Key", k), ("Value", v)])
                                                      for k, v in doc.get("tags", {}).items()])])
    if request.method == "DELETE":
        c.store.put(objects.OBJECTS, {**doc, "tags": {}})
        return Response(status=204)
    if request.method != "PUT":
        raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", resource)
    node = s3_xml.parse(request.get_data(), "Tagging")
    sets = s3_xml.children(node, "TagSet") if node is not None else []
    if len(sets) != 1:
        raise malformed_xml(resource)
    tags = {}
    for tag in s3_xml.children(sets[0], "Tag"):
        name, value = s3_xml.text(tag, "Key"), s3_xml.text(tag, "Value", "")
        if not name or name in tags:
            raise invalid_argument("The TagSet does not have unique keys or a key is empty", "Key", name or "",
                                   resource)
        tags[name] = value
    if len(tags) > MAX_TAGS:
        raise S3Error(400, "BadRequest", "Object tags cannot be greater than 10", resource)
    c.store.put(objects.OBJECTS, {**doc, "tags": tags})
    return Response(status=200)


def _bypass() -> bool:
    return request.headers.get("x-amz-bypass-governance-retention", "").lower() == "true"


def lock(bucket: str, key: str, kind: str):
    """An object's retention (`?retention`) or legal hold (`?legal-hold`): PUT and GET."""
    c = ctx()
    resource = f"/{bucket}/{key}"
    if request.method == "GET":
        doc = objects.get_object(c, bucket, key)
        if kind == "retention" and doc.get("retention"):
            return s3_xml.respond("Retention", [("Mode", doc["retention"]["mode"]),
                                                ("RetainUntilDate", doc["retention"]["until"])])
        if kind == "legal-hold" and doc.get("legal_hold"):
            return s3_xml.respond("LegalHold", [("Status", doc["legal_hold"])])
        raise S3Error(404, "NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock "
                      "configuration", resource)
    if request.method != "PUT":
        raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", resource)
    node = s3_xml.parse(request.get_data(), "Retention" if kind == "retention" else "LegalHold")
    if node is None:
        raise malformed_xml(resource)
    if kind == "retention":
        locks.set_retention(c, bucket, key, s3_xml.text(node, "Mode", ""), s3_xml.text(node, "RetainUntilDate", ""),
                            _bypass())
    else:
        locks.set_legal_hold(c, bucket, key, s3_xml.text(node, "Status", ""))
    return Response(status=200)
