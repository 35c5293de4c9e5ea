"""/console in a real headless browser (Debian's chromium through Selenium and the system
chromedriver; nothing is downloaded): the user flows of the console, checked by what the page
shows, with a screenshot of each."""

from __future__ import annotations

import shutil
import time

import pytest
import requests

from conftest import EPOCH, Sim, start_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
INSTALL = "the console tests need a browser: apt-get install chromium chromium-driver"

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
except ImportError:  # pragma: no cover - the test extra installs it
    webdriver = None

pytestmark = pytest.mark.skipif(webdriver is None or not (CHROMIUM and CHROMEDRIVER), reason=INSTALL)

DAY = 86400


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    requests.post(f"{srv.url}/mock/state/snapshots", json={"name": "empty"}).raise_for_status()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture
def sim(server):
    """The mock emptied, its clock frozen at the start of 2030 (the restore of an empty snapshot
    may move the clock back)."""
    requests.post(f"{server.url}/mock/state/snapshots/empty/restore",
                  json={"now": EPOCH, "frozen": True}).raise_for_status()
    return Sim(server, set_clock=False)


@pytest.fixture
def console(server, browser, tmp_path):
    """The console opened on the mock; `console.shot(name)` saves a screenshot and answers its size."""
    class Console:
        def open(self):
            browser.get(f"{server.url}/console")
            self.wait(lambda: browser.execute_script("return document.body.dataset.loadedAt"))

        def text(self, element_id: str) -> str:
            return " ".join(self.rows(f"#{element_id}"))

        def wait(self, condition, timeout: float = 10.0):
            deadline = time.monotonic() + timeout
            while True:
                try:
                    value = condition()
                except Exception:  # the page is redrawing
                    value = None
                if value:
                    return value
                if time.monotonic() > deadline:
                    raise AssertionError(f"the page never showed it; it shows:\n{' '.join(self.rows('body'))}")
                time.sleep(0.1)

        def click(self, selector: str):
            browser.find_element(By.CSS_SELECTOR, selector).click()

        def choose(self, element_id: str, text: str):
            Select(browser.find_element(By.ID, element_id)).select_by_visible_text(text)

        def rows(self, selector: str) -> list[str]:
            """The text of each element `selector` finds, read in one step of the page (which
            redraws itself every two seconds), whitespace collapsed."""
            texts = browser.execute_script(
                "return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText)", selector)
            return [" ".join(text.split()) for text in texts]

        def shot(self, name: str) -> int:
            path = tmp_path / f"{name}.png"
            browser.save_screenshot(str(path))
            return path.stat().st_size

    return Console()


def daily_policy(sim, delete_after=2):
    volume = sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"], name="nightly")
    sim.plan(policy, "30 2 * * *", name="daily", deletion_trigger={"delete_after": delete_after},
             remote_region_policies=[{"region": {"name": "us-east"}}])
    return volume, policy


def test_a_policy_made_through_the_api_shows_its_plan_in_words(sim, console):
    daily_policy(sim)
    console.open()
    console.wait(lambda: "daily at 02:30 UTC" in console.text("policies"))
    assert console.rows("#policies tr")[1:] == [
        "daily daily at 02:30 UTC, keep 2 days, copy to us-east 2030-01-01T02:30:00Z"]
    assert console.shot("policy") > 10_000


def test_advancing_the_clock_from_the_page_shows_the_backup_on_the_volume_timeline(sim, console):
    daily_policy(sim)
    console.open()
    console.click("[data-advance='86400']")
    console.wait(lambda: console.text("now") == "2030-01-02T00:00:00Z" and console.rows("#sources .backup"))
    (backup,) = sim.snapshots()
    (row,) = console.rows("#sources .backup")
    assert row == f"{backup['name']} blocks stable 2030-01-01T02:30:00Z 2030-01-03T02:30:00Z full (100 GB) us-east"
    assert console.shot("timeline") > 10_000


def test_an_expired_backup_leaves_the_timeline(sim, console):
    daily_policy(sim)
    sim.advance(DAY)
    (first,) = sim.snapshots()
    console.open()
    for day in ("2030-01-03T00:00:00Z", "2030-01-04T00:00:00Z"):
        console.click("[data-advance='86400']")
        console.wait(lambda: console.text("now") == day)
    console.wait(lambda: len(console.rows("#sources .backup")) == 2)
    assert first["name"] not in " ".join(console.rows("#sources .backup"))
    assert console.rows("#sources .deleted-backup") == [
        f"{first['name']} deleted 2030-01-03T02:30:00Z by retention of plan daily"]
    assert console.shot("expired") > 10_000


