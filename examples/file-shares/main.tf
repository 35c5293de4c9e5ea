# Backups of file shares: a zonal (dp2) and a regional (rfs) share tagged for a share policy.
# A regional share holds at most 30 backups, so the plan keeps 24.

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.60.0"
    }
  }
}

provider "ibm" {}

resource "ibm_is_share" "zonal" {
  name    = "team-files"
  profile = "dp2"
  zone    = "us-south-1"
  size    = 200
  tags    = ["backup:files"]
}

resource "ibm_is_share" "regional" {
  name    = "shared-assets"
  profile = "rfs"
  size    = 500
  tags    = ["backup:files"]
}

resource "ibm_is_backup_policy" "files" {
  name                = "file-shares"
  match_resource_type = "share"
  match_user_tags     = ["backup:files"]
}

resource "ibm_is_backup_policy_plan" "hourly" {
  backup_policy_id = ibm_is_backup_policy.files.id
  name             = "hourly"
  cron_spec        = "15 * * * *"
  active           = true

  deletion_trigger {
    delete_after      = 2
    delete_over_count = "24"
  }
}
