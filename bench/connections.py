"""Service under many open connections (issue 25): active clients beside hundreds of idle
keep-alive ones, with the clock moving so that backups fire, then a crash and a restart.

    python bench/connections.py [--duration 20] [--clients 32] [--idle 250] [--reuse-every 20]
                                [--advance-every 2]

`vpcmock serve --state FILE` runs in its own process on loopback. A backup policy with an
hourly plan matches the tag every volume of the load carries. Each client cycles, on its own
keep-alive connection: create a volume (tagged), get it, rename it (If-Match), list volumes,
delete the volume it created in its previous cycle. Three phases of `--duration` seconds each,
in the same run:
  1. one client alone (no idle connections, the clock still);
  2. `--clients` clients, while `--idle` idle connections stay open (each sends one request
     every `--reuse-every` seconds, as an SDK client's pool reuses its connections) and the
     clock moves an hour every `--advance-every` seconds (POST /mock/clock), firing the plan;
  3. one client beside the `--idle` idle connections (the clock still): what idle connections
     cost a request when nothing else is in flight (waitress's loop looks at every open
     connection at each turn; under load one turn serves many requests).
Then the server is killed (SIGKILL, no clean shutdown), started again on the same state file,
and every acknowledged write is looked for: each volume alive with its last acknowledged name,
each acknowledged delete gone, each backup there, the clock where it was.

Prints a table; exits 1 if any request failed or any acknowledged write was lost. The
throughput ratio (phase 2 over phase 1, target 0.6x) is reported, not asserted, as is phase 3
over phase 1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import free_port  # noqa: E402

QUERY = "?" + urlencode({"version": "2026-10-06", "generation": "2"})
TAG = "bench-backup"
RATIO_TARGET = 0.6
POOLS = 10  # threads holding the idle connections: one alone could not keep up their reuses while answers are slow


class Connection:
    """One keep-alive HTTP connection with a bearer token, as a pooled SDK connection is."""

    def __init__(self, port: int, token: str | None):
        self.port, self.token = port, token
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, http.client.HTTPMessage, dict]:
        """(status, headers (any case), JSON body); a transport failure raises."""
        sent = {"Content-Type": "application/json", **(headers or {})}
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        if path.startswith("/v1"):
            path += QUERY if "?" not in path else "&" + QUERY[1:]
        self.http.request(method, path, body=None if body is None else json.dumps(body), headers=sent)
        response = self.http.getresponse()
        payload = response.read()
        return response.status, response.headers, json.loads(payload) if payload else {}

    def close(self) -> None:
        self.http.close()


def token(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/identity/token", body=urlencode({
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "bench-key"}),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    answer = json.loads(connection.getresponse().read())
    connection.close()
    return answer["access_token"]


# -- the server --------------------------------------------------------------------------------

def serve(state: Path, log) -> tuple[subprocess.Popen, int]:
    """`vpcmock serve --state state` (with its scheduler, as users run it), once it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--port", str(port), "--state", str(state)],
                               stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = Connection(port, None).call("GET", "/mock/clock")
            if status == 200:
                return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"vpcmock serve exited {process.returncode}")
            time.sleep(0.05)
    raise RuntimeError("vpcmock serve did not answer within 60 s")


# -- the load ----------------------------------------------------------------------------------

class Ledger:
    """What the server acknowledged: each volume's last acknowledged name, or None once its
    delete was acknowledged; the errors seen."""

    def __init__(self):
        self.lock = threading.Lock()
        self.volumes: dict[str, str | None] = {}
        self.errors: list[str] = []  # the first 1000
        self.failures = 0

    def error(self, what: str) -> None:
        with self.lock:
            self.failures += 1
            if len(self.errors) < 1000:
                self.errors.append(what)


