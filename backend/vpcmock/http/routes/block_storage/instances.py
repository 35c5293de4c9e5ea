"""/instances, their actions and volume attachments."""

from flask import request

from vpcmock import api_table
from vpcmock.engine.block_storage import instances, reinitialize
from vpcmock.engine.generic import validation
from vpcmock.engine.core.listing import paginate
from vpcmock.http.common import (check_if_match, ctx, json_body, page_args, respond, respond_empty,
                                 respond_page, transactional)
from vpcmock.http.routes import api
from vpcmock.http.schemas import storage as shapes
from vpcmock.http.schemas.base import load

PROTOTYPE, ACTION, ATTACHMENT = shapes.InstancePrototype(), shapes.InstanceActionPrototype(), shapes.VolumeAttachmentPrototype()
PATCH, ATTACHMENT_PATCH = shapes.InstancePatch(), shapes.VolumeAttachmentPatch()


@api.get("/instances")
@transactional
def list_instances():
    """List all instances."""
    c = ctx()
    args = request.args
    # Each filter the API takes, as the path to what it compares in the instance's answer.
    asked = {("name",): args.get("name"), ("vpc", "id"): args.get("vpc.id"), ("vpc", "crn"): args.get("vpc.crn"),
             ("vpc", "name"): args.get("vpc.name"), ("resource_group", "id"): args.get("resource_group.id"),
             ("cluster_network", "id"): args.get("cluster_network.id"),
             ("cluster_network", "crn"): args.get("cluster_network.crn"),
             ("cluster_network", "name"): args.get("cluster_network.name"),
             ("availability", "class"): args.get("availability.class"),
             ("reservation_affinity", "policy"): args.get("reservation_affinity.policy"),
             **{(kind, key): args.get(f"{kind}.{key}") for kind in ("dedicated_host", "placement_group")
                for key in ("id", "crn", "name")}}
    asked = {path: value for path, value in asked.items() if value is not None}
    match = (lambda i: instances.matches(c, i, asked)) if asked else None
    page = paginate(c.partition("instances"), match=match, **page_args())
    page.items = [instances.present_instance(c, i) for i in page.items]
    return respond_page(page, "instances", shapes.INSTANCE)


@api.post("/instances")
@transactional
def create_instance():
    """Create an instance."""
    c = ctx()
    instance = instances.create_instance(c, load(PROTOTYPE, json_body()))
    return respond(instances.present_instance(c, instance), shapes.INSTANCE, 201)


@api.get("/instances/<instance_id>")
@transactional
def get_instance(instance_id):
    """Retrieve an instance."""
    c = ctx()
    return respond(instances.present_instance(c, instances.get_instance(c, instance_id)), shapes.INSTANCE)


@api.get("/instances/<instance_id>/initialization")
@transactional
def get_instance_initialization(instance_id):
    """Retrieve the initialization of an instance."""
    return respond(instances.initialization(instances.get_instance(ctx(), instance_id)), shapes.INSTANCE_INITIALIZATION)


@api.patch("/instances/<instance_id>")
@transactional
def update_instance(instance_id):
    """Update an instance."""
    c = ctx()
    instance = instances.get_instance(c, instance_id)
    check_if_match(instance)
    updated = instances.update_instance(c, instance, load(PATCH, json_body()))
    return respond(instances.present_instance(c, updated), shapes.INSTANCE)


@api.delete("/instances/<instance_id>")
@transactional
def delete_instance(instance_id):
    """Delete an instance."""
    c = ctx()
    instance = instances.get_instance(c, instance_id)
    check_if_match(instance)
    instances.delete_instance(c, instance)
    return respond_empty(204)


@api.post("/instances/<instance_id>/actions")
@transactional
def instance_action(instance_id):
    """Start, stop or reboot an instance."""
    c = ctx()
    action = load(ACTION, json_body())
    instances.perform_action(c, instances.get_instance(c, instance_id), action["type"])
    return respond({"type": action["type"], "status": "completed", "created_at": c.now.isoformat()},
                   shapes.INSTANCE_ACTION, 201)


@api.post("/instances/<instance_id>/reinitialize")
@transactional
def reinitialize_instance(instance_id):
    """Reinitialize an instance."""
    c = ctx()
    body = json_body()
    validation.body(body, api_table.operation("create_instance_reinitialization")["body"])  # the table's model
    instance = instances.get_instance(c, instance_id)
    check_if_match(instance)
    reinitialize.reinitialize(c, instance, body)
    return respond_empty(204)


@api.get("/instances/<instance_id>/volume_attachments")
@transactional
def list_attachments(instance_id):
    """List all volume attachments of an instance."""
    c = ctx()
    instance = instances.get_instance(c, instance_id)
    views = [instances.present_attachment(c, instance, a) for a in instance["attachments"]]
    return respond({"volume_attachments": views}, shapes.VOLUME_ATTACHMENTS)


@api.post("/instances/<instance_id>/volume_attachments")
@transactional
def create_attachment(instance_id):
    """Attach a volume to an instance."""
    c = ctx()
    instance = instances.attach_volume(c, instances.get_instance(c, instance_id), load(ATTACHMENT, json_body()))
    return respond(instances.present_attachment(c, instance, instance["attachments"][-1]), shapes.VOLUME_ATTACHMENT, 201)


@api.get("/instances/<instance_id>/volume_attachments/<attachment_id>")
@transactional
def get_attachment(instance_id, attachment_id):
    """Retrieve a volume attachment."""
    c = ctx()
    instance = instances.get_instance(c, instance_id)
    attachment = instances.get_attachment(instance, attachment_id)
    return respond(instances.present_attachment(c, instance, attachment), shapes.VOLUME_ATTACHMENT)


@api.patch("/instances/<instance_id>/volume_attachments/<attachment_id>")
@transactional
def update_attachment(instance_id, attachment_id):
    """Update a volume attachment."""
    c = ctx()
    instance = instances.get_instance(c, instance_id)
    attachment = instances.get_attachment(instance, attachment_id)
    instance = instances.update_attachment(c, instance, attachment, load(ATTACHMENT_PATCH, json_body()))
    return respond(instances.present_attachment(c, instance, instances.get_attachment(instance, attachment_id)),
                   shapes.VOLUME_ATTACHMENT)


@api.delete("/instances/<instance_id>/volume_attachments/<attachment_id>")
@transactional
def delete_attachment(instance_id, attachment_id):
    """Detach a volume from an instance."""
    c = ctx()
    instance = instances.get_instance(c, instance_id)
    instances.detach_volume(c, instance, instances.get_attachment(instance, attachment_id))
    return respond_empty(202)
