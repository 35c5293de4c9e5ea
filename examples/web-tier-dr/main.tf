# A web tier with disaster recovery, written as IBM users write it: a VPC with security groups,
# a load balancer in front of two instances, private DNS names, data volumes encrypted with a
# Key Protect key, and a backup policy that copies every backup to another region (encrypted
# there with that region's key).
#
#   terraform apply
#   vpcmock clock advance 1d     # the plan fires: a backup of each volume, and its copy in us-east
#   terraform destroy            # the copies stay in us-east, as they do on IBM Cloud

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.70.0"
    }
  }
}

variable "region" {
  type    = string
  default = "us-south"
}

variable "dr_region" {
  type    = string
  default = "us-east"
}

provider "ibm" {
  region = var.region
}

provider "ibm" {
  alias  = "dr"
  region = var.dr_region
}

data "ibm_resource_group" "default" {
  is_default = true
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

# --- Key Protect: one instance and root key per region -------------------------------------

resource "ibm_resource_instance" "kms" {
  name              = "web-kms"
  service           = "kms"
  plan              = "tiered-pricing"
  location          = var.region
  resource_group_id = data.ibm_resource_group.default.id
}

resource "ibm_kms_key" "volumes" {
  instance_id  = ibm_resource_instance.kms.guid
  key_name     = "web-volumes"
  standard_key = false
  force_delete = true
}

resource "ibm_resource_instance" "kms_dr" {
  provider          = ibm.dr
  name              = "web-kms-dr"
  service           = "kms"
  plan              = "tiered-pricing"
  location          = var.dr_region
  resource_group_id = data.ibm_resource_group.default.id
}

resource "ibm_kms_key" "volumes_dr" {
  provider     = ibm.dr
  instance_id  = ibm_resource_instance.kms_dr.guid
  key_name     = "web-volumes-dr"
  standard_key = false
  force_delete = true
}

# Block storage may use the keys; Backup for VPC may back up volumes and instances.
resource "ibm_iam_authorization_policy" "block_storage_kms" {
  source_service_name = "server-protect"
  target_service_name = "kms"
  roles               = ["Reader"]
}

resource "ibm_iam_authorization_policy" "backup_volumes" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "volume"
  roles                = ["Operator"]
}

resource "ibm_iam_authorization_policy" "backup_snapshots" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "snapshot"
  roles                = ["Editor"]
}

resource "ibm_iam_authorization_policy" "backup_instances" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "instance"
  roles                = ["Operator", "Editor"]
}

# --- Network -------------------------------------------------------------------------------

resource "ibm_is_vpc" "web" {
  name           = "web-vpc"
  resource_group = data.ibm_resource_group.default.id
}

resource "ibm_is_subnet" "web" {
  name                     = "web-subnet"
  vpc                      = ibm_is_vpc.web.id
  zone                     = "${var.region}-1"
  total_ipv4_address_count = 256
  resource_group           = data.ibm_resource_group.default.id
}

resource "ibm_is_public_gateway" "web" {
  name = "web-gateway"
  vpc  = ibm_is_vpc.web.id
  zone = "${var.region}-1"
}

resource "ibm_is_subnet_public_gateway_attachment" "web" {
  subnet         = ibm_is_subnet.web.id
  public_gateway = ibm_is_public_gateway.web.id
}

resource "ibm_is_security_group" "lb" {
  name = "web-lb"
  vpc  = ibm_is_vpc.web.id
}

resource "ibm_is_security_group_rule" "lb_https_in" {
  group     = ibm_is_security_group.lb.id
  direction = "inbound"
  remote    = "0.0.0.0/0"
  tcp {
    port_min = 443
    port_max = 443
  }
}

resource "ibm_is_security_group" "app" {
  name = "web-app"
  vpc  = ibm_is_vpc.web.id
}

resource "ibm_is_security_group_rule" "app_from_lb" {
  group     = ibm_is_security_group.app.id
  direction = "inbound"
  remote    = ibm_is_security_group.lb.id
  tcp {
    port_min = 8080
    port_max = 8080
  }
}

resource "ibm_is_security_group_rule" "app_out" {
  group     = ibm_is_security_group.app.id
  direction = "outbound"
  remote    = "0.0.0.0/0"
}

# --- Two instances, each with an encrypted data volume -------------------------------------

resource "ibm_is_ssh_key" "admin" {
  name       = "web-admin"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s web-admin"
  type       = "ed25519"
}

