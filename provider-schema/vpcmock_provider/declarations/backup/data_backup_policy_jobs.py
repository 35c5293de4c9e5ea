"""data ibm_is_backup_policy_jobs: the jobs of a policy, filtered."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy_jobs", "data",
    description="Lists the jobs of a backup policy, newest first, with the API's filters.",
    overlay={
        "backup_policy_id": {"description": 'The id of the policy'},
        "source_id": {"description": 'Only jobs of this source', "api": 'source.id'},
        "target_snapshots_id": {"description": 'Only jobs acting on any of these snapshot ids', "api": 'target_snapshots[].id'},
        "target_snapshots_crn": {"description": 'Only jobs acting on any of these snapshot CRNs', "api": 'target_snapshots[].crn'},
        "backup_policy_plan_id": {"description": 'Only jobs of this plan', "api": 'backup_policy_plan.id'},
        "status": {"description": 'Only jobs of this status: failed, running or succeeded'},
        "jobs": {"description": 'The jobs'},
        "jobs.auto_delete": {"description": 'Whether the job record is deleted automatically'},
        "jobs.auto_delete_after": {"description": 'Days after completion the job record is deleted'},
        "jobs.backup_policy_plan": {"description": 'The backup policy plan that operated this job'},
        "jobs.backup_policy_plan.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "jobs.backup_policy_plan.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "jobs.backup_policy_plan.remote": {"description": 'Present when the resource is in another region'},
        "jobs.completed_at": {"description": 'When the job completed (absent while it runs)'},
        "jobs.job_type": {"description": 'creation or deletion'},
        "jobs.source_volume": {"description": 'The volume this job backed up'},
        "jobs.source_volume.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "jobs.source_volume.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "jobs.source_volume.remote": {"description": 'Present when the resource is in another region'},
        "jobs.source_instance": {"description": 'The instance this job backed up'},
        "jobs.source_instance.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "jobs.source_instance.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "jobs.source_share": {"description": 'The share this job backed up'},
        "jobs.source_share.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "jobs.source_share.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "jobs.status": {"description": 'failed, running or succeeded'},
        "jobs.status_reasons": {"description": 'Why the job has its status'},
        "jobs.target_snapshot": {"description": 'The snapshots this job operated on'},
        "jobs.target_snapshot.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "jobs.target_snapshot.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "jobs.target_snapshot.remote": {"description": 'Present when the snapshot is in another account or region'},
    },
    example='''data "ibm_is_backup_policy_jobs" "failed" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  status           = "failed"
}''',
)
