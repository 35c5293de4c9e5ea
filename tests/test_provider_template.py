"""The warm provider template: Terraform's launcher gets a forked provider in milliseconds,
and no provider outlives the launcher Terraform started."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vpcmock_provider import template
from vpcmock_provider.environment import exports


@pytest.fixture(scope="module")
def warm(quiet_server):
    provider_template = template.start(quiet_server.url)
    assert provider_template.ready()
    yield provider_template
    provider_template.close()


@pytest.fixture(scope="module")
def env(quiet_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("tf")
    return {**os.environ, "HOME": str(root), **exports(quiet_server.url, root), "TF_PLUGIN_MAGIC_COOKIE": "test",
            "PLUGIN_PROTOCOL_VERSIONS": "6"}


def launch(env: dict, command: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """The provider as Terraform starts it (by default through the Python launcher), and its
    go-plugin handshake line."""
    process = subprocess.Popen(command or [sys.executable, "-m", "vpcmock_provider.plugin"], stdout=subprocess.PIPE,
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


def providers_of(template_pid: int) -> list[int]:
    """The template's children that serve a launcher: their stdout is a launcher's, not the
    template's own (which its spare shares)."""
    own = os.readlink(f"/proc/{template_pid}/fd/1")
    return [pid for pid in children_of(template_pid) if _stdout(pid) not in (own, None)]


def spares_of(template_pid: int) -> list[int]:
    return [pid for pid in children_of(template_pid) if pid not in providers_of(template_pid)]


