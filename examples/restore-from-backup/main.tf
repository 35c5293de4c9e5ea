# Restore a volume from the newest backup a plan made.
#   terraform apply                          # the volume, the policy and its plan
#   vpcmock clock advance 1d                 # the plan fires: a backup exists
#   terraform apply -var restore=true        # a new volume from the newest backup

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.60.0"
    }
  }
}

provider "ibm" {}

variable "restore" {
  type    = bool
  default = false
}

resource "ibm_is_volume" "source" {
  name                 = "orders-db"
  profile              = "sdp"
  zone                 = "us-south-1"
  capacity             = 100
  tags                 = ["backup:orders"]
  delete_all_snapshots = true
}

resource "ibm_is_backup_policy" "orders" {
  name            = "orders"
  match_user_tags = ["backup:orders"]
}

resource "ibm_is_backup_policy_plan" "daily" {
  backup_policy_id = ibm_is_backup_policy.orders.id
  name             = "daily"
  cron_spec        = "0 0 * * *"
  active           = true
}

data "ibm_is_snapshots" "backups" {
  backup_policy_plan_id = ibm_is_backup_policy_plan.daily.backup_policy_plan_id
}

resource "ibm_is_volume" "restored" {
  count           = var.restore ? 1 : 0
  name            = "orders-db-restored"
  profile         = "sdp"
  zone            = "us-south-2"
  source_snapshot = data.ibm_is_snapshots.backups.snapshots[0].id
}

output "restored_from" {
  value = var.restore ? data.ibm_is_snapshots.backups.snapshots[0].name : null
}
