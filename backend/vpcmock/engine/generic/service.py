"""Which API table the generic engine is serving: the VPC API by default, or another service's
table (context-based restrictions, Resource Controller, IAM Identity, ...) while a platform
request is served (http/routes/platform_generic.py sets it for the request).

The engine's derived views of a table (its collections, the models' variants, the references
between them, what a read computes) are cached per service: `per_service` keys a cache on the
service being served, so two tables whose paths or model names collide (DNS Services'
`/instances/{id}/dnszones` and the VPC's `/instances`) never share an entry.

`SERVICES` records each served service's conventions, the things its SDK does not say: where
the mock serves it (the path prefix under the mock's root, see platform_generic.py), the CRN
service name, and the id format of each collection (IAM's `ServiceId-<uuid>`, CBR's 32 hex
digits, ...).
"""

from __future__ import annotations

import functools
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

DEFAULT = "vpc"
_SERVING: ContextVar[str] = ContextVar("vpcmock_generic_service", default=DEFAULT)
_PATH: ContextVar[tuple] = ContextVar("vpcmock_generic_path_values", default=())


def current() -> str:
    return _SERVING.get()


@contextmanager
def serving(name: str, path_values: tuple = ()):
    """Serve `name`'s table meanwhile; `path_values`: the request path's parameters, outermost
    first (an href under `/instances/{instance_id}/dnszones` names the instance)."""
    token, path = _SERVING.set(name), _PATH.set(tuple(path_values))
    try:
        yield
    finally:
        _SERVING.reset(token)
        _PATH.reset(path)


def path_values() -> tuple:
    return _PATH.get()


def per_service(fn):
    """`functools.cache`, keyed also on the service being served."""
    cached = functools.cache(lambda service, *args: fn(*args))

    @functools.wraps(fn)
    def wrapper(*args):
        return cached(_SERVING.get(), *args)
    wrapper.cache_clear = cached.cache_clear
    return wrapper


def hex32() -> str:
    return uuid.uuid4().hex


def plain_uuid() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Service:
    name: str                       # the API table's name
    mount: str                      # the path prefix the mock serves it under (`/cbr`)
    crn_service: str                # the CRN's service-name segment
    env: str                        # the IBM provider's endpoint variable (and endpoints-file key)
    ids: dict[str, object] = field(default_factory=dict)   # collection key -> id maker
    default_id: object = plain_uuid
    global_: bool = True            # served the same in every region (no region in its CRNs)
    slash_ids: bool = False         # ids that hold "/" (a CRN: `a/<account>`)
    generic: bool = True            # the generic engine serves its collections (else only hand-written ones)


def _prefixed(prefix: str):
    return lambda: f"{prefix}-{uuid.uuid4()}"


