"""Registrations: the cloud resources a root key protects. Block Storage registers each volume
and snapshot encrypted with a Key Protect root key (the VPC's `encryption_key` names the key's
CRN); here they are read from the VPC's volumes and snapshots of the key's region."""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx

TABLES = ("volumes", "snapshots")


def of_key(ctx: Ctx, key: dict) -> list[dict]:
    region = key["crn"].split(":")[5]
    here = ctx.at(ctx.account, region)
    found = []
    for table in TABLES:
        for doc in here.partition(table).values():
            if (doc.get("encryption_key") or {}).get("crn") == key["crn"] and doc.get("crn"):
                found.append(_registration(key, doc, table[:-1]))
    return sorted(found, key=lambda r: (r["creationDate"] or "", r["resourceCrn"]))


def _registration(key: dict, doc: dict, kind: str) -> dict:
    """A registration as KP answers it; Block Storage registers the resource when it makes it."""
    version = key["keyVersion"]
    return {"keyId": key["id"], "keyName": key["name"], "resourceCrn": doc["crn"], "createdBy": "is.block-storage",
            "creationDate": doc.get("created_at"), "lastUpdated": doc.get("created_at"),
            "description": f"Encrypts {kind} {doc.get('name') or doc['id']}", "preventKeyDeletion": False,
            "keyVersion": {"id": version["id"], "creationDate": version["creationDate"]}}
