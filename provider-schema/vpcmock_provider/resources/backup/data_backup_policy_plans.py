"""data ibm_is_backup_policy_plans: the plans of a policy, optionally only one name's."""

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.backup.data_backup_policy_plans import DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import plan_fields


def read(client: Client, config: dict) -> dict:
    policy_id = config["backup_policy_id"]
    plans = client.call("GET", f"/backup_policies/{policy_id}/plans")[0]["plans"]
    if config.get("name"):
        plans = [p for p in plans if p["name"] == config["name"]]
        if not plans:
            raise ApiError(404, "backup_policy_plan_not_found", f"No plan is named {config['name']!r}", "name")
    return {"id": policy_id, "backup_policy_id": policy_id, "name": config.get("name"),
            "plans": [{"id": p["id"], **plan_fields(p)} for p in plans]}
