"""A warm template of the provider process: a fork server beside the mock.

Terraform starts the provider 3 or 4 times per command. A cold start imports gRPC, protobuf
and 445 resource declarations and parses the schema, over 150 ms each time. The template has
done all of that once and waits on a Unix socket; the launcher Terraform executes
(plugin.py) connects and the template forks a child that is the provider.

Protocol, one connection per provider start:
  launcher -> template: a 4-byte big-endian length and that many bytes: the launcher's working
      directory and environment (template_client.encode_request), with its stdin, stdout and
      stderr passed as SCM_RIGHTS in the same message;
  template -> launcher: b"S" once the child is forked (nothing, and a closed connection, if it
      could not be: the launcher then starts cold), then, when the child ends, its exit status
      as a 4-byte big-endian signed int.
The launcher closing its end (Terraform killed it) makes the template kill the child.

gRPC and fork: the template imports gRPC but never makes a server or a channel, so no gRPC
thread or poller exists when it forks; each child makes its own server.

Lifetime: the process that starts the template (`vpcmock serve`, the pytest plugin) stops it
when it stops, and the template also ends by itself once that process is gone. Providers it
forked finish the Terraform command they serve.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading

from vpcmock_provider.template_client import LENGTH, STARTED, STATUS, decode_request

MAX_REQUEST = 16 * 1024 * 1024  # an environment is far smaller; anything bigger is not a launcher


def socket_path(url: str) -> str:
    """Where the template of the mock at `url` listens: the same for `vpcmock env` (which
    exports it) and for whatever starts the template beside the mock. A short path (Unix
    socket paths are limited to about 100 bytes) in a directory only this user can enter."""
    import hashlib

    digest = hashlib.sha1(url.rstrip("/").encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"vpcmock-{os.getuid()}", f"provider-{digest}.sock")


class TemplateProcess:
    """A running template for the mock at `url`, started with `start` and stopped with `close`."""

    def __init__(self, url: str):
        self.path = socket_path(url)
        os.makedirs(os.path.dirname(self.path), mode=0o700, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vpcmock_provider.template", self.path, str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True)

    def ready(self, timeout: float = 10.0) -> bool:
        """Wait until the template answers (launchers that come earlier start cold, so only
        tests and benchmarks that measure warm starts wait)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(self.path)
                return True
            except OSError:
                time.sleep(0.02)
            finally:
                probe.close()
        return False

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(url: str) -> TemplateProcess | None:
    """A template beside the mock at `url`, or None where the platform has no fork and no
    Unix sockets (providers then start cold, as they always can)."""
    if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
        return None
    return TemplateProcess(url)


# -- the template process ------------------------------------------------------------------------


class Template:
    def __init__(self, path: str, owner: int):
        self.path, self.owner = path, owner
        self.children: dict[int, socket.socket] = {}
        self.stopping = False
        self.wake_read, self.wake_write = socket.socketpair()
        for end in (self.wake_read, self.wake_write):
            end.setblocking(False)
        self.listener = _listen(path)
        self.inode = os.stat(path).st_ino  # to remove the socket only while it is still ours

    def run(self) -> None:
        # A signal (SIGCHLD, SIGTERM) writes to wake_write, so select returns at once: an
        # ended provider's status reaches its launcher without delay.
        signal.set_wakeup_fd(self.wake_write.fileno())
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        try:
            while not self.stopping and os.getppid() == self.owner:
                readable, _, _ = select.select([self.listener, self.wake_read, *self.children.values()], [], [], 1.0)
                if self.wake_read in readable:
                    self._drain()
                self._reap()
                if self.listener in readable:
                    self._accept()
                for pid, connection in list(self.children.items()):
                    if connection in readable:
                        # The launcher never writes after its request: readable means it is gone.
                        _kill(pid)
        finally:
            self._remove_socket()

    def _stop(self, *_):
        self.stopping = True

    def _drain(self) -> None:
        try:
            while self.wake_read.recv(512):
                pass
        except BlockingIOError:
            pass

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.children.pop(pid, None)
            if connection is not None:
                try:
                    connection.sendall(STATUS.pack(_exit_status(status)))
                except OSError:
                    pass
                connection.close()

    def _accept(self) -> None:
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        streams: list[int] = []
        try:
            connection.settimeout(5)
            request, streams = _receive(connection)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except (OSError, ValueError):
            for fd in streams:
                os.close(fd)
            connection.close()
            return
        if pid == 0:
            code = 70
            try:
                self._become_provider(connection, request, streams)
                code = 0
            except BaseException:
                import traceback
                traceback.print_exc()
            finally:
                os._exit(code)
        for fd in streams:
            os.close(fd)
        try:
            connection.sendall(STARTED)
        except OSError:
            _kill(pid)
        self.children[pid] = connection

    def _become_provider(self, connection: socket.socket, request: dict, streams: list[int]) -> None:
        """In the forked child: take the launcher's streams, environment and directory, and serve."""
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.listener.close()
        self.wake_read.close()
        self.wake_write.close()
        for other in self.children.values():
            other.close()
        for target, fd in enumerate(streams):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        tempfile.tempdir = None  # the launcher's TMPDIR, not the template's
        connection.settimeout(None)
        threading.Thread(target=_exit_when_closed, args=(connection,), daemon=True).start()
        from vpcmock_provider.grpc_server import serve

        serve()

    def _remove_socket(self) -> None:
        try:
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        except OSError:
            pass
        self.listener.close()


def _listen(path: str) -> socket.socket:
    """Listen at `path`, replacing a stale socket: bound under a temporary name and renamed, so
    a launcher finds either nothing (and starts cold) or a template that accepts."""
    temporary = f"{path}.{os.getpid()}.tmp"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        pass
    listener.bind(temporary)
    listener.listen(64)
    os.replace(temporary, path)
    return listener


def _receive(connection: socket.socket) -> tuple[dict, list[int]]:
    data, ancillary, _, _ = connection.recvmsg(65536, socket.CMSG_SPACE(3 * 4))
    streams: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            streams += list(struct.unpack(f"{len(payload) // 4}i", payload[:len(payload) - len(payload) % 4]))
    try:
        if len(streams) != 3 or len(data) < LENGTH.size:
            raise ValueError("not a launcher's request")
        (size,) = LENGTH.unpack(data[:LENGTH.size])
        if size > MAX_REQUEST:
            raise ValueError("request too large")
        body = data[LENGTH.size:]
        while len(body) < size:
            chunk = connection.recv(size - len(body))
            if not chunk:
                raise ValueError("request cut short")
            body += chunk
        return decode_request(body), streams
    except ValueError:
        for fd in streams:
            os.close(fd)
        raise


def _exit_when_closed(connection: socket.socket) -> None:
    """In a provider: end when its launcher is gone (Terraform killed it)."""
    try:
        while connection.recv(1):
            pass
    except OSError:
        pass
    os._exit(1)


def _exit_status(status: int) -> int:
    """The status a shell would show: the exit code, or 128 + the signal that ended it."""
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main(argv: list[str]) -> None:
    path, owner = argv[0], int(argv[1])
    from vpcmock_provider import grpc_server

    grpc_server.preload()
    Template(path, owner).run()


if __name__ == "__main__":
    main(sys.argv[1:])
