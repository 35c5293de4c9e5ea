"""/shares and their snapshots (``/shares/-/snapshots`` lists those of every share)."""

from flask import request

from vpcmock.engine.file_storage import mount_targets, replication, shares
from vpcmock.engine.core.listing import paginate
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, query_choice, respond, respond_all,
                                 respond_empty, respond_page, transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas import storage as shapes
from vpcmock.http.schemas.backup_policies import JOB_SORTS as SORTS
from vpcmock.http.schemas.base import Int, RequestSchema, Str, load, name_rule

PROTOTYPE, PATCH = shapes.SharePrototype(), shapes.SharePatch()
SNAPSHOT_PROTOTYPE, SNAPSHOT_PATCH = shapes.ShareSnapshotPrototype(), shapes.ShareSnapshotPatch()


@api.get("/shares")
@transactional
def list_shares():
    """List all shares."""
    c = ctx()
    name, group = request.args.get("name"), request.args.get("resource_group.id")
    match = None
    if name or group:
        def match(share):
            return (not name or share["name"] == name) and (not group or share["resource_group"]["id"] == group)
    page = paginate(c.partition("shares"), match=match, sort=query_choice("sort", SORTS), **page_args())
    page.items = [shares.present_share(c, s) for s in page.items]
    return respond_page(page, "shares", shapes.SHARE)


@api.post("/shares")
@transactional
def create_share():
    """Create a share."""
    c = ctx()
    return respond(shares.present_share(c, shares.create_share(c, load(PROTOTYPE, json_body()))), shapes.SHARE, 201)


@api.get("/shares/<share_id>")
@transactional
def get_share(share_id):
    """Retrieve a share."""
    c = ctx()
    return respond(shares.present_share(c, shares.get_share(c, share_id)), shapes.SHARE)


@api.patch("/shares/<share_id>")
@transactional
def update_share(share_id):
    """Update a share."""
    c = ctx()
    share = shares.get_share(c, share_id)
    check_if_match(share)
    return respond(shares.present_share(c, shares.update_share(c, share, load(PATCH, json_body()))), shapes.SHARE)


@api.delete("/shares/<share_id>")
@transactional
def delete_share(share_id):
    """Delete a share."""
    c = ctx()
    share = shares.get_share(c, share_id)
    check_if_match(share)
    return respond(shares.delete_share(c, share), shapes.SHARE, 202)


@api.get("/shares/<share_id>/snapshots")
@transactional
def list_share_snapshots(share_id):
    """List all snapshots of a share."""
    c = ctx()
    rows = c.partition("share_snapshots") if share_id == "-" else shares.snapshots_of(c, shares.get_share(c, share_id)["id"])
    args = request.args
    tests = []
    if "name" in args:
        tests.append(lambda s: s["name"] == args["name"])
    if "backup_policy_plan.id" in args:
        tests.append(lambda s: s.get("_plan_id") == args["backup_policy_plan.id"])
    match = (lambda s: all(t(s) for t in tests)) if tests else None
    page = paginate(rows, match=match, sort=query_choice("sort", SORTS), **page_args())
    return respond_page(page, "snapshots", shapes.SHARE_SNAPSHOT)


@api.post("/shares/<share_id>/snapshots")
@transactional
def create_share_snapshot(share_id):
    """Create a snapshot of a share."""
    c = ctx()
    snapshot = shares.create_share_snapshot(c, shares.get_share(c, share_id), load(SNAPSHOT_PROTOTYPE, json_body()))
    return respond(snapshot, shapes.SHARE_SNAPSHOT, 201)


@api.get("/shares/<share_id>/snapshots/<snapshot_id>")
@transactional
def get_share_snapshot(share_id, snapshot_id):
    """Retrieve a share snapshot."""
    c = ctx()
    return respond(shares.get_share_snapshot(c, shares.get_share(c, share_id), snapshot_id), shapes.SHARE_SNAPSHOT)


@api.patch("/shares/<share_id>/snapshots/<snapshot_id>")
@transactional
def update_share_snapshot(share_id, snapshot_id):
    """Update a share snapshot."""
    c = ctx()
    share = shares.get_share(c, share_id)
    snapshot = shares.get_share_snapshot(c, share, snapshot_id)
    check_if_match(snapshot)
    snapshot = replication.update_snapshot(c, shares.snapshots_of(c, share["id"]).values(), snapshot,
                                           load(SNAPSHOT_PATCH, json_body()))
    return respond(snapshot, shapes.SHARE_SNAPSHOT)


@api.get("/shares/<share_id>/source")
@transactional
def get_share_source(share_id):
    """Retrieve the source file share for a replica file share."""
    c = ctx()
    return respond(replication.source_of(c, shares.get_share(c, share_id)), shapes.SHARE_REFERENCE)


