"""Virtual server instances: a boot volume (made from an image or a snapshot, or an existing one,
each checked against the instance by its `allowed_use`) and data volumes, a status the actions change, a
primary network interface in a subnet (its address the next free one, or the one asked for),
the settings the prototype and PATCH set (availability, availability policy, metadata service,
threads per core, volume bandwidth, ...; checked against the profile), a profile changed while
stopped, and the cluster network its attachments reach (the generic engine's documents:
engine/generic/vpc/cluster_networks.py)."""

from __future__ import annotations

from vpcmock import ids
from vpcmock import images
from vpcmock.images import find_image
from vpcmock.engine.network import vpcs
from vpcmock.engine.platform import resource_groups, tags
from vpcmock.engine.block_storage import allowed_use, instance_initialization, instance_placement, volumes
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, resolve_zone, zone_ref
from vpcmock.errors import ApiError, bad_field, conflict, echo, field, not_found
from vpcmock.timeutil import rfc3339

MAX_DATA_VOLUMES = 12


def get_instance(ctx: Ctx, instance_id: str) -> dict:
    instance = ctx.owned(ctx.store.get("instances", instance_id))
    if instance is None:
        raise not_found("instance", instance_id)
    return instance


def create_instance(ctx: Ctx, proto: dict) -> dict:
    if proto.get("source_template"):
        proto = instance_initialization.from_template(ctx, proto)
    for required in ("profile", "zone"):  # unless the template gives them (the SDK's InstancePrototype)
        if not proto.get(required):
            raise bad_field("missing_field", f"{required}: This field is required", required)
    profile = proto["profile"]["name"]
    if images.instance_profile(ctx, profile) is None:  # the catalogue's, a user catalogue's included
        raise bad_field("instance_profile_not_found", f"Instance profile {profile!r} not found", "profile.name",
                        profile)
    zone = resolve_zone(proto["zone"], ctx.region, "zone")
    name = name_for_new(ctx.partition("instances").values(), proto.get("name"), "instance_name_duplicate",
                        "An instance named {name!r} already exists")
    boot_proto = proto.get("boot_volume_attachment") or {}
    boot_volume_proto = dict(boot_proto.get("volume") or {})
    offering = _catalog_offering(ctx, proto.get("catalog_offering"))
    existing = _existing_boot_volume(ctx, proto, boot_volume_proto, zone)
    if existing is None and not boot_volume_proto.get("source_snapshot") and not proto.get("image") \
            and offering is None:
        raise bad_field("missing_field", "An instance needs image, catalog_offering, or a boot volume from a "
                        "source_snapshot", "image")
    boot_volume_proto.setdefault("profile", {"name": "general-purpose"})
    boot_volume_proto.setdefault("name", f"{name}-boot")
    image = None
    if proto.get("image"):
        image = find_image(ctx, identity_id(proto["image"]))  # a stock image or the account's own
        if image is None:
            raise ApiError(404, "image_not_found", f"Image {echo(identity_id(proto['image']))} not found in "
                           f"{ctx.region}", field("image.id", identity_id(proto["image"])))
    elif offering is not None and not boot_volume_proto.get("source_snapshot"):
        image = images.offering_image(ctx, offering.get("_offering"), offering["version"]["crn"])
    if not boot_volume_proto.get("source_snapshot"):
        # The boot volume is the image's size unless the prototype asks for more.
        boot_volume_proto.setdefault("capacity", image["minimum_provisioned_size"] if image else 100)
    nic, vpc_ref = _primary_interface(ctx, proto, zone)
    if proto.get("primary_network_attachment"):  # the generic engine's network attachments
        from vpcmock.engine.generic.vpc import interfaces
        if nic is not None:
            raise bad_field("bad_field", "An instance has a primary_network_interface or a "
                            "primary_network_attachment, not both", "primary_network_attachment")
        vpc_ref = interfaces.attachment_vpc(ctx, proto["primary_network_attachment"], zone,
                                            "primary_network_attachment")
    elif proto.get("network_attachments"):
        raise bad_field("missing_field", "network_attachments need a primary_network_attachment",
                        "primary_network_attachment")
    secondaries = _check_interfaces(ctx, proto, profile, nic, vpc_ref)
    chosen_keys = []
    for index, identity in enumerate(proto.get("keys") or []):
        key = instance_initialization.key(ctx, identity, f"keys[{index}]")
        chosen_keys.append({"crn": key["crn"], "fingerprint": key["fingerprint"], "href": key["href"],
                            "id": key["id"], "name": key["name"]})
    instance_id = ids.new_id(ctx.region)
    cpus, memory, _ = images.instance_profile(ctx, profile)
    settings = _settings(ctx, profile, proto, {})
    check_allowed_use(ctx, proto, boot_volume_proto, image, existing, profile, cpus, settings)
    vcpu = {"count": cpus, "percentage": settings["_vcpu_percentage"]}
    target = None
    if proto.get("placement_target"):
        target = instance_placement.resolve_target(ctx, proto["placement_target"], zone, "placement_target")
        instance_placement.check_target(ctx, target, profile, vcpu, "placement_target")
    affinity = instance_placement.affinity(ctx, proto.get("reservation_affinity"), None, profile=profile, zone=zone,
                                           vcpu=vcpu, placed=target is not None)
    instance = ctx.stamp({
        "id": instance_id,
        "crn": ids.crn(zone, ctx.account, "instance", instance_id),
        "href": f"/{ctx.region}/v1/instances/{instance_id}",
        "name": name,
        "profile": {"href": f"/{ctx.region}/v1/instance/profiles/{profile}", "name": profile,
                    "resource_type": "instance_profile"},
        "zone": zone_ref(zone),
        "vpc": vpc_ref or _outside_ref(ctx, "vpc", "vpcs", proto.get("vpc") or {"id": "default-vpc"}),
        "image": ({key: image[key] for key in ("crn", "href", "id", "name", "resource_type")} if image else None),
        "catalog_offering": ({k: v for k, v in offering.items() if not k.startswith("_")} if offering else None),
        "status": "running",
        "lifecycle_state": "stable",
        "created_at": rfc3339(ctx.now),
        "vcpu": {**_vcpu_of(_profile_spec(ctx, profile)), "count": cpus, "percentage": settings.pop("_vcpu_percentage")},
        "memory": memory,
        **settings,
        "resource_group": resource_groups.of_prototype(ctx, proto),
        "user_tags": [],
        "_keys": chosen_keys,  # shown by /instances/{id}/initialization, as the API does
        "_default_trusted_profile": instance_initialization.trusted_profile(ctx, proto.get("default_trusted_profile")),
        # Kept, never answered: the API returns no instance's user data (the SDK's Instance and
        # InstanceInitialization have none; the metadata service serves it to the instance).
        "_user_data": proto.get("user_data"),
        "placement_target": target,
        "reservation_affinity": affinity,
        "_nic": nic,
        "attachments": [],
        "resource_type": "instance",
        "_etag": ids.new_etag(),
    })
    ctx.store.put("instances", instance)
    if nic is not None:  # the generic engine's view of it: /instances/{id}/network_interfaces, floating IPs
        from vpcmock.engine.generic.vpc import interfaces
        interfaces.add_instance_interface(ctx, instance, _network_interface(instance),
                                          proto["primary_network_interface"].get("security_groups"))
        for index, item in enumerate(secondaries):  # after the primary, in the order asked
            interfaces.add_secondary_interface(ctx, instance, item, f"network_interfaces[{index}]")
    elif proto.get("primary_network_attachment"):
        interfaces.add_instance_attachments(ctx, instance, proto["primary_network_attachment"],
                                            proto.get("network_attachments") or [])
    from vpcmock.engine.generic.vpc import host_disks
    host_disks.make_for_instance(ctx, instance, _profile_spec(ctx, profile))  # a `d` profile's disks
    if proto.get("cluster_network_attachments"):  # the generic engine's (cluster_networks.py)
        from vpcmock.engine.generic.vpc import cluster_networks
        cluster_networks.attach_at_create(ctx, instance, proto["cluster_network_attachments"])
    boot = existing or volumes.create_volume(ctx, boot_volume_proto, "boot_volume_attachment.volume.", zone=zone,
                                             image=image)
    # An existing volume stays when its instance goes unless told otherwise (as reinitialize.py).
    instance = _attach(ctx, instance, boot, "boot", boot_proto.get("name"),
                       boot_proto.get("delete_volume_on_instance_delete", existing is None))
    attachments = proto.get("volume_attachments") or []
    if len(attachments) > MAX_DATA_VOLUMES:
        raise bad_field("instance_volume_attachments_too_many", f"At most {MAX_DATA_VOLUMES} data volumes",
                        "volume_attachments")
    for index, item in enumerate(attachments):
        instance = attach_volume(ctx, instance, item, f"volume_attachments[{index}].")
    return instance