SERVICES: dict[str, Service] = {s.name: s for s in (
    Service("context_based_restrictions", "/cbr", "context-based-restrictions",
            "IBMCLOUD_CONTEXT_BASED_RESTRICTIONS_ENDPOINT", default_id=hex32),
    Service("resource_controller", "/resource-controller", "resource-controller",
            "IBMCLOUD_RESOURCE_CONTROLLER_API_ENDPOINT", slash_ids=True),
    Service("iam_identity", "/iam", "iam-identity", "IBMCLOUD_IAM_API_ENDPOINT",
            ids={"v1.serviceids": _prefixed("ServiceId"), "v1.apikeys": _prefixed("ApiKey"),
                 "v1.profiles": _prefixed("Profile"), "v1.profiles.links": _prefixed("ProfileLink"),
                 "v1.profiles.rules": _prefixed("ClaimRule")}),
    Service("iam_access_groups", "/iam", "iam-groups", "IBMCLOUD_IAM_API_ENDPOINT",
            ids={"v2.groups": _prefixed("AccessGroupId"), "v2.groups.rules": _prefixed("ClaimRule")}),
    # IAM Policy Management: only its templates and assignments (hand-written,
    # http/routes/platform/iam_templates.py); its policies are emulated at the root (/v1/policies)
    Service("iam_policy_management", "/iam", "iam-access-management", "IBMCLOUD_IAM_API_ENDPOINT", generic=False),
    Service("dns_svcs", "/dns-svcs", "dns-svcs", "IBMCLOUD_PRIVATE_DNS_API_ENDPOINT"),
    Service("transit_gateway", "/transit", "transit", "IBMCLOUD_TG_API_ENDPOINT"),
    # Activity Tracker Event Routing: targets and routes with the region of the endpoint in their
    # CRNs (crn:v1:bluemix:public:atracker:us-south:a/<account>::target:<id>, as the API answers);
    # hand-written behaviour in engine/platform/atracker/ and http/routes/platform/atracker.py
    Service("atracker", "/atracker", "atracker", "IBMCLOUD_ATRACKER_API_ENDPOINT", global_=False),
    # User Management (user-management.cloud.ibm.com): every operation hand-written
    # (engine/platform/users.py, http/routes/platform/user_management.py)
    Service("user_management", "/user-management", "user-management", "IBMCLOUD_USER_MANAGEMENT_ENDPOINT"),
    # Hyper Protect Crypto Services' Unified Key Orchestrator (the `ukov4` Go SDK's table): vaults,
    # key templates, keystores and managed keys of the account's HPCS instances, reached where the
    # IBM provider's IBMCLOUD_HPCS_UKO_URL points (its getUkoUrl takes that variable over the
    # instance's broker answer); hand-written behaviour (the UKO-Vault header, required If-Match,
    # a managed key's states) in engine/platform/hpcs/ and http/routes/platform/hpcs_uko.py
    Service("hpcs_uko", "/hpcs/uko", "hs-crypto", "IBMCLOUD_HPCS_UKO_URL", global_=False),
)}
# Properties naming another resource by a plain string, per service and collection: property
# (`contexts[].attributes[networkZoneId]`: the value of the attribute of that name in each
# context) -> (what it names: a collection of the table, or `resource_group`; the property of
# the answer that keeps the id, if the answer has it under another name).
REFERENCES: dict[str, dict[str, dict[str, tuple[str, str | None]]]] = {
    "resource_controller": {
        "v2.resource_instances": {"resource_group": ("resource_group", "resource_group_id")},
        "v2.resource_keys": {"source": ("v2.resource_instances", "source_crn")},
        "v2.resource_aliases": {"source": ("v2.resource_instances", "resource_instance_id")},
        "v2.resource_bindings": {"source": ("v2.resource_aliases", "source_crn")},
    },
    "context_based_restrictions": {
        "v1.rules": {"contexts[].attributes[networkZoneId]": ("v1.zones", None)},
        "v1.zones": {"addresses[].ref": (None, None)},
    },
}
# Services sharing one mount (IAM's identity and access groups, as iam.cloud.ibm.com serves
# both): a request goes to the first whose table has the operation.
MOUNTS: dict[str, list[str]] = {}
for _s in SERVICES.values():
    MOUNTS.setdefault(_s.mount, []).append(_s.name)


def base_path(name: str | None = None) -> str:
    """The base path the service's SDK URL carries after the host (`/v1` for DNS Services and
    Transit Gateway; none for the others): the API table's `endpoint.base_path`."""
    from vpcmock import api_table
    return api_table.table(name or current())["endpoint"]["base_path"]


def sdk_url(mock_url: str, name: str) -> str:
    """The service URL an SDK client of `name` sets to reach the mock at `mock_url`."""
    return mock_url.rstrip("/") + SERVICES[name].mount + base_path(name)


def spec() -> Service | None:
    return SERVICES.get(current())


def new_id(key: str) -> str | None:
    """An id in the served service's format for a member of collection `key`; None for the
    VPC API (values.new_id makes it)."""
    found = spec()
    if found is None:
        return None
    return found.ids.get(key, found.default_id)()
