"""Operations of the emulated types that were not served (DELETE /snapshots by source volume, a
share snapshot's PATCH, a replica's source read and split and its failover, an image deprecated
or obsoleted, an instance reinitialized), through the official SDK; and the VPC table as a
whole: every operation is served or listed as refused naming why (501 `operation_not_emulated`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import ShareReference, ShareSnapshot

from conftest import UBUNTU
from vpcmock.config import Settings
from vpcmock.http.app import create_app
from vpcmock.http.generic_served import NOT_EMULATED
from vpcmock.runtime import Runtime

COVERAGE = Path(__file__).resolve().parents[1] / "backend" / "tools" / "api_table" / "coverage.py"


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]


def advance(server, seconds):
    return requests.post(f"{server.url}/mock/clock", json={"advance_seconds": seconds}).json()


def test_every_operation_of_the_vpc_table_is_served_or_refused_naming_why():
    spec = importlib.util.spec_from_file_location("coverage_tool", COVERAGE)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    _, unserved, _ = tool.report(create_app(Runtime.open(Settings(state_path=None, scheduler=False))))
    assert sorted(unserved) == sorted(NOT_EMULATED)


# -- DELETE /snapshots?source_volume.id= ------------------------------------------------------------

def volume_with_instance(vpc):
    volume = vpc.create_volume({"name": "data", "profile": {"name": "general-purpose"}, "capacity": 20,
                                "zone": {"name": "us-south-1"}}).get_result()
    vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                         "image": {"id": UBUNTU}, "volume_attachments": [{"volume": {"id": volume["id"]}}]})
    return volume


def test_deleting_the_snapshots_of_a_volume_deletes_those_and_only_those(mock, vpc):
    volume = volume_with_instance(vpc)
    other = vpc.create_volume({"name": "other", "profile": {"name": "general-purpose"}, "capacity": 20,
                               "zone": {"name": "us-south-1"}}).get_result()
    vpc.create_instance({"name": "vm2", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                         "image": {"id": UBUNTU}, "volume_attachments": [{"volume": {"id": other["id"]}}]})
    for name in ("a", "b"):
        vpc.create_snapshot({"source_volume": {"id": volume["id"]}, "name": name})
    kept = vpc.create_snapshot({"source_volume": {"id": other["id"]}, "name": "kept"}).get_result()
    advance(mock, 600)
    assert vpc.delete_snapshots(source_volume_id=volume["id"]).status_code == 202
    assert [s["id"] for s in vpc.list_snapshots().get_result()["snapshots"]] == [kept["id"]]


def test_the_snapshots_of_a_volume_are_not_deleted_while_one_is_captured(vpc):
    volume = volume_with_instance(vpc)
    vpc.create_snapshot({"source_volume": {"id": volume["id"]}, "name": "a"})
    assert error_of(lambda: vpc.delete_snapshots(source_volume_id=volume["id"])) == (409, "snapshot_pending")
    assert len(vpc.list_snapshots().get_result()["snapshots"]) == 1


def test_deleting_snapshots_needs_the_source_volume(http):
    answer = http.call("DELETE", "/snapshots")
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "missing_query_parameter")


# -- share snapshots and sources ---------------------------------------------------------------------

def new_share(vpc, name="files", zone="us-south-1"):
    return vpc.create_share({"name": name, "profile": {"name": "dp2"}, "zone": {"name": zone},
                             "size": 200}).get_result()


def test_a_share_snapshot_is_renamed_and_retagged(vpc):
    share = new_share(vpc)
    snapshot = vpc.create_share_snapshot(share["id"], name="first").get_result()
    patched = vpc.update_share_snapshot(share["id"], snapshot["id"], {"name": "renamed",
                                                                      "user_tags": ["env:test"]}).get_result()
    ShareSnapshot.from_dict(patched)
    got = vpc.get_share_snapshot(share["id"], snapshot["id"]).get_result()
    assert (got["name"], got["user_tags"]) == ("renamed", ["env:test"])


def test_a_share_snapshot_cannot_take_a_siblings_name(vpc):
    share = new_share(vpc)
    vpc.create_share_snapshot(share["id"], name="first")
    second = vpc.create_share_snapshot(share["id"], name="second").get_result()
    assert error_of(lambda: vpc.update_share_snapshot(share["id"], second["id"], {"name": "first"})) == (
        409, "share_snapshot_name_duplicate")


def replica_of(vpc, source):
    return vpc.create_share({"name": "copy", "profile": {"name": "dp2"}, "zone": {"name": "us-south-2"},
                             "source_share": {"id": source["id"]},
                             "replication_cron_spec": "0 */5 * * *"}).get_result()


def test_a_replica_reads_its_source(vpc):
    source = new_share(vpc)
    replica = replica_of(vpc, source)
    got = vpc.get_share_source(replica["id"]).get_result()
    ShareReference.from_dict(got)
    assert (got["id"], got["name"], got["resource_type"]) == (source["id"], "files", "share")


def test_a_share_that_is_not_a_replica_has_no_source(vpc):
    share = new_share(vpc)
    assert error_of(lambda: vpc.get_share_source(share["id"])) == (404, "share_source_not_found")


def test_splitting_a_replica_from_its_source_ends_replication_on_both(vpc):
    source = new_share(vpc)
    replica = replica_of(vpc, source)
    assert vpc.delete_share_source(replica["id"]).status_code == 202
    got_replica, got_source = (vpc.get_share(replica["id"]).get_result(), vpc.get_share(source["id"]).get_result())
    assert (got_replica["replication_role"], "source_share" in got_replica, got_source["replication_role"],
            "replica_share" in got_source) == ("none", False, "none", False)
    vpc.delete_share(source["id"])  # no replica holds it any more
    assert vpc.get_share(replica["id"]).get_result()["name"] == "copy"


# -- an account's image deprecated and obsoleted ------------------------------------------------------

def own_image(vpc):
    return vpc.create_image({"name": "golden", "file": {"href": "cos://us-south/bucket/golden.qcow2"},
                             "operating_system": {"name": "ubuntu-24-04-amd64"}}).get_result()


def test_an_image_deprecated_now_is_deprecated_from_now(vpc):
    image = own_image(vpc)
    assert vpc.deprecate_image(image["id"]).status_code == 204
    got = vpc.get_image(image["id"]).get_result()
    assert (got["status"], got["deprecation_at"] >= got["created_at"]) == ("deprecated", True)


def test_a_deprecated_image_is_obsoleted_and_cannot_be_deprecated_again(vpc):
    image = own_image(vpc)
    vpc.deprecate_image(image["id"])
    assert error_of(lambda: vpc.deprecate_image(image["id"])) == (409, "image_status_invalid")
    vpc.obsolete_image(image["id"])
    got = vpc.get_image(image["id"]).get_result()
    assert (got["status"], "obsolescence_at" in got) == ("obsolete", True)
    assert error_of(lambda: vpc.obsolete_image(image["id"])) == (409, "image_status_invalid")


def test_an_image_deprecated_in_the_future_cannot_be_obsoleted_now(vpc):
    image = vpc.create_image({"name": "later", "file": {"href": "cos://us-south/bucket/later.qcow2"},
                              "operating_system": {"name": "ubuntu-24-04-amd64"},
                              "deprecation_at": "2099-01-01T00:00:00Z"}).get_result()
    assert error_of(lambda: vpc.obsolete_image(image["id"])) == (409, "image_status_invalid")


def test_a_stock_image_cannot_be_deprecated(vpc):
    assert error_of(lambda: vpc.deprecate_image(UBUNTU)) == (403, "forbidden")


def test_a_failover_makes_the_replica_the_source_and_the_source_its_replica(vpc):
    source = new_share(vpc)
    replica = replica_of(vpc, source)
    assert vpc.failover_share(replica["id"], fallback_policy="fail", timeout=600).status_code == 202
    new_source, new_replica = vpc.get_share(replica["id"]).get_result(), vpc.get_share(source["id"]).get_result()
    assert (new_source["replication_role"], new_source["replica_share"]["id"], new_replica["replication_role"],
            new_replica["source_share"]["id"], new_replica["replication_cron_spec"]) == (
        "source", source["id"], "replica", replica["id"], "0 */5 * * *")
    assert vpc.get_share_source(source["id"]).get_result()["id"] == replica["id"]


def test_a_share_that_is_not_a_replica_cannot_fail_over(vpc):
    share = new_share(vpc)
    assert error_of(lambda: vpc.failover_share(share["id"])) == (404, "share_source_not_found")


def test_a_failover_with_an_unknown_fallback_policy_is_refused(vpc):
    source = new_share(vpc)
    replica = replica_of(vpc, source)
    assert error_of(lambda: vpc.failover_share(replica["id"], fallback_policy="retry")) == (
        400, "invalid_field_value")


# -- an instance reinitialized ---------------------------------------------------------------------

def stopped_vm(vpc):
    made = vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                "image": {"id": UBUNTU}}).get_result()
    vpc.create_instance_action(made["id"], "stop")
    return made


def test_a_stopped_instance_is_reinitialized_on_a_new_boot_volume_from_an_image(vpc):
    made = stopped_vm(vpc)
    old_boot = made["boot_volume_attachment"]["volume"]["id"]
    key = vpc.create_key(public_key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHjMx930UMqbsvtvo1/8APLpZjRbncWg85+bK3KM0zME"
                         " k", name="new-key").get_result()
    assert vpc.create_instance_reinitialization(made["id"], {"image": {"id": UBUNTU},
                                                             "keys": [{"id": key["id"]}]}).status_code == 204
    got = vpc.get_instance(made["id"]).get_result()
    assert (got["boot_volume_attachment"]["volume"]["id"] != old_boot, got["image"]["id"],
            [k["id"] for k in vpc.get_instance_initialization(made["id"]).get_result()["keys"]]) == (
        True, UBUNTU, [key["id"]])
    assert error_of(lambda: vpc.get_volume(old_boot)) == (404, "volume_not_found")


def test_a_running_instance_is_not_reinitialized(vpc):
    made = vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                "image": {"id": UBUNTU}}).get_result()
    assert error_of(lambda: vpc.create_instance_reinitialization(made["id"], {"image": {"id": UBUNTU}})) == (
        409, "instance_not_stopped")


def test_a_reinitialization_body_of_no_variant_is_refused_naming_the_property(vpc):
    made = stopped_vm(vpc)
    with pytest.raises(ApiException) as raised:
        vpc.create_instance_reinitialization(made["id"], {"keys": []})
    error = raised.value.http_response.json()["errors"][0]
    assert (raised.value.status_code, error["code"]) == (400, "missing_field")
