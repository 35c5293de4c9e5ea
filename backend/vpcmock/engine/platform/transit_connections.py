"""Transit Gateway connections to a network of another account.

A connection to a network another account owns (the request names that account as
`network_account_id`) is a cross-account connection request (the SDK's words for the action that
answers it): it is made `pending`, its request `pending`, until that account approves or rejects it (POST
`.../connections/{id}/actions`, engine/generic/platform/platform_actions.py). A mock has no second
account's console to approve from: the action is served to whoever holds the gateway (as the
IBM provider's ibm_tg_connection_action calls it), which is the mock's choice. A connection
naming the caller's own account, or none, is attached at once, as before.
"""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx


def cross_account(ctx: Ctx, doc: dict) -> bool:
    other = doc.get("network_account_id")
    return bool(other) and other != ctx.account


def pending(doc: dict) -> dict:
    """`doc` waiting for the network's account."""
    return {**doc, "status": "pending", "request_status": "pending"}
