"""ibm_is_backup_policy: a backup policy (API: /backup_policies)."""

from vpcmock_provider.declarations.common import NAME
from vpcmock_provider.fields import one_of
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy", "resource",
    description='A backup policy: which resources (by user tag) its plans back up.',
    import_id='<backup policy id>',
    overlay={
        "match_resource_types": {"description": 'Deprecated: the resource types the policy applies to'},
        "match_resource_type": {"description": 'The resource type the policy applies to: instance, share or volume', "check": one_of('instance', 'share', 'volume')},
        "match_user_tags": {"description": 'A resource carrying any of these user tags is backed up by the policy'},
        "included_content": {"description": 'For instance policies: boot_volume and/or data_volumes', "check_items": one_of('boot_volume', 'data_volumes')},
        "name": {"description": 'The unique name of the policy', "check": NAME},
        "resource_group": {"description": 'The id of the resource group of the policy', "api": 'resource_group.id'},
        "created_at": {"description": 'When the policy was created'},
        "last_job_completed_at": {"description": 'When the latest job of the policy completed'},
        "version": {"description": 'The ETag of the policy, sent as If-Match on changes'},
        "health_reasons": {"description": 'The reasons for the current health state'},
        "scope": {"description": 'The scope of the policy: the account (default) or an enterprise'},
        "scope.crn": {"description": 'The CRN of the enterprise the policy applies to'},
    },
    example='''resource "ibm_is_backup_policy" "daily" {
  name                = "daily-volumes"
  match_resource_type = "volume"
  match_user_tags     = ["backup:daily"]
}''',
)
