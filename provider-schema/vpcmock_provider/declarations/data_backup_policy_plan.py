"""data ibm_is_backup_policy_plan: one plan of a policy, by id or by name."""

from vpcmock_provider.declarations.common import PLAN_READ_FIELDS
from vpcmock_provider.fields import STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy_plan", kind="data_source",
    description="Reads one plan of a backup policy, by `identifier` or by `name`.",
    fields=(
        f("backup_policy_id", STRING, "Required", description="The id of the policy"),
        f("identifier", STRING, "Optional", exactly_one_of=("name", "identifier"), description="The id of the plan"),
        f("name", STRING, "Optional", "Computed", exactly_one_of=("name", "identifier"),
          description="The name of the plan"),
        *PLAN_READ_FIELDS,
        computed("resource_type"),
    ),
    example='''data "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  name             = "nightly"
}''',
)
