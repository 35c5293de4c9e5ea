"""What the pytest plugin costs between tests, as ratios to a server restart.

    python bench/test_toolkit.py

- between tests: restoring the session's pristine snapshot after a test that made 20 volumes
  (what the `vpcmock` fixture does), against restarting `vpcmock serve --in-memory` to its
  first answer (the baseline: what a suite without snapshots would do);
- a snapshot of 10,000 objects (volumes and snapshots): restored after a test changed 20 of
  them, and restored over an empty state (every document put back).
Medians of 15 runs each; every call goes over loopback HTTP.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_throughput import seed_vpcmock  # noqa: E402
from conftest import Http, free_port  # noqa: E402
from vpcmock.config import Settings  # noqa: E402
from vpcmock.runtime import Runtime  # noqa: E402
from vpcmock.server import MockServer  # noqa: E402

VOLUME = {"capacity": 10, "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"}}
RUNS = 15


def restart_seconds() -> float:
    port = free_port()
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--in-memory", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/mock/clock", timeout=1)
                return time.perf_counter() - began
            except requests.ConnectionError:
                time.sleep(0.005)
    finally:
        process.terminate()
        process.wait()


def restore_seconds(url: str, name: str, dirty) -> float:
    dirty()
    began = time.perf_counter()
    requests.post(f"{url}/mock/state/snapshots/{name}/restore").raise_for_status()
    return time.perf_counter() - began


def main() -> None:
    runtime = Runtime.open(Settings(state_path=None, scheduler=False))
    server = MockServer(runtime, port=0).start()
    url, http = server.url, Http(server.url)
    requests.post(f"{url}/mock/state/snapshots", json={"name": "pristine"}).raise_for_status()

    def twenty_volumes():
        for n in range(20):
            http.call("POST", "/volumes", {**VOLUME, "name": f"t{n}"}).raise_for_status()

    between = statistics.median(restore_seconds(url, "pristine", twenty_volumes) for _ in range(RUNS))
    restart = statistics.median(restart_seconds() for _ in range(RUNS))

    seed_vpcmock(runtime, 5000)  # 5,000 volumes (one instance's boot volume among them) and 5,000 snapshots
    requests.post(f"{url}/mock/state/snapshots", json={"name": "large"}).raise_for_status()
    held = sum(requests.get(f"{url}/mock/state/snapshots/large").json()["counts"].values())
    after_change = statistics.median(restore_seconds(url, "large", twenty_volumes) for _ in range(RUNS))
    over_empty = statistics.median(restore_seconds(url, "large", lambda: requests.post(f"{url}/mock/reset"))
                                   for _ in range(5))
    server.close()
    print(json.dumps({
        "between_tests_restore_ms": round(between * 1000, 1), "server_restart_ms": round(restart * 1000, 1),
        "restore_over_restart": round(between / restart, 3),
        "large_snapshot_objects": held,
        "large_restore_after_20_changes_ms": round(after_change * 1000, 1),
        "large_restore_over_empty_state_ms": round(over_empty * 1000, 1),
        "large_restore_after_changes_over_restart": round(after_change / restart, 3),
    }, indent=2))


if __name__ == "__main__":
    main()
