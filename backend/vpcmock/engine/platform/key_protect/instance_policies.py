"""Instance policies of a Key Protect instance (`/instance/policies`) and what they change:

- dualAuthDelete: keys created afterwards need two users to delete (keys.py);
- rotation: root keys created afterwards get a rotation policy of `interval_month` (1 to 12);
- keyCreateImportAccess: which keys may be made (`create_root_key`, `create_standard_key`,
  `import_root_key`, `import_standard_key`, each true unless set false; `enforce_token`: imports
  only through an import token, which the mock does not serve, so an import is then refused):
  409 KEY_CREATE_IMPORT_ACCESS_ERR;
- allowedIP: requests from an address outside `allowed_ip` (CIDRs) are refused as KP refuses
  them, 401 "Unauthorized: The user does not have access to the specified resource";
- allowedNetwork (`public-and-private` or `private-only`) and metrics are kept and read back;
  they refuse nothing here: the mock has one endpoint (neither KP's public nor its private host),
  and no monitoring service to send metrics to.

A PUT with `?policy=` sets that one policy (one resource of that type: 400
NUM_COLLECTION_RESOURCE_ERR, BODY_QUERY_PARAM_MISMATCH_ERR); without, it sets each policy given.
"""

from __future__ import annotations

import ipaddress

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.key_protect.errors import KpError, bad_body, invalid_field
from vpcmock.engine.platform.key_protect.instances import Instance
from vpcmock.timeutil import rfc3339

TABLE = "kp_instance_policies"
WHAT = "Instance policy could not be created"
TYPES = ("allowedNetwork", "dualAuthDelete", "allowedIP", "keyCreateImportAccess", "metrics", "rotation")
ACCESS = ("create_root_key", "create_standard_key", "import_root_key", "import_standard_key", "enforce_token")
_ATTRIBUTES = {"allowedNetwork": ("allowed_network",), "dualAuthDelete": (), "allowedIP": ("allowed_ip",),
               "keyCreateImportAccess": ACCESS, "metrics": (), "rotation": ("interval_month",)}


def held(ctx: Ctx, instance: Instance) -> dict:
    doc = ctx.store.get(TABLE, instance.guid)
    return (doc or {}).get("policies") or {}


def listing(ctx: Ctx, instance: Instance, kind: str | None) -> list[dict]:
    policies = held(ctx, instance)
    return [{"policy_type": name, **policies[name]} for name in TYPES if name in policies and kind in (None, name)]


def _attributes(kind: str, data: dict) -> dict:
    given = data.get("attributes") or {}
    if not isinstance(given, dict):
        raise bad_body(WHAT, "policy_data.attributes must be an object")
    unknown = [name for name in given if name not in _ATTRIBUTES[kind]]
    if unknown:
        raise bad_body(WHAT, f'json: unknown field "{unknown[0]}" for a {kind} policy')
    enabled = data["enabled"]
    if kind == "rotation":
        interval = given.get("interval_month", 1)
        if not isinstance(interval, int) or isinstance(interval, bool) or not 1 <= interval <= 12:
            raise invalid_field(WHAT, "interval_month", "an integer from 1 to 12")
        return {"interval_month": interval}
    if kind == "allowedNetwork":
        network = given.get("allowed_network")
        if network not in ("public-and-private", "private-only"):
            raise invalid_field(WHAT, "allowed_network", "public-and-private or private-only")
        return {"allowed_network": network}
    if kind == "allowedIP":
        cidrs = given.get("allowed_ip")
        if enabled or cidrs is not None:
            if not isinstance(cidrs, list) or not cidrs:
                raise invalid_field(WHAT, "allowed_ip", "a list of IPv4 or IPv6 CIDR blocks")
            for cidr in cidrs:
                try:
                    ipaddress.ip_network(cidr, strict=False)
                except (TypeError, ValueError):
                    raise invalid_field(WHAT, "allowed_ip", "a list of IPv4 or IPv6 CIDR blocks") from None
            return {"allowed_ip": list(cidrs)}
        return {}
    if kind == "keyCreateImportAccess":
        out = {}
        for name in ACCESS:
            value = given.get(name, name != "enforce_token")
            if not isinstance(value, bool):
                raise invalid_field(WHAT, name, "a boolean")
            out[name] = value
        return out
    return {}