def _existing_boot_volume(ctx: Ctx, proto: dict, boot_volume_proto: dict, zone: str) -> dict | None:
    """The existing volume an instance boots from (the SDK's InstancePrototypeInstanceByVolume:
    `boot_volume_attachment.volume` "An existing unattached volume"), checked: found (400
    `volume_not_found`, as reinitialize.py), unattached in the instance's zone
    (volumes.require_attachable), holding an operating system (400 `volume_not_bootable`, the
    mock's choice), and not given with an image or a catalog offering (the prototypes exclude
    each other: 400 `bad_field`, the mock's choice). None when the prototype makes a new one."""
    if not any(boot_volume_proto.get(key) for key in ("id", "crn", "href")):
        return None
    where = "boot_volume_attachment.volume."
    ident = identity_id(boot_volume_proto)
    for other in ("image", "catalog_offering"):
        if proto.get(other):
            raise bad_field("bad_field", f"An instance boots from an existing volume or from {other}, not both",
                            other)
    volume = ctx.owned(ctx.store.get("volumes", ident))
    if volume is None:
        raise bad_field("volume_not_found", f"Volume {echo(ident)} not found", where + "id", ident)
    volumes.require_attachable(ctx, volume, zone, where + "id")
    if not volume.get("operating_system"):
        raise bad_field("volume_not_bootable", f"Volume {volume['id']} holds no operating system: it cannot boot "
                        "an instance", where + "id", volume["id"])
    return volume


