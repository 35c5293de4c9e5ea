"""data ibm_is_share_snapshot(s) ↔ /shares/{id}/snapshots (`-` for every share)."""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.file_storage.share_snapshot import to_state
from vpcmock_provider.resources.mapping import all_pages
from vpcmock_provider.resources.platform.stored_data import _project


class ShareSnapshot:
    DECLARATION = ibm_schema.declaration("ibm_is_share_snapshot", "data",
                                         description="Reads a snapshot of a share by `share_snapshot` id or `name`.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        share = config["share"]
        if config.get("share_snapshot"):
            found, _ = client.call("GET", f"/shares/{share}/snapshots/{config['share_snapshot']}")
        else:
            matches = [s for s in all_pages(client, f"/shares/{share}/snapshots", "snapshots")
                       if s.get("name") == config.get("name")]
            if not matches:
                raise ApiError(404, "share_snapshot_not_found", f"No snapshot of share {share} is named "
                               f"{config.get('name')}", "name")
            found = matches[0]
        state = to_state(client, share, found)
        return {**_project(cls.DECLARATION.fields, state), "id": state["id"], "share": share,
                "share_snapshot": found["id"]}


class ShareSnapshots:
    DECLARATION = ibm_schema.declaration("ibm_is_share_snapshots", "data",
                                         description="Lists the snapshots of a share, or of every share.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        share = config.get("share") or "-"
        params = {key: config[key] for key in ("name", "backup_policy_plan") if config.get(key)}
        items = next(f for f in cls.DECLARATION.fields if f.as_attribute).fields
        listed = all_pages(client, f"/shares/{share}/snapshots", "snapshots", params)
        snapshots = []
        for found in listed:
            owner = found.get("href", "").split("/shares/")[-1].split("/")[0] or share
            snapshots.append({**_project(items, to_state(client, owner, found)), "id": found["id"]})
        list_name = next(f for f in cls.DECLARATION.fields if f.as_attribute).name
        return {**{k: config.get(k) for k in ("share", "name", "backup_policy_plan") if any(
            f.name == k for f in cls.DECLARATION.fields)}, "id": share, list_name: snapshots}
