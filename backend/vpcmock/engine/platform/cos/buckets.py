"""Buckets: created in a location with a storage class (`LocationConstraint`, e.g.
`us-south-standard`) for a Resource Controller instance of Cloud Object Storage, listed, read,
deleted when empty; and their S3 configuration (lifecycle, CORS, website, ...), kept as the
XML the client sent and given back as it is (`set_subresource`, `subresource`).
"""

from __future__ import annotations

import re

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cos import objects
from vpcmock.engine.platform.cos.errors import S3Error
from vpcmock.engine.platform.cos.objects import BUCKETS, GLOBAL, iso_millis

INSTANCES = "generic/resource_controller/v2.resource_instances"
COS_SERVICE_ID = "dff97f5c-bc5e-4455-b470-411c3edbe49c"  # Cloud Object Storage's id in the global catalog
# COS locations (the IBM provider's region_location, cross_region_location and
# single_site_location values, and the prefixes of ibm-cos-sdk's BucketLocationConstraint).
LOCATIONS = frozenset((
    "us", "eu", "ap",  # cross-region
    "us-south", "us-east", "eu-gb", "eu-de", "eu-es", "au-syd", "jp-tok", "jp-osa", "ca-tor", "ca-mon", "br-sao",
    "ams03", "che01", "mel01", "mil01", "mon01", "osl01", "par01", "sao01", "sjc04", "sng01", "tor01", "seo01"))
CROSS_REGION = frozenset(("us", "eu", "ap"))
# Storage classes a LocationConstraint may name (`smart` is IBM's Smart Tier, which the IBM
# provider sends though the SDK's enum lacks it).
STORAGE_CLASSES = ("standard", "vault", "cold", "flex", "smart", "onerate_active")
_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_IP = re.compile(r"\d+\.\d+\.\d+\.\d+")


def check_name(name: str) -> None:
    """S3's bucket naming rules, as COS applies them: 3 to 63 lowercase letters, digits, dots
    and hyphens, starting and ending with a letter or digit, not an IP address, no `..`."""
    if not _NAME.fullmatch(name) or _IP.fullmatch(name) or ".." in name or ".-" in name or "-." in name:
        raise S3Error(400, "InvalidBucketName", "The specified bucket is not valid.", f"/{name}", BucketName=name)


def parse_location(constraint: str) -> tuple[str, str]:
    """(location, storage class) of a LocationConstraint: `us-south-standard` -> (us-south, standard)."""
    for storage_class in STORAGE_CLASSES:
        location, dash, rest = constraint.rpartition("-" + storage_class)
        if dash and not rest and location in LOCATIONS:
            return location, storage_class
    raise S3Error(400, "InvalidLocationConstraint", "The specified location-constraint is not valid",
                  LocationConstraint=constraint)


def service_instance(ctx: Ctx, ident: str) -> dict:
    """The account's Resource Controller instance named by `ibm-service-instance-id` (its guid
    or CRN). COS refuses a bucket for an instance it does not know; the mock answers 400
    InvalidArgument naming the header (the real service's code for it is not documented)."""
    # The platform services keep their documents in the default region's partition
    # (http/routes/platform_generic.py); the S3 routes make their Ctx in that region too.
    docs = ctx.store.partition(INSTANCES, ctx.account, ctx.region)
    for doc in docs.values():
        if ident in (doc.get("guid"), doc.get("id"), doc.get("crn")):
            resource = doc.get("resource_id")
            if resource not in (None, COS_SERVICE_ID, "cloud-object-storage") and ":cloud-object-storage:" not in doc["crn"]:
                raise S3Error(400, "InvalidArgument", "The service instance is not a Cloud Object Storage instance.",
                              ArgumentName="ibm-service-instance-id", ArgumentValue=ident)
            return doc
    raise S3Error(400, "InvalidArgument", "The ibm-service-instance-id names no service instance of this account.",
                  ArgumentName="ibm-service-instance-id", ArgumentValue=ident)


