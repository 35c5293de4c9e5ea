"""ibm_cos_bucket_object ↔ COS's S3 API, as the IBM provider's resource_ibm_cos_bucket_object.go
calls it:

- create and update (of `content`, `content_base64`, `content_file` or `etag`): `PUT
  /<bucket>/<key>` with the content (and `x-amz-website-redirect-location` for
  `website_redirect`); no content type is sent, so S3 keeps `binary/octet-stream`. The id is
  the IBM provider's: `<bucket_crn>:object:<key>:location:<bucket_location>`;
- read: HEAD (gone: None), and for a `text/*` or `application/json` object its `body` by GET;
  `etag` without its quotes, `last_modified` in RFC 1123 (`Mon, 02 Jan 2006 15:04:05 UTC`, Go's
  time.RFC1123), `object_sql_url` `cos://<location>/<bucket>/<key>`;
- delete: `DELETE /<bucket>/<key>`;
- import: by that id.

The object lock settings go to S3 as the IBM provider sends them: `object_lock_mode` with
`object_lock_retain_until_date` by PutObjectRetention, `object_lock_legal_hold_status` by
PutObjectLegalHold (on create, and on update when changed), read back from HEAD's
`x-amz-object-lock-*` headers; a delete sends `x-amz-bypass-governance-retention` when
`bypass_governance_retention` is set.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.cos.s3 import s3, xml

DECLARATION = ibm_schema.declaration("ibm_cos_bucket_object", "resource")
_READABLE = (re.compile(r"^text/.+"), re.compile(r"^application/json$"))


def object_id(bucket_crn: str, key: str, location: str) -> str:
    return f"{bucket_crn}:object:{key}:location:{location}"


def parse_id(ident: str) -> dict:
    bucket_crn, sep, rest = ident.partition(":object:")
    key, sep2, location = rest.rpartition(":location:")
    if not sep or not sep2 or ":bucket:" not in bucket_crn:
        raise ProviderError(f"{ident!r} is not an ibm_cos_bucket_object id "
                            "(<bucket crn>:object:<key>:location:<bucket location>)")
    return {"bucket_crn": bucket_crn, "bucket": bucket_crn.split(":bucket:", 1)[1], "key": key, "location": location}


def _content(planned: dict) -> bytes:
    if planned.get("content"):
        return planned["content"].encode()
    if planned.get("content_base64"):
        try:
            return base64.b64decode(planned["content_base64"], validate=True)
        except ValueError as exc:
            raise ProviderError(f"[ERROR] Error decoding content_base64: {exc}") from None
    if planned.get("content_file"):
        try:
            with open(planned["content_file"], "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise ProviderError(f"[ERROR] Error opening COS object file ({planned['content_file']}): {exc}") from None
    return b""


def _put(client: Client, bucket: str, key: str, planned: dict) -> None:
    headers = {"Content-Type": "binary/octet-stream"}  # what S3 keeps when none is sent
    if planned.get("website_redirect"):
        headers["x-amz-website-redirect-location"] = planned["website_redirect"]
    try:
        s3(client, "PUT", f"{bucket}/{key}", body=_content(planned), headers=headers)
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"[ERROR] Error putting object ({key}) in COS bucket ({bucket}): "
                       f"{exc.message}") from None


def _locks(client: Client, bucket: str, key: str, prior: dict, planned: dict) -> None:
    names = ("object_lock_mode", "object_lock_retain_until_date")
    if any(prior.get(n) != planned.get(n) for n in names) and planned.get("object_lock_mode") \
            and planned.get("object_lock_retain_until_date"):
        headers = {"x-amz-bypass-governance-retention": "true"} if planned.get("bypass_governance_retention") else {}
        body = xml("Retention", [("Mode", planned["object_lock_mode"]),
                                 ("RetainUntilDate", planned["object_lock_retain_until_date"])])
        try:
            s3(client, "PUT", f"{bucket}/{key}", "retention", body, headers)
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"[ERROR] Error putting objectlock retention on ({key}) in COS "
                           f"bucket ({bucket}): {exc.message}") from None
    if prior.get("object_lock_legal_hold_status") != planned.get("object_lock_legal_hold_status") \
            and planned.get("object_lock_legal_hold_status"):
        body = xml("LegalHold", [("Status", planned["object_lock_legal_hold_status"])])
        try:
            s3(client, "PUT", f"{bucket}/{key}", "legal-hold", body)
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"[ERROR] Error putting objectlock legalhold on ({key}) in COS "
                           f"bucket ({bucket}): {exc.message}") from None


def create(client: Client, planned: dict) -> dict:
    bucket = planned["bucket_crn"].split(":bucket:", 1)[-1]
    _put(client, bucket, planned["key"], planned)
    _locks(client, bucket, planned["key"], {}, planned)
    return read(client, {**planned, "id": object_id(planned["bucket_crn"], planned["key"], planned["bucket_location"])})


def update(client: Client, prior: dict, planned: dict) -> dict:
    names = ("content", "content_base64", "content_file", "etag", "website_redirect")
    bucket = parse_id(prior["id"])["bucket"]
    if any(prior.get(n) != planned.get(n) for n in names):
        _put(client, bucket, prior["key"], planned)
    _locks(client, bucket, prior["key"], prior, planned)
    return read(client, {**planned, "id": prior["id"]})


def object_state(client: Client, bucket_crn: str, location: str, key: str) -> dict | None:
    bucket = bucket_crn.split(":bucket:", 1)[-1]
    try:
        headers, _ = s3(client, "HEAD", f"{bucket}/{key}")
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise ApiError(exc.status, exc.code, f"failed getting COS bucket ({bucket}) object ({key}): "
                       f"{exc.message}") from None
    headers = {k.lower(): v for k, v in headers.items()}
    content_type = headers.get("content-type")
    body = None
    if content_type and any(r.match(content_type) for r in _READABLE):
        _, raw = s3(client, "GET", f"{bucket}/{key}")
        body = raw.decode("utf-8", errors="replace")
    modified = headers.get("last-modified")
    return {"bucket_crn": bucket_crn, "bucket_location": location, "key": key, "body": body,
            "content_length": int(headers.get("content-length") or 0), "content_type": content_type,
            "etag": (headers.get("etag") or "").strip('"'),
            "last_modified": parsedate_to_datetime(modified).strftime("%a, %d %b %Y %H:%M:%S UTC") if modified else "",
            "version_id": headers.get("x-amz-version-id") or "",
            "website_redirect": headers.get("x-amz-website-redirect-location"),
            "object_lock_mode": headers.get("x-amz-object-lock-mode"),
            "object_lock_retain_until_date": _rfc3339(headers.get("x-amz-object-lock-retain-until-date")),
            "object_lock_legal_hold_status": headers.get("x-amz-object-lock-legal-hold"),
            "object_sql_url": f"cos://{location}/{bucket}/{key}"}


def _rfc3339(text: str | None) -> str | None:
    """The retain-until date as the IBM provider writes it (Go's time.RFC3339: `...T00:00:00Z`)."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def read(client: Client, state: dict) -> dict | None:
    parts = parse_id(state["id"])
    found = object_state(client, parts["bucket_crn"], parts["location"], parts["key"])
    if found is None:
        return None
    found["id"] = state["id"]
    for name in ("content", "content_base64", "content_file", "endpoint_type", "force_delete",
                 "bypass_governance_retention"):  # the provider's own arguments, in its state
        if name in state:
            found[name] = state[name]
    return found


def delete(client: Client, state: dict) -> None:
    parts = parse_id(state["id"])
    headers = {"x-amz-bypass-governance-retention": "true"} if state.get("bypass_governance_retention") else None
    s3(client, "DELETE", f"{parts['bucket']}/{parts['key']}", headers=headers)


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident, "endpoint_type": "public", "force_delete": True,
                         "bypass_governance_retention": False})


class DataSource:
    DECLARATION = ibm_schema.declaration("ibm_cos_bucket_object", "data")

    @staticmethod
    def read(client: Client, values: dict) -> dict:
        found = object_state(client, values["bucket_crn"], values["bucket_location"], values["key"])
        if found is None:
            raise ProviderError(f"failed getting COS bucket object ({values['key']}): NotFound: Not Found")
        return {**found, "id": object_id(values["bucket_crn"], values["key"], values["bucket_location"]),
                "endpoint_type": values.get("endpoint_type") or "public"}



def kept_resource():
    """Kept under a digest of `<bucket>/<key>` (a key may hold any character)."""
    import hashlib
    import sys
    from vpcmock_provider.resources.platform.cos.s3 import kept_resource as kept

    def key(ident: str) -> str:
        parts = parse_id(ident)
        return hashlib.sha256(f"{parts['bucket']}/{parts['key']}".encode()).hexdigest()[:32]
    return kept(sys.modules[__name__], key)
