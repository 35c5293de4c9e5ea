"""Server settings, from the command line and an optional JSON configuration file.

The configuration file maps API keys to accounts and roles, and may declare an enterprise::

    {"default_region": "us-south",
     "accounts": {"<32-hex account id>": {"api_keys": {"key-1": "Administrator", "key-2": "Viewer"}}},
     "enterprise": {"id": "<id>", "account": "<account id>", "child_accounts": ["<account id>"]}}

(`api_keys` may also be a plain list: Administrators.) With no keys configured, any API key is
accepted and is an Administrator of the default account. See engine/platform/accounts.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from vpcmock.catalog import REGIONS

DEFAULT_ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
DEFAULT_STATE_PATH = Path(".vpcmock/state.json")
IAM_FIELDS = ("accounts", "enterprise")  # the IAM document's fields (engine/platform/accounts.py), as PUT /mock/iam takes it


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    default_region: str = "us-south"
    state_path: Path | None = DEFAULT_STATE_PATH  # None: keep state in memory only
    seed_path: Path | None = None  # start from this saved state (`vpcmock serve --seed`)
    catalogue_path: Path | None = None  # a user catalogue to add to IBM's (`vpcmock serve --catalogue`)
    api_keys: dict[str, str] = field(default_factory=dict)  # api key -> account id (Administrators)
    iam: dict | None = None  # the file's accounts/enterprise document (engine/platform/accounts.py)
    token_ttl_seconds: int = 3600
    scheduler: bool = True  # run due events in the background while the clock is not frozen

    def iam_document(self) -> dict | None:
        """The accounts/keys/enterprise document to start with, or None to keep the state's."""
        if self.iam is not None:
            return self.iam
        if self.api_keys:
            accounts: dict[str, dict] = {}
            for key, account in self.api_keys.items():
                accounts.setdefault(account, {"api_keys": []})["api_keys"].append(key)
            return {"accounts": accounts}
        return None

    @classmethod
    def from_file(cls, path: str | Path, **overrides) -> "Settings":
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read configuration {path}: {exc}") from None
        iam = {k: data[k] for k in IAM_FIELDS if k in data} or None
        settings = cls(default_region=data.get("default_region", "us-south"), iam=iam)
        for name, value in overrides.items():
            setattr(settings, name, value)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.default_region not in REGIONS:
            raise ConfigError(f"unknown default region {self.default_region!r}; one of {', '.join(REGIONS)}")
