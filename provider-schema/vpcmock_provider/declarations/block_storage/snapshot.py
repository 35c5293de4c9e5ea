"""ibm_is_snapshot: a manual snapshot of a volume, or a copy of a snapshot of another region (API: /snapshots). Every attribute of the IBM type is served; those the API does not carry are kept
beside it in the mock (see resources/kept.py)."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_snapshot", "resource",
    description='A snapshot of a volume taken now (backups are the snapshots plans take).',
    import_id='<snapshot id>',
    overlay={
        "name": {"description": 'The unique name', "check": RESOURCE_NAME},
        "source_volume": {"description": 'The id of the volume'},
        "source_snapshot_crn": {"description": "The CRN of a snapshot in another region to copy into this provider's region"},
        "encryption_key": {"description": 'The CRN of the root key for a copy of a snapshot encrypted with a customer key'},
        "tags": {"description": 'User tags of the snapshot'},
        "resource_group": {"description": 'The resource group id'},
    },
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
