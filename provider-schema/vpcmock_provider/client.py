"""The provider's only way to the backend: HTTP, as the IBM provider does it.

Endpoints follow the IBM provider's rules (reference §7.1): ``IBMCLOUD_IS_NG_API_ENDPOINT``
first, then an endpoints file (``{"IBMCLOUD_IS_NG_API_ENDPOINT": {"public": {"us-south": url}}}``),
else the real ``https://<region>.iaas.cloud.ibm.com/v1``. The IAM endpoint likewise from
``IBMCLOUD_IAM_API_ENDPOINT`` or the file. The API key gets a token from IAM once and again
when it nears expiry.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import urllib.parse

API_VERSION = "2026-10-06"
TIMEOUT = 60


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, target: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.target = status, code, message, target


class ConfigError(Exception):
    pass


class ProviderError(ApiError):
    """A failure the provider reports before or without an API call (a data source given too
    little to look up), with the IBM provider's message and no API status."""
    STATUS = -1

    def __init__(self, message: str, target: str | None = None):
        super().__init__(self.STATUS, "provider_error", message, target)


def _first_env(*names: str) -> str | None:
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


DEFAULT_ENDPOINTS = {
    "IBMCLOUD_IS_NG_API_ENDPOINT": "https://{region}.iaas.cloud.ibm.com/v1",
    "IBMCLOUD_IAM_API_ENDPOINT": "https://iam.cloud.ibm.com",
    "IBMCLOUD_GT_API_ENDPOINT": "https://tags.global-search-tagging.cloud.ibm.com",
    "IBMCLOUD_RESOURCE_MANAGEMENT_API_ENDPOINT": "https://resource-controller.cloud.ibm.com",
    # The platform services served from their API tables (resources/platform/api_backed.py).
    "IBMCLOUD_CONTEXT_BASED_RESTRICTIONS_ENDPOINT": "https://cbr.cloud.ibm.com",
    "IBMCLOUD_RESOURCE_CONTROLLER_API_ENDPOINT": "https://resource-controller.cloud.ibm.com",
    "IBMCLOUD_PRIVATE_DNS_API_ENDPOINT": "https://api.dns-svcs.cloud.ibm.com/v1",
    "IBMCLOUD_TG_API_ENDPOINT": "https://transit.cloud.ibm.com/v1",
    "IBMCLOUD_USER_MANAGEMENT_ENDPOINT": "https://user-management.cloud.ibm.com",  # users (user_management.py)
    "IBMCLOUD_KP_API_ENDPOINT": "https://{region}.kms.cloud.ibm.com",  # Key Protect (resources/platform/kp_key.py)
    "IBMCLOUD_ATRACKER_API_ENDPOINT": "https://{region}.atracker.cloud.ibm.com",  # resources/platform/atracker.py
    # HPCS's Unified Key Orchestrator (resources/platform/hpcs_uko.py): the IBM provider asks the
    # HPCS broker for an instance's UKO endpoint unless IBMCLOUD_HPCS_UKO_URL names it
    "IBMCLOUD_HPCS_UKO_URL": "https://uko.{region}.hs-crypto.cloud.ibm.com:9549",
    "IBMCLOUD_RESOURCE_CATALOG_API_ENDPOINT": "https://globalcatalog.cloud.ibm.com",  # plan ids (api_types.py)
    # Cloud Object Storage (resources/platform/cos/bucket.py): S3 per bucket location, and the
    # resource configuration API
    "IBMCLOUD_COS_ENDPOINT": "https://s3.{region}.cloud-object-storage.appdomain.cloud",
    "IBMCLOUD_COS_CONFIG_ENDPOINT": "https://config.cloud-object-storage.cloud.ibm.com/v1",
}


def resolve_endpoints(region: str, visibility: str, endpoints_file: str | None) -> dict[str, str]:
    """The base URL of each service the provider calls, by the IBM provider's variable names:
    the environment first, then the endpoints file, then IBM Cloud's public endpoints."""
    found = {name: _first_env(name) for name in DEFAULT_ENDPOINTS}
    path = endpoints_file or _first_env("IBMCLOUD_ENDPOINTS_FILE_PATH", "IC_ENDPOINTS_FILE_PATH")
    if path and None in found.values():
        try:
            table = json.loads(open(path).read())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"endpoints file {path}: {exc}") from None
        where = "private" if visibility == "private" else "public"
        for name in found:
            found[name] = found[name] or (table.get(name) or {}).get(where, {}).get(region)
    urls = {name: (url or DEFAULT_ENDPOINTS[name].format(region=region)).rstrip("/") for name, url in found.items()}
    urls["IBMCLOUD_IAM_API_ENDPOINT"] = urls["IBMCLOUD_IAM_API_ENDPOINT"].removesuffix("/identity/token")
    return urls


