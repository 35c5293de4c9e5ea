"""The last IBM types moved from /stored_resources to the VPC API (api_backed.py): an instance's
network interfaces and their floating IPs; an instance group manager's policies and scheduled
actions and an instance group's memberships; a VPC's DNS resolution binding; a VPN gateway's
advertised CIDRs; client-to-site VPN servers and their routes; public address ranges;
reservations and their activation; private path service gateways, their account policies and
publishing; volume jobs and their cancelling; an image's export jobs and its deprecate and obsolete
actions.
Each says only what differs from the convention, read from the IBM provider's create, read,
update and delete functions (resource_ibm_is_*.go)."""

from __future__ import annotations

import urllib.parse

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.mapping import document_or_none
from vpcmock_provider.resources.network.api_backed import ApiResource, ApiType, BoundResource
from vpcmock_provider.resources.network.api_data import ApiData, ApiDataSource, Lookup
from vpcmock_provider.resources.network.api_types import membership_view
from vpcmock_provider.resources.network.api_types_compute import _image_state
from vpcmock_provider.resources.platform.identity import api_id


def _reserved_ip(client: Client, ref: dict) -> dict:
    """The reserved IP an interface's primary_ip names (its auto_delete is not in the reference)."""
    parts = (ref.get("href") or "").split("/")
    if "subnets" not in parts[:-1] or not ref.get("id"):
        return {}
    return document_or_none(client, f"/subnets/{parts[parts.index('subnets') + 1]}/reserved_ips/{ref['id']}") or {}


# --- ibm_is_instance_network_interface: `<instance>/<interface>`; its primary IP given by
# address or reserved IP; a floating IP bound when `floating_ip` is set (and rebound when it
# changes); security groups changed by binding the interface to them as a target, as the IBM
# update does.

def _nic_body(planned: dict) -> dict:
    body = {}
    primary = (planned.get("primary_ip") or [None])[0] or {}
    address = planned.get("primary_ipv4_address") or primary.get("address")
    if primary.get("reserved_ip"):
        body["primary_ip"] = {"id": api_id(primary["reserved_ip"])}
    elif address:
        body["primary_ip"] = {k: v for k, v in (("address", address), ("name", primary.get("name")),
                                                ("auto_delete", primary.get("auto_delete"))) if v is not None}
    return body


