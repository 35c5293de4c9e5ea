"""How Activity Tracker Event Routing writes events into a COS target's bucket: the object names
and the event records.

Object names follow IBM's convention for COS targets (docs: atracker, "Changes to IBM Cloud Object
Storage file naming convention", in force since 15 May 2025):

    <account_id>/<region>/<date and hour>/<timestamp>+<offset>_<uuid>.log
    f12375ed17a24ecfb1f32afcf47285f3/us-south/2025-04-10T21/2025-04-10T21:02+01_0196361c-....log

where <region> is the target's region and times are UTC. The mock writes one object per target
and hour (our choice of batching: the files are time-based and the hour is the convention's
folder): its <timestamp> is the hour's start, its offset `+00`, its uuid derived from the target
and the hour, so events of the same hour delivered later are appended to the same object (read,
appended, written again), in the order they happened.

Each object is gzip-compressed newline-delimited JSON, one event per line (our choice: IBM's page
names the files `.log` and does not state their encoding). An event is a CADF-style record with
the fields Activity Tracker events carry (IBM's events follow the CADF standard, as the COS
"Activity Tracker events" page says): eventTime, action, outcome, reason, severity, message
(`<service>: <verb> <resource type> <name>`, ` -failure` appended on failure), initiator,
target, observer, logSourceCRN, saveServiceCopy, dataEvent, correlationId. Which of them the
mock fills and how (reasonCode 201 for a creation, severity `warning` for updates and deletions,
`critical` for failures) is ours.
"""

from __future__ import annotations

import gzip
import json
import uuid
from datetime import datetime

from vpcmock.timeutil import parse_rfc3339

CONTENT_TYPE = "application/gzip"
_NAMESPACE = uuid.UUID("6f1d5a8e-4c1b-4e0a-9a51-7d2f2b8c9e10")  # ours: the object uuids' namespace
SERVICE_NAMES = (  # (action prefix, the service name an event's message begins with), most specific first
    ("is.backup-policy.", "Backup for VPC"), ("is.snapshot.", "Block Storage Snapshots for VPC"),
    ("is.share.", "File Storage for VPC"), ("is.", "VPC Infrastructure Services"),
    ("atracker.", "Activity Tracker Event Routing"), ("context-based-restrictions.", "Context-based restrictions"),
    ("resource-controller.", "Resource Controller"), ("iam-identity.", "IAM Identity Service"),
    ("iam-groups.", "IAM Access Groups"), ("dns-svcs.", "DNS Services"), ("transit.", "Transit Gateway"),
)
REASON_CODES = {"create": 201, "delete": 204}  # the HTTP status of the request, 200 for the rest


def hour_of(event: dict) -> str:
    """`2026-12-03T14`: the UTC hour an event happened in."""
    return parse_rfc3339(event["event_time"]).strftime("%Y-%m-%dT%H")


def object_key(account: str, region: str, hour: str, target_id: str) -> str:
    unique = uuid.uuid5(_NAMESPACE, f"{target_id}/{hour}")
    return f"{account}/{region}/{hour}/{hour}:00+00_{unique}.log"


def record(event: dict, location: str) -> dict:
    """The Activity Tracker record of one of the mock's activity events."""
    action = event["action"]
    service, _, rest = action.partition(".")
    kind, _, verb = rest.rpartition(".")
    failed = event["outcome"] != "success"
    target = event.get("target") or {}
    initiator = event.get("initiator") or {}
    name = target.get("name") or ""
    resource = kind.rpartition(".")[2]
    service_name = next((label for prefix, label in SERVICE_NAMES if action.startswith(prefix)), service)
    message = f"{service_name}: {verb} {resource} {name}".rstrip()
    reason = {"reasonCode": REASON_CODES.get(verb, 200) if not failed else _failure_code(event),
              "reasonType": "OK" if not failed else (event.get("reason") or {}).get("code", "failure")}
    if failed:
        message += " -failure"
        reason["reasonForFailure"] = (event.get("reason") or {}).get("code", "failure")
    return {
        "eventTime": _event_time(parse_rfc3339(event["event_time"])),
        "action": action,
        "outcome": event["outcome"],
        "reason": reason,
        "severity": "critical" if failed else ("warning" if verb in ("delete", "update") else "normal"),
        "message": message,
        "initiator": {"id": initiator.get("id"), "name": initiator.get("name"),
                      "typeURI": "service/security/account/user" if initiator.get("type") == "user"
                      else "service/security/account/service",
                      "credential": {"type": "token" if initiator.get("type") == "user" else "service"},
                      "host": {"agent": "vpcmock"}},
        "target": {"id": target.get("crn"), "name": target.get("name"), "typeURI": f"{service}/{resource}".rstrip("/")},
        "observer": {"name": "ActivityTracker"},
        "logSourceCRN": f"crn:v1:bluemix:public:{service}:{location}:a/{event['account']}:::",
        "saveServiceCopy": True,
        "dataEvent": False,
        "correlationId": event["id"],
        "requestData": {}, "responseData": {},
    }


def _failure_code(event: dict) -> int:
    code = (event.get("reason") or {}).get("code", "")
    return 403 if "authoriz" in code or "denied" in code else 500


def _event_time(moment: datetime) -> str:
    """Activity Tracker's eventTime: `2026-12-03T14:05:09.27+0000` (hundredths, UTC offset)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 10000:02d}+0000"


def encode(records: list[dict]) -> bytes:
    lines = "".join(json.dumps(r, separators=(",", ":"), sort_keys=True) + "\n" for r in records)
    return gzip.compress(lines.encode("utf-8"), mtime=0)


def decode(body: bytes) -> list[dict]:
    return [json.loads(line) for line in gzip.decompress(body).decode("utf-8").splitlines() if line]
