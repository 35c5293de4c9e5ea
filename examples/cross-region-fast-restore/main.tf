# Backups of tagged volumes, with fast-restore clones in two zones and a copy of every backup
# in another region (kept: the 3 newest copies there).

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.60.0"
    }
  }
}

provider "ibm" {
  region = "us-south"
}

resource "ibm_is_volume" "db" {
  name     = "db-data"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 200
  tags     = ["backup:critical"]
}

resource "ibm_is_backup_policy" "critical" {
  name                = "critical-volumes"
  match_resource_type = "volume"
  match_user_tags     = ["backup:critical"]
}

resource "ibm_is_backup_policy_plan" "every_6h" {
  backup_policy_id = ibm_is_backup_policy.critical.id
  name             = "every-6h"
  cron_spec        = "0 */6 * * *"
  active           = true

  deletion_trigger {
    delete_after = 7
  }

  clone_policy {
    max_snapshots = 2
    zones         = ["us-south-1", "us-south-2"]
  }

  remote_region_policy {
    region            = "us-east"
    delete_over_count = 3
  }
}
