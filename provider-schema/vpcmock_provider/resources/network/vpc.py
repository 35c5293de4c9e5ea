"""ibm_is_vpc ↔ /vpcs, ibm_is_subnet ↔ /subnets, ibm_is_vpc_address_prefix ↔
/vpcs/{id}/address_prefixes: POST then GET, PATCH name, DELETE. Tags go through Global
Tagging, as the IBM provider sends them."""

from __future__ import annotations

from types import SimpleNamespace

from vpcmock_provider.client import Client
from vpcmock_provider.declarations.network.vpc import ADDRESS_PREFIX, SUBNET, VPC
from vpcmock_provider.resources.mapping import (all_pages, get_or_none, patch_of, resource_fields, split_id,
                                                tags_changed)
from vpcmock_provider.resources.platform.tagging import attached, set_tags


def _tags(client: Client, crn: str, prior: dict | None, planned: dict) -> None:
    if tags_changed(prior or {}, planned):
        set_tags(client, crn, sorted(planned["tags"]), (prior or {}).get("tags") or [])


def _resource_fields(doc: dict, kind: str) -> dict:
    return resource_fields(doc, f"network/{kind}")


# -- ibm_is_vpc --------------------------------------------------------------------------------

def vpc_state(client: Client, vpc: dict, prior: dict) -> dict:
    prefixes, _ = client.call("GET", f"/vpcs/{vpc['id']}/address_prefixes")
    subnets = all_pages(client, "/subnets", "subnets", {"vpc.id": vpc["id"]})
    group, acl, table = vpc["default_security_group"], vpc["default_network_acl"], vpc["default_routing_table"]
    return {
        **_resource_fields(vpc, "vpcs"), "id": vpc["id"], "name": vpc["name"],
        "classic_access": vpc.get("classic_access"), "health_state": vpc.get("health_state"), "health_reasons": [],
        "default_address_prefixes": {p["zone"]["name"]: p["cidr"] for p in prefixes["address_prefixes"]
                                     if p.get("is_default")},
        "default_security_group": group["id"], "default_security_group_name": group["name"],
        "default_security_group_crn": group.get("crn"), "default_network_acl": acl["id"],
        "default_network_acl_name": acl["name"], "default_network_acl_crn": acl.get("crn"),
        "default_routing_table": table["id"], "default_routing_table_name": table["name"],
        "default_routing_table_crn": table.get("crn"),
        "cse_source_addresses": [{"address": c["ip"]["address"], "zone_name": c["zone"]["name"]}
                                 for c in vpc.get("cse_source_ips", [])],
        "security_group": [{"group_id": group["id"], "group_name": group["name"], "rules": []}],
        "subnets": [{"id": s["id"], "name": s["name"], "status": s["status"], "zone": s["zone"]["name"],
                     "total_ipv4_address_count": s["total_ipv4_address_count"],
                     "available_ipv4_address_count": s["available_ipv4_address_count"]} for s in subnets],
        "public_address_ranges": [],
        "dns": [{"enable_hub": vpc["dns"]["enable_hub"], "resolution_binding_count": 0, "resolver": [{
            "type": "system", "configuration": "default", "servers": [], "manual_servers": [],
            "dns_binding_id": None, "dns_binding_name": None, "vpc_crn": None, "vpc_id": None, "vpc_name": None,
            "vpc_remote_account_id": None, "vpc_remote_region": None}]}],
        "tags": attached(client, vpc["crn"]),
        # address_prefix_management and no_sg_acl_rules are not in the API's VPC: kept beside it.
    }


def _create_vpc(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "address_prefix_management": planned.get("address_prefix_management") or "auto",
            "classic_access": bool(planned.get("classic_access"))}
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    created, _ = client.call("POST", "/vpcs", body)
    _tags(client, created["crn"], None, planned)
    return _read_vpc(client, {**planned, "id": created["id"]})


