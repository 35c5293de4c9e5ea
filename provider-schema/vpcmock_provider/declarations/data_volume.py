"""data ibm_is_volume: one volume, by name or id (a documented subset of the IBM data source)."""

from vpcmock_provider.fields import INT, SET_OF_STRINGS, STRING, Declaration, computed, f

DECLARATION = Declaration(
    type_name="ibm_is_volume", kind="data_source",
    description="Reads one volume, by `name` or `identifier`.",
    fields=(
        f("name", STRING, "Optional", "Computed", exactly_one_of=("name", "identifier"), description="The name"),
        f("identifier", STRING, "Optional", exactly_one_of=("name", "identifier"), description="The id"),
        f("zone", STRING, "Optional", "Computed", description="The zone"),
        computed("profile"), computed("capacity", INT), computed("iops", INT), computed("crn"), computed("status"),
        computed("health_state"), computed("resource_group"), computed("source_snapshot"),
        computed("tags", SET_OF_STRINGS), computed("encryption_type"),
    ),
    example='''data "ibm_is_volume" "data" {
  name = "app-data"
}''',
)
