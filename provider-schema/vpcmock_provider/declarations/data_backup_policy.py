"""data ibm_is_backup_policy: one backup policy, by id or by name."""

from vpcmock_provider.declarations.common import POLICY_READ_FIELDS, POLICY_TAIL_FIELDS
from vpcmock_provider.fields import STRING, Declaration, f

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy", kind="data_source",
    description="Reads one backup policy, by `identifier` or by `name`.",
    fields=(
        f("identifier", STRING, "Optional", exactly_one_of=("name", "identifier"), description="The id of the policy"),
        f("name", STRING, "Optional", "Computed", exactly_one_of=("name", "identifier"),
          description="The name of the policy"),
        *POLICY_READ_FIELDS,
        *POLICY_TAIL_FIELDS,
    ),
    example='''data "ibm_is_backup_policy" "daily" {
  name = "daily-volumes"
}''',
)
