"""TinyDB storages: the state file is a TinyDB database (``{table: {doc_id: doc}}``).

``AtomicJSONStorage`` replaces the file as a whole on every write: it writes a temporary file
beside it, fsyncs it, renames it over the old one and fsyncs the directory. A crash at any
moment therefore leaves either the previous or the new complete file, never a torn one.
The file stays readable with plain ``tinydb.TinyDB(path)``.

``JournaledStorage`` is what a server uses: a commit appends the documents it changed to a
journal beside the state file (``journal.py``) instead of rewriting the whole state, so a write
costs what it changes. The state file is a TinyDB snapshot written by compaction, when the
journal has grown past half the snapshot's size and at a clean shutdown; its ``meta.journal``
document names the first journal generation it does not include. Loading reads the snapshot
and replays the later journals over it.
"""

from __future__ import annotations

import os
import re
import threading

import orjson
from pathlib import Path

from vpcmock.store.journal import Journal, encode, read_records
from vpcmock.store.state_lock import StateLock

from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Table


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        """Delete the temporary files a process killed during a save left beside the state (as
        large as the state each). A file of a process still running is left alone."""
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            pid = leftover.name[len(self.path.name) + 2:-len(".tmp")]
            if not pid.isdigit() or _running(int(pid)):
                continue
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass

    def read(self):
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        return orjson.loads(raw)

    def write(self, data) -> None:
        _replace_file(self.path, [orjson.dumps(data)])

    def close(self) -> None:
        pass


