"""The data sources of the types moved from /stored_resources to their APIs read what Terraform
made through those APIs, with the arguments, list attribute and filters of the IBM provider's
data source read (resources/platform/api_data_more.py): CBR zone addresses; DNS Services' global
load balancers, pools and monitors; the IAM access policies of an access group, a service ID and
a trusted profile, and a service ID group; Transit Gateway's prefix filters and route reports;
a VPC image's export jobs, reservations and VPN servers. One configuration, the real Terraform."""

from __future__ import annotations

import pytest

from terraform_support import applied, managed
from test_terraform import mock_server  # noqa: F401  (fixtures)

_SECRETS = "crn:v1:bluemix:public:secrets-manager:us-south:a/a1b2c3d4e5f60718293a4b5c6d7e8f90:" \
           "aaaaaaaa-0000-4000-8000-000000000001:secret:"
CERTIFICATE = _SECRETS + "bbbbbbbb-0000-4000-8000-000000000002"
CLIENT_CA = _SECRETS + "bbbbbbbb-0000-4000-8000-000000000003"

CONFIG = '''
provider "ibm" {}

data "ibm_iam_account_settings" "account" {}

resource "ibm_cbr_zone" "office" {
  name       = "office"
  account_id = data.ibm_iam_account_settings.account.account_id
  addresses {
    type  = "ipAddress"
    value = "169.23.56.234"
  }
}

resource "ibm_cbr_zone_addresses" "vpn" {
  zone_id = ibm_cbr_zone.office.id
  addresses {
    type  = "subnet"
    value = "10.10.0.0/16"
  }
}

resource "ibm_resource_instance" "dns" {
  name     = "data-dns"
  service  = "dns-svcs"
  plan     = "standard-dns"
  location = "global"
}

resource "ibm_dns_zone" "internal" {
  instance_id = ibm_resource_instance.dns.guid
  name        = "data.internal"
}

resource "ibm_dns_glb_monitor" "http" {
  instance_id    = ibm_resource_instance.dns.guid
  name           = "data-http"
  type           = "HTTP"
  port           = 8080
  path           = "/health"
  method         = "GET"
  expected_codes = "200"
}

resource "ibm_dns_glb_pool" "web" {
  instance_id               = ibm_resource_instance.dns.guid
  name                      = "data-web"
  enabled                   = true
  healthy_origins_threshold = 1
  monitor                   = ibm_dns_glb_monitor.http.monitor_id
  healthcheck_region        = "us-south"
  origins {
    name    = "web-1"
    address = "10.10.10.8"
    enabled = true
  }
}

resource "ibm_dns_glb" "web" {
  instance_id   = ibm_resource_instance.dns.guid
  zone_id       = ibm_dns_zone.internal.zone_id
  name          = "web"
  ttl           = 120
  fallback_pool = ibm_dns_glb_pool.web.pool_id
  default_pools = [ibm_dns_glb_pool.web.pool_id]
}

resource "ibm_iam_access_group" "operators" {
  name = "data-operators"
}

resource "ibm_iam_access_group_policy" "operators" {
  access_group_id = ibm_iam_access_group.operators.id
  roles           = ["Operator", "Viewer"]
  description     = "operate the backups"
  resources {
    service       = "is"
    resource_type = "backup-policy"
  }
}

resource "ibm_iam_service_id" "backup" {
  name = "data-automation"
}

resource "ibm_iam_service_policy" "backup" {
  iam_service_id = ibm_iam_service_id.backup.id
  roles          = ["Viewer"]
  resources {
    service = "is"
  }
}

resource "ibm_iam_trusted_profile" "ci" {
  name = "data-ci"
}

resource "ibm_iam_trusted_profile_policy" "ci" {
  profile_id         = ibm_iam_trusted_profile.ci.id
  roles              = ["Viewer"]
  account_management = true
}

resource "ibm_iam_serviceid_group" "backup" {
  account_id  = ibm_iam_service_id.backup.account_id
  name        = "data-service-ids"
  description = "the service IDs of the backups"
}

resource "ibm_is_vpc" "vpc" {
  name = "data-vpc"
}

resource "ibm_is_subnet" "subnet" {
  name                     = "data-subnet"
  vpc                      = ibm_is_vpc.vpc.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}

resource "ibm_tg_gateway" "hub" {
  name     = "data-hub"
  location = "us-south"
  global   = false
}

resource "ibm_tg_connection" "vpc" {
  gateway      = ibm_tg_gateway.hub.id
  network_type = "vpc"
  name         = "data-vpc"
  network_id   = ibm_is_vpc.vpc.crn
}

resource "ibm_tg_connection_prefix_filter" "deny" {
  gateway       = ibm_tg_gateway.hub.id
  connection_id = ibm_tg_connection.vpc.connection_id
  action        = "deny"
  prefix        = "10.10.0.0/16"
  le            = 24
}

resource "ibm_tg_route_report" "hub" {
  gateway    = ibm_tg_gateway.hub.id
  depends_on = [ibm_tg_connection.vpc]
}

resource "ibm_is_image" "old" {
  name             = "data-old-image"
  href             = "cos://us-south/data/old.qcow2"
  operating_system = "ubuntu-24-04-amd64"
}

resource "ibm_is_image_export_job" "old" {
  image  = ibm_is_image.old.id
  name   = "data-export"
  format = "vhd"
  storage_bucket {
    name = "data-exports"
  }
}

resource "ibm_is_reservation" "capacity" {
  name = "data-reservation"
  zone = "us-south-1"
  capacity {
    total = 2
  }
  committed_use {
    term = "one_year"
  }
  profile {
    name          = "bx2-2x8"
    resource_type = "instance_profile"
  }
}

resource "ibm_is_reservation" "other" {
  name = "data-reservation-other"
  zone = "us-south-2"
  capacity {
    total = 4
  }
  committed_use {
    term = "three_year"
  }
  profile {
    name          = "bx2-4x16"
    resource_type = "instance_profile"
  }
}

resource "ibm_is_vpn_server" "remote" {
  name            = "data-vpn-server"
  certificate_crn = "{CERTIFICATE}"
  client_authentication {
    method        = "certificate"
    client_ca_crn = "{CLIENT_CA}"
  }
  client_ip_pool         = "172.16.0.0/16"
  subnets                = [ibm_is_subnet.subnet.id]
  enable_split_tunneling = true
}

data "ibm_cbr_zone_addresses" "vpn" {
  zone_addresses_id = ibm_cbr_zone_addresses.vpn.id
}

data "ibm_dns_glb_monitors" "all" {
  instance_id = ibm_dns_glb_monitor.http.instance_id
}

data "ibm_dns_glb_pools" "all" {
  instance_id = ibm_dns_glb_pool.web.instance_id
}

data "ibm_dns_glbs" "all" {
  instance_id = ibm_dns_glb.web.instance_id
  zone_id     = ibm_dns_glb.web.zone_id
}

data "ibm_iam_access_group_policy" "operators" {
  access_group_id = ibm_iam_access_group_policy.operators.access_group_id
}

data "ibm_iam_service_policy" "backup" {
  iam_service_id = ibm_iam_service_policy.backup.iam_service_id
}

data "ibm_iam_trusted_profile_policy" "ci" {
  profile_id = ibm_iam_trusted_profile_policy.ci.profile_id
}

data "ibm_iam_serviceid_group" "backup" {
  iam_serviceid_group_id = ibm_iam_serviceid_group.backup.id
}

data "ibm_tg_connection_prefix_filter" "deny" {
  gateway       = ibm_tg_connection_prefix_filter.deny.gateway
  connection_id = ibm_tg_connection_prefix_filter.deny.connection_id
  filter_id     = ibm_tg_connection_prefix_filter.deny.filter_id
}

data "ibm_tg_connection_prefix_filters" "all" {
  gateway       = ibm_tg_connection_prefix_filter.deny.gateway
  connection_id = ibm_tg_connection_prefix_filter.deny.connection_id
}

data "ibm_tg_route_report" "hub" {
  gateway      = ibm_tg_route_report.hub.gateway
  route_report = ibm_tg_route_report.hub.route_report_id
}

data "ibm_tg_route_reports" "all" {
  gateway = ibm_tg_route_report.hub.gateway
}

data "ibm_is_image_export_job" "old" {
  image            = ibm_is_image_export_job.old.image
  image_export_job = ibm_is_image_export_job.old.image_export_job
}

data "ibm_is_image_export_jobs" "old" {
  image = ibm_is_image_export_job.old.image
}

data "ibm_is_reservations" "named" {
  name = ibm_is_reservation.capacity.name
}

data "ibm_is_reservations" "in_zone" {
  zone_name  = "us-south-2"
  depends_on = [ibm_is_reservation.capacity, ibm_is_reservation.other]
}

data "ibm_is_vpn_servers" "all" {
  depends_on = [ibm_is_vpn_server.remote]
}
'''.replace("{CERTIFICATE}", CERTIFICATE).replace("{CLIENT_CA}", CLIENT_CA)


