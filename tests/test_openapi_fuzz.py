"""Schemathesis over /openapi.json: requests generated from the document for every operation of
the VPC, IAM token, tagging, Resource Manager and IAM-policy APIs, the platform services served
from their API tables (context-based restrictions, Resource Controller, IAM Identity and Access
Groups, DNS Services, Transit Gateway, Activity Tracker, Key Protect, COS configuration; their
writes included), and the admin API's reads.
Properties: no answer is a 5xx; a documented response schema is what comes back (but for the
operations of UNCONFORMING, each with why); the content type is the documented one. Bounded: a few derandomized examples per operation, so it stays
well within a minute. (tests/test_fuzz.py fuzzes every route, the admin API's writes included,
with inputs written for this service.)"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from conftest import start_server
from vpcmock.config import Settings
from vpcmock.http import table_openapi
from vpcmock.http.app import create_app
from vpcmock.http.openapi import document
from vpcmock.runtime import Runtime

EXAMPLES = 3

# The document as the app builds it, read at collection so that each operation is a test. The
# admin API's writes move the clock, replace keys and reset: tests/test_fuzz.py covers them.
SCHEMA = schemathesis.openapi.from_dict(document(create_app(Runtime.open(Settings(state_path=None, scheduler=False))))
                                        ).exclude(path_regex=r"^/mock", method_regex="^(POST|PUT|PATCH|DELETE)$")
OPERATIONS = {op.ok().label: op.ok() for op in SCHEMA.get_all_operations()}
PLATFORM = {label for label, op in OPERATIONS.items()
            if set(op.definition.raw.get("tags", ())) & set(table_openapi.SERVICE_TAGS.values())}
# Operations whose answers to generated requests do not yet conform to their documented models.
UNCONFORMING = {
    # IAM Access Groups' template assignment: the request's `target_type` and `operation` are plain
    # strings in the SDK's prototype, the answer's enums (Account/AccountGroup; assign/update/remove),
    # and the generic engine keeps what was sent ("") and answers the collection model's `status`
    # (`active`), not the create answer's enum (accepted, in_progress, ...).
    "POST /iam/v1/group_assignments",
}


@pytest.fixture(scope="module")
def api():
    server = start_server(scheduler=False)
    token = requests.post(f"{server.url}/identity/token", data={
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": "schemathesis"}).json()["access_token"]
    server.headers = {"Authorization": f"Bearer {token}"}
    yield server
    server.close()


def test_every_documented_api_operation_is_fuzzed():
    assert len(OPERATIONS) > 150


def test_every_unconforming_operation_is_documented():
    assert UNCONFORMING <= set(OPERATIONS)


def test_every_platform_service_is_fuzzed_writes_included():
    methods = {label.split()[0] for label in PLATFORM}
    mounts = {label.split()[1].split("/")[1] for label in PLATFORM}
    assert {"POST", "PATCH", "PUT", "DELETE", "GET"} <= methods
    assert {"cbr", "resource-controller", "iam", "dns-svcs", "transit"} <= mounts


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_generated_requests_get_no_5xx_and_documented_answers(api, label):
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(case=OPERATIONS[label].as_strategy())
    def run(case):
        checks = [not_a_server_error, content_type_conformance] + (
            [] if label in UNCONFORMING else [response_schema_conformance])
        case.call_and_validate(base_url=api.url, headers=api.headers, checks=checks)
    run()
