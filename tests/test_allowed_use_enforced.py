"""An instance is made only from an image or a bootable snapshot whose `allowed_use.instance`
holds for it (engine/block_storage/instances.py, allowed_use.py): the expression is evaluated
against the instance's profile (vCPUs, GPUs) and settings (enable_secure_boot,
metadata_service); an instance it does not allow is refused with a 400
`instance_allowed_use_mismatch` naming the image or snapshot, and nothing is made. The SDK's
ImageAllowedUse.instance: "The expression that must be satisfied by the properties of a virtual
server instance provisioned using this image". Through the official SDK against a mock on
loopback."""

from __future__ import annotations

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import Instance

from conftest import UBUNTU, sdk_client

ZONE = "us-south-1"
GPU_PROFILE = "gx3-16x80x1l4"  # one NVIDIA L4
SECURE_BOOT_PROFILE = "bx3d-2x10"  # secure boot modes false and true; bx2 has only false


@pytest.fixture
def vpc(mock):
    """The SDK, and the mock's URL to move its clock (a snapshot is captured over time)."""
    client = sdk_client(mock.url)
    client.mock_url = mock.url
    return client


def error_of(call) -> tuple[int, str, str | None, str | None]:
    """(status, first error code, its target's name and value) of a refused SDK call."""
    with pytest.raises(ApiException) as raised:
        call()
    first = raised.value.http_response.json()["errors"][0]
    target = first.get("target") or {}
    return raised.value.status_code, first["code"], target.get("name"), target.get("value")


def image_allowing(vpc, expression: str, name: str = "custom") -> dict:
    """An account image (POST /images) whose allowed_use.instance is `expression`."""
    return vpc.create_image({"name": name, "file": {"href": "cos://us-south/images/custom.qcow2"},
                             "operating_system": {"name": "ubuntu-24-04-amd64"},
                             "allowed_use": {"instance": expression}}).get_result()


def instance_from(vpc, image: dict, profile: str, name: str = "vm", **extra) -> dict:
    return vpc.create_instance({"name": name, "profile": {"name": profile}, "zone": {"name": ZONE},
                                "image": {"id": image["id"]}, **extra}).get_result()


def snapshot_allowing(vpc, expression: str) -> dict:
    """A bootable snapshot, captured, of an Ubuntu boot volume, whose allowed_use.instance is `expression`."""
    made = vpc.create_instance({"name": "source", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}}).get_result()
    snapshot = vpc.create_snapshot({"name": "snap", "source_volume": {
        "id": made["boot_volume_attachment"]["volume"]["id"]}, "allowed_use": {"instance": expression}}).get_result()
    requests.post(f"{vpc.mock_url}/mock/clock", json={"advance_seconds": 600}).raise_for_status()
    return vpc.get_snapshot(snapshot["id"]).get_result()


def instance_from_snapshot(vpc, snapshot: dict, profile: str, name: str = "restored") -> dict:
    return vpc.create_instance({"name": name, "profile": {"name": profile}, "zone": {"name": ZONE},
                                "boot_volume_attachment": {"volume": {
                                    "name": f"{name}-boot", "profile": {"name": "general-purpose"},
                                    "source_snapshot": {"id": snapshot["id"]}}}}).get_result()


# -- an image's allowed_use ------------------------------------------------------------------------

def test_an_image_asking_for_gpus_refuses_an_instance_of_a_profile_without_any(vpc):
    image = image_allowing(vpc, "gpu.count > 0")
    assert error_of(lambda: instance_from(vpc, image, "bx2-2x8")) == (
        400, "instance_allowed_use_mismatch", "image.id", image["id"])


def test_an_image_asking_for_gpus_accepts_an_instance_of_a_gpu_profile(vpc):
    image = image_allowing(vpc, "gpu.count > 0")
    made = instance_from(vpc, image, GPU_PROFILE)
    Instance.from_dict(made)
    assert (made["image"]["id"], made["profile"]["name"], made["status"]) == (image["id"], GPU_PROFILE, "running")


def test_an_image_asking_for_a_gpu_model_refuses_a_gpu_profile_of_another(vpc):
    image = image_allowing(vpc, "gpu.model == 'H100'")
    assert error_of(lambda: instance_from(vpc, image, GPU_PROFILE)) == (
        400, "instance_allowed_use_mismatch", "image.id", image["id"])


def test_an_image_asking_for_secure_boot_refuses_an_instance_without_it(vpc):
    image = image_allowing(vpc, "enable_secure_boot == true")
    assert error_of(lambda: instance_from(vpc, image, SECURE_BOOT_PROFILE)) == (
        400, "instance_allowed_use_mismatch", "image.id", image["id"])


