"""A seeded, property-based fuzz of every route the app serves (Hypothesis).

For each route and method of the Flask app (enumerated from its URL map, so a new route is
fuzzed without touching this file) Hypothesis draws requests: a valid example body mutated at
one place, or arbitrary JSON, or raw bodies that are not JSON at all; odd path ids, query
parameters and paging tokens. Properties, over a real server on loopback with a state file:

- no answer is a 5xx;
- every 4xx has the documented error shape (IAM's own shape for /identity/token, Key Protect's
  envelope under /kms, S3's XML under /cos);
- afterwards the server still saves (a new write reaches the state file, which loads);
- objects of another account, which the fuzzer cannot name, are unchanged.

Bounded: `EXAMPLES` requests per route and method, derandomized (same requests every run).
"""

from __future__ import annotations

import base64
import json
import time
import urllib.parse

import pytest
import requests
from hypothesis import HealthCheck, Phase, assume, given, settings, strategies as st

from vpcmock.config import Settings
from vpcmock.http.app import create_app
from vpcmock.runtime import Runtime
from vpcmock.store import open_database

from conftest import Http, start_server
from vpcmock.images import image_id

UBUNTU = image_id("us-south", "ibm-ubuntu-24-04-3-minimal-amd64-4")  # a stock image of the mock's catalogue

EXAMPLES = 60
FUZZ_KEY, SENTINEL_KEY = "fuzz-key", "sentinel-key"
FUZZ_ACCOUNT, SENTINEL_ACCOUNT = "f" * 32, "5" * 32
IAM = {"accounts": {FUZZ_ACCOUNT: {"api_keys": [FUZZ_KEY]}, SENTINEL_ACCOUNT: {"api_keys": [SENTINEL_KEY]}}}
QUERY = {"version": "2026-10-06", "generation": "2"}

# Routes no input can harm that would wipe what the properties compare: reset empties the mock.
NOT_FUZZED = {"/mock/reset", "/static/<path:filename>"}


def _routes() -> list[tuple[str, str]]:
    app = create_app(Runtime.open(Settings(state_path=None, scheduler=False)))
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule in NOT_FUZZED or rule.rule.startswith("/<region>/v1"):
            continue  # the regional twin of every /v1 route is reached through PREFIXES
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((method, rule.rule))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


ROUTES = _routes()

# -- valid bodies to mutate, by (method, rule) -------------------------------------------------

PLAN = {"name": "fz-plan", "cron_spec": "0 4 * * *", "active": True, "attach_user_tags": ["a"],
        "copy_user_tags": True, "deletion_trigger": {"delete_after": 20, "delete_over_count": 5},
        "clone_policy": {"max_snapshots": 2, "zones": [{"name": "us-south-1"}]},
        "remote_region_policies": [{"region": {"name": "us-east"}, "delete_over_count": 3,
                                    "encryption_key": {"crn": "crn:v1:bluemix:public:kms:us-south:a/x:k:key:y"}}]}
