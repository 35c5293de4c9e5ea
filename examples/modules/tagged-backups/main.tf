# A reusable module: one backup policy for resources carrying `tag`, with one plan per entry
# of `schedules`.

terraform {
  required_providers {
    ibm = {
      source = "IBM-Cloud/ibm"
    }
  }
}

variable "name" {
  type        = string
  description = "Name of the policy; plans are named after their schedule key"
}

variable "tag" {
  type        = string
  description = "The user tag that selects the resources to back up"
}

variable "resource_type" {
  type    = string
  default = "volume"
}

variable "schedules" {
  description = "Plans by name: cron spec, days kept and (optional) how many kept"
  type = map(object({
    cron_spec         = string
    delete_after      = number
    delete_over_count = optional(number)
  }))
}

resource "ibm_is_backup_policy" "this" {
  name                = var.name
  match_resource_type = var.resource_type
  match_user_tags     = [var.tag]
}

resource "ibm_is_backup_policy_plan" "this" {
  for_each         = var.schedules
  backup_policy_id = ibm_is_backup_policy.this.id
  name             = each.key
  cron_spec        = each.value.cron_spec
  active           = true

  deletion_trigger {
    delete_after      = each.value.delete_after
    delete_over_count = each.value.delete_over_count == null ? null : tostring(each.value.delete_over_count)
  }
}

output "policy_id" {
  value = ibm_is_backup_policy.this.id
}

output "plan_ids" {
  value = { for name, plan in ibm_is_backup_policy_plan.this : name => plan.backup_policy_plan_id }
}
