"""One simulated year of backup plans, processed by one clock advance.

    python bench/time_travel.py [--scenario daily|hourly|all] [--days 365]

Scenarios (issue 3):
  - daily:  a daily plan (delete_after 30, delete_over_count 20) over 1,000 tagged volumes;
  - hourly: an hourly plan (delete_over_count 24) over 100 tagged volumes.
Each runs in its own process, twice side by side: with the state in a file (as `make run`
keeps it) and in memory (the baseline: the same engine without persistence). Reported: wall
and CPU time of the advance, events handled per second, peak resident memory, the state file's size
after a clean shutdown (and how long that shutdown took), how many snapshots and jobs are held
at the end, the state's bytes by table, and the bytes one retained backup costs.
"""

from __future__ import annotations

import argparse
import json

import orjson
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

SCENARIOS = {
    "daily": {"volumes": 1000, "cron": "0 3 * * *", "trigger": {"delete_after": 30, "delete_over_count": 20}},
    "hourly": {"volumes": 100, "cron": "0 * * * *", "trigger": {"delete_after": 30, "delete_over_count": 24}},
}
START = datetime(2030, 1, 1, tzinfo=timezone.utc)
TARGET_SECONDS = {"daily": 20, "hourly": 30}  # issue 30


def open_scenario(name: str, path: Path | None):
    """A runtime (state in `path`, or in memory) with the clock frozen at START, the scenario's
    tagged volumes and its policy with one plan."""
    from vpcmock.config import Settings
    from vpcmock.engine.backup import backup_policies
    from vpcmock.engine.block_storage import volumes
    from vpcmock.engine.core.context import Ctx
    from vpcmock.runtime import Runtime

    scenario = SCENARIOS[name]
    runtime = Runtime.open(Settings(state_path=path, scheduler=False))
    runtime.move_clock(to=START, frozen=True)
    with runtime.store.transaction():
        ctx = Ctx(runtime.store, "a1b2c3d4e5f60718293a4b5c6d7e8f90", "us-south", runtime.clock.now(), runtime.agenda)
        for n in range(scenario["volumes"]):
            volumes.create_volume(ctx, {"name": f"vol-{n}", "capacity": 100, "profile": {"name": "sdp"},
                                        "zone": {"name": "us-south-1"}, "user_tags": ["bench"]})
        backup_policies.create_policy(ctx, {"name": "bench", "match_resource_type": "volume",
                                            "match_user_tags": ["bench"], "plans": [
            {"name": "plan", "cron_spec": scenario["cron"], "active": True,
             "deletion_trigger": scenario["trigger"]}]}, {})
    return runtime


def run_one(name: str, days: int, persist: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.json" if persist else None
        runtime = open_scenario(name, path)
        started, cpu = time.perf_counter(), time.process_time()
        counts = runtime.move_clock(to=START + timedelta(days=days))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        events = sum(counts.values())
        held = {table: len(runtime.store.all(table)) for table in ("snapshots", "jobs")}
        by_table = {table: len(orjson.dumps(runtime.store.all(table))) for table in runtime.store.tables()}
        started = time.perf_counter()
        runtime.close()  # a clean shutdown: the journal folded into the state file
        closing = time.perf_counter() - started
        return {
            "scenario": name, "state": "file" if persist else "memory", "days": days,
            # CPU time beside wall time: on a shared machine, the wall time includes waiting.
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "events": events, "events_per_s": round(events / wall),
            "by_event": dict(counts),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "state_file_mb": round(os.path.getsize(path) / 1e6, 2) if persist else None,
            "close_s": round(closing, 2),
            "held_at_end": held,
            "state_bytes_by_table": by_table,
            # What one retained backup costs the state: its snapshot document and the job
            # records retention keeps beside it (jobs are kept 30 days, like IBM's).
            "bytes_per_retained_backup": round((by_table.get("snapshots", 0) + by_table.get("jobs", 0))
                                               / max(1, held["snapshots"])),
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="all")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--one", nargs=2, metavar=("SCENARIO", "STATE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.days, args.one[1] == "file")))
        return
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    report = []
    for name in names:
        for state in ("file", "memory"):
            out = subprocess.run([sys.executable, __file__, "--days", str(args.days), "--one", name, state],
                                 capture_output=True, text=True, check=True)
            report.append(json.loads(out.stdout))
            print(json.dumps(report[-1]), file=sys.stderr, flush=True)
    summary = {f"{r['scenario']}_{r['state']}": r for r in report}
    for name in names:
        file_run, memory_run = summary[f"{name}_file"], summary[f"{name}_memory"]
        summary[f"{name}_file_over_memory"] = round(file_run["wall_s"] / memory_run["wall_s"], 2)
        summary[f"{name}_share_of_target"] = round(file_run["wall_s"] / TARGET_SECONDS[name], 2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