def client_loop(port: int, bearer: str, label: str, stop: threading.Event, ledger: Ledger,
                latencies: list[float]) -> None:
    """create, get, patch, list, delete-the-previous, until `stop`; each acknowledged write in
    the ledger, each request's latency in `latencies`."""
    try:
        _cycles(port, bearer, label, stop, ledger, latencies)
    except Exception as exc:  # an answer the cycle cannot use: an error, not a silent thread's end
        ledger.error(f"client {label}: {type(exc).__name__} {exc}")


def _cycles(port: int, bearer: str, label: str, stop: threading.Event, ledger: Ledger,
            latencies: list[float]) -> None:
    connection = Connection(port, bearer)
    previous, cycle = None, 0

    def call(expected: int, method: str, path: str, body=None, headers=None):
        began = time.perf_counter()
        try:
            status, answer_headers, answer = connection.call(method, path, body, headers)
        except (OSError, http.client.HTTPException) as exc:
            ledger.error(f"{method} {path}: {type(exc).__name__} {exc}")
            connection.close()
            return None
        latencies.append(time.perf_counter() - began)
        if status != expected:
            ledger.error(f"{method} {path}: {status} {json.dumps(answer)[:200]}")
            return None
        return answer_headers, answer

    while not stop.is_set():
        name = f"{label}-{cycle}"
        created = call(201, "POST", "/v1/volumes", {"name": name, "capacity": 10, "profile": {"name": "sdp"},
                                                    "zone": {"name": "us-south-1"}, "user_tags": [TAG]})
        if created is not None:
            volume = created[1]["id"]
            with ledger.lock:
                ledger.volumes[volume] = name
            got = call(200, "GET", f"/v1/volumes/{volume}")
            if got is not None and call(200, "PATCH", f"/v1/volumes/{volume}", {"name": name + "-x"},
                                        {"If-Match": got[0]["ETag"]}) is not None:
                with ledger.lock:
                    ledger.volumes[volume] = name + "-x"
            call(200, "GET", "/v1/volumes?limit=50")
            if previous is not None and call(204, "DELETE", f"/v1/volumes/{previous}") is not None:
                with ledger.lock:
                    ledger.volumes[previous] = None
            previous = volume
        cycle += 1
    connection.close()


def idle_pool(port: int, bearer: str, count: int, reuse_every: float, stop: threading.Event,
              ledger: Ledger, opened: threading.Barrier, counters: dict) -> None:
    """`count` keep-alive connections (an SDK client's pool), each answered once, then each
    reused every `reuse_every` seconds (staggered), until `stop`."""
    connections = []
    for _ in range(count):
        connection = Connection(port, bearer)
        try:
            status, _, _ = connection.call("GET", "/v1/regions/us-south")
            if status != 200:
                ledger.error(f"idle connection's first request: {status}")
        except (OSError, http.client.HTTPException) as exc:
            ledger.error(f"idle connection's first request: {type(exc).__name__} {exc}")
        connections.append(connection)
    try:
        opened.wait()
    except threading.BrokenBarrierError:
        pass  # the phase went on without waiting for this pool
    # Connection n is due at n * step, then every reuse_every seconds; one that fell behind (this
    # thread waits its turn for the GIL beside the clients) is sent at once.
    step, began, n = reuse_every / max(1, count), time.monotonic(), 0
    while not stop.wait(max(0.0, began + n * step - time.monotonic())):
        connection = connections[n % count]
        n += 1
        try:
            status, _, _ = connection.call("GET", "/v1/regions/us-south")
            with ledger.lock:
                counters["reuses"] += 1
            if status != 200:
                ledger.error(f"idle connection's reuse: {status}")
        except (OSError, http.client.HTTPException) as exc:
            with ledger.lock:
                counters["closed_by_server"] += 1
            ledger.error(f"idle connection's reuse: {type(exc).__name__} {exc}")
            connection.close()
    for connection in connections:
        connection.close()


