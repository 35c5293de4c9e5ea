"""Data sources of the platform types moved from /stored_resources to their APIs (CBR zone
addresses, DNS Services' global load balancers, pools and monitors, IAM's service ID groups and
access policies, Transit Gateway's prefix filters and route reports): each reads through the API
its resource goes through, with the arguments, list attribute and filter of the IBM provider's
data_source_ibm_*.go read.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform import api_types_more, iam_access_policy
from vpcmock_provider.resources.platform.api_backed import CollectionDataSource, ItemDataSource
from vpcmock_provider.resources.platform.stored_data import _project


def _resource(type_name: str, resources):
    return next(r for r in resources if r.DECLARATION.type_name == type_name)


class ZoneAddresses:
    """ibm_cbr_zone_addresses: the addresses of the zone of an ibm_cbr_zone_addresses (`<zone
    id>/<addresses id>`), read from the zone through CBR's API as that resource imports them.
    The IBM provider keeps only those carrying the addresses id its Go SDK sends; the API as its
    Python SDK and the mock have it carries no address id (api_types.CbrZone), so all the
    zone's addresses are answered, as an import of the resource reads them."""

    def __init__(self):
        self.DECLARATION = ibm_schema.declaration("ibm_cbr_zone_addresses", "data")

    def read(self, client: Client, config: dict) -> dict:
        from vpcmock_provider import registry  # the resource's handler, with what it keeps beside
        ident = str(config["zone_addresses_id"])
        state = registry.resource("ibm_cbr_zone_addresses").import_(client, ident) if "/" in ident else None
        if state is None:
            raise ApiError(404, "not_found", f"No cbr zone addresses {ident!r} found", "zone_addresses_id")
        return {**_project(self.DECLARATION.fields, state), "zone_addresses_id": ident, "id": ident}


class AccessPolicies:
    """ibm_iam_access_group_policy, ibm_iam_service_policy, ibm_iam_trusted_profile_policy: the
    access policies whose subject is the access group (`access_group_id`), or the service ID /
    trusted profile (`iam_id`, else the IAM ID of `iam_service_id` / `profile_id`), each read as
    the resource imports it. The IBM provider asks IAM for `type=access` policies of that subject;
    the mock's listing filters by account and type only, so the subject is matched here."""

    def __init__(self, policy: iam_access_policy.AccessPolicy, type_name: str):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.policy = policy
        self.list_field = next(f for f in self.DECLARATION.fields if f.name == "policies")

    def read(self, client: Client, config: dict) -> dict:
        subject = self.policy.subject
        arguments = {fld.name: config[fld.name] for fld in self.DECLARATION.fields
                     if (fld.optional or fld.required) and config.get(fld.name) not in (None, [], {})}
        if subject.owner == "access_group_id":
            name, value = "access_group_id", str(config["access_group_id"])
            owner = value
        else:
            if not config.get("iam_id") and not config.get(subject.owner):
                raise ApiError(400, "missing_argument", f"One of {subject.owner}, iam_id is required", subject.owner)
            name, value = "iam_id", self.policy._iam_id(client, config)
            owner = config.get(subject.owner) or value
        listing, _ = self.policy._call(client, "GET", "/v1/policies",
                                       params={"account_id": client.account(), "type": "access"})
        docs = listing.get("policies") or []
        if config.get("sort"):
            # IAM's `sort`: a policy property, `-` first for descending (ListPolicies).
            key = str(config["sort"]).lstrip("-")
            docs = sorted(docs, key=lambda d: str(d.get(key) or ""), reverse=str(config["sort"]).startswith("-"))
        items = []
        for doc in docs:
            attrs = {a["name"]: a["value"] for a in (doc.get("subjects") or [{}])[0].get("attributes") or []}
            if attrs.get(name) != value or doc.get("state") == "deleted":
                continue
            # Every resource attribute, `serviceType` too, as flex.FlattenPolicyResource flattens
            # them (a prior naming a service_type makes the resource's reading keep it).
            state = self.policy.to_state(doc, {}, owner, {"resources": [{"service_type": "*"}]}, True)
            items.append({**_project(self.list_field.fields, state), "id": state["id"]})
        return {**arguments, "id": owner, "policies": items}


_MORE = api_types_more.RESOURCES
DATA_SOURCES = [
    ZoneAddresses(),
    CollectionDataSource("ibm_dns_glb_monitors", _resource("ibm_dns_glb_monitor", _MORE), "dns_glb_monitors",
                         {"instance_id": "instance_id"}),
    CollectionDataSource("ibm_dns_glb_pools", _resource("ibm_dns_glb_pool", _MORE), "dns_glb_pools",
                         {"instance_id": "instance_id"}),
    CollectionDataSource("ibm_dns_glbs", _resource("ibm_dns_glb", _MORE), "dns_glbs",
                         {"instance_id": "instance_id", "zone_id": "zone_id"}),
    ItemDataSource("ibm_iam_serviceid_group", _resource("ibm_iam_serviceid_group", _MORE), "iam_serviceid_group_id"),
    ItemDataSource("ibm_tg_connection_prefix_filter", _resource("ibm_tg_connection_prefix_filter", _MORE),
                   "filter_id", {"gateway": "gateway", "connection_id": "connection_id"}),
    CollectionDataSource("ibm_tg_connection_prefix_filters", _resource("ibm_tg_connection_prefix_filter", _MORE),
                         "prefix_filters", {"gateway": "gateway", "connection_id": "connection_id"}),
    ItemDataSource("ibm_tg_route_report", _resource("ibm_tg_route_report", _MORE), "route_report",
                   {"gateway": "gateway"}),
    CollectionDataSource("ibm_tg_route_reports", _resource("ibm_tg_route_report", _MORE), "route_reports",
                         {"gateway": "gateway"}),
] + [AccessPolicies(p, p.subject.type_name) for p in iam_access_policy.RESOURCES]


# The VPC types of resources/network/api_types_last.py listed at the top of their collection: the
# IBM data source sends its arguments as the listing's query (ListReservations: `name`,
# `zone.name`, `resource_group.id`; ListVPNServers: `resource_group.id`), which the API filters on.
def _vpc_data_sources() -> list:
    from vpcmock_provider.resources.network import api_types_last
    from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource
    by = {r.api.type_name: r for r in api_types_last.RESOURCES}
    return [ApiDataSource(ApiData("ibm_is_reservations", by["ibm_is_reservation"], list_attr="reservations",
                                  query={"name": "name", "zone_name": "zone.name",
                                         "resource_group": "resource_group.id"})),
            ApiDataSource(ApiData("ibm_is_vpn_servers", by["ibm_is_vpn_server"], list_attr="vpn_servers",
                                  query={"resource_group_id": "resource_group.id"}))]


DATA_SOURCES += _vpc_data_sources()
