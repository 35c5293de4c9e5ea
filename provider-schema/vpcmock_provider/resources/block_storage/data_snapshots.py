"""data ibm_is_snapshots: every page of GET /snapshots with the declared filters."""

import time

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.block_storage.data_snapshots import DECLARATION
from vpcmock_provider.resources.block_storage.volume import allowed_use_block
from vpcmock_provider.resources.mapping import all_pages, go_time

FILTERS = [fld for fld in DECLARATION.fields if fld.optional]


def read(client: Client, config: dict) -> dict:
    params = {fld.api_name: config[fld.name] for fld in FILTERS if config.get(fld.name)}
    snapshots = all_pages(client, "/snapshots", "snapshots", params)
    return {"id": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **{fld.name: config.get(fld.name) for fld in FILTERS},
            "snapshots": [_snapshot(s) for s in snapshots]}


def _snapshot(snapshot: dict) -> dict:
    plan = snapshot.get("backup_policy_plan")
    return {
        "id": snapshot["id"], "name": snapshot["name"], "crn": snapshot.get("crn"), "href": snapshot.get("href"),
        "lifecycle_state": snapshot.get("lifecycle_state"), "source_volume": snapshot["source_volume"]["id"],
        "size": snapshot.get("size"), "minimum_capacity": snapshot.get("minimum_capacity"),
        "bootable": snapshot.get("bootable"), "encryption": snapshot.get("encryption"),
        "captured_at": go_time(snapshot.get("captured_at")), "created_at": go_time(snapshot.get("created_at")),
        "resource_group": (snapshot.get("resource_group") or {}).get("id"), "tags": snapshot.get("user_tags") or [],
        "service_tags": snapshot.get("service_tags") or [],
        "backup_policy_plan": [{k: plan.get(k) for k in ("id", "name", "href", "resource_type")}] if plan else [],
        "operating_system": (snapshot.get("operating_system") or {}).get("name"),
        "allowed_use": [allowed_use_block(snapshot["allowed_use"])] if snapshot.get("allowed_use") else [],
    }
