"""Open connections: SDK clients keep pools of keep-alive connections to the mock; a thousand
idle ones do not stop it serving, and an idle one is closed after the idle timeout."""

from __future__ import annotations

import http.client
import resource

import pytest

from conftest import Http, start_server
from vpcmock.cli import main
from vpcmock.config import Settings
from vpcmock.connections import CONNECTION_LIMIT, IDLE_TIMEOUT, reserve_descriptors
from vpcmock.runtime import Runtime
from vpcmock.server import MockServer

IDLE = 1000


@pytest.fixture
def descriptors():
    """Room for both ends of IDLE connections in this process (the server runs in a thread)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 2 * IDLE + 512
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.skip(f"needs {needed} open files, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def kept_alive(server, path: str = "/mock/clock") -> http.client.HTTPConnection:
    """A connection that has been answered once and stays open, as a pool keeps it."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    return connection


def test_a_new_client_is_answered_while_a_thousand_idle_connections_are_open(descriptors):
    server = start_server(scheduler=False)
    idle = []
    try:
        idle = [kept_alive(server) for _ in range(IDLE)]
        listed = Http(server.url).call("GET", "/volumes")
        assert (listed.status_code, listed.json()["volumes"]) == (200, [])
    finally:
        for connection in idle:
            connection.close()
        server.close()


def test_an_idle_connection_is_closed_by_the_server_after_the_idle_timeout():
    server = MockServer(Runtime.open(Settings(scheduler=False)), port=0, idle_timeout=1).start()
    try:
        connection = kept_alive(server)
        connection.sock.settimeout(10)
        assert connection.sock.recv(1) == b""  # end of file: the server closed it
        connection.close()
    finally:
        server.close()


def test_the_pytest_plugins_mock_holds_as_many_connections_as_vpcmock_serve(vpcmock_server):
    assert (vpcmock_server.connection_limit, vpcmock_server.idle_timeout) == (CONNECTION_LIMIT, IDLE_TIMEOUT)


def test_serve_help_states_the_connection_limit_and_the_idle_timeout(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert " ".join(capsys.readouterr().out.split()).count(
        "holds up to 2048 connections open at once (SDK clients keep pools of them) and closes a connection "
        "idle for 120 s (it looks for idle ones every 30 s)") == 1


def test_the_open_files_limit_is_raised_as_far_as_the_connections_need():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048 + 128:
        pytest.skip(f"the hard limit on open files is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))  # a common default
    try:
        assert reserve_descriptors(2048) == 2048
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (2048 + 128, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_under_a_hard_limit_too_low_the_server_accepts_only_what_its_descriptors_allow(monkeypatch):
    monkeypatch.setattr(resource, "getrlimit", lambda which: (1024, 1024))
    monkeypatch.setattr(resource, "setrlimit", lambda which, limits: None)
    assert reserve_descriptors(2048) == 1024 - 128
