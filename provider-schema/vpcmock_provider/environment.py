"""``vpcmock env``: what a shell needs so that a real Terraform uses our provider, offline.

It writes a filesystem mirror that serves the provider as ``registry.terraform.io/ibm-cloud/ibm``
(and nothing else from the network: every other provider is refused), a CLI configuration
naming it, and prints the exports. The launcher in the mirror is a fixed ``/bin/sh`` script
that runs ``$VPCMOCK_PYTHON -m vpcmock_provider.plugin``: byte-identical everywhere, so the
``h1:`` hash a lock file records is the same on every machine. ``VPCMOCK_PYTHON`` is a
wrapper beside the mirror (write_python) that runs the Perl relay or the plugin's file.

The mirror offers the one provider under every released version of IBM-Cloud/ibm
(``ibm_provider_versions.txt``, 1.0.0 to 2.5.0), so any constraint a module declares (an exact
pin such as ``"1.63.0"``, ``"~> 1.84.3"``, ``">= 2.1.0, < 3.0.0"``) resolves offline and
``terraform init`` writes its lock file as usual. Whatever version is chosen, the schema and
behaviour served are those of IBM provider 2.5.0 (``SCHEMA_VERSION``).
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
from pathlib import Path

VERSIONS = tuple((Path(__file__).parent / "ibm_provider_versions.txt").read_text().split())
SCHEMA_VERSION = "2.5.0"  # the IBM provider release whose schemas are served, whatever the pin
PROVIDER_VERSION = VERSIONS[-1]  # what an unconstrained `required_providers` gets
SOURCE = "registry.terraform.io/ibm-cloud/ibm"
LAUNCHER = '#!/bin/sh\nexec "${VPCMOCK_PYTHON:-python3}" -m vpcmock_provider.plugin "$@"\n'


def platform_dir() -> str:
    machine = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine(), platform.machine())
    return f"{sys.platform if sys.platform != 'linux' else 'linux'}_{machine}"


def write_mirror(root: Path) -> Path:
    """Create (or refresh) the mirror and CLI configuration under `root`; answers the config path."""
    root = root.resolve()
    for version in VERSIONS:
        _write_executable(root / "mirror" / SOURCE / version / platform_dir() / f"terraform-provider-ibm_v{version}",
                          LAUNCHER)
    config = root / "terraformrc"
    config.write_text(
        "provider_installation {\n"
        f"  filesystem_mirror {{\n    path    = \"{root / 'mirror'}\"\n    include = [\"{SOURCE}\"]\n  }}\n"
        "}\n"
        "plugin_cache_dir = \"\"\n")
    return config


def write_python(root: Path, perl: str | None = "") -> Path:
    """The Python the launcher runs (VPCMOCK_PYTHON): this one, started without the `site`
    module, with the provider's package on its path. A provider start only needs the standard
    library to reach the warm template, and `site` (with setuptools' finder for an editable
    install) costs about 9 ms of each of the three or four starts of a command. A cold start
    (no template) runs `site` itself before importing gRPC (plugin.py). Beside the mirror,
    not in it, so the launcher and the lock-file hash stay the same.

    On Linux with Perl (`perl`, found on PATH unless given; None for none), a provider start
    runs relay.pl instead, which reaches the template in a fraction of Python's start-up and
    falls back to the Python launcher."""
    import shutil

    import vpcmock_provider

    package = Path(vpcmock_provider.__file__).resolve().parent
    python, path = shlex.quote(sys.executable), shlex.quote(str(package.parent))
    plugin = shlex.quote(str(package / "plugin.py"))
    perl = shutil.which("perl") if perl == "" else perl
    relay = ""
    if perl and os.path.exists("/proc/self/environ"):
        perl, script = shlex.quote(perl), shlex.quote(str(package / "relay.pl"))
        relay = f'  [ -x {perl} ] && exec {perl} {script} {python} {path} {plugin} "$@"\n'
    wrapper = root.resolve() / "python"
    # The launcher's `-m vpcmock_provider.plugin` becomes the plugin's file: `-m` imports runpy
    # and importlib.util first (about 4 ms).
    text = ("#!/bin/sh\n"
            'if [ "$1" = -m ] && [ "$2" = vpcmock_provider.plugin ]; then\n'
            f"  shift 2\n{relay}  PYTHONPATH={path} exec {python} -S {plugin} \"$@\"\n"
            "fi\n"
            f'PYTHONPATH={path} exec {python} -S "$@"\n')
    _write_executable(wrapper, text)
    return wrapper


def _write_executable(path: Path, text: str) -> None:
    """Write a script (left as it is when it already holds `text`, so a mirror in use is not
    rewritten)."""
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o755)


def write_endpoints(root: Path, url: str) -> Path:
    """The endpoints file both the IBM provider and ours read (IBMCLOUD_ENDPOINTS_FILE_PATH):
    each region's VPC endpoint is the mock's /<region>/v1, so `provider "ibm" { region = ... }`
    and provider aliases in several regions each reach their own region. (The single
    IBMCLOUD_IS_NG_API_ENDPOINT variable would send every region to one endpoint.)"""
    from vpcmock.catalog import REGIONS

    services = {"IBMCLOUD_IS_NG_API_ENDPOINT": {region: f"{url}/{region}/v1" for region in REGIONS},
                "IBMCLOUD_IAM_API_ENDPOINT": {region: url for region in REGIONS},
                "IBMCLOUD_GT_API_ENDPOINT": {region: url for region in REGIONS},
                "IBMCLOUD_RESOURCE_MANAGEMENT_API_ENDPOINT": {region: url for region in REGIONS}}
    from vpcmock.engine.platform.cos.buckets import LOCATIONS as COS_LOCATIONS

    for name, endpoint in platform_endpoints(url).items():
        # COS's keys are looked up by bucket location (`us`, `ams03`, ...), the others by region
        where = sorted(set(REGIONS) | COS_LOCATIONS) if name.startswith("IBMCLOUD_COS_") else REGIONS
        services.setdefault(name, {region: endpoint for region in where})
    path = root.resolve() / "endpoints.json"
    path.write_text(json.dumps({name: {"public": table, "private": table} for name, table in services.items()},
                               indent=2) + "\n")
    return path


def platform_endpoints(url: str) -> dict[str, str]:
    """The IBM provider's endpoint variable of each platform service the generic engine serves
    (context-based restrictions, Resource Controller, DNS Services, Transit Gateway; IAM's is
    the root, above) -> where the mock serves it: `<mock>/<prefix>` and the base path its
    SDK's URL carries (backend/vpcmock/engine/generic/service.py, http/routes/platform_generic.py)."""
    from vpcmock.engine.generic import service
    from vpcmock.http.routes.platform import key_protect

    found = {spec.env: service.sdk_url(url, name) for name, spec in service.SERVICES.items()
             if spec.env != "IBMCLOUD_IAM_API_ENDPOINT"}
    found[key_protect.ENV] = url.rstrip("/") + key_protect.MOUNT  # Key Protect: `<mock>/kms`, its SDK's URL too
    from vpcmock.http.routes.platform import global_catalog
    found[global_catalog.ENV] = url.rstrip("/") + global_catalog.MOUNT  # Global Catalog (its SDK's URL adds /api/v1)
    from vpcmock.http.routes.platform.cos import config as cos_config, s3 as cos_s3
    found["IBMCLOUD_COS_ENDPOINT"] = url.rstrip("/") + cos_s3.MOUNT  # COS's S3 API, path-style: `<mock>/cos`
    found["IBMCLOUD_COS_CONFIG_ENDPOINT"] = url.rstrip("/") + cos_config.MOUNT  # `<mock>/cos-config/v1`
    return found


