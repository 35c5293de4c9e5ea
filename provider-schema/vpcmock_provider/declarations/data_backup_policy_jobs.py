"""data ibm_is_backup_policy_jobs: the jobs of a policy, filtered."""

from vpcmock_provider.declarations.common import JOB_FIELDS
from vpcmock_provider.fields import BLOCK, SET_OF_STRINGS, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy_jobs", kind="data_source",
    description="Lists the jobs of a backup policy, newest first, with the API's filters.",
    fields=(
        f("backup_policy_id", STRING, "Required", description="The id of the policy"),
        f("source_id", STRING, "Optional", description="Only jobs of this source", api="source.id"),
        f("target_snapshots_id", SET_OF_STRINGS, "Optional", conflicts_with=("target_snapshots_crn",),
          description="Only jobs acting on any of these snapshot ids", api="target_snapshots[].id"),
        f("target_snapshots_crn", SET_OF_STRINGS, "Optional", conflicts_with=("target_snapshots_id",),
          description="Only jobs acting on any of these snapshot CRNs", api="target_snapshots[].crn"),
        f("backup_policy_plan_id", STRING, "Optional", description="Only jobs of this plan",
          api="backup_policy_plan.id"),
        f("status", STRING, "Optional", description="Only jobs of this status: failed, running or succeeded"),
        computed("jobs", BLOCK, "The jobs", fields=(*JOB_FIELDS[:6], computed("id"), *JOB_FIELDS[6:])),
    ),
    example='''data "ibm_is_backup_policy_jobs" "failed" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  status           = "failed"
}''',
)
