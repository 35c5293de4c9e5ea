"""The launcher's side of the template protocol (template.py has the other side and the format).

It runs on every provider start that relay.pl (the Perl launcher, Linux) does not serve,
before anything else, so it imports only what a bare Python has cheaply: `_socket` rather
than `socket` (which imports `enum` and `selectors`), `struct` rather than `array`, and its
own encoding of the request rather than `json` (together about 10 ms of a start).
"""

from __future__ import annotations

import _socket
import os
import struct

# The protocol's framing (template.py describes it): the request's length, then the provider's
# exit status once it ends.
STARTED = b"S"
LENGTH = struct.Struct("!I")
STATUS = struct.Struct("!i")


def encode_request(environ: dict[bytes, bytes], cwd: bytes) -> bytes:
    """The working directory, then each variable as KEY=VALUE, separated by NUL bytes (which
    neither can hold: the shape of /proc/<pid>/environ)."""
    return b"\0".join([cwd, *(key + b"=" + value for key, value in environ.items())])


def decode_request(payload: bytes) -> dict:
    cwd, *pairs = payload.split(b"\0")
    env = {}
    for pair in pairs:
        key, _, value = pair.partition(b"=")
        env[os.fsdecode(key)] = os.fsdecode(value)
    return {"cwd": os.fsdecode(cwd), "env": env}


def relay(path: str) -> int | None:
    """Ask the template at `path` for a provider on this process's standard streams; answer its
    exit status once it ends, or None when no provider was started (the caller starts cold)."""
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(path)
        payload = encode_request(os.environb, os.getcwdb())
        connection.sendmsg([LENGTH.pack(len(payload)), payload],
                           [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, struct.pack("3i", 0, 1, 2))])
        if _read(connection, 1) != STARTED:
            return None
    except OSError:
        connection.close()
        return None
    # The provider now owns the streams. Its exit status comes when it ends; the connection
    # closing without one means the template is gone too: a failure, as far as we know.
    try:
        status = _read(connection, STATUS.size)
    except OSError:
        status = b""
    connection.close()
    return STATUS.unpack(status)[0] if len(status) == STATUS.size else 1


def _read(connection, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data
