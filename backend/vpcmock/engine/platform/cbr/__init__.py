"""Context-based restrictions, enforced: which CBR rules cover a request and whether its context
(client address, endpoint type, calling service) satisfies them. The rules and zones are the
documents the generic engine keeps for the CBR API (`/cbr`); this package only reads them.

- `zones.py`: a network zone's addresses (ipAddress, ipRange, subnet, vpc, serviceRef) and
  exclusions, and whether a caller is in a zone;
- `rules.py`: rules and zones compiled once per change, and which rules cover a target;
- `targets.py`: the resource a VPC API request acts on (its resource type, id, tags);
- `decision.py`: the verdict for one request or one service call, and the activity events of it.
"""
