"""Resource Controller instances named after their catalog service, and the Global Catalog the
IBM provider reads, both from one resource catalogue (backend/vpcmock/data/resource_catalogue.json);
Global Tagging by the CRNs of platform resources; access group members. Through the official
SDKs (ResourceControllerV2, GlobalCatalogV1, GlobalTaggingV1, IamAccessGroupsV2, IamIdentityV1)
on a real server."""

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import (GlobalCatalogV1, GlobalTaggingV1, IamAccessGroupsV2, IamIdentityV1,
                                   ResourceControllerV2, ResourceManagerV2)
from ibm_platform_services.global_catalog_v1 import CatalogEntry, EntrySearchResult
from ibm_platform_services.global_tagging_v1 import TagList, TagResults
from ibm_platform_services.iam_access_groups_v2 import (AddGroupMembersResponse, AddMembershipMultipleGroupsResponse,
                                                        DeleteFromAllGroupsResponse, DeleteGroupBulkMembersResponse,
                                                        GroupMembersList)
from ibm_platform_services.resource_controller_v2 import ResourceInstance, ResourceKey

from conftest import start_server
from vpcmock.engine.generic import service
from vpcmock.engine.platform import resource_catalogue

KMS_SERVICE, KMS_PLAN = "ee41347f-b18e-4ca6-bf80-b5467c63f9a6", "eedd3585-90c6-4c8f-be3d-062069e99fc3"
COS_SERVICE = "dff97f5c-bc5e-4455-b470-411c3edbe49c"
COS_STANDARD, COS_LITE = "744bfc56-d12c-4866-88d5-dac9139e0e5d", "2fdf0c08-2d32-4f46-84b5-32e0c92fffd8"
DEPLOYMENT = "crn:v1:bluemix:public:globalcatalog::::deployment:"


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def account(server):
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("catalogue", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]
    return {"id": group["account_id"], "group": group["id"]}


@pytest.fixture(scope="module")
def rc(server):
    sdk = ResourceControllerV2(authenticator=IAMAuthenticator("catalogue", url=server.url))
    sdk.set_service_url(service.sdk_url(server.url, "resource_controller"))
    return sdk


@pytest.fixture(scope="module")
def gc(server):
    sdk = GlobalCatalogV1(authenticator=IAMAuthenticator("catalogue", url=server.url))
    sdk.set_service_url(server.url + "/globalcatalog/api/v1")
    return sdk


def create(rc, account, plan, target, name="instance") -> ResourceInstance:
    return ResourceInstance.from_dict(rc.create_resource_instance(
        name=name, target=target, resource_group=account["group"], resource_plan_id=plan).get_result())


def refused(call) -> ApiException:
    with pytest.raises(ApiException) as caught:
        call()
    return caught.value


def test_a_key_protect_instance_is_named_after_kms_and_its_region(rc, account):
    made = create(rc, account, KMS_PLAN, "us-south", "keys")
    crn = f"crn:v1:bluemix:public:kms:us-south:a/{account['id']}:{made.guid}::"
    assert (made.id, made.crn, made.resource_id, made.resource_plan_id, made.region_id, made.type) == \
        (crn, crn, KMS_SERVICE, KMS_PLAN, "us-south", "service_instance")
    assert made.target_crn == f"{DEPLOYMENT}{KMS_PLAN}%3Aus-south"
    assert (made.url, made.resource_keys_url) == (f"/v2/resource_instances/{made.guid}",
                                                  f"/v2/resource_instances/{made.guid}/resource_keys")
    assert made.resource_group_crn == \
        f"crn:v1:bluemix:public:resource-controller::a/{account['id']}::resource-group:{account['group']}"
    assert rc.get_resource_instance(id=made.guid).get_result()["crn"] == crn


def test_a_cloud_object_storage_instance_is_global(rc, account):
    made = create(rc, account, COS_LITE, "global", "archive")
    assert made.crn == f"crn:v1:bluemix:public:cloud-object-storage:global:a/{account['id']}:{made.guid}::"
    assert (made.resource_id, made.region_id, made.target_crn) == (COS_SERVICE, "global",
                                                                   f"{DEPLOYMENT}{COS_LITE}%3Aglobal")
    assert [p.resource_plan_id for p in made.plan_history] == [COS_LITE]


def test_a_target_may_be_the_deployment_crn_the_ibm_provider_sends(rc, account):
    made = create(rc, account, KMS_PLAN, f"{DEPLOYMENT}{KMS_PLAN}%3Aeu-de")
    assert (made.region_id, made.crn.split(":")[4:6]) == ("eu-de", ["kms", "eu-de"])


