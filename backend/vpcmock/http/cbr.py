"""Context-based restrictions on VPC API requests: the HTTP side. It says who calls (the
request's source address, REMOTE_ADDR, and its endpoint type, http/endpoints.py) and what the
request acts on (its path); the engine (engine/platform/cbr) decides.

A denied request gets what the VPC API answers when IAM refuses a call: 403 with code
`not_authorized` (the VPC API's code for a refused authorization; seen from the real API in
kubernetes-sigs/cluster-api-provider-ibmcloud#1610, `{"errors":[{"code":"not_authorized",
"message":"The request is not authorized.","more_info":"https://cloud.ibm.com/docs/vpc?topic=
vpc-rias-error-messages#not_authorized"}],"trace":...}` with status 403, and in
IBM-Cloud/ibm-cloud-cli-release#148). CBR is enforced by the same IAM access decision (IBM:
"both IAM access and context-based restrictions enforce access"), so a CBR denial is that same
error; the message adds that context-based restrictions refused it, as IBM's IAM access
decisions say when a rule denies.
"""

from __future__ import annotations

from flask import g, request

from vpcmock.engine.platform.cbr import decision
from vpcmock.engine.platform.cbr.zones import Caller, parse_address
from vpcmock.errors import ApiError
from vpcmock.http.common import ctx, runtime
from vpcmock.http.endpoints import endpoint_type

MORE_INFO = "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages#not_authorized"
MESSAGE = "The request is not authorized: it is restricted by context-based restrictions"


def enforce_vpc_request() -> None:
    """Before a VPC API view (after authentication): 403 when a rule denies the request; the
    events of report-only rules recorded (their own transaction: the request may fail later)."""
    rt = runtime()
    caller = Caller(parse_address(request.remote_addr), endpoint_type(request.environ))
    found = decision.vpc_request(rt.store, g.account, g.region, _api_path(request.path), caller)
    if found is None:
        return
    verdict, target = found
    with rt.store.transaction():
        decision.record(ctx(), verdict, target)
    if verdict.denied:
        raise Denied()


class Denied(ApiError):
    """403 `not_authorized`, its `more_info` the VPC error page's anchor for the code, as the
    real answer's is."""

    def __init__(self):
        super().__init__(403, "not_authorized", MESSAGE)

    def body(self, trace: str) -> dict:
        answer = super().body(trace)
        answer["errors"][0]["more_info"] = MORE_INFO
        return answer


def _api_path(path: str) -> str:
    """What follows `/v1` in `/v1/...` or `/<region>/v1/...`."""
    head, _, rest = path.lstrip("/").partition("/")
    if head != "v1":
        rest = rest.partition("/")[2]
    return "/" + rest
