"""Identifiers, CRNs and generated names in the shapes IBM Cloud uses."""

import hashlib
import os
import random

from vpcmock.catalog import REGION_PREFIXES

_WORDS = (
    "amber anvil aspen atlas aurora basil birch blaze bloom brook cedar chalk cider clover comet coral "
    "crane delta dune ember fable fern fjord flint frost gale garnet glade granite grove harbor hazel "
    "heron iris ivory jade juniper kelp lagoon lark laurel lilac linen lotus maple marble meadow mesa "
    "mint moss nectar oak onyx opal orchid otter pebble pine plume prairie quartz raven reef ridge "
    "river sage sable shale sierra slate sorrel spruce stone summit tansy thistle tide timber topaz "
    "tulip tundra umber valley velvet willow wren yarrow zephyr"
).split()


# Identifiers are not secrets (tokens are signed with a key from `secrets`): they come from a
# generator seeded from os.urandom (again in a forked child), a system call less per id on the
# engine's hot path (a simulated year makes millions: ids, names, ETags).
_rng = random.Random()
os.register_at_fork(after_in_child=_rng.seed)
_UUID_KEEP = ~((0xF << 76) | (0x3 << 62))
_UUID_SET = (0x4 << 76) | (0x2 << 62)  # version 4, variant 10xx


def _uuid4() -> str:
    """A random (version 4) UUID's text; cheaper than uuid.uuid4() on the engine's hot path."""
    return _uuid_text(_rng.getrandbits(128))


def _uuid_text(bits: int) -> str:
    """The version 4 UUID a 128-bit draw gives. The hex comes from the bytes (`bytes.hex`), half
    the cost of formatting the integer, with the same text for the same draw (so a seeded
    generator gives the ids it always gave)."""
    h = (bits & _UUID_KEEP | _UUID_SET).to_bytes(16, "big").hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def draw() -> int:
    """A draw for an id or ETag whose text may never be needed (`etag_of` makes it)."""
    return _rng.getrandbits(128)


def new_id(region: str) -> str:
    return f"{REGION_PREFIXES.get(region, 'r006')}-{_uuid4()}"


def id_for(region: str, bits: int) -> str:
    """The id `new_id` gives for a draw (`draw`) made earlier, when its text may never be needed."""
    return f"{REGION_PREFIXES.get(region, 'r006')}-{_uuid_text(bits)}"


def crn(location: str, account: str, kind: str, ident: str) -> str:
    return f"crn:v1:bluemix:public:is:{location}:a/{account}::{kind}:{ident}"


def account_for_api_key(api_key: str) -> str:
    """A stable 32-hex account id derived from an API key (used when no config maps keys)."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:32]


def default_resource_group(account: str) -> dict:
    rg_id = hashlib.sha256(f"default-rg:{account}".encode()).hexdigest()[:32]
    return {
        "href": f"https://resource-controller.cloud.ibm.com/v2/resource_groups/{rg_id}",
        "id": rg_id,
        "name": "Default",
    }


def random_name(taken=frozenset(), rng=random) -> str:
    """Four random hyphenated words, like the names the VPC API generates; unique in `taken`."""
    while True:
        name = "-".join(rng.choice(_WORDS) for _ in range(4))
        if name not in taken:
            return name


def random_suffix() -> str:
    """The unique 16-character suffix appended to backup names."""
    return f"{_rng.getrandbits(64):016x}"


def new_etag() -> str:
    return etag_of(_rng.getrandbits(128))


def etag_of(bits: int) -> str:
    return f'W/"{_uuid_text(bits)}"'