class FailoverPrototype(RequestSchema):
    fallback_policy = Str()
    timeout = Int()


FAILOVER = FailoverPrototype()


@api.post("/shares/<share_id>/failover")
@transactional
def failover_share(share_id):
    """Failover to replica file share."""
    c = ctx()
    body = load(FAILOVER, json_body() if request.get_data() else {})
    replication.failover(c, shares.get_share(c, share_id), body.get("fallback_policy"), body.get("timeout"))
    return respond_empty(202)


@api.delete("/shares/<share_id>/source")
@transactional
def delete_share_source(share_id):
    """Split the source file share from a replica share."""
    c = ctx()
    replication.split(c, shares.get_share(c, share_id))
    return respond_empty(202)


@api.delete("/shares/<share_id>/snapshots/<snapshot_id>")
@transactional
def delete_share_snapshot(share_id, snapshot_id):
    """Delete a share snapshot."""
    c = ctx()
    share = shares.get_share(c, share_id)
    snapshot = shares.get_share_snapshot(c, share, snapshot_id)
    check_if_match(snapshot)
    return respond(shares.delete_share_snapshot(c, share, snapshot), shapes.SHARE_SNAPSHOT, 202)


MountTargetPrototype = shapes.MountTargetPrototype


class MountTargetPatch(RequestSchema):
    name = Str(validate=name_rule("share_mount_target_name_invalid"))


MOUNT_TARGET, MOUNT_TARGET_PATCH = MountTargetPrototype(), MountTargetPatch()


@api.get("/shares/<share_id>/accessor_bindings")
@transactional
def list_accessor_bindings(share_id):
    """List all accessor bindings for a share."""
    c = ctx()
    found = [shares.present_accessor_binding(c, b) for b in shares.accessor_bindings(shares.get_share(c, share_id))]
    return respond_all(found, "accessor_bindings", shapes.ACCESSOR_BINDING)


@api.get("/shares/<share_id>/accessor_bindings/<binding_id>")
@transactional
def get_accessor_binding(share_id, binding_id):
    """Retrieve a share accessor binding."""
    c = ctx()
    binding = shares.get_accessor_binding(shares.get_share(c, share_id), binding_id)
    return respond(shares.present_accessor_binding(c, binding), shapes.ACCESSOR_BINDING)


@api.delete("/shares/<share_id>/accessor_bindings/<binding_id>")
@transactional
def delete_accessor_binding(share_id, binding_id):
    """Delete a share accessor binding."""
    c = ctx()
    share = shares.get_share(c, share_id)
    shares.delete_accessor_binding(c, share, shares.get_accessor_binding(share, binding_id))
    return respond_empty(202)


@api.get("/shares/<share_id>/mount_targets")
@transactional
def list_mount_targets(share_id):
    """List all mount targets of a share.

    `name` keeps only the one of that name, as the SDK's list_share_mount_targets filters."""
    name = request.args.get("name")
    found = [mount_targets.present(t) for t in mount_targets.targets(shares.get_share(ctx(), share_id))
             if name is None or t.get("name") == name]
    return respond_all(found, "mount_targets", shapes.MOUNT_TARGET)


@api.post("/shares/<share_id>/mount_targets")
@transactional
def create_mount_target(share_id):
    """Create a mount target for a share."""
    c = ctx()
    _, target = mount_targets.create(c, shares.get_share(c, share_id), load(MOUNT_TARGET, json_body()))
    return respond(mount_targets.present(target), shapes.MOUNT_TARGET, 201)


@api.get("/shares/<share_id>/mount_targets/<target_id>")
@transactional
def get_mount_target(share_id, target_id):
    """Retrieve a share mount target."""
    share = shares.get_share(ctx(), share_id)
    return respond(mount_targets.present(mount_targets.get(share, target_id)), shapes.MOUNT_TARGET)


@api.patch("/shares/<share_id>/mount_targets/<target_id>")
@transactional
def update_mount_target(share_id, target_id):
    """Update a share mount target."""
    c = ctx()
    share = shares.get_share(c, share_id)
    target = mount_targets.get(share, target_id)
    patch = load(MOUNT_TARGET_PATCH, json_body())
    if "name" in patch:
        target = mount_targets.rename(c, share, target, patch["name"])
    return respond(mount_targets.present(target), shapes.MOUNT_TARGET)


@api.delete("/shares/<share_id>/mount_targets/<target_id>")
@transactional
def delete_mount_target(share_id, target_id):
    """Delete a share mount target."""
    c = ctx()
    share = shares.get_share(c, share_id)
    target = mount_targets.get(share, target_id)
    mount_targets.delete(c, share, target)
    return respond(mount_targets.present({**target, "lifecycle_state": "deleting"}), shapes.MOUNT_TARGET, 202)
