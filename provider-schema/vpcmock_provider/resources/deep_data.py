"""Data sources of types emulated in depth whose IBM read lists a sub-collection or a platform API:
ibm_is_share_mount_target(s) (/shares/{id}/mount_targets), ibm_is_instance_volume_attachment(s)
(/instances/{id}/volume_attachments), ibm_iam_authorization_policies (/v1/policies?type=authorization),
ibm_resource_groups (/v2/resource_groups) and ibm_resource_tag (Global Tagging's /v3/tags?attached_to=).
Each reads what the API holds, as the IBM provider's data_source_ibm_*.go does."""

from __future__ import annotations

import hashlib

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.mapping import all_pages, deleted
from vpcmock_provider.resources.platform import iam_authorization_policy as authorization
from vpcmock_provider.resources.platform import resource_group


def _arguments(declaration, config: dict) -> dict:
    return {f.name: config[f.name] for f in declaration.fields
            if (f.optional or f.required) and config.get(f.name) not in (None, [], {})}


def _list_id(arguments: dict) -> str:
    """A plural data source's id: the IBM provider stamps the read time; a digest of the lookup is stable."""
    return hashlib.sha256(repr(sorted(arguments.items())).encode()).hexdigest()[:32]


def _not_found(what: str, arguments: dict) -> ApiError:
    asked = ", ".join(f"{k} {v!r}" for k, v in sorted(arguments.items()))
    return ApiError(404, "not_found", f"No {what} found with {asked}", next(iter(sorted(arguments)), None))


def _reference(ref: dict | None, keys: tuple[str, ...]) -> list[dict]:
    """A reference block (subnet, vpc, primary_ip, virtual_network_interface) as the IBM data source sets it."""
    if not ref:
        return []
    return [{**{k: ref.get(k) for k in keys}, "deleted": deleted(ref)}]


_REFERENCE_KEYS = {"subnet": ("crn", "href", "id", "name", "resource_type"),
                   "vpc": ("crn", "href", "id", "name", "resource_type"),
                   "virtual_network_interface": ("crn", "href", "id", "name", "resource_type"),
                   "primary_ip": ("address", "href", "id", "name", "resource_type")}


def _mount_target(target: dict) -> dict:
    return {**{k: target.get(k) for k in ("access_control_mode", "access_protocol", "transit_encryption", "name",
                                           "created_at", "href", "id", "lifecycle_state", "mount_path",
                                           "resource_type")},
            **{k: _reference(target.get(k), keys) for k, keys in _REFERENCE_KEYS.items()}}


def _share_id(client: Client, arguments: dict) -> str:
    if arguments.get("share"):
        return arguments["share"]
    if arguments.get("share_name"):  # as the IBM data source: ListShares by name
        found = [s for s in all_pages(client, "/shares", "shares", {"name": arguments["share_name"]})
                 if s["name"] == arguments["share_name"]]
        if not found:
            raise _not_found("share", {"share_name": arguments["share_name"]})
        return found[0]["id"]
    raise ApiError(400, "missing_argument", "One of share, share_name is required", "share")


