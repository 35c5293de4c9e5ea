"""Catalogue collections served from the catalogue (engine/generic/catalogue_served.py,
data/ibm_catalogue.json) through the official SDK: /operating_systems lists every operating
system a stock image names, each read by name."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import (DedicatedHost, DedicatedHostProfile, DedicatedHostProfileCollection, OperatingSystem,
                            OperatingSystemCollection)

from vpcmock.catalog import BUILTIN


def every_page(call, key):
    found, start = [], None
    while True:
        page = call(start=start, limit=10).get_result()
        found += page[key]
        if "next" not in page:
            return found
        start = page["next"]["href"].split("start=")[1].split("&")[0]


def test_every_operating_system_of_the_catalogue_is_listed_in_name_order(vpc):
    first = vpc.list_operating_systems(limit=10).get_result()
    OperatingSystemCollection.from_dict(first)
    listed = [system["name"] for system in every_page(vpc.list_operating_systems, "operating_systems")]
    assert (listed, first["total_count"]) == (sorted(BUILTIN.operating_systems), len(BUILTIN.operating_systems))


def test_every_operating_system_an_image_names_is_read_by_its_name(vpc):
    named = {image["operating_system"]["name"] for image in every_page(vpc.list_images, "images")}
    read = {name: vpc.get_operating_system(name=name).get_result() for name in named}
    for system in read.values():
        OperatingSystem.from_dict(system)
    assert ({name: system["name"] for name, system in read.items()}, len(named) > 10) == (
        {name: name for name in named}, True)


def test_an_operating_system_reads_as_the_catalogue_describes_it(vpc):
    system = vpc.get_operating_system(name="ubuntu-24-04-amd64").get_result()
    entry = BUILTIN.operating_systems["ubuntu-24-04-amd64"]
    assert (system["display_name"], system["family"], system["vendor"], system["version"],
            system["architecture"], system["href"].endswith("/v1/operating_systems/ubuntu-24-04-amd64")) == (
        entry["display_name"], entry["family"], entry["vendor"], entry["version"], entry["architecture"], True)


def test_an_operating_system_the_catalogue_lacks_is_not_found(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.get_operating_system(name="plan9-4-amd64")
    assert (raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]) == (
        404, "operating_system_not_found")


# -- dedicated host profiles and the hosts made of them ----------------------------------------------

def test_dedicated_host_profiles_list_the_catalogues_in_name_order(vpc):
    got = vpc.list_dedicated_host_profiles().get_result()
    DedicatedHostProfileCollection.from_dict(got)
    assert [profile["name"] for profile in got["profiles"]] == [
        "bx2-host-152x608", "bx2d-host-152x608", "bx3d-host-176x880", "cx2-host-152x304", "cx2d-host-152x304",
        "cx3d-host-176x440", "mx2-host-152x1216", "mx2d-host-152x1216", "mx3d-host-176x1760"]


def test_a_dedicated_host_profile_reads_as_ibms_docs_give_it(vpc):
    got = vpc.get_dedicated_host_profile(name="bx3d-host-176x880").get_result()
    DedicatedHostProfile.from_dict(got)
    assert (got["class"], got["family"], got["vcpu_count"], got["memory"], got["socket_count"],
            got["vcpu_manufacturer"]["value"], [(d["quantity"]["value"], d["size"]["value"]) for d in got["disks"]],
            {p["name"].split("-")[0] for p in got["supported_instance_profiles"]}) == (
        "bx3d", "balanced", {"type": "fixed", "value": 176}, {"type": "fixed", "value": 880},
        {"type": "fixed", "value": 2}, "intel", [(2, 3200)], {"bx3d"})


def group(vpc, class_="bx2", family="balanced"):
    return vpc.create_dedicated_host_group(class_=class_, family=family, zone={"name": "us-south-1"}).get_result()


def test_a_dedicated_host_has_its_profiles_vcpu_and_memory(vpc):
    host = vpc.create_dedicated_host({"profile": {"name": "bx2-host-152x608"},
                                      "group": {"id": group(vpc)["id"]}}).get_result()
    got = vpc.get_dedicated_host(id=host["id"]).get_result()
    DedicatedHost.from_dict(got)
    assert (got["vcpu"], got["available_vcpu"]["count"], got["memory"], got["available_memory"],
            got["socket_count"], got["profile"]["name"]) == (
        {"architecture": "amd64", "count": 152, "manufacturer": "intel"}, 152, 608, 608, 4, "bx2-host-152x608")


def test_a_dedicated_host_of_a_profile_not_listed_is_refused(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.create_dedicated_host({"profile": {"name": "bx2-host-8x32"}, "group": {"id": group(vpc)["id"]}})
    assert (raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"],
            vpc.list_dedicated_hosts().get_result()["dedicated_hosts"]) == (404, "dedicated_host_profile_not_found", [])


def test_a_dedicated_host_joins_only_a_group_of_its_profiles_class(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.create_dedicated_host({"profile": {"name": "mx2-host-152x1216"}, "group": {"id": group(vpc)["id"]}})
    assert (raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]) == (
        400, "dedicated_host_profile_group_mismatch")


def test_a_dedicated_host_group_of_a_class_no_profile_has_is_refused(vpc):
    with pytest.raises(ApiException) as raised:
        group(vpc, class_="zx9", family="balanced")
    assert (raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"],
            vpc.list_dedicated_host_groups().get_result()["groups"]) == (400, "dedicated_host_group_class_not_found", [])


def test_a_dedicated_host_group_of_a_class_in_another_family_is_refused(vpc):
    with pytest.raises(ApiException) as raised:
        group(vpc, class_="mx2", family="balanced")
    assert (raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]) == (
        400, "dedicated_host_group_class_not_found")
