"""What the Terraform test modules share: a configuration applied with the real Terraform and our
provider against a module's mock (test_terraform.mock_server), and what the state then holds."""

from __future__ import annotations

import os

import requests

from vpcmock.pytest_plugin import Terraform
from vpcmock_provider.environment import exports


def write_config(tf: Terraform, body: str) -> None:
    (tf.workdir / "main.tf").write_text(
        'terraform {\n  required_providers {\n    ibm = { source = "IBM-Cloud/ibm" }\n  }\n}\n' + body)


def applied(mock_server, tmp_path_factory, name: str, config: str, *, clock: dict | None = None,
            reset: bool = True) -> Terraform:
    """`config` applied in a directory of its own (`name`), on the mock emptied first (unless not
    `reset`; its clock set by `clock`, a /mock/clock body, when given): the Terraform, with
    `.mock` and `.env`."""
    if reset:
        requests.post(f"{mock_server.url}/mock/reset").raise_for_status()
    if clock is not None:
        requests.post(f"{mock_server.url}/mock/clock", json=clock).raise_for_status()
    tmp = tmp_path_factory.mktemp(name)
    env = {**os.environ, "HOME": str(tmp / "home"), **exports(mock_server.url, tmp / "tf")}
    env.pop("TF_DATA_DIR", None)
    work = tmp / "work"
    work.mkdir()
    terraform = Terraform(work, env, timeout=300)
    terraform.mock, terraform.env = mock_server, env
    write_config(terraform, config)
    terraform.run("init")
    terraform.run("apply", "-auto-approve")
    return terraform


def managed(tf: Terraform) -> dict[str, dict]:
    """The managed resources of the state by address, their values."""
    return {r["address"]: r["values"] for r in tf.resources() if r["mode"] == "managed"}


def stored_types(tf: Terraform) -> set[str]:
    """The types the mock keeps as stored resources (behind /stored_resources)."""
    records = requests.get(f"{tf.mock.url}/mock/state", params={"table": "stored_resources"}).json()
    docs = records.get("documents", records)
    return {d.get("type") for d in (docs.values() if isinstance(docs, dict) else docs) if isinstance(d, dict)}