def sdk_urls(url: str) -> dict[str, str]:
    """`VPCMOCK_<SERVICE>_URL`: the service URL each official SDK client sets to reach the mock
    (`ContextBasedRestrictionsV1.set_service_url(os.environ["VPCMOCK_CBR_URL"])`)."""
    from vpcmock.engine.generic import service

    names = {"context_based_restrictions": "CBR", "iam_access_groups": None, "iam_identity": "IAM"}
    found = {}
    for name in service.SERVICES:
        short = names.get(name, name.upper())
        if short:
            found[f"VPCMOCK_{short}_URL"] = url if name == "iam_identity" else service.sdk_url(url, name)
    from vpcmock.http.routes.platform import key_protect
    found["VPCMOCK_KP_URL"] = url.rstrip("/") + key_protect.MOUNT  # IbmKeyProtectApiV2.set_service_url
    from vpcmock.http.routes.platform import global_catalog
    found["VPCMOCK_GLOBAL_CATALOG_URL"] = url.rstrip("/") + global_catalog.MOUNT + "/api/v1"  # GlobalCatalogV1
    from vpcmock.http.routes.platform.cos import config as cos_config, s3 as cos_s3
    found["VPCMOCK_COS_URL"] = url.rstrip("/") + cos_s3.MOUNT  # ibm_boto3.client("s3", endpoint_url=...)
    found["VPCMOCK_COS_CONFIG_URL"] = url.rstrip("/") + cos_config.MOUNT  # ResourceConfigurationV1.set_service_url
    return found


def exports(url: str, root: Path, private: bool = False) -> dict[str, str]:
    """With `private`, every API endpoint is the mock's private one, `<mock>/private`
    (`vpcmock env --private`; backend/vpcmock/http/endpoints.py): requests count as made over
    IBM's private network, as context-based restrictions' `endpointType` tells them apart."""
    from vpcmock_provider.plugin import TEMPLATE_VARIABLE
    from vpcmock_provider.template import socket_path
    from vpcmock.http.endpoints import PREFIX

    url = url.rstrip("/")
    api = url + PREFIX if private else url  # where clients send API calls
    config = write_mirror(root)
    bin_dir = str(Path(sys.executable).parent)
    return {
        "VPCMOCK_URL": url,  # what `vpcmock clock` and other admin calls use
        "VPCMOCK_API_URL": api,  # the root of every API's service URL (`<VPCMOCK_API_URL>/v1` for the VPC SDK)
        "TF_CLI_CONFIG_FILE": str(config),
        "CHECKPOINT_DISABLE": "1",
        "IBMCLOUD_ENDPOINTS_FILE_PATH": str(write_endpoints(root, api)),
        "IBMCLOUD_IAM_API_ENDPOINT": api,
        "IBMCLOUD_GT_API_ENDPOINT": api,
        "IBMCLOUD_RESOURCE_MANAGEMENT_API_ENDPOINT": api,  # Resource Manager (/v2/resource_groups)
        **platform_endpoints(api),  # CBR, Resource Controller, DNS Services, Transit Gateway
        **sdk_urls(api),
        "IC_API_KEY": os.environ.get("IC_API_KEY") or "vpcmock-api-key",
        # Where the warm provider template beside the mock listens (template.py); providers
        # start cold when none does.
        TEMPLATE_VARIABLE: socket_path(url),
        "VPCMOCK_PYTHON": str(write_python(root)),
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "") if bin_dir not in os.environ.get("PATH", "").split(
            os.pathsep) else os.environ["PATH"],
    }


def render(values: dict[str, str]) -> str:
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in values.items())
