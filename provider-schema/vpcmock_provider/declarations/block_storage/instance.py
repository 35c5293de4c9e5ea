"""ibm_is_instance: a virtual server instance (API: /instances). Every attribute of the IBM type is served; those the API does not carry are kept
beside it in the mock (see resources/kept.py)."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_instance", "resource",
    description='A virtual server instance with a boot volume and attached data volumes.',
    import_id='<instance id>',
    overlay={
        "name": {"description": 'The unique name of the instance', "check": RESOURCE_NAME},
        "profile": {"description": 'The instance profile, for example bx2-2x8'},
        "zone": {"description": 'The zone of the instance'},
        "vpc": {"description": 'The id of the VPC'},
        "image": {"description": 'The id of the image (or boot from a snapshot)'},
        "keys": {"description": "SSH key ids: each must exist; the instance's initialization answers them"},
        "primary_network_interface": {"description": 'The primary network interface: its subnet gives the address (or the one asked for)'},
        "primary_network_interface.subnet": {"description": 'The id of the subnet'},
        "primary_network_interface.name": {"description": 'The name of the interface'},
        "boot_volume": {"description": 'The boot volume'},
        "boot_volume.name": {"description": 'The name of the boot volume'},
        "boot_volume.profile": {"description": 'The profile of the boot volume'},
        "boot_volume.size": {"description": 'The capacity of the boot volume in GB'},
        "boot_volume.snapshot": {"description": 'A bootable snapshot (or backup) to boot from'},
        "boot_volume.auto_delete_volume": {"description": 'Delete the boot volume with the instance'},
        "boot_volume.volume_id": {"description": 'The id of the boot volume'},
        "volumes": {"description": 'Ids of data volumes attached (set it, or use ibm_is_instance_volume_attachment, not both)'},
        "tags": {"description": 'User tags of the instance (instance backup policies match them)'},
    },
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
