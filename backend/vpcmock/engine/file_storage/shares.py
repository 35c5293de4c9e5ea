"""File shares (zonal ``dp2`` and regional ``rfs``) and their snapshots."""

from __future__ import annotations

from datetime import timedelta

from vpcmock import ids
from vpcmock.catalog import SHARE_PROFILE_DATA, SHARE_PROFILES, SNAPSHOTS_PER_SHARE
from vpcmock.engine.platform import resource_groups
from vpcmock.engine.backup import schedule
from vpcmock.engine.block_storage import snapshots
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.file_storage import mount_targets, share_patch
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, reference, resolve_zone, zone_ref
from vpcmock.errors import ApiError, bad_field, conflict, echo, field, not_found
from vpcmock.timeutil import rfc3339

SHARE_SNAPSHOT_SECONDS = 5


def get_share(ctx: Ctx, share_id: str) -> dict:
    share = ctx.owned(ctx.store.get("shares", share_id))
    if share is None:
        raise not_found("share", share_id)
    return share


def _profile(name: str, target: str) -> str:
    if name not in SHARE_PROFILES:
        raise bad_field("share_profile_not_found", f"Share profile {name!r} not found", target, name)
    return SHARE_PROFILES[name]


def create_share(ctx: Ctx, proto: dict) -> dict:
    """A share, of a size (SharePrototypeShareBySize), restored from a share snapshot
    (`source_snapshot`), a replica of another share (`source_share`, with its
    `replication_cron_spec`) or an accessor of one (`origin_share`); with an optional replica in
    another zone (`replica_share`) and the mount targets given (`mount_targets`)."""
    if proto.get("origin_share"):
        return _create_accessor(ctx, proto)
    if not proto.get("profile"):
        raise bad_field("missing_field", "profile is required (unless origin_share is given)", "profile")
    if proto.get("source_share"):
        return _create_replica_of(ctx, proto)
    if proto.get("replication_cron_spec") is not None:
        raise bad_field("share_replication_cron_spec_invalid", "replication_cron_spec is given with source_share",
                        "replication_cron_spec", proto["replication_cron_spec"])
    profile = proto["profile"]["name"]
    availability = _profile(profile, "profile.name")
    source = _source_snapshot(ctx, proto, availability) if proto.get("source_snapshot") else None
    zone = None
    if source is not None:
        zone = (source.get("zone") or {}).get("name")
    elif availability == "zonal":
        zone = resolve_zone(proto.get("zone") or {}, ctx.region, "zone")
    elif proto.get("zone"):
        raise bad_field("share_zone_not_allowed", "A regional share (profile rfs) has no zone", "zone")
    shares = list(ctx.partition("shares").values())
    name = name_for_new(shares, proto.get("name"), "share_name_duplicate", "A share named {name!r} already exists")
    size = proto.get("size") or (source or {}).get("minimum_size")
    if size is None:
        raise bad_field("missing_field", "size is required unless source_snapshot is given", "size")
    _check_size(profile, size, "size")
    if source is not None and size < source["minimum_size"]:
        raise bad_field("share_size_invalid", f"size must be at least the snapshot's minimum_size "
                        f"{source['minimum_size']}", "size", size)
    share = _new_share(ctx, name=name, profile=profile, availability=availability, zone=zone, size=size, proto=proto)
    if source is not None:
        share["source_snapshot"] = reference(source, "share_snapshot")
        share["_files"] = dict(source.get("_files", {}))
    if proto.get("replica_share"):
        if availability != "zonal":
            raise bad_field("share_replica_unsupported", "Only zonal shares can have a replica", "replica_share")
        share = _with_replica(ctx, share, proto["replica_share"], [*shares, share])
    return _with_mount_targets(ctx, ctx.store.put("shares", share), proto.get("mount_targets"), "mount_targets")


def _check_size(profile: str, size: int, target: str) -> None:
    """A size within the profile's capacity range (dp2: 10 to 32,000 GB, rfs: 1 to 32,000)."""
    capacity = SHARE_PROFILE_DATA[profile]["capacity"]
    if not capacity["min"] <= size <= capacity["max"]:
        raise bad_field("share_size_invalid", f"size must be from {capacity['min']} to {capacity['max']} GB for "
                        f"profile {profile}", target, size)


