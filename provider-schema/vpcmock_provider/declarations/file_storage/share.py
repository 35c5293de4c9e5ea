"""ibm_is_share: a file share (API: /shares). Every attribute of the IBM type is served; those the API does not carry are kept
beside it in the mock (see resources/kept.py)."""

from vpcmock_provider.declarations.common import RESOURCE_NAME
from vpcmock_provider.fields import int_between, one_of
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_share", "resource",
    description='A file share. Backup policies with match_resource_type share match its user tags.',
    import_id='<share id>',
    overlay={
        "name": {"description": 'The unique name of the share', "check": RESOURCE_NAME},
        "profile": {"description": 'dp2 (zonal) or rfs (regional)'},
        "zone": {"description": 'The zone of a zonal (dp2) share'},
        "size": {"description": 'Size in GB (grows only; dp2 from 10, rfs from 1)', "check": int_between(1, 32000)},
        "iops": {"description": 'Maximum I/O operations per second'},
        "access_control_mode": {"description": 'security_group (default) or vpc; shares in vpc mode cannot be backed up', "check": one_of('security_group', 'vpc')},
        "resource_group": {"description": 'The id of the resource group', "api": 'resource_group.id'},
        "tags": {"description": 'The user tags of the share (backup policies match them)', "api": 'user_tags'},
        "availability_mode": {"description": 'zonal or regional'},
    },
    example='''resource "ibm_is_share" "files" {
  name    = "team-files"
  profile = "dp2"
  zone    = "us-south-1"
  size    = 200
  tags    = ["backup:files"]
}''',
)
