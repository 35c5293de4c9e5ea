"""ibm_is_backup_policy_plan: a plan of a backup policy (API: /backup_policies/{id}/plans)."""

from vpcmock_provider.declarations.common import CRON_SPEC, NAME
from vpcmock_provider.fields import BLOCK, BOOL, INT, SET_OF_STRINGS, STRING, Declaration, computed, f, int_between

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy_plan",
    description="A plan of a backup policy: when backups are taken and how long they are kept.",
    import_id="<backup policy id>/<plan id>",
    fields=(
        f("backup_policy_id", STRING, "Required", "ForceNew", description="The id of the policy"),
        computed("backup_policy_plan_id", description="The id of the plan", api="id"),
        f("cron_spec", STRING, "Required", check=CRON_SPEC,
          description="When the plan fires: 5 cron fields in UTC, at most hourly"),
        f("active", BOOL, "Optional", "Computed", description="Whether the plan fires"),
        f("attach_user_tags", SET_OF_STRINGS, "Optional", description="User tags attached to the backups"),
        f("copy_user_tags", BOOL, "Optional", default=True,
          description="Whether the source's user tags are copied to its backups"),
        f("deletion_trigger", BLOCK, "Optional", "Computed", max_items=1, description="When backups are deleted",
          fields=(
              f("delete_after", INT, "Optional", default=30, description="Days after which a backup is deleted"),
              f("delete_over_count", STRING, "Optional", "Computed",
                description="The number of backups kept per source (a number, or empty for no limit)"),
          )),
        f("clone_policy", BLOCK, "Optional", "Computed", max_items=1,
          description="Fast restore: clones of the newest backups kept in zones", fields=(
              f("max_snapshots", INT, "Optional", "Computed", description="How many backups have clones"),
              f("zones", SET_OF_STRINGS, "Optional", "Computed", description="The zones holding clones"),
          )),
        f("name", STRING, "Optional", check=NAME, description="The name of the plan, unique in its policy"),
        computed("created_at"), computed("href"), computed("lifecycle_state"),
        f("remote_region_policy", BLOCK, "Optional", api="remote_region_policies",
          description="Copies of each backup made in another region", fields=(
              f("delete_over_count", INT, "Optional", "Computed", check=int_between(1, 100),
                description="The number of copies kept in the region"),
              f("encryption_key", STRING, "Optional", "Computed",
                description="The CRN of the root key encrypting the copies"),
              f("region", STRING, "Required", description="The region the copies are made in"),
          )),
        computed("resource_type"),
        computed("version", description="The ETag of the plan, sent as If-Match on changes"),
    ),
    example='''resource "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  name             = "nightly"
  cron_spec        = "30 2 * * *"
  active           = true
  deletion_trigger {
    delete_after      = 14
    delete_over_count = "10"
  }
}''',
)
