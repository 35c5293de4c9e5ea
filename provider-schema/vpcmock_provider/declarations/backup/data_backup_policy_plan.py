"""data ibm_is_backup_policy_plan: one plan of a policy, by id or by name."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy_plan", "data",
    description='Reads one plan of a backup policy, by `identifier` or by `name`.',
    overlay={
        "backup_policy_id": {"description": 'The id of the policy'},
        "identifier": {"description": 'The id of the plan'},
        "name": {"description": 'The name of the plan'},
        "remote_region_policy": {"api": 'remote_region_policies'},
    },
    example='''data "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  name             = "nightly"
}''',
)