def _with_mount_targets(ctx: Ctx, share: dict, targets: list[dict] | None, where: str) -> dict:
    for index, target in enumerate(targets or []):
        share, _ = mount_targets.create(ctx, share, target, f"{where}[{index}].")
    return share


def _share_named(ctx: Ctx, identity: dict, target: str) -> dict:
    ident = identity_id(identity)
    share = ctx.owned(ctx.store.get("shares", ident or ""))
    if share is None or (identity.get("crn") and share["crn"] != identity["crn"]):
        raise bad_field("share_not_found", f"Share {echo(ident or identity.get('crn'))} not found in this account "
                        f"and region {ctx.region}", target, ident)
    return share


def _create_replica_of(ctx: Ctx, proto: dict) -> dict:
    """A replica of an existing share (SharePrototypeShareBySourceShare): in another zone, of
    the source's size, replicated on `replication_cron_spec`."""
    source = _share_named(ctx, proto["source_share"], "source_share")
    if source["availability_mode"] != "zonal" or source.get("replication_role", "none") != "none":
        raise bad_field("share_replica_unsupported", f"Share {source['id']} cannot have a replica: it is "
                        f"{source['availability_mode']} with replication_role {source.get('replication_role')}",
                        "source_share", source["id"])
    if proto.get("replication_cron_spec") is None:
        raise bad_field("missing_field", "A replica needs its replication_cron_spec", "replication_cron_spec")
    replica_proto = {key: proto[key] for key in ("name", "profile", "zone", "replication_cron_spec", "user_tags",
                                                  "resource_group", "iops", "allowed_transit_encryption_modes")
                     if key in proto}
    if "zone" not in replica_proto:
        raise bad_field("missing_field", "A replica names its zone", "zone")
    shares = list(ctx.partition("shares").values())
    source = _with_replica(ctx, source, replica_proto, shares, prefix="")
    source = ctx.store.put("shares", {**source, "_etag": ids.new_etag()})
    replica = ctx.store.get("shares", source["_replica_id"])
    return _with_mount_targets(ctx, replica, proto.get("mount_targets"), "mount_targets")


def _create_accessor(ctx: Ctx, proto: dict) -> dict:
    """An accessor share (SharePrototypeShareByOriginShare): another way into the origin share's
    data, of its profile, size, zone and encryption; the origin lists an accessor binding."""
    origin = _share_named(ctx, proto["origin_share"], "origin_share")
    if origin["access_control_mode"] != "security_group" or origin["accessor_binding_role"] == "accessor":
        raise bad_field("share_origin_invalid", "An origin share has access_control_mode security_group and is not "
                        "an accessor itself", "origin_share", origin["id"])
    for key in ("profile", "size", "zone", "source_snapshot", "iops", "bandwidth", "encryption_key",
                "access_control_mode", "initial_owner", "allowed_access_protocols"):
        if proto.get(key) is not None:
            raise bad_field("share_accessor_invalid", f"An accessor share takes its {key} from its origin share",
                            key, None)
    shares = list(ctx.partition("shares").values())
    name = name_for_new(shares, proto.get("name"), "share_name_duplicate", "A share named {name!r} already exists")
    modes = proto.get("allowed_transit_encryption_modes")
    accessor = _new_share(ctx, name=name, profile=origin["profile"]["name"], availability=origin["availability_mode"],
                          zone=(origin.get("zone") or {}).get("name"), size=origin["size"], proto={
                              "user_tags": proto.get("user_tags") or [], "resource_group": proto.get(
                                  "resource_group") or {"id": origin["resource_group"]["id"]},
                              "allowed_transit_encryption_modes": modes or origin["allowed_transit_encryption_modes"],
                              "iops": origin["iops"]})
    binding_id = ids.new_id(ctx.region)
    binding = {"href": f"{origin['href']}/accessor_bindings/{binding_id}", "id": binding_id,
               "resource_type": "share_accessor_binding", "created_at": rfc3339(ctx.now),
               "lifecycle_state": "stable", "_accessor_id": accessor["id"]}
    accessor.update(accessor_binding_role="accessor", origin_share=reference(origin, "share"),
                    bandwidth=origin["bandwidth"], access_control_mode=origin["access_control_mode"],
                    encryption=origin["encryption"], _origin_id=origin["id"], _binding_id=binding_id,
                    **({"encryption_key": origin["encryption_key"]} if origin.get("encryption_key") else {}))
    ctx.store.replace("shares", origin, accessor_binding_role="origin",
                      accessor_bindings=list(origin.get("accessor_bindings") or []) + [binding], _etag=ids.new_etag())
    return _with_mount_targets(ctx, ctx.store.put("shares", accessor), proto.get("mount_targets"), "mount_targets")


