"""data ibm_is_backup_policy_job: one job."""

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.backup.data_backup_policy_job import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import job_fields


def read(client: Client, config: dict) -> dict:
    job, _ = client.call("GET", f"/backup_policies/{config['backup_policy_id']}/jobs/{config['identifier']}")
    return {"id": job["id"], "backup_policy_id": config["backup_policy_id"], "identifier": config["identifier"],
            **job_fields(job)}
