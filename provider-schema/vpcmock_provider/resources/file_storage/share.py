"""ibm_is_share ↔ /shares: POST (with its mount targets and replica, or as a replica of
`source_share`, or an accessor of `origin_share`) then GET, PATCH, DELETE; the data sources
ibm_is_share and ibm_is_shares. What is sent and read follows resource_ibm_is_share.go."""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.file_storage.share import DECLARATION  # noqa: F401  (the module's type)
from vpcmock_provider.resources.file_storage.share_mount_target import interface_block, target_prototype, transit
from vpcmock_provider.resources.mapping import (all_pages, api_view, deleted, get_or_none, go_time, patch_of,
                                                reasons, sdk_call)


def _modes(api_modes: list[str] | None, configured: list[str] | None) -> list[str]:
    """allowed_transit_encryption_modes as read back: `user_managed` where the configuration
    says so for the API's `ipsec` (the IBM provider's set hashes the two alike)."""
    wanted = set(configured or [])
    return [transit(mode, "user_managed" if "user_managed" in wanted else mode) for mode in api_modes or []]


def _targets(client: Client, share: dict, configured: list[dict] | None) -> list[dict]:
    """The share's mount targets as the IBM provider reads them (GET of each)."""
    found = []
    by_name = {t.get("name"): t for t in configured or []}
    for reference in share.get("mount_targets") or []:
        target, _ = client.call("GET", f"/shares/{share['id']}/mount_targets/{reference['id']}")
        before = by_name.get(target["name"]) or {}
        found.append({"name": target["name"], "id": target["id"], "href": target.get("href"),
                      "resource_type": target.get("resource_type"),
                      "transit_encryption": transit(target.get("transit_encryption"), before.get("transit_encryption")),
                      "access_protocol": target.get("access_protocol"),
                      "vpc": (target.get("vpc") or {}).get("id"),
                      "virtual_network_interface": interface_block(
                          target, ((before.get("virtual_network_interface") or [None])[0] or {}),
                          (share.get("resource_group") or {}).get("id"))})
    return found


def _replica(client: Client, share: dict, configured: dict) -> list[dict]:
    """`replica_share` as the IBM provider reads it, from the replica (when configured)."""
    replica_id = (share.get("replica_share") or {}).get("id")
    if not replica_id or not configured:
        return []
    found = get_or_none(client, f"/shares/{replica_id}")
    if found is None:
        return []
    replica = found[0]
    return [{"crn": replica.get("crn"), "href": replica.get("href"), "name": replica["name"], "id": replica["id"],
             "iops": replica.get("iops"), "replication_cron_spec": replica.get("replication_cron_spec"),
             "replication_role": replica.get("replication_role"), "profile": replica["profile"]["name"],
             "replication_status": replica.get("replication_status"),
             "zone": (replica.get("zone") or {}).get("name"),
             "replication_status_reasons": reasons(replica.get("replication_status_reasons")),
             "mount_targets": _targets(client, replica, configured.get("mount_targets")),
             "tags": replica.get("user_tags") or [],
             "access_tags": configured.get("access_tags") or []}]  # access tags: kept, not sent (README)


def _reference(ref: dict | None, remote: bool = False) -> list[dict]:
    if not ref:
        return []
    block = {key: ref.get(key) for key in ("crn", "href", "id", "name", "resource_type")}
    block["deleted"] = deleted(ref)
    if remote:
        block["remote"] = []
    return [block]


