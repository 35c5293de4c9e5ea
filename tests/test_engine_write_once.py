"""Documents written once are the documents written step by step (issue 30).

A job record closed in the instant it is opened (a deletion, or a creation whose backup was
settled ahead) is built and stored in one write; it must be the very record that storing it
running and then completing it leaves: the same fields, values and order, and the same place
in the store's sequence. Ids drawn from a seeded generator keep their text.
"""

import random
import re
import uuid
from datetime import datetime, timedelta, timezone

from tinydb.storages import MemoryStorage

from vpcmock import ids
from vpcmock.engine.backup import jobs
from vpcmock.engine.core.agenda import Agenda
from vpcmock.engine.core.context import Ctx
from vpcmock.store import Store

NOW = datetime(2030, 1, 1, 3, 0, tzinfo=timezone.utc)
ACCOUNT, REGION = "a1b2c3d4e5f60718293a4b5c6d7e8f90", "us-south"
POLICY = {"id": "r006-policy", "crn": "crn:policy", "href": "/us-south/v1/backup_policies/r006-policy",
          "name": "bench", "_account": ACCOUNT, "_region": REGION}
PLAN = {"id": "r006-plan", "name": "plan", "href": "/us-south/v1/backup_policies/r006-policy/plans/r006-plan"}
VOLUME = {"id": "r006-volume", "crn": "crn:volume", "name": "vol-0", "href": "/us-south/v1/volumes/r006-volume"}
SNAPSHOT = {"id": "r006-snap", "crn": "crn:snap", "href": "/us-south/v1/snapshots/r006-snap", "name": "plan-1",
            "resource_type": "snapshot", "_region": REGION}


def fresh() -> tuple[Store, Ctx]:
    store = Store(MemoryStorage())
    with store.transaction():
        store.put("backup_policies", dict(POLICY))
    return store, Ctx(store, ACCOUNT, REGION, NOW, Agenda())


def stored_job(store: Store) -> list:
    (job,) = store.all("jobs").values()
    return list(job.items())


def test_a_deletion_job_is_stored_done_as_completing_it_unstored_stored_it():
    """A deletion completes in the instant it starts: the record is numbered as it is stored,
    after its completion fields (as complete() storing the unstored running record did)."""
    store, ctx = fresh()
    with store.transaction():
        jobs.open_job(ctx, POLICY, PLAN, "deletion", VOLUME, "volume", targets=[SNAPSHOT], job_id="r006-job", done=True)
    assert stored_job(store) == [
        ("id", "r006-job"), ("created_at", "2030-01-01T03:00:00Z"), ("job_type", "deletion"),
        ("source", {"crn": "crn:volume", "id": "r006-volume", "name": "vol-0"}), ("status", "succeeded"),
        ("status_reasons", []),
        ("target_snapshots", [{"crn": "crn:snap", "href": "/us-south/v1/snapshots/r006-snap", "id": "r006-snap",
                               "name": "plan-1", "resource_type": "snapshot"}]),
        ("_policy_id", "r006-policy"), ("_plan_id", "r006-plan"), ("_plan_name", "plan"), ("_source_table", "volumes"),
        ("_account", ACCOUNT), ("_region", REGION), ("completed_at", "2030-01-01T03:00:00Z"),
        ("_expires_at", "2030-01-31T03:00:00Z"), ("_seq", 2)]


def test_a_creation_job_stored_closed_ahead_is_the_record_opened_then_completed_at_its_end():
    end = NOW + timedelta(seconds=100)
    store, ctx = fresh()
    with store.transaction():
        jobs.open_job(ctx, POLICY, PLAN, "creation", VOLUME, "volume", targets=[SNAPSHOT], job_id="r006-job",
                      closed_at=end)
    once = stored_job(store)
    store, ctx = fresh()
    with store.transaction():
        running = jobs.open_job(ctx, POLICY, PLAN, "creation", VOLUME, "volume", targets=[SNAPSHOT], job_id="r006-job")
        jobs.complete(ctx.at(ACCOUNT, REGION, end), running, "succeeded")
    assert once == stored_job(store)
    assert (dict(once)["created_at"], dict(once)["completed_at"]) == ("2030-01-01T03:00:00Z", "2030-01-01T03:01:40Z")
    assert store.get("backup_policies", POLICY["id"])["last_job_completed_at"] == "2030-01-01T03:01:40Z"


def test_a_random_id_is_a_version_4_uuid_with_its_region_prefix():
    ident = ids.new_id("us-south")
    assert re.fullmatch(r"r006-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ident)
    assert uuid.UUID(ident[5:]).version == 4


def test_a_seeded_generator_draws_the_ids_it_always_drew():
    """The text is the 128 drawn bits with the version and variant set, as uuid.UUID writes them."""
    ids._rng.seed(30)
    drawn = [ids._uuid4() for _ in range(200)]
    reference = random.Random(30)
    expected = [str(uuid.UUID(int=reference.getrandbits(128), version=4)) for _ in range(200)]
    assert drawn == expected


def test_the_backups_of_one_fire_share_its_plans_tags_and_the_next_fire_takes_the_changed_plans(sim):
    """What every backup of a fire shares is made once per fire (backups._fire_constants), never
    reused for a later fire of a plan that changed in between."""
    for n in range(3):
        sim.volume(f"v{n}", tags=["t"])
    policy = sim.policy(["t"])
    plan = sim.plan(policy, "0 1 * * *", attach_user_tags=["first"], copy_user_tags=False)
    sim.advance(3600 + 60)
    path = f"/backup_policies/{policy['id']}/plans/{plan['id']}"
    etag = sim.call("GET", path).headers["ETag"]
    changed = sim.call("PATCH", path, {"attach_user_tags": ["second", "second"]}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    sim.advance(86400)
    backups = sorted(sim.snapshots(), key=lambda s: (s["created_at"], s["name"]))
    assert [(s["created_at"], s["user_tags"]) for s in backups] == (
        [("2030-01-01T01:00:00Z", ["first"])] * 3 + [("2030-01-02T01:00:00Z", ["second"])] * 3)
    assert {s["service_tags"][1] for s in backups} == {f"is.snapshot:backup_policy_plan:{plan['id']}"}