def _stdout(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/fd/1")
    except OSError:
        return None


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
        assert (fields[:3], fields[4], len(providers_of(warm.process.pid))) == (["1", "6", "unix"], "grpc", 1)
    finally:
        process.kill()
        process.wait()


def test_the_template_keeps_one_spare_provider_ready_beside_those_serving(warm, env):
    process, _ = launch(env)
    try:
        deadline = time.monotonic() + 5
        while len(spares_of(warm.process.pid)) != 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert (len(providers_of(warm.process.pid)), len(spares_of(warm.process.pid))) == (1, 1)
    finally:
        process.kill()
        process.wait()


def test_each_launcher_is_served_by_exactly_one_provider(warm, env):
    """A spare that takes a launcher and closes its control socket at once must not look
    refused, and the launcher handed to a second child too."""
    served = []
    for _ in range(30):
        process, _ = launch(env, [env["VPCMOCK_PYTHON"], "-m", "vpcmock_provider.plugin"])  # as Terraform: Perl's
        pipe = _stdout(process.pid)
        time.sleep(0.05)  # for a second child, were there one, to take the streams
        served.append(sum(pipe in _descriptors(pid) for pid in children_of(warm.process.pid)))
        process.kill()
        process.wait()
    assert served == [1] * 30


def _descriptors(pid: int) -> set[str]:
    try:
        return {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return set()


@pytest.mark.skipif(shutil.which("perl") is None, reason="no perl: vpcmock env's launcher relays in Python")
def test_the_perl_launcher_gets_a_provider_in_its_directory_and_environment(warm, env, tmp_path):
    """relay.pl sends no streams, directory or environment: the template reads them from /proc."""
    process = subprocess.Popen([env["VPCMOCK_PYTHON"], "-m", "vpcmock_provider.plugin"], stdout=subprocess.PIPE,
                               env={**env, "TMPDIR": str(tmp_path)}, cwd=tmp_path, text=True)
    try:
        socket = Path(process.stdout.readline().split("|")[3])
        (provider,) = [pid for pid in providers_of(warm.process.pid) if _stdout(pid) == _stdout(process.pid)]
        assert ("relay.pl" in _cmdline(Path(f"/proc/{process.pid}")), _cwd(Path(f"/proc/{provider}")),
                socket.parent.parent) == (True, str(tmp_path), tmp_path)
    finally:
        process.kill()
        process.wait()


def test_without_perl_the_launcher_relays_in_python(warm, env, tmp_path):
    from vpcmock_provider.environment import write_python

    wrapper = write_python(tmp_path, perl=None)
    process, handshake = launch(env, [str(wrapper), "-m", "vpcmock_provider.plugin"])
    try:
        assert (_cmdline(Path(f"/proc/{process.pid}")).split()[-1].endswith("plugin.py"), handshake[:9],
                len([pid for pid in providers_of(warm.process.pid) if _stdout(pid) == _stdout(process.pid)])) == (
            True, "1|6|unix|", 1)
    finally:
        process.kill()
        process.wait()


def test_a_launcher_with_its_own_temporary_directory_gets_its_socket_there(warm, env, tmp_path):
    process, handshake = launch({**env, "TMPDIR": str(tmp_path)})
    try:
        assert Path(handshake.split("|")[3]).parent.parent == tmp_path
    finally:
        process.kill()
        process.wait()


def test_killing_the_launcher_kills_its_provider(warm, env):
    process, _ = launch(env)
    (provider,) = providers_of(warm.process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert gone(provider)


def test_a_provider_that_dies_ends_its_launcher_with_its_status(warm, env):
    process, _ = launch(env)
    (provider,) = providers_of(warm.process.pid)
    os.kill(provider, signal.SIGKILL)
    assert process.wait(timeout=5) == 128 + signal.SIGKILL


def test_without_a_template_the_provider_starts_cold(env, tmp_path):
    process, handshake = launch({**env, "VPCMOCK_PROVIDER_TEMPLATE": str(tmp_path / "none.sock")})
    try:
        assert handshake.startswith("1|6|unix|")
    finally:
        process.kill()
        process.wait()


def test_the_template_and_its_spare_end_with_the_process_that_started_it(quiet_server, tmp_path):
    owner = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from vpcmock_provider import template; "
        f"t = template.start({quiet_server.url + '/owner'!r}); t.ready(); print(t.process.pid, flush=True); "
        "time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    template_pid = int(owner.stdout.readline())
    socket = template.socket_path(quiet_server.url + "/owner")
    deadline = time.monotonic() + 10
    while not children_of(template_pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    spares = children_of(template_pid)
    owner.kill()
    owner.wait()
    assert (gone(template_pid), len(spares), all(gone(pid) for pid in spares), os.path.exists(socket)) == (
        True, 1, True, False)


def vpc_module(quiet_server, work: Path, name: str, provider: str = ""):
    """An initialized Terraform module of one VPC (with a `provider "ibm"` body when given)."""
    from vpcmock.pytest_plugin import Terraform

    work.mkdir()
    (work / "main.tf").write_text(
        'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\n'
        + (f'provider "ibm" {{\n  {provider}\n}}\n' if provider else "")
        + f'resource "ibm_is_vpc" "v" {{\n  name = "{name}"\n}}\n')
    runner = Terraform(work, {**os.environ, "HOME": str(work), **exports(quiet_server.url, work / ".tf")})
    runner.init()
    return runner


@contextlib.contextmanager
def slow_apply(quiet_server, warm, runner):
    """`terraform apply` started in its own process group with its create call held 2 s at the
    mock; yields (the process, the providers forked once the call has reached the mock)."""
    import requests

    rule = requests.post(f"{quiet_server.url}/mock/faults", json={"method": "POST", "path": "*/vpcs",
                                                                 "latency_ms": 2000}).json()
    try:
        apply = subprocess.Popen(runner.command("apply", "-auto-approve"), env=runner.env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True, start_new_session=True)
        deadline = time.monotonic() + 30
        while not _matched(quiet_server.url, rule["id"]):
            if time.monotonic() > deadline:
                raise AssertionError("the create call never reached the mock")
            time.sleep(0.05)
        yield apply, providers_of(warm.process.pid)
    finally:
        requests.delete(f"{quiet_server.url}/mock/faults/{rule['id']}")


def _matched(url: str, rule_id: str) -> int:
    import requests

    return {r["id"]: r for r in requests.get(f"{url}/mock/faults").json()["faults"]}[rule_id]["matched"]


def test_concurrent_commands_with_their_own_provider_configuration_stay_apart(quiet_server, warm, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from conftest import Http

    runners = [vpc_module(quiet_server, tmp_path / region, f"vpc-{region}", f'region = "{region}"')
               for region in ("us-south", "eu-de")]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda runner: runner.apply(), runners))
    api = Http(quiet_server.url, "vpcmock-api-key")
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


def test_ctrl_c_during_apply_leaves_no_provider_behind(quiet_server, warm, tmp_path):
    """Ctrl-C reaches Terraform's process group: Terraform lets the call in flight finish, shuts
    its providers down and exits; none of them, forked or launcher, outlives it."""
    runner = vpc_module(quiet_server, tmp_path / "interrupted", "slow")
    with slow_apply(quiet_server, warm, runner) as (apply, providers):
        os.killpg(apply.pid, signal.SIGINT)
        output, _ = apply.communicate(timeout=60)
    launchers = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p).endswith(
        "vpcmock_provider.plugin") and str(runner.workdir) in _cwd(p)]
    assert (len(providers), "Interrupt received" in output, all(gone(pid) for pid in providers), launchers) == (
        1, True, True, [])


def test_a_provider_that_crashes_mid_apply_fails_the_command_as_terraform_reports_it(quiet_server, warm, tmp_path):
    runner = vpc_module(quiet_server, tmp_path / "crashing", "doomed")
    with slow_apply(quiet_server, warm, runner) as (apply, (provider,)):
        os.kill(provider, signal.SIGKILL)
        output, _ = apply.communicate(timeout=60)
    # Terraform names the dead plugin in one of three ways, depending on where its gRPC client
    # sees the connection drop: no answer, the plugin's exit, or the call in flight cancelled.
    reported = any(m in output.lower() for m in ("plugin did not respond", "plugin exited",
                                                 "applyresourcechange request was cancelled"))
    assert (apply.returncode, reported) == (1, True), output


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


def test_a_provider_server_made_more_than_ten_minutes_ago_is_stale(tmp_path):
    from vpcmock_provider.grpc_server import ProviderServer

    server = ProviderServer(str(tmp_path))
    try:
        assert (server.stale(server.made_at + 600), server.stale(server.made_at + 601)) == (False, True)
    finally:
        server.close()
