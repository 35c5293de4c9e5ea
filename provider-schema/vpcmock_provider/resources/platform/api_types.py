"""The IBM types served through the platform APIs (api_backed.py), each with only what differs
from the convention, read from the IBM provider's create, read, update and delete functions
(resource_ibm_cbr_*.go, resource_ibm_resource_*.go, resource_ibm_iam_*.go, resource_ibm_dns_*.go,
resource_ibm_tg_*.go), and their data sources whose reading is a get or a listing.

`ibm_iam_access_group_members` goes through Access Groups' membership operations
(access_group_members.py); Transit Gateway's prefix filters and route reports and IAM's service ID
groups through api_types_more.py, access policies through iam_access_policy.py, a trusted profile's
identities, account settings, identity preferences, IdPs, custom roles, access tags and users
through iam_more.py and user_management.py."""

from __future__ import annotations

import json
import uuid

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform import catalog
from vpcmock_provider.resources.platform.access_group_members import AccessGroupMembers, by_kind, list_members
from vpcmock_provider.resources.platform.global_tags import through_global_tagging
from vpcmock_provider.resources.platform.api_backed import (CBR, DNS, IAM, RESOURCE_CONTROLLER, TRANSIT,
                                                             CollectionDataSource, ItemDataSource, ListingDataSource,
                                                             PlatformResource, PlatformType, all_items, etag_of)


# --- Context-based restrictions: zones and rules are replaced whole (PUT with the ETag of a read
# just before, as resource_ibm_cbr_zone.go and resource_ibm_cbr_rule.go do).

def _address_key(address: dict) -> tuple:
    ref = address.get("ref") or {}
    ref = ref[0] if isinstance(ref, list) and ref else ref if isinstance(ref, dict) else {}
    return address.get("type"), address.get("value") or None, tuple(sorted((k, v) for k, v in ref.items() if v))


class CbrZone(PlatformResource):
    """ibm_cbr_zone. The IBM provider tells the addresses an `ibm_cbr_zone_addresses` added to a
    zone from the zone's own by an address id the Go SDK sends; the API as its Python SDK and the
    mock have it carries none (an address is its type and value). So a zone reads back the
    addresses it set (those of its prior state still in the zone; all of them on import), and an
    update keeps the addresses others added, as the IBM provider's update preserves them."""

    def to_state(self, doc, headers, parents, prior, importing):
        state = super().to_state(doc, headers, parents, prior, importing)
        if not importing and prior.get("addresses"):
            mine = {_address_key(a) for a in prior["addresses"]}
            state["addresses"] = [a for a in state.get("addresses") or [] if _address_key(a) in mine]
        return state

    def update_body(self, prior, planned, current):
        body = super().update_body(prior, planned, current)
        ours = {_address_key(a) for a in self.to_body(prior, ("addresses",)).get("addresses") or []}
        others = [a for a in current.get("addresses") or [] if _address_key(a) not in ours]
        body["addresses"] = (body.get("addresses") or []) + others
        return body


def _rule_body(planned: dict) -> dict:
    """The rule's operations: only each API type's id is sent (display name and description are
    what the API answers of it)."""
    operations = (planned.get("operations") or [None])[0]
    if not operations:
        return {}
    return {"operations": {"api_types": [{"api_type_id": t["api_type_id"]} for t in operations.get("api_types") or []
                                         if t.get("api_type_id")]}}


CBR_ZONE = PlatformType("ibm_cbr_zone", CBR, "/v1/zones", "zones",
                        sends=("name", "account_id", "description", "addresses", "excluded"),
                        updates=("name", "account_id", "description", "addresses", "excluded"),
                        update="PUT", if_match=True, objects=frozenset({"ref"}))
CBR_RULE = PlatformType("ibm_cbr_rule", CBR, "/v1/rules", "rules",
                        sends=("description", "contexts", "resources", "enforcement_mode"),
                        updates=("description", "contexts", "resources", "enforcement_mode"),
                        update="PUT", if_match=True, body=_rule_body, patch=lambda prior, planned: _rule_body(planned))