def clock_mover(port: int, every: float, stop: threading.Event, ledger: Ledger, events: dict) -> None:
    """An hour of the mock's clock every `every` seconds, adding up the events it processed."""
    connection = Connection(port, None)
    while not stop.wait(every):
        try:
            status, _, answer = connection.call("POST", "/mock/clock", {"advance_seconds": 3600})
        except (OSError, http.client.HTTPException) as exc:
            ledger.error(f"POST /mock/clock: {type(exc).__name__} {exc}")
            connection.close()
            continue
        if status != 200:
            ledger.error(f"POST /mock/clock: {status} {answer}")
            continue
        events["advances"] += 1
        for name, count in answer.get("events", {}).items():
            events[name] = events.get(name, 0) + count
    connection.close()


def phase(port: int, bearer: str, ledger: Ledger, *, clients: int, idle: int, duration: float, reuse_every: float,
          advance_every: float | None, label: str) -> dict:
    failures_before = ledger.failures
    stop, pools = threading.Event(), min(POOLS, idle)
    opened = threading.Barrier(pools + 1)
    counters, events = {"reuses": 0, "closed_by_server": 0}, {"advances": 0}
    background = []
    for n in range(pools):  # opened (and answered once) before the clients start, as pools opened earlier are
        size = idle // pools + (n < idle % pools)
        background.append(threading.Thread(target=idle_pool, args=(port, bearer, size, reuse_every, stop, ledger,
                                                                    opened, counters)))
        background[-1].start()
    if pools:
        try:
            opened.wait(120)
        except threading.BrokenBarrierError:
            ledger.error(f"the {idle} idle connections were not all answered within 120 s")
    if advance_every:
        background.append(threading.Thread(target=clock_mover, args=(port, advance_every, stop, ledger, events)))
        background[-1].start()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    workers = [threading.Thread(target=client_loop, args=(port, bearer, f"{label}{n}", stop, ledger, latencies[n]))
               for n in range(clients)]
    began = time.perf_counter()
    for thread in workers:
        thread.start()
    time.sleep(duration)
    stop.set()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - began
    for thread in background:
        thread.join()
    every = sorted(sample for samples in latencies for sample in samples)
    return {"clients": clients, "idle_connections": idle, "requests": len(every),
            "rps": round(len(every) / elapsed, 1),
            "p50_ms": round(statistics.median(every) * 1000, 2) if every else None,
            "p99_ms": round(every[min(len(every) - 1, int(len(every) * 0.99))] * 1000, 2) if every else None,
            "errors": ledger.failures - failures_before, "idle_reuses": counters["reuses"],
            "idle_closed_by_server": counters["closed_by_server"], "clock": events}


# -- after the restart -------------------------------------------------------------------------

def listed(connection: Connection, path: str, key: str) -> dict[str, dict]:
    """Every item of a paginated VPC list, by id."""
    found, start = {}, None
    while True:
        status, _, page = connection.call("GET", f"{path}?limit=100" + (f"&start={start}" if start else ""))
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {page}")
        found.update({item["id"]: item for item in page[key]})
        following = page.get("next", {}).get("href")
        if not following:
            return found
        start = following.split("start=")[1].split("&")[0]


def lost_writes(before: dict, after: dict, ledger: Ledger) -> list[str]:
    lost = []
    for volume, name in ledger.volumes.items():
        held = after["volumes"].get(volume)
        if name is None and held is not None:
            lost.append(f"volume {volume}: its delete was acknowledged, it is back")
        elif name is not None and (held is None or held["name"] != name):
            lost.append(f"volume {volume}: acknowledged as {name!r}, found {held and held['name']!r}")
    lost += [f"backup {snapshot}: gone" for snapshot in set(before["snapshots"]) - set(after["snapshots"])]
    if before["clock"] != after["clock"]:
        lost.append(f"clock: {before['clock']} before, {after['clock']} after")
    return lost


