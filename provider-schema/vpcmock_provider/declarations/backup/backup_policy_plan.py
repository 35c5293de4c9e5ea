"""ibm_is_backup_policy_plan: a plan of a backup policy (API: /backup_policies/{id}/plans)."""

from vpcmock_provider.declarations.common import CRON_SPEC, NAME
from vpcmock_provider.fields import int_between
from vpcmock_provider.ibm_schema import declaration

DECLARATION = declaration(
    "ibm_is_backup_policy_plan", "resource",
    description='A plan of a backup policy: when backups are taken and how long they are kept.',
    import_id='<backup policy id>/<plan id>',
    overlay={
        "backup_policy_id": {"description": 'The id of the policy'},
        "backup_policy_plan_id": {"description": 'The id of the plan', "api": 'id'},
        "cron_spec": {"description": 'When the plan fires: 5 cron fields in UTC, at most hourly', "check": CRON_SPEC},
        "active": {"description": 'Whether the plan fires'},
        "attach_user_tags": {"description": 'User tags attached to the backups'},
        "copy_user_tags": {"description": "Whether the source's user tags are copied to its backups"},
        "deletion_trigger": {"description": 'When backups are deleted'},
        "deletion_trigger.delete_after": {"description": 'Days after which a backup is deleted'},
        "deletion_trigger.delete_over_count": {"description": 'The number of backups kept per source (a number, or empty for no limit)'},
        "clone_policy": {"description": 'Fast restore: clones of the newest backups kept in zones'},
        "clone_policy.max_snapshots": {"description": 'How many backups have clones'},
        "clone_policy.zones": {"description": 'The zones holding clones'},
        "name": {"description": 'The name of the plan, unique in its policy', "check": NAME},
        "remote_region_policy": {"description": 'Copies of each backup made in another region', "api": 'remote_region_policies'},
        "remote_region_policy.delete_over_count": {"description": 'The number of copies kept in the region', "check": int_between(1, 100)},
        "remote_region_policy.encryption_key": {"description": 'The CRN of the root key encrypting the copies'},
        "remote_region_policy.region": {"description": 'The region the copies are made in'},
        "version": {"description": 'The ETag of the plan, sent as If-Match on changes'},
    },
    example='''resource "ibm_is_backup_policy_plan" "nightly" {
  backup_policy_id = ibm_is_backup_policy.daily.id
  name             = "nightly"
  cron_spec        = "30 2 * * *"
  active           = true
  deletion_trigger {
    delete_after      = 14
    delete_over_count = "10"
  }
}''',
)
