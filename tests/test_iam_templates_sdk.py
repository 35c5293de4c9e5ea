"""IAM templates and their assignments through the official ibm-platform-services clients (IAM
Identity's trusted profile and account settings templates, Access Groups' group templates,
Policy Management's policy, role and action control templates), each answer parsed by the SDK's
model: versions numbered from 1, a committed version read-only, an assignment's status moving
on each read until it has made its resources."""

from __future__ import annotations

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import IamAccessGroupsV2, IamIdentityV1, IamPolicyManagementV1, ResourceManagerV2
from ibm_platform_services import iam_access_groups_v2 as groups_models
from ibm_platform_services import iam_identity_v1 as identity_models
from ibm_platform_services import iam_policy_management_v1 as policy_models

from vpcmock.engine.generic import service

TARGET = "0123456789abcdef0123456789abcdef"       # a child account of the enterprise
OTHER_TARGET = "fedcba9876543210fedcba9876543210"
GROUP_TARGET = "AccountGroup-00112233445566778899aabbccddeeff"


def _client(cls, mock, name):
    client = cls(authenticator=IAMAuthenticator("templates", url=mock.url))
    client.set_service_url(service.sdk_url(mock.url, name))
    return client


@pytest.fixture
def identity(mock) -> IamIdentityV1:
    return _client(IamIdentityV1, mock, "iam_identity")


@pytest.fixture
def groups(mock) -> IamAccessGroupsV2:
    return _client(IamAccessGroupsV2, mock, "iam_access_groups")


@pytest.fixture
def policies(mock) -> IamPolicyManagementV1:
    return _client(IamPolicyManagementV1, mock, "iam_policy_management")


@pytest.fixture
def account(mock) -> str:
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("templates", url=mock.url))
    manager.set_service_url(mock.url)
    return manager.list_resource_groups(default=True).get_result()["resources"][0]["account_id"]


def _profile_template(identity, account, name="developers"):
    answer = identity.create_profile_template(account_id=account, name=name, description="v1",
                                              profile={"name": "dev-profile", "description": "made by template"})
    return identity_models.TrustedProfileTemplateResponse.from_dict(answer.get_result()), answer.get_headers()["ETag"]


def _refused(call) -> ApiException:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value


def test_every_template_and_assignment_operation_of_the_tables_is_served():
    from vpcmock import api_table
    from vpcmock.engine.generic.platform.template_kinds import operations
    from vpcmock.http.routes import platform_generic
    tables = {name: {op for op in api_table.operations(name) if "template" in op or "assignment" in op}
              for name in ("iam_identity", "iam_access_groups", "iam_policy_management")}
    assert {name: set(operations()[name]) for name in tables} == tables
    assert all(tables[name] <= platform_generic.served_operations(name) for name in tables)


# -- versions ----------------------------------------------------------------------------------

def test_a_new_template_is_version_1_and_each_new_version_the_next_number(identity, account):
    template, _ = _profile_template(identity, account)
    second = identity.create_profile_template_version(template_id=template.id, description="v2").get_result()
    third = identity.create_profile_template_version(template_id=template.id, description="v3").get_result()
    listed = identity_models.TrustedProfileTemplateList.from_dict(
        identity.list_versions_of_profile_template(template_id=template.id).get_result())
    assert (template.version, second["version"], third["version"], [t.version for t in listed.profile_templates]) \
        == (1, 2, 3, [1, 2, 3])


def test_a_new_version_keeps_the_templates_name_and_the_latest_is_read_by_the_template_id(identity, account):
    template, _ = _profile_template(identity, account)
    identity.create_profile_template_version(template_id=template.id, description="v2")
    latest = identity_models.TrustedProfileTemplateResponse.from_dict(
        identity.get_latest_profile_template_version(template_id=template.id).get_result())
    assert (latest.version, latest.name, latest.description, latest.committed) == (2, "developers", "v2", False)


def test_a_template_answers_its_id_crn_and_etag(identity, account):
    template, etag = _profile_template(identity, account)
    assert template.id.startswith("ProfileTemplate-")
    assert template.crn == f"crn:v1:bluemix:public:iam-identity::a/{account}::profile-template:{template.id}"
    assert template.entity_tag == etag


def test_a_listing_of_templates_shows_each_templates_latest_version(identity, account):
    first, _ = _profile_template(identity, account, "one")
    _profile_template(identity, account, "two")
    identity.create_profile_template_version(template_id=first.id, description="newer")
    listed = identity.list_profile_templates(account_id=account).get_result()["profile_templates"]
    assert [(t["name"], t["version"]) for t in listed] == [("one", 2), ("two", 1)]


