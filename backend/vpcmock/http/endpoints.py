"""Public and private endpoints: the mock serves every API twice, at its root (the public
endpoint) and under `/private` (the private one), so a request has an endpoint type that
context-based restrictions can require (`endpointType` in a rule's context).

IBM serves private endpoints on hosts of their own (`<region>.private.iaas.cloud.ibm.com` for
the VPC API, `private.iam.cloud.ibm.com`, `private.cbr.cloud.ibm.com`, ...). Hosts of its own
would need name resolution set up on the user's machine, so the mock uses a path prefix: any client
reaches the private endpoint by putting `/private` after the mock's root in its service URL
(`<mock>/private/us-south/v1` for the VPC SDK). This middleware strips the prefix before
routing (so every route, IAM token included, is served there unchanged), moves it to
SCRIPT_NAME (pagination links a private request gets stay private) and marks the request
(ENDPOINT_TYPE in the WSGI environ). The `href`s of answers name the public endpoint (they are
the resources' own, whichever endpoint is asked). `vpcmock env --private` points every client
at it, the whole endpoints file it writes included (both of its tables, so the IBM provider
reaches it whatever its `visibility`).
"""

from __future__ import annotations

PREFIX = "/private"
ENDPOINT_TYPE = "vpcmock.endpoint_type"


class PrivateEndpoints:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            environ["PATH_INFO"] = path[len(PREFIX):] or "/"
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + PREFIX
            environ[ENDPOINT_TYPE] = "private"
        else:
            environ[ENDPOINT_TYPE] = "public"
        return self.app(environ, start_response)


def endpoint_type(environ) -> str:
    return environ.get(ENDPOINT_TYPE, "public")
