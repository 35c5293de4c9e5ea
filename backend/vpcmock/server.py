"""Serving the app with waitress (a production WSGI server), in the foreground or a thread."""

from __future__ import annotations

import threading

from waitress.server import create_server

from vpcmock.http.app import create_app
from vpcmock.runtime import Runtime


class MockServer:
    """A running mock: `url` is its root; `close()` stops it."""

    def __init__(self, runtime: Runtime, host: str = "127.0.0.1", port: int = 8080, threads: int = 8):
        self.runtime = runtime
        self.app = create_app(runtime)
        self._server = create_server(self.app, host=host, port=port, threads=threads, ident="vpcmock",
                                     clear_untrusted_proxy_headers=True, channel_timeout=30)
        self.host, self.port = self._server.effective_host, self._server.effective_port
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def serve_forever(self) -> None:
        self._server.run()

    def start(self) -> "MockServer":
        self._thread = threading.Thread(target=self._server.run, name="vpcmock-http", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
