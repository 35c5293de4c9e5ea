"""Catalogue collections the generic engine serves from the catalogue (vpcmock/catalog.py,
data/ibm_catalogue.json) rather than the store: read by name, listed in name order, and
the only names a reference to them may give."""

from __future__ import annotations

from vpcmock import bare_metal_profiles, images
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.listing import Page, paginate_ordered
from vpcmock.engine.generic.collections import Collection

# collection key -> the catalogue's members, each an API view with a `name`
SERVED = {"operating_systems": images.operating_systems, "dedicated_host.profiles": images.dedicated_host_profiles,
          "cluster_network.profiles": images.cluster_network_profiles,
          "bare_metal_server.profiles": bare_metal_profiles.profiles}

# sub-collection key -> the catalogue's members that fit its parent (the profiles an image boots)
SERVED_UNDER = {"images.bare_metal_server_profiles": bare_metal_profiles.compatible,
                "images.instance_profiles": lambda ctx, image: images.compatible_instance_profiles(ctx, image, "image"),
                "volumes.instance_profiles":
                    lambda ctx, volume: images.compatible_instance_profiles(ctx, volume, "volume"),
                "snapshots.instance_profiles":
                    lambda ctx, snapshot: images.compatible_instance_profiles(ctx, snapshot, "snapshot")}


def served(c: Collection) -> bool:
    return c.key in SERVED or c.key in SERVED_UNDER


def members(ctx: Ctx, c: Collection, parent: dict | None = None) -> dict[str, dict]:
    """The members of a served collection, by name (in name order)."""
    views = SERVED_UNDER[c.key](ctx, parent) if c.key in SERVED_UNDER else SERVED[c.key](ctx)
    return {view["name"]: view for view in views}


def page(ctx: Ctx, c: Collection, match, *, start: str | None, limit: int, parent: dict | None = None) -> Page:
    items = [view for view in members(ctx, c, parent).values() if match is None or match(view)]
    return paginate_ordered(items, lambda view: [view["name"]], (str,), start=start, limit=limit)
