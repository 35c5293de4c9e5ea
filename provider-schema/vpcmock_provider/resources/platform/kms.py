"""ibm_kms_key, ibm_kms_key_alias, ibm_kms_key_rings, ibm_kms_key_policies, ibm_kms_instance_policies
and ibm_kms_key_with_policy_overrides (each described on its class), and the data sources
ibm_kms_key(s), ibm_kms_key_rings, ibm_kms_key_policies and ibm_kms_instance_policies ↔ Key Protect's API
(`<IBMCLOUD_KP_API_ENDPOINT>/api/v2`, the `Bluemix-Instance` header: kp_key.call), as the IBM
provider's resource_ibm_kms_*.go call it through the keyprotect-go-client:

- every call first reads the instance from Resource Controller (`GET /v2/resource_instances/<guid>`,
  populateKPClient), so an unknown instance fails there; `instance_id` takes the guid or the CRN
  (its third-last segment, getInstanceIDFromCRN);
- ibm_kms_key: `POST /keys` (in `key_ring_id`: the `X-Kms-Key-Ring` header), id the key's CRN;
  read as setKeyDetails (the key's description, ring, expiration, registrations; `payload` as
  configured, `instance_crn` the key CRN up to `:key:` and `::`); only `force_delete` updates
  in place; delete `DELETE /keys/<id>` (`force`, `Prefer: return=representation`);
- ibm_kms_key_alias: `POST /keys/<key id or existing alias>/aliases/<alias>`, id
  `<alias>:alias:<key CRN>`; read reads the key (gone when the key is, as the IBM provider's
  read), delete `DELETE /keys/<key id>/aliases/<alias>`;
- ibm_kms_key_rings: `POST /key_rings/<id>`, id `<ring>:keyRing:<instance CRN>`; read lists the
  rings (the IBM provider only checks the listing answers; here the ring must be in it, so one
  deleted elsewhere reads as gone); delete `DELETE /key_rings/<id>?force=true`;
- ibm_kms_key_policies: `PUT /keys/<key id or alias>/policies` with the rotation and
  dual-auth-delete policies configured, id the key's CRN; an update sets each changed policy
  (`?policy=rotation`, `?policy=dualAuthDelete`); delete only forgets the resource (the IBM
  provider's warning: the policies go with the key).
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.kept import PATH, KeptResource
from vpcmock_provider.resources.platform.kp_key import CONSOLE, DESTROYED, ENDPOINT, KEY_TYPE, call

RESOURCE_CONTROLLER = "IBMCLOUD_RESOURCE_CONTROLLER_API_ENDPOINT"
POLICY_TYPE = "application/vnd.ibm.kms.policy+json"


def instance_id(value: str) -> str:
    """getInstanceIDFromCRN: a CRN's third-last segment, else the value itself."""
    segments = str(value).split(":")
    return segments[-3] if len(segments) > 3 else str(value)


def key_parts(crn: str) -> tuple[str, str, str]:
    """getInstanceAndKeyDataFromCRN: (instance CRN, instance guid, key id) of a key CRN."""
    segments = crn.split(":")
    if len(segments) < 3:
        raise ProviderError(f"{crn!r} is not a key CRN "
                            "(crn:v1:bluemix:public:kms:<region>:a/<account>:<instance>:key:<key id>)")
    return crn.split(":key:")[0] + "::", segments[-3], segments[-1]


def instance_crn(client: Client, guid: str) -> str:
    """populateKPClient: the instance as Resource Controller has it (its CRN)."""
    try:
        found, _ = client.service(RESOURCE_CONTROLLER, "GET", f"/v2/resource_instances/{quote(guid, safe='')}")
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"Error retrieving resource instance: {exc.message}", exc.target) from None
    return found["crn"]


def endpoint_type(client: Client) -> str:
    return "private" if "private" in client.endpoints[ENDPOINT] else "public"


def get_key(client: Client, instance: str, key: str, what: str) -> dict | None:
    """The key (by id or alias), None when KP answers 404 or 409 or holds it destroyed, as the
    IBM provider's reads treat those."""
    try:
        found = call(client, "GET", f"/keys/{quote(key, safe='')}", instance)
    except ApiError as exc:
        if exc.status in (404, 409):
            return None
        raise ApiError(exc.status, exc.code, f"{what}: {exc.message}", exc.target) from None
    doc = found["resources"][0]
    return None if doc.get("state") == DESTROYED else doc


