"""The provider's calls to Cloud Object Storage: its S3 API (XML, path-style, an IAM bearer token
and the `ibm-service-instance-id` header, as the IBM provider's aws-sdk-go client with IBM's
credentials sends them) at IBMCLOUD_COS_ENDPOINT, and its resource configuration API (JSON) at
IBMCLOUD_COS_CONFIG_ENDPOINT. An S3 error becomes an ApiError reading as aws-sdk-go's
(`NoSuchBucket: The specified bucket does not exist.`)."""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET

from vpcmock_provider.client import ApiError, Client

S3_ENDPOINT = "IBMCLOUD_COS_ENDPOINT"
CONFIG_ENDPOINT = "IBMCLOUD_COS_CONFIG_ENDPOINT"
NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"


def s3(client: Client, method: str, path: str, query: str = "", body: bytes | None = None,
       headers: dict | None = None) -> tuple[dict, bytes]:
    """(headers, body) of an S3 call; raises ApiError for a non-2xx answer."""
    import urllib.error
    import urllib.request

    url = f"{client.endpoints[S3_ENDPOINT]}/{urllib.parse.quote(path, safe='/')}" + (f"?{query}" if query else "")
    sent = {"Authorization": f"Bearer {client._bearer()}", **(headers or {})}
    if body is not None:
        sent.setdefault("Content-Type", "application/xml")
    request = urllib.request.Request(url, data=body, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=client.timeout) as response:
            return dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        code, message = str(exc.code), raw.decode(errors="replace") or exc.reason
        try:
            node = ET.fromstring(raw)
            code, message = node.findtext("Code") or code, node.findtext("Message") or ""
        except ET.ParseError:
            pass
        raise ApiError(exc.code, code, f"{code}: {message}\n\tstatus code: {exc.code}") from None
    except urllib.error.URLError as exc:
        raise ApiError(0, "connection_failed", f"{url.split('?')[0]}: {exc.reason}") from None


def xml(root: str, children: list) -> bytes:
    """An S3 request document from nested (tag, value) pairs (None values left out)."""
    node = _element(root, children)
    node.set("xmlns", NAMESPACE)
    return ET.tostring(node, encoding="utf-8")


def _element(tag: str, value) -> ET.Element:
    node = ET.Element(tag)
    if isinstance(value, bool):
        node.text = "true" if value else "false"
    elif isinstance(value, (str, int)):
        node.text = str(value)
    elif value is not None:
        for item in value:  # (tag, value) pairs; a None pair or value is left out
            if item is not None and item[1] is not None:
                node.append(_element(*item))
    return node


def parse(raw: bytes) -> ET.Element:
    node = ET.fromstring(raw)
    for element in node.iter():  # namespaces off: S3 answers in its namespace, the mock too
        element.tag = element.tag.rpartition("}")[2]
    return node


def config(client: Client, method: str, bucket: str, body: dict | None = None) -> tuple[dict, dict]:
    return client.service(CONFIG_ENDPOINT, method, f"/b/{urllib.parse.quote(bucket, safe='')}", body)


def optional(client: Client, bucket: str, flag: str, missing: tuple[str, ...]) -> ET.Element | None:
    """A bucket configuration (`?lifecycle`, ...), None when S3 says there is none."""
    try:
        _, raw = s3(client, "GET", bucket, flag)
    except ApiError as exc:
        if exc.code in missing:
            return None
        raise
    return parse(raw)


def json_body(raw: bytes) -> dict:
    return json.loads(raw) if raw else {}


def delete_configuration(client: Client, bucket: str, flag: str) -> None:
    """DELETE a bucket's `?flag` configuration (lifecycle, website, replication); one already
    gone (404) is deleted."""
    try:
        s3(client, "DELETE", bucket, flag)
    except ApiError as exc:
        if exc.status != 404:
            raise


def kept_resource(module, key):
    """The type of `module` with the attributes its API does not carry kept beside it
    (resources/kept.py), under `key(id)`: the ids of COS types end in a location or endpoint
    type that many share, so the default (an id's last field) would not tell them apart."""
    from vpcmock_provider.resources.kept import PATH, KeptResource

    class Kept(KeptResource):
        def _path(self, state: dict) -> str:
            return f"{PATH}/{self.DECLARATION.type_name}.{key(state['id'])}"

    return Kept(module)
