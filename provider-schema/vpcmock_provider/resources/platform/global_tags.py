"""`tags` of the platform types the IBM provider tags through Global Tagging, ibm_resource_instance
and ibm_tg_gateway (resource_ibm_resource_instance.go, resource_ibm_tg_gateway.go): after a
create or an update, the user tags attached to the resource's CRN are made the configured ones
(its UpdateTagsUsingCRN: attach what is added, detach what is removed); a read answers the tags
attached to the CRN (GetGlobalTagsUsingCRN, user tags). So a tag attached by another client (an
SDK, `ibm_resource_tag`) shows in the next plan.

The IBM provider's ibm_resource_key, ibm_iam_service_id and ibm_iam_access_group send their
`tags` nowhere (they stay in Terraform's state): here they stay kept beside the resource
(resources/kept.py), so a configuration setting them plans clean as with the IBM provider."""

from __future__ import annotations

from vpcmock_provider.client import Client
from vpcmock_provider.resources.platform import tagging


class GlobalTags:
    """A platform resource handler whose `tags` live in Global Tagging."""

    def __init__(self, inner):
        self.inner = inner
        self.api = inner.api
        self.DECLARATION = inner.DECLARATION
        self.fields = inner.fields
        self.computed = inner.fields["tags"].computed

    def __getattr__(self, name):  # every other part of the handler is the inner one's
        return getattr(self.inner, name)

    def _with_tags(self, client: Client, state: dict | None, prior: dict, importing: bool = False) -> dict | None:
        if not state or not state.get("crn"):
            return state
        attached = tagging.attached(client, state["crn"])
        if attached or importing or self.computed or prior.get("tags") is not None:
            state = {**state, "tags": attached}
        else:
            state = {k: v for k, v in state.items() if k != "tags"}
        return state

    def _sync(self, client: Client, state: dict, wanted) -> None:
        if state.get("crn") and wanted is not None:
            tagging.set_tags(client, state["crn"], sorted(wanted), tagging.attached(client, state["crn"]))

    def create(self, client: Client, planned: dict) -> dict:
        state = self.inner.create(client, planned)
        self._sync(client, state, planned.get("tags"))
        return self._with_tags(client, state, planned)

    def read(self, client: Client, state: dict) -> dict | None:
        return self._with_tags(client, self.inner.read(client, state), state)

    def update(self, client: Client, prior: dict, planned: dict) -> dict:
        state = self.inner.update(client, prior, planned)
        if sorted(planned.get("tags") or []) != sorted(prior.get("tags") or []):
            self._sync(client, state, planned.get("tags") or [])
        return self._with_tags(client, state, planned)

    def delete(self, client: Client, state: dict) -> None:
        self.inner.delete(client, state)

    def import_(self, client: Client, ident: str) -> dict | None:
        return self._with_tags(client, self.inner.import_(client, ident), {}, importing=True)


TAGGED = frozenset({"ibm_resource_instance", "ibm_tg_gateway"})


def through_global_tagging(resources: list) -> list:
    """`resources` with those of TAGGED tagged through Global Tagging."""
    return [GlobalTags(r) if r.api.type_name in TAGGED else r for r in resources]
