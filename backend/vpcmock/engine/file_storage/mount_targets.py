"""Mount targets of a file share (/shares/{id}/mount_targets): how a VPC reaches the share.

A share in `security_group` mode is mounted through a virtual network interface in a subnet (the
interface takes the next free address of the subnet); a share in `vpc` mode names the VPC.
Mount target names are unique on their share; a VPC holds at most one mount target of a share.
"""

from __future__ import annotations

from vpcmock import ids
from vpcmock.engine.core.context import Ctx
from vpcmock.engine.core.names import check_rename, name_for_new
from vpcmock.engine.core.refs import identity_id, without_private
from vpcmock.engine.network import vpcs
from vpcmock.errors import ApiError, bad_field, conflict, echo, field, not_found
from vpcmock.timeutil import rfc3339


def targets(share: dict) -> list[dict]:
    return list(share.get("mount_targets") or [])


def get(share: dict, ident: str) -> dict:
    found = next((t for t in targets(share) if t["id"] == ident), None)
    if found is None:
        raise not_found("share_mount_target", ident)
    return found


def create(ctx: Ctx, share: dict, proto: dict) -> tuple[dict, dict]:
    """(share, mount target)."""
    mode = share.get("access_control_mode", "security_group")
    name = name_for_new(targets(share), proto.get("name"), "share_mount_target_name_duplicate",
                        "A mount target named {name!r} exists on this share")
    ident = ids.new_id(ctx.region)
    target = {"id": ident, "href": f"{share['href']}/mount_targets/{ident}", "name": name,
              "created_at": rfc3339(ctx.now), "lifecycle_state": "stable", "resource_type": "share_mount_target",
              "access_control_mode": mode, "transit_encryption": proto.get("transit_encryption") or "none",
              "access_protocol": "nfs4"}
    if mode == "vpc":
        vpc = ctx.owned(ctx.store.get(vpcs.VPCS, identity_id(proto.get("vpc") or {})))
        if vpc is None:
            raise bad_field("vpc_not_found", "A mount target of a share in vpc mode names an existing vpc",
                            "vpc.id", identity_id(proto.get("vpc") or {}))
        target["vpc"] = {k: vpc[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "vpc"}
        target["mount_path"] = f"fsf-{ctx.region}.{share['id'][:8]}.nfs.cloud.ibm.com:/{share['id']}"
    else:
        interface = proto.get("virtual_network_interface") or {}
        subnet_id = identity_id(interface.get("subnet") or {})
        subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, subnet_id))
        if subnet is None:
            raise ApiError(404, "subnet_not_found", f"Subnet {echo(subnet_id)} not found",
                           field("virtual_network_interface.subnet.id", subnet_id))
        if any((t.get("vpc") or {}).get("id") == subnet["vpc"]["id"] for t in targets(share)):
            raise conflict("share_mount_target_vpc_duplicate", "The share already has a mount target in this VPC")
        address = vpcs.allocate_address(ctx, subnet)
        vni = ids.new_id(ctx.region)
        target.update({
            "vpc": subnet["vpc"], "subnet": {k: subnet[k] for k in ("crn", "href", "id", "name")},
            "virtual_network_interface": {"crn": ids.crn(ctx.region, ctx.account, "virtual-network-interface", vni),
                                          "href": f"/{ctx.region}/v1/virtual_network_interfaces/{vni}", "id": vni,
                                          "name": interface.get("name") or f"{name}-vni",
                                          "resource_type": "virtual_network_interface"},
            "primary_ip": {"address": address, "href": f"{subnet['href']}/reserved_ips/{vni}", "id": vni,
                           "name": f"{name}-ip", "resource_type": "subnet_reserved_ip"},
            "mount_path": f"{address}:/{share['id']}", "_subnet_id": subnet["id"], "_address": address,
        })
    share = ctx.store.replace("shares", share, mount_targets=targets(share) + [target])
    return share, target


def rename(ctx: Ctx, share: dict, target: dict, name: str) -> dict:
    check_rename(targets(share), target, name, "share_mount_target_name_duplicate",
                 "A mount target named {name!r} exists on this share")
    changed = {**target, "name": name}
    ctx.store.replace("shares", share, mount_targets=[changed if t["id"] == target["id"] else t for t in targets(share)])
    return changed


def delete(ctx: Ctx, share: dict, target: dict) -> None:
    ctx.store.replace("shares", share, mount_targets=[t for t in targets(share) if t["id"] != target["id"]])


def present(target: dict) -> dict:
    return without_private(target)
