"""data ibm_is_backup_policy_plan: GET by id, or the plans list matched by exact name."""

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.backup.data_backup_policy_plan import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import plan_fields


def read(client: Client, config: dict) -> dict:
    policy_id = config["backup_policy_id"]
    if config.get("identifier"):
        plan, _ = client.call("GET", f"/backup_policies/{policy_id}/plans/{config['identifier']}")
    else:
        plans, _ = client.call("GET", f"/backup_policies/{policy_id}/plans")
        matching = [p for p in plans["plans"] if p["name"] == config["name"]]
        if not matching:
            raise ApiError(404, "backup_policy_plan_not_found", f"No plan is named {config['name']!r}", "name")
        plan = matching[0]
    return {"id": plan["id"], "backup_policy_id": policy_id, "identifier": config.get("identifier"),
            **plan_fields(plan)}
