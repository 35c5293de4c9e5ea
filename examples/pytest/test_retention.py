"""Retention over 60 simulated days: a daily plan keeping 7 days leaves 7 backups per volume."""

import pytest


@pytest.mark.vpcmock(now="2030-01-01T00:00:00Z")
def test_a_daily_plan_keeping_seven_days_holds_seven_backups_after_sixty_days(vpcmock):
    vpc = vpcmock.vpc()
    volume = vpc.create_volume({"name": "db", "capacity": 10, "profile": {"name": "sdp"},
                                "zone": {"name": "us-south-1"}, "user_tags": ["backup:daily"]}).get_result()
    vpc.create_backup_policy({"name": "daily", "match_resource_type": "volume", "match_user_tags": ["backup:daily"],
                              "plans": [{"name": "nightly", "cron_spec": "0 2 * * *", "active": True,
                                         "deletion_trigger": {"delete_after": 7}}]})
    events = vpcmock.clock.advance("60d")
    assert events["plan_fired"] == 60
    backups = vpc.list_snapshots(source_volume_id=volume["id"]).get_result()["snapshots"]
    assert len(backups) == 7


@pytest.mark.vpcmock(now="2030-01-01T00:00:00Z")
def test_a_failed_creation_job_reports_its_reason(vpcmock):
    vpc = vpcmock.vpc()
    vpc.create_volume({"name": "db", "capacity": 10, "profile": {"name": "sdp"},
                       "zone": {"name": "us-south-1"}, "user_tags": ["backup:daily"]})
    policy = vpc.create_backup_policy({"name": "daily", "match_resource_type": "volume",
                                       "match_user_tags": ["backup:daily"],
                                       "plans": [{"name": "nightly", "cron_spec": "0 2 * * *", "active": True}]}).get_result()
    vpcmock.faults.fail_jobs(count=1, reason="source_volume_unavailable")
    vpcmock.clock.advance("1d")
    jobs = vpc.list_backup_policy_jobs(policy["id"]).get_result()["jobs"]
    assert [(j["status"], j["status_reasons"][0]["code"]) for j in jobs] == [("failed", "source_volume_unavailable")]
