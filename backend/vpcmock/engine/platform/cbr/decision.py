"""The verdict of CBR rules on one request or one service call, and the events it leaves.

A request is denied when at least one rule in `enabled` mode covers its target and none of
that rule's contexts admits the caller (IBM: "If no rules are applicable to the request, access
is not restricted based on context"; a context "allows access only if all its conditions are
satisfied"). A covering rule in `report` mode that would have denied denies nothing: it leaves
an event. `disabled` rules are not evaluated.

Events (engine/platform/activity.py, so they reach /mock/events and Activity Tracker routes):
action `context-based-restrictions.policy.eval` (IBM's context-based restrictions service
generates an audit event each time it enforces a rule, "Monitoring context-based
restrictions"), target the resource the request acted on, initiator the caller (or the Backup
service for its own calls):
- a denial: outcome `failure`, reason `context_based_restrictions_denied`;
- a report-only rule that would have denied: outcome `success` (the request went on), reason
  `context_based_restrictions_report_only`.
Requests the rules allow leave no event (the mock keeps the newest 10,000 events; logging
every allowed call would push the backup events out).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform import activity
from vpcmock.engine.platform.cbr.rules import Rule, account_rules
from vpcmock.engine.platform.cbr import targets
from vpcmock.engine.platform.cbr.targets import SERVICE_NAME, Target
from vpcmock.engine.platform.cbr.zones import Caller

ACTION = "context-based-restrictions.policy.eval"
DENIED = "context_based_restrictions_denied"
REPORTED = "context_based_restrictions_report_only"
# The Backup service's own work (plans firing, jobs creating, copying and deleting snapshots)
# is made by service `is` over IBM's private network: the seed, "All the inter-service
# connections that the Backup service needs to work are private".
PRIVATE = "private"


@dataclass(frozen=True)
class Verdict:
    denied_by: Rule | None
    reported_by: tuple[Rule, ...]

    @property
    def denied(self) -> bool:
        return self.denied_by is not None


def judge(store, caller: Caller, target: Target) -> Verdict | None:
    """The verdict of the account's rules on `caller` acting on `target`; None when no rule
    would deny it (nothing to enforce, nothing to record)."""
    rules = account_rules(store, target.account)
    if not rules:
        return None
    subnets = _VpcSubnets(store)
    denied_by, reported = None, []
    for rule in rules:
        if not rule.covers(target) or rule.admits(caller, subnets):
            continue
        if rule.mode == "report":
            reported.append(rule)
        elif denied_by is None:
            denied_by = rule
    if denied_by is None and not reported:
        return None
    return Verdict(denied_by, tuple(reported))


def vpc_request(store, account: str, region: str, path: str, caller: Caller) -> tuple[Verdict, Target] | None:
    """The verdict on a VPC API request on `path` (what follows `/v1`) and its target; None when
    nothing is to be enforced or recorded (at the cost of one lookup when the account has no rule)."""
    if not account_rules(store, account):
        return None
    target = targets.vpc_target(store, account, region, path)
    verdict = judge(store, caller, target)
    return None if verdict is None else (verdict, target)


def record(ctx: Ctx, verdict: Verdict, target: Target) -> None:
    """The events of a verdict (ctx: the caller, the time; its account and region are the target's)."""
    here = ctx.at(target.account, target.region) if (ctx.account, ctx.region) != (target.account, target.region) \
        else ctx
    for _rule in verdict.reported_by:
        activity.record(here, ACTION, target.crn, target_name=target.name, outcome="success", reason=REPORTED)
    if verdict.denied:
        activity.record(here, ACTION, target.crn, target_name=target.name, outcome="failure", reason=DENIED)


def service_call(ctx: Ctx) -> Caller:
    """The Backup service calling `is` on its own, over the private network, in ctx's region."""
    return Caller(None, PRIVATE, SERVICE_NAME, ctx.region)


def check_service_call(ctx: Ctx, *targets: Target) -> Verdict | None:
    """Judge a service call acting on each of `targets`; record its events. Answers the first
    denial (the call fails), else None."""
    caller = service_call(ctx)
    for target in targets:
        verdict = judge(ctx.store, caller, target)
        if verdict is None:
            continue
        record(ctx, verdict, target)
        if verdict.denied:
            return verdict
    return None


class _VpcSubnets:
    """A VPC CRN -> the networks of its subnets, read once per verdict."""

    def __init__(self, store):
        self.store = store
        self.found: dict[str, list] = {}

    def __call__(self, crn: str) -> list:
        networks = self.found.get(crn)
        if networks is None:
            networks = self.found[crn] = self._networks(crn)
        return networks

    def _networks(self, crn: str) -> list:
        parts = crn.split(":")
        if len(parts) < 10 or parts[4] != SERVICE_NAME or parts[8] != "vpc":
            return []
        vpc = self.store.get("vpcs", parts[9])
        if vpc is None or vpc.get("crn") != crn:
            return []
        networks = []
        for subnet in self.store.partition("subnets", vpc["_account"], vpc["_region"]).values():
            if subnet["vpc"]["id"] == vpc["id"] and subnet.get("ipv4_cidr_block"):
                networks.append(ipaddress.ip_network(subnet["ipv4_cidr_block"], strict=False))
        return networks
