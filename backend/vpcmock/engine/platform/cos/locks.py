"""Object lock on objects: a retention (mode COMPLIANCE or GOVERNANCE until a date) and a legal
hold (ON or OFF), set only in a bucket whose object lock is enabled. While an object is held or
retained it cannot be deleted or overwritten (403 AccessDenied); a GOVERNANCE retention gives
way to a request that sends `x-amz-bypass-governance-retention: true`. A COMPLIANCE retention
can be extended, never shortened or removed.

S3 keeps an overwrite as a new version and the locked one stays; the mock keeps no older
versions (objects.py), so it refuses the overwrite of a locked object instead, which keeps the
locked content as S3 does.
"""

from __future__ import annotations

from datetime import datetime

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.cos import buckets, objects
from vpcmock.engine.platform.cos.errors import S3Error
from vpcmock.timeutil import parse_rfc3339

MODES = ("COMPLIANCE", "GOVERNANCE")


def lock_enabled(ctx: Ctx, bucket: str) -> bool:
    doc = buckets.get(ctx, bucket)
    return bool(doc.get("object_lock") or (doc.get("subresources") or {}).get("object-lock"))


def _require_lock(ctx: Ctx, bucket: str, key: str) -> None:
    if not lock_enabled(ctx, bucket):
        raise S3Error(400, "InvalidRequest", "Bucket is missing Object Lock Configuration", f"/{bucket}/{key}")


def _until(retention: dict | None) -> datetime | None:
    return parse_rfc3339(retention["until"]) if retention else None


def set_retention(ctx: Ctx, bucket: str, key: str, mode: str, until: str, bypass: bool) -> dict:
    _require_lock(ctx, bucket, key)
    doc = objects.get_object(ctx, bucket, key)
    resource = f"/{bucket}/{key}"
    if mode not in MODES:
        raise S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against "
                      "our published schema.", resource)
    try:
        new_until = parse_rfc3339(until)
    except ValueError:
        raise S3Error(400, "InvalidArgument", "The retain until date must be an ISO 8601 date and time.",
                      resource, ArgumentName="RetainUntilDate", ArgumentValue=until) from None
    if new_until <= ctx.now:
        raise S3Error(400, "InvalidArgument", "The retain until date must be in the future!", resource,
                      ArgumentName="RetainUntilDate", ArgumentValue=until)
    current = doc.get("retention")
    if current and _until(current) > ctx.now:
        weaker = new_until < _until(current) or (current["mode"] == "COMPLIANCE" and mode != "COMPLIANCE")
        if weaker and (current["mode"] == "COMPLIANCE" or not bypass):
            raise S3Error(403, "AccessDenied", "Access Denied: the object's retention cannot be shortened or "
                          "weakened", resource)
    retention = {"mode": mode, "until": until}
    ctx.store.put(objects.OBJECTS, {**doc, "retention": retention})
    return retention


def set_legal_hold(ctx: Ctx, bucket: str, key: str, status: str) -> None:
    _require_lock(ctx, bucket, key)
    doc = objects.get_object(ctx, bucket, key)
    if status not in ("ON", "OFF"):
        raise S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against "
                      "our published schema.", f"/{bucket}/{key}")
    ctx.store.put(objects.OBJECTS, {**doc, "legal_hold": status})


def protected(ctx: Ctx, doc: dict, bypass: bool) -> str | None:
    """Why `doc` cannot be deleted or replaced now, or None."""
    if doc.get("legal_hold") == "ON":
        return "the object is under a legal hold"
    retention = doc.get("retention")
    if retention and _until(retention) > ctx.now and not (retention["mode"] == "GOVERNANCE" and bypass):
        return f"the object is retained ({retention['mode']}) until {retention['until']}"
    return None


def check_removable(ctx: Ctx, bucket: str, key: str, bypass: bool = False) -> None:
    doc = ctx.store.get(objects.OBJECTS, objects.object_id(bucket, key))
    reason = protected(ctx, doc, bypass) if doc is not None else None
    if reason:
        raise S3Error(403, "AccessDenied", f"Access Denied: {reason}", f"/{bucket}/{key}")
