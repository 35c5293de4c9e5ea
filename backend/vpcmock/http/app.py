"""The application factory: one Flask app per running mock."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from vpcmock.errors import ApiError
from vpcmock.http import auth, endpoints
from vpcmock.runtime import Runtime

log = logging.getLogger("vpcmock")


def create_app(rt: Runtime) -> Flask:
    from vpcmock.http.routes import admin, api_blueprint, console, faults, index, mock_state
    from vpcmock.http.routes.platform import iam_policies, resource_manager, tagging
    from vpcmock.http.routes import platform_generic
    from vpcmock.http.routes.platform.cos import config as cos_config, s3 as cos_s3
    from vpcmock.http.routes.platform import key_protect
    from vpcmock.http.routes.platform import global_catalog
    from vpcmock.http.routes import vpn_clients

    app = Flask("vpcmock", static_folder=None)  # nothing static is served
    app.extensions["vpcmock"] = rt
    app.json.sort_keys = False
    app.url_map.strict_slashes = False

    api = api_blueprint()
    app.register_blueprint(api, url_prefix="/v1", name="api_default")
    app.register_blueprint(api, url_prefix="/<region>/v1", name="api_regional")
    app.url_value_preprocessor(_pop_region)
    app.register_blueprint(auth.bp)
    app.register_blueprint(tagging.bp)
    app.register_blueprint(resource_manager.bp)
    app.register_blueprint(iam_policies.bp)
    app.register_blueprint(platform_generic.bp)  # the platform services of the API tables, by prefix
    app.register_blueprint(cos_s3.bp)  # Cloud Object Storage's S3 API at /cos
    app.register_blueprint(cos_config.bp)  # COS resource configuration at /cos-config/v1
    app.register_blueprint(key_protect.bp)  # Key Protect at /kms
    app.register_blueprint(global_catalog.bp)  # Global Catalog at /globalcatalog/api/v1
    app.register_blueprint(admin.bp)
    app.register_blueprint(mock_state.bp)
    app.register_blueprint(faults.bp)
    app.register_blueprint(vpn_clients.bp)  # simulated VPN clients at /mock/vpn_servers/<id>/clients
    app.before_request(faults.inject)
    app.register_blueprint(index.bp)
    app.register_blueprint(console.bp)

    app.after_request(_service_date)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.wsgi_app = platform_generic.IamMount(app.wsgi_app)  # /iam/identity/token, /iam/v1/policies
    app.wsgi_app = endpoints.PrivateEndpoints(app.wsgi_app)  # every API again under /private (http/endpoints.py)
    return app


def _service_date(response):
    """Every answer's `Date` is the mock's own time, as a service's Date is its clock: frozen
    when the clock is, and after the jump when it is moved (a client that waits on the service,
    as the IBM provider waits for a snapshot, can tell that time stands still)."""
    from email.utils import format_datetime

    from flask import current_app

    response.headers["Date"] = format_datetime(current_app.extensions["vpcmock"].clock.now(), usegmt=True)
    return response


def _pop_region(endpoint, values):
    if values is not None and "region" in values:
        g.region = values.pop("region")


def _error_response(error: ApiError):
    response = jsonify(error.body(str(uuid.uuid4())))
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def _api_error(error: ApiError):
    return _error_response(error)


def _http_error(error: HTTPException):
    codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request", 413: "request_too_large",
             415: "unsupported_media_type"}
    api_error = ApiError(error.code or 500, codes.get(error.code, "http_error"), error.description or "")
    # A path no route of a service with an error shape of its own serves (a URL under Key
    # Protect's or S3's mount that matches none of their routes, or a method they lack) is
    # answered in that service's shape, as its own errors are.
    from vpcmock.http.routes.platform import key_protect
    from vpcmock.http.routes.platform.cos import s3 as cos_s3
    if request.path.startswith("/kms/"):
        return key_protect.error_response(api_error)
    if request.path == "/cos" or request.path.startswith("/cos/"):
        return cos_s3.error_response(api_error)
    return _error_response(api_error)


def _unexpected_error(error: Exception):
    log.exception("unexpected error")
    return _error_response(ApiError(500, "internal_error", "The mock failed unexpectedly; see its log"))
