"""S3 bucket operations: ListBuckets (and IBM's extended listing, `?extended`), CreateBucket,
HeadBucket, DeleteBucket, GetBucketLocation, ListObjects (v1 and `list-type=2`),
DeleteObjects (`?delete`), ListMultipartUploads (`?uploads`), and the bucket's configurations
(s3_config.py)."""

from __future__ import annotations

from flask import Response, g, request

from vpcmock.engine.platform.cos import buckets, listing, multipart, objects
from vpcmock.engine.platform.cos.errors import S3Error, invalid_argument, malformed_xml
from vpcmock.http import s3_xml
from vpcmock.http.common import ctx
from vpcmock.http.routes.platform.cos import s3_config as cos_s3_config

MAX_DELETE = 1000  # S3: at most 1,000 keys per DeleteObjects


def owner(c) -> list:
    return [("ID", c.account), ("DisplayName", c.account)]


def list_buckets():
    c = ctx()
    instance = request.headers.get("ibm-service-instance-id")
    docs = buckets.listed(c, instance)
    if "extended" not in request.args:
        return s3_xml.respond("ListAllMyBucketsResult", [
            ("Owner", owner(c)),
            ("Buckets", [("Bucket", [("Name", d["name"]), ("CreationDate", d["created"])]) for d in docs])])
    # IBM's extended listing: each bucket's LocationConstraint, paged by name (marker, max-keys, prefix).
    prefix = request.args.get("prefix", "")
    marker = request.args.get("marker", "")
    limit = listing.max_keys(request.args.get("max-keys"))
    chosen = [d for d in docs if d["name"].startswith(prefix) and d["name"] > marker]
    shown, truncated = chosen[:limit], len(chosen) > limit
    return s3_xml.respond("ListAllMyBucketsResult", [
        ("Owner", owner(c)), ("IsTruncated", truncated), ("Marker", marker or None), ("Prefix", prefix or None),
        ("MaxKeys", limit), ("NextMarker", shown[-1]["name"] if truncated and shown else None),
        ("Buckets", [("Bucket", [("Name", d["name"]), ("CreationDate", d["created"]),
                                 ("LocationConstraint", d["location_constraint"])]) for d in shown])])


def dispatch(bucket: str):
    method, args = request.method, request.args
    kind = cos_s3_config.kind_of(args)
    if kind is not None:
        return cos_s3_config.serve(bucket, kind)
    if method == "PUT":
        return create(bucket)
    if method == "HEAD":
        return head(bucket)
    if method == "DELETE":
        buckets.delete(ctx(), bucket)
        return Response(status=204)
    if method == "POST" and "delete" in args:
        return delete_objects(bucket)
    if method == "GET":
        if "location" in args:
            doc = buckets.get(ctx(), bucket)
            return s3_xml.respond("LocationConstraint", doc["location_constraint"])
        if "uploads" in args:
            return list_uploads(bucket)
        if "versions" in args:
            return list_versions(bucket)
        return list_objects(bucket)
    raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", f"/{bucket}")


def create(bucket: str):
    constraint = None
    body = request.get_data()
    if body.strip():
        node = s3_xml.parse(body, "CreateBucketConfiguration")
        if node is None:
            raise malformed_xml(f"/{bucket}")
        constraint = s3_xml.text(node, "LocationConstraint")
    lock = request.headers.get("x-amz-bucket-object-lock-enabled", "").lower() == "true"
    instance = request.headers.get("ibm-service-instance-id")
    if not instance and not str(g.get("subject", "")).startswith("hmac-"):
        # COS: "ibm-service-instance-id ... required for creating a bucket" when the caller
        # authenticates with an IAM token (IBM COS API docs, "Create a bucket"); an HMAC key
        # belongs to a service credential, so its instance is known without the header.
        raise S3Error(400, "InvalidArgument", "Creating a bucket with an IAM token requires the "
                      "ibm-service-instance-id header.", f"/{bucket}", ArgumentName="ibm-service-instance-id",
                      ArgumentValue="")
    buckets.create(ctx(), bucket, constraint, instance,
                   acl=request.headers.get("x-amz-acl"),
                   kp_algorithm=request.headers.get("ibm-sse-kp-encryption-algorithm"),
                   kp_root_key=request.headers.get("ibm-sse-kp-customer-root-key-crn"), object_lock=lock)
    return Response(status=200, headers={"Location": f"/{bucket}"})


def head(bucket: str):
    doc = buckets.get(ctx(), bucket)
    headers = {"ibm-sse-kp-enabled": "true" if doc.get("kp") else "false"}
    if doc.get("kp"):
        headers["ibm-sse-kp-crk-id"] = doc["kp"]["root_key_crn"]
    return Response(status=200, headers=headers)


def _encoder(args):
    if args.get("encoding-type") not in (None, "url"):
        raise invalid_argument("Invalid Encoding Method specified in Request", "encoding-type", args["encoding-type"])
    if args.get("encoding-type") == "url":
        from urllib.parse import quote
        return lambda value: None if value is None else quote(value, safe="/")
    return lambda value: value


def _contents(docs, encode, fetch_owner: bool, c) -> list:
    return [("Contents", [("Key", encode(d["key"])), ("LastModified", d["last_modified"]), ("ETag", d["etag"]),
                          ("Size", d["size"]), ("StorageClass", d.get("storage_class", "STANDARD")),
                          ("Owner", owner(c) if fetch_owner else None)]) for d in docs]


