"""The append-only journal of committed transactions, kept beside the state file.

One record per transaction: an 8-byte header (payload length, CRC-32 of the payload, both
little-endian unsigned 32-bit) and the payload, the JSON list of the documents it changed as
``[table, id, document or null]``. A record is only ever appended, so a crash can leave at
most one torn or partly written record at the end; `read_records` stops at the first record
whose length runs past the end or whose checksum does not match, and reports where the good
part ends so the caller can cut the rest off.

Commits share fsyncs (group commit): `append` writes a record while the store's lock is held
and answers a ticket (the journal's length after it); `sync` then waits, outside the lock, until
an fsync covers that ticket. The first waiter fsyncs for everyone queued behind it.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib
from pathlib import Path

import orjson

HEADER = struct.Struct("<II")


def encode(changes: list) -> bytes:
    payload = orjson.dumps(changes)
    return HEADER.pack(len(payload), zlib.crc32(payload)) + payload


def read_records(path: Path) -> tuple[list[list], int]:
    """The complete records of a journal file, in order, and the byte length they span."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    records, offset = [], 0
    while offset + HEADER.size <= len(raw):
        length, checksum = HEADER.unpack_from(raw, offset)
        start, end = offset + HEADER.size, offset + HEADER.size + length
        if end > len(raw) or zlib.crc32(raw[start:end]) != checksum:
            break
        try:
            records.append(orjson.loads(raw[start:end]))
        except orjson.JSONDecodeError:
            break
        offset = end
    return records, offset


class Journal:
    """An open journal file: appends under the store's lock, fsyncs shared between commits."""

    def __init__(self, path: Path, length: int = 0):
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        os.ftruncate(self._fd, length)  # cut off a torn tail, if there was one
        os.lseek(self._fd, length, os.SEEK_SET)
        self.length = length
        self._synced = length
        self._sync_lock = threading.Lock()
        self.failed: OSError | None = None

    def append(self, record: bytes) -> int:
        """Write one record (under the store's lock). On failure the journal is cut back to
        where it was, so it never holds half a record that a later one would follow."""
        if self.failed is not None:
            raise OSError(self.failed.errno, f"the state journal cannot be written since an fsync failed: "
                                             f"{self.failed.strerror}")
        try:
            view = memoryview(record)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError:
            os.ftruncate(self._fd, self.length)
            os.lseek(self._fd, self.length, os.SEEK_SET)
            raise
        self.length += len(record)
        return self.length

    def sync(self, ticket: int) -> None:
        """Return once the journal is on disk up to `ticket` (group commit)."""
        if self._synced >= ticket:
            return
        with self._sync_lock:
            if self._synced >= ticket:
                return  # a commit queued ahead fsynced for this one too
            target = self.length
            try:
                os.fsync(self._fd)
            except OSError as exc:
                # What reached the disk is unknown: refuse further writes rather than go on.
                self.failed = exc
                raise
            self._synced = max(self._synced, target)

    def seal(self) -> None:
        """fsync everything written and close: commits still waiting on it return at once."""
        with self._sync_lock:
            if self._fd >= 0 and self.failed is None:
                os.fsync(self._fd)
                self._synced = self.length
            self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
