"""The event loop every clock move goes through: time order, and failures that do not stop it."""

from datetime import datetime, timezone

from tinydb.storages import MemoryStorage

from vpcmock.engine.core import events
from vpcmock.engine.core.agenda import Agenda
from vpcmock.store import Store

T0 = datetime(2030, 1, 1, tzinfo=timezone.utc)


def loop_with(handlers: dict):
    store, agenda = Store(MemoryStorage()), Agenda()
    for (kind, name), handler in handlers.items():
        events.register("probes", kind, name, handler)
    return store, agenda


def add_probe(store, agenda, ident, kind, second):
    with store.transaction():
        doc = store.put("probes", {"id": ident, "_account": "a", "_region": "us-south",
                                   "_events": {kind: f"2030-01-01T00:00:{second:02d}Z"}})
        agenda.track("probes", doc)


def test_events_run_in_time_order_whatever_the_order_they_were_scheduled_in():
    seen = []
    store, agenda = loop_with({("ping", "probe_ran"): lambda ctx, doc: seen.append((doc["id"], ctx.now.second))})
    add_probe(store, agenda, "late", "ping", 30)
    add_probe(store, agenda, "early", "ping", 10)
    with store.transaction():
        counts = events.run_due(store, agenda, T0.replace(minute=1))
    assert seen == [("early", 10), ("late", 30)]
    assert counts == {"probe_ran": 2}


def test_a_failing_handler_is_undone_and_dropped_and_later_events_still_run():
    def explode(ctx, doc):
        ctx.store.put("probes", {**doc, "touched": True})
        raise RuntimeError("handler bug")

    store, agenda = loop_with({("boom", "probe_exploded"): explode, ("ping", "probe_ran"): lambda ctx, doc: None})
    add_probe(store, agenda, "bad", "boom", 5)
    add_probe(store, agenda, "good", "ping", 20)
    with store.transaction():
        counts = events.run_due(store, agenda, T0.replace(minute=1))
    assert counts == {"failed_events": 1, "probe_ran": 1}
    assert "touched" not in store.get("probes", "bad")
    assert store.get("probes", "bad")["_events"] == {}


def test_a_failing_handler_undoes_what_it_changed_in_place_in_the_run():
    """Run.write_in_place and Store.patch change a run's own map and document in place; a
    failed event puts the values back."""
    def change_in_place_then_explode(ctx, doc):
        own = ctx.run.own(ctx.store.put("probes", {**doc, "count": 1, "_blocks": {"0": "a"}}))
        blocks = ctx.run.write_in_place(own["_blocks"], {"0": "b", "1": "c"})
        ctx.store.patch("probes", own, {"count": 2, "_blocks": blocks, "added": True})
        assert store.get("probes", "bad") is own and own["_blocks"] == {"0": "b", "1": "c"}
        raise RuntimeError("handler bug")

    store, agenda = loop_with({("patch", "probe_patched"): change_in_place_then_explode})
    add_probe(store, agenda, "bad", "patch", 5)
    with store.transaction():
        counts = events.run_due(store, agenda, T0.replace(minute=1))
    assert counts == {"failed_events": 1}
    assert {key: value for key, value in store.get("probes", "bad").items() if key != "_seq"} == {
        "id": "bad", "_account": "a", "_region": "us-south", "_events": {}}


def test_a_run_writes_its_own_copy_of_a_map_and_then_that_copy_in_place():
    from vpcmock.engine.core.context import Run

    run, before = Run(T0, 10), {"0": "a"}
    first = run.write_in_place(before, {"1": "b"})
    again = run.write_in_place(first, {"0": "c"})
    assert (before, again is first, first) == ({"0": "a"}, True, {"0": "c", "1": "b"})
    run.discard()
    assert first == {"0": "a"}
