"""Cross-region copies: made by plans once a backup is stable, or by hand; incremental or full
as the seed says; counted per region; encrypted as the seed says."""

import pytest
from ibm_vpc.vpc_v1 import BackupPolicyJob, Snapshot

HOUR = 3600
DAY = 86400
KEY = "crn:v1:bluemix:public:kms:us-south:a/acct:kms-instance:key:source-key"
REMOTE_KEY = "crn:v1:bluemix:public:kms:us-east:a/acct:kms-instance:key:remote-key"


def copy_policy(sim, cron="0 * * * *", regions=("us-east",), **remote):
    policy = sim.policy(["t"])
    return policy, sim.plan(policy, cron, remote_region_policies=[{"region": {"name": r}, **remote} for r in regions])


def oldest_first(snapshots):
    return sorted(snapshots, key=lambda s: s["created_at"])


def test_a_backup_is_copied_only_once_it_is_stable(sim):
    sim.volume("data", tags=["t"], capacity=100)
    copy_policy(sim)
    sim.advance(HOUR + 99)
    assert sim.snapshots(region="us-east") == []
    sim.advance(1)
    (copy,) = sim.snapshots(region="us-east")
    assert copy["lifecycle_state"] == "pending"
    assert copy["created_at"] == "2030-01-01T01:01:40Z"


def test_a_copy_names_its_source_and_the_source_lists_it(sim):
    sim.volume("data", tags=["t"], capacity=10)
    copy_policy(sim, regions=("us-east", "eu-de"))
    sim.advance(HOUR + 60)
    (source,) = sim.snapshots()
    (east,) = sim.snapshots(region="us-east")
    Snapshot.from_dict(east)
    Snapshot.from_dict(source)
    assert sorted(east["source_snapshot"]) == ["crn", "href", "id", "name", "remote", "resource_type"]
    assert east["source_snapshot"]["crn"] == source["crn"]
    assert east["source_snapshot"]["id"] == source["id"]
    assert east["source_snapshot"]["remote"]["region"]["name"] == "us-south"
    assert east["source_volume"]["id"] == source["source_volume"]["id"]
    assert east["name"] == source["name"]
    assert east["backup_policy_plan"]["remote"]["region"]["name"] == "us-south"
    assert sorted(c["remote"]["region"]["name"] for c in source["copies"]) == ["eu-de", "us-east"]
    assert {c["id"] for c in source["copies"]} == {east["id"], sim.snapshots(region="eu-de")[0]["id"]}


def test_a_full_copy_transfers_four_gb_a_minute(sim):
    sim.volume("big", tags=["t"], capacity=3000)
    copy_policy(sim, cron="0 0 * * *")
    sim.advance(DAY + 3000)  # the local full capture: 3,000 s
    (copy,) = sim.snapshots(region="us-east")
    sim.advance(12.5 * HOUR - 1)
    assert sim.ok("GET", f"/snapshots/{copy['id']}", region="us-east")["lifecycle_state"] == "pending"
    sim.advance(1)
    assert sim.ok("GET", f"/snapshots/{copy['id']}", region="us-east")["lifecycle_state"] == "stable"
    assert sim.simulation(copy["id"]) == {"id": copy["id"], "transfer": "full", "size_transferred_gb": 3000.0,
                                          "completed_at": "2030-01-02T13:20:00Z"}


# The seed's table: volume capacity, backup plan schedule, whether copies can be incremental.
# The cron specs give evenly spaced fires from 00:00; `fires` counts those examined.
SEED_COPY_TABLE = [
    (10, "0 * * * *", 3, True),
    (50, "0 * * * *", 3, True),
    (100, "0 * * * *", 3, True),
    (200, "0 * * * *", 3, True),
    (250, "0 * * * *", 3, False),
    (250, "0 */2 * * *", 3, True),
    (500, "0 */2 * * *", 3, False),
    (500, "0 */3 * * *", 3, True),
    (1000, "0 */4 * * *", 3, False),
    (1000, "0 */5 * * *", 3, True),
    (2000, "0 */8 * * *", 3, False),
    (2000, "0 */9 * * *", 2, True),
    (3000, "0 */12 * * *", 3, False),
    (3000, "0 0 * * *", 3, True),
]


