"""Cloud Object Storage's S3 API at <mock>/cos through ibm_boto3 (ibm-cos-sdk), authenticated
as ibm_boto3 authenticates with an API key (an IAM token fetched from the mock's
/identity/token) or with HMAC keys: buckets in their locations for a Resource Controller
instance of COS, objects written, read, ranged, copied, listed page by page and deleted,
multipart uploads, bucket configurations kept as given, and S3's errors in S3's XML shape."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import ibm_boto3
import pytest
import requests
from ibm_botocore.client import Config
from ibm_botocore.exceptions import ClientError
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import ResourceControllerV2, ResourceManagerV2

from conftest import start_server
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic import service
from vpcmock.engine.platform.cos import objects
from vpcmock.errors import ApiError

COS_STANDARD_PLAN = "744bfc56-d12c-4866-88d5-dac9139e0e5d"
NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


def cos_instance(url: str, api_key: str = "cos-key") -> dict:
    """A Resource Controller instance of Cloud Object Storage, made through the served API."""
    auth = IAMAuthenticator(api_key, url=url)
    manager = ResourceManagerV2(authenticator=auth)
    manager.set_service_url(url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]["id"]
    rc = ResourceControllerV2(authenticator=auth)
    rc.set_service_url(service.sdk_url(url, "resource_controller"))
    return rc.create_resource_instance(name="cos", target="global", resource_group=group,
                                      resource_plan_id=COS_STANDARD_PLAN).get_result()


def s3_client(url: str, instance_guid: str, api_key: str = "cos-key"):
    return ibm_boto3.client("s3", ibm_api_key_id=api_key, ibm_service_instance_id=instance_guid,
                            ibm_auth_endpoint=url + "/identity/token", config=Config(signature_version="oauth"),
                            endpoint_url=url + "/cos")


@pytest.fixture
def instance(server):
    requests.post(f"{server.url}/mock/reset").raise_for_status()
    return cos_instance(server.url)


@pytest.fixture
def s3(server, instance):
    return s3_client(server.url, instance["guid"])


@pytest.fixture
def bucket(s3):
    s3.create_bucket(Bucket="backups", CreateBucketConfiguration={"LocationConstraint": "us-south-standard"})
    return "backups"


def error_of(call, *args, **kwargs) -> tuple[int, str]:
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"]


# -- buckets -----------------------------------------------------------------------------------

def test_a_bucket_is_created_in_its_location_and_listed(s3, bucket, server):
    listed = s3.list_buckets()
    assert [b["Name"] for b in listed["Buckets"]] == ["backups"]
    assert s3.get_bucket_location(Bucket="backups")["LocationConstraint"] == "us-south-standard"
    assert s3.head_bucket(Bucket="backups")["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_the_extended_listing_gives_each_buckets_location_and_pages_by_name(s3):
    for name, where in (("alpha", "eu-de-smart"), ("beta", "us-south-standard"), ("gamma", "us-cold")):
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": where})
    first = s3.list_buckets_extended(MaxKeys=2)
    assert [(b["Name"], b["LocationConstraint"]) for b in first["Buckets"]] == [("alpha", "eu-de-smart"),
                                                                                 ("beta", "us-south-standard")]
    assert first["IsTruncated"] is True
    rest = s3.list_buckets_extended(Marker=first["NextMarker"])
    assert [b["Name"] for b in rest["Buckets"]] == ["gamma"] and rest["IsTruncated"] is False


def test_a_bucket_name_already_owned_is_a_conflict(s3, bucket):
    assert error_of(s3.create_bucket, Bucket="backups") == (409, "BucketAlreadyOwnedByYou")


def test_another_accounts_bucket_name_is_not_available(server, bucket):
    other = s3_client(server.url, cos_instance(server.url)["guid"], api_key="cos-key")
    # one account in an unconfigured mock: the name is the caller's own; a configured mock with two
    # accounts answers BucketAlreadyExists (engine/platform/cos/buckets.py)
    assert error_of(other.create_bucket, Bucket="backups")[0] == 409


def test_an_invalid_bucket_name_is_refused(s3):
    assert error_of(s3.create_bucket, Bucket="Upper_Case") == (400, "InvalidBucketName")


def test_an_unknown_location_constraint_is_refused(s3):
    assert error_of(s3.create_bucket, Bucket="nowhere",
                    CreateBucketConfiguration={"LocationConstraint": "mars-standard"}) == (400,
                                                                                           "InvalidLocationConstraint")


def test_a_bucket_for_a_service_instance_the_account_lacks_is_refused(server, instance):
    stranger = s3_client(server.url, "00000000-0000-0000-0000-000000000000")
    assert error_of(stranger.create_bucket, Bucket="orphan") == (400, "InvalidArgument")


def test_a_bucket_holding_objects_is_not_deleted_until_emptied(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"1")
    assert error_of(s3.delete_bucket, Bucket=bucket) == (409, "BucketNotEmpty")
    s3.delete_object(Bucket=bucket, Key="a")
    assert s3.delete_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(s3.head_bucket, Bucket=bucket) == (404, "404")
    assert s3.list_buckets()["Buckets"] == []


def test_errors_have_s3s_xml_shape(server, s3):
    token = requests.post(f"{server.url}/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "cos-key"}).json()["access_token"]
    answer = requests.get(f"{server.url}/cos/missing?list-type=2", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 404
    root = ET.fromstring(answer.content)
    assert root.tag == "Error"
    assert root.find("Code").text == "NoSuchBucket"
    assert root.find("Message").text == "The specified bucket does not exist."
    assert root.find("Resource").text == "/missing"
    assert len(root.find("RequestId").text) == 16


def test_a_request_without_credentials_is_denied(server, instance):
    answer = requests.get(f"{server.url}/cos")
    assert answer.status_code == 403
    assert ET.fromstring(answer.content).find("Code").text == "AccessDenied"


def test_hmac_credentials_are_accepted_without_checking_the_signature(server, instance):
    hmac = ibm_boto3.client("s3", aws_access_key_id="cos-key", aws_secret_access_key="anything",
                            endpoint_url=server.url + "/cos", region_name="us-south")
    hmac.create_bucket(Bucket="signed", CreateBucketConfiguration={"LocationConstraint": "us-south-standard"})
    hmac.put_object(Bucket="signed", Key="k", Body=b"hmac")
    assert hmac.get_object(Bucket="signed", Key="k")["Body"].read() == b"hmac"


# -- objects -----------------------------------------------------------------------------------

def test_an_object_is_read_back_with_its_md5_etag_type_and_metadata(server, s3, bucket):
    requests.post(f"{server.url}/mock/clock", json={"to": "2027-01-02T03:04:05Z"}).raise_for_status()
    put = s3.put_object(Bucket=bucket, Key="dir/report.txt", Body=b"hello world", ContentType="text/plain",
                        Metadata={"owner": "ops"}, CacheControl="max-age=60")
    assert put["ETag"] == f'"{hashlib.md5(b"hello world").hexdigest()}"'
    got = s3.get_object(Bucket=bucket, Key="dir/report.txt")
    assert got["Body"].read() == b"hello world"
    assert (got["ContentType"], got["ContentLength"], got["Metadata"], got["CacheControl"]) == (
        "text/plain", 11, {"owner": "ops"}, "max-age=60")
    assert got["LastModified"] == datetime(2027, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    head = s3.head_object(Bucket=bucket, Key="dir/report.txt")
    assert (head["ETag"], head["ContentLength"]) == (put["ETag"], 11)


def test_a_range_reads_part_of_an_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    part = s3.get_object(Bucket=bucket, Key="digits", Range="bytes=2-5")
    assert part["Body"].read() == b"2345"
    assert (part["ResponseMetadata"]["HTTPStatusCode"], part["ContentRange"]) == (206, "bytes 2-5/10")
    assert s3.get_object(Bucket=bucket, Key="digits", Range="bytes=-3")["Body"].read() == b"789"
    assert s3.get_object(Bucket=bucket, Key="digits", Range="bytes=7-")["Body"].read() == b"789"
    assert error_of(s3.get_object, Bucket=bucket, Key="digits", Range="bytes=10-12") == (416, "InvalidRange")


def test_if_none_match_on_the_current_etag_answers_not_modified(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"v")["ETag"]
    assert error_of(s3.get_object, Bucket=bucket, Key="k", IfNoneMatch=etag) == (304, "304")
    assert error_of(s3.get_object, Bucket=bucket, Key="k", IfMatch='"other"') == (412, "PreconditionFailed")


def test_a_missing_key_is_no_such_key(s3, bucket):
    assert error_of(s3.get_object, Bucket=bucket, Key="nothing") == (404, "NoSuchKey")
    assert error_of(s3.head_object, Bucket=bucket, Key="nothing") == (404, "404")


def test_a_missing_bucket_is_no_such_bucket(s3):
    assert error_of(s3.put_object, Bucket="absent", Key="k", Body=b"") == (404, "NoSuchBucket")


def test_a_body_not_matching_its_content_md5_is_a_bad_digest(s3, bucket):
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"abc",
                    ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==") == (400, "BadDigest")


def test_an_object_over_the_mocks_limit_is_entity_too_large(s3, bucket):
    assert error_of(s3.put_object, Bucket=bucket, Key="big",
                    Body=b"x" * (objects.MAX_OBJECT_BYTES + 1)) == (400, "EntityTooLarge")
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_objects_are_deleted_one_and_many(s3, bucket):
    for key in ("a", "b", "c", "d"):
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    s3.delete_object(Bucket=bucket, Key="a")
    s3.delete_object(Bucket=bucket, Key="never-there")  # S3 answers a missing key's delete as done
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "b"}, {"Key": "c"}]})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["b", "c"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["d"]


def test_an_object_is_copied_with_its_metadata_or_given_new(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", ContentType="text/csv", Metadata={"a": "1"})
    copied = s3.copy_object(Bucket=bucket, Key="same", CopySource={"Bucket": bucket, "Key": "src"})
    assert copied["CopyObjectResult"]["ETag"] == f'"{hashlib.md5(b"payload").hexdigest()}"'
    same = s3.head_object(Bucket=bucket, Key="same")
    assert (same["ContentType"], same["Metadata"]) == ("text/csv", {"a": "1"})
    s3.copy_object(Bucket=bucket, Key="new", CopySource=f"{bucket}/src", MetadataDirective="REPLACE",
                   Metadata={"b": "2"}, ContentType="text/plain")
    new = s3.get_object(Bucket=bucket, Key="new")
    assert (new["Body"].read(), new["ContentType"], new["Metadata"]) == (b"payload", "text/plain", {"b": "2"})
    assert error_of(s3.copy_object, Bucket=bucket, Key="src",
                    CopySource={"Bucket": bucket, "Key": "src"}) == (400, "InvalidRequest")


# -- listing -----------------------------------------------------------------------------------

KEYS = ["a.txt", "logs/2026/01.log", "logs/2026/02.log", "logs/2027/01.log", "z.txt"]


@pytest.fixture
def filled(s3, bucket):
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return bucket


def test_list_objects_v2_pages_with_continuation_tokens(s3, filled):
    first = s3.list_objects_v2(Bucket=filled, MaxKeys=2)
    assert [o["Key"] for o in first["Contents"]] == KEYS[:2]
    assert (first["IsTruncated"], first["KeyCount"], first["MaxKeys"]) == (True, 2, 2)
    second = s3.list_objects_v2(Bucket=filled, MaxKeys=2, ContinuationToken=first["NextContinuationToken"])
    assert [o["Key"] for o in second["Contents"]] == KEYS[2:4]
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=filled, PaginationConfig={"PageSize": 2})
    assert [o["Key"] for page in pages for o in page["Contents"]] == KEYS


def test_a_prefix_and_delimiter_roll_keys_into_common_prefixes(s3, filled):
    top = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["a.txt", "z.txt"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["logs/"]
    years = s3.list_objects_v2(Bucket=filled, Prefix="logs/", Delimiter="/")
    assert "Contents" not in years
    assert [p["Prefix"] for p in years["CommonPrefixes"]] == ["logs/2026/", "logs/2027/"]


def test_a_common_prefix_counts_once_against_max_keys_across_pages(s3, filled):
    pages = s3.get_paginator("list_objects").paginate(Bucket=filled, Delimiter="/",
                                                      PaginationConfig={"PageSize": 1})
    entries = [(o.get("Key") or o.get("Prefix")) for page in pages
               for o in page.get("Contents", []) + page.get("CommonPrefixes", [])]
    assert entries == ["a.txt", "logs/", "z.txt"]


def test_list_objects_v1_pages_with_markers(s3, filled):
    first = s3.list_objects(Bucket=filled, MaxKeys=3)
    assert [o["Key"] for o in first["Contents"]] == KEYS[:3] and first["IsTruncated"] is True
    rest = s3.list_objects(Bucket=filled, Marker=KEYS[2])
    assert [o["Key"] for o in rest["Contents"]] == KEYS[3:] and rest["IsTruncated"] is False


def test_keys_with_spaces_and_plus_list_back_unchanged(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a b+c/ü.txt", Body=b"x")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["a b+c/ü.txt"]
    assert s3.get_object(Bucket=bucket, Key="a b+c/ü.txt")["Body"].read() == b"x"


def test_a_negative_max_keys_is_invalid(server, s3, bucket):
    token = requests.post(f"{server.url}/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "cos-key"}).json()["access_token"]
    answer = requests.get(f"{server.url}/cos/{bucket}?max-keys=-1", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 400
    assert ET.fromstring(answer.content).find("Code").text == "InvalidArgument"


# -- multipart ---------------------------------------------------------------------------------

def test_a_multipart_upload_completes_into_one_object(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big.bin", ContentType="application/x-tar")
    first, second = b"a" * (5 * MIB), b"tail"
    e1 = s3.upload_part(Bucket=bucket, Key="big.bin", UploadId=upload["UploadId"], PartNumber=1, Body=first)["ETag"]
    e2 = s3.upload_part(Bucket=bucket, Key="big.bin", UploadId=upload["UploadId"], PartNumber=2, Body=second)["ETag"]
    listed = s3.list_parts(Bucket=bucket, Key="big.bin", UploadId=upload["UploadId"])
    assert [(p["PartNumber"], p["Size"]) for p in listed["Parts"]] == [(1, 5 * MIB), (2, 4)]
    done = s3.complete_multipart_upload(Bucket=bucket, Key="big.bin", UploadId=upload["UploadId"], MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    digest = hashlib.md5(hashlib.md5(first).digest() + hashlib.md5(second).digest()).hexdigest()
    assert done["ETag"] == f'"{digest}-2"'
    got = s3.get_object(Bucket=bucket, Key="big.bin")
    assert got["Body"].read() == first + second and got["ContentType"] == "application/x-tar"
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_a_small_part_before_the_last_is_entity_too_small(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    etags = [s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=n, Body=b"x")["ETag"] for n in (1, 2)]
    assert error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": etags[0]}, {"PartNumber": 2, "ETag": etags[1]}]}) == (400, "EntityTooSmall")


def test_an_aborted_upload_is_gone(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [upload]
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload)
    assert error_of(s3.list_parts, Bucket=bucket, Key="k", UploadId=upload) == (404, "NoSuchUpload")


# -- bucket configurations ---------------------------------------------------------------------

def test_a_lifecycle_configuration_is_kept_and_removed(s3, bucket):
    assert error_of(s3.get_bucket_lifecycle_configuration, Bucket=bucket) == (404, "NoSuchLifecycleConfiguration")
    rules = [{"ID": "expire-logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 30}}]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"] == rules
    s3.delete_bucket_lifecycle(Bucket=bucket)
    assert error_of(s3.get_bucket_lifecycle_configuration, Bucket=bucket) == (404, "NoSuchLifecycleConfiguration")


def test_a_lifecycle_rule_with_an_unknown_status_is_malformed(s3, bucket):
    assert error_of(s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "r", "Status": "On", "Filter": {"Prefix": ""}, "Expiration": {"Days": 1}}]}) == (400, "MalformedXML")


def test_cors_website_and_public_access_block_are_kept_as_given(s3, bucket):
    cors = [{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://example.com"], "MaxAgeSeconds": 300}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": cors})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == cors
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    assert s3.get_bucket_website(Bucket=bucket)["IndexDocument"] == {"Suffix": "index.html"}
    block = {"BlockPublicAcls": True, "IgnorePublicAcls": False}
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=block)
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == block


def test_a_cors_rule_with_an_unknown_method_is_invalid(s3, bucket):
    assert error_of(s3.put_bucket_cors, Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedMethods": ["PATCH"], "AllowedOrigins": ["*"]}]}) == (400, "InvalidArgument")


def test_versioning_is_off_until_enabled_and_object_lock_needs_it(s3, bucket):
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    lock = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1}}}
    assert error_of(s3.put_object_lock_configuration, Bucket=bucket,
                    ObjectLockConfiguration=lock) == (409, "InvalidBucketState")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=lock)
    assert s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"] == lock


# -- the engine entry point and durability -----------------------------------------------------

def test_put_object_of_the_engine_writes_an_object_the_sdk_reads(server, s3, bucket, instance):
    rt = server.runtime
    c = Ctx(rt.store, instance["account_id"], rt.settings.default_region, rt.clock.now(), rt.agenda)
    with rt.store.transaction():
        written = objects.put_object(c, bucket, "events/1.json", b'{"a":1}', "application/json")
    body = b'{"a":1}'
    assert written["etag"] == f'"{hashlib.md5(body).hexdigest()}"' and written["size"] == 7
    got = s3.get_object(Bucket=bucket, Key="events/1.json")
    assert (got["Body"].read(), got["ContentType"]) == (b'{"a":1}', "application/json")
    assert objects.find_bucket(c, bucket)["name"] == bucket and objects.find_bucket(c, "absent") is None
    with pytest.raises(ApiError) as caught, rt.store.transaction():
        objects.put_object(c, "absent", "k", b"")
    assert (caught.value.status, caught.value.code) == (404, "NoSuchBucket")


def test_buckets_and_objects_survive_a_restart(tmp_path):
    state = tmp_path / "state.json"
    first = start_server(state_path=str(state), scheduler=False)
    try:
        guid = cos_instance(first.url)["guid"]
        s3 = s3_client(first.url, guid)
        s3.create_bucket(Bucket="kept")
        s3.put_object(Bucket="kept", Key="k", Body=b"\x00\xffbinary")
    finally:
        first.close()
    second = start_server(state_path=str(state), scheduler=False)
    try:
        s3 = s3_client(second.url, guid)
        assert s3.get_object(Bucket="kept", Key="k")["Body"].read() == b"\x00\xffbinary"
        assert s3.get_bucket_location(Bucket="kept")["LocationConstraint"] == "us-south-standard"
    finally:
        second.close()


def test_each_object_is_listed_as_its_only_version(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"1")
    s3.put_object(Bucket=bucket, Key="a", Body=b"22")  # replaced: the mock keeps no older version
    s3.put_object(Bucket=bucket, Key="b", Body=b"3")
    listed = s3.list_object_versions(Bucket=bucket)
    assert [(v["Key"], v["VersionId"], v["IsLatest"], v["Size"]) for v in listed["Versions"]] == [
        ("a", "null", True, 2), ("b", "null", True, 1)]
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": v["Key"], "VersionId": v["VersionId"]}
                                                         for v in listed["Versions"]]})
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_a_continuation_token_the_mock_did_not_give_is_invalid(s3, bucket):
    assert error_of(s3.list_objects_v2, Bucket=bucket, ContinuationToken="!!!") == (400, "InvalidArgument")


def replication_to(destination: str) -> dict:
    return {"Role": "", "Rules": [{"ID": "r", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
                                   "DeleteMarkerReplication": {"Status": "Disabled"},
                                   "Destination": {"Bucket": destination}}]}


def test_replication_needs_an_existing_versioned_destination(s3, bucket, instance):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    crn = f"crn:v1:bluemix:public:cloud-object-storage:global:a/{instance['account_id']}:{instance['guid']}:bucket:"
    assert error_of(s3.put_bucket_replication, Bucket=bucket,
                    ReplicationConfiguration=replication_to(crn + "absent")) == (400, "InvalidArgument")
    s3.create_bucket(Bucket="copies")
    assert error_of(s3.put_bucket_replication, Bucket=bucket,
                    ReplicationConfiguration=replication_to(crn + "copies")) == (409, "InvalidBucketState")
    s3.put_bucket_versioning(Bucket="copies", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(Bucket=bucket, ReplicationConfiguration=replication_to(crn + "copies"))
    rules = s3.get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]["Rules"]
    assert rules[0]["Destination"] == {"Bucket": crn + "copies"}


def test_a_bucket_created_with_object_lock_has_versioning_that_cannot_be_suspended(s3):
    s3.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
    assert s3.get_bucket_versioning(Bucket="locked")["Status"] == "Enabled"
    assert s3.get_object_lock_configuration(Bucket="locked")["ObjectLockConfiguration"] == {"ObjectLockEnabled": "Enabled"}
    assert error_of(s3.put_bucket_versioning, Bucket="locked",
                    VersioningConfiguration={"Status": "Suspended"}) == (409, "InvalidBucketState")


def test_a_presigned_url_reads_the_object_without_a_header(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="shared.txt", Body=b"for anyone with the link")
    hmac = ibm_boto3.client("s3", aws_access_key_id="cos-key", aws_secret_access_key="-",
                            endpoint_url=server.url + "/cos", region_name="us-south",
                            config=Config(signature_version="s3v4"))
    url = hmac.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "shared.txt"}, ExpiresIn=60)
    answer = requests.get(url)
    assert (answer.status_code, answer.content) == (200, b"for anyone with the link")


def test_an_iam_token_caller_must_name_the_service_instance_of_a_new_bucket(server, instance):
    unnamed = ibm_boto3.client("s3", ibm_api_key_id="cos-key", ibm_auth_endpoint=server.url + "/identity/token",
                               config=Config(signature_version="oauth"), endpoint_url=server.url + "/cos")
    with pytest.raises(ClientError) as refused:
        unnamed.create_bucket(Bucket="unbilled")
    error = refused.value.response["Error"]
    assert (refused.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Code"], error["Message"]) == (
        400, "InvalidArgument", "Creating a bucket with an IAM token requires the ibm-service-instance-id header.")
    assert unnamed.list_buckets()["Buckets"] == []


def test_a_bucket_made_with_an_hmac_key_and_no_instance_belongs_to_the_account_alone(server, s3, instance):
    hmac = ibm_boto3.client("s3", aws_access_key_id="0123456789abcdef", aws_secret_access_key="secret",
                            endpoint_url=server.url + "/cos")
    hmac.create_bucket(Bucket="unbilled")
    assert [b["Name"] for b in hmac.list_buckets()["Buckets"]] == ["unbilled"]
    # listed per instance when the request names one
    assert s3.list_buckets(IBMServiceInstanceId=instance["guid"])["Buckets"] == []


@pytest.fixture
def locked_bucket(s3):
    s3.create_bucket(Bucket="vault", ObjectLockEnabledForBucket=True)
    s3.put_object(Bucket="vault", Key="evidence", Body=b"keep me")
    return "vault"


def mock_now(server) -> datetime:
    now = requests.get(f"{server.url}/mock/clock").json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def advance(server, days: int) -> None:
    requests.post(f"{server.url}/mock/clock", json={"advance_seconds": days * 86400}).raise_for_status()


def test_a_retained_object_cannot_be_deleted_or_overwritten_until_its_date(server, s3, locked_bucket):
    until = mock_now(server).replace(microsecond=0) + timedelta(days=9)
    s3.put_object_retention(Bucket=locked_bucket, Key="evidence", Retention={"Mode": "COMPLIANCE",
                                                                             "RetainUntilDate": until})
    assert s3.get_object_retention(Bucket=locked_bucket, Key="evidence")["Retention"] == {
        "Mode": "COMPLIANCE", "RetainUntilDate": until}
    assert s3.head_object(Bucket=locked_bucket, Key="evidence")["ObjectLockMode"] == "COMPLIANCE"
    assert error_of(s3.delete_object, Bucket=locked_bucket, Key="evidence") == (403, "AccessDenied")
    assert error_of(s3.put_object, Bucket=locked_bucket, Key="evidence", Body=b"x") == (403, "AccessDenied")
    shorter = {"Mode": "COMPLIANCE", "RetainUntilDate": until - timedelta(days=4)}
    assert error_of(s3.put_object_retention, Bucket=locked_bucket, Key="evidence",
                    Retention=shorter) == (403, "AccessDenied")
    deleted = s3.delete_objects(Bucket=locked_bucket, Delete={"Objects": [{"Key": "evidence"}]})
    assert [(e["Key"], e["Code"]) for e in deleted["Errors"]] == [("evidence", "AccessDenied")]
    advance(server, 10)
    s3.delete_object(Bucket=locked_bucket, Key="evidence")
    assert s3.list_objects_v2(Bucket=locked_bucket)["KeyCount"] == 0


def test_a_governance_retention_gives_way_to_a_bypass(server, s3, locked_bucket):
    s3.put_object_retention(Bucket=locked_bucket, Key="evidence", Retention={
        "Mode": "GOVERNANCE", "RetainUntilDate": mock_now(server) + timedelta(days=30)})
    assert error_of(s3.delete_object, Bucket=locked_bucket, Key="evidence") == (403, "AccessDenied")
    s3.delete_object(Bucket=locked_bucket, Key="evidence", BypassGovernanceRetention=True)
    assert s3.list_objects_v2(Bucket=locked_bucket)["KeyCount"] == 0


def test_a_legal_hold_keeps_an_object_until_released(s3, locked_bucket):
    s3.put_object_legal_hold(Bucket=locked_bucket, Key="evidence", LegalHold={"Status": "ON"})
    assert s3.get_object_legal_hold(Bucket=locked_bucket, Key="evidence")["LegalHold"] == {"Status": "ON"}
    assert error_of(s3.delete_object, Bucket=locked_bucket, Key="evidence") == (403, "AccessDenied")
    s3.put_object_legal_hold(Bucket=locked_bucket, Key="evidence", LegalHold={"Status": "OFF"})
    s3.delete_object(Bucket=locked_bucket, Key="evidence")


def test_object_lock_settings_need_a_bucket_with_object_lock(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    assert error_of(s3.put_object_legal_hold, Bucket=bucket, Key="k",
                    LegalHold={"Status": "ON"}) == (400, "InvalidRequest")
    assert error_of(s3.get_object_retention, Bucket=bucket, Key="k") == (404, "NoSuchObjectLockConfiguration")


def test_a_subresource_the_mock_does_not_serve_is_not_implemented_rather_than_misread(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    assert error_of(s3.delete_bucket_policy, Bucket=bucket) == (501, "NotImplemented")
    assert error_of(s3.get_object_acl, Bucket=bucket, Key="k") == (501, "NotImplemented")
