"""data ibm_is_volume: one volume, by name or id. Every attribute of the IBM data source is
served; those the API has no value for read as null (or empty lists)."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_volume", "data",
    description='Reads one volume, by `name` or `identifier`.',
    overlay={
        "name": {"description": 'The name'},
        "identifier": {"description": 'The id'},
        "zone": {"description": 'The zone'},
    },
    example='''data "ibm_is_volume" "data" {
  name = "app-data"
}''',
)
