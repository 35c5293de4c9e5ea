"""DNS Services custom resolvers through their API (api_backed.py), read from the IBM provider's
resource_ibm_private_dns_custom_resolver*.go and data_source_ibm_private_dns_custom_resolver*.go:

- ibm_dns_custom_resolver: id `<resolver>:<instance>` (flex.ConvertCisToTfTwoVar). Created with
  its name, description and locations (subnet CRN, enabled), then enabled (PATCH `enabled`) when
  `enabled` is true; before asking, the IBM provider refuses more than three locations, a
  `high_availability` resolver with fewer than two, and an enabled one without an enabled
  location, and so does this provider, with its messages. A change of locations is made one
  location at a time (added, its subnet or `enabled` patched, deleted), as the IBM provider's
  update does; the resolver is disabled before it is deleted. Read back: the resolver (its
  health, its locations with their DNS server addresses and health) and its forwarding rules
  (`rules`). `profile`, `allow_disruptive_updates` and `high_availability` are not in the API
  (the SDK of the mock's table predates them): kept beside (resources/kept.py).
- ibm_dns_custom_resolver_forwarding_rule: id `<rule>:<resolver>:<instance>`
  (ConvertCisToTfThreeVar), patched in place; `views` kept beside.
- ibm_dns_custom_resolver_secondary_zone: id `<instance>/<resolver>/<zone>`, patched in place.
- Their data sources list the API: ibm_dns_custom_resolvers, ibm_dns_custom_resolver_forwarding_rules,
  ibm_dns_custom_resolver_secondary_zones.
"""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.kept import PATH, KeptResource
from vpcmock_provider.resources.platform.api_backed import (DNS, CollectionDataSource, PlatformResource,
                                                            PlatformType, read_value)

MAX_LOCATIONS = 3


class OwnIdFirst(PlatformResource):
    """A type whose Terraform id is its own id, then its parents' innermost first, joined by
    `:` (the IBM provider's flex.ConvertCisToTfTwoVar and ThreeVar)."""

    def split(self, ident: str) -> tuple[dict, str]:
        parts = ident.split(":")
        if len(parts) != len(self.parents) + 1 or not all(parts):
            form = ":".join(["<id>"] + [f"<{p}>" for p in reversed(self.parents)])
            raise ApiError(400, "invalid_import_id", f"The id of {self.api.type_name} is {form}, got {ident!r}")
        return dict(zip(reversed(self.parents), parts[1:])), parts[0]

    def ident(self, parents: dict, doc: dict) -> str:
        return ":".join([doc["id"]] + [parents[p] for p in reversed(self.parents)])


class KeptByOwnId(KeptResource):
    """Kept beside under the type's own API id (the first part of its id), not the last."""

    def _path(self, state: dict) -> str:
        return f"{PATH}/{self.DECLARATION.type_name}.{state['id'].split(':')[0]}"


def _locations(doc: dict) -> list[dict]:
    return [{"location_id": loc.get("id"), "subnet_crn": loc.get("subnet_crn"), "enabled": bool(loc.get("enabled")),
             "healthy": bool(loc.get("healthy")), "dns_server_ip": loc.get("dns_server_ip")}
            for loc in doc.get("locations") or []]


CUSTOM_RESOLVER = PlatformType(
    "ibm_dns_custom_resolver", DNS, "/instances/{instance_id}/custom_resolvers", "custom_resolvers",
    sends=("name", "description"), updates=("name", "description"),
    state=lambda doc, state, prior: {"custom_resolver_id": doc["id"], "locations": _locations(doc)})


