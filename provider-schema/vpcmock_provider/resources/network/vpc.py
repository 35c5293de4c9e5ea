"""ibm_is_vpc ↔ /vpcs, ibm_is_subnet ↔ /subnets, ibm_is_vpc_address_prefix ↔
/vpcs/{id}/address_prefixes: POST then GET, PATCH name, DELETE. Tags go through Global
Tagging, as the IBM provider sends them."""

from __future__ import annotations

from types import SimpleNamespace

from vpcmock_provider.client import ApiError, Client
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
        "dns": _dns_state(client, vpc, prior),
        "tags": attached(client, vpc["crn"]),
        # address_prefix_management and no_sg_acl_rules are not in the API's VPC: kept beside it.
    }


# -- DNS: what resource_ibm_is_vpc.go sends and reads of the `dns` block -------------------------

def _dns_block(state: dict | None) -> tuple[dict, dict]:
    """(dns, dns.resolver) of a planned or prior state, empty where not set."""
    dns = ((state or {}).get("dns") or [None])[0] or {}
    return dns, (dns.get("resolver") or [None])[0] or {}


def _given(value) -> str:
    """A resolver's vpc_id, vpc_crn or dns_binding_name as configured: "null" (IBM's way of
    clearing one) and nothing read as none."""
    return "" if value in (None, "null") else value


def _server(server: dict) -> dict:
    found = {"address": server["address"], "zone_affinity": (server.get("zone_affinity") or {}).get("name")}
    return found


def _dns_state(client: Client, vpc: dict, prior: dict) -> list[dict]:
    """The `dns` block as the IBM provider reads it: the API's DNS configuration, with the
    resolver's vpc_id and vpc_crn as the configuration gave them (the API names the VPC, the
    provider keeps the configured identity), and for a delegated resolver the binding to that VPC
    (dns_binding_id, dns_binding_name)."""
    dns = vpc.get("dns") or {}
    resolver = dns.get("resolver") or {}
    _, before = _dns_block(prior)
    vpc_id, vpc_crn = _given(before.get("vpc_id")), _given(before.get("vpc_crn"))
    block = {"servers": [_server(s) for s in resolver.get("servers") or []], "type": resolver.get("type"),
             "configuration": resolver.get("configuration"), "vpc": [],
             "manual_servers": [_server(s) for s in resolver.get("manual_servers") or []],
             "vpc_id": vpc_id or None, "vpc_crn": vpc_crn or None, "vpc_name": None, "vpc_remote_account_id": None,
             "vpc_remote_region": None, "dns_binding_id": None, "dns_binding_name": None}
    target = resolver.get("vpc")
    if resolver.get("type") == "delegated" and target:
        block["vpc_name"] = target.get("name")
        remote = target.get("remote") or {}
        block["vpc_remote_account_id"] = (remote.get("account") or {}).get("id")
        block["vpc_remote_region"] = (remote.get("region") or {}).get("name")
        for binding in all_pages(client, f"/vpcs/{vpc['id']}/dns_resolution_bindings", "dns_resolution_bindings"):
            if binding["vpc"]["id"] == vpc_id or binding["vpc"].get("crn") == vpc_crn:
                block["dns_binding_id"], block["dns_binding_name"] = binding["id"], binding["name"]
    return [{"enable_hub": dns.get("enable_hub"), "resolution_binding_count": dns.get("resolution_binding_count"),
             "resolver": [block]}]


def _servers_proto(servers: list[dict] | None) -> list[dict]:
    return [{"address": s["address"], **({"zone_affinity": {"name": s["zone_affinity"]}}
                                          if s.get("zone_affinity") else {})} for s in servers or []]


def _dns_prototype(planned: dict) -> dict | None:
    """VPCDNSPrototype from the `dns` block: a delegated resolver starts as `system` (it
    delegates once bound), a resolver with manual_servers is `manual`."""
    dns, resolver = _dns_block(planned)
    if not (planned.get("dns") or []):
        return None
    body = {} if dns.get("enable_hub") is None else {"enable_hub": dns["enable_hub"]}
    if resolver:
        proto = {}
        if resolver.get("type"):
            proto["type"] = "system" if resolver["type"] == "delegated" else resolver["type"]
        if resolver.get("manual_servers"):
            proto = {"type": "manual", "manual_servers": _servers_proto(resolver["manual_servers"])}
        if proto:
            body["resolver"] = proto
    return body


def _bind(client: Client, vpc_id: str, resolver: dict) -> None:
    """A DNS resolution binding from the VPC to the resolver's vpc_id or vpc_crn (named
    dns_binding_name if given)."""
    body = {"vpc": {"id": _given(resolver.get("vpc_id"))} if _given(resolver.get("vpc_id"))
            else {"crn": _given(resolver.get("vpc_crn"))}}
    if _given(resolver.get("dns_binding_name")):
        body["name"] = resolver["dns_binding_name"]
    client.call("POST", f"/vpcs/{vpc_id}/dns_resolution_bindings", body)


def _delegate(client: Client, vpc_id: str, resolver: dict) -> None:
    target = {"id": _given(resolver.get("vpc_id"))} if _given(resolver.get("vpc_id")) else \
        {"crn": _given(resolver.get("vpc_crn"))}
    client.call("PATCH", f"/vpcs/{vpc_id}", {"dns": {"resolver": {"type": "delegated", "vpc": target}}},
                merge_patch=True)


