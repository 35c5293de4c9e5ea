"""ibm_is_share: a file share (API: /shares). A documented subset of the IBM resource:
zonal (`dp2`, with a zone) and regional (`rfs`, without) shares, their user tags and access
control mode."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import INT, SET_OF_STRINGS, STRING, Declaration, computed, f, int_between, one_of

DECLARATION = Declaration(
    type_name="ibm_is_share",
    description="A file share. Backup policies with match_resource_type share match its user tags.",
    import_id="<share id>",
    fields=(
        f("name", STRING, "Required", check=RESOURCE_NAME, description="The unique name of the share"),
        f("profile", STRING, "Required", "ForceNew", description="dp2 (zonal) or rfs (regional)"),
        f("zone", STRING, "Optional", "ForceNew", description="The zone of a zonal (dp2) share"),
        f("size", INT, "Optional", "Computed", check=int_between(10, 32000), description="Size in GB (grows only)"),
        f("iops", INT, "Optional", "Computed", description="Maximum I/O operations per second"),
        f("access_control_mode", STRING, "Optional", "Computed", check=one_of("security_group", "vpc"),
          description="security_group (default) or vpc; shares in vpc mode cannot be backed up"),
        f("resource_group", STRING, "Optional", "Computed", "ForceNew", api="resource_group.id",
          description="The id of the resource group"),
        f("tags", SET_OF_STRINGS, "Optional", "Computed", api="user_tags",
          description="The user tags of the share (backup policies match them)"),
        computed("crn"), computed("href"), computed("lifecycle_state"), computed("encryption"),
        computed("availability_mode", description="zonal or regional"),
    ),
    example='''resource "ibm_is_share" "files" {
  name    = "team-files"
  profile = "dp2"
  zone    = "us-south-1"
  size    = 200
  tags    = ["backup:files"]
}''',
)
