"""COS's resource configuration API (ibm-cos-sdk-config's ResourceConfigurationV1) at
<mock>/cos-config/v1, over the buckets the S3 API made: a bucket's identity and usage, and its
firewall, hard quota, Activity Tracker and Monitoring settings merge-patched under its ETag."""

from __future__ import annotations

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_cos_sdk_config.resource_configuration_v1 import Bucket, ResourceConfigurationV1

from conftest import start_server
from test_cos_s3 import cos_instance, s3_client


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture
def setup(server):
    requests.post(f"{server.url}/mock/reset").raise_for_status()
    instance = cos_instance(server.url)
    s3 = s3_client(server.url, instance["guid"])
    s3.create_bucket(Bucket="configured", CreateBucketConfiguration={"LocationConstraint": "eu-de-standard"})
    config = ResourceConfigurationV1(authenticator=IAMAuthenticator("cos-key", url=server.url))
    config.set_service_url(server.url + "/cos-config/v1")
    return config, s3, instance


def status_of(call, **kwargs) -> int:
    with pytest.raises(ApiException) as caught:
        call(**kwargs)
    return caught.value.status_code


def test_a_bucket_configuration_names_the_bucket_its_instance_and_usage(setup):
    config, s3, instance = setup
    s3.put_object(Bucket="configured", Key="a", Body=b"12345")
    s3.put_object(Bucket="configured", Key="b", Body=b"678")
    read = Bucket.from_dict(config.get_bucket_config(bucket="configured").get_result())
    assert read.name == "configured"
    assert read.crn == (f"crn:v1:bluemix:public:cloud-object-storage:global:a/{instance['account_id']}:"
                        f"{instance['guid']}:bucket:configured")
    assert (read.service_instance_id, read.service_instance_crn) == (instance["guid"], instance["crn"])
    assert (read.object_count, read.bytes_used) == (2, 8)
    assert read.firewall is None and read.hard_quota is None


def test_a_patch_sets_firewall_quota_and_activity_tracking_and_they_read_back(setup):
    config, _, _ = setup
    answer = config.update_bucket_config(bucket="configured", bucket_patch={
        "hard_quota": 1048576, "firewall": {"allowed_ip": ["10.0.0.0/8", "192.168.1.1"]},
        "activity_tracking": {"read_data_events": True, "write_data_events": True, "management_events": True},
        "metrics_monitoring": {"usage_metrics_enabled": True}})
    assert answer.get_status_code() == 200
    read = config.get_bucket_config(bucket="configured").get_result()
    assert read["hard_quota"] == 1048576
    assert read["firewall"] == {"allowed_ip": ["10.0.0.0/8", "192.168.1.1"]}
    assert read["activity_tracking"] == {"read_data_events": True, "write_data_events": True,
                                         "management_events": True}
    assert read["metrics_monitoring"] == {"usage_metrics_enabled": True}


def test_a_patch_merges_into_what_is_set_and_null_removes(setup):
    config, _, _ = setup
    config.update_bucket_config(bucket="configured", bucket_patch={
        "activity_tracking": {"read_data_events": True, "write_data_events": False}})
    config.update_bucket_config(bucket="configured", bucket_patch={"activity_tracking": {"write_data_events": True}})
    assert config.get_bucket_config(bucket="configured").get_result()["activity_tracking"] == {
        "read_data_events": True, "write_data_events": True}
    config.update_bucket_config(bucket="configured", bucket_patch={"activity_tracking": None})
    assert "activity_tracking" not in config.get_bucket_config(bucket="configured").get_result()


def test_a_stale_etag_is_refused_and_the_current_one_accepted(setup):
    config, _, _ = setup
    etag = config.get_bucket_config(bucket="configured").get_headers()["ETag"]
    config.update_bucket_config(bucket="configured", bucket_patch={"hard_quota": 10}, if_match=etag)
    assert status_of(config.update_bucket_config, bucket="configured", bucket_patch={"hard_quota": 20},
                     if_match=etag) == 412
    assert config.get_bucket_config(bucket="configured").get_result()["hard_quota"] == 10


def test_a_firewall_address_that_is_not_one_is_refused(setup):
    config, _, _ = setup
    assert status_of(config.update_bucket_config, bucket="configured",
                     bucket_patch={"firewall": {"allowed_ip": ["not-an-ip"]}}) == 400
    assert "firewall" not in config.get_bucket_config(bucket="configured").get_result()


def test_a_property_the_patch_model_lacks_is_refused(setup):
    config, _, _ = setup
    assert status_of(config.update_bucket_config, bucket="configured", bucket_patch={"name": "other"}) == 400


def test_a_missing_bucket_is_not_found(setup):
    config, _, _ = setup
    assert status_of(config.get_bucket_config, bucket="absent") == 404


def test_a_protection_management_token_applied_is_listed(setup):
    config, _, _ = setup
    config.update_bucket_config(bucket="configured", bucket_patch={
        "protection_management": {"requested_state": "activate", "protection_management_token": "token-1"}})
    managed = config.get_bucket_config(bucket="configured").get_result()["protection_management"]
    assert managed["token_applied_counter"] == "1"
    assert [(e["token_id"], e["shorten_retention_flag"]) for e in managed["token_entries"]] == [("token-1", True)]


def test_vpcmock_env_points_the_provider_and_sdks_at_both_cos_apis(tmp_path):
    import json
    from pathlib import Path

    from vpcmock_provider.environment import exports

    seen = exports("http://127.0.0.1:9999", tmp_path)
    assert seen["IBMCLOUD_COS_ENDPOINT"] == seen["VPCMOCK_COS_URL"] == "http://127.0.0.1:9999/cos"
    assert seen["IBMCLOUD_COS_CONFIG_ENDPOINT"] == seen["VPCMOCK_COS_CONFIG_URL"] == "http://127.0.0.1:9999/cos-config/v1"
    endpoints = json.loads(Path(seen["IBMCLOUD_ENDPOINTS_FILE_PATH"]).read_text())
    # the IBM provider looks COS's endpoint up by bucket location: regions, cross-region and single sites
    for location in ("us-south", "us", "ams03"):
        assert endpoints["IBMCLOUD_COS_ENDPOINT"]["public"][location] == "http://127.0.0.1:9999/cos"
        assert endpoints["IBMCLOUD_COS_CONFIG_ENDPOINT"]["private"][location] == "http://127.0.0.1:9999/cos-config/v1"
