"""Static facts of the IBM Cloud catalogue: regions, zones, storage profiles.

The id prefixes are illustrative (real ids carry a region or zone prefix such as
``r006-``); nothing parses them.
"""

from dataclasses import dataclass

# Regions of the IBM catalogue, with the id prefix used for resources created there.
REGION_PREFIXES = {
    "us-south": "r006",
    "us-east": "r014",
    "ca-tor": "r038",
    "ca-mon": "r058",
    "br-sao": "r042",
    "eu-gb": "r018",
    "eu-de": "r010",
    "eu-es": "r050",
    "jp-tok": "r022",
    "jp-osa": "r034",
    "au-syd": "r026",
    "in-che": "r046",
}
REGIONS = tuple(REGION_PREFIXES)

# The seed: cross-regional copies are not supported in Montreal and Chennai.
NO_CROSS_REGION_COPY = frozenset({"ca-mon", "in-che"})


def zones_of(region: str) -> tuple[str, ...]:
    """Every region of the catalogue has three zones, ``<region>-1`` to ``-3``."""
    return tuple(f"{region}-{n}" for n in (1, 2, 3))


def region_of_zone(zone: str) -> str | None:
    region, _, number = zone.rpartition("-")
    if region in REGION_PREFIXES and number in {"1", "2", "3"}:
        return region
    return None


@dataclass(frozen=True)
class VolumeProfile:
    name: str
    family: str
    storage_generation: int
    # Gen-1 "tiered"/"custom" volumes may not have a first backup over 10 TB (seed).
    backup_size_limited: bool
    iops_per_gb: int | None  # None: iops is given by the user or fixed


VOLUME_PROFILES = {
    p.name: p
    for p in (
        VolumeProfile("general-purpose", "tiered", 1, True, 3),
        VolumeProfile("5iops-tier", "tiered", 1, True, 5),
        VolumeProfile("10iops-tier", "tiered", 1, True, 10),
        VolumeProfile("custom", "custom", 1, True, None),
        VolumeProfile("sdp", "defined_performance", 2, False, None),
    )
}

# Per-generation snapshot caps (seed, "Limitations").
SNAPSHOTS_PER_VOLUME = {1: 750, 2: 512}

# File share profiles: dp2 is zonal, rfs is regional (the seed's "regional file shares").
SHARE_PROFILES = {"dp2": "zonal", "rfs": "regional"}
SNAPSHOTS_PER_SHARE = {"zonal": 750, "regional": 30}

# Instance profiles and stock images: vpcmock/images.py.
