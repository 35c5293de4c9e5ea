"""Hyper Protect Crypto Services' Unified Key Orchestrator against a mock on loopback, called as
the ukov4 Go SDK calls it (its paths, the `UKO-Vault` and `If-Match` headers, its bodies: UKO has
no Python SDK), each answer checked against its model of the `hpcs_uko` table: vaults, key
templates, keystores, managed keys and their states; the table itself, read from the Go SDK."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import requests
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator

from conftest import start_server
from vpcmock import api_table
from vpcmock.engine.generic import service
from vpcmock.http import table_shapes

TOOLS = Path(__file__).resolve().parents[1] / "backend" / "tools" / "api_table"
TABLE = "hpcs_uko"
NOW = "2027-01-31T10:00:00Z"


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    requests.post(f"{srv.url}/mock/clock", json={"to": NOW, "frozen": True}).raise_for_status()
    yield srv
    srv.close()


class Uko:
    """Calls as the Go SDK makes them, at the URL `vpcmock env` gives IBMCLOUD_HPCS_UKO_URL."""

    def __init__(self, server):
        self.url = service.sdk_url(server.url, TABLE) + "/api/v4"
        self.token = IAMAuthenticator("uko-test", url=server.url).token_manager.get_token()

    def call(self, op_id: str, *, vault: str | None = None, etag: str | None = None, path: dict | None = None,
             body=None, params: dict | None = None) -> requests.Response:
        op = api_table.operation(op_id, TABLE)
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if vault is not None:
            headers["UKO-Vault"] = vault
        if etag is not None:
            headers["If-Match"] = etag
        answer = requests.request(op["method"], self.url + op["path"].removeprefix("/api/v4").format(**(path or {})),
                                  json=body, params=params, headers=headers)
        if answer.ok and op["response"]:
            with service.serving(TABLE):
                table_shapes.check(answer.json(), op["response"]["model"])
        return answer

    def ok(self, op_id: str, **kwargs) -> requests.Response:
        answer = self.call(op_id, **kwargs)
        assert answer.status_code == api_table.operation(op_id, TABLE)["status"], (op_id, answer.text)
        return answer

    def vault(self, name: str = "vault") -> dict:
        return self.ok("create_vault", body={"name": name, "description": "keys of the backups"}).json()

    def keystore(self, vault: dict, name: str = "internal", groups=("backup",)) -> dict:
        return self.ok("create_keystore", vault=vault["id"], body={
            "vault": {"id": vault["id"]}, "type": "ibm_cloud_kms", "ibm_variant": "internal", "name": name,
            "groups": list(groups)}).json()

    def template(self, vault: dict, name: str = "aes-backup", state: str = "pre_activation", **key) -> dict:
        return self.ok("create_key_template", vault=vault["id"], body={
            "vault": {"id": vault["id"]}, "name": name, "description": "AES keys of the backups",
            "key": {"algorithm": "aes", "size": "256", "activation_date": "P1M", "expiration_date": "P1Y",
                    "state": state, **key},
            "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]}).json()

    def key(self, vault: dict, template: str = "aes-backup", label: str = "backup-key") -> requests.Response:
        return self.ok("create_managed_key", vault=vault["id"], body={
            "vault": {"id": vault["id"]}, "template_name": template, "label": label})

    def act(self, action: str, vault: dict, key: requests.Response) -> requests.Response:
        return self.call(f"{action}_managed_key", vault=vault["id"], etag=key.headers["ETag"],
                         path={"id": key.json()["id"]})


@pytest.fixture(scope="module")
def uko(server) -> Uko:
    return Uko(server)


def error(answer: requests.Response) -> tuple[int, str]:
    return answer.status_code, answer.json()["errors"][0]["code"]


# -- the table -------------------------------------------------------------------------------------

def load_tool(name: str):
    sys.path.insert(0, str(TOOLS))
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return load_tool("generate")


def test_the_committed_table_is_what_the_go_sdk_gives(generate):
    go_sdk = sys.modules["go_sdk"]
    try:
        source = go_sdk.GoSource.locate(go_sdk.UKO)
    except go_sdk.SourceUnavailable as missing:
        pytest.skip(f"the Go SDK's source is not on this machine, so hpcs_uko.json cannot be regenerated here: "
                    f"{missing}")
    fresh = generate.render(go_sdk.build_table(go_sdk.UKO, source))
    assert fresh == generate.path(TABLE).read_text(encoding="utf-8"), (
        "hpcs_uko.json is stale: run .venv/bin/python backend/tools/api_table/generate.py hpcs_uko")


def test_the_generator_skips_the_table_when_the_source_is_missing(generate, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VPCMOCK_GO_SDK_HPCS_UKO", str(tmp_path / "absent"))
    assert generate.main(["--check", TABLE]) == 0
    assert "hpcs_uko.json skipped, its SDK source is not here" in capsys.readouterr().err


def test_the_table_is_read_from_the_sdk_release_that_sends_uko_vault():
    sdk = api_table.table(TABLE)["sdk"]
    assert {k: sdk[k] for k in ("package", "version", "module", "service", "language")} == {
        "package": "github.com/IBM/ibm-hpcs-uko-sdk", "version": "0.0.20-beta", "module": "ukov4/uko_v4.go",
        "service": "UkoV4", "language": "go"}
    assert len(api_table.operations(TABLE)) == 30
    assert {h["name"]: h["required"] for h in api_table.operation("activate_managed_key", TABLE)["headers"]} == \
        {"UKO-Vault": True, "If-Match": True}


def test_env_points_the_ibm_providers_uko_variable_and_the_sdk_url_at_the_mock(tmp_path):
    from vpcmock_provider.environment import exports
    seen = exports("http://127.0.0.1:9999", tmp_path / "tf")
    assert (seen["IBMCLOUD_HPCS_UKO_URL"], seen["VPCMOCK_HPCS_UKO_URL"]) == (
        "http://127.0.0.1:9999/hpcs/uko", "http://127.0.0.1:9999/hpcs/uko")


# -- vaults and ETags ------------------------------------------------------------------------------

def test_a_vault_is_read_with_its_etag(uko):
    made = uko.ok("create_vault", body={"name": "payments", "description": "card keys"})
    got = uko.ok("get_vault", path={"id": made.json()["id"]})
    assert got.json() == made.json()
    assert got.headers["ETag"] == made.headers["ETag"]
    assert (got.json()["name"], got.json()["description"]) == ("payments", "card keys")


def test_a_change_without_if_match_is_refused_with_428(uko):
    vault = uko.vault()
    answer = uko.call("update_vault", path={"id": vault["id"]}, body={"description": "changed"})
    assert error(answer) == (428, "if_match_required")


def test_a_change_with_a_stale_etag_is_refused_with_412(uko):
    made = uko.ok("create_vault", body={"name": "stale"})
    uko.ok("update_vault", path={"id": made.json()["id"]}, etag=made.headers["ETag"], body={"description": "one"})
    answer = uko.call("update_vault", path={"id": made.json()["id"]}, etag=made.headers["ETag"],
                      body={"description": "two"})
    assert answer.status_code == 412


def test_a_change_with_the_current_etag_answers_a_new_one(uko):
    made = uko.ok("create_vault", body={"name": "current"})
    changed = uko.ok("update_vault", path={"id": made.json()["id"]}, etag=made.headers["ETag"],
                     body={"description": "rotated keys"})
    assert changed.json()["description"] == "rotated keys"
    assert changed.headers["ETag"] != made.headers["ETag"]


def test_vaults_are_listed_with_ukos_paging(uko):
    for name in ("page-a", "page-b", "page-c"):
        uko.vault(name)
    listed = uko.ok("list_vaults", params={"limit": 2, "offset": 0, "name": "page-b"}).json()
    assert [v["name"] for v in listed["vaults"]] == ["page-b"]
    assert (listed["limit"], listed["offset"], listed["total_count"]) == (2, 0, 1)
    every = uko.ok("list_vaults", params={"limit": 1}).json()
    assert every["total_count"] >= 3 and len(every["vaults"]) == 1
    assert "offset=1" in every["next"]["href"] and "previous" not in every


def test_a_vault_holding_templates_is_not_deleted(uko):
    vault = uko.vault()
    uko.template(vault)
    answer = uko.call("delete_vault", path={"id": vault["id"]}, etag="*")
    assert error(answer) == (409, "vault_not_empty")


# -- the UKO-Vault header --------------------------------------------------------------------------

def test_a_template_call_without_uko_vault_is_refused_naming_the_header(uko):
    vault = uko.vault()
    answer = uko.call("create_key_template", body={"vault": {"id": vault["id"]}, "name": "t", "key": {
        "algorithm": "aes", "size": "256", "activation_date": "P1D", "expiration_date": "P1Y", "state": "active"},
        "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]})
    assert error(answer) == (400, "missing_header")
    assert answer.json()["errors"][0]["target"] == {"type": "header", "name": "UKO-Vault"}


def test_an_item_of_another_vault_is_not_found(uko):
    first, second = uko.vault("first"), uko.vault("second")
    template = uko.template(first)
    answer = uko.call("get_key_template", vault=second["id"], path={"id": template["id"]})
    assert error(answer) == (404, "template_not_found")


def test_a_body_naming_another_vault_than_the_header_is_refused(uko):
    first, second = uko.vault("first"), uko.vault("second")
    answer = uko.call("create_keystore", vault=first["id"], body={
        "vault": {"id": second["id"]}, "type": "ibm_cloud_kms", "ibm_variant": "internal", "name": "ks"})
    assert error(answer) == (400, "vault_mismatch")


def test_references_name_the_vault_as_it_is_now(uko):
    made = uko.ok("create_vault", body={"name": "before"})
    template = uko.template(made.json())
    uko.ok("update_vault", path={"id": made.json()["id"]}, etag=made.headers["ETag"], body={"name": "after"})
    got = uko.ok("get_key_template", vault=made.json()["id"], path={"id": template["id"]}).json()
    assert (got["vault"]["id"], got["vault"]["name"]) == (made.json()["id"], "after")
    assert got["vault"]["href"].endswith(f"/hpcs/uko/api/v4/vaults/{made.json()['id']}")


# -- key templates ---------------------------------------------------------------------------------

def test_a_template_name_is_unique_in_its_vault(uko):
    vault = uko.vault()
    uko.template(vault, name="twice")
    answer = uko.call("create_key_template", vault=vault["id"], body={
        "vault": {"id": vault["id"]}, "name": "twice", "key": {"algorithm": "aes", "size": "256",
                                                               "activation_date": "P1D", "expiration_date": "P1Y",
                                                               "state": "active"},
        "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]})
    assert error(answer) == (409, "key_template_name_conflict")


def test_a_key_size_its_algorithm_lacks_is_refused(uko):
    vault = uko.vault()
    answer = uko.call("create_key_template", vault=vault["id"], body={
        "vault": {"id": vault["id"]}, "name": "big", "key": {"algorithm": "aes", "size": "512",
                                                             "activation_date": "P1D", "expiration_date": "P1Y",
                                                             "state": "active"},
        "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]})
    assert error(answer) == (400, "invalid_field_value")
    assert answer.json()["errors"][0]["target"]["name"] == "key.size"


def test_a_date_that_is_not_an_iso_period_is_refused(uko):
    vault = uko.vault()
    answer = uko.call("create_key_template", vault=vault["id"], body={
        "vault": {"id": vault["id"]}, "name": "dated", "key": {"algorithm": "aes", "size": "256",
                                                               "activation_date": "2027-05-01",
                                                               "expiration_date": "P1Y", "state": "active"},
        "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]})
    assert error(answer) == (400, "invalid_field_value")
    assert answer.json()["errors"][0]["target"]["name"] == "key.activation_date"


def test_each_change_of_a_template_counts_a_new_version(uko):
    vault = uko.vault()
    made = uko.ok("create_key_template", vault=vault["id"], body={
        "vault": {"id": vault["id"]}, "name": "versioned", "description": "v1", "key": {
            "algorithm": "aes", "size": "256", "activation_date": "P1D", "expiration_date": "P1Y", "state": "active"},
        "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]})
    assert made.json()["version"] == 1
    changed = uko.ok("update_key_template", vault=vault["id"], etag=made.headers["ETag"],
                     path={"id": made.json()["id"]}, body={"description": "v2"})
    assert (changed.json()["version"], changed.json()["description"]) == (2, "v2")


def test_a_template_a_key_was_made_from_is_not_deleted(uko):
    vault = uko.vault()
    template = uko.template(vault)
    uko.key(vault)
    answer = uko.call("delete_key_template", vault=vault["id"], etag="*", path={"id": template["id"]})
    assert error(answer) == (409, "key_template_in_use")


# -- managed keys ----------------------------------------------------------------------------------

def test_a_managed_key_takes_its_algorithm_size_state_and_dates_from_its_template(uko):
    vault = uko.vault()
    template = uko.template(vault)
    key = uko.key(vault).json()
    assert (key["algorithm"], key["size"], key["state"], key["label"]) == ("aes", "256", "pre_activation",
                                                                           "backup-key")
    # P1M from 2027-01-31 is the last day of February; P1Y from there
    assert (key["activation_date"], key["expiration_date"]) == ("2027-02-28", "2028-02-28")
    assert (key["template"]["id"], key["template"]["name"]) == (template["id"], "aes-backup")


def test_a_managed_key_goes_to_the_keystores_of_its_templates_group_and_type(uko):
    vault = uko.vault()
    inside = uko.keystore(vault, "inside", groups=("backup",))
    uko.keystore(vault, "elsewhere", groups=("payments",))
    uko.template(vault)
    key = uko.key(vault).json()
    assert [(k["id"], k["name"], k["type"]) for k in key["referenced_keystores"]] == \
        [(inside["id"], "inside", "ibm_cloud_kms")]


def test_a_pre_active_key_is_in_no_keystore_until_activated(uko):
    vault = uko.vault()
    uko.keystore(vault)
    uko.template(vault)
    made = uko.key(vault)
    assert made.json()["instances"] == []
    active = uko.act("activate", vault, made)
    assert active.status_code == 200 and active.json()["state"] == "active"
    assert [(i["type"], i["label_in_keystore"], i["keystore"]) for i in active.json()["instances"]] == \
        [("secret_key", "backup-key", {"group": "backup", "type": "ibm_cloud_kms"})]


def test_an_active_key_is_reported_active_in_each_keystore(uko):
    vault = uko.vault()
    keystore = uko.keystore(vault)
    uko.template(vault, state="active")
    key = uko.key(vault).json()
    status = uko.ok("get_key_distribution_status_for_keystores", vault=vault["id"], path={"id": key["id"]}).json()
    assert [(s["keystore"]["id"], s["status"], s["keystore_sync_flag"], s["keystore_sync_flag_detail"],
             s["key_id_in_keystore"]) for s in status["status_in_keystores"]] == \
        [(keystore["id"], "active", "ok", "active_key_is_active_in_keystore", key["instances"][0]["id"])]


def test_a_key_is_deactivated_destroyed_and_then_deleted(uko):
    vault = uko.vault()
    uko.template(vault, state="active")
    key = uko.key(vault)
    deactivated = uko.act("deactivate", vault, key)
    assert deactivated.json()["state"] == "deactivated"
    destroyed = uko.act("destroy", vault, deactivated)
    assert (destroyed.json()["state"], destroyed.json()["instances"]) == ("destroyed", [])
    deleted = uko.call("delete_managed_key", vault=vault["id"], etag=destroyed.headers["ETag"],
                       path={"id": key.json()["id"]})
    assert deleted.status_code == 204
    assert uko.call("get_managed_key", vault=vault["id"], path={"id": key.json()["id"]}).status_code == 404


def test_a_deactivated_key_is_activated_again(uko):
    vault = uko.vault()
    uko.template(vault, state="active")
    deactivated = uko.act("deactivate", vault, uko.key(vault))
    assert uko.act("activate", vault, deactivated).json()["state"] == "active"


def test_an_active_key_is_not_destroyed(uko):
    vault = uko.vault()
    uko.template(vault, state="active")
    answer = uko.act("destroy", vault, uko.key(vault))
    assert error(answer) == (409, "managed_key_state_invalid")


def test_a_pre_active_key_is_not_deactivated(uko):
    vault = uko.vault()
    uko.template(vault)
    answer = uko.act("deactivate", vault, uko.key(vault))
    assert error(answer) == (409, "managed_key_state_invalid")


def test_a_key_not_destroyed_is_not_deleted(uko):
    vault = uko.vault()
    uko.template(vault, state="active")
    key = uko.key(vault)
    answer = uko.call("delete_managed_key", vault=vault["id"], etag=key.headers["ETag"],
                      path={"id": key.json()["id"]})
    assert error(answer) == (409, "managed_key_state_invalid")


def test_an_action_without_if_match_is_refused_with_428(uko):
    vault = uko.vault()
    uko.template(vault)
    key = uko.key(vault).json()
    answer = uko.call("activate_managed_key", vault=vault["id"], path={"id": key["id"]})
    assert error(answer) == (428, "if_match_required")


def test_a_key_of_a_template_the_vault_lacks_is_refused(uko):
    vault = uko.vault()
    answer = uko.call("create_managed_key", vault=vault["id"], body={
        "vault": {"id": vault["id"]}, "template_name": "absent", "label": "k"})
    assert error(answer) == (404, "key_template_not_found")


def test_managed_keys_are_listed_by_vault_and_state(uko):
    vault, other = uko.vault(), uko.vault("other")
    uko.template(vault)
    uko.template(other)
    pre = uko.key(vault, label="pre").json()
    active = uko.act("activate", vault, uko.key(vault, label="active")).json()
    uko.key(other, label="elsewhere")
    listed = uko.ok("list_managed_keys", params={"vault.id": vault["id"], "state": "active"}).json()
    assert [k["id"] for k in listed["managed_keys"]] == [active["id"]]
    both = uko.ok("list_managed_keys", params={"vault.id": vault["id"], "sort": "label"}).json()
    assert [k["id"] for k in both["managed_keys"]] == [active["id"], pre["id"]]


def test_a_keystore_lists_the_keys_distributed_to_it(uko):
    vault = uko.vault()
    keystore = uko.keystore(vault)
    uko.template(vault)
    key = uko.key(vault).json()
    listed = uko.ok("list_managed_keys_from_keystore", vault=vault["id"], path={"id": keystore["id"]}).json()
    assert [k["id"] for k in listed["managed_keys"]] == [key["id"]]


def test_a_keystore_holding_a_key_is_not_deleted(uko):
    vault = uko.vault()
    keystore = uko.keystore(vault)
    uko.template(vault)
    uko.key(vault)
    answer = uko.call("delete_keystore", vault=vault["id"], etag="*", path={"id": keystore["id"]})
    assert error(answer) == (409, "keystore_in_use")


# -- every operation -------------------------------------------------------------------------------

def test_every_operation_of_the_table_answers_its_status_and_model(uko):
    """Each of the table's 30 operations, in an order that makes what it names first."""
    vault = uko.vault("every-op")
    keystore = uko.ok("create_keystore", vault=vault["id"], body={
        "vault": {"id": vault["id"]}, "type": "ibm_cloud_kms", "ibm_variant": "internal", "name": "every-op",
        "groups": ["backup"]})
    called = {"create_vault", "create_keystore"}

    def ok(op_id, **kwargs):
        called.add(op_id)
        return uko.ok(op_id, **kwargs)

    v, ks = vault["id"], keystore.json()["id"]
    template = ok("create_key_template", vault=v, body={
        "vault": {"id": v}, "name": "every-op", "description": "", "key": {
            "algorithm": "aes", "size": "128", "activation_date": "P1D", "expiration_date": "P1Y",
            "state": "pre_activation"}, "keystores": [{"group": "backup", "type": "ibm_cloud_kms"}]})
    t = template.json()["id"]
    key = ok("create_managed_key", vault=v, body={"vault": {"id": v}, "template_name": "every-op", "label": "k"})
    k = key.json()["id"]
    ok("list_vaults")
    ok("get_vault", path={"id": v})
    ok("list_key_templates", params={"vault.id": v})
    ok("get_key_template", vault=v, path={"id": t})
    template = ok("update_key_template", vault=v, etag=template.headers["ETag"], path={"id": t},
                  body={"description": "changed"})
    ok("list_keystores", params={"vault.id": v})
    ok("get_keystore", vault=v, path={"id": ks})
    keystore = ok("update_keystore", vault=v, etag=keystore.headers["ETag"], path={"id": ks},
                  body={"description": "changed"})
    ok("get_keystore_status", vault=v, path={"id": ks})
    ok("list_associated_resources_for_target_keystore", vault=v, path={"id": ks})
    ok("list_managed_keys_from_keystore", vault=v, path={"id": ks})
    ok("list_managed_keys", params={"vault.id": v})
    ok("get_managed_key", vault=v, path={"id": k})
    key = ok("update_managed_key", vault=v, etag=key.headers["ETag"], path={"id": k}, body={"label": "renamed"})
    key = ok("update_managed_key_from_template", vault=v, etag=key.headers["ETag"], path={"id": k})
    ok("sync_managed_key", vault=v, etag=key.headers["ETag"], path={"id": k})
    ok("get_key_distribution_status_for_keystores", vault=v, path={"id": k})
    ok("list_associated_resources_for_managed_key", vault=v, path={"id": k})
    key = ok("activate_managed_key", vault=v, etag=key.headers["ETag"], path={"id": k})
    key = ok("deactivate_managed_key", vault=v, etag=key.headers["ETag"], path={"id": k})
    key = ok("destroy_managed_key", vault=v, etag=key.headers["ETag"], path={"id": k})
    ok("delete_managed_key", vault=v, etag=key.headers["ETag"], path={"id": k})
    ok("delete_key_template", vault=v, etag=template.headers["ETag"], path={"id": t})
    ok("delete_keystore", vault=v, etag=keystore.headers["ETag"], path={"id": ks})
    current = uko.ok("get_vault", path={"id": v})
    ok("update_vault", etag=current.headers["ETag"], path={"id": v}, body={"description": "empty"})
    ok("delete_vault", etag="*", path={"id": v})
    assert called == set(api_table.operations(TABLE))
