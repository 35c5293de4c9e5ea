"""What a boot volume, its snapshots and the volumes restored from them inherit from the image
(operating_system, allowed_use), the instance profiles each is compatible with, a volume's
bandwidth, and allowed_use set and changed on volumes and snapshots (engine/block_storage/
volumes.py, snapshots.py, allowed_use.py; images.compatible_instance_profiles). Through the
official SDK against a mock on loopback; the SDK sends version 2026-10-06, the mock's clock runs."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import Snapshot, Volume, VolumeInstanceProfileCollection

from conftest import UBUNTU, api_error, sdk_client, start_server
from test_terraform import mock_server, terraform, write_config  # noqa: F401  (fixtures)
from vpcmock.catalog import BUILTIN
from vpcmock.images import image_id
from vpcmock_provider.client import API_VERSION

ZONE = "us-south-1"
UBUNTU_ALLOWED_USE = {"api_version": "2025-11-04", "bare_metal_server": "true", "instance": "true"}
S390X = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-s390x-2")
GPU_PROFILES = sorted(name for name, spec in BUILTIN.profiles.items() if spec.get("gpu"))


@pytest.fixture
def vpc(mock):
    """The SDK, and the mock's URL to move its clock (snapshots are captured over time)."""
    client = sdk_client(mock.url)
    client.mock_url = mock.url
    return client


def error_of(call) -> tuple[int, str]:
    with pytest.raises(ApiException) as raised:
        call()
    return api_error(raised.value)


def boot_volume(vpc, name: str = "vsi", image: str = UBUNTU, profile: str = "bx2-2x8", **volume) -> dict:
    instance = vpc.create_instance({
        "name": name, "profile": {"name": profile}, "zone": {"name": ZONE}, "image": {"id": image},
        "boot_volume_attachment": {"volume": {"name": f"{name}-boot", "profile": {"name": "sdp"}, **volume}},
    }).get_result()
    return vpc.get_volume(instance["boot_volume_attachment"]["volume"]["id"]).get_result()


def snapshot_of(vpc, volume: dict, name: str = "snap", **extra) -> dict:
    """A snapshot of `volume`, captured (the clock moved past its capture)."""
    made = vpc.create_snapshot({"name": name, "source_volume": {"id": volume["id"]}, **extra}).get_result()
    requests.post(f"{vpc.mock_url}/mock/clock", json={"advance_seconds": 600}).raise_for_status()
    return vpc.get_snapshot(made["id"]).get_result()


def restored(vpc, snapshot: dict, name: str = "restored", **extra) -> dict:
    return vpc.create_volume({"name": name, "profile": {"name": "sdp"}, "zone": {"name": ZONE},
                              "source_snapshot": {"id": snapshot["id"]}, **extra}).get_result()


def data_volume(vpc, name: str = "data", **extra) -> dict:
    return vpc.create_volume({"name": name, "profile": {"name": "sdp"}, "zone": {"name": ZONE}, "capacity": 10,
                              **extra}).get_result()


def detached_boot_volume(vpc) -> dict:
    """A boot volume of the image, unattached: restored from a snapshot of an instance's."""
    return restored(vpc, snapshot_of(vpc, boot_volume(vpc)), name="spare-boot")


def profile_names(listed: dict) -> list[str]:
    return [p["name"] for p in listed["instance_profiles"]]


def all_pages(call, ident: str) -> list[str]:
    names, start = [], None
    while True:
        page = call(ident, start=start, limit=100).get_result()
        names += profile_names(page)
        if "next" not in page:
            return names
        start = page["next"]["href"].split("start=")[1].split("&")[0]


# -- (1) inherited from the image ------------------------------------------------------------------

def test_a_boot_volume_made_from_an_image_has_the_images_operating_system_and_allowed_use(vpc):
    volume = boot_volume(vpc)
    Volume.from_dict(volume)
    image = vpc.get_image(UBUNTU).get_result()
    assert (volume["operating_system"]["name"], volume["operating_system"]["architecture"],
            volume["operating_system"] == image["operating_system"], volume["allowed_use"]) == (
        "ubuntu-24-04-amd64", "amd64", True, UBUNTU_ALLOWED_USE)


