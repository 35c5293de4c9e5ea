"""ibm_is_instance_volume_attachment: a data volume attached to an instance. Every attribute of the IBM type is served; those the API does not carry are kept
beside it in the mock (see resources/kept.py)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_instance_volume_attachment", "resource",
    description='Attaches an existing data volume to an instance.',
    import_id='<instance id>/<attachment id>',
    overlay={
        "instance": {"description": 'The id of the instance'},
        "volume": {"description": 'The id of the volume to attach'},
        "name": {"description": 'The name of the attachment'},
        "delete_volume_on_instance_delete": {"description": 'Delete the volume with the instance'},
    },
    example='''resource "ibm_is_instance_volume_attachment" "data" {
  instance = ibm_is_instance.app.id
  volume   = ibm_is_volume.data.id
}''',
)
