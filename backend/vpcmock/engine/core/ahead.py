"""Settling ahead: writing at a fire what the clock will make of it, when nothing can tell.

A clock move runs due events in time order inside one transaction, and nothing reads the state
until it commits (requests and the scheduler wait for the store's lock). So what a backup looks
like between its fire and the end of its capture can only be seen by the events that run in
between. When the move's target (`Run.until`) is past the capture's end and no event lies due
up to that end but of the kinds that cannot see or change it (agenda.SETTLES_AROUND), the
backup's snapshot is stored already captured and its creation job already closed, at the
instants the step-by-step run would give them (`snapshots.take_snapshot`, `jobs.open_job`): the
same documents, each written once instead of twice and with no capture event, and the clock's
answer counts the capture as before. Otherwise, or with SETTLE_AHEAD off, each step runs as its
own event.

Only a volume backup of a plan with no cross-region copies and no fast restore clones is settled
ahead: those start further work at the capture's end (copies, clones and the rotation of older
backups' clones), which runs as events.

Two more records of a run are kept beside the store rather than written and removed in it
(`context.Run`): the activity events it records, stored when it ends if they are still among
the newest (engine/platform/activity.py), and the job records a sweep of the same run removes,
never stored but counted by that sweep (engine/backup/jobs.py).
"""

from __future__ import annotations

from datetime import datetime

from vpcmock.engine.core.context import Ctx
from vpcmock.timeutil import rfc3339

# Off: every capture completes as its own clock event, and every activity event and job record
# is stored as it is made (tests/test_engine_settled_ahead.py runs both ways and compares).
SETTLE_AHEAD = True


def may_settle(ctx: Ctx, instant: datetime) -> bool:
    """Whether what would happen at `instant` may be written now (ctx.now): the clock is moving
    past it, and no event before it could see the difference."""
    return (ctx.run is not None and instant <= ctx.run.until
            and ctx.agenda.quiet_through(ctx.store, rfc3339(instant)))


def count(ctx: Ctx, name: str) -> None:
    """Report an event settled ahead as the clock reports it when it runs (`snapshot_completed`)."""
    ctx.run.ahead[name] += 1