def test_a_snapshot_of_a_boot_volume_is_bootable_with_its_operating_system_and_allowed_use(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc))
    Snapshot.from_dict(snapshot)
    assert (snapshot["bootable"], snapshot["operating_system"]["name"], snapshot["allowed_use"]) == (
        True, "ubuntu-24-04-amd64", UBUNTU_ALLOWED_USE)


def test_a_volume_restored_from_a_bootable_snapshot_has_its_operating_system_and_allowed_use(vpc):
    volume = restored(vpc, snapshot_of(vpc, boot_volume(vpc)))
    assert (volume["operating_system"]["name"], volume["allowed_use"]) == ("ubuntu-24-04-amd64", UBUNTU_ALLOWED_USE)


def test_a_snapshot_of_a_restored_boot_volume_is_bootable_though_the_volume_is_unattached(vpc):
    volume = detached_boot_volume(vpc)
    snapshot = snapshot_of(vpc, volume, name="again")
    assert (volume["attachment_state"], snapshot["bootable"], snapshot["allowed_use"]) == (
        "unattached", True, UBUNTU_ALLOWED_USE)


def test_a_data_volume_and_its_snapshot_have_no_operating_system_nor_allowed_use(vpc):
    volume = data_volume(vpc)
    snapshot = snapshot_of(vpc, volume)
    assert ({"operating_system", "allowed_use"} & (set(volume) | set(snapshot)), snapshot["bootable"]) == (set(), False)


def test_volumes_are_listed_by_the_family_and_architecture_of_their_operating_system(vpc):
    amd64, s390x = boot_volume(vpc), boot_volume(vpc, name="z", image=S390X, profile="bz2-2x8")
    data_volume(vpc)

    def listed(**filters):
        return [v["name"] for v in vpc.list_volumes(**filters).get_result()["volumes"]]
    assert (listed(operating_system_architecture="s390x"), sorted(listed(operating_system_family="Ubuntu Linux")),
            sorted(listed())) == (
        [s390x["name"]], sorted([amd64["name"], s390x["name"]]), sorted([amd64["name"], s390x["name"], "data"]))


def test_an_instance_reinitialized_from_an_image_boots_a_volume_of_that_images_operating_system(vpc):
    made = vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}}).get_result()
    vpc.create_instance_action(made["id"], "stop")
    debian = image_id("us-south", "ibm-debian-13-6-minimal-amd64-1")
    vpc.create_instance_reinitialization(made["id"], {"image": {"id": debian}})
    boot = vpc.get_instance(made["id"]).get_result()["boot_volume_attachment"]["volume"]
    assert vpc.get_volume(boot["id"]).get_result()["operating_system"]["name"] == "debian-13-amd64"


def test_a_boot_volume_given_allowed_use_takes_it_instead_of_the_images(vpc):
    volume = boot_volume(vpc, allowed_use={"instance": "enable_secure_boot == false"})
    assert volume["allowed_use"] == {"api_version": "2026-10-06", "bare_metal_server": "true",
                                     "instance": "enable_secure_boot == false"}


def test_an_image_made_from_a_boot_volume_inherits_its_allowed_use(vpc):
    volume = detached_boot_volume(vpc)
    vpc.update_volume(volume["id"], {"allowed_use": {"instance": "gpu.count == 0"}})
    image = vpc.create_image({"name": "from-boot", "source_volume": {"id": volume["id"]}}).get_result()
    assert image["allowed_use"] == {**UBUNTU_ALLOWED_USE, "instance": "gpu.count == 0"}


# -- (2) the instance profiles an image, volume or snapshot fits -----------------------------------

def test_an_amd64_image_lists_every_amd64_instance_profile_by_name(vpc):
    amd64 = sorted(name for name in BUILTIN.profiles if BUILTIN.families[BUILTIN.profile_class(name)]
                   .get("architecture", "amd64") == "amd64")
    assert (all_pages(vpc.list_image_instance_profiles, UBUNTU), len(amd64)) == (amd64, 281)


def test_an_s390x_image_lists_only_the_s390x_profiles(vpc):
    names = all_pages(vpc.list_image_instance_profiles, S390X)
    assert ({name.split("-")[0] for name in names}, len(names)) == ({"bz2", "bz2e", "cz2", "cz2e", "mz2", "mz2e"}, 26)


