"""ibm_is_share_mount_target: how a VPC reaches a file share (API: /shares/{id}/mount_targets)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_share_mount_target", "resource",
    description="A mount target of a share: a virtual network interface in a subnet (security_group "
                "mode), or the VPC (vpc mode).",
    import_id="<share id>/<mount target id>",
    example='''resource "ibm_is_share_mount_target" "app" {
  share = ibm_is_share.files.id
  name  = "app"
  virtual_network_interface {
    name   = "app-vni"
    subnet = ibm_is_subnet.app.id
  }
}''',
)
