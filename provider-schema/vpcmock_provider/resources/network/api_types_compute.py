"""IBM types served through the VPC API (api_backed.py), continued: load balancer listener policies
and their rules, a subnet's routing table attachment, dedicated host groups and hosts, and images.
Each says only what differs from the convention, read from the IBM provider's create and read
functions (resource_ibm_is_*.go)."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType
from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource, Lookup
from vpcmock_provider.resources.network.api_types import SubnetPublicGatewayAttachment, restore_default
from vpcmock_provider.resources.platform.identity import api_id


# --- ibm_is_lb_listener_policy: its target a pool or listener (target_id), a redirect URL
# (target_url, target_http_status_code) or an HTTPS redirect (target_https_redirect_*); its rules
# made with it and read one by one, as the IBM read does.

def _policy_target(planned: dict) -> dict:
    block = (planned.get("target") or [None])[0]
    if block:
        target = {k: block[k] for k in ("id", "http_status_code", "url", "uri") if block.get(k) not in (None, "")}
        if block.get("listener"):
            target["listener"] = {"id": api_id(block["listener"][0]["id"])}
        return {"target": target}
    if planned.get("target_id"):
        return {"target": {"id": api_id(planned["target_id"])}}
    if planned.get("target_url"):
        return {"target": {"url": planned["target_url"], "http_status_code": planned.get("target_http_status_code")}}
    if planned.get("target_https_redirect_listener"):
        target = {"listener": {"id": api_id(planned["target_https_redirect_listener"])},
                  "http_status_code": planned.get("target_https_redirect_status_code")}
        if planned.get("target_https_redirect_uri"):
            target["uri"] = planned["target_https_redirect_uri"]
        return {"target": target}
    return {}


def _policy_rule(rule: dict) -> dict:
    return {k: rule[k] for k in ("condition", "type", "value", "field") if rule.get(k) not in (None, "")}


def _policy_body(planned: dict) -> dict:
    body = _policy_target(planned)
    if planned.get("rules"):
        body["rules"] = [_policy_rule(rule) for rule in planned["rules"]]
    return body


def _policy_patch(prior: dict, planned: dict) -> dict:
    before, after = _policy_target(prior), _policy_target(planned)
    return after if after != before else {}


def _policy_state(doc: dict, state: dict, prior: dict) -> dict:
    target = doc.get("target") or {}
    out = {"policy_id": doc["id"], "target_id": None, "target_url": None, "target_http_status_code": None,
           "target_https_redirect_listener": None, "target_https_redirect_status_code": None,
           "target_https_redirect_uri": None}
    if doc.get("action") in ("forward", "forward_to_pool", "forward_to_listener"):
        configured = prior.get("target_id")
        out["target_id"] = configured if configured and api_id(configured) == target.get("id") else target.get("id")
    elif doc.get("action") == "redirect":
        out.update(target_url=target.get("url"), target_http_status_code=target.get("http_status_code"))
    elif doc.get("action") == "https_redirect":
        out.update(target_https_redirect_listener=(target.get("listener") or {}).get("id"),
                   target_https_redirect_status_code=target.get("http_status_code"),
                   target_https_redirect_uri=target.get("uri"))
    if not prior.get("target"):  # the block only where configured (the IBM read's d.GetOk("target"))
        out["target"] = None
    elif target:
        out["target"] = [{"id": target.get("id"), "href": target.get("href"), "name": target.get("name"),
                          "http_status_code": target.get("http_status_code"), "url": target.get("url"),
                          "uri": target.get("uri"), "listener": [{"id": target["listener"]["id"],
                                                                 "href": target["listener"].get("href")}]
                          if target.get("listener") else None}]
    return out


class LbListenerPolicy(ApiResource):
    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        doc, _ = client.call("GET", f"{self._collection(parents)}/{own}")
        rules = []
        for ref in doc.get("rules") or []:
            rule, _ = client.call("GET", f"{self._collection(parents)}/{own}/rules/{ref['id']}")
            rules.append({"condition": rule.get("condition"), "type": rule.get("type"), "field": rule.get("field"),
                          "value": rule.get("value"), "rule_id": rule["id"]})
        return {**state, "rules": rules}


LB_LISTENER_POLICY = ApiType("ibm_is_lb_listener_policy", "/load_balancers/{lb}/listeners/{listener}/policies",
                             "policies", sends=("name", "action", "priority"), patches=("name", "priority"),
                             body=_policy_body, patch=_policy_patch, state=_policy_state,
                             related_crn="/load_balancers/{lb}")
LB_LISTENER_POLICY_RULE = ApiType("ibm_is_lb_listener_policy_rule",
                                  "/load_balancers/{lb}/listeners/{listener}/policies/{policy}/rules", "rules",
                                  sends=("condition", "type", "value", "field"),
                                  patches=("condition", "type", "value", "field"),
                                  state=lambda doc, state, prior: {"rule": doc["id"]},
                                  related_crn="/load_balancers/{lb}")


# --- ibm_is_subnet_routing_table_attachment: the subnet's routing table (PUT and GET of
# /subnets/{id}/routing_table); deleting it gives the subnet its VPC's default table back.

class SubnetRoutingTableAttachment(SubnetPublicGatewayAttachment):
    def __init__(self):
        ApiResource.__init__(self, ApiType(
            "ibm_is_subnet_routing_table_attachment", "/subnets", "subnets",
            state=lambda doc, state, prior: {
                "routes": [{"id": r.get("id"), "name": r.get("name")} for r in doc.get("routes") or []],
                "subnets": [{"id": s.get("id"), "name": s.get("name")} for s in doc.get("subnets") or []],
                "routing_table_crn": doc.get("crn")}))

    def _path(self, subnet: str) -> str:
        return f"/subnets/{api_id(subnet)}/routing_table"

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        table = state.pop("public_gateway")
        named = prior.get("routing_table")
        state["routing_table"] = named if named and api_id(named) == table else table
        state.pop("floating_ip", None)
        return state

    @staticmethod
    def _table(planned: dict) -> dict:
        if planned.get("routing_table"):
            return {"id": api_id(planned["routing_table"])}
        return {"crn": planned["routing_table_crn"]}

    def create(self, client: Client, planned: dict) -> dict:
        client.call("PUT", self._path(planned["subnet"]), self._table(planned))
        return self._read(client, {}, api_id(planned["subnet"]), planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if (planned.get("routing_table"), planned.get("routing_table_crn")) != \
                (prior.get("routing_table"), prior.get("routing_table_crn")):
            client.call("PUT", self._path(prior["id"]), self._table(planned))
        return self._read(client, {}, prior["id"], planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        restore_default(client, self._path(state["id"]), api_id(state["id"]), "routing_table")


# --- ibm_is_dedicated_host_group (class, family, zone), ibm_is_dedicated_host (profile by
# name, its group as host_group).

DEDICATED_HOST_GROUP = ApiType("ibm_is_dedicated_host_group", "/dedicated_host/groups", "groups",
                               sends=("class", "family", "name", "zone", "resource_group"), patches=("name",))
DEDICATED_HOST = ApiType("ibm_is_dedicated_host", "/dedicated_hosts", "dedicated_hosts",
                         sends=("name", "profile", "host_group", "instance_placement_enabled", "resource_group"),
                         patches=("name", "instance_placement_enabled"), renames={"host_group": "group"})


# --- ibm_is_image: from a file (href, operating system) or a volume; `href` is the file's as
# configured (the IBM schema applies it once), `file` its size, `checksum` its SHA-256.

def _image_body(planned: dict) -> dict:
    body = {}
    if planned.get("href"):
        body = {"file": {"href": planned["href"]}, "operating_system": {"name": planned["operating_system"]}}
        if planned.get("encrypted_data_key"):
            body["encrypted_data_key"] = planned["encrypted_data_key"]
    elif planned.get("source_volume"):
        body = {"source_volume": {"id": api_id(planned["source_volume"])}}
    if planned.get("encryption_key"):
        body["encryption_key"] = {"crn": planned["encryption_key"]}
    use = (planned.get("allowed_use") or [None])[0]
    if use:
        body["allowed_use"] = {k: v for k, v in use.items() if v}
    for name in ("deprecation_at", "obsolescence_at"):
        if planned.get(name):
            body[name] = planned[name]
    return body


def _image_state(doc: dict, state: dict, prior: dict) -> dict:
    file = doc.get("file") or {}
    return {"href": prior.get("href") or doc.get("href"), "file": file.get("size"),
            "checksum": (file.get("checksums") or {}).get("sha256"), "size": doc.get("minimum_provisioned_size"),
            "encryption_key": (doc.get("encryption_key") or {}).get("crn")}


IMAGE = ApiType("ibm_is_image", "/images", "images", sends=("name", "resource_group"), patches=("name",),
                console="compute/image", body=_image_body, state=_image_state)


RESOURCES = [ApiResource(t) for t in (LB_LISTENER_POLICY_RULE, DEDICATED_HOST_GROUP, DEDICATED_HOST, IMAGE)] + [
    LbListenerPolicy(LB_LISTENER_POLICY), SubnetRoutingTableAttachment()]

_BY = {r.api.type_name: r for r in RESOURCES}
_LISTENER = {"lb": Lookup("lb"), "listener": Lookup("listener")}
DATA_SOURCES = [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_lb_listener_policy", _BY["ibm_is_lb_listener_policy"], Lookup("policy_id"), parents=_LISTENER),
    ApiData("ibm_is_lb_listener_policies", _BY["ibm_is_lb_listener_policy"], list_attr="policies",
            parents=_LISTENER),
    ApiData("ibm_is_lb_listener_policy_rule", _BY["ibm_is_lb_listener_policy_rule"], Lookup("rule"),
            parents={**_LISTENER, "policy": Lookup("policy")}),
    ApiData("ibm_is_lb_listener_policy_rules", _BY["ibm_is_lb_listener_policy_rule"], list_attr="rules",
            parents={**_LISTENER, "policy": Lookup("policy")}),
    ApiData("ibm_is_dedicated_host_group", _BY["ibm_is_dedicated_host_group"], Lookup(None, "name")),
    ApiData("ibm_is_dedicated_host_groups", _BY["ibm_is_dedicated_host_group"], list_attr="host_groups",
            filters=("name", "zone", "resource_group")),
    ApiData("ibm_is_dedicated_host", _BY["ibm_is_dedicated_host"], Lookup(None, "name")),
    ApiData("ibm_is_dedicated_hosts", _BY["ibm_is_dedicated_host"], list_attr="dedicated_hosts",
            filters=("host_group", "name", "zone", "resource_group")),
)]


# --- A share's accessor bindings (the shares in other accounts that access it), read through
# /shares/{share}/accessor_bindings: only their data sources (ibm_is_share_delete_accessor_binding,
# the one resource of the kind, is an action and stays a stored resource).

_ACCESSOR_BINDINGS = ApiResource(ApiType("ibm_is_share_delete_accessor_binding", "/shares/{share}/accessor_bindings",
                                         "accessor_bindings"))
DATA_SOURCES += [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_share_accessor_binding", _ACCESSOR_BINDINGS, Lookup("accessor_binding"),
            parents={"share": Lookup("share")}),
    ApiData("ibm_is_share_accessor_bindings", _ACCESSOR_BINDINGS, list_attr="accessor_bindings",
            parents={"share": Lookup("share")}),
)]


# --- Data sources of a VPC's address prefixes and default routing table, the region's volume and
# share profiles and the account's SSH keys: the API objects as their IBM data sources set them.

_VPC = {"vpc": Lookup("vpc", "vpc_name")}
DATA_SOURCES += [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_vpc_address_prefix", None, Lookup("address_prefix", "address_prefix_name"), parents=_VPC,
            path="/vpcs/{vpc}/address_prefixes", key="address_prefixes"),
    ApiData("ibm_is_vpc_address_prefixes", None, list_attr="address_prefixes", parents={"vpc": Lookup("vpc")},
            path="/vpcs/{vpc}/address_prefixes", key="address_prefixes", filters=("name",)),
    ApiData("ibm_is_vpc_default_routing_table", None, Lookup(None, None), parents={"vpc": Lookup("vpc")},
            path="/vpcs/{vpc}/default_routing_table", key="routing_tables",
            extra=lambda doc: {"default_routing_table": doc.get("id")}),
    ApiData("ibm_is_volume_profile", None, Lookup("name"), path="/volume/profiles", key="profiles"),
    ApiData("ibm_is_volume_profiles", None, list_attr="profiles", path="/volume/profiles", key="profiles"),
    ApiData("ibm_is_share_profile", None, Lookup("name"), path="/share/profiles", key="profiles"),
    ApiData("ibm_is_share_profiles", None, list_attr="profiles", path="/share/profiles", key="profiles"),
    ApiData("ibm_is_ssh_keys", None, list_attr="keys", path="/keys", key="keys"),
)]
