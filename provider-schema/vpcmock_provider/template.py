"""A warm template of the provider process: a fork server beside the mock.

Terraform starts the provider 3 or 4 times per command. A cold start imports gRPC, protobuf
and 490 resource declarations and parses the schema, over 150 ms each time. The template has
done all of that once and waits on a Unix socket; the launcher Terraform executes
(plugin.py) connects and gets a child of the template that is the provider.

The child is forked ahead of time: a spare that has already made and started its gRPC
server (grpc_server.ProviderServer) and waits for a launcher. The template hands it the next
launcher and forks the next spare while that provider serves, so a start costs the launcher's
own Python and a handshake line, not a fork and a server.

Protocol, one connection per provider start:
  launcher -> template: a 4-byte big-endian length and that many bytes: the launcher's working
      directory and environment (template_client.encode_request), with its stdin, stdout and
      stderr passed as SCM_RIGHTS in the same message; or, from the Perl launcher (relay.pl,
      Linux), the bytes b"PEER" alone: the template reads the same from /proc/<its pid>;
  template -> spare (its control socket): the same length and bytes, with the launcher's
      connection and its three streams as SCM_RIGHTS;
  template -> launcher: b"S" once a provider has it (nothing, and a closed connection, if none
      could: the launcher then starts cold), then, when the provider ends, its exit status as
      a 4-byte big-endian signed int. A provider that Terraform stops (Controller.Shutdown)
      lets go of the launcher's streams and sends its status 0 itself: Terraform's wait for
      the launcher ends then, not after the server has stopped and the process has torn down
      (the template's later copy goes unread).
The launcher closing its end (Terraform killed it) makes the template kill the child.

gRPC and fork: the template imports gRPC but never makes a server or a channel, so no gRPC
thread or poller exists when it forks; each child makes its own server.

Lifetime: the process that starts the template (`vpcmock serve`, the pytest plugin) stops it
when it stops, and the template also ends by itself once that process is gone; a spare ends
with its template. Providers it forked finish the Terraform command they serve.
"""

from __future__ import annotations

import gc
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
PEER = b"PEER"  # the Perl launcher's request: read me from /proc


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
        self.children: dict[int, socket.socket] = {}  # serving providers, by their launcher's connection
        self.spare: tuple[int, socket.socket] | None = None  # (pid, control socket)
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
        self.spare = self._fork_spare()
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
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if self.spare is not None and self.spare[0] == pid:  # a spare that died unused
                self.spare[1].close()
                self.spare = None
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
        try:
            body, streams = _launcher_request(connection)
        except (OSError, ValueError):
            connection.close()
            return
        try:
            pid = self._hand_over(connection, body, streams)
        finally:
            for fd in streams:
                os.close(fd)
        if pid is None:
            connection.close()  # the launcher starts cold
            return
        self.children[pid] = connection
        try:
            connection.sendall(STARTED)
        except OSError:
            _kill(pid)
        if self.spare is None:
            self.spare = self._fork_spare()

    def _hand_over(self, connection: socket.socket, body: bytes, streams: list[int]) -> int | None:
        """Give the launcher's request to the spare (or, when it is gone, to a child forked
        now); answer the provider's pid, or None when no child could take it."""
        for _ in range(2):
            spare, self.spare = self.spare or self._fork_spare(), None
            if spare is None:
                return None
            pid, control = spare
            try:
                _send(control, body, [connection.fileno(), *streams])
            except OSError:  # it died before it was needed: _reap collects it
                continue
            finally:
                control.close()
            return pid
        return None

    def _fork_spare(self) -> tuple[int, socket.socket] | None:
        try:
            ours, theirs = socket.socketpair()
        except OSError:
            return None
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            ours.close()
            theirs.close()
            return None
        if pid == 0:
            code = 70
            try:
                ours.close()
                self._become_spare(theirs)
                code = 0
            except BaseException:
                import traceback
                traceback.print_exc()
            finally:
                os._exit(code)
        theirs.close()
        return pid, ours

    def _become_spare(self, control: socket.socket) -> None:
        """In the forked child: make a provider's server, wait for a launcher, then take its
        streams, environment and directory, and serve."""
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for inherited in (self.listener, self.wake_read, self.wake_write, *self.children.values()):
            inherited.close()
        if self.spare is not None:
            self.spare[1].close()
        from vpcmock_provider.grpc_server import ProviderServer, socket_directory

        server = ProviderServer()
        try:
            body, (connection_fd, *streams) = _receive(control, expected_fds=(4,), timeout=None)
        except (OSError, ValueError):
            return  # the template is gone (or sent garbage): end unused
        control.close()
        connection = socket.socket(fileno=connection_fd)
        request = decode_request(body)
        for target, fd in enumerate(streams):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        tempfile.tempdir = None  # the launcher's TMPDIR, not the template's
        # A launcher that wants its socket elsewhere, or a spare that waited too long for one,
        # gets a server made now.
        if socket_directory(request["env"]) != server.socket_dir or server.stale():
            server.close()
            server = ProviderServer()
        connection.settimeout(None)
        threading.Thread(target=_exit_when_closed, args=(connection,), daemon=True).start()
        server.on_shutdown = lambda: _release(connection)
        server.serve()

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


