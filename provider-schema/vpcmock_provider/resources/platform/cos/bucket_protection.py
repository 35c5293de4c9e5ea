"""ibm_cos_bucket_object_lock_configuration and ibm_cos_bucket_replication_rule ↔ S3's
`?object-lock` and `?replication` of the bucket, as the IBM provider's
resource_ibm_cos_bucket_objectlock_configuration.go and resource_ibm_cos_replication_configuration.go
call them: the configuration PUT, read back by GET, and (replication) DELETEd with the resource;
an object lock configuration cannot be removed from a bucket (S3 has no such call), so its
delete leaves the bucket as it is, as the IBM provider's does. Both need the bucket's versioning
enabled (S3 answers 409 InvalidBucketState otherwise). Ids are the IBM provider's,
`<bucket_crn>:meta:<bucket_location>:<endpoint_type>`.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform.cos.bucket_website import config_id, parse_id
from vpcmock_provider.resources.platform.cos.s3 import delete_configuration, kept_resource, optional, s3, xml


def _first(values) -> dict:
    return (values or [None])[0] or {}


def _int(node, path: str) -> int | None:
    text = node.findtext(path)
    return int(text) if text not in (None, "") else None


class _Configuration:
    """One S3 bucket configuration served as a Terraform type."""
    FLAG = ""
    MISSING: tuple[str, ...] = ()
    ATTRIBUTE = ""
    VERB = ""

    def _put(self, client: Client, bucket: str, planned: dict) -> None:
        try:
            s3(client, "PUT", bucket, self.FLAG, self.document(planned))
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"failed to {self.VERB} on the COS bucket {bucket}, "
                           f"{exc.message}") from None

    def create(self, client: Client, planned: dict) -> dict:
        self._put(client, planned["bucket_crn"].split(":bucket:", 1)[-1], planned)
        ident = config_id(planned["bucket_crn"], planned["bucket_location"], planned.get("endpoint_type") or "public")
        return self.read(client, {**planned, "id": ident})

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if prior.get(self.ATTRIBUTE) != planned.get(self.ATTRIBUTE):
            self._put(client, parse_id(prior["id"])["bucket"], planned)
        return self.read(client, {**planned, "id": prior["id"]})

    def read(self, client: Client, state: dict) -> dict | None:
        parts = parse_id(state["id"])
        try:
            node = optional(client, parts["bucket"], self.FLAG, self.MISSING)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        if node is None:
            return None
        return {"id": state["id"], "bucket_crn": parts["bucket_crn"], "bucket_location": parts["location"],
                "endpoint_type": parts["endpoint_type"], self.ATTRIBUTE: self.attribute(node, state)}

    def import_(self, client: Client, ident: str) -> dict | None:
        return self.read(client, {"id": ident})


class ObjectLock(_Configuration):
    DECLARATION = ibm_schema.declaration("ibm_cos_bucket_object_lock_configuration", "resource")
    FLAG, MISSING, ATTRIBUTE = "object-lock", ("ObjectLockConfigurationNotFoundError",), "object_lock_configuration"
    VERB = "put objectlock configuration"

    @staticmethod
    def document(planned: dict) -> bytes:
        given = _first(planned.get("object_lock_configuration"))
        retention = _first(_first(given.get("object_lock_rule")).get("default_retention"))
        return xml("ObjectLockConfiguration", [
            ("ObjectLockEnabled", given.get("object_lock_enabled") or "Enabled"),
            ("Rule", [("DefaultRetention", [("Mode", retention.get("mode")), ("Days", retention.get("days") or None),
                                            ("Years", retention.get("years") or None)])]) if retention else None])

    @staticmethod
    def attribute(node, state: dict) -> list:
        rule = node.find("Rule/DefaultRetention")
        return [{"object_lock_enabled": node.findtext("ObjectLockEnabled"),
                 "object_lock_rule": [{"default_retention": [{
                     "mode": rule.findtext("Mode"), "days": _int(rule, "Days"), "years": _int(rule, "Years")}]}]
                 if rule is not None else None}]

    def delete(self, client: Client, state: dict) -> None:
        """S3 cannot take object lock off a bucket: the resource goes, the lock stays (as with IBM's)."""


class Replication(_Configuration):
    DECLARATION = ibm_schema.declaration("ibm_cos_bucket_replication_rule", "resource")
    FLAG, MISSING, ATTRIBUTE = "replication", ("ReplicationConfigurationNotFoundError",), "replication_rule"
    VERB = "create the replication rule"

    @staticmethod
    def document(planned: dict) -> bytes:
        rules = []
        for rule in planned.get("replication_rule") or []:
            marker = rule.get("deletemarker_replication_status")
            rules.append(("Rule", [
                ("ID", rule.get("rule_id") or None), ("Priority", rule.get("priority")),
                ("Status", "Enabled" if rule.get("enable") else "Disabled"),
                ("Filter", [("Prefix", rule.get("prefix") or "")]),
                ("DeleteMarkerReplication", [("Status", "Enabled" if marker else "Disabled")])
                if marker is not None else None,
                ("Destination", [("Bucket", rule["destination_bucket_crn"])])]))
        return xml("ReplicationConfiguration", rules)

    @staticmethod
    def attribute(node, state: dict) -> list:
        return [{"rule_id": rule.findtext("ID") or "", "priority": _int(rule, "Priority"),
                 "enable": rule.findtext("Status") == "Enabled", "prefix": rule.findtext("Filter/Prefix") or None,
                 "deletemarker_replication_status": rule.findtext("DeleteMarkerReplication/Status") == "Enabled",
                 "destination_bucket_crn": rule.findtext("Destination/Bucket")} for rule in node.findall("Rule")]

    def delete(self, client: Client, state: dict) -> None:
        delete_configuration(client, parse_id(state["id"])["bucket"], "replication")


OBJECT_LOCK = ObjectLock()
REPLICATION = Replication()
RESOURCES = tuple(kept_resource(module, lambda ident: parse_id(ident)["bucket"]) for module in (OBJECT_LOCK, REPLICATION))
