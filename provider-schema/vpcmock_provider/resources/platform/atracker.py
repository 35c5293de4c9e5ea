"""Activity Tracker Event Routing's types through its API (IBMCLOUD_ATRACKER_API_ENDPOINT, where
`vpcmock env` points it at the mock's /atracker), as the IBM provider's
resource_ibm_atracker_{target,route,settings}.go and data_source_ibm_atracker_{targets,routes}.go
do, on resources/platform/api_backed.py's PlatformResource:

- a target is created with its name, type, endpoint block and region, replaced (PUT) with its
  name and endpoint block when they change; its endpoint's `api_key` is never answered (the IBM
  provider reads it redacted and suppresses its diff, `flex.ApplyOnce`), so the configured one
  stays in state (the placeholder after an import); `write_status.last_failure` is read as a Go timestamp;
- a route is created and replaced with its name and rules;
- the settings are the account's one document: the id is the primary metadata region, as the
  IBM provider sets it; create and update PUT every argument; delete PUTs the primary region and
  private-endpoint flag back with no default targets nor permitted regions. `metadata_region_backup`
  is neither sent nor read, as in the IBM provider (its "future planned support"): kept beside.
"""

from __future__ import annotations

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.mapping import go_time
from vpcmock_provider.resources.platform.api_backed import PlatformResource, PlatformType, project

ATRACKER = "IBMCLOUD_ATRACKER_API_ENDPOINT"
REDACTED = "REDACTED"
_ENDPOINTS = ("cos_endpoint", "eventstreams_endpoint", "cloudlogs_endpoint", "appconfig_endpoint")


class Target(PlatformResource):
    def to_state(self, doc, headers, parents, prior, importing):
        state = super().to_state(doc, headers, parents, prior, importing)
        for name in ("cos_endpoint", "eventstreams_endpoint"):
            before = (prior.get(name) or [{}])[0] if isinstance(prior.get(name), list) else {}
            if state.get(name):
                # The key the configuration gave; after an import, the IBM provider's placeholder
                # (REDACTED_TEXT), whose diff against the configured key flex.ApplyOnce suppresses.
                state[name] = [{**state[name][0], "api_key": before.get("api_key") or REDACTED}]
            if state.get(name) and state[name][0].get("service_to_service_enabled") is False \
                    and before.get("service_to_service_enabled") is not False:
                # false is the SDK's zero value of an unset bool: no change against a configuration without it
                state[name] = [{k: v for k, v in state[name][0].items() if k != "service_to_service_enabled"}]
        for status in state.get("write_status") or []:
            if status.get("last_failure"):
                status["last_failure"] = go_time(status["last_failure"])
        return state

    def update_body(self, prior, planned, current):
        if all(planned.get(n) == prior.get(n) for n in ("name", *_ENDPOINTS)):
            return {}  # the IBM provider replaces only on a change of these
        return super().update_body(prior, planned, current)


TARGET = Target(PlatformType(
    "ibm_atracker_target", ATRACKER, "/api/v2/targets", "targets",
    sends=("name", "target_type", *_ENDPOINTS, "region", "managed_by"),
    updates=("name", *_ENDPOINTS), update="PUT", objects=frozenset(_ENDPOINTS)))
ROUTE = PlatformResource(PlatformType(
    "ibm_atracker_route", ATRACKER, "/api/v2/routes", "routes", sends=("name", "rules", "managed_by"),
    updates=("name", "rules"), update="PUT"))

SETTINGS_PATH = "/api/v2/settings"
_SETTINGS_READ = ("metadata_region_primary", "private_api_endpoint_only", "default_targets",
                  "permitted_target_regions", "api_version", "message")


class Settings:
    """ibm_atracker_settings: the account's settings document."""

    DECLARATION = ibm_schema.declaration("ibm_atracker_settings", "resource")

    def _put(self, client: Client, planned: dict) -> dict:
        body = {"metadata_region_primary": planned["metadata_region_primary"],
                "private_api_endpoint_only": bool(planned.get("private_api_endpoint_only")),
                "default_targets": list(planned.get("default_targets") or []),
                "permitted_target_regions": list(planned.get("permitted_target_regions") or [])}
        doc, _ = client.service(ATRACKER, "PUT", SETTINGS_PATH, body)
        return doc

    def _state(self, doc: dict) -> dict:
        state = {"id": doc["metadata_region_primary"]}
        state.update({k: doc[k] for k in _SETTINGS_READ if doc.get(k) is not None})
        return state

    def create(self, client: Client, planned: dict) -> dict:
        return self._state(self._put(client, planned))

    def read(self, client: Client, state: dict) -> dict | None:
        doc, _ = client.service(ATRACKER, "GET", SETTINGS_PATH)
        return self._state(doc)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        return self._state(self._put(client, planned))

    def delete(self, client: Client, state: dict) -> None:
        doc, _ = client.service(ATRACKER, "GET", SETTINGS_PATH)
        self._put(client, {"metadata_region_primary": doc["metadata_region_primary"],
                           "private_api_endpoint_only": doc.get("private_api_endpoint_only")})

    def import_(self, client: Client, ident: str) -> dict | None:
        if not ident:
            raise ApiError(400, "invalid_import_id", "The id of ibm_atracker_settings is its primary metadata region")
        return self.read(client, {"id": ident})


class Listing:
    """data "ibm_atracker_targets" / "ibm_atracker_routes": the listing (of a `region`, for
    targets), narrowed to the item of the `name` given, as the IBM data sources filter."""

    def __init__(self, type_name: str, resource: PlatformResource, key: str):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")
        self.resource = resource
        self.key = key
        self.field = next(f for f in self.DECLARATION.fields if f.name == key)

    def read(self, client: Client, config: dict) -> dict:
        params = {"region": config["region"]} if config.get("region") else None
        page, _ = client.service(ATRACKER, "GET", self.resource.api.path, params=params)
        items = [item for item in page.get(self.key) or []
                 if not config.get("name") or item.get("name") == config["name"]]
        listed = project([self.field], {self.key: items}, {})
        arguments = {k: config[k] for k in ("region", "name") if config.get(k) is not None}
        return {"id": self.DECLARATION.type_name.removeprefix("ibm_"), self.key: listed.get(self.key, []),
                **arguments}


RESOURCES = [TARGET, ROUTE, Settings()]
DATA_SOURCES = [Listing("ibm_atracker_targets", TARGET, "targets"), Listing("ibm_atracker_routes", ROUTE, "routes")]
