"""ibm_is_snapshot: a manual snapshot of a volume (API: /snapshots), a documented subset."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import BOOL, INT, SET_OF_STRINGS, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_snapshot",
    description="A snapshot of a volume taken now (backups are the snapshots plans take).",
    import_id="<snapshot id>",
    fields=(
        f("name", STRING, "Optional", "Computed", check=RESOURCE_NAME, description="The unique name"),
        f("source_volume", STRING, "Optional", "Computed", "ForceNew", description="The id of the volume"),
        f("tags", SET_OF_STRINGS, "Optional", "Computed", description="User tags of the snapshot"),
        f("resource_group", STRING, "Optional", "Computed", "ForceNew", description="The resource group id"),
        computed("crn"), computed("href"), computed("lifecycle_state"), computed("size", INT),
        computed("bootable", BOOL), computed("encryption"), computed("captured_at"),
    ),
    example='''resource "ibm_is_snapshot" "before_upgrade" {
  name          = "before-upgrade"
  source_volume = ibm_is_volume.data.id
}''',
)
