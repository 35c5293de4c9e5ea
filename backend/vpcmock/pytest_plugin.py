"""The pytest plugin installed with vpcmock (entry point `pytest11`): no conftest needed.

- `vpcmock_server` (session): a mock on a free loopback port, in a thread of the test
  process, in memory (``--vpcmock-state FILE`` keeps a state file). Under pytest-xdist every
  worker has its own session, so its own mock and port.
- `vpcmock` (each test): a handle on that mock, put back before the test to the state it had
  when the session started (a snapshot restore: milliseconds, not a restart), or to the named
  snapshot a ``@pytest.mark.vpcmock(snapshot=...)`` asks for. It offers ``url``, ``clock``
  (``freeze(instant)``, ``advance("36h")``, ``now()``), ``vpc()`` (an ``ibm_vpc.VpcV1`` pointed
  at the mock and authenticated), ``terraform(path)``, ``snapshot(name)``/``restore(name)``,
  ``faults`` (``add(...)``, ``fail_jobs(...)``, ``clear()``), ``events(...)`` and ``state()``.
- ``@pytest.mark.vpcmock(now=..., frozen=True, accounts=..., snapshot=...)``: the clock frozen
  at `now`, an IAM document (accounts and API keys, as ``PUT /mock/iam`` takes it), a snapshot
  to start from.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PRISTINE = "vpcmock-pytest-pristine"


def pytest_addoption(parser):
    group = parser.getgroup("vpcmock")
    group.addoption("--vpcmock-state", default=None, help="keep the session's mock state in this file")
    group.addoption("--vpcmock-process", choices=("thread", "subprocess"), default="thread",
                    help="run the session's mock in a thread of the test process (default), or as a "
                         "`vpcmock serve` subprocess (its own interpreter: no shared GIL, its log apart)")


def pytest_configure(config):
    config.addinivalue_line("markers", "vpcmock(now=None, frozen=True, accounts=None, snapshot=None): "
                                       "how the vpcmock fixture prepares the mock for this test")


class MockError(AssertionError):
    """An admin call the mock refused: its status and IBM-shaped error."""


def _call(url: str, method: str, path: str, body=None) -> dict | None:
    from vpcmock import admin_client

    try:
        return admin_client.call(url, method, path, body)
    except admin_client.AdminError as exc:
        raise MockError(f"{method} {path}: {exc.status} {exc.body or exc.message}") from None


class Clock:
    def __init__(self, url: str):
        self._url = url

    def now(self) -> str:
        return _call(self._url, "GET", "/mock/clock")["now"]

    def freeze(self, instant: str | None = None) -> dict:
        """Stop the clock (at `instant`, an RFC 3339 time, if given); answers the events the
        move to it processed, by name."""
        body = {"frozen": True, **({"to": instant} if instant else {})}
        return _call(self._url, "POST", "/mock/clock", body)["events"]

    def unfreeze(self) -> None:
        _call(self._url, "POST", "/mock/clock", {"frozen": False})

    def advance(self, duration: str | float) -> dict:
        """Move ahead by a duration ("90s", "15m", "36h", "7d", "2w", or seconds), running
        every schedule, capture, retention and expiry on the way; answers the events processed."""
        from vpcmock.clock_cli import parse_duration

        seconds = duration if isinstance(duration, (int, float)) else parse_duration(duration)
        return _call(self._url, "POST", "/mock/clock", {"advance_seconds": seconds})["events"]


class Faults:
    def __init__(self, url: str):
        self._url = url

    def add(self, **rule) -> dict:
        """A fault rule (see /mock/faults): e.g. ``add(method="GET", path="/v1/volumes*",
        status=503, code="service_unavailable", count=2)`` or ``add(latency_ms=200)``."""
        return _call(self._url, "POST", "/mock/faults", rule)

    def fail_jobs(self, count: int = 1, reason: str = "source_volume_unavailable", plan_id: str | None = None) -> dict:
        """The next `count` creation jobs (of `plan_id`, or of any plan) fail with `reason`."""
        return _call(self._url, "POST", "/mock/faults/jobs",
                     {"count": count, "reason": reason, **({"plan_id": plan_id} if plan_id else {})})

    def stall_copies(self, count: int = 1, region: str | None = None) -> dict:
        """The next `count` cross-region copies (into `region`, or any) stay pending until
        `release_copies()` (or `clear()`)."""
        return _call(self._url, "POST", "/mock/faults/copies", {"count": count, **({"region": region} if region else {})})

    def release_copies(self) -> list[str]:
        """Let the stalled copies finish; answers their ids."""
        return _call(self._url, "POST", "/mock/faults/copies/release")["released"]

    def all(self) -> list[dict]:
        return _call(self._url, "GET", "/mock/faults")["faults"]

    def clear(self) -> None:
        _call(self._url, "DELETE", "/mock/faults")


@dataclass
class TerraformResult:
    command: str
    returncode: int
    stdout: str
    stderr: str


class Terraform:
    """The real Terraform in `workdir` with `env` (`vpcmock env`'s settings): `run` any command,
    or the usual ones, and read what it made back."""

    def __init__(self, workdir: Path, env: dict, timeout: float = 600):
        self.workdir, self.env, self.timeout = workdir, env, timeout
        # The Terraform installed with vpcmock (beside this Python), as `vpcmock env` puts first
        # on PATH; another one on PATH otherwise.
        installed = Path(sys.executable).parent / "terraform"
        self._binary = str(installed) if installed.exists() else shutil.which("terraform", path=env.get("PATH")) or "terraform"

    @classmethod
    def on_copy(cls, url: str, source: Path, work: Path) -> "Terraform":
        """Terraform on a copy of a module directory, pointed at the mock at `url`."""
        from vpcmock_provider.environment import exports

        shutil.copytree(source, work, dirs_exist_ok=True)
        env = {**os.environ, "HOME": str(work / ".home"), **exports(url, work / ".vpcmock-terraform")}
        env.pop("TF_DATA_DIR", None)
        return cls(work, env)

    def command(self, *args: str) -> list[str]:
        """The command line of `terraform <args>` in the module (for a process to start yourself)."""
        return [self._binary, f"-chdir={self.workdir}", *args, "-no-color"]

    def run(self, *args: str, check: bool = True) -> TerraformResult:
        done = subprocess.run(self.command(*args), env=self.env, capture_output=True, text=True,
                              timeout=self.timeout)
        result = TerraformResult(" ".join(args), done.returncode, done.stdout, done.stderr)
        if check and done.returncode != 0:
            raise AssertionError(f"terraform {result.command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return result

    def init(self) -> TerraformResult:
        return self.run("init")

    def apply(self, *args: str) -> TerraformResult:
        return self.run("apply", "-auto-approve", *args)

    def plan(self, *args: str) -> TerraformResult:
        """`plan -detailed-exitcode`: returncode 0 is no changes, 2 is changes."""
        result = self.run("plan", "-detailed-exitcode", *args, check=False)
        if result.returncode == 1:
            raise AssertionError(f"terraform plan failed:\n{result.stdout}\n{result.stderr}")
        return result

    def destroy(self, *args: str) -> TerraformResult:
        return self.run("destroy", "-auto-approve", *args)

    def outputs(self) -> dict:
        """The root module's outputs, name -> value."""
        return {name: value["value"] for name, value in json.loads(self.run("output", "-json").stdout).items()}

    def resources(self) -> list[dict]:
        """What `terraform show -json` lists in the root module (managed resources and data)."""
        return json.loads(self.run("show", "-json").stdout)["values"]["root_module"]["resources"]

    def values(self) -> dict[str, dict]:
        """Each resource's values, by address."""
        return {r["address"]: r["values"] for r in self.resources()}

    def reimport(self, ids: dict[str, str]) -> None:
        """Forget each resource (address -> id) and import it again by that id."""
        for address, ident in ids.items():
            self.run("state", "rm", address)
            self.run("import", address, ident)


class VpcMock:
    """What a test gets from the `vpcmock` fixture."""

    def __init__(self, server, tmp: Path):
        self.server, self.url = server, server.url
        self.clock, self.faults = Clock(self.url), Faults(self.url)
        self._tmp = tmp

    def vpc(self, api_key: str = "vpcmock-api-key", region: str | None = None):
        from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
        from ibm_vpc import VpcV1

        service = VpcV1(authenticator=IAMAuthenticator(api_key, url=self.url))
        service.set_service_url(f"{self.url}/{region}/v1" if region else f"{self.url}/v1")
        return service

    def terraform(self, path: str | os.PathLike) -> Terraform:
        source = Path(path)
        _provider_template(self.server)
        return Terraform.on_copy(self.url, source, Path(tempfile.mkdtemp(dir=self._tmp, prefix=source.name + "-")))

    def snapshot(self, name: str) -> dict:
        return _call(self.url, "POST", "/mock/state/snapshots", {"name": name})

    def restore(self, name: str) -> dict:
        return _call(self.url, "POST", f"/mock/state/snapshots/{name}/restore")

    def events(self, **filters) -> list[dict]:
        from urllib.parse import urlencode

        return _call(self.url, "GET", "/mock/events" + (f"?{urlencode(filters)}" if filters else ""))["events"]

    def state(self) -> dict:
        """How many of each thing the mock holds, by table (the activity log aside: it is
        history, not something held)."""
        counts = _call(self.url, "GET", "/mock/state")["counts"]
        counts.pop("activity_events", None)
        return counts


@pytest.fixture(scope="session")
def vpcmock_server(request):
    from vpcmock.config import Settings
    from vpcmock.runtime import Runtime
    from vpcmock.server import MockServer

    state = request.config.getoption("vpcmock_state")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if state and worker:
        state = f"{state}.{worker}"  # one mock per worker, one file each
    if request.config.getoption("vpcmock_process") == "subprocess":
        server = ServeProcess(Path(state) if state else None)
    else:
        from vpcmock.store.state_lock import StateInUse

        try:
            runtime = Runtime.open(Settings(state_path=Path(state) if state else None, scheduler=False))
        except StateInUse as exc:
            pytest.fail(f"--vpcmock-state: {exc}", pytrace=False)
        server = MockServer(runtime, port=0).start()
    _call(server.url, "POST", "/mock/state/snapshots", {"name": PRISTINE})
    yield server
    template = _TEMPLATES.pop(server.url, None)
    if template is not None:
        template.close()
    server.close()


class ServeProcess:
    """`vpcmock serve` in a subprocess on a free port (--vpcmock-process subprocess): what the
    fixtures need of a server, its `url`, and `close` (a clean shutdown, as SIGTERM gives)."""

    def __init__(self, state: Path | None):
        where = ["--state", str(state)] if state else ["--in-memory"]
        self._log = tempfile.TemporaryFile()  # its log, read when it fails to start (a pipe could fill)
        self.process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--port", "0", "--no-scheduler",
                                         *where], stdout=subprocess.PIPE, stderr=self._log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"serving (http://\S+)", line)
        if match is None:
            self.process.kill()
            self.process.wait()
            self._log.seek(0)
            errors = self._log.read().decode(errors="replace")
            refusal = next((text for text in errors.splitlines() if text.startswith("vpcmock: ")), None)
            if refusal:  # a state in use, a bad configuration: its own line says what to do
                pytest.fail(f"--vpcmock-process subprocess: {refusal}", pytrace=False)
            raise RuntimeError(f"vpcmock serve did not start: {line!r} {errors[-2000:]!r}")
        self.url = match.group(1)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


