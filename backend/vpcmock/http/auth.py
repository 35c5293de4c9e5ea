"""A minimal IAM: ``POST /identity/token`` and bearer-token checks.

Tokens are JWTs (HS256, signed with a secret kept in the state) with the claims the
IBM SDK cores and the IBM Terraform provider read: ``iat``/``exp`` (Python core), and ``id``,
``iss``, ``account.bss`` (the provider panics without them). Token lifetimes follow wall
time, not the mock clock: clients decide when to refresh by their own wall clock, so a mock
clock moved a year ahead must not expire every token they hold.
"""

from __future__ import annotations

import functools
import time
import uuid

import jwt
from flask import Blueprint, current_app, jsonify, request

from vpcmock.engine.platform import accounts
from vpcmock.errors import ApiError
from vpcmock.http.common import respond
from vpcmock.http.schemas.base import output_schema

bp = Blueprint("iam", __name__)

TOKEN = output_schema("IamToken", "access_token expiration expires_in ims_user_id refresh_token scope token_type")

ISSUER = "https://iam.cloud.ibm.com/identity"
APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey"


def _iam_error(status: int, code: str, message: str):
    response = jsonify({"errorCode": code, "errorMessage": message,
                        "context": {"requestId": str(uuid.uuid4())}})
    response.status_code = status
    return response


def issue_tokens(secret: str, account: str, ttl: int, subject: str) -> dict:
    now = int(time.time())
    claims = {
        "iam_id": subject, "id": subject, "realmid": "IBMid", "sub": subject, "sub_type": "ServiceId",
        "identifier": subject, "account": {"bss": account, "valid": True},
        "iat": now, "exp": now + ttl, "iss": ISSUER, "grant_type": APIKEY_GRANT,
        "scope": "ibm openid", "client_id": "default", "acr": 1, "amr": ["pwd"],
    }
    access = jwt.encode(claims, secret, algorithm="HS256", headers={"kid": "vpcmock"})
    refresh = jwt.encode({**claims, "exp": now + 30 * 86400, "token_use": "refresh"}, secret, algorithm="HS256")
    return {"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": ttl,
            "expiration": now + ttl, "scope": "ibm openid", "ims_user_id": 0}


@bp.post("/identity/token")
def token():
    """Create an IAM access token.

    From an API key (``grant_type=urn:ibm:params:oauth:grant-type:apikey``) or a refresh token."""
    runtime = current_app.extensions["vpcmock"]
    grant = request.form.get("grant_type", "")
    if grant == APIKEY_GRANT:
        api_key = request.form.get("apikey", "")
        if not api_key:
            return _iam_error(400, "BXNIM0415E", "Provided API key could not be found.")
        account = accounts.account_for_key(runtime.store, api_key)
        if account is None:
            return _iam_error(400, "BXNIM0415E", "Provided API key could not be found.")
        subject = accounts.subject_of(api_key)
    elif grant == "refresh_token":
        try:
            claims = jwt.decode(request.form.get("refresh_token", ""), runtime.token_secret, algorithms=["HS256"])
        except jwt.PyJWTError:
            return _iam_error(400, "BXNIM0407E", "Refresh token is not valid.")
        if claims.get("token_use") != "refresh":
            return _iam_error(400, "BXNIM0407E", "Refresh token is not valid.")
        account, subject = claims["account"]["bss"], claims["sub"]
    else:
        return _iam_error(400, "BXNIM0109E", f"Unsupported grant type {grant!r}.")
    return respond(issue_tokens(runtime.token_secret, account, runtime.settings.token_ttl_seconds, subject), TOKEN)


def authenticate(secret: str) -> tuple[str, str]:
    """(account, subject) of the request's bearer token; 401 in the VPC error shape otherwise."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise ApiError(401, "not_authorized", "The request has no Authorization header")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "not_authorized", "The Authorization header must be 'Bearer <IAM access token>'")
    account, subject, expires = _verified(token.strip(), secret)
    if time.time() >= expires:
        raise ApiError(401, "token_expired", "The IAM access token has expired")
    return account, subject


def authorize(store, subject: str, account: str, *, operation: bool = False) -> None:
    """Refuse (403) a request the caller's role does not allow: reads need any role; changes
    need Editor or Administrator; `operation`s (instance actions) also allow Operator.
    A key removed from the configuration since its token was issued is refused (401)."""
    role = accounts.role_of(store, subject, account)
    if role is None:
        raise ApiError(401, "not_authorized", "The API key behind this token is no longer authorized")
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    allowed = accounts.OPERATORS if operation else accounts.WRITERS
    if role not in allowed:
        raise ApiError(403, "forbidden", f"Role {role} cannot {request.method} {request.path}: it needs "
                       f"{' or '.join(sorted(allowed))}")


@functools.lru_cache(maxsize=1024)
def _verified(token: str, secret: str) -> tuple[str, str, float]:
    """(account, expiry) of a token whose signature and claims check out; clients send the same
    token for its whole life, so the check is done once per token (expiry is tested per call)."""
    try:
        claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp", "iat"]})
    except jwt.ExpiredSignatureError:
        raise ApiError(401, "token_expired", "The IAM access token has expired") from None
    except jwt.PyJWTError:
        raise ApiError(401, "not_authorized", "The IAM access token is not valid") from None
    account = (claims.get("account") or {}).get("bss")
    if not account or claims.get("token_use") == "refresh":
        raise ApiError(401, "not_authorized", "The IAM access token is not valid")
    return account, claims.get("sub", ""), float(claims["exp"])