def test_a_second_template_of_the_same_name_is_refused_with_409(identity, account):
    _profile_template(identity, account)
    error = _refused(lambda: _profile_template(identity, account))
    assert error.status_code == 409


def test_an_uncommitted_version_is_replaced_by_an_update_with_its_etag(identity, account):
    template, etag = _profile_template(identity, account)
    updated = identity.update_profile_template_version(if_match=etag, template_id=template.id, version="1",
                                                       name="developers", description="changed").get_result()
    assert (updated["description"], updated["version"], "profile" in updated) == ("changed", 1, False)


def test_an_update_with_a_stale_etag_is_refused_with_412(identity, account):
    template, etag = _profile_template(identity, account)
    identity.update_profile_template_version(if_match=etag, template_id=template.id, version="1", description="x")
    error = _refused(lambda: identity.update_profile_template_version(if_match=etag, template_id=template.id,
                                                                      version="1", description="y"))
    assert error.status_code == 412


def test_a_committed_version_refuses_an_update_with_422(identity, account):
    template, _ = _profile_template(identity, account)
    identity.commit_profile_template(template_id=template.id, version="1")
    committed = identity.get_profile_template_version(template_id=template.id, version="1")
    error = _refused(lambda: identity.update_profile_template_version(
        if_match=committed.get_headers()["ETag"], template_id=template.id, version="1", description="late"))
    assert (committed.get_result()["committed"], error.status_code, error.message.startswith(
        "Template in committed state")) == (True, 422, True)


def test_a_second_commit_is_refused_with_422(identity, account):
    template, _ = _profile_template(identity, account)
    identity.commit_profile_template(template_id=template.id, version="1")
    assert _refused(lambda: identity.commit_profile_template(template_id=template.id, version="1")).status_code == 422


def test_a_deleted_versions_number_is_not_given_again(identity, account):
    template, _ = _profile_template(identity, account)
    identity.create_profile_template_version(template_id=template.id, description="v2")
    identity.delete_profile_template_version(template_id=template.id, version="2")
    again = identity.create_profile_template_version(template_id=template.id, description="v3").get_result()
    versions = identity.list_versions_of_profile_template(template_id=template.id).get_result()["profile_templates"]
    assert (again["version"], [v["version"] for v in versions]) == (3, [1, 3])


def test_a_template_with_all_its_versions_is_deleted_at_once(identity, account):
    template, _ = _profile_template(identity, account)
    identity.create_profile_template_version(template_id=template.id, description="v2")
    identity.delete_all_versions_of_profile_template(template_id=template.id)
    error = _refused(lambda: identity.get_latest_profile_template_version(template_id=template.id))
    assert error.status_code == 404


def test_a_reference_to_a_policy_template_the_account_lacks_is_refused_with_404(identity, account):
    error = _refused(lambda: identity.create_profile_template(
        account_id=account, name="refs", policy_template_references=[{"id": "policyTemplate-missing", "version": "1"}]))
    assert error.status_code == 404


def test_a_profile_identity_answers_the_iam_id_iam_forms_of_it(identity, account):
    made = identity.create_profile_template(account_id=account, name="ids", profile={"name": "p", "identities": [
        {"type": "serviceid", "identifier": "ServiceId-1234", "accounts": [account]},
        {"type": "user", "identifier": "IBMid-5678", "accounts": [account]}]}).get_result()
    assert [i["iam_id"] for i in made["profile"]["identities"]] == ["iam-ServiceId-1234", "IBMid-5678"]


def test_a_template_keeps_at_most_the_version_limit(identity, account, monkeypatch):
    from vpcmock.engine.generic.platform import templates
    monkeypatch.setattr(templates, "VERSION_LIMIT", 2)
    template, _ = _profile_template(identity, account)
    identity.create_profile_template_version(template_id=template.id, description="v2")
    error = _refused(lambda: identity.create_profile_template_version(template_id=template.id, description="v3"))
    assert (error.status_code, "2 versions" in error.message) == (400, True)


def test_include_history_answers_what_was_done_to_a_version(identity, account):
    template, _ = _profile_template(identity, account)
    identity.commit_profile_template(template_id=template.id, version="1")
    read = identity.get_profile_template_version(template_id=template.id, version="1", include_history=True)
    plain = identity.get_profile_template_version(template_id=template.id, version="1").get_result()
    assert ([h["action"] for h in read.get_result()["history"]], "history" in plain) == (["create", "commit"], False)


