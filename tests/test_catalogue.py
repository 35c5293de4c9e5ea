"""The region's compute catalogue through the ibm-vpc SDK: IBM's stock images and instance
profiles, and an instance's image checked against it."""

import pytest
from ibm_cloud_sdk_core import ApiException

from conftest import UBUNTU


def test_the_stock_images_carry_ibm_names_and_are_available(vpc):
    images = vpc.list_images(name="ibm-ubuntu-24-04-3-minimal-amd64-4").get_result()["images"]
    assert [(i["id"], i["status"], i["operating_system"]["name"], i["visibility"]) for i in images] == [
        (UBUNTU, "available", "ubuntu-24-04-amd64", "public")]


def test_an_image_is_read_by_id(vpc):
    assert vpc.get_image(id=UBUNTU).get_result()["name"] == "ibm-ubuntu-24-04-3-minimal-amd64-4"


def test_an_image_id_belongs_to_its_region(vpc):
    listed = {i["name"]: i["id"] for i in vpc.list_images().get_result()["images"]}
    assert all(ident.startswith("r006-") for ident in listed.values())
    assert len(listed) == 10


def test_the_profile_families_real_configurations_name_exist(vpc):
    names = {p["name"] for p in vpc.list_instance_profiles().get_result()["profiles"]}
    assert {"bx2-2x8", "bx2-4x16", "cx2-2x4", "mx2-2x16", "bxf-2x8", "cxf-2x4", "mxf-2x16", "bx3d-2x10",
            "ux2d-2x56"} <= names


def test_a_profile_shows_its_vcpus_and_memory(vpc):
    profile = vpc.get_instance_profile(name="mx2-4x32").get_result()
    assert (profile["vcpu_count"]["value"], profile["memory"]["value"], profile["family"]) == (4, 32, "memory")


def test_an_instance_of_an_unknown_image_is_not_found(http):
    answer = http.call("POST", "/instances", {"name": "vsi", "profile": {"name": "bx2-2x8"},
                                              "zone": {"name": "us-south-1"}, "image": {"id": "r006-no-such-image"}})
    error = answer.json()["errors"][0]
    assert (answer.status_code, error["code"], error["target"]["name"]) == (404, "image_not_found", "image.id")


def test_an_instance_boot_volume_has_the_images_size_and_shows_the_image(http):
    instance = http.call("POST", "/instances", {"name": "vsi", "profile": {"name": "bx2-2x8"},
                                                "zone": {"name": "us-south-1"}, "image": {"id": UBUNTU}}).json()
    boot = http.call("GET", f"/volumes/{instance['boot_volume_attachment']['volume']['id']}").json()
    assert (boot["capacity"], instance["image"]["name"]) == (100, "ibm-ubuntu-24-04-3-minimal-amd64-4")


def test_an_unknown_profile_is_not_found(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.get_instance_profile(name="zz9-1x1")
    assert raised.value.status_code == 404
