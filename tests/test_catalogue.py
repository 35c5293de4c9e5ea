"""The region's catalogue through the ibm-vpc SDK: IBM's stock images and instance, volume and
share profiles as IBM's docs list them, in the SDK's shapes and paged; the account's own images;
a user catalogue added to IBM's; instances from a catalog offering."""

import json

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc import vpc_v1

from conftest import UBUNTU, Http, sdk_client, start_server
from vpcmock.catalog import CatalogueError, check_extension
from vpcmock.cli import main
from vpcmock.images import image_id

CENTOS = image_id("us-south", "ibm-centos-stream-9-amd64-17")  # named by IBM's provider tests
OFFERING = "crn:v1:bluemix:public:globalcatalog-collection:global:a/123456:7a8b9c:offering:0e1f2a3b"
VERSION = "crn:v1:bluemix:public:globalcatalog-collection:global:a/123456:7a8b9c:version:0e1f2a3b/4c5d6e7f"


def pages(call, **params):
    """Every page of a collection, following `next` as the SDK's pagers do."""
    found, start = [], None
    while True:
        page = call(**params, **({"start": start} if start else {})).get_result()
        found.append(page)
        if "next" not in page:
            return found
        start = page["next"]["href"].split("start=")[1].split("&")[0]


# -- stock images ------------------------------------------------------------------------------

def test_the_images_come_two_to_a_page_and_every_page_parses_as_an_image_collection(vpc):
    listed = pages(vpc.list_images, limit=2)
    for page in listed:
        vpc_v1.ImageCollection.from_dict(page)
    assert ([len(p["images"]) for p in listed], listed[0]["total_count"]) == ([2] * 27, 54)


def test_paging_lists_every_image_once(vpc):
    names = [i["name"] for page in pages(vpc.list_images, limit=5) for i in page["images"]]
    assert (len(names), len(set(names))) == (54, 54)


def test_an_image_of_ibms_provider_tests_is_read_by_its_id(vpc):
    image = vpc.get_image(id=CENTOS).get_result()
    vpc_v1.Image.from_dict(image)
    assert (image["name"], image["status"], image["operating_system"]["name"], image["visibility"]) == (
        "ibm-centos-stream-9-amd64-17", "available", "centos-stream-9-amd64", "public")


def test_a_stock_image_belongs_to_ibms_image_account_and_its_default_resource_group(vpc):
    image = vpc.get_image(id=CENTOS).get_result()
    assert (image["resource_group"]["id"], image["resource_group"]["name"], image["remote"]["account"]) == (
        "4cdc4448a0a148159685b9b0dc549d19", "Default",
        {"id": "811f8abfbd32425597dc7ba40da98fa6", "resource_type": "account"})


def test_before_version_2025_06_30_a_stock_image_shows_owner_type_instead_of_remote(http):
    image = http.call("GET", f"/images/{CENTOS}", params={"version": "2025-06-29"}).json()
    assert (image["owner_type"], "remote" in image) == ("provider", False)


def test_an_image_is_available_in_every_zone_of_its_region(vpc):
    assert [z["name"] for z in vpc.get_image(id=CENTOS).get_result()["zones"]] == [
        "us-south-1", "us-south-2", "us-south-3"]


def test_an_older_build_is_deprecated_from_the_day_the_next_build_appeared(vpc):
    image = vpc.get_image(id=UBUNTU).get_result()
    assert (image["name"], image["status"], image["deprecation_at"]) == (
        "ibm-ubuntu-24-04-3-minimal-amd64-4", "deprecated", "2026-03-10T00:00:00Z")


@pytest.mark.parametrize("name", ["ibm-ubuntu-22-04-5-minimal-amd64-13", "ibm-ubuntu-20-04-6-minimal-amd64-6",
                                  "ibm-ubuntu-22-04-1-minimal-amd64-4", "ibm-ubuntu-20-04-6-minimal-amd64-5",
                                  "ibm-windows-server-2022-full-standard-amd64-8", "ibm-redhat-7-9-minimal-amd64-7"])
def test_the_image_names_ibms_acceptance_tests_use_are_found_by_name(vpc, name):
    assert [i["name"] for i in vpc.list_images(name=name).get_result()["images"]] == [name]


def test_the_status_filter_keeps_the_images_of_the_statuses_given(vpc):
    listed = [i["status"] for page in pages(vpc.list_images, status=["available"], limit=100) for i in page["images"]]
    assert (len(listed), set(listed)) == (27, {"available"})


def test_the_remote_account_filter_null_lists_only_the_accounts_own_images(vpc):
    assert vpc.list_images(remote_account_id="null").get_result()["images"] == []


