"""The ``vpcmock`` command line: clock moves, the env URL, serve's help."""

import json
import subprocess
import sys

import pytest

from vpcmock.cli import main


def run_main(capsys, *argv) -> tuple[object, str]:
    """(exit code, standard output) of ``vpcmock argv...`` run in this process (None: it returned)."""
    code = None
    try:
        main(list(argv))
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().out


def test_an_advance_beyond_any_date_is_one_clean_error_line(sim):
    result = subprocess.run([sys.executable, "-m", "vpcmock", "clock", "advance", "1000000000000d", "--url", sim.url],
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "vpcmock clock: advancing 1000000000000d would move the clock past 9000-01-01T00:00:00Z\n")
    assert sim.clock()["now"] == "2030-01-01T00:00:00Z"


def test_an_advance_short_of_overflow_but_past_the_limit_moves_nothing(sim, capsys):
    code, _ = run_main(capsys, "clock", "advance", "2700000d", "--url", sim.url)
    assert code == "vpcmock clock: advancing 2700000d would move the clock past 9000-01-01T00:00:00Z"
    assert sim.clock()["now"] == "2030-01-01T00:00:00Z"


def test_advancing_a_running_clock_by_zero_is_a_no_op(sim, capsys):
    sim.clock(frozen=False)
    code, out = run_main(capsys, "clock", "advance", "0s", "--url", sim.url)
    answer = json.loads(out)
    assert (code, answer["frozen"], answer["events"]) == (None, False, {})


def test_several_durations_are_summed(sim, capsys):
    code, out = run_main(capsys, "clock", "advance", "1d", "2h", "--url", sim.url)
    assert (code, json.loads(out)["now"]) == (None, "2030-01-02T02:00:00Z")


def test_set_takes_one_instant_only(sim, capsys):
    code, _ = run_main(capsys, "clock", "set", "2031-01-01T00:00:00Z", "2032-01-01T00:00:00Z", "--url", sim.url)
    assert code == "vpcmock clock: set takes one RFC 3339 instant, for example 2030-01-01T00:00:00Z"
    assert sim.clock()["now"] == "2030-01-01T00:00:00Z"


@pytest.mark.parametrize("url", ["notaurl", "ftp://127.0.0.1:8080", "http://", "http://127.0.0.1:99999",
                                 "http://127.0.0.1:8080/v1", "http://127.0.0.1:8080?x=1"])
def test_env_refuses_a_url_that_is_not_a_mocks_root(capsys, tmp_path, url):
    code, out = run_main(capsys, "env", "--url", url, "--dir", str(tmp_path))
    assert (code, out) == (f"vpcmock env: --url must be http(s)://host[:port], not {url!r}", "")


def test_env_takes_a_root_url_with_a_trailing_slash_as_the_root(capsys, tmp_path):
    code, out = run_main(capsys, "env", "--url", "http://127.0.0.1:8081/", "--dir", str(tmp_path))
    assert (code, "export VPCMOCK_URL=http://127.0.0.1:8081\n" in out) == (None, True)


def test_serve_help_describes_port_and_threads(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out = run_main(capsys, "serve", "--help")
    assert code == 0
    assert "--port PORT  " in out and "the port to listen on (default 8080; 0 picks a free port)" in out
    assert "--threads THREADS  " in out and "WSGI worker threads serving requests at once (default 8)" in out
