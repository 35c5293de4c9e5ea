"""ibm_is_instance: a virtual server instance (API: /instances). A documented subset of the
IBM resource: profile, zone, VPC, image or boot snapshot, the boot volume block, data volumes
by id (`volumes`) and user tags (through the Global Tagging API, as the IBM provider does).
The network block is accepted and kept as configured; the mock models no networking."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import BLOCK, BOOL, INT, SET_OF_STRINGS, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_instance",
    description="A virtual server instance with a boot volume and attached data volumes.",
    import_id="<instance id>",
    fields=(
        f("name", STRING, "Required", check=RESOURCE_NAME, description="The unique name of the instance"),
        f("profile", STRING, "Required", "ForceNew", description="The instance profile, for example bx2-2x8"),
        f("zone", STRING, "Required", "ForceNew", description="The zone of the instance"),
        f("vpc", STRING, "Required", "ForceNew", description="The id of the VPC"),
        f("image", STRING, "Optional", "ForceNew", description="The id of the image (or boot from a snapshot)"),
        f("keys", SET_OF_STRINGS, "Optional", description="SSH key ids (accepted, unused)"),
        f("primary_network_interface", BLOCK, "Optional", max_items=1,
          description="The primary network interface (accepted as configured)", fields=(
              f("subnet", STRING, "Required", description="The id of the subnet"),
              f("name", STRING, "Optional", description="The name of the interface"),
          )),
        f("boot_volume", BLOCK, "Optional", "Computed", max_items=1, description="The boot volume", fields=(
            f("name", STRING, "Optional", "Computed", description="The name of the boot volume"),
            f("profile", STRING, "Optional", "Computed", description="The profile of the boot volume"),
            f("size", INT, "Optional", "Computed", description="The capacity of the boot volume in GB"),
            f("snapshot", STRING, "Optional", "Computed", description="A bootable snapshot (or backup) to boot from"),
            f("auto_delete_volume", BOOL, "Optional", default=True,
              description="Delete the boot volume with the instance"),
            computed("volume_id", description="The id of the boot volume"),
        )),
        f("volumes", SET_OF_STRINGS, "Optional", "Computed",
          description="Ids of data volumes attached (set it, or use ibm_is_instance_volume_attachment, not both)"),
        f("tags", SET_OF_STRINGS, "Optional", "Computed",
          description="User tags of the instance (instance backup policies match them)"),
        computed("crn"), computed("status"), computed("memory", INT),
    ),
    example='''resource "ibm_is_instance" "app" {
  name    = "app-server"
  profile = "bx2-2x8"
  zone    = "us-south-1"
  vpc     = "r006-vpc"
  image   = "r006-image"
  volumes = [ibm_is_volume.data.id]
  tags    = ["backup:vsi"]
}''',
)
