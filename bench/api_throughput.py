"""Throughput and latency of vpcmock against moto's server, same client, same run.

    python bench/api_throughput.py [--large 10000] [--small 100] [--rounds 300]

Shapes measured on each server (a real HTTP server on loopback, one `requests` session):
  - cycle:  create (with one plan), get, patch, delete of a backup policy (moto: AWS Backup
            plan create/get/tag/delete: moto 5.2 has no UpdateBackupPlan), calls per second;
  - get:    one volume and one snapshot by id (moto: EC2 DescribeVolumes/DescribeSnapshots by id);
  - list:   the first page of 50 volumes and of 50 snapshots (moto: MaxResults=50),
  - generic: one security group by id and the first page of 50 (each group with one rule), served
            by the generic engine from the API table (moto: DescribeSecurityGroups by id and
            MaxResults=50); `generic_over_emulated` sets them beside get and list volume,
with `--small` and with `--large` volumes, snapshots and security groups stored. vpcmock keeps a file-backed state.
Both servers run in this process (vpcmock's waitress thread, moto's ThreadedMotoServer) and are
seeded in-process through their own models; every measured call goes over loopback HTTP.

Then the write cycle against the size of the state (`state_sizes`): `vpcmock serve --state`
as users run it, in its own process, on a fresh state, on one holding 10,000 volumes and
snapshots, and on the state one simulated year leaves (1,000 tagged volumes under a daily plan,
delete_after 30, delete_over_count 20); each reports start-up to first answer, the file's size
and create, patch and delete p50/p99, with ratios to the fresh figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
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
from vpcmock.engine.generic import collections as generic_collections, resources as generic  # noqa: E402
from vpcmock import api_table  # noqa: E402
from vpcmock.engine.network import vpcs  # noqa: E402
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

def seed_vpcmock(runtime: Runtime, count: int) -> tuple[str, str, str]:
    """Bulk-create `count` volumes, snapshots and security groups (one rule each, in one VPC)
    in-process (the API would take minutes)."""
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
        vpc = vpcs.create_vpc(ctx, {"name": "bench"})
        groups = generic_collections.collection("security_groups")
        rule = {"direction": "inbound", "protocol": "tcp", "port_min": 22, "port_max": 22}
        props = api_table.operation("create_security_group")["body"]["properties"]
        for n in range(count - 1):  # the VPC's default group is the count-th
            group = generic.create(ctx, groups, None, {"name": f"sg-{n}", "vpc": {"id": vpc["id"]}, "rules": [rule]},
                                   props)
        return boot["id"], snap["id"], group["id"]


def bench_vpcmock(count: int, rounds: int, cycle: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime.open(Settings(state_path=Path(tmp) / "state.json"))
        volume_id, snapshot_id, group_id = seed_vpcmock(runtime, count)
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
            results["get_security_group"] = summary(timed(
                lambda: http.call("GET", f"/security_groups/{group_id}").raise_for_status(), rounds))
            results["list_security_groups"] = summary(timed(
                lambda: http.call("GET", "/security_groups").raise_for_status(), rounds))
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


def seed_moto(count: int) -> tuple[str, str, str]:
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
    group = None
    for n in range(count - 1):  # the default VPC's default group is the count-th
        group = backend.create_security_group(f"sg-{n}", "bench")
        _allow_ssh(backend, group.id)
    return volume.id, snapshot.id, group.id


def _allow_ssh(backend, group_id: str) -> None:
    """One ingress rule on a moto security group, in the signature of the moto installed
    (5.0 took a list of IP permissions; later 5.x releases take the rule's fields)."""
    import inspect

    if "ip_protocol" in inspect.signature(backend.authorize_security_group_ingress).parameters:
        backend.authorize_security_group_ingress(group_id, ip_protocol="tcp", from_port="22", to_port="22",
                                                 ip_ranges=[{"CidrIp": "0.0.0.0/0"}])
    else:
        backend.authorize_security_group_ingress(group_id, None, [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                                                   "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])


def bench_moto(count: int, rounds: int, cycle: bool) -> dict:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    session = requests.Session()
    try:
        requests.post(f"{url}/moto-api/reset").raise_for_status()
        volume_id, snapshot_id, group_id = seed_moto(count)
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
        results["get_security_group"] = summary(timed(
            lambda: ec2_call("DescribeSecurityGroups", **{"GroupId.1": group_id}), rounds))
        results["list_security_groups"] = summary(timed(lambda: ec2_call("DescribeSecurityGroups", MaxResults="50"),
                                                        rounds))
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


# -- write cost against state size ----------------------------------------------------------------

def build_year_state(path: Path, days: int = 365) -> None:
    """The state a simulated year leaves (the daily scenario of bench/time_travel.py)."""
    from datetime import timedelta
    from time_travel import START, open_scenario

    runtime = open_scenario("daily", path)
    runtime.move_clock(to=START + timedelta(days=days), frozen=True)
    runtime.close()


def build_objects_state(path: Path, count: int) -> None:
    runtime = Runtime.open(Settings(state_path=path, scheduler=False))
    seed_vpcmock(runtime, count)
    runtime.close()


def serve(path: Path) -> tuple[subprocess.Popen, str, float]:
    """`vpcmock serve --state path` in its own process; answers it, its URL and the seconds from
    exec to its first answer."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    began = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--port", str(port), "--state", str(path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            requests.get(f"{url}/mock/clock", timeout=1).raise_for_status()
            return process, url, time.perf_counter() - began
        except requests.ConnectionError:
            if process.poll() is not None:
                raise RuntimeError(f"vpcmock serve exited {process.returncode}")
            time.sleep(0.01)


def _write_cycle(http: Http, rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"create": [], "patch": [], "delete": []}
    for n in range(rounds):
        t = time.perf_counter
        a = t(); created = http.call("POST", "/backup_policies", {"match_resource_type": "volume", "match_user_tags": ["w"],
                                                                  "name": f"write-{n}"})
        created.raise_for_status()
        etag = created.headers["ETag"]
        b = t(); http.call("PATCH", f"/backup_policies/{created.json()['id']}", {"name": f"write-{n}-x"},
                           headers={"If-Match": etag}).raise_for_status()
        c = t(); http.call("DELETE", f"/backup_policies/{created.json()['id']}").raise_for_status()
        d = t()
        samples["create"].append(b - a), samples["patch"].append(c - b), samples["delete"].append(d - c)
    return samples


def bench_state_sizes(rounds: int, objects: int, year_days: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        states = {"fresh": Path(tmp) / "fresh.json", f"{objects}_objects": Path(tmp) / "objects.json",
                  "after_a_year": Path(tmp) / "year.json"}
        build_objects_state(states[f"{objects}_objects"], objects)
        build_year_state(states["after_a_year"], days=year_days)
        report = {}
        for label, path in states.items():
            size = path.stat().st_size if path.exists() else 0
            process, url, started = serve(path)
            try:
                cycle = _write_cycle(Http(url), rounds)
            finally:
                process.terminate()
                process.wait()
            report[label] = {"state_file_mb": round(size / 1e6, 1), "start_up_s": round(started, 2),
                             **{op: summary(values) for op, values in cycle.items()}}
        fresh = report["fresh"]
        for label in states:
            if label != "fresh":
                report[f"{label}_over_fresh"] = {
                    **{f"{op}_p50": round(report[label][op]["p50_ms"] / fresh[op]["p50_ms"], 2) for op in ("create", "patch", "delete")},
                    **{f"{op}_p99": round(report[label][op]["p99_ms"] / fresh[op]["p99_ms"], 2) for op in ("create", "patch", "delete")}}
        return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--year-days", type=int, default=365)
    parser.add_argument("--only", choices=("state-sizes", "api"), help="run only that part")
    args = parser.parse_args()
    if args.only == "state-sizes":
        print(json.dumps(bench_state_sizes(args.rounds // 4, args.large, args.year_days), indent=2))
        return
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
        # The generic engine beside the emulated routes, in vpcmock alone: throughput, p50, p99.
        "generic_over_emulated": {label: {
            f"{generic}_vs_{emulated}": {
                measure: round(report[f"vpcmock_{label}"][generic][key] / report[f"vpcmock_{label}"][emulated][key], 2)
                for measure, key in (("rps", "rps"), ("p50", "p50_ms"), ("p99", "p99_ms"))}
            for generic, emulated in (("get_security_group", "get_volume"), ("list_security_groups", "list_volumes"))}
            for label in ("small", "large")},
    }
    report["ratios"] = ratios
    if args.only == "api":
        print(json.dumps(report, indent=2))
        return
    report["state_sizes"] = bench_state_sizes(args.rounds // 4, args.large, args.year_days)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