def accessor_bindings(share: dict) -> list[dict]:
    return list(share.get("accessor_bindings") or [])


def get_accessor_binding(share: dict, ident: str) -> dict:
    found = next((b for b in accessor_bindings(share) if b["id"] == ident), None)
    if found is None:
        raise not_found("share_accessor_binding", ident)
    return found


def present_accessor_binding(ctx: Ctx, binding: dict) -> dict:
    """ShareAccessorBinding: the accessor share it binds (ShareAccessorBindingAccessor)."""
    accessor = ctx.store.get("shares", binding["_accessor_id"])
    view = {key: binding[key] for key in ("created_at", "href", "id", "lifecycle_state", "resource_type")}
    view["accessor"] = reference(accessor, "share") if accessor is not None else {
        "id": binding["_accessor_id"], "resource_type": "share"}
    return view


def delete_accessor_binding(ctx: Ctx, share: dict, binding: dict) -> dict:
    """Revoke an accessor's access: the binding goes from the origin. The accessor share stays,
    an accessor still naming its origin (as IBM's acceptance tests read it after the revocation);
    deleting it later finds no binding to remove."""
    return _unbind(ctx, share, binding)


def _unbind(ctx: Ctx, origin: dict, binding: dict) -> dict:
    left = [b for b in accessor_bindings(origin) if b["id"] != binding["id"]]
    return ctx.store.replace("shares", origin, accessor_bindings=left,
                             accessor_binding_role="origin" if left else "none", _etag=ids.new_etag())


def _source_snapshot(ctx: Ctx, proto: dict, availability: str) -> dict:
    """The share snapshot a share is restored from. The new share lives where the snapshot
    does: share backups cannot be moved to another zone or region on their own (seed)."""
    ident = identity_id(proto["source_snapshot"])
    snapshot = ctx.owned(ctx.store.get("share_snapshots", ident))
    if snapshot is None:
        raise bad_field("share_snapshot_not_found", f"Share snapshot {ident!r} not found in region {ctx.region}; "
                        "share backups cannot be used in another region", "source_snapshot", ident)
    if snapshot["lifecycle_state"] != "stable":
        raise conflict("share_snapshot_not_stable", f"Share snapshot {ident} is {snapshot['lifecycle_state']}",
                       field("source_snapshot"))
    wanted_zone = (proto.get("zone") or {}).get("name")
    if wanted_zone and wanted_zone != (snapshot.get("zone") or {}).get("name"):
        raise bad_field("share_source_snapshot_zone_mismatch",
                        "A share restored from a backup resides in the backup's zone; share backups cannot be "
                        "copied to another zone", "zone.name", wanted_zone)
    if ("zone" in snapshot) != (availability == "zonal"):
        raise bad_field("share_profile_availability_mismatch", "The profile's availability (zonal or regional) "
                        "must match the source snapshot's share", "profile.name", proto["profile"]["name"])
    return snapshot