def check_allowed_use(ctx: Ctx, proto: dict, boot_volume_proto: dict, image: dict | None, volume: dict | None,
                       profile: str, cpus: int, settings: dict) -> None:
    """The instance is one its boot source allows: the `allowed_use.instance` of its image (or
    its catalog offering's), of the existing volume it boots from, and of the snapshot its boot
    volume is restored from holds for its profile (vCPUs, GPUs) and settings
    (enable_secure_boot, metadata_service). The SDK's ImageAllowedUse, VolumeAllowedUse and
    SnapshotAllowedUse: "The expression that must be satisfied by the properties of a virtual
    server instance provisioned using this image" (volume, snapshot); the API
    reference names no error code: 400 `instance_allowed_use_mismatch`, its target the image,
    volume or snapshot, is the mock's choice (a property of the request the resource it names refuses,
    as `volume_profile_generation_mismatch`). A snapshot not found is left to the boot volume's
    creation (volumes.py) to refuse."""
    sources = []
    if volume is not None:
        sources.append(("volume", volume, "boot_volume_attachment.volume.id", volume["id"]))
    if boot_volume_proto.get("source_snapshot"):
        ident = identity_id(boot_volume_proto["source_snapshot"])
        snapshot = ctx.owned(ctx.store.get("snapshots", ident)) if ident else None
        if snapshot is not None:
            sources.append(("snapshot", snapshot, "boot_volume_attachment.volume.source_snapshot.id", snapshot["id"]))
    if image is not None:
        sources.append(("image", image, "image.id", image["id"]) if proto.get("image") else
                       ("image", image, "catalog_offering", None))  # the offering's image
    variables = None
    for kind, source, target, value in sources:
        expression = (source.get("allowed_use") or {}).get("instance")
        if not isinstance(expression, str):
            continue
        if variables is None:
            variables = allowed_use.instance_variables(_profile_spec(ctx, profile), cpus, settings)
        if not allowed_use.allows(expression, variables):
            raise bad_field("instance_allowed_use_mismatch",
                            f"{kind.capitalize()} {source.get('name') or source['id']} does not allow this instance: "
                            f"its allowed_use.instance ({expression}) does not hold for profile {profile} with "
                            f"enable_secure_boot {str(variables['enable_secure_boot']).lower()} and metadata_service "
                            f"{'enabled' if variables['metadata_service.enabled'] else 'disabled'}", target, value)


def _check_interfaces(ctx: Ctx, proto: dict, profile: str, nic: dict | None, vpc_ref: dict | None) -> list[dict]:
    """The prototype's secondary `network_interfaces` (made once the instance is: interfaces.py),
    after what can be checked before: they come with a primary network interface (the SDK's
    InstancePrototype: network attachments and network interfaces are exclusive), the profile
    takes that many (its `network_interface_count` maximum, the primary included), and the
    primary's security groups are of its VPC."""
    from vpcmock.engine.generic.vpc import interfaces
    secondaries = proto.get("network_interfaces") or []
    if secondaries and nic is None:
        raise bad_field("missing_field", "network_interfaces need a primary_network_interface",
                        "primary_network_interface")
    limit = interfaces.interface_limit(ctx, profile)
    if limit is not None and 1 + len(secondaries) > limit:
        raise bad_field("instance_network_interfaces_too_many", f"Profile {profile} allows {limit} network "
                        f"interfaces, the primary included: at most {limit - 1} in network_interfaces",
                        "network_interfaces")
    if nic is not None:
        interfaces.check_security_groups(ctx, vpc_ref["id"], proto["primary_network_interface"].get(
            "security_groups") or [], "primary_network_interface.")
    return secondaries


# What an instance takes from its prototype and PATCH beyond its name and profile, with the
# defaults the API applies. The SDK documents several defaults as "from the profile": the
# profile's `default` where the catalogue states one (and its `values` as what may be chosen),
# else the values below.
_OBJECTS = {"availability": {"class": "standard"},
            "availability_policy": {"host_failure": "restart", "preemption": "stop"},
            "metadata_service": {"enabled": False, "protocol": "http", "response_hop_limit": 1}}
# setting: (the profile's property listing its values, the values when it lists none, default)
_CHOICES = {"availability.class": ("availability_class", ("spot", "standard"), "standard"),
            "confidential_compute_mode": ("confidential_compute_modes", ("disabled", "sgx", "tdx"), "disabled"),
            "enable_secure_boot": ("secure_boot_modes", (False, True), False),
            "threads_per_core": ("threads_per_core", (1, 2), 2),
            "vcpu.percentage": ("vcpu_percentage", (100,), 100),
            "volume_bandwidth_qos_mode": ("volume_bandwidth_qos_modes", ("pooled", "weighted"), "pooled")}
# What the API lets change only while the instance is stopped (the SDK's InstancePatch: "the
# virtual server instance `status` must be `stopping` or `stopped`").
_STOPPED_ONLY = ("profile", "availability.class", "confidential_compute_mode", "enable_secure_boot",
                 "threads_per_core", "vcpu.percentage", "volume_bandwidth_qos_mode")


def _dotted(doc: dict, path: str):
    for part in path.split("."):
        doc = (doc or {}).get(part)
    return doc


