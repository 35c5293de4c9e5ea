"""The provider process Terraform starts (the mirror's launcher runs ``python -m vpcmock_provider.plugin``).

Terraform starts its provider three or four times per command, and a cold start (Python,
gRPC, protobuf, 490 resource declarations, the schema) costs over 150 ms. So this module
imports almost nothing: when a warm template runs for the mock (template.py, named by
``VPCMOCK_PROVIDER_TEMPLATE``, which ``vpcmock env`` exports), it hands the template its
standard streams, environment and working directory, and the template gives it a ready
provider (forked ahead of time) that speaks to Terraform on them. On Linux with Perl,
``vpcmock env``'s launcher runs relay.pl for that instead (it starts faster), which comes
here only when it got no provider. This process stays as the one Terraform started: it ends
when that provider ends, with its exit status, and if Terraform kills it the provider is
killed too. Without a template, or when none answers, the provider starts here, cold.
"""

from __future__ import annotations

import _signal  # not `signal`, which imports `enum`: this runs on every provider start
import os
import sys

TEMPLATE_VARIABLE = "VPCMOCK_PROVIDER_TEMPLATE"


def main() -> None:
    if os.environ.get("TF_PLUGIN_MAGIC_COOKIE") is None:
        sys.exit("This is a Terraform provider: Terraform runs it (see `vpcmock env`).")
    # Ctrl-C reaches the whole process group. Like go-plugin providers, ignore it: Terraform
    # handles the interrupt, lets the operations in flight finish and records them in its
    # state, then shuts the provider down (Controller.Shutdown).
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    path = os.environ.get(TEMPLATE_VARIABLE)
    if path:
        from vpcmock_provider.template_client import relay

        status = relay(path)
        if status is not None:
            os._exit(status)
    if sys.flags.no_site:  # started by `vpcmock env`'s python -S wrapper: the cold path needs site-packages
        import site

        site.main()
    from vpcmock_provider.grpc_server import serve

    serve()
    # Terraform waits for this process to end: skip the interpreter's teardown of gRPC and
    # thousands of objects, which is all that is left.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    if os.path.dirname(os.path.abspath(__file__)) == os.path.abspath(sys.path[0]):
        del sys.path[0]  # run as a file (vpcmock env's python): its folder is no top-level package
    main()
