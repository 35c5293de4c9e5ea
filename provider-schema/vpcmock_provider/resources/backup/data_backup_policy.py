"""data ibm_is_backup_policy: GET by id, or every page of the list matched by exact name."""

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.backup.data_backup_policy import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import all_pages, policy_fields


def read(client: Client, config: dict) -> dict:
    if config.get("identifier"):
        policy, _ = client.call("GET", f"/backup_policies/{config['identifier']}")
    else:
        matching = [p for p in all_pages(client, "/backup_policies", "backup_policies") if p["name"] == config["name"]]
        if not matching:
            raise ApiError(404, "backup_policy_not_found", f"No backup policy is named {config['name']!r}", "name")
        policy = matching[0]
    return {"id": policy["id"], "identifier": config.get("identifier"), **policy_fields(policy)}
