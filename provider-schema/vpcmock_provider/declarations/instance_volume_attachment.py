"""ibm_is_instance_volume_attachment: a data volume attached to an instance (a documented
subset: an existing volume by id)."""

from vpcmock_provider.fields import BOOL, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_instance_volume_attachment",
    description="Attaches an existing data volume to an instance.",
    import_id="<instance id>/<attachment id>",
    fields=(
        f("instance", STRING, "Required", "ForceNew", description="The id of the instance"),
        f("volume", STRING, "Required", "ForceNew", description="The id of the volume to attach"),
        f("name", STRING, "Optional", "Computed", "ForceNew", description="The name of the attachment"),
        f("delete_volume_on_instance_delete", BOOL, "Optional", "Computed", "ForceNew",
          description="Delete the volume with the instance"),
        computed("volume_attachment_id"), computed("status"), computed("type"), computed("href"),
    ),
    example='''resource "ibm_is_instance_volume_attachment" "data" {
  instance = ibm_is_instance.app.id
  volume   = ibm_is_volume.data.id
}''',
)