def _launcher_request(connection: socket.socket) -> tuple[bytes, list[int]]:
    """A launcher's directory and environment (template_client.encode_request) and its three
    standard streams: passed on the socket, or read from /proc for the Perl launcher."""
    body, fds = _receive(connection, expected_fds=(3, 0))
    if fds:
        return body, fds
    if body != PEER:
        raise ValueError("not a launcher's request")
    pid, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                            struct.calcsize("3i")))
    if uid != os.getuid():
        raise ValueError("a launcher of another user")
    process = f"/proc/{pid}"
    with open(f"{process}/environ", "rb") as handle:
        environ = handle.read().rstrip(b"\0")
    body = os.readlink(f"{process}/cwd".encode()) + (b"\0" + environ if environ else b"")
    fds = []
    try:
        for fd, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
            fds.append(os.open(f"{process}/fd/{fd}", mode | os.O_CLOEXEC))
    except OSError:
        for fd in fds:
            os.close(fd)
        raise
    return body, fds


def _receive(connection: socket.socket, expected_fds: tuple[int, ...] = (3,),
             timeout: float | None = 5) -> tuple[bytes, list[int]]:
    """A request's bytes and the descriptors passed with it (as many as one of `expected_fds`)."""
    connection.settimeout(timeout)
    data, ancillary, _, _ = connection.recvmsg(65536, socket.CMSG_SPACE(max(expected_fds) * 4))
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds += list(struct.unpack(f"{len(payload) // 4}i", payload[:len(payload) - len(payload) % 4]))
    try:
        if len(fds) not in expected_fds or len(data) < LENGTH.size:
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
        return body, fds
    except ValueError:
        for fd in fds:
            os.close(fd)
        raise


def _send(control: socket.socket, body: bytes, fds: list[int]) -> None:
    """A request to a spare: the launcher's bytes, its connection and streams passed along."""
    message = LENGTH.pack(len(body)) + body
    sent = control.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))])
    if sent < len(message):  # (an empty send would fail once the spare, served, has closed its end)
        control.sendall(message[sent:])


def _release(connection: socket.socket) -> None:
    """In a provider Terraform is stopping (its calls are over): let go of the launcher's
    streams and send it status 0, so the launcher (the process Terraform waits for) ends now
    rather than after this server's stop and this process's teardown."""
    sys.stdout.flush()
    sys.stderr.flush()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    try:
        connection.sendall(STATUS.pack(0))
    except OSError:
        pass


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
    # What is loaded now stays out of every collection, in the template and in the providers it
    # forks: a collection would otherwise touch (and copy) every page the children share.
    gc.freeze()
    Template(path, owner).run()


if __name__ == "__main__":
    main(sys.argv[1:])