@pytest.fixture(scope="module")
def tf(mock_server, tmp_path_factory):  # noqa: F811
    return applied(mock_server, tmp_path_factory, "api-data-sources-more", CONFIG)


def read(tf, address: str) -> dict:
    """The values a data source read, by its address (`ibm_dns_glbs.all`)."""
    return next(r["values"] for r in tf.resources() if r["mode"] == "data" and r["address"] == f"data.{address}")


def test_the_configuration_applies_and_plans_clean(tf):
    assert tf.run("plan", "-detailed-exitcode").returncode == 0


def test_cbr_zone_addresses_read_the_zones_addresses_through_cbr(tf):
    made = managed(tf)["ibm_cbr_zone_addresses.vpn"]
    got = read(tf, "ibm_cbr_zone_addresses.vpn")
    assert (got["id"], got["zone_id"]) == (made["id"], managed(tf)["ibm_cbr_zone.office"]["id"])
    # The API carries no address id to tell the added ones apart (api_data_more.ZoneAddresses).
    assert [(a["type"], a["value"]) for a in got["addresses"]] == [("ipAddress", "169.23.56.234"),
                                                                    ("subnet", "10.10.0.0/16")]


def test_dns_glb_monitors_pools_and_glbs_list_the_instances_through_dns_services(tf):
    made = managed(tf)
    monitor, pool, glb = made["ibm_dns_glb_monitor.http"], made["ibm_dns_glb_pool.web"], made["ibm_dns_glb.web"]
    monitors = read(tf, "ibm_dns_glb_monitors.all")["dns_glb_monitors"]
    assert [(m["monitor_id"], m["name"], m["type"], m["port"], m["path"], m["expected_codes"]) for m in monitors] == \
        [(monitor["monitor_id"], "data-http", "HTTP", 8080, "/health", "200")]
    pools = read(tf, "ibm_dns_glb_pools.all")["dns_glb_pools"]
    assert [(p["pool_id"], p["name"], p["monitor"], p["healthcheck_region"],
             [(o["name"], o["address"], o["enabled"]) for o in p["origins"]]) for p in pools] == \
        [(pool["pool_id"], "data-web", monitor["monitor_id"], "us-south", [("web-1", "10.10.10.8", True)])]
    glbs = read(tf, "ibm_dns_glbs.all")["dns_glbs"]
    assert [(g["glb_id"], g["name"], g["ttl"], g["fallback_pool"], g["default_pools"]) for g in glbs] == \
        [(glb["glb_id"], "web", 120, pool["pool_id"], [pool["pool_id"]])]


