"""``GET /``: what this mock serves and where, for a person or a tool finding its way in."""

from flask import Blueprint, request

from vpcmock import __version__
from vpcmock.catalog import REGIONS
from vpcmock.http.common import json_response, runtime
from vpcmock.timeutil import rfc3339

bp = Blueprint("index", __name__)

API_VERSION = "2026-10-06"


@bp.get("/")
def index():
    rt = runtime()
    root = request.host_url.rstrip("/")
    region = rt.settings.default_region
    return json_response({
        "service": "vpcmock", "version": __version__,
        "description": "A local emulator of IBM Cloud Backup for VPC",
        "health": {"status": "ok", "state": "memory" if rt.settings.state_path is None else "file",
                   "clock": {"now": rfc3339(rt.clock.now()), "frozen": rt.clock.frozen}},
        "default_region": region, "regions": list(REGIONS),
        "endpoints": {
            "vpc": f"{root}/v1", "vpc_regional": f"{root}/<region>/v1",
            "iam_token": f"{root}/identity/token", "tagging": f"{root}/v3/tags", "admin": f"{root}/mock",
        },
        "try": f"{root}/v1/backup_policies?version={API_VERSION}&generation=2 with a bearer token from "
               f"POST {root}/identity/token (grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=<any key>)",
        "docs": {"vpc_api": "https://cloud.ibm.com/apidocs/vpc/latest",
                 "backup_for_vpc": "https://cloud.ibm.com/docs/vpc?topic=vpc-backup-service-about",
                 "readme": "README.md in the vpcmock source"},
    }, 200)