def test_an_image_asking_for_secure_boot_accepts_an_instance_with_it(vpc):
    image = image_allowing(vpc, "enable_secure_boot == true")
    made = instance_from(vpc, image, SECURE_BOOT_PROFILE, enable_secure_boot=True)
    assert (made["enable_secure_boot"], made["image"]["id"]) == (True, image["id"])


def test_an_image_asking_for_the_metadata_service_refuses_an_instance_without_it(vpc):
    image = image_allowing(vpc, "metadata_service.enabled && metadata_service.protocol == 'https'")
    assert error_of(lambda: instance_from(vpc, image, "bx2-2x8", metadata_service={"enabled": True})) == (
        400, "instance_allowed_use_mismatch", "image.id", image["id"])


def test_an_image_asking_for_the_metadata_service_accepts_an_instance_with_it(vpc):
    image = image_allowing(vpc, "metadata_service.enabled && metadata_service.protocol == 'https'")
    made = instance_from(vpc, image, "bx2-2x8", metadata_service={"enabled": True, "protocol": "https"})
    assert (made["metadata_service"]["enabled"], made["metadata_service"]["protocol"]) == (True, "https")


def test_an_image_asking_for_vcpus_is_evaluated_against_the_profiles_count(vpc):
    image = image_allowing(vpc, "vcpu.count >= 4")
    refused = error_of(lambda: instance_from(vpc, image, "bx2-2x8"))[:2]
    assert (refused, instance_from(vpc, image, "bx2-4x16")["vcpu"]["count"]) == (
        (400, "instance_allowed_use_mismatch"), 4)


def test_an_instance_refused_by_allowed_use_leaves_no_instance_nor_volume(vpc):
    image = image_allowing(vpc, "gpu.count > 0")
    with pytest.raises(ApiException):
        instance_from(vpc, image, "bx2-2x8")
    assert (vpc.list_instances().get_result()["instances"], vpc.list_volumes().get_result()["volumes"]) == ([], [])


def test_an_image_made_from_a_boot_volume_enforces_the_allowed_use_it_inherited(vpc):
    made = vpc.create_instance({"name": "source", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}}).get_result()
    volume_id = made["boot_volume_attachment"]["volume"]["id"]
    image = vpc.create_image({"name": "from-boot", "source_volume": {"id": volume_id},
                              "allowed_use": {"instance": "gpu.count > 0"}}).get_result()
    assert error_of(lambda: instance_from(vpc, image, "bx2-2x8", name="again")) == (
        400, "instance_allowed_use_mismatch", "image.id", image["id"])


def test_a_stock_image_allowing_every_instance_accepts_a_plain_one(vpc):
    made = vpc.create_instance({"name": "vm", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}}).get_result()
    assert made["status"] == "running"


# -- a bootable snapshot's allowed_use -----------------------------------------------------------------

def test_a_snapshot_asking_for_gpus_refuses_an_instance_booting_from_it_without_any(vpc):
    snapshot = snapshot_allowing(vpc, "gpu.count > 0")
    assert error_of(lambda: instance_from_snapshot(vpc, snapshot, "bx2-2x8")) == (
        400, "instance_allowed_use_mismatch", "boot_volume_attachment.volume.source_snapshot.id", snapshot["id"])


def test_a_snapshot_asking_for_gpus_accepts_an_instance_of_a_gpu_profile(vpc):
    snapshot = snapshot_allowing(vpc, "gpu.count > 0")
    made = instance_from_snapshot(vpc, snapshot, GPU_PROFILE)
    boot = vpc.get_volume(made["boot_volume_attachment"]["volume"]["id"]).get_result()
    assert (made["profile"]["name"], boot["source_snapshot"]["id"]) == (GPU_PROFILE, snapshot["id"])


# -- an existing boot volume's allowed_use ----------------------------------------------------------------

def spare_boot_volume(vpc) -> dict:
    """An unattached Ubuntu boot volume: its instance deleted, the volume kept."""
    made = vpc.create_instance({"name": "source", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}, "boot_volume_attachment": {
                                    "volume": {"name": "spare-boot", "profile": {"name": "general-purpose"}},
                                    "delete_volume_on_instance_delete": False}}).get_result()
    vpc.delete_instance(made["id"])
    return vpc.get_volume(made["boot_volume_attachment"]["volume"]["id"]).get_result()


def instance_on_volume(vpc, volume: dict, profile: str, name: str = "on-volume") -> dict:
    return vpc.create_instance({"name": name, "profile": {"name": profile}, "zone": {"name": ZONE},
                                "boot_volume_attachment": {"volume": {"id": volume["id"]}}}).get_result()


