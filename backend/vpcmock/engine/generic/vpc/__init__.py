"""The generic engine's behaviour of VPC types beyond the table's convention: interfaces and
attachments, bare metal servers, cluster networks, local disks, VPN clients, private path
bindings, a VPC's defaults."""
