"""A dedicated host's local disks, made with it from its profile.

IBM's API reference lists a dedicated host's disks (`/dedicated_hosts/{id}/disks`, renamed by
PATCH) but makes none through the API: a host has those of its profile (a `d` profile's instance
storage: the catalogue's dedicated host profiles give `disks` as [[count, size in GB], ...]). Each
is made `stable`, `provisionable`, of the `nvme` interface, all its capacity `available` while no
instance disk is on it; its name one the mock generates, as IBM's are, until renamed. A host of a
profile without disks has none.
"""

from __future__ import annotations

from vpcmock import catalog, ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections
from vpcmock.engine.generic import values as generic_values

DISKS = "dedicated_hosts.disks"


def make(ctx: Ctx, c, doc: dict, proto: dict) -> None:
    """After a dedicated host is made: its profile's disks."""
    entry = catalog.DEDICATED_HOST_PROFILES.get((doc.get("profile") or {}).get("name")) or {}
    disks_c = collections.collection(DISKS)
    taken: set[str] = set()
    for count, size in entry.get("disks") or ():
        for _ in range(count):
            ident = ids.new_id(ctx.region)
            name = generic_values.name(taken)
            taken.add(name)
            ctx.store.put(disks_c.table, ctx.stamp({
                "id": ident, "href": f"{doc['href']}/disks/{ident}", "name": name, "size": size, "available": size,
                "created_at": generic_values.now(ctx), "instance_disks": [], "interface_type": "nvme",
                "lifecycle_state": "stable", "provisionable": True, "resource_type": "dedicated_host_disk",
                "supported_instance_interface_types": ["nvme", "virtio_blk"], "_parent": doc["id"],
                "_model": disks_c.model, "_etag": ids.new_etag()}))
