"""/images and /instance/profiles: the region's compute catalogue (vpcmock/images.py)."""

from flask import g, request

from vpcmock import images
from vpcmock.errors import ApiError, parameter
from vpcmock.http.common import respond, respond_all
from vpcmock.http.routes import api
from vpcmock.http.schemas.network import IMAGE, INSTANCE_PROFILE


@api.get("/images")
def list_images():
    found = images.images(g.region)
    for key, pick in (("name", lambda i: i["name"]), ("visibility", lambda i: i["visibility"]),
                      ("status", lambda i: i["status"]), ("owner_type", lambda i: i["owner_type"]),
                      ("user_data_format", lambda i: i["user_data_format"])):
        wanted = request.args.get(key)
        if wanted is not None:
            found = [i for i in found if pick(i) in wanted.split(",")]
    return respond_all(found, "images", IMAGE)


@api.get("/images/<ident>")
def get_image(ident):
    found = images.find_image(g.region, ident)
    if found is None:
        raise ApiError(404, "image_not_found", f"Image {ident[:256]!r} not found", parameter("id", ident))
    return respond(found, IMAGE)


@api.get("/instance/profiles")
def list_profiles():
    return respond_all([images.profile(g.region, name) for name in images.INSTANCE_PROFILES], "profiles",
                       INSTANCE_PROFILE)


@api.get("/instance/profiles/<name>")
def get_profile(name):
    if name not in images.INSTANCE_PROFILES:
        raise ApiError(404, "instance_profile_not_found", f"Instance profile {name[:256]!r} not found",
                       parameter("name", name))
    return respond(images.profile(g.region, name), INSTANCE_PROFILE)
