"""The IBM attributes an emulated API does not carry, kept beside its resource in the mock.

The types emulated in depth map some attributes to API fields (resources/<domain>/<type>.py). The IBM
schema has more: client-side settings (`delete_all_snapshots`, `timeouts`), and fields of the
real API the mock does not model. The real service stores what the provider sends, so these are
kept too: under `<type>.<API id>` in /stored_resources, written on create and update, read
back on read and import, removed on delete. A configuration that sets any of them plans clean.
"""

from __future__ import annotations

from types import ModuleType

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.resources.platform.identity import api_id

PATH = "/stored_resources"


class KeptResource:
    """A resource module of the in-depth emulation, with its other attributes kept."""

    def __init__(self, module: ModuleType):
        self.module = module
        self.DECLARATION = module.DECLARATION
        self._names = [fld.name for fld in self.DECLARATION.fields if fld.name != "id"] + ["timeouts"]

    def _path(self, state: dict) -> str:
        """Kept under `<type>.<API id>`: two types may share an API id (a tag names its resource)."""
        return f"{PATH}/{self.DECLARATION.type_name}.{api_id(state['id'])}"

    def _extras(self, planned: dict, state: dict) -> dict:
        return {name: planned.get(name) for name in self._names if name not in state and name in planned}

    def _keep(self, client: Client, state: dict, extras: dict) -> None:
        """Store the values set (nothing when none is: most resources set none)."""
        if _any_set(extras):
            client.call("PUT", self._path(state),
                        {"type": self.DECLARATION.type_name, "attributes": extras})
        else:
            self._forget(client, state)

    def _forget(self, client: Client, state: dict) -> None:
        try:
            client.call("DELETE", self._path(state))
        except ApiError as exc:
            if exc.status != 404:
                raise

    def _kept(self, client: Client, state: dict) -> dict:
        try:
            record, _ = client.call("GET", self._path(state))
        except ApiError as exc:
            if exc.status == 404:
                return {}
            raise
        return record["attributes"] if record["type"] == self.DECLARATION.type_name else {}

    def create(self, client: Client, planned: dict) -> dict:
        state = self.module.create(client, planned)
        extras = self._extras(planned, state)
        if _any_set(extras):  # nothing to keep, and nothing kept yet to forget
            self._keep(client, state, extras)
        return {**extras, **state}

    def read(self, client: Client, state: dict) -> dict | None:
        current = self.module.read(client, state)
        if current is None:
            return None
        if not _any_set(self._extras(state, current)):
            # A record is written exactly when values are set for it (create, update) and
            # removed when none is: a state with none has none to read. So the refresh of
            # every plan makes one request per resource, as the IBM provider's read does.
            # (Import reads the record whatever the state.)
            return current
        kept = self._kept(client, current)
        return {**{k: v for k, v in kept.items() if k not in current}, **current}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        state = self.module.update(client, prior, planned)
        extras = self._extras(planned, state)
        if _any_set(extras) or _any_set(self._extras(prior, state)):  # something to keep, or to forget
            self._keep(client, state, extras)
        return {**extras, **state}

    def delete(self, client: Client, state: dict) -> None:
        self.module.delete(client, state)
        self._forget(client, state)

    def import_(self, client: Client, ident: str) -> dict | None:
        state = self.module.import_(client, ident)
        if state is None:
            return None
        kept = self._kept(client, state)
        return {**{k: v for k, v in kept.items() if k not in state}, **state}


def _any_set(extras: dict) -> bool:
    return any(value not in (None, [], {}) for value in extras.values())
