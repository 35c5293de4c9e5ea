"""One server per state: a second one is refused, and nothing the first acknowledged is lost."""

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

from conftest import Http, free_port
from vpcmock.store import open_database
from vpcmock.store.state_lock import StateInUse, StateLock


def serve(state, *extra) -> tuple[subprocess.Popen, str]:
    """`vpcmock serve --state state` in its own process, once it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--port", str(port), "--no-scheduler",
                                "--state", str(state), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if process.poll() is not None:
            raise AssertionError(f"vpcmock serve exited: {process.stderr.read()}")
        try:
            requests.get(f"{url}/mock/clock", timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("vpcmock serve did not answer")


def refused(state, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vpcmock", "serve", "--port", str(free_port()),
                           "--state", str(state), *extra], capture_output=True, text=True, timeout=60)


def create_group(url: str, name: str) -> None:
    response = Http(url).call("POST", "/v2/resource_groups", {"name": name}, prefix="")
    assert response.status_code == 201, response.text


def group_names(state) -> set[str]:
    return {doc["name"] for doc in open_database(state).table("resource_groups").all()}


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture
def first(tmp_path):
    """A server holding tmp_path/state.json, killed at the end if still running."""
    process, url = serve(tmp_path / "state.json")
    yield process, url
    if process.poll() is None:
        kill(process)


def test_a_second_server_on_a_state_in_use_is_refused_with_the_holder_and_the_way_out(tmp_path, first):
    process, _ = first
    state = tmp_path / "state.json"
    second = refused(state)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"vpcmock: the state {state} is in use by process {process.pid} "
        f"(vpcmock serve --port {first[1].rsplit(':', 1)[1]} --no-scheduler --state {state}); "
        f"serve another state with --state PATH, or none with --in-memory"]


def test_a_refused_second_server_loses_nothing_the_first_acknowledged(tmp_path, first):
    process, url = first
    state = tmp_path / "state.json"
    create_group(url, "written-on-a-1")
    assert refused(state).returncode == 1
    create_group(url, "written-on-a-2")
    kill(process)
    assert {"written-on-a-1", "written-on-a-2"} <= group_names(state)


def test_seeding_a_state_in_use_is_refused_and_leaves_it_as_it_was(tmp_path, first):
    process, url = first
    state, seed = tmp_path / "state.json", tmp_path / "seed.json"
    create_group(url, "before-the-seed")
    seed.write_bytes(b'{"resource_groups": {"1": {"id": "1", "name": "from-the-seed"}}}')
    result = refused(state, "--seed", str(seed))
    assert result.returncode == 1
    assert f"in use by process {process.pid}" in result.stderr
    create_group(url, "after-the-seed")
    kill(process)
    names = group_names(state)
    assert {"before-the-seed", "after-the-seed"} <= names and "from-the-seed" not in names


def test_a_restart_after_sigkill_takes_the_lock_again_and_finds_every_write(tmp_path, first):
    process, url = first
    state = tmp_path / "state.json"
    create_group(url, "before-the-kill")
    kill(process)
    again, again_url = serve(state)
    try:
        create_group(again_url, "after-the-restart")
        response = Http(again_url).call("GET", "/v2/resource_groups", prefix="")
        assert {"before-the-kill", "after-the-restart"} <= {g["name"] for g in response.json()["resources"]}
    finally:
        kill(again)


def test_a_clean_stop_releases_the_state(tmp_path, first):
    process, _ = first
    process.terminate()
    assert process.wait(timeout=30) == 0
    StateLock(tmp_path / "state.json").acquire().release()


def test_the_lock_is_taken_per_open_even_within_one_process(tmp_path):
    held = StateLock(tmp_path / "state.json").acquire()
    try:
        with pytest.raises(StateInUse) as refusal:
            StateLock(tmp_path / "state.json").acquire()
        assert refusal.value.holder == os.getpid()
    finally:
        held.release()


def test_the_pytest_plugin_file_mode_is_refused_on_a_state_in_use(tmp_path, first):
    process, _ = first
    (tmp_path / "test_uses_the_mock.py").write_text("def test_it(vpcmock):\n    pass\n")
    # Under xdist the plugin would name a file of its own per worker: run it as a plain session.
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider",
                             "--vpcmock-state", str(tmp_path / "state.json"), "-q", "test_uses_the_mock.py"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")})
    assert result.returncode == 1
    assert f"--vpcmock-state: the state {tmp_path / 'state.json'} is in use by process {process.pid}" in result.stdout
