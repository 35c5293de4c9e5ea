"""The warm provider template: Terraform's launcher gets a forked provider in milliseconds,
and no provider outlives the launcher Terraform started."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import start_server
from vpcmock_provider import template
from vpcmock_provider.environment import exports


@pytest.fixture(scope="module")
def mock_server():
    server = start_server(scheduler=False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def warm(mock_server):
    provider_template = template.start(mock_server.url)
    assert provider_template.ready()
    yield provider_template
    provider_template.close()


@pytest.fixture(scope="module")
def env(mock_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("tf")
    return {**os.environ, "HOME": str(root), **exports(mock_server.url, root), "TF_PLUGIN_MAGIC_COOKIE": "test",
            "PLUGIN_PROTOCOL_VERSIONS": "6"}


def launch(env: dict) -> tuple[subprocess.Popen, str]:
    """The provider as Terraform starts it, and its go-plugin handshake line."""
    process = subprocess.Popen([sys.executable, "-m", "vpcmock_provider.plugin"], stdout=subprocess.PIPE,
                               env=env, text=True)
    return process, process.stdout.readline()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


def test_the_launcher_gets_a_provider_forked_by_the_template(warm, env):
    process, handshake = launch(env)
    try:
        fields = handshake.rstrip("\n").split("|")
        assert (fields[:3], fields[4], len(children_of(warm.process.pid))) == (["1", "6", "unix"], "grpc", 1)
    finally:
        process.kill()
        process.wait()


def test_killing_the_launcher_kills_its_provider(warm, env):
    process, _ = launch(env)
    (provider,) = children_of(warm.process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert gone(provider)


def test_a_provider_that_dies_ends_its_launcher_with_its_status(warm, env):
    process, _ = launch(env)
    (provider,) = children_of(warm.process.pid)
    os.kill(provider, signal.SIGKILL)
    assert process.wait(timeout=5) == 128 + signal.SIGKILL


def test_without_a_template_the_provider_starts_cold(env, tmp_path):
    process, handshake = launch({**env, "VPCMOCK_PROVIDER_TEMPLATE": str(tmp_path / "none.sock")})
    try:
        assert handshake.startswith("1|6|unix|")
    finally:
        process.kill()
        process.wait()


def test_the_template_ends_with_the_process_that_started_it(mock_server, tmp_path):
    owner = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from vpcmock_provider import template; "
        f"t = template.start({mock_server.url + '/owner'!r}); t.ready(); print(t.process.pid, flush=True); "
        "time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    template_pid = int(owner.stdout.readline())
    socket = template.socket_path(mock_server.url + "/owner")
    owner.kill()
    owner.wait()
    assert gone(template_pid) and not os.path.exists(socket)


def vpc_module(mock_server, work: Path, name: str, provider: str = ""):
    """An initialized Terraform module of one VPC (with a `provider "ibm"` body when given)."""
    from vpcmock.pytest_plugin import Terraform

    work.mkdir()
    (work / "main.tf").write_text(
        'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\n'
        + (f'provider "ibm" {{\n  {provider}\n}}\n' if provider else "")
        + f'resource "ibm_is_vpc" "v" {{\n  name = "{name}"\n}}\n')
    runner = Terraform(work, {**os.environ, "HOME": str(work), **exports(mock_server.url, work / ".tf")})
    runner.init()
    return runner


@contextlib.contextmanager
def slow_apply(mock_server, warm, runner):
    """`terraform apply` started in its own process group with its create call held 2 s at the
    mock; yields (the process, the providers forked once the call has reached the mock)."""
    import requests

    rule = requests.post(f"{mock_server.url}/mock/faults", json={"method": "POST", "path": "*/vpcs",
                                                                 "latency_ms": 2000}).json()
    try:
        apply = subprocess.Popen(runner.command("apply", "-auto-approve"), env=runner.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True, start_new_session=True)
        deadline = time.monotonic() + 30
        while not _matched(mock_server.url, rule["id"]):
            if time.monotonic() > deadline:
                raise AssertionError("the create call never reached the mock")
            time.sleep(0.05)
        yield apply, children_of(warm.process.pid)
    finally:
        requests.delete(f"{mock_server.url}/mock/faults/{rule['id']}")


def _matched(url: str, rule_id: str) -> int:
    import requests

    return {r["id"]: r for r in requests.get(f"{url}/mock/faults").json()["faults"]}[rule_id]["matched"]


def test_concurrent_commands_with_their_own_provider_configuration_stay_apart(mock_server, warm, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from conftest import Http

    runners = [vpc_module(mock_server, tmp_path / region, f"vpc-{region}", f'region = "{region}"')
               for region in ("us-south", "eu-de")]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda runner: runner.apply(), runners))
    api = Http(mock_server.url, "vpcmock-api-key")
    names = {region: [v["name"] for v in api.call("GET", "/vpcs", prefix=f"/{region}/v1").json()["vpcs"]]
             for region in ("us-south", "eu-de")}
    assert names == {"us-south": ["vpc-us-south"], "eu-de": ["vpc-eu-de"]}


def test_the_mirror_launcher_starts_a_provider_cold_through_vpcmock_env_python(env, tmp_path):
    """`vpcmock env`'s VPCMOCK_PYTHON runs Python without `site`; a cold start brings it back."""
    from vpcmock_provider.environment import SCHEMA_VERSION, SOURCE, platform_dir

    root = Path(env["TF_CLI_CONFIG_FILE"]).parent
    launcher = root / "mirror" / SOURCE / SCHEMA_VERSION / platform_dir() / f"terraform-provider-ibm_v{SCHEMA_VERSION}"
    process = subprocess.Popen([str(launcher)], stdout=subprocess.PIPE, text=True,
                               env={**env, "VPCMOCK_PROVIDER_TEMPLATE": str(tmp_path / "none.sock")})
    try:
        assert (Path(env["VPCMOCK_PYTHON"]).name, process.stdout.readline().split("|")[:3]) == (
            "python", ["1", "6", "unix"])
    finally:
        process.kill()
        process.wait()


