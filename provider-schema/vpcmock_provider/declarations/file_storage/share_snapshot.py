"""ibm_is_share_snapshot: a snapshot of a file share (API: /shares/{id}/snapshots)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_share_snapshot", "resource",
    description="A snapshot of a file share, taken now (share backups are the snapshots plans take).",
    import_id="<share id>/<share snapshot id>",
    example='''resource "ibm_is_share_snapshot" "before" {
  share = ibm_is_share.files.id
  name  = "before-upgrade"
}''',
)