# The VPC's defaults the IBM provider renames (sgNameUpdate, nwaclNameUpdate, rtNameUpdate):
# attribute, the VPC's reference to the default, and the path of its collection.
_DEFAULT_NAMES = (("default_security_group_name", "default_security_group", "/security_groups/{id}"),
                  ("default_network_acl_name", "default_network_acl", "/network_acls/{id}"),
                  ("default_routing_table_name", "default_routing_table", "/vpcs/{vpc}/routing_tables/{id}"))


def _rename_defaults(client: Client, vpc: dict, prior: dict | None, planned: dict) -> None:
    """Rename the default security group, network ACL and routing table to the names configured
    (on create, and when the configuration changes them)."""
    for attribute, key, path in _DEFAULT_NAMES:
        wanted = planned.get(attribute)
        if wanted and wanted != (prior or {}).get(attribute) and wanted != vpc[key]["name"]:
            client.call("PATCH", path.format(id=vpc[key]["id"], vpc=vpc["id"]), {"name": wanted}, merge_patch=True)


def _create_vpc(client: Client, planned: dict) -> dict:
    body = {"name": planned["name"], "address_prefix_management": planned.get("address_prefix_management") or "auto",
            "classic_access": bool(planned.get("classic_access"))}
    if planned.get("resource_group"):
        body["resource_group"] = {"id": planned["resource_group"]}
    dns = _dns_prototype(planned)
    if dns is not None:
        body["dns"] = dns
    created, _ = client.call("POST", "/vpcs", body)
    _rename_defaults(client, created, None, planned)
    _, resolver = _dns_block(planned)
    if resolver.get("type") == "delegated" and (_given(resolver.get("vpc_id")) or _given(resolver.get("vpc_crn"))):
        # As the IBM provider does: bind to the hub, then delegate the resolver to it.
        _bind(client, created["id"], resolver)
        _delegate(client, created["id"], resolver)
    _tags(client, created["crn"], None, planned)
    return _read_vpc(client, {**planned, "id": created["id"]})


def _read_vpc(client: Client, state: dict) -> dict | None:
    found = get_or_none(client, f"/vpcs/{state['id']}")
    return None if found is None else vpc_state(client, found[0], state)


def _dns_patch(client: Client, prior: dict, planned: dict) -> tuple[dict | None, str | None]:
    """(VPCDNSPatch or None, the binding to delete after it) for what the plan changes of `dns`,
    as resource_ibm_is_vpc.go's update builds them: a changed enable_hub; a changed resolver
    type (binding first when going from system to delegated); the manual servers; the resolver's
    VPC (`null` removes it); a binding renamed, or deleted when dns_binding_name becomes `null`."""
    dns_before, before = _dns_block(prior)
    dns_after, after = _dns_block(planned)
    patch, resolver, drop = {}, {}, None
    if dns_after.get("enable_hub") is not None and dns_after["enable_hub"] != dns_before.get("enable_hub"):
        patch["enable_hub"] = dns_after["enable_hub"]
    if not after:
        return (patch or None), None
    binding_id = before.get("dns_binding_id")
    name = after.get("dns_binding_name")
    if name != before.get("dns_binding_name") and binding_id and name not in (None, "", "null"):
        client.call("PATCH", f"/vpcs/{prior['id']}/dns_resolution_bindings/{binding_id}", {"name": name},
                    merge_patch=True)
    if sorted(map(str, after.get("manual_servers") or [])) != sorted(map(str, before.get("manual_servers") or [])):
        resolver["manual_servers"] = _servers_proto(after.get("manual_servers"))
    kind = after.get("type")
    if kind and kind != before.get("type"):
        resolver["type"] = kind
        if before.get("type") == "system" and kind == "delegated":
            try:
                _bind(client, prior["id"], after)
            except ApiError as exc:
                if "already contains DNS Resolution Bindings" not in exc.message:
                    raise
        if name == "null" and before.get("dns_binding_name") not in (None, "", "null") and binding_id:
            drop = binding_id
    for key, identity in (("vpc_id", "id"), ("vpc_crn", "crn")):
        value = after.get(key)
        if value and value != before.get(key):
            resolver["vpc"] = None if value == "null" else {identity: value}
    if resolver.get("type") not in (None, "manual") and before.get("type") == "manual" and \
            "manual_servers" not in resolver:
        resolver["manual_servers"] = None  # leaving manual: the servers go
    if resolver:
        patch["resolver"] = resolver
    return (patch or None), drop


def _update_vpc(client: Client, prior: dict, planned: dict) -> dict:
    patch = patch_of(prior, planned, ("name",))
    patch.pop("user_tags", None)
    dns, drop = _dns_patch(client, prior, planned)
    if dns:
        patch["dns"] = dns
    if patch:
        client.call("PATCH", f"/vpcs/{prior['id']}", patch, merge_patch=True)
    if drop:
        client.call("DELETE", f"/vpcs/{prior['id']}/dns_resolution_bindings/{drop}")
    if any(planned.get(attribute) != prior.get(attribute) for attribute, _, _ in _DEFAULT_NAMES):
        current, _ = client.call("GET", f"/vpcs/{prior['id']}")
        _rename_defaults(client, current, prior, planned)
    _tags(client, prior["crn"], prior, planned)
    return _read_vpc(client, planned)


# -- ibm_is_subnet -----------------------------------------------------------------------------

def subnet_state(client: Client, subnet: dict) -> dict:
    return {**_resource_fields(subnet, "subnets"), "id": subnet["id"], "name": subnet["name"],
            "vpc": subnet["vpc"]["id"], "vpc_name": subnet["vpc"]["name"],  # vpc_name: the data source's
            "zone": subnet["zone"]["name"], "ipv4_cidr_block": subnet["ipv4_cidr_block"],
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
