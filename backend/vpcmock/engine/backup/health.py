"""A policy's health: whether the Backup service holds the service-to-service authorizations
its policies need (engine/accounts.py), judged at each fire.

- `ok`: every authorization the policy needs is granted (in each account it acts in);
- `degraded`: some are missing; `faulted`: all of them are (our reading of "faulted when
  nothing can run"); either way the reason is `missing_service_authorization_policies` and
  the sources in the accounts concerned get failed jobs;
- granting them back heals the policy at its next fire.
"""

from __future__ import annotations

from vpcmock.engine.platform import accounts
from vpcmock.engine.core.context import Ctx

REASON = "missing_service_authorization_policies"
MORE_INFO = "https://cloud.ibm.com/docs/vpc?topic=vpc-backup-s2s-auth"


def judge(ctx: Ctx, policy: dict, acting_in: list[str]) -> tuple[dict, dict[str, list[str]]]:
    """Update the policy's health from the accounts it acts in; answers (policy, missing by account)."""
    needed = accounts.NEEDED[policy["match_resource_type"]]
    missing = {account: accounts.missing_for(ctx.store, account, policy["match_resource_type"])
               for account in acting_in}
    lacking = sorted({service for services in missing.values() for service in services})
    if not lacking:
        state, reasons = "ok", []
    else:
        state = "faulted" if len(lacking) == len(needed) else "degraded"
        names = ", ".join(accounts.SERVICE_NAMES[s] for s in lacking)
        reasons = [{"code": REASON, "message": f"The Backup service is not authorized to use {names}",
                    "more_info": MORE_INFO}]
    if (policy["health_state"], policy["health_reasons"]) != (state, reasons):
        policy = ctx.store.replace("backup_policies", policy, health_state=state, health_reasons=reasons)
    return policy, {account: services for account, services in missing.items() if services}