def test_a_boot_volume_lists_the_profiles_of_its_operating_system(vpc):
    volume = boot_volume(vpc, image=S390X, profile="bz2-2x8")
    listed = vpc.list_volume_instance_profiles(volume["id"], limit=100).get_result()
    VolumeInstanceProfileCollection.from_dict(listed)
    assert profile_names(listed) == all_pages(vpc.list_image_instance_profiles, S390X)


def test_a_snapshot_whose_allowed_use_asks_for_gpus_lists_only_the_gpu_profiles(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc), allowed_use={"instance": "gpu.count > 0"})
    assert profile_names(vpc.list_snapshot_instance_profiles(snapshot["id"], limit=100).get_result()) == GPU_PROFILES


def test_an_expression_on_secure_boot_and_vcpus_keeps_the_profiles_that_can_satisfy_it(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc),
                           allowed_use={"instance": "vcpu.count >= 200 && enable_secure_boot == true"})
    # bx2a-228x912, gx4d-232x3840x8b300 and ux2d-200x5600 have as many vCPUs but no secure boot
    assert profile_names(vpc.list_snapshot_instance_profiles(snapshot["id"]).get_result()) == [
        "hx4da-248x1408", "hx4da-248x680"]


def test_an_expression_with_a_list_and_arithmetic_is_evaluated_against_each_profile(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc), allowed_use={
        "instance": "gpu.model in ['H100', \"H200\"] && gpu.count * 2 >= 16 && !(vcpu.count % 2 == 1) "
                    "&& -vcpu.count < -150"})
    assert profile_names(vpc.list_snapshot_instance_profiles(snapshot["id"]).get_result()) == [
        "gx3d-160x1792x8h100", "gx3d-160x1792x8h200"]


ESXI_CATALOGUE = {
    "operating_systems": {"esxi-8-amd64": {"display_name": "VMware ESXi 8 (amd64)", "family": "VMware ESXi",
                                           "vendor": "VMware", "version": "8", "architecture": "amd64",
                                           "user_data_format": "esxi_kickstart"}},
    "images": [{"name": "acme-esxi-8-amd64-1", "operating_system": "esxi-8-amd64"}],
}


@pytest.fixture(scope="module")
def esxi_mock(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalogue") / "esxi.json"
    path.write_text(json.dumps(ESXI_CATALOGUE))
    server = start_server(catalogue_path=path, scheduler=False)
    yield server
    server.close()


def test_an_image_whose_user_data_is_an_esxi_kickstart_boots_no_instance_profile_but_bare_metal(esxi_mock):
    """ESXi runs on bare metal servers: its kickstart format is none an instance boots (images.py)."""
    vpc = sdk_client(esxi_mock.url)
    esxi = image_id("us-south", "acme-esxi-8-amd64-1")
    assert (vpc.list_image_instance_profiles(esxi).get_result()["instance_profiles"],
            len(vpc.list_image_bare_metal_server_profiles(esxi, limit=100).get_result()["bare_metal_server_profiles"])
            ) == ([], 31)


def test_a_volume_with_no_operating_system_cannot_list_instance_profiles(vpc):
    assert error_of(lambda: vpc.list_volume_instance_profiles(data_volume(vpc)["id"])) == (400, "volume_not_bootable")


def test_a_snapshot_that_is_not_bootable_cannot_list_instance_profiles(vpc):
    snapshot = snapshot_of(vpc, data_volume(vpc))
    assert error_of(lambda: vpc.list_snapshot_instance_profiles(snapshot["id"])) == (400, "snapshot_not_bootable")


def test_the_instance_profiles_of_a_volume_that_does_not_exist_are_not_found(vpc):
    assert error_of(lambda: vpc.list_volume_instance_profiles("r006-nope")) == (404, "volume_not_found")


# -- (3) bandwidth -----------------------------------------------------------------------------------

def test_an_sdp_volume_takes_the_bandwidth_it_is_given(vpc):
    assert data_volume(vpc, bandwidth=2000)["bandwidth"] == 2000


def test_a_first_generation_profile_refuses_a_bandwidth(vpc):
    assert error_of(lambda: data_volume(vpc, profile={"name": "general-purpose"}, bandwidth=2000)) == (
        400, "volume_bandwidth_not_adjustable")


def test_a_bandwidth_outside_the_profiles_range_is_refused(vpc):
    assert error_of(lambda: data_volume(vpc, bandwidth=9000)) == (400, "volume_bandwidth_invalid")


def test_a_volumes_bandwidth_changes_by_patch(vpc):
    volume = data_volume(vpc, bandwidth=2000)
    assert vpc.update_volume(volume["id"], {"bandwidth": 4096}).get_result()["bandwidth"] == 4096


def test_a_refused_bandwidth_patch_leaves_the_volume_unchanged(vpc):
    volume = data_volume(vpc, bandwidth=2000)
    assert (error_of(lambda: vpc.update_volume(volume["id"], {"bandwidth": 999})),
            vpc.get_volume(volume["id"]).get_result()["bandwidth"]) == ((400, "volume_bandwidth_invalid"), 2000)


# -- (3) allowed_use given and changed ---------------------------------------------------------------

def test_a_restored_volume_given_allowed_use_defaults_the_rest_to_true_and_the_request_version(vpc):
    volume = restored(vpc, snapshot_of(vpc, boot_volume(vpc)), allowed_use={"instance": "gpu.count == 0"})
    assert volume["allowed_use"] == {"api_version": "2026-10-06", "bare_metal_server": "true",
                                     "instance": "gpu.count == 0"}


def test_a_volume_by_capacity_refuses_allowed_use(vpc):
    assert error_of(lambda: data_volume(vpc, allowed_use={"instance": "true"})) == (
        400, "volume_allowed_use_not_bootable")


@pytest.mark.parametrize("expression", ["gpu.count > 'x'", "size(gpu.model) > 0", "colour == 'red'", "gpu.count",
                                        "enable_secure_boot == true &&", "enable_secure_boot < false"])
def test_an_expression_that_is_not_a_boolean_over_the_sdks_variables_is_refused(vpc, expression):
    snapshot = snapshot_of(vpc, boot_volume(vpc))
    assert error_of(lambda: restored(vpc, snapshot, allowed_use={"instance": expression})) == (
        400, "allowed_use_expression_invalid")


def test_a_bare_metal_expression_may_only_name_secure_boot(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc))
    assert error_of(lambda: restored(vpc, snapshot, allowed_use={"bare_metal_server": "vcpu.count > 2"})) == (
        400, "allowed_use_expression_invalid")