def to_state(client: Client, share: dict, prior: dict) -> dict:
    return {
        "id": share["id"], "name": share["name"], "profile": share["profile"]["name"],
        "zone": (share.get("zone") or {}).get("name"), "size": share.get("size"), "iops": share.get("iops"),
        "bandwidth": share.get("bandwidth"), "access_control_mode": share.get("access_control_mode"),
        "allowed_access_protocols": share.get("allowed_access_protocols") or [],
        "allowed_transit_encryption_modes": _modes(share.get("allowed_transit_encryption_modes"),
                                                   prior.get("allowed_transit_encryption_modes")),
        "encryption_key": (share.get("encryption_key") or {}).get("crn"),
        "resource_group": (share.get("resource_group") or {}).get("id"), "tags": share.get("user_tags") or [],
        "crn": share.get("crn"), "href": share.get("href"), "lifecycle_state": share.get("lifecycle_state"),
        "encryption": share.get("encryption"), "availability_mode": share.get("availability_mode"),
        "created_at": go_time(share.get("created_at")), "resource_type": share.get("resource_type"),
        "storage_generation": share.get("storage_generation"), "snapshot_count": share.get("snapshot_count"),
        "snapshot_size": share.get("snapshot_size"), "accessor_binding_role": share.get("accessor_binding_role"),
        "accessor_bindings": [{key: binding.get(key) for key in ("href", "id", "resource_type")}
                              for binding in share.get("accessor_bindings") or []],
        "origin_share": _reference(share.get("origin_share"), remote=True),
        "source_snapshot": _reference(share.get("source_snapshot")),
        "mount_targets": _targets(client, share, prior.get("mount_targets")),
        "replica_share": _replica(client, share, ((prior.get("replica_share") or [None])[0] or {})),
        "lifecycle_reasons": reasons(share.get("lifecycle_reasons"), complete_only=True),
        "replication_cron_spec": share.get("replication_cron_spec"),
        "replication_role": share.get("replication_role"), "replication_status": share.get("replication_status"),
        "replication_status_reasons": reasons(share.get("replication_status_reasons")),
        "last_sync_at": go_time(share.get("last_sync_at")), "latest_sync": _latest_sync(share.get("latest_sync")),
        "latest_job": [{"status": job.get("status"), "status_reasons": reasons(job.get("status_reasons")),
                        "type": job.get("type")} for job in [share.get("latest_job")] if job],
        # source_share, source_share_crn and access_tags: as configured (kept beside the share).
    }


def _latest_sync(sync: dict | None) -> list[dict]:
    """As resource_ibm_is_share.go sets it: `started_at` holds the completion time too."""
    if not sync:
        return []
    completed = go_time(sync.get("completed_at"))
    return [{"completed_at": completed, "data_transferred": sync.get("data_transferred"), "started_at": completed}]


def _send_modes(modes: list[str] | None) -> list[str]:
    return sorted({"ipsec" if mode == "user_managed" else mode for mode in modes or []})


def _replica_prototype(replica: dict) -> dict:
    """SharePrototypeShareContext from the `replica_share` block."""
    body = {"name": replica["name"], "profile": {"name": replica["profile"]},
            "replication_cron_spec": replica["replication_cron_spec"]}
    if replica.get("iops"):
        body["iops"] = replica["iops"]
    if replica.get("zone"):
        body["zone"] = {"name": replica["zone"]}
    if replica.get("mount_targets"):
        body["mount_targets"] = [target_prototype(t, None) for t in replica["mount_targets"]]
    if replica.get("tags"):
        body["user_tags"] = sorted(replica["tags"])
    return body


def create(client: Client, planned: dict) -> dict:
    """The prototype as resource_ibm_is_share.go builds it: by size or source snapshot (with a
    replica), else by source share (a replica: source_share or source_share_crn, with its
    replication_cron_spec), else by origin share (an accessor)."""
    body = {"name": planned["name"]}
    for key in ("access_control_mode", "allowed_access_protocols", "bandwidth", "iops"):
        if planned.get(key):
            body[key] = planned[key]
    if planned.get("allowed_transit_encryption_modes"):
        body["allowed_transit_encryption_modes"] = _send_modes(planned["allowed_transit_encryption_modes"])
    if planned.get("encryption_key"):
        body["encryption_key"] = {"crn": planned["encryption_key"]}
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    source = (planned.get("source_snapshot") or [None])[0] or {}
    origin = (planned.get("origin_share") or [None])[0] or {}
    if source.get("id") or source.get("crn") or planned.get("size"):
        if source.get("id") or source.get("crn"):
            # Restored from a share snapshot, in the snapshot's zone (the type's `zone` conflicts with it).
            body["source_snapshot"] = {"id": source["id"]} if source.get("id") else {"crn": source["crn"]}
        if planned.get("size"):
            body["size"] = planned["size"]
        replica = (planned.get("replica_share") or [None])[0]
        if replica:
            body["replica_share"] = _replica_prototype(replica)
    elif planned.get("source_share"):
        body["source_share"] = {"id": planned["source_share"]}
        body["replication_cron_spec"] = planned.get("replication_cron_spec")
    elif planned.get("source_share_crn"):
        body["source_share"] = {"crn": planned["source_share_crn"]}
        body["replication_cron_spec"] = planned.get("replication_cron_spec")
    elif origin.get("id") or origin.get("crn"):
        body["origin_share"] = {key: origin[key] for key in ("id", "crn") if origin.get(key)}
    if planned.get("profile"):
        body["profile"] = {"name": planned["profile"]}
    if planned.get("mount_targets"):
        share = {"access_control_mode": planned.get("access_control_mode"), "profile": planned.get("profile")}
        body["mount_targets"] = [target_prototype(target, share) for target in planned["mount_targets"]]
    if planned.get("zone"):
        body["zone"] = {"name": planned["zone"]}
    if planned.get("tags"):
        body["user_tags"] = sorted(planned["tags"])
    created, _ = client.call("POST", "/shares", body)
    return read(client, {**planned, "id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/shares/{state['id']}")
    return None if found is None else to_state(client, found[0], state)


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name", "size", "access_control_mode", "iops", "bandwidth",
                                      "replication_cron_spec"))
    if sorted(_send_modes(planned.get("allowed_transit_encryption_modes"))) != \
            sorted(_send_modes(prior.get("allowed_transit_encryption_modes"))) and \
            planned.get("allowed_transit_encryption_modes"):
        patch["allowed_transit_encryption_modes"] = _send_modes(planned["allowed_transit_encryption_modes"])
    if patch:
        client.call("PATCH", f"/shares/{prior['id']}", patch, merge_patch=True)
    for before, after in zip(prior.get("mount_targets") or [], planned.get("mount_targets") or []):
        if before.get("id") and after.get("name") and after["name"] != before.get("name"):
            client.call("PATCH", f"/shares/{prior['id']}/mount_targets/{before['id']}", {"name": after["name"]},
                        merge_patch=True)
    return read(client, planned)