def create(ctx: Ctx, name: str, constraint: str | None, instance_id: str | None, *, acl: str | None = None,
           kp_algorithm: str | None = None, kp_root_key: str | None = None, object_lock: bool = False) -> dict:
    check_name(name)
    existing = ctx.store.get(BUCKETS, name)
    if existing is not None:
        if existing["_account"] == ctx.account:
            raise S3Error(409, "BucketAlreadyOwnedByYou",
                          "Your previous request to create the named bucket succeeded and you already own it.",
                          f"/{name}", BucketName=name)
        raise S3Error(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace "
                      "is shared by all users of the system. Please select a different name and try again.",
                      f"/{name}", BucketName=name)
    # No LocationConstraint: COS makes the bucket in the standard class of the location its
    # endpoint serves; the mock's one endpoint stands for its default region.
    location, storage_class = parse_location(constraint or f"{ctx.region}-standard")
    if acl not in (None, "private", "public-read", "public-read-write", "authenticated-read"):
        raise S3Error(400, "InvalidArgument", "The canned ACL is not valid.", f"/{name}", ArgumentName="x-amz-acl",
                      ArgumentValue=str(acl))
    # Without `ibm-service-instance-id` (an HMAC caller: the HTTP layer asks an IAM-token caller
    # for the header, as COS does) the bucket is the account's, of no instance.
    instance = service_instance(ctx, instance_id) if instance_id else None
    if kp_root_key and not kp_algorithm:
        kp_algorithm = "AES256"
    doc = ctx.store.put(BUCKETS, {
        "id": name, "name": name, "_account": ctx.account, "_region": GLOBAL, "created": iso_millis(ctx.now),
        "location_constraint": constraint or f"{location}-{storage_class}", "location": location,
        "storage_class": storage_class, "service_instance": instance["guid"] if instance else None,
        "service_instance_crn": instance["crn"] if instance else None, "acl": acl or "private",
        "kp": {"algorithm": kp_algorithm, "root_key_crn": kp_root_key} if kp_root_key else None,
        "object_lock": bool(object_lock), "subresources": _locked() if object_lock else {}, "config": {}})
    return doc


def _locked() -> dict:
    """A bucket created with object lock (`x-amz-bucket-object-lock-enabled: true`) has
    versioning enabled and object lock on, as S3 makes it."""
    ns = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
    return {"versioning": f'<VersioningConfiguration {ns}><Status>Enabled</Status></VersioningConfiguration>',
            "object-lock": f'<ObjectLockConfiguration {ns}><ObjectLockEnabled>Enabled</ObjectLockEnabled>'
                           '</ObjectLockConfiguration>'}


def get(ctx: Ctx, name: str) -> dict:
    return objects.bucket_or_error(ctx, name)


def listed(ctx: Ctx, instance_id: str | None) -> list[dict]:
    """The account's buckets by name; only the named instance's when `ibm-service-instance-id` is sent
    (COS lists the buckets of the instance the request names)."""
    docs = ctx.store.partition(BUCKETS, ctx.account, GLOBAL).values()
    if instance_id:
        guid = service_instance(ctx, instance_id)["guid"]
        docs = [d for d in docs if d.get("service_instance") == guid]
    return sorted(docs, key=lambda d: d["name"])


def delete(ctx: Ctx, name: str) -> None:
    get(ctx, name)
    if objects.count(ctx, name) or ctx.store.indexed(objects.UPLOADS, "_bucket", name):
        raise S3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.", f"/{name}",
                      BucketName=name)
    ctx.store.delete(BUCKETS, name)


def set_subresource(ctx: Ctx, name: str, kind: str, value) -> dict:
    """Keep a configuration of the bucket (`kind`: lifecycle, cors, ...) as given; None removes it."""
    doc = get(ctx, name)
    kept = dict(doc.get("subresources", {}))
    if value is None:
        kept.pop(kind, None)
    else:
        kept[kind] = value
    return ctx.store.put(BUCKETS, {**doc, "subresources": kept})


def subresource(ctx: Ctx, name: str, kind: str):
    return get(ctx, name).get("subresources", {}).get(kind)
