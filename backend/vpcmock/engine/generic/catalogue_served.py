"""Catalogue collections the generic engine serves from the catalogue (vpcmock/catalog.py,
data/ibm_catalogue.json) rather than the store: read by name, listed in name order, and
the only names a reference to them may give."""

from __future__ import annotations

from vpcmock import images
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.listing import Page, paginate_ordered
from vpcmock.engine.generic.collections import Collection

# collection key -> the catalogue's members, each an API view with a `name`
SERVED = {"operating_systems": images.operating_systems, "dedicated_host.profiles": images.dedicated_host_profiles}


def served(c: Collection) -> bool:
    return c.key in SERVED


def members(ctx: Ctx, c: Collection) -> dict[str, dict]:
    """The members of a served collection, by name (in name order)."""
    return {view["name"]: view for view in SERVED[c.key](ctx)}


def page(ctx: Ctx, c: Collection, match, *, start: str | None, limit: int) -> Page:
    items = [view for view in members(ctx, c).values() if match is None or match(view)]
    return paginate_ordered(items, lambda view: [view["name"]], (str,), start=start, limit=limit)
