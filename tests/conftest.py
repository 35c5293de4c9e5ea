"""Shared fixtures: a real mock server on loopback and the official ibm-vpc SDK pointed at it."""

from __future__ import annotations

import socket

import pytest
import requests
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_vpc import VpcV1

from vpcmock.config import Settings
from vpcmock.runtime import Runtime
from vpcmock.server import MockServer
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue


def start_server(state_path=None, **settings) -> MockServer:
    return MockServer(Runtime.open(Settings(state_path=state_path, **settings)), port=0).start()


def sdk_client(url: str, api_key: str = "test-key", region_path: str = "/v1") -> VpcV1:
    service = VpcV1(authenticator=IAMAuthenticator(api_key, url=url))
    service.set_service_url(url + region_path)
    return service


@pytest.fixture(scope="module")
def server():
    srv = start_server()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def quiet_server():
    """A mock for the module that runs nothing in the background (no scheduler)."""
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture
def mock(server):
    """A server emptied before each test."""
    requests.post(f"{server.url}/mock/reset").raise_for_status()
    return server


@pytest.fixture
def vpc(mock) -> VpcV1:
    return sdk_client(mock.url)


class Http:
    """Plain HTTP with a valid token, for what the SDK will not send (bad input, raw headers)."""

    def __init__(self, url: str, api_key: str = "test-key"):
        self.url = url
        token = requests.post(f"{url}/identity/token", data={
            "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": api_key}).json()["access_token"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, body=None, *, params=None, headers=None, prefix="/v1"):
        query = {"version": "2026-10-06", "generation": "2", **(params or {})}
        return self.session.request(method, f"{self.url}{prefix}{path}", params=query, json=body, headers=headers)


@pytest.fixture
def http(mock) -> Http:
    return Http(mock.url)


def api_error(exc) -> tuple[int, str]:
    """(status, first error code) of an SDK ApiException."""
    return exc.status_code, exc.http_response.json()["errors"][0]["code"]


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- the engine: a fresh server per test with the clock frozen at a known instant --------------

EPOCH = "2030-01-01T00:00:00Z"  # a Tuesday


class Sim(Http):
    """A mock whose clock the test moves, with shorthands for the resources backups act on."""

    def __init__(self, server: MockServer, api_key: str = "test-key", *, set_clock: bool = True):
        super().__init__(server.url, api_key)
        self.server = server
        if set_clock:
            self.clock(to=EPOCH, frozen=True)

    def as_key(self, api_key: str) -> "Sim":
        """The same mock, called with another API key's token."""
        return Sim(self.server, api_key, set_clock=False)

    def clock(self, **body) -> dict:
        response = requests.post(f"{self.url}/mock/clock", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, seconds: float) -> dict:
        return self.clock(advance_seconds=seconds)

    def ok(self, method: str, path: str, body=None, *, region: str | None = None, **params) -> dict:
        response = self.call(method, path, body, params=params, prefix=f"/{region}/v1" if region else "/v1")
        assert response.status_code < 300, response.text
        return response.json() if response.content else {}

    def instance(self, name: str = "vsi", data=(), tags=(), boot_profile: str = "general-purpose") -> dict:
        """A running instance with a boot volume and `data` volumes ((profile, capacity) pairs),
        tagged through the tagging API."""
        body = {"name": name, "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"}, "image": {"id": UBUNTU},
                "boot_volume_attachment": {"volume": {"name": f"{name}-boot", "profile": {"name": boot_profile}}},
                "volume_attachments": [{"volume": {"name": f"{name}-{n}", "capacity": capacity,
                                                   "profile": {"name": profile}}}
                                       for n, (profile, capacity) in enumerate(data)]}
        created = self.ok("POST", "/instances", body)
        if tags:
            requests.post(f"{self.url}/v3/tags/attach", headers=self.session.headers,
                          json={"resources": [{"resource_id": created["crn"]}], "tag_names": list(tags)}
                          ).raise_for_status()
        return created

    def admin(self, method: str, path: str, body=None) -> dict:
        response = requests.request(method, f"{self.url}/mock{path}", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def write(self, volume_id: str, **body) -> dict:
        return self.admin("POST", f"/volumes/{volume_id}/writes", body)

    def blocks(self, volume_id: str) -> dict:
        return self.admin("GET", f"/volumes/{volume_id}/blocks")["blocks"]

    def snapshot_blocks(self, snapshot_id: str) -> dict:
        return self.admin("GET", f"/snapshots/{snapshot_id}/blocks")["blocks"]

    def volume(self, name: str, tags=(), profile: str = "sdp", capacity: int = 100, zone: str = "us-south-1") -> dict:
        return self.ok("POST", "/volumes", {"name": name, "capacity": capacity, "profile": {"name": profile},
                                            "zone": {"name": zone}, "user_tags": list(tags)})

    def policy(self, tags, *, resource_type: str = "volume", name: str = "policy", **extra) -> dict:
        return self.ok("POST", "/backup_policies", {"name": name, "match_resource_type": resource_type,
                                                    "match_user_tags": list(tags), **extra})

    def plan(self, policy: dict, cron: str, *, name: str = "plan", active: bool = True, **extra) -> dict:
        return self.ok("POST", f"/backup_policies/{policy['id']}/plans",
                       {"name": name, "cron_spec": cron, "active": active, **extra})

    def collect(self, path: str, key: str, *, region: str | None = None, **params) -> list[dict]:
        """Every item of a collection, following `next`."""
        items, start = [], None
        while True:
            page = self.ok("GET", path, region=region, limit=100, **params, **({"start": start} if start else {}))
            items += page[key]
            if "next" not in page:
                return items
            start = page["next"]["href"].split("start=")[1].split("&")[0]

    def snapshots(self, *, region: str | None = None, **filters) -> list[dict]:
        return self.collect("/snapshots", "snapshots", region=region, **filters)

    def jobs(self, policy: dict, **filters) -> list[dict]:
        return self.collect(f"/backup_policies/{policy['id']}/jobs", "jobs", **filters)

    def simulation(self, snapshot_id: str) -> dict:
        return requests.get(f"{self.url}/mock/snapshots/{snapshot_id}").json()


@pytest.fixture
def sim():
    server = start_server(scheduler=False)
    yield Sim(server)
    server.close()


def sdk_error(call) -> tuple[int, str, str | None]:
    """(status, code, target name) of the first error an SDK call is refused with."""
    with pytest.raises(ApiException) as raised:
        call()
    first = raised.value.http_response.json()["errors"][0]
    return raised.value.status_code, first["code"], (first.get("target") or {}).get("name")


@pytest.fixture
def subnet(vpc):
    """A new VPC's subnet 10.240.0.0/24 in us-south-1."""
    created = vpc.create_vpc(name="net").get_result()
    return vpc.create_subnet({"name": "net-1", "vpc": {"id": created["id"]}, "zone": {"name": "us-south-1"},
                              "ipv4_cidr_block": "10.240.0.0/24"}).get_result()
