"""ibm_cos_bucket through COS's S3 and resource configuration APIs with the real Terraform: a
bucket of a Resource Controller instance of cloud-object-storage, its configuration (quota,
firewall, Activity Tracker and Monitoring settings, versioning, lifecycle and retention rules)
applied and planned clean, seen by ibm_boto3 and the config SDK; a bucket made with ibm_boto3
imported by the IBM provider's id to an empty plan; destroy leaves no bucket."""

from __future__ import annotations

import ibm_boto3
from ibm_botocore.client import Config
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_cos_sdk_config.resource_configuration_v1 import ResourceConfigurationV1

from test_terraform import blank, mock_server, terraform, write_config  # noqa: F401  (fixtures)
from test_cos_s3 import cos_instance

BUCKETS = '''
provider "ibm" {}

resource "ibm_resource_instance" "cos" {
  name     = "backup-archive"
  service  = "cloud-object-storage"
  plan     = "standard"
  location = "global"
}

resource "ibm_cos_bucket" "logs" {
  bucket_name          = "tf-logs"
  resource_instance_id = ibm_resource_instance.cos.id
  region_location      = "eu-de"
  storage_class        = "smart"
  hard_quota           = 1073741824
  allowed_ip           = ["10.0.0.0/8", "192.168.0.1"]
  activity_tracking {
    read_data_events  = true
    write_data_events = true
    management_events = true
  }
  metrics_monitoring {
    usage_metrics_enabled   = true
    request_metrics_enabled = true
  }
  object_versioning {
    enable = true
  }
  expire_rule {
    rule_id = "expire-old"
    enable  = true
    days    = 30
    prefix  = "logs/"
  }
}

resource "ibm_cos_bucket" "vault" {
  bucket_name           = "tf-vault"
  resource_instance_id  = ibm_resource_instance.cos.id
  cross_region_location = "us"
  storage_class         = "standard"
  archive_rule {
    rule_id = "to-glacier"
    enable  = true
    days    = 90
    type    = "GLACIER"
  }
  retention_rule {
    default   = 1
    maximum   = 10
    minimum   = 1
    permanent = false
  }
}

data "ibm_cos_bucket" "logs" {
  bucket_name          = ibm_cos_bucket.logs.bucket_name
  resource_instance_id = ibm_resource_instance.cos.id
  bucket_type          = "region_location"
  bucket_region        = "eu-de"
}

resource "ibm_cos_bucket_object" "readme" {
  bucket_crn      = ibm_cos_bucket.logs.crn
  bucket_location = ibm_cos_bucket.logs.region_location
  key             = "docs/readme.txt"
  content         = "hello from terraform"
}

resource "ibm_cos_bucket_website_configuration" "site" {
  bucket_crn      = ibm_cos_bucket.vault.crn
  bucket_location = ibm_cos_bucket.vault.cross_region_location
  website_configuration {
    index_document {
      suffix = "index.html"
    }
    error_document {
      key = "error.html"
    }
    routing_rule {
      condition {
        key_prefix_equals = "docs/"
      }
      redirect {
        replace_key_prefix_with = "documents/"
      }
    }
  }
}

resource "ibm_cos_bucket" "media" {
  bucket_name          = "tf-media"
  resource_instance_id = ibm_resource_instance.cos.id
  region_location      = "us-south"
  storage_class        = "standard"
  object_versioning {
    enable = true
  }
}

resource "ibm_cos_bucket_replication_rule" "logs_to_media" {
  bucket_crn      = ibm_cos_bucket.logs.crn
  bucket_location = ibm_cos_bucket.logs.region_location
  replication_rule {
    rule_id                         = "copy-all"
    enable                          = true
    priority                        = 1
    deletemarker_replication_status = false
    destination_bucket_crn          = ibm_cos_bucket.media.crn
  }
}

resource "ibm_cos_bucket_object_lock_configuration" "media" {
  bucket_crn      = ibm_cos_bucket.media.crn
  bucket_location = ibm_cos_bucket.media.region_location
  object_lock_configuration {
    object_lock_enabled = "Enabled"
    object_lock_rule {
      default_retention {
        mode = "COMPLIANCE"
        days = 6
      }
    }
  }
}

resource "ibm_cos_bucket_lifecycle_configuration" "media" {
  bucket_crn      = ibm_cos_bucket.media.crn
  bucket_location = ibm_cos_bucket.media.region_location
  lifecycle_rule {
    rule_id = "expire-tmp"
    status  = "enable"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 7
    }
  }
  lifecycle_rule {
    rule_id = "archive-big"
    status  = "disable"
    filter {
      object_size_greater_than = 1048576
    }
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
  }
}

resource "ibm_cos_bucket_object" "evidence" {
  depends_on                    = [ibm_cos_bucket_object_lock_configuration.media]
  bucket_crn                    = ibm_cos_bucket.media.crn
  bucket_location               = ibm_cos_bucket.media.region_location
  key                           = "evidence.json"
  content_base64                = base64encode("sealed evidence")
  object_lock_mode              = "GOVERNANCE"
  object_lock_retain_until_date = "2099-01-01T00:00:00Z"
  bypass_governance_retention   = true
}

output "logs_quota" {
  value = data.ibm_cos_bucket.logs.hard_quota
}
'''


