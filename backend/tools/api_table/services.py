"""The tables and where each is read from: one per service, named as its file in
backend/vpcmock/api_table/ (``<name>.json``).

Each generated SDK (IBM's OpenAPI SDK generator: ibm-vpc, ibm-platform-services,
ibm-cloud-networking-services, ibm-cos-sdk-config, keyprotect; all pinned in pyproject.toml's
``test`` extra) is read by ``sdk_table`` from its package, module and service class; COS's S3 API,
from the ibm-cos-sdk-core botocore model, by ``cos_s3``.
"""

from __future__ import annotations

from dataclasses import dataclass

import api_statuses
import platform_statuses
from api_statuses import StatusRule


@dataclass(frozen=True)
class Service:
    """A service read from a module of a generated SDK."""

    name: str  # the table: backend/vpcmock/api_table/<name>.json
    package: str  # the distribution, as pinned
    module: str  # the module, relative to the installation
    service_class: str  # the class whose methods are the operations
    statuses: StatusRule
    limit: dict | None = None  # the bounds of every `limit` query parameter, where the API has a convention
    bounds: str = ("The SDK carries no bounds (page sizes, string lengths and patterns, integer ranges, "
                   "array sizes): unknown here.")


VPC = Service(
    "vpc", "ibm-vpc", "ibm_vpc/vpc_v1.py", "VpcV1", api_statuses.VPC,
    limit={"minimum": 1, "maximum": 100, "default": 50},
    bounds=("limit: 1..100, default 50 (the VPC API's page size convention). The SDK carries no other bounds "
            "(string lengths and patterns, integer ranges such as a volume's capacity, array sizes): unknown here."))


def _platform(name: str, module: str, service_class: str) -> Service:
    return Service(name, "ibm-platform-services", f"ibm_platform_services/{module}.py", service_class,
                   platform_statuses.RULES[name])


def _networking(name: str, module: str, service_class: str) -> Service:
    return Service(name, "ibm-cloud-networking-services", f"ibm_cloud_networking_services/{module}.py",
                   service_class, platform_statuses.RULES[name])


GENERATED = [
    VPC,
    _platform("iam_identity", "iam_identity_v1", "IamIdentityV1"),
    _platform("iam_policy_management", "iam_policy_management_v1", "IamPolicyManagementV1"),
    _platform("iam_access_groups", "iam_access_groups_v2", "IamAccessGroupsV2"),
    _platform("resource_controller", "resource_controller_v2", "ResourceControllerV2"),
    _platform("resource_manager", "resource_manager_v2", "ResourceManagerV2"),
    _platform("global_tagging", "global_tagging_v1", "GlobalTaggingV1"),
    _platform("context_based_restrictions", "context_based_restrictions_v1", "ContextBasedRestrictionsV1"),
    _platform("user_management", "user_management_v1", "UserManagementV1"),
    _networking("dns_svcs", "dns_svcs_v1", "DnsSvcsV1"),
    _networking("transit_gateway", "transit_gateway_apis_v1", "TransitGatewayApisV1"),
    Service("cos_config", "ibm-cos-sdk-config", "ibm_cos_sdk_config/resource_configuration_v1.py",
            "ResourceConfigurationV1", platform_statuses.RULES["cos_config"]),
    Service("key_protect", "keyprotect", "keyprotect/ibm_key_protect_api_v2.py", "IbmKeyProtectApiV2",
            platform_statuses.RULES["key_protect"]),
]
