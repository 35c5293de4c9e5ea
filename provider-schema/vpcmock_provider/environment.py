"""``vpcmock env``: what a shell needs so that a real Terraform uses our provider, offline.

It writes a filesystem mirror that serves the provider as ``registry.terraform.io/ibm-cloud/ibm``
(and nothing else from the network: every other provider is refused), a CLI configuration
naming it, and prints the exports. The launcher in the mirror is a fixed ``/bin/sh`` script
that runs ``$VPCMOCK_PYTHON -m vpcmock_provider.plugin``: byte-identical everywhere, so the
``h1:`` hash a lock file records is the same on every machine.

The provider claims version 1.87.0 of IBM-Cloud/ibm: IBM modules declare lower bounds such as
``>= 1.49.0`` or ``>= 1.79.0, < 2.0.0``, which it satisfies.
"""

from __future__ import annotations

import os
import platform
import shlex
import sys
from pathlib import Path

PROVIDER_VERSION = "1.87.0"
SOURCE = "registry.terraform.io/ibm-cloud/ibm"
LAUNCHER = '#!/bin/sh\nexec "${VPCMOCK_PYTHON:-python3}" -m vpcmock_provider.plugin "$@"\n'


def platform_dir() -> str:
    machine = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
    return f"{sys.platform if sys.platform != 'linux' else 'linux'}_{machine}"


def write_mirror(root: Path) -> Path:
    """Create (or refresh) the mirror and CLI configuration under `root`; answers the config path."""
    root = root.resolve()
    binary = root / "mirror" / SOURCE / PROVIDER_VERSION / platform_dir() / f"terraform-provider-ibm_v{PROVIDER_VERSION}"
    binary.parent.mkdir(parents=True, exist_ok=True)
    if not binary.exists() or binary.read_text() != LAUNCHER:
        binary.write_text(LAUNCHER)
    binary.chmod(0o755)
    config = root / "terraformrc"
    config.write_text(
        "provider_installation {\n"
        f"  filesystem_mirror {{\n    path    = \"{root / 'mirror'}\"\n    include = [\"{SOURCE}\"]\n  }}\n"
        "}\n"
        "plugin_cache_dir = \"\"\n")
    return config


def exports(url: str, root: Path) -> dict[str, str]:
    config = write_mirror(root)
    bin_dir = str(Path(sys.executable).parent)
    return {
        "VPCMOCK_URL": url.rstrip("/"),  # what `vpcmock clock` and other admin calls use
        "TF_CLI_CONFIG_FILE": str(config),
        "CHECKPOINT_DISABLE": "1",
        "IBMCLOUD_IS_NG_API_ENDPOINT": f"{url.rstrip('/')}/v1",
        "IBMCLOUD_IAM_API_ENDPOINT": url.rstrip("/"),
        "IBMCLOUD_GT_API_ENDPOINT": url.rstrip("/"),
        "IC_API_KEY": os.environ.get("IC_API_KEY") or "vpcmock-api-key",
        "VPCMOCK_PYTHON": sys.executable,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "") if bin_dir not in os.environ.get("PATH", "").split(
            os.pathsep) else os.environ["PATH"],
    }


def render(values: dict[str, str]) -> str:
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in values.items())
