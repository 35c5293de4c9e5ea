"""ibm_resource_tag: user tags on any resource, by CRN, through the Global Tagging API."""

from vpcmock_provider.fields import one_of
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_resource_tag", "resource",
    description='Attaches user tags to a resource named by its CRN (for example an instance, for instance backup policies).',
    import_id='<resource CRN>',
    overlay={
        "resource_id": {"description": 'The CRN of the resource'},
        "tags": {"description": 'The user tags'},
        "tag_type": {"description": 'user (the mock serves user tags only)', "check": one_of('user')},
    },
    example='''resource "ibm_resource_tag" "vsi" {
  resource_id = ibm_is_instance.app.crn
  tags        = ["backup:vsi"]
}''',
)
