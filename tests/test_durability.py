"""State survives restarts and SIGKILL; concurrent clients lose no update."""

import os
import signal
import subprocess
import sys
import threading
import time

import requests
from vpcmock.store import open_database

from conftest import Http, free_port, sdk_client, start_server

POLICY = {"match_resource_type": "volume", "match_user_tags": ["t"]}


def test_state_survives_a_restart(tmp_path):
    state = tmp_path / "state.json"
    first = start_server(state)
    vpc = sdk_client(first.url)
    policy = vpc.create_backup_policy(backup_policy_prototype={**POLICY, "name": "kept"}).get_result()
    first.close()
    second = start_server(state)
    try:
        again = sdk_client(second.url).get_backup_policy(policy["id"]).get_result()
        assert again["name"] == "kept"
    finally:
        second.close()


def test_state_file_is_a_tinydb_database(tmp_path):
    state = tmp_path / "state.json"
    server = start_server(state)
    try:
        sdk_client(server.url).create_backup_policy(backup_policy_prototype={**POLICY, "name": "in-tinydb"})
    finally:
        server.close()
    assert [doc["name"] for doc in open_database(state).table("backup_policies").all()] == ["in-tinydb"]


def test_sigkill_during_writes_keeps_every_acknowledged_write(tmp_path):
    state, port = tmp_path / "state.json", free_port()
    command = [sys.executable, "-m", "vpcmock", "serve", "--port", str(port), "--state", str(state)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{url}/mock/clock", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    http = Http(url)
    acknowledged = []
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            try:
                response = http.call("POST", "/volumes", {"name": f"v{n}", "capacity": 10, "profile": {"name": "sdp"},
                                                          "zone": {"name": "us-south-1"}})
            except requests.RequestException:
                return
            if response.status_code == 201:
                acknowledged.append(response.json()["id"])
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(1.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stop.set()
    thread.join()
    assert len(acknowledged) > 10
    stored = {doc["id"] for doc in open_database(state).table("volumes").all()}
    assert set(acknowledged) <= stored


def test_parallel_clients_lose_no_update(mock):
    http = Http(mock.url)
    policy = http.call("POST", "/backup_policies", {**POLICY, "name": "shared"}).json()
    errors = []

    def client(n):
        for i in range(10):
            created = http.call("POST", "/volumes", {"name": f"c{n}-{i}", "capacity": 10, "profile": {"name": "sdp"},
                                                     "zone": {"name": "us-south-1"}})
            if created.status_code != 201:
                errors.append(created.text)
        # every thread adds its tag with a read-modify-write guarded by If-Match, retrying on 412
        while True:
            current = http.call("GET", f"/backup_policies/{policy['id']}")
            tags = current.json()["match_user_tags"] + [f"thread-{n}"]
            patched = http.call("PATCH", f"/backup_policies/{policy['id']}", {"match_user_tags": tags},
                                headers={"If-Match": current.headers["ETag"]})
            if patched.status_code == 200:
                return
            assert patched.status_code == 412

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert http.call("GET", "/volumes", params={"limit": "100"}).json()["total_count"] == 80
    final = http.call("GET", f"/backup_policies/{policy['id']}").json()["match_user_tags"]
    assert sorted(final) == sorted(["t"] + [f"thread-{n}" for n in range(8)])


def test_temporary_files_of_killed_saves_are_removed_at_start(tmp_path):
    from vpcmock.store.storage import AtomicJSONStorage
    state = tmp_path / "state.json"
    state.write_text("{}")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".state.json.{dead.pid}.tmp"
    leftover.write_text("{" * 10)
    alive = tmp_path / f".state.json.{os.getppid()}.tmp"
    alive.write_text("{}")
    AtomicJSONStorage(state)
    assert (leftover.exists(), alive.exists()) == (False, True)