def test_an_unknown_plan_id_is_a_400_and_makes_nothing(rc, account):
    before = len(rc.list_resource_instances().get_result()["resources"])
    error = refused(lambda: create(rc, account, "tiered-pricing", "us-south"))
    assert (error.status_code, error.http_response.json()["errors"][0]["code"]) == (400, "invalid_resource_plan_id")
    assert error.http_response.json()["errors"][0]["target"] == {"name": "resource_plan_id", "type": "field",
                                                                 "value": "tiered-pricing"}
    assert len(rc.list_resource_instances().get_result()["resources"]) == before


@pytest.mark.parametrize("plan, target", [(KMS_PLAN, "global"), (COS_STANDARD, "us-south"), (KMS_PLAN, "mars-1"),
                                          (COS_STANDARD, f"{DEPLOYMENT}{COS_LITE}%3Aglobal")])
def test_a_target_where_the_plan_is_not_deployed_is_a_400(rc, account, plan, target):
    error = refused(lambda: create(rc, account, plan, target))
    assert (error.status_code, error.http_response.json()["errors"][0]["code"]) == (400, "invalid_target")


def test_a_key_is_named_under_its_instance(rc, account):
    instance = create(rc, account, KMS_PLAN, "us-east", "with-key")
    key = ResourceKey.from_dict(rc.create_resource_key(name="creds", source=instance.guid).get_result())
    assert key.crn == key.id == f"crn:v1:bluemix:public:kms:us-east:a/{account['id']}:{instance.guid}:resource-key:" \
        f"{key.guid}"
    assert (key.source_crn, key.resource_instance_url) == (instance.crn, f"/v2/resource_instances/{instance.guid}")
    assert rc.get_resource_key(id=key.guid).get_result()["name"] == "creds"


def test_a_plan_changes_within_its_service_and_the_history_follows(rc, account):
    made = create(rc, account, COS_LITE, "global", "upgraded")
    changed = ResourceInstance.from_dict(rc.update_resource_instance(id=made.id, resource_plan_id=COS_STANDARD)
                                         .get_result())
    assert changed.resource_plan_id == COS_STANDARD and changed.target_crn == f"{DEPLOYMENT}{COS_STANDARD}%3Aglobal"
    assert [p.resource_plan_id for p in changed.plan_history] == [COS_LITE, COS_STANDARD]


def test_a_plan_of_another_service_is_refused_on_update(rc, account):
    made = create(rc, account, COS_LITE, "global", "stays-cos")
    error = refused(lambda: rc.update_resource_instance(id=made.id, resource_plan_id=KMS_PLAN))
    assert (error.status_code, error.http_response.json()["errors"][0]["code"]) == (400, "invalid_resource_plan_id")
    assert rc.get_resource_instance(id=made.id).get_result()["resource_plan_id"] == COS_LITE


def test_the_global_catalog_finds_a_service_by_name(gc):
    found = EntrySearchResult.from_dict(gc.list_catalog_entries(q="name:kms active:true").get_result())
    assert [(e.id, e.name, e.kind) for e in found.resources] == [(KMS_SERVICE, "kms", "service")]
    assert found.resources[0].overview_ui["en"].display_name == "Key Protect"


def test_the_global_catalog_lists_a_services_plans_and_a_plans_deployments(gc):
    plans = EntrySearchResult.from_dict(gc.get_child_objects(id=COS_SERVICE, kind="plan").get_result())
    assert {(p.name, p.id) for p in plans.resources} == {
        ("standard", COS_STANDARD), ("lite", COS_LITE), ("onerate", "1e4e33e4-cfa6-4f12-9016-be594a6d5f87")}
    deployments = EntrySearchResult.from_dict(gc.get_child_objects(id=KMS_PLAN, kind="deployment").get_result())
    assert [d.metadata.deployment.location for d in deployments.resources] == list(resource_catalogue.regions())
    assert deployments.resources[0].catalog_crn == f"{DEPLOYMENT}{KMS_PLAN}%3Aus-south"


def test_the_global_catalog_reads_an_entry_and_refuses_an_unknown_one(gc):
    plan = CatalogEntry.from_dict(gc.get_catalog_entry(id=KMS_PLAN).get_result())
    assert (plan.name, plan.kind, plan.parent_id) == ("tiered-pricing", "plan", KMS_SERVICE)
    assert refused(lambda: gc.get_catalog_entry(id="no-such-entry")).status_code == 404


# The (service, plan) pairs the IBM provider's documentation and acceptance tests create with
# ibm_resource_instance, around VPC backups.
DOCUMENTED = [("kms", "tiered-pricing"), ("hs-crypto", "standard"), ("cloud-object-storage", "standard"),
              ("cloud-object-storage", "lite"), ("dns-svcs", "standard-dns"), ("secrets-manager", "standard"),
              ("secrets-manager", "trial"), ("logs", "standard"), ("logdna", "7-day"), ("logdnaat", "7-day"),
              ("sysdig-monitor", "graduated-tier"), ("messagehub", "standard"), ("messagehub", "lite"),
              ("databases-for-postgresql", "standard"), ("event-notifications", "lite"), ("appid", "graduated-tier")]