def test_a_failed_job_shows_its_reason_and_the_status_filter_keeps_it(sim, console, server):
    daily_policy(sim)
    requests.post(f"{server.url}/mock/faults/jobs", json={"count": 1, "reason": "source_volume_unavailable"}
                  ).raise_for_status()
    console.open()
    console.click("[data-advance='86400']")
    console.wait(lambda: "failed" in console.text("jobs"))
    console.choose("job-status", "failed")
    rows = console.rows("#jobs .job")
    assert rows == ["2030-01-01T02:30:00Z nightly creation failed data source_volume_unavailable: "
                    "The source volume is not attached to a running virtual server instance"]
    assert console.shot("failed-job") > 10_000


def test_the_page_follows_a_clock_moved_elsewhere_without_a_reload(sim, console):
    daily_policy(sim)
    console.open()
    sim.advance(DAY)
    console.wait(lambda: console.text("now") == "2030-01-02T00:00:00Z" and console.rows("#sources .backup"))


def test_a_restore_shows_its_hydration_progress(sim, console):
    daily_policy(sim)
    sim.advance(DAY)
    (backup,) = sim.snapshots()
    sim.ok("POST", "/volumes", {"name": "restored", "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"},
                                "source_snapshot": {"id": backup["id"]}})
    sim.advance(25)
    console.open()
    console.wait(lambda: console.rows("#restores .restore"))
    assert console.rows("#restores .restore") == [
        f"restored {backup['name']} 25% 2030-01-02T00:01:40Z"]
    assert console.shot("restore") > 10_000


def test_the_region_switcher_reads_another_region(sim, console):
    daily_policy(sim)
    console.open()
    console.wait(lambda: "nightly" in console.text("policies"))
    console.choose("region", "us-east")
    console.wait(lambda: "No backup policy in this account and region." in console.text("policies"))


def test_an_instance_backup_shows_on_the_instance_timeline(sim, console):
    sim.instance("web", data=[("sdp", 10)], tags=["t"])
    policy = sim.policy(["t"], name="servers", resource_type="instance")
    sim.plan(policy, "30 2 * * *", name="daily", deletion_trigger={"delete_after": 2})
    console.open()
    console.click("[data-advance='86400']")
    console.wait(lambda: console.rows(".source[data-source] h3") and "instance web" in console.text("sources")
                 and console.rows("#sources .backup"))
    (group,) = sim.collect("/snapshot_consistency_groups", "snapshot_consistency_groups")
    instance_rows = console.rows("#sources .source:first-child .backup")
    assert instance_rows == [f"{group['name']} stable 2030-01-01T02:30:00Z 2030-01-03T02:30:00Z 1 volume backup"]  # storage generations mixed: the group holds the first-generation boot volume only
    assert console.shot("instance") > 10_000


def test_the_backups_of_a_deleted_volume_show_under_it_marked_deleted(sim, console):
    volume, _ = daily_policy(sim)
    sim.advance(DAY)
    (backup,) = sim.snapshots()
    sim.ok("DELETE", f"/volumes/{volume['id']}")
    console.open()
    console.wait(lambda: console.rows("#sources .backup"))
    assert (console.rows("#sources .source h3"), console.rows("#sources .backup")) == (
        [f"volume data deleted {volume['id']}"],
        [f"{backup['name']} blocks stable 2030-01-01T02:30:00Z 2030-01-03T02:30:00Z full (100 GB) us-east"])
    assert console.shot("deleted-volume") > 10_000


def test_the_copies_in_a_region_show_under_their_source_in_another(sim, console):
    volume, _ = daily_policy(sim)
    sim.advance(DAY)
    (copy,) = sim.snapshots(region="us-east")
    console.open()
    console.choose("region", "us-east")
    console.wait(lambda: "in us-south" in console.text("sources"))
    assert (console.rows("#sources .source h3"), [row.split()[0] for row in console.rows("#sources .backup")]) == (
        [f"volume data in us-south {volume['id']}"], [copy["name"]])


def test_the_timeline_has_an_axis_of_whole_days(sim, console):
    daily_policy(sim)
    sim.advance(DAY)
    console.open()
    console.wait(lambda: console.rows("#sources .backup"))
    assert console.rows("#sources .axis .tick") == ["Jan 1 2030", "Jan 2", "Jan 3", "Jan 4"]


def test_the_legend_names_every_mark_of_the_timeline(sim, console):
    console.open()
    assert console.rows("#legend .key") == [
        "full backup", "incremental backup", "capturing", "share or instance backup", "copied to another region",
        "fast-restore clones", "kept until the count is exceeded", "deleted by retention", "now"]


