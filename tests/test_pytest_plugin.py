"""The pytest plugin (vpcmock.pytest_plugin), run through pytest's own `pytester`."""

from __future__ import annotations

import shutil
from pathlib import Path

pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "pytest"


def test_each_test_gets_the_mock_as_the_session_found_it(pytester):
    pytester.makepyfile('''
        def test_first_makes_a_volume(vpcmock):
            vpcmock.vpc().create_volume({"name": "a", "capacity": 10, "profile": {"name": "sdp"},
                                         "zone": {"name": "us-south-1"}})
            assert vpcmock.state() == {"volumes": 1}

        def test_second_finds_none(vpcmock):
            assert vpcmock.state() == {}
    ''')
    pytester.runpytest("-p", "no:xdist").assert_outcomes(passed=2)


def test_the_marker_freezes_the_clock_at_now_even_before_the_session_began(pytester):
    pytester.makepyfile('''
        import pytest

        @pytest.mark.vpcmock(now="2020-06-01T00:00:00Z")
        def test_frozen(vpcmock):
            assert vpcmock.clock.now() == "2020-06-01T00:00:00Z"
            assert vpcmock.clock.advance("36h") == {}
            assert vpcmock.clock.now() == "2020-06-02T12:00:00Z"
    ''')
    pytester.runpytest("-p", "no:xdist").assert_outcomes(passed=1)


def test_a_test_can_start_from_a_named_snapshot(pytester):
    pytester.makeconftest('''
        import pytest

        @pytest.fixture(scope="session", autouse=True)
        def seeded(vpcmock_server):
            from vpcmock.pytest_plugin import VpcMock
            mock = VpcMock(vpcmock_server, None)
            mock.vpc().create_volume({"name": "seed", "capacity": 10, "profile": {"name": "sdp"},
                                      "zone": {"name": "us-south-1"}})
            mock.snapshot("seeded")
    ''')
    pytester.makepyfile('''
        import pytest

        @pytest.mark.vpcmock(snapshot="seeded")
        def test_seeded(vpcmock):
            names = [v["name"] for v in vpcmock.vpc().list_volumes().get_result()["volumes"]]
            assert names == ["seed"]
    ''')
    pytester.runpytest("-p", "no:xdist").assert_outcomes(passed=1)


def test_an_unknown_marker_option_is_a_usage_error(pytester):
    pytester.makepyfile('''
        import pytest

        @pytest.mark.vpcmock(snapshott="x")
        def test_typo(vpcmock):
            pass
    ''')
    result = pytester.runpytest("-p", "no:xdist")
    result.assert_outcomes(errors=1)
    result.stdout.re_match_lines([r".*unknown options \['snapshott'\].*"])


def test_under_xdist_each_worker_has_its_own_mock(pytester):
    pytester.makepyfile('''
        import pytest

        @pytest.mark.parametrize("n", range(4))
        def test_port(vpcmock, n, tmp_path_factory):
            import os
            worker = os.environ["PYTEST_XDIST_WORKER"]
            out = tmp_path_factory.getbasetemp().parent.parent / f"port-{worker}-{n}"
            out.write_text(vpcmock.url)
    ''')
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    urls = {}
    for path in Path(pytester.path).parent.rglob("port-gw*"):
        urls.setdefault(path.name.split("-")[1], set()).add(path.read_text())
    assert len(urls) == 2 and all(len(u) == 1 for u in urls.values())
    assert len(set.union(*urls.values())) == 2


def test_the_example_suite_passes_retry_and_retention(pytester):
    for name in ("test_retry_client.py", "test_retention.py"):
        shutil.copy(EXAMPLES / name, pytester.path / name)
    pytester.runpytest("-p", "no:xdist").assert_outcomes(passed=4)


def test_the_accounts_marker_sets_keys_and_roles_for_one_test_only(pytester):
    pytester.makepyfile('''
        import pytest
        from ibm_cloud_sdk_core import ApiException

        VOLUME = {"name": "v", "capacity": 10, "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"}}

        @pytest.mark.vpcmock(accounts={"accounts": {"0123456789abcdef0123456789abcdef": {
            "api_keys": {"viewer-key": "Viewer"}}}})
        def test_a_viewer_cannot_create(vpcmock):
            with pytest.raises(ApiException) as error:
                vpcmock.vpc("viewer-key").create_volume(VOLUME)
            assert error.value.status_code == 403

        def test_the_next_test_has_the_default_accounts_back(vpcmock):
            assert vpcmock.vpc("viewer-key").create_volume(VOLUME).get_status_code() == 201
    ''')
    pytester.runpytest("-p", "no:xdist", "-p", "no:randomly").assert_outcomes(passed=2)


def test_the_mock_can_run_as_a_vpcmock_serve_subprocess(pytester):
    pytester.makepyfile('''
        def test_served_by_another_process(vpcmock, vpcmock_server):
            assert vpcmock_server.process.poll() is None  # a `vpcmock serve` child, running
            volume = vpcmock.vpc().create_volume({"name": "v", "capacity": 10, "profile": {"name": "sdp"},
                                                 "zone": {"name": "us-south-1"}}).get_result()
            assert volume["name"] == "v"

        def test_restored_between_tests(vpcmock):
            assert vpcmock.vpc().list_volumes().get_result()["volumes"] == []
    ''')
    pytester.runpytest("-p", "no:xdist", "-p", "no:randomly", "--vpcmock-process", "subprocess").assert_outcomes(passed=2)
