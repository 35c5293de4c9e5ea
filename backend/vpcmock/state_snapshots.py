"""Named snapshots of the whole state, to seed tests and put them back in milliseconds.

A snapshot is the store's tables (copied; the documents are shared, since they are never
changed in place) and the clock's state. Restoring one is a single transaction: the state, the
clock and the agenda come back together, and only what changed since the snapshot is written.
Snapshots live in the server's memory (`vpcmock state export` writes a state to a file, and
`vpcmock serve --seed FILE` starts from one).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from vpcmock.errors import ApiError, field, not_found

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


@dataclass(frozen=True)
class Snapshot:
    name: str
    data: dict
    clock: dict
    taken_at: str  # the simulated instant

    def describe(self) -> dict:
        return {"name": self.name, "taken_at": self.taken_at,
                "counts": {table: len(rows) for table, rows in self.data.items() if table != "meta"}}


class Snapshots:
    def __init__(self):
        self._held: dict[str, Snapshot] = {}
        self._lock = threading.Lock()

    @staticmethod
    def check_name(name) -> str:
        if not isinstance(name, str) or not NAME.match(name):
            raise ApiError(400, "invalid_field_value", "name must be 1 to 63 letters, digits, '_', '.' or '-', "
                           "starting with a letter or digit", field("name", name))
        return name

    def put(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._held[snapshot.name] = snapshot

    def get(self, name: str) -> Snapshot:
        with self._lock:
            found = self._held.get(name)
        if found is None:
            raise not_found("state_snapshot", name)
        return found

    def remove(self, name: str) -> None:
        with self._lock:
            if self._held.pop(name, None) is None:
                raise not_found("state_snapshot", name)

    def all(self) -> list[Snapshot]:
        with self._lock:
            return list(self._held.values())