class InstanceNetworkInterface(ApiResource):
    def _fip_path(self, parents: dict, own: str, fip: str) -> str:
        return f"{self._collection(parents)}/{own}/floating_ips/{api_id(fip)}"

    def create(self, client: Client, planned: dict) -> dict:
        parents = {"instance": api_id(planned["instance"])}
        doc, _ = client.call("POST", self._collection(parents), self.to_body(planned))
        if planned.get("floating_ip"):
            client.call("PUT", self._fip_path(parents, doc["id"], planned["floating_ip"]))
        return self._read(client, parents, doc["id"], planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        parents, own = self.split(prior["id"])
        if planned.get("floating_ip") != prior.get("floating_ip"):
            if prior.get("floating_ip"):
                client.call("DELETE", self._fip_path(parents, own, prior["floating_ip"]))
            if planned.get("floating_ip"):
                client.call("PUT", self._fip_path(parents, own, planned["floating_ip"]))
        before, after = set(prior.get("security_groups") or []), set(planned.get("security_groups") or [])
        if planned.get("security_groups") is not None and before != after:
            for group in sorted(after - before):
                client.call("PUT", f"/security_groups/{api_id(group)}/targets/{own}")
            for group in sorted(before - after):
                client.call("DELETE", f"/security_groups/{api_id(group)}/targets/{own}")
        return super().update(client, prior, planned)

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        doc = document_or_none(client, f"{self._collection(parents)}/{own}") or {}
        if state.get("primary_ip"):
            state["primary_ip"][0]["auto_delete"] = _reserved_ip(client, doc.get("primary_ip") or {}).get("auto_delete")
        # `floating_ip` (not computed) reads back only as configured and still bound.
        bound = {fip.get("id") for fip in doc.get("floating_ips") or []}
        configured = prior.get("floating_ip")
        state["floating_ip"] = configured if configured and api_id(configured) in bound else None
        return {k: v for k, v in state.items() if v is not None}


def _nic_state(doc: dict, state: dict, prior: dict) -> dict:
    primary = doc.get("primary_ip") or {}
    return {"network_interface": doc["id"], "primary_ipv4_address": primary.get("address"),
            "primary_ip": [{"address": primary.get("address"), "href": primary.get("href"),
                            "name": primary.get("name"), "reserved_ip": primary.get("id"),
                            "resource_type": primary.get("resource_type")}] if primary else None}


INSTANCE_NETWORK_INTERFACE = ApiType(
    "ibm_is_instance_network_interface", "/instances/{instance}/network_interfaces", "network_interfaces",
    sends=("name", "subnet", "allow_ip_spoofing", "security_groups"), patches=("name", "allow_ip_spoofing"),
    body=_nic_body, state=_nic_state)

# --- ibm_is_instance_network_interface_floating_ip: `<instance>/<interface>/<floating IP>`, bound
# by PUT and unbound by DELETE of the interface's floating_ips/<id>.

INSTANCE_NETWORK_INTERFACE_FLOATING_IP = ApiType(
    "ibm_is_instance_network_interface_floating_ip",
    "/instances/{instance}/network_interfaces/{network_interface}/floating_ips", "floating_ips")


# --- ibm_is_instance_group_manager_policy: `<group>/<manager>/<policy>`.

INSTANCE_GROUP_MANAGER_POLICY = ApiType(
    "ibm_is_instance_group_manager_policy",
    "/instance_groups/{instance_group}/managers/{instance_group_manager}/policies", "policies",
    sends=("name", "metric_type", "metric_value", "policy_type"), patches=("name", "metric_type", "metric_value"),
    state=lambda doc, state, prior: {"policy_id": doc["id"]})


# --- ibm_is_instance_group_manager_action: a scheduled manager's action, at `run_at` or on
# `cron_spec`, setting the group's membership_count or a target autoscale manager's bounds.

def _action_body(planned: dict) -> dict:
    body = {k: planned[k] for k in ("run_at", "cron_spec") if planned.get(k)}
    if planned.get("target_manager"):
        manager = {"id": api_id(planned["target_manager"])}
        manager.update({k: planned[k] for k in ("max_membership_count", "min_membership_count")
                        if planned.get(k) is not None})
        body["manager"] = manager
    elif planned.get("membership_count") is not None:
        body["group"] = {"membership_count": planned["membership_count"]}
    return body


def _action_patch(prior: dict, planned: dict) -> dict:
    before, after = _action_body(prior), _action_body(planned)
    return {k: v for k, v in after.items() if before.get(k) != v}


def _action_state(doc: dict, state: dict, prior: dict) -> dict:
    group, manager = doc.get("group") or {}, doc.get("manager") or {}
    out = {"action_id": doc["id"], "membership_count": group.get("membership_count")}
    if manager:
        configured = prior.get("target_manager")
        out.update(target_manager=configured if configured and api_id(configured) == manager.get("id")
                   else manager.get("id"), target_manager_name=manager.get("name"),
                   max_membership_count=manager.get("max_membership_count"),
                   min_membership_count=manager.get("min_membership_count"))
    else:  # the group's count: min_membership_count stays the schema's default the IBM create kept
        out["min_membership_count"] = prior.get("min_membership_count", 1)
    return out


INSTANCE_GROUP_MANAGER_ACTION = ApiType(
    "ibm_is_instance_group_manager_action",
    "/instance_groups/{instance_group}/managers/{instance_group_manager}/actions", "actions",
    sends=("name",), patches=("name",), body=_action_body, patch=_action_patch, state=_action_state)


# --- ibm_is_instance_group_membership: an existing membership (the group made it) adopted by id,
# `<group>/<membership>`; its name patched; deleted only with `action_delete`, else forgotten.

class InstanceGroupMembership(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_instance_group_membership", "/instance_groups/{instance_group}/memberships",
                                 "memberships", patches=("name",),
                                 state=lambda doc, state, prior: membership_view(doc)))

    def split(self, ident: str) -> tuple[dict, str]:
        parts = ident.split("/")
        if len(parts) != 2 or not all(parts):
            raise ApiError(400, "invalid_import_id", "The id of ibm_is_instance_group_membership is "
                           f"<instance_group>/<instance_group_membership>, got {ident!r}")
        return {"instance_group": parts[0]}, parts[1]

    def create(self, client: Client, planned: dict) -> dict:
        parents, own = {"instance_group": api_id(planned["instance_group"])}, api_id(
            planned["instance_group_membership"])
        path = f"{self._collection(parents)}/{own}"
        client.call("GET", path)  # 404 instance_group_membership_not_found when the group has none such
        if planned.get("name"):
            client.call("PATCH", path, {"name": planned["name"]}, merge_patch=True)
        return self._read(client, parents, own, planned, False) or {}

    def to_state(self, doc: dict, parents: dict, prior: dict, importing: bool) -> dict:
        state = super().to_state(doc, parents, prior, importing)
        state["instance_group_membership"] = prior.get("instance_group_membership") \
            if api_id(str(prior.get("instance_group_membership") or "")) == doc["id"] else doc["id"]
        state["action_delete"] = prior.get("action_delete", False)
        if not prior.get("name") and not importing:
            state.pop("name", None)  # not configured: the group's name for it is no change
        return state

    def delete(self, client: Client, state: dict) -> None:
        if state.get("action_delete"):
            super().delete(client, state)


