"""Block storage volumes, including restore from a snapshot."""

from __future__ import annotations

from datetime import datetime, timedelta

from vpcmock import ids
from vpcmock.catalog import VOLUME_PROFILE_DATA, VOLUME_PROFILES, region_of_zone
from vpcmock.engine.platform import resource_groups
from vpcmock.engine.platform.key_protect.encryption import check_root_key
from vpcmock.engine.block_storage import allowed_use, blocks
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, reference, resolve_zone, zone_ref
from vpcmock.errors import bad_field, conflict, field, not_found
from vpcmock.timeutil import parse_rfc3339, rfc3339

MIN_CAPACITY = 10  # GB, any profile
MAX_CAPACITY = {1: 16000, 2: 32000}  # GB, by storage generation
# A restored volume reads at once but hydrates in the background: simulated at 1 GB/second.
HYDRATION_GB_PER_SECOND = 1.0


def get_volume(ctx: Ctx, volume_id: str) -> dict:
    volume = ctx.owned(ctx.store.get("volumes", volume_id))
    if volume is None:
        raise not_found("volume", volume_id)
    return volume


def profile_of(volume: dict):
    return VOLUME_PROFILES[volume["profile"]["name"]]


def _source_snapshot(ctx: Ctx, identity: dict, target: str) -> dict:
    """The snapshot a volume is restored from: a SnapshotIdentity ({id}, {crn} or {href}) of this
    account and region, or a 400. (Read from the store here, so that this module does not import
    the snapshots module, which imports this one.)"""
    ident = identity_id(identity)
    snapshot = ctx.owned(ctx.store.get("snapshots", ident))
    if snapshot is None:
        raise bad_field("snapshot_not_found", f"Snapshot {ident!r} not found", target, ident)
    return snapshot


