"""Two corrections to waitress's HTTP channel that S3 clients need (server.py installs it).

- Header names as a service writes them: waitress capitalizes every response header name
  (`x-amz-meta-owner` leaves as `X-Amz-Meta-Owner`). HTTP does not care, but S3 clients take
  an object's user metadata keys from the names after `x-amz-meta-`, case and all, and S3 and
  COS send them in lower case; the task puts those names back in lower case.
- An empty body announced with `Expect: 100-continue` (botocore sends it on every PUT, an empty
  object's included): waitress answers 100 Continue and then marks the request incomplete,
  waiting for body bytes that never come, so the request hangs. With nothing to wait for, the
  channel sends no 100 and the request is served at once (a client gets the final answer in
  place of the 100, which HTTP/1.1 allows).
"""

from __future__ import annotations

from waitress.channel import HTTPChannel
from waitress.task import WSGITask

_PREFIX = b"\r\nX-Amz-Meta-"


class Task(WSGITask):
    def build_response_header(self):
        head = super().build_response_header()
        if _PREFIX not in head:
            return head
        lines = head.split(b"\r\n")
        for index, line in enumerate(lines):
            if line.startswith(b"X-Amz-Meta-"):
                name, colon, value = line.partition(b":")
                lines[index] = name.lower() + colon + value
        return b"\r\n".join(lines)


class Channel(HTTPChannel):
    task_class = Task

    def send_continue(self):
        request = self.request
        if request is not None and not request.chunked and not request.content_length:
            request.expect_continue = False
            return
        super().send_continue()
