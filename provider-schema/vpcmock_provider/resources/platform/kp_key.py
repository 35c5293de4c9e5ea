"""ibm_kp_key ↔ Key Protect's API (`<IBMCLOUD_KP_API_ENDPOINT>/api/v2/keys`), as the IBM
provider's resource_ibm_kp_key.go calls it through the keyprotect-go-client:

- create: `POST /keys` in the instance `key_protect_id` (the `Bluemix-Instance` header): a root
  key (`standard_key = false`) or a standard one, generated or imported (`payload`, and for an
  imported root key `encrypted_nonce`/`iv`); the id is the key's CRN;
- read: the instance guid and key id from the CRN (its third-last and last segments), `GET
  /keys/<id>`; `standard_key` is the key's `extractable`, `payload` its material (a standard
  key's; none for a root key), `resource_status` its state as a number (`"1"` active), and
  `resource_controller_url` the console's page of the instance;
- update: only `force_delete` changes without replacement; it is kept beside the key, not sent;
- delete: `DELETE /keys/<id>` with `force` = `force_delete` and `Prefer: return=representation`;
- import: by the key's CRN. A key KP holds as destroyed (state 5) reads as gone, as the IBM
  provider's Exists does (a 404 there; the mock keeps destroyed keys readable, as KP does).

The data source `ibm_kp_key` lists the instance's keys (`GET /keys?limit=100`), by `key_name`
when given; no key (or none of that name) fails as the IBM provider's read does.
"""

from __future__ import annotations

import json
import urllib.parse
from urllib.parse import quote

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError

ENDPOINT = "IBMCLOUD_KP_API_ENDPOINT"
KEY_TYPE = "application/vnd.ibm.kms.key+json"
CONSOLE = "https://cloud.ibm.com"
DESTROYED = 5

DECLARATION = ibm_schema.declaration("ibm_kp_key", "resource")


def call(client: Client, method: str, path: str, instance: str, body=None, params: dict | None = None,
         prefer: str | None = None, headers: dict | None = None) -> dict:
    """A KP call: bearer token, `Bluemix-Instance`, KP's envelope; a KP error becomes an
    ApiError whose message reads as keyprotect-go-client's `kp.Error` (msg and reasons)."""
    import urllib.error
    import urllib.request

    query = "?" + urllib.parse.urlencode(params) if params else ""
    data = json.dumps(body).encode() if body is not None else None
    headers = {**(headers or {}), "Authorization": f"Bearer {client._bearer()}", "Bluemix-Instance": instance,
               "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if prefer:
        headers["Prefer"] = prefer
    request = urllib.request.Request(f"{client.endpoints[ENDPOINT]}/api/v2{path}{query}", data=data, method=method,
                                     headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=client.timeout) as response:
            raw = response.read()
            return json.loads(raw) if raw else {}
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            error = (json.loads(raw).get("resources") or [{}])[0]
        except (ValueError, AttributeError):
            error = {}
        reasons = error.get("reasons") or []
        code = reasons[0]["code"] if reasons else "kp_error"
        listed = ", ".join(f"{r.get('code')}: {r.get('message')}" for r in reasons)
        message = f"kp.Error: msg='{error.get('errorMsg', raw.decode(errors='replace'))}'" + \
            (f", reasons='[{listed}]'" if listed else "")
        target = ((reasons[0].get("target") or {}).get("name") if reasons else None)
        raise ApiError(exc.code, code, message, target) from None
    except urllib.error.URLError as exc:
        raise ApiError(0, "connection_failed", f"{request.full_url.split('?')[0]}: {exc.reason}") from None


def _parts(crn: str) -> tuple[str, str]:
    """(instance guid, key id) of a key CRN, as the IBM provider splits it."""
    parts = crn.split(":")
    if len(parts) < 3:
        raise ProviderError(f"Get Key failed with error: {crn!r} is not a key CRN "
                            "(crn:v1:bluemix:public:kms:<region>:a/<account>:<instance>:key:<key id>)")
    return parts[-3], parts[-1]


def create(client: Client, planned: dict) -> dict:
    standard = bool(planned.get("standard_key"))
    resource = {"type": KEY_TYPE, "name": planned["key_name"], "extractable": standard}
    if planned.get("payload"):
        resource["payload"] = planned["payload"]
        if not standard:  # an imported root key: its nonce and IV, as the Go client sends them
            for name, api in (("encrypted_nonce", "encryptedNonce"), ("iv_value", "iv")):
                if planned.get(name):
                    resource[api] = planned[name]
    body = {"metadata": {"collectionType": KEY_TYPE, "collectionTotal": 1}, "resources": [resource]}
    kind = "standard key" if standard else "Root key"
    try:
        made = call(client, "POST", "/keys", planned["key_protect_id"], body, prefer="return=representation")
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"Error while creating {kind}: {exc.message}", exc.target) from None
    return read(client, {**planned, "id": made["resources"][0]["crn"]})


