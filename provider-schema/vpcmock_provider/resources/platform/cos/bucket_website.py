"""ibm_cos_bucket_website_configuration ↔ S3's `?website` of the bucket, as the IBM provider's
resource_ibm_cos_bucket_website_configuration.go calls it: PUT the configuration built from
`website_configuration` (error and index documents, a redirect of every request, routing rules
given as blocks or as `routing_rules`, S3's JSON of them), read it back by GET, DELETE it. The
id is the IBM provider's, `<bucket_crn>:meta:<bucket_location>:<endpoint_type>`;
`website_endpoint` is `https://<bucket>.s3-web.<location>.cloud-object-storage.appdomain.cloud`.
"""

from __future__ import annotations

import json

from vpcmock_provider import ibm_schema
from vpcmock_provider.client import ApiError, Client, ProviderError
from vpcmock_provider.resources.platform.cos.s3 import delete_configuration, optional, s3, xml

DECLARATION = ibm_schema.declaration("ibm_cos_bucket_website_configuration", "resource")
MISSING = ("NoSuchWebsiteConfiguration",)


def config_id(bucket_crn: str, location: str, endpoint_type: str) -> str:
    return f"{bucket_crn}:meta:{location}:{endpoint_type}"


def parse_id(ident: str) -> dict:
    bucket_crn, sep, meta = ident.partition(":meta:")
    parts = meta.split(":")
    if not sep or ":bucket:" not in bucket_crn or len(parts) < 2:
        raise ProviderError(f"{ident!r} is not a bucket configuration id (<bucket crn>:meta:<location>:<endpoint type>)")
    return {"bucket_crn": bucket_crn, "bucket": bucket_crn.split(":bucket:", 1)[1], "location": parts[0],
            "endpoint_type": parts[1] or "public"}


def _first(values) -> dict:
    return (values or [None])[0] or {}


def _rule(rule: dict) -> list:
    condition, redirect = _first(rule.get("condition")), _first(rule.get("redirect"))
    return [("Condition", [("HttpErrorCodeReturnedEquals", condition.get("http_error_code_returned_equals") or None),
                           ("KeyPrefixEquals", condition.get("key_prefix_equals") or None)]) if condition else None,
            ("Redirect", [("HostName", redirect.get("host_name") or None),
                          ("HttpRedirectCode", redirect.get("http_redirect_code") or None),
                          ("Protocol", redirect.get("protocol") or None),
                          ("ReplaceKeyPrefixWith", redirect.get("replace_key_prefix_with") or None),
                          ("ReplaceKeyWith", redirect.get("replace_key_with") or None)])]


_JSON_NAMES = {"Condition": "condition", "Redirect": "redirect", "HttpErrorCodeReturnedEquals":
               "http_error_code_returned_equals", "KeyPrefixEquals": "key_prefix_equals", "HostName": "host_name",
               "HttpRedirectCode": "http_redirect_code", "Protocol": "protocol",
               "ReplaceKeyPrefixWith": "replace_key_prefix_with", "ReplaceKeyWith": "replace_key_with"}


def _rules_of_json(text: str) -> list[dict]:
    """`routing_rules`: S3's JSON of the rules (`[{"Condition": {...}, "Redirect": {...}}]`)."""
    try:
        given = json.loads(text)
        return [{_JSON_NAMES[part]: [{_JSON_NAMES[k]: v for k, v in body.items()}] for part, body in rule.items()}
                for rule in given]
    except (ValueError, KeyError, AttributeError, TypeError) as exc:
        raise ProviderError(f"failed to unmarshal routing_rules: {exc}") from None


