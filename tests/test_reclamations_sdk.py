"""Resource Controller's reclamations through the official ibm-platform-services SDK on a real
server: a deleted resource instance is kept on a SCHEDULED reclamation for 7 days, restored or
reclaimed by an action (engine/platform/reclamations.py); answers parsed by the SDK's models."""

from datetime import datetime, timedelta

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import ResourceControllerV2
from ibm_platform_services.resource_controller_v2 import Reclamation, ReclamationsList

from conftest import start_server
from vpcmock.engine.generic import service
from vpcmock.engine.platform import resource_catalogue


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def rc(server):
    sdk = ResourceControllerV2(authenticator=IAMAuthenticator("reclaim-key", url=server.url))
    sdk.set_service_url(service.sdk_url(server.url, "resource_controller"))
    return sdk


@pytest.fixture
def deleted(rc):
    """A resource instance just deleted, and its reclamation."""
    instance = rc.create_resource_instance(name="kms", target="us-south",
                                           resource_group=_default_group(rc),
                                           resource_plan_id=resource_catalogue.plan_named("kms", "tiered-pricing").id
                                           ).get_result()
    rc.delete_resource_instance(id=instance["id"])
    found = rc.list_reclamations(resource_instance_id=instance["guid"]).get_result()["resources"]
    return instance, found[0]


def _default_group(rc) -> str:
    from ibm_platform_services import ResourceManagerV2
    manager = ResourceManagerV2(authenticator=rc.authenticator)
    manager.set_service_url(rc.service_url.removesuffix("/resource-controller"))
    return manager.list_resource_groups(default=True).get_result()["resources"][0]["id"]


def failure(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    return caught.value


def test_a_deleted_instance_is_gone_and_scheduled_for_reclamation_in_7_days(rc, deleted):
    instance, found = deleted
    reclamation = Reclamation.from_dict(found)
    assert (reclamation.state, reclamation.resource_instance_id, reclamation.entity_crn, reclamation.entity_id) == (
        "SCHEDULED", instance["guid"], instance["crn"], instance["guid"])
    target = datetime.fromisoformat(reclamation.target_time.replace("Z", "+00:00"))
    assert target - reclamation.created_at == timedelta(days=7)
    assert failure(lambda: rc.get_resource_instance(id=instance["id"])).status_code == 404


def test_a_reclaimed_instance_is_gone_for_good(rc, deleted):
    instance, found = deleted
    done = Reclamation.from_dict(rc.run_reclamation_action(id=found["id"], action_name="reclaim",
                                                           comment="cleanup").get_result())
    assert (done.id, done.state) == (found["id"], "RECLAIMING")
    listed = ReclamationsList.from_dict(rc.list_reclamations(resource_instance_id=instance["guid"]).get_result())
    assert listed.resources == []
    again = failure(lambda: rc.run_reclamation_action(id=found["id"], action_name="restore"))
    assert again.status_code == 404


def test_a_restored_instance_is_back_and_active(rc, deleted):
    instance, found = deleted
    assert rc.run_reclamation_action(id=found["id"], action_name="restore").get_result()["state"] == "RESTORING"
    back = rc.get_resource_instance(id=instance["id"]).get_result()
    assert (back["guid"], back["state"]) == (instance["guid"], "active")
    rc.delete_resource_instance(id=instance["id"])


def test_an_unknown_reclamation_action_is_refused(rc, deleted):
    _, found = deleted
    assert failure(lambda: rc.run_reclamation_action(id=found["id"], action_name="shred")).status_code == 400


def test_a_reclamation_past_its_7_days_is_reclaimed(server, rc, deleted):
    import requests
    instance, found = deleted
    requests.post(f"{server.url}/mock/clock", json={"advance_seconds": 7 * 86400 + 1}).raise_for_status()
    assert rc.list_reclamations(resource_instance_id=instance["guid"]).get_result()["resources"] == []
    assert failure(lambda: rc.run_reclamation_action(id=found["id"], action_name="restore")).status_code == 404
