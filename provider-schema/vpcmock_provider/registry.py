"""Every type the provider serves: the one list, from which declarations are looked up too.

Each resource module has ``DECLARATION``, ``create``, ``read`` (None when gone), ``update``,
``delete`` and ``import_``; each data source module ``DECLARATION`` and ``read``.
"""

from vpcmock_provider.resources import (
    backup_policy,
    backup_policy_plan,
    data_backup_policies,
    data_backup_policy,
    data_backup_policy_job,
    data_backup_policy_jobs,
    data_backup_policy_plan,
    data_backup_policy_plans,
    data_snapshots,
    data_volume,
    instance,
    instance_volume_attachment,
    resource_tag,
    share,
    snapshot,
    volume,
)

RESOURCES = {m.DECLARATION.type_name: m for m in (
    backup_policy, backup_policy_plan, volume, share, snapshot, instance, instance_volume_attachment, resource_tag)}
DATA_SOURCES = {m.DECLARATION.type_name: m for m in (
    data_backup_policy, data_backup_policies, data_backup_policy_plan, data_backup_policy_plans,
    data_backup_policy_job, data_backup_policy_jobs, data_snapshots, data_volume)}

RESOURCE_DECLARATIONS = {name: module.DECLARATION for name, module in RESOURCES.items()}
DATA_SOURCE_DECLARATIONS = {name: module.DECLARATION for name, module in DATA_SOURCES.items()}
