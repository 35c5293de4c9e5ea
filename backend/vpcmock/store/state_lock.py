"""One server per state file: an exclusive OS lock, held for the server's life.

Two servers on one state lose acknowledged writes: each keeps its own working set, and the
one that stops last writes its state file over the other's and removes the journal the other
still appends to. So the first server takes ``flock(LOCK_EX)`` on ``.<state file>.lock``
beside the state, and a second one is refused with the holder's pid and the way out.

A separate lock file, not the state file itself: compaction replaces the state file by a
rename, and a lock belongs to the replaced file's inode. ``flock`` locks are released by the
kernel when the last descriptor of the open file goes, so a server killed by SIGKILL frees
its state for the next start; the descriptor is not inherited across exec (Python's default),
so the provider template a server starts beside it never holds the lock. The lock file is
left in place (removing it would race a starting server); its content is informational only:
the holder's pid, which the refusal names.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path


class StateInUse(RuntimeError):
    """The state is locked by another live process (`holder`: its pid, when known)."""

    def __init__(self, path: Path, holder: int | None):
        self.path, self.holder = path, holder
        who = f"process {holder}" + _command_of(holder) if holder else "another process"
        super().__init__(f"the state {path} is in use by {who}; serve another state with --state PATH, "
                         f"or none with --in-memory")


class StateLock:
    def __init__(self, state_path: str | os.PathLike):
        self.state_path = Path(state_path)
        self.path = self.state_path.with_name(f".{self.state_path.name}.lock")
        self._fd: int | None = None

    def acquire(self) -> "StateLock":
        """Take the lock or raise StateInUse at once (never waits)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise StateInUse(self.state_path, _holder(self.path)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None


def _holder(lock_path: Path) -> int | None:
    try:
        text = lock_path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _command_of(pid: int) -> str:
    """` (vpcmock serve --port 8080 ...)` where /proc tells, else nothing."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    if len(words) > 2 and words[1] == "-m":  # python -m vpcmock serve ...
        words = words[2:]
    elif words and "python" in Path(words[0]).name and len(words) > 1:
        words = words[1:]
    if words:
        words[0] = Path(words[0]).name
    command = " ".join(words)
    if len(command) > 240:
        command = command[:239] + "…"
    return f" ({command})" if command else ""
