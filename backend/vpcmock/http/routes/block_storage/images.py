"""/images and /instance/profiles: the region's compute catalogue (vpcmock/images.py)."""

from flask import g, request

from vpcmock import images
from vpcmock.errors import ApiError, parameter
from vpcmock.http.common import json_response
from vpcmock.http.routes import api


@api.get("/images")
def list_images():
    found = images.images(g.region)
    for key, pick in (("name", lambda i: i["name"]), ("visibility", lambda i: i["visibility"]),
                      ("status", lambda i: i["status"]), ("owner_type", lambda i: i["owner_type"]),
                      ("user_data_format", lambda i: i["user_data_format"])):
        wanted = request.args.get(key)
        if wanted is not None:
            found = [i for i in found if pick(i) in wanted.split(",")]
    return json_response({"images": found, "limit": max(len(found), 1), "total_count": len(found),
                          "first": {"href": request.base_url}}, 200)


@api.get("/images/<ident>")
def get_image(ident):
    found = images.find_image(g.region, ident)
    if found is None:
        raise ApiError(404, "image_not_found", f"Image {ident[:256]!r} not found", parameter("id", ident))
    return json_response(found, 200)


@api.get("/instance/profiles")
def list_profiles():
    return json_response({"profiles": [images.profile(g.region, name) for name in images.INSTANCE_PROFILES],
                          "first": {"href": request.base_url}, "limit": len(images.INSTANCE_PROFILES),
                          "total_count": len(images.INSTANCE_PROFILES)}, 200)


@api.get("/instance/profiles/<name>")
def get_profile(name):
    if name not in images.INSTANCE_PROFILES:
        raise ApiError(404, "instance_profile_not_found", f"Instance profile {name[:256]!r} not found",
                       parameter("name", name))
    return json_response(images.profile(g.region, name), 200)