@pytest.mark.parametrize("capacity,cron,fires,incremental", SEED_COPY_TABLE,
                         ids=[f"{c}GB-{cron.split()[1]}" for c, cron, _, _ in SEED_COPY_TABLE])
def test_the_seed_table_of_capacity_and_schedule_against_incremental_copies_holds(sim, capacity, cron, fires,
                                                                                    incremental):
    period = {"*": HOUR, "*/2": 2 * HOUR, "*/3": 3 * HOUR, "*/4": 4 * HOUR, "*/5": 5 * HOUR, "*/8": 8 * HOUR,
              "*/9": 9 * HOUR, "*/12": 12 * HOUR, "0": DAY}[cron.split()[1]]
    sim.volume("data", tags=["t"], capacity=capacity)
    copy_policy(sim, cron=cron, delete_over_count=100)
    sim.advance(fires * period + 15 * HOUR)
    copies = oldest_first(sim.snapshots(region="us-east"))[:fires]
    assert len(copies) == fires
    transfers = [sim.simulation(c["id"])["transfer"] for c in copies]
    assert transfers == ["full"] + ["incremental" if incremental else "full"] * (fires - 1)


def test_an_incremental_copy_transfers_only_the_blocks_its_backup_captured(sim):
    volume = sim.volume("data", tags=["t"], capacity=100)
    sim.admin("PUT", f"/volumes/{volume['id']}/change_rate", {"daily_gb": 0})
    copy_policy(sim, cron="0 */4 * * *")
    sim.advance(4 * HOUR + 1000)
    sim.write(volume["id"], gb=12)
    sim.advance(4 * HOUR)
    second = oldest_first(sim.snapshots(region="us-east"))[1]
    assert sim.simulation(second["id"])["transfer"] == "incremental"
    assert sim.simulation(second["id"])["size_transferred_gb"] == 12.0


def test_a_copy_restores_the_data_of_its_backup_in_its_region(sim):
    volume = sim.volume("data", tags=["t"], capacity=20)
    sim.write(volume["id"], blocks={"0": "one"})
    copy_policy(sim, cron="0 */4 * * *")
    sim.advance(4 * HOUR + 60)
    sim.write(volume["id"], blocks={"0": "two", "1": "more"})
    sim.advance(4 * HOUR + 600)
    sim.write(volume["id"], blocks={"0": "three"})
    first, second = oldest_first(sim.snapshots(region="us-east"))
    assert sim.simulation(second["id"])["transfer"] == "incremental"
    restored = sim.ok("POST", "/volumes", {"name": "dr", "profile": {"name": "sdp"}, "zone": {"name": "us-east-2"},
                                           "source_snapshot": {"id": second["id"]}}, region="us-east")
    assert sim.blocks(restored["id"]) == {"0": "two", "1": "more"}
    assert sim.snapshot_blocks(first["id"]) == {"0": "one"}


def test_copies_outlive_their_source_backup_and_its_volume(sim):
    volume = sim.volume("data", tags=["t"], capacity=20)
    sim.write(volume["id"], blocks={"3": "kept"})
    copy_policy(sim)
    sim.advance(HOUR + 600)
    (source,) = sim.snapshots()
    sim.ok("DELETE", f"/snapshots/{source['id']}")
    sim.ok("DELETE", f"/volumes/{volume['id']}")
    (copy,) = sim.snapshots(region="us-east")
    assert copy["lifecycle_state"] == "stable"
    assert copy["source_snapshot"]["deleted"] == {"more_info": "https://cloud.ibm.com/apidocs/vpc#deleted-resources"}
    assert copy["source_volume"]["deleted"] == {"more_info": "https://cloud.ibm.com/apidocs/vpc#deleted-resources"}
    assert sim.snapshot_blocks(copy["id"]) == {"3": "kept"}