def create_volume(ctx: Ctx, proto: dict, target: str = "", *, zone: str | None = None,
                  image: dict | None = None) -> dict:
    """Create a volume from a VolumePrototype; `zone` is given in an instance context, and
    `image` (an Image view) for a boot volume made from one, whose `operating_system` and
    `allowed_use` it takes (a source snapshot's likewise)."""
    profile = VOLUME_PROFILES.get(proto["profile"]["name"])
    if profile is None:
        raise bad_field("volume_profile_not_found", f"Volume profile {proto['profile']['name']!r} not found",
                        target + "profile.name", proto["profile"]["name"])
    zone = zone or resolve_zone(proto.get("zone") or {}, ctx.region, target + "zone")
    name = name_for_new(ctx.partition("volumes").values(), proto.get("name"), "volume_name_duplicate",
                        "A volume named {name!r} already exists", target + "name")
    capacity = proto.get("capacity")
    source = None
    if proto.get("source_snapshot"):
        source = _source_snapshot(ctx, proto["source_snapshot"], target + "source_snapshot")
        if source["lifecycle_state"] != "stable":
            raise conflict("snapshot_not_stable", f"Snapshot {source['id']} is {source['lifecycle_state']}, not stable",
                           field(target + "source_snapshot"))
        if source["storage_generation"] != profile.storage_generation:
            raise bad_field("volume_profile_generation_mismatch",
                            f"A snapshot of a generation-{source['storage_generation']} volume cannot create a "
                            f"volume with the generation-{profile.storage_generation} profile {profile.name!r}",
                            target + "profile.name", profile.name)
        capacity = capacity or source["minimum_capacity"]
        if capacity < source["minimum_capacity"]:
            raise bad_field("volume_capacity_too_small",
                            f"Capacity must be at least the snapshot's minimum_capacity {source['minimum_capacity']}",
                            target + "capacity", capacity)
    if capacity is None:
        raise bad_field("missing_field", "capacity is required unless source_snapshot is given", target + "capacity")
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY[profile.storage_generation]:
        raise bad_field("volume_capacity_invalid",
                        f"capacity must be from {MIN_CAPACITY} to {MAX_CAPACITY[profile.storage_generation]} GB for {profile.name}",
                        target + "capacity", capacity)
    iops = proto.get("iops") or (capacity * profile.iops_per_gb if profile.iops_per_gb else 3000)
    if proto.get("bandwidth") is not None:
        _check_bandwidth(profile, proto["bandwidth"], target + "bandwidth")
    volume_id = ids.new_id(ctx.region)
    if (proto.get("encryption_key") or {}).get("crn"):  # a Key Protect root key of the account, when it names one
        check_root_key(ctx, proto["encryption_key"]["crn"], target + "encryption_key.crn")
    encryption_key = (proto.get("encryption_key") or {}).get("crn") or (source or {}).get("encryption_key", {}).get("crn")
    volume = ctx.stamp({
        "id": volume_id,
        "crn": ids.crn(zone, ctx.account, "volume", volume_id),
        "href": f"/{ctx.region}/v1/volumes/{volume_id}",
        "name": name,
        "capacity": capacity,
        "iops": iops,
        "bandwidth": proto.get("bandwidth") or min(iops * 256 // 1000, 8192),
        "profile": {"href": f"/{ctx.region}/v1/volume/profiles/{profile.name}", "name": profile.name,
                    "resource_type": "volume_profile"},
        "storage_generation": profile.storage_generation,
        "zone": zone_ref(zone),
        "resource_group": resource_groups.of_prototype(ctx, proto),
        "encryption": "user_managed" if encryption_key else "provider_managed",
        "user_tags": list(dict.fromkeys(proto.get("user_tags") or [])),
        "status": "available",
        "status_reasons": [],
        "health_state": "ok",
        "health_reasons": [],
        "created_at": rfc3339(ctx.now),
        "active": False,
        "busy": False,
        "resource_type": "volume",
        "adjustable_capacity_states": ["attached", "unattached"],
        "adjustable_iops_states": ["attached", "unattached"] if profile.family != "tiered" else [],
        "software_attachments": [],
        "_etag": ids.new_etag(),
    })
    if encryption_key:
        volume["encryption_key"] = {"crn": encryption_key}
    origin = source if source is not None else image
    if origin is not None and origin.get("operating_system"):
        volume["operating_system"] = origin["operating_system"]
    if proto.get("allowed_use") is not None:
        # VolumePrototypeInstanceByImageContext and VolumePrototypeVolumeBySourceSnapshot take
        # allowed_use, "Can only be specified if `source_snapshot` is bootable"; the
        # ByCapacity prototypes have none: a volume of no operating system is refused one.
        if not (volume.get("operating_system") or (source or {}).get("bootable")):
            raise bad_field("volume_allowed_use_not_bootable", "allowed_use can only be specified for a volume made "
                            "from an image or a bootable snapshot", target + "allowed_use")
        volume["allowed_use"] = allowed_use.check(proto["allowed_use"], ctx, target + "allowed_use")
    elif origin is not None and origin.get("allowed_use"):
        volume["allowed_use"] = dict(origin["allowed_use"])  # "inherited from the source_image" (or snapshot)
    if source is not None:
        volume["source_snapshot"] = reference(source, "snapshot")
        volume["_restored_from"] = source["id"]
        volume.update(blocks.restored_map(ctx, source))
    volume = ctx.store.put("volumes", volume)
    if source is not None:
        volume = _start_hydration(ctx, volume, source)
    return volume


def _check_bandwidth(profile, bandwidth: int, target: str) -> None:
    """A volume's bandwidth is the client's to set on a second-generation profile (sdp), within
    the profile's range; a first-generation one's follows its IOPS. The SDK: a profile whose
    `bandwidth.type` is `dependent` refuses it; the IBM provider's ibm_is_volume: "For this
    property to be specified, the volume storage_generation must be 2" (the catalogue gives
    every profile a `dependent_range`, so the provider's rule is the one that tells them apart)."""
    if profile.storage_generation != 2:
        raise bad_field("volume_bandwidth_not_adjustable", f"The bandwidth of a volume with profile {profile.name!r} "
                        "follows its IOPS; only a storage generation 2 profile (sdp) takes one", target, bandwidth)
    limits = VOLUME_PROFILE_DATA[profile.name]["bandwidth"]
    if not limits["min"] <= bandwidth <= limits["max"]:
        raise bad_field("volume_bandwidth_invalid", f"bandwidth must be from {limits['min']} to {limits['max']} "
                        f"Mbps for {profile.name}", target, bandwidth)


def _start_hydration(ctx: Ctx, volume: dict, snapshot: dict) -> dict:
    """Report `degraded` / `initializing_from_snapshot` until the data is fully copied in.

    A fast-restore clone of the snapshot in the volume's zone makes it fully hydrated at once.
    """
    zone = volume["zone"]["name"]
    if any(c["zone"]["name"] == zone and c["available"] for c in snapshot.get("clones", [])):
        return volume
    seconds = max(1, int(volume["capacity"] / HYDRATION_GB_PER_SECOND))
    volume = ctx.store.replace("volumes", volume, health_state="degraded", health_reasons=[{
        "code": "initializing_from_snapshot",
        "message": "Performance will be degraded while this volume is being initialized from its snapshot",
        "more_info": "https://cloud.ibm.com/docs/vpc?topic=vpc-snapshots-vpc-troubleshooting&interface=ui#snapshot_ts_degraded_perf",
    }])
    return ctx.schedule("volumes", volume, "hydrated", ctx.now + timedelta(seconds=seconds))


def hydration(volume: dict, now: datetime) -> dict | None:
    """A restored volume still hydrating: when it started (its creation), when it completes, and
    its progress from 0 to 1 at `now`; None once it is hydrated (or was never restored)."""
    done = (volume.get("_events") or {}).get("hydrated")
    if done is None:
        return None
    started, ends = parse_rfc3339(volume["created_at"]), parse_rfc3339(done)
    span = (ends - started).total_seconds()
    progress = 1.0 if span <= 0 else min(1.0, max(0.0, (now - started).total_seconds() / span))
    return {"started_at": volume["created_at"], "completes_at": done, "progress": round(progress, 4)}


def on_hydrated(ctx: Ctx, volume: dict) -> dict:
    volume = ctx.schedule("volumes", volume, "hydrated", None)
    return ctx.store.replace("volumes", volume, health_state="ok", health_reasons=[])


def update_volume(ctx: Ctx, volume: dict, patch: dict) -> dict:
    changes = {}
    if "name" in patch:
        check_rename(ctx.partition("volumes").values(), volume, patch["name"], "volume_name_duplicate",
                     "A volume named {name!r} already exists")
        changes["name"] = patch["name"]
    if "user_tags" in patch:
        changes["user_tags"] = list(dict.fromkeys(patch["user_tags"]))
    if "capacity" in patch:
        generation = volume["storage_generation"]
        if not volume["capacity"] <= patch["capacity"] <= MAX_CAPACITY[generation]:
            raise bad_field("volume_capacity_invalid",
                            f"capacity can only grow, up to {MAX_CAPACITY[generation]} GB", "capacity", patch["capacity"])
        changes["capacity"] = patch["capacity"]
    if "iops" in patch:
        changes["iops"] = patch["iops"]
    if "profile" in patch and patch["profile"]["name"] != volume["profile"]["name"]:
        changes.update(_profile_change(ctx, volume, patch["profile"]["name"], changes.get("capacity")))
    if "bandwidth" in patch:
        name = changes.get("profile", volume["profile"])["name"]
        _check_bandwidth(VOLUME_PROFILES[name], patch["bandwidth"], "bandwidth")
        changes["bandwidth"] = patch["bandwidth"]
    if "allowed_use" in patch:
        changes["allowed_use"] = _allowed_use_change(ctx, volume, patch["allowed_use"])
    if not changes:
        return volume
    return ctx.store.replace("volumes", volume, **changes, _etag=ids.new_etag())


def _allowed_use_change(ctx: Ctx, volume: dict, patch: dict) -> dict:
    """VolumePatch.allowed_use "can only be specified for boot volumes with an
    `attachment_state` of `unattached`" (the SDK): a volume holding no operating system is a
    400, an attached one a 409. The given properties replace the volume's own."""
    if not volume.get("operating_system"):
        raise bad_field("volume_not_bootable", f"Volume {volume['id']} holds no operating system: allowed_use is "
                        "only for boot volumes", "allowed_use")
    if volume.get("_attachment"):
        raise conflict("volume_attached", f"Volume {volume['id']} is attached; its allowed_use can only change "
                       "while it is unattached", field("allowed_use"))
    return {**(volume.get("allowed_use") or {}), **allowed_use.check(patch, ctx, "allowed_use", partial=True)}


def _profile_change(ctx: Ctx, volume: dict, name: str, capacity: int | None) -> dict:
    """A volume changes profile within its storage generation (the tiered profiles and custom
    among themselves); a tiered profile sets iops from the capacity, as at creation."""
    profile = VOLUME_PROFILES.get(name)
    if profile is None:
        raise bad_field("volume_profile_not_found", f"Volume profile {name!r} not found", "profile.name", name)
    if profile.storage_generation != volume["storage_generation"]:
        raise bad_field("volume_profile_generation_mismatch",
                        f"A volume of storage generation {volume['storage_generation']} cannot take profile {name!r} "
                        f"(generation {profile.storage_generation})", "profile.name", name)
    changes = {"profile": {**volume["profile"], "href": f"/{ctx.region}/v1/volume/profiles/{name}", "name": name}}
    if profile.iops_per_gb:
        changes["iops"] = (capacity or volume["capacity"]) * profile.iops_per_gb
    return changes


def delete_volume(ctx: Ctx, volume: dict) -> None:
    if volume.get("_attachment"):
        raise conflict("volume_in_use", f"Volume {volume['id']} is attached to an instance; detach it first")
    ctx.store.delete("volumes", volume["id"])


def attachment_of(ctx: Ctx, volume: dict) -> tuple[dict, dict] | None:
    """(instance, attachment) the volume is attached through, if any."""
    link = volume.get("_attachment")
    if not link:
        return None
    instance = ctx.store.get("instances", link["instance_id"])
    if instance is None:
        return None
    for attachment in instance["attachments"]:
        if attachment["id"] == link["attachment_id"]:
            return instance, attachment
    return None


def present_volume(ctx: Ctx, volume: dict) -> dict:
    view = dict(volume)
    found = attachment_of(ctx, volume)
    view["volume_attachments"] = []
    view["attachment_state"] = "unattached"
    if found:
        instance, attachment = found
        view["attachment_state"] = "attached"
        view["active"] = instance["status"] == "running"
        view["volume_attachments"] = [{
            "delete_volume_on_instance_delete": attachment["delete_volume_on_instance_delete"],
            "device": {"id": f"{attachment['id']}-device"},
            "href": f"{instance['href']}/volume_attachments/{attachment['id']}",
            "id": attachment["id"], "name": attachment["name"], "type": attachment["type"],
            "instance": reference(instance, "instance"),
        }]
    return view


def zone_region_matches(volume: dict, region: str) -> bool:
    return region_of_zone(volume["zone"]["name"]) == region


def require_attachable(ctx: Ctx, volume: dict, zone: str, target: str) -> None:
    if volume.get("_attachment"):
        raise conflict("volume_in_use", f"Volume {volume['id']} is already attached to an instance",
                       field(target, volume["id"]))
    if volume["zone"]["name"] != zone:
        raise bad_field("volume_zone_mismatch", f"Volume {volume['id']} is in zone {volume['zone']['name']}, "
                        f"the instance in {zone}", target, volume["id"])


