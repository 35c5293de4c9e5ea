"""data ibm_is_backup_policies: the backup policies of the region, optionally filtered."""

from vpcmock_provider.declarations.common import POLICY_READ_FIELDS, POLICY_TAIL_FIELDS
from vpcmock_provider.fields import BLOCK, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_backup_policies", kind="data_source",
    description="Lists backup policies, filtered by resource group, name or tag.",
    fields=(
        f("resource_group", STRING, "Optional", description="Only policies of this resource group id"),
        f("name", STRING, "Optional", description="Only the policy of this name"),
        f("tag", STRING, "Optional", description="Only policies carrying this user tag"),
        computed("backup_policies", BLOCK, "The policies", fields=(
            *POLICY_READ_FIELDS[:4], computed("id"), *POLICY_READ_FIELDS[4:],
            computed("name"), *POLICY_TAIL_FIELDS)),
    ),
    example='''data "ibm_is_backup_policies" "all" {}''',
)
