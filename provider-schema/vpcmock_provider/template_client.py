"""The launcher's side of the template protocol (template.py has the other side and the format).

Kept to the standard library modules a bare Python start has cheaply: it runs on every
provider start, before anything else.
"""

from __future__ import annotations

import array
import json
import os
import socket
import struct

STARTED = b"S"


def relay(path: str) -> int | None:
    """Ask the template at `path` for a provider on this process's standard streams; answer its
    exit status once it ends, or None when no provider was started (the caller starts cold)."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
        payload = json.dumps({"env": dict(os.environ), "cwd": os.getcwd()}).encode()
        streams = array.array("i", (0, 1, 2))
        connection.sendmsg([struct.pack("!I", len(payload)), payload],
                           [(socket.SOL_SOCKET, socket.SCM_RIGHTS, streams.tobytes())])
        if _read(connection, 1) != STARTED:
            return None
    except OSError:
        connection.close()
        return None
    # The provider now owns the streams. Its exit status comes when it ends; the connection
    # closing without one means the template is gone too: a failure, as far as we know.
    try:
        status = _read(connection, 4)
    except OSError:
        status = b""
    connection.close()
    return struct.unpack("!i", status)[0] if len(status) == 4 else 1


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data