@pytest.mark.parametrize("version", ["2018-12-31", "2999-01-01", "2024-02-30"])
def test_an_api_version_outside_2019_to_today_is_refused(vpc, version):
    snapshot = snapshot_of(vpc, boot_volume(vpc))
    assert error_of(lambda: restored(vpc, snapshot, allowed_use={"api_version": version})) == (
        400, "allowed_use_api_version_invalid")


def test_patching_an_unattached_boot_volumes_allowed_use_changes_only_what_it_names(vpc):
    volume = detached_boot_volume(vpc)
    patched = vpc.update_volume(volume["id"], {"allowed_use": {"instance": "vcpu.count > 2"}}).get_result()
    assert patched["allowed_use"] == {**UBUNTU_ALLOWED_USE, "instance": "vcpu.count > 2"}


def test_an_attached_boot_volumes_allowed_use_cannot_change(vpc):
    volume = boot_volume(vpc)
    assert (error_of(lambda: vpc.update_volume(volume["id"], {"allowed_use": {"instance": "false"}})),
            vpc.get_volume(volume["id"]).get_result()["allowed_use"]) == ((409, "volume_attached"), UBUNTU_ALLOWED_USE)


def test_a_data_volumes_allowed_use_cannot_be_patched(vpc):
    volume = data_volume(vpc)
    assert error_of(lambda: vpc.update_volume(volume["id"], {"allowed_use": {"instance": "true"}})) == (
        400, "volume_not_bootable")


def test_a_snapshot_given_allowed_use_takes_it_instead_of_its_volumes(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc), allowed_use={"bare_metal_server": "enable_secure_boot == true",
                                                              "api_version": "2024-08-01"})
    assert snapshot["allowed_use"] == {"api_version": "2024-08-01", "bare_metal_server": "enable_secure_boot == true",
                                       "instance": "true"}


def test_a_snapshot_of_a_data_volume_refuses_allowed_use(vpc):
    assert error_of(lambda: snapshot_of(vpc, data_volume(vpc), allowed_use={"instance": "true"})) == (
        400, "snapshot_not_bootable")


