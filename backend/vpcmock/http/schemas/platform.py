"""Response shapes of Global Tagging, Resource Manager and IAM policies."""

from vpcmock.http.schemas.base import collection_schema, output_schema

TAG_RESULT = output_schema("TagResultsItem", "is_error message resource_id")
TAG_RESULTS = collection_schema("TagResults", "results", TAG_RESULT)
TAG_LIST = output_schema("TagList", "items limit offset total_count")
CREATE_TAG_RESULTS = collection_schema("CreateTagResults", "results",
                                       output_schema("CreateTagResultsResultsItem", "is_error tag_name"))
DELETE_TAG_RESULTS = collection_schema("DeleteTagResults", "results",
                                       output_schema("DeleteTagResultsItem", "is_error provider"))

RESOURCE_GROUP = output_schema("ResourceGroup", """account_id created_at crn default enable_reclamation id name
    payment_methods_url quota_id quota_url resource_linkages state teams_url updated_at""")
RESOURCE_GROUPS = collection_schema("ResourceGroupList", "resources", RESOURCE_GROUP)
RESOURCE_GROUP_CREATED = output_schema("ResCreateResourceGroup", "crn id")

POLICY = output_schema("IamPolicy", """created_at created_by_id description href id last_modified_at
    last_modified_by_id resources roles state subjects type""")
POLICIES = collection_schema("IamPolicyCollection", "policies", POLICY)