def holdings(port: int, bearer: str) -> dict:
    connection = Connection(port, bearer)
    try:
        return {"volumes": listed(connection, "/v1/volumes", "volumes"),
                "snapshots": listed(connection, "/v1/snapshots", "snapshots"),
                "clock": connection.call("GET", "/mock/clock")[2]["now"]}
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per phase (default 20)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--idle", type=int, default=250)
    parser.add_argument("--reuse-every", type=float, default=20, help="seconds between an idle connection's requests")
    parser.add_argument("--advance-every", type=float, default=2, help="seconds between clock moves of an hour")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        state, log = Path(tmp) / "state.json", open(Path(tmp) / "serve.log", "w")
        process, port = serve(state, log)
        ledger = Ledger()
        try:
            bearer = token(port)
            admin = Connection(port, bearer)
            admin.call("POST", "/mock/clock", {"frozen": True})
            status, _, policy = admin.call("POST", "/v1/backup_policies", {
                "name": "bench-hourly", "match_resource_type": "volume", "match_user_tags": [TAG],
                "plans": [{"name": "hourly", "cron_spec": "0 * * * *", "active": True,
                           "deletion_trigger": {"delete_after": 1, "delete_over_count": 2}}]})
            if status != 201:
                raise RuntimeError(f"backup policy: {status} {policy}")
            admin.close()
            alone = phase(port, bearer, ledger, clients=1, idle=0, duration=args.duration,
                          reuse_every=args.reuse_every, advance_every=None, label="alone")
            crowded = phase(port, bearer, ledger, clients=args.clients, idle=args.idle, duration=args.duration,
                            reuse_every=args.reuse_every, advance_every=args.advance_every, label="crowd")
            beside_idle = phase(port, bearer, ledger, clients=1, idle=args.idle, duration=args.duration,
                                reuse_every=args.reuse_every, advance_every=None, label="beside")
            before = holdings(port, bearer)
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        process, port = serve(state, log)
        try:
            after = holdings(port, token(port))
        finally:
            process.terminate()
            process.wait()
        log.close()
        lost = lost_writes(before, after, ledger)
        log_text = (Path(tmp) / "serve.log").read_text()

    ratio = crowded["rps"] / alone["rps"] if alone["rps"] else 0.0
    acknowledged = sum(1 for name in ledger.volumes.values() if name is not None)
    print(f"{'phase':<40}{'requests':>10}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, figures in (("1 client alone", alone),
                           (f"{args.clients} clients + {args.idle} idle, clock moving", crowded),
                           (f"1 client + {args.idle} idle", beside_idle)):
        print(f"{label:<40}{figures['requests']:>10}{figures['rps']:>9}{figures['p50_ms']:>9}{figures['p99_ms']:>9}"
              f"{figures['errors']:>8}")
    events = crowded["clock"]
    print(f"\nthroughput ratio: {ratio:.2f}x one client alone (target {RATIO_TARGET}x: "
          f"{'met' if ratio >= RATIO_TARGET else 'MISSED'}); one client beside {args.idle} idle connections: "
          f"{beside_idle['rps'] / alone['rps'] if alone['rps'] else 0.0:.2f}x alone")
    print(f"idle connections: {args.idle}, reused {crowded['idle_reuses']} times, "
          f"{crowded['idle_closed_by_server']} found closed by the server")
    print(f"clock: {events['advances']} advances of an hour, {events.get('plan_fired', 0)} plan fires, "
          f"{events.get('snapshot_completed', 0)} backups completed, {len(before['snapshots'])} held at the kill")
    print(f"after SIGKILL and restart: {len(ledger.volumes)} volumes written ({acknowledged} alive, "
          f"{len(ledger.volumes) - acknowledged} deleted), {len(lost)} acknowledged writes lost")
    for line in (ledger.errors[:10] + lost[:10]):
        print("  " + line)
    if "Traceback" in log_text:
        print("the server logged a traceback:\n" + log_text[-3000:])
    sys.exit(1 if ledger.failures or lost or "Traceback" in log_text else 0)


if __name__ == "__main__":
    main()