def _with_replica(ctx: Ctx, share: dict, proto: dict, shares: list[dict], prefix: str = "replica_share.") -> dict:
    _check_replication_schedule(proto["replication_cron_spec"], f"{prefix}replication_cron_spec")
    zone = resolve_zone(proto["zone"], ctx.region, f"{prefix}zone")
    if zone == share["zone"]["name"]:
        raise bad_field("share_replica_zone_invalid", "A replica must be in another zone than its source",
                        f"{prefix}zone.name", zone)
    if _profile(proto["profile"]["name"], f"{prefix}profile.name") != "zonal":
        raise bad_field("share_replica_unsupported", "A replica needs a zonal profile", f"{prefix}profile.name",
                        proto["profile"]["name"])
    name = name_for_new(shares, proto.get("name"), "share_name_duplicate", "A share named {name!r} already exists",
                        f"{prefix}name")
    replica = _new_share(ctx, name=name, profile=proto["profile"]["name"], availability="zonal", zone=zone,
                         size=share["size"], proto={
                             "user_tags": proto.get("user_tags") or [], "iops": proto.get("iops") or share["iops"],
                             "resource_group": proto.get("resource_group"), "allowed_transit_encryption_modes":
                                 proto.get("allowed_transit_encryption_modes"),
                             "access_control_mode": share["access_control_mode"]})  # a replica's is its source's
    replica.update(replication_role="replica", replication_status="active",
                   replication_cron_spec=proto["replication_cron_spec"],
                   source_share=reference(share, "share"), _source_share_id=share["id"])
    replica = ctx.store.put("shares", replica)
    if prefix and proto.get("mount_targets"):
        _with_mount_targets(ctx, replica, proto["mount_targets"], f"{prefix}mount_targets")
    return {**share, "replication_role": "source", "replication_status": "active",
            "replica_share": reference(replica, "share"), "_replica_id": replica["id"]}


# The reference is silent on replication schedules; IBM's API documentation allows a share's
# replication at most once every 15 minutes, which is the rule applied here.
REPLICATION_MIN_GAP_MINUTES = 15


def _check_replication_schedule(text: str, target: str = "replica_share.replication_cron_spec") -> None:
    """A replication schedule is a 5-field UTC cron spec that fires, at most every 15 minutes."""
    try:
        schedule.check_frequency(schedule.CronSpec(text), REPLICATION_MIN_GAP_MINUTES)
    except schedule.ScheduleError as exc:
        raise bad_field("share_replication_cron_spec_invalid", str(exc).replace("cron_spec", "replication_cron_spec"),
                        target, text) from None


def _new_share(ctx: Ctx, *, name: str, profile: str, availability: str, zone: str | None, size: int,
               proto: dict) -> dict:
    share_id = ids.new_id(ctx.region)
    encryption_key = proto.get("encryption_key")
    share = ctx.stamp({
        "id": share_id,
        "crn": ids.crn(zone or ctx.region, ctx.account, "share", share_id),
        "href": f"/{ctx.region}/v1/shares/{share_id}",
        "name": name,
        "size": size,
        "iops": proto.get("iops") or 3000,
        "bandwidth": _bandwidth(profile, proto.get("bandwidth")),
        "profile": {"href": f"/{ctx.region}/v1/share/profiles/{profile}", "name": profile,
                    "resource_type": "share_profile"},
        "availability_mode": availability,
        "access_control_mode": proto.get("access_control_mode") or _access_control_default(proto),
        "accessor_binding_role": "none",
        "accessor_bindings": [],
        "allowed_access_protocols": _access_protocols(proto.get("allowed_access_protocols")),
        "allowed_transit_encryption_modes": _transit_modes(profile, proto),
        "created_at": rfc3339(ctx.now),
        "encryption": "user_managed" if encryption_key else "provider_managed",
        "initial_owner": {"gid": 0, "uid": 0, **(proto.get("initial_owner") or {})},
        "lifecycle_reasons": [],
        "lifecycle_state": "stable",
        "mount_targets": [],
        "replication_role": "none",
        "replication_status": "none",
        "replication_status_reasons": [],
        "resource_group": resource_groups.of_prototype(ctx, proto),
        "resource_type": "share",
        "storage_generation": 1,
        "user_tags": list(dict.fromkeys(proto.get("user_tags") or [])),
        "_etag": ids.new_etag(),
    })
    if zone:
        share["zone"] = zone_ref(zone)
    if encryption_key:
        share["encryption_key"] = {"crn": encryption_key["crn"]}
    return share


TRANSIT_MODES = ("ipsec", "none", "stunnel")  # the API's transit encryption modes (ibm-vpc's enums)


def _access_control_default(proto: dict) -> str:
    """`security_group` unless the mount targets given all name a VPC (mount targets of a `vpc`
    share name a VPC, those of a `security_group` one a virtual network interface)."""
    targets = proto.get("mount_targets") or []
    return "vpc" if targets and all(t.get("vpc") and not t.get("virtual_network_interface") for t in targets) \
        else "security_group"