EXAMPLE_BODIES = {
    ("POST", "/v1/backup_policies"): {"name": "fz-policy", "match_resource_type": "volume", "match_user_tags": ["t"],
                                      "included_content": ["boot_volume"], "plans": [PLAN],
                                      "resource_group": {"id": "rg"}, "scope": {"crn": "crn:x"}},
    ("PATCH", "/v1/backup_policies/<policy_id>"): {"name": "fz-renamed", "match_user_tags": ["u"]},
    ("POST", "/v1/backup_policies/<policy_id>/plans"): PLAN,
    ("PATCH", "/v1/backup_policies/<policy_id>/plans/<plan_id>"): {"active": False, "cron_spec": "0 5 * * *"},
    ("POST", "/v1/volumes"): {"name": "fz-vol", "capacity": 10, "iops": 1000, "profile": {"name": "custom"},
                              "zone": {"name": "us-south-1"}, "user_tags": ["t"], "resource_group": {"id": "rg"},
                              "encryption_key": {"crn": "crn:k"}, "source_snapshot": {"id": "x"}},
    ("PATCH", "/v1/volumes/<volume_id>"): {"name": "fz-vol2", "capacity": 20, "iops": 3000, "user_tags": ["t"]},
    ("POST", "/v1/instances"): {"name": "fz-vsi", "profile": {"name": "bx2-2x8"}, "zone": {"name": "us-south-1"},
                                "vpc": {"id": "vpc"}, "image": {"id": UBUNTU},
                                "boot_volume_attachment": {"volume": {"name": "fz-boot", "profile": {"name": "sdp"}},
                                                           "delete_volume_on_instance_delete": True},
                                "volume_attachments": [{"volume": {"name": "fz-data", "capacity": 10,
                                                                   "profile": {"name": "sdp"}}}]},
    ("PATCH", "/v1/instances/<instance_id>"): {"name": "fz-vsi2"},
    ("POST", "/v1/instances/<instance_id>/actions"): {"type": "stop", "force": True},
    ("POST", "/v1/instances/<instance_id>/volume_attachments"): {"volume": {"id": "x"}, "name": "fz-att",
                                                                  "delete_volume_on_instance_delete": False},
    ("POST", "/v1/snapshots"): {"name": "fz-snap", "source_volume": {"id": "x"}, "user_tags": ["t"],
                                "clones": [{"zone": {"name": "us-south-2"}}], "resource_group": {"id": "rg"}},
    ("PATCH", "/v1/snapshots/<snapshot_id>"): {"name": "fz-snap2", "user_tags": ["t"]},
    ("POST", "/v1/snapshot_consistency_groups"): {"name": "fz-grp", "delete_snapshots_on_delete": True,
                                                  "snapshots": [{"source_volume": {"id": "x"}, "name": "fz-m"}]},
    ("POST", "/v1/shares"): {"name": "fz-share", "size": 10, "iops": 100, "profile": {"name": "dp2"},
                             "zone": {"name": "us-south-1"}, "access_control_mode": "security_group",
                             "replica_share": {"name": "fz-rep", "profile": {"name": "dp2"},
                                               "zone": {"name": "us-south-2"}, "replication_cron_spec": "0 * * * *"}},
    ("PATCH", "/v1/shares/<share_id>"): {"name": "fz-share2", "size": 20},
    ("POST", "/v1/shares/<share_id>/snapshots"): {"name": "fz-ssnap", "user_tags": ["t"]},
    ("POST", "/v3/tags/attach"): {"resources": [{"resource_id": "crn"}], "tag_names": ["t"]},
    ("POST", "/v3/tags/detach"): {"resources": [{"resource_id": "crn"}], "tag_names": ["t"]},
    ("POST", "/mock/clock"): {"advance_seconds": 3600, "frozen": True},
    ("POST", "/mock/volumes/<volume_id>/writes"): {"blocks": {"0": "data"}},
    ("PUT", "/mock/volumes/<volume_id>/change_rate"): {"daily_gb": 1},
    ("PUT", "/mock/events/webhook"): {"url": "http://127.0.0.1:9/hook"},
    ("PUT", "/mock/iam"): IAM,
}

# -- strategies --------------------------------------------------------------------------------

