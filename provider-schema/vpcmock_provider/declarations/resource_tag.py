"""ibm_resource_tag: user tags on any resource, by CRN, through the Global Tagging API."""

from vpcmock_provider.fields import SET_OF_STRINGS, STRING, Declaration, f, one_of

DECLARATION = Declaration(
    type_name="ibm_resource_tag",
    description="Attaches user tags to a resource named by its CRN (for example an instance, for "
                "instance backup policies).",
    import_id="<resource CRN>",
    fields=(
        f("resource_id", STRING, "Required", "ForceNew", description="The CRN of the resource"),
        f("tags", SET_OF_STRINGS, "Optional", "Computed", description="The user tags"),
        f("tag_type", STRING, "Optional", "Computed", check=one_of("user"),
          description="user (the mock serves user tags only)"),
    ),
    example='''resource "ibm_resource_tag" "vsi" {
  resource_id = ibm_is_instance.app.crn
  tags        = ["backup:vsi"]
}''',
)
