"""What our provider adds to Terraform's own time, same machine, same run.

    python bench/terraform_overhead.py [--rounds 3] [--scale 1,10]

- plan, apply and destroy of 10 tagged volumes, 2 backup policies and 4 plans through our
  provider against a live mock with its provider template (as `vpcmock serve` runs it), next
  to the same graph of `terraform_data` resources (Terraform's built-in floor: the floor
  configuration declares no provider, so Terraform starts none); and the same at 10 times
  the resources, to show how the cost grows with them;
- the same `terraform_data` graph with our provider declared but unused (Terraform then starts
  it, reads and checks its 490-type schema and uses none of it): not the floor, but the share
  of our figure that is Terraform's own work on the schema;
- provider start-up: exec of the launcher Terraform executes (the mirror's
  `terraform-provider-ibm_v<version>`) to its go-plugin handshake line, median of 20, warm
  (from the template) back to back, warm 30 ms apart (the template's next spare is ready, as
  between the starts of a command), and cold (no template), next to a bare `python -c pass`
  (the interpreter's own floor).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import start_server  # noqa: E402
from vpcmock_provider import template  # noqa: E402
from vpcmock_provider.environment import exports  # noqa: E402

TERRAFORM = str(Path(sys.executable).parent / "terraform")
HEADER = 'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\n'

OURS = HEADER + '''
resource "ibm_is_volume" "v" {
  count    = 10 * SCALE
  name     = "vol-${count.index}"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
  tags     = ["bench-${count.index % 2}"]
}

resource "ibm_is_backup_policy" "p" {
  count           = POLICIES
  name            = "policy-${count.index}"
  match_user_tags = ["bench-${count.index % 2}"]
}

resource "ibm_is_backup_policy_plan" "pl" {
  count            = 4 * SCALE
  backup_policy_id = ibm_is_backup_policy.p[count.index % POLICIES].id
  name             = "plan-${count.index}"
  cron_spec        = "0 ${(count.index * 3) % 24} * * *"
}
'''

FLOOR = '''
resource "terraform_data" "v" {
  count = 10 * SCALE
  input = { name = "vol-${count.index}", tags = ["bench-${count.index % 2}"] }
}

resource "terraform_data" "p" {
  count = POLICIES
  input = { name = "policy-${count.index}" }
}

resource "terraform_data" "pl" {
  count = 4 * SCALE
  input = { policy = terraform_data.p[count.index % POLICIES].id, cron = "0 ${(count.index * 3) % 24} * * *" }
}
'''


SCHEMA_FLOOR = HEADER + FLOOR


def run_commands(workdir: Path, env: dict) -> dict[str, float]:
    times = {}
    for name, args in (("init", ["init"]), ("plan", ["plan"]), ("apply", ["apply", "-auto-approve"]),
                       ("destroy", ["destroy", "-auto-approve"])):
        start = time.perf_counter()
        subprocess.run([TERRAFORM, f"-chdir={workdir}", *args, "-no-color"], env=env, check=True,
                       capture_output=True)
        times[name] = time.perf_counter() - start
    return times


def launcher(root: Path) -> Path:
    """The file Terraform executes for the provider: the mirror's launcher of the newest version."""
    from vpcmock_provider.environment import SCHEMA_VERSION, SOURCE, platform_dir
    return root / "mirror" / SOURCE / SCHEMA_VERSION / platform_dir() / f"terraform-provider-ibm_v{SCHEMA_VERSION}"


def handshake_seconds(env: dict, executable: Path) -> float:
    start = time.perf_counter()
    process = subprocess.Popen([str(executable)], stdout=subprocess.PIPE,
                               env={**env, "TF_PLUGIN_MAGIC_COOKIE": "bench", "PLUGIN_PROTOCOL_VERSIONS": "6"},
                               text=True)
    process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.kill()
    process.wait()
    return elapsed


def bare_python_seconds() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def policies(scale: int) -> int:
    """Two policies per base configuration, up to the service's quota of 10 per account and
    region (4 plans each, its quota too)."""
    return min(2 * scale, 10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", default="1,10", help="resource counts, as multiples of the base configuration")
    args = parser.parse_args()
    scales = [int(n) for n in args.scale.split(",")]
    server = start_server(scheduler=False)
    provider_template = template.start(server.url)
    provider_template.ready()
    configurations = (("ours", OURS), ("floor", FLOOR), ("schema", SCHEMA_FLOOR))
    samples = {(label, scale): [] for label, _ in configurations for scale in scales}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "HOME": tmp, **exports(server.url, Path(tmp) / "tf")}
            for n in range(args.rounds):
                for scale in scales:
                    for label, config in configurations:
                        work = Path(tmp) / f"{label}-{scale}-{n}"
                        work.mkdir()
                        (work / "main.tf").write_text(config.replace("SCALE", str(scale))
                                                     .replace("POLICIES", str(policies(scale))))
                        samples[(label, scale)].append(run_commands(work, env))
            executable = launcher(Path(tmp) / "tf")
            warm = [handshake_seconds(env, executable) for _ in range(20)]
            spaced = []
            for _ in range(20):
                time.sleep(0.03)  # as in a Terraform command, where starts are tens of ms apart
                spaced.append(handshake_seconds(env, executable))
            cold = [handshake_seconds({**env, "VPCMOCK_PROVIDER_TEMPLATE": ""}, executable) for _ in range(20)]
            python = [bare_python_seconds() for _ in range(20)]
    finally:
        provider_template.close()
        server.close()
    report = {}
    for scale in scales:
        resources = 14 * scale + policies(scale)
        for command in ("plan", "apply", "destroy"):
            ours, floor, schema = (statistics.median(s[command] for s in samples[(label, scale)])
                                   for label in ("ours", "floor", "schema"))
            report[f"{command}_{resources}_resources"] = {
                "ours_s": round(ours, 3), "terraform_data_s": round(floor, 3), "ratio": round(ours / floor, 2),
                "terraform_data_with_our_schema_s": round(schema, 3), "schema_ratio": round(schema / floor, 2)}
    report["provider_startup_ms"] = round(statistics.median(warm) * 1000, 1)
    report["provider_startup_spaced_ms"] = round(statistics.median(spaced) * 1000, 1)
    report["provider_startup_cold_ms"] = round(statistics.median(cold) * 1000, 1)
    report["bare_python_startup_ms"] = round(statistics.median(python) * 1000, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