def put(ctx: Ctx, instance: Instance, items: list[dict], kind: str | None) -> None:
    if kind is not None and kind not in TYPES:
        raise invalid_field(WHAT, "policy", ", ".join(TYPES))
    if kind is not None and len(items) != 1:
        raise KpError(400, WHAT, "NUM_COLLECTION_RESOURCE_ERR", "Only a single instance policy may be created per "
                      "query parameter: Please pass single resource object")
    seen = set()
    made = {}
    for item in items:
        unknown = [name for name in item if name not in ("policy_type", "policy_data")]
        if unknown:
            raise bad_body(WHAT, f'json: unknown field "{unknown[0]}"')
        policy_type, data = item.get("policy_type"), item.get("policy_data")
        if policy_type not in TYPES:
            raise invalid_field(WHAT, "policy_type", ", ".join(TYPES))
        if kind is not None and policy_type != kind:
            raise KpError(400, WHAT, "BODY_QUERY_PARAM_MISMATCH_ERR",
                          "Data in body does not match data required by query parameter")
        if policy_type in seen:
            raise bad_body(WHAT, f"Only one of each policy can be created: {policy_type} is given twice")
        seen.add(policy_type)
        if not isinstance(data, dict) or not isinstance(data.get("enabled"), bool):
            raise invalid_field(WHAT, "policy_data.enabled", "a boolean")
        unknown = [name for name in data if name not in ("enabled", "attributes")]
        if unknown:
            raise bad_body(WHAT, f'json: unknown field "{unknown[0]}"')
        made[policy_type] = {"enabled": data["enabled"], "attributes": _attributes(policy_type, data)}
    now, who = rfc3339(ctx.now), (ctx.initiator or {}).get("id") or "IBMid-mock"
    policies = dict(held(ctx, instance))
    for name, policy in made.items():
        created = policies.get(name, {})
        policy_data = {"enabled": policy["enabled"], **({"attributes": policy["attributes"]}
                                                        if policy["attributes"] else {})}
        policies[name] = {"policy_data": policy_data, "createdBy": created.get("createdBy", who),
                          "creationDate": created.get("creationDate", now), "updatedBy": who, "lastUpdated": now}
    ctx.store.put(TABLE, ctx.stamp({"id": instance.guid, "policies": policies}))


def enabled(ctx: Ctx, instance: Instance, kind: str) -> dict | None:
    """The attributes of `kind` when the instance has it enabled, else None."""
    policy = held(ctx, instance).get(kind)
    if policy is None or not policy["policy_data"]["enabled"]:
        return None
    return policy["policy_data"].get("attributes") or {}


def check_create(ctx: Ctx, instance: Instance, root: bool, imported: bool) -> None:
    access = enabled(ctx, instance, "keyCreateImportAccess")
    if access is None:
        return
    needed = f"{'import' if imported else 'create'}_{'root' if root else 'standard'}_key"
    if not access.get(needed, True) or (imported and access.get("enforce_token")):
        raise KpError(409, "Key could not be created", "KEY_CREATE_IMPORT_ACCESS_ERR",
                      "KeyCreateImportAccess instance policy does not allow this action")


def check_address(ctx: Ctx, instance: Instance, address: str | None) -> None:
    allowed = enabled(ctx, instance, "allowedIP")
    if allowed is None or not allowed.get("allowed_ip"):
        return
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        client = None
    if client is None or not any(client in ipaddress.ip_network(cidr, strict=False)
                                 for cidr in allowed["allowed_ip"] if
                                 ipaddress.ip_network(cidr, strict=False).version == client.version):
        raise KpError(401, "The user does not have access to the specified resource")