def test_account_settings_templates_are_versioned_the_same_way(identity, account):
    made = identity.create_account_settings_template(account_id=account, name="settings",
                                                     account_settings={"mfa": "TOTP"}).get_result()
    second = identity.create_account_settings_template_version(template_id=made["id"],
                                                               account_settings={"mfa": "LEVEL1"}).get_result()
    parsed = identity_models.AccountSettingsTemplateResponse.from_dict(second)
    assert (made["version"], parsed.version, parsed.account_settings.mfa, parsed.name) == (1, 2, "LEVEL1", "settings")


# -- assignments -------------------------------------------------------------------------------

def _committed_profile_template(identity, account):
    template, _ = _profile_template(identity, account)
    identity.commit_profile_template(template_id=template.id, version="1")
    return template


def test_an_uncommitted_version_cannot_be_assigned(identity, account):
    template, _ = _profile_template(identity, account)
    error = _refused(lambda: identity.create_trusted_profile_assignment(
        template_id=template.id, template_version=1, target_type="Account", target=TARGET))
    assert error.status_code == 409


def test_an_assignment_is_accepted_then_in_progress_then_succeeded_as_it_is_read(identity, account):
    template = _committed_profile_template(identity, account)
    made = identity.create_trusted_profile_assignment(template_id=template.id, template_version=1,
                                                      target_type="Account", target=TARGET)
    reads = [identity.get_trusted_profile_assignment(assignment_id=made.get_result()["id"]).get_result()["status"]
             for _ in range(3)]
    assert (made.get_status_code(), made.get_result()["status"], reads) == (
        202, "accepted", ["in_progress", "succeeded", "succeeded"])


def test_a_succeeded_assignment_lists_the_profile_it_made_in_the_target(identity, account):
    template = _committed_profile_template(identity, account)
    ident = identity.create_trusted_profile_assignment(template_id=template.id, template_version=1,
                                                       target_type="Account", target=TARGET).get_result()["id"]
    identity.get_trusted_profile_assignment(assignment_id=ident)
    done = identity_models.TemplateAssignmentResponse.from_dict(
        identity.get_trusted_profile_assignment(assignment_id=ident).get_result())
    resource = done.resources[0]
    assert (done.status, resource.target, resource.profile.status, resource.profile.version,
            resource.profile.id == resource.profile.resource_created.id,
            resource.profile.id.startswith("Profile-")) == ("succeeded", TARGET, "succeeded", "1", True, True)


def test_a_target_holds_one_assignment_of_a_template(identity, account):
    template = _committed_profile_template(identity, account)
    identity.create_trusted_profile_assignment(template_id=template.id, template_version=1, target_type="Account",
                                               target=TARGET)
    error = _refused(lambda: identity.create_trusted_profile_assignment(
        template_id=template.id, template_version=1, target_type="Account", target=TARGET))
    assert error.status_code == 409


def test_a_malformed_target_is_refused_with_400(identity, account):
    template = _committed_profile_template(identity, account)
    error = _refused(lambda: identity.create_trusted_profile_assignment(
        template_id=template.id, template_version=1, target_type="AccountGroup", target=TARGET))
    assert error.status_code == 400


def test_an_assignment_moves_to_another_committed_version_with_its_etag(identity, account):
    template = _committed_profile_template(identity, account)
    identity.create_profile_template_version(template_id=template.id, description="v2")
    identity.commit_profile_template(template_id=template.id, version="2")
    made = identity.create_trusted_profile_assignment(template_id=template.id, template_version=1,
                                                      target_type="AccountGroup", target=GROUP_TARGET)
    moved = identity.update_trusted_profile_assignment(assignment_id=made.get_result()["id"],
                                                       if_match=made.get_headers()["ETag"], template_version=2)
    assert (moved.get_result()["template_version"], moved.get_result()["status"]) == (2, "accepted")


def test_an_assigned_version_is_not_deleted_until_its_assignment_is(identity, account):
    template = _committed_profile_template(identity, account)
    ident = identity.create_trusted_profile_assignment(template_id=template.id, template_version=1,
                                                       target_type="Account", target=TARGET).get_result()["id"]
    refused = _refused(lambda: identity.delete_profile_template_version(template_id=template.id, version="1"))
    removed = identity.delete_trusted_profile_assignment(assignment_id=ident)
    identity.delete_profile_template_version(template_id=template.id, version="1")
    assert (refused.status_code, removed.get_status_code()) == (409, 202)


def test_assignments_are_listed_by_template_and_target(identity, account):
    template = _committed_profile_template(identity, account)
    for target in (TARGET, OTHER_TARGET):
        identity.create_trusted_profile_assignment(template_id=template.id, template_version=1,
                                                   target_type="Account", target=target)
    listed = identity_models.TemplateAssignmentListResponse.from_dict(identity.list_trusted_profile_assignments(
        template_id=template.id, target=OTHER_TARGET).get_result())
    assert [(a.target, a.template_version) for a in listed.assignments] == [(OTHER_TARGET, 1)]


