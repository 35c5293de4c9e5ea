"""data ibm_is_snapshots: snapshots and backups of the region, filtered. A documented subset
of the IBM data source: its filters below, and per snapshot the fields a restore needs."""

from vpcmock_provider.fields import BLOCK, BOOL, INT, LIST_OF_STRINGS, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_snapshots", kind="data_source",
    description="Lists snapshots, newest first: for example the backups a plan made.",
    fields=(
        f("backup_policy_plan_id", STRING, "Optional", api="backup_policy_plan.id",
          description="Only backups made by this plan"),
        f("name", STRING, "Optional", description="Only the snapshot of this name"),
        f("source_volume", STRING, "Optional", api="source_volume.id", description="Only snapshots of this volume"),
        f("tag", STRING, "Optional", description="Only snapshots carrying this user tag"),
        f("resource_group", STRING, "Optional", api="resource_group.id", description="Only this resource group"),
        f("snapshot_consistency_group_id", STRING, "Optional", api="snapshot_consistency_group.id",
          description="Only members of this consistency group"),
        computed("snapshots", BLOCK, "The snapshots, newest first", fields=(
            computed("id"), computed("name"), computed("crn"), computed("href"), computed("lifecycle_state"),
            computed("source_volume"), computed("size", INT), computed("minimum_capacity", INT),
            computed("bootable", BOOL), computed("encryption"), computed("captured_at"), computed("created_at"),
            computed("resource_group"), computed("tags", LIST_OF_STRINGS), computed("service_tags", LIST_OF_STRINGS),
            computed("backup_policy_plan", BLOCK, "The plan that made the backup", fields=(
                computed("id"), computed("name"), computed("href"), computed("resource_type"))),
        )),
    ),
    example='''data "ibm_is_snapshots" "backups" {
  backup_policy_plan_id = ibm_is_backup_policy_plan.nightly.backup_policy_plan_id
}''',
)