def test_deleting_a_copy_removes_it_from_its_sources_copies(sim):
    sim.volume("data", tags=["t"], capacity=10)
    copy_policy(sim)
    sim.advance(HOUR + 600)
    (copy,) = sim.snapshots(region="us-east")
    sim.ok("DELETE", f"/snapshots/{copy['id']}", region="us-east")
    assert sim.snapshots()[0]["copies"] == []


def test_a_regions_count_keeps_the_newest_copies_of_each_volume_there(sim):
    sim.volume("data", tags=["t"], capacity=10)
    policy, plan = copy_policy(sim, delete_over_count=2)
    sim.advance(4 * HOUR + 600)
    copies = oldest_first(sim.snapshots(region="us-east"))
    backups = oldest_first(sim.snapshots())
    assert len(backups) == 4
    assert [c["source_snapshot"]["id"] for c in copies] == [b["id"] for b in backups[2:]]
    deletions = sim.jobs(policy, **{"backup_policy_plan.id": plan["id"]})
    removed = [t["id"] for j in deletions if j["job_type"] == "deletion" for t in j["target_snapshots"]]
    assert len(removed) == 2


def test_the_creation_job_lists_its_copies_and_waits_for_them(sim):
    sim.volume("data", tags=["t"], capacity=100)
    policy, _ = copy_policy(sim)
    sim.advance(HOUR + 100)
    (job,) = sim.jobs(policy)
    assert job["status"] == "running"
    assert [t.get("remote", {}).get("region", {}).get("name") for t in job["target_snapshots"]] == [None, "us-east"]
    sim.advance(25 * 60)
    (job,) = sim.jobs(policy)
    BackupPolicyJob.from_dict(job)
    assert (job["status"], job["completed_at"]) == ("succeeded", "2030-01-01T01:26:40Z")


def test_a_customer_key_backup_without_a_remote_key_is_not_copied_and_its_job_fails(sim):
    sim.ok("POST", "/volumes", {"name": "secret", "capacity": 10, "profile": {"name": "sdp"},
                                "zone": {"name": "us-south-1"}, "user_tags": ["t"], "encryption_key": {"crn": KEY}})
    policy, _ = copy_policy(sim)
    sim.advance(HOUR + 60)
    assert sim.snapshots(region="us-east") == []
    assert [s["lifecycle_state"] for s in sim.snapshots()] == ["stable"]
    (job,) = sim.jobs(policy)
    assert job["status"] == "failed"
    assert [r["code"] for r in job["status_reasons"]] == ["snapshot_encryption_key_invalid"]


def test_a_customer_key_backup_is_copied_under_the_remote_policys_key(sim):
    sim.ok("POST", "/volumes", {"name": "secret", "capacity": 10, "profile": {"name": "sdp"},
                                "zone": {"name": "us-south-1"}, "user_tags": ["t"], "encryption_key": {"crn": KEY}})
    copy_policy(sim, encryption_key={"crn": REMOTE_KEY})
    sim.advance(HOUR + 60)
    (copy,) = sim.snapshots(region="us-east")
    assert (copy["encryption"], copy["encryption_key"]) == ("user_managed", {"crn": REMOTE_KEY})


def test_a_provider_managed_backup_gives_a_provider_managed_copy(sim):
    sim.volume("data", tags=["t"], capacity=10)
    copy_policy(sim)
    sim.advance(HOUR + 60)
    (copy,) = sim.snapshots(region="us-east")
    assert copy["encryption"] == "provider_managed"
    assert "encryption_key" not in copy