def test_iam_access_policies_list_those_of_their_subject_through_iam(tf):
    made = managed(tf)
    group = read(tf, "ibm_iam_access_group_policy.operators")
    assert group["id"] == made["ibm_iam_access_group.operators"]["id"]
    assert [(p["id"], p["roles"], p["description"], [(r["service"], r["resource_type"]) for r in p["resources"]])
            for p in group["policies"]] == [(made["ibm_iam_access_group_policy.operators"]["id"],
                                             ["Operator", "Viewer"], "operate the backups", [("is", "backup-policy")])]
    service = read(tf, "ibm_iam_service_policy.backup")["policies"]
    assert [(p["id"], p["roles"], p["resources"][0]["service"]) for p in service] == \
        [(made["ibm_iam_service_policy.backup"]["id"], ["Viewer"], "is")]
    profile = read(tf, "ibm_iam_trusted_profile_policy.ci")["policies"]
    assert [(p["id"], p["roles"], p["resources"][0]["service_type"]) for p in profile] == \
        [(made["ibm_iam_trusted_profile_policy.ci"]["id"], ["Viewer"], "platform_service")]


def test_a_service_id_group_reads_through_iam_identity(tf):
    made = managed(tf)["ibm_iam_serviceid_group.backup"]
    got = read(tf, "ibm_iam_serviceid_group.backup")
    assert (got["id"], got["name"], got["description"], got["crn"], got["account_id"]) == \
        (made["id"], "data-service-ids", "the service IDs of the backups", made["crn"], made["account_id"])