def console_url(key: dict) -> str:
    return f"{CONSOLE}/services/kms/{quote(key['crn'].removesuffix(':key:' + key['id']), safe='')}%3A%3A"


def go_time_string(value: str | None) -> str | None:
    """Go's time.Time String() of a UTC time (`2026-12-03 13:57:52 +0000 UTC`), as
    FlattenKeyIndividualPolicy writes a policy's dates."""
    if not value:
        return value
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    fraction = f".{moment.microsecond:06d}".rstrip("0").rstrip(".") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + fraction + " +0000 UTC"


class Key:
    """ibm_kms_key."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key", "resource")

    @staticmethod
    def create(client: Client, planned: dict, path: str = "/keys", extra: dict | None = None) -> dict:
        guid = instance_id(planned["instance_id"])
        instance_crn(client, guid)
        resource = {"type": KEY_TYPE, "name": planned["key_name"], "extractable": bool(planned.get("standard_key")),
                    **(extra or {})}
        for name, api in (("description", "description"), ("payload", "payload"), ("expiration_date", "expirationDate"),
                          ("encrypted_nonce", "encryptedNonce"), ("iv_value", "iv")):
            if planned.get(name):
                resource[api] = planned[name]
        body = {"metadata": {"collectionType": KEY_TYPE, "collectionTotal": 1}, "resources": [resource]}
        ring = planned.get("key_ring_id") or "default"
        try:
            made = call(client, "POST", path, guid, body, prefer="return=representation",
                        headers={"X-Kms-Key-Ring": ring})
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Error while creating key: {exc.message}", exc.target) from None
        return Key.read(client, {**planned, "id": made["resources"][0]["crn"]}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        crn_of_instance, guid, key_id = key_parts(state["id"])
        instance_crn(client, guid)
        key = get_key(client, guid, key_id, "Get Key failed with error while reading Key")
        if key is None:
            return None
        listed = call(client, "GET", f"/keys/{key_id}/registrations", guid).get("resources") or []
        configured = state.get("instance_id")  # the guid, or the instance's CRN as configured
        out = {"id": key["crn"], "instance_id": configured if configured and instance_id(configured) == guid else guid,
               "instance_crn": crn_of_instance, "key_id": key["id"], "standard_key": key.get("extractable", False),
               "description": key.get("description") or None, "key_name": key["name"], "crn": key["crn"],
               "endpoint_type": endpoint_type(client), "type": key["crn"].split(":")[4],
               "key_ring_id": key.get("keyRingID") or "default",
               # the IBM provider keeps the payload configured (d.Set("payload", d.Get("payload"))): a
               # root key's material is never answered back
               "payload": state.get("payload") or key.get("payload") or "",
               "encrypted_nonce": key.get("encryptedNonce") or state.get("encrypted_nonce"),
               "iv_value": key.get("iv") or state.get("iv_value"),
               "expiration_date": _rfc3339(key.get("expirationDate")),
               "registrations": [{"key_id": r.get("keyId"), "resource_crn": r.get("resourceCrn"),
                                  "prevent_key_deletion": r.get("preventKeyDeletion", False)} for r in listed],
               "resource_name": key["name"], "resource_crn": key["crn"], "resource_status": str(key.get("state")),
               "resource_controller_url": console_url(key)}
        return {k: v for k, v in out.items() if v is not None}

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        # Every other argument forces a new key; force_delete is the provider's own setting, kept.
        current = Key.read(client, {**planned, "id": prior["id"]})
        if current is None:
            raise ApiError(404, "KEY_NOT_FOUND_ERR", f"Get Key failed with error: key {prior['id']} is gone")
        return current

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        _, guid, key_id = key_parts(state["id"])
        params = {"force": "true"} if state.get("force_delete") else None
        try:
            call(client, "DELETE", f"/keys/{key_id}", guid, params=params, prefer="return=representation")
        except ApiError as exc:
            if exc.status in (404, 410):
                return
            crns = [r.get("resource_crn") for r in state.get("registrations") or []]
            extra = (f". The key has the following active registrations which may interfere with deletion: {crns}"
                     if crns else "")
            raise ApiError(exc.status, exc.code, f"Error while deleting: {exc.message}{extra}", exc.target) from None

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return Key.read(client, {"id": ident})


class KeyWithPolicyOverrides:
    """ibm_kms_key_with_policy_overrides (resource_ibm_kms_key_with_policy_overrides.go): a key
    made with its own policies (`POST /keys_with_policy_overrides`), read as ibm_kms_key with its
    `rotation` and `dual_auth_delete` (FlattenKeyPoliciesKey: enabled and interval); a change of
    the policies, both given, sets them (`PUT /keys/<id>/policies`); removing them only forgets
    them, as the IBM provider warns. The IBM provider's create does not send `description`; here
    it is sent, so a configured description reads back and plans clean (a choice)."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key_with_policy_overrides", "resource")

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        extra = {}
        for kind, data in _policy_items(planned):
            extra[kind] = data
        made = Key.create(client, planned, "/keys_with_policy_overrides", extra)
        return KeyWithPolicyOverrides.read(client, {**planned, **made}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        out = Key.read(client, state)
        if out is None:
            return None
        _, guid, key_id = key_parts(state["id"])
        policies = key_policies(client, guid, key_id)
        if policies:
            out["rotation"] = [{"enabled": p["enabled"], "interval_month": p.get("interval_month") or 0}
                               for p in policies.get("rotation") or []]
            out["dual_auth_delete"] = [{"enabled": p["enabled"]} for p in policies.get("dual_auth_delete") or []]
        return out

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        changed = (prior.get("rotation"), prior.get("dual_auth_delete")) != \
            (planned.get("rotation"), planned.get("dual_auth_delete"))
        if changed and planned.get("rotation") and planned.get("dual_auth_delete"):
            _, guid, key_id = key_parts(prior["id"])
            try:
                _put_policies(client, guid, key_id, _policy_items(planned))
            except ApiError as exc:
                raise ApiError(exc.status, exc.code, f"Could not create policies: {exc.message}", exc.target) from None
        current = KeyWithPolicyOverrides.read(client, {**planned, "id": prior["id"]})
        if current is None:
            raise ApiError(404, "KEY_NOT_FOUND_ERR", f"Get Key failed with error: key {prior['id']} is gone")
        return current

    delete = staticmethod(Key.delete)

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return KeyWithPolicyOverrides.read(client, {"id": ident})


def _rfc3339(value: str | None) -> str | None:
    """expiration.Format(time.RFC3339): seconds, `Z` for UTC."""
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class KeyAlias:
    """ibm_kms_key_alias."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key_alias", "resource")
    SEP = ":alias:"

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        guid = instance_id(planned["instance_id"])
        instance_crn(client, guid)
        target = planned.get("existing_alias") or planned.get("key_id")
        if not target:
            raise ProviderError("ibm_kms_key_alias: one of key_id or existing_alias is required")
        try:
            made = call(client, "POST", f"/keys/{quote(target, safe='')}/aliases/{quote(planned['alias'], safe='')}",
                        guid)
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Error while creating alias name for the key: {exc.message}",
                           exc.target) from None
        alias = made["resources"][0]
        key = get_key(client, guid, alias["keyId"], "Get Key failed with error")
        if key is None:
            raise ApiError(404, "KEY_NOT_FOUND_ERR", f"Get Key failed with error: key {alias['keyId']} is gone")
        return KeyAlias.read(client, {**planned, "id": f"{alias['alias']}{KeyAlias.SEP}{key['crn']}"}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        parts = state["id"].split(KeyAlias.SEP)
        if len(parts) < 2:
            raise ProviderError(f"Incorrect ID {state['id']}: Id should be a combination of keyAlias:alias:keyCRN")
        _, guid, key_id = key_parts(parts[1])
        instance_crn(client, guid)
        key = get_key(client, guid, key_id, "Get Key failed with error while reading policies")
        if key is None:
            return None
        out = {"id": state["id"], "alias": parts[0], "key_id": key["id"], "instance_id": guid,
               "endpoint_type": endpoint_type(client)}
        if state.get("existing_alias"):  # the provider's own setting: what the alias was made through
            out["existing_alias"] = state["existing_alias"]
        if state.get("instance_id") and instance_id(state["instance_id"]) == guid:
            out["instance_id"] = state["instance_id"]
        return out

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        return KeyAlias.read(client, {**planned, "id": prior["id"]}) or {}

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        alias, crn = state["id"].split(KeyAlias.SEP, 1)
        _, guid, key_id = key_parts(crn)
        try:
            call(client, "DELETE", f"/keys/{key_id}/aliases/{quote(alias, safe='')}", guid)
        except ApiError as exc:
            if exc.status == 404:
                return
            raise ApiError(exc.status, exc.code, f"failed to Destroy alias with error: {exc.message}",
                           exc.target) from None

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return KeyAlias.read(client, {"id": ident})


class KeyRing:
    """ibm_kms_key_rings."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key_rings", "resource")
    SEP = ":keyRing:"

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        guid = instance_id(planned["instance_id"])
        crn = instance_crn(client, guid)
        ring = planned["key_ring_id"]
        try:
            call(client, "POST", f"/key_rings/{quote(ring, safe='')}", guid)
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Error while creating key ring : {exc.message}", exc.target) from None
        return KeyRing.read(client, {**planned, "id": f"{ring}{KeyRing.SEP}{crn}"}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        parts = state["id"].split(KeyRing.SEP)
        if len(parts) < 2:
            raise ProviderError(f"Incorrect ID {state['id']}: Id should be a combination of "
                                "keyRingID:keyRing:InstanceCRN")
        guid = instance_id(parts[1])
        instance_crn(client, guid)
        try:
            listed = call(client, "GET", "/key_rings", guid).get("resources") or []
        except ApiError as exc:
            if exc.status in (404, 409):
                return None
            raise ApiError(exc.status, exc.code, f"Get Key Rings failed with error: {exc.message}",
                           exc.target) from None
        # The IBM provider only checks that the listing answers; a ring deleted elsewhere reads as
        # gone here (a choice: otherwise a plan would never notice it).
        if parts[0] not in [r.get("id") for r in listed]:
            return None
        out = {"id": state["id"], "instance_id": guid, "key_ring_id": parts[0], "endpoint_type": endpoint_type(client)}
        if state.get("instance_id") and instance_id(state["instance_id"]) == guid:
            out["instance_id"] = state["instance_id"]
        return out

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        # Only force_delete changes in place: the provider's own setting, kept (resources/kept.py).
        return KeyRing.read(client, {**planned, "id": prior["id"]}) or {}

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        ring, crn = state["id"].split(KeyRing.SEP, 1)
        try:  # the IBM provider always deletes with force and ignores the answer's error
            call(client, "DELETE", f"/key_rings/{quote(ring, safe='')}", instance_id(crn), params={"force": "true"})
        except ApiError as exc:
            if exc.status != 404:
                raise ApiError(exc.status, exc.code, f"Error while deleting key ring: {exc.message}",
                               exc.target) from None

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return KeyRing.read(client, {"id": ident})


def _policy_items(planned: dict) -> list[tuple[str, dict]]:
    """(KP's policy kind, its data) of each policy configured (getPolicyFromSchema)."""
    items = []
    rotation = (planned.get("rotation") or [None])[0]
    if rotation:
        data = {"enabled": rotation.get("enabled", True)}
        if rotation.get("interval_month"):
            data["interval_month"] = rotation["interval_month"]
        items.append(("rotation", data))
    dual = (planned.get("dual_auth_delete") or [None])[0]
    if dual:
        items.append(("dualAuthDelete", {"enabled": bool(dual.get("enabled"))}))
    return items


def key_policies(client: Client, guid: str, key_id: str) -> dict:
    """`rotation` and `dual_auth_delete` of a key as FlattenKeyIndividualPolicy writes them (each
    only when the key has it). One read per kind: the mock answers the kinds together in one
    resource (GetMultipleKeyPolicies) when none is asked for; each kind's own read carries its
    own dates."""
    out = {}
    for kind, attribute in (("rotation", "rotation"), ("dualAuthDelete", "dual_auth_delete")):
        found = call(client, "GET", f"/keys/{key_id}/policies", guid, params={"policy": kind}).get("resources") or []
        flattened = []
        for policy in found:
            if not isinstance(policy.get(kind), dict):
                continue
            segments = policy["crn"].split(":")
            item = {"id": segments[9] if len(segments) > 9 else policy.get("id"), "crn": policy["crn"],
                    "created_by": policy.get("createdBy"), "creation_date": go_time_string(policy.get("creationDate")),
                    "updated_by": policy.get("updatedBy"),
                    "last_update_date": go_time_string(policy.get("lastUpdateDate")),
                    "enabled": policy[kind].get("enabled")}
            if kind == "rotation":
                item["interval_month"] = policy[kind].get("interval_month")
            flattened.append(item)
        if flattened:
            out[attribute] = flattened
    return out


def _put_policies(client: Client, guid: str, key: str, items: list[tuple[str, dict]], kind: str | None = None):
    body = {"metadata": {"collectionType": POLICY_TYPE, "collectionTotal": len(items)},
            "resources": [{"type": POLICY_TYPE, k: data} for k, data in items]}
    call(client, "PUT", f"/keys/{quote(key, safe='')}/policies", guid, body, params={"policy": kind} if kind else None)


def _named_key(client: Client, given: dict, failure: str) -> tuple[str, dict]:
    """The instance guid and the key that ibm_kms_key_policies names by `alias` or `key_id`
    (resource and data source alike), failing as the IBM provider's read does."""
    guid = instance_id(given["instance_id"])
    instance_crn(client, guid)
    named = given.get("alias") or given.get("key_id")
    if not named:
        raise ProviderError("ibm_kms_key_policies: one of key_id or alias is required")
    key = get_key(client, guid, named, failure)
    if key is None:
        raise ApiError(404, "KEY_NOT_FOUND_ERR", f"{failure}: no key {named}")
    return guid, key


class KeyPolicies:
    """ibm_kms_key_policies."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key_policies", "resource")

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        guid, key = _named_key(client, planned, "Get Key failed with error while creating policies")
        items = _policy_items(planned)
        if items:
            try:
                _put_policies(client, guid, key["id"], items)
            except ApiError as exc:
                raise ApiError(exc.status, exc.code, f"Could not create policies: {exc.message}", exc.target) from None
        return KeyPolicies.read(client, {**planned, "id": key["crn"]}) or {}

    @staticmethod
    def read(client: Client, state: dict) -> dict | None:
        _, guid, key_id = key_parts(state["id"])
        instance_crn(client, guid)
        key = get_key(client, guid, key_id, "Get Key failed with error while reading policies")
        if key is None:
            return None
        out = {"id": key["crn"], "instance_id": guid, "key_id": key_id, "endpoint_type": endpoint_type(client),
               "resource_name": key["name"], "resource_crn": key["crn"], "resource_status": str(key.get("state")),
               "resource_controller_url": console_url(key)}
        if state.get("instance_id") and instance_id(state["instance_id"]) == guid:
            out["instance_id"] = state["instance_id"]
        if state.get("alias"):
            out["alias"] = state["alias"]
        out.update(key_policies(client, guid, key_id))
        return out

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        guid = instance_id(planned["instance_id"])
        _, _, key_id = key_parts(prior["id"])
        before = dict(_policy_items(prior))
        for kind, data in _policy_items(planned):
            if before.get(kind) != data:  # resourceUpdatePolicies: each changed policy set on its own
                try:
                    _put_policies(client, guid, key_id, [(kind, data)], kind)
                except ApiError as exc:
                    raise ApiError(exc.status, exc.code, f"Could not update policies: {exc.message}",
                                   exc.target) from None
        return KeyPolicies.read(client, {**planned, "id": prior["id"]}) or {}

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        """The IBM provider only forgets the resource: a key's policies go with the key."""

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return KeyPolicies.read(client, {"id": ident})


# ibm_kms_instance_policies' blocks and KP's instance policy types.
_INSTANCE_POLICIES = (("dual_auth_delete", "dualAuthDelete"), ("rotation", "rotation"), ("metrics", "metrics"),
                      ("key_create_import_access", "keyCreateImportAccess"))
_ACCESS = ("create_root_key", "create_standard_key", "import_root_key", "import_standard_key", "enforce_token")


def flatten_instance_policy(listed: list[dict], kind: str) -> list[dict]:
    """The policies of `kind` as FlattenInstancePolicy writes them."""
    found = []
    for policy in listed:
        if policy.get("policy_type") != kind:
            continue
        data = policy.get("policy_data") or {}
        item = {"enabled": data.get("enabled"), "created_by": policy.get("createdBy"),
                "creation_date": go_time_string(policy.get("creationDate")),
                "updated_by": policy.get("updatedBy"), "last_updated": go_time_string(policy.get("lastUpdated"))}
        attributes = data.get("attributes") or {}
        if kind == "rotation" and "interval_month" in attributes:
            item["interval_month"] = attributes["interval_month"]
        if kind == "keyCreateImportAccess":
            item.update({name: attributes[name] for name in _ACCESS if name in attributes})
        found.append(item)
    return found


class InstancePolicies:
    """ibm_kms_instance_policies (resource_ibm_kms_instance_policies.go): `PUT /instance/policies`
    with every policy configured (policyCreateOrUpdate), id the instance's CRN; read sets only the
    blocks configured (or, on import, those the instance has); delete only forgets the resource
    (the IBM provider's warning: the policies go with the instance)."""

    DECLARATION = ibm_schema.declaration("ibm_kms_instance_policies", "resource")

    @staticmethod
    def _put(client: Client, guid: str, planned: dict) -> None:
        items = []
        for attribute, kind in _INSTANCE_POLICIES:
            block = (planned.get(attribute) or [None])[0]
            if not block:
                continue
            data = {"enabled": bool(block.get("enabled"))}
            if kind == "rotation" and block.get("interval_month"):
                data["attributes"] = {"interval_month": block["interval_month"]}
            if kind == "keyCreateImportAccess" and data["enabled"]:
                data["attributes"] = {name: bool(block.get(name)) for name in _ACCESS}
            items.append({"policy_type": kind, "policy_data": data})
        if not items:
            return
        body = {"metadata": {"collectionType": POLICY_TYPE, "collectionTotal": len(items)}, "resources": items}
        try:
            call(client, "PUT", "/instance/policies", guid, body)
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Error while setting instance policies: {exc.message}",
                           exc.target) from None

    @staticmethod
    def create(client: Client, planned: dict) -> dict:
        guid = instance_id(planned["instance_id"])
        crn = instance_crn(client, guid)
        InstancePolicies._put(client, guid, planned)
        return InstancePolicies.read(client, {**planned, "id": crn}) or {}

    @staticmethod
    def read(client: Client, state: dict, importing: bool = False) -> dict | None:
        guid = instance_id(state["id"])
        try:
            instance_crn(client, guid)
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        listed = call(client, "GET", "/instance/policies", guid).get("resources") or []
        out = {"id": state["id"], "instance_id": guid, "endpoint_type": endpoint_type(client)}
        if state.get("instance_id") and instance_id(state["instance_id"]) == guid:
            out["instance_id"] = state["instance_id"]
        for attribute, kind in _INSTANCE_POLICIES:
            found = flatten_instance_policy(listed, kind)
            if found and (state.get(attribute) or importing):
                out[attribute] = found
        return out

    @staticmethod
    def update(client: Client, prior: dict, planned: dict) -> dict:
        InstancePolicies._put(client, instance_id(planned["instance_id"]), planned)
        return InstancePolicies.read(client, {**planned, "id": prior["id"]}) or {}

    @staticmethod
    def delete(client: Client, state: dict) -> None:
        """Only forgotten: instance policies go with the instance."""

    @staticmethod
    def import_(client: Client, ident: str) -> dict | None:
        return InstancePolicies.read(client, {"id": ident}, importing=True)