class CbrZoneAddresses(PlatformResource):
    """ibm_cbr_zone_addresses: addresses added to a zone someone else manages, by a replacement
    of the zone (with its ETag) holding the zone's addresses and these; its id is
    `<zone id>/TF-<uuid>` as the IBM provider composes it. It reads the addresses it added that
    the zone still has (all of the zone's on import: see CbrZone), and is gone when none is."""

    ZONES = "/v1/zones"

    def __init__(self):
        super().__init__(PlatformType("ibm_cbr_zone_addresses", CBR, self.ZONES, "zones", objects=frozenset({"ref"})))
        self.parents = ()

    def split(self, ident):
        zone, _, own = ident.partition("/")
        if not zone or not own:
            raise ApiError(400, "invalid_import_id", f"The id of ibm_cbr_zone_addresses is <zone id>/<addresses id>, "
                           f"got {ident!r}")
        return {"zone_id": zone}, own

    def _zone(self, client: Client, zone: str) -> tuple[dict, dict] | None:
        return self.get(client, {}, zone)

    def _replace(self, client: Client, zone: str, remove: list, add: list) -> None:
        found = self._zone(client, zone)
        if found is None:
            raise ApiError(404, "not_found", f"No zone {zone!r} found", "zone_id")
        current, headers = found
        gone = {_address_key(a) for a in remove}
        addresses = [a for a in current.get("addresses") or [] if _address_key(a) not in gone] + add
        body = {"name": current["name"], "account_id": current["account_id"], "addresses": addresses,
                "excluded": current.get("excluded") or []}
        if current.get("description"):
            body["description"] = current["description"]
        self.call(client, "PUT", self.item({}, zone), body, if_match=etag_of(headers))

    def _mine(self, values: dict) -> list:
        return self.to_body(values, ("addresses",)).get("addresses") or []

    def _state(self, client: Client, zone: str, own: str, prior: dict, importing: bool) -> dict | None:
        found = self._zone(client, zone)
        if found is None:
            return None
        doc = found[0]
        state = self.to_state(doc, {}, {}, prior, importing)
        if not importing:
            mine = {_address_key(a) for a in self._mine(prior)}
            state["addresses"] = [a for a in state.get("addresses") or [] if _address_key(a) in mine]
        if not state.get("addresses"):
            return None
        return {**state, "id": f"{zone}/{own}", "zone_id": prior.get("zone_id") or zone}

    def create(self, client, planned):
        zone = str(planned["zone_id"])
        self._replace(client, zone, [], self._mine(planned))
        return self._state(client, zone, f"TF-{uuid.uuid4()}", planned, False) or {}

    def read(self, client, state):
        parents, own = self.split(state["id"])
        return self._state(client, parents["zone_id"], own, state, False)

    def update(self, client, prior, planned):
        parents, own = self.split(prior["id"])
        self._replace(client, parents["zone_id"], self._mine(prior), self._mine(planned))
        return self._state(client, parents["zone_id"], own, planned, False) or {}

    def delete(self, client, state):
        parents, _ = self.split(state["id"])
        try:
            self._replace(client, parents["zone_id"], self._mine(state), [])
        except ApiError as exc:
            if exc.status != 404:
                raise

    def import_(self, client, ident):
        parents, own = self.split(ident)
        return self._state(client, parents["zone_id"], own, {}, True)


_CBR_ZONE, _CBR_RULE = CbrZone(CBR_ZONE), PlatformResource(CBR_RULE)

RESOURCES = [_CBR_ZONE, _CBR_RULE, CbrZoneAddresses()]

DATA_SOURCES = [ItemDataSource("ibm_cbr_zone", _CBR_ZONE, "zone_id"),
                ItemDataSource("ibm_cbr_rule", _CBR_RULE, "rule_id")]


# --- Resource Controller: instances and keys, their Terraform id the CRN (the API's id).

def _default_group(client: Client) -> str:
    answer = client.platform("GET", f"{client.resource_manager_url}/v2/resource_groups", params={"default": "true"})
    return answer["resources"][0]["id"]


def _instance_parameters(planned: dict) -> dict:
    """The instance's parameters as the IBM provider sends them: the `parameters` map, the
    `parameters_json` object merged in, and `service_endpoints` as `service-endpoints`."""
    parameters = dict(planned.get("parameters") or {})
    if planned.get("parameters_json"):
        try:
            parameters.update(json.loads(planned["parameters_json"]))
        except ValueError as exc:
            raise ApiError(400, "invalid_parameters_json", f"parameters_json is not JSON: {exc}",
                           "parameters_json") from None
    if planned.get("service_endpoints"):
        parameters["service-endpoints"] = planned["service_endpoints"]
    return parameters