def test_ctrl_c_during_apply_leaves_no_provider_behind(mock_server, warm, tmp_path):
    """Ctrl-C reaches Terraform's process group: Terraform lets the call in flight finish, shuts
    its providers down and exits; none of them, forked or launcher, outlives it."""
    runner = vpc_module(mock_server, tmp_path / "interrupted", "slow")
    with slow_apply(mock_server, warm, runner) as (apply, providers):
        os.killpg(apply.pid, signal.SIGINT)
        output, _ = apply.communicate(timeout=60)
    launchers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p).endswith(
        "vpcmock_provider.plugin") and str(runner.workdir) in _cwd(p)]
    assert (len(providers), "Interrupt received" in output, all(gone(pid) for pid in providers), launchers) == (
        1, True, True, [])


def test_a_provider_that_crashes_mid_apply_fails_the_command_as_terraform_reports_it(mock_server, warm, tmp_path):
    runner = vpc_module(mock_server, tmp_path / "crashing", "doomed")
    with slow_apply(mock_server, warm, runner) as (apply, (provider,)):
        os.kill(provider, signal.SIGKILL)
        output, _ = apply.communicate(timeout=60)
    assert (apply.returncode, "Plugin did not respond" in output or "plugin exited" in output.lower()) == (1, True), output


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _cwd(proc: Path) -> str:
    try:
        return os.readlink(proc / "cwd")
    except OSError:
        return ""


def test_the_launcher_request_carries_its_directory_and_environment_exactly():
    from vpcmock_provider.template_client import decode_request, encode_request

    environ = {b"IC_API_KEY": b"key=with=equals", b"EMPTY": b"", b"LATIN": b"caf\xe9"}
    assert decode_request(encode_request(environ, b"/work/r\xe9gion")) == {
        "cwd": "/work/r\udce9gion", "env": {"IC_API_KEY": "key=with=equals", "EMPTY": "", "LATIN": "caf\udce9"}}
