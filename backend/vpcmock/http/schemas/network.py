"""Response shapes of SSH keys, VPCs, address prefixes and subnets, and of the catalogue
(regions, zones, images, instance profiles)."""

from vpcmock.http.schemas.base import collection_schema, output_schema

KEY = output_schema("Key", "created_at crn fingerprint href id length name public_key resource_group type")
VPC = output_schema("VPC", """classic_access created_at crn cse_source_ips default_network_acl default_routing_table
    default_security_group dns health_reasons health_state href id name resource_group resource_type status""")
ADDRESS_PREFIX = output_schema("AddressPrefix", "cidr created_at has_subnets href id is_default name zone")
SUBNET = output_schema("Subnet", """available_ipv4_address_count created_at crn href id ip_version ipv4_cidr_block name
    network_acl resource_group resource_type routing_table status total_ipv4_address_count vpc zone""")

REGION = output_schema("Region", "cross_region_copy endpoint href name status")
REGIONS = collection_schema("RegionCollection", "regions", REGION)
ZONE = output_schema("Zone", "href name region status universal_name")
ZONES = collection_schema("ZoneCollection", "zones", ZONE)
IMAGE = output_schema("Image", """allowed_use catalog_offering created_at crn encryption file href id
    minimum_provisioned_size name operating_system owner_type resource_type status status_reasons user_data_format
    visibility""")
INSTANCE_PROFILE = output_schema("InstanceProfile", """bandwidth disks family gpu_count href memory name
    network_interface_count os_architecture resource_type status vcpu_architecture vcpu_count vcpu_manufacturer""")