# --- ibm_is_vpc_dns_resolution_binding: `<vpc>/<binding>`, the hub VPC named by id, CRN or href.

def _binding_body(planned: dict) -> dict:
    vpc = (planned.get("vpc") or [None])[0] or {}
    ref = next(({k: vpc[k]} for k in ("id", "crn", "href") if vpc.get(k)), {})
    return {"vpc": ref}


VPC_DNS_RESOLUTION_BINDING = ApiType("ibm_is_vpc_dns_resolution_binding", "/vpcs/{vpc_id}/dns_resolution_bindings",
                                     "dns_resolution_bindings", sends=("name",), patches=("name",),
                                     body=_binding_body)


# --- ibm_is_vpn_gateway_advertised_cidr: `<gateway>/<cidr>` (the CIDR's own slash included, as
# the IBM provider composes it); added by PUT, checked by GET, removed by DELETE of
# /vpn_gateways/{id}/advertised_cidrs/{cidr}.

class VpnGatewayAdvertisedCidr(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_vpn_gateway_advertised_cidr", "/vpn_gateways", "vpn_gateways"))

    def split(self, ident: str) -> tuple[dict, str]:
        gateway, _, cidr = ident.partition("/")
        if not gateway or "/" not in cidr:
            raise ApiError(400, "invalid_import_id", "The id of ibm_is_vpn_gateway_advertised_cidr is "
                           f"<vpn_gateway>/<cidr>, got {ident!r}")
        return {"vpn_gateway": gateway}, cidr

    @staticmethod
    def _path(gateway: str, cidr: str) -> str:
        return f"/vpn_gateways/{gateway}/advertised_cidrs/{urllib.parse.quote(cidr, safe='')}"

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        try:
            client.call("GET", self._path(parents["vpn_gateway"], own))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return {"id": f"{parents['vpn_gateway']}/{own}", "vpn_gateway": prior.get("vpn_gateway")
                or parents["vpn_gateway"], "cidr": own}

    def create(self, client: Client, planned: dict) -> dict:
        gateway = api_id(planned["vpn_gateway"])
        client.call("PUT", self._path(gateway, planned["cidr"]))
        return self._read(client, {"vpn_gateway": gateway}, planned["cidr"], planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.read(client, prior) or {}  # both attributes force a new resource

    def delete(self, client: Client, state: dict) -> None:
        parents, own = self.split(state["id"])
        try:
            client.call("DELETE", self._path(parents["vpn_gateway"], own))
        except ApiError as exc:
            if exc.status != 404:
                raise


# --- ibm_is_image_deprecate, ibm_is_image_obsolete: POST /images/{id}/deprecate (obsolete) once;
# the resource reads the image (its id); deleting it changes nothing in the image, as the IBM
# delete only forgets it.

class ImageAction(ApiResource):
    def __init__(self, type_name: str, action: str):
        super().__init__(ApiType(type_name, "/images", "images", state=self._state))
        self.action = action

    @staticmethod
    def _state(doc: dict, state: dict, prior: dict) -> dict:
        return {**_image_state(doc, state, {}), "image": prior.get("image") or doc["id"],
                "operating_system": (doc.get("operating_system") or {}).get("name"),
                "resource_group": (doc.get("resource_group") or {}).get("id"),
                "source_volume": (doc.get("source_volume") or {}).get("id")}

    def split(self, ident: str) -> tuple[dict, str]:
        return {}, api_id(ident)

    def create(self, client: Client, planned: dict) -> dict:
        image = api_id(planned["image"])
        client.call("POST", f"/images/{image}/{self.action}")
        return self._read(client, {}, image, planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.read(client, prior) or {}  # `image` forces a new resource; the rest is computed

    def delete(self, client: Client, state: dict) -> None:
        return None


# --- ibm_is_public_address_range: a block of public addresses (its `cidr` from the API), bound
# to a VPC in a zone (`target`, moved by PATCH), its resource group a block.

def _range_target(planned: dict) -> dict:
    target = (planned.get("target") or [None])[0]
    if not target:
        return {}
    vpc = (target.get("vpc") or [None])[0] or {}
    zone = (target.get("zone") or [None])[0] or {}
    return {"target": {"vpc": next(({k: vpc[k]} for k in ("id", "crn", "href") if vpc.get(k)), {}),
                       "zone": next(({k: zone[k]} for k in ("name", "href") if zone.get(k)), {})}}


def _range_body(planned: dict) -> dict:
    group = (planned.get("resource_group") or [None])[0] or {}
    return {**_range_target(planned), **({"resource_group": {"id": group["id"]}} if group.get("id") else {})}


PUBLIC_ADDRESS_RANGE = ApiType("ibm_is_public_address_range", "/public_address_ranges", "public_address_ranges",
                               sends=("name", "ipv4_address_count"), patches=("name",), body=_range_body,
                               patch=lambda prior, planned: _range_target(planned)
                               if _range_target(planned) != _range_target(prior) else {})


# --- ibm_is_reservation: capacity, committed use, profile (name and resource type) and resource
# group as blocks, zone by name; made inactive. ibm_is_reservation_activate: POST
# /reservations/{id}/activate once, then reads the reservation (its id); deleting it changes
# nothing, as the IBM delete only forgets it.

def _one(planned: dict, name: str) -> dict:
    return (planned.get(name) or [None])[0] or {}


def _reservation_terms(planned: dict) -> dict:
    use = _one(planned, "committed_use")
    body = {"capacity": {"total": _one(planned, "capacity").get("total")},
            "committed_use": {k: use[k] for k in ("term", "expiration_policy") if use.get(k)}}
    profile = _one(planned, "profile")
    if profile:
        body["profile"] = {"name": profile.get("name"), "resource_type": profile.get("resource_type")}
    return body


def _reservation_body(planned: dict) -> dict:
    group = _one(planned, "resource_group")
    return {**_reservation_terms(planned), "zone": {"name": planned["zone"]},
            **({"resource_group": {"id": group["id"]}} if group.get("id") else {})}


def _reservation_patch(prior: dict, planned: dict) -> dict:
    before, after = _reservation_terms(prior), _reservation_terms(planned)
    return {k: v for k, v in after.items() if before.get(k) != v}


RESERVATION = ApiType("ibm_is_reservation", "/reservations", "reservations", sends=("name", "affinity_policy"),
                      patches=("name", "affinity_policy"), body=_reservation_body, patch=_reservation_patch)


class ReservationActivate(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_reservation_activate", "/reservations", "reservations",
                                 state=lambda doc, state, prior: {"reservation": prior.get("reservation")
                                                                  or doc["id"]}))

    def split(self, ident: str) -> tuple[dict, str]:
        return {}, api_id(ident)

    def create(self, client: Client, planned: dict) -> dict:
        reservation = api_id(planned["reservation"])
        client.call("POST", f"/reservations/{reservation}/activate")
        return self._read(client, {}, reservation, planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.read(client, prior) or {}  # `reservation` forces a new resource; the rest is computed

    def delete(self, client: Client, state: dict) -> None:
        return None


# --- ibm_is_volume_job: `<volume>/<job>`, a job (a migration to another profile) on a volume;
# `start` and `limit` are the IBM schema's listing arguments, kept as configured (limit's default 50).

def _job_body(planned: dict) -> dict:
    parameters = _one(planned, "parameters")
    if not parameters:
        return {}
    profile = _one(parameters, "profile")
    body = {k: parameters[k] for k in ("bandwidth", "iops") if parameters.get(k)}
    body["profile"] = next(({k: profile[k]} for k in ("name", "href") if profile.get(k)), {})
    return {"parameters": body}


VOLUME_JOB = ApiType("ibm_is_volume_job", "/volumes/{volume_id}/jobs", "jobs", sends=("name", "job_type"),
                     patches=("name",), body=_job_body,
                     state=lambda doc, state, prior: {"volume_job_id": doc["id"], "limit": prior.get("limit", 50)})


# ibm_is_volume_job_cancel: POST /volumes/{id}/jobs/{job}/cancel once, `<volume>/<job>`; it reads
# the job; deleting it changes nothing, as the IBM delete only forgets it.

class VolumeJobCancel(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_volume_job_cancel", "/volumes/{volume_id}/jobs", "jobs",
                                 state=lambda doc, state, prior: {"volume_job_id": doc["id"]}))

    def create(self, client: Client, planned: dict) -> dict:
        parents, own = {"volume_id": api_id(planned["volume_id"])}, api_id(planned["volume_job_id"])
        client.call("POST", f"{self._collection(parents)}/{own}/cancel")
        return self._read(client, parents, own, planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self.read(client, prior) or {}  # both arguments force a new resource

    def delete(self, client: Client, state: dict) -> None:
        return None


# --- ibm_is_private_path_service_gateway (its private-path load balancer, its service endpoints),
# its account policies (`<gateway>/<policy>`, an account by id) and its publishing
# (ibm_is_private_path_service_gateway_operations: publish or unpublish by `published`).

PRIVATE_PATH_SERVICE_GATEWAY = ApiType(
    "ibm_is_private_path_service_gateway", "/private_path_service_gateways", "private_path_service_gateways",
    sends=("name", "load_balancer", "service_endpoints", "default_access_policy", "zonal_affinity", "resource_group"),
    patches=("name", "default_access_policy", "zonal_affinity"),
    state=lambda doc, state, prior: {"private_path_service_gateway": doc["id"]})
PRIVATE_PATH_ACCOUNT_POLICY = ApiType(
    "ibm_is_private_path_service_gateway_account_policy",
    "/private_path_service_gateways/{private_path_service_gateway}/account_policies", "account_policies",
    sends=("access_policy",), patches=("access_policy",), body=lambda planned: {"account": {"id": planned["account"]}},
    state=lambda doc, state, prior: {"account_policy": doc["id"]})


class PrivatePathPublishing(ApiResource):
    def __init__(self):
        super().__init__(ApiType("ibm_is_private_path_service_gateway_operations", "/private_path_service_gateways",
                                 "private_path_service_gateways", state=lambda doc, state, prior: {
                                     "private_path_service_gateway": prior.get("private_path_service_gateway")
                                     or doc["id"]}))

    def split(self, ident: str) -> tuple[dict, str]:
        return {}, api_id(ident)

    def _publish(self, client: Client, gateway: str, published: bool) -> None:
        client.call("POST", f"/private_path_service_gateways/{gateway}/{'publish' if published else 'unpublish'}")

    def create(self, client: Client, planned: dict) -> dict:
        gateway = api_id(planned["private_path_service_gateway"])
        self._publish(client, gateway, bool(planned["published"]))
        return self._read(client, {}, gateway, planned, False) or {}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        if bool(planned.get("published")) != bool(prior.get("published")):
            self._publish(client, api_id(prior["id"]), bool(planned.get("published")))
        return self._read(client, {}, api_id(prior["id"]), planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        return None  # the IBM delete only forgets it: the gateway stays as published


# --- ibm_is_vpn_server: its certificate and client CA by CRN, client authentication by
# certificate or by an identity provider, DNS server IPs as addresses; its routes `<server>/<route>`.

def _client_authentication(planned: dict) -> list:
    methods = []
    for auth in planned.get("client_authentication") or []:
        method = {"method": auth["method"]}
        if auth.get("client_ca_crn"):
            method["client_ca"] = {"crn": auth["client_ca_crn"]}
        if auth.get("identity_provider"):
            method["identity_provider"] = {"provider_type": auth["identity_provider"]}
        methods.append(method)
    return methods


def _vpn_server_settings(planned: dict) -> dict:
    body = {"certificate": {"crn": planned["certificate_crn"]},
            "client_authentication": _client_authentication(planned)}
    if planned.get("client_dns_server_ips") is not None:
        body["client_dns_server_ips"] = [{"address": a} for a in sorted(planned["client_dns_server_ips"])]
    return body


def _vpn_server_patch(prior: dict, planned: dict) -> dict:
    before, after = _vpn_server_settings(prior), _vpn_server_settings(planned)
    return {k: v for k, v in after.items() if before.get(k) != v}


def _vpn_server_state(doc: dict, state: dict, prior: dict) -> dict:
    return {"vpn_server": doc["id"], "certificate_crn": (doc.get("certificate") or {}).get("crn"),
            "client_authentication": [{"method": a.get("method"),
                                       "client_ca_crn": (a.get("client_ca") or {}).get("crn"),
                                       "identity_provider": (a.get("identity_provider") or {}).get("provider_type")}
                                      for a in doc.get("client_authentication") or []],
            "client_dns_server_ips": sorted(a["address"] for a in doc.get("client_dns_server_ips") or [])}


VPN_SERVER = ApiType("ibm_is_vpn_server", "/vpn_servers", "vpn_servers",
                     sends=("name", "client_ip_pool", "subnets", "port", "protocol", "client_idle_timeout",
                            "enable_split_tunneling", "security_groups", "resource_group"),
                     patches=("name", "client_ip_pool", "port", "protocol", "client_idle_timeout",
                              "enable_split_tunneling", "subnets"),
                     body=_vpn_server_settings, patch=_vpn_server_patch, state=_vpn_server_state)
VPN_SERVER_ROUTE = ApiType("ibm_is_vpn_server_route", "/vpn_servers/{vpn_server}/routes", "routes",
                           sends=("name", "destination", "action"), patches=("name",),
                           state=lambda doc, state, prior: {"vpn_route": doc["id"]})


# --- ibm_is_image_export_job: `<image>/<job>`, an image exported to a COS bucket (by name or CRN).

def _export_body(planned: dict) -> dict:
    bucket = _one(planned, "storage_bucket")
    return {"storage_bucket": next(({k: bucket[k]} for k in ("name", "crn") if bucket.get(k)), {})}


IMAGE_EXPORT_JOB = ApiType("ibm_is_image_export_job", "/images/{image}/export_jobs", "export_jobs",
                           sends=("name", "format"), patches=("name",), body=_export_body,
                           state=lambda doc, state, prior: {"image_export_job": doc["id"]})


RESOURCES = [ApiResource(t) for t in (INSTANCE_GROUP_MANAGER_POLICY, INSTANCE_GROUP_MANAGER_ACTION,
                                      VPC_DNS_RESOLUTION_BINDING, PUBLIC_ADDRESS_RANGE, RESERVATION, VOLUME_JOB,
                                      PRIVATE_PATH_SERVICE_GATEWAY, PRIVATE_PATH_ACCOUNT_POLICY, VPN_SERVER,
                                      VPN_SERVER_ROUTE, IMAGE_EXPORT_JOB)] + [
    InstanceNetworkInterface(INSTANCE_NETWORK_INTERFACE),
    BoundResource(INSTANCE_NETWORK_INTERFACE_FLOATING_IP, "floating_ip"),
    InstanceGroupMembership(), VpnGatewayAdvertisedCidr(),
    ImageAction("ibm_is_image_deprecate", "deprecate"), ImageAction("ibm_is_image_obsolete", "obsolete"),
    ReservationActivate(), VolumeJobCancel(), PrivatePathPublishing()]


# --- Their data sources (api_data.py), listed and found through the API.

_BY = {r.api.type_name: r for r in RESOURCES}
_MANAGER = {"instance_group": Lookup("instance_group"), "instance_group_manager": Lookup("instance_group_manager")}
_INSTANCE = {"instance": Lookup(None, "instance_name")}
_GATEWAY = {"private_path_service_gateway": Lookup("private_path_service_gateway")}
DATA_SOURCES = [ApiDataSource(spec) for spec in (
    ApiData("ibm_is_instance_network_interface", _BY["ibm_is_instance_network_interface"],
            Lookup(None, "network_interface_name"), parents=_INSTANCE),
    ApiData("ibm_is_instance_network_interfaces", _BY["ibm_is_instance_network_interface"],
            list_attr="network_interfaces", parents=_INSTANCE),
    ApiData("ibm_is_instance_group_manager_policy", _BY["ibm_is_instance_group_manager_policy"], Lookup(None, "name"),
            parents=_MANAGER),
    ApiData("ibm_is_instance_group_manager_policies", _BY["ibm_is_instance_group_manager_policy"],
            list_attr="instance_group_manager_policies", parents=_MANAGER),
    ApiData("ibm_is_instance_group_manager_action", _BY["ibm_is_instance_group_manager_action"], Lookup(None, "name"),
            parents=_MANAGER),
    ApiData("ibm_is_instance_group_manager_actions", _BY["ibm_is_instance_group_manager_action"],
            list_attr="instance_group_manager_actions", parents=_MANAGER),
    ApiData("ibm_is_instance_group_membership", _BY["ibm_is_instance_group_membership"], Lookup(None, "name"),
            parents={"instance_group": Lookup("instance_group")}),
    ApiData("ibm_is_vpc_dns_resolution_binding", _BY["ibm_is_vpc_dns_resolution_binding"], Lookup("identifier"),
            parents={"vpc_id": Lookup("vpc_id")}),
    ApiData("ibm_is_vpc_dns_resolution_bindings", _BY["ibm_is_vpc_dns_resolution_binding"],
            list_attr="dns_resolution_bindings", parents={"vpc_id": Lookup("vpc_id")}),
    ApiData("ibm_is_public_address_range", _BY["ibm_is_public_address_range"], Lookup("identifier", "name")),
    ApiData("ibm_is_reservation", _BY["ibm_is_reservation"], Lookup("identifier", "name")),
    ApiData("ibm_is_volume_job", _BY["ibm_is_volume_job"], Lookup("volume_job_id"),
            parents={"volume_id": Lookup("volume_id")}),
    ApiData("ibm_is_volume_jobs", _BY["ibm_is_volume_job"], list_attr="jobs",
            parents={"volume_id": Lookup("volume_id")}),
    ApiData("ibm_is_vpn_server", _BY["ibm_is_vpn_server"], Lookup("identifier", "name")),
    ApiData("ibm_is_vpn_server_route", _BY["ibm_is_vpn_server_route"], Lookup("identifier", "name"),
            parents={"vpn_server": Lookup("vpn_server")}),
    ApiData("ibm_is_vpn_server_routes", _BY["ibm_is_vpn_server_route"], list_attr="routes",
            parents={"vpn_server": Lookup("vpn_server")}),
    ApiData("ibm_is_private_path_service_gateway", _BY["ibm_is_private_path_service_gateway"],
            Lookup("private_path_service_gateway", "private_path_service_gateway_name")),
    ApiData("ibm_is_private_path_service_gateways", _BY["ibm_is_private_path_service_gateway"],
            list_attr="private_path_service_gateways"),
    ApiData("ibm_is_private_path_service_gateway_account_policy",
            _BY["ibm_is_private_path_service_gateway_account_policy"], Lookup("account_policy"), parents=_GATEWAY),
    ApiData("ibm_is_private_path_service_gateway_account_policies",
            _BY["ibm_is_private_path_service_gateway_account_policy"], list_attr="account_policies", parents=_GATEWAY,
            filters=("account",)),
    ApiData("ibm_is_public_address_ranges", _BY["ibm_is_public_address_range"], list_attr="public_address_ranges",
            filters=("resource_group",)),
)]