def test_copies_are_listed_by_their_remote_region_and_source(sim):
    sim.volume("data", tags=["t"], capacity=10)
    copy_policy(sim, regions=("us-east", "eu-gb"))
    sim.advance(HOUR + 60)
    (source,) = sim.snapshots()
    assert [s["id"] for s in sim.snapshots(**{"copies[].remote.region.name": "eu-gb"})] == [source["id"]]
    (east,) = sim.snapshots(region="us-east")
    assert [s["id"] for s in sim.snapshots(region="us-east", **{"source_snapshot.id": source["id"]})] == [east["id"]]


# -- copies by hand -----------------------------------------------------------------------------

def stable_snapshot(sim, capacity=10, **volume_extra):
    volume = sim.ok("POST", "/volumes", {"name": "v", "capacity": capacity, "profile": {"name": "sdp"},
                                         "zone": {"name": "us-south-1"}, **volume_extra})
    taken = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    sim.advance(capacity)
    return taken


def copy_by_hand(sim, source, region="us-east", **extra):
    return sim.call("POST", "/snapshots", {"source_snapshot": {"crn": source["crn"]}, **extra},
                    prefix=f"/{region}/v1")


def test_a_snapshot_is_copied_by_hand_into_another_region(sim):
    source = stable_snapshot(sim, capacity=40)
    response = copy_by_hand(sim, source, name="dr-copy")
    assert response.status_code == 201
    copy = response.json()
    assert (copy["name"], copy["lifecycle_state"], copy["source_snapshot"]["id"]) == ("dr-copy", "pending", source["id"])
    assert copy["crn"].split(":")[5] == "us-east"
    sim.advance(600)
    assert sim.ok("GET", f"/snapshots/{copy['id']}", region="us-east")["lifecycle_state"] == "stable"
    assert sim.simulation(copy["id"])["size_transferred_gb"] == 40.0


def error_of(response):
    return response.status_code, response.json()["errors"][0]["code"]


def test_a_copy_by_hand_into_the_source_region_is_refused(sim):
    assert error_of(copy_by_hand(sim, stable_snapshot(sim), region="us-south")) == (400, "snapshot_copy_same_region")


@pytest.mark.parametrize("region", ["ca-mon", "in-che"])
def test_a_copy_by_hand_to_montreal_or_chennai_is_refused(sim, region):
    assert error_of(copy_by_hand(sim, stable_snapshot(sim), region=region)) == (400, "snapshot_copy_region_unsupported")


def test_a_second_copy_in_the_same_region_is_refused(sim):
    source = stable_snapshot(sim)
    assert copy_by_hand(sim, source).status_code == 201
    assert error_of(copy_by_hand(sim, source)) == (409, "snapshot_copy_exists")


def test_a_pending_snapshot_cannot_be_copied(sim):
    volume = sim.volume("v", capacity=100)
    taken = sim.ok("POST", "/snapshots", {"name": "s", "source_volume": {"id": volume["id"]}})
    assert error_of(copy_by_hand(sim, taken)) == (409, "snapshot_not_stable")


def test_a_customer_key_snapshot_needs_a_key_to_be_copied_by_hand(sim):
    source = stable_snapshot(sim, encryption_key={"crn": KEY})
    assert error_of(copy_by_hand(sim, source)) == (400, "snapshot_encryption_key_invalid")
    assert copy_by_hand(sim, source, encryption_key={"crn": REMOTE_KEY}).json()["encryption_key"] == {"crn": REMOTE_KEY}


def test_a_copy_by_hand_of_an_unknown_snapshot_is_refused(sim):
    response = sim.call("POST", "/snapshots", {"source_snapshot": {"crn": "crn:v1:bluemix:public:is:us-south:a/x::snapshot:nope"}},
                        prefix="/us-east/v1")
    assert error_of(response) == (400, "snapshot_not_found")


def test_a_failed_copy_request_stores_nothing(sim):
    source = stable_snapshot(sim)
    copy_by_hand(sim, source, region="ca-mon")
    assert sim.snapshots(region="ca-mon") == []
    assert sim.ok("GET", f"/snapshots/{source['id']}")["copies"] == []