# The warm provider template of each session's mock (vpcmock_provider/template.py), started
# with the first Terraform run, so a session that never runs Terraform does not pay for it.
_TEMPLATES: dict = {}


def _provider_template(server) -> None:
    if isinstance(server, ServeProcess) or server.url in _TEMPLATES:
        return  # `vpcmock serve` runs its own; a thread's is started once (None where none can run)
    from vpcmock_provider import template

    _TEMPLATES[server.url] = template.start(server.url)


@pytest.fixture
def vpcmock(vpcmock_server, request, tmp_path) -> VpcMock:
    marker = request.node.get_closest_marker("vpcmock")
    options = dict(marker.kwargs) if marker else {}
    unknown = set(options) - {"now", "frozen", "accounts", "snapshot"}
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.vpcmock: unknown options {sorted(unknown)}")
    mock = VpcMock(vpcmock_server, tmp_path)
    mock.faults.clear()
    clock = {"now": options["now"], "frozen": options.get("frozen", True)} if options.get("now") else None
    _call(mock.url, "POST", f"/mock/state/snapshots/{options.get('snapshot') or PRISTINE}/restore", clock)
    if options.get("accounts") is not None:
        _call(mock.url, "PUT", "/mock/iam", options["accounts"])
    if not options.get("now") and "frozen" in options:
        _call(mock.url, "POST", "/mock/clock", {"frozen": bool(options["frozen"])})
    yield mock
    mock.faults.clear()
