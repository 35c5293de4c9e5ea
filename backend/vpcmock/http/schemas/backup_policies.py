"""Request and response shapes of backup policies, plans and jobs (API reference §3, §4)."""

from marshmallow import Schema, fields

from vpcmock.http.schemas.base import (Bool, Int, ListOf, Obj, RequestSchema, Str, in_range, name_rule,
                                        non_empty, one_of, tag_rule)

MATCH_RESOURCE_TYPES = ("instance", "share", "volume")
INCLUDED_CONTENT = ("boot_volume", "data_volumes")
JOB_STATUSES = ("failed", "running", "succeeded")
JOB_SORTS = ("created_at", "-created_at", "name", "-name")
DELETE_AFTER = (1, 1000)  # days a plan keeps its backups (deletion_trigger.delete_after)


# -- requests ----------------------------------------------------------------------------------

class ByName(RequestSchema):
    """An identity by name (a profile, zone or region). The SDKs also allow one by href, which
    the mock does not resolve; such an identity is refused as missing its name."""
    name = Str(required=True)
    href = Str()


class ById(RequestSchema):
    id = Str(required=True)


class ByCrn(RequestSchema):
    crn = Str(required=True)


class ScopeIdentity(RequestSchema):
    crn = Str()


class DeletionTriggerPrototype(RequestSchema):
    delete_after = Int(validate=in_range("plan_delete_after_invalid", *DELETE_AFTER))
    delete_over_count = Int(allow_none=True, validate=in_range("plan_delete_over_count_invalid", 1, 750))


class ClonePolicyPrototype(RequestSchema):
    max_snapshots = Int(validate=in_range("plan_clone_max_snapshots_invalid", 1, 10))
    zones = ListOf(Obj(ByName), required=True, validate=non_empty("plan_clone_zones_invalid"))


class ClonePolicyPatch(ClonePolicyPrototype):
    zones = ListOf(Obj(ByName))


class RemoteRegionPolicyPrototype(RequestSchema):
    region = Obj(ByName, required=True)
    delete_over_count = Int(validate=in_range("plan_remote_delete_over_count_invalid", 1, 100))
    encryption_key = Obj(ByCrn)


class PlanPatch(RequestSchema):
    active = Bool()
    attach_user_tags = ListOf(Str(validate=tag_rule()))
    clone_policy = Obj(ClonePolicyPatch)
    copy_user_tags = Bool()
    cron_spec = Str()
    deletion_trigger = Obj(DeletionTriggerPrototype)
    name = Str(validate=name_rule("backup_policy_plan_name_invalid"))
    remote_region_policies = ListOf(Obj(RemoteRegionPolicyPrototype))


class PlanPrototype(PlanPatch):
    cron_spec = Str(required=True)
    clone_policy = Obj(ClonePolicyPrototype)


class PolicyPatch(RequestSchema):
    included_content = ListOf(Str(validate=one_of("backup_policy_included_content_invalid", INCLUDED_CONTENT)),
                              validate=non_empty("backup_policy_included_content_invalid"))
    match_user_tags = ListOf(Str(validate=tag_rule()), validate=non_empty("backup_policy_match_user_tags_invalid"))
    name = Str(validate=name_rule("backup_policy_name_invalid"))


class PolicyPrototype(PolicyPatch):
    match_resource_type = Str(required=True, validate=one_of("backup_policy_match_resource_type_invalid",
                                                             MATCH_RESOURCE_TYPES))
    match_user_tags = ListOf(Str(validate=tag_rule()), required=True,
                             validate=non_empty("backup_policy_match_user_tags_invalid"))
    plans = ListOf(Obj(PlanPrototype))
    resource_group = Obj(ById)
    scope = Obj(ScopeIdentity)


# -- responses ---------------------------------------------------------------------------------

class PlanReference(Schema):
    href = fields.String()
    id = fields.String()
    name = fields.String()
    resource_type = fields.String()
    deleted = fields.Raw()
    remote = fields.Raw()


class Policy(Schema):
    created_at = fields.String()
    crn = fields.String()
    health_reasons = fields.Raw()
    health_state = fields.String()
    href = fields.String()
    id = fields.String()
    included_content = fields.Raw()
    last_job_completed_at = fields.String()
    lifecycle_state = fields.String()
    match_resource_type = fields.String()
    match_user_tags = fields.Raw()
    name = fields.String()
    plans = fields.List(fields.Nested(PlanReference), required=True)
    resource_group = fields.Raw()
    resource_type = fields.String()
    scope = fields.Raw()


class Plan(Schema):
    active = fields.Boolean()
    attach_user_tags = fields.Raw()
    clone_policy = fields.Raw()
    copy_user_tags = fields.Boolean()
    created_at = fields.String()
    cron_spec = fields.String()
    deletion_trigger = fields.Raw()
    href = fields.String()
    id = fields.String()
    lifecycle_state = fields.String()
    name = fields.String()
    remote_region_policies = fields.Raw()
    resource_type = fields.String()


class Job(Schema):
    auto_delete = fields.Boolean()
    auto_delete_after = Int(validate=in_range("plan_delete_after_invalid", *DELETE_AFTER))
    backup_policy_plan = fields.Raw()
    completed_at = fields.String()
    created_at = fields.String()
    href = fields.String()
    id = fields.String()
    job_type = fields.String()
    resource_type = fields.String()
    source = fields.Raw()
    status = fields.String()
    status_reasons = fields.Raw()
    target_snapshots = fields.Raw()
