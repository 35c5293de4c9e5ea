"""/mock/state/snapshots: named snapshots of the whole state, and /mock/state/export."""

from __future__ import annotations

import orjson
from flask import Blueprint, Response, request

from vpcmock.errors import ApiError, field
from vpcmock.timeutil import parse_rfc3339

from vpcmock.http.common import json_body, refuse_unknown_fields, respond, runtime
from vpcmock.http.schemas import admin as shapes

bp = Blueprint("mock_state", __name__, url_prefix="/mock/state")


@bp.get("/snapshots")
def list_snapshots():
    """List all state snapshots."""
    held = [snapshot.describe() for snapshot in runtime().snapshots.all()]
    return respond({"snapshots": held, "total_count": len(held)}, shapes.STATE_SNAPSHOTS)


@bp.post("/snapshots")
def take_snapshot():
    """Create a state snapshot.

    ``{"name": "seeded"}``: keep the state as it is now under that name (replacing one of
    the same name)."""
    body = json_body()
    refuse_unknown_fields(body, ("name",))
    snapshot = runtime().take_snapshot(body.get("name"))
    return respond(snapshot.describe(), shapes.STATE_SNAPSHOT, 201)


@bp.get("/snapshots/<name>")
def get_snapshot(name):
    """Retrieve a state snapshot."""
    return respond(runtime().snapshots.get(name).describe(), shapes.STATE_SNAPSHOT)


@bp.post("/snapshots/<name>/restore")
def restore_snapshot(name):
    """Restore a state snapshot.

    Bring the state, the clock and the schedule back to the snapshot, in one transaction.
    An optional body ``{"now": "<RFC 3339>", "frozen": true}`` sets the clock at once."""
    rt = runtime()
    body = json_body() if request.get_data() else {}
    refuse_unknown_fields(body, ("now", "frozen"))
    frozen = body.get("frozen", True)
    if not isinstance(frozen, bool):
        raise ApiError(400, "invalid_field_type", "frozen must be a boolean", field("frozen", frozen))
    now = None
    if "now" in body:
        try:
            now = parse_rfc3339(body["now"])
        except (TypeError, ValueError):
            raise ApiError(400, "invalid_field_value", "now must be an RFC 3339 date-time",
                           field("now", body["now"])) from None
    changed = rt.restore_snapshot(name, now, frozen)
    return respond({**rt.snapshots.get(name).describe(), "documents_changed": changed}, shapes.STATE_SNAPSHOT_RESTORED)


@bp.delete("/snapshots/<name>")
def delete_snapshot(name):
    """Delete a state snapshot."""
    runtime().snapshots.remove(name)
    return Response(status=204)


@bp.get("/export")
def export_state():
    """Export the state.

    The whole state as a TinyDB database (what `vpcmock serve --seed FILE` starts from)."""
    rt = runtime()
    with rt.store.lock:
        rt.catch_up()
        with rt.store.transaction():
            rt.save_clock()
        data = rt.store.export()
    return Response(orjson.dumps(data), status=200, mimetype="application/json")
