"""Delivery: each activity event the mock stores goes to the COS targets its account's routes
select, once, in order, as the API documents routing (the Go SDK's doc comments: "all the routes
are evaluated in all regions"; a route's rules "will be evaluated in their order of the array.
Once a rule is matched, the remaining rules in the route definition will be skipped"; default
targets: "In the event that no routing rule causes the event to be sent to a target, these
targets will receive the event"; locations: "a superset of regions including global and *"):

- an event's location is its region, or `global` for the events of global services (IAM, Resource
  Controller, context-based restrictions, DNS Services, Transit Gateway);
- every route of the account is evaluated; within a route the rules are evaluated in order and the
  first whose `locations` hold the event's location (or `*`) sends it to its `target_ids` (the
  rest of that route's rules are skipped);
- an event no route sends anywhere goes to the settings' `default_targets`;
- a target outside the settings' `permitted_target_regions` (when they are set) receives nothing;
- only `cloud_object_storage` targets are written to (the other types are kept and returned by
  the API; the mock serves no Event Streams, Cloud Logs or App Configuration to write to).

The cursor (the `seq` of the last event handled) is kept in the store's metadata, so it is part
of the state: after a restart delivery goes on from where it was, and no event is written twice.
Delivery runs when events are stored (activity.record outside a clock run; activity.store_log at
the end of one), so the events of a clock move reach the bucket when the move ends.

A target whose bucket cannot be written (none of that name in the account, or COS refusing the
object) does not get the events; its `write_status` turns `failed` with `last_failure` and
`reason_for_last_failure`, as Activity Tracker shows a failing target, and `success` again after
the next write that works.
"""

from __future__ import annotations

from collections import defaultdict
from contextvars import ContextVar

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.engine.platform.atracker import config, cos_format
from vpcmock.errors import ApiError
from vpcmock.timeutil import parse_rfc3339, rfc3339

CURSOR = "atracker_delivery_cursor"
GLOBAL_SERVICES = frozenset({"iam-identity", "iam-groups", "iam-access-management", "resource-controller",
                             "context-based-restrictions", "dns-svcs", "transit", "global-search-tagging",
                             "cloud-object-storage"})
_DELIVERING: ContextVar[bool] = ContextVar("vpcmock_atracker_delivering", default=False)


def location_of(event: dict) -> str:
    return config.LOCATION_GLOBAL if event["action"].partition(".")[0] in GLOBAL_SERVICES else event["region"]


def start_cursor(store) -> None:
    """Before an account's first target exists nothing is delivered: events from now on are."""
    if not store.all(config.TARGETS):
        store.set_meta(CURSOR, activity.newest_seq(store))


def deliver(store) -> int:
    """Deliver the events stored since the cursor; answers how many records were written."""
    if _DELIVERING.get() or not store.all(config.TARGETS):
        return 0
    events = activity.newer_than(store, store.meta(CURSOR, 0))
    if not events:
        return 0
    token = _DELIVERING.set(True)
    try:
        written = 0
        by_account: dict[str, list[dict]] = defaultdict(list)
        for event in events:
            by_account[event["account"]].append(event)
        for account, account_events in by_account.items():
            written += _deliver_account(store, account, account_events)
        store.set_meta(CURSOR, events[-1]["seq"])
        return written
    finally:
        _DELIVERING.reset(token)


def destinations(event: dict, routes: list[dict], settings: dict, targets: dict[str, dict]) -> list[str]:
    """The ids of the targets `event` goes to, in the order the routes name them."""
    location = location_of(event)
    chosen: list[str] = []
    for route in routes:
        for rule in route.get("rules", []):
            locations = rule.get("locations") or []
            if config.LOCATION_WILDCARD in locations or location in locations:
                chosen += [t for t in rule.get("target_ids", []) if t not in chosen]
                break  # the route's remaining rules are skipped
    if not chosen:
        chosen = list(settings.get("default_targets") or [])
    permitted = settings.get("permitted_target_regions") or []
    return [t for t in chosen if t in targets and (not permitted or targets[t].get("region") in permitted)]


