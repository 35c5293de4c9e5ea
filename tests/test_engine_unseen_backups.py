"""Backups a clock move makes and deletes are kept out of the store (engine/block_storage/unseen.py).

That every answer stays the same is tests/test_engine_settled_ahead.py's; here: that such
backups really are never stored, and that a failed event puts back what it changed of them.
"""

from datetime import datetime, timedelta, timezone

from vpcmock.config import Settings
from vpcmock.engine.backup import backup_policies
from vpcmock.engine.block_storage import volumes
from vpcmock.engine.block_storage.unseen import Unseen
from vpcmock.engine.core.context import Ctx
from vpcmock.runtime import Runtime
from vpcmock.store import Store

START = datetime(2030, 1, 1, tzinfo=timezone.utc)
ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


def daily_plan_over(volume_count: int, keep: int) -> Runtime:
    runtime = Runtime.open(Settings(state_path=None, scheduler=False))
    runtime.move_clock(to=START, frozen=True)
    with runtime.store.transaction():
        ctx = Ctx(runtime.store, ACCOUNT, "us-south", runtime.clock.now(), runtime.agenda)
        for n in range(volume_count):
            volumes.create_volume(ctx, {"name": f"vol-{n}", "capacity": 100, "profile": {"name": "sdp"},
                                        "zone": {"name": "us-south-1"}, "user_tags": ["nightly"]})
        backup_policies.create_policy(ctx, {"name": "nightly", "match_resource_type": "volume",
                                            "match_user_tags": ["nightly"], "plans": [
            {"name": "plan", "cron_spec": "0 3 * * *", "active": True,
             "deletion_trigger": {"delete_after": 30, "delete_over_count": keep}}]}, {})
    return runtime


def test_backups_retention_deletes_within_the_move_are_never_stored(monkeypatch):
    runtime = daily_plan_over(3, keep=5)
    stored = []
    put = Store.put

    def counting_put(self, table, doc):
        if table == "snapshots" and self.get(table, doc["id"]) is None:
            stored.append(doc["name"])
        return put(self, table, doc)

    monkeypatch.setattr(Store, "put", counting_put)
    counts = runtime.move_clock(to=START + timedelta(days=30))
    assert counts["plan_fired"] == 30 and counts["backup_expired"] == 0
    assert len(stored) == 3 * 5  # the last 5 of each volume; 75 more were made and deleted
    assert len(runtime.store.all("snapshots")) == 15
    runtime.close()


def snapshot(ident: str, seq: int, parent: str | None, delta: dict) -> dict:
    return {"id": ident, "_seq": seq, "_parent": parent, "_delta": delta, "_chain": "plan/volume",
            "_source_id": "volume"}


def test_a_failed_event_puts_back_the_unseen_backups_it_folded_and_deleted():
    held = Unseen()
    root = held.put(snapshot("root", 1, None, {"0": "gen-1", "1": "gen-2", "2": "gen-3"}))
    child = held.put(snapshot("child", 2, "root", {"1": "gen-4", "3": "gen-5"}))
    held.begin()
    held.fold(root, child)
    held.delete("root")
    assert (list(held.rows), child["_parent"], child["_delta"]) == (
        ["child"], None, {"0": "gen-1", "1": "gen-4", "2": "gen-3", "3": "gen-5"})
    held.discard()
    assert set(held.rows) == {"root", "child"}
    assert list(held.rows["root"]["_delta"].items()) == [("0", "gen-1"), ("1", "gen-2"), ("2", "gen-3")]
    assert (held.rows["child"]["_parent"], held.rows["child"]["_delta"]) == ("root", {"1": "gen-4", "3": "gen-5"})
    assert list(held.by_parent["root"]) == ["child"] and list(held.by_chain["plan/volume"]) == ["root", "child"]
    assert held.by_source == {"volume": 2}


def test_a_failed_event_puts_back_a_backup_folded_into_its_child_and_deleted_in_one_step():
    held = Unseen()
    held.put(snapshot("root", 1, None, {"0": "gen-1"}))
    middle = held.put(snapshot("middle", 2, "root", {"0": "gen-2", "1": "gen-3"}))
    leaf = held.put(snapshot("leaf", 3, "middle", {"1": "gen-4", "2": "gen-5"}))
    held.begin()
    held.fold_and_delete(middle, leaf)
    assert (list(held.rows), leaf["_parent"], leaf["_delta"]) == (
        ["root", "leaf"], "root", {"0": "gen-2", "1": "gen-4", "2": "gen-5"})
    assert list(held.by_parent) == ["root"] and list(held.by_parent["root"]) == ["leaf"]
    held.discard()
    assert set(held.rows) == {"root", "middle", "leaf"}
    assert (held.rows["middle"]["_parent"], held.rows["middle"]["_delta"]) == ("root", {"0": "gen-2", "1": "gen-3"})
    assert (leaf["_parent"], leaf["_delta"]) == ("middle", {"1": "gen-4", "2": "gen-5"})
    assert {key: list(bucket) for key, bucket in held.by_parent.items()} == {"root": ["middle"], "middle": ["leaf"]}
    assert list(held.by_chain["plan/volume"]) == ["root", "middle", "leaf"] and held.by_source == {"volume": 3}


def test_a_failed_fire_leaves_the_volume_and_its_backups_as_they_were(monkeypatch):
    """The fire fails after its capture (the volume's document and block map changed in place,
    the run's own since its first fire) and its retention (an unseen backup folded into its
    unseen child and deleted): once undone, all is as the fire before left it."""
    from vpcmock.engine.core import events
    from vpcmock.engine.core.context import Run

    runtime = daily_plan_over(1, keep=3)
    name, on_fire = events.HANDLERS[("plans", "fire")]
    seen, fires = [], []

    def state(store, run) -> dict:
        [volume] = store.all("volumes").values()
        return {"volume": {key: dict(value) if isinstance(value, dict) else value for key, value in volume.items()},
                "stored": sorted(store.all("snapshots")),
                "unseen": {ident: (doc["_parent"], dict(doc["_delta"])) for ident, doc in run.unseen.rows.items()}}

    def fire_failing_the_tenth(ctx, plan):
        fires.append(ctx.now)
        on_fire(ctx, plan)
        if len(fires) == 9:
            seen.append(state(ctx.store, ctx.run))
        if len(fires) == 10:
            [volume] = ctx.store.all("volumes").values()
            assert ctx.run.owns(volume) and len(ctx.run.unseen.rows) == 3
            raise RuntimeError("handler bug")

    def discard_then_look(run):
        discard(run)
        seen.append(state(runtime.store, run))

    discard = Run.discard
    monkeypatch.setattr(Run, "discard", discard_then_look)
    monkeypatch.setitem(events.HANDLERS, ("plans", "fire"), (name, fire_failing_the_tenth))
    counts = runtime.move_clock(to=START + timedelta(days=20))
    assert counts["failed_events"] == 1 and len(fires) == 10  # a failed event is dropped
    assert seen[1] == seen[0] and len(seen[0]["unseen"]) == 3
    runtime.close()
