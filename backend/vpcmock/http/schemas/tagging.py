"""Request shapes of the Global Tagging API (attach and detach)."""

from vpcmock.http.schemas.base import ListOf, Obj, RequestSchema, Str, non_empty, tag_rule


class TagResource(RequestSchema):
    unmodelled = ("resource_type",)  # accepted, not used (see RequestSchema)
    resource_id = Str(required=True, validate=non_empty("invalid_resource_id"))


class TagOperation(RequestSchema):
    """``tag_names`` (or the single ``tag_name``) on each of ``resources``. The tags follow the
    VPC API's tag rule, since a tag attached here shows in the resource's ``user_tags``."""
    resources = ListOf(Obj(TagResource), required=True, validate=non_empty("missing_field"))
    tag_names = ListOf(Str(validate=tag_rule()))
    tag_name = Str(validate=tag_rule())


class TagCreation(RequestSchema):
    """The access management tags to create (checked as access tags: engine/platform/access_tags.py)."""
    tag_names = ListOf(Str(), required=True)
