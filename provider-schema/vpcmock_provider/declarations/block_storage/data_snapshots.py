"""data ibm_is_snapshots: snapshots and backups of the region, filtered. Every attribute of the IBM data source is
served; those the API has no value for read as null (or empty lists)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_snapshots", "data",
    description='Lists snapshots, newest first: for example the backups a plan made.',
    overlay={
        "backup_policy_plan_id": {"description": 'Only backups made by this plan', "api": 'backup_policy_plan.id'},
        "name": {"description": 'Only the snapshot of this name'},
        "source_volume": {"description": 'Only snapshots of this volume', "api": 'source_volume.id'},
        "tag": {"description": 'Only snapshots carrying this user tag'},
        "resource_group": {"description": 'Only this resource group', "api": 'resource_group.id'},
        "snapshot_consistency_group_id": {"description": 'Only members of this consistency group', "api": 'snapshot_consistency_group.id'},
        "snapshots": {"description": 'The snapshots, newest first'},
        "snapshots.backup_policy_plan": {"description": 'The plan that made the backup'},
    },
    example='''data "ibm_is_snapshots" "backups" {
  backup_policy_plan_id = ibm_is_backup_policy_plan.nightly.backup_policy_plan_id
}''',
)
