"""Filtering, ordering and paging of collections, with opaque ``start`` tokens.

A token names the sort key of the first item of the next page, so a page boundary stays put
when items before it are created or deleted. The default order (newest first) walks the
creation-ordered rows backwards and stops as soon as the page is full when no filter is
applied, so the cost of a page does not grow with the number of stored rows.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Callable

from vpcmock.errors import ApiError, parameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


@dataclass
class Page:
    items: list[dict]
    total: int
    limit: int
    next_start: str | None


def encode_start(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_start(token: str, shape: tuple[type, ...]) -> list:
    """The sort key a token names; it must have the `shape` of the listing's keys (one element
    per type), or it is not a token this listing issued (400 ``invalid_start``)."""
    try:
        padded = token + "=" * (-len(token) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if (isinstance(key, list) and len(key) == len(shape)
                and all(type(part) is kind for part, kind in zip(key, shape))):
            return key
    except (ValueError, TypeError, RecursionError):
        pass
    raise ApiError(400, "invalid_start", "The start token is not one this service issued", parameter("start", token))


def paginate(rows: dict[str, dict], *, match: Callable[[dict], bool] | None = None,
             sort: str | None = None, start: str | None = None, limit: int = DEFAULT_LIMIT) -> Page:
    sort = sort or "-created_at"
    descending = sort.startswith("-")
    fieldname = sort.lstrip("-")
    if fieldname == "created_at":
        ordered = reversed(rows.values()) if descending else iter(rows.values())

        def key_of(doc):
            return [doc["_seq"]]
        shape = (int,)
    else:
        def key_of(doc):
            return [doc.get(fieldname) or "", doc["_seq"]]
        shape = (str, int)  # the sortable fields (name) are strings
        ordered = sorted((d for d in rows.values() if match is None or match(d)), key=key_of, reverse=descending)

    token = decode_start(start, shape) if start else None
    items: list[dict] = []
    next_key = None
    total = 0
    for doc in ordered:
        if match is not None and not match(doc):
            continue
        total += 1
        if token is not None:
            key = key_of(doc)
            if (key > token) if descending else (key < token):
                continue
        if len(items) < limit:
            items.append(doc)
        elif next_key is None:
            next_key = key_of(doc)
            if match is None:
                break
    if match is None:
        total = len(rows)
    return Page(items, total, limit, encode_start(next_key) if next_key is not None else None)


def paginate_ordered(items: list[dict], key_of: Callable[[dict], list], shape: tuple[type, ...], *,
                     start: str | None = None, limit: int = DEFAULT_LIMIT, descending: bool = False) -> Page:
    """A page of a collection that is not stored (the catalogue's images and profiles), already
    in its order: `key_of` gives each item a distinct key, increasing along `items` (decreasing
    with `descending`); the token names the key of the first item of the next page."""
    total = len(items)
    token = decode_start(start, shape) if start else None
    if token is not None:
        items = [i for i in items if (key_of(i) <= token if descending else key_of(i) >= token)]
    following = items[limit] if len(items) > limit else None
    return Page(items[:limit], total, limit, encode_start(key_of(following)) if following is not None else None)