class ResourceInstance(PlatformResource):
    """ibm_resource_instance: `service` and `plan` resolved through the Global Catalog
    (catalog.py) to the plan id, and `location` to the plan's deployment there, whose catalog
    CRN is the target, as the IBM provider does; the group is the account's default unless
    named. Read back: the service's and plan's names from the catalog by the instance's
    `resource_id` and `resource_plan_id`, the location from its `region_id`; `tags` through
    Global Tagging (global_tags.py)."""

    def create_body(self, planned):
        body = {"name": planned["name"], "target": planned["_target"], "resource_plan_id": planned["_plan_id"],
                "resource_group": planned.get("resource_group_id") or None}
        parameters = _instance_parameters(planned)
        if parameters:
            body["parameters"] = parameters
        return body

    def create(self, client, planned):
        if not planned.get("resource_group_id"):
            planned = {**planned, "resource_group_id": _default_group(client)}
        plan = catalog.plan_id(client, planned["service"], planned["plan"])
        planned = {**planned, "_plan_id": plan, "_target": catalog.target(client, plan, planned["location"],
                                                                         planned["plan"])}
        return super().create(client, planned)

    def update(self, client, prior, planned):
        if planned.get("plan") != prior.get("plan"):
            planned = {**planned, "_plan_id": catalog.plan_id(client, planned["service"], planned["plan"])}
        return super().update(client, prior, planned)

    def update_body(self, prior, planned, current):
        body = {}
        if planned.get("name") != prior.get("name"):
            body["name"] = planned["name"]
        if planned.get("_plan_id"):
            body["resource_plan_id"] = planned["_plan_id"]
        before, after = self.parameters(prior), self.parameters(planned)
        if after != before:
            body["parameters"] = after
        return body

    def parameters(self, planned: dict) -> dict:
        """The instance's `parameters` as the configuration gives them."""
        return _instance_parameters(planned)

    def _read(self, client, parents, own, prior, importing):
        state = super()._read(client, parents, own, prior, importing)
        if state:
            state.update(_catalog_names(client, state.get("resource_id"), state.get("resource_plan_id")))
        return state


def _catalog_names(client: Client, resource_id: str | None, plan: str | None) -> dict:
    return {"service": catalog.name_of(client, resource_id), "plan": catalog.name_of(client, plan)}


def _instance_state(doc: dict, state: dict, prior: dict) -> dict:
    parameters = doc.get("parameters") or {}
    return {"status": doc.get("state"), "resource_name": doc.get("name"),
            "resource_crn": doc.get("crn"), "resource_status": doc.get("state"), "update_at": doc.get("updated_at"),
            "update_by": doc.get("updated_by"),
            "service_endpoints": parameters.get("service-endpoints"),
            "parameters": {k: v if isinstance(v, str) else json.dumps(v) for k, v in parameters.items()
                           if k != "service-endpoints"} or None,
            "resource_controller_url": "https://cloud.ibm.com/services/"}


RESOURCE_INSTANCE = PlatformType("ibm_resource_instance", RESOURCE_CONTROLLER, "/v2/resource_instances",
                                 "resources", crn_id=True, renames={"location": "region_id"}, state=_instance_state)


def _key_body(planned: dict) -> dict:
    source = planned.get("resource_instance_id") or planned.get("resource_alias_id")
    body = {"name": planned["name"], "source": source}
    if planned.get("role"):
        body["role"] = planned["role"]
    if planned.get("parameters"):
        body["parameters"] = dict(planned["parameters"])
    return body


def _key_state(doc: dict, state: dict, prior: dict) -> dict:
    source = doc.get("source_crn") or ""
    configured = prior.get("resource_instance_id")
    guid = next((part for part in reversed(source.split(":")) if part), source)
    same = isinstance(configured, str) and configured in (source, guid)
    # The key's role is not in its answer (the credentials that would name it are not served):
    # kept beside it, as the configuration gave it.
    return {"status": doc.get("state"), "resource_instance_id": configured if same else source or None}


