"""Request parsing and response building shared by every VPC route."""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import orjson
from flask import Response, current_app, g, request
from marshmallow import Schema, fields

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.listing import DEFAULT_LIMIT, MAX_LIMIT, Page
from vpcmock.errors import ApiError, field, header, parameter
from vpcmock.http.body import parse as parse_body

_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GENERATION = 2  # the only `generation` the VPC API serves (/openapi.json documents it from here)
_JSON_TYPES = ("application/json", "application/merge-patch+json")


def runtime():
    return current_app.extensions["vpcmock"]


def check_version_and_generation() -> None:
    """Every VPC call carries ``version=YYYY-MM-DD`` and ``generation=2``."""
    version = request.args.get("version")
    if version is None:
        raise ApiError(400, "missing_version", "The version query parameter is required (version=YYYY-MM-DD)",
                       parameter("version"))
    try:
        if not _VERSION.match(version):
            raise ValueError
        date.fromisoformat(version)
    except ValueError:
        raise ApiError(400, "invalid_version", f"version {version!r} is not a date of the form YYYY-MM-DD",
                       parameter("version", version)) from None
    generation = request.args.get("generation")
    if generation is None:
        raise ApiError(400, "missing_generation",
                       f"The generation query parameter is required (generation={GENERATION})", parameter("generation"))
    if generation != str(GENERATION):
        raise ApiError(400, "invalid_generation",
                       f"generation {generation!r} is not supported; use generation={GENERATION}",
                       parameter("generation", generation))


def json_body() -> dict:
    content_type = (request.mimetype or "").lower()
    if content_type not in _JSON_TYPES:
        raise ApiError(415, "unsupported_media_type",
                       f"Content-Type must be application/json or application/merge-patch+json, not {content_type or 'absent'!r}",
                       header("Content-Type"))
    body = parse_body(request.get_data())
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "The request body must be a JSON object")
    return body


def refuse_unknown_fields(body: dict, known) -> None:
    """The admin API's bodies are small and ours: a misspelt key is a 400 naming it, not a no-op.
    (The VPC API's bodies refuse one too, through their request shapes: schemas/base.py.)"""
    for name in body:
        if name not in known:
            expected = f"expected {', '.join(known)}" if known else "this request takes no body fields"
            raise ApiError(400, "unknown_field", f"Unknown field {name!r}; {expected}", field(name))


def ctx() -> Ctx:
    rt = runtime()
    initiator = {"id": g.subject, "type": "user", "name": g.subject} if g.get("subject") else None
    return Ctx(rt.store, g.account, g.region, rt.clock.now(), rt.agenda, initiator)


