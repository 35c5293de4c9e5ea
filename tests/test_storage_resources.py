"""Volumes, instances, snapshots, consistency groups and shares through the ibm-vpc SDK."""

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import Instance, Share, ShareSnapshot, Snapshot, SnapshotConsistencyGroup, Volume

from conftest import api_error
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue


def new_volume(vpc, name="data-1", capacity=100, profile="general-purpose", tags=()):
    return vpc.create_volume({"name": name, "capacity": capacity, "profile": {"name": profile},
                              "zone": {"name": "us-south-1"}, "user_tags": list(tags)}).get_result()


def new_instance(vpc, name="vsi-1", data_volume_ids=()):
    network = vpc.create_vpc(name=f"{name}-vpc").get_result()
    subnet = vpc.create_subnet(subnet_prototype={"name": f"{name}-subnet", "vpc": {"id": network["id"]},
                                                 "zone": {"name": "us-south-1"},
                                                 "total_ipv4_address_count": 16}).get_result()
    return vpc.create_instance({
        "name": name, "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"}, "vpc": {"id": network["id"]},
        "image": {"id": UBUNTU}, "primary_network_interface": {"subnet": {"id": subnet["id"]}},
        "volume_attachments": [{"volume": {"id": v}} for v in data_volume_ids]}).get_result()


def advance(server, seconds):
    return requests.post(f"{server.url}/mock/clock", json={"advance_seconds": seconds}).json()


def test_volume_has_every_field_the_sdk_model_requires(vpc):
    volume = new_volume(vpc, tags=("env:test",))
    Volume.from_dict(volume)
    assert (volume["storage_generation"], volume["attachment_state"], volume["user_tags"]) == (1, "unattached",
                                                                                               ["env:test"])


def test_sdp_volume_is_generation_two(vpc):
    assert new_volume(vpc, profile="sdp")["storage_generation"] == 2


def test_instance_creates_a_boot_volume_and_attaches_data_volumes(vpc):
    data = new_volume(vpc)
    instance = new_instance(vpc, data_volume_ids=[data["id"]])
    Instance.from_dict(instance)
    assert instance["status"] == "running"
    assert [a["type"] for a in instance["volume_attachments"]] == ["boot", "data"]
    assert vpc.get_volume(data["id"]).get_result()["attachment_state"] == "attached"


def test_a_volume_cannot_be_attached_twice(vpc):
    data = new_volume(vpc)
    new_instance(vpc, "one", [data["id"]])
    with pytest.raises(ApiException) as caught:
        new_instance(vpc, "two", [data["id"]])
    assert api_error(caught.value) == (409, "volume_in_use")
    assert [i["name"] for i in vpc.list_instances().get_result()["instances"]] == ["one"]


def test_detach_then_delete_volume(vpc):
    data = new_volume(vpc)
    instance = new_instance(vpc, data_volume_ids=[data["id"]])
    attachment = next(a for a in instance["volume_attachments"] if a["type"] == "data")
    with pytest.raises(ApiException) as caught:
        vpc.delete_volume(data["id"])
    assert api_error(caught.value) == (409, "volume_in_use")
    vpc.delete_instance_volume_attachment(instance["id"], attachment["id"])
    assert vpc.delete_volume(data["id"]).status_code == 204


def test_snapshot_of_attached_volume_is_pending_then_stable(mock, vpc):
    data = new_volume(vpc, capacity=50)
    new_instance(vpc, data_volume_ids=[data["id"]])
    snapshot = vpc.create_snapshot({"source_volume": {"id": data["id"]}, "name": "snap-1"}).get_result()
    Snapshot.from_dict(snapshot)
    assert (snapshot["lifecycle_state"], snapshot["minimum_capacity"]) == ("pending", 50)
    moved = advance(mock, 50)
    assert moved["events"] == {"snapshot_completed": 1}
    assert vpc.get_snapshot(snapshot["id"]).get_result()["lifecycle_state"] == "stable"


def test_snapshot_of_detached_generation_one_volume_is_refused(vpc):
    data = new_volume(vpc)
    with pytest.raises(ApiException) as caught:
        vpc.create_snapshot({"source_volume": {"id": data["id"]}})
    assert api_error(caught.value) == (409, "snapshot_source_volume_unavailable")


def test_restored_volume_takes_snapshot_capacity_and_hydrates(mock, vpc):
    data = new_volume(vpc, capacity=80)
    new_instance(vpc, data_volume_ids=[data["id"]])
    snapshot = vpc.create_snapshot({"source_volume": {"id": data["id"]}}).get_result()
    advance(mock, 80)
    restored = vpc.create_volume({"profile": {"name": "general-purpose"}, "zone": {"name": "us-south-2"},
                                  "source_snapshot": {"id": snapshot["id"]}}).get_result()
    assert restored["capacity"] == 80
    assert restored["source_snapshot"]["id"] == snapshot["id"]
    assert (restored["health_state"], restored["health_reasons"][0]["code"]) == ("degraded",
                                                                                 "initializing_from_snapshot")
    assert advance(mock, 80)["events"] == {"volume_hydrated": 1}
    assert vpc.get_volume(restored["id"]).get_result()["health_state"] == "ok"