def _settings(ctx: Ctx, profile: str, given: dict, current: dict) -> dict:
    """The settings of an instance of `profile`: those `given` (a prototype or a patch), else
    the `current` ones, else the defaults; each checked against what the profile allows. The
    vCPU percentage comes back as `_vcpu_percentage` (it is stored inside `vcpu`)."""
    spec = _profile_spec(ctx, profile)
    out = {key: {**default, **(current.get(key) or {}), **(given.get(key) or {})} for key, default in _OBJECTS.items()}
    for path, choice in _CHOICES.items():
        values, default = _allowed(spec, *choice)
        value = _dotted(given, path)
        if value is None:
            value = _dotted(current, path)
        if value is None:
            value = default
        if value not in values:
            raise bad_field(f"instance_{path.replace('.', '_')}_invalid",
                            f"Profile {profile} takes {path} {', '.join(map(str, values))}, not {echo(value)}",
                            path, value)
        if path == "availability.class":
            out["availability"]["class"] = value
        elif path == "vcpu.percentage":
            out["_vcpu_percentage"] = value
        else:
            out[path] = value
    volume_bandwidth = given.get("total_volume_bandwidth", current.get("_total_volume_bandwidth"))
    low, high = _volume_bandwidth_range(spec)
    if volume_bandwidth is not None and not low <= volume_bandwidth <= high:
        raise bad_field("instance_total_volume_bandwidth_invalid",
                        f"total_volume_bandwidth of profile {profile} is from {low} to {high}",
                        "total_volume_bandwidth", volume_bandwidth)
    out["_total_volume_bandwidth"] = volume_bandwidth  # None: the profile's default
    return out


def _allowed(spec: dict, prop: str, fallback: tuple, default) -> tuple[list, object]:
    """(values, default) of a setting by the profile's property `prop`: a fixed value, or an enum
    of values with its default; the fallback where the profile states neither."""
    allowed = spec.get(prop) if isinstance(spec.get(prop), dict) else {}
    if allowed.get("type") == "fixed" and "value" in allowed:
        return [allowed["value"]], allowed["value"]
    if allowed.get("values"):
        return allowed["values"], allowed.get("default", allowed["values"][0])
    return list(fallback), default


def _profile_spec(ctx: Ctx, name: str) -> dict:
    """The profile as /instance/profiles shows it (the catalogue's, the account's own included);
    nothing for one the catalogue no longer has (its instances keep the defaults)."""
    catalogue = images.catalogue_of(ctx)
    return images.profile(catalogue, ctx.region, name) if name in catalogue.profiles else {}


def _vcpu_of(spec: dict) -> dict:
    """The vCPU architecture and manufacturer of the profile's hosts (a profile whose manufacturer
    depends on the host placed on one of Intel's)."""
    return {"architecture": (spec.get("vcpu_architecture") or {}).get("value") or "amd64",
            "manufacturer": (spec.get("vcpu_manufacturer") or {}).get("value") or "intel"}


def _profile_bandwidth(spec: dict) -> int:
    bandwidth = spec.get("bandwidth") or {}
    return bandwidth.get("value") or bandwidth.get("default") or bandwidth.get("max") or 4000


def _volume_bandwidth_range(spec: dict) -> tuple[int, int]:
    """The profile's `total_volume_bandwidth` bounds; where it states none, at least 500 Mbps for
    volumes and 500 for the network."""
    allowed = spec.get("total_volume_bandwidth") or {}
    return allowed.get("min", 500), allowed.get("max", _profile_bandwidth(spec) - 500)


def _default_volume_bandwidth(spec: dict) -> int:
    return (spec.get("total_volume_bandwidth") or {}).get("default") or _profile_bandwidth(spec) // 4


def _catalog_offering(ctx: Ctx, proto: dict | None) -> dict | None:
    """What an instance shows of the catalog offering it was created from (the SDK's
    InstanceCatalogOffering: the version, and the plan when given). An offering given by its
    own CRN resolves to its latest version (images.version_of_offering); the offering's CRN is
    kept aside (`_offering`) to find its image."""
    if not proto:
        return None
    version = (proto.get("version") or {}).get("crn")
    offering = (proto.get("offering") or {}).get("crn")
    if version and offering:
        raise bad_field("catalog_offering_invalid", "catalog_offering takes offering.crn or version.crn, not both",
                        "catalog_offering", None)
    if not version and not offering:
        return None  # a plan alone names no offering: as if none were given
    shown = {"version": {"crn": version or images.version_of_offering(ctx, offering)}}
    if (proto.get("plan") or {}).get("crn"):
        shown["plan"] = {"crn": proto["plan"]["crn"]}
    if offering:
        shown["_offering"] = offering
    return shown


