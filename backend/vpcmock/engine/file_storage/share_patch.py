"""What a share's PATCH may change, by the rules of the SDK's SharePatch (each property's
"For this property to be changed, ..." text) and IBM's file share profile documentation
(cloud.ibm.com/docs/vpc?topic=vpc-file-storage-profiles):

- `profile`: "The requested profile must be in the same `family`", and "you can't convert a
  zonal file share to a regional share, or a regional share to a zonal share" (dp2 and rfs are
  both `defined_performance`, so neither becomes the other). The mock's catalogue has dp2 and
  rfs only (the tiered and custom profiles are deprecated and no share of the mock has one), so
  a profile the catalogue lacks is `share_profile_not_found`, as at creation.
- `iops`: not for a profile whose IOPS are `fixed` (rfs); for dp2, 1 to 100 IOPS per GB of the
  share's size, within 100 to 96,000.
- `size`: grows only; not on a replica or an accessor; at most what the share's IOPS support
  (1 IOPS per GB at least, dp2).
- `iops`, `bandwidth`, `size`, `allowed_access_protocols`, `allowed_transit_encryption_modes`:
  not on an accessor share (it has its origin's).
- `access_control_mode`: only with no mount targets, `replication_role` `none` and not an
  accessor.
- `allowed_access_protocols` and `allowed_transit_encryption_modes` must keep those the share's
  mount targets use.

Errors are 400 `bad_field`-shaped with the share's codes (`share_<property>_invalid`), 409 for
a state the share must leave first (`share_has_mount_targets`).
"""

from __future__ import annotations

from vpcmock.catalog import SHARE_PROFILE_DATA
from vpcmock.errors import bad_field, conflict

DP2_IOPS_PER_GB = (1, 100)


def _refuse(prop: str, text: str, value=None):
    return bad_field(f"share_{prop}_invalid", text, prop, value if isinstance(value, (str, int)) else None)


def profile(share: dict, identity: dict) -> str:
    """The profile a PATCH names (by name or href), checked against the share's."""
    name = identity.get("name") or (identity.get("href") or "").rstrip("/").rpartition("/")[2]
    current = share["profile"]["name"]
    if name not in SHARE_PROFILE_DATA:
        raise bad_field("share_profile_not_found", f"Share profile {name!r} not found", "profile.name", name)
    if name == current:
        return name
    old, new = SHARE_PROFILE_DATA[current], SHARE_PROFILE_DATA[name]
    if old["family"] != new["family"]:
        raise _refuse("profile", f"Profile {name} is of family {new['family']}, the share's {current} of "
                      f"{old['family']}: a share changes only to a profile of its family", name)
    if old["availability_mode"] != new["availability_mode"]:
        raise _refuse("profile", f"Profile {name} is {new['availability_mode']}, the share is "
                      f"{old['availability_mode']}: a zonal share cannot become regional, nor the other way",
                      name)
    return name


def check_accessor(share: dict, patch: dict) -> None:
    if share.get("accessor_binding_role") != "accessor":
        return
    for prop in ("size", "iops", "bandwidth", "allowed_access_protocols", "allowed_transit_encryption_modes"):
        if prop in patch:
            raise _refuse(prop, f"An accessor share has its origin share's {prop.replace('_', ' ')}; change it there",
                          patch[prop])


def check_access_control_mode(share: dict, mode: str) -> None:
    if mode == share.get("access_control_mode"):
        return
    if share.get("mount_targets"):
        raise conflict("share_has_mount_targets", f"Share {share['id']} has mount targets; delete them before "
                       "changing its access_control_mode")
    if share.get("replication_role", "none") != "none" or share.get("accessor_binding_role") == "accessor":
        raise _refuse("access_control_mode", "The access control mode of a replica, a replicated share or an "
                      "accessor share cannot change", mode)


def iops_range(profile_name: str, size: int) -> tuple[int, int] | None:
    """The IOPS a share of `profile_name` and `size` may have; None: fixed by the profile."""
    spec = SHARE_PROFILE_DATA[profile_name]["iops"]
    if spec.get("type") == "fixed":
        return None
    low, high = spec.get("min", 100), spec.get("max", 96000)
    if spec.get("type") == "dependent_range":
        low, high = max(low, DP2_IOPS_PER_GB[0] * size), min(high, DP2_IOPS_PER_GB[1] * size)
    return low, high


def check_iops(profile_name: str, size: int, iops: int) -> None:
    allowed = iops_range(profile_name, size)
    if allowed is None:
        raise _refuse("iops", f"Profile {profile_name} has fixed IOPS; they cannot be changed", iops)
    if not allowed[0] <= iops <= allowed[1]:
        raise _refuse("iops", f"A {size} GB share of profile {profile_name} has {allowed[0]} to {allowed[1]} IOPS",
                      iops)


def check_size(share: dict, profile_name: str, size: int, iops: int) -> None:
    if share.get("replication_role") == "replica":
        raise _refuse("size", "A replica has its source share's size; change the source's", size)
    if iops_range(profile_name, size) is not None and iops < DP2_IOPS_PER_GB[0] * size:
        raise _refuse("size", f"A share of {iops} IOPS is at most {iops // DP2_IOPS_PER_GB[0]} GB; raise its iops "
                      "first (or with the size)", size)


def check_kept_modes(share: dict, prop: str, given: list[str]) -> None:
    """The mount targets' access protocols / transit encryption modes stay allowed."""
    key = {"allowed_access_protocols": "access_protocol", "allowed_transit_encryption_modes": "transit_encryption"}
    used = sorted({t.get(key[prop]) for t in share.get("mount_targets") or [] if t.get(key[prop])})
    missing = [mode for mode in used if mode not in given]
    if missing:
        raise _refuse(prop, f"The share's mount targets use {', '.join(missing)}, which {prop} must keep",
                      ",".join(given))