def sdk(url: str, instance_guid: str):
    return ibm_boto3.client("s3", ibm_api_key_id="cos-key", ibm_service_instance_id=instance_guid,
                            ibm_auth_endpoint=url + "/identity/token", config=Config(signature_version="oauth"),
                            endpoint_url=url + "/cos")


def test_buckets_apply_plan_clean_are_seen_by_the_sdks_and_go_with_destroy(blank, mock_server):  # noqa: F811
    write_config(blank, BUCKETS)
    blank.run("init")
    blank.run("apply", "-auto-approve")
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    shown = {r["address"]: r["values"] for r in blank.resources()}
    logs, instance = shown["ibm_cos_bucket.logs"], shown["ibm_resource_instance.cos"]
    assert logs["id"] == f"{instance['id'].replace('::', '')}:bucket:tf-logs:meta:rl:eu-de:public"
    assert logs["s3_endpoint_public"] == "s3.eu-de.cloud-object-storage.appdomain.cloud"
    assert blank.outputs()["logs_quota"] == 1073741824
    url = mock_server.url
    s3 = sdk(url, instance["guid"])
    listed = s3.list_buckets_extended()["Buckets"]
    assert [(b["Name"], b["LocationConstraint"]) for b in listed] == [
        ("tf-logs", "eu-de-smart"), ("tf-media", "us-south-standard"), ("tf-vault", "us-standard")]
    assert s3.get_bucket_versioning(Bucket="tf-logs")["Status"] == "Enabled"
    assert s3.get_bucket_lifecycle_configuration(Bucket="tf-logs")["Rules"] == [{
        "ID": "expire-old", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 30}}]
    assert s3.get_bucket_lifecycle_configuration(Bucket="tf-vault")["Rules"][0]["Transitions"] == [
        {"Days": 90, "StorageClass": "GLACIER"}]
    config = ResourceConfigurationV1(authenticator=IAMAuthenticator("cos-key", url=url))
    config.set_service_url(url + "/cos-config/v1")
    read = config.get_bucket_config(bucket="tf-logs").get_result()
    assert read["hard_quota"] == 1073741824
    assert read["firewall"] == {"allowed_ip": ["10.0.0.0/8", "192.168.0.1"]}
    assert read["activity_tracking"] == {"read_data_events": True, "write_data_events": True,
                                         "management_events": True}
    website = s3.get_bucket_website(Bucket="tf-vault")
    assert (website["IndexDocument"], website["ErrorDocument"]) == ({"Suffix": "index.html"}, {"Key": "error.html"})
    assert website["RoutingRules"] == [{"Condition": {"KeyPrefixEquals": "docs/"},
                                        "Redirect": {"ReplaceKeyPrefixWith": "documents/"}}]
    assert shown["ibm_cos_bucket_website_configuration.site"]["website_endpoint"] == \
        "https://tf-vault.s3-web.us.cloud-object-storage.appdomain.cloud"
    assert s3.get_bucket_lifecycle_configuration(Bucket="tf-media")["Rules"] == [
        {"ID": "expire-tmp", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "Expiration": {"Days": 7}},
        {"ID": "archive-big", "Filter": {"ObjectSizeGreaterThan": 1048576}, "Status": "Disabled",
         "Transitions": [{"Days": 30, "StorageClass": "GLACIER"}]}]
    replication = s3.get_bucket_replication(Bucket="tf-logs")["ReplicationConfiguration"]["Rules"]
    assert replication == [{"ID": "copy-all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
                            "DeleteMarkerReplication": {"Status": "Disabled"},
                            "Destination": {"Bucket": shown["ibm_cos_bucket.media"]["crn"]}}]
    lock = s3.get_object_lock_configuration(Bucket="tf-media")["ObjectLockConfiguration"]
    assert lock == {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 6}}}
    retention = s3.get_object_retention(Bucket="tf-media", Key="evidence.json")["Retention"]
    assert (retention["Mode"], retention["RetainUntilDate"].year) == ("GOVERNANCE", 2099)
    assert s3.get_object(Bucket="tf-media", Key="evidence.json")["Body"].read() == b"sealed evidence"
    readme = shown["ibm_cos_bucket_object.readme"]
    assert readme["id"] == f"{logs['crn']}:object:docs/readme.txt:location:eu-de"
    got = s3.get_object(Bucket="tf-logs", Key="docs/readme.txt")
    assert (got["Body"].read(), got["ETag"].strip('"')) == (b"hello from terraform", readme["etag"])
    assert (readme["content_length"], readme["content_type"]) == (20, "binary/octet-stream")
    s3.put_object(Bucket="tf-logs", Key="logs/today.log", Body=b"kept until destroy")
    blank.run("destroy", "-auto-approve")
    # force_delete (true by default) emptied tf-logs first; the instance went too, so ask without it
    hmac = ibm_boto3.client("s3", aws_access_key_id="cos-key", aws_secret_access_key="-", endpoint_url=url + "/cos",
                            region_name="us-south")
    assert hmac.list_buckets()["Buckets"] == []


