"""Response shapes of the mock's own API (/mock), and of the index (GET /)."""

from vpcmock.http.schemas.base import collection_schema, output_schema

CLOCK = output_schema("Clock", "frozen now")
CLOCK_MOVED = output_schema("ClockMoved", "events frozen now")
SNAPSHOT_SIMULATION = output_schema("SnapshotSimulation", "completed_at id size_transferred_gb transfer")
PLAN_SCHEDULE = output_schema("PlanSchedule", "id next_fire_at")
VOLUME_SIMULATION = output_schema("VolumeSimulation", "hydration id")
VOLUME_BLOCKS = output_schema("VolumeBlocks", "block_size_gb blocks capacity changed_since_last_snapshot_gb "
                                              "daily_change_gb id")
SNAPSHOT_BLOCKS = output_schema("SnapshotBlocks", "block_size_gb blocks id")
FILES = output_schema("Files", "files id")
FILE_WRITTEN = output_schema("FileWritten", "id path size")
IAM_DIRECTORY = output_schema("IamDirectory", "accounts enterprise")
AUTHORIZATIONS = output_schema("Authorizations", "account authorizations")
EVENT = output_schema("ActivityEvent", "account action delivered_to event_time id initiator outcome reason region seq target")
EVENTS = collection_schema("ActivityEventCollection", "events", EVENT, counted=True)
WEBHOOK = output_schema("Webhook", "delivered failed last_error url")
RESET = output_schema("Reset", "reset")
ADMIN_ROUTE = output_schema("AdminRoute", "description method path")
ADMIN_ROUTES = collection_schema("AdminRouteCollection", "routes", ADMIN_ROUTE)
STATE = output_schema("State", "counts tables")

STATE_SNAPSHOT = output_schema("StateSnapshot", "counts name taken_at")
STATE_SNAPSHOT_RESTORED = output_schema("StateSnapshotRestored", "counts documents_changed name taken_at")
STATE_SNAPSHOTS = collection_schema("StateSnapshotCollection", "snapshots", STATE_SNAPSHOT, counted=True)

FAULT = output_schema("FaultRule", """account code count fired id latency_ms matched message method nth path
    probability region retry_after seed status ttl_seconds""")
FAULTS = collection_schema("FaultRuleCollection", "faults", FAULT, counted=True)
JOB_FAILURE = output_schema("InjectedJobFailure", "plan_id reason remaining")
JOB_FAILURES = collection_schema("InjectedJobFailureCollection", "job_failures", JOB_FAILURE)
COPY_STALL_RULE = output_schema("CopyStallRule", "region remaining")
COPY_STALLS = output_schema("CopyStalls", "rules stalled")
COPIES_RELEASED = output_schema("CopiesReleased", "released")

INDEX = output_schema("Index", "default_region description docs endpoints health regions service try version")
OPENAPI_DOCUMENT = output_schema("OpenApiDocument", "components info openapi paths tags")
