"""File share backups: the file tree they capture, single-file restore, shares restored from a
backup, replicas, and what cannot be done with share backups."""

import requests
from ibm_vpc.vpc_v1 import Share

HOUR = 3600


def share(sim, name="files", tags=("t",), zone="us-south-1", **extra):
    return sim.ok("POST", "/shares", {"name": name, "size": 100, "profile": {"name": "dp2"}, "zone": {"name": zone},
                                      "user_tags": list(tags), **extra})


def put_file(sim, share_id, path, content):
    response = requests.put(f"{sim.url}/mock/shares/{share_id}/files/{path}", data=content.encode())
    assert response.status_code == 200, response.text


def get_file(sim, kind, ident, path):
    return requests.get(f"{sim.url}/mock/{kind}/{ident}/files/{path}")


def backed_up(sim, files_share):
    sim.plan(sim.policy(["t"], resource_type="share"), "0 * * * *")
    sim.advance(HOUR + 10)
    (backup,) = sim.collect(f"/shares/{files_share['id']}/snapshots", "snapshots")
    return backup


def test_a_share_backup_holds_the_tree_as_it_was_at_its_instant(sim):
    files = share(sim)
    put_file(sim, files["id"], "etc/app.conf", "port=80")
    put_file(sim, files["id"], "data/a.txt", "alpha")
    backup = backed_up(sim, files)
    put_file(sim, files["id"], "data/b.txt", "beta")
    listing = requests.get(f"{sim.url}/mock/share_snapshots/{backup['id']}/files").json()
    assert listing["files"] == {"etc/app.conf": "port=80", "data/a.txt": "alpha"}


def test_a_single_file_is_read_back_from_a_backup_after_it_changed(sim):
    files = share(sim)
    put_file(sim, files["id"], "report.csv", "v1")
    backup = backed_up(sim, files)
    put_file(sim, files["id"], "report.csv", "v2")
    assert get_file(sim, "share_snapshots", backup["id"], "report.csv").text == "v1"
    assert get_file(sim, "shares", files["id"], "report.csv").text == "v2"


def test_a_file_missing_from_a_backup_answers_404(sim):
    files = share(sim)
    backup = backed_up(sim, files)
    response = get_file(sim, "share_snapshots", backup["id"], "nope.txt")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (404, "share_file_not_found")


def test_a_path_with_an_empty_part_is_refused_and_nothing_is_written(sim):
    files = share(sim)
    response = requests.put(f"{sim.url}/mock/shares/{files['id']}/files/a//b", data=b"x")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "share_file_path_invalid")
    assert requests.get(f"{sim.url}/mock/shares/{files['id']}/files").json()["files"] == {}


def test_a_share_created_from_a_backup_holds_its_tree_and_is_usable_at_once(sim):
    files = share(sim)
    put_file(sim, files["id"], "notes.txt", "original")
    backup = backed_up(sim, files)
    put_file(sim, files["id"], "notes.txt", "changed")
    restored = sim.ok("POST", "/shares", {"name": "restored", "profile": {"name": "dp2"},
                                          "source_snapshot": {"id": backup["id"]}})
    Share.from_dict(restored)
    assert (restored["lifecycle_state"], restored["zone"]["name"], restored["size"]) == ("stable", "us-south-1", 100)
    assert restored["source_snapshot"]["id"] == backup["id"]
    assert get_file(sim, "shares", restored["id"], "notes.txt").text == "original"
    put_file(sim, restored["id"], "notes.txt", "writable")


def test_a_share_backup_cannot_be_restored_into_another_zone(sim):
    backup = backed_up(sim, share(sim))
    response = sim.call("POST", "/shares", {"name": "elsewhere", "profile": {"name": "dp2"},
                                            "zone": {"name": "us-south-2"}, "source_snapshot": {"id": backup["id"]}})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "share_source_snapshot_zone_mismatch")


def test_a_share_backup_cannot_be_used_in_another_region(sim):
    backup = backed_up(sim, share(sim))
    response = sim.call("POST", "/shares", {"name": "far", "profile": {"name": "dp2"},
                                            "source_snapshot": {"id": backup["id"]}}, prefix="/eu-de/v1")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "share_snapshot_not_found")


def test_a_share_policy_plan_cannot_copy_backups_to_another_region(sim):
    policy = sim.policy(["t"], resource_type="share")
    response = sim.call("POST", f"/backup_policies/{policy['id']}/plans",
                        {"cron_spec": "0 * * * *", "remote_region_policies": [{"region": {"name": "us-east"}}]})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (
        400, "backup_policy_plan_remote_region_policy_unsupported")


def replicated_share(sim):
    return share(sim, replica_share={"name": "files-replica", "profile": {"name": "dp2"},
                                     "zone": {"name": "us-south-3"}, "replication_cron_spec": "*/15 * * * *"})


def test_a_share_with_a_replica_names_it_and_the_replica_names_its_source(sim):
    source = replicated_share(sim)
    (replica,) = [s for s in sim.collect("/shares", "shares") if s["name"] == "files-replica"]
    Share.from_dict(source)
    Share.from_dict(replica)
    assert (source["replication_role"], source["replica_share"]["id"]) == ("source", replica["id"])
    assert (replica["replication_role"], replica["source_share"]["id"], replica["zone"]["name"]) == (
        "replica", source["id"], "us-south-3")


def test_backups_of_a_share_with_a_replica_are_copied_to_the_replica(sim):
    source = replicated_share(sim)
    put_file(sim, source["id"], "db.dump", "day-1")
    backup = backed_up(sim, source)
    sim.advance(10)
    replica_id = source["replica_share"]["id"]
    (copy,) = sim.collect(f"/shares/{replica_id}/snapshots", "snapshots")
    assert (copy["name"], copy["zone"]["name"], copy["lifecycle_state"]) == (backup["name"], "us-south-3", "stable")
    assert copy["backup_policy_plan"]["id"] == backup["backup_policy_plan"]["id"]
    assert get_file(sim, "share_snapshots", copy["id"], "db.dump").text == "day-1"


def test_a_replica_cannot_be_written(sim):
    source = replicated_share(sim)
    response = requests.put(f"{sim.url}/mock/shares/{source['replica_share']['id']}/files/x", data=b"x")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (409, "share_replica_read_only")


def test_deleting_a_share_deletes_its_backups(sim):
    files = share(sim)
    backup = backed_up(sim, files)
    assert sim.call("DELETE", f"/shares/{files['id']}").status_code == 202
    assert sim.collect("/shares/-/snapshots", "snapshots") == []
    assert get_file(sim, "share_snapshots", backup["id"], "x").status_code == 404


def test_a_share_with_a_replica_cannot_be_deleted_before_its_replica(sim):
    source = replicated_share(sim)
    response = sim.call("DELETE", f"/shares/{source['id']}")
    assert (response.status_code, response.json()["errors"][0]["code"]) == (409, "share_has_replica")
    sim.ok("DELETE", f"/shares/{source['replica_share']['id']}")
    assert sim.ok("GET", f"/shares/{source['id']}")["replication_role"] == "none"
    assert sim.call("DELETE", f"/shares/{source['id']}").status_code == 202
