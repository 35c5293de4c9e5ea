"""/snapshots and /snapshot_consistency_groups."""

from flask import request

from vpcmock.engine.block_storage import clones, snapshots
from vpcmock.engine.core.refs import resolve_zone
from vpcmock.engine.core.listing import paginate
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, query_choice, respond, respond_empty,
                                 respond_page, transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas import storage as shapes
from vpcmock.http.schemas.backup_policies import JOB_SORTS as SORTS
from vpcmock.http.schemas.base import load

PROTOTYPE, PATCH = shapes.SnapshotPrototype(), shapes.SnapshotPatch()
GROUP_PROTOTYPE, GROUP_PATCH = shapes.GroupPrototype(), shapes.GroupPatch()


@api.get("/snapshots")
@transactional
def list_snapshots():
    """List all snapshots."""
    c = ctx()
    match = snapshots.snapshot_filter(request.args.to_dict())
    page = paginate(c.partition("snapshots"), match=match, sort=query_choice("sort", SORTS), **page_args())
    page.items = [snapshots.present_snapshot(c, s) for s in page.items]
    return respond_page(page, "snapshots", shapes.SNAPSHOT)


@api.post("/snapshots")
@transactional
def create_snapshot():
    """Create a snapshot."""
    c = ctx()
    snapshot = snapshots.create_snapshot(c, load(PROTOTYPE, json_body()))
    return respond(snapshots.present_snapshot(c, snapshot), shapes.SNAPSHOT, 201)


@api.get("/snapshots/<snapshot_id>")
@transactional
def get_snapshot(snapshot_id):
    """Retrieve a snapshot."""
    c = ctx()
    return respond(snapshots.present_snapshot(c, snapshots.get_snapshot(c, snapshot_id)), shapes.SNAPSHOT)


@api.patch("/snapshots/<snapshot_id>")
@transactional
def update_snapshot(snapshot_id):
    """Update a snapshot."""
    c = ctx()
    snapshot = snapshots.get_snapshot(c, snapshot_id)
    check_if_match(snapshot)
    snapshot = snapshots.update_snapshot(c, snapshot, load(PATCH, json_body()))
    return respond(snapshots.present_snapshot(c, snapshot), shapes.SNAPSHOT)


@api.delete("/snapshots")
@transactional
def delete_snapshots():
    """Delete the snapshots of a source volume."""
    c = ctx()
    snapshots.delete_snapshots_of(c, request.args.get("source_volume.id"))
    return respond_empty(202)


@api.delete("/snapshots/<snapshot_id>")
@transactional
def delete_snapshot(snapshot_id):
    """Delete a snapshot."""
    c = ctx()
    snapshot = snapshots.get_snapshot(c, snapshot_id)
    check_if_match(snapshot)
    snapshots.delete_snapshot(c, snapshot)
    return respond_empty(204)


@api.get("/snapshots/<snapshot_id>/clones")
@transactional
def list_clones(snapshot_id):
    """List all clones of a snapshot."""
    c = ctx()
    return respond({"clones": snapshots.get_snapshot(c, snapshot_id)["clones"]}, shapes.SNAPSHOT_CLONES)


@api.get("/snapshots/<snapshot_id>/clones/<zone_name>")
@transactional
def get_clone(snapshot_id, zone_name):
    """Retrieve a snapshot clone."""
    c = ctx()
    return respond(clones.find_clone(snapshots.get_snapshot(c, snapshot_id), zone_name), shapes.SNAPSHOT_CLONE)


@api.put("/snapshots/<snapshot_id>/clones/<zone_name>")
@transactional
def create_clone(snapshot_id, zone_name):
    """Create a snapshot clone in a zone."""
    c = ctx()
    snapshot = snapshots.get_snapshot(c, snapshot_id)
    zone = resolve_zone({"name": zone_name}, c.region, "zone_name")
    return respond(clones.create_clone(c, snapshot, zone), shapes.SNAPSHOT_CLONE, 202)


@api.delete("/snapshots/<snapshot_id>/clones/<zone_name>")
@transactional
def delete_clone(snapshot_id, zone_name):
    """Delete a snapshot clone."""
    c = ctx()
    clones.delete_clone(c, snapshots.get_snapshot(c, snapshot_id), zone_name)
    return respond_empty(202)


@api.get("/snapshot_consistency_groups")
@transactional
def list_groups():
    """List all snapshot consistency groups."""
    c = ctx()
    args = request.args
    tests = []
    for key, path in (("name", ("name",)), ("resource_group.id", ("resource_group", "id")),
                      ("backup_policy_plan.id", ("backup_policy_plan", "id")),
                      ("backup_policy_job.id", ("backup_policy_job", "id"))):
        if key in args:
            tests.append(lambda g, path=path, value=args[key]: _dig(g, path) == value)
    match = (lambda g: all(t(g) for t in tests)) if tests else None
    page = paginate(c.partition("snapshot_consistency_groups"), match=match, sort=query_choice("sort", SORTS),
                    **page_args())
    page.items = [snapshots.present_group(c, g) for g in page.items]
    return respond_page(page, "snapshot_consistency_groups", shapes.GROUP)


def _dig(doc, path):
    for key in path:
        doc = (doc or {}).get(key)
    return doc


@api.post("/snapshot_consistency_groups")
@transactional
def create_group():
    """Create a snapshot consistency group."""
    c = ctx()
    group = snapshots.create_group(c, load(GROUP_PROTOTYPE, json_body()))
    return respond(snapshots.present_group(c, group), shapes.GROUP, 201)


@api.get("/snapshot_consistency_groups/<group_id>")
@transactional
def get_group(group_id):
    """Retrieve a snapshot consistency group."""
    c = ctx()
    return respond(snapshots.present_group(c, snapshots.get_group(c, group_id)), shapes.GROUP)


@api.patch("/snapshot_consistency_groups/<group_id>")
@transactional
def update_group(group_id):
    """Update a snapshot consistency group."""
    c = ctx()
    group = snapshots.get_group(c, group_id)
    check_if_match(group)
    group = snapshots.update_group(c, group, load(GROUP_PATCH, json_body()))
    return respond(snapshots.present_group(c, group), shapes.GROUP)


@api.delete("/snapshot_consistency_groups/<group_id>")
@transactional
def delete_group(group_id):
    """Delete a snapshot consistency group."""
    c = ctx()
    group = snapshots.get_group(c, group_id)
    check_if_match(group)
    return respond(snapshots.delete_group(c, group), shapes.GROUP, 202)
