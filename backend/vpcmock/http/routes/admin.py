"""The admin API under /mock: clock, reset, state (no authentication: a loopback tool)."""

import re
from datetime import datetime

from flask import Blueprint, Response, current_app, request

from vpcmock.engine.core.clock import ClockError
from vpcmock.config import IAM_FIELDS, ConfigError
from vpcmock import webhook
from vpcmock.engine.backup import fires
from vpcmock.engine.block_storage import blocks, snapshots, volumes
from vpcmock.engine.file_storage import share_files
from vpcmock.engine.backup.retention import BACKUP_TABLES
from vpcmock.engine.network import keys as ssh_keys, vpcs
from vpcmock.engine.platform import accounts, activity, iam_policies, resource_groups, stored
from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, echo, field, not_found, parameter
from vpcmock.http.common import json_body, refuse_unknown_fields, respond, runtime
from vpcmock.http.schemas import admin as shapes
from vpcmock.timeutil import LATEST_INSTANT, parse_rfc3339, rfc3339

bp = Blueprint("admin", __name__, url_prefix="/mock")


@bp.get("")
def index():
    """List the admin routes.

    Each route under /mock with its method, its path and the first paragraph of its view's
    docstring, read from the URL map: a route added is listed, with no list to keep."""
    routes = []
    for rule in current_app.url_map.iter_rules():
        if rule.rule != "/mock" and not rule.rule.startswith("/mock/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        doc = (current_app.view_functions[rule.endpoint].__doc__ or "").strip()
        description = " ".join(doc.split("\n\n")[0].split())
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append({"method": method, "path": path, "description": description})
    routes.sort(key=lambda route: (route["path"], route["method"]))
    return respond({"routes": routes}, shapes.ADMIN_ROUTES)


@bp.get("/clock")
def get_clock():
    """Retrieve the clock."""
    rt = runtime()
    return respond({"now": rfc3339(rt.clock.now()), "frozen": rt.clock.frozen}, shapes.CLOCK)


CLOCK_FIELDS = ("advance_seconds", "to", "frozen")


@bp.post("/clock")
def move_clock():
    """Move, set or freeze the clock.

    ``{"advance_seconds": N}`` or ``{"to": "<RFC 3339>"}``, and/or ``{"frozen": bool}``."""
    rt = runtime()
    body = json_body()
    refuse_unknown_fields(body, CLOCK_FIELDS)
    if "advance_seconds" in body and "to" in body:
        raise ApiError(400, "invalid_clock_request", "Give advance_seconds or to, not both")
    frozen = body.get("frozen")
    if frozen is not None and not isinstance(frozen, bool):
        raise ApiError(400, "invalid_field_type", "frozen must be a boolean", field("frozen", frozen))
    advance, to = body.get("advance_seconds"), None
    if "advance_seconds" in body:
        _require_non_negative(advance, "advance_seconds")
        if advance >= (LATEST_INSTANT - rt.clock.now_exact()).total_seconds():
            raise ApiError(400, "invalid_field_value", f"advance_seconds would move the clock past "
                           f"{rfc3339(LATEST_INSTANT)}", field("advance_seconds", advance))
    elif "to" in body:
        to = _instant(body["to"], "to")
        if to >= LATEST_INSTANT:
            raise ApiError(400, "invalid_field_value", f"to must be before {rfc3339(LATEST_INSTANT)}",
                           field("to", body["to"]))
    try:
        counts = rt.move_clock(advance=advance, to=to, frozen=frozen)
    except ClockError as exc:
        raise ApiError(400, "clock_backwards", str(exc)) from None
    return respond({"now": rfc3339(rt.clock.now()), "frozen": rt.clock.frozen, "events": dict(counts)}, shapes.CLOCK_MOVED)


def _require_non_negative(value, name: str) -> None:
    """A JSON number >= 0 (true and false are not numbers here), or a 400 naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ApiError(400, "invalid_field_value", f"{name} must be a number >= 0", field(name, value))


def _instant(value, name: str, target=field) -> datetime:
    """`value` as an instant, or a 400 naming it (a body `field` or a query `parameter`)."""
    try:
        if isinstance(value, str):
            return parse_rfc3339(value)
    except (ValueError, OverflowError):
        pass
    raise ApiError(400, "invalid_field_value" if target is field else "invalid_parameter_value",
                   f"{name} must be an RFC 3339 instant such as 2030-01-01T00:00:00Z", target(name, value))


@bp.get("/snapshots/<snapshot_id>")
def snapshot_simulation(snapshot_id):
    """Retrieve the transfer of a snapshot."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        view = snapshots.simulation_of(rt.store, snapshot_id)
    if view is None:
        raise not_found("snapshot", snapshot_id)
    return respond(view, shapes.SNAPSHOT_SIMULATION)


@bp.get("/plans/<plan_id>")
def plan_schedule(plan_id):
    """Retrieve when a plan fires next.

    What the API does not show of a plan: when it fires next (null when inactive)."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        plan = _found(rt, "plans", plan_id)
    return respond({"id": plan["id"], "next_fire_at": fires.next_fire_at(plan)}, shapes.PLAN_SCHEDULE)


@bp.get("/volumes/<volume_id>")
def volume_simulation(volume_id):
    """Retrieve the hydration of a volume.

    What the API does not show of a volume: a restore's hydration (null once hydrated), with
    its progress from 0 to 1 (a restored volume hydrates from its creation on)."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        volume = _found(rt, "volumes", volume_id)
    return respond({"id": volume["id"], "hydration": volumes.hydration(volume, rt.clock.now())},
                   shapes.VOLUME_SIMULATION)


def _owner_ctx(rt, doc: dict) -> Ctx:
    """The engine seen from the account and region a document belongs to (the admin API has no token)."""
    return Ctx(rt.store, doc["_account"], doc["_region"], rt.clock.now(), rt.agenda)


def _found(rt, table: str, ident: str) -> dict:
    """A document of `table` by id, whatever its account (the admin API sees all), or a 404."""
    doc = rt.store.get(table, ident)
    if doc is None:
        raise not_found(table[:-1], ident)
    return doc


@bp.post("/volumes/<volume_id>/writes")
def write_blocks(volume_id):
    """Write to the data of a volume.

    Change a volume's data: ``{"gb": N}`` (N blocks of new content) or ``{"blocks": {"<index>": "<content>"}}``."""
    body = json_body()
    refuse_unknown_fields(body, ("gb", "blocks"))
    if ("gb" in body) == ("blocks" in body):
        raise ApiError(400, "invalid_write", "Give exactly one of gb (an amount of changed data) or blocks "
                       "(exact contents by block index)")
    gb, blocks_written = body.get("gb"), body.get("blocks")
    if "gb" in body and (isinstance(gb, bool) or not isinstance(gb, int) or gb < 1):
        raise ApiError(400, "invalid_field_value", "gb must be a whole number of GB, at least 1", field("gb", gb))
    if "blocks" in body and (not isinstance(blocks_written, dict) or not blocks_written
                             or not all(isinstance(v, str) for v in blocks_written.values())):
        raise ApiError(400, "invalid_field_value", "blocks must map block indexes to string contents",
                       field("blocks"))
    return _on_volume(volume_id, lambda ctx, volume: blocks.write(ctx, volume, gb=gb, blocks=blocks_written))


@bp.put("/volumes/<volume_id>/change_rate")
def set_change_rate(volume_id):
    """Set the daily change rate of a volume.

    ``{"daily_gb": N}``: how much of the volume's data changes per simulated day from now on
    (0 to the volume's capacity: more than all of it cannot change in a day)."""
    body = json_body()
    refuse_unknown_fields(body, ("daily_gb",))
    rate = body.get("daily_gb")
    _require_non_negative(rate, "daily_gb")

    def apply(ctx, volume):
        if rate > volume["capacity"]:
            raise ApiError(400, "invalid_field_value", f"daily_gb must be at most the volume's capacity "
                           f"({volume['capacity']} GB)", field("daily_gb", rate))
        return blocks.set_rate(ctx, volume, rate)
    return _on_volume(volume_id, apply)


@bp.get("/volumes/<volume_id>/blocks")
def read_blocks(volume_id):
    """Retrieve the data of a volume.

    The volume's data now (reading settles its simulated daily changes up to now)."""
    return _on_volume(volume_id, blocks.settle)


def _on_volume(volume_id: str, operation):
    """Run `operation(ctx, volume)` after what is due, in one transaction; answer the volume's data."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        volume = _found(rt, "volumes", volume_id)
        volume = operation(_owner_ctx(rt, volume), volume)
        return respond(_block_view(volume), shapes.VOLUME_BLOCKS)


def _block_view(volume: dict) -> dict:
    return {"id": volume["id"], "capacity": volume["capacity"], "block_size_gb": blocks.BLOCK_SIZE_GB,
            "daily_change_gb": blocks.daily_change_gb(volume),
            "changed_since_last_snapshot_gb": len(volume.get("_dirty", ())) * blocks.BLOCK_SIZE_GB,
            "blocks": volume.get("_blocks", {})}


@bp.get("/snapshots/<snapshot_id>/blocks")
def snapshot_blocks(snapshot_id):
    """Retrieve the data a snapshot holds.

    The data a block storage snapshot holds (a local backup or a copy)."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        snapshot = _found(rt, "snapshots", snapshot_id)
        held = blocks.content(_owner_ctx(rt, snapshot), snapshot)
    return respond({"id": snapshot_id, "block_size_gb": blocks.BLOCK_SIZE_GB, "blocks": held}, shapes.SNAPSHOT_BLOCKS)


@bp.get("/shares/<share_id>/files")
def list_share_files(share_id):
    """List the files of a share."""
    rt = runtime()
    with rt.store.transaction():
        return respond({"id": share_id, "files": share_files.tree(_found(rt, "shares", share_id))}, shapes.FILES)


@bp.put("/shares/<share_id>/files/<path:path>")
def write_share_file(share_id, path):
    """Write a file of a share.

    The request body (UTF-8 text) becomes the file's content."""
    rt = runtime()
    try:
        content = request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_body", "File contents must be UTF-8 text") from None
    rt.catch_up()
    with rt.store.transaction():
        share = _found(rt, "shares", share_id)
        share_files.write_file(_owner_ctx(rt, share), share, path, content)
    return respond({"id": share_id, "path": share_files.normal_path(path), "size": len(content)}, shapes.FILE_WRITTEN)


@bp.get("/shares/<share_id>/files/<path:path>")
def read_share_file(share_id, path):
    """Retrieve a file of a share."""
    rt = runtime()
    with rt.store.transaction():
        content = share_files.read_file(_found(rt, "shares", share_id), path)
    return Response(content, 200, mimetype="text/plain")


@bp.delete("/shares/<share_id>/files/<path:path>")
def delete_share_file(share_id, path):
    """Delete a file of a share."""
    rt = runtime()
    with rt.store.transaction():
        share = _found(rt, "shares", share_id)
        share_files.delete_file(_owner_ctx(rt, share), share, path)
    return Response(status=204)


@bp.get("/share_snapshots/<snapshot_id>/files")
def list_share_snapshot_files(snapshot_id):
    """List the files of a share backup."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        return respond({"id": snapshot_id, "files": share_files.tree(share_files.find_snapshot(rt.store, snapshot_id))},
                       shapes.FILES)


@bp.get("/share_snapshots/<snapshot_id>/files/<path:path>")
def read_share_snapshot_file(snapshot_id, path):
    """Retrieve a file of a share backup.

    One file as a share backup holds it (the single-file restore of the service)."""
    rt = runtime()
    rt.catch_up()
    with rt.store.transaction():
        content = share_files.read_file(share_files.find_snapshot(rt.store, snapshot_id), path)
    return Response(content, 200, mimetype="text/plain")


@bp.get("/iam")
def get_iam():
    """Retrieve the accounts, API keys and enterprise.

    The accounts, API keys with their roles, and enterprise the mock knows."""
    rt = runtime()
    with rt.store.transaction():
        return respond(accounts.directory_document(rt.store), shapes.IAM_DIRECTORY)


@bp.put("/iam")
def put_iam():
    """Replace the accounts, API keys and enterprise.

    Replace the accounts, keys, roles and enterprise: ``{"accounts": ..., "enterprise": ...}``, as the
    config file gives them."""
    rt = runtime()
    try:
        body = json_body()
        refuse_unknown_fields(body, IAM_FIELDS)
        directory = accounts.parse_directory(body)
    except ConfigError as exc:
        raise ApiError(400, "invalid_iam_configuration", str(exc)) from None
    with rt.store.transaction():
        rt.store.set_meta(accounts.IAM_META, directory)
        return respond(accounts.directory_document(rt.store), shapes.IAM_DIRECTORY)


@bp.get("/accounts/<account>/authorizations")
def get_authorizations(account):
    """List an account's service-to-service authorizations."""
    rt = runtime()
    with rt.store.transaction():
        return respond({"account": account, "authorizations": accounts.authorizations(rt.store, account)},
                       shapes.AUTHORIZATIONS)


@bp.put("/accounts/<account>/authorizations/<service>")
def grant_authorization(account, service):
    """Grant a service-to-service authorization."""
    return _set_authorization(account, service, True)


@bp.delete("/accounts/<account>/authorizations/<service>")
def revoke_authorization(account, service):
    """Revoke a service-to-service authorization."""
    return _set_authorization(account, service, False)


def _set_authorization(account: str, service: str, granted: bool):
    """Grant or revoke the Backup service's authorization to use `service` in `account`."""
    if service not in accounts.SERVICES:
        raise ApiError(404, "service_not_found", f"Unknown service {service!r}; one of {', '.join(accounts.SERVICES)}")
    rt = runtime()
    with rt.store.transaction():
        table = accounts.set_authorization(rt.store, account, service, granted)
    return respond({"account": account, "authorizations": table}, shapes.AUTHORIZATIONS)


@bp.get("/events")
def list_events():
    """List activity events.

    Oldest first, filtered by action, outcome, target_crn, account, region,
    initiator_id, since and until (RFC 3339); `limit` keeps the newest that many."""
    rt = runtime()
    rt.catch_up()
    args = request.args.to_dict()
    limit = args.pop("limit", None)
    if limit is not None and (not _WHOLE.match(limit) or not 1 <= int(limit) <= activity.MAX_EVENTS):
        raise ApiError(400, "invalid_parameter_value", f"limit must be a whole number from 1 to {activity.MAX_EVENTS}",
                       parameter("limit", limit))
    unknown = sorted(set(args) - set(activity.FILTERS))
    if unknown:
        raise ApiError(400, "invalid_parameter", f"Unknown query parameter {unknown[0]!r}; the filters are "
                       f"{', '.join(activity.FILTERS)} and limit", parameter(unknown[0], args[unknown[0]]))
    for name in ("since", "until"):
        if name in args:
            args[name] = rfc3339(_instant(args[name], name, parameter))
    match = activity.event_filter(args)
    with rt.store.transaction():
        found = [activity.public(e) for e in rt.store.all(activity.TABLE).values() if match(e)]
    if limit is not None:
        found = found[-int(limit):]
    return respond({"events": found, "total_count": len(found)}, shapes.EVENTS)


_WHOLE = re.compile(r"^[0-9]{1,9}$")


@bp.get("/events/webhook")
def get_webhook():
    """Retrieve the activity event webhook."""
    rt = runtime()
    with rt.store.transaction():
        url = rt.store.meta(webhook.WEBHOOK_META)
    return respond({"url": url, **rt.webhook_stats}, shapes.WEBHOOK)


@bp.put("/events/webhook")
def put_webhook():
    """Send activity events to a webhook.

    ``{"url": "http://127.0.0.1:PORT/path"}``: send each new activity event there."""
    rt = runtime()
    body = json_body()
    refuse_unknown_fields(body, ("url",))
    url = body.get("url")
    problem = webhook.check_url(url)
    if problem:
        raise ApiError(400, "invalid_webhook_url", problem, field("url", url))
    with rt.store.transaction():
        rt.store.set_meta(webhook.WEBHOOK_META, url)
    return respond({"url": url, **rt.webhook_stats}, shapes.WEBHOOK)


@bp.delete("/events/webhook")
def delete_webhook():
    """Stop sending activity events to a webhook."""
    rt = runtime()
    with rt.store.transaction():
        rt.store.set_meta(webhook.WEBHOOK_META, None)
    return Response(status=204)


@bp.post("/reset")
def reset():
    """Empty the state."""
    if request.get_data():  # a body is optional; any key in it is misspelt (none is taken)
        refuse_unknown_fields(json_body(), ())
    rt = runtime()
    rt.reset()
    return respond({"reset": True}, shapes.RESET)


# The tables of the state (GET /mock/state?table=), from the engine modules that keep them.
# A table holding documents is known whatever this list says: one it missed would only be
# refused while empty.
STATE_TABLES = frozenset({*BACKUP_TABLES, "backup_policies", "plans", "jobs", "volumes", "instances", "shares",
                          vpcs.VPCS, vpcs.PREFIXES, vpcs.SUBNETS, ssh_keys.TABLE, resource_groups.TABLE,
                          iam_policies.TABLE, activity.TABLE, stored.TABLE})


@bp.get("/state")
def state():
    """Retrieve every stored document."""
    rt = runtime()
    with rt.store.transaction():
        dump = rt.store.dump()
    dump.pop("meta", None)
    table = request.args.get("table")
    if table:
        if table not in STATE_TABLES and table not in dump:
            raise ApiError(404, "table_not_found", f"No table {echo(table)!r} in the state", parameter("table", table))
        dump = {table: dump.get(table, [])}
    return respond({"counts": {name: len(rows) for name, rows in dump.items()}, "tables": dump}, shapes.STATE)
