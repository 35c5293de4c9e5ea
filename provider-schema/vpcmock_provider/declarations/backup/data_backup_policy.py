"""data ibm_is_backup_policy: one backup policy, by id or by name."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy", "data",
    description='Reads one backup policy, by `identifier` or by `name`.',
    overlay={
        "identifier": {"description": 'The id of the policy'},
        "name": {"description": 'The name of the policy'},
        "match_resource_types": {"description": 'Deprecated: the one match_resource_type, as a list'},
        "plans": {"description": 'The plans of the policy'},
        "plans.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "plans.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "resource_group": {"description": 'The resource group of the policy'},
        "health_reasons": {"description": 'The reasons for the current health state'},
        "scope": {"description": 'The scope of the policy: the account, or an enterprise'},
    },
    example='''data "ibm_is_backup_policy" "daily" {
  name = "daily-volumes"
}''',
)
