"""How many connections the server holds open, how long an idle one stays, and the file
descriptors that takes. Kept apart from server.py (which imports waitress and the app) so the
CLI's help can quote the figures without that import."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# Waitress's default of 100 is meant for a server behind a proxy. Clients reach the mock
# directly, and every SDK client (and each Terraform provider) keeps a pool of keep-alive
# connections: past the limit waitress stops accepting, so a few hundred idle pooled
# connections starved every new client (issue 25: 250 idle, 0 requests served in 60 s).
CONNECTION_LIMIT = 2048

# An idle keep-alive connection is closed this many seconds after its last request (and at
# most IDLE_SWEEP_SECONDS later: waitress looks for idle ones every IDLE_SWEEP_SECONDS). Pools
# reuse connections every 20 s or so; 120 s is also longer than the clients' own idle timeouts
# (Go's net/http, which Terraform providers use, drops idle ones after 90 s; urllib3 checks a
# pooled connection before reuse), so a client gives up a connection before the server closes it
# under a request being sent.
IDLE_TIMEOUT = 120
IDLE_SWEEP_SECONDS = 30

# Descriptors the process needs beside one per connection: the state file and its journal, the
# log, waitress's trigger pipe, the webhook's and the provider template's sockets, a request
# body spilled to a temporary file.
FD_HEADROOM = 128


def idle_sweep(idle_timeout: int) -> int:
    """Seconds between waitress's sweeps for idle connections: a quarter of the timeout, at
    most IDLE_SWEEP_SECONDS, so a connection closes within 1.25x the timeout (1 s for a test's
    1 s timeout)."""
    return max(1, min(IDLE_SWEEP_SECONDS, idle_timeout // 4))


def reserve_descriptors(connections: int = CONNECTION_LIMIT) -> int:
    """Raise this process's soft limit on open files (RLIMIT_NOFILE) toward its hard limit, as
    far as `connections` plus FD_HEADROOM need (many systems start processes at 1,024, macOS at
    256); answers how many connections the limit then allows, `connections` at most. Past the
    limit accept() would fail with EMFILE and waitress would retry it in a busy loop, so the
    server is better told to stop accepting a little earlier."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return connections
    needed = connections + FD_HEADROOM
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):  # macOS refuses beyond its OPEN_MAX whatever the hard limit says
            pass
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return connections
    allowed = max(soft - FD_HEADROOM, soft // 2)
    log.warning("open files limited to %d (ulimit -n): serving at most %d connections at once, not %d",
                soft, allowed, connections)
    return allowed
