"""Response shapes of SSH keys, VPCs, address prefixes and subnets, and of the catalogue
(regions, zones, images, instance profiles)."""

from vpcmock.http.schemas.base import collection_schema, output_schema

KEY = output_schema("Key", "created_at crn fingerprint href id length name public_key resource_group type")
VPC = output_schema("VPC", """classic_access created_at crn cse_source_ips default_network_acl default_routing_table
    default_security_group dns health_reasons health_state href id name resource_group resource_type status""")
DNS_RESOLUTION_BINDING = output_schema("VPCDNSResolutionBinding", """created_at endpoint_gateways health_reasons
    health_state href id lifecycle_state name resource_type vpc""")
ADDRESS_PREFIX = output_schema("AddressPrefix", "cidr created_at has_subnets href id is_default name zone")
SUBNET = output_schema("Subnet", """available_ipv4_address_count created_at crn href id ip_version ipv4_cidr_block name
    network_acl public_gateway resource_group resource_type routing_table status total_ipv4_address_count vpc zone""")

REGION = output_schema("Region", "cross_region_copy endpoint href name status")
REGIONS = collection_schema("RegionCollection", "regions", REGION)
ZONE = output_schema("Zone", "data_center href name region status universal_name")
ZONES = collection_schema("ZoneCollection", "zones", ZONE)
IMAGE = output_schema("Image", """allowed_use catalog_offering created_at crn deprecation_at encryption encryption_key
    file href id minimum_provisioned_size name obsolescence_at operating_system owner_type remote resource_group
    resource_type source_volume status status_reasons user_data_format visibility zones""")
INSTANCE_PROFILE = output_schema("InstanceProfile", """availability_class bandwidth cluster_network_attachment_count
    confidential_compute_modes disks family gpu_count gpu_manufacturer gpu_memory gpu_model href memory name
    network_attachment_count network_bandwidth_mode network_interface_count numa_count os_architecture port_speed
    reservation_terms resource_type secure_boot_modes status supported_cluster_network_profiles threads_per_core
    total_volume_bandwidth vcpu_architecture vcpu_burst_limit vcpu_count vcpu_manufacturer vcpu_percentage
    volume_bandwidth_qos_modes zones""")
VOLUME_PROFILE = output_schema("VolumeProfile", """adjustable_capacity_states adjustable_iops_states bandwidth
    boot_capacity capacity family href iops name storage_generation""")
SHARE_PROFILE = output_schema("ShareProfile", """allowed_access_protocols allowed_transit_encryption_modes
    availability_modes bandwidth capacity family href iops name resource_type storage_generation""")