def _transit_modes(profile: str, proto: dict) -> list[str]:
    """`allowed_transit_encryption_modes`: those given (a subset of the profile's); else those of
    the mount targets given; else the profile's."""
    allowed = SHARE_PROFILE_DATA[profile]["allowed_transit_encryption_modes"]
    given = proto.get("allowed_transit_encryption_modes")
    if given is None and proto.get("mount_targets"):
        given = list(dict.fromkeys(t.get("transit_encryption") or "none" for t in proto["mount_targets"]))
    if given is None:
        return list(allowed)
    for mode in given:
        if mode not in allowed:
            raise bad_field("share_transit_encryption_mode_invalid", f"Transit encryption mode {echo(mode)} is not "
                            f"one of profile {profile}'s: {', '.join(allowed)}", "allowed_transit_encryption_modes",
                            mode)
    if not given:
        raise bad_field("share_transit_encryption_mode_invalid", "allowed_transit_encryption_modes lists at least "
                        "one mode", "allowed_transit_encryption_modes")
    return sorted(dict.fromkeys(given))


def _access_protocols(given: list[str] | None) -> list[str]:
    if given is not None and (not given or any(p != "nfs4" for p in given)):
        raise bad_field("share_access_protocol_invalid", "The access protocols a share allows are nfs4",
                        "allowed_access_protocols", ",".join(map(str, given)))
    return ["nfs4"]


def _bandwidth(profile: str, given: int | None) -> int:
    """The share's bandwidth in Mbps: as given, within the profile's range (rfs: 25 to 8,192, 800
    by default; dp2: 1 to 8,192, a range that depends on its IOPS, not modelled); else the
    profile's default (800 where it has none)."""
    bandwidth = SHARE_PROFILE_DATA[profile]["bandwidth"]
    if given is None:
        return bandwidth.get("default", 800)
    if not bandwidth.get("min", given) <= given <= bandwidth.get("max", given):
        raise bad_field("share_bandwidth_invalid", f"A bandwidth for profile {profile} is from {bandwidth['min']} "
                        f"to {bandwidth['max']} Mbps", "bandwidth", given)
    return given


def update_share(ctx: Ctx, share: dict, patch: dict) -> dict:
    """Apply a SharePatch: every property it has, by the rules share_patch.py gives."""
    changes = {k: patch[k] for k in ("name", "user_tags") if k in patch}
    if "name" in changes:
        check_rename(ctx.partition("shares").values(), share, changes["name"], "share_name_duplicate",
                     "A share named {name!r} already exists")
    share_patch.check_accessor(share, patch)
    profile = share["profile"]["name"]
    if "profile" in patch:
        profile = share_patch.profile(share, patch["profile"])
        if profile != share["profile"]["name"]:
            changes["profile"] = {**share["profile"], "href": f"/{ctx.region}/v1/share/profiles/{profile}",
                                  "name": profile}
    if "access_control_mode" in patch:
        share_patch.check_access_control_mode(share, patch["access_control_mode"])
        changes["access_control_mode"] = patch["access_control_mode"]
    size, iops = patch.get("size", share["size"]), patch.get("iops", share.get("iops") or 0)
    if "size" in patch:
        if patch["size"] < share["size"]:
            raise bad_field("share_size_invalid", "size can only grow", "size", patch["size"])
        _check_size(profile, patch["size"], "size")
        share_patch.check_size(share, profile, size, iops)
        changes["size"] = patch["size"]
    if "iops" in patch:
        share_patch.check_iops(profile, size, patch["iops"])
        changes["iops"] = patch["iops"]
    if "bandwidth" in patch:
        changes["bandwidth"] = _bandwidth(profile, patch["bandwidth"])
    if "allowed_transit_encryption_modes" in patch:
        changes["allowed_transit_encryption_modes"] = _transit_modes(profile, patch)
        share_patch.check_kept_modes(share, "allowed_transit_encryption_modes",
                                     changes["allowed_transit_encryption_modes"])
    if "allowed_access_protocols" in patch:
        changes["allowed_access_protocols"] = _access_protocols(patch["allowed_access_protocols"])
        share_patch.check_kept_modes(share, "allowed_access_protocols", changes["allowed_access_protocols"])
    if "replication_cron_spec" in patch:
        if share.get("replication_role") != "replica":
            raise bad_field("share_replication_cron_spec_invalid", "Only a replica has a replication_cron_spec",
                            "replication_cron_spec", patch["replication_cron_spec"])
        _check_replication_schedule(patch["replication_cron_spec"], "replication_cron_spec")
        changes["replication_cron_spec"] = patch["replication_cron_spec"]
    if not changes:
        return share
    return ctx.store.replace("shares", share, **changes, _etag=ids.new_etag())