RESOURCE_KEY = PlatformType("ibm_resource_key", RESOURCE_CONTROLLER, "/v2/resource_keys", "resources",
                            crn_id=True, update=None, body=_key_body, state=_key_state)

_RESOURCE_INSTANCE, _RESOURCE_KEY = ResourceInstance(RESOURCE_INSTANCE), PlatformResource(RESOURCE_KEY)
RESOURCES += [_RESOURCE_INSTANCE, _RESOURCE_KEY]


def _sourced_by(doc: dict, wanted: dict) -> bool:
    """A key's source named by its CRN or its guid (`resource_instance_id`, `resource_alias_id`)."""
    source = doc.get("source_crn") or ""
    value = next(iter(wanted.values()))
    return value == source or source.rstrip(":").endswith(":" + value)


class ResourceInstanceByName(ListingDataSource):
    """data "ibm_resource_instance": the instance of that name (and `service`, `location`,
    `resource_group_id` when given), its service and plan named by the Global Catalog."""

    def __init__(self):
        super().__init__("ibm_resource_instance", _RESOURCE_INSTANCE)

    def read(self, client, config):
        import copy

        def extra(doc: dict) -> dict:
            found = {k: v for k, v in _instance_state(doc, {}, {}).items() if k not in ("parameters",
                                                                                       "service_endpoints")}
            return {**found, **_catalog_names(client, doc.get("resource_id"), doc.get("resource_plan_id"))}
        reader = copy.copy(self)  # the client is this read's: Terraform reads data sources at once
        reader.extra = extra
        return ListingDataSource.read(reader, client, config)


DATA_SOURCES += [
    ResourceInstanceByName(),
    ListingDataSource("ibm_resource_key", _RESOURCE_KEY, match=_sourced_by,
                      extra=lambda doc: {"status": doc.get("state")}),
]


# --- IAM Identity: service IDs, their API keys, the caller's API keys, trusted profiles and
# their claim rules; replaced (PUT) with the ETag of a read just before. Each is created in the
# caller's account (the IBM provider takes it from the session's user details: the token).

def _claims(client: Client) -> dict:
    import base64

    token = client.tokens()[0]
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


class InAccount(PlatformResource):
    """Created in the caller's account: `account_id` in the body (`account_query`: in the query,
    as Access Groups takes it)."""

    def __init__(self, api: PlatformType, account_query: bool = False):
        super().__init__(api)
        self.account_query = account_query

    def create(self, client, planned):
        account = client.account()
        if not self.account_query:
            return super().create(client, {**planned, "account_id": planned.get("account_id") or account})
        parents = self.parents_of(planned)
        doc, _ = self.call(client, "POST", self.collection(parents), self.create_body(planned),
                           params={"account_id": account})
        return self._read(client, parents, doc["id"], planned, False) or {}


SERVICE_ID = PlatformType("ibm_iam_service_id", IAM, "/v1/serviceids", "serviceids",
                          sends=("name", "description", "account_id"), updates=("name", "description"),
                          update="PUT", if_match=True, renames={"version": "entity_tag"})


def _user_key_body(planned: dict) -> dict:
    return {"iam_id": planned["_iam_id"], **({"store_value": planned["store_value"]}
                                            if planned.get("store_value") is not None else {})}


# ibm_iam_service_api_key: an API key of the service ID whose IAM id `iam_service_id` is (IBM's
# examples name `ibm_iam_service_id.<name>.iam_id`).
SERVICE_API_KEY = PlatformType("ibm_iam_service_api_key", IAM, "/v1/apikeys", "apikeys",
                               sends=("name", "description", "account_id", "iam_service_id", "apikey", "expires_at",
                                      "store_value"),
                               updates=("name", "description", "expires_at"), update="PUT", if_match=True,
                               renames={"iam_service_id": "iam_id"})


class UserApiKey(InAccount):
    """ibm_iam_api_key: an API key of the caller (the token's IAM id)."""

    def create(self, client, planned):
        return super().create(client, {**planned, "_iam_id": _claims(client).get("iam_id")})


def _user_key_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"apikey_id": doc["id"], "entity_lock": "true" if doc.get("locked") else "false"}