def _replace_file(path: Path, pieces) -> int:
    """Write `pieces` (bytes) to a temporary file, fsync it, rename it over `path` and fsync the
    directory: a crash leaves the old file or the new one, whole. Answers the bytes written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    size = 0
    with open(temporary, "wb") as handle:
        for piece in pieces:
            handle.write(piece)
            size += len(piece)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return size


JOURNAL_META = "journal"
CHUNK = 2000  # documents serialized at a time: each orjson call holds the GIL only briefly


def _chunks(data: dict):
    """The TinyDB JSON of `data`, a few thousand documents at a time (compaction runs beside
    requests; one orjson call over the whole state would hold the GIL for its length)."""
    yield b"{"
    for number, (table, rows) in enumerate(data.items()):
        yield (b"," if number else b"") + orjson.dumps(table) + b":{"
        items = list(rows.items())
        for start in range(0, len(items), CHUNK):
            yield (b"," if start else b"") + orjson.dumps(dict(items[start:start + CHUNK]))[1:-1]
        yield b"}"
    yield b"}"


class JournaledStorage(AtomicJSONStorage):
    COMPACT_RATIO = 0.5
    # The journal is compacted once past half the snapshot and at least this size;
    # VPCMOCK_COMPACT_MIN_BYTES lowers it (tests that kill a server mid-compaction use it).
    COMPACT_MIN_BYTES = 4 << 20

    def __init__(self, path: str | os.PathLike, exclusive: bool = False):
        """`exclusive`: this process serves the state and holds its lock until `close`
        (state_lock.py); refused with StateInUse while another process holds it. Readers of a
        state (a seed, an inspection with `open_database`) do not take it."""
        self._state_lock = StateLock(path).acquire() if exclusive else None
        super().__init__(path)
        self.COMPACT_MIN_BYTES = int(os.environ.get("VPCMOCK_COMPACT_MIN_BYTES", self.COMPACT_MIN_BYTES))
        self._lock = threading.Lock()
        self._journal: Journal | None = None
        self._generation, self._length = 0, 0  # where appends go, as found by the last read
        self._journal_bytes = 0  # since the snapshot
        self._snapshot_bytes = self.path.stat().st_size if self.path.exists() else 0
        self._compaction: threading.Thread | None = None

    def _journal_path(self, generation: int) -> Path:
        return self.path.with_name(f".{self.path.name}.journal.{generation}")

    def _journals(self) -> list[tuple[int, Path]]:
        pattern = re.compile(re.escape(f".{self.path.name}.journal.") + r"(\d+)")
        found = [(int(m.group(1)), p) for p in self.path.parent.iterdir() if (m := pattern.fullmatch(p.name))]
        return sorted(found)

    # -- loading ------------------------------------------------------------------------------

    def read(self):
        data = super().read() or {}
        meta = data.get("meta") or {}
        base = (meta.pop(JOURNAL_META, None) or {}).get("value", 0)
        generation, length, replayed = base, 0, 0
        for number, path in self._journals():
            if number < base:
                continue  # already in the snapshot (a compaction stopped before removing it)
            records, length = read_records(path)
            for record in records:
                for table, ident, doc in record:
                    if doc is None:
                        data.get(table, {}).pop(ident, None)
                    else:
                        data.setdefault(table, {})[ident] = doc
            generation, replayed = number, replayed + length
        if self._journal is None:
            self._generation, self._length, self._journal_bytes = generation, length, replayed
        return {name: rows for name, rows in data.items() if rows} or None

    # -- committing ---------------------------------------------------------------------------

    def append(self, changes: list) -> tuple[Journal, int]:
        """Journal one transaction's changed documents (under the store's lock); the ticket is
        for `sync`."""
        if self._journal is None:
            self._journal = Journal(self._journal_path(self._generation), self._length)
        record = encode(changes)
        ticket = self._journal.append(record)
        self._journal_bytes += len(record)
        return self._journal, ticket

    @staticmethod
    def sync(ticket: tuple[Journal, int]) -> None:
        journal, offset = ticket
        journal.sync(offset)

    # -- compaction ---------------------------------------------------------------------------

    def has_journal(self) -> bool:
        """Whether any journal file is on disk: writes the state file does not hold yet."""
        return bool(self._journals())

    def wants_compaction(self) -> bool:
        return (self._journal_bytes > max(self.COMPACT_MIN_BYTES, self.COMPACT_RATIO * self._snapshot_bytes)
                and not (self._compaction and self._compaction.is_alive()))

    def begin_compaction(self) -> int:
        """Seal the journal and start the next generation (under the store's lock): the state as
        of now goes into a snapshot that the next generation's records follow."""
        if self._journal is not None:
            self._journal.seal()
        self._generation += 1
        self._journal, self._length, self._journal_bytes = None, 0, 0  # opened by the next append
        return self._generation

    def finish_compaction(self, data: dict, generation: int) -> None:
        """Write the snapshot that includes every journal before `generation`, then remove them."""
        with self._lock:
            meta = {**data.get("meta", {}), JOURNAL_META: {"id": JOURNAL_META, "value": generation}}
            self._snapshot_bytes = _replace_file(self.path, _chunks({**data, "meta": meta}))
            for number, path in self._journals():
                if number < generation:
                    path.unlink(missing_ok=True)

    def compact_in_background(self, data: dict, generation: int) -> None:
        self._compaction = threading.Thread(target=self.finish_compaction, args=(data, generation),
                                            name="vpcmock-compaction", daemon=True)
        self._compaction.start()

    def write(self, data) -> None:
        """The whole state (TinyDB's own API, `open_database`): a snapshot of it, journals folded in."""
        self.finish_compaction(data, self.begin_compaction())

    def close(self) -> None:
        if self._compaction is not None:
            self._compaction.join()
        if self._journal is not None:
            self._journal.seal()
            self._journal = None

    def release(self) -> None:
        """Let the state go (after the last write: the next server finds it whole)."""
        if self._state_lock is not None:
            self._state_lock.release()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a file of this very process is from an earlier life with the same pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_storage(path: str | os.PathLike | None) -> Storage:
    """A file-backed storage at `path`, locked for this process (StateInUse if another holds
    it), or a volatile one when `path` is None."""
    return MemoryStorage() if path is None else JournaledStorage(path, exclusive=True)


class StateTable(Table):
    """TinyDB tables of the state file are keyed by the resources' own string ids."""

    document_id_class = str


def open_database(path: str | os.PathLike) -> TinyDB:
    """Open a state file with TinyDB's own API, its journal replayed (for inspection; do not
    write while a server runs)."""
    database = TinyDB(path, storage=JournaledStorage)
    database.table_class = StateTable
    return database
