"""Serving the app with waitress (a production WSGI server), in the foreground or a thread."""

from __future__ import annotations

import threading

from waitress.server import create_server

from vpcmock.connections import CONNECTION_LIMIT, IDLE_TIMEOUT, idle_sweep, reserve_descriptors
from vpcmock.http import waitress_channel
from vpcmock.http.app import create_app
from vpcmock.runtime import Runtime
from vpcmock.scheduler import Scheduler
from vpcmock.webhook import WebhookNotifier

# The same for every mock: `vpcmock serve`, the pytest plugin's and the suite's.
# asyncore_use_poll: waitress watches its sockets with select() unless told otherwise, and
# select() cannot watch a descriptor numbered 1,024 (FD_SETSIZE) or more: past about a thousand
# open connections the serving loop would die. poll() has no such bound.
WAITRESS_SETTINGS = {"ident": "vpcmock", "clear_untrusted_proxy_headers": True, "asyncore_use_poll": True}


class MockServer:
    """A running mock: `url` is its root; `close()` stops it. It holds up to `connection_limit`
    connections open (CONNECTION_LIMIT, fewer if the open-files limit cannot be raised) and
    closes one idle for `idle_timeout` seconds (IDLE_TIMEOUT; see connections.py)."""

    def __init__(self, runtime: Runtime, host: str = "127.0.0.1", port: int = 8080, threads: int = 8,
                 idle_timeout: int = IDLE_TIMEOUT):
        self.runtime = runtime
        self.app = create_app(runtime)
        self.connection_limit, self.idle_timeout = reserve_descriptors(CONNECTION_LIMIT), idle_timeout
        self._server = create_server(self.app, host=host, port=port, threads=threads, **WAITRESS_SETTINGS,
                                     connection_limit=self.connection_limit, channel_timeout=idle_timeout,
                                     cleanup_interval=idle_sweep(idle_timeout))
        self._server.channel_class = waitress_channel.Channel  # S3 clients: http/waitress_channel.py
        self.host, self.port = self._server.effective_host, self._server.effective_port
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.scheduler = Scheduler(runtime) if runtime.settings.scheduler else None
        self.webhook = WebhookNotifier(runtime)
        self._workers = [w for w in (self.scheduler, self.webhook) if w is not None]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def serve_forever(self) -> None:
        for worker in self._workers:
            worker.start()
        try:
            self._server.run()
        finally:
            for worker in self._workers:
                worker.stop()
            self.runtime.close()

    def _loop(self) -> None:
        # waitress's own run() cannot be stopped from another thread without closing the
        # socket under its poll(); this loop checks a flag between short polls instead.
        while not self._stopping.is_set():
            self._server.asyncore.loop(timeout=0.05, map=self._server._map, count=1,
                                       use_poll=self._server.adj.asyncore_use_poll)

    def start(self) -> "MockServer":
        for worker in self._workers:
            worker.start()
        self._thread = threading.Thread(target=self._loop, name="vpcmock-http", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        # The worker threads first: one finishing a request wakes the loop by writing to the
        # trigger pipe, and once the pipe is closed its descriptor number may be a new socket's
        # (a client's, in the same process), which would receive that stray "x" before its
        # answer. Then every channel, the trigger and the listening socket.
        self._server.task_dispatcher.shutdown(timeout=5)
        for dispatcher in list(self._server._map.values()):
            dispatcher.close()
        self._server.close()
        self.runtime.close()