USER_API_KEY = PlatformType("ibm_iam_api_key", IAM, "/v1/apikeys", "apikeys",
                            sends=("name", "description", "account_id", "apikey", "expires_at"),
                            updates=("name", "description", "expires_at"), update="PUT", if_match=True,
                            body=_user_key_body, state=_user_key_state)

TRUSTED_PROFILE = PlatformType("ibm_iam_trusted_profile", IAM, "/v1/profiles", "profiles",
                               sends=("name", "description", "email", "account_id"),
                               updates=("name", "description", "email"), update="PUT", if_match=True,
                               state=lambda doc, state, prior: {"profile_id": doc["id"]})
TRUSTED_PROFILE_CLAIM_RULE = PlatformType(
    "ibm_iam_trusted_profile_claim_rule", IAM, "/v1/profiles/{profile_id}/rules", "rules",
    sends=("name", "type", "realm_name", "expiration", "cr_type", "conditions"),
    updates=("name", "type", "realm_name", "expiration", "cr_type", "conditions"), update="PUT", if_match=True,
    state=lambda doc, state, prior: {"rule_id": doc["id"]})

TRUSTED_PROFILE_LINK = PlatformType(
    "ibm_iam_trusted_profile_link", IAM, "/v1/profiles/{profile_id}/links", "links",
    sends=("name", "cr_type", "link", "is_cross_account"), update=None, objects=frozenset({"link"}),
    state=lambda doc, state, prior: {"link_id": doc["id"]})


# --- IAM Access Groups: groups (patched with the ETag, `version` is that ETag) and their
# dynamic rules (`<group>/<rule>`, replaced).

ACCESS_GROUP = PlatformType("ibm_iam_access_group", IAM, "/v2/groups", "groups", sends=("name", "description"),
                            updates=("name", "description"), if_match=True)
ACCESS_GROUP_DYNAMIC_RULE = PlatformType(
    "ibm_iam_access_group_dynamic_rule", IAM, "/v2/groups/{access_group_id}/rules", "rules",
    sends=("name", "expiration", "identity_provider", "conditions"),
    updates=("name", "expiration", "identity_provider", "conditions"), update="PUT", if_match=True,
    renames={"identity_provider": "realm_name"}, state=lambda doc, state, prior: {"rule_id": doc["id"]})


class AccessGroup(InAccount):
    def to_state(self, doc, headers, parents, prior, importing):
        state = super().to_state(doc, headers, parents, prior, importing)
        return {**state, "version": etag_of(headers)} if etag_of(headers) else state

    def update_body(self, prior, planned, current):
        body = super().update_body(prior, planned, current)
        if "description" in body and body["description"] is None:
            body["description"] = ""  # a merge patch with null keeps it: emptied, as the IBM provider sends
        return body


_SERVICE_ID = InAccount(SERVICE_ID)
_TRUSTED_PROFILE = InAccount(TRUSTED_PROFILE)
_ACCESS_GROUP = AccessGroup(ACCESS_GROUP, account_query=True)
_USER_API_KEY, _CLAIM_RULE = UserApiKey(USER_API_KEY), PlatformResource(TRUSTED_PROFILE_CLAIM_RULE)
_PROFILE_LINK, _DYNAMIC_RULE = PlatformResource(TRUSTED_PROFILE_LINK), PlatformResource(ACCESS_GROUP_DYNAMIC_RULE)
RESOURCES += [_SERVICE_ID, InAccount(SERVICE_API_KEY), _USER_API_KEY, _TRUSTED_PROFILE, _CLAIM_RULE, _PROFILE_LINK,
              _ACCESS_GROUP, _DYNAMIC_RULE]


# --- DNS Services: zones of an instance (a resource instance of `dns-svcs`, named by its guid),
# their resource records and permitted networks; ids `<instance>/<zone>[/<record>]`.

DNS_ZONE = PlatformType("ibm_dns_zone", DNS, "/instances/{instance_id}/dnszones", "dnszones",
                        sends=("name", "description", "label"), updates=("description", "label"),
                        state=lambda doc, state, prior: {"zone_id": doc["id"]})

# The rdata of each record type: Terraform's `rdata` is the property named here, the others
# (an MX record's preference, an SRV record's port, priority and weight) top-level arguments.
_RDATA = {"A": "ip", "AAAA": "ip", "CNAME": "cname", "PTR": "ptrdname", "TXT": "text", "MX": "exchange",
          "SRV": "target"}
