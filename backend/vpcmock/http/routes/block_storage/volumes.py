"""/volumes."""

from flask import request

from vpcmock.engine.block_storage import volumes
from vpcmock.engine.core.listing import paginate
from vpcmock.http.common import check_if_match, ctx, json_body, page_args, respond, respond_empty, respond_page, transactional
from vpcmock.http.routes import api
from vpcmock.http.schemas import storage as shapes
from vpcmock.http.schemas.base import load

PROTOTYPE, PATCH = shapes.VolumePrototype(), shapes.VolumePatch()


@api.get("/volumes")
@transactional
def list_volumes():
    """List all volumes."""
    c = ctx()
    args = request.args
    tests = []
    if "name" in args:
        tests.append(lambda v: v["name"] == args["name"])
    if "tag" in args:
        tests.append(lambda v: args["tag"] in v["user_tags"])
    if "zone.name" in args:
        tests.append(lambda v: v["zone"]["name"] == args["zone.name"])
    if "encryption" in args:
        tests.append(lambda v: v["encryption"] == args["encryption"])
    if "storage_generation" in args:
        tests.append(lambda v: str(v["storage_generation"]) == args["storage_generation"])
    for key in ("family", "architecture"):  # the operating system a boot volume took from its image
        wanted = args.get(f"operating_system.{key}")
        if wanted is not None:
            tests.append(lambda v, key=key, wanted=wanted: (v.get("operating_system") or {}).get(key) == wanted)
    if "attachment_state" in args:
        tests.append(lambda v: ("attached" if v.get("_attachment") else "unattached") == args["attachment_state"])
    match = (lambda v: all(t(v) for t in tests)) if tests else None
    page = paginate(c.partition("volumes"), match=match, **page_args())
    page.items = [volumes.present_volume(c, v) for v in page.items]
    return respond_page(page, "volumes", shapes.VOLUME)


@api.post("/volumes")
@transactional
def create_volume():
    """Create a volume."""
    c = ctx()
    proto = load(PROTOTYPE, json_body())
    return respond(volumes.present_volume(c, volumes.create_volume(c, proto)), shapes.VOLUME, 201)


@api.get("/volumes/<volume_id>")
@transactional
def get_volume(volume_id):
    """Retrieve a volume."""
    c = ctx()
    return respond(volumes.present_volume(c, volumes.get_volume(c, volume_id)), shapes.VOLUME)


@api.patch("/volumes/<volume_id>")
@transactional
def update_volume(volume_id):
    """Update a volume."""
    c = ctx()
    volume = volumes.get_volume(c, volume_id)
    check_if_match(volume)
    volume = volumes.update_volume(c, volume, load(PATCH, json_body()))
    return respond(volumes.present_volume(c, volume), shapes.VOLUME)


@api.delete("/volumes/<volume_id>")
@transactional
def delete_volume(volume_id):
    """Delete a volume."""
    c = ctx()
    volume = volumes.get_volume(c, volume_id)
    check_if_match(volume)
    volumes.delete_volume(c, volume)
    return respond_empty(204)