def test_an_image_id_belongs_to_its_region(vpc):
    listed = {i["name"]: i["id"] for page in pages(vpc.list_images, limit=100) for i in page["images"]}
    assert all(ident.startswith("r006-") for ident in listed.values())


def test_a_start_token_the_service_did_not_issue_is_refused(http):
    answer = http.call("GET", "/images", params={"start": "not-a-token"})
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "invalid_start")


# -- instance profiles -------------------------------------------------------------------------

def test_every_page_of_instance_profiles_parses_as_an_instance_profile_collection(vpc):
    listed = pages(vpc.list_instance_profiles, limit=50)
    for page in listed:
        vpc_v1.InstanceProfileCollection.from_dict(page)
    assert (sum(len(p["profiles"]) for p in listed), listed[0]["total_count"]) == (307, 307)


def test_every_profile_family_of_ibms_docs_is_served(vpc):
    names = {p["name"].split("-")[0] for page in pages(vpc.list_instance_profiles, limit=100)
             for p in page["profiles"]}
    assert names == {"bx2", "bx2d", "bx2a", "bx3d", "bx3dc", "bx4", "bx4d", "cx2", "cx2d", "cx3d", "cx3dc", "cx4",
                     "cx4d", "mx2", "mx2d", "mx3d", "mx4", "mx4d", "vx2d", "vx3d", "ux2d", "ox2", "gx2", "gx3", "gx3d",
                     "gx4d", "nxf", "bxf", "cxf", "mxf", "hx4a", "hx4da", "bz2", "bz2e", "cz2", "cz2e", "mz2", "mz2e"}


def test_a_confidential_computing_profile_shows_its_size_disk_and_modes(vpc):
    profile = vpc.get_instance_profile(name="bx3dc-2x10").get_result()
    vpc_v1.InstanceProfile.from_dict(profile)
    assert (profile["family"], profile["vcpu_count"], profile["memory"], profile["bandwidth"],
            profile["disks"][0]["quantity"], profile["disks"][0]["size"], profile["confidential_compute_modes"],
            profile["secure_boot_modes"]) == (
        "balanced", {"type": "fixed", "value": 2}, {"type": "fixed", "value": 10}, {"type": "fixed", "value": 4000},
        {"type": "fixed", "value": 1}, {"type": "fixed", "value": 65},
        {"type": "enum", "default": "tdx", "values": ["disabled", "sgx", "tdx"]},
        {"type": "enum", "default": False, "values": [False, True]})


def test_a_gpu_profile_shows_its_gpus_and_its_cluster_network(vpc):
    profile = vpc.get_instance_profile(name="gx3d-160x1792x8h100").get_result()
    assert (profile["gpu_count"], profile["gpu_model"], profile["gpu_memory"], profile["gpu_manufacturer"],
            [p["name"] for p in profile["supported_cluster_network_profiles"]], profile["availability_class"]) == (
        {"type": "fixed", "value": 8}, {"type": "enum", "values": ["H100"]}, {"type": "fixed", "value": 80},
        {"type": "enum", "values": ["nvidia"]}, ["hopper-1", "h100"],
        {"type": "enum", "default": "standard", "values": ["spot", "standard"]})


def test_a_second_generation_profile_allots_weighted_volume_bandwidth_only(vpc):
    profile = vpc.get_instance_profile(name="bx2-2x8").get_result()
    assert (profile["volume_bandwidth_qos_modes"], profile["total_volume_bandwidth"],
            profile["network_interface_count"], profile["reservation_terms"]) == (
        {"type": "enum", "default": "weighted", "values": ["weighted"]},
        {"type": "range", "default": 1000, "min": 500, "max": 3500, "step": 1},
        {"type": "range", "min": 1, "max": 5}, {"type": "enum", "values": ["one_year", "three_year"]})


def test_a_flex_profile_runs_on_a_manufacturer_that_depends_on_the_host(vpc):
    profile = vpc.get_instance_profile(name="bxf-2x8").get_result()
    assert (profile["vcpu_manufacturer"], profile["vcpu_percentage"], profile["network_interface_count"]) == (
        {"type": "dependent"}, {"type": "enum", "default": 100, "values": [50, 100]},
        {"type": "range", "min": 1, "max": 1})


def test_an_s390x_profile_has_the_s390x_architecture(vpc):
    profile = vpc.get_instance_profile(name="bz2-2x8").get_result()
    assert (profile["vcpu_architecture"], profile["os_architecture"]["values"], profile["vcpu_manufacturer"]) == (
        {"type": "fixed", "value": "s390x"}, ["s390x"], {"type": "fixed", "value": "ibm"})