def test_account_settings_assignments_make_the_targets_settings(identity, account):
    made = identity.create_account_settings_template(account_id=account, name="s").get_result()
    identity.commit_account_settings_template(template_id=made["id"], version="1")
    ident = identity.create_account_settings_assignment(template_id=made["id"], template_version=1,
                                                        target_type="Account", target=TARGET).get_result()["id"]
    for _ in range(2):
        done = identity.get_account_settings_assignment(assignment_id=ident).get_result()
    assert (done["status"], done["resources"][0]["account_settings"]["resource_created"]["id"]) == (
        "succeeded", TARGET)


# -- access groups -----------------------------------------------------------------------------

def test_an_access_group_template_is_committed_with_its_etag_and_assigned(groups, account):
    made = groups.create_template(name="admins", account_id=account, group={"name": "admins-group"})
    template = groups_models.TemplateResponse.from_dict(made.get_result())
    groups.commit_template(template_id=template.id, version_num="1", if_match=made.get_headers()["ETag"])
    assigned = groups.create_assignment(template_id=template.id, template_version="1", target_type="Account",
                                        target=TARGET)
    ident = assigned.get_result()["id"]
    for _ in range(2):
        done = groups.get_assignment(assignment_id=ident).get_result()
    parsed = groups_models.TemplateAssignmentVerboseResponse.from_dict(done)
    assert (template.version, assigned.get_status_code(), parsed.operation, parsed.status,
            parsed.resources[0].group.group.name) == ("1", 202, "assign", "succeeded", "admins-group")


def test_an_access_group_template_commit_with_a_stale_etag_is_refused_with_412(groups, account):
    made = groups.create_template(name="admins", account_id=account)
    groups.update_template_version(template_id=made.get_result()["id"], version_num="1",
                                   if_match=made.get_headers()["ETag"], name="admins", description="changed")
    error = _refused(lambda: groups.commit_template(template_id=made.get_result()["id"], version_num="1",
                                                    if_match=made.get_headers()["ETag"]))
    assert error.status_code == 412


def test_access_group_templates_list_their_versions_by_offset(groups, account):
    ident = groups.create_template(name="pages", account_id=account).get_result()["id"]
    for _ in range(2):
        groups.create_template_version(template_id=ident, name="pages")
    page = groups.list_template_versions(template_id=ident, limit=2).get_result()
    parsed = groups_models.ListTemplateVersionsResponse.from_dict(page)
    assert ([v.version for v in parsed.group_template_versions], parsed.total_count, "offset=2" in parsed.next.href) \
        == (["1", "2"], 3, True)


# -- policy management -------------------------------------------------------------------------

_POLICY = {"type": "access", "description": "viewers",
           "resource": {"attributes": [{"key": "serviceName", "operator": "stringEquals", "value": "is"}]},
           "control": {"grant": {"roles": [{"role_id": "crn:v1:bluemix:public:iam::::role:Viewer"}]}}}


def test_a_policy_template_made_committed_is_assigned_and_succeeds(policies, account):
    made = policies.create_policy_template(name="viewers", account_id=account, policy=_POLICY, committed=True)
    template = policy_models.PolicyTemplateLimitData.from_dict(made.get_result())
    created = policy_models.PolicyAssignmentV1Collection.from_dict(policies.create_policy_template_assignment(
        version="1.0", target={"type": "Account", "id": TARGET},
        templates=[{"id": template.id, "version": "1"}]).get_result())
    ident = created.assignments[0].id
    for _ in range(2):
        done = policies.get_policy_assignment(assignment_id=ident, version="1.0").get_result()
    parsed = policy_models.PolicyTemplateAssignmentItemsPolicyAssignmentV1.from_dict(done)
    assert (template.committed, template.counts.version.current, created.assignments[0].status, parsed.status,
            parsed.template.id, bool(parsed.resources[0].policy.resource_created.id)) == (
        True, 1, "accepted", "succeeded", template.id, True)


def test_a_policy_assignment_needs_the_api_version_query(policies, account, mock):
    import requests
    error = requests.get(f"{service.sdk_url(mock.url, 'iam_policy_management')}/v1/policy_assignments",
                         params={"account_id": account}, headers={"Authorization": _bearer(mock)})
    assert (error.status_code, error.json()["errors"][0]["code"]) == (400, "missing_parameter")


