"""ibm_hpcs (resource and data source): a Hyper Protect Crypto Services instance, a Resource
Controller instance of the `hs-crypto` service, as the IBM provider's resource_ibm_hpcs.go makes
it:

- created through Resource Controller (the plan and the location's deployment from the Global
  Catalog, as ibm_resource_instance) with the parameters the IBM provider sends: `units`,
  `failover_units`, `allowed_network` (`service_endpoints`) and `requires_recovery_units: true`;
  id the instance's CRN; tags through Global Tagging; a change of `service_endpoints` updates the
  parameters, of `name` or `plan` the instance;
- read back: `units` and `failover_units` from the parameters, `service_endpoints` as the IBM
  provider reads `allowed_network` (anything but `private-only` is `public-and-private`), the
  location from the CRN;
- the crypto units' initialization (`admins`, `signature_threshold`, `revocation_threshold`,
  `signature_server_url`) goes through the TKE CLI plugin's library (tkesdk) to the HSMs, which
  no REST API of the instance carries: kept beside the instance (resources/kept.py), as the
  HSMs would hold them, and `hsm_info` answers them per crypto unit: one `operational` unit per
  `units`, one `failover` per `failover_units`, each with the thresholds and admins (each
  admin's `ski`, the subject key identifier of its signature key, derived from the key's file
  name: the mock reads no key file) and, once initialized, a valid current master key whose
  verification pattern derives from the instance (`current_mkvp`). Not initialized (no admins
  kept), a unit's master key registers are `Empty` and its thresholds 0.
"""

from __future__ import annotations

import hashlib
import uuid

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.kept import KeptResource
from vpcmock_provider.resources.platform.api_backed import RESOURCE_CONTROLLER, PlatformType, all_items
from vpcmock_provider.resources.platform.api_types import ResourceInstance, _catalog_names
from vpcmock_provider.resources.platform.global_tags import GlobalTags

SERVICE = "hs-crypto"
TKE = ("admins", "signature_threshold", "revocation_threshold", "signature_server_url")


def _parameters(planned: dict) -> dict:
    """HPCSParams as the IBM provider marshals them (zero values left out)."""
    found = {"requires_recovery_units": True}
    for name in ("units", "failover_units"):
        if planned.get(name):
            found[name] = planned[name]
    if planned.get("service_endpoints"):
        found["allowed_network"] = planned["service_endpoints"]
    return found


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _instance_state(doc: dict, state: dict, prior: dict) -> dict:
    parameters = doc.get("parameters") or {}
    endpoint = parameters.get("allowed_network")
    crn = (doc.get("crn") or "").split(":")
    return {"status": doc.get("state"), "state": doc.get("state"), "units": _as_int(parameters.get("units")),
            "failover_units": _as_int(parameters.get("failover_units")),
            "service_endpoints": "private-only" if endpoint == "private-only" else "public-and-private",
            "location": crn[5] if len(crn) > 5 else None, "service": crn[4] if len(crn) > 4 else SERVICE,
            "update_at": doc.get("updated_at"), "update_by": doc.get("updated_by"),
            "extensions": {k: str(v) for k, v in (doc.get("extensions") or {}).items()}}


HPCS = PlatformType("ibm_hpcs", RESOURCE_CONTROLLER, "/v2/resource_instances", "resources", crn_id=True,
                    state=_instance_state)


class Instance(ResourceInstance):
    """The Resource Controller side of ibm_hpcs (the catalogue lookups are ibm_resource_instance's)."""

    def create_body(self, planned):
        return {"name": planned["name"], "target": planned["_target"], "resource_plan_id": planned["_plan_id"],
                "resource_group": planned.get("resource_group_id") or None, "parameters": _parameters(planned)}

    def create(self, client, planned):
        if (planned.get("service") or SERVICE) != SERVICE:
            raise ProviderError(f"ibm_hpcs makes instances of {SERVICE}, not {planned.get('service')}")
        return super().create(client, {**planned, "service": SERVICE})

    def _read(self, client, parents, own, prior, importing):
        # The catalogue's names from the API's document: ibm_hpcs's schema has no resource_id.
        found = self.get(client, parents, own)
        if found is None:
            return None
        doc, headers = found
        state = self.to_state(doc, headers, parents, prior, importing)
        return {**state, **_catalog_names(client, doc.get("resource_id"), doc.get("resource_plan_id"))}

    def parameters(self, planned: dict) -> dict:
        """Of an update, only the allowed network is sent again (the IBM provider's update)."""
        return {"allowed_network": planned.get("service_endpoints")}


