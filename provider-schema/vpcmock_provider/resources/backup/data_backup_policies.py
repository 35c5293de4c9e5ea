"""data ibm_is_backup_policies: every page of the list, with the API's filters."""

import time

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.backup.data_backup_policies import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import all_pages, policy_fields


def read(client: Client, config: dict) -> dict:
    params = {api: config[name] for name, api in (("resource_group", "resource_group.id"), ("name", "name"),
                                                  ("tag", "tag")) if config.get(name)}
    policies = all_pages(client, "/backup_policies", "backup_policies", params)
    # The IBM provider sets a timestamp as this data source's id.
    return {"id": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **{k: config.get(k) for k in ("resource_group", "name", "tag")},
            "backup_policies": [{"id": p["id"], **policy_fields(p)} for p in policies]}
