"""Network zones: whether a caller comes from one.

A zone lists addresses, each `ipAddress` (one address), `ipRange` (`first-last`, inclusive),
`subnet` (a CIDR), `vpc` (a VPC's CRN) or `serviceRef` (an IBM service), and `excluded`
addresses (ipAddress, ipRange, subnet) that are never in it, as the CBR API documents.

`vpc`: a caller is from a VPC when its address is in the CIDR of one of that VPC's subnets
(the VPC's own traffic reaches IBM endpoints from its subnets' addresses). The mock holds no
real network, so this is the one way a request can come "from" a VPC; the subnets are read at
the time of the request, so a subnet added later counts at once.

`serviceRef`: matches a call made by an IBM service on its own (the Backup service's work
counts as service `is`), never a client's request: its `service_name` must be the calling
service's and, when given, its `location` the call's region; a `service_instance` names an
instance of a service the mock does not run for such calls, so a ref naming one never matches.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Callable

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Caller:
    """Who makes a request: its source address (None for a service's own call), its endpoint
    type (`public` or `private`), and the IBM service calling on its own (`is`), if one is."""
    address: Address | None
    endpoint_type: str
    service: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Zone:
    id: str
    tests: tuple[Callable[[Caller, "VpcSubnets"], bool], ...]
    excluded: tuple[Callable[[Address], bool], ...]

    def holds(self, caller: Caller, subnets: "VpcSubnets") -> bool:
        if caller.address is not None and any(test(caller.address) for test in self.excluded):
            return False
        return any(test(caller, subnets) for test in self.tests)


VpcSubnets = Callable[[str], list]  # a VPC CRN -> the networks of its subnets


def compile_zone(doc: dict) -> Zone:
    tests = tuple(t for t in (_address_test(a) for a in doc.get("addresses") or ()) if t is not None)
    excluded = tuple(t for t in (_ip_test(a) for a in doc.get("excluded") or ()) if t is not None)
    return Zone(doc["id"], tests, excluded)


def parse_address(text: str | None) -> Address | None:
    try:
        return ipaddress.ip_address(text) if text else None
    except ValueError:
        return None


def _ip_test(address: dict):
    """ipAddress, ipRange or subnet: a test of a client address; None for a value that is not
    one (the CBR API refuses such values; a stored one matches nothing)."""
    kind, value = address.get("type"), address.get("value") or ""
    try:
        if kind == "ipAddress":
            one = ipaddress.ip_address(value)
            return lambda ip: ip == one
        if kind == "ipRange":
            first, _, last = value.partition("-")
            low, high = ipaddress.ip_address(first.strip()), ipaddress.ip_address(last.strip())
            return lambda ip: ip.version == low.version and low <= ip <= high
        if kind == "subnet":
            network = ipaddress.ip_network(value, strict=False)
            return lambda ip: ip.version == network.version and ip in network
    except ValueError:
        return None
    return None


def _address_test(address: dict):
    kind = address.get("type")
    if kind in ("ipAddress", "ipRange", "subnet"):
        test = _ip_test(address)
        return None if test is None else (lambda caller, _subnets: caller.address is not None and test(caller.address))
    if kind == "vpc":
        crn = address.get("value") or ""
        return lambda caller, subnets: caller.address is not None and any(
            caller.address.version == net.version and caller.address in net for net in subnets(crn))
    if kind == "serviceRef":
        ref = address.get("ref") or {}
        name, location, instance = ref.get("service_name"), ref.get("location"), ref.get("service_instance")
        return lambda caller, _subnets: (caller.service is not None and caller.service == name and not instance
                                         and (not location or location == caller.region))
    return None
