"""ibm_is_snapshot: a manual snapshot of a volume, or a copy of a snapshot of another region
(API: /snapshots), a documented subset of the IBM resource."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import BOOL, INT, SET_OF_STRINGS, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_snapshot",
    description="A snapshot of a volume taken now (backups are the snapshots plans take).",
    import_id="<snapshot id>",
    fields=(
        f("name", STRING, "Optional", "Computed", check=RESOURCE_NAME, description="The unique name"),
        f("source_volume", STRING, "Optional", "Computed", "ForceNew", description="The id of the volume",
          exactly_one_of=("source_snapshot_crn", "source_volume")),
        f("source_snapshot_crn", STRING, "Optional", "ForceNew",
          description="The CRN of a snapshot in another region to copy into this provider's region",
          exactly_one_of=("source_snapshot_crn", "source_volume")),
        f("encryption_key", STRING, "Optional", "Computed",
          description="The CRN of the root key for a copy of a snapshot encrypted with a customer key"),
        f("tags", SET_OF_STRINGS, "Optional", "Computed", description="User tags of the snapshot"),
        f("resource_group", STRING, "Optional", "Computed", "ForceNew", description="The resource group id"),
        computed("crn"), computed("href"), computed("lifecycle_state"), computed("size", INT),
        computed("bootable", BOOL), computed("encryption"), computed("captured_at"),
    ),
    example='''resource "ibm_is_snapshot" "before_upgrade" {
  name          = "before-upgrade"
  source_volume = ibm_is_volume.data.id
}

# A copy in the region of another provider configuration (alias "dr").
resource "ibm_is_snapshot" "dr_copy" {
  provider            = ibm.dr
  name                = "before-upgrade-dr"
  source_snapshot_crn = ibm_is_snapshot.before_upgrade.crn
}''',
)
