"""data ibm_is_backup_policy_job: one job of a policy."""

from vpcmock_provider.declarations.common import JOB_FIELDS
from vpcmock_provider.fields import STRING, Declaration, f

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy_job", kind="data_source",
    description="Reads one job of a backup policy.",
    fields=(
        f("backup_policy_id", STRING, "Required", description="The id of the policy"),
        f("identifier", STRING, "Required", description="The id of the job"),
        *JOB_FIELDS,
    ),
    example='''data "ibm_is_backup_policy_job" "one" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  identifier       = "r006-..."
}''',
)
