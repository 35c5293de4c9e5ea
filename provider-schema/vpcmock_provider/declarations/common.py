"""Blocks and checks the backup declarations share (each written once here)."""

from vpcmock_provider.fields import BLOCK, INT, SET_OF_STRINGS, STRING, computed, matches

# The IBM provider's name validator for policies and plans: 1 to 63 characters.
NAME = matches(r"(?=.{1,63}$)([a-z]|[a-z][-a-z0-9]*[a-z0-9]|[0-9][-a-z0-9]*([a-z]|[-a-z][-a-z0-9]*[a-z0-9]))",
               "1 to 63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen")
# The VPC API's name rule for volumes, shares and snapshots.
RESOURCE_NAME = matches(r"(?=.{1,63}$)([a-z]|[a-z][-a-z0-9]*[a-z0-9])", "1 to 63 lowercase letters, digits and hyphens")
CRON_SPEC = matches(r"(?=.{9,63}$)((((\d+,)+\d+|([\d\*]+(\/|-)\d+)|\d+|\*) ?){5,7})",
                    "a cron specification of 5 fields, 9 to 63 characters")

DELETED = computed("deleted", BLOCK, "Present when the referenced resource has been deleted",
                   fields=[computed("more_info", description="Link to documentation about deleted resources")])
REMOTE_REGION = computed("remote", BLOCK, "Present when the resource is in another region",
                         fields=[computed("href"), computed("name")])
HEALTH_REASONS = computed("health_reasons", BLOCK, "The reasons for the current health state",
                          fields=[computed("code"), computed("message"), computed("more_info")])


def reference(name: str, description: str, *, crn: bool = True, resource_type: bool = True, remote=None):
    """A reference block: {crn?, deleted, href, id, name, remote?, resource_type?}."""
    inner = ([computed("crn")] if crn else []) + [DELETED, computed("href"), computed("id"), computed("name")]
    if remote is not None:
        inner.append(remote)
    if resource_type:
        inner.append(computed("resource_type"))
    return computed(name, BLOCK, description, fields=inner)


PLAN_REFERENCE = reference("backup_policy_plan", "The backup policy plan that operated this job",
                           crn=False, remote=REMOTE_REGION)
TARGET_SNAPSHOT = reference("target_snapshot", "The snapshots this job operated on", remote=computed(
    "remote", BLOCK, "Present when the snapshot is in another account or region", fields=[
        computed("account", BLOCK, fields=[computed("id"), computed("resource_type")]),
        computed("region", BLOCK, fields=[computed("href"), computed("name")])]))
JOB_SOURCES = (
    reference("source_volume", "The volume this job backed up", remote=REMOTE_REGION),
    reference("source_instance", "The instance this job backed up", resource_type=False),
    reference("source_share", "The share this job backed up", resource_type=False),
)
JOB_FIELDS = (
    computed("auto_delete", "TypeBool", "Whether the job record is deleted automatically"),
    computed("auto_delete_after", INT, "Days after completion the job record is deleted"),
    PLAN_REFERENCE,
    computed("completed_at", description="When the job completed (absent while it runs)"),
    computed("created_at"), computed("href"), computed("job_type", description="creation or deletion"),
    computed("resource_type"),
    *JOB_SOURCES,
    computed("status", description="failed, running or succeeded"),
    computed("status_reasons", BLOCK, "Why the job has its status",
             fields=[computed("code"), computed("message"), computed("more_info")]),
    TARGET_SNAPSHOT,
)

PLAN_REFERENCES = computed("plans", BLOCK, "The plans of the policy", fields=[
    DELETED, computed("href"), computed("id"), computed("name"), computed("resource_type")])
RESOURCE_GROUP_BLOCK = computed("resource_group", BLOCK, "The resource group of the policy",
                                fields=[computed("href"), computed("id"), computed("name")])
SCOPE_BLOCK = computed("scope", BLOCK, "The scope of the policy: the account, or an enterprise",
                       fields=[computed("crn"), computed("id"), computed("resource_type")])

POLICY_READ_FIELDS = (
    computed("created_at"), computed("crn"), computed("href"), computed("last_job_completed_at"),
    computed("lifecycle_state"),
    computed("match_resource_types", "TypeList[TypeString]", "Deprecated: the one match_resource_type, as a list"),
    computed("match_resource_type"),
    computed("included_content", "TypeList[TypeString]"),
    computed("match_user_tags", "TypeList[TypeString]"),
)
POLICY_TAIL_FIELDS = (
    PLAN_REFERENCES, RESOURCE_GROUP_BLOCK, computed("resource_type"), HEALTH_REASONS, computed("health_state"),
    SCOPE_BLOCK,
)

PLAN_READ_FIELDS = (
    computed("active", "TypeBool"), computed("attach_user_tags", "TypeList[TypeString]"),
    computed("copy_user_tags", "TypeBool"), computed("created_at"), computed("cron_spec"),
    computed("deletion_trigger", BLOCK, fields=[computed("delete_after", INT), computed("delete_over_count", INT)]),
    computed("href"), computed("lifecycle_state"),
    computed("clone_policy", BLOCK, fields=[computed("max_snapshots", INT), computed("zones", SET_OF_STRINGS)]),
    computed("remote_region_policy", BLOCK, api="remote_region_policies", fields=[
        computed("delete_over_count", INT), computed("encryption_key"), computed("region")]),
)
