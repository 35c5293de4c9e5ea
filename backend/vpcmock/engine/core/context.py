"""What every engine operation needs to know: who asks, where, and when."""

from __future__ import annotations

from datetime import datetime

from vpcmock.engine.core.agenda import Agenda
from vpcmock.store import Store


class Ctx:
    """Immutable by convention (a plain class: the engine makes one per event, so it is kept cheap)."""

    __slots__ = ("store", "account", "region", "now", "agenda", "initiator")

    def __init__(self, store: Store, account: str, region: str, now: datetime, agenda: Agenda,
                 initiator: dict | None = None):
        self.store = store
        self.account = account
        self.region = region
        self.now = now
        self.agenda = agenda
        self.initiator = initiator  # who asks (an API caller); None: the service itself

    def at(self, account: str, region: str, now: datetime | None = None) -> "Ctx":
        """The same engine seen from another account, region or instant."""
        return Ctx(self.store, account, region, now or self.now, self.agenda, self.initiator)

    def schedule(self, table: str, doc: dict, kind: str, when: datetime | None) -> dict:
        return self.agenda.schedule(self.store, table, doc, kind, when)

    def partition(self, table: str) -> dict[str, dict]:
        return self.store.partition(table, self.account, self.region)

    def owned(self, doc: dict | None) -> dict | None:
        """`doc` if it belongs to this account and region, else None (so callers answer 404)."""
        if doc is None or doc.get("_account") != self.account or doc.get("_region") != self.region:
            return None
        return doc

    def stamp(self, doc: dict) -> dict:
        """Mark a new document as owned by this account and region."""
        doc["_account"] = self.account
        doc["_region"] = self.region
        return doc
