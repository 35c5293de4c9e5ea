"""The simulated file tree of a share, so a share backup can be checked file by file.

A share holds ``_files`` (path -> text content). A share snapshot captures the tree at its
instant (share snapshots are whole-tree captures here: trees in a mock are small); a file can be
read back from it, and a share created from it starts with that tree. A replica share is
read-only, as in the service.
"""

from __future__ import annotations

import posixpath

from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, bad_field, conflict, not_found

MAX_PATH_LENGTH = 4096


def normal_path(path: str) -> str:
    """A share-relative path: no empty, `.` or `..` parts; a leading `/` is dropped."""
    parts = path.strip("/").split("/")
    if not path.strip("/") or any(part in ("", ".", "..") for part in parts) or len(path) > MAX_PATH_LENGTH:
        raise bad_field("share_file_path_invalid", f"{path!r} is not a file path inside the share", "path", path)
    return posixpath.join(*parts)


def write_file(ctx: Ctx, share: dict, path: str, content: str) -> dict:
    if share.get("replication_role") == "replica":
        raise conflict("share_replica_read_only", f"Share {share['id']} is a replica and cannot be written")
    files = {**share.get("_files", {}), normal_path(path): content}
    return ctx.store.replace("shares", share, _files=files)


def delete_file(ctx: Ctx, share: dict, path: str) -> dict:
    path = normal_path(path)
    files = dict(share.get("_files", {}))
    if files.pop(path, None) is None:
        raise ApiError(404, "share_file_not_found", f"No file {path!r} in share {share['id']}")
    return ctx.store.replace("shares", share, _files=files)


def read_file(holder: dict, path: str) -> str:
    """A file of a share or a share snapshot."""
    path = normal_path(path)
    files = holder.get("_files", {})
    if path not in files:
        raise ApiError(404, "share_file_not_found", f"No file {path!r} in {holder['resource_type']} {holder['id']}")
    return files[path]


def tree(holder: dict) -> dict[str, str]:
    return dict(holder.get("_files", {}))


def find_snapshot(store, snapshot_id: str) -> dict:
    snapshot = store.get("share_snapshots", snapshot_id)
    if snapshot is None:
        raise not_found("share_snapshot", snapshot_id)
    return snapshot