@pytest.mark.parametrize("service_name, plan", DOCUMENTED)
def test_the_catalogue_holds_each_plan_the_ibm_provider_documents(service_name, plan):
    found = resource_catalogue.plan_named(service_name, plan)
    assert found is not None and resource_catalogue.plan(found.id) is found


def test_vpcmock_env_points_the_ibm_provider_at_the_global_catalog(tmp_path):
    from vpcmock_provider.environment import exports
    values = exports("http://127.0.0.1:9", tmp_path)
    assert values["IBMCLOUD_RESOURCE_CATALOG_API_ENDPOINT"] == "http://127.0.0.1:9/globalcatalog"
    assert values["VPCMOCK_GLOBAL_CATALOG_URL"] == "http://127.0.0.1:9/globalcatalog/api/v1"


# --- Global Tagging by the CRNs of platform resources

@pytest.fixture(scope="module")
def tagging(server):
    sdk = GlobalTaggingV1(authenticator=IAMAuthenticator("catalogue", url=server.url))
    sdk.set_service_url(server.url)
    return sdk


@pytest.fixture(scope="module")
def identity(server):
    sdk = IamIdentityV1(authenticator=IAMAuthenticator("catalogue", url=server.url))
    sdk.set_service_url(server.url)
    return sdk


def attached(tagging, crn: str) -> list[str]:
    return [t.name for t in TagList.from_dict(tagging.list_tags(attached_to=crn).get_result()).items]


def test_tags_attach_to_and_detach_from_a_resource_instance_by_its_crn(rc, account, tagging):
    made = create(rc, account, KMS_PLAN, "us-south", "tagged")
    results = TagResults.from_dict(tagging.attach_tag(resources=[{"resource_id": made.crn}],
                                                      tag_names=["env:prod", "backup"]).get_result())
    assert [(r.resource_id, r.is_error) for r in results.results] == [(made.crn, False)]
    assert attached(tagging, made.crn) == ["env:prod", "backup"]
    tagging.detach_tag(resources=[{"resource_id": made.crn}], tag_names=["backup"])
    assert attached(tagging, made.crn) == ["env:prod"]
    assert "user_tags" not in rc.get_resource_instance(id=made.guid).get_result()  # RC's model has none
    assert "env:prod" in [t.name for t in TagList.from_dict(tagging.list_tags().get_result()).items]


def test_tags_attach_to_a_resource_key_and_a_service_id_by_their_crns(rc, account, tagging, identity):
    instance = create(rc, account, COS_STANDARD, "global", "keyed")
    key = rc.create_resource_key(name="tagged-key", source=instance.guid).get_result()
    service_id = identity.create_service_id(account_id=account["id"], name="tagged-service").get_result()
    tagging.attach_tag(resources=[{"resource_id": key["crn"]}, {"resource_id": service_id["crn"]}], tag_names=["ops"])
    assert (attached(tagging, key["crn"]), attached(tagging, service_id["crn"])) == (["ops"], ["ops"])


def test_a_crn_naming_nothing_of_the_account_is_an_error_result(tagging, account):
    crn = f"crn:v1:bluemix:public:kms:us-south:a/{account['id']}:00000000-0000-0000-0000-000000000000::"
    results = TagResults.from_dict(tagging.attach_tag(resources=[{"resource_id": crn}], tag_names=["x"]).get_result())
    assert [(r.resource_id, r.is_error) for r in results.results] == [(crn, True)]


# --- Access group members

@pytest.fixture(scope="module")
def groups(server):
    sdk = IamAccessGroupsV2(authenticator=IAMAuthenticator("catalogue", url=server.url))
    sdk.set_service_url(server.url)
    return sdk


@pytest.fixture
def members_setup(groups, identity, account):
    group = groups.create_access_group(account_id=account["id"], name="operators").get_result()
    service_id = identity.create_service_id(account_id=account["id"], name="robot").get_result()
    profile = identity.create_profile(account_id=account["id"], name="workload").get_result()
    return group, service_id, profile


