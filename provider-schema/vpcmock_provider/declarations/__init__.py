"""One module per resource and data source type, each exporting ``DECLARATION``."""

from vpcmock_provider.declarations import (
    backup_policy,
    backup_policy_plan,
    data_backup_policies,
    data_backup_policy,
    data_backup_policy_job,
    data_backup_policy_jobs,
    data_backup_policy_plan,
    data_backup_policy_plans,
)

RESOURCES = {d.type_name: d for d in (backup_policy.DECLARATION, backup_policy_plan.DECLARATION)}
DATA_SOURCES = {d.type_name: d for d in (
    data_backup_policy.DECLARATION, data_backup_policies.DECLARATION, data_backup_policy_plan.DECLARATION,
    data_backup_policy_plans.DECLARATION, data_backup_policy_job.DECLARATION, data_backup_policy_jobs.DECLARATION,
)}