def _delete_targets(client: Client, share: dict) -> None:
    for target in share.get("mount_targets") or []:
        try:
            client.call("DELETE", f"/shares/{share['id']}/mount_targets/{target['id']}")
        except ApiError as exc:
            if exc.status != 404:
                raise


def delete(client: Client, state: dict) -> None:
    """As the IBM provider deletes: the mount targets configured inline, the replica configured
    inline (with its mount targets), then the share."""
    found = get_or_none(client, f"/shares/{state['id']}")
    if found is None:
        return
    share = found[0]
    if state.get("mount_targets"):
        _delete_targets(client, share)
    replica_id = (share.get("replica_share") or {}).get("id")
    if share.get("replication_role") == "source" and replica_id and state.get("replica_share"):
        replica = get_or_none(client, f"/shares/{replica_id}")
        if replica is not None:
            if ((state["replica_share"][0] or {}).get("mount_targets")):
                _delete_targets(client, replica[0])
            client.call("DELETE", f"/shares/{replica_id}")
    client.call("DELETE", f"/shares/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})


# -- data sources --------------------------------------------------------------------------------

def _share_view(fields, share: dict) -> dict:
    """A share under a data source's schema, as data_source_ibm_is_share(s).go sets it."""
    view = api_view(fields, share)
    view.update({"tags": share.get("user_tags") or [], "access_tags": []})
    return view


class DataSource:
    """data "ibm_is_share": by `share` (its id) or by `name`."""
    DECLARATION = ibm_schema.declaration("ibm_is_share", "data", description="Reads a file share by `share` (its "
                                                                             "id) or `name`.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        if config.get("share"):
            share, _ = sdk_call(client, "GetShare", "GET", f"/shares/{config['share']}")
        else:
            found = all_pages(client, "/shares", "shares", {"name": config.get("name")})
            if not found:
                raise ApiError(404, "share_not_found", f"[ERROR] Share with provided name {config.get('name')} not "
                               "found", "name")
            share = found[0]
        return {**_share_view(cls.DECLARATION.fields, share), "id": share["id"], "share": config.get("share"),
                "name": share["name"]}


class DataSources:
    """data "ibm_is_shares": every share (by `name` or `resource_group` when given), with
    `total_count`."""
    DECLARATION = ibm_schema.declaration("ibm_is_shares", "data", description="Lists the file shares.")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        params = {"name": config["name"]} if config.get("name") else {}
        if config.get("resource_group"):
            params["resource_group.id"] = config["resource_group"]
        found = all_pages(client, "/shares", "shares", params)
        items = next(f for f in cls.DECLARATION.fields if f.name == "shares").fields
        return {"id": "shares", "name": config.get("name"), "resource_group": config.get("resource_group"),
                "shares": [{**_share_view(items, share), "id": share["id"]} for share in found],
                "total_count": len(found)}
