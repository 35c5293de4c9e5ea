"""data ibm_is_backup_policy_plans: the plans of a policy."""

from vpcmock_provider.declarations.common import PLAN_READ_FIELDS
from vpcmock_provider.fields import BLOCK, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy_plans", kind="data_source",
    description="Lists the plans of a backup policy, optionally only the one of a name.",
    fields=(
        f("backup_policy_id", STRING, "Required", description="The id of the policy"),
        f("name", STRING, "Optional", description="Only the plan of this name"),
        computed("plans", BLOCK, "The plans", fields=(
            *PLAN_READ_FIELDS[:7], computed("id"), *PLAN_READ_FIELDS[7:], computed("name"),
            computed("resource_type"))),
    ),
    example='''data "ibm_is_backup_policy_plans" "all" {
  backup_policy_id = ibm_is_backup_policy.daily.id
}''',
)