def update_instance(ctx: Ctx, instance: dict, patch: dict) -> dict:
    """A new name; new settings; a new profile (its vCPUs, memory and bandwidth). What the API
    changes only on a stopped instance is refused on another with 409 `instance_not_stopped` (the
    reference names no code for it: the mock's choice)."""
    changes = {}
    if "name" in patch and patch["name"] != instance["name"]:
        check_rename(ctx.partition("instances").values(), instance, patch["name"], "instance_name_duplicate",
                     "An instance named {name!r} already exists")
        changes["name"] = patch["name"]
    profile = (patch.get("profile") or {}).get("name") or instance["profile"]["name"]
    if images.instance_profile(ctx, profile) is None:
        raise bad_field("instance_profile_not_found", f"Instance profile {profile!r} not found", "profile.name",
                        profile)
    settings = _settings(ctx, profile, patch, instance)
    percentage = settings.pop("_vcpu_percentage")
    changed = {path for path in _STOPPED_ONLY if path != "profile" and _dotted(patch, path) is not None
               and _dotted(patch, path) != _dotted(instance, path)}
    if profile != instance["profile"]["name"]:
        changed.add("profile")
    target = instance.get("placement_target")
    if patch.get("placement_target"):
        target = instance_placement.resolve_target(ctx, patch["placement_target"], instance["zone"]["name"],
                                                   "placement_target", patch=True)
        if target["id"] != (instance.get("placement_target") or {}).get("id"):
            changed.add("placement_target")  # the SDK's InstancePatch: while stopping or stopped
    if changed and instance["status"] not in ("stopping", "stopped"):
        raise conflict("instance_not_stopped", f"Instance {instance['name']} is {instance['status']}: stop it to "
                       f"change {', '.join(sorted(changed))}", field(sorted(changed)[0]))
    if "profile" in changed:  # a profile the cluster network of its attachments supports
        from vpcmock.engine.generic.vpc import cluster_networks
        cluster_networks.check_profile(ctx, instance, profile)
        _check_interface_count(ctx, instance, profile)
    changes.update({key: value for key, value in settings.items() if value != instance.get(key)})
    cpus, memory, _ = images.instance_profile(ctx, profile)
    vcpu = {**instance["vcpu"], **_vcpu_of(_profile_spec(ctx, profile)), "count": cpus, "percentage": percentage}
    if vcpu != instance["vcpu"]:
        changes["vcpu"] = vcpu
    if {"placement_target", "profile", "vcpu.percentage"} & changed or "reservation_affinity" in patch:
        # The profile and vCPUs the target and the affinity allow (the SDK's InstancePatch).
        instance_placement.check_target(ctx, target, profile, vcpu, "placement_target")
        affinity = instance_placement.affinity(
            ctx, patch.get("reservation_affinity"), instance.get("reservation_affinity") or {"policy": "disabled"},
            profile=profile, zone=instance["zone"]["name"], vcpu=vcpu, placed=target is not None)
        if affinity != instance.get("reservation_affinity"):
            changes["reservation_affinity"] = affinity
        if target != instance.get("placement_target"):
            changes["placement_target"] = target
    if profile != instance["profile"]["name"]:
        changes.update(memory=memory, profile={**instance["profile"], "name": profile,
                                               "href": f"/{ctx.region}/v1/instance/profiles/{profile}"})
    if not changes:
        return instance
    return ctx.store.replace("instances", instance, **changes, _etag=ids.new_etag())


def _check_interface_count(ctx: Ctx, instance: dict, profile: str) -> None:
    """A new profile takes as many network interfaces as the instance has (the SDK's
    InstancePatch.profile: it must "support the number of network attachments or network
    interfaces the instance currently has"; the code is the mock's)."""
    from vpcmock.engine.generic.vpc import interfaces
    limit = interfaces.interface_limit(ctx, profile)
    count = len(interfaces.instance_attachments(ctx, instance["id"]) or interfaces.instance_interfaces(ctx, instance["id"]))
    if limit is not None and count > limit:
        raise bad_field("instance_profile_network_interfaces_too_many", f"Profile {profile} allows {limit} network "
                        f"interfaces; instance {instance['name']} has {count}", "profile.name", profile)


def _outside_ref(ctx: Ctx, kind: str, collection: str, identity: dict) -> dict:
    """A reference to a resource the mock does not model (VPC, image): echoed in full shape."""
    ident = identity_id(identity) or kind
    return {"crn": ids.crn(ctx.region, ctx.account, kind, ident), "href": f"/{ctx.region}/v1/{collection}/{ident}",
            "id": ident, "name": ident, "resource_type": kind}


def attach_volume(ctx: Ctx, instance: dict, proto: dict, target: str = "") -> dict:
    volume_proto = proto["volume"]
    zone = instance["zone"]["name"]
    if volume_proto.get("id") or volume_proto.get("crn") or volume_proto.get("href"):
        volume_id = identity_id(volume_proto)
        volume = ctx.owned(ctx.store.get("volumes", volume_id))
        if volume is None:
            raise bad_field("volume_not_found", f"Volume {volume_id} not found", target + "volume.id", volume_id)
        volumes.require_attachable(ctx, volume, zone, target + "volume.id")
        delete_default = False
    else:
        if "profile" not in volume_proto:
            raise bad_field("missing_field", "A new volume needs a profile", target + "volume.profile")
        volume = volumes.create_volume(ctx, volume_proto, target + "volume.", zone=zone)
        delete_default = True
    if len([a for a in instance["attachments"] if a["type"] == "data"]) >= MAX_DATA_VOLUMES:
        raise conflict("instance_volume_attachments_too_many", f"An instance has at most {MAX_DATA_VOLUMES} data volumes")
    return _attach(ctx, instance, volume, "data", proto.get("name"),
                   proto.get("delete_volume_on_instance_delete", delete_default))