def _bearer(mock) -> str:
    return f"Bearer {IAMAuthenticator('templates', url=mock.url).token_manager.get_token()}"


def test_a_policy_template_version_is_replaced_with_its_etag_until_committed(policies, account):
    made = policies.create_policy_template(name="viewers", account_id=account, policy=_POLICY)
    ident = made.get_result()["id"]
    replaced = policies.replace_policy_template(policy_template_id=ident, version="1",
                                                if_match=made.get_headers()["ETag"],
                                                policy={**_POLICY, "description": "readers"}, committed=True)
    error = _refused(lambda: policies.replace_policy_template(
        policy_template_id=ident, version="1", if_match=replaced.get_headers()["ETag"], policy=_POLICY))
    assert (replaced.get_result()["policy"]["description"], replaced.get_result()["committed"], error.status_code) == (
        "readers", True, 422)


def test_a_policy_assignment_moves_to_a_newer_version(policies, account):
    ident = policies.create_policy_template(name="viewers", account_id=account, policy=_POLICY,
                                            committed=True).get_result()["id"]
    policies.create_policy_template_version(policy_template_id=ident, policy=_POLICY, committed=True)
    assignment = policies.create_policy_template_assignment(
        version="1.0", target={"type": "Account", "id": TARGET},
        templates=[{"id": ident, "version": "1"}]).get_result()["assignments"][0]
    etag = policies.get_policy_assignment(assignment_id=assignment["id"], version="1.0").get_headers()["ETag"]
    moved = policies.update_policy_assignment(assignment_id=assignment["id"], version="1.0", if_match=etag,
                                              template_version="2").get_result()
    assert policy_models.PolicyAssignmentV1.from_dict(moved).template.version == "2"


def test_no_deleted_policy_template_is_kept_to_be_listed(policies, account):
    ident = policies.create_policy_template(name="gone", account_id=account, policy=_POLICY).get_result()["id"]
    policies.delete_policy_template(policy_template_id=ident)
    listed = policies.list_policy_templates(account_id=account, state="deleted").get_result()["policy_templates"]
    error = _refused(lambda: policies.get_policy_template(policy_template_id=ident, state="deleted"))
    assert (listed, error.status_code) == ([], 404)


def test_policy_templates_list_by_policy_type(policies, account):
    policies.create_policy_template(name="viewers", account_id=account, policy=_POLICY)
    policies.create_policy_template(name="authz", account_id=account, policy={**_POLICY, "type": "authorization"})
    listed = policy_models.PolicyTemplateCollection.from_dict(policies.list_policy_templates(
        account_id=account, policy_type="authorization").get_result())
    assert [t.name for t in listed.policy_templates] == ["authz"]


def test_a_role_template_is_assigned_and_makes_its_custom_role(policies, account):
    role = {"name": "Backup", "display_name": "Backup operator", "service_name": "is",
            "actions": ["is.backup-policy.backup-policy.read"]}
    template = policy_models.RoleTemplate.from_dict(policies.create_role_template(
        name="backup-role", account_id=account, role=role, committed=True).get_result())
    ident = policies.create_role_template_assignment(target={"type": "Account", "id": TARGET}, templates=[
        {"id": template.id, "version": "1"}]).get_result()["assignments"][0]["id"]
    for _ in range(2):
        done = policy_models.RoleAssignment.from_dict(policies.get_role_assignment(assignment_id=ident).get_result())
    assert (template.id.startswith("roleTemplate-"), done.operation, done.status,
            bool(done.resources[0].role.resource_created.id)) == (True, "create", "succeeded", True)


def test_an_action_control_template_versions_and_assignment(policies, account):
    control = {"service_name": "am", "actions": ["am.assignment.read"]}
    made = policies.create_action_control_template(name="controls", account_id=account, description="d",
                                                   action_control=control).get_result()
    second = policies.create_action_control_template_version(action_control_template_id=made["id"],
                                                             action_control=control, committed=True).get_result()
    ident = policies.create_action_control_template_assignment(target={"type": "Account", "id": TARGET}, templates=[
        {"id": made["id"], "version": "2"}]).get_result()["assignments"][0]["id"]
    versions = policies.list_action_control_template_versions(action_control_template_id=made["id"]).get_result()
    parsed = policy_models.ActionControlTemplateVersionsCollection.from_dict(versions)
    assignment = policy_models.ActionControlAssignment.from_dict(
        policies.get_action_control_assignment(assignment_id=ident).get_result())
    assert ((made["version"], made["committed"]), second["version"], [v.version for v in parsed.versions],
            assignment.template.version, assignment.status) == (("1", False), "2", ["1", "2"], "2", "in_progress")