ODD_VALUES = st.sampled_from([
    "\ud800", "a\udfffb", 2 ** 64, -(2 ** 64), 2 ** 63, -1, 0, 1e20, 1e400, float("nan"), float("-inf"), "",
    "x" * 5000, None, True, {}, [], [[1]], {"name": None}, {"id": 5}, "²", "⁹", "9" * 5000, " ", "-",
    "not a cron", "0 4 * * *", "2030-01-01T00:00:00Z", "http://[::1", ["x"], 5, "us-south-1", {"name": "\ud800"},
])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(SCALARS | ODD_VALUES, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
RAW_BODIES = st.sampled_from([b"[" * 100000, b"{\"a\":" * 50000, b"not json", b"\xff\xfe", b"", b"null",
                              b"[" * 900 + b"]" * 900, b"{\"a\": NaN}", b"{\"a\": 1e999}", b"\"\\ud800\""])


def _token(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


START_TOKENS = (st.sampled_from(["WyJ4Il0", _token([None]), _token([{}]), _token([[1]]), _token(["a", 1]), _token([1]),
                                 _token([[[[[[[[1]]]]]]]]), base64.urlsafe_b64encode(b"[" * 5000).decode(), "%%%",
                                 "\u00e9", ""])
                | JSON_VALUES.map(_token))
QUERY_NAMES = ["start", "limit", "sort", "name", "tag", "status", "backup_policy_plan.id", "source_volume.id",
               "resource_group.id", "attached_to", "tag_type", "action", "outcome", "since", "until", "table",
               "source_snapshot.id", "zone.name", "x"]
QUERY_VALUES = st.text(max_size=10) | st.sampled_from(["0", "1", "100", "101", "-1", "9" * 5000, "-name", "name",
                                                       "created_at", "yesterday", "2030-01-01T00:00:00Z", "\x00"])
ODD_IDS = st.sampled_from(["nope", "r006-00000000-0000-0000-0000-000000000000", "x" * 3000, "é", "%00", "..", "-",
                           "us-south-9", "a b", "\u2603"])
PREFIXES = st.sampled_from(["/v1", "/v1", "/v1", "/eu-de/v1", "/nowhere/v1"])


def _places(value, path=()):
    """Every place in `value` (the root too), as key/index paths."""
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield from _places(child, path + (key,))


def _replaced(value, path, action, data):
    if not path:
        return data.draw(ODD_VALUES | JSON_VALUES)
    copy = dict(value) if isinstance(value, dict) else list(value)
    key, rest = path[0], path[1:]
    if rest:
        copy[key] = _replaced(value[key], rest, action, data)
    elif action == "drop":
        del copy[key]
    elif action == "add" and isinstance(copy, dict):
        copy[data.draw(st.text(max_size=8))] = data.draw(JSON_VALUES)
    else:
        copy[key] = data.draw(ODD_VALUES | ODD_VALUES | JSON_VALUES)
    return copy


def _mutate(example, data):
    """`example` with one place (chosen among all of them) replaced by an odd value, removed, or
    given an unknown sibling."""
    path = data.draw(st.sampled_from(list(_places(example))))
    action = data.draw(st.sampled_from(["replace", "replace", "drop", "drop", "add"]))
    return _replaced(example, path, action, data)


# -- the mock under fuzz -----------------------------------------------------------------------

class Target:
    def __init__(self, server, state_path):
        self.server, self.url, self.state_path = server, server.url, state_path
        self.http = Http(server.url, FUZZ_KEY)
        self.client = requests.Session()  # one kept-alive connection for the whole run
        self.ids: dict[str, list[str]] = {}
        self.counts = {"requests": 0, "5xx": 0}
        self.started = time.monotonic()

    def remember(self, name: str, *values: str) -> None:
        self.ids.setdefault(name, []).extend(v for v in values if v)


def _ok(response):
    assert response.status_code < 300, response.text
    return response.json() if response.content else {}


def _seed_fuzz_account(t: Target) -> None:
    http = t.http
    requests.post(f"{t.url}/mock/clock", json={"to": "2030-01-01T00:00:00Z", "frozen": True}).raise_for_status()
    volume = _ok(http.call("POST", "/volumes", {"name": "v1", "capacity": 10, "profile": {"name": "sdp"},
                                                 "zone": {"name": "us-south-1"}, "user_tags": ["t"]}))
    instance = _ok(http.call("POST", "/instances", EXAMPLE_BODIES[("POST", "/v1/instances")]))
    policy = _ok(http.call("POST", "/backup_policies", {"name": "p1", "match_resource_type": "volume",
                                                         "match_user_tags": ["t"]}))
    plan = _ok(http.call("POST", f"/backup_policies/{policy['id']}/plans", {"cron_spec": "0 1 * * *",
                                                                             "active": True}))
    share = _ok(http.call("POST", "/shares", {"name": "s1", "size": 10, "profile": {"name": "dp2"},
                                               "zone": {"name": "us-south-1"}}))
    requests.post(f"{t.url}/mock/clock", json={"advance_seconds": 2 * 3600}).raise_for_status()
    snapshot = _ok(http.call("POST", "/snapshots", {"name": "s1", "source_volume": {"id": volume["id"]}}))
    share_snapshot = _ok(http.call("POST", f"/shares/{share['id']}/snapshots", {"name": "ss1"}))
    group = _ok(http.call("POST", "/snapshot_consistency_groups",
                          {"name": "g1", "snapshots": [{"source_volume": {"id": volume["id"]}}]}))
    jobs = _ok(http.call("GET", f"/backup_policies/{policy['id']}/jobs"))["jobs"]
    attachments = instance["volume_attachments"]
    t.remember("policy_id", policy["id"])
    t.remember("plan_id", plan["id"])
    t.remember("job_id", *[j["id"] for j in jobs])
    t.remember("volume_id", volume["id"], *[a["volume"]["id"] for a in attachments])
    t.remember("instance_id", instance["id"])
    t.remember("attachment_id", *[a["id"] for a in attachments])
    t.remember("snapshot_id", snapshot["id"], share_snapshot["id"])
    t.remember("share_id", share["id"])
    t.remember("group_id", group["id"])
    t.remember("zone_name", "us-south-1", "us-south-2")
    t.remember("zone", "us-south-1")
    t.remember("name", "us-south", "eu-de")
    t.remember("account", FUZZ_ACCOUNT)
    t.remember("service", "block_storage", "snapshots")
    t.remember("path", "docs/a.txt", "a")
    requests.put(f"{t.url}/mock/shares/{share['id']}/files/docs/a.txt", data="hello").raise_for_status()


def _sentinels(url: str) -> dict:
    """The sentinel account's objects as the API shows them."""
    http = Http(url, SENTINEL_KEY)
    return {path: _ok(http.call("GET", path)) for path in ("/volumes", "/backup_policies", "/shares")}


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    state = tmp_path_factory.mktemp("fuzz") / "state.json"
    server = start_server(state, scheduler=False, iam=IAM)
    t = Target(server, state)
    sentinel = Http(server.url, SENTINEL_KEY)
    _ok(sentinel.call("POST", "/volumes", {"name": "keep", "capacity": 10, "profile": {"name": "sdp"},
                                            "zone": {"name": "us-south-1"}, "user_tags": ["t"]}))
    _ok(sentinel.call("POST", "/backup_policies", {"name": "keep", "match_resource_type": "volume",
                                                    "match_user_tags": ["keep"]}))
    _ok(sentinel.call("POST", "/shares", {"name": "keep", "size": 10, "profile": {"name": "dp2"},
                                           "zone": {"name": "us-south-1"}}))
    t.sentinels_before = _sentinels(server.url)
    _seed_fuzz_account(t)
    yield t
    server.close()


def _path_for(rule: str, t: Target, data) -> str:
    path = rule
    if path.startswith("/v1"):
        path = data.draw(PREFIXES) + path[3:]
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1:end].split(":")[-1]
        known = st.sampled_from(t.ids.get(name, ["x"]))
        value = data.draw(known | known | known | ODD_IDS)
        path = path[:start] + requests.utils.quote(value, safe="/") + path[end + 1:]
    return path


def _is_error_shape(body, status: int) -> bool:
    try:
        error = body["errors"][0]
        return (isinstance(error["code"], str) and isinstance(error["message"], str)
                and isinstance(error["more_info"], str) and isinstance(body["trace"], str)
                and body["status_code"] == status)
    except (KeyError, IndexError, TypeError):
        return False


def _is_key_protect_error(body) -> bool:
    """Key Protect's error envelope: `{"metadata": {"collectionType": "...error+json"}, "resources":
    [{"errorMsg": ...}]}` (reasons optional: KP answers an unauthorized instance without them)."""
    try:
        return (body["metadata"]["collectionType"] == "application/vnd.ibm.kms.error+json"
                and isinstance(body["resources"][0]["errorMsg"], str))
    except (KeyError, IndexError, TypeError):
        return False


def _is_s3_error(text: str) -> bool:
    """S3's `<Error><Code>..</Code><Message>..</Message>...</Error>`."""
    import xml.etree.ElementTree as ElementTree
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return False
    return root.tag == "Error" and bool(root.findtext("Code")) and root.find("Message") is not None


def _send(t: Target, method: str, rule: str, data) -> requests.Response:
    path = _path_for(rule, t, data)
    query = dict(QUERY) if data.draw(st.integers(0, 9)) else {}
    names = data.draw(st.lists(st.sampled_from(QUERY_NAMES), max_size=3, unique=True))
    if data.draw(st.integers(0, 3)) == 0:
        names.append("start")
    for name in dict.fromkeys(names):
        query[name] = data.draw(START_TOKENS if name == "start" else QUERY_VALUES)
    headers = {"Authorization": t.http.session.headers["Authorization"]}
    if data.draw(st.integers(0, 9)) == 0:
        headers["If-Match"] = data.draw(st.sampled_from(["*", "W/\"x\"", "", "\"a\", \"b\""]))
    kind = data.draw(st.sampled_from(["example", "example", "example", "json", "raw"]))
    example = EXAMPLE_BODIES.get((method, rule))
    if kind == "raw":
        body = data.draw(RAW_BODIES)
    else:
        value = _mutate(example, data) if kind == "example" and example is not None else data.draw(JSON_VALUES)
        if rule == "/mock/clock" and isinstance(value, dict):
            seconds = value.get("advance_seconds")
            # Bounded in time: a move of more than 30 days would make the run about the event loop.
            assume(not (isinstance(seconds, (int, float)) and 30 * 86400 < seconds < 1e15))
        body = json.dumps(value).encode()
    content_type = data.draw(st.sampled_from(["application/json"] * 8 + ["application/merge-patch+json", "text/plain"]))
    headers["Content-Type"] = content_type
    if method == "PUT" and "/files/" in rule:
        body = data.draw(st.sampled_from([b"content", b"\xff\xfe", b"", b"x" * 100000]))
    if rule == "/identity/token":
        body = data.draw(st.sampled_from([b"grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=",
                                          b"grant_type=refresh_token&refresh_token=x", b"grant_type=%ff", body]))
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return t.client.request(method, t.url + path, params=query, data=body, headers=headers, timeout=20)


def examples_for(method: str, rule: str) -> int:
    """EXAMPLES, plus 10 more per place in the route's example body (each place is mutated)."""
    example = EXAMPLE_BODIES.get((method, rule))
    return EXAMPLES + (10 * len(list(_places(example))) if example is not None else 0)


@pytest.mark.parametrize("method,rule", ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_no_request_gets_a_5xx_and_every_4xx_has_the_error_shape(target, method, rule):
    # No shrinking: the assertion message shows the failing request as sent.
    @settings(max_examples=examples_for(method, rule), derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def fuzz(data):
        response = _send(target, method, rule, data)
        target.counts["requests"] += 1
        if rule == "/mock/iam" and method == "PUT":
            requests.put(f"{target.url}/mock/iam", json=IAM).raise_for_status()  # keep both keys valid
        assert response.status_code < 500, (response.request.method, response.request.url,
                                            response.request.body[:300] if response.request.body else None,
                                            response.text[:500])
        if 400 <= response.status_code < 500:
            # The path as sent (an odd id such as ".." can take the request out of the rule's mount).
            sent = urllib.parse.urlsplit(response.request.url).path
            if sent == "/cos" or sent.startswith("/cos/"):  # S3 answers in XML
                assert _is_s3_error(response.text), response.text[:500]
                return
            body = response.json()
            if rule == "/identity/token":
                assert set(body) >= {"errorCode", "errorMessage"}
            elif sent.startswith("/kms/"):
                assert _is_key_protect_error(body), response.text[:500]
            else:
                assert _is_error_shape(body, response.status_code), response.text[:500]
    fuzz()


def test_the_server_still_saves_after_the_fuzzing(target):
    created = _ok(target.http.call("POST", "/volumes", {"name": "after-fuzz", "capacity": 10,
                                                         "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"}}))
    names = [doc["name"] for doc in open_database(target.state_path).table("volumes").all()]
    assert "after-fuzz" in names
    assert _ok(target.http.call("GET", f"/volumes/{created['id']}"))["name"] == "after-fuzz"


def test_objects_the_fuzzer_cannot_name_are_unchanged(target):
    assert _sentinels(target.url) == target.sentinels_before


def test_the_fuzzing_sent_thousands_of_requests(target):
    # Every route ran its examples (a skipped route would show here as a smaller count).
    assert target.counts["requests"] >= sum(examples_for(m, r) for m, r in ROUTES) * 0.9
