"""Server settings, from the command line and an optional JSON configuration file.

The configuration file maps API keys to accounts::

    {"default_region": "us-south",
     "accounts": {"<32-hex account id>": {"api_keys": ["key-1", "key-2"]}}}

With no keys configured, any API key is accepted and belongs to the default account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from vpcmock.catalog import REGIONS

DEFAULT_ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
DEFAULT_STATE_PATH = Path(".vpcmock/state.json")


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    default_region: str = "us-south"
    state_path: Path | None = DEFAULT_STATE_PATH  # None: keep state in memory only
    api_keys: dict[str, str] = field(default_factory=dict)  # api key -> account id
    token_ttl_seconds: int = 3600
    scheduler: bool = True  # run due events in the background while the clock is not frozen

    def account_for(self, api_key: str) -> str | None:
        """The account an API key belongs to, or None if keys are configured and this is not one."""
        if not self.api_keys:
            return DEFAULT_ACCOUNT
        return self.api_keys.get(api_key)

    @classmethod
    def from_file(cls, path: str | Path, **overrides) -> "Settings":
        try:
            data = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read configuration {path}: {exc}") from None
        keys = {}
        for account, spec in (data.get("accounts") or {}).items():
            for key in spec.get("api_keys", []):
                keys[key] = account
        settings = cls(default_region=data.get("default_region", "us-south"), api_keys=keys)
        for name, value in overrides.items():
            setattr(settings, name, value)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.default_region not in REGIONS:
            raise ConfigError(f"unknown default region {self.default_region!r}; one of {', '.join(REGIONS)}")