resource "ibm_is_volume" "data" {
  count                = 2
  depends_on           = [ibm_iam_authorization_policy.block_storage_kms]
  name                 = "web-data-${count.index}"
  profile              = "general-purpose"
  zone                 = "${var.region}-1"
  capacity             = 100
  encryption_key       = ibm_kms_key.volumes.crn
  tags                 = ["backup:web"]
  delete_all_snapshots = true
}

resource "ibm_is_instance" "web" {
  count   = 2
  name    = "web-${count.index}"
  image   = data.ibm_is_image.ubuntu.id
  profile = "bx2-2x8"
  vpc     = ibm_is_vpc.web.id
  zone    = "${var.region}-1"
  keys    = [ibm_is_ssh_key.admin.id]
  volumes = [ibm_is_volume.data[count.index].id]

  primary_network_interface {
    subnet          = ibm_is_subnet.web.id
    security_groups = [ibm_is_security_group.app.id]
  }
}

# --- The load balancer ---------------------------------------------------------------------

resource "ibm_is_lb" "web" {
  name            = "web-lb"
  subnets         = [ibm_is_subnet.web.id]
  security_groups = [ibm_is_security_group.lb.id]
  type            = "public"
}

resource "ibm_is_lb_pool" "web" {
  name                = "web-pool"
  lb                  = ibm_is_lb.web.id
  algorithm           = "round_robin"
  protocol            = "http"
  health_delay        = 10
  health_retries      = 3
  health_timeout      = 5
  health_type         = "http"
  health_monitor_url  = "/healthz"
  health_monitor_port = 8080
}

resource "ibm_is_lb_pool_member" "web" {
  count          = 2
  lb             = ibm_is_lb.web.id
  pool           = element(split("/", ibm_is_lb_pool.web.id), 1)
  port           = 8080
  target_address = ibm_is_instance.web[count.index].primary_network_interface[0].primary_ip[0].address
}

resource "ibm_is_lb_listener" "https" {
  lb           = ibm_is_lb.web.id
  port         = 443
  protocol     = "tcp"
  default_pool = ibm_is_lb_pool.web.id
}

# --- Private DNS ---------------------------------------------------------------------------

resource "ibm_resource_instance" "dns" {
  name              = "web-dns"
  service           = "dns-svcs"
  plan              = "standard-dns"
  location          = "global"
  resource_group_id = data.ibm_resource_group.default.id
}

resource "ibm_dns_zone" "internal" {
  instance_id = ibm_resource_instance.dns.guid
  name        = "web.internal"
  label       = "web"
}

resource "ibm_dns_permitted_network" "web" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  vpc_crn     = ibm_is_vpc.web.crn
  type        = "vpc"
}

resource "ibm_dns_resource_record" "web" {
  count       = 2
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  type        = "A"
  name        = "web-${count.index}"
  rdata       = ibm_is_instance.web[count.index].primary_network_interface[0].primary_ip[0].address
  ttl         = 300
}

resource "ibm_dns_resource_record" "lb" {
  instance_id = ibm_resource_instance.dns.guid
  zone_id     = ibm_dns_zone.internal.zone_id
  type        = "CNAME"
  name        = "www"
  rdata       = ibm_is_lb.web.hostname
  ttl         = 300
}

# --- Backups -------------------------------------------------------------------------------

resource "ibm_is_backup_policy" "web" {
  depends_on          = [ibm_iam_authorization_policy.backup_volumes, ibm_iam_authorization_policy.backup_snapshots]
  name                = "web-data"
  match_resource_type = "volume"
  match_user_tags     = ["backup:web"]
  resource_group      = data.ibm_resource_group.default.id
}

resource "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.web.id
  name             = "nightly"
  cron_spec        = "30 2 * * *"
  active           = true
  attach_user_tags = ["web-nightly"]
  copy_user_tags   = true

  deletion_trigger {
    delete_after      = 14
    delete_over_count = 7
  }

  remote_region_policy {
    region            = var.dr_region
    encryption_key    = ibm_kms_key.volumes_dr.crn
    delete_over_count = 3
  }
}

output "lb_hostname" {
  value = ibm_is_lb.web.hostname
}

output "web_records" {
  value = ibm_dns_resource_record.web[*].rdata
}

output "policy_id" {
  value = ibm_is_backup_policy.web.id
}
