"""``GET /``: what this mock serves and where, for a person or a tool finding its way in."""

import os

from flask import Blueprint, Response, abort, current_app, request

from vpcmock import __version__
from vpcmock.catalog import REGIONS
from vpcmock.http.common import packaged_file, respond, runtime
from vpcmock.http.schemas import admin as shapes
from vpcmock.timeutil import rfc3339

bp = Blueprint("index", __name__)

API_VERSION = "2026-10-06"


@bp.get("/")
def index():
    """Retrieve what this mock serves and where."""
    rt = runtime()
    root = request.host_url.rstrip("/")
    region = rt.settings.default_region
    return respond({
        "service": "vpcmock", "version": __version__,
        "description": "A local emulator of IBM Cloud Backup for VPC",
        "health": {"status": "ok", "state": "memory" if rt.settings.state_path is None else "file",
                   "clock": {"now": rfc3339(rt.clock.now()), "frozen": rt.clock.frozen}},
        "default_region": region, "regions": list(REGIONS),
        "endpoints": {
            "vpc": f"{root}/v1", "vpc_regional": f"{root}/<region>/v1",
            "iam_token": f"{root}/identity/token", "tagging": f"{root}/v3/tags", "admin": f"{root}/mock",
            "console": f"{root}/console", "api_docs": f"{root}/docs", "openapi": f"{root}/openapi.json",
        },
        "try": f"{root}/v1/backup_policies?version={API_VERSION}&generation=2 with a bearer token from "
               f"POST {root}/identity/token (grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=<any key>)",
        "docs": {"vpc_api": "https://cloud.ibm.com/apidocs/vpc/latest",
                 "backup_for_vpc": "https://cloud.ibm.com/docs/vpc?topic=vpc-backup-service-about",
                 "readme": "README.md in the vpcmock source"},
    }, shapes.INDEX)


@bp.get("/openapi.json")
def openapi_document():
    """Retrieve the OpenAPI document.

    The OpenAPI 3.1 document of every route this mock serves, generated from the app."""
    from vpcmock.http.openapi import document  # apispec is imported when the document is first asked for

    return respond(document(current_app._get_current_object()), shapes.OPENAPI_DOCUMENT)


@bp.get("/docs")
def docs():
    """Browse the API in Swagger UI.

    Swagger UI over /openapi.json, served from the package (no network)."""
    return Response(_DOCS_PAGE, mimetype="text/html")


@bp.get("/docs/assets/<name>")
def docs_asset(name):
    """Retrieve a file of Swagger UI."""
    if name not in DOCS_ASSETS:
        abort(404)
    return packaged_file(_swagger_ui_dir(), name)


DOCS_ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png")

_DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>vpcmock API</title>
  <link rel="stylesheet" href="docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/assets/swagger-ui-bundle.js"></script>
  <script src="docs/assets/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
  </script>
</body>
</html>
"""


def _swagger_ui_dir() -> str:
    """Swagger UI 5 as the swagger-ui-py package ships it (its static files only)."""
    import swagger_ui

    return os.path.join(os.path.dirname(swagger_ui.__file__), "static")
