"""ibm_resource_group: a resource group of the account (API: Resource Manager /v2/resource_groups)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_resource_group", "resource",
    description="A resource group of the account. Volumes, shares and backup policies name it by id.",
    import_id="<resource group id>",
    overlay={"name": {"description": "The name of the group, unique in the account"}},
    example='''resource "ibm_resource_group" "backups" {
  name = "backups"
}''',
)

DATA_DECLARATION = declaration(
    "ibm_resource_group", "data",
    description="Reads a resource group by `name`, or the account's default one (`is_default = true`).",
    example='''data "ibm_resource_group" "default" {
  name = "Default"
}''',
)
