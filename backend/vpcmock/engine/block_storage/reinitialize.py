"""POST /instances/{id}/reinitialize: a stopped instance started over on a new boot volume made
from an image (InstanceReinitializeByImage), from a snapshot (BySnapshot), or an existing volume
(ByVolume), with the keys given (else the ones it had). The new boot source's `allowed_use.instance` must
allow the instance as it is (instances.check_allowed_use, as at creation).

IBM's API: the instance must be `stopped`; its current boot volume is detached and, when its
attachment says `delete_volume_on_instance_delete`, deleted (as it would be with the instance);
the new boot volume's attachment deletes it with the instance unless told otherwise, an
existing volume's does not (as at creation). The body is checked against the table's model
by the HTTP layer.
"""

from __future__ import annotations

from vpcmock.engine.block_storage import instances, volumes
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.refs import identity_id
from vpcmock.errors import ApiError, bad_field, conflict, echo, field, parameter
from vpcmock.images import find_image


def reinitialize(ctx: Ctx, instance: dict, proto: dict) -> dict:
    if instance["status"] != "stopped":
        raise conflict("instance_not_stopped", f"Instance {instance['id']} is {instance['status']}; stop it before "
                       "reinitializing it", parameter("id", instance["id"]))
    zone = instance["zone"]["name"]
    old = next(a for a in instance["attachments"] if a["type"] == "boot")
    old_volume = ctx.store.get("volumes", old["volume_id"]) or {}
    attachment = proto.get("boot_volume_attachment") or {}
    volume_proto = dict(attachment.get("volume") or {})
    keys = _keys(ctx, proto.get("keys")) if proto.get("keys") is not None else instance.get("_keys", [])
    image = None
    if proto.get("image"):
        image = find_image(ctx, identity_id(proto["image"]))
        if image is None:
            raise ApiError(404, "image_not_found", f"Image {echo(identity_id(proto['image']))} not found",
                           field("image.id", identity_id(proto["image"])))
        volume_proto.setdefault("profile", old_volume.get("profile") or {"name": "general-purpose"})
        volume_proto.setdefault("capacity", image["minimum_provisioned_size"])
    where = "boot_volume_attachment.volume."
    existing = None
    if any(volume_proto.get(key) for key in ("id", "crn", "href")):
        existing = ctx.owned(ctx.store.get("volumes", identity_id(volume_proto)))
        if existing is None:
            raise bad_field("volume_not_found", f"Volume {echo(identity_id(volume_proto))} not found", where + "id",
                            identity_id(volume_proto))
    # The new boot source allows the instance as it is (its profile and settings), as at creation.
    instances.check_allowed_use(ctx, proto, volume_proto, image, existing, instance["profile"]["name"],
                                instance["vcpu"]["count"], instance)
    # Detach the current boot volume first: the new one's name may be the old one's.
    instance = ctx.store.replace("instances", instance,
                                 attachments=[a for a in instance["attachments"] if a["id"] != old["id"]])
    if old_volume:
        if old["delete_volume_on_instance_delete"]:
            ctx.store.delete("volumes", old_volume["id"])
        else:
            ctx.store.replace("volumes", old_volume, _attachment=None)
    if existing is not None:
        volume = existing
        volumes.require_attachable(ctx, volume, zone, where + "id")
        delete_default = False
    else:
        volume_proto.setdefault("name", f"{instance['name']}-boot")
        volume = volumes.create_volume(ctx, volume_proto, where, zone=zone, image=image)
        delete_default = True
    instance = instances.attach(ctx, instance, volume, "boot", attachment.get("name"),
                                attachment.get("delete_volume_on_instance_delete", delete_default))
    changes = {"_keys": keys}
    if image is not None:
        changes["image"] = {key: image[key] for key in ("crn", "href", "id", "name", "resource_type")}
    return ctx.store.replace("instances", instance, **changes)


def _keys(ctx: Ctx, identities: list[dict]) -> list[dict]:
    found = []
    for index, identity in enumerate(identities):
        key = ctx.owned(ctx.store.get("keys", identity_id(identity)))
        if key is None:
            raise ApiError(404, "key_not_found", f"Key {echo(identity_id(identity))} not found",
                           field(f"keys[{index}].id", identity_id(identity)))
        found.append({k: key[k] for k in ("crn", "fingerprint", "href", "id", "name")})
    return found
