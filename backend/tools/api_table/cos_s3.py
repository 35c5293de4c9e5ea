"""The table of COS's S3 API, read from the service model the official SDK ships (ibm-cos-sdk, whose
ibm-cos-sdk-core carries ``ibm_botocore/data/s3/2006-03-01/service-2.json``: botocore's JSON
description of every operation and shape, which the client itself runs on). The model is data: it
is read as JSON, its prose (``documentation``, ``documentationUrl``, ``deprecatedMessage``) left out.

Operation: ``{"method", "uri" (the model's requestUri: ``/{Bucket}/{Key+}?tagging``), "path" (its
path: ``{Key+}`` takes the rest of the path, slashes included), "query_flags" (the fixed query
items the URI names, ``{"tagging": null, "list-type": "2"}``), "uri_params" (the input's members
placed in the URI), "query", "headers", "header_prefixes" (a map member sent as headers named
prefix + key, such as ``x-amz-meta-``), "body", "input", "output", "response", "status",
"errors", "http_checksum"?}``; a parameter ``{"name" (as sent), "member", "shape", "required"}``.
A body is the input's payload member (``{"member", "shape", "xml_name", "xml_namespace"?}`` for an
XML document, ``{"member", "shape", "type": "blob", "streaming"?}`` for raw bytes) or, with no
payload, the members sent in the XML body (``{"members": [...]}``); a response the same for the
output: ``{"headers", "header_prefixes", "body"}``.

Shape: the model's shape as it is, less its prose: ``{"type" (structure, list, map, string,
integer, long, boolean, timestamp, blob), "members"?, "required"?, "member"?, "key"?, "value"?,
"enum"?, "flattened"?, "payload"?, "error"? ({"httpStatusCode"}), ...}``.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

NAME = "cos_s3"
PACKAGE = "ibm-cos-sdk-core"  # brought by ibm-cos-sdk (pinned), which requires this exact version
MODEL = "ibm_botocore/data/s3/2006-03-01/service-2.json"
PROSE = {"documentation", "documentationUrl", "deprecatedMessage"}
_URI_PARAM = re.compile(r"{(\w+)(\+?)}")

# The model names no endpoint (the client is given one). These are the IBM provider's: its
# ibm_cos_bucket resources build s3.<region>.cloud-object-storage.appdomain.cloud (public;
# s3.private.<region>... and s3.direct.<region>... for the other endpoint types) and address
# buckets by path (S3ForcePathStyle), as the operations' paths here do.
ENDPOINT = {
    "url": "https://s3.us-south.cloud-object-storage.appdomain.cloud",
    "host": "s3.us-south.cloud-object-storage.appdomain.cloud",
    "base_path": "",
    "url_template": "https://s3.{region}.cloud-object-storage.appdomain.cloud",
    "source": "the IBM provider (ibm_cos_bucket: s3.%s.cloud-object-storage.appdomain.cloud, path-style)",
}


def build_table(path: Path | None = None) -> dict:
    """The table, read from the model at `path` (the installed SDK's by default)."""
    dist = metadata.distribution(PACKAGE)
    model = json.loads((path or Path(dist.locate_file(MODEL))).read_text(encoding="utf-8"))
    shapes = {name: _without_prose(shape) for name, shape in model["shapes"].items()}
    meta = model["metadata"]
    return {
        "sdk": {"package": PACKAGE, "version": dist.version, "model": MODEL, "service": meta["serviceId"]},
        "endpoint": ENDPOINT,
        "protocol": {key: meta[key] for key in ("protocol", "apiVersion", "signatureVersion", "timestampFormat",
                                                "checksumFormat")},
        "conventions": {
            "status": "the model's responseCode where it gives one, else 200",
            "required": "a member is required when its structure lists it in `required`",
            "xml": "a structure is sent and answered as an XML element named by the member's locationName "
                   "(else its name), in the namespace the payload member gives; a flattened list repeats its "
                   "element without a wrapper",
        },
        "operations": {name: _operation(op, shapes) for name, op in model["operations"].items()},
        "shapes": shapes,
    }


def _without_prose(value):
    if isinstance(value, dict):
        return {key: _without_prose(item) for key, item in value.items() if key not in PROSE}
    if isinstance(value, list):
        return [_without_prose(item) for item in value]
    return value


def _operation(op: dict, shapes: dict) -> dict:
    uri = op["http"]["requestUri"]
    path, _, query = uri.partition("?")
    input_shape = op["input"]["shape"]
    structure = shapes[input_shape]
    greedy = {name for name, plus in _URI_PARAM.findall(uri) if plus}
    operation = {
        "method": op["http"]["method"],
        "uri": uri,
        "path": path,
        "query_flags": _query_flags(query),
        "uri_params": [{**param, "greedy": param["name"] in greedy} for param in _located(structure, "uri")],
        "query": _located(structure, "querystring"),
        "headers": _located(structure, "header"),
        "header_prefixes": _located(structure, "headers"),
        "body": _body(structure, shapes),
        "input": input_shape,
        "output": op.get("output", {}).get("shape"),
        "response": None,
        "status": op["http"].get("responseCode", 200),
        "errors": [error["shape"] for error in op.get("errors", [])],
    }
    if operation["output"]:
        output = shapes[operation["output"]]
        operation["response"] = {"headers": _located(output, "header"),
                                 "header_prefixes": _located(output, "headers"), "body": _body(output, shapes)}
    if "httpChecksum" in op or op.get("httpChecksumRequired"):
        operation["http_checksum"] = {**op.get("httpChecksum", {}),
                                      **({"required": True} if op.get("httpChecksumRequired") else {})}
    return operation


def _query_flags(query: str) -> dict[str, str | None]:
    """``legalHold&add={RetentionLegalHoldId}`` -> ``{"legalHold": null, "add": "{RetentionLegalHoldId}"}``."""
    flags = {}
    for item in filter(None, query.split("&")):
        key, sep, value = item.partition("=")
        flags[key] = value if sep else None
    return flags


def _located(structure: dict, location: str) -> list[dict]:
    """The members of `structure` placed in `location` (uri, querystring, header, headers)."""
    required = set(structure.get("required", []))
    return [{"name": member.get("locationName", name), "member": name, "shape": member["shape"],
             "required": name in required}
            for name, member in structure.get("members", {}).items() if member.get("location") == location]


def _body(structure: dict, shapes: dict) -> dict | None:
    members = structure.get("members", {})
    if "payload" in structure:
        name = structure["payload"]
        member = members[name]
        shape = shapes[member["shape"]]
        if shape["type"] in ("blob", "string"):
            body = {"member": name, "shape": member["shape"], "type": shape["type"]}
            if member.get("streaming") or shape.get("streaming"):
                body["streaming"] = True
            return body
        body = {"member": name, "shape": member["shape"], "xml_name": member.get("locationName", name)}
        if "xmlNamespace" in member:
            body["xml_namespace"] = member["xmlNamespace"]["uri"]
        return body
    in_body = [name for name, member in members.items() if "location" not in member]
    return {"members": in_body} if in_body else None
