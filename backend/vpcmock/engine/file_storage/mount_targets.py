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

GENERIC_INTERFACES = "generic/virtual_network_interfaces"  # the generic engine's table of them


def targets(share: dict) -> list[dict]:
    return list(share.get("mount_targets") or [])


def get(share: dict, ident: str) -> dict:
    found = next((t for t in targets(share) if t["id"] == ident), None)
    if found is None:
        raise not_found("share_mount_target", ident)
    return found


def _existing_interface(ctx: Ctx, identity: dict, target: str) -> tuple[dict, dict, str | None]:
    """(interface reference, subnet, its address if it has one) of an existing virtual network
    interface a mount target is to use: one the generic engine holds
    (`/virtual_network_interfaces`), or one kept as given (ibm_is_virtual_network_interface); it
    names its subnet."""
    ident = identity_id(identity)
    found = ctx.owned(ctx.store.get(GENERIC_INTERFACES, ident or ""))
    if found is not None:
        subnet_id = (found.get("subnet") or {}).get("id")
        name, address = found.get("name"), (found.get("primary_ip") or {}).get("address")
    else:
        kept = ctx.owned(ctx.store.get("stored_resources", ident or ""))
        if kept is None or kept.get("type") != "ibm_is_virtual_network_interface":
            raise ApiError(404, "virtual_network_interface_not_found", f"Virtual network interface {echo(ident)} "
                           "not found", field(target, ident))
        subnet_id = (kept.get("references") or {}).get("subnet") or (kept.get("attributes") or {}).get("subnet")
        name, address = (kept.get("attributes") or {}).get("name"), kept.get("address")
    subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, subnet_id or ""))
    if subnet is None:
        raise ApiError(404, "subnet_not_found", f"The subnet of virtual network interface {echo(ident)} is not "
                       "found", field(target, ident))
    return {"crn": ids.crn(ctx.region, ctx.account, "virtual-network-interface", ident),
            "href": f"/{ctx.region}/v1/virtual_network_interfaces/{ident}", "id": ident,
            "name": name or f"vni-{ident[-8:]}", "resource_type": "virtual_network_interface"}, subnet, address


def _check_transit(share: dict, mode: str, where: str) -> None:
    """ipsec and stunnel need a `security_group` share; the mode is one the share allows."""
    if mode != "none" and share.get("access_control_mode") != "security_group":
        raise bad_field("share_mount_target_transit_encryption_invalid", f"transit_encryption {mode} needs a share "
                        "with access_control_mode security_group", f"{where}transit_encryption", mode)
    allowed = share.get("allowed_transit_encryption_modes") or []
    if mode not in allowed:
        raise bad_field("share_mount_target_transit_encryption_invalid", f"transit_encryption {mode} is not one of "
                        f"the share's allowed_transit_encryption_modes ({', '.join(allowed)})",
                        f"{where}transit_encryption", mode)