def attach(ctx: Ctx, instance: dict, volume: dict, kind: str, name: str | None, delete_with_instance: bool) -> dict:
    """`volume` attached to `instance` as its `kind` ("boot" or "data") volume (reinitialize.py)."""
    return _attach(ctx, instance, volume, kind, name, delete_with_instance)


def _attach(ctx: Ctx, instance: dict, volume: dict, kind: str, name: str | None, delete_with_instance: bool) -> dict:
    attachment_id = ids.new_id(ctx.region)
    taken = {a["name"] for a in instance["attachments"]}
    attachment = {"id": attachment_id, "name": name or ids.random_name(taken), "type": kind,
                  "volume_id": volume["id"], "delete_volume_on_instance_delete": delete_with_instance,
                  "created_at": rfc3339(ctx.now)}
    ctx.store.replace("volumes", volume, _attachment={"instance_id": instance["id"], "attachment_id": attachment_id})
    return ctx.store.replace("instances", instance, attachments=instance["attachments"] + [attachment])


def get_attachment(instance: dict, attachment_id: str) -> dict:
    for attachment in instance["attachments"]:
        if attachment["id"] == attachment_id:
            return attachment
    raise not_found("volume_attachment", attachment_id)


def update_attachment(ctx: Ctx, instance: dict, attachment: dict, patch: dict) -> dict:
    """A new name (unique on the instance) or delete_volume_on_instance_delete."""
    changed = dict(attachment)
    if "name" in patch:
        check_rename(instance["attachments"], attachment, patch["name"], "volume_attachment_name_duplicate",
                     "An attachment named {name!r} exists on this instance")
        changed["name"] = patch["name"]
    if "delete_volume_on_instance_delete" in patch:
        changed["delete_volume_on_instance_delete"] = patch["delete_volume_on_instance_delete"]
    return ctx.store.replace("instances", instance, attachments=[
        changed if a["id"] == attachment["id"] else a for a in instance["attachments"]])


def detach_volume(ctx: Ctx, instance: dict, attachment: dict) -> dict:
    if attachment["type"] == "boot":
        raise ApiError(400, "volume_attachment_boot_detach", "The boot volume cannot be detached from an instance")
    volume = ctx.store.get("volumes", attachment["volume_id"])
    if volume is not None:
        ctx.store.replace("volumes", volume, _attachment=None)
    return ctx.store.replace("instances", instance,
                             attachments=[a for a in instance["attachments"] if a["id"] != attachment["id"]])


def perform_action(ctx: Ctx, instance: dict, action: str) -> dict:
    status = {"start": "running", "stop": "stopped", "reboot": "running"}[action]
    return ctx.store.replace("instances", instance, status=status)


def delete_instance(ctx: Ctx, instance: dict) -> None:
    """Delete the instance; volumes marked delete_volume_on_instance_delete go with it, its
    network interfaces too (their floating IPs disassociated)."""
    from vpcmock.engine.generic.vpc import cluster_networks, host_disks, interfaces
    cluster_networks.release_instance(ctx, instance)
    interfaces.release_instance(ctx, instance)
    host_disks.release_instance(ctx, instance)
    for attachment in instance["attachments"]:
        volume = ctx.store.get("volumes", attachment["volume_id"])
        if volume is None:
            continue
        if attachment["delete_volume_on_instance_delete"]:
            ctx.store.delete("volumes", volume["id"])
        else:
            ctx.store.replace("volumes", volume, _attachment=None)
    ctx.store.delete("instances", instance["id"])


def present_attachment(ctx: Ctx, instance: dict, attachment: dict) -> dict:
    volume = ctx.store.get("volumes", attachment["volume_id"])
    view = {
        "bandwidth": (volume or {}).get("bandwidth", 0),
        "created_at": attachment["created_at"],
        "delete_volume_on_instance_delete": attachment["delete_volume_on_instance_delete"],
        "device": {"id": f"{attachment['id']}-device"},
        "href": f"{instance['href']}/volume_attachments/{attachment['id']}",
        "id": attachment["id"],
        "name": attachment["name"],
        "status": "attached",
        "type": attachment["type"],
    }
    if volume is not None:
        view["volume"] = {"crn": volume["crn"], "href": volume["href"], "id": volume["id"],
                          "name": volume["name"], "resource_type": "volume"}
    return view