def test_members_of_each_type_are_added_and_listed(groups, members_setup):
    group, service_id, profile = members_setup
    added = groups.add_members_to_access_group(access_group_id=group["id"], members=[
        {"iam_id": "IBMid-50ABCDEFGH", "type": "user"}, {"iam_id": service_id["iam_id"], "type": "service"},
        {"iam_id": profile["iam_id"], "type": "profile"}])
    assert added.get_status_code() == 207
    result = AddGroupMembersResponse.from_dict(added.get_result())
    assert [(m.iam_id, m.type, m.status_code) for m in result.members] == [
        ("IBMid-50ABCDEFGH", "user", 200), (service_id["iam_id"], "service", 200), (profile["iam_id"], "profile", 200)]
    listed = GroupMembersList.from_dict(groups.list_access_group_members(access_group_id=group["id"],
                                                                        verbose=True).get_result())
    assert listed.total_count == 3 and [(m.iam_id, m.type, m.membership_type) for m in listed.members] == [
        ("IBMid-50ABCDEFGH", "user", "static"), (service_id["iam_id"], "service", "static"),
        (profile["iam_id"], "profile", "static")]
    assert listed.members[1].name == "robot"
    services = groups.list_access_group_members(access_group_id=group["id"], type="service").get_result()
    assert [m["iam_id"] for m in services["members"]] == [service_id["iam_id"]]


def test_an_iam_id_the_account_does_not_hold_is_that_members_404(groups, members_setup):
    group, service_id, _ = members_setup
    result = AddGroupMembersResponse.from_dict(groups.add_members_to_access_group(
        access_group_id=group["id"], members=[{"iam_id": "iam-ServiceId-00000000-0000-0000-0000-000000000000",
                                               "type": "service"},
                                              {"iam_id": service_id["iam_id"], "type": "profile"}]).get_result())
    assert [(m.status_code, m.errors[0].code) for m in result.members] == [(404, "iam_id_not_found"),
                                                                          (400, "invalid_member_type")]
    assert groups.list_access_group_members(access_group_id=group["id"]).get_result()["total_count"] == 0


def test_membership_is_checked_and_members_removed_one_or_several(groups, members_setup):
    group, service_id, profile = members_setup
    groups.add_members_to_access_group(access_group_id=group["id"], members=[
        {"iam_id": service_id["iam_id"], "type": "service"}, {"iam_id": profile["iam_id"], "type": "profile"},
        {"iam_id": "IBMid-50ABCDEFGH", "type": "user"}])
    assert groups.is_member_of_access_group(access_group_id=group["id"], iam_id=service_id["iam_id"]) \
        .get_status_code() == 204
    assert groups.remove_member_from_access_group(access_group_id=group["id"], iam_id=service_id["iam_id"]) \
        .get_status_code() == 204
    assert refused(lambda: groups.is_member_of_access_group(access_group_id=group["id"],
                                                            iam_id=service_id["iam_id"])).status_code == 404
    bulk = DeleteGroupBulkMembersResponse.from_dict(groups.remove_members_from_access_group(
        access_group_id=group["id"], members=[profile["iam_id"], "IBMid-NOTAMEMBER"]).get_result())
    assert [(m.iam_id, m.status_code) for m in bulk.members] == [(profile["iam_id"], 204), ("IBMid-NOTAMEMBER", 404)]
    assert [m["iam_id"] for m in groups.list_access_group_members(access_group_id=group["id"]).get_result()[
        "members"]] == ["IBMid-50ABCDEFGH"]


def test_a_member_joins_several_groups_and_leaves_them_all(groups, account, members_setup):
    group, service_id, _ = members_setup
    other = groups.create_access_group(account_id=account["id"], name="auditors").get_result()
    joined = AddMembershipMultipleGroupsResponse.from_dict(groups.add_member_to_multiple_access_groups(
        account_id=account["id"], iam_id=service_id["iam_id"], type="service",
        groups=[group["id"], other["id"], "AccessGroupId-missing"]).get_result())
    assert [(g.access_group_id, g.status_code) for g in joined.groups] == [
        (group["id"], 200), (other["id"], 200), ("AccessGroupId-missing", 404)]
    left = DeleteFromAllGroupsResponse.from_dict(groups.remove_member_from_all_access_groups(
        account_id=account["id"], iam_id=service_id["iam_id"]).get_result())
    assert sorted(g.access_group_id for g in left.groups) == sorted([group["id"], other["id"]])
    assert refused(lambda: groups.remove_member_from_all_access_groups(
        account_id=account["id"], iam_id=service_id["iam_id"])).status_code == 404


def test_a_deleted_service_id_or_profile_leaves_its_groups(groups, identity, members_setup):
    group, service_id, profile = members_setup
    groups.add_members_to_access_group(access_group_id=group["id"], members=[
        {"iam_id": service_id["iam_id"], "type": "service"}, {"iam_id": profile["iam_id"], "type": "profile"},
        {"iam_id": "IBMid-50ABCDEFGH", "type": "user"}])
    identity.delete_service_id(id=service_id["id"])
    identity.delete_profile(profile_id=profile["id"])
    listed = groups.list_access_group_members(access_group_id=group["id"]).get_result()["members"]
    assert [m["iam_id"] for m in listed] == ["IBMid-50ABCDEFGH"]


def test_members_of_an_unknown_group_are_a_404(groups):
    assert refused(lambda: groups.list_access_group_members(access_group_id="AccessGroupId-missing")).status_code == 404
