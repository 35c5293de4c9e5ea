"""The resource a request or a service call acts on, as CBR rules name it.

Service: the VPC API is IBM service `is` (Backup for VPC, block volumes, snapshots and file
shares are all `is`: their IAM service name, the one the seed's CBR section and IBM's "Protecting
VPC Infrastructure Services with context-based restrictions" use).

Resource type: a VPC API path names what it acts on by its first segment, the top-level
collection (`/volumes/{id}`, `/backup_policies/{id}/plans/{plan}`, `/shares/{id}/snapshots`);
its resource type is that collection's singular with hyphens, the form IBM's IAM resource types
for `is` take (`volume`, `snapshot`, `share`, `instance`, `backup-policy`, `vpc`, `subnet`,
`floating-ip`, `security-group`, `snapshot-consistency-group`, ...; the VPC's IAM resource
attributes are the same names as `<type>Id`: `volumeId`, `backupPolicyId`, `vpcId`, listed in
IBM's "VPC resource attributes" page). So a share's snapshots and mount targets are the
share's (IAM authorizes them on the share), a backup policy's plans and jobs the policy's.
The resource is the id after the collection (`resource`, and `<type>Id`); a listing or a
creation has none. Catalogue paths with a singular first segment (`/volume/profiles`) are of
that type, with no resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from vpcmock.engine.platform.cbr.rules import ALL_API_TYPES

SERVICE_NAME = "is"
# The emulated engine's tables of the top-level collections (the generic engine keeps the rest
# in `generic/<collection>`).
_EMULATED = {"vpcs", "subnets", "instances", "volumes", "snapshots", "keys", "shares", "backup_policies",
             "snapshot_consistency_groups"}


@dataclass
class Target:
    """What a rule's resource attributes are compared with (rules.py)."""
    store: object
    account: str
    region: str
    resource_type: str | None
    resource_id: str | None = None
    table: str | None = None
    service_name: str = SERVICE_NAME
    api_types: frozenset = frozenset({ALL_API_TYPES})
    doc: dict | None = field(default=None, repr=False)

    def attribute(self, name: str):
        if name == "accountId":
            return self.account
        if name == "serviceName":
            return self.service_name
        if name == "region":
            return self.region
        if name == "resourceType":
            return self.resource_type
        if name == "resource":
            return self.resource_id
        if name == "resourceGroupId":
            document = self.document()
            return ((document or {}).get("resource_group") or {}).get("id")
        if self.resource_type is not None and name == id_attribute(self.resource_type):
            return self.resource_id
        return None  # serviceType (only platform services have one) and any other name

    def document(self) -> dict | None:
        if self.doc is None and self.table is not None and self.resource_id is not None:
            found = self.store.get(self.table, self.resource_id)
            if found is not None and found.get("_account") == self.account:
                self.doc = found
        return self.doc

    def user_tags(self) -> list[str]:
        return list((self.document() or {}).get("user_tags") or ())

    @property
    def crn(self) -> str:
        document = self.document()
        if document and document.get("crn"):
            return document["crn"]
        tail = f"{self.resource_type or ''}:{self.resource_id or ''}"
        return f"crn:v1:bluemix:public:{self.service_name}:{self.region}:a/{self.account}::{tail}"

    @property
    def name(self) -> str | None:
        return (self.document() or {}).get("name")


def vpc_target(store, account: str, region: str, path: str) -> Target:
    """The target of a VPC API request on `path` (what follows `/v1`)."""
    segments = [s for s in path.split("/") if s]
    if not segments:
        return Target(store, account, region, None)
    collection = segments[0]
    kind = resource_type(collection)
    plural = kind.replace("-", "_") != collection
    ident = segments[1] if plural and len(segments) > 1 else None
    return Target(store, account, region, kind, ident, table_of(collection))


def of_document(store, table: str, doc: dict, *, collection: str | None = None) -> Target:
    """The target a service call on a stored resource acts on (a volume a job backs up)."""
    collection = collection or table
    return Target(store, doc["_account"], doc["_region"], resource_type(collection), doc["id"], table, doc=doc)


def creating(store, account: str, region: str, collection: str) -> Target:
    """The target of a service call creating a member of `collection` (a snapshot)."""
    return Target(store, account, region, resource_type(collection))


@cache
def resource_type(collection: str) -> str:
    return _singular(collection).replace("_", "-")


@cache
def id_attribute(kind: str) -> str:
    """`backup-policy` -> `backupPolicyId`."""
    head, *rest = kind.split("-")
    return head + "".join(word.capitalize() for word in rest) + "Id"


def table_of(collection: str) -> str:
    return collection if collection in _EMULATED else f"generic/{collection}"


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