def _document(planned: dict) -> bytes:
    given = _first(planned.get("website_configuration"))
    rules = given.get("routing_rule") or (_rules_of_json(given["routing_rules"]) if given.get("routing_rules") else [])
    redirect = _first(given.get("redirect_all_requests_to"))
    return xml("WebsiteConfiguration", [
        ("ErrorDocument", [("Key", _first(given.get("error_document")).get("key"))])
        if given.get("error_document") else None,
        ("IndexDocument", [("Suffix", _first(given.get("index_document")).get("suffix"))])
        if given.get("index_document") else None,
        ("RedirectAllRequestsTo", [("HostName", redirect.get("host_name")), ("Protocol", redirect.get("protocol") or None)])
        if redirect else None,
        ("RoutingRules", [("RoutingRule", _rule(r)) for r in rules]) if rules else None])


def _put(client: Client, planned: dict) -> None:
    bucket = planned["bucket_crn"].split(":bucket:", 1)[-1]
    try:
        s3(client, "PUT", bucket, "website", _document(planned))
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, f"failed to put website configuration on the COS bucket {bucket}, "
                       f"{exc.message}") from None


def create(client: Client, planned: dict) -> dict:
    _put(client, planned)
    ident = config_id(planned["bucket_crn"], planned["bucket_location"], planned.get("endpoint_type") or "public")
    return read(client, {**planned, "id": ident})


def update(client: Client, prior: dict, planned: dict) -> dict:
    if prior.get("website_configuration") != planned.get("website_configuration"):
        _put(client, {**planned, "bucket_crn": prior["bucket_crn"]})
    return read(client, {**planned, "id": prior["id"]})


def _text_block(node, path: str, names: dict) -> list | None:
    found = node.find(path)
    if found is None:
        return None
    return [{name: found.findtext(tag) for tag, name in names.items()}]


def read(client: Client, state: dict) -> dict | None:
    parts = parse_id(state["id"])
    try:
        node = optional(client, parts["bucket"], "website", MISSING)
    except ApiError as exc:
        if exc.status == 404:  # the bucket is gone
            return None
        raise
    if node is None:
        return None
    rules = []
    for rule in node.findall("RoutingRules/RoutingRule"):
        rules.append({
            "condition": _text_block(rule, "Condition", {"HttpErrorCodeReturnedEquals": "http_error_code_returned_equals",
                                                         "KeyPrefixEquals": "key_prefix_equals"}),
            "redirect": _text_block(rule, "Redirect", {"HostName": "host_name", "HttpRedirectCode": "http_redirect_code",
                                                       "Protocol": "protocol",
                                                       "ReplaceKeyPrefixWith": "replace_key_prefix_with",
                                                       "ReplaceKeyWith": "replace_key_with"})})
    given = _first(state.get("website_configuration"))
    configuration = {
        "error_document": _text_block(node, "ErrorDocument", {"Key": "key"}),
        "index_document": _text_block(node, "IndexDocument", {"Suffix": "suffix"}),
        "redirect_all_requests_to": _text_block(node, "RedirectAllRequestsTo", {"HostName": "host_name",
                                                                                "Protocol": "protocol"}),
        "routing_rule": rules or None,
        "routing_rules": given.get("routing_rules"),  # the JSON as configured: S3 answers the rules themselves
    }
    return {"id": state["id"], "bucket_crn": parts["bucket_crn"], "bucket_location": parts["location"],
            "endpoint_type": parts["endpoint_type"], "website_configuration": [configuration],
            "website_endpoint": f"https://{parts['bucket']}.s3-web.{parts['location']}.cloud-object-storage.appdomain.cloud"}


def delete(client: Client, state: dict) -> None:
    delete_configuration(client, parse_id(state["id"])["bucket"], "website")


def import_(client: Client, ident: str) -> dict | None:
    return read(client, {"id": ident})


def kept_by_bucket(module):
    """`module`'s type kept under its bucket's name: a bucket holds one configuration of each."""
    from vpcmock_provider.resources.platform.cos.s3 import kept_resource as kept
    return kept(module, lambda ident: parse_id(ident)["bucket"])


def kept_resource():
    """Kept under the bucket's name (one website configuration per bucket)."""
    import sys
    return kept_by_bucket(sys.modules[__name__])
