"""ibm_is_volume: a block storage volume (API: /volumes). A documented subset of the IBM
resource: the attributes below keep the IBM names and flags, except that changing `profile`
replaces the volume (the mock's volumes cannot change profile)."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import BOOL, INT, SET_OF_STRINGS, STRING, Declaration, computed, f, int_between

DECLARATION = Declaration(
    type_name="ibm_is_volume",
    description="A block storage volume. Give it user tags (`tags`) that a backup policy matches.",
    import_id="<volume id>",
    fields=(
        f("name", STRING, "Required", check=RESOURCE_NAME, description="The unique name of the volume"),
        f("profile", STRING, "Required", "ForceNew",
          description="general-purpose, 5iops-tier, 10iops-tier, custom (generation 1) or sdp (generation 2)"),
        f("zone", STRING, "Required", "ForceNew", description="The zone of the volume"),
        f("capacity", INT, "Optional", "Computed", check=int_between(10, 32000), description="Capacity in GB"),
        f("iops", INT, "Optional", "Computed", description="Maximum I/O operations per second"),
        f("encryption_key", STRING, "Optional", "Computed", "ForceNew",
          description="The CRN of the root key (customer-managed encryption)"),
        f("resource_group", STRING, "Optional", "Computed", "ForceNew", api="resource_group.id",
          description="The id of the resource group"),
        f("source_snapshot", STRING, "Optional", "Computed", "ForceNew", api="source_snapshot.id",
          description="The id of the snapshot (or backup) to restore the volume from"),
        f("tags", SET_OF_STRINGS, "Optional", "Computed", api="user_tags",
          description="The user tags of the volume (backup policies match them)"),
        f("delete_all_snapshots", BOOL, "Optional", description="Delete the volume's snapshots with it"),
        computed("crn"), computed("status"), computed("health_state"), computed("encryption_type"),
        computed("storage_generation", INT),
    ),
    example='''resource "ibm_is_volume" "data" {
  name     = "app-data"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 100
  tags     = ["backup:daily"]
}''',
)
