"""Backup policies and plans driven through the official ibm-vpc SDK against a live server."""

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc.vpc_v1 import BackupPolicyCollection, BackupPolicyMatchResourceTypeVolume, BackupPolicyPlan

from conftest import api_error


def make_policy(vpc, name="daily-volumes", tags=("backup-daily",), **extra):
    prototype = {"match_resource_type": "volume", "match_user_tags": list(tags), "name": name, **extra}
    return vpc.create_backup_policy(backup_policy_prototype=prototype)


def test_create_policy_answers_201_with_etag_and_every_required_field(vpc):
    response = make_policy(vpc)
    assert response.status_code == 201
    assert response.get_headers()["ETag"].startswith('W/"')
    policy = response.get_result()
    BackupPolicyMatchResourceTypeVolume.from_dict(policy)  # the SDK's own model accepts it
    assert policy["name"] == "daily-volumes"
    assert policy["match_user_tags"] == ["backup-daily"]
    assert policy["lifecycle_state"] == "stable"
    assert policy["health_state"] == "ok"
    assert policy["plans"] == []
    assert policy["scope"]["resource_type"] == "account"
    assert "included_content" not in policy


def test_instance_policy_includes_boot_and_data_volumes_by_default(vpc):
    policy = vpc.create_backup_policy(backup_policy_prototype={
        "match_resource_type": "instance", "match_user_tags": ["cg"]}).get_result()
    assert policy["included_content"] == ["boot_volume", "data_volumes"]


def test_inline_plans_are_created_with_the_policy(vpc):
    policy = make_policy(vpc, plans=[{"cron_spec": "0 2 * * *", "name": "nightly"}]).get_result()
    assert [p["name"] for p in policy["plans"]] == ["nightly"]
    plan = vpc.get_backup_policy_plan(policy["id"], policy["plans"][0]["id"]).get_result()
    BackupPolicyPlan.from_dict(plan)
    assert plan["deletion_trigger"] == {"delete_after": 30}
    assert plan["clone_policy"] == {"max_snapshots": 5, "zones": []}
    assert plan["remote_region_policies"] == []
    assert plan["active"] is False
    assert plan["copy_user_tags"] is True


def test_get_returns_same_etag_as_create(vpc):
    created = make_policy(vpc)
    fetched = vpc.get_backup_policy(created.get_result()["id"])
    assert fetched.get_headers()["ETag"] == created.get_headers()["ETag"]


def test_update_with_matching_if_match_changes_the_etag(vpc):
    created = make_policy(vpc)
    policy_id, etag = created.get_result()["id"], created.get_headers()["ETag"]
    updated = vpc.update_backup_policy(policy_id, {"match_user_tags": ["a", "b"]}, if_match=etag)
    assert updated.get_result()["match_user_tags"] == ["a", "b"]
    assert updated.get_headers()["ETag"] != etag


