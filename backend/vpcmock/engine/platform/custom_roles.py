"""IAM custom roles (IAM Policy Management's `/v2/roles`): what the API checks of a role beyond
its model, and the roles IAM defines itself that a listing shows beside the account's.

A custom role is kept by the generic engine (collection `v2.roles` of the iam_policy_management
table); this module decides what the generic rules cannot say:

- `name` is what policies name it by: a capital letter then up to 29 letters and digits (IAM's
  API reference: "^[A-Z]{1}[A-Za-z0-9]{0,29}$"), unique in the account (409 otherwise);
- `account_id` is the caller's (403 otherwise);
- its CRN is IAM's form for a custom role,
  `crn:v1:bluemix:public:iam-access-management::a/<account>::customRole:<name>`, as the IBM
  provider's ibm_iam_custom_role reads it back;
- a listing answers the account's custom roles (of `service_name` when asked), and IAM's
  platform roles as `system_roles` and, when a service is named, its service roles
  (Reader, Writer, Manager: IAM's documented service access roles) as `service_roles`.
"""

from __future__ import annotations

import re

from vpcmock.engine.core.context import Ctx
from vpcmock.errors import ApiError, conflict, echo, field

NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,29}")
SYSTEM_ROLES = ("Viewer", "Operator", "Editor", "Administrator")
SERVICE_ROLES = ("Reader", "Writer", "Manager")


def check_new(ctx: Ctx, table: str, body: dict) -> None:
    name, account = body.get("name"), body.get("account_id")
    if account != ctx.account:
        raise ApiError(403, "forbidden", f"The token's account is not account {echo(account)}",
                       field("account_id", account))
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ApiError(400, "invalid_role_name", f"name {echo(name)} must be a capital letter then up to 29 letters "
                       "and digits", field("name", name))
    if any(d.get("name") == name for d in ctx.partition(table).values()):
        raise conflict("role_conflict_error", f"A custom role named {echo(name)} exists in the account",
                       field("name", name))


def crn(account: str, name: str) -> str:
    return f"crn:v1:bluemix:public:iam-access-management::a/{account}::customRole:{name}"


def made(ctx: Ctx, table: str, ident: str) -> None:
    """After the generic engine made the role: its CRN in IAM's form."""
    doc = ctx.store.get(table, ident)
    ctx.store.put(table, {**doc, "crn": crn(ctx.account, doc["name"])})


def system_roles() -> list[dict]:
    return [{"display_name": name, "crn": f"crn:v1:bluemix:public:iam::::role:{name}", "actions": [],
             "description": f"IAM's {name} platform role"} for name in SYSTEM_ROLES]


def service_roles(service_name: str | None) -> list[dict]:
    if not service_name:
        return []
    return [{"display_name": name, "crn": f"crn:v1:bluemix:public:iam::::serviceRole:{name}", "actions": [],
             "description": f"IAM's {name} service role of {service_name}"} for name in SERVICE_ROLES]
