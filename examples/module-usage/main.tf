# The reusable module from ../modules/tagged-backups, called twice from a root configuration.

terraform {
  required_providers {
    ibm = {
      source  = "IBM-Cloud/ibm"
      version = ">= 1.60.0"
    }
  }
}

provider "ibm" {}

resource "ibm_is_volume" "logs" {
  name     = "logs"
  profile  = "general-purpose"
  zone     = "us-south-2"
  capacity = 50
  tags     = ["tier:gold"]
}

module "gold" {
  source = "../modules/tagged-backups"
  name   = "gold"
  tag    = "tier:gold"
  schedules = {
    daily  = { cron_spec = "0 1 * * *", delete_after = 7 }
    weekly = { cron_spec = "0 4 * * 0", delete_after = 90, delete_over_count = 12 }
  }
}

module "silver" {
  source = "../modules/tagged-backups"
  name   = "silver"
  tag    = "tier:silver"
  schedules = {
    nightly = { cron_spec = "30 23 * * *", delete_after = 14 }
  }
}

output "gold_plans" {
  value = module.gold.plan_ids
}
