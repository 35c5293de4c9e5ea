"""The provider block: the arguments of the IBM provider a configuration commonly sets.

The endpoint and credential arguments are honoured (`region`, `ibmcloud_api_key`,
`endpoints_file_path`, `visibility`); the others are accepted so that an IBM configuration
runs unchanged, and have no effect on a mock.
"""

from vpcmock_provider.fields import INT, STRING, f

PROVIDER_FIELDS = (
    f("ibmcloud_api_key", STRING, "Optional", description="The IBM Cloud API key (or IC_API_KEY / IBMCLOUD_API_KEY)"),
    f("region", STRING, "Optional", description="The VPC region (or IC_REGION / IBMCLOUD_REGION; default us-south)"),
    f("zone", STRING, "Optional", description="The default zone (accepted, unused)"),
    f("endpoints_file_path", STRING, "Optional",
      description="A JSON file of private/public endpoints per region (or IBMCLOUD_ENDPOINTS_FILE_PATH)"),
    f("visibility", STRING, "Optional", description="public (default), private or public-and-private"),
    f("resource_group", STRING, "Optional", description="The default resource group (accepted, unused)"),
    f("ibmcloud_timeout", INT, "Optional", description="Request timeout in seconds (default 60)"),
    f("max_retries", INT, "Optional", description="Retries of failed requests (accepted, unused)"),
    f("generation", INT, "Optional", description="Deprecated VPC generation (accepted, unused)"),
    f("iam_token", STRING, "Optional", description="A static IAM access token (or IC_IAM_TOKEN)"),
    f("iam_refresh_token", STRING, "Optional", description="An IAM refresh token (accepted, unused)"),
    f("ibmcloud_account_id", STRING, "Optional", description="The account id (accepted, unused)"),
    f("private_endpoint_type", STRING, "Optional", description="vpe (accepted, unused)"),
)
