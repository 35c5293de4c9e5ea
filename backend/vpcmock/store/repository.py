"""The working set of the state, indexed in memory and committed to a TinyDB storage.

Every document of a partitioned table carries ``_account`` and ``_region``; the partition
index keeps them in insertion order (which is creation order, since the clock never goes
back), so the default newest-first listing is a reversed walk that needs no sort.

All access happens inside ``store.transaction()``: it holds the store's lock, records an undo
entry for every change, and rolls them all back if the block raises or the state cannot be
written. When the block succeeds, a journaling storage gets the documents the transaction
changed (appended under the lock, fsynced after it, one fsync shared by concurrent commits);
any other storage gets the whole state. Documents handed out are the stored objects: callers
never modify them in place, they ``put`` a changed copy (``replace`` helps); ``patch`` is for
the one exception, a document its transaction made and no one else holds.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from contextlib import contextmanager

from tinydb.storages import Storage

META = "meta"
LARGE_STATE = 10_000  # documents
FREEZE_AFTER = 100_000  # new containers left alive by a block run without the cyclic collector

# Secondary indexes: table -> fields whose value maps to the ids holding it.
INDEXES: dict[str, tuple[str, ...]] = {
    "plans": ("_policy_id",),
    "jobs": ("_policy_id",),
    "snapshots": ("_source_id", "_plan_id", "_group_id", "_chain", "_parent", "_copy_chain"),
    "share_snapshots": ("_share_id", "_plan_id", "_chain", "_replica_of"),
    "volumes": (),
    "snapshot_consistency_groups": ("_plan_id", "_chain"),
    "cos_objects": ("_bucket",),  # engine/platform/cos: a bucket's objects
    "cos_uploads": ("_bucket",),
}


# The generic engine's tables (engine/generic: one per collection of the API table, named
# "generic/<collection>") are indexed by the parent a sub-collection's member belongs to.
GENERIC_PREFIX, GENERIC_INDEXES = "generic/", ("_parent",)

_FIELDS: dict[str, tuple[str, ...]] = {}


def _fields_of(table: str) -> tuple[str, ...]:
    """The fields that place a document of `table` in buckets: account, region, indexed fields."""
    fields = _FIELDS.get(table)
    if fields is None:
        indexed = INDEXES.get(table, GENERIC_INDEXES if table.startswith(GENERIC_PREFIX) else ())
        fields = _FIELDS[table] = ("_account", "_region") + indexed
    return fields




class _Patched:
    """An undo entry of Store.patch: the document changed in place and its former values."""

    __slots__ = ("doc", "former")
    ABSENT = object()

    def __init__(self, doc: dict, former: dict):
        self.doc, self.former = doc, former

    def undo(self) -> None:
        for key, value in self.former.items():
            if value is _Patched.ABSENT:
                self.doc.pop(key, None)
            else:
                self.doc[key] = value


class Store:
    def __init__(self, storage: Storage):
        self._storage = storage
        self.lock = threading.RLock()
        self._undo: list | None = None
        self._dirty = False
        # (table, id) changed by this transaction, in order: whether it existed before it.
        self._changed: dict[tuple[str, str], bool] = {}
        self._journaled = hasattr(storage, "append")
        # Loading makes millions of objects, none of them garbage (it more than doubles the
        # start-up of a 150 MB state with the collector on).
        with no_cyclic_gc():
            self._load(storage.read() or {})
        if sum(map(len, self._tables.values())) >= LARGE_STATE:
            gc.freeze()  # and later collections leave them alone (reference counting still frees them)

    # -- loading and indexing -------------------------------------------------------------

    def _load(self, data: dict) -> None:
        self._tables: dict[str, dict[str, dict]] = defaultdict(dict)
        self._buckets: dict[tuple, dict[str, dict]] = {}
        self._placed: dict[str, dict[str, tuple[tuple, list]]] = defaultdict(dict)
        for name, docs in data.items():
            # TinyDB keys documents by id; creation order is kept by _seq. In that order plain
            # assignment keeps every row and bucket ordered (what _place does one by one).
            rows, placed, fields = self._tables[name], self._placed[name], _fields_of(name)
            for doc in sorted(docs.values(), key=_seq_of):
                ident = doc["id"]
                rows[ident] = doc
                values = tuple(map(doc.get, fields))
                buckets = self._buckets_for(name, values)
                placed[ident] = (values, buckets)
                for _, bucket in buckets:
                    bucket[ident] = doc
        seq = self._tables[META].pop("seq", None)
        self._seq = seq["value"] if seq else 0

    def _buckets_for(self, table: str, values: tuple) -> list[tuple[tuple, dict]]:
        """The (key, bucket) pairs a document with these partition and index values sits in;
        buckets are made as needed. Kept with the document (`_placed`), so that placing it
        again hashes no key."""
        buckets = self._buckets
        found = []
        if values[0] is not None:
            key = ("partition", table, values[0], values[1])
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = {}
            found.append((key, bucket))
        fields = _FIELDS[table]
        for position in range(2, len(values)):
            value = values[position]
            if value is not None:
                key = (table, fields[position], value)
                bucket = buckets.get(key)
                if bucket is None:
                    bucket = buckets[key] = {}
                found.append((key, bucket))
        return found

    def _place(self, table: str, previous: dict | None, doc: dict | None) -> None:
        """Move a document from `previous` to `doc` (either may be None) in table and buckets.

        Assigning an existing key keeps its position, so a replaced document stays where its
        creation put it; a re-inserted one (a rolled-back delete) is put back in _seq order.
        Each stored document's bucket values and buckets are remembered (`_placed`), so a
        replace that leaves them unchanged costs one tuple and a comparison.
        """
        rows = self._tables[table]
        placed = self._placed[table]
        ident = (doc or previous)["id"]
        before = placed.get(ident) if previous is not None else None
        old = before[1] if before else ()
        if doc is None:
            new = ()
        else:
            values = tuple(map(doc.get, _fields_of(table)))
            if before is not None and before[0] == values:
                # The common replace: same partition and index values, so same positions.
                rows[ident] = doc
                for _, bucket in old:
                    bucket[ident] = doc
                return
            new = self._buckets_for(table, values)
            placed[ident] = (values, new)
        kept = {key for key, _ in new}
        for key, bucket in old:
            if key not in kept:
                bucket.pop(ident, None)
                if not bucket and self._buckets.get(key) is bucket:
                    del self._buckets[key]
        if doc is None:
            rows.pop(ident, None)
            placed.pop(ident, None)
            return
        # Where it already sits (a replace), it stays; elsewhere it goes last when it is the
        # newest document of all (just numbered), else in _seq order.
        newest = doc.get("_seq") == self._seq
        if ident in rows or newest:
            rows[ident] = doc
        else:
            _insert_in_order(rows, doc)
        stayed = {key for key, _ in old}
        for key, bucket in new:
            if newest or key in stayed:
                bucket[ident] = doc
            else:
                _insert_in_order(bucket, doc)

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self):
        ticket = compaction = None
        with self.lock:
            if self._undo is not None:  # nested: the outer transaction commits or rolls back
                yield self
                return
            self._undo = []
            try:
                yield self
                if self._dirty:
                    # Inside the rollback scope: a save that fails (disk full, a value the
                    # encoder refuses) undoes the transaction, so memory never runs ahead of
                    # the file and the next transaction saves as usual.
                    if self._journaled:
                        ticket = self._storage.append(self._changes())
                        if self._storage.wants_compaction():
                            compaction = (self._snapshot(copy_tables=True), self._storage.begin_compaction())
                    else:
                        self._storage.write(self._snapshot())
            except BaseException:
                self._rollback()
                raise
            finally:
                self._undo = None
                self._dirty = False
                self._changed = {}
        if ticket is not None:
            self._storage.sync(ticket)  # acknowledged only once on disk
        if compaction is not None:
            self._storage.compact_in_background(*compaction)

    def _changes(self) -> list:
        """What the transaction changed, as journal entries: [table, id, document or None]."""
        tables = self._tables
        # A document made and removed within the transaction (a whole simulated year of backups
        # and job records in one clock move) is left out: the state before and after lacks it
        # (delete forgets it at once).
        changes = [[table, ident, current] for (table, ident), existed in self._changed.items()
                   if (current := tables[table].get(ident)) is not None or existed]
        changes.append([META, "seq", {"id": "seq", "value": self._seq}])
        return changes

    def close(self) -> None:
        """A clean shutdown: with a journaling storage, fold the journal into the state file
        (unless the file already holds everything: a second close, or no write since loading)."""
        with self.lock:
            if self._journaled:
                self._storage.close()
                if self._storage.has_journal():
                    self._storage.finish_compaction(self._snapshot(copy_tables=True),
                                                    self._storage.begin_compaction())
                self._storage.release()

    def mark(self) -> int:
        """A point of the current transaction to roll back to (`rollback_to`) or to settle (`settle`)."""
        self._require_transaction()
        return len(self._undo)

    def rollback_to(self, mark: int) -> None:
        self._rollback(mark)

    def settle(self, mark: int) -> None:
        """Make the changes since `mark` final: the outer transaction will not roll them back."""
        del self._undo[mark:]

    def _rollback(self, mark: int = 0) -> None:
        changed = self._changed
        for table, ident, previous in reversed(self._undo[mark:]):
            if type(previous) is _Patched:
                previous.undo()
                continue
            current = self._tables[table].get(ident)
            if current is not None or previous is not None:
                self._place(table, current, previous)
            if previous is not None:
                # Back: a document this transaction made and removed (delete forgot it).
                changed.setdefault((table, ident), False)
        del self._undo[mark:]

    def _snapshot(self, copy_tables: bool = False) -> dict:
        """The whole state as TinyDB data, the sequence included. With `copy_tables` the tables
        are copies (`export`), for a snapshot written beside requests."""
        data = self.export() if copy_tables else {name: rows for name, rows in self._tables.items() if rows}
        data[META] = {**data.get(META, {}), "seq": {"id": "seq", "value": self._seq}}
        return data

    def _require_transaction(self) -> None:
        if self._undo is None:
            raise RuntimeError("store changes must happen inside store.transaction()")

    # -- documents ------------------------------------------------------------------------

    def get(self, table: str, ident: str) -> dict | None:
        return self._tables[table].get(ident)

    def put(self, table: str, doc: dict) -> dict:
        """Insert `doc`, or replace the document with its id (keeping its position).

        The two common cases are placed here directly (_place is the general move): a new
        document just numbered goes last in its table and buckets; a replaced one whose
        partition and index values are unchanged takes its predecessor's place in each."""
        undo = self._undo
        if undo is None:
            self._require_transaction()
        ident = doc["id"]
        rows = self._tables[table]
        previous = rows.get(ident)
        undo.append((table, ident, previous))
        self._dirty = True
        if previous is None:
            self._changed.setdefault((table, ident), False)
            seq = doc.get("_seq") if table != META else -1
            if seq is None:
                self._seq = seq = self._seq + 1
                doc["_seq"] = seq
            if seq >= self._seq:  # the newest of all (numbered now, or by next_seq just before)
                values = tuple(map(doc.get, _FIELDS.get(table) or _fields_of(table)))
                if values[0] is None and all(value is None for value in values[2:]):
                    rows[ident] = doc  # in no bucket (the activity log, ...)
                    return doc
                buckets = self._buckets_for(table, values)
                self._placed[table][ident] = (values, buckets)
                rows[ident] = doc
                for _, bucket in buckets:
                    bucket[ident] = doc
                return doc
        else:
            self._changed.setdefault((table, ident), True)
            if "_seq" in previous and "_seq" not in doc:
                doc["_seq"] = previous["_seq"]
            before = self._placed[table].get(ident)
            if before is not None:
                values = tuple(map(doc.get, _FIELDS[table]))
                if before[0] == values:
                    rows[ident] = doc
                    for _, bucket in before[1]:
                        bucket[ident] = doc
                else:
                    self._move(table, ident, doc, before, values)
                return doc
        self._place(table, previous, doc)
        return doc

    def _move(self, table: str, ident: str, doc: dict, before: tuple, values: tuple) -> None:
        """A replaced document whose partition or index values changed (a snapshot whose parent
        was folded away): it leaves the buckets of values it no longer has, joins those of its
        new ones in _seq order, and takes its predecessor's place in the others."""
        old_values, old_buckets = before
        buckets = []
        for key, bucket in old_buckets:
            if (values[0] == key[2] and values[1] == key[3]) if key[0] == "partition" else doc.get(key[1]) == key[2]:
                bucket[ident] = doc
                buckets.append((key, bucket))
            else:
                del bucket[ident]
                if not bucket and self._buckets.get(key) is bucket:
                    del self._buckets[key]
        if values[0] is not None and (values[0], values[1]) != (old_values[0], old_values[1]):
            buckets.append(self._join(("partition", table, values[0], values[1]), doc))
        fields = _FIELDS[table]
        for position in range(2, len(values)):
            value = values[position]
            if value is not None and value != old_values[position]:
                buckets.append(self._join((table, fields[position], value), doc))
        self._tables[table][ident] = doc
        self._placed[table][ident] = (values, buckets)

    def _join(self, key: tuple, doc: dict) -> tuple[tuple, dict]:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = {}
        _insert_in_order(bucket, doc)
        return key, bucket

    def replace(self, table: str, doc: dict, **changes) -> dict:
        return self.put(table, {**doc, **changes})

    def patch(self, table: str, doc: dict, changes: dict) -> dict:
        """Change the stored `doc` in place, undone like any change. Only for a document no one
        else holds: one made by the running transaction and handed to no reader (a clock run's
        own, engine/core/context.Run.owns), so that nothing sees it change; never its partition
        or index fields. Saves copying a document a long clock move changes at every step
        (a volume at each of a simulated year's backups)."""
        undo = self._undo
        if undo is None:
            self._require_transaction()
        undo.append((table, doc["id"], _Patched(doc, {key: doc.get(key, _Patched.ABSENT) for key in changes})))
        doc.update(changes)
        self._dirty = True
        self._changed.setdefault((table, doc["id"]), True)
        return doc

    def delete(self, table: str, ident: str) -> dict | None:
        undo = self._undo
        if undo is None:
            self._require_transaction()
        previous = self._tables[table].pop(ident, None)
        if previous is not None:
            undo.append((table, ident, previous))
            before = self._placed[table].pop(ident, None)
            if before is not None:
                for bucket_key, bucket in before[1]:
                    del bucket[ident]
                    if not bucket and self._buckets.get(bucket_key) is bucket:
                        del self._buckets[bucket_key]
            self._dirty = True
            key = (table, ident)
            if not self._changed.setdefault(key, True):
                # Made by this transaction and gone again: nothing for the journal (a year of
                # backups made and deleted in one clock move is not remembered until it commits).
                del self._changed[key]
        return previous

    def next_seq(self) -> int:
        # Kept in memory and written with the state (see _snapshot); a rolled-back transaction
        # leaves a gap in the sequence, which only orders documents.
        self._seq += 1
        return self._seq

    # -- queries --------------------------------------------------------------------------

    def partition(self, table: str, account: str, region: str) -> dict[str, dict]:
        """The documents of one account and region, oldest first (a live view: do not modify)."""
        return self._buckets.get(("partition", table, account, region), {})

    def indexed(self, table: str, fieldname: str, value) -> dict[str, dict]:
        return self._buckets.get((table, fieldname, value), {})

    def all(self, table: str) -> dict[str, dict]:
        return self._tables[table]

    def tables(self) -> list[str]:
        return [name for name, rows in self._tables.items() if rows]

    # -- metadata and whole-state operations ------------------------------------------------

    def meta(self, key: str, default=None):
        doc = self._tables[META].get(key)
        return default if doc is None else doc["value"]

    def set_meta(self, key: str, value) -> None:
        self.put(META, {"id": key, "value": value})

    def clear(self, keep_meta: tuple[str, ...] = ()) -> None:
        """Empty every table (inside a transaction; `keep_meta` keys survive)."""
        self._require_transaction()
        for name in list(self._tables):
            for ident in list(self._tables[name]):
                if name == META and ident in keep_meta:
                    continue
                self.delete(name, ident)

    def export(self) -> dict:
        """The whole state as TinyDB data ({table: {id: doc}}), tables copied and documents
        shared (never changed in place): what a state snapshot keeps."""
        with self.lock:
            return {name: dict(rows) for name, rows in self._tables.items() if rows}

    def restore(self, data: dict) -> tuple[int, list[tuple[str, dict]]]:
        """Make the state `data` (inside a transaction, so it is atomic and journaled). A
        document that is the very object the state holds is left alone, so restoring a
        snapshot costs what changed since it was taken. Answers how many documents were
        removed and the (table, document) pairs put back."""
        self._require_transaction()
        removed, put = 0, []
        for name in list(self._tables):
            wanted = data.get(name, {})
            for ident in [i for i in self._tables[name] if i not in wanted]:
                self.delete(name, ident)
                removed += 1
        for name, rows in data.items():
            current = self._tables[name]
            differing = [doc for ident, doc in rows.items() if current.get(ident) is not doc]
            for doc in sorted(differing, key=_seq_of):  # put back in creation order
                put.append((name, self.put(name, doc)))
        return removed, put

    def dump(self) -> dict:
        return {name: list(rows.values()) for name, rows in self._tables.items() if rows}


@contextmanager
def no_cyclic_gc():
    """Pause the cyclic garbage collector while state documents are made in bulk (a load, a
    long clock move): millions of small dicts, none in reference cycles (reference counting
    frees them), which every collection would walk again. Measured: a third of a long run's
    time, and more than half of loading a large state.

    When the block leaves many new containers alive (a long clock move), they are frozen out of
    later collections, as a large load is: the first collection after re-enabling would walk
    every one of them (measured: a tenth of a simulated year)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_count()[0] >= FREEZE_AFTER:
                gc.freeze()
            gc.enable()


def _seq_of(doc: dict) -> int:
    return doc.get("_seq") or 0


def _insert_in_order(rows: dict[str, dict], doc: dict) -> None:
    """Assign doc into rows; if it is new and older than the last row, restore _seq order."""
    ident = doc["id"]
    if rows and ident not in rows and "_seq" in doc:
        last = rows[next(reversed(rows))]
        if (last.get("_seq") or 0) > doc["_seq"]:
            rows[ident] = doc
            ordered = sorted(rows.values(), key=lambda d: d.get("_seq") or 0)
            rows.clear()
            rows.update((d["id"], d) for d in ordered)
            return
    rows[ident] = doc
