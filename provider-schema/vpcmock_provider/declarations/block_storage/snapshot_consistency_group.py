"""ibm_is_snapshot_consistency_group: snapshots of several volumes taken together (API:
/snapshot_consistency_groups)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_snapshot_consistency_group", "resource",
    description="Snapshots of several volumes of one instance, taken at the same instant.",
    import_id="<consistency group id>",
    example='''resource "ibm_is_snapshot_consistency_group" "db" {
  name = "db-before-upgrade"
  snapshots {
    name          = "db-data"
    source_volume = ibm_is_volume.data.id
  }
}''',
)
