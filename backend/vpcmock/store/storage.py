"""TinyDB storages: the state file is a TinyDB database (``{table: {doc_id: doc}}``).

``AtomicJSONStorage`` replaces the file as a whole on every write: it writes a temporary file
beside it, fsyncs it, renames it over the old one and fsyncs the directory. A crash at any
moment therefore leaves either the previous or the new complete file, never a torn one.
The file stays readable with plain ``tinydb.TinyDB(path)``.
"""

from __future__ import annotations

import os

import orjson
from pathlib import Path

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
        # orjson: the whole state is serialized on every commit; it is ~10x faster than json.
        payload = orjson.dumps(data)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def close(self) -> None:
        pass


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
    """A file-backed storage at `path`, or a volatile one when `path` is None."""
    return MemoryStorage() if path is None else AtomicJSONStorage(path)


class StateTable(Table):
    """TinyDB tables of the state file are keyed by the resources' own string ids."""

    document_id_class = str


def open_database(path: str | os.PathLike) -> TinyDB:
    """Open a state file with TinyDB's own API (for inspection; do not write while a server runs)."""
    database = TinyDB(path, storage=AtomicJSONStorage)
    database.table_class = StateTable
    return database