_RDATA_MORE = {"MX": ("preference",), "SRV": ("port", "priority", "weight")}


def _record_body(planned: dict) -> dict:
    kind = planned["type"]
    if kind not in _RDATA:
        raise ApiError(400, "invalid_record_type", f"type {kind!r} is not one of {', '.join(sorted(_RDATA))}", "type")
    rdata = {_RDATA[kind]: planned["rdata"]}
    rdata.update({name: planned[name] for name in _RDATA_MORE.get(kind, ()) if planned.get(name) is not None})
    body = {"name": planned["name"], "type": kind, "rdata": rdata}
    if planned.get("ttl") is not None:
        body["ttl"] = planned["ttl"]
    if kind == "SRV":
        body.update({k: planned[k] for k in ("service", "protocol") if planned.get(k)})
    return body


def _record_update(prior: dict, planned: dict) -> dict:
    body = _record_body(planned)
    body.pop("type")  # a record's type is set at creation (ForceNew)
    return body


def _record_state(doc: dict, state: dict, prior: dict) -> dict:
    kind, rdata = doc.get("type"), doc.get("rdata") or {}
    out = {"resource_record_id": doc["id"], "rdata": rdata.get(_RDATA.get(kind, ""))}
    # What a record of another type does not have reads as the schema's default (0), as the IBM
    # provider leaves it.
    for name in ("preference", "priority", "weight"):
        out[name] = rdata.get(name, 0) if name in _RDATA_MORE.get(kind, ()) else 0
    out["port"] = rdata.get("port") if kind == "SRV" else None
    return out


DNS_RESOURCE_RECORD = PlatformType("ibm_dns_resource_record", DNS,
                                   "/instances/{instance_id}/dnszones/{zone_id}/resource_records", "resource_records",
                                   update="PUT", body=_record_body, patch=_record_update, state=_record_state)


def _permitted_body(planned: dict) -> dict:
    return {"type": planned.get("type") or "vpc", "permitted_network": {"vpc_crn": planned["vpc_crn"]}}


DNS_PERMITTED_NETWORK = PlatformType(
    "ibm_dns_permitted_network", DNS, "/instances/{instance_id}/dnszones/{zone_id}/permitted_networks",
    "permitted_networks", update=None, body=_permitted_body,
    state=lambda doc, state, prior: {"permitted_network_id": doc["id"],
                                     "vpc_crn": (doc.get("permitted_network") or {}).get("vpc_crn")})


# --- Transit Gateway: gateways and their connections (`<gateway>/<connection>`).

def _gateway_body(planned: dict) -> dict:
    return {"resource_group": {"id": planned["resource_group"]}} if planned.get("resource_group") else {}


TG_GATEWAY = PlatformType("ibm_tg_gateway", TRANSIT, "/transit_gateways", "transit_gateways",
                          sends=("name", "location", "global", "gre_enhanced_route_propagation"),
                          updates=("name", "global", "gre_enhanced_route_propagation"), body=_gateway_body,
                          state=lambda doc, state, prior: {
                              "resource_name": doc.get("name"), "resource_crn": doc.get("crn"),
                              "resource_status": doc.get("status"),
                              "resource_controller_url": "https://cloud.ibm.com/interconnectivity/transit"})


def _connection_body(planned: dict) -> dict:
    return {"zone": {"name": planned["zone"]}} if planned.get("zone") else {}


TG_CONNECTION = PlatformType(
    "ibm_tg_connection", TRANSIT, "/transit_gateways/{gateway}/connections", "connections",
    sends=("network_type", "name", "network_id", "network_account_id", "base_connection_id", "base_network_type",
           "local_gateway_ip", "local_tunnel_ip", "remote_bgp_asn", "remote_gateway_ip", "remote_tunnel_ip", "cidr",
           "default_prefix_filter"),
    updates=("name", "default_prefix_filter"), renames={"default_prefix_filter": "prefix_filters_default"},
    body=_connection_body, state=lambda doc, state, prior: {"connection_id": doc["id"]})

_DNS_ZONE, _DNS_RECORD, _DNS_NETWORK = (PlatformResource(t) for t in (DNS_ZONE, DNS_RESOURCE_RECORD,
                                                                        DNS_PERMITTED_NETWORK))
