"""Values the VPC API names differently by the `version` date a client sends.

Most VPC API changes apply to every version; a few are incompatible and apply only to requests
with a `version` on or after their release (IBM's VPC API versioning policy). The mock stores
the current name and translates at the edge: a request of an older version may use the old
name (and not the new one), and its answers show the old name.

- 2025-04-08 (IBM Cloud docs, "Updating to the 2025-04-08 version (SNI hostname support for
  application load balancers)"): a load balancer listener policy's `action` `forward` became
  `forward_to_pool`, in creating, retrieving and listing policies. A client on 2025-04-07 or
  earlier (the IBM provider 2.5.0 still offers `forward`) sends and reads `forward`; one on
  2025-04-08 or later gets `forward` refused by the enum (`forward_to_pool`, ...).
"""

from __future__ import annotations

from vpcmock.errors import ApiError, field

# (collection key, property, old value, current value, the version date the current one starts)
RENAMED = (("load_balancers.listeners.policies", "action", "forward", "forward_to_pool", "2025-04-08"),)


def _renames(key: str, version: str | None):
    """The renames a request of `version` predates (YYYY-MM-DD strings compare as dates)."""
    return [r for r in RENAMED if r[0] == key and version is not None and version < r[4]]


def request(key: str, body: dict, version: str | None) -> dict:
    """`body` of a request of `version` with the current names; the current name in an older
    version's request is refused, as that version's enum does not hold it."""
    renames = _renames(key, version)
    if not renames or not isinstance(body, dict):
        return body
    body = dict(body)
    for _, prop, old, new, since in renames:
        if body.get(prop) == new:
            raise ApiError(400, "invalid_field_value", f"{prop} {new!r} requires version {since} or later (this request's "
                           f"version {version} names it {old!r})", field(prop, new))
        if body.get(prop) == old:
            body[prop] = new
    return body


def answer(key: str, payload: dict, version: str | None) -> dict:
    """`payload` (a member of collection `key`) as a client of `version` reads it."""
    renames = _renames(key, version)
    if not renames or not isinstance(payload, dict):
        return payload
    payload = dict(payload)
    for _, prop, old, new, _since in renames:
        if payload.get(prop) == new:
            payload[prop] = old
    return payload
