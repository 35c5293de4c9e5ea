"""data ibm_is_backup_policy_job: one job of a policy."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy_job", "data",
    description='Reads one job of a backup policy.',
    overlay={
        "backup_policy_id": {"description": 'The id of the policy'},
        "identifier": {"description": 'The id of the job'},
        "auto_delete": {"description": 'Whether the job record is deleted automatically'},
        "auto_delete_after": {"description": 'Days after completion the job record is deleted'},
        "backup_policy_plan": {"description": 'The backup policy plan that operated this job'},
        "backup_policy_plan.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "backup_policy_plan.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "backup_policy_plan.remote": {"description": 'Present when the resource is in another region'},
        "completed_at": {"description": 'When the job completed (absent while it runs)'},
        "job_type": {"description": 'creation or deletion'},
        "source_volume": {"description": 'The volume this job backed up'},
        "source_volume.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "source_volume.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "source_volume.remote": {"description": 'Present when the resource is in another region'},
        "source_instance": {"description": 'The instance this job backed up'},
        "source_instance.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "source_instance.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "source_share": {"description": 'The share this job backed up'},
        "source_share.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "source_share.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "status": {"description": 'failed, running or succeeded'},
        "status_reasons": {"description": 'Why the job has its status'},
        "target_snapshot": {"description": 'The snapshots this job operated on'},
        "target_snapshot.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "target_snapshot.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "target_snapshot.remote": {"description": 'Present when the snapshot is in another account or region'},
    },
    example='''data "ibm_is_backup_policy_job" "one" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  identifier       = "r006-..."
}''',
)