def present_instance(ctx: Ctx, instance: dict) -> dict:
    from vpcmock.engine.generic.vpc import cluster_networks, host_disks
    views = [present_attachment(ctx, instance, a) for a in instance["attachments"]]
    boot = next((v for v in views if v["type"] == "boot"), None)
    view = {k: v for k, v in tags.without_user_tags(instance).items()  # Global Tagging's (platform/tags.py)
            if k != "attachments" and not k.startswith("_") and v is not None}
    running = instance["status"] == "running"
    spec = _profile_spec(ctx, instance["profile"]["name"])
    bandwidth = _profile_bandwidth(spec)
    volume_bandwidth = instance.get("_total_volume_bandwidth") or _default_volume_bandwidth(spec)
    # An instance stored before its settings were kept has the defaults.
    defaults = _settings_defaults(spec)
    view.update({
        "boot_volume_attachment": boot,
        "volume_attachments": views,
        **{key: instance.get(key, value) for key, value in defaults.items()},
        "bandwidth": bandwidth, "total_network_bandwidth": bandwidth - volume_bandwidth,
        "total_volume_bandwidth": volume_bandwidth,
        "cluster_network_attachments": [
            {"href": f"{instance['href']}/cluster_network_attachments/{a['id']}", "id": a["id"], "name": a["name"],
             "resource_type": "instance_cluster_network_attachment"}
            for a in cluster_networks.instance_attachments(ctx, instance["id"])],
        "disks": host_disks.of_instance(ctx, instance["id"]), "health_reasons": [], "health_state": "ok" if running else "inapplicable",
        "lifecycle_reasons": [], "network_attachments": [], **_interfaces_view(ctx, instance),
        # An instance stored before its affinity was kept uses no reservation.
        "reservation_affinity": instance.get("reservation_affinity") or {"policy": "disabled", "pool": []},
        "software_attachments": [],
        "startable": True, "status_reasons": [],
    })
    cluster_network = cluster_networks.instance_cluster_network(ctx, instance["id"])
    if cluster_network:
        view["cluster_network"] = cluster_network
    if running:  # "absent if the instance's status is not running" (the SDK's Instance.numa_count)
        view["numa_count"] = (spec.get("numa_count") or {}).get("value") or 1
    return view


def _interfaces_view(ctx: Ctx, instance: dict) -> dict:
    """`primary_network_interface` and `network_interfaces` ("including the primary", the SDK's
    Instance), as the generic engine holds them (a rename through
    /instances/{id}/network_interfaces/{nic} shows here)."""
    from vpcmock.engine.generic.vpc import interfaces
    attachments = interfaces.instance_attachments(ctx, instance["id"])
    if attachments:
        # "If this instance has network attachments, each network interface is a read-only
        # representation of its corresponding network attachment and its attached virtual
        # network interface" (the SDK's Instance.network_interfaces).
        refs = [{k: doc[k] for k in ("href", "id", "name", "primary_ip", "subnet", "virtual_network_interface")}
                | {"resource_type": "instance_network_attachment"} for doc in attachments]
        nics = [{"href": f"{instance['href']}/network_interfaces/{doc['id']}", "id": doc["id"], "name": doc["name"],
                 "primary_ip": doc["primary_ip"], "resource_type": "network_interface", "subnet": doc["subnet"]}
                for doc in attachments]
        index = next(i for i, doc in enumerate(attachments) if doc.get("type") == "primary")
        return {"primary_network_attachment": refs[index], "network_attachments": refs, "network_interfaces": nics,
                "primary_network_interface": nics[index]}
    primary = _network_interface(instance)
    held = {doc["id"]: doc for doc in interfaces.instance_interfaces(ctx, instance["id"])}
    if primary["id"] in held:
        own = held[primary["id"]]
        primary = {**primary, "name": own["name"], "allow_ip_spoofing": own["allow_ip_spoofing"]}
    others = [{k: doc[k] for k in ("href", "id", "name")} | {
        "resource_type": "network_interface", "primary_ip": doc["primary_ip"], "subnet": doc["subnet"]}
        for ident, doc in held.items() if ident != primary["id"]]
    return {"primary_network_interface": primary,
            "network_interfaces": [{k: v for k, v in primary.items() if k != "allow_ip_spoofing"}] + others}


def matches(ctx: Ctx, instance: dict, asked: dict[tuple, str]) -> bool:
    """Whether the instance passes the list's filters: each a path into its answer (`("vpc",
    "name")` for `vpc.name`) and the value it must have there."""
    from vpcmock.engine.generic.vpc import cluster_networks
    target = instance.get("placement_target") or {}
    view = {"name": instance["name"], "vpc": instance["vpc"], "resource_group": instance.get("resource_group"),
            "cluster_network": cluster_networks.instance_cluster_network(ctx, instance["id"]),
            "availability": instance.get("availability") or {"class": "standard"},
            "reservation_affinity": instance.get("reservation_affinity") or {"policy": "disabled"},
            # The instances on a dedicated host (placed on it) and in a placement group.
            "dedicated_host": target if target.get("resource_type") == "dedicated_host" else None,
            "placement_group": target if target.get("resource_type") == "placement_group" else None}
    for path, wanted in asked.items():
        found = view
        for step in path:
            found = (found or {}).get(step)
        if found != wanted:
            return False
    return True


def _settings_defaults(spec: dict) -> dict:
    defaults = {key: dict(value) for key, value in _OBJECTS.items()}
    for path, choice in _CHOICES.items():
        if path not in ("availability.class", "vcpu.percentage"):
            defaults[path] = _allowed(spec, *choice)[1]
    return defaults


