"""ibm_is_ssh_key ↔ /keys: POST then GET, PATCH name, DELETE; the data source by name or id.
`tags` go through Global Tagging after the create, as the IBM provider sends them (the API's
key has no user tags)."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.declarations.network.ssh_key import DATA_DECLARATION, DECLARATION  # noqa: F401
from vpcmock_provider.resources.mapping import all_pages, get_or_none, patch_of, tags_changed
from vpcmock_provider.resources.platform.tagging import attached, set_tags


def to_state(key: dict) -> dict:
    group = key.get("resource_group") or {}
    return {"id": key["id"], "name": key["name"], "public_key": key["public_key"], "type": key["type"],
            "fingerprint": key["fingerprint"], "length": key["length"], "href": key.get("href"),
            "created_at": key.get("created_at"), "crn": key.get("crn"), "resource_crn": key.get("crn"),
            "resource_name": key["name"], "resource_group": group.get("id"), "resource_group_name": group.get("name"),
            "resource_controller_url": "https://cloud.ibm.com/vpc-ext/compute/sshKeys"}


def create(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "public_key": planned["public_key"]}
    if planned.get("type"):
        body["type"] = planned["type"]
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    created, _ = client.call("POST", "/keys", body)
    if planned.get("tags"):
        set_tags(client, created["crn"], sorted(planned["tags"]), [])
    return read(client, {**planned, "id": created["id"]})


def read(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/keys/{state['id']}")
    if found is None:
        return None
    # The key as the API answers it, `<type> <base64>` (a configured comment, spacing or
    # trailing newline are not kept), as resource_ibm_is_ssh_key.go reads it; the plan stays
    # clean through the type's suppressPublicKeyDiff (states.py).
    return {**to_state(found[0]), "tags": attached(client, found[0]["crn"])}


def update(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name",))
    patch.pop("user_tags", None)
    if patch:
        client.call("PATCH", f"/keys/{prior['id']}", patch, merge_patch=True)
    if tags_changed(prior, planned):
        set_tags(client, prior["crn"], sorted(planned["tags"]), prior.get("tags") or [])
    return read(client, planned)


def delete(client: Client, state: dict) -> None:
    client.call("DELETE", f"/keys/{state['id']}")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})


class DataSource:
    DECLARATION = DATA_DECLARATION

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        if config.get("id"):
            key, _ = client.call("GET", f"/keys/{config['id']}")
        else:
            found = [k for k in all_pages(client, "/keys", "keys") if k["name"] == config.get("name")]
            if not found:
                raise ApiError(404, "key_not_found", f"No SSH key found with name {config.get('name')}", "name")
            key = found[0]
        return {**to_state(key), "tags": attached(client, key["crn"])}