def test_prefix_filters_and_route_reports_read_through_transit_gateway(tf):
    made = managed(tf)
    deny, report = made["ibm_tg_connection_prefix_filter.deny"], made["ibm_tg_route_report.hub"]
    one = read(tf, "ibm_tg_connection_prefix_filter.deny")
    assert (one["id"], one["action"], one["prefix"], one["le"]) == (deny["id"], "deny", "10.10.0.0/16", 24)
    filters = read(tf, "ibm_tg_connection_prefix_filters.all")["prefix_filters"]
    assert [(f["id"], f["action"], f["prefix"], f["le"]) for f in filters] == \
        [(deny["filter_id"], "deny", "10.10.0.0/16", 24)]
    got = read(tf, "ibm_tg_route_report.hub")
    assert (got["id"], got["status"], got["created_at"]) == (report["id"], "complete", report["created_at"])
    reports = read(tf, "ibm_tg_route_reports.all")["route_reports"]
    assert [(r["id"], r["status"]) for r in reports] == [(report["route_report_id"], "complete")]


def test_an_images_export_jobs_read_through_the_vpc_api(tf):
    made = managed(tf)["ibm_is_image_export_job.old"]
    got = read(tf, "ibm_is_image_export_job.old")
    assert (got["id"], got["name"], got["format"], got["storage_bucket"][0]["name"], got["storage_href"]) == \
        (made["id"], "data-export", "vhd", "data-exports", made["storage_href"])
    jobs = read(tf, "ibm_is_image_export_jobs.old")["export_jobs"]
    assert [(j["image_export_job"], j["name"], j["status"]) for j in jobs] == \
        [(made["image_export_job"], "data-export", made["status"])]


def test_reservations_list_through_the_vpc_api_filtered_by_name_and_zone(tf):
    made = managed(tf)
    named = read(tf, "ibm_is_reservations.named")["reservations"]
    assert [(r["id"], r["name"], r["zone"], r["capacity"][0]["total"], r["profile"][0]["name"]) for r in named] == \
        [(made["ibm_is_reservation.capacity"]["id"], "data-reservation", "us-south-1", 2, "bx2-2x8")]
    in_zone = read(tf, "ibm_is_reservations.in_zone")["reservations"]
    assert [(r["id"], r["name"], r["committed_use"][0]["term"]) for r in in_zone] == \
        [(made["ibm_is_reservation.other"]["id"], "data-reservation-other", "three_year")]


def test_vpn_servers_list_through_the_vpc_api(tf):
    made = managed(tf)["ibm_is_vpn_server.remote"]
    servers = read(tf, "ibm_is_vpn_servers.all")["vpn_servers"]
    assert [(s["id"], s["name"], s["client_ip_pool"], s["enable_split_tunneling"], s["hostname"],
             [n["name"] for n in s["subnets"]]) for s in servers] == \
        [(made["vpn_server"], "data-vpn-server", "172.16.0.0/16", True, made["hostname"], ["data-subnet"])]