def _deliver_account(store, account: str, events: list[dict]) -> int:
    targets = config.targets(store, account)
    if not targets:
        return 0
    some = next(iter(targets.values()))
    ctx = Ctx(store, account, some["_region"], parse_rfc3339(events[-1]["event_time"]), None)
    routes = config.routes(store, account)
    settings = config.settings(ctx)
    batches: dict[tuple[str, str], list[dict]] = defaultdict(list)  # (target, hour) -> events, in order
    for event in events:
        for target_id in destinations(event, routes, settings, targets):
            if targets[target_id].get("target_type") == "cloud_object_storage":
                batches[(target_id, cos_format.hour_of(event))].append(event)
    written = 0
    delivered: dict[int, list[dict]] = defaultdict(list)  # event seq -> where it went
    for (target_id, hour), batch in batches.items():
        target = config.targets(store, account)[target_id]
        records = [cos_format.record(e, location_of(e)) for e in batch]
        at = ctx.at(account, ctx.region, parse_rfc3339(batch[-1]["event_time"]))
        key = _append(at, target, hour, records)
        if key is not None:
            written += len(records)
            for event in batch:
                delivered[event["seq"]].append({"target_id": target_id, "target_name": target.get("name"),
                                                "bucket": target["cos_endpoint"]["bucket"], "object": key})
    _mark(store, events, delivered)
    return written


def _mark(store, events: list[dict], delivered: dict[int, list[dict]]) -> None:
    """Each delivered event says where it went (`delivered_to`: target, bucket and object), so
    `GET /mock/events` and the console's event view show it; one more write per event, made
    only while the account has targets."""
    for event in events:
        if event["seq"] in delivered:
            store.put(activity.TABLE, {**event, "delivered_to": delivered[event["seq"]]})


def _append(ctx: Ctx, target: dict, hour: str, records: list[dict]) -> str | None:
    """Append `records` to the target's object of `hour`; answers the object's key, or None
    (and the target's write status failed) when the bucket refuses them."""
    from vpcmock.engine.platform.cos import objects
    bucket = target["cos_endpoint"]["bucket"]
    key = cos_format.object_key(ctx.account, target["region"], hour, target["id"])
    try:
        if objects.find_bucket(ctx, bucket) is None:
            raise ApiError(404, "NoSuchBucket", f"The bucket {bucket} does not exist in the target's COS instance")
        try:  # the hour's object so far: this delivery appends to it
            before = cos_format.decode(objects.body_of(objects.get_object(ctx, bucket, key)))
        except ApiError as missing:
            if missing.status != 404:
                raise
            before = []
        objects.put_object(ctx, bucket, key, cos_format.encode(before + records), cos_format.CONTENT_TYPE)
    except ApiError as error:
        _status(ctx, target, {"status": "failed", "last_failure": rfc3339(ctx.now),
                              "reason_for_last_failure": f"{error.code}: {error.message}"})
        return None
    _status(ctx, target, {**target.get("write_status", {}), "status": "success"})
    return key


def _status(ctx: Ctx, target: dict, status: dict) -> None:
    if target.get("write_status") != status:
        ctx.store.put(config.TARGETS, {**target, "write_status": status})


def test_write(ctx: Ctx, target: dict) -> dict:
    """`POST /targets/{id}/validate`: whether the target's bucket can be written now; the target
    with its write status. Nothing is written (a real test object would show in listings)."""
    if target.get("target_type") == "cloud_object_storage":
        from vpcmock.engine.platform.cos import objects
        bucket = target["cos_endpoint"]["bucket"]
        if objects.find_bucket(ctx, bucket) is None:
            _status(ctx, target, {"status": "failed", "last_failure": rfc3339(ctx.now),
                                  "reason_for_last_failure": f"NoSuchBucket: The bucket {bucket} does not exist in "
                                                             "the target's COS instance"})
        else:
            _status(ctx, target, {**target.get("write_status", {}), "status": "success"})
    return ctx.store.get(config.TARGETS, target["id"])
