"""Calls to a running mock's admin API (`/mock/...`) with the standard library only: what the
`vpcmock clock` and `vpcmock state` commands and the pytest plugin send."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class AdminError(Exception):
    """A call the mock refused (`status` set, `message` its first IBM-shaped error, `body` the
    whole answer) or that no mock answered (`status` None)."""

    def __init__(self, message: str, status: int | None = None, body: str = ""):
        super().__init__(message)
        self.message, self.status, self.body = message, status, body


def call(url: str, method: str, path: str, body=None, *, timeout: float = 600, raw: bool = False):
    """`method` `path` on the mock at `url` with a JSON `body`; answers the parsed JSON (None
    for an empty answer), or the bytes with `raw`."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{url.rstrip('/')}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as exc:
        text = exc.read().decode(errors="replace")
        try:
            errors = json.loads(text).get("errors") or []
        except (ValueError, AttributeError):
            errors = []
        message = errors[0].get("message", text) if errors else (text or str(exc))
        raise AdminError(message, exc.code, text) from None
    except urllib.error.URLError as exc:
        raise AdminError(f"no mock answers at {url}: {exc.reason}") from None
    if raw:
        return payload
    return json.loads(payload) if payload else None
