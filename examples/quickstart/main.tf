# Quickstart: a daily backup plan for every volume tagged "backup:daily".
# The same HCL runs against IBM Cloud; with `eval "$(vpcmock env)"` it runs against the mock.

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.60.0"
    }
  }
}

provider "ibm" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-south"
}

resource "ibm_is_volume" "data" {
  count    = 2
  name     = "app-data-${count.index}"
  profile  = "sdp"
  zone     = "${var.region}-1"
  capacity = 100
  tags     = ["backup:daily", "app:shop"]
}

resource "ibm_is_backup_policy" "daily" {
  name                = "daily-volumes"
  match_resource_type = "volume"
  match_user_tags     = ["backup:daily"]
}

resource "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  name             = "nightly"
  cron_spec        = "30 2 * * *"
  active           = true
  attach_user_tags = ["made-by:nightly"]

  deletion_trigger {
    delete_after      = 14
    delete_over_count = "10"
  }
}

output "policy_id" {
  value = ibm_is_backup_policy.daily.id
}

output "plan_id" {
  value = ibm_is_backup_policy_plan.nightly.backup_policy_plan_id
}
