"""/openapi.json passes IBM's own API-definition ruleset (@ibm-cloud/openapi-ruleset, run with
Spectral's CLI) with no errors. Both come from the npm registry, pinned in
tools/openapi-lint/package.json and its lock file, and are installed into that folder
(`npm ci`, once per lock file); without node and npm the test skips and says how to get them.
The ruleset's warnings are counted and shown (a pytest warning in the run's summary), not
asserted. The platform services' exceptions (written by tools/openapi-lint/platform_exceptions.py)
are held to their scope: platform nodes of the document, and only the rules that flag a service's
own wire names and shapes."""

from __future__ import annotations

import collections
import fcntl
import hashlib
import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
import yaml

from vpcmock.config import Settings
from vpcmock.http.app import create_app
from vpcmock.http.openapi import document
from vpcmock.runtime import Runtime

LINT = Path(__file__).resolve().parent.parent / "tools" / "openapi-lint"
SPECTRAL = LINT / "node_modules" / ".bin" / "spectral"
STAMP = LINT / "node_modules" / ".vpcmock-installed"  # the hash of the lock file installed
NODE, NPM = shutil.which("node"), shutil.which("npm")

pytestmark = pytest.mark.skipif(not (NODE and NPM), reason="the OpenAPI ruleset test needs node and npm: "
                                "apt-get install nodejs npm (.ci/run does)")


def _install() -> None:
    """`npm ci` into tools/openapi-lint when what is there is not the lock file's (a lock held
    meanwhile, so two runs at once do not install over each other)."""
    wanted = hashlib.sha256((LINT / "package-lock.json").read_bytes()).hexdigest()
    with open(LINT / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if SPECTRAL.exists() and STAMP.exists() and STAMP.read_text() == wanted:
            return
        done = subprocess.run([NPM, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=LINT,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"npm ci in {LINT} failed:\n{done.stdout}\n{done.stderr}"
        STAMP.write_text(wanted)


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[dict]:
    _install()
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    app = create_app(Runtime.open(Settings(state_path=None, scheduler=False)))
    path.write_text(json.dumps(document(app)))
    done = subprocess.run([str(SPECTRAL), "lint", "--ruleset", str(LINT / ".spectral.yaml"), "--format", "json",
                           "--quiet", str(path)], cwd=LINT, capture_output=True, text=True, timeout=600)
    assert done.stdout.strip().startswith("["), f"spectral did not lint:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout)


def test_the_document_has_no_ruleset_errors(findings):
    errors = [f"{f['code']} at {'.'.join(map(str, f['path']))}: {f['message']}" for f in findings
              if f["severity"] == 0]
    warned = collections.Counter(f["code"] for f in findings if f["severity"] == 1)
    warnings.warn(f"IBM's OpenAPI ruleset: {len(errors)} errors, {sum(warned.values())} warnings "
                  f"({', '.join(f'{code} {n}' for code, n in warned.most_common())})", stacklevel=1)
    assert errors == []


def _platform_exceptions() -> dict[str, list[str]]:
    """rule -> the pointers the generated block of .spectral.yaml exempts from it."""
    import platform_exceptions as generated
    text = (LINT / ".spectral.yaml").read_text()
    assert generated.BEGIN in text and generated.END in text
    block = yaml.safe_load("overrides:\n" + text.partition(generated.BEGIN)[2].partition(generated.END)[0])
    found: dict[str, list[str]] = {}
    for override in block["overrides"]:
        assert list(override["rules"].values()) == ["off"]
        for rule in override["rules"]:
            found.setdefault(rule, []).extend(override["files"])
    return found


@pytest.fixture(scope="module")
def platform_exceptions():
    import sys
    sys.path.insert(0, str(LINT))
    try:
        import platform_exceptions as generated
        yield generated
    finally:
        sys.path.remove(str(LINT))


def test_the_platform_exceptions_are_only_for_the_services_wire_names_and_shapes(platform_exceptions):
    assert set(_platform_exceptions()) <= set(platform_exceptions.WIRE_RULES)


def test_each_platform_exception_names_a_node_of_a_platform_service(platform_exceptions):
    doc = document(create_app(Runtime.open(Settings(state_path=None, scheduler=False))))
    paths, schemas = platform_exceptions.platform_nodes(doc)
    nodes = {"**#/" + "/".join(platform_exceptions._escape(part) for part in ("paths", path)) for path in paths} | {
        "**#/" + "/".join(platform_exceptions._escape(part) for part in ("components", "schemas", name))
        for name in schemas}
    named = {pointer for pointers in _platform_exceptions().values() for pointer in pointers}
    assert named - nodes == set()  # (else: run tools/openapi-lint/platform_exceptions.py)
    assert len(named) > 50