_TG_GATEWAY, _TG_CONNECTION = PlatformResource(TG_GATEWAY), PlatformResource(TG_CONNECTION)
RESOURCES += [_DNS_ZONE, _DNS_RECORD, _DNS_NETWORK, _TG_GATEWAY, _TG_CONNECTION]


class TransitGatewayByName(ListingDataSource):
    """data "ibm_tg_gateway": the gateway of that name, with its connections."""

    def __init__(self):
        super().__init__("ibm_tg_gateway", _TG_GATEWAY)
        self.connections = CollectionDataSource("ibm_tg_gateway", _TG_CONNECTION, "connections",
                                                parents={"gateway": "id"})

    def read(self, client, config):
        found = super().read(client, config)
        return {**found, "connections": self.connections.items(client, {"id": found["id"]})}


class AccessGroups(CollectionDataSource):
    """data "ibm_iam_access_group": the account's access groups (those of `access_group_name`
    when given), each with its dynamic rules and its members by kind (users by login, service
    IDs and trusted profiles by id: access_group_members.py), all through the API."""

    def __init__(self):
        super().__init__("ibm_iam_access_group", _ACCESS_GROUP, "groups")
        self.rule_fields = next(f for f in self.list_field.fields if f.name == "rules").fields

    def params(self, client):
        return {"account_id": client.account()}

    def read(self, client, config):
        from vpcmock_provider.resources.platform.api_backed import project

        groups = []
        for group in self.items(client, {}):
            if config.get("access_group_name") and group.get("name") != config["access_group_name"]:
                continue
            group.update(by_kind(list_members(client, group["id"]) or []))
            rules = all_items(client, _DYNAMIC_RULE, {"access_group_id": group["id"]})
            group["rules"] = [{**project(self.rule_fields, rule, {}, _DYNAMIC_RULE.api.renames), "rule_id": rule["id"]}
                              for rule in rules]
            groups.append(group)
        name = config.get("access_group_name")
        return {"access_group_name": name, "id": name or client.account(), "groups": groups}


_INSTANCE_ZONE = {"instance_id": "instance_id", "zone_id": "zone_id"}
_PROFILE = {"profile_id": "profile_id"}
DATA_SOURCES += [
    ItemDataSource("ibm_iam_trusted_profile", _TRUSTED_PROFILE, "profile_id"),
    ItemDataSource("ibm_iam_api_key", _USER_API_KEY, "apikey_id"),
    ItemDataSource("ibm_iam_trusted_profile_claim_rule", _CLAIM_RULE, "rule_id", parents={"profile_id": "profile_id"}),
    CollectionDataSource("ibm_iam_service_id", _SERVICE_ID, "service_ids", filters=("name",)),
    CollectionDataSource("ibm_dns_zones", _DNS_ZONE, "dns_zones", parents={"instance_id": "instance_id"}),
    CollectionDataSource("ibm_dns_resource_records", _DNS_RECORD, "dns_resource_records", parents=_INSTANCE_ZONE),
    CollectionDataSource("ibm_dns_permitted_networks", _DNS_NETWORK, "dns_permitted_networks", parents=_INSTANCE_ZONE),
    CollectionDataSource("ibm_tg_gateways", _TG_GATEWAY, "transit_gateways"),
    TransitGatewayByName(),
    ItemDataSource("ibm_iam_trusted_profile_link", _PROFILE_LINK, "link_id", parents=_PROFILE),
    CollectionDataSource("ibm_iam_trusted_profile_links", _PROFILE_LINK, "links", parents=_PROFILE),
    CollectionDataSource("ibm_iam_trusted_profile_claim_rules", _CLAIM_RULE, "rules", parents=_PROFILE),
    CollectionDataSource("ibm_iam_trusted_profiles", _TRUSTED_PROFILE, "profiles", filters=("name",)),
    AccessGroups(),
]


# --- `tags` of a resource instance and a transit gateway through Global Tagging by the
# resource's CRN, as the IBM provider tags them (global_tags.py).
RESOURCES = through_global_tagging(RESOURCES)
# --- Access group members through Access Groups' membership operations (access_group_members.py).
RESOURCES.append(AccessGroupMembers())