def test_an_unknown_profile_is_not_found(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.get_instance_profile(name="zz9-1x1")
    assert raised.value.status_code == 404


# -- volume and share profiles -----------------------------------------------------------------

def test_the_volume_profiles_parse_as_the_sdks_collection(vpc):
    listed = vpc.list_volume_profiles().get_result()
    vpc_v1.VolumeProfileCollection.from_dict(listed)
    assert [p["name"] for p in listed["profiles"]] == ["general-purpose", "5iops-tier", "10iops-tier", "custom", "sdp"]


def test_the_sdp_volume_profile_is_second_generation(vpc):
    profile = vpc.get_volume_profile(name="sdp").get_result()
    assert (profile["family"], profile["storage_generation"], profile["iops"]["max"]) == (
        "defined_performance", {"type": "fixed", "value": 2}, 64000)


def test_the_share_profiles_parse_as_the_sdks_collection(vpc):
    listed = vpc.list_share_profiles().get_result()
    vpc_v1.ShareProfileCollection.from_dict(listed)
    assert [(p["name"], p["availability_modes"]["value"]) for p in listed["profiles"]] == [
        ("dp2", "zonal"), ("rfs", "regional")]


# -- the account's own images ------------------------------------------------------------------

def _file_image(vpc, name="my-image"):
    return vpc.create_image(image_prototype={
        "name": name, "file": {"href": "cos://us-south/images/my.qcow2"},
        "operating_system": {"name": "ubuntu-24-04-amd64"}}).get_result()


def test_a_created_image_is_private_and_in_the_accounts_default_resource_group(vpc):
    image = _file_image(vpc)
    vpc_v1.Image.from_dict(image)
    assert (image["visibility"], image["status"], image["resource_group"]["name"], "remote" in image) == (
        "private", "available", "Default", False)


def test_a_created_image_is_found_by_name(vpc):
    created = _file_image(vpc)
    assert [i["id"] for i in vpc.list_images(name="my-image").get_result()["images"]] == [created["id"]]


def test_an_image_name_beginning_with_ibm_is_refused(vpc):
    with pytest.raises(ApiException) as raised:
        _file_image(vpc, name="ibm-mine")
    assert (raised.value.status_code, raised.value.http_response.json()["errors"][0]["code"]) == (
        400, "image_name_reserved")


def test_an_image_name_the_account_has_already_is_a_conflict(vpc):
    _file_image(vpc)
    with pytest.raises(ApiException) as raised:
        _file_image(vpc)
    assert raised.value.http_response.json()["errors"][0]["code"] == "image_name_duplicate"


def test_an_instance_boots_from_the_accounts_own_image(vpc):
    created = _file_image(vpc)
    instance = vpc.create_instance(instance_prototype={
        "name": "vsi", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
        "image": {"id": created["id"]}}).get_result()
    assert instance["image"]["name"] == "my-image"


def test_a_deleted_image_is_gone(vpc):
    created = _file_image(vpc)
    vpc.delete_image(id=created["id"])
    assert vpc.list_images(name="my-image").get_result()["images"] == []


def test_a_stock_image_cannot_be_deleted(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.delete_image(id=CENTOS)
    assert raised.value.status_code == 403


# -- instances from a catalog offering ---------------------------------------------------------

def test_an_instance_from_an_offering_reads_back_the_offerings_version(vpc):
    instance = vpc.create_instance(instance_prototype={
        "name": "vsi", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
        "catalog_offering": {"offering": {"crn": OFFERING}}}).get_result()
    vpc_v1.Instance.from_dict(instance)
    assert instance["catalog_offering"]["version"]["crn"].startswith(
        "crn:v1:bluemix:public:globalcatalog-collection:global:a/123456:7a8b9c:version:0e1f2a3b/")


def test_an_instance_from_an_offering_version_keeps_that_version(vpc):
    instance = vpc.create_instance(instance_prototype={
        "name": "vsi", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
        "catalog_offering": {"version": {"crn": VERSION}}}).get_result()
    assert instance["catalog_offering"] == {"version": {"crn": VERSION}}


def test_an_offering_the_catalogue_has_no_image_for_boots_the_default_image(vpc):
    instance = vpc.create_instance(instance_prototype={
        "name": "vsi", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
        "catalog_offering": {"version": {"crn": VERSION}}}).get_result()
    boot = vpc.get_volume(id=instance["boot_volume_attachment"]["volume"]["id"]).get_result()
    assert (instance["image"]["name"], boot["capacity"]) == ("ibm-ubuntu-24-04-4-minimal-amd64-7", 100)


def test_an_offering_and_a_version_together_are_refused(http):
    answer = http.call("POST", "/instances", {"name": "vsi", "profile": {"name": "bx2-2x8"},
                                              "zone": {"name": "us-south-1"}, "catalog_offering": {
                                                  "offering": {"crn": OFFERING}, "version": {"crn": VERSION}}})
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (400, "catalog_offering_invalid")


# -- instances against the catalogue -----------------------------------------------------------

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


# -- a user catalogue --------------------------------------------------------------------------

USER_CATALOGUE = {
    "operating_systems": {"alpine-3-amd64": {"display_name": "Alpine Linux 3.x (amd64)", "family": "Alpine Linux",
                                             "vendor": "Alpine", "version": "3.x", "architecture": "amd64"}},
    "images": [{"name": "acme-alpine-3-20-amd64-1", "operating_system": "alpine-3-amd64",
                "created_at": "2026-11-01T00:00:00Z", "minimum_provisioned_size": 10},
               {"name": "acme-appliance-2-amd64-1", "operating_system": "alpine-3-amd64",
                "catalog_offering": {"version_crn": VERSION}}],
    "instance_profile_families": {"ax9": {"family": "balanced", "volume_bandwidth_qos_modes": ["weighted"]}},
    "instance_profiles": [{"name": "ax9-2x4", "bandwidth": 2000}],
}


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalogue") / "mine.json"
    path.write_text(json.dumps(USER_CATALOGUE))
    server = start_server(catalogue_path=path, scheduler=False)
    yield server
    server.close()


def test_a_user_catalogue_adds_its_image_to_ibms(extended):
    listed = sdk_client(extended.url).list_images(name="acme-alpine-3-20-amd64-1").get_result()["images"]
    vpc_v1.Image.from_dict(listed[0])
    assert [(i["operating_system"]["display_name"], i["minimum_provisioned_size"]) for i in listed] == [
        ("Alpine Linux 3.x (amd64)", 10)]


def test_a_user_catalogue_adds_its_profile_to_ibms(extended):
    profile = sdk_client(extended.url).get_instance_profile(name="ax9-2x4").get_result()
    vpc_v1.InstanceProfile.from_dict(profile)
    assert (profile["vcpu_count"]["value"], profile["memory"]["value"], profile["bandwidth"]["value"]) == (2, 4, 2000)


def test_an_instance_boots_from_a_user_catalogue_image_with_a_user_catalogue_profile(extended):
    http = Http(extended.url)
    instance = http.call("POST", "/instances", {"name": "vsi", "profile": {"name": "ax9-2x4"},
                                                "zone": {"name": "us-south-1"},
                                                "image": {"id": image_id("us-south", "acme-alpine-3-20-amd64-1")}})
    boot = http.call("GET", f"/volumes/{instance.json()['boot_volume_attachment']['volume']['id']}").json()
    assert (instance.status_code, boot["capacity"]) == (201, 10)


def test_a_catalogue_image_of_an_offering_version_is_catalog_managed(extended):
    image = sdk_client(extended.url).list_images(name="acme-appliance-2-amd64-1").get_result()["images"][0]
    assert image["catalog_offering"] == {"managed": True, "version": {"crn": VERSION}}


def test_an_instance_from_an_offering_boots_the_image_of_that_offering(extended):
    instance = sdk_client(extended.url).create_instance(instance_prototype={
        "name": "appliance", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
        "catalog_offering": {"offering": {"crn": OFFERING}}}).get_result()
    assert (instance["image"]["name"], instance["catalog_offering"]) == (
        "acme-appliance-2-amd64-1", {"version": {"crn": VERSION}})


def test_a_user_catalogue_outlives_a_reset(extended):
    Http(extended.url).session.post(f"{extended.url}/mock/reset").raise_for_status()
    assert sdk_client(extended.url).get_instance_profile(name="ax9-2x4").get_result()["name"] == "ax9-2x4"


def test_a_user_catalogue_profile_needs_its_family():
    with pytest.raises(CatalogueError, match=r"instance_profiles\[0\].name: no instance_profile_families entry "
                                             r"for 'zx1'"):
        check_extension({"instance_profiles": [{"name": "zx1-2x4", "bandwidth": 2000}]})


def test_a_user_catalogue_image_needs_a_known_operating_system():
    with pytest.raises(CatalogueError, match=r"images\[0\].operating_system: no operating system 'plan9'"):
        check_extension({"images": [{"name": "mine", "operating_system": "plan9"}]})


def test_serve_refuses_a_user_catalogue_with_an_unknown_key_in_one_line(tmp_path, capsys):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"images": [{"name": "x", "operating_system": "debian-12-amd64", "colour": 1}]}))
    with pytest.raises(SystemExit) as raised:
        main(["serve", "--in-memory", "--catalogue", str(path)])
    assert str(raised.value.code) == (f"vpcmock: catalogue {path}: images[0]: unknown key 'colour'; expected one of "
                                      "name, operating_system, status, created_at, deprecation_at, obsolescence_at, "
                                      "minimum_provisioned_size, file_size, catalog_offering, seen_in")