def create(ctx: Ctx, share: dict, proto: dict, where: str = "") -> tuple[dict, dict]:
    """(share, mount target). `where` prefixes error targets (`mount_targets[0].` in a share
    prototype)."""
    mode = share.get("access_control_mode", "security_group")
    name = name_for_new(targets(share), proto.get("name"), "share_mount_target_name_duplicate",
                        "A mount target named {name!r} exists on this share", f"{where}name")
    transit = proto.get("transit_encryption") or "none"
    _check_transit(share, transit, where)
    ident = ids.new_id(ctx.region)
    target = {"id": ident, "href": f"{share['href']}/mount_targets/{ident}", "name": name,
              "created_at": rfc3339(ctx.now), "lifecycle_state": "stable", "resource_type": "share_mount_target",
              "access_control_mode": mode, "transit_encryption": transit,
              "access_protocol": proto.get("access_protocol") or "nfs4"}
    if mode == "vpc":
        if proto.get("virtual_network_interface"):
            raise bad_field("share_mount_target_invalid", "A mount target of a share in vpc mode names a vpc, not a "
                            "virtual network interface", f"{where}virtual_network_interface")
        vpc = ctx.owned(ctx.store.get(vpcs.VPCS, identity_id(proto.get("vpc") or {})))
        if vpc is None:
            raise bad_field("vpc_not_found", "A mount target of a share in vpc mode names an existing vpc",
                            f"{where}vpc.id", identity_id(proto.get("vpc") or {}))
        if any((t.get("vpc") or {}).get("id") == vpc["id"] for t in targets(share)):
            raise conflict("share_mount_target_vpc_duplicate", "The share already has a mount target in this VPC")
        target["vpc"] = {k: vpc[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "vpc"}
        target["mount_path"] = f"fsf-{ctx.region}.{share['id'][:8]}.nfs.cloud.ibm.com:/{share['id']}"
    else:
        interface = proto.get("virtual_network_interface") or {}
        if not interface:
            raise bad_field("missing_field", "A mount target of a share in security_group mode names a "
                            "virtual_network_interface", f"{where}virtual_network_interface")
        address = None
        made_here = not any(interface.get(key) for key in ("id", "crn", "href"))
        if not made_here:
            vni, subnet, address = _existing_interface(ctx, interface, f"{where}virtual_network_interface.id")
        else:
            subnet_id = identity_id(interface.get("subnet") or {})
            subnet = ctx.owned(ctx.store.get(vpcs.SUBNETS, subnet_id))
            if subnet is None:
                raise ApiError(404, "subnet_not_found", f"Subnet {echo(subnet_id)} not found",
                               field(f"{where}virtual_network_interface.subnet.id", subnet_id))
            vni_id = ids.new_id(ctx.region)
            vni = {"crn": ids.crn(ctx.region, ctx.account, "virtual-network-interface", vni_id),
                   "href": f"/{ctx.region}/v1/virtual_network_interfaces/{vni_id}", "id": vni_id,
                   "name": interface.get("name") or f"{name}-vni", "resource_type": "virtual_network_interface"}
        if any((t.get("vpc") or {}).get("id") == subnet["vpc"]["id"] for t in targets(share)):
            raise conflict("share_mount_target_vpc_duplicate", "The share already has a mount target in this VPC")
        primary = interface.get("primary_ip") or {}
        if address is None:  # an existing interface keeps its own address
            address = vpcs.allocate_address(ctx, subnet) if primary.get("address") is None else vpcs.reserve_address(
                ctx, subnet, primary["address"], f"{where}virtual_network_interface.primary_ip.address")
        ip_id = primary.get("id") or ids.new_id(ctx.region)
        target.update({
            "vpc": subnet["vpc"],
            "subnet": {k: subnet[k] for k in ("crn", "href", "id", "name")} | {"resource_type": "subnet"},
            "virtual_network_interface": vni,
            "primary_ip": {"address": address, "href": f"{subnet['href']}/reserved_ips/{ip_id}", "id": ip_id,
                           "name": primary.get("name") or f"{name}-ip", "resource_type": "subnet_reserved_ip"},
            "mount_path": f"{address}:/{share['id']}", "_subnet_id": subnet["id"], "_address": address,
        })
        settings = {key: value for key, value in interface.items()
                    if key not in ("id", "crn", "href", "name", "subnet", "primary_ip")}
    share = ctx.store.replace("shares", share, mount_targets=targets(share) + [target])
    if mode != "vpc":  # the interface as /virtual_network_interfaces shows it, targeting the mount target
        from vpcmock.engine.generic.vpc import interfaces
        interfaces.add_mount_target_interface(ctx, share, target, subnet, made=made_here, settings=settings,
                                              where=f"{where}virtual_network_interface")
    return share, target


def rename(ctx: Ctx, share: dict, target: dict, name: str) -> dict:
    check_rename(targets(share), target, name, "share_mount_target_name_duplicate",
                 "A mount target named {name!r} exists on this share")
    changed = {**target, "name": name}
    ctx.store.replace("shares", share, mount_targets=[changed if t["id"] == target["id"] else t for t in targets(share)])
    from vpcmock.engine.generic.vpc import interfaces
    interfaces.rename_mount_target(ctx, changed)
    return changed


def delete(ctx: Ctx, share: dict, target: dict) -> None:
    """The mount target goes; its interface with it when made with it (interfaces.py)."""
    from vpcmock.engine.generic.vpc import interfaces
    interfaces.release_mount_target(ctx, target)
    ctx.store.replace("shares", share, mount_targets=[t for t in targets(share) if t["id"] != target["id"]])


def present(target: dict) -> dict:
    return without_private(target)