def transactional(view):
    """Run a view inside one store transaction: all its changes commit, or none do."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        rt = runtime()
        rt.catch_up()  # its own transaction: a failing request must not undo due work
        with rt.store.transaction():
            return view(*args, **kwargs)
    return wrapper


def check_if_match(doc: dict, *, required: bool = False) -> None:
    """Honour If-Match (empty counts as absent; ``*`` matches any); 412 on mismatch.

    `required` is set for PATCH bodies holding an array: the SDK documents If-Match as required
    then. The status for a missing header is not documented; 428 is HTTP's own for it.
    """
    expected = (request.headers.get("If-Match") or "").strip()
    if not expected:
        if required:
            raise ApiError(428, "if_match_required",
                           "If-Match is required when the patch contains an array", header("If-Match"))
        return
    tags = {tag.strip() for tag in expected.split(",")}
    if "*" not in tags and doc["_etag"] not in tags:
        raise ApiError(412, "if_match_mismatch",
                       f"If-Match {expected} does not match the current ETag {doc['_etag']}", header("If-Match"))


def required_if_match(op: dict) -> str | None:
    """The If-Match a request gives (None when empty), or 428 when its operation's table marks
    the header required (the SDK sends it then: the ETag or entity tag of a read before)."""
    given = (request.headers.get("If-Match") or "").strip() or None
    if given is None and any(h["name"] == "If-Match" and h.get("required") for h in op.get("headers") or ()):
        raise ApiError(428, "if_match_required", "If-Match is required: the ETag of the resource as last read",
                       header("If-Match"))
    return given


def offset_page(key: str, items: list, default_limit: int = DEFAULT_LIMIT, max_limit: int = MAX_LIMIT) -> dict:
    """One page of `items` under `key` by `offset` and `limit` (default_limit..max_limit), as
    IBM's offset-paged platform APIs answer it (Access Groups, UKO): `limit`, `offset`,
    `total_count`, and `first`, `last`, `next` and `previous` links keeping the other query
    parameters."""
    offset, limit = query_int("offset", 0, 0, 2**31 - 1), query_int("limit", default_limit, 1, max_limit)
    total = len(items)
    payload = {key: items[offset:offset + limit], "limit": limit, "offset": offset, "total_count": total,
               "first": _offset_link(0, limit), "last": _offset_link(max(total - 1, 0) // limit * limit, limit)}
    if offset + limit < total:
        payload["next"] = _offset_link(offset + limit, limit)
    if offset > 0:
        payload["previous"] = _offset_link(max(offset - limit, 0), limit)
    return payload


def _offset_link(offset: int, limit: int) -> dict:
    params = [(k, v) for k, v in request.args.items(multi=True) if k not in ("offset", "limit")]
    return {"href": f"{request.base_url}?{urlencode(params + [('offset', offset), ('limit', limit)])}"}


def query_int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ApiError(400, f"invalid_{name}", f"{name} must be an integer from {low} to {high}", parameter(name, raw))
    return value


def query_choice(name: str, choices) -> str | None:
    raw = request.args.get(name)
    if raw is not None and raw not in choices:
        raise ApiError(400, f"invalid_{name}", f"{name} must be one of: {', '.join(choices)}", parameter(name, raw))
    return raw


def query_list(name: str) -> list[str] | None:
    """A filter that accepts several comma-joined values (the IBM Terraform provider joins them)."""
    raw = request.args.get(name)
    if raw is None:
        return None
    return [part for part in raw.split(",") if part]


def page_args() -> dict:
    return {"start": request.args.get("start"), "limit": query_int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)}


def absolute_hrefs(value, base: str):
    """Make every internal href (a path beginning with /) an absolute URL of this server."""
    if isinstance(value, dict):
        return {k: (base + v if k == "href" and isinstance(v, str) and v.startswith("/") else absolute_hrefs(v, base))
                for k, v in value.items()}
    if isinstance(value, list):
        return [absolute_hrefs(item, base) for item in value]
    return value


def json_response(payload, status: int, etag: str | None = None) -> Response:
    body = orjson.dumps(absolute_hrefs(payload, request.host_url.rstrip("/")))
    response = Response(body, status=status, mimetype="application/json")
    if etag:
        response.headers["ETag"] = etag
    return response


def dump(schema: Schema, view, many: bool = False):
    """`view` through its declared response shape. A field the engine made that the shape does
    not declare fails the request (500) rather than vanish from the answer unseen."""
    _check_declared(schema, view if many else [view])
    return schema.dump(view, many=many)


def _check_declared(schema: Schema, items) -> None:
    for item in items:
        undeclared = [name for name in item if name not in schema.fields and not name.startswith("_")]
        if undeclared:
            raise ApiError(500, "internal_error", f"The answer has fields its declared shape "
                           f"{type(schema).__name__} lacks: {', '.join(sorted(undeclared))}")
        for name, declared in schema.fields.items():  # a collection's items, through their own shape
            inner = getattr(declared, "inner", None)
            if isinstance(inner, fields.Nested) and isinstance(item.get(name), list):
                _check_declared(inner.schema, item[name])


def respond(view: dict, schema: Schema, status: int = 200, etag: str | None = None) -> Response:
    """One resource, with its ETag when it has one (its `_etag`, or `etag` for a view without it)."""
    return json_response(dump(schema, view), status, etag or view.get("_etag"))


def respond_empty(status: int = 204) -> Response:
    return Response(status=status)


def respond_page(page: Page, key: str, schema: Schema | None = None) -> Response:
    """One page of a listing with its `first` and `next` links (the request's filters kept);
    without a schema, `page.items` are already the views to send."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k not in ("start", "limit")]
    base = request.base_url
    first = f"{base}?{urlencode(params + [('limit', page.limit)])}"
    items = page.items if schema is None else dump(schema, page.items, many=True)
    payload = {key: items, "first": {"href": first}, "limit": page.limit,
               "total_count": page.total}
    if page.next_start:
        payload["next"] = {"href": f"{base}?{urlencode(params + [('start', page.next_start), ('limit', page.limit)])}"}
    return json_response(payload, 200)


def respond_all(items: list[dict], key: str, schema: Schema) -> Response:
    """An unpaged collection that still carries first/limit/total_count (plans list)."""
    payload = {key: dump(schema, items, many=True), "first": {"href": request.url}, "limit": max(len(items), 1),
               "total_count": len(items)}
    return json_response(payload, 200)


_MIMETYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


def packaged_file(directory, name: str) -> Response:
    """A file shipped in the package (console, API docs), whole: no conditional or range
    handling, whose 304/412/416 answers would bypass the IBM-shaped errors."""
    path = Path(directory) / name
    response = Response(path.read_bytes(), 200, mimetype=_MIMETYPES.get(path.suffix, "application/octet-stream"))
    response.headers["Cache-Control"] = "no-cache"
    return response


def requested_version() -> str | None:
    """The API `version` date the request names (every VPC operation documents the parameter
    once; the routes that answer by it read it here)."""
    return request.args.get("version")
