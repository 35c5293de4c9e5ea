# An instance in its own VPC, backed up nightly: written as IBM users write it. The VPC,
# subnet and key, the image looked up by name, tagged data volumes, the service-to-service
# authorizations Backup for VPC needs, and an instance backup policy with a plan.

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

variable "ssh_public_key" {
  type        = string
  description = "An OpenSSH public key line"
  default     = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDRI+2AhNFfeSXHBNV+PF9imrDZn9+7Sj0b3V+lGgI9s backup-demo"
}

provider "ibm" {
  region = var.region
}

data "ibm_resource_group" "default" {
  is_default = true
}

data "ibm_is_zones" "regional" {
  region = var.region
}

data "ibm_is_image" "ubuntu" {
  name = "ibm-ubuntu-24-04-3-minimal-amd64-4"
}

resource "ibm_is_vpc" "app" {
  name           = "app-vpc"
  resource_group = data.ibm_resource_group.default.id
}

resource "ibm_is_subnet" "app" {
  name                     = "app-subnet"
  vpc                      = ibm_is_vpc.app.id
  zone                     = data.ibm_is_zones.regional.zones[0]
  total_ipv4_address_count = 256
  resource_group           = data.ibm_resource_group.default.id
}

resource "ibm_is_ssh_key" "admin" {
  name           = "backup-demo-admin"
  public_key     = var.ssh_public_key
  type           = "ed25519"
  resource_group = data.ibm_resource_group.default.id
}

resource "ibm_is_volume" "data" {
  count          = 2
  name           = "app-data-${count.index}"
  profile        = "general-purpose"
  zone           = data.ibm_is_zones.regional.zones[0]
  capacity       = 50
  resource_group = data.ibm_resource_group.default.id
}

resource "ibm_is_instance" "app" {
  name           = "app-server"
  image          = data.ibm_is_image.ubuntu.id
  profile        = "bx2-2x8"
  vpc            = ibm_is_vpc.app.id
  zone           = data.ibm_is_zones.regional.zones[0]
  keys           = [ibm_is_ssh_key.admin.id]
  volumes        = ibm_is_volume.data[*].id
  resource_group = data.ibm_resource_group.default.id

  primary_network_interface {
    subnet = ibm_is_subnet.app.id
  }

  boot_volume {
    name = "app-server-boot"
  }
}

resource "ibm_resource_tag" "app" {
  resource_id = ibm_is_instance.app.crn
  tags        = ["backup:nightly"]
}

# Backup for VPC acts on the instance's volumes and makes snapshots: it needs both.
resource "ibm_iam_authorization_policy" "backup_to_volumes" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "volume"
  roles                = ["Operator"]
}

resource "ibm_iam_authorization_policy" "backup_to_snapshots" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "snapshot"
  roles                = ["Operator"]
}

resource "ibm_iam_authorization_policy" "backup_to_instances" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "instance"
  roles                = ["Operator"]
}

resource "ibm_is_backup_policy" "nightly" {
  name                = "app-nightly"
  match_resource_type = "instance"
  match_user_tags     = ["backup:nightly"]
  included_content    = ["boot_volume", "data_volumes"]
  resource_group      = data.ibm_resource_group.default.id
  depends_on = [ibm_iam_authorization_policy.backup_to_volumes, ibm_iam_authorization_policy.backup_to_snapshots,
  ibm_iam_authorization_policy.backup_to_instances]
}

resource "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.nightly.id
  name             = "nightly"
  cron_spec        = "30 1 * * *"
  active           = true
  attach_user_tags = ["made-by:backup"]

  deletion_trigger {
    delete_after      = 14
    delete_over_count = "7"
  }
}

output "policy_id" {
  value = ibm_is_backup_policy.nightly.id
}

output "instance_id" {
  value = ibm_is_instance.app.id
}
