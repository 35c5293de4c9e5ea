"""A dedicated host's local disks, made with it from its profile.

IBM's API reference lists a dedicated host's disks (`/dedicated_hosts/{id}/disks`, renamed by
PATCH) but makes none through the API: a host has those of its profile (a `d` profile's instance
storage: the catalogue's dedicated host profiles give `disks` as [[count, size in GB], ...]). Each
is made `stable`, `provisionable`, of the `nvme` interface, all its capacity `available` while no
instance disk is on it; its name one the mock generates, as IBM's are, until renamed. A host of a
profile without disks has none.

An instance of a `d` profile likewise has its profile's instance storage disks
(`/instances/{id}/disks`, renamed by PATCH; IBM's "Instance storage" docs: the disks come with the
profile and go with the instance), of the interface type the profile gives as its default, each
named by the mock until renamed (`make_for_instance`, `release_instance`).
"""

from __future__ import annotations

from vpcmock import catalog, ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import collections
from vpcmock.engine.generic import values as generic_values

DISKS = "dedicated_hosts.disks"
INSTANCE_DISKS = "instances.disks"


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


def make_for_instance(ctx: Ctx, instance: dict, profile: dict) -> None:
    """After an instance is made: the instance storage disks of its profile (as /instance/profiles
    shows it: `disks` of quantity, size and supported interface types)."""
    disks_c = collections.collection(INSTANCE_DISKS)
    taken: set[str] = set()
    for disk in profile.get("disks") or ():
        for _ in range(disk["quantity"]["value"]):
            ident = ids.new_id(ctx.region)
            name = generic_values.name(taken)
            taken.add(name)
            ctx.store.put(disks_c.table, ctx.stamp({
                "created_at": generic_values.now(ctx), "href": f"{instance['href']}/disks/{ident}", "id": ident,
                "interface_type": disk["supported_interface_types"]["default"], "name": name,
                "resource_type": "instance_disk", "size": disk["size"]["value"], "_parent": instance["id"],
                "_model": disks_c.model, "_etag": ids.new_etag()}))


def of_instance(ctx: Ctx, instance_id: str) -> list[dict]:
    """An instance's disks as the API shows them (Instance.disks), in creation order."""
    table = collections.collection(INSTANCE_DISKS).table
    return [{k: v for k, v in doc.items() if not k.startswith("_")}
            for doc in ctx.store.indexed(table, "_parent", instance_id).values()]


def release_instance(ctx: Ctx, instance: dict) -> None:
    """The instance is deleted: its disks go with it."""
    table = collections.collection(INSTANCE_DISKS).table
    for ident in list(ctx.store.indexed(table, "_parent", instance["id"])):
        ctx.store.delete(table, ident)
