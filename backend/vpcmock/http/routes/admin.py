"""The admin API under /mock: clock, reset, state (no authentication: a loopback tool)."""

from flask import Blueprint, request

from vpcmock.engine.clock import ClockError
from vpcmock.engine import snapshots
from vpcmock.errors import ApiError, field, not_found
from vpcmock.http.common import json_body, json_response, runtime
from vpcmock.runtime import SECRET_KEY
from vpcmock.timeutil import parse_rfc3339, rfc3339

bp = Blueprint("admin", __name__, url_prefix="/mock")


@bp.get("/clock")
def get_clock():
    rt = runtime()
    return json_response({"now": rfc3339(rt.clock.now()), "frozen": rt.clock.frozen}, 200)


@bp.post("/clock")
def move_clock():
    rt = runtime()
    body = json_body()
    if "advance_seconds" in body and "to" in body:
        raise ApiError(400, "invalid_clock_request", "Give advance_seconds or to, not both")
    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise ApiError(400, "invalid_field_type", "frozen must be a boolean", field("frozen"))
    try:
        if "advance_seconds" in body:
            seconds = body["advance_seconds"]
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise ApiError(400, "invalid_field_value", "advance_seconds must be a number >= 0",
                               field("advance_seconds"))
            target = rt.clock.now_exact().timestamp() + seconds
        elif "to" in body:
            try:
                target = parse_rfc3339(body["to"]).timestamp()
            except ValueError as exc:
                raise ApiError(400, "invalid_field_value", str(exc), field("to")) from None
        else:
            target = None
        counts = rt.move_clock(target, frozen)
    except ClockError as exc:
        raise ApiError(400, "clock_backwards", str(exc)) from None
    return json_response({"now": rfc3339(rt.clock.now()), "frozen": rt.clock.frozen, "events": dict(counts)}, 200)


@bp.get("/snapshots/<snapshot_id>")
def snapshot_simulation(snapshot_id):
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        view = snapshots.simulation_of(rt.store, snapshot_id)
    if view is None:
        raise not_found("snapshot", snapshot_id)
    return json_response(view, 200)


@bp.post("/reset")
def reset():
    rt = runtime()
    rt.reset()
    return json_response({"reset": True}, 200)


@bp.get("/state")
def state():
    rt = runtime()
    with rt.store.transaction():
        dump = rt.store.dump()
    dump.pop("meta", None)
    table = request.args.get("table")
    if table:
        dump = {table: dump.get(table, [])}
    return json_response({"counts": {name: len(rows) for name, rows in dump.items()}, "tables": dump}, 200)
