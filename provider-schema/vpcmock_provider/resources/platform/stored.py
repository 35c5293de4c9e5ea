"""Every IBM type without in-depth emulation, as a stored resource (backend: /stored_resources).

Create sends the configured attributes; the mock answers with the identity it assigned (id in
the family's format, CRN, href, creation time, resource group) and checks the resources named
(`identity.REFERENCES`). Computed attributes left unknown get plausible values, and the whole
state is stored, so a read returns exactly what was applied and the next plan is empty. Update
replaces the stored attributes (ForceNew changes were planned as replacements); delete refuses
while another resource names this one; import reads by the IBM import id.
"""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client
from vpcmock_provider.fields import Declaration
from vpcmock_provider.resources.platform.identity import api_id, plausible, references, terraform_id

PATH = "/stored_resources"


class StoredResource:
    def __init__(self, declaration: Declaration):
        self.DECLARATION = declaration

    def _attributes(self, values: dict) -> dict:
        """The values to store: every declared attribute (and timeouts), without the id."""
        names = {fld.name for fld in self.DECLARATION.fields} | {"timeouts"}
        return {name: values.get(name) for name in sorted(names) if name != "id" and name in values}

    def create(self, client: Client, planned: dict) -> dict:
        attributes = self._attributes(planned)
        record, _ = client.call("POST", PATH, {"type": self.DECLARATION.type_name, "attributes": attributes,
                                               "references": references(self.DECLARATION, attributes)})
        for fld in self.DECLARATION.fields:
            if fld.name != "id" and fld.computed and attributes.get(fld.name) in (None, [], {}):
                value = plausible(self.DECLARATION, record, fld)
                if value is not None or fld.name not in attributes:
                    attributes[fld.name] = value
        state = {**attributes, "id": terraform_id(self.DECLARATION.type_name, record, attributes)}
        client.call("PATCH", f"{PATH}/{record['id']}", {"attributes": {**attributes, "id": state["id"]},
                                                        "references": references(self.DECLARATION, attributes)})
        return state

    def _record(self, client: Client, ident: str) -> dict | None:
        try:
            record, _ = client.call("GET", f"{PATH}/{api_id(ident)}")
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        return record if record["type"] == self.DECLARATION.type_name else None

    def read(self, client: Client, state: dict) -> dict | None:
        record = self._record(client, state["id"])
        if record is None:
            return None
        return {**record["attributes"], "id": record["attributes"].get("id") or state["id"]}

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        attributes = {**self._attributes(prior), **{k: v for k, v in self._attributes(planned).items()}}
        attributes["id"] = prior["id"]
        client.call("PATCH", f"{PATH}/{api_id(prior['id'])}",
                    {"attributes": attributes, "references": references(self.DECLARATION, attributes)})
        return attributes

    def delete(self, client: Client, state: dict) -> None:
        client.call("DELETE", f"{PATH}/{api_id(state['id'])}")

    def import_(self, client: Client, ident: str) -> dict | None:
        return self.read(client, {"id": ident})
