"""data ibm_is_backup_policy_jobs: every page of a policy's jobs with the API's filters
(sets are comma-joined, as the IBM provider sends them)."""

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.backup.data_backup_policy_jobs import DECLARATION
from vpcmock_provider.resources.mapping import all_pages, job_fields

FILTERS = [fld for fld in DECLARATION.fields if fld.optional]


def read(client: Client, config: dict) -> dict:
    params = {}
    for fld in FILTERS:
        value = config.get(fld.name)
        if value:
            params[fld.api_name] = ",".join(sorted(value)) if isinstance(value, list) else value
    jobs = all_pages(client, f"/backup_policies/{config['backup_policy_id']}/jobs", "jobs", params)
    return {"id": config["backup_policy_id"], **{fld.name: config.get(fld.name) for fld in DECLARATION.fields
                                                  if not fld.computed},
            "jobs": [{"id": j["id"], **job_fields(j)} for j in jobs]}
