"""More IBM types through the platform APIs the generic engine serves (api_backed.py), read from
the IBM provider's resource_ibm_tg_gateway_connection_prefix_filter.go,
resource_ibm_tg_gateway_route_report.go and resource_ibm_iam_serviceid_group.go:

- ibm_tg_connection_prefix_filter: a connection's prefix filter, id
  `<gateway>/<connection>/<filter>`, patched in place;
- ibm_tg_route_report: a gateway's route report (`POST` with no body), id `<gateway>/<report>`;
  every argument forces a new one;
- ibm_iam_serviceid_group: a service ID group of the account, replaced (PUT) with its
  `entity_tag` as If-Match;
- DNS Services' global load balancing (resource_ibm_private_dns_glb*.go): monitors and pools of an
  instance (`<instance>/<id>`), load balancers of a zone (`<instance>/<zone>/<id>`), each
  replaced whole (PUT) on a change; and linked zones (resource_ibm_dns_linked_zone.go,
  `<instance>/<id>`, description and label patched).

Not here: ibm_iam_trusted_profile_identity (`POST /v1/profiles/<profile>/identities/<identity
type>`, an item named by its type, which engine/generic/platform/keyed.py serves) is iam_more.py's.
ibm_tg_connection_action (`POST .../connections/<id>/actions`, an action the generic
engine serves now: engine/generic/platform/platform_actions.py) is tg_more.py's.
"""

from __future__ import annotations

from vpcmock_provider.resources.platform.api_backed import DNS, IAM, TRANSIT, PlatformResource, PlatformType

TG_PREFIX_FILTER = PlatformType(
    "ibm_tg_connection_prefix_filter", TRANSIT,
    "/transit_gateways/{gateway}/connections/{connection_id}/prefix_filters", "prefix_filters",
    sends=("action", "before", "ge", "le", "prefix"), updates=("action", "before", "ge", "le", "prefix"),
    state=lambda doc, state, prior: {"filter_id": doc["id"]})

TG_ROUTE_REPORT = PlatformType(
    "ibm_tg_route_report", TRANSIT, "/transit_gateways/{gateway}/route_reports", "route_reports", update=None,
    state=lambda doc, state, prior: {"route_report_id": doc["id"]})

SERVICEID_GROUP = PlatformType(
    "ibm_iam_serviceid_group", IAM, "/v1/serviceid_groups", "serviceid_groups",
    sends=("account_id", "name", "description"), updates=("name", "description"), update="PUT", if_match=True)

_MONITOR = ("name", "description", "type", "port", "interval", "retries", "timeout", "method", "path", "headers",
            "allow_insecure", "expected_codes", "expected_body")
DNS_GLB_MONITOR = PlatformType(
    "ibm_dns_glb_monitor", DNS, "/instances/{instance_id}/monitors", "monitors", sends=_MONITOR, updates=_MONITOR,
    update="PUT", state=lambda doc, state, prior: {"monitor_id": doc["id"]})

_POOL = ("name", "description", "enabled", "healthy_origins_threshold", "origins", "monitor", "notification_channel",
         "healthcheck_region", "healthcheck_subnets")
DNS_GLB_POOL = PlatformType(
    "ibm_dns_glb_pool", DNS, "/instances/{instance_id}/pools", "pools", sends=_POOL, updates=_POOL, update="PUT",
    state=lambda doc, state, prior: {"pool_id": doc["id"]})

_GLB = ("name", "description", "enabled", "ttl", "fallback_pool", "default_pools", "az_pools")
DNS_GLB = PlatformType(
    "ibm_dns_glb", DNS, "/instances/{instance_id}/dnszones/{zone_id}/load_balancers", "load_balancers",
    sends=_GLB, updates=_GLB, update="PUT", state=lambda doc, state, prior: {"glb_id": doc["id"]})

DNS_LINKED_ZONE = PlatformType(
    "ibm_dns_linked_zone", DNS, "/instances/{instance_id}/linked_dnszones", "linked_dnszones",
    sends=("description", "owner_instance_id", "owner_zone_id", "label"), updates=("description", "label"),
    # The IBM provider sends no name and reads none back, nor the owner's ids: they stay as
    # configured, kept beside (resources/kept.py), so an import reads them too.
    state=lambda doc, state, prior: {"name": None, "owner_instance_id": None, "owner_zone_id": None})

RESOURCES = [PlatformResource(t) for t in (TG_PREFIX_FILTER, TG_ROUTE_REPORT, SERVICEID_GROUP, DNS_GLB_MONITOR,
                                           DNS_GLB_POOL, DNS_GLB, DNS_LINKED_ZONE)]
