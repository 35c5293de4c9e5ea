"""S3's XML on the wire: answers built from nested (tag, value) data, bodies parsed with their
root element checked, errors in S3's shape. Every answer but an error carries S3's namespace."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from flask import Response

NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def element(tag: str, value=None) -> ET.Element:
    """`value`: text (str, int, bool), a list of (tag, value) children, or None (empty)."""
    node = ET.Element(tag)
    _fill(node, value)
    return node


def _fill(node: ET.Element, value) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        node.text = "true" if value else "false"
    elif isinstance(value, (str, int)):
        node.text = str(value)
    else:
        for tag, child in value:
            if child is not None:
                node.append(element(tag, child))


def document(root: str, children, namespace: bool = True) -> bytes:
    node = element(root, children)
    if namespace:
        node.set("xmlns", NAMESPACE)
    return DECLARATION + ET.tostring(node, encoding="utf-8")


def respond(root: str, children, status: int = 200, headers: dict | None = None) -> Response:
    return raw(document(root, children), status, headers)


def raw(body: bytes, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(body, status=status, mimetype="application/xml")
    response.headers.update(headers or {})
    return response


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def parse(body: bytes, root: str | tuple[str, ...]):
    """The parsed body, whose root element must be `root`; None when it is not XML or names
    another root (the caller answers MalformedXML)."""
    try:
        node = ET.fromstring(body)
    except ET.ParseError:
        return None
    roots = (root,) if isinstance(root, str) else root
    return node if local(node.tag) in roots else None


def children(node: ET.Element, tag: str) -> list[ET.Element]:
    return [child for child in node if local(child.tag) == tag]


def text(node: ET.Element, tag: str, default: str | None = None) -> str | None:
    found = children(node, tag)
    return (found[0].text or "") if found else default


def error(status: int, code: str, message: str, resource: str = "", extra: dict | None = None,
          head: bool = False) -> Response:
    """S3's error document; a HEAD's error has the status alone (S3 sends no body to a HEAD)."""
    request_id = uuid.uuid4().hex[:16].upper()
    body = b"" if head else document("Error", [("Code", code), ("Message", message),
                                               *((k, v) for k, v in (extra or {}).items()),
                                               ("Resource", resource), ("RequestId", request_id)],
                                               namespace=False)  # S3's <Error> has no namespace
    response = raw(body, status, {"x-amz-request-id": request_id})
    if head:
        response.headers["Content-Length"] = "0"
    return response
