"""Addresses the generic engine's resources take: a subnet's private addresses (reserved IPs,
network interfaces, endpoint gateways, load balancers' private IPs), counted with the emulated
engine's in `engine/network/vpcs.py`, and public addresses from the mock's public pool
(floating IPs, public gateways, load balancers' public IPs).

A resource records what it took as `_ips`: [[subnet id, address], ...].
"""

from __future__ import annotations

import hashlib
import weakref

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.generic.collections import TABLE_PREFIX

# The public pool: 52.116.0.0/16 (the shape of IBM's us-south floating IPs), chosen per id.
PUBLIC_POOL = (52, 116)


# The generic tables known to hold addresses (a reserved IP's, a network interface's, a load
# balancer's): only those are read when a subnet counts its addresses (every subnet read does),
# so a state of 10,000 security groups costs a subnet nothing. Found by one pass over a store's
# tables the first time it is asked, then kept as resources take addresses (`holding`); a table
# noted once stays noted (reading one more table is harmless).
_HOLDING: set[str] = set()
_SCANNED: "weakref.WeakSet" = weakref.WeakSet()


def holding(table: str) -> None:
    """Note that `table` holds addresses (a resource of it took one)."""
    _HOLDING.add(table)


def used_in(ctx: Ctx, subnet_id: str) -> list[str]:
    """Every address of `subnet_id` the generic engine's resources hold in this account and region."""
    if ctx.store not in _SCANNED:
        _HOLDING.update(table for table in ctx.store.tables() if table.startswith(TABLE_PREFIX)
                        and any(doc.get("_ips") for doc in ctx.store.all(table).values()))
        _SCANNED.add(ctx.store)
    used = []
    for table in _HOLDING:
        for doc in ctx.partition(table).values():
            for subnet, address in doc.get("_ips") or ():
                if subnet == subnet_id:
                    used.append(address)
    return used


def public(ident: str, index: int = 0) -> str:
    """A public address for the resource `ident` (its `index`th), the same every time it is asked."""
    digest = hashlib.sha256(f"{ident}:{index}".encode()).digest()
    return f"{PUBLIC_POOL[0]}.{PUBLIC_POOL[1]}.{digest[0]}.{1 + digest[1] % 254}"


# Public address ranges come from a pool of their own (52.117.0.0/16), so they never hold a
# floating IP's address; each is the block of its size that holds an address chosen per id.
RANGE_POOL = (52, 117)


def public_range(ident: str, count: int) -> str:
    """The public CIDR block of `count` addresses (a power of two, at most the pool's 65,536) for
    the public address range `ident`, the same every time it is asked."""
    digest = hashlib.sha256(f"{ident}:range".encode()).digest()
    prefix = 32 - (count.bit_length() - 1)
    address = (RANGE_POOL[0] << 24) | (RANGE_POOL[1] << 16) | (digest[0] << 8) | digest[1]
    network = address & ~((1 << (32 - prefix)) - 1) & 0xFFFFFFFF
    return f"{'.'.join(str(network >> shift & 255) for shift in (24, 16, 8, 0))}/{prefix}"