def delete_share(ctx: Ctx, share: dict) -> dict:
    """Delete a share and, as the seed's concepts section says, its snapshots and backups with it.

    (The seed's limitations section says backups remain; the concepts section, followed here,
    says "If a file share is deleted, its snapshots and backups are automatically deleted, too".)
    A share with a replica must lose its replica first, as in the service.
    """
    if share.get("_replica_id") and ctx.store.get("shares", share["_replica_id"]) is not None:
        raise conflict("share_has_replica", f"Share {share['id']} has a replica; delete the replica first")
    if share.get("mount_targets"):
        raise conflict("share_has_mount_targets", f"Share {share['id']} has mount targets; delete them first")
    if accessor_bindings(share):
        raise conflict("share_has_accessor_bindings", f"Share {share['id']} has accessor shares; delete them (or "
                       "its accessor bindings) first")
    if share.get("_origin_id"):
        origin = ctx.store.get("shares", share["_origin_id"])
        binding = next((b for b in accessor_bindings(origin or {}) if b["id"] == share.get("_binding_id")), None)
        if binding is not None:
            _unbind(ctx, origin, binding)
    for snapshot in list(snapshots_of(ctx, share["id"]).values()):
        ctx.store.delete("share_snapshots", snapshot["id"])
    if share.get("_source_share_id"):
        source = ctx.store.get("shares", share["_source_share_id"])
        if source is not None:
            cleared = {k: v for k, v in source.items() if k not in ("replica_share", "_replica_id")}
            ctx.store.put("shares", {**cleared, "replication_role": "none", "replication_status": "none"})
    ctx.store.delete("shares", share["id"])
    return {**share, "lifecycle_state": "deleting"}


def present_share(ctx: Ctx, share: dict) -> dict:
    members = snapshots_of(ctx, share["id"])
    return {**share, "snapshot_count": len(members), "snapshot_size": sum(s["minimum_size"] for s in members.values()),
            "mount_targets": [{key: t[key] for key in ("href", "id", "name", "resource_type")}
                              for t in share.get("mount_targets") or []],
            "accessor_bindings": [{key: b[key] for key in ("href", "id", "resource_type")}
                                  for b in accessor_bindings(share)]}


# -- share snapshots ---------------------------------------------------------------------------

def snapshots_of(ctx: Ctx, share_id: str) -> dict[str, dict]:
    return ctx.store.indexed("share_snapshots", "_share_id", share_id)


def get_share_snapshot(ctx: Ctx, share: dict, snapshot_id: str) -> dict:
    snapshot = ctx.store.get("share_snapshots", snapshot_id)
    if snapshot is None or snapshot["_share_id"] != share["id"]:
        raise not_found("share_snapshot", snapshot_id)
    return snapshot


def share_unusable_reason(ctx: Ctx, share: dict) -> str | None:
    """Why a snapshot of `share` cannot be taken (a job status code), or None."""
    if share["access_control_mode"] == "vpc":
        return "snapshot_source_unsupported"
    if len(snapshots_of(ctx, share["id"])) >= SNAPSHOTS_PER_SHARE[share["availability_mode"]]:
        return "snapshot_share_limit"
    return None


