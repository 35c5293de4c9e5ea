"""Virtual server instances: enough of them for backups (a boot volume, data volumes, a status)."""

from __future__ import annotations

from vpcmock import ids
from vpcmock.images import INSTANCE_PROFILES, find_image
from vpcmock.engine.network import vpcs
from vpcmock.engine.platform import resource_groups
from vpcmock.engine.block_storage import volumes
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
    profile = proto["profile"]["name"]
    if profile not in INSTANCE_PROFILES:
        raise bad_field("instance_profile_not_found", f"Instance profile {profile!r} not found", "profile.name", profile)
    zone = resolve_zone(proto["zone"], ctx.region, "zone")
    name = name_for_new(ctx.partition("instances").values(), proto.get("name"), "instance_name_duplicate",
                        "An instance named {name!r} already exists")
    boot_proto = proto.get("boot_volume_attachment") or {}
    boot_volume_proto = dict(boot_proto.get("volume") or {})
    if not boot_volume_proto.get("source_snapshot") and not proto.get("image"):
        raise bad_field("missing_field", "An instance needs image, or a boot volume from a source_snapshot", "image")
    boot_volume_proto.setdefault("profile", {"name": "general-purpose"})
    boot_volume_proto.setdefault("name", f"{name}-boot")
    image = None
    if proto.get("image"):
        image = find_image(ctx.region, identity_id(proto["image"]))
        if image is None:
            raise ApiError(404, "image_not_found", f"Image {echo(identity_id(proto['image']))} not found in "
                           f"{ctx.region}", field("image.id", identity_id(proto["image"])))
    if not boot_volume_proto.get("source_snapshot"):
        # The boot volume is the image's size unless the prototype asks for more.
        boot_volume_proto.setdefault("capacity", image["minimum_provisioned_size"] if image else 100)
    nic, vpc_ref = _primary_interface(ctx, proto, zone)
    chosen_keys = []
    for index, identity in enumerate(proto.get("keys") or []):
        key = ctx.owned(ctx.store.get("keys", identity_id(identity)))
        if key is None:
            raise ApiError(404, "key_not_found", f"Key {echo(identity_id(identity))} not found",
                           field(f"keys[{index}].id", identity_id(identity)))
        chosen_keys.append({"crn": key["crn"], "fingerprint": key["fingerprint"], "href": key["href"],
                            "id": key["id"], "name": key["name"]})
    instance_id = ids.new_id(ctx.region)
    cpus, memory, _ = INSTANCE_PROFILES[profile]
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
        "status": "running",
        "lifecycle_state": "stable",
        "created_at": rfc3339(ctx.now),
        "vcpu": {"architecture": "amd64", "count": cpus, "manufacturer": "intel", "percentage": 100},
        "memory": memory,
        "resource_group": resource_groups.of_prototype(ctx, proto),
        "user_tags": [],
        "_keys": chosen_keys,  # shown by /instances/{id}/initialization, as the API does
        "_nic": nic,
        "attachments": [],
        "resource_type": "instance",
        "_etag": ids.new_etag(),
    })
    ctx.store.put("instances", instance)
    boot = volumes.create_volume(ctx, boot_volume_proto, "boot_volume_attachment.volume.", zone=zone)
    instance = _attach(ctx, instance, boot, "boot", boot_proto.get("name"),
                       boot_proto.get("delete_volume_on_instance_delete", True))
    attachments = proto.get("volume_attachments") or []
    if len(attachments) > MAX_DATA_VOLUMES:
        raise bad_field("instance_volume_attachments_too_many", f"At most {MAX_DATA_VOLUMES} data volumes",
                        "volume_attachments")
    for index, item in enumerate(attachments):
        instance = attach_volume(ctx, instance, item, f"volume_attachments[{index}].")
    return instance


def update_instance(ctx: Ctx, instance: dict, patch: dict) -> dict:
    if "name" not in patch or patch["name"] == instance["name"]:
        return instance
    check_rename(ctx.partition("instances").values(), instance, patch["name"], "instance_name_duplicate",
                 "An instance named {name!r} already exists")
    return ctx.store.replace("instances", instance, name=patch["name"], _etag=ids.new_etag())


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
    """Delete the instance; volumes marked delete_volume_on_instance_delete go with it."""
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
    views = [present_attachment(ctx, instance, a) for a in instance["attachments"]]
    boot = next((v for v in views if v["type"] == "boot"), None)
    view = {k: v for k, v in instance.items()
            if k not in ("attachments", "user_tags") and not k.startswith("_") and v is not None}
    running = instance["status"] == "running"
    view.update({
        "boot_volume_attachment": boot,
        "volume_attachments": views,
        "availability": {"class": "standard"},
        "availability_policy": {"host_failure": "restart", "preemption": "stop"},
        "bandwidth": 4000, "total_network_bandwidth": 3000, "total_volume_bandwidth": 1000,
        "cluster_network_attachments": [], "confidential_compute_mode": "disabled", "disks": [],
        "enable_secure_boot": False, "health_reasons": [], "health_state": "ok" if running else "inapplicable",
        "lifecycle_reasons": [], "metadata_service": {"enabled": False, "protocol": "http", "response_hop_limit": 1},
        "network_attachments": [], "network_interfaces": [],
        "primary_network_interface": _network_interface(instance),
        "reservation_affinity": {"policy": "disabled", "pool": []}, "software_attachments": [],
        "startable": True, "status_reasons": [], "threads_per_core": 2, "volume_bandwidth_qos_mode": "pooled",
    })
    return view


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
    address = vpcs.allocate_address(ctx, subnet)
    nic = {"id": ids.new_id(ctx.region), "name": nic_proto.get("name") or "eth0", "address": address,
           "subnet": {k: subnet[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "subnet"},
           "allow_ip_spoofing": bool(nic_proto.get("allow_ip_spoofing", False))}
    return nic, subnet["vpc"]


def _network_interface(instance: dict) -> dict:
    """The instance's primary network interface; a fixed one for an instance created without."""
    nic = instance.get("_nic")
    if nic:
        return {"href": f"{instance['href']}/network_interfaces/{nic['id']}", "id": nic["id"], "name": nic["name"],
                "resource_type": "network_interface", "allow_ip_spoofing": nic["allow_ip_spoofing"],
                "primary_ip": {"address": nic["address"], "href": f"{nic['subnet']['href']}/reserved_ips/{nic['id']}",
                               "id": nic["id"], "name": f"{instance['name']}-ip", "resource_type": "subnet_reserved_ip"},
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
    """What the instance was initialized with: its SSH keys (GET /instances/{id}/initialization)."""
    return {"keys": instance.get("_keys", []), "user_accounts": []}