IMPORTED = '''
provider "ibm" {}

resource "ibm_cos_bucket" "made_by_sdk" {
  bucket_name          = "sdk-made"
  resource_instance_id = "%s"
  single_site_location = "ams03"
  storage_class        = "cold"
  hard_quota           = 4096
}

data "ibm_cos_bucket_object" "notes" {
  bucket_crn      = ibm_cos_bucket.made_by_sdk.crn
  bucket_location = "ams03"
  key             = "notes.txt"
}

output "notes" {
  value = data.ibm_cos_bucket_object.notes.body
}
'''


def test_a_bucket_made_with_the_sdk_is_imported_to_an_empty_plan(blank, mock_server):  # noqa: F811
    url = mock_server.url
    instance = cos_instance(url)
    s3 = sdk(url, instance["guid"])
    s3.create_bucket(Bucket="sdk-made", CreateBucketConfiguration={"LocationConstraint": "ams03-cold"})
    config = ResourceConfigurationV1(authenticator=IAMAuthenticator("cos-key", url=url))
    config.set_service_url(url + "/cos-config/v1")
    config.update_bucket_config(bucket="sdk-made", bucket_patch={"hard_quota": 4096})
    s3.put_object(Bucket="sdk-made", Key="notes.txt", Body=b"read by terraform", ContentType="text/plain")
    write_config(blank, IMPORTED % instance["id"])
    blank.run("init")
    ident = f"{instance['id'].replace('::', '')}:bucket:sdk-made:meta:ssl:ams03:public"
    blank.run("import", "ibm_cos_bucket.made_by_sdk", ident)
    assert blank.run("plan", "-detailed-exitcode").returncode == 0
    shown = {r["address"]: r["values"] for r in blank.resources()}["ibm_cos_bucket.made_by_sdk"]
    assert (shown["storage_class"], shown["hard_quota"], shown["single_site_location"]) == ("cold", 4096, "ams03")
    blank.run("apply", "-auto-approve")  # the data source reads a text object's body
    assert blank.outputs()["notes"] == "read by terraform"