def test_restore_across_storage_generations_is_refused(mock, vpc):
    data = new_volume(vpc)
    new_instance(vpc, data_volume_ids=[data["id"]])
    snapshot = vpc.create_snapshot({"source_volume": {"id": data["id"]}}).get_result()
    advance(mock, 100)
    with pytest.raises(ApiException) as caught:
        vpc.create_volume({"profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
                           "source_snapshot": {"id": snapshot["id"]}})
    assert api_error(caught.value) == (400, "volume_profile_generation_mismatch")


def test_snapshot_list_filters_by_source_volume_and_pages(mock, vpc):
    first, second = new_volume(vpc, "a"), new_volume(vpc, "b")
    new_instance(vpc, data_volume_ids=[first["id"], second["id"]])
    for volume in (first, first, second):
        vpc.create_snapshot({"source_volume": {"id": volume["id"]}})
    listed = vpc.list_snapshots(source_volume_id=first["id"], limit=1).get_result()
    assert listed["total_count"] == 2 and len(listed["snapshots"]) == 1 and "next" in listed
    assert vpc.list_snapshots(backup_policy_plan_id="none").get_result()["total_count"] == 0


def test_consistency_group_snapshots_every_volume_at_once(mock, vpc):
    a, b = new_volume(vpc, "a"), new_volume(vpc, "b")
    new_instance(vpc, data_volume_ids=[a["id"], b["id"]])
    group = vpc.create_snapshot_consistency_group({
        "name": "cg-1", "snapshots": [{"source_volume": {"id": a["id"]}}, {"source_volume": {"id": b["id"]}}]
    }).get_result()
    SnapshotConsistencyGroup.from_dict(group)
    assert len(group["snapshots"]) == 2
    members = vpc.list_snapshots(snapshot_consistency_group_id=group["id"]).get_result()["snapshots"]
    assert {s["source_volume"]["id"] for s in members} == {a["id"], b["id"]}
    assert len({s["captured_at"] for s in members}) == 1
    advance(mock, 100)
    assert vpc.delete_snapshot_consistency_group(group["id"]).status_code == 202
    assert vpc.list_snapshots().get_result()["total_count"] == 0


def test_share_and_share_snapshot_shapes(mock, vpc):
    share = vpc.create_share({"name": "files", "size": 100, "profile": {"name": "dp2"},
                              "zone": {"name": "us-south-1"}}).get_result()
    Share.from_dict(share)
    snapshot = vpc.create_share_snapshot(share["id"], name="s1").get_result()
    ShareSnapshot.from_dict(snapshot)
    assert vpc.list_share_snapshots("-").get_result()["total_count"] == 1


def test_share_in_vpc_access_mode_cannot_be_snapshotted(vpc):
    share = vpc.create_share({"size": 100, "profile": {"name": "dp2"}, "zone": {"name": "us-south-1"},
                              "access_control_mode": "vpc"}).get_result()
    with pytest.raises(ApiException) as caught:
        vpc.create_share_snapshot(share["id"])
    assert api_error(caught.value) == (409, "share_snapshot_unsupported")


def test_deleting_a_share_deletes_its_snapshots(mock, vpc):
    share = vpc.create_share({"size": 100, "profile": {"name": "rfs"}}).get_result()
    vpc.create_share_snapshot(share["id"])
    advance(mock, 10)
    assert vpc.delete_share(share["id"]).status_code == 202
    assert vpc.list_share_snapshots("-").get_result()["total_count"] == 0


def test_global_tagging_attaches_user_tags_to_an_instance(mock, http):
    vpc_instance = http.call("POST", "/instances", {"profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                                   "image": {"id": UBUNTU}}).json()
    attach = http.session.post(f"{mock.url}/v3/tags/attach", params={"tag_type": "user"},
                               json={"resources": [{"resource_id": vpc_instance["crn"]}], "tag_names": ["cg:daily"]})
    assert attach.json()["results"] == [{"resource_id": vpc_instance["crn"], "is_error": False}]
    listed = http.session.get(f"{mock.url}/v3/tags", params={"attached_to": vpc_instance["crn"]}).json()
    assert listed["items"] == [{"name": "cg:daily"}]


def test_tagging_more_than_100_tags_at_once_is_refused(mock, http):
    volume = http.call("POST", "/volumes", {"capacity": 10, "profile": {"name": "sdp"},
                                            "zone": {"name": "us-south-1"}}).json()
    response = http.session.post(f"{mock.url}/v3/tags/attach", json={
        "resources": [{"resource_id": volume["crn"]}], "tag_names": [f"t{n}" for n in range(101)]})
    assert (response.status_code, response.json()["errors"][0]["code"]) == (400, "too_many_tags")


def test_instance_can_be_renamed(vpc):
    created = vpc.create_instance({"name": "old-name", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                   "image": {"id": UBUNTU}}).get_result()
    renamed = vpc.update_instance(created["id"], {"name": "new-name"}).get_result()
    assert (renamed["name"], vpc.get_instance(created["id"]).get_result()["name"]) == ("new-name", "new-name")


@pytest.mark.parametrize("path, code, message", [
    ("/images/8843-5fr454ft", "image_not_found", "Error fetching image with id 8843-5fr454ft"),
    ("/snapshots/8843-5fr454ft", "snapshot_not_found", "Error fetching snapshot with id 8843-5fr454ft")])
def test_an_image_or_snapshot_id_nobody_holds_answers_what_the_service_answers(http, path, code, message):
    answer = http.call("GET", path)
    assert (answer.status_code, answer.json()["errors"][0]["code"], answer.json()["errors"][0]["message"]) == (
        404, code, message)
