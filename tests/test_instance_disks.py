"""An instance of a `d` profile has its profile's instance storage disks
(engine/generic/vpc/host_disks.py), through the ibm-vpc SDK."""

from __future__ import annotations

import pytest
import requests
from ibm_vpc.vpc_v1 import Instance, InstanceDisk, InstanceDiskCollection

from test_instances_read_back import network, new_instance


@pytest.fixture
def subnet(vpc) -> dict:
    return network(vpc)[1]


def test_an_instance_of_a_d_profile_has_its_profiles_disks(vpc, subnet):
    instance = new_instance(vpc, subnet, profile="bx2d-2x8")
    listed = vpc.list_instance_disks(instance["id"]).get_result()
    InstanceDiskCollection.from_dict(listed)
    assert [(disk["size"], disk["interface_type"], disk["resource_type"]) for disk in listed["disks"]] == [
        (75, "virtio_blk", "instance_disk")]


def test_an_instance_shows_its_disks(vpc, subnet):
    instance = new_instance(vpc, subnet, profile="bx2d-2x8")
    disk = vpc.list_instance_disks(instance["id"]).get_result()["disks"][0]
    shown = vpc.get_instance(instance["id"]).get_result()
    Instance.from_dict(shown)
    assert shown["disks"] == [disk]


def test_an_instance_of_a_profile_without_instance_storage_has_no_disks(vpc, subnet):
    instance = new_instance(vpc, subnet, profile="bx2-2x8")
    assert vpc.list_instance_disks(instance["id"]).get_result()["disks"] == []


def test_a_renamed_disk_shows_its_name_on_the_instance(vpc, subnet):
    instance = new_instance(vpc, subnet, profile="bx2d-2x8")
    disk = vpc.list_instance_disks(instance["id"]).get_result()["disks"][0]
    renamed = vpc.update_instance_disk(instance["id"], disk["id"], {"name": "scratch"}).get_result()
    InstanceDisk.from_dict(renamed)
    assert vpc.get_instance(instance["id"]).get_result()["disks"][0]["name"] == "scratch"


def test_an_instances_disks_go_with_it(vpc, subnet, mock):
    instance = new_instance(vpc, subnet, profile="bx2d-2x8")
    held_before = disks_held(mock, instance["id"])
    vpc.delete_instance(instance["id"])
    assert (len(held_before), disks_held(mock, instance["id"])) == (1, [])


def disks_held(mock, instance_id: str) -> list[dict]:
    """The instance's disk documents in the state (/mock/state)."""
    tables = requests.get(f"{mock.url}/mock/state", timeout=10).json()["tables"]
    return [disk for disk in tables.get("generic/instances.disks", []) if disk["_parent"] == instance_id]
