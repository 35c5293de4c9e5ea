"""A bucket's S3 configurations, each a subresource flag of the bucket's URL (`?lifecycle`,
`?cors`, ...): PUT keeps the XML document as the client sent it (after the checks S3 makes
that cost little: well-formed, the right root element, the values S3 enumerates), GET gives
it back byte for byte, DELETE removes it. A GET of one never set answers S3's error for it
(NoSuchLifecycleConfiguration, ...), or, where S3 answers an empty document, that document."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, request

from vpcmock.engine.platform.cos import buckets, objects
from vpcmock.engine.platform.cos.errors import S3Error, invalid_argument, malformed_xml
from vpcmock.http import s3_xml
from vpcmock.http.common import ctx


@dataclass(frozen=True)
class Kind:
    flag: str                      # the query flag naming it
    root: str                      # the XML document's root element
    missing: tuple | None = None   # (status, code, message) of a GET when unset; None: an empty document
    deletable: bool = True


KINDS = {k.flag: k for k in (
    Kind("lifecycle", "LifecycleConfiguration", (404, "NoSuchLifecycleConfiguration",
                                                 "The lifecycle configuration does not exist")),
    Kind("cors", "CORSConfiguration", (404, "NoSuchCORSConfiguration", "The CORS configuration does not exist")),
    Kind("website", "WebsiteConfiguration", (404, "NoSuchWebsiteConfiguration",
                                             "The specified bucket does not have a website configuration")),
    Kind("versioning", "VersioningConfiguration", deletable=False),
    Kind("publicAccessBlock", "PublicAccessBlockConfiguration",
         (404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")),
    Kind("object-lock", "ObjectLockConfiguration", (404, "ObjectLockConfigurationNotFoundError",
                                                    "Object Lock configuration does not exist for this bucket"),
         deletable=False),
    Kind("replication", "ReplicationConfiguration", (404, "ReplicationConfigurationNotFoundError",
                                                     "The replication configuration was not found")),
    Kind("tagging", "Tagging", (404, "NoSuchTagSet", "The TagSet does not exist")),
    Kind("protection", "ProtectionConfiguration", deletable=False),
    Kind("accelerate", "AccelerateConfiguration", deletable=False),
    Kind("acl", "AccessControlPolicy", deletable=False),
)}
CORS_METHODS = frozenset(("GET", "PUT", "POST", "DELETE", "HEAD"))
MAX_RULES = 1000


def kind_of(args) -> Kind | None:
    return next((KINDS[flag] for flag in KINDS if flag in args), None)


def serve(bucket: str, kind: Kind):
    c = ctx()
    method = request.method
    if method == "GET":
        return _get(c, bucket, kind)
    if method == "PUT":
        if kind.flag == "acl" and not request.get_data().strip():
            canned = request.headers.get("x-amz-acl", "private")
            if canned not in ("private", "public-read", "public-read-write", "authenticated-read"):
                raise invalid_argument("The canned ACL is not valid.", "x-amz-acl", canned, f"/{bucket}")
            doc = buckets.get(c, bucket)
            c.store.put(buckets.BUCKETS, {**doc, "acl": canned})
            buckets.set_subresource(c, bucket, "acl", None)
            return Response(status=200)
        body = request.get_data()
        node = s3_xml.parse(body, kind.root)
        if node is None:
            raise malformed_xml(f"/{bucket}")
        _check(c, bucket, kind, node)
        buckets.set_subresource(c, bucket, kind.flag, body.decode("utf-8"))
        return Response(status=200)
    if method == "DELETE" and kind.deletable:
        buckets.set_subresource(c, bucket, kind.flag, None)
        return Response(status=204)
    raise S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", f"/{bucket}")


def _get(c, bucket: str, kind: Kind):
    kept = buckets.subresource(c, bucket, kind.flag)
    if kept is not None:
        headers = {}
        if kind.flag == "protection":
            headers["x-ibm-protection-management-state"] = "activated"
        return s3_xml.raw(kept.encode("utf-8"), headers=headers)
    if kind.flag == "acl":
        return _canned_acl(c, bucket)
    if kind.missing is not None:
        status, code, message = kind.missing
        raise S3Error(status, code, message, f"/{bucket}", BucketName=bucket)
    return s3_xml.respond(kind.root, [])


def _canned_acl(c, bucket: str):
    doc = buckets.get(c, bucket)
    me = [("ID", c.account), ("DisplayName", c.account)]
    grants = [("Grant", [("Grantee", me), ("Permission", "FULL_CONTROL")])]
    if doc.get("acl") in ("public-read", "public-read-write"):
        grants.append(("Grant", [("Grantee", [("URI", "http://acs.amazonaws.com/groups/global/AllUsers")]),
                                 ("Permission", "READ")]))
    response = s3_xml.respond("AccessControlPolicy", [("Owner", me), ("AccessControlList", grants)])
    # Grantees carry xsi:type in S3's answers; botocore reads the element either way.
    return response


def _enum(bucket: str, value, allowed: tuple, name: str) -> None:
    if value is not None and value not in allowed:
        raise malformed_xml(f"/{bucket}")


def _check(c, bucket: str, kind: Kind, node) -> None:
    resource = f"/{bucket}"
    text, children = s3_xml.text, s3_xml.children
    if kind.flag == "lifecycle":
        rules = children(node, "Rule")
        if not rules or len(rules) > MAX_RULES:
            raise malformed_xml(resource)
        ids = [text(rule, "ID") for rule in rules if text(rule, "ID")]
        if len(ids) != len(set(ids)):
            raise invalid_argument("Rule ID must be unique. Found same ID for more than one rule", "ID", ids[0],
                                   resource)
        if any(len(i) > 255 for i in ids):
            raise invalid_argument("ID length should not exceed allowed limit of 255", "ID", "", resource)
        for rule in rules:
            _enum(bucket, text(rule, "Status"), ("Enabled", "Disabled"), "Status")
            if text(rule, "Status") is None:
                raise malformed_xml(resource)
    elif kind.flag == "cors":
        rules = children(node, "CORSRule")
        if not rules or len(rules) > 100:
            raise malformed_xml(resource)
        for rule in rules:
            methods = [m.text for m in children(rule, "AllowedMethod")]
            if not methods or not children(rule, "AllowedOrigin"):
                raise malformed_xml(resource)
            bad = next((m for m in methods if m not in CORS_METHODS), None)
            if bad is not None:
                raise invalid_argument(f"Found unsupported HTTP method in CORS config. Unsupported method is {bad}",
                                       "AllowedMethod", bad, resource)
    elif kind.flag == "website":
        if not children(node, "IndexDocument") and not children(node, "RedirectAllRequestsTo"):
            raise invalid_argument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is "
                                   "empty", "IndexDocument", "", resource)
    elif kind.flag == "versioning":
        _enum(bucket, text(node, "Status"), ("Enabled", "Suspended"), "Status")
        locked = buckets.get(c, bucket).get("object_lock") or buckets.subresource(c, bucket, "object-lock")
        if text(node, "Status") == "Suspended" and locked:
            raise S3Error(409, "InvalidBucketState", "An Object Lock configuration is present on this bucket, so "
                          "the versioning state cannot be changed.", resource)
    elif kind.flag == "publicAccessBlock":
        for child in node:
            _enum(bucket, (child.text or "").strip(), ("true", "false"), s3_xml.local(child.tag))
    elif kind.flag in ("object-lock", "replication"):
        if kind.flag == "object-lock":
            _enum(bucket, text(node, "ObjectLockEnabled"), ("Enabled",), "ObjectLockEnabled")
        if kind.flag == "replication":
            _check_destinations(c, bucket, node)
        if not _versioning_enabled(c, bucket):
            raise S3Error(409, "InvalidBucketState", f"Versioning must be 'Enabled' on the bucket to apply a "
                          f"{'Object Lock' if kind.flag == 'object-lock' else 'replication'} configuration", resource)
    elif kind.flag == "protection":
        _enum(bucket, text(node, "Status"), ("Retention",), "Status")
    elif kind.flag == "accelerate":
        _enum(bucket, text(node, "Status"), ("Enabled", "Suspended"), "Status")


def _versioning_enabled(c, bucket: str) -> bool:
    kept = buckets.subresource(c, bucket, "versioning")
    node = s3_xml.parse(kept.encode("utf-8"), "VersioningConfiguration") if kept else None
    return node is not None and s3_xml.text(node, "Status") == "Enabled"


def _check_destinations(c, bucket: str, node) -> None:
    """Each rule replicates to a bucket named by its CRN (`...:bucket:<name>`, as IBM's
    replication takes it) that exists, with versioning enabled, as COS requires."""
    for rule in s3_xml.children(node, "Rule"):
        targets = [s3_xml.text(d, "Bucket") or "" for d in s3_xml.children(rule, "Destination")]
        if len(targets) != 1:
            raise malformed_xml(f"/{bucket}")
        name = targets[0].rpartition(":bucket:")[2]
        if objects.find_bucket(c, name) is None or name == bucket:
            raise invalid_argument("The destination bucket does not exist or is the source bucket.",
                                   "Destination", targets[0], f"/{bucket}")
        if not _versioning_enabled(c, name):
            raise S3Error(409, "InvalidBucketState", "Versioning must be 'Enabled' on the destination bucket",
                          f"/{bucket}")