def list_objects(bucket: str):
    c, args = ctx(), request.args
    encode = _encoder(args)
    prefix, delimiter = args.get("prefix", ""), args.get("delimiter", "")
    limit = listing.max_keys(args.get("max-keys"))
    v2 = args.get("list-type") == "2"
    if args.get("list-type") not in (None, "2"):
        raise invalid_argument("Invalid List Type specified in Request", "list-type", args["list-type"])
    if v2:
        token = args.get("continuation-token")
        after = listing.key_of_token(token) if token is not None else args.get("start-after", "")
        if token is not None and args.get("start-after", "") > after:
            after = args["start-after"]
    else:
        after = args.get("marker", "")
    found = listing.page(c, bucket, prefix=prefix, delimiter=delimiter, after=after, limit=limit)
    entries = _contents(found["contents"], encode, not v2 or args.get("fetch-owner") == "true", c)
    common = [("CommonPrefixes", [("Prefix", encode(p))]) for p in found["prefixes"]]
    head = [("Name", bucket), ("Prefix", encode(prefix))]
    if v2:
        head += [("ContinuationToken", args.get("continuation-token")), ("StartAfter", encode(args.get("start-after"))),
                 ("KeyCount", len(found["contents"]) + len(found["prefixes"])), ("MaxKeys", limit),
                 ("Delimiter", encode(delimiter) or None), ("IsTruncated", found["truncated"]),
                 ("NextContinuationToken", listing.token_of(found["last"]) if found["truncated"] else None)]
        root = "ListBucketResult"
    else:
        # S3 gives NextMarker only with a delimiter; without one the next marker is the last key.
        head += [("Marker", encode(after)), ("MaxKeys", limit), ("Delimiter", encode(delimiter) or None),
                 ("IsTruncated", found["truncated"]),
                 ("NextMarker", encode(found["last"]) if found["truncated"] and delimiter else None)]
        root = "ListBucketResult"
    if args.get("encoding-type") == "url":
        head.append(("EncodingType", "url"))
    return s3_xml.respond(root, head + entries + common)


def delete_objects(bucket: str):
    c = ctx()
    buckets.get(c, bucket)
    node = s3_xml.parse(request.get_data(), "Delete")
    if node is None:
        raise malformed_xml(f"/{bucket}")
    items = s3_xml.children(node, "Object")
    if not items or len(items) > MAX_DELETE or any(s3_xml.text(item, "Key") is None for item in items):
        raise malformed_xml(f"/{bucket}")
    quiet = (s3_xml.text(node, "Quiet", "false") or "").strip().lower() == "true"
    answer = []
    bypass = request.headers.get("x-amz-bypass-governance-retention", "").lower() == "true"
    for item in items:
        key = s3_xml.text(item, "Key")
        try:
            objects.delete_object(c, bucket, key, bypass)
        except S3Error as refused:  # a locked object: reported in the answer, the others go on
            answer.append(("Error", [("Key", key), ("Code", refused.code), ("Message", refused.message)]))
            continue
        if not quiet:
            answer.append(("Deleted", [("Key", key)]))
    return s3_xml.respond("DeleteResult", answer)


def list_uploads(bucket: str):
    c = ctx()
    buckets.get(c, bucket)
    prefix = request.args.get("prefix", "")
    ups = [u for u in multipart.uploads_of(c, bucket) if u["key"].startswith(prefix)]
    return s3_xml.respond("ListMultipartUploadsResult", [
        ("Bucket", bucket), ("KeyMarker", ""), ("UploadIdMarker", ""), ("Prefix", prefix or None),
        ("MaxUploads", listing.max_keys(request.args.get("max-uploads"))), ("IsTruncated", False),
        *[("Upload", [("Key", u["key"]), ("UploadId", u["id"]), ("Initiator", owner(c)), ("Owner", owner(c)),
                      ("StorageClass", "STANDARD"), ("Initiated", u["initiated"])]) for u in ups]])


def list_versions(bucket: str):
    """ListObjectVersions. The mock keeps no older versions of an object (a PUT replaces it,
    versioning or not): each object is listed as its only version, `VersionId` "null" and
    latest, as S3 lists an object written while versioning was never enabled. So a client that
    empties a bucket by its versions (the IBM provider's force_delete) empties it here too."""
    c, args = ctx(), request.args
    encode = _encoder(args)
    prefix, delimiter = args.get("prefix", ""), args.get("delimiter", "")
    limit = listing.max_keys(args.get("max-keys"))
    after = args.get("key-marker", "")
    found = listing.page(c, bucket, prefix=prefix, delimiter=delimiter, after=after, limit=limit)
    last = found["last"] if found["truncated"] else None
    return s3_xml.respond("ListVersionsResult", [
        ("Name", bucket), ("Prefix", encode(prefix)), ("KeyMarker", encode(after)),
        ("VersionIdMarker", args.get("version-id-marker", "")), ("MaxKeys", limit),
        ("Delimiter", encode(delimiter) or None), ("IsTruncated", found["truncated"]),
        ("NextKeyMarker", encode(last)), ("NextVersionIdMarker", "null" if last else None),
        *[("Version", [("Key", encode(d["key"])), ("VersionId", "null"), ("IsLatest", True),
                       ("LastModified", d["last_modified"]), ("ETag", d["etag"]), ("Size", d["size"]),
                       ("StorageClass", d.get("storage_class", "STANDARD")), ("Owner", owner(c))])
          for d in found["contents"]],
        *[("CommonPrefixes", [("Prefix", encode(p))]) for p in found["prefixes"]],
        *([("EncodingType", "url")] if args.get("encoding-type") == "url" else [])])
