"""ibm_iam_authorization_policy: a service-to-service authorization (API: IAM /v1/policies).
From `is`/`backup-policy` to `is` volumes, snapshots, instances or shares, it grants what
Backup for VPC needs; destroying it degrades the account's backup policies."""

from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_iam_authorization_policy", "resource",
    description="A service-to-service authorization. Backup for VPC needs `is`/`backup-policy` to `is` "
                "volumes and snapshots (and instances, or shares, by what its policies back up).",
    import_id="<policy id>",
    overlay={"roles": {"description": "Role names, such as Operator or Reader"}},
    example='''resource "ibm_iam_authorization_policy" "backup_volumes" {
  source_service_name  = "is"
  source_resource_type = "backup-policy"
  target_service_name  = "is"
  target_resource_type = "volume"
  roles                = ["Operator"]
}''',
)
