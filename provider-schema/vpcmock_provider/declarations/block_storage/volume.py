"""ibm_is_volume: a block storage volume (API: /volumes). Every attribute of the IBM type is served; those the API does not carry are kept
beside it in the mock (see resources/kept.py)."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import int_between
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_volume", "resource",
    description='A block storage volume. Give it user tags (`tags`) that a backup policy matches.',
    import_id='<volume id>',
    overlay={
        "name": {"description": 'The unique name of the volume', "check": RESOURCE_NAME},
        "profile": {"description": 'general-purpose, 5iops-tier, 10iops-tier, custom (generation 1) or sdp (generation 2)'},
        "zone": {"description": 'The zone of the volume'},
        "capacity": {"description": 'Capacity in GB', "check": int_between(10, 32000)},
        "iops": {"description": 'Maximum I/O operations per second'},
        "encryption_key": {"description": 'The CRN of the root key (customer-managed encryption)'},
        "resource_group": {"description": 'The id of the resource group', "api": 'resource_group.id'},
        "source_snapshot": {"description": 'The id of the snapshot (or backup) to restore the volume from', "api": 'source_snapshot.id'},
        "tags": {"description": 'The user tags of the volume (backup policies match them)', "api": 'user_tags'},
        "delete_all_snapshots": {"description": "Delete the volume's snapshots with it"},
    },
    example='''resource "ibm_is_volume" "data" {
  name     = "app-data"
  profile  = "sdp"
  zone     = "us-south-1"
  capacity = 100
  tags     = ["backup:daily"]
}''',
)