def _key(client: Client, crn: str) -> dict | None:
    instance, key_id = _parts(crn)
    try:
        found = call(client, "GET", f"/keys/{key_id}", instance)
    except ApiError as exc:
        if exc.status == 404:
            return None
        raise ApiError(exc.status, exc.code, f"Get Key failed with error: {exc.message}", exc.target) from None
    key = found["resources"][0]
    return None if key.get("state") == DESTROYED else key


def to_state(key: dict, instance: str) -> dict:
    crn = key["crn"]
    base = crn.removesuffix(":key:" + key["id"])
    return {"id": crn, "key_protect_id": instance, "key_id": key["id"], "key_name": key["name"],
            "standard_key": key.get("extractable", False), "payload": key.get("payload") or "",
            "crn": crn, "resource_name": key["name"], "resource_crn": crn,
            "resource_status": str(key.get("state")), "resource_group_name": None,
            "resource_controller_url": f"{CONSOLE}/services/kms/{quote(base, safe='')}%3A%3A"}


def read(client: Client, state: dict) -> dict | None:
    key = _key(client, state["id"])
    if key is None:
        return None
    instance, _ = _parts(state["id"])
    # force_delete (the provider's own setting), encrypted_nonce and iv_value (sent, not answered
    # back by KP) are kept beside the key (resources/kept.py), so an import plans clean too.
    return to_state(key, instance)


def update(client: Client, prior: dict, planned: dict) -> dict:
    # Every other argument forces a new key; force_delete is the provider's own setting, kept.
    current = read(client, prior)
    if current is None:
        raise ApiError(404, "KEY_NOT_FOUND_ERR", f"Get Key failed with error: key {prior['id']} is gone")
    return current


def delete(client: Client, state: dict) -> None:
    instance, key_id = _parts(state["id"])
    params = {"force": "true"} if state.get("force_delete") else None
    try:
        call(client, "DELETE", f"/keys/{key_id}", instance, params=params, prefer="return=representation")
    except ApiError as exc:
        if exc.status in (404, 410):  # gone already (KEY_DELETED_ERR)
            return
        raise ApiError(exc.status, exc.code, f"Error while deleting: {exc.message}", exc.target) from None


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})


class DataSource:
    DECLARATION = ibm_schema.declaration("ibm_kp_key", "data")

    @staticmethod
    def read(client: Client, config: dict) -> dict:
        instance = config["key_protect_id"]
        try:
            listed = call(client, "GET", "/keys", instance, params={"limit": 100, "offset": 0})
        except ApiError as exc:
            raise ApiError(exc.status, exc.code, f"Get Keys failed with error: {exc.message}", exc.target) from None
        keys = listed.get("resources") or []
        if not keys:
            raise ProviderError(f"No keys in instance  {instance}")
        name = config.get("key_name")
        matched = [k for k in keys if k["name"] == name] if name else keys
        if not matched:
            raise ProviderError(f"No keys with name {name} in instance  {instance}")
        return {"id": instance, "key_protect_id": instance, "key_name": name,
                "keys": [{"id": k["id"], "name": k["name"], "crn": k["crn"],
                          "standard_key": k.get("extractable", False)} for k in matched]}
