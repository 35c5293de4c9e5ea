"""Throughput and latency of vpcmock against moto's server, same client, same run.

    python bench/api_throughput.py [--large 10000] [--small 100] [--rounds 300]

Shapes measured on each server (a real HTTP server on loopback, one `requests` session):
  - cycle:  create (with one plan), get, patch, delete of a backup policy (moto: AWS Backup
            plan create/get/tag/delete: moto 5.2 has no UpdateBackupPlan), calls per second;
  - get:    one volume and one snapshot by id (moto: EC2 DescribeVolumes/DescribeSnapshots by id);
  - list:   the first page of 50 volumes and of 50 snapshots (moto: MaxResults=50),
with `--small` and with `--large` volumes and snapshots stored. vpcmock keeps a file-backed state.
Both servers run in this process (vpcmock's waitress thread, moto's ThreadedMotoServer) and are
seeded in-process through their own models; every measured call goes over loopback HTTP.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import Http, free_port  # noqa: E402
from vpcmock.config import Settings  # noqa: E402
from vpcmock.engine.block_storage import instances, snapshots, volumes  # noqa: E402
from vpcmock.engine.core.context import Ctx  # noqa: E402
from vpcmock.runtime import Runtime  # noqa: E402
from vpcmock.server import MockServer  # noqa: E402
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue

Q = {"version": "2026-10-06", "generation": "2"}


MIN_SAMPLES = 20
BUDGET_SECONDS = 30.0


def timed(call, rounds: int) -> list[float]:
    """`rounds` timed calls, or fewer (at least MIN_SAMPLES) when they take over BUDGET_SECONDS:
    moto lists 10,000 snapshots in seconds per call."""
    samples = []
    began = time.perf_counter()
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
        if len(samples) >= MIN_SAMPLES and time.perf_counter() - began > BUDGET_SECONDS:
            break
    return samples


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"rps": round(len(samples) / sum(samples), 1), "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2)}


# -- vpcmock -----------------------------------------------------------------------------------

def seed_vpcmock(runtime: Runtime, count: int) -> tuple[str, str]:
    """Bulk-create `count` volumes and snapshots in-process (the API would take minutes)."""
    store = runtime.store
    with store.transaction():
        ctx = Ctx(store, "a1b2c3d4e5f60718293a4b5c6d7e8f90", "us-south", runtime.clock.now(), runtime.agenda)
        instance = instances.create_instance(ctx, {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                                   "image": {"id": UBUNTU}})
        boot = store.get("volumes", instance["attachments"][0]["volume_id"])
        for n in range(count - 1):
            volumes.create_volume(ctx, {"name": f"bench-{n}", "capacity": 10, "profile": {"name": "sdp"},
                                        "zone": {"name": "us-south-1"}})
        for n in range(count):
            snap = snapshots.take_snapshot(ctx, boot, name=f"snap-{n}", user_tags=[])
        return boot["id"], snap["id"]


def bench_vpcmock(count: int, rounds: int, cycle: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime.open(Settings(state_path=Path(tmp) / "state.json"))
        volume_id, snapshot_id = seed_vpcmock(runtime, count)
        server = MockServer(runtime, port=0).start()
        try:
            http = Http(server.url)
            results = {}
            if cycle:
                results["cycle"] = summary(_vpcmock_cycle(http, rounds))
            results["get_volume"] = summary(timed(lambda: http.call("GET", f"/volumes/{volume_id}").raise_for_status(), rounds))
            results["get_snapshot"] = summary(timed(lambda: http.call("GET", f"/snapshots/{snapshot_id}").raise_for_status(), rounds))
            results["list_volumes"] = summary(timed(lambda: http.call("GET", "/volumes").raise_for_status(), rounds))
            results["list_snapshots"] = summary(timed(lambda: http.call("GET", "/snapshots").raise_for_status(), rounds))
            return results
        finally:
            server.close()


def _vpcmock_cycle(http, rounds: int) -> list[float]:
    samples = []
    for n in range(rounds // 4):
        t = time.perf_counter
        a = t(); created = http.call("POST", "/backup_policies", {"match_resource_type": "volume", "match_user_tags": ["b"],
                                                                  "name": f"bench-{n}", "plans": [{"cron_spec": "0 1 * * *"}]})
        b = t(); got = http.call("GET", f"/backup_policies/{created.json()['id']}")
        c = t(); http.call("PATCH", f"/backup_policies/{created.json()['id']}", {"name": f"bench-{n}-x"},
                           headers={"If-Match": got.headers["ETag"]}).raise_for_status()
        d = t(); http.call("DELETE", f"/backup_policies/{created.json()['id']}").raise_for_status()
        e = t()
        samples += [b - a, c - b, d - c, e - d]
    return samples


# -- moto --------------------------------------------------------------------------------------

def _aws_headers(service: str) -> dict:
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{service}/aws4_request, "
                             "SignedHeaders=host, Signature=0"}


def seed_moto(count: int) -> tuple[str, str]:
    """Bulk-create `count` EBS volumes and snapshots in moto's own backend, in-process, as
    vpcmock is seeded (through its API moto takes tens of minutes for 10,000 of each)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ec2.models import ec2_backends

    backend = ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
    volume = None
    for _ in range(count):
        volume = backend.create_volume(size=10, zone_name="us-east-1a")
    snapshot = None
    for _ in range(count):
        snapshot = backend.create_snapshot(volume.id, "bench")
    return volume.id, snapshot.id


