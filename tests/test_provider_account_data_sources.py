"""Data sources whose IBM read takes no argument read the caller's account, without Terraform:
its IAM settings, the session's tokens, what it holds of a type; the account id is their id."""

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


def record(type_name: str, ident: str, **attributes) -> dict:
    return {"id": ident, "type": type_name, "attributes": {**attributes, "id": ident},
            "crn": f"crn:v1:bluemix:public:iam::a/{ACCOUNT}::{type_name}:{ident}", "href": f"/v1/x/{ident}",
            "created_at": "2026-01-01T00:00:00Z", "resource_group": {"id": "rg", "name": "Default"}}


def read(type_name: str, client: Account, config: dict | None = None) -> dict:
    return registry.data_source(type_name).read(client, config or {})


def test_account_settings_never_changed_are_iams_defaults_for_the_callers_account():
    settings = read("ibm_iam_account_settings", Account())
    assert {k: v for k, v in settings.items() if k != "entity_tag"} == {
        "id": ACCOUNT, "account_id": ACCOUNT, "restrict_create_service_id": "NOT_SET",
        "restrict_create_platform_apikey": "NOT_SET", "restrict_user_list_visibility": "NOT_RESTRICTED",
        "allowed_ip_addresses": "", "mfa": "NONE", "session_expiration_in_seconds": "NOT_SET",
        "session_invalidation_in_seconds": "NOT_SET", "max_sessions_per_identity": "NOT_SET",
        "system_access_token_expiration_in_seconds": "NOT_SET",
        "system_refresh_token_expiration_in_seconds": "NOT_SET", "user_mfa": [], "restrict_user_domains": []}


def test_account_settings_read_what_an_account_settings_resource_set():
    client = Account(record("ibm_iam_account_settings", ACCOUNT, mfa="LEVEL3", session_expiration_in_seconds="40000"))
    settings = read("ibm_iam_account_settings", client)
    assert (settings["mfa"], settings["session_expiration_in_seconds"], settings["restrict_create_service_id"]) == \
        ("LEVEL3", "40000", "NOT_SET")


def test_the_auth_token_is_the_sessions_iam_tokens():
    assert read("ibm_iam_auth_token", Account()) == {
        "id": ACCOUNT, "iam_access_token": "Bearer access.token", "iam_refresh_token": "refresh.token",
        "uaa_access_token": "", "uaa_refresh_token": ""}


def test_policy_templates_list_the_accounts_templates():
    client = Account(record("ibm_iam_policy_template", "policyTemplate-1", name="backup", version="1"))
    templates = read("ibm_iam_policy_template", client)
    assert (templates["id"], [(t["id"], t["name"], t["version"]) for t in templates["policy_templates"]]) == \
        (ACCOUNT, [("policyTemplate-1", "backup", "1")])


def test_users_of_the_account_are_none_the_mock_keeps_no_users():
    assert read("ibm_iam_users", Account()) == {"id": ACCOUNT, "users": []}