def _key_item(client: Client, guid: str, key: dict, with_policies: bool) -> dict:
    item = {"id": key["id"], "name": key["name"], "crn": key["crn"], "standard_key": key.get("extractable", False),
            "description": key.get("description"), "aliases": key.get("aliases") or [],
            "key_ring_id": key.get("keyRingID")}
    if with_policies:  # FlattenKeyPolicies, read only for a key named by id or alias
        policies = key_policies(client, guid, key["id"])
        if policies:
            item["policies"] = [policies]
    return {k: v for k, v in item.items() if v is not None}


class KeysData:
    """The data sources ibm_kms_keys and ibm_kms_key (data_source_ibm_kms_keys.go): the key named
    by `alias` or `key_id` with its policies, else the instance's keys (the first `limit`, all
    when 0) of `key_name` when given; none fails. The id is the instance's guid."""

    def __init__(self, type_name: str):
        self.DECLARATION = ibm_schema.declaration(type_name, "data")

    def read(self, client: Client, config: dict) -> dict:
        guid = instance_id(config["instance_id"])
        instance_crn(client, guid)
        named = config.get("alias") or config.get("key_id")
        if named:
            try:
                key = call(client, "GET", f"/keys/{quote(named, safe='')}", guid)["resources"][0]
            except ApiError as exc:
                raise ApiError(exc.status, exc.code, f"Get Keys failed with error: {exc.message}", exc.target) from None
            keys = [_key_item(client, guid, key, True)]
        else:
            limit, found = config.get("limit") or 0, []
            while True:  # KP's pages of at most 200, up to `limit`
                size = 200 if not limit else min(200, limit - len(found))
                try:
                    page = call(client, "GET", "/keys", guid, params={"limit": size, "offset": len(found)})
                except ApiError as exc:
                    raise ApiError(exc.status, exc.code, f"Get Keys failed with error: {exc.message}",
                                   exc.target) from None
                found += page.get("resources") or []
                if len(page.get("resources") or []) < size or (limit and len(found) >= limit):
                    break
            if not found:
                raise ProviderError(f"No keys in instance {guid}")
            name = config.get("key_name")
            matched = [k for k in found if k["name"] == name] if name else found
            if not matched:
                raise ProviderError(f"No keys with name {name} in instance  {guid}")
            keys = [_key_item(client, guid, k, False) for k in matched]
        return {**config, "id": guid, "instance_id": guid, "keys": keys}