def test_update_without_if_match_is_accepted_for_scalar_fields(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    assert vpc.update_backup_policy(policy_id, {"name": "renamed"}).get_result()["name"] == "renamed"


def test_update_of_an_array_without_if_match_is_refused(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    with pytest.raises(ApiException) as caught:
        vpc.update_backup_policy(policy_id, {"match_user_tags": ["x"]})
    assert api_error(caught.value) == (428, "if_match_required")


def test_stale_if_match_is_refused_with_412_and_nothing_changes(vpc):
    created = make_policy(vpc)
    policy_id, stale = created.get_result()["id"], created.get_headers()["ETag"]
    vpc.update_backup_policy(policy_id, {"name": "first"}, if_match=stale)
    with pytest.raises(ApiException) as caught:
        vpc.update_backup_policy(policy_id, {"name": "second"}, if_match=stale)
    assert api_error(caught.value) == (412, "if_match_mismatch")
    assert vpc.get_backup_policy(policy_id).get_result()["name"] == "first"


def test_delete_answers_202_deleting_then_404(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    deleted = vpc.delete_backup_policy(policy_id)
    assert deleted.status_code == 202
    assert deleted.get_result()["lifecycle_state"] == "deleting"
    with pytest.raises(ApiException) as caught:
        vpc.get_backup_policy(policy_id)
    assert api_error(caught.value) == (404, "backup_policy_not_found")


def test_deleted_policy_name_can_be_reused(vpc):
    vpc.delete_backup_policy(make_policy(vpc, name="reuse").get_result()["id"])
    assert make_policy(vpc, name="reuse").status_code == 201


def test_list_pages_with_opaque_start_and_total_count(vpc):
    for n in range(5):
        make_policy(vpc, name=f"p{n}")
    first = vpc.list_backup_policies(limit=2).get_result()
    BackupPolicyCollection.from_dict(first)
    assert first["total_count"] == 5 and first["limit"] == 2
    assert [p["name"] for p in first["backup_policies"]] == ["p4", "p3"]
    names = []
    pager_items = []
    from ibm_vpc.vpc_v1 import BackupPoliciesPager
    pager = BackupPoliciesPager(client=vpc, limit=2)
    while pager.has_next():
        pager_items.extend(pager.get_next())
    names = [p["name"] for p in pager_items]
    assert names == ["p4", "p3", "p2", "p1", "p0"]


def test_last_page_has_no_next(vpc):
    make_policy(vpc, name="only")
    page = vpc.list_backup_policies().get_result()
    assert "next" not in page
    assert page["first"]["href"].endswith("limit=50")


@pytest.mark.parametrize("filters, expected", [
    ({"name": "alpha"}, ["alpha"]),
    ({"tag": "shared"}, ["beta", "alpha"]),
    ({"tag": "only-beta"}, ["beta"]),
    ({"tag": "nothing"}, []),
])
def test_list_filters_by_name_and_tag(vpc, filters, expected):
    make_policy(vpc, name="alpha", tags=("shared",))
    make_policy(vpc, name="beta", tags=("shared", "only-beta"))
    assert [p["name"] for p in vpc.list_backup_policies(**filters).get_result()["backup_policies"]] == expected


def test_list_filters_by_resource_group(vpc):
    policy = make_policy(vpc).get_result()
    group = policy["resource_group"]["id"]
    assert vpc.list_backup_policies(resource_group_id=group).get_result()["total_count"] == 1
    assert vpc.list_backup_policies(resource_group_id="0" * 32).get_result()["total_count"] == 0


def test_plan_update_merge_patch_null_removes_the_count_limit(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    created = vpc.create_backup_policy_plan(policy_id, cron_spec="0 1 * * *",
                                            deletion_trigger={"delete_after": 20, "delete_over_count": 5})
    plan = created.get_result()
    assert plan["deletion_trigger"] == {"delete_after": 20, "delete_over_count": 5}
    updated = vpc.update_backup_policy_plan(policy_id, plan["id"], {"deletion_trigger": {"delete_over_count": None}},
                                            if_match=created.get_headers()["ETag"]).get_result()
    assert updated["deletion_trigger"] == {"delete_after": 20}


def test_plan_clone_and_remote_region_policies_are_stored(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    plan = vpc.create_backup_policy_plan(policy_id, cron_spec="30 */2 * * 1-5", active=True,
                                         attach_user_tags=["x"], clone_policy={"zones": [{"name": "us-south-1"}],
                                                                               "max_snapshots": 3},
                                         copy_user_tags=False, name="pl",
                                         remote_region_policies=[{"region": {"name": "us-east"},
                                                                  "delete_over_count": 2}]).get_result()
    assert plan["clone_policy"]["max_snapshots"] == 3
    assert [z["name"] for z in plan["clone_policy"]["zones"]] == ["us-south-1"]
    assert plan["remote_region_policies"][0]["region"]["name"] == "us-east"
    assert plan["remote_region_policies"][0]["delete_over_count"] == 2
    assert plan["active"] is True and plan["copy_user_tags"] is False


def test_plan_list_filters_by_name(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    vpc.create_backup_policy_plan(policy_id, cron_spec="0 1 * * *", name="one")
    vpc.create_backup_policy_plan(policy_id, cron_spec="0 3 * * *", name="two")
    listed = vpc.list_backup_policy_plans(policy_id, name="two").get_result()
    assert [p["name"] for p in listed["plans"]] == ["two"]
    assert listed["total_count"] == 1


def test_plan_delete_answers_202_then_404(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    plan_id = vpc.create_backup_policy_plan(policy_id, cron_spec="0 1 * * *").get_result()["id"]
    response = vpc.delete_backup_policy_plan(policy_id, plan_id)
    assert (response.status_code, response.get_result()["lifecycle_state"]) == (202, "deleting")
    with pytest.raises(ApiException) as caught:
        vpc.get_backup_policy_plan(policy_id, plan_id)
    assert api_error(caught.value) == (404, "backup_policy_plan_not_found")


def test_plan_create_and_delete_leave_the_policy_etag_unchanged(vpc):
    created = make_policy(vpc)
    policy_id, etag = created.get_result()["id"], created.get_headers()["ETag"]
    plan_id = vpc.create_backup_policy_plan(policy_id, cron_spec="0 1 * * *").get_result()["id"]
    vpc.delete_backup_policy_plan(policy_id, plan_id)
    assert vpc.get_backup_policy(policy_id).get_headers()["ETag"] == etag


def test_deleting_a_policy_deletes_its_plans(vpc):
    policy = make_policy(vpc, plans=[{"cron_spec": "0 1 * * *"}]).get_result()
    vpc.delete_backup_policy(policy["id"])
    with pytest.raises(ApiException) as caught:
        vpc.get_backup_policy_plan(policy["id"], policy["plans"][0]["id"])
    assert caught.value.status_code == 404


def test_jobs_list_is_empty_and_paged_for_a_new_policy(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    jobs = vpc.list_backup_policy_jobs(policy_id, status="succeeded", sort="-created_at").get_result()
    assert jobs["jobs"] == [] and jobs["total_count"] == 0


def test_unknown_job_is_404(vpc):
    policy_id = make_policy(vpc).get_result()["id"]
    with pytest.raises(ApiException) as caught:
        vpc.get_backup_policy_job(policy_id, "r006-00000000-0000-0000-0000-000000000000")
    assert api_error(caught.value) == (404, "backup_policy_job_not_found")