class Client:
    def __init__(self, endpoints: dict[str, str], api_key: str | None, static_token: str | None = None,
                 timeout: float = TIMEOUT, region: str = "us-south"):
        self.vpc_url = endpoints["IBMCLOUD_IS_NG_API_ENDPOINT"]
        self.iam_url = endpoints["IBMCLOUD_IAM_API_ENDPOINT"]
        self.tags_url = endpoints["IBMCLOUD_GT_API_ENDPOINT"]
        self.resource_manager_url = endpoints["IBMCLOUD_RESOURCE_MANAGEMENT_API_ENDPOINT"]
        self.endpoints = dict(endpoints)  # every service's base URL, by the IBM provider's variable
        self.api_key = api_key
        self.region = region  # the provider's region (data sources that default to it)
        self.timeout = timeout
        self._token = static_token.removeprefix("Bearer ").strip() if static_token else None
        self._token_expires = float("inf") if static_token else 0.0
        self._refresh_token: str | None = None
        # Terraform reads and plans up to 10 resources at once: the first calls share one token
        # request instead of each asking IAM for its own.
        self._token_lock = threading.Lock()

    def _bearer(self) -> str:
        with self._token_lock:
            if self._token is None or time.time() > self._token_expires - 60:
                self._new_token()
            return self._token

    def _new_token(self) -> None:
        import urllib.request  # imported on first use by a cold provider (a template has it loaded)

        if not self.api_key:
            raise ConfigError("no ibmcloud_api_key (or IC_API_KEY / IBMCLOUD_API_KEY) is set")
        form = urllib.parse.urlencode({"grant_type": "urn:ibm:params:oauth:grant-type:apikey",
                                       "apikey": self.api_key, "response_type": "cloud_iam"}).encode()
        request = urllib.request.Request(f"{self.iam_url}/identity/token", data=form, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        answer, _ = self._send(request, iam=True)
        self._token, self._token_expires = answer["access_token"], float(answer["expiration"])
        self._refresh_token = answer.get("refresh_token")

    def tokens(self) -> tuple[str, str | None]:
        """(access, refresh) IAM tokens of the session; no refresh token for a static token."""
        access = self._bearer()
        return access, self._refresh_token

    def account(self) -> str | None:
        """The caller's account: the `account.bss` claim of the IAM token, where the IBM
        provider's BluemixUserDetails finds it; None for a token that is not an IAM one."""
        try:
            payload = self._bearer().split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            return claims["account"]["bss"]
        except (IndexError, ValueError, KeyError, TypeError):
            return None

    def call(self, method: str, path: str, body=None, *, params: dict | None = None,
             if_match: str | None = None, merge_patch: bool = False) -> tuple[dict, dict]:
        """(JSON body, headers) of a VPC API call; raises ApiError for non-2xx answers."""
        import urllib.request

        query = urllib.parse.urlencode({"version": API_VERSION, "generation": 2, **(params or {})})
        headers = {"Authorization": f"Bearer {self._bearer()}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/merge-patch+json" if merge_patch else "application/json"
        if if_match:
            headers["If-Match"] = if_match
        request = urllib.request.Request(f"{self.vpc_url}{path}?{query}", data=data, method=method, headers=headers)
        return self._send(request)

    def platform(self, method: str, url: str, body=None, params: dict | None = None) -> dict:
        """A call to a platform API (Resource Manager, IAM policies): JSON, no VPC version."""
        import urllib.request

        query = "?" + urllib.parse.urlencode(params) if params else ""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self._bearer()}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        answer, _ = self._send(urllib.request.Request(f"{url}{query}", data=data, method=method, headers=headers))
        return answer

    def service(self, endpoint: str, method: str, path: str, body=None, *, params: dict | None = None,
                if_match: str | None = None) -> tuple[dict, dict]:
        """(JSON body, headers) of a call to the platform service at `endpoint` (the IBM
        provider's variable naming its URL): JSON both ways, no VPC version; raises ApiError."""
        import urllib.request

        query = "?" + urllib.parse.urlencode(params) if params else ""
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self._bearer()}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if if_match:
            headers["If-Match"] = if_match
        request = urllib.request.Request(f"{self.endpoints[endpoint]}{path}{query}", data=data, method=method,
                                         headers=headers)
        return self._send(request)

    def tags(self, method: str, path: str, body=None, params: dict | None = None) -> dict:
        """A call to the Global Tagging API (`/v3/tags...`)."""
        import urllib.request

        query = "?" + urllib.parse.urlencode(params) if params else ""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.tags_url}/v3/tags{path}{query}", data=data, method=method, headers={
            "Authorization": f"Bearer {self._bearer()}", "Accept": "application/json",
            "Content-Type": "application/json"})
        answer, _ = self._send(request)
        return answer  # an attach or detach may answer 200 with `is_error` results: the caller judges

    def _send(self, request, iam: bool = False) -> tuple[dict, dict]:
        """(JSON body, headers); Terraform calls the provider from several threads at once, so
        nothing of a response is kept on the client."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                return (json.loads(raw) if raw else {}), dict(response.headers)
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = {}
            if iam:
                raise ApiError(exc.code, payload.get("errorCode", "iam_error"),
                               payload.get("errorMessage", raw.decode(errors="replace"))) from None
            error = (payload.get("errors") or [{}])[0]
            raise ApiError(exc.code, error.get("code", "unknown_error"), error.get("message", raw.decode(errors="replace")),
                           (error.get("target") or {}).get("name")) from None
        except urllib.error.URLError as exc:
            raise ApiError(0, "connection_failed", f"{request.full_url.split('?')[0]}: {exc.reason}") from None
