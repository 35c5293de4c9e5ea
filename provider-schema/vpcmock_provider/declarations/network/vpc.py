"""ibm_is_vpc, ibm_is_subnet and ibm_is_vpc_address_prefix (API: /vpcs, /subnets,
/vpcs/{id}/address_prefixes)."""

from vpcmock_provider.ibm_schema import declaration

VPC = declaration(
    "ibm_is_vpc", "resource",
    description="A VPC, with its default security group, network ACL and routing table and, unless "
                "address_prefix_management is manual, a default /18 address prefix per zone.",
    import_id="<vpc id>",
    example='''resource "ibm_is_vpc" "app" {
  name = "app-vpc"
}''',
)
SUBNET = declaration(
    "ibm_is_subnet", "resource",
    description="A subnet of a VPC in one zone: ipv4_cidr_block inside a prefix of the zone, or "
                "total_ipv4_address_count (a power of two) placed in the first free block.",
    import_id="<subnet id>",
    example='''resource "ibm_is_subnet" "app" {
  name                     = "app-subnet"
  vpc                      = ibm_is_vpc.app.id
  zone                     = "us-south-1"
  total_ipv4_address_count = 256
}''',
)
ADDRESS_PREFIX = declaration(
    "ibm_is_vpc_address_prefix", "resource",
    description="An address prefix of a VPC in one zone; prefixes of a VPC never overlap.",
    import_id="<vpc id>/<address prefix id>",
    example='''resource "ibm_is_vpc_address_prefix" "zone1" {
  name = "zone1"
  vpc  = ibm_is_vpc.app.id
  zone = "us-south-1"
  cidr = "10.120.0.0/18"
}''',
)