def test_patching_a_bootable_snapshots_allowed_use_changes_only_what_it_names(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc))
    patched = vpc.update_snapshot(snapshot["id"], {"allowed_use": {"api_version": "2025-01-15"}}).get_result()
    assert patched["allowed_use"] == {**UBUNTU_ALLOWED_USE, "api_version": "2025-01-15"}


def test_a_snapshot_that_is_not_bootable_refuses_an_allowed_use_patch(vpc):
    snapshot = snapshot_of(vpc, data_volume(vpc))
    assert error_of(lambda: vpc.update_snapshot(snapshot["id"], {"allowed_use": {"instance": "true"}})) == (
        400, "snapshot_not_bootable")


def test_a_volume_restored_from_a_snapshot_inherits_the_snapshots_patched_allowed_use(vpc):
    snapshot = snapshot_of(vpc, boot_volume(vpc))
    vpc.update_snapshot(snapshot["id"], {"allowed_use": {"instance": "gpu.count > 0"}})
    assert restored(vpc, snapshot)["allowed_use"] == {**UBUNTU_ALLOWED_USE, "instance": "gpu.count > 0"}


# -- (4) Terraform -------------------------------------------------------------------------------------

RESTORED_BOOT_VOLUME = '''
data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "net" {
  name = "inherit-vpc"
}

resource "ibm_is_subnet" "net" {
  name                     = "inherit-subnet"
  vpc                      = ibm_is_vpc.net.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 16
}

resource "ibm_is_instance" "i" {
  name    = "inherit-vsi"
  profile = "bx2-2x8"
  zone    = "us-south-1"
  vpc     = ibm_is_vpc.net.id
  image   = data.ibm_is_image.ubuntu.id
  primary_network_interface {
    subnet = ibm_is_subnet.net.id
  }
  boot_volume {
    profile = "sdp"
  }
}

resource "ibm_is_snapshot" "boot" {
  name          = "inherit-boot"
  source_volume = ibm_is_instance.i.boot_volume[0].volume_id
  allowed_use {
    instance = "gpu.count == 0"
  }
}

resource "ibm_is_volume" "restored" {
  name            = "inherit-restored"
  profile         = "sdp"
  zone            = "us-south-1"
  source_snapshot = ibm_is_snapshot.boot.id
  bandwidth       = 2000
  allowed_use {
    instance    = "vcpu.count >= 2"
    api_version = "2025-06-30"
  }
}
'''


@pytest.fixture
def fast_clock(terraform):
    """The module's mock clock moved a minute every tenth of a second while a test runs: the
    100 GB boot volume's snapshot, which the provider waits for, is captured in two seconds."""
    stop = threading.Event()

    def tick():
        while not stop.wait(0.1):
            requests.post(f"{terraform.mock.url}/mock/clock", json={"advance_seconds": 60})

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    yield
    stop.set()
    ticker.join()


def test_terraform_restores_a_boot_volume_with_bandwidth_and_allowed_use_then_plans_no_changes(
        terraform, fast_clock):
    tf = terraform(None)
    write_config(tf, RESTORED_BOOT_VOLUME)
    tf.run("init")
    tf.run("apply", "-auto-approve")
    values = tf.values()
    volume, snapshot = values["ibm_is_volume.restored"], values["ibm_is_snapshot.boot"]
    api = sdk_client(terraform.mock.url, tf.env["IC_API_KEY"])
    answered = api.get_volume(volume["id"]).get_result()
    assert ((volume["bandwidth"], volume["allowed_use"], volume["operating_system"][0]["name"]),
            (answered["bandwidth"], answered["allowed_use"]),
            (snapshot["bootable"], snapshot["operating_system"], snapshot["allowed_use"])) == (
        (2000, [{"api_version": "2025-06-30", "bare_metal_server": "true", "instance": "vcpu.count >= 2"}],
         "ubuntu-24-04-amd64"),
        (2000, {"api_version": "2025-06-30", "bare_metal_server": "true", "instance": "vcpu.count >= 2"}),
        (True, "ubuntu-24-04-amd64",
         [{"api_version": API_VERSION, "bare_metal_server": "true", "instance": "gpu.count == 0"}]))
    assert tf.run("plan", "-detailed-exitcode").returncode == 0
    tf.run("destroy", "-auto-approve")
