"""User tags through the Global Tagging API, shared by ibm_is_instance and ibm_resource_tag."""

from __future__ import annotations

from vpcmock_provider.client import ApiError, Client


def attached(client: Client, crn: str) -> list[str]:
    answer = client.tags("GET", "", params={"attached_to": crn, "tag_type": "user"})
    return sorted(item["name"] for item in answer.get("items", []))


def set_tags(client: Client, crn: str, wanted: list[str], current: list[str], report: bool = False) -> list[dict]:
    """Attach and detach so that the resource carries exactly `wanted` (100 at a time). Global
    Tagging answers each call with results, `is_error` true for a resource it could not tag (a
    CRN it does not know): with `report`, those results are answered for the caller to judge;
    otherwise the first such result fails the call (tagging a resource the provider just made)."""
    add = sorted(set(wanted) - set(current))
    remove = sorted(set(current) - set(wanted))
    results = []
    for verb, names in (("/attach", add), ("/detach", remove)):
        for start in range(0, len(names), 100):
            answer = client.tags("POST", verb, {"resources": [{"resource_id": crn}],
                                                "tag_names": names[start:start + 100]}, params={"tag_type": "user"})
            results += answer.get("results") or []
    failed = [result for result in results if result.get("is_error")]
    if failed and not report:
        raise ApiError(400, "tagging_failed", failed[0].get("message") or "tagging failed", "tags")
    return results