class CustomResolver(OwnIdFirst):
    def __init__(self):
        super().__init__(CUSTOM_RESOLVER)
        self.rules_field = self.fields["rules"]

    # --- checks the IBM provider makes before asking

    @staticmethod
    def check(planned: dict) -> None:
        locations = planned.get("locations") or []
        if len(locations) > MAX_LOCATIONS:
            raise ApiError(400, "too_many_locations", "A custom resolver can have a maximum of three locations, "
                           "either within the same subnet or in different subnets", "locations")
        if planned.get("high_availability", True) and len(locations) <= 1:
            raise ApiError(400, "high_availability", "To meet high availability status, configure custom resolvers "
                           "with a minimum of two resolver locations. A maximum of three locations can be "
                           "configured within the same subnet location", "high_availability")
        if planned.get("enabled", True) and not any(loc.get("enabled") for loc in locations):
            raise ApiError(400, "no_enabled_location", "The Custom resolver cannot be enabled. There should be "
                           "atleast one enabled location", "enabled")

    # --- operations

    def create(self, client: Client, planned: dict) -> dict:
        self.check(planned)
        parents = self.parents_of(planned)
        body = self.create_body(planned)
        body["locations"] = [{"subnet_crn": loc["subnet_crn"], "enabled": bool(loc.get("enabled"))}
                             for loc in planned.get("locations") or []]
        doc, _ = self.call(client, "POST", self.collection(parents), body)
        if planned.get("enabled", True):
            self.call(client, "PATCH", self.item(parents, doc["id"]), {"enabled": True})
        return self._read(client, parents, doc["id"], planned, False) or {}

    def _read(self, client: Client, parents: dict, own: str, prior: dict, importing: bool) -> dict | None:
        state = super()._read(client, parents, own, prior, importing)
        if state is None:
            return None
        rules, _ = self.call(client, "GET", f"{self.item(parents, own)}/forwarding_rules")
        state["rules"] = [{f.name: read_value(f, rule.get("id" if f.name == "rule_id" else f.name))
                           for f in self.rules_field.fields if f.name != "views"}
                          for rule in rules.get("forwarding_rules") or []]
        return state

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        self.check(planned)
        parents, own = self.split(prior["id"])
        item = self.item(parents, own)
        body = self.update_body(prior, planned, {})
        enable = planned.get("enabled", True)
        if not enable and prior.get("enabled"):
            body["enabled"] = False  # disabled before its locations change
        if body:
            self.call(client, "PATCH", item, body)
        old, new = prior.get("locations") or [], planned.get("locations") or []
        for index, loc in enumerate(new):
            wanted = {"subnet_crn": loc["subnet_crn"], "enabled": bool(loc.get("enabled"))}
            if index >= len(old) or not old[index].get("location_id"):
                self.call(client, "POST", f"{item}/locations", wanted)
                continue
            was = old[index]
            patch = {k: v for k, v in wanted.items() if was.get(k) != v}
            if patch:
                self.call(client, "PATCH", f"{item}/locations/{was['location_id']}", patch)
        for was in old[len(new):]:
            if was.get("location_id"):
                self._delete_quietly(client, f"{item}/locations/{was['location_id']}")
        if enable and not prior.get("enabled"):
            self.call(client, "PATCH", item, {"enabled": True})
        return self._read(client, parents, own, planned, False) or {}

    def delete(self, client: Client, state: dict) -> None:
        parents, own = self.split(state["id"])
        try:
            self.call(client, "PATCH", self.item(parents, own), {"enabled": False})
        except ApiError as exc:
            if exc.status == 404:
                return
            raise
        self._delete_quietly(client, self.item(parents, own))

    def _delete_quietly(self, client: Client, path: str) -> None:
        try:
            self.call(client, "DELETE", path)
        except ApiError as exc:
            if exc.status != 404:
                raise


FORWARDING_RULE = PlatformType(
    "ibm_dns_custom_resolver_forwarding_rule", DNS,
    "/instances/{instance_id}/custom_resolvers/{resolver_id}/forwarding_rules", "forwarding_rules",
    sends=("description", "type", "match", "forward_to"), updates=("description", "match", "forward_to"),
    state=lambda doc, state, prior: {"rule_id": doc["id"]})

SECONDARY_ZONE = PlatformType(
    "ibm_dns_custom_resolver_secondary_zone", DNS,
    "/instances/{instance_id}/custom_resolvers/{resolver_id}/secondary_zones", "secondary_zones",
    sends=("zone", "transfer_from", "enabled", "description"), updates=("transfer_from", "enabled", "description"),
    state=lambda doc, state, prior: {"secondary_zone_id": doc["id"]})

_RESOLVER = CustomResolver()
_RULE = OwnIdFirst(FORWARDING_RULE)
_SECONDARY_ZONE = PlatformResource(SECONDARY_ZONE)

RESOURCES = [KeptByOwnId(_RESOLVER), KeptByOwnId(_RULE), KeptResource(_SECONDARY_ZONE)]



class Resolvers(CollectionDataSource):
    """data "ibm_dns_custom_resolvers": the instance's resolvers as the API lists them, with the
    `profile` and `allow_disruptive_updates` the API of the mock's table does not carry read
    from what ibm_dns_custom_resolver kept beside, else IBM's defaults (`essential`, false) for
    a resolver made otherwise (by an SDK)."""

    def __init__(self):
        super().__init__("ibm_dns_custom_resolvers", _RESOLVER, "custom_resolvers", {"instance_id": "instance_id"})

    def items(self, client: Client, config: dict) -> list[dict]:
        found = super().items(client, config)
        for item in found:
            try:
                record, _ = client.call("GET", f"{PATH}/ibm_dns_custom_resolver.{item['custom_resolver_id']}")
                kept = record.get("attributes") or {}
            except ApiError as exc:
                if exc.status != 404:
                    raise
                kept = {}
            item["profile"] = kept.get("profile") or "essential"
            item["allow_disruptive_updates"] = bool(kept.get("allow_disruptive_updates"))
        return found


_IN_RESOLVER = {"instance_id": "instance_id", "resolver_id": "resolver_id"}
DATA_SOURCES = [
    Resolvers(),
    CollectionDataSource("ibm_dns_custom_resolver_forwarding_rules", _RULE, "rules", _IN_RESOLVER),
    CollectionDataSource("ibm_dns_custom_resolver_secondary_zones", _SECONDARY_ZONE, "secondary_zones", _IN_RESOLVER),
]