def _primary_interface(ctx: Ctx, proto: dict, zone: str) -> tuple[dict | None, dict | None]:
    """The primary network interface a prototype asks for, with the next free address of its
    subnet, and the VPC it puts the instance in. Without one (which the real API requires; the
    mock's own tests create bare instances), the instance has the fixed interface below."""
    nic_proto = proto.get("primary_network_interface")
    if not nic_proto:
        return None, None
    subnet_id = identity_id(nic_proto.get("subnet") or {})
    subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, subnet_id))
    if subnet is None:
        raise ApiError(404, "subnet_not_found", f"Subnet {echo(subnet_id)} not found",
                       field("primary_network_interface.subnet.id", subnet_id))
    if subnet["zone"]["name"] != zone:
        raise bad_field("subnet_zone_mismatch", f"Subnet {subnet['name']} is in zone {subnet['zone']['name']}, "
                        f"not {zone}", "primary_network_interface.subnet.id", subnet_id)
    asked_vpc = identity_id(proto.get("vpc") or {})
    if asked_vpc and asked_vpc != subnet["vpc"]["id"]:
        raise bad_field("vpc_subnet_mismatch", f"Subnet {subnet['name']} is not in VPC {echo(asked_vpc)}",
                        "vpc.id", asked_vpc)
    ip = nic_proto.get("primary_ip") or {}
    reserved = None
    if ip.get("id") or ip.get("href"):
        reserved = _reserved_ip(ctx, subnet, identity_id(ip))
        if reserved is None:
            raise ApiError(404, "reserved_ip_not_found", f"Reserved IP {echo(identity_id(ip))} not found in subnet "
                           f"{subnet['name']}", field("primary_network_interface.primary_ip.id", identity_id(ip)))
        address = reserved["address"]
    elif ip.get("address"):
        address = vpcs.reserve_address(ctx, subnet, ip["address"], "primary_network_interface.primary_ip.address")
    else:
        address = vpcs.allocate_address(ctx, subnet)
    nic = {"id": ids.new_id(ctx.region), "name": nic_proto.get("name") or "eth0", "address": address,
           "subnet": {k: subnet[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "subnet"},
           "allow_ip_spoofing": bool(nic_proto.get("allow_ip_spoofing", False))}
    if reserved is not None:
        nic.update(ip_id=reserved["id"], ip_name=reserved["name"], reserved_ip=True)
    else:
        nic.update(ip_name=ip.get("name"), auto_delete=ip.get("auto_delete", True))
    return nic, subnet["vpc"]


def _reserved_ip(ctx: Ctx, subnet: dict, ident: str) -> dict | None:
    """{id, name, address} of a reserved IP of the subnet: one made through
    /subnets/{id}/reserved_ips, or an ibm_is_subnet_reserved_ip Terraform keeps."""
    table = "generic/subnets.reserved_ips"
    made = ctx.owned(ctx.store.get(table, ident)) if table in ctx.store.tables() else None
    if made is not None and made.get("_parent") == subnet["id"] and made.get("address"):
        return {"id": made["id"], "name": made.get("name") or made["id"], "address": made["address"]}
    kept = ctx.owned(ctx.store.get("stored_resources", ident))
    if kept is not None and kept.get("type") == "ibm_is_subnet_reserved_ip" and kept.get("address") \
            and (kept.get("references") or {}).get("subnet") == subnet["id"]:
        return {"id": kept["id"], "name": (kept.get("attributes") or {}).get("name") or kept["id"],
                "address": kept["address"]}
    return None


def _network_interface(instance: dict) -> dict:
    """The instance's primary network interface; a fixed one for an instance created without."""
    nic = instance.get("_nic")
    if nic:
        return {"href": f"{instance['href']}/network_interfaces/{nic['id']}", "id": nic["id"], "name": nic["name"],
                "resource_type": "network_interface", "allow_ip_spoofing": nic["allow_ip_spoofing"],
                "primary_ip": {"address": nic["address"],
                               "href": f"{nic['subnet']['href']}/reserved_ips/{nic.get('ip_id') or nic['id']}",
                               "id": nic.get("ip_id") or nic["id"], "name": nic.get("ip_name") or f"{instance['name']}-ip",
                               "resource_type": "subnet_reserved_ip"},
                "subnet": nic["subnet"]}
    region, base = instance["_region"], f"/{instance['_region']}/v1/subnets/mock-subnet"
    return {
        "href": f"{instance['href']}/network_interfaces/{instance['id']}-nic", "id": f"{instance['id']}-nic",
        "name": "eth0", "resource_type": "network_interface",
        "primary_ip": {"address": "10.240.0.4", "href": f"{base}/reserved_ips/{instance['id']}-ip",
                       "id": f"{instance['id']}-ip", "name": "primary-ip", "resource_type": "subnet_reserved_ip"},
        "subnet": {"crn": ids.crn(region, instance["_account"], "subnet", "mock-subnet"), "href": base,
                   "id": "mock-subnet", "name": "mock-subnet", "resource_type": "subnet"},
    }


def initialization(instance: dict) -> dict:
    """What the instance was initialized with: its SSH keys and its default trusted profile
    when it was given one (GET /instances/{id}/initialization)."""
    found = {"keys": instance.get("_keys", []), "user_accounts": []}
    if instance.get("_default_trusted_profile"):
        found["default_trusted_profile"] = instance["_default_trusted_profile"]
    return found
