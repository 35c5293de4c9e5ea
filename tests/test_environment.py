"""`vpcmock env`: the exports that point a shell's Terraform at the mock, offline."""

import json
import os
import subprocess
import sys
from pathlib import Path

from vpcmock_provider.environment import LAUNCHER, PROVIDER_VERSION, SOURCE, exports, platform_dir

VPCMOCK = Path(sys.executable).parent / "vpcmock"
TERRAFORM = Path(sys.executable).parent / "terraform"


def test_env_prints_exports_a_shell_can_evaluate(tmp_path):
    printed = subprocess.run([str(VPCMOCK), "env", "--url", "http://127.0.0.1:9999", "--dir", str(tmp_path / "tf")],
                             capture_output=True, text=True, check=True).stdout
    shell = subprocess.run(["sh", "-c", f'{printed}\nenv'], capture_output=True, text=True, check=True).stdout
    seen = dict(line.split("=", 1) for line in shell.splitlines() if "=" in line)
    assert "IBMCLOUD_IS_NG_API_ENDPOINT" not in seen  # it would send every region to one endpoint
    endpoints = json.loads(Path(seen["IBMCLOUD_ENDPOINTS_FILE_PATH"]).read_text())
    assert endpoints["IBMCLOUD_IS_NG_API_ENDPOINT"]["public"]["eu-de"] == "http://127.0.0.1:9999/eu-de/v1"
    assert endpoints["IBMCLOUD_IS_NG_API_ENDPOINT"]["private"]["us-south"] == "http://127.0.0.1:9999/us-south/v1"
    assert seen["IBMCLOUD_IAM_API_ENDPOINT"] == "http://127.0.0.1:9999"
    assert seen["CHECKPOINT_DISABLE"] == "1"
    assert seen["TF_CLI_CONFIG_FILE"] == str((tmp_path / "tf" / "terraformrc").resolve())
    assert seen["IC_API_KEY"]
    assert seen["VPCMOCK_URL"] == "http://127.0.0.1:9999"


def test_vpcmock_clock_after_env_reaches_the_mock_env_named(tmp_path):
    from conftest import start_server
    server = start_server(scheduler=False)
    try:
        printed = subprocess.run([str(VPCMOCK), "env", "--url", server.url, "--dir", str(tmp_path / "tf")],
                                 capture_output=True, text=True, check=True).stdout
        shown = subprocess.run(["sh", "-c", f"{printed}\n{VPCMOCK} clock freeze"], capture_output=True, text=True,
                               check=True).stdout
        assert '"frozen": true' in shown
        assert server.runtime.clock.frozen
    finally:
        server.close()


def test_a_second_server_on_a_busy_port_says_so_in_one_line(tmp_path):
    from conftest import start_server
    server = start_server(scheduler=False)
    try:
        result = subprocess.run([str(VPCMOCK), "serve", "--in-memory", "--port", str(server.port)],
                                capture_output=True, text=True, timeout=60)
    finally:
        server.close()
    assert result.returncode == 1
    assert result.stderr == (f"vpcmock: 127.0.0.1:{server.port} is already in use (another vpcmock?); serve on "
                             "another port with --port (make run PORT=8081)\n")


def test_serve_names_the_console_the_api_docs_and_the_openapi_document_as_it_starts():
    process = subprocess.Popen([str(VPCMOCK), "serve", "--in-memory", "--port", "0", "--no-scheduler"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = process.stdout.readline().split(" serving ")[1].split()[0]  # once it listens
    finally:
        process.terminate()
    (second, *_) = process.stdout.read().splitlines() or [""]  # all it wrote, up to its exit
    process.wait(timeout=30)
    assert second == f"  console {url}/console, API docs {url}/docs, OpenAPI {url}/openapi.json"


def test_the_mirror_holds_one_launcher_for_the_ibm_provider(tmp_path):
    exports("http://127.0.0.1:9999", tmp_path)
    launcher = (tmp_path / "mirror" / SOURCE / PROVIDER_VERSION / platform_dir()
                / f"terraform-provider-ibm_v{PROVIDER_VERSION}")
    assert launcher.read_text() == LAUNCHER
    assert os.access(launcher, os.X_OK)


def test_terraform_refuses_any_other_provider_rather_than_reaching_the_network(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path / "home"), **exports("http://127.0.0.1:9999", tmp_path / "tf")}
    work = tmp_path / "work"
    work.mkdir()
    (work / "main.tf").write_text('terraform {\n  required_providers {\n    null = { source = "hashicorp/null" }\n'
                                  '  }\n}\n')
    result = subprocess.run([str(TERRAFORM), f"-chdir={work}", "init", "-no-color"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "provider registry.terraform.io/hashicorp/null was not found\nin any of the search locations" \
        in result.stderr


def test_env_points_the_ibm_provider_and_each_sdk_at_the_platform_services(tmp_path):
    """Every platform service the generic engine serves has its IBM provider endpoint variable
    (in the endpoints file, every region, and exported) and an SDK URL, under the mock's root."""
    url = "http://127.0.0.1:9999"
    seen = exports(url, tmp_path / "tf")
    endpoints = json.loads(Path(seen["IBMCLOUD_ENDPOINTS_FILE_PATH"]).read_text())
    expected = {"IBMCLOUD_CONTEXT_BASED_RESTRICTIONS_ENDPOINT": f"{url}/cbr",
                "IBMCLOUD_RESOURCE_CONTROLLER_API_ENDPOINT": f"{url}/resource-controller",
                "IBMCLOUD_PRIVATE_DNS_API_ENDPOINT": f"{url}/dns-svcs/v1",
                "IBMCLOUD_TG_API_ENDPOINT": f"{url}/transit/v1",
                "IBMCLOUD_IAM_API_ENDPOINT": url}  # IAM Identity and Access Groups answer at the root too
    for name, endpoint in expected.items():
        assert seen[name] == endpoint
        for visibility in ("public", "private"):
            assert set(endpoints[name][visibility].values()) == {endpoint}
            assert "eu-de" in endpoints[name][visibility]
    assert seen["VPCMOCK_CBR_URL"] == f"{url}/cbr"
    assert seen["VPCMOCK_RESOURCE_CONTROLLER_URL"] == f"{url}/resource-controller"
    assert seen["VPCMOCK_IAM_URL"] == url
    assert seen["VPCMOCK_DNS_SVCS_URL"] == f"{url}/dns-svcs/v1"
    assert seen["VPCMOCK_TRANSIT_GATEWAY_URL"] == f"{url}/transit/v1"
