"""RFC 3339 timestamps, always UTC with a ``Z``."""

from datetime import datetime, timezone
from functools import lru_cache


# The clock reads as a datetime, whose years end at 9999: a move must stay well inside them
# (POST /mock/clock and `vpcmock clock` refuse one reaching this instant).
LATEST_INSTANT = datetime(9000, 1, 1, tzinfo=timezone.utc)


@lru_cache(maxsize=4096)
def rfc3339(moment: datetime) -> str:
    # Cached: the engine stamps many documents with the same instant (every backup of a fire).
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=4096)
def parse_rfc3339(text: str) -> datetime:
    """Parse ``2025-01-02T03:04:05Z`` (or with an offset); raise ValueError otherwise."""
    if not isinstance(text, str) or "T" not in text:
        raise ValueError(f"not an RFC 3339 timestamp: {text!r}")
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {text!r}")
    return moment.astimezone(timezone.utc)