def _ski(admin: dict) -> str:
    """A subject key identifier for the admin's signature key (from its file name: no key file is read)."""
    return hashlib.sha256(f"{admin.get('name')}:{admin.get('key')}".encode()).hexdigest()[:40]


def hsm_info(state: dict, kept: dict) -> list[dict]:
    """What tkesdk.Query answers for the instance's crypto units (module docstring)."""
    guid = state.get("guid") or ""
    admins = kept.get("admins") or []
    initialized = bool(admins)
    location = state.get("location") or ""
    units = [("operational", i) for i in range(state.get("units") or 0)] + \
        [("failover", i) for i in range(state.get("failover_units") or 0)]
    found = []
    for index, (kind, number) in enumerate(units):
        found.append({
            "hsm_id": uuid.uuid5(uuid.NAMESPACE_URL, f"{guid}/hsm/{index}").hex,
            "hsm_location": f"[{location}].[AZ{number % 3 + 1}-CS{number % 3 + 1}].[0{index // 10}].[{index:02d}]",
            "hsm_type": kind,
            "signature_threshold": kept.get("signature_threshold") or 0,
            "revocation_threshold": kept.get("revocation_threshold") or 0,
            "admins": [{"name": a.get("name"), "ski": _ski(a)} for a in sorted(admins, key=lambda a: a.get("name"))],
            "current_mk_status": "Valid" if initialized else "Empty",
            "new_mk_status": "Empty",
            "current_mkvp": hashlib.sha256(f"{guid}/mk".encode()).hexdigest()[:32] if initialized else "",
            "new_mkvp": ""})
    return found


class Kept(KeptResource):
    """ibm_hpcs with its crypto units' initialization kept beside it and `hsm_info` answered from it."""

    def _info(self, state: dict | None) -> dict | None:
        if state is None:
            return None
        return {**state, "hsm_info": hsm_info(state, {k: state.get(k) for k in TKE})}

    def _check(self, planned: dict) -> None:
        """tkesdk.CheckTransition's checks the configuration alone decides: thresholds of 1 to 8
        admins, and no more than the admins there are."""
        admins = planned.get("admins") or []
        for name in ("signature_threshold", "revocation_threshold"):
            value = planned.get(name)
            if value is not None and not 1 <= value <= 8:
                raise ProviderError(f"[ERROR] Error Checking Transitions: {name} must be between 1 and 8")
            if value is not None and value > len(admins):
                raise ProviderError(f"[ERROR] Error Checking Transitions: {name} {value} is more than the "
                                    f"{len(admins)} administrators")

    def create(self, client: Client, planned: dict) -> dict:
        self._check(planned)
        return self._info(super().create(client, planned))

    def read(self, client: Client, state: dict) -> dict | None:
        return self._info(super().read(client, state))

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        self._check(planned)
        return self._info(super().update(client, prior, planned))

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._info(super().import_(client, ident))

    def _extras(self, planned: dict, state: dict) -> dict:
        return {k: v for k, v in super()._extras(planned, state).items() if k != "hsm_info"}


INSTANCE = Instance(HPCS)
RESOURCE = Kept(GlobalTags(INSTANCE))


class DataSource:
    """data "ibm_hpcs": the account's hs-crypto instance of that name (and `resource_group_id`,
    `location` when given), its parameters and its crypto units as the resource reads them."""

    DECLARATION = ibm_schema.declaration("ibm_hpcs", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        params = {"name": config["name"]}
        if config.get("resource_group_id"):
            params["resource_group_id"] = config["resource_group_id"]
        found = [d for d in all_items(client, INSTANCE, {}, params)
                 if (d.get("crn") or "").split(":")[4:5] == [config.get("service") or SERVICE]
                 and (not config.get("location") or (d.get("crn") or "").split(":")[5:6] == [config["location"]])]
        if not found:
            raise ApiError(404, "not_found", f"[ERROR] No resource instance found with name [{config['name']}]")
        if len(found) > 1:
            raise ProviderError(f"[ERROR] More than one resource instance found with name matching "
                                f"[{config['name']}]")
        state = INSTANCE.import_(client, found[0]["crn"]) or {}
        kept = RESOURCE._kept(client, state)
        out = {**config, **{k: state.get(k) for k in ("units", "failover_units", "service_endpoints", "status", "crn",
                                                      "guid", "extensions", "location", "resource_group_id")},
               "id": state.get("id"), "plan": state.get("plan"),
               "hsm_info": [{k: v for k, v in unit.items()} for unit in hsm_info(state, kept)]}
        return {k: v for k, v in out.items() if v is not None}
