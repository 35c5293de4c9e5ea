"""Data sources whose IBM read takes no argument read the caller's account, without Terraform:
the session's tokens; the account id is their id."""

from vpcmock_provider import registry

ACCOUNT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


class Account:
    """A client of the account ACCOUNT whose stored resources are `records`."""

    def __init__(self, *records: dict):
        self.records = list(records)

    def account(self) -> str:
        return ACCOUNT

    def tokens(self) -> tuple[str, str]:
        return "access.token", "refresh.token"

    def call(self, method: str, path: str, body=None, *, params=None, **_) -> tuple[dict, dict]:
        assert (method, path) == ("GET", "/stored_resources")
        return {"stored_resources": [r for r in self.records if r["type"] == params["type"]]}, {}


def read(type_name: str, client: Account, config: dict | None = None) -> dict:
    return registry.data_source(type_name).read(client, config or {})


# The account's IAM Identity settings, its users and a user's profile are read through IAM Identity
# and User Management (resources/platform/iam_more_data.py; tests/test_terraform_iam_more.py).


def test_the_auth_token_is_the_sessions_iam_tokens():
    assert read("ibm_iam_auth_token", Account()) == {
        "id": ACCOUNT, "iam_access_token": "Bearer access.token", "iam_refresh_token": "refresh.token",
        "uaa_access_token": "", "uaa_refresh_token": ""}


# The account's policy, role and action control templates are listed through IAM Policy Management
# (resources/platform/iam_templates_data.py; tests/test_terraform_iam_templates.py).
