"""ibm_resource_group ↔ Resource Manager /v2/resource_groups: POST then GET, PATCH name, DELETE.
The data source finds a group by name, or the default one."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.declarations.platform.resource_group import DATA_DECLARATION, DECLARATION  # noqa: F401


def _url(client: Client, ident: str = "") -> str:
    return f"{client.resource_manager_url}/v2/resource_groups" + (f"/{ident}" if ident else "")


def to_state(group: dict) -> dict:
    return {"id": group["id"], "name": group["name"], "default": group.get("default"), "state": group.get("state"),
            "crn": group.get("crn"), "created_at": group.get("created_at"), "updated_at": group.get("updated_at"),
            "teams_url": group.get("teams_url"), "payment_methods_url": group.get("payment_methods_url"),
            "quota_url": group.get("quota_url"), "quota_id": group.get("quota_id"),
            "resource_linkages": group.get("resource_linkages") or [], "account_id": group.get("account_id")}


def create(client: Client, planned: dict) -> dict:
    created = client.platform("POST", _url(client), {"name": planned["name"]})
    return read(client, {"id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    try:
        return to_state(client.platform("GET", _url(client, state["id"])))
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise


def update(client: Client, prior: dict, planned: dict) -> dict:
    if planned["name"] != prior["name"]:
        client.platform("PATCH", _url(client, prior["id"]), {"name": planned["name"]})
    return read(client, prior)


def delete(client: Client, state: dict) -> None:
    client.platform("DELETE", _url(client, state["id"]))


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})


class DataSource:
    DECLARATION = DATA_DECLARATION

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        if not (config.get("name") or config.get("id") or config.get("is_default")):
            # As data_source_ibm_resource_group.go refuses it (is_default = false included).
            raise ProviderError("[ERROR] Missing required properties. Need a resource group name, resource group "
                                "ID, or the is_default true")
        if config.get("id"):  # by id, the group itself (GetResourceGroup), whatever name or default say
            found = [client.platform("GET", _url(client, config["id"]))]
        else:  # the default group when asked for, else by name (ListResourceGroups)
            params = {"default": "true"} if config.get("is_default") else {"name": config["name"]}
            found = client.platform("GET", _url(client), params=params).get("resources") or []
        if not found:
            asked = f"name {config.get('name')!r}" if config.get("name") else "default"
            raise ApiError(404, "resource_group_not_found", f"No resource group found with {asked}", "name")
        return {**to_state(found[0]), "is_default": found[0].get("default")}