def test_an_instance_boots_from_an_existing_unattached_boot_volume(vpc):
    volume = spare_boot_volume(vpc)
    made = instance_on_volume(vpc, volume, "bx2-2x8")
    Instance.from_dict(made)
    attachment = vpc.get_instance_volume_attachment(made["id"], made["boot_volume_attachment"]["id"]).get_result()
    assert (made["boot_volume_attachment"]["volume"]["id"], attachment["delete_volume_on_instance_delete"],
            vpc.get_volume(volume["id"]).get_result()["attachment_state"]) == (volume["id"], False, "attached")


def test_a_boot_volume_asking_for_gpus_refuses_an_instance_booting_from_it_without_any(vpc):
    volume = spare_boot_volume(vpc)
    vpc.update_volume(volume["id"], {"allowed_use": {"instance": "gpu.count > 0"}})
    assert error_of(lambda: instance_on_volume(vpc, volume, "bx2-2x8")) == (
        400, "instance_allowed_use_mismatch", "boot_volume_attachment.volume.id", volume["id"])


def test_a_boot_volume_asking_for_gpus_accepts_an_instance_of_a_gpu_profile(vpc):
    volume = spare_boot_volume(vpc)
    vpc.update_volume(volume["id"], {"allowed_use": {"instance": "gpu.count > 0"}})
    assert instance_on_volume(vpc, volume, GPU_PROFILE)["boot_volume_attachment"]["volume"]["id"] == volume["id"]


def test_a_volume_holding_no_operating_system_cannot_boot_an_instance(vpc):
    data = vpc.create_volume({"name": "data", "profile": {"name": "general-purpose"}, "zone": {"name": ZONE},
                              "capacity": 10}).get_result()
    assert error_of(lambda: instance_on_volume(vpc, data, "bx2-2x8")) == (
        400, "volume_not_bootable", "boot_volume_attachment.volume.id", data["id"])


def test_an_attached_boot_volume_cannot_boot_another_instance(vpc):
    made = vpc.create_instance({"name": "first", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}}).get_result()
    volume = made["boot_volume_attachment"]["volume"]
    assert error_of(lambda: instance_on_volume(vpc, volume, "bx2-2x8")) == (
        409, "volume_in_use", "boot_volume_attachment.volume.id", volume["id"])


def test_an_existing_boot_volume_and_an_image_together_are_refused(vpc):
    volume = spare_boot_volume(vpc)
    assert error_of(lambda: vpc.create_instance({
        "name": "both", "profile": {"name": "bx2-2x8"}, "zone": {"name": ZONE}, "image": {"id": UBUNTU},
        "boot_volume_attachment": {"volume": {"id": volume["id"]}}}).get_result()) == (
        400, "bad_field", "image", None)


# -- reinitializing an instance from a new boot source ---------------------------------------------

def stopped_instance(vpc, profile: str = "bx2-2x8") -> dict:
    made = vpc.create_instance({"name": "again", "profile": {"name": profile}, "zone": {"name": ZONE},
                                "image": {"id": UBUNTU}}).get_result()
    vpc.create_instance_action(made["id"], "stop")
    return made


def test_an_image_asking_for_gpus_refuses_to_reinitialize_an_instance_without_any(vpc):
    made, image = stopped_instance(vpc), image_allowing(vpc, "gpu.count > 0")
    assert error_of(lambda: vpc.create_instance_reinitialization(made["id"], {"image": {"id": image["id"]}})) == (
        400, "instance_allowed_use_mismatch", "image.id", image["id"])


def test_a_refused_reinitialization_keeps_the_boot_volume_the_instance_had(vpc):
    made, image = stopped_instance(vpc), image_allowing(vpc, "gpu.count > 0")
    with pytest.raises(ApiException):
        vpc.create_instance_reinitialization(made["id"], {"image": {"id": image["id"]}})
    boot = vpc.get_instance(made["id"]).get_result()["boot_volume_attachment"]["volume"]["id"]
    assert boot == made["boot_volume_attachment"]["volume"]["id"]


def test_an_image_asking_for_gpus_reinitializes_an_instance_of_a_gpu_profile(vpc):
    made, image = stopped_instance(vpc, GPU_PROFILE), image_allowing(vpc, "gpu.count > 0")
    vpc.create_instance_reinitialization(made["id"], {"image": {"id": image["id"]}})
    assert vpc.get_instance(made["id"]).get_result()["image"]["id"] == image["id"]
