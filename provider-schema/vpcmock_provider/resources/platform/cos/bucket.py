"""ibm_cos_bucket ↔ Cloud Object Storage (S3 API and resource configuration API), as the IBM
provider's resource_ibm_cos_bucket.go calls them:

- create: `PUT /<bucket>` with the LocationConstraint `<location>-<storage_class>`, the
  `ibm-service-instance-id` header naming `resource_instance_id`, Key Protect's headers for
  `key_protect`/`kms_key_crn` and the object-lock header; then what an update sets. The id is
  the IBM provider's: `<instance CRN without its "::">:bucket:<name>:meta:<rl|crl|ssl>:<location>:<endpoint type>`.
  Where IBM's provider sends no LocationConstraint (no storage_class) it reaches the location's
  own endpoint; the mock has one endpoint for every location, so `<location>-standard` is sent.
- update: the resource configuration API's merge patch for `hard_quota`, `allowed_ip`
  (firewall), `activity_tracking` and `metrics_monitoring`; S3's versioning (`object_versioning`),
  protection (`retention_rule`) and lifecycle (`archive_rule`, `expire_rule`,
  `abort_incomplete_multipart_upload_days`, `noncurrent_version_expiration`: one lifecycle
  document holding every rule, replaced whole, removed when none is left);
- read: HEAD (gone: None), the location constraint, Key Protect's root key from HEAD's
  `ibm-sse-kp-crk-id`, the configuration API's answer, and the S3 configurations back into
  those attributes; `s3_endpoint_*` are IBM's hostnames for the location, as the IBM provider
  sets them whatever endpoint it used;
- delete: with `force_delete` (default true) every object first (ListObjects, DeleteObjects),
  then `DELETE /<bucket>`;
- import: by that id.

The data source reads the bucket the same way, by `bucket_name`, `resource_instance_id`,
`bucket_type` and `bucket_region`.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.cos.s3 import config, optional, parse, s3, xml

DECLARATION = ibm_schema.declaration("ibm_cos_bucket", "resource")
HOST = "cloud-object-storage.appdomain.cloud"
LOCATION_TYPES = (("region_location", "rl"), ("cross_region_location", "crl"), ("single_site_location", "ssl"))
NO_LIFECYCLE = ("NoSuchLifecycleConfiguration",)


def _location(values: dict) -> tuple[str, str]:
    for name, kind in LOCATION_TYPES:
        if values.get(name):
            return values[name], kind
    if values.get("satellite_location_id"):
        raise ProviderError("Satellite locations are not served by the mock")
    raise ProviderError("Provide either `cross_region_location` or `region_location` or `single_site_location` or "
                        "`satellite_location_id`")


def bucket_id(instance_crn: str, name: str, kind: str, location: str, endpoint_type: str) -> str:
    return f"{instance_crn.replace('::', '')}:bucket:{name}:meta:{kind}:{location}:{endpoint_type}"


def parse_id(ident: str) -> dict:
    """The parts of an ibm_cos_bucket id (the IBM provider's parseBucketId)."""
    crn, sep, meta = ident.partition(":meta:")
    instance, sep2, name = crn.partition(":bucket:")
    parts = meta.split(":")
    if not sep or not sep2 or len(parts) < 2:
        raise ProviderError("[ERROR] Error parsing bucket ID. Bucket ID format must be: "
                            "$CRN:meta:$buckettype:$bucketlocation")
    return {"instance": instance + "::", "crn": crn, "name": name, "kind": parts[0], "location": parts[1],
            "endpoint_type": parts[2] if len(parts) > 2 and parts[2] else "public"}


def create(client: Client, planned: dict) -> dict:
    location, kind = _location(planned)
    name = planned["bucket_name"]
    storage = planned.get("storage_class") or "standard"
    headers = {"ibm-service-instance-id": planned["resource_instance_id"]}
    root_key = planned.get("key_protect") or planned.get("kms_key_crn")
    if root_key:
        headers.update({"ibm-sse-kp-customer-root-key-crn": root_key, "ibm-sse-kp-encryption-algorithm": "AES256"})
    if planned.get("object_lock"):
        headers["x-amz-bucket-object-lock-enabled"] = "true"
    body = xml("CreateBucketConfiguration", [("LocationConstraint", f"{location}-{storage}")])
    s3(client, "PUT", name, body=body, headers=headers)
    state = {**planned, "id": bucket_id(planned["resource_instance_id"], name, kind, location,
                                        planned.get("endpoint_type") or "public")}
    _apply(client, name, {}, state)
    return read(client, state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    _apply(client, prior["bucket_name"], prior, planned)
    return read(client, {**planned, "id": prior["id"]})


def _changed(prior: dict, planned: dict, *names: str) -> bool:
    return any((prior.get(n) or None) != (planned.get(n) or None) for n in names)


def _apply(client: Client, name: str, prior: dict, planned: dict) -> None:
    patch = {}
    if _changed(prior, planned, "hard_quota"):
        patch["hard_quota"] = planned.get("hard_quota") or 0
    if _changed(prior, planned, "allowed_ip"):
        patch["firewall"] = {"allowed_ip": list(planned.get("allowed_ip") or [])}
    for block in ("activity_tracking", "metrics_monitoring"):
        if _changed(prior, planned, block):
            given = (planned.get(block) or [None])[0]
            patch[block] = {k: v for k, v in given.items() if v is not None} if given else None
    if patch:
        config(client, "PATCH", name, patch)
    if _changed(prior, planned, "object_versioning"):
        enabled = bool(((planned.get("object_versioning") or [{}])[0] or {}).get("enable"))
        if enabled or prior.get("object_versioning"):
            s3(client, "PUT", name, "versioning",
               xml("VersioningConfiguration", [("Status", "Enabled" if enabled else "Suspended")]))
    if _changed(prior, planned, "retention_rule") and planned.get("retention_rule"):
        rule = planned["retention_rule"][0]
        s3(client, "PUT", name, "protection", xml("ProtectionConfiguration", [
            ("Status", "Retention"), ("MinimumRetention", [("Days", rule["minimum"])]),
            ("MaximumRetention", [("Days", rule["maximum"])]), ("DefaultRetention", [("Days", rule["default"])]),
            ("EnablePermanentRetention", bool(rule.get("permanent")))]))
    lifecycle = ("archive_rule", "expire_rule", "abort_incomplete_multipart_upload_days", "noncurrent_version_expiration")
    if _changed(prior, planned, *lifecycle):
        rules = _lifecycle_rules(planned)
        if rules:
            s3(client, "PUT", name, "lifecycle", xml("LifecycleConfiguration", [("Rule", r) for r in rules]))
        else:
            s3(client, "DELETE", name, "lifecycle")


def _status(rule: dict) -> str:
    return "Enabled" if rule.get("enable") else "Disabled"


def _lifecycle_rules(planned: dict) -> list:
    rules = []
    for rule in planned.get("archive_rule") or []:
        rules.append([("ID", rule.get("rule_id") or ""), ("Filter", []), ("Status", _status(rule)),
                      ("Transition", [("Days", rule["days"]), ("StorageClass", rule["type"])])])
    for rule in planned.get("expire_rule") or []:
        expiration = [("Date", rule.get("date") or None), ("Days", rule.get("days") or None),
                      ("ExpiredObjectDeleteMarker", True if rule.get("expired_object_delete_marker") else None)]
        rules.append([("ID", rule.get("rule_id") or ""), ("Filter", [("Prefix", rule.get("prefix") or "")]),
                      ("Status", _status(rule)), ("Expiration", expiration)])
    for rule in planned.get("abort_incomplete_multipart_upload_days") or []:
        rules.append([("ID", rule.get("rule_id") or ""), ("Filter", [("Prefix", rule.get("prefix") or "")]),
                      ("Status", _status(rule)), ("AbortIncompleteMultipartUpload",
                                                  [("DaysAfterInitiation", rule.get("days_after_initiation") or 0)])])
    for rule in planned.get("noncurrent_version_expiration") or []:
        rules.append([("ID", rule.get("rule_id") or ""), ("Filter", [("Prefix", rule.get("prefix") or "")]),
                      ("Status", _status(rule)), ("NoncurrentVersionExpiration",
                                                  [("NoncurrentDays", rule.get("noncurrent_days") or 0)])])
    return rules


def _int(node, path: str) -> int | None:
    text = node.findtext(path)
    return int(text) if text not in (None, "") else None


def _read_lifecycle(client: Client, name: str) -> dict:
    found = {"archive_rule": [], "expire_rule": [], "abort_incomplete_multipart_upload_days": [],
             "noncurrent_version_expiration": []}
    node = optional(client, name, "lifecycle", NO_LIFECYCLE)
    for rule in node.findall("Rule") if node is not None else []:
        common = {"rule_id": rule.findtext("ID") or "", "enable": rule.findtext("Status") == "Enabled"}
        prefix = rule.findtext("Filter/Prefix") or ""
        if rule.find("Transition") is not None:
            found["archive_rule"].append({**common, "days": _int(rule, "Transition/Days"),
                                          "type": rule.findtext("Transition/StorageClass")})
        elif rule.find("Expiration") is not None:
            marker = rule.findtext("Expiration/ExpiredObjectDeleteMarker")
            found["expire_rule"].append({**common, "prefix": prefix, "days": _int(rule, "Expiration/Days"),
                                         "date": rule.findtext("Expiration/Date"),
                                         "expired_object_delete_marker": marker == "true" if marker else None})
        elif rule.find("AbortIncompleteMultipartUpload") is not None:
            found["abort_incomplete_multipart_upload_days"].append({
                **common, "prefix": prefix,
                "days_after_initiation": _int(rule, "AbortIncompleteMultipartUpload/DaysAfterInitiation")})
        elif rule.find("NoncurrentVersionExpiration") is not None:
            found["noncurrent_version_expiration"].append({
                **common, "prefix": prefix, "noncurrent_days": _int(rule, "NoncurrentVersionExpiration/NoncurrentDays")})
    return {k: v or None for k, v in found.items()}


def bucket_state(client: Client, name: str, instance: str, kind: str, location: str, endpoint_type: str) -> dict | None:
    """What the bucket's APIs say of it, in the attributes both the resource and data source have."""
    try:
        headers, _ = s3(client, "HEAD", name)
    except ApiError as exc:
        if exc.status in (403, 404):
            return None
        raise
    _, raw = s3(client, "GET", name, "location")
    constraint = parse(raw).text or ""
    storage = constraint[len(location) + 1:] if constraint.startswith(location + "-") else None
    root_key = {k.lower(): v for k, v in headers.items()}.get("ibm-sse-kp-crk-id")
    answer, _ = config(client, "GET", name)
    versioning = parse(s3(client, "GET", name, "versioning")[1]).findtext("Status")
    protection = parse(s3(client, "GET", name, "protection")[1])
    lock = optional(client, name, "object-lock", ("ObjectLockConfigurationNotFoundError",))
    retention = None
    if protection.findtext("Status") == "Retention":
        retention = [{"default": _int(protection, "DefaultRetention/Days"),
                      "maximum": _int(protection, "MaximumRetention/Days"),
                      "minimum": _int(protection, "MinimumRetention/Days"),
                      "permanent": protection.findtext("EnablePermanentRetention") == "true"}]
    state = {
        "bucket_name": name, "resource_instance_id": instance, "crn": answer.get("crn"),
        "key_protect": root_key, "kms_key_crn": root_key, "storage_class": storage,
        "endpoint_type": endpoint_type,
        "s3_endpoint_public": f"s3.{location}.{HOST}", "s3_endpoint_private": f"s3.private.{location}.{HOST}",
        "s3_endpoint_direct": f"s3.direct.{location}.{HOST}",
        "hard_quota": answer.get("hard_quota"),
        "allowed_ip": (answer.get("firewall") or {}).get("allowed_ip") or None,
        "activity_tracking": [answer["activity_tracking"]] if answer.get("activity_tracking") else None,
        "metrics_monitoring": [answer["metrics_monitoring"]] if answer.get("metrics_monitoring") else None,
        "object_versioning": [{"enable": versioning == "Enabled"}] if versioning else None,
        "retention_rule": retention,
        "object_lock": lock is not None and lock.findtext("ObjectLockEnabled") == "Enabled",
        **_read_lifecycle(client, name),
    }
    for name_, kind_ in LOCATION_TYPES:
        state[name_] = location if kind_ == kind else None
    return state


LIFECYCLE = ("archive_rule", "expire_rule", "abort_incomplete_multipart_upload_days", "noncurrent_version_expiration")


def read(client: Client, state: dict) -> dict | None:
    parts = parse_id(state["id"])
    found = bucket_state(client, parts["name"], parts["instance"], parts["kind"], parts["location"],
                         parts["endpoint_type"])
    if found is None:
        return None
    # As the IBM provider reads them: each kind of lifecycle rule only when the state has it, so
    # a bucket whose lifecycle an ibm_cos_bucket_lifecycle_configuration manages plans clean.
    for name in LIFECYCLE:
        if not state.get(name):
            found.pop(name)
    # the provider's own setting, kept in its state (the IBM provider never reads it back)
    return {**found, "id": state["id"], "force_delete": state.get("force_delete", True)}


def delete(client: Client, state: dict) -> None:
    """DELETE the bucket; when it is not empty and `force_delete` is set, delete every object
    version it lists (ListObjectVersions, DeleteObjects) and try again, as the IBM provider does."""
    name = parse_id(state["id"])["name"]
    while True:
        try:
            s3(client, "DELETE", name)
            return
        except ApiError as exc:
            if exc.status == 404:
                return
            if exc.code != "BucketNotEmpty" or not state.get("force_delete", True):
                raise ApiError(exc.status, exc.code, f"[ERROR] Error deleting COS Bucket ({state['id']}): "
                               f"{exc.message}") from None
        _, raw = s3(client, "GET", name, "versions&max-keys=1000")
        versions = [[("Key", v.findtext("Key")), ("VersionId", v.findtext("VersionId"))]
                    for v in parse(raw).findall("Version")]
        if not versions:  # not empty, yet nothing to delete (an upload in progress): as S3 said
            raise ApiError(409, "BucketNotEmpty", f"[ERROR] Error COS Bucket force_delete: bucket {name} holds no "
                           "object version to delete but is not empty")
        _, raw = s3(client, "POST", name, "delete", xml("Delete", [("Object", v) for v in versions]))
        refused = parse(raw).findall("Error")
        if refused:  # locked objects: the bucket cannot be emptied
            raise ApiError(409, refused[0].findtext("Code") or "AccessDenied",
                           f"[ERROR] Error COS Bucket force_delete: {refused[0].findtext('Key')}: "
                           f"{refused[0].findtext('Message')}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident, "force_delete": True})


class DataSource:
    DECLARATION = ibm_schema.declaration("ibm_cos_bucket", "data")

    @staticmethod
    def read(client: Client, values: dict) -> dict:
        name = values["bucket_name"]
        kinds = {"region_location": "rl", "cross_region_location": "crl", "single_site_location": "ssl"}
        kind = kinds.get(values.get("bucket_type") or "", values.get("bucket_type") or "")
        location = values.get("bucket_region") or ""
        endpoint_type = values.get("endpoint_type") or "public"
        if not location:
            try:
                _, raw = s3(client, "GET", name, "location")
            except ApiError as exc:
                raise ApiError(exc.status, exc.code, f"failed waiting for bucket {name} to be created, {exc.message}")
            constraint = parse(raw).text or ""
            location = next((loc for loc in _locations_of(constraint)), constraint)
            kind = "crl" if location in ("us", "eu", "ap") else "ssl" if location[-2:].isdigit() else "rl"
        found = bucket_state(client, name, values["resource_instance_id"], kind, location, endpoint_type)
        if found is None:
            raise ProviderError(f"failed waiting for bucket {name} to be created, NotFound: Not Found")
        found.pop("endpoint_type")
        ident = bucket_id(values["resource_instance_id"], name, kind, location, endpoint_type)
        return {**found, "id": ident, "endpoint_type": endpoint_type, "bucket_type": values.get("bucket_type"),
                "bucket_region": values.get("bucket_region")}


def _locations_of(constraint: str):
    for storage in ("onerate_active", "standard", "vault", "cold", "flex", "smart"):
        if constraint.endswith("-" + storage):
            yield constraint[:-len(storage) - 1]



def kept_resource():
    """Kept under the bucket's name (cos/s3.py kept_resource)."""
    import sys
    from vpcmock_provider.resources.platform.cos.s3 import kept_resource as kept
    return kept(sys.modules[__name__], lambda ident: parse_id(ident)["name"])
