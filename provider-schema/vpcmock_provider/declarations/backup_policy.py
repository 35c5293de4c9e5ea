"""ibm_is_backup_policy: a backup policy (API: /backup_policies)."""

from vpcmock_provider.declarations.common import HEALTH_REASONS, NAME
from vpcmock_provider.fields import BLOCK, SET_OF_STRINGS, STRING, Declaration, computed, f, one_of

DECLARATION = Declaration(
    type_name="ibm_is_backup_policy",
    description="A backup policy: which resources (by user tag) its plans back up.",
    import_id="<backup policy id>",
    fields=(
        f("match_resource_types", SET_OF_STRINGS, "Optional", "Computed", conflicts_with=("match_resource_type",),
          deprecated="match_resource_types is being deprecated. Use match_resource_type instead",
          description="Deprecated: the resource types the policy applies to"),
        f("match_resource_type", STRING, "Optional", "ForceNew", default="volume",
          conflicts_with=("match_resource_types",), check=one_of("instance", "share", "volume"),
          description="The resource type the policy applies to: instance, share or volume"),
        f("match_user_tags", SET_OF_STRINGS, "Required",
          description="A resource carrying any of these user tags is backed up by the policy"),
        f("included_content", SET_OF_STRINGS, "Optional", "Computed", check_items=one_of("boot_volume", "data_volumes"),
          description="For instance policies: boot_volume and/or data_volumes"),
        f("name", STRING, "Required", check=NAME, description="The unique name of the policy"),
        f("resource_group", STRING, "Optional", "Computed", "ForceNew", api="resource_group.id",
          description="The id of the resource group of the policy"),
        computed("created_at", description="When the policy was created"),
        computed("crn"), computed("href"),
        computed("last_job_completed_at", description="When the latest job of the policy completed"),
        computed("lifecycle_state"), computed("resource_type"),
        computed("version", description="The ETag of the policy, sent as If-Match on changes"),
        HEALTH_REASONS,
        computed("health_state"),
        f("scope", BLOCK, "Optional", "Computed", max_items=1,
          description="The scope of the policy: the account (default) or an enterprise", fields=(
              f("crn", STRING, "Optional", description="The CRN of the enterprise the policy applies to"),
              computed("id"), computed("resource_type"))),
    ),
    example='''resource "ibm_is_backup_policy" "daily" {
  name                = "daily-volumes"
  match_resource_type = "volume"
  match_user_tags     = ["backup:daily"]
}''',
)