def take_share_snapshot(ctx: Ctx, share: dict, *, name: str | None, user_tags: list[str],
                        plan: dict | None = None, job_id: str | None = None, events: dict | None = None,
                        files: dict | None = None) -> dict:
    name = name_for_new(snapshots_of(ctx, share["id"]).values(), name, "share_snapshot_name_duplicate",
                        "The share already has a snapshot named {name!r}")
    snapshot_id = ids.new_id(ctx.region)
    snapshot = ctx.stamp({
        "id": snapshot_id,
        "crn": f"{share['crn']}/snapshot:{snapshot_id}",  # share snapshot CRNs nest under the share's
        "href": f"{share['href']}/snapshots/{snapshot_id}",
        "name": name,
        "created_at": rfc3339(ctx.now),
        "captured_at": rfc3339(ctx.now),
        "fingerprint": ids.new_etag()[3:-1],
        "lifecycle_reasons": [],
        "lifecycle_state": "pending",
        "minimum_size": share["size"],
        "resource_group": share["resource_group"],
        "resource_type": "share_snapshot",
        "status": "available",
        "status_reasons": [],
        "user_tags": list(dict.fromkeys(user_tags)),
        "_share_id": share["id"],
        "_files": share.get("_files", {}) if files is None else files,
        "_events": {"captured": rfc3339(ctx.now + timedelta(seconds=SHARE_SNAPSHOT_SECONDS)), **(events or {})},
        "_etag": ids.new_etag(),
    })
    if "zone" in share:
        snapshot["zone"] = share["zone"]
    if plan is not None:
        snapshot["backup_policy_plan"] = {"href": plan["href"], "id": plan["id"], "name": plan["name"],
                                          "resource_type": "backup_policy_plan"}
        snapshot["_plan_id"] = plan["id"]
        snapshot["_chain"] = f"{plan['id']}/{share['id']}"
        snapshot["_source"] = reference(share, "share")
    if job_id is not None:
        snapshot["_job_id"] = job_id
    snapshot = ctx.store.put("share_snapshots", snapshot)
    ctx.agenda.track("share_snapshots", snapshot)
    return snapshot


def on_captured(ctx: Ctx, snapshot: dict) -> dict:
    """A share snapshot is captured; a snapshot of a share with a replica is then copied to the
    replica's location (seed), where it appears among the replica's snapshots."""
    snapshot = snapshots.finish_capture(ctx, "share_snapshots", snapshot)
    share = ctx.store.get("shares", snapshot["_share_id"])
    replica = ctx.store.get("shares", (share or {}).get("_replica_id"))
    if replica is not None and "_replica_of" not in snapshot:
        copy = take_share_snapshot(ctx, replica, name=snapshot["name"], user_tags=snapshot["user_tags"],
                                   files=snapshot.get("_files", {}))
        extra = {"_replica_of": snapshot["id"], "captured_at": snapshot["captured_at"]}
        if "backup_policy_plan" in snapshot:
            extra["backup_policy_plan"] = snapshot["backup_policy_plan"]
        ctx.store.replace("share_snapshots", copy, **extra)
    return snapshot


def create_share_snapshot(ctx: Ctx, share: dict, proto: dict) -> dict:
    reason = share_unusable_reason(ctx, share)
    if reason == "snapshot_source_unsupported":
        raise conflict("share_snapshot_unsupported",
                       "Snapshots are not supported for shares with access_control_mode 'vpc'")
    if reason == "snapshot_share_limit":
        raise ApiError(400, "snapshot_share_limit", f"Share {share['id']} has reached its snapshot limit")
    return take_share_snapshot(ctx, share, name=proto.get("name"), user_tags=proto.get("user_tags") or [])


def delete_share_snapshot(ctx: Ctx, share: dict, snapshot: dict) -> dict:
    """Delete a share snapshot, captured or not (the API reference sets no condition on its
    state); only a replica's snapshots, copies of its source's, cannot be deleted on their own."""
    if share.get("replication_role") == "replica":
        raise conflict("share_snapshot_replica", f"Share {share['id']} is a replica: its snapshots are deleted with "
                       "those of its source share")
    remove_share_snapshot(ctx, snapshot)
    return {**snapshot, "lifecycle_state": "deleting"}


def remove_share_snapshot(ctx: Ctx, snapshot: dict) -> None:
    """Delete a share snapshot and the copy of it at its share's replica."""
    for copy in list(ctx.store.indexed("share_snapshots", "_replica_of", snapshot["id"]).values()):
        ctx.store.delete("share_snapshots", copy["id"])
    ctx.store.delete("share_snapshots", snapshot["id"])
