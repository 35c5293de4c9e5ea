"""A bucket's resource configuration (the COS Resource Configuration API, `/b/{bucket}`):
what COS keeps beside S3 for a bucket (hard quota, firewall, Activity Tracker and Monitoring
settings, protection management), read with the bucket's identity and usage, and changed by a
JSON merge patch (RFC 7386: objects merge, `null` removes, arrays and values replace), guarded
by the configuration's ETag (If-Match, 412 on a mismatch)."""

from __future__ import annotations

import ipaddress
import uuid

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cos import buckets, objects
from vpcmock.errors import ApiError, bad_field
from vpcmock.timeutil import rfc3339

SETTABLE = ("hard_quota", "firewall", "activity_tracking", "metrics_monitoring")
MAX_FIREWALL_IPS = 1000  # COS: the allowed_ip list holds at most 1,000 addresses or ranges


def bucket_crn(doc: dict) -> str:
    instance = doc.get("service_instance") or ""
    return f"crn:v1:bluemix:public:cloud-object-storage:global:a/{doc['_account']}:{instance}:bucket:{doc['name']}"


def etag(doc: dict) -> str:
    return doc.get("config_etag") or f'"{uuid.uuid5(uuid.NAMESPACE_URL, bucket_crn(doc))}"'


def view(ctx: Ctx, doc: dict) -> dict:
    stored = objects.objects_of(ctx, doc["name"])
    answer = {"name": doc["name"], "crn": bucket_crn(doc), "service_instance_id": doc.get("service_instance") or "",
              "service_instance_crn": doc.get("service_instance_crn") or "",
              "time_created": doc["created"], "time_updated": doc.get("config_updated", doc["created"]),
              "object_count": len(stored), "bytes_used": sum(o["size"] for o in stored),
              "noncurrent_object_count": 0, "noncurrent_bytes_used": 0, "delete_marker_count": 0}
    answer.update(doc.get("config") or {})
    return answer


def get(ctx: Ctx, name: str) -> dict:
    return buckets.get(ctx, name)


def _merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _merge(merged.get(key), value)
    return merged


def _check_ips(values, name: str) -> None:
    if len(values) > MAX_FIREWALL_IPS:
        raise bad_field("invalid_field_value", f"{name}: at most {MAX_FIREWALL_IPS} addresses", name)
    for index, value in enumerate(values):
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise bad_field("invalid_field_value", f"{name}[{index}]: {value!r} is not an IP address or CIDR range",
                            f"{name}[{index}]", value) from None


def patch(ctx: Ctx, name: str, body: dict, if_match: str | None) -> dict:
    """Apply a merge patch (already checked against BucketPatch) to the bucket's configuration."""
    doc = buckets.get(ctx, name)
    if if_match and if_match.strip() != "*" and etag(doc) not in {t.strip() for t in if_match.split(",")}:
        raise ApiError(412, "PreconditionFailed", "The If-Match header does not match the bucket configuration's ETag")
    config = dict(doc.get("config") or {})
    for key in SETTABLE:
        if key in body:
            value = _merge(config.get(key), body[key]) if isinstance(body[key], dict) else body[key]
            if value is None or value == {}:
                config.pop(key, None)
            else:
                config[key] = value
    if "hard_quota" in config and config["hard_quota"] < 0:
        raise bad_field("invalid_field_value", "hard_quota: must be 0 or more bytes", "hard_quota", body["hard_quota"])
    if config.get("hard_quota") == 0:
        config.pop("hard_quota")  # COS: a quota of 0 removes the quota
    for key in ("allowed_ip", "denied_ip"):
        _check_ips((config.get("firewall") or {}).get(key) or [], f"firewall.{key}")
    requested = (body.get("protection_management") or {}).get("requested_state")
    if requested is not None:
        config["protection_management"] = _protection(ctx, config.get("protection_management"), body)
    updated = {**doc, "config": config, "config_updated": rfc3339(ctx.now), "config_etag": f'"{uuid.uuid4()}"'}
    ctx.store.put(objects.BUCKETS, updated)
    return updated


def _protection(ctx: Ctx, current: dict | None, body: dict) -> dict:
    """Each token applied is listed (IBM keeps a history of the protection management tokens)."""
    given = body["protection_management"]
    entries = list((current or {}).get("token_entries", []))
    entries.append({"token_id": given.get("protection_management_token") or str(uuid.uuid4()),
                    "applied_time": rfc3339(ctx.now), "shorten_retention_flag": given["requested_state"] == "activate",
                    "token_reference_id": str(uuid.uuid4())})
    return {"token_applied_counter": str(len(entries)), "token_entries": entries}
