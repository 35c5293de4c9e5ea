"""`terraform validate` on a configuration mixing many IBM types (examples/web-tier-dr: a VPC with
security groups, a load balancer before two instances, private DNS, Key Protect keys in two
regions, IAM authorizations and a backup plan with a remote copy) against one using only
backup types, side by side on one mock; the ratio says what serving all 490 types costs a
configuration that uses many of them. Median of 7 runs each, after `terraform init`.

Run: .venv/bin/python bench/terraform_validate.py
"""
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests"))
from conftest import start_server
from vpcmock_provider.environment import exports
from test_terraform import POLICY
server = start_server(scheduler=False)
tmp = pathlib.Path(tempfile.mkdtemp())
env = {**os.environ, "HOME": str(tmp / "home"), **exports(server.url, tmp / "tf")}
env.pop("TF_DATA_DIR", None)
T = str(pathlib.Path(sys.executable).parent / "terraform")
head = 'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\nprovider "ibm" {}\n'
backup_only = head + POLICY + '''
resource "ibm_is_backup_policy_plan" "p" {
  backup_policy_id = ibm_is_backup_policy.p.id
  name             = "nightly"
  cron_spec        = "0 2 * * *"
}
resource "ibm_is_volume" "v" {
  name     = "vol"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 10
  tags     = ["t"]
}
'''
MIXED = (pathlib.Path(__file__).resolve().parent.parent / "examples" / "web-tier-dr" / "main.tf").read_text()
times = {}
for label, body in (("backup-only", backup_only), ("mixed", MIXED)):
    work = tmp / label
    work.mkdir()
    (work / "main.tf").write_text(body)
    subprocess.run([T, f"-chdir={work}", "init", "-no-color"], env=env, capture_output=True, check=True)
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        r = subprocess.run([T, f"-chdir={work}", "validate", "-no-color"], env=env, capture_output=True, text=True)
        runs.append(time.perf_counter() - t)
        assert r.returncode == 0, r.stderr
    times[label] = statistics.median(runs)
    print(label, f"{times[label]*1000:.0f} ms")
print("ratio", round(times["mixed"] / times["backup-only"], 2))
server.close()