class KeyRingsData:
    """ibm_kms_key_rings (data): the instance's key rings; none fails."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key_rings", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = instance_id(config["instance_id"])
        instance_crn(client, guid)
        try:
            listed = call(client, "GET", "/key_rings", guid).get("resources") or []
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Get Key Rings failed with error: {exc.message}",
                           exc.target) from None
        if not listed:
            raise ProviderError(f"No key Rings in instance  {guid}")
        rings = [{k: v for k, v in {"id": r["id"], "created_by": r.get("createdBy"),
                                    "creation_date": go_time_string(r.get("creationDate"))}.items() if v is not None}
                 for r in listed]
        return {**config, "id": guid, "instance_id": guid, "key_rings": rings}


class KeyPoliciesData:
    """ibm_kms_key_policies (data): the policies of the key named by `key_id` or `alias`."""

    DECLARATION = ibm_schema.declaration("ibm_kms_key_policies", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid, key = _named_key(client, config, "Get Key failed with error")
        policies = key_policies(client, guid, key["id"])
        return {**config, "id": guid, "instance_id": guid, "policies": [policies] if policies else []}


class InstancePoliciesData:
    """ibm_kms_instance_policies (data): the instance's policies, only `policy_type`'s when given."""

    DECLARATION = ibm_schema.declaration("ibm_kms_instance_policies", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        guid = instance_id(config["instance_id"])
        instance_crn(client, guid)
        kind = config.get("policy_type")
        try:
            listed = call(client, "GET", "/instance/policies", guid,
                          params={"policy": kind} if kind else None).get("resources") or []
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Error retrieving instance policies: {exc.message}",
                           exc.target) from None
        out = {**config, "id": guid, "instance_id": guid}
        for attribute, name in _INSTANCE_POLICIES:
            if kind in (None, name):
                out[attribute] = flatten_instance_policy(listed, name)
        return out


DATA_SOURCES = (KeysData("ibm_kms_keys"), KeysData("ibm_kms_key"), KeyRingsData, KeyPoliciesData,
                InstancePoliciesData)


class Kept(KeptResource):
    """What KP does not carry (force_delete, existing_alias, timeouts) kept beside: an alias under
    `<alias>.<key id>`, a ring under `<ring>.<instance guid>` (the last field of their ids, which
    kept.py would use, is the key's id or empty)."""

    def _path(self, state: dict) -> str:
        ident = state["id"]
        for sep in (KeyAlias.SEP, KeyRing.SEP):
            if sep in ident:
                own, crn = ident.split(sep, 1)
                owner = key_parts(crn)[2] if sep == KeyAlias.SEP else instance_id(crn)
                return f"{PATH}/{self.DECLARATION.type_name}.{quote(own, safe='')}.{owner}"
        return super()._path(state)


RESOURCES = tuple(Kept(r) for r in (Key, KeyAlias, KeyRing, KeyPolicies, InstancePolicies, KeyWithPolicyOverrides))