def bench_moto(count: int, rounds: int, cycle: bool) -> dict:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    session = requests.Session()
    try:
        requests.post(f"{url}/moto-api/reset").raise_for_status()
        volume_id, snapshot_id = seed_moto(count)
        ec2 = _aws_headers("ec2")

        def ec2_call(action, **params):
            response = session.post(url, data={"Action": action, "Version": "2016-11-15", **params}, headers=ec2)
            response.raise_for_status()
            return response.text

        results = {}
        if cycle:
            results["cycle"] = summary(_moto_cycle(session, url, rounds))
        results["get_volume"] = summary(timed(lambda: ec2_call("DescribeVolumes", **{"VolumeId.1": volume_id}), rounds))
        results["get_snapshot"] = summary(timed(lambda: ec2_call("DescribeSnapshots", **{"SnapshotId.1": snapshot_id}), rounds))
        results["list_volumes"] = summary(timed(lambda: ec2_call("DescribeVolumes", MaxResults="50"), rounds))
        results["list_snapshots"] = summary(timed(lambda: ec2_call("DescribeSnapshots", MaxResults="50"), rounds))
        return results
    finally:
        server.stop()


def _moto_cycle(session, url: str, rounds: int) -> list[float]:
    headers = {**_aws_headers("backup"), "Content-Type": "application/json"}
    samples = []
    for n in range(rounds // 4):
        plan = {"BackupPlan": {"BackupPlanName": f"bench-{n}", "Rules": [
            {"RuleName": "daily", "TargetBackupVaultName": "Default", "ScheduleExpression": "cron(0 1 * * ? *)"}]}}
        t = time.perf_counter
        a = t(); created = session.put(f"{url}/backup/plans/", data=json.dumps(plan), headers=headers)
        created.raise_for_status()
        plan_id, plan_arn = created.json()["BackupPlanId"], created.json()["BackupPlanArn"]
        b = t(); session.get(f"{url}/backup/plans/{plan_id}/", headers=headers).raise_for_status()
        c = t()
        # moto 5.2 does not implement UpdateBackupPlan (it answers 500); TagResource is the
        # nearest change to a plan it does implement, so it stands in for the patch.
        session.post(f"{url}/tags/{quote(plan_arn, safe='')}", data=json.dumps({"Tags": {"n": str(n)}}),
                     headers=headers).raise_for_status()
        d = t(); session.delete(f"{url}/backup/plans/{plan_id}", headers=headers).raise_for_status()
        e = t()
        samples += [b - a, c - b, d - c, e - d]
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    report = {}
    for label, count in (("small", args.small), ("large", args.large)):
        report[f"vpcmock_{label}"] = bench_vpcmock(count, args.rounds, cycle=label == "small")
        report[f"moto_{label}"] = bench_moto(count, args.rounds, cycle=label == "small")
    ratios = {
        "throughput_vs_moto": {shape: round(report["vpcmock_small"][shape]["rps"] / report["moto_small"][shape]["rps"], 2)
                               for shape in report["vpcmock_small"]},
        "throughput_vs_moto_large": {shape: round(report["vpcmock_large"][shape]["rps"] / report["moto_large"][shape]["rps"], 2)
                                     for shape in report["vpcmock_large"]},
        "p99_large_over_small": {shape: round(report["vpcmock_large"][shape]["p99_ms"] / report["vpcmock_small"][shape]["p99_ms"], 2)
                                 for shape in report["vpcmock_large"]},
    }
    report["ratios"] = ratios
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
