"""ibm_cos_bucket_lifecycle_configuration ↔ S3's `?lifecycle` of the bucket, as the IBM
provider's resource_ibm_cos_bucket_lifecycle_configuration.go calls it: the rules of
`lifecycle_rule` (id, `enable`/`disable` as S3's Enabled/Disabled, filter by prefix, sizes,
a tag or an `and` of them, expiration, transition, noncurrent version expiration, abort of
incomplete uploads) PUT as one document, read back by GET, DELETEd with the resource. The id is
the IBM provider's, `<bucket_crn>:meta:<bucket_location>:<endpoint_type>`.

Note: the `lifecycle` of an ibm_cos_bucket (archive_rule, expire_rule, ...) is the same S3
document; as with the IBM provider, a bucket should use one or the other.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform.cos.s3 import delete_configuration, optional, s3, xml
from vpcmock_provider.resources.platform.cos.bucket_website import config_id, kept_by_bucket, parse_id

DECLARATION = ibm_schema.declaration("ibm_cos_bucket_lifecycle_configuration", "resource")
MISSING = ("NoSuchLifecycleConfiguration",)


def _first(values) -> dict:
    return (values or [None])[0] or {}


def _tags(tags) -> list:
    return [("Tag", [("Key", t["key"]), ("Value", t["value"])]) for t in tags or []]


def _filter(given: dict) -> list:
    both = _first(given.get("and"))
    tag = _first(given.get("tag"))
    return [("Prefix", given.get("prefix")), ("ObjectSizeGreaterThan", given.get("object_size_greater_than")),
            ("ObjectSizeLessThan", given.get("object_size_less_than")),
            ("Tag", [("Key", tag["key"]), ("Value", tag["value"])]) if tag else None,
            ("And", [("Prefix", both.get("prefix")), ("ObjectSizeGreaterThan", both.get("object_size_greater_than")),
                     ("ObjectSizeLessThan", both.get("object_size_less_than")), *_tags(both.get("tags"))])
            if both else None]


def _rule(rule: dict) -> list:
    expiration, transition = _first(rule.get("expiration")), _first(rule.get("transition"))
    noncurrent, abort = _first(rule.get("noncurrent_version_expiration")), _first(rule.get("abort_incomplete_multipart_upload"))
    marker = expiration.get("expired_object_delete_marker")
    return [
        ("ID", rule["rule_id"]),
        ("Filter", _filter(_first(rule.get("filter")))),
        ("Status", "Enabled" if rule.get("status") == "enable" else "Disabled"),
        ("Expiration", [("Date", expiration.get("date") or None),
                        ("Days", expiration.get("days") if expiration.get("days") and not expiration.get("date") else None),
                        ("ExpiredObjectDeleteMarker", marker if marker else None)]) if rule.get("expiration") else None,
        ("Transition", [("Date", transition.get("date") or None),
                        ("Days", transition.get("days") if not transition.get("date") else None),
                        ("StorageClass", transition.get("storage_class"))]) if rule.get("transition") else None,
        ("NoncurrentVersionExpiration", [("NoncurrentDays", noncurrent.get("noncurrent_days"))])
        if rule.get("noncurrent_version_expiration") else None,
        ("AbortIncompleteMultipartUpload", [("DaysAfterInitiation", abort.get("days_after_initiation"))])
        if rule.get("abort_incomplete_multipart_upload") else None,
    ]


def _put(client: Client, bucket: str, planned: dict) -> None:
    body = xml("LifecycleConfiguration", [("Rule", _rule(r)) for r in planned.get("lifecycle_rule") or []])
    try:
        s3(client, "PUT", bucket, "lifecycle", body)
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"Failed to put Lifecycle configuration on the COS bucket {bucket}, "
                       f"{exc.message}") from None


def create(client: Client, planned: dict) -> dict:
    _put(client, planned["bucket_crn"].split(":bucket:", 1)[-1], planned)
    ident = config_id(planned["bucket_crn"], planned["bucket_location"], planned.get("endpoint_type") or "public")
    return read(client, {**planned, "id": ident})


def update(client: Client, prior: dict, planned: dict) -> dict:
    if prior.get("lifecycle_rule") != planned.get("lifecycle_rule"):
        _put(client, parse_id(prior["id"])["bucket"], planned)
    return read(client, {**planned, "id": prior["id"]})


def _int(node, path: str) -> int | None:
    text = node.findtext(path)
    return int(text) if text not in (None, "") else None


def _read_filter(node) -> list:
    if node is None:
        return [{}]
    tag, both = node.find("Tag"), node.find("And")
    return [{"prefix": node.findtext("Prefix"), "object_size_greater_than": _int(node, "ObjectSizeGreaterThan"),
             "object_size_less_than": _int(node, "ObjectSizeLessThan"),
             "tag": [{"key": tag.findtext("Key"), "value": tag.findtext("Value")}] if tag is not None else None,
             "and": [{"prefix": both.findtext("Prefix"),
                      "object_size_greater_than": _int(both, "ObjectSizeGreaterThan"),
                      "object_size_less_than": _int(both, "ObjectSizeLessThan"),
                      "tags": [{"key": t.findtext("Key"), "value": t.findtext("Value")} for t in both.findall("Tag")]
                      or None}] if both is not None else None}]


def _read_rule(rule) -> dict:
    expiration, transition = rule.find("Expiration"), rule.find("Transition")
    noncurrent, abort = rule.find("NoncurrentVersionExpiration"), rule.find("AbortIncompleteMultipartUpload")
    marker = expiration.findtext("ExpiredObjectDeleteMarker") if expiration is not None else None
    return {
        "rule_id": rule.findtext("ID"), "status": "enable" if rule.findtext("Status") == "Enabled" else "disable",
        "filter": _read_filter(rule.find("Filter")),
        "expiration": [{"date": expiration.findtext("Date"), "days": _int(expiration, "Days") or 0,
                        "expired_object_delete_marker": marker == "true" if marker else False}]
        if expiration is not None else None,
        "transition": [{"date": transition.findtext("Date"), "days": _int(transition, "Days"),
                        "storage_class": transition.findtext("StorageClass")}] if transition is not None else None,
        "noncurrent_version_expiration": [{"noncurrent_days": _int(noncurrent, "NoncurrentDays")}]
        if noncurrent is not None else None,
        "abort_incomplete_multipart_upload": [{"days_after_initiation": _int(abort, "DaysAfterInitiation")}]
        if abort is not None else None,
    }


def read(client: Client, state: dict) -> dict | None:
    parts = parse_id(state["id"])
    try:
        node = optional(client, parts["bucket"], "lifecycle", MISSING)
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise
    if node is None:
        return None
    return {"id": state["id"], "bucket_crn": parts["bucket_crn"], "bucket_location": parts["location"],
            "endpoint_type": parts["endpoint_type"], "lifecycle_rule": [_read_rule(r) for r in node.findall("Rule")]}


def delete(client: Client, state: dict) -> None:
    delete_configuration(client, parse_id(state["id"])["bucket"], "lifecycle")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})


def kept_resource():
    """Kept under the bucket's name (one lifecycle configuration per bucket)."""
    import sys
    return kept_by_bucket(sys.modules[__name__])
