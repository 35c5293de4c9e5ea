"""Shared fixtures: a real mock server on loopback and the official ibm-vpc SDK pointed at it."""

from __future__ import annotations

import socket

import pytest
import requests
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_vpc import VpcV1

from vpcmock.config import Settings
from vpcmock.runtime import Runtime
from vpcmock.server import MockServer


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

    def __init__(self, url: str):
        self.url = url
        token = requests.post(f"{url}/identity/token", data={
            "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "test-key"}).json()["access_token"]
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