class ShareMountTarget:
    DECLARATION = ibm_schema.declaration("ibm_is_share_mount_target", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        share = _share_id(client, arguments)
        if arguments.get("mount_target"):
            target, _ = client.call("GET", f"/shares/{share}/mount_targets/{arguments['mount_target']}")
        elif arguments.get("mount_target_name"):
            found = [t for t in all_pages(client, f"/shares/{share}/mount_targets", "mount_targets",
                                          {"name": arguments["mount_target_name"]})
                     if t["name"] == arguments["mount_target_name"]]
            if not found:
                raise _not_found("share mount target", arguments)
            target = found[0]
        else:
            raise ApiError(400, "missing_argument", "One of mount_target, mount_target_name is required",
                           "mount_target")
        # The IBM data source's id is the mount target's own id.
        return {**_mount_target(target), **arguments, "id": target["id"]}


class ShareMountTargets:
    DECLARATION = ibm_schema.declaration("ibm_is_share_mount_targets", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        params = {"name": arguments["name"]} if arguments.get("name") else {}
        targets = all_pages(client, f"/shares/{arguments['share']}/mount_targets", "mount_targets", params)
        # The name filter applied here too, whatever the listing does with it.
        targets = [t for t in targets if not params or t.get("name") == params["name"]]
        return {**arguments, "id": _list_id(arguments), "mount_targets": [_mount_target(t) for t in targets]}


def _volume(attachment: dict) -> dict:
    volume = attachment.get("volume") or {}
    return {"volume_id": volume.get("id"), "volume_name": volume.get("name"), "volume_crn": volume.get("crn"),
            "volume_deleted": (volume.get("deleted") or {}).get("more_info"), "volume_href": volume.get("href")}


def _attachment(attachment: dict) -> dict:
    return {"delete_volume_on_instance_delete": attachment.get("delete_volume_on_instance_delete"),
            "name": attachment.get("name"), "bandwidth": attachment.get("bandwidth"),
            "device": (attachment.get("device") or {}).get("id"), "href": attachment.get("href"),
            "volume_attachment_id": attachment["id"], "status": attachment.get("status"),
            "type": attachment.get("type")}


def _attachments(client: Client, instance: str) -> list[dict]:
    answer, _ = client.call("GET", f"/instances/{instance}/volume_attachments")  # not paginated in the API
    return answer.get("volume_attachments") or []


class InstanceVolumeAttachment:
    DECLARATION = ibm_schema.declaration("ibm_is_instance_volume_attachment", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        found = [a for a in _attachments(client, arguments["instance"]) if a.get("name") == arguments["name"]]
        if not found:
            raise _not_found("volume attachment", arguments)
        # As the IBM data source: the id `<instance id>/<attachment id>`, the volume as a reference block.
        return {**_attachment(found[0]), "volume_reference": [_volume(found[0])], **arguments,
                "id": f"{arguments['instance']}/{found[0]['id']}"}


class InstanceVolumeAttachments:
    DECLARATION = ibm_schema.declaration("ibm_is_instance_volume_attachments", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        return {**arguments, "id": _list_id(arguments), "volume_attachments": [
            {**_attachment(a), **_volume(a)} for a in _attachments(client, arguments["instance"])]}


class AuthorizationPolicies:
    DECLARATION = ibm_schema.declaration("ibm_iam_authorization_policies", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        account = arguments.get("account_id") or client.account()  # else the caller's, as BluemixUserDetails
        params = {"account_id": account, "type": "authorization",
                  **({"sort": arguments["sort"]} if arguments.get("sort") else {})}
        policies = client.platform("GET", f"{client.iam_url}/v1/policies", params=params).get("policies") or []
        items = []
        for policy in policies:
            subject = policy["subjects"][0].get("attributes", [])
            target = policy["resources"][0].get("attributes", [])
            # Each attribute compared by equality, "" where the policy has none (flex.GetSubjectAttribute);
            # each id `<account>/<policy id>`; `version` not set by the IBM data source.
            item = {"id": f"{account}/{policy['id']}", "roles": [r["display_name"] for r in policy["roles"]],
                    **{key: authorization._equal(subject, name) or "" for name, key in authorization._SUBJECT},
                    **{key: authorization._equal(target, name) or "" for name, key in authorization._TARGET}}
            if policy.get("description") is not None:
                item["description"] = policy["description"]
            items.append(item)
        return {**arguments, "account_id": account, "id": _list_id({**arguments, "account_id": account}),
                "policies": items}


class ResourceGroups:
    DECLARATION = ibm_schema.declaration("ibm_resource_groups", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        # ListResourceGroups with the data source's filters, as data_source_ibm_resource_groups.go sends them.
        params = {"account_id": client.account()} if client.account() else {}
        for name, param in (("name", "name"), ("date", "date")):
            if arguments.get(name):
                params[param] = arguments[name]
        if "is_default" in arguments:
            params["default"] = str(arguments["is_default"]).lower()
        if "include_deleted" in arguments:
            params["include_deleted"] = str(arguments["include_deleted"]).lower()
        groups = client.platform("GET", resource_group._url(client), params=params).get("resources") or []
        items = []
        for group in groups:
            state = resource_group.to_state(group)
            state["is_default"] = state.pop("default")
            items.append(state)
        return {**arguments, "id": _list_id(arguments), "resource_groups": items}


class ResourceTag:
    DECLARATION = ibm_schema.declaration("ibm_resource_tag", "data")

    @classmethod
    def read(cls, client: Client, config: dict) -> dict:
        arguments = _arguments(cls.DECLARATION, config)
        if not arguments.get("resource_id"):
            raise ApiError(400, "missing_argument", "resource_id is required to read a resource's tags", "resource_id")
        tag_type = arguments.get("tag_type") or "user"
        answer = client.tags("GET", "", params={"attached_to": arguments["resource_id"], "tag_type": tag_type})
        # The IBM data source's id is the resource's CRN.
        return {**arguments, "id": arguments["resource_id"],
                "tags": sorted(item["name"] for item in answer.get("items", []))}


DATA_SOURCES = (ShareMountTarget, ShareMountTargets, InstanceVolumeAttachment, InstanceVolumeAttachments,
                AuthorizationPolicies, ResourceGroups, ResourceTag)
