"""The state file's journal: a commit appends what it changed; a torn tail is cut off at load;
compaction folds the journal into the TinyDB file; commits share fsyncs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
import tinydb

from vpcmock.store import Store
from vpcmock.store import journal as journal_module
from vpcmock.store.storage import JournaledStorage, open_database

from conftest import Http, free_port


def doc(ident: str, **fields) -> dict:
    return {"id": ident, "_account": "a", "_region": "r", **fields}


def journals(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".journal." in p.name)


def reopened(path) -> Store:
    return Store(JournaledStorage(path))


def test_a_commit_appends_the_documents_it_changed_and_leaves_the_state_file_alone(tmp_path):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        for n in range(1000):
            store.put("volumes", doc(f"v{n}", name="x" * 200))
    journal = tmp_path / ".state.json.journal.0"
    before = journal.stat().st_size
    with store.transaction():
        store.put("volumes", doc("v1", name="renamed"))
    record = journal_module.read_records(journal)[0][-1]
    assert [entry[:2] for entry in record] == [["volumes", "v1"], ["meta", "seq"]]
    assert journal.stat().st_size - before < 200
    assert not path.exists()


def test_a_document_made_and_removed_in_one_transaction_is_not_journaled(tmp_path):
    store = reopened(tmp_path / "state.json")
    with store.transaction():
        store.put("volumes", doc("old"))
    with store.transaction():
        store.put("jobs", doc("transient"))
        store.delete("jobs", "transient")
        store.delete("volumes", "old")
    record = journal_module.read_records(tmp_path / ".state.json.journal.0")[0][-1]
    assert record == [["volumes", "old", None], ["meta", "seq", {"id": "seq", "value": 2}]]


def test_a_document_made_then_removed_by_a_part_rolled_back_is_journaled(tmp_path):
    """A clock event that fails is undone alone (store.rollback_to): what it removed is back, and
    the journal holds it though the transaction had made and removed it."""
    store = reopened(tmp_path / "state.json")
    with store.transaction():
        store.put("jobs", doc("made"))
        mark = store.mark()
        store.delete("jobs", "made")
        store.rollback_to(mark)
    record = journal_module.read_records(tmp_path / ".state.json.journal.0")[0][-1]
    assert record[0] == ["jobs", "made", {**doc("made"), "_seq": 1}]
    assert list(reopened(tmp_path / "state.json").all("jobs")) == ["made"]


def test_a_reopened_store_replays_the_journal(tmp_path):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        store.put("volumes", doc("kept"))
        store.put("volumes", doc("gone"))
    with store.transaction():
        store.delete("volumes", "gone")
        store.put("volumes", doc("kept", name="changed"))
    again = reopened(path)
    assert list(again.all("volumes")) == ["kept"]
    assert again.get("volumes", "kept")["name"] == "changed"
    assert again.next_seq() == 3


def test_a_torn_record_at_the_end_is_cut_off_and_appends_go_on_after_the_last_whole_one(tmp_path):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        store.put("volumes", doc("whole"))
    journal = tmp_path / ".state.json.journal.0"
    whole = journal.stat().st_size
    with open(journal, "ab") as handle:
        handle.write(journal_module.encode([["volumes", "torn", doc("torn")]])[:-5])
    again = reopened(path)
    assert list(again.all("volumes")) == ["whole"]
    with again.transaction():
        again.put("volumes", doc("after"))
    assert journal_module.read_records(journal)[1] == journal.stat().st_size > whole
    assert list(reopened(path).all("volumes")) == ["whole", "after"]


def test_a_record_whose_checksum_does_not_match_ends_the_replay(tmp_path):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        store.put("volumes", doc("first"))
    with store.transaction():
        store.put("volumes", doc("second"))
    journal = tmp_path / ".state.json.journal.0"
    raw = bytearray(journal.read_bytes())
    raw[-3] ^= 0xFF  # a flipped byte inside the second record's payload
    journal.write_bytes(bytes(raw))
    assert list(reopened(path).all("volumes")) == ["first"]


def test_a_failed_append_rolls_back_and_leaves_no_partial_record(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        store.put("volumes", doc("kept"))
    journal = tmp_path / ".state.json.journal.0"
    size = journal.stat().st_size
    real_write = os.write

    def half_then_full_disk(fd, data):
        real_write(fd, bytes(data[:len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.os, "write", half_then_full_disk)
    with pytest.raises(OSError):
        with store.transaction():
            store.put("volumes", doc("lost"))
            store.delete("volumes", "kept")
    monkeypatch.setattr(journal_module.os, "write", real_write)
    assert list(store.all("volumes")) == ["kept"]
    assert journal.stat().st_size == size
    with store.transaction():
        store.put("volumes", doc("saved"))
    assert list(reopened(path).all("volumes")) == ["kept", "saved"]


def test_after_a_failed_fsync_writes_are_refused(tmp_path, monkeypatch):
    store = reopened(tmp_path / "state.json")

    def failing(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(journal_module.os, "fsync", failing)
    with pytest.raises(OSError):
        with store.transaction():
            store.put("volumes", doc("unknown"))
    monkeypatch.undo()
    with pytest.raises(OSError, match="since an fsync failed"):
        with store.transaction():
            store.put("volumes", doc("refused"))


def test_commits_queued_behind_an_fsync_share_the_next_one(tmp_path, monkeypatch):
    """Group commit, made deterministic: the first fsync is held until all eight commits have
    been written, so the seven queued behind it are covered by one more fsync, not seven."""
    store = reopened(tmp_path / "state.json")
    with store.transaction():
        store.put("volumes", doc("warm"))  # the journal file is open
    written, all_written = [], threading.Event()
    real_append, real_fsync = journal_module.Journal.append, os.fsync

    def counting_append(journal, record):
        length = real_append(journal, record)
        written.append(length)
        if len(written) == 8:
            all_written.set()
        return length

    fsyncs = []

    def fsync_once_all_are_written(fd):
        fsyncs.append(fd)
        all_written.wait(10)
        real_fsync(fd)

    monkeypatch.setattr(journal_module.Journal, "append", counting_append)
    monkeypatch.setattr(journal_module.os, "fsync", fsync_once_all_are_written)

    def commit(n):
        with store.transaction():
            store.put("volumes", doc(f"w{n}"))

    threads = [threading.Thread(target=commit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(store.all("volumes")), len(written), len(fsyncs)) == (9, 8, 2)


def test_compaction_folds_the_journal_into_a_plain_tinydb_file(tmp_path, monkeypatch):
    monkeypatch.setattr(JournaledStorage, "COMPACT_MIN_BYTES", 10_000)
    path = tmp_path / "state.json"
    store = reopened(path)
    for n in range(100):
        with store.transaction():
            store.put("volumes", doc(f"v{n}", name="x" * 100))
    store._storage._compaction.join()
    with tinydb.TinyDB(path, access_mode="r") as plain:  # plain TinyDB, its JSONStorage
        folded = sorted(plain.storage.read()["volumes"], key=lambda ident: int(ident[1:]))
    # The last compaction's snapshot: the first writes, in full (how many depends on when the
    # journal passed its threshold while the writes went on).
    assert folded and folded == [f"v{n}" for n in range(len(folded))]
    assert sorted(reopened(path).all("volumes")) == sorted(f"v{n}" for n in range(100))
    assert len(journals(tmp_path)) == 1  # the journals the snapshot holds are removed


def test_a_clean_close_leaves_the_whole_state_in_the_tinydb_file_and_no_journal(tmp_path):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        store.put("volumes", doc("v", name="in the file"))
    store.close()
    assert journals(tmp_path) == []
    with tinydb.TinyDB(path, access_mode="r") as plain:
        assert [d["name"] for d in plain.storage.read()["volumes"].values()] == ["in the file"]


def test_open_database_shows_what_the_journal_holds(tmp_path):
    path = tmp_path / "state.json"
    store = reopened(path)
    with store.transaction():
        store.put("volumes", doc("journaled"))
    assert [d["id"] for d in open_database(path).table("volumes").all()] == ["journaled"]


def start(state, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "vpcmock", "serve", "--port", str(port), "--state", str(state)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(f"{url}/mock/clock", timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("the server did not start")


def test_sigkill_under_eight_writers_while_compacting_keeps_every_acknowledged_write(tmp_path):
    state = tmp_path / "state.json"
    process, url = start(state, VPCMOCK_COMPACT_MIN_BYTES="20000")  # compactions all along
    acknowledged, stop = [], threading.Event()

    def writer(n):
        http = Http(url)
        i = 0
        while not stop.is_set():
            try:
                response = http.call("POST", "/volumes", {"name": f"w{n}-{i}", "capacity": 10, "profile": {"name": "sdp"},
                                                          "zone": {"name": "us-south-1"}})
            except requests.RequestException:
                return
            if response.status_code == 201:
                acknowledged.append(response.json()["id"])
            i += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stop.set()
    for thread in threads:
        thread.join()
    assert len(acknowledged) > 50
    stored = {d["id"] for d in open_database(state).table("volumes").all()}
    assert set(acknowledged) <= stored
    again, url = start(state)  # and the state loads
    try:
        total = Http(url).call("GET", "/volumes", params={"limit": "1"}).json()["total_count"]
    finally:
        again.terminate()
        again.wait()
    assert total == len(stored)


def test_sigterm_shuts_down_cleanly_leaving_no_journal(tmp_path):
    state = tmp_path / "state.json"
    process, url = start(state)
    created = Http(url).call("POST", "/volumes", {"name": "kept", "capacity": 10, "profile": {"name": "sdp"},
                                                  "zone": {"name": "us-south-1"}}).json()
    process.terminate()
    assert process.wait(timeout=10) == 0
    assert journals(tmp_path) == []
    with tinydb.TinyDB(state, access_mode="r") as plain:
        assert list(plain.storage.read()["volumes"]) == [created["id"]]
