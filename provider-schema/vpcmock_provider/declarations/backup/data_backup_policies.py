"""data ibm_is_backup_policies: the backup policies of the region, optionally filtered."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policies", "data",
    description='Lists backup policies, filtered by resource group, name or tag.',
    overlay={
        "resource_group": {"description": 'Only policies of this resource group id'},
        "name": {"description": 'Only the policy of this name'},
        "tag": {"description": 'Only policies carrying this user tag'},
        "backup_policies": {"description": 'The policies'},
        "backup_policies.match_resource_types": {"description": 'Deprecated: the one match_resource_type, as a list'},
        "backup_policies.plans": {"description": 'The plans of the policy'},
        "backup_policies.plans.deleted": {"description": 'Present when the referenced resource has been deleted'},
        "backup_policies.plans.deleted.more_info": {"description": 'Link to documentation about deleted resources'},
        "backup_policies.resource_group": {"description": 'The resource group of the policy'},
        "backup_policies.health_reasons": {"description": 'The reasons for the current health state'},
        "backup_policies.scope": {"description": 'The scope of the policy: the account, or an enterprise'},
    },
    example='''data "ibm_is_backup_policies" "all" {}''',
)
