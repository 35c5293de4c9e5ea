"""data ibm_is_backup_policy_plans: the plans of a policy."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy_plans", "data",
    description='Lists the plans of a backup policy, optionally only the one of a name.',
    overlay={
        "backup_policy_id": {"description": 'The id of the policy'},
        "name": {"description": 'Only the plan of this name'},
        "plans": {"description": 'The plans'},
        "plans.remote_region_policy": {"api": 'remote_region_policies'},
    },
    example='''data "ibm_is_backup_policy_plans" "all" {
  backup_policy_id = ibm_is_backup_policy.daily.id
}''',
)
