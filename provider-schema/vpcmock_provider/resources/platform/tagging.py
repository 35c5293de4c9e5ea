"""User tags through the Global Tagging API, shared by ibm_is_instance and ibm_resource_tag."""

from __future__ import annotations

from vpcmock_provider.client import Client


def attached(client: Client, crn: str) -> list[str]:
    answer = client.tags("GET", "", params={"attached_to": crn, "tag_type": "user"})
    return sorted(item["name"] for item in answer.get("items", []))


def set_tags(client: Client, crn: str, wanted: list[str], current: list[str]) -> None:
    """Attach and detach so that the resource carries exactly `wanted` (100 at a time)."""
    add = sorted(set(wanted) - set(current))
    remove = sorted(set(current) - set(wanted))
    for verb, names in (("/attach", add), ("/detach", remove)):
        for start in range(0, len(names), 100):
            client.tags("POST", verb, {"resources": [{"resource_id": crn}], "tag_names": names[start:start + 100]},
                        params={"tag_type": "user"})