def test_a_copied_backup_is_marked_on_its_bar(sim, console):
    daily_policy(sim)
    sim.advance(DAY)
    console.open()
    console.wait(lambda: console.rows("#sources .backup"))
    assert console.rows("#sources .backup .span.copied") == [""]


def test_a_backup_deleted_by_retention_is_marked_at_its_deletion(sim, console, browser):
    daily_policy(sim)
    sim.advance(3 * DAY)
    console.open()
    console.wait(lambda: console.rows("#sources .deleted-backup"))
    marks = browser.execute_script(
        "return [...document.querySelectorAll('#sources .deleted-backup .gone')].map((e) => e.title)")
    assert marks == ["deleted by retention at 2030-01-03T02:30:00Z"]


def test_with_nothing_hydrating_the_restores_panel_is_one_line(sim, console, browser):
    console.open()
    height = browser.execute_script("return document.getElementById('restores-section').offsetHeight")
    assert (console.text("restores-section"), height < 40) == ("Restores hydrating: none", True)


def test_a_long_backup_name_is_cut_with_an_ellipsis_and_whole_in_its_title(sim, console, browser):
    sim.volume("data", tags=["t"], capacity=100)
    policy = sim.policy(["t"], name="nightly")
    sim.plan(policy, "30 2 * * *", name="nightly-backups-of-the-data-volumes-of-the-web-tier")
    sim.advance(DAY)
    (backup,) = sim.snapshots()
    console.open()
    console.wait(lambda: console.rows("#sources .backup"))
    cut = browser.execute_script("""const e = document.querySelector('#sources .backup .name');
        return [e.title, getComputedStyle(e).textOverflow, e.scrollWidth > e.clientWidth, e.offsetHeight < 24]""")
    assert cut == [backup["name"], "ellipsis", True, True]
    assert console.shot("long-name") > 10_000


def test_an_event_delivered_to_an_activity_tracker_bucket_shows_its_target_and_object(sim, console, server):
    from test_atracker import Client
    from test_atracker_delivery import route, s3, target
    s3(server.url).create_bucket(Bucket="audit-console")
    at = Client(server.url)
    route(at, ([target(at, "audit-console", name="audit")], ["us-south"]))
    sim.policy(["t"], name="nightly")
    console.open()
    console.wait(lambda: console.rows("#events .event"))
    (row,) = [r for r in console.rows("#events .event") if "backup-policy.create" in r]
    event = sim.admin("GET", "/events?action=is.backup-policy.backup-policy.create")["events"][-1]
    assert event["delivered_to"][0]["object"].startswith("a1b2c3d4e5f60718293a4b5c6d7e8f90/us-south/2030-01-01T00/")
    assert row == (f"2030-01-01T00:00:00Z is.backup-policy.backup-policy.create success nightly "
                   f"{event['initiator']['id']} audit → audit-console/{event['delivered_to'][0]['object']}")
    assert console.shot("delivered-event") > 10_000


def test_a_job_denied_by_a_context_based_restriction_shows_its_reason_and_the_denial_event(sim, console, server):
    from test_cbr_backup_jobs import MESSAGE, endpoints, resources
    from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
    from ibm_platform_services.context_based_restrictions_v1 import ContextBasedRestrictionsV1
    from vpcmock.engine.generic import service
    cbr = ContextBasedRestrictionsV1(authenticator=IAMAuthenticator("test-key", url=server.url))
    cbr.set_service_url(service.sdk_url(server.url, "context_based_restrictions"))
    daily_policy(sim)
    cbr.create_rule(contexts=endpoints("public"), resources=resources("volume"))
    console.open()
    console.click("[data-advance='86400']")
    console.wait(lambda: "failed" in console.text("jobs"))
    assert console.rows("#jobs .job") == [f"2030-01-01T02:30:00Z nightly creation failed data internal_error: {MESSAGE}"]
    console.choose("event-outcome", "failure")
    assert [r.split(" ", 3)[:3] for r in console.rows("#events .event")] == [
        ["2030-01-01T02:30:00Z", "is.backup-policy.backup-policy-job.create", "failure"],
        ["2030-01-01T02:30:00Z", "context-based-restrictions.policy.eval", "failure"]]
    assert console.rows("#events .event")[1] == ("2030-01-01T02:30:00Z context-based-restrictions.policy.eval failure data "
                                                 "Backup for VPC context_based_restrictions_denied")
    assert console.shot("cbr-denied-job") > 10_000
