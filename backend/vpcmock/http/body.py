"""What a JSON request body may hold, checked once at the edge for every route.

The engine and the state file can only hold what JSON round-trips exactly, so a body is
refused (400 ``invalid_body``) when it holds:

- a string that is not valid Unicode (a lone UTF-16 surrogate such as ``"\\ud800"``): it
  cannot be written to the state file or echoed in a response;
- an integer outside the int64 range as JSON carries it exactly, +-(2^53 - 1) (the SDKs'
  int64, as far as any JSON parser, JavaScript's included, reads it; IBM's API-definition
  rules bound int64 so, and /openapi.json documents an integer without a narrower range so);
- NaN, Infinity, or a number too large for a double (``1e400`` reads as infinity);
- nesting deeper than ``MAX_DEPTH`` (no API shape nests past a handful of levels).
"""

from __future__ import annotations

import json
import math
import re

from vpcmock.errors import ApiError

MAX_DEPTH = 32
# The ranges of the integer formats: int32 whole, int64 to +-(2^53 - 1) (see above).
INT32 = (-(2 ** 31), 2 ** 31 - 1)
INT64 = (-(2 ** 53 - 1), 2 ** 53 - 1)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse(message: str) -> ApiError:
    return ApiError(400, "invalid_body", message)


def _no_constants(name: str):
    raise _refuse(f"The request body holds {name}, which is not a JSON number")


def parse(raw: bytes):
    """The JSON value of `raw`, checked as the module says; ApiError 400 otherwise."""
    try:
        value = json.loads(raw or b"null", parse_constant=_no_constants)
    except RecursionError:
        raise _refuse(f"The request body is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both are
        raise _refuse(f"The request body is not valid JSON: {exc}") from None
    check(value)
    return value


def check(value) -> None:
    """Walk `value` without recursion (a deep value must not exhaust the stack)."""
    pending = [(value, 1, "body")]
    while pending:
        item, depth, where = pending.pop()
        if depth > MAX_DEPTH:
            raise _refuse(f"The request body is nested more than {MAX_DEPTH} levels deep")
        if isinstance(item, str):
            _check_text(item, where)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not INT64[0] <= item <= INT64[1]:
                raise _refuse(f"{where}: {_short(str(item))} is outside the integer range (+-(2^53 - 1))")
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise _refuse(f"{where}: numbers must be finite")
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key, where)
                pending.append((child, depth + 1, f"{where}.{_short(key, 40)}"))
        elif isinstance(item, list):
            pending.extend((child, depth + 1, f"{where}[{index}]") for index, child in enumerate(item))


def _check_text(text: str, where: str) -> None:
    if _SURROGATE.search(text):
        raise _refuse(f"{where}: a string holds a lone UTF-16 surrogate, which is not valid Unicode")


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