def _read_vpc(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/vpcs/{state['id']}")
    return None if found is None else vpc_state(client, found[0], state)


def _update_vpc(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name",))
    patch.pop("user_tags", None)
    if patch:
        client.call("PATCH", f"/vpcs/{prior['id']}", patch, merge_patch=True)
    _tags(client, prior["crn"], prior, planned)
    return _read_vpc(client, planned)


# -- ibm_is_subnet -----------------------------------------------------------------------------

def subnet_state(client: Client, subnet: dict) -> dict:
    return {**_resource_fields(subnet, "subnets"), "id": subnet["id"], "name": subnet["name"],
            "vpc": subnet["vpc"]["id"], "zone": subnet["zone"]["name"], "ipv4_cidr_block": subnet["ipv4_cidr_block"],
            "total_ipv4_address_count": subnet["total_ipv4_address_count"],
            "available_ipv4_address_count": subnet["available_ipv4_address_count"],
            "ip_version": subnet.get("ip_version"), "network_acl": subnet["network_acl"]["id"],
            "routing_table": subnet["routing_table"]["id"], "routing_table_crn": subnet["routing_table"].get("crn"),
            "public_gateway": (subnet.get("public_gateway") or {}).get("id"),
            "tags": attached(client, subnet["crn"])}


def _create_subnet(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "vpc": {"id": planned["vpc"]}, "zone": {"name": planned["zone"]}}
    for key in ("ipv4_cidr_block", "total_ipv4_address_count"):
        if planned.get(key):
            body[key] = planned[key]
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    created, _ = client.call("POST", "/subnets", body)
    _tags(client, created["crn"], None, planned)
    return _read_subnet(client, {"id": created["id"]})


def _read_subnet(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/subnets/{state['id']}")
    return None if found is None else subnet_state(client, found[0])


def _update_subnet(client: Client, prior: dict, planned: dict) -> dict:
    if planned["name"] != prior["name"]:
        client.call("PATCH", f"/subnets/{prior['id']}", {"name": planned["name"]}, merge_patch=True)
    _tags(client, prior["crn"], prior, planned)
    return _read_subnet(client, planned)


# -- ibm_is_vpc_address_prefix -----------------------------------------------------------------

def prefix_state(vpc_id: str, prefix: dict) -> dict:
    return {"id": f"{vpc_id}/{prefix['id']}", "address_prefix": prefix["id"], "vpc": vpc_id, "name": prefix["name"],
            "zone": prefix["zone"]["name"], "cidr": prefix["cidr"], "is_default": prefix.get("is_default"),
            "has_subnets": prefix.get("has_subnets"), "href": prefix.get("href"), "related_crn": None}


def _split(ident: str) -> tuple[str, str]:
    return split_id(ident, "An address prefix is <vpc id>/<prefix id>")


def _create_prefix(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "cidr": planned["cidr"], "zone": {"name": planned["zone"]},
            "is_default": bool(planned.get("is_default"))}
    created, _ = client.call("POST", f"/vpcs/{planned['vpc']}/address_prefixes", body)
    return prefix_state(planned["vpc"], created)


def _read_prefix(client: Client, state: dict) -> dict | None:
    vpc_id, prefix_id = _split(state["id"])
    found = get_or_none(client, f"/vpcs/{vpc_id}/address_prefixes/{prefix_id}")
    return None if found is None else prefix_state(vpc_id, found[0])


def _update_prefix(client: Client, prior: dict, planned: dict) -> dict:
    vpc_id, prefix_id = _split(prior["id"])
    patch = {key: planned[key] for key in ("name", "is_default") if planned.get(key) != prior.get(key)}
    if patch:
        client.call("PATCH", f"/vpcs/{vpc_id}/address_prefixes/{prefix_id}", patch, merge_patch=True)
    return _read_prefix(client, prior)


def _delete_prefix(client: Client, state: dict) -> None:
    vpc_id, prefix_id = _split(state["id"])
    client.call("DELETE", f"/vpcs/{vpc_id}/address_prefixes/{prefix_id}")


def _module(declaration, create, read, update, path: str | None, delete=None):
    return SimpleNamespace(
        DECLARATION=declaration, create=create, read=read, update=update,
        delete=delete or (lambda client, state: client.call("DELETE", f"{path}/{state['id']}")),
        import_=lambda client, ident: read(client, {"id": ident}))


vpc = _module(VPC, _create_vpc, _read_vpc, _update_vpc, "/vpcs")
subnet = _module(SUBNET, _create_subnet, _read_subnet, _update_subnet, "/subnets")
address_prefix = _module(ADDRESS_PREFIX, _create_prefix, _read_prefix, _update_prefix, None, _delete_prefix)
